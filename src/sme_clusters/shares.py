"""Shares: a part the article gives, set against every base the evidence holds for it.

A share such as "1,253 producers, about 25% of China's" can be checked against more than one
national total: the regulator's count at the end of 2023, and the total that a province's count
and its stated share of China imply. `data/claim_evidence.csv` says which report figure is which
(its `role` column); this module turns them into bases, and each base into one finding, so the
verdict weighs them all and none is picked by hand:

| role             | the base it gives                                                         |
|------------------|---------------------------------------------------------------------------|
| `whole`          | the figure itself                                                         |
| `summed whole`   | the sum of every such figure of the claim (batches announced apart)       |
| `part of whole`  | with `share of whole` from the same report: part / share                  |

A base from a report linked as `context` (another date, printed after the article) is shown but
does not decide. Each printed figure stands for the values it allows (qualifiers.printed_range: "约56%" is
about 56%, "2.8万多家" 28,000 to 29,000; a plain number is itself), so a base, and a share of it, may be a range,
which decides only where all of it falls inside, or outside, what the claim allows.
"""
from __future__ import annotations

from dataclasses import dataclass

from .claims import Claim
from .evidence import Link
from .schemas import PART_OF_WHOLE, SHARE_OF_WHOLE, SUMMED_WHOLE, WHOLE
from .labels import SEPARATOR, count_range, count_with_range, phrase, share_range, term
from .qualifiers import added, printed_range
from .verdicts import Finding, Ledger


@dataclass(frozen=True)
class Base:
    """One total a share can be of, with the evidence it comes from."""

    value: float
    evidence: tuple[str, ...]
    how: str  # '5,722 (nmpa-2023-cosmetics-producers, 2023-12-31)'
    as_of: str  # the date the total refers to (the latest of its parts)
    decides: bool = True
    later: str = ""
    kind: str = "count"  # 'count': one reported total; 'sum': reported figures added up here; 'implied': a part over its share
    low: float | None = None  # the range its printed figures allow (None: the value itself)
    high: float | None = None
    printed: str = ""  # a total one report prints, as it prints it ('about 12,000' / '约12,000')

    def shown(self, lang: str = "en") -> str:
        """The base as a chart labels it: as printed, else its value, or the range its printed figures allow."""
        if self.printed:
            return self.printed
        return count_range(*self.span, lang)

    @property
    def span(self) -> tuple[float, float]:
        return (self.value, self.value) if self.low is None else (self.low, self.high)

    def label(self, lang: str) -> str:
        """What the base is, for a chart: a total some report printed, or one this project made from reported figures
        (a sum of batches is no count anyone reported, and a chart must not call it one)."""
        return phrase(f"base_{self.kind}", lang, as_of=self.as_of)


def _cited(link: Link, lang: str) -> str:
    return f"{_as_printed(link, lang)} ({link.report.evidence_id}, {link.report.as_of})"


def bases(claim: Claim, links: list[Link], ledger: Ledger) -> list[Base]:
    """Every base the linked figures give for the claim's share, in the order of the links."""
    found: list[Base] = []

    def base(value: float, span: tuple[float, float], used: list[Link], how: str, kind: str = "count", printed: str = "") -> Base:
        later = SEPARATOR[ledger.lang].join(filter(None, (ledger.later(claim, link.report) for link in used)))
        low, high = span
        exact = low == high == value
        return Base(value, tuple(dict.fromkeys(link.report.evidence_id for link in used)), how,
                    max(link.report.as_of for link in used), all(link.relation != "context" for link in used), later, kind,
                    None if exact else low, None if exact else high, printed)

    summed = [link for link in links if link.role == SUMMED_WHOLE]
    for link in links:
        if link.role == WHOLE:
            found.append(base(link.value, _printed(link), [link], _cited(link, ledger.lang), printed=_as_printed(link, ledger.lang)))
        elif link.role == SUMMED_WHOLE and link is summed[0]:
            total = sum(part.value for part in summed)
            span = added(_printed(part) for part in summed)
            found.append(base(total, span, summed, " + ".join(_cited(part, ledger.lang) for part in summed) + f" = {count_with_range(total, *span, ledger.lang)}", "sum"))
        elif link.role == PART_OF_WHOLE:
            share = _share_for(claim, link, links)
            total = link.value / share.value * 100
            (part_low, part_high), (share_low, share_high) = _printed(link), _printed(share)
            span = (part_low / share_high * 100, part_high / share_low * 100)
            found.append(base(total, span, [link, share], f"({_as_printed(link, ledger.lang)} / {_as_printed(share, ledger.lang)} = {count_with_range(total, *span, ledger.lang)}; "
                                                          f"{link.report.evidence_id}, {link.report.as_of})", "implied"))
    return found


def _printed(link: Link) -> tuple[float, float]:
    return printed_range(link.printed.value, link.printed.qualifier, link.printed.unit)


def _as_printed(link: Link, lang: str) -> str:
    """A figure in arithmetic with its qualifier, as the run's language writes it: '3,100', 'about 56%' / '约56%'."""
    number = f"{link.value:g}%" if link.printed.unit == "percent" else f"{link.value:,.0f}"
    qualifier = link.printed.qualifier
    if qualifier == "exact":
        return number
    return f"{term('qualifier', qualifier, 'zh')}{number}" if lang == "zh" else f"{term('qualifier', qualifier)} {number}"


def _share_for(claim: Claim, part: Link, links: list[Link]) -> Link:
    shares = [link for link in links if link.role == SHARE_OF_WHOLE and link.report is part.report]
    if len(shares) != 1:
        raise LookupError(f"{claim.claim_id}: the '{PART_OF_WHOLE}' figure of {part.report.evidence_id} needs one "
                          f"'{SHARE_OF_WHOLE}' figure of the same report in data/claim_evidence.csv; found {len(shares)}")
    return shares[0]


def share_findings(ledger: Ledger, claim: Claim, part: Claim, of: list[Base]) -> list[Finding]:
    """The claim's share, `part` over each base, as findings: every base weighed, none chosen."""
    if not of:
        raise LookupError(f"{claim.claim_id}: no base for the share in data/claim_evidence.csv (a link with a role)")
    part_low, part_high = printed_range(part.value, part.qualifier, part.unit)
    findings = []
    for b in of:
        low, high = part_low / b.span[1] * 100, part_high / b.span[0] * 100
        how = f"{part.value:,.0f} / {f'({b.how})' if ' + ' in b.how else b.how} = {share_range(low, high, ledger.lang)}"
        findings.append(ledger.within(claim, low, high, [part.claim_id, *b.evidence], how, unit="percent", decides=b.decides, later=b.later))
    return findings


def share_span(part: float, of: list[Base]) -> tuple[float, float]:
    """The lowest and highest share (a fraction) that `part` can be of these bases, each taken over the range its
    printed figures allow: what a chart's title may state."""
    return min(part / b.span[1] for b in of), max(part / b.span[0] for b in of)
