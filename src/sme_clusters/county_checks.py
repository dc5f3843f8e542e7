"""The checks of notebook 05 (the county economy): counties counted from the reference table, and the little giants'
county share and the share of county-level units that have one, each on the bases the evidence gives.

Two readings of 'county' run through the notebook: all county-level units (city districts included), and
the counties the article counts (县、市、旗: the units of data/reference/county_units.csv marked as county economy).
"""
from __future__ import annotations

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
                                            " + ".join(f"{u:,.0f} {t}" for t, u in zip(in_scope["unit_type_zh"], in_scope["units"], strict=False))
                                            + f" = {in_scope['units'].sum():,.0f} (county-level units without city districts, end of 2023)")]
                 + reported(counties))
    for claim in (claims.one(metric=m) for m in SHARES):
        ledger.judge(claim, reported(claim), note="the report credits CCID's president (张立), the article 'MIIT data'",
                     needs="national accounts by county")


def judge_giant_share(ledger: Ledger, data, statement: str) -> tuple[float, list]:
    """The little giants in counties as a share of all little giants, against MIIT's counts; the national count the
    share implies (with the range its rounding allows). Returns that count and the bases."""
    claims = data.claims
    giants, share = claims.one(metric="county_little_giants"), claims.one(metric="county_little_giant_share")
    half_step = 0.5 * 10 ** -share.decimals
    national = giants.value / (share.value / 100)
    low, high = giants.value / ((share.value + half_step) / 100), giants.value / ((share.value - half_step) / 100)
    giant_bases = bases(share, data.evidence_for(share.claim_id, roles=True), ledger)
    ledger.derive("national_little_giants", statement, national, "enterprises", f"{giants.value:,.0f} / {share.value}% = {national:,.0f} "
                  f"(between {low:,.0f} and {high:,.0f} for a share of {share.value - half_step:.2f}–{share.value + half_step:.2f}%); "
                  f"MIIT's counts: " + "; ".join(b.how for b in giant_bases), qualifier="about", evidence=(giants.claim_id, share.claim_id))
    ledger.not_checkable(giants, "CCID's count of little giants by county")
    ledger.judge(share, share_findings(ledger, share, giants, giant_bases))
    return national, giant_bases


def judge_units_share(ledger: Ledger, data, statements: tuple[str, str]) -> None:
    """The county-level units with a little giant as a share ('1/4') of all units, under both readings of the base; the base
    the share implies, and the little giants per unit that has one (`statements` name the two derived figures)."""
    claims, units_table = data.claims, data.county_units
    units, quarter = claims.one(metric="county_units_with_little_giants"), claims.one(metric="county_units_share")
    giants, counties, in_scope = claims.one(metric="county_little_giants"), claims.one(metric="counties"), in_county_economy(units_table)
    all_units = units_table["units"].sum()
    readings = {
        "all county-level units, districts included": (all_units, [f"county_units:{t}" for t in units_table["unit_type"]]),
        "the counties (县、市、旗) the article counts": (in_scope["units"].sum(), [f"county_units:{t}" for t in in_scope["unit_type"]]),
    }
    findings = [ledger.computed(quarter, units.value / base, [units.claim_id, *evidence], f"{units.value:,.0f} / {base:,.0f} = {units.value / base:.3f}",
                                reading=reading) for reading, (base, evidence) in readings.items()]
    ledger.judge(quarter, findings, supported_reading="the counties (县、市、旗) the article counts",
                 why="全国县域总数 is the count of 县域, which the article puts at 1,865; only 县级行政区 (769 of them) suggests the larger base")
    implied_base = units.value / quarter.value
    ledger.derive("county_base_implied", statements[0], implied_base, "county-level units",
                  f"{units.value:,.0f} / {quarter.value:g} = {implied_base:,.0f}; all county-level units: {all_units:,.0f}; "
                  f"counties: {counties.value:,.0f}", qualifier="about", evidence=(units.claim_id, quarter.claim_id))
    ledger.not_checkable(units, "CCID's count of little giants by county")
    ledger.derive("little_giants_per_unit", statements[1], giants.value / units.value, "enterprises",
                  f"{giants.value:,.0f} / {units.value:,.0f}", decimals=1, evidence=(giants.claim_id, units.claim_id))
