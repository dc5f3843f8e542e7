"""The checks of notebook 01 (the first list, as the 2024 press conference described it).

The statistics come from one article, for one list: the clusters, their SMEs and output, the four
enterprise tiers and the share they are said to make, and four governance shares. The Chinese reports
of the same answers give the SME count the checks use (the English transcript's differs), so every
figure built on it names those reports as its evidence.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import pandas as pd

from .claims import Claim, Claims
from .labels import LIST_SEPARATOR, count_range, describe_claim, describe_reported, format_quantity, phrase, publisher_shown, share_range
from .qualifiers import added, printed_range
from .verdicts import CLAIMS, Ledger

TIER_METRICS = ("single_champions", "little_giants", "specialised_smes", "innovative_smes")
GOVERNANCE_METRICS = ("leading_industry_output_share", "platform_service_share", "promotion_mechanism_share", "rights_protection_share")
COMPARED = ("smes", "output", *TIER_METRICS, "quality_sme_share")  # the figures a later vintage may report too


@dataclass(frozen=True)
class Statistics:
    """The statistics one article gives for one list."""

    claims: Claims
    scope: str
    article_id: str

    def claim(self, metric: str) -> Claim:
        return self.claims.one(scope=self.scope, article_id=self.article_id, metric=metric)

    @cached_property
    def clusters(self) -> Claim:
        return self.claim("new_clusters")

    @cached_property
    def smes(self) -> Claim:
        return self.claim("smes")

    @cached_property
    def output(self) -> Claim:
        return self.claim("output")

    @cached_property
    def tiers(self) -> list[Claim]:
        return [self.claim(m) for m in TIER_METRICS]

    @cached_property
    def quality_share(self) -> Claim:
        return self.claim("quality_sme_share")

    @cached_property
    def governance(self) -> list[Claim]:
        return [self.claim(m) for m in GOVERNANCE_METRICS]

    @property
    def shown(self) -> list[Claim]:
        return [self.clusters, self.smes, self.output, *self.tiers, self.quality_share, *self.governance]


def statistics_of(claims: Claims, scope: str) -> Statistics:
    """The list's statistics, from the article that gives them; an error naming the scopes that have some otherwise."""
    found = claims.select(scope=scope, topic="first_batch")
    if not found:
        raise LookupError(f"the claims table has no cluster statistics for the {scope}; "
                          f"scopes with statistics: {sorted({c.scope for c in claims.select(topic='first_batch')})}")
    return Statistics(claims, scope, found[0].article_id)


def translation_table(data, ledger: Ledger, shown: list[Claim], lang: str) -> pd.DataFrame:
    """Each figure of the English transcript beside the Chinese reports of the same answer, and whether they agree."""
    original = {c.claim_id: [link for link in data.evidence_for(c.claim_id) if link.relation == "same statement"] for c in shown}
    return pd.DataFrame([{
        "claim": c.claim_id, "transcript (English)": describe_claim(c, lang),
        "reports of the same answer (Chinese)": " / ".join(phrase("quoted_from", lang, quote=link.report.phrase,
                                                                         publisher=publisher_shown(link.report.publisher, lang))
                                                          for link in original[c.claim_id]) or "—",
        "agree": " / ".join(phrase("yes" if f.holds else "no", lang) for f in ledger.linked(c, original[c.claim_id])) or "—",
    } for c in shown])


