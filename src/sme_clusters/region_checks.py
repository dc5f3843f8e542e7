"""The checks of notebook 03 (regions and provinces) on the per-unit counts of `provinces.province_counts`.

A region's count is the sum of its provinces': exact only when every province's is, bounded below by
their lower bounds and above by their upper bounds (infinite when a list has no known cap). A
province's first cluster came in a list when it has one there and is known to have had none before.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .labels import LIST_SEPARATOR, SENTENCE_SEPARATOR, phrase, value_range
from .provinces import province_of_scope
from .schemas import REGIONS, split_ids
from .verdicts import all_of


@dataclass(frozen=True)
class Bounds:
    lower: float
    upper: float
    exact: float  # NaN unless every part is exact

    @property
    def known_exactly(self) -> bool:
        return not math.isnan(self.exact)


def summed(counts: pd.DataFrame) -> Bounds:
    """The bounds of a sum of units' counts (rows of `province_counts`)."""
    exact = float(counts["exact"].sum()) if counts["exact"].notna().all() else float("nan")
    return Bounds(float(counts["lower_bound"].sum()), float(counts["upper_bound"].sum()), exact)


def region_bounds(counts: pd.DataFrame, region: str) -> Bounds:
    """A region's count over the counts' lists: the sum of its provinces'."""
    return summed(counts[counts["region"] == region])


def evidence_of(counts: pd.DataFrame, units) -> list[str]:
    """The registered files and report rows behind the counts of these units, for both their bounds."""
    return list(dict.fromkeys(e for u in units for column in ("evidence", "upper_evidence") for e in split_ids(counts.loc[u, column])))


def first_in(that_list: pd.DataFrame, earlier: pd.DataFrame | None) -> list[str]:
    """The provinces whose first cluster came in a list: at least one in it, and known to have none before
    (`earlier` is the count over the lists before it, None when it is the first list)."""
    return [p for p in that_list.index
            if that_list.loc[p, "lower_bound"] >= 1 and (earlier is None or earlier.loc[p, "exact"] == 0)]


def shown(row, lang: str) -> str:
    """A count as exact ('23'), as a range where a cap bounds it ('2–10' / '2～10'), or as a lower bound ('≥3')."""
    if not pd.isna(row["exact"]):
        return f"{row['exact']:.0f}"
    if row["upper_bound"] != float("inf"):
        return value_range(f"{row['lower_bound']:.0f}", f"{row['upper_bound']:.0f}", lang)
    return f"≥{row['lower_bound']:.0f}"


