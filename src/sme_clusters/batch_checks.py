"""The checks of notebook 02 (the lists and their counts), as functions that return findings for `Ledger.judge`.

Which lists a count covers is decided by dates: a claim speaks of the lists published by its date
(`lists_covered`), never of a later one, so adding a year changes no verdict on an earlier article.
A cumulative count is set against the notices' counts of those lists, as reports give them, and
against the articles' own counts; a list's official count against the report of its notice, and
against what the latest cumulative total implies once the other lists are taken off.
"""
from __future__ import annotations

import pandas as pd

from .claims import Claim, period_end
from .labels import LIST_SEPARATOR, count_with_range, describe_claim, phrase, term
from .qualifiers import added, printed_range
from .verdicts import CLAIMS, Finding, Ledger


def count_claim(data, year: int) -> str:
    """The article claim that states a list's count ('' if no article does)."""
    return data.batches.loc[year, "count_claim_id"]


def lists_covered(data, claim: Claim, years: list[int]) -> list[int] | None:
    """The lists of this run published by the claim's date; None when the claim speaks of a list after the run's last."""
    published = data.lists.published_by(period_end(claim.as_of))
    if any(y > max(years) for y in published):
        return None
    return [y for y in published if y in years]


def from_notices(ledger: Ledger, data, claim: Claim, included: list[int]) -> list[Finding]:
    """The claim against the sum of the notices' counts (as reports give them) of the lists it covers."""
    if not included:
        return []
    value = sum(data.lists.official_count(y) for y in included)
    how = " + ".join(phrase("count_of_list", ledger.lang, count=data.lists.official_count(y), year=y,
                            evidence=data.batches.loc[y, "count_evidence"]) for y in included)
    return [ledger.computed(claim, value, [data.batches.loc[y, "count_evidence"] for y in included], f"{how} = {value:,.0f}")]


def from_articles(ledger: Ledger, data, claim: Claim, included: list[int]) -> list[Finding]:
    """The claim against the articles' own counts of the lists it covers (none when an article gives no count of one)."""
    count_ids = [count_claim(data, y) for y in included]
    if not included or "" in count_ids:
        return []
    counts = [data.claims[c] for c in count_ids]
    low, high = added(printed_range(c.value, c.qualifier, c.unit) for c in counts)
    how = " + ".join(f"{_as_said(c, ledger.lang)} ({c.claim_id})" for c in counts) + f" = {count_with_range(sum(c.value for c in counts), low, high, ledger.lang)}"
    return [ledger.within(claim, low, high, count_ids, how, basis=CLAIMS)]


def _as_said(count: Claim, lang: str) -> str:
    """A count in arithmetic: its number, with its qualifier when the article gives one ('近300个')."""
    return f"{count.value:,.0f}" if count.qualifier == "exact" else describe_claim(count, lang)


def latest_totals(data, years: list[int]) -> list[Claim]:
    """Each article's latest cumulative count about the lists of this run, in article order. Every article's is weighed, not
    only the latest article's: an article added later adds its own cross-check and takes none away."""
    latest: dict[str, Claim] = {}
    for total in data.claims.select(metric="cumulative_clusters"):
        if lists_covered(data, total, years) is not None:
            held = latest.get(total.article_id)
            if held is None or (period_end(total.as_of), total.claim_id) > (period_end(held.as_of), held.claim_id):
                latest[total.article_id] = total
    return [latest[a] for a in sorted(latest)]


def implied_by_total(ledger: Ledger, data, claim: Claim, year: int, total: Claim, years: list[int]) -> list[Finding]:
    """A list's count as a later cumulative total implies it, once the articles' counts of the other lists it covers are taken off."""
    covered = lists_covered(data, total, years) or []
    others = [y for y in covered if y != year]
    if year not in covered or not all(count_claim(data, y) for y in others):
        return []
    counts = [data.claims[count_claim(data, y)] for y in others]
    implied = total.value - sum(c.value for c in counts)
    # each figure stands for what it allows as printed ('近300个'): the count left is then a range
    (total_low, total_high) = printed_range(total.value, total.qualifier, total.unit)
    taken_low, taken_high = added([(0.0, 0.0), *(printed_range(c.value, c.qualifier, c.unit) for c in counts)])
    low, high = total_low - taken_high, total_high - taken_low
    how = (f"{_as_said(total, ledger.lang)} ({total.claim_id}) − "
           + " − ".join(f"{_as_said(c, ledger.lang)} ({y})" for c, y in zip(counts, others, strict=True))
           + f" = {count_with_range(implied, low, high, ledger.lang)}")
    return [ledger.within(claim, low, high, [total.claim_id, *(c.claim_id for c in counts)], how, basis=CLAIMS)]


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


def lists_table(data, years: list[int]) -> pd.DataFrame:
    """Each list: when it was published, its official count and the report giving it, the article stating it, the rows known,
    their coverage, and the count of all lists to it."""
    rows = data.lists.clusters(max(years))
    table = pd.DataFrame({
        "list": years,
        "published": [data.batches.loc[y, "published"] for y in years],
        "official count": [round(data.lists.official_count(y)) for y in years],
        "from the notice as reported": [data.batches.loc[y, "count_evidence"] for y in years],
        "article's claim": [count_claim(data, y) or "—" for y in years],
        "known rows": [int((rows["year"] == y).sum()) for y in years],
    }).set_index("list")
    table["coverage"] = (table["known rows"] / table["official count"]).map("{:.0%}".format)
    table["cumulative"] = table["official count"].cumsum()
    return table


