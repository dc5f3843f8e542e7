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
does not decide.
"""
from __future__ import annotations

from dataclasses import dataclass

from .claims import Claim
from .evidence import Link
from .schemas import PART_OF_WHOLE, SHARE_OF_WHOLE, SUMMED_WHOLE, WHOLE
from .labels import SEPARATOR, phrase
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

    def label(self, lang: str) -> str:
        """What the base is, for a chart: a total some report printed, or one this project made from reported figures
        (a sum of batches is no count anyone reported, and a chart must not call it one)."""
        return phrase(f"base_{self.kind}", lang, as_of=self.as_of)


def _cited(link: Link) -> str:
    return f"{link.value:,.0f} ({link.report.evidence_id}, {link.report.as_of})"


def bases(claim: Claim, links: list[Link], ledger: Ledger) -> list[Base]:
    """Every base the linked figures give for the claim's share, in the order of the links."""
    found: list[Base] = []

    def base(value: float, used: list[Link], how: str, kind: str = "count") -> Base:
        later = SEPARATOR[ledger.lang].join(filter(None, (ledger.later(claim, link.report) for link in used)))
        return Base(value, tuple(dict.fromkeys(link.report.evidence_id for link in used)), how,
                    max(link.report.as_of for link in used), all(link.relation != "context" for link in used), later, kind)

    summed = [link for link in links if link.role == SUMMED_WHOLE]
    for link in links:
        if link.role == WHOLE:
            found.append(base(link.value, [link], _cited(link)))
        elif link.role == SUMMED_WHOLE and link is summed[0]:
            total = sum(part.value for part in summed)
            found.append(base(total, summed, " + ".join(_cited(part) for part in summed) + f" = {total:,.0f}", "sum"))
        elif link.role == PART_OF_WHOLE:
            share = _share_for(claim, link, links)
            total = link.value / share.value * 100
            found.append(base(total, [link, share], f"({link.value:,.0f} / {share.value:g}% = {total:,.0f}; "
                                                    f"{link.report.evidence_id}, {link.report.as_of})", "implied"))
    return found


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
    return [ledger.computed(claim, part.value / b.value * 100, [part.claim_id, *b.evidence],
                           f"{part.value:,.0f} / {f'({b.how})' if ' + ' in b.how else b.how} = {part.value / b.value:.1%}", unit="percent",
                           decides=b.decides, later=b.later)
            for b in of]
