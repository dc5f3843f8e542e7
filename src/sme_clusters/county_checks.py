"""The checks of notebook 05 (the county economy): counties counted from the reference table, and the little giants'
county share and the share of county-level units that have one, each on the bases the evidence gives.

Two readings of 'county' run through the notebook: all county-level units (city districts included), and
the counties the article counts (县、市、旗: the units of data/reference/county_units.csv marked as county economy).
"""
from __future__ import annotations

from .labels import SEPARATOR, in_language, phrase
from .shares import bases, share_findings
from .verdicts import Ledger

SHARES = ("county_gdp_share", "county_secondary_share", "county_large_firm_share")


def in_county_economy(units_table):
    return units_table[units_table["in_county_economy"] == "yes"]


def judge_counties(ledger: Ledger, data, reported) -> None:
    """The number of counties, as the sum of the county-economy units; then the three shares of the economy, which only
    reports of the same statement bear on."""
    claims = data.claims
    counties, in_scope = claims.one(metric="counties"), in_county_economy(data.county_units)
    ledger.judge(counties, [ledger.computed(counties, in_scope["units"].sum(),
                                            [f"county_units:{t}" for t in in_scope["unit_type"]] + sorted(set(in_scope["evidence_id"])),
                                            " + ".join(phrase("units_of_type", ledger.lang, units=row["units"], type=in_language(row, "unit_type", ledger.lang).replace("_", " "))
                                                       for _, row in in_scope.iterrows())
                                            + " = " + phrase("counties_how", ledger.lang, total=in_scope["units"].sum()))]
                 + reported(counties))
    for claim in (claims.one(metric=m) for m in SHARES):
        ledger.judge(claim, reported(claim), note=phrase("county_shares_note", ledger.lang), needs=phrase("needs_county_accounts", ledger.lang))


def judge_giant_share(ledger: Ledger, data, statement: str) -> tuple[float, list]:
    """The little giants in counties as a share of all little giants, against MIIT's counts; the national count the
    share implies (with the range its rounding allows). Returns that count and the bases."""
    claims = data.claims
    giants, share = claims.one(metric="county_little_giants"), claims.one(metric="county_little_giant_share")
    half_step = 0.5 * 10 ** -share.decimals
    national = giants.value / (share.value / 100)
    low, high = giants.value / ((share.value + half_step) / 100), giants.value / ((share.value - half_step) / 100)
    giant_bases = bases(share, data.evidence_for(share.claim_id, roles=True), ledger)
    ledger.derive("national_little_giants", statement, national, "enterprises",
                  phrase("national_giants_how", ledger.lang, giants=giants.value, share=share.value, national=national, low=low, high=high,
                         share_low=share.value - half_step, share_high=share.value + half_step,
                         bases=SEPARATOR[ledger.lang].join(b.how for b in giant_bases)),
                  qualifier="about", evidence=(giants.claim_id, share.claim_id))
    ledger.not_checkable(giants, phrase("needs_ccid_counts", ledger.lang))
    ledger.judge(share, share_findings(ledger, share, giants, giant_bases))
    return national, giant_bases


def judge_units_share(ledger: Ledger, data, statements: tuple[str, str]) -> None:
    """The county-level units with a little giant as a share ('1/4') of all units, under both readings of the base; the base
    the share implies, and the little giants per unit that has one (`statements` name the two derived figures)."""
    claims, units_table = data.claims, data.county_units
    units, quarter = claims.one(metric="county_units_with_little_giants"), claims.one(metric="county_units_share")
    giants, counties, in_scope = claims.one(metric="county_little_giants"), claims.one(metric="counties"), in_county_economy(units_table)
    all_units = units_table["units"].sum()
    every, counted = phrase("reading_all_county_units", ledger.lang), phrase("reading_counties_counted", ledger.lang)
    readings = {
        every: (all_units, [f"county_units:{t}" for t in units_table["unit_type"]]),
        counted: (in_scope["units"].sum(), [f"county_units:{t}" for t in in_scope["unit_type"]]),
    }
    findings = [ledger.computed(quarter, units.value / base, [units.claim_id, *evidence], f"{units.value:,.0f} / {base:,.0f} = {units.value / base:.3f}",
                                reading=reading) for reading, (base, evidence) in readings.items()]
    ledger.judge(quarter, findings, supported_reading=counted, why=phrase("why_counties_counted", ledger.lang))
    implied_base = units.value / quarter.value
    ledger.derive("county_base_implied", statements[0], implied_base, "county-level units",
                  phrase("county_base_how", ledger.lang, units=units.value, share=quarter.value, base=implied_base, all_units=all_units,
                         counties=counties.value), qualifier="about", evidence=(units.claim_id, quarter.claim_id))
    ledger.not_checkable(units, phrase("needs_ccid_counts", ledger.lang))
    ledger.derive("little_giants_per_unit", statements[1], giants.value / units.value, "enterprises",
                  f"{giants.value:,.0f} / {units.value:,.0f}", decimals=1, evidence=(giants.claim_id, units.claim_id))
