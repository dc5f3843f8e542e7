"""The checks of notebook 06 (services, the digital pilot, the Baiyun case, the economy and the articles' own text).

Each function judges one section's claims from the evidence data/claim_evidence.csv links to them
(`reported(claim)` gives the findings of the reports set against a claim) and records what it
derives; the notebook shows the tables and states the finding.
"""
from __future__ import annotations

from .labels import SEPARATOR, in_language, phrase, publisher_shown, quoted
from .claims import period_end
from .combined import period_length, sum_of_addends, under_ceilings
from .enumerations import enumerated_count, listed_items, paragraph_with
from .shares import bases, share_findings
from .verdicts import CLAIMS, Ledger


def judge_pilot(ledger: Ledger, data, reported, statements: tuple[str, str, str]) -> None:
    """The pilot's cities (the sum of its batches), SMEs and years (its plan's span); then the SMEs per city, per year and
    per city and year, if spread evenly (`statements` name the three)."""
    claims = data.claims
    cities, smes, years = (claims.one(metric=m) for m in ("pilot_cities", "pilot_smes", "pilot_years"))
    ledger.judge(cities, sum_of_addends(ledger, cities, data.evidence_for(cities.claim_id, roles=True)) + reported(cities))
    ledger.judge(smes, reported(smes), needs=phrase("needs_pilot_plan", ledger.lang))
    ledger.judge(years, period_length(ledger, years, data.evidence_for(years.claim_id, roles=True)), needs=phrase("needs_pilot_plan", ledger.lang))
    per_city, per_year, per_city_year = statements
    ledger.derive("pilot_smes_per_city", per_city, smes.value / cities.value, "enterprises",
                  f"{smes.value:,.0f} / {cities.value:,.0f}", evidence=(smes.claim_id, cities.claim_id))
    ledger.derive("pilot_smes_per_year", per_year, smes.value / years.value, "enterprises",
                  f"{smes.value:,.0f} / {years.value:,.0f}", evidence=(smes.claim_id, years.claim_id))
    ledger.derive("pilot_smes_per_city_year", per_city_year, smes.value / cities.value / years.value, "enterprises",
                  f"{smes.value:,.0f} / {cities.value:,.0f} / {years.value:,.0f}", evidence=(smes.claim_id, cities.claim_id, years.claim_id))


def judge_baiyun(ledger: Ledger, data, reported, statement: str) -> dict:
    """Baiyun's producers, and its shares of Guangdong's and China's against every total the evidence gives; then the share
    of China's producers in Guangdong that the two imply. Returns each share's bases."""
    claims = data.claims
    producers = claims.one(metric="licensed_producers")
    national, provincial = claims.one(metric="share_of_national_producers"), claims.one(metric="share_of_provincial_producers")
    ledger.judge(producers, reported(producers),
                 needs=phrase("needs_baiyun_count", ledger.lang))
    bases_of = {share: bases(share, data.evidence_for(share.claim_id, roles=True), ledger) for share in (national, provincial)}
    for share, note in ((national, phrase("baiyun_national_note", ledger.lang)), (provincial, phrase("baiyun_provincial_note", ledger.lang))):
        ledger.judge(share, share_findings(ledger, share, producers, bases_of[share]) + reported(share), note=note,
                     needs=phrase("needs_baiyun_share", ledger.lang))
    ledger.derive("guangdong_share_of_china", statement, national.value / provincial.value * 100, "percent",
                  f"{national.value:g}% / {provincial.value:g}% = {national.value / provincial.value:.1%}",
                  decimals=1, qualifier="about", evidence=(national.claim_id, provincial.claim_id))
    return bases_of


def judge_economy(ledger: Ledger, data, reported) -> None:
    """The years since reform and opening-up began (an outside fact), the traditional industries' contribution under both
    readings, and the two provincial claims nothing the project holds decides."""
    claims = data.claims
    reform = claims.one(metric="years_since_reform")
    start = data.fact("reform_opening_start")
    years_since = period_end(reform.as_of).year - start["value"]
    ledger.judge(reform, [ledger.computed(reform, years_since, ["fact:reform_opening_start"],
                                          f"{period_end(reform.as_of).year} − {start['value']:.0f} = {years_since:.0f} ({in_language(start, 'source', ledger.lang)})")])
    traditional = claims.one(metric="traditional_industry_contribution")
    of_manufacturing, of_economy = phrase("reading_share_of_manufacturing", ledger.lang), phrase("reading_share_of_economy", ledger.lang)
    as_said = reported(traditional, reading=of_manufacturing)
    as_written = under_ceilings(ledger, traditional, data.evidence_for(traditional.claim_id, roles=True), reading=of_economy)
    ledger.judge(traditional, as_said + as_written, supported_reading=of_economy, why=phrase("why_share_of_economy", ledger.lang),
                 note=phrase("traditional_note", ledger.lang))
    ledger.not_checkable(claims.one(metric="provinces_with_targets"), phrase("needs_provincial_targets", ledger.lang))
    ledger.not_checkable(claims.one(metric="plan_years"), phrase("needs_provincial_rules", ledger.lang))


def named_after_including(named: int, counted: float) -> bool | None:
    """Whether the items named after 'including' bear out a count: all of them do, more contradict it, and fewer say
    nothing ('including' need not name them all)."""
    return True if named == counted else False if named > counted else None


def judge_enumerations(ledger: Ledger, data, reported) -> None:
    """The counts the articles give of what they list ('four aspects'): the ordinals of the passage, or the items it names."""
    claims, texts = data.claims, data.article_texts
    for claim in (claims.one(metric="effects"), claims.one(metric="precisions")):
        count, markers = enumerated_count(paragraph_with(texts[claim.article_id], claim.quote))
        ledger.judge(claim, [ledger.computed(claim, count, [claim.article_id],
                                             phrase("passage_enumerates", ledger.lang, count=count, markers=quoted(markers, ledger.lang)), basis=CLAIMS)])
    six = claims.one(metric="aspects")
    aspects = listed_items(six.quote, "including", ", to foster")
    named_all = ledger.finding(named_after_including(len(aspects), six.value), [six.article_id], phrase("named_count", ledger.lang, count=len(aspects)),
                               phrase("including_names", ledger.lang, count=len(aspects), items=quoted(aspects, ledger.lang)), basis=CLAIMS)
    enumerated = [(link.report, *enumerated_count(link.report.phrase_as_printed)) for link in data.evidence_for(six.claim_id)
                  if link.relation == "independent"]
    ledger.judge(six, [named_all, *reported(six)],
                 note=SEPARATOR[ledger.lang].join(phrase("report_enumerates", ledger.lang, publisher=publisher_shown(report.publisher, ledger.lang),
                                                         count=count, markers=quoted(markers, ledger.lang)) for report, count, markers in enumerated)
                 + phrase("aspects_note", ledger.lang))


def judge_services(ledger: Ledger, claims, reported, needs: dict[str, str]) -> None:
    """The claims about services against the reports linked to them. What would decide each is `needs` for its metric,
    else (a claim of another metric, a new article's) a source independent of the speaker."""
    for claim in claims.select(topic="services"):
        ledger.judge(claim, reported(claim), needs=needs.get(claim.metric, phrase("needs_independent_source", ledger.lang)))