def region_table(claims, rows: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """Each region: the article's count, the known rows, the bounds its provinces' counts put on it, and the shares."""
    bounds = {r: region_bounds(counts, r) for r in REGIONS}
    table = pd.DataFrame({
        "article": [claims.one(metric=f"region_{r.lower()}").value for r in REGIONS],
        "known rows": [int((rows["region"] == r).sum()) for r in REGIONS],
        "known at least": [bounds[r].lower for r in REGIONS],
        "at most": [bounds[r].upper for r in REGIONS],  # inf: a list has no known cap
        "all provinces exact": [bounds[r].known_exactly for r in REGIONS],
    }, index=pd.Index(REGIONS, name="region")).astype({"article": int, "known at least": int})
    table["article share"] = (table["article"] / table["article"].sum()).map("{:.1%}".format)
    table["rows as share of article"] = (table["known rows"] / table["article"]).map("{:.0%}".format)
    return table


def judge_regions(ledger, claims, counts: pd.DataFrame, table: pd.DataFrame, coverage: tuple[int, int], years: tuple[int, int],
                  sum_statement: str) -> None:
    """Each region's claimed count against the sum of its provinces' bounds; then the four claims added up."""
    known, total = coverage
    for region in REGIONS:
        claim = claims.one(metric=f"region_{region.lower()}")
        bounds, units = region_bounds(counts, region), counts.index[counts["region"] == region]
        finding = ledger.bounded(claim, bounds.lower, bounds.exact, evidence_of(counts, units),
                                 phrase("region_sum_how", ledger.lang, provinces=len(units), lower=bounds.lower,
                                        rows=table.loc[region, "known rows"], known=known, total=total),
                                 upper=bounds.upper)
        ledger.judge(claim, [finding], needs=phrase("needs_region", ledger.lang, first=years[0], last=years[1]))
    total_claim = claims.one(metric="cumulative_clusters", topic="regions")
    ledger.derive("regions_sum", sum_statement, table["article"].sum(), "clusters", " + ".join(f"{v:.0f}" for v in table["article"])
                  + f" = {table['article'].sum():.0f} ({total_claim.claim_id}: {total_claim.value:.0f})",
                  evidence=tuple(claims.one(metric=f"region_{r.lower()}").claim_id for r in REGIONS))


def judge_provinces_with_clusters(ledger, claims, counts: pd.DataFrame, year: int) -> list[str]:
    """How many provinces the counts show with a cluster by the claim's list, against the claim; the provinces."""
    with_cluster = list(counts.index[counts["lower_bound"] >= 1])
    claim = claims.one(metric="provinces_with_clusters")
    exact = float(len(with_cluster)) if counts["exact"].notna().all() else float("nan")
    ledger.judge(claim, [ledger.bounded(claim, len(with_cluster), exact, evidence_of(counts, with_cluster),
                                        phrase("provinces_with_cluster_how", ledger.lang, count=len(with_cluster), total=len(counts),
                                               year=year))],
                 needs=phrase("needs_provinces_with_cluster", ledger.lang))
    return with_cluster


def judge_province_counts(ledger, data, claims, name, year: int) -> None:
    """Each claim of one province's clusters, merged with its listed city (002: 山东、浙江均以23个), against that province's
    count of the lists published by the claim's date; a claim of a list after `year` (the run's last) is left to a later run."""
    for claim in claims.select(metric="province_clusters_merged"):
        claim_year = data.lists.claim_year(claim)
        if claim_year is None or claim_year > year:
            continue
        province = province_of_scope(claim.scope, data.provinces)
        counts = data.province_counts(claim_year, merged=True)
        row = counts.loc[province]
        ledger.judge(claim, [ledger.bounded(claim, row["lower_bound"], row["exact"], evidence_of(counts, [province]),
                                            phrase("tied_how", ledger.lang, province=name(province), count=shown(row, ledger.lang), source=row["source"]),
                                            basis=row["basis"], upper=row["upper_bound"])],
                     needs=phrase("needs_tied", ledger.lang, province=name(province), year=claim_year))


def first_cluster_status(data, year: int, named: list[str], name, lang: str = "en") -> tuple[pd.DataFrame, list[str], pd.DataFrame,
                                                                                         pd.DataFrame | None]:
    """Each province before and in the list of `year`, whether the article names it; the provinces whose first cluster it
    brought; and the counts of that list and of the lists before it (None when it is the first)."""
    years = data.lists.years(year)
    earlier = data.province_counts(years[-2], merged=True) if len(years) > 1 else None
    that_list = data.province_counts(year, merged=True, single_list=True)
    index = data.provinces.index
    none = phrase("none_known", lang)
    status = pd.DataFrame({
        "province": [name(p) for p in index],
        phrase("column_before", lang, year=year): [shown(earlier.loc[p], lang).replace("≥0", none) if earlier is not None else "0" for p in index],
        phrase("column_in", lang, year=year): [shown(that_list.loc[p], lang).replace("≥0", none) for p in index],
        "named by the article": [p in named for p in index],
    })
    firsts = first_in(that_list.loc[index], None if earlier is None else earlier.loc[index])
    return status, firsts, that_list, earlier


def judge_first_clusters(ledger, data, claim, year: int, firsts: list[str], that_list: pd.DataFrame, earlier: pd.DataFrame | None,
                         name) -> None:
    """How many provinces had their first cluster in the list of `year`, against the claim."""
    known, total = data.lists.coverage(year)
    exact = float(len(firsts)) if known == total else float("nan")
    evidence = list(dict.fromkeys([*(e for p in firsts for e in split_ids(that_list.loc[p, "evidence"])),
                                   *(e for p in firsts if earlier is not None for e in split_ids(earlier.loc[p, "evidence"]))]))
    ledger.judge(claim, [ledger.bounded(claim, len(firsts), exact, evidence or [data.batches.loc[year, "source_id"]],
                                        phrase("firsts_how", ledger.lang, year=year,
                                               provinces=("、" if ledger.lang == "zh" else ", ").join(name(p) for p in firsts)
                                               or phrase("none_known", ledger.lang)))],
                 needs=phrase("needs_firsts", ledger.lang, year=year))


def judge_new_per_province(ledger, data, claim, year: int, named: list[str], name) -> pd.DataFrame:
    """Each named province's count in the list of `year`, all of them against the claim; the table of them."""
    counts = data.province_counts(year, merged=True, single_list=True).loc[named]
    known = phrase("rows_known", ledger.lang, known=int((data.lists.clusters(year)["year"] == year).sum()), total=data.lists.official_count(year))
    parts = [ledger.bounded(claim, counts.loc[p, "lower_bound"], counts.loc[p, "exact"],
                            evidence_of(counts, [p]) or [data.batches.loc[year, "source_id"]],
                            f"{name(p)} {shown(counts.loc[p], ledger.lang)}", upper=counts.loc[p, "upper_bound"]) for p in named]
    ledger.judge(claim, [all_of(parts)], needs=phrase("needs_new_per_province", ledger.lang, year=year))
    return pd.DataFrame({"province": [name(p) for p in named],
                         phrase("column_new_in", ledger.lang, year=year, known=known): [shown(r, ledger.lang) for _, r in counts.iterrows()],
                         "evidence": counts["source"].tolist()})


def per_list_counts(data, years: list[int], lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each province's count in each list on its own: the lower bounds, and the marks shown for them ('' where none is known)."""
    index = data.provinces.index
    tables = {y: data.province_counts(y, merged=True, single_list=True).loc[index] for y in years}
    at_least = pd.DataFrame({y: table["lower_bound"] for y, table in tables.items()})
    marks = pd.DataFrame({y: [shown(r, lang) if r["lower_bound"] or not pd.isna(r["exact"]) else "" for _, r in table.iterrows()]
                          for y, table in tables.items()}, index=index)
    return at_least, marks



def in_every_list(at_least: pd.DataFrame, lang: str) -> tuple[str, str]:
    """The heatmap's title and the section's finding: how many provinces are known to have a cluster in every list of which
    anything is known (`at_least`: provinces by list, as per_list_counts gives them), and how many in none. A list of which
    nothing is known yet (a new list known by its count alone) is named as left out: it would make the count 0 whatever
    the other lists show."""
    known = [year for year in at_least.columns if at_least[year].sum() > 0] or list(at_least.columns)
    unknown = [year for year in at_least.columns if year not in known]
    every = int((at_least[known] >= 1).all(axis=1).sum())
    years = LIST_SEPARATOR[lang].join(map(str, unknown))
    title = "\n".join([phrase("heatmap_title", lang, every=every), phrase("heatmap_note", lang)]
                      + [phrase("heatmap_nothing_known", lang, years=years)] * bool(unknown))
    finding = phrase("finding_heatmap", lang, every=every, n=len(at_least), first=known[0], last=known[-1],
                     none=int((at_least.sum(axis=1) == 0).sum()))
    return title, finding + (SENTENCE_SEPARATOR[lang] + phrase("nothing_known_of_lists", lang, years=years) if unknown else "")
