"""How many clusters each province has: exact where the data can say, a lower bound where it cannot.

Three kinds of evidence, strongest first:
1. rows: when the rows of every list are complete, a province's count is exact;
2. reported totals (`province_totals.csv`): a cumulative count a province's own
   news reported after the last list included is exact; per-list reports for
   every list add up to an exact count;
3. otherwise the count is only bounded below: per list, the larger of the
   reported count and the known rows, summed over the lists.

"Merged" counts a 计划单列市 (and the 兵团) with its province, as article 002
ranks provinces; "unmerged" lists them apart, as the official lists do.
"""
from __future__ import annotations

import re

import pandas as pd

from .claims import period_start

BATCH_SCOPE = re.compile(r"^(\d{4}) batch$")


def _includes_cities(row, units_of_province: set[str]) -> bool:
    """Whether a province's reported count includes its listed cities (said in scope or note, or it has none)."""
    return not units_of_province or "incl." in f"{row.scope} {row.note or ''}"


def _last_list_by(data, date_text: str) -> int | None:
    """The last list published by a report's date ('unknown' and the like: None)."""
    try:
        years = data.lists_published_by(period_start(date_text))
    except ValueError:
        return None
    return max(years) if years else None


def province_counts(data, year: int, merged: bool = True, single_list: bool = False) -> pd.DataFrame:
    """One row per counting unit: known rows, lower bound, exact count (or NaN) and where it comes from.

    Counts the lists up to `year`, or with `single_list` the `year` list alone.
    """
    years = [year] if single_list else data.batch_years(year)
    rows = data.clusters(year)
    rows = rows[rows["year"].isin(years)]
    complete = len(rows) == sum(data.official_count(y) for y in years)
    provinces, units = data.provinces, data.listing_units
    units_in = {p: set(units.index[units["province"] == p]) for p in provinces.index}

    if merged:
        entries = list(provinces.index)
        unit_of_row = rows["province"]
    else:
        entries = list(provinces.index) + list(units.index)
        unit_of_row = rows["listed_under"]

    def reports_for(entry):
        """Reported counts that speak for `entry` under this way of counting: (row, counts exactly this entry?)."""
        found = []
        for r in data.province_totals.itertuples():
            if r.unit != entry:
                continue
            if entry in provinces.index:
                includes = _includes_cities(r, units_in[entry])
                exact_here = includes if merged else not units_in[entry]
            else:
                exact_here = True  # a listing unit counts itself either way
            found.append((r, exact_here))
        return found

    table = []
    for entry in entries:
        known = int((unit_of_row == entry).sum())
        per_list = {y: int(((unit_of_row == entry) & (rows["year"] == y)).sum()) for y in years}
        exact, source = (float(known), "complete rows") if complete else (float("nan"), "")
        lower_per_list = dict(per_list)
        batch_exact = {}
        for r, exact_here in reports_for(entry):
            match = BATCH_SCOPE.match(r.scope)
            if match and int(match.group(1)) in per_list:
                y = int(match.group(1))
                lower_per_list[y] = max(lower_per_list[y], int(r.total) if exact_here or merged else 0)
                if exact_here:
                    batch_exact[y] = r.total
            elif (r.scope.startswith("cumulative") and not single_list and exact_here and not complete
                  and _last_list_by(data, r.as_of) == year):
                exact, source = r.total, f"reported: {r.scope}, {r.publisher} {r.as_of}"
        if not complete and pd.isna(exact) and set(batch_exact) == set(years):
            exact, source = float(sum(batch_exact.values())), "reported per list: " + " + ".join(f"{batch_exact[y]:.0f} ({y})" for y in years)
        lower = max(float(sum(lower_per_list.values())), known)
        if not pd.isna(exact):
            lower = exact
        place = provinces.loc[entry] if entry in provinces.index else provinces.loc[units.loc[entry, "province"]]
        table.append({
            "unit": entry, "short_zh": entry.removesuffix("市") if entry in units.index else place["short_zh"],
            "name_en": place["name_en"] if entry in provinces.index else f"{entry} ({place['name_en']})",
            "region": place["region"], "known_rows": known, "lower_bound": lower, "exact": exact,
            "source": source or ("rows and per-list reports (a lower bound)" if lower > known else "known rows (a lower bound)"),
        })
    counts = pd.DataFrame(table).set_index("unit", drop=False)
    if not merged:
        _split_merged_totals(counts, data.province_counts(year, True, single_list), units_in)
    return counts


def provinces_named(text: str, provinces: pd.DataFrame) -> list[str]:
    """The provinces a piece of article text names by short name ('山东、江苏、广东'), in the order it names them."""
    found = [(text.find(short), province) for province, short in provinces["short_zh"].items() if short in text]
    return [province for _, province in sorted(found)]


def ranking_check(counts: pd.DataFrame, named: list[str]) -> tuple[bool, bool, list[str]]:
    """Can the `named` units be the top len(named)? Returns (possible, certain, reasons it fails).

    A unit's count lies between its lower bound and its exact count (or no upper limit).
    The named units are the top ones when no other unit has more than any of them.
    """
    upper = counts["exact"].fillna(float("inf"))
    lower = counts["lower_bound"]
    others = [u for u in counts.index if u not in named]
    blocking = [f"{o} {lower[o]:.0f} > {n} {upper[n]:.0f}" for n in named for o in others if lower[o] > upper[n]]
    certain = all(upper[o] <= lower[n] for n in named for o in others)
    return not blocking, certain and not blocking, blocking


def _split_merged_totals(counts: pd.DataFrame, merged: pd.DataFrame, units_in: dict[str, set[str]]) -> None:
    """A province proper = its merged count minus its listed cities, when all of those are exact."""
    for province, cities in units_in.items():
        if not cities or not pd.isna(counts.loc[province, "exact"]) or pd.isna(merged.loc[province, "exact"]):
            continue
        city_counts = counts.loc[sorted(cities), "exact"]
        if city_counts.isna().any():
            continue
        exact = merged.loc[province, "exact"] - city_counts.sum()
        counts.loc[province, ["exact", "lower_bound"]] = exact, exact
        counts.loc[province, "source"] = f"{merged.loc[province, 'exact']:.0f} merged − " + " − ".join(
            f"{counts.loc[c, 'exact']:.0f} ({c})" for c in sorted(cities))