def derive_ratios(ledger: Ledger, stats: Statistics, base: float, base_qualifier: str, base_evidence: tuple[str, ...],
                  statements: tuple[str, str, str]) -> None:
    """SMEs and output per cluster, and output per SME, on the Chinese reports' SME count (`base`); `statements` name the three."""
    clusters, smes, output, lang = stats.clusters, stats.smes, stats.output, ledger.lang
    per_cluster, output_per_cluster, per_sme = statements
    total = format_quantity(output.value, "yuan", lang)
    ledger.derive("smes_per_cluster", per_cluster, base / clusters.value, "enterprises",
                  phrase("first_batch_smes_per_cluster", lang, base=base, clusters=clusters.value, transcript=smes.value,
                         would=smes.value / clusters.value),
                  qualifier=base_qualifier, evidence=(*base_evidence, clusters.claim_id))
    ledger.derive("output_per_cluster", output_per_cluster, output.value / clusters.value, "yuan",
                  f"{total} / {clusters.value:,.0f}", qualifier=output.qualifier, evidence=(output.claim_id, clusters.claim_id))
    # a floor over a floor is no bound either way (1.8-1.9 trillion over 28,000-29,000 is 62-68 million): only about so much
    approximate = "exact" if output.qualifier == base_qualifier == "exact" else "about"
    ledger.derive("output_per_sme", per_sme, output.value / base, "yuan",
                  phrase("first_batch_output_per_sme", lang, total=total, base=base, transcript=smes.value,
                         would=format_quantity(output.value / smes.value, "yuan", lang)),
                  qualifier=approximate, evidence=(output.claim_id, *base_evidence))


def derive_quality_bounds(ledger: Ledger, tiers: list[Claim], statements: tuple[str, str]) -> tuple[float, float]:
    """The quality SMEs the tiers make: at most their sum (counted apart), at least the largest (nested inside it);
    `statements` name the two."""
    values, ids = [t.value for t in tiers], tuple(t.claim_id for t in tiers)
    most, least = sum(values), max(values)
    ledger.derive("quality_smes_upper", statements[0], most, "enterprises",
                  " + ".join(f"{v:,.0f}" for v in values) + f" = {most:,.0f}", evidence=ids)
    ledger.derive("quality_smes_lower", statements[1], least, "enterprises",
                  phrase("largest_of", ledger.lang, values=LIST_SEPARATOR[ledger.lang].join(f"{v:,.0f}" for v in values)) + f" = {least:,.0f}", evidence=ids)
    return most, least


def judge_quality_share(ledger: Ledger, stats: Statistics, base: float, base_evidence: tuple[str, ...], reported: list, statement: str, *,
                        base_qualifier: str = "exact") -> tuple[float, float]:
    """The tiers' share of the SMEs, on the transcript's count and, under both readings of the tiers, on the reports'
    count (`base`, printed with `base_qualifier`); then the largest enterprise count for which the tiers counted apart
    are over the claimed share, returned as the range the tiers' printed figures allow. On the reports' count each
    share is a range: the count and the tiers are read as their printed figures allow ('2.8万多家': 28,000 to 29,000;
    'around 5,000': 4,500 to 5,500)."""
    share, smes = stats.quality_share, stats.smes
    values, ids = [t.value for t in stats.tiers], tuple(t.claim_id for t in stats.tiers)
    most = sum(values)  # the tiers counted apart, as printed
    findings = [ledger.computed(share, most / smes.value * 100, [smes.claim_id, *ids],
                                f"({' + '.join(f'{v:,.0f}' for v in values)}) / {smes.value:,.0f} = {most / smes.value:.1%}",
                                basis=CLAIMS, unit="percent")]
    on_base = tier_shares(stats.tiers, base, base_qualifier, ledger.lang)
    for reading, shares in on_base.items():
        findings.append(ledger.within(share, shares.low, shares.high, [*base_evidence, *ids], shares.how, basis=CLAIMS,
                                      reading=phrase(f"reading_tiers_{reading}", ledger.lang), unit="percent"))
    ledger.judge(share, findings + reported, supported_reading=phrase("reading_tiers_apart", ledger.lang), why=phrase("why_tiers_apart", ledger.lang))
    apart = on_base["apart"].tiers  # the quality SMEs the tiers counted apart may be
    low, high = (count / (share.value / 100) for count in apart)
    ledger.derive("base_for_quality_share", statement, low, "enterprises",
                  f"{_as_range(*apart, ledger.lang)} / {share.value:g}% = {count_range(low, high, ledger.lang)}",
                  qualifier="exact" if low == high else "between", value_upper=None if low == high else high, evidence=(*ids, share.claim_id))
    return low, high


