"""Checks on a value combined from several linked figures, each figure's part named by its role in
`data/claim_evidence.csv`, so that a notebook types no report id and no figure position:

| role                       | the value set against the claim                                      |
|----------------------------|----------------------------------------------------------------------|
| `addend`                   | the sum of every such figure (the batches of a programme)            |
| `first year`, `last year`  | the length of the period, both ends counted (2023–2025: 3 years)     |
| `ceiling`                  | the most the claim can be, under the reading that it is of the larger whole |

(The roles of a share's base are `shares.py`'s.) Each returns findings for `Ledger.judge`; a role
the claim's links lack gives none.
"""
from __future__ import annotations

from .claims import Claim
from .evidence import Link
from .schemas import ADDEND, CEILING, FIRST_YEAR, LAST_YEAR
from .labels import SEPARATOR, count_with_range, phrase, term
from .qualifiers import added, printed_range
from .verdicts import Finding, Ledger


def _with(links: list[Link], role: str) -> list[Link]:
    return [link for link in links if link.role == role]


def _later(ledger: Ledger, claim: Claim, links: list[Link]) -> str:
    return SEPARATOR[ledger.lang].join(filter(None, dict.fromkeys(ledger.later(claim, link.report) for link in links)))


def sum_of_addends(ledger: Ledger, claim: Claim, links: list[Link]) -> list[Finding]:
    """The claim against the sum of its `addend` figures: 66 cities in two batches + about 34 in the third = 100."""
    parts = _with(links, ADDEND)
    if not parts:
        return []
    total = sum(link.value for link in parts)
    # each addend stands for what its printed figure allows ('about 34': 31 to 37), so the sum may be a range
    low, high = added(printed_range(link.printed.value, link.printed.qualifier, link.printed.unit) for link in parts)
    how = " + ".join(phrase("addend", ledger.lang, value=link.value, evidence=link.report.evidence_id,
                            qualifier="" if link.printed.qualifier == "exact" else term("qualifier", link.printed.qualifier, ledger.lang)).strip()
                     for link in parts) + f" = {count_with_range(total, low, high, ledger.lang)}"
    return [ledger.within(claim, low, high, [link.report.evidence_id for link in parts], how, later=_later(ledger, claim, parts))]


def period_length(ledger: Ledger, claim: Claim, links: list[Link]) -> list[Finding]:
    """The claim against the length of a period whose ends a report gives: 2023–2025 is 3 years."""
    firsts, lasts = _with(links, FIRST_YEAR), _with(links, LAST_YEAR)
    if len(firsts) != len(lasts):
        raise LookupError(f"{claim.claim_id}: data/claim_evidence.csv gives {len(firsts)} '{FIRST_YEAR}' and {len(lasts)} "
                          f"'{LAST_YEAR}' figures; each period needs both")
    findings = []
    for first, last in zip(firsts, lasts, strict=True):
        years = int(last.value) - int(first.value) + 1
        findings.append(ledger.computed(claim, years, list(dict.fromkeys((first.report.evidence_id, last.report.evidence_id))),
                                        phrase("period_how", ledger.lang, cite=first.report.cite(ledger.lang), first=first.value,
                                               last=last.value, years=years),
                                        later=_later(ledger, claim, [first, last])))
    return findings


def under_ceilings(ledger: Ledger, claim: Claim, links: list[Link], reading: str) -> list[Finding]:
    """The claim read as a share of the larger whole: at most each `ceiling` figure (a part can be no more than the whole it is in)."""
    return [ledger.computed(claim, link.value, [link.report.evidence_id],
                            phrase("ceiling_how", ledger.lang, value=link.value, cite=link.report.cite(ledger.lang)), unit="percent",
                            reading=reading, later=_later(ledger, claim, [link]))
            for link in _with(links, CEILING)]


def what_was_said(claim: Claim, links: list[Link]) -> list[Link]:
    """The reports of the very statement the claim reports (relation `same statement`), which must agree on its figure."""
    said = [link for link in links if link.relation == "same statement"]
    printed = {(link.printed.value, link.printed.qualifier) for link in said}
    if len(printed) > 1:
        raise ValueError(f"{claim.claim_id}: the reports of the same statement print different figures: "
                         + "; ".join(f"{link.report.evidence_id} {link.report.phrase}" for link in said))
    return said


def described_as_said(claim: Claim, links: list[Link], lang: str = "en") -> str:
    """What the reports of the same statement print for the claim ('over 28,000 enterprises'), or '—' when none does."""
    from .labels import describe_value

    said = what_was_said(claim, links)
    if not said:
        return "—"
    printed = said[0].printed  # they agree (what_was_said checks): any one will do
    return describe_value(float(printed.value), printed.unit, printed.qualifier, lang)
