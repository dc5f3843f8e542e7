"""The checks of notebook 02 (the lists and their counts), as functions that return findings for `Ledger.judge`.

Which lists a count covers is decided by dates: a claim speaks of the lists published by its date
(`lists_covered`), never of a later one, so adding a year changes no verdict on an earlier article.
A cumulative count is set against the notices' counts of those lists, as reports give them, and
against the articles' own counts; a list's official count against the report of its notice, and
against what the latest cumulative total implies once the other lists are taken off.
"""
from __future__ import annotations

from .claims import Claim, period_end
from .verdicts import CLAIMS, Finding, Ledger


def count_claim(data, year: int) -> str:
    """The article claim that states a list's count ('' if no article does)."""
    return data.batches.loc[year, "count_claim_id"]


def lists_covered(data, claim: Claim, years: list[int]) -> list[int] | None:
    """The lists of this run published by the claim's date; None when the claim speaks of a list after the run's last."""
    published = data.lists_published_by(period_end(claim.as_of))
    if any(y > max(years) for y in published):
        return None
    return [y for y in published if y in years]


def from_notices(ledger: Ledger, data, claim: Claim, included: list[int]) -> list[Finding]:
    """The claim against the sum of the notices' counts (as reports give them) of the lists it covers."""
    if not included:
        return []
    value = sum(data.official_count(y) for y in included)
    how = " + ".join(f"{data.official_count(y):,.0f} ({y} list, {data.batches.loc[y, 'count_evidence']})" for y in included)
    return [ledger.computed(claim, value, [data.batches.loc[y, "count_evidence"] for y in included], f"{how} = {value:,.0f}")]


def from_articles(ledger: Ledger, data, claim: Claim, included: list[int]) -> list[Finding]:
    """The claim against the articles' own counts of the lists it covers (none when an article gives no count of one)."""
    count_ids = [count_claim(data, y) for y in included]
    if not included or "" in count_ids:
        return []
    value = sum(data.claims[c].value for c in count_ids)
    how = " + ".join(f"{data.claims[c].value:,.0f} ({c})" for c in count_ids) + f" = {value:,.0f}"
    return [ledger.computed(claim, value, count_ids, how, basis=CLAIMS)]


def latest_total(data, years: list[int]) -> Claim:
    """The latest cumulative count an article gives about the lists of this run."""
    totals = [c for c in data.claims.select(metric="cumulative_clusters") if lists_covered(data, c, years) is not None]
    return max(totals, key=lambda c: (period_end(c.as_of), c.claim_id))


def implied_by_total(ledger: Ledger, data, claim: Claim, year: int, total: Claim, years: list[int]) -> list[Finding]:
    """A list's count as a later cumulative total implies it, once the articles' counts of the other lists it covers are taken off."""
    covered = lists_covered(data, total, years) or []
    others = [y for y in covered if y != year]
    if year not in covered or not all(count_claim(data, y) for y in others):
        return []
    implied = total.value - sum(data.claims[count_claim(data, y)].value for y in others)
    how = (f"{total.value:,.0f} ({total.claim_id}) − " + " − ".join(f"{data.claims[count_claim(data, y)].value:,.0f} ({y})" for y in others)
           + f" = {implied:,.0f}")
    return [ledger.computed(claim, implied, [total.claim_id, *(count_claim(data, y) for y in others)], how, basis=CLAIMS)]


def notice_findings(ledger: Ledger, data, claim: Claim, year: int, linked: list[Finding]) -> list[Finding]:
    """The report of the list's notice that batches.csv names, when no link of the claim already names it."""
    notice = data.batches.loc[year, "count_evidence"]
    if notice in {e for f in linked for e in f.evidence}:
        return []
    return [ledger.reported(claim, data.report(notice), data.batches.loc[year, "count_figure"])]


def in_force(windows, year: int) -> int:
    """Clusters recognised and in force in `year`: each list in its first window, and what passed its review in the renewal.

    `windows` has one row per list: 'valid from', 'valid to', 'clusters', 'renewed to' (NA before a review) and 'renewed'.
    """
    first = windows.loc[(windows["valid from"] <= year) & (windows["valid to"] >= year), "clusters"].sum()
    again = windows.loc[(windows["valid to"] < year) & (windows["renewed to"].fillna(0) >= year), "renewed"].sum()
    return int(first + again)