@dataclass(frozen=True)
class TierShare:
    """The tiers' share of an enterprise count, in per cent, as a range: the count and the tiers read as printed."""

    low: float
    high: float
    how: str
    tiers: tuple[float, float] = (0.0, 0.0)  # the quality SMEs the tiers make under this reading, as a range

    def shown(self, lang: str = "en") -> str:
        return share_range(self.low, self.high, lang)

    def over(self, claimed: float) -> bool | None:
        """Whether the share is over `claimed`: True or False where all of the range says so, else None."""
        return True if self.low > claimed else False if self.high <= claimed else None

    def over_in_words(self, claimed: float, lang: str = "en") -> str:
        """'yes', 'no' or 'cannot say' (是 / 否 / 无法判断)."""
        return phrase({True: "true", False: "false", None: "cannot_say"}[self.over(claimed)], lang)


def tier_shares(tiers: list[Claim], base: float, base_qualifier: str, lang: str = "en") -> dict[str, TierShare]:
    """The tiers' share of `base` (an enterprise count printed with `base_qualifier`) under each reading of the tiers:
    'apart' (the counts add up) and 'nested' (the largest holds the rest). Each figure stands for what it allows as
    printed ('2.8万多家': 28,000 to 29,000; 'around 5,000': 4,500 to 5,500), so each share is a range."""
    ranges = [printed_range(t.value, t.qualifier, t.unit) for t in tiers]
    base_low, base_high = printed_range(base, base_qualifier, "enterprises")
    shares = {}
    lows, highs = zip(*ranges, strict=True)
    for reading, (low, high) in {"apart": added(ranges), "nested": (max(lows), max(highs))}.items():
        share = TierShare(low / base_high * 100, high / base_low * 100, "", (low, high))
        shares[reading] = replace(share, how=f"{_as_range(low, high, lang)} / {_as_range(base_low, base_high, lang)} = {share.shown(lang)}")
    return shares


def _as_range(low: float, high: float, lang: str) -> str:
    """A count that may lie between two values, bracketed for arithmetic: '(28,000–29,000)'; a known one as itself."""
    return f"{low:,.0f}" if low == high else f"({count_range(low, high, lang)})"


def later_vintage(reported_figures: pd.DataFrame, scope: str) -> pd.DataFrame:
    """The same list's figures as a later report gives them (other_reported_figures matched to claim metrics), by metric."""
    return reported_figures[(reported_figures["scope"] == scope) & reported_figures["metric"].notna()].set_index("metric")


def vintage_table(data, stats: Statistics, later: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each compared figure: the transcript's, the Chinese reports', and the later vintage's."""
    from .combined import described_as_said

    claims = {m: stats.claim(m) for m in COMPARED}
    return pd.DataFrame({
        "figure": [claims[m].label(lang) for m in COMPARED],
        phrase("column_transcript_on", lang, date=stats.smes.as_of): [describe_claim(claims[m], lang) for m in COMPARED],
        phrase("column_chinese_reports_on", lang, date=stats.smes.as_of): [described_as_said(claims[m], data.evidence_for(claims[m].claim_id), lang)
                                                                           for m in COMPARED],
        f"{publisher_shown(later['publisher'].iloc[0], lang)} {later['date'].iloc[0]}": [describe_reported(later.loc[m], lang) if m in later.index else "—"
                                                                 for m in COMPARED],
    })


def derive_governance(ledger: Ledger, stats: Statistics, statements: tuple[str, str], lang: str) -> None:
    """What the governance shares imply: the leading industries' output, and the clusters each other share stands for
    (`statements`: the first's name, and a template taking the share's label for the others')."""
    leading, output, clusters = stats.governance[0], stats.output, stats.clusters
    ledger.derive("leading_industry_output", statements[0], leading.value / 100 * output.value, "yuan",
                  f"{leading.value:g}% × {format_quantity(output.value, 'yuan', lang)}", qualifier=output.qualifier,
                  evidence=(leading.claim_id, output.claim_id))
    for claim in stats.governance[1:]:
        ledger.derive(f"{claim.metric}_clusters", statements[1].format(label=claim.label(lang)), claim.value / 100 * clusters.value,
                      "clusters", phrase("share_of_clusters", lang, share=describe_claim(claim, lang), clusters=clusters.value),
                      qualifier=claim.qualifier,
                      evidence=(claim.claim_id, clusters.claim_id))