def judge_cumulative_counts(ledger: Ledger, data, years: list[int], reported) -> None:
    """Each cumulative count against the notices and the articles' own counts of the lists published by its date
    (`reported(claim)`: the findings of the reports linked to it); a count that speaks of a later list is left out."""
    for claim in data.claims.select(metric="cumulative_clusters"):
        included = lists_covered(data, claim, years)
        if included is None:
            continue
        ledger.judge(claim, from_notices(ledger, data, claim, included) + from_articles(ledger, data, claim, included) + reported(claim),
                     note=phrase("lists_published_by", ledger.lang, date=claim.as_of, years=LIST_SEPARATOR[ledger.lang].join(map(str, included))))


def judge_list_counts(ledger: Ledger, data, years: list[int], reported) -> None:
    """Each article's count of one list (other than the one batches.csv names for it) against that one and the notice."""
    claims = data.claims
    count_claims = {count_claim(data, y) for y in years}
    for y in years:
        official = count_claim(data, y)
        for claim in claims.select(scope=f"{y} list", metric="new_clusters"):
            if claim.claim_id in count_claims:
                continue
            findings = [ledger.computed(claim, claims[official].value, [official], phrase("list_count_in", ledger.lang, year=y, claim=official),
                                         basis=CLAIMS)] if official else []
            linked = reported(claim)
            ledger.judge(claim, findings + linked + notice_findings(ledger, data, claim, y, linked))


def judge_official_counts(ledger: Ledger, data, years: list[int], reported) -> None:
    """The article claim batches.csv names for each list's count, against the notice and what the latest total implies."""
    totals = latest_totals(data, years)
    for y in [y for y in years if count_claim(data, y)]:
        claim = data.claims[count_claim(data, y)]
        linked = reported(claim)
        implied = [f for total in totals for f in implied_by_total(ledger, data, claim, y, total, years)]
        ledger.judge(claim, linked + notice_findings(ledger, data, claim, y, linked) + implied,
                     needs=phrase("needs_list_count", ledger.lang, year=y))


def derive_target(ledger: Ledger, data, target: Claim, lists: pd.DataFrame, statements: tuple[str, str]) -> int | None:
    """The list with which the cumulative count reached the target (None if none has), and the share of it reached."""
    years, plan_end = list(lists.index), period_end(target.as_of)
    passed = next((y for y in years if lists.loc[y, "cumulative"] >= target.value), None)
    if passed is None:
        return None
    ledger.derive("target_reached_with", statements[0], passed, "year",
                  phrase("target_reached_how", ledger.lang, cumulative=lists.loc[passed, "cumulative"], target=target.value,
                         published=data.batches.loc[passed, "published"], years=plan_end.year - passed, end=plan_end.year),
                  evidence=(target.claim_id, *(data.batches.loc[y, "count_evidence"] for y in years if y <= passed)))
    by_end = [y for y in years if y in set(data.lists.published_by(plan_end))]  # a list published after the plan is not its
    reached = lists.loc[by_end[-1], "cumulative"] if by_end else 0
    ledger.derive("target_share_reached", statements[1], reached / target.value * 100, "percent", f"{reached:,.0f} / {target.value:,.0f}",
                  evidence=(target.claim_id, *(data.batches.loc[y, "count_evidence"] for y in by_end)))
    return passed


def reviewed_table(data, passed_rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The clusters known to have passed a review, each with the list row it was matched to."""
    return (passed_rows[["province", "cluster_name", "review_result", "list_row"]]
            .assign(province=[data.place_name(p, lang) for p in passed_rows["province"]],
                    review_result=passed_rows["review_result"].map(lambda r: term("review", r, lang))))


def validity_period(claims) -> int:
    """The years a listing is valid for, as the articles state it; an error if they disagree."""
    validity = {c.value for c in claims.select(metric="validity_years")}
    if len(validity) != 1:
        raise ValueError(f"the articles disagree on the validity period: {sorted(validity)}")
    return int(validity.pop())


def validity_windows(data, years: list[int], renewed: dict[int, float], valid_years: int) -> pd.DataFrame:
    """Each list's years in force, and those of its renewal where a review passed some of it (NA: not reviewed yet)."""
    return pd.DataFrame({
        "list": years,
        "valid from": [y + 1 for y in years],
        "valid to": [y + valid_years for y in years],
        "clusters": [round(data.lists.official_count(y)) for y in years],
        "renewed to": [y + 2 * valid_years if y in renewed else pd.NA for y in years],
        "renewed": [round(renewed[y]) if y in renewed else pd.NA for y in years],
    }, dtype="Int64").set_index("list")


def clusters_in_force(windows: pd.DataFrame) -> pd.Series:
    """The clusters in force in each year from the first list's first year to the last renewal's end."""
    end = int(max(windows["valid to"].max(), windows["renewed to"].fillna(0).max()))
    return pd.Series({t: in_force(windows, t) for t in range(int(windows.index[0]) + 1, end + 1)})


def derive_peak(ledger: Ledger, in_force_by_year: pd.Series, renewed: dict[int, float], years: list[int], valid_years: int,
                evidence: tuple[str, ...], statement: str) -> int:
    """The year with the most clusters in force, and which lists (and renewals) make it; returns the year."""
    peak = int(in_force_by_year.idxmax())
    ledger.derive("peak_in_force", statement, in_force_by_year.max(), "clusters",
                  phrase("peak_how", ledger.lang, year=peak, lists=LIST_SEPARATOR[ledger.lang].join(str(y) for y in years if y + 1 <= peak <= y + valid_years))
                  + "".join(phrase("peak_renewed", ledger.lang, count=renewed[y], year=y) for y in renewed if y + valid_years < peak <= y + 2 * valid_years),
                  evidence=evidence)
    return peak
