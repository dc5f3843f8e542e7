"""How many clusters each province has: exact where the data can say, a lower bound where it cannot.

The evidence, strongest first:
1. rows: when the rows of every list are complete, a province's count is exact;
2. reported counts (the `province_totals*` files, each a report with its source):
   - a cumulative count reported after the last list counted, and before the next,
     is exact; two such reports that disagree leave the count open (the smaller is a bound);
   - per-list reports for every list add up to an exact count;
3. otherwise the count is bounded below, using every fact the data holds: per list,
   the larger of the reported count and the known rows; the listed cities' own counts
   toward their province; and a cumulative count reported after an earlier list plus
   what is known of the lists since ("≥ 23 + 2").

"Merged" counts a 计划单列市 (and the 兵团) with its province, as article 002 ranks
provinces; "unmerged" lists them apart, as the official lists do.

Every count names its evidence: the registered files and report rows it rests on
(`province_totals:3`, `clusters_2024`), and its basis: `reported` when one report
gives it, `computed from reports` when several reports add up to it, `recomputed` when complete rows give it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from .claims import period_start
from .labels import SEPARATOR, phrase, publisher_shown, value_range
from .schemas import join_ids, split_ids
from .text_forms import comparable
from .verdicts import COMPUTED_FROM_REPORTS, RECOMPUTED, REPORTED

BATCH_SCOPE = re.compile(r"^(\d{4}) batch$")
FIRST_SCOPE = re.compile(r"^first in (\d{4}) batch$")


@dataclass(frozen=True)
class Reported:
    total: float
    evidence: str  # '<source id>:<row>'
    scope: str  # as the report's row gives it: 'cumulative 2022-2024 (incl. 青岛)'
    publisher: str
    as_of: str
    exact: bool = True  # False: a province's count that may or may not include its listed cities (a bound only)

    def text(self, units: pd.DataFrame, lang: str = "en") -> str:
        """What a reader is shown: '23 (cumulative 2022–2024 (incl. Qingdao), 大众日报 2024-12-07)' / '23（2022—2024年累计（含青岛），大众日报 2024-12-07）'."""
        return phrase("reported_count", lang, total=self.total, scope=scope_shown(self.scope, units, lang),
                      publisher=publisher_shown(self.publisher, lang), date=self.as_of)


@dataclass
class UnitReports:
    """What news reported about one counting unit: per list, and cumulatively through a list."""

    per_list: dict[int, list[Reported]] = field(default_factory=dict)
    through: dict[int, list[Reported]] = field(default_factory=dict)
    first_in: dict[int, str] = field(default_factory=dict)  # list that brought the unit its first cluster -> evidence


def _includes_cities(row, cities: set[str]) -> bool:
    """Whether a province's reported count includes its listed cities (said in scope or note, or it has none)."""
    return not cities or "incl." in f"{row.scope} {row.note or ''}"


def _last_list_by(published: dict[int, str], date_text: str) -> int | None:
    """The last list (of `published`: list year -> date of publication) published by a report's date ('unknown' and the like: None)."""
    try:
        date = period_start(date_text)
    except ValueError:
        return None
    years = [y for y, when in published.items() if period_start(when) <= date]
    return max(years) if years else None


SCOPES = (  # the scopes a report's row may give, and the text that shows each (in the text table)
    (re.compile(r"^(?P<year>\d{4}) batch$"), "scope_batch"),
    (re.compile(r"^first in (?P<year>\d{4}) batch$"), "scope_first_in_batch"),
    (re.compile(r"^cumulative (?P<first>\d{4})-(?P<last>\d{4})$"), "scope_cumulative"),
    (re.compile(r"^cumulative (?P<first>\d{4}) to mid-(?P<last>\d{4})$"), "scope_cumulative_to_mid"),
    (re.compile(r"^cumulative to mid-(?P<last>\d{4})$"), "scope_to_mid"),
)
INCLUDED = re.compile(r"^(?P<scope>.*?) \(incl\. (?P<units>[^)]*)\)$")


def require_readable_scopes(path, totals: pd.DataFrame) -> None:
    """Each reported count's scope in one of the forms the counts read (SCOPES, with an optional ' (incl. 青岛)'): any
    other ('Cumulative 2022-2024', '(incl 青岛)', '2022 batches') would drop the count from them without a word."""
    from .validation import DataFileError

    for row in totals.itertuples():
        included = INCLUDED.match(row.scope)
        bare = included["scope"] if included else row.scope
        if "incl" in bare or not any(pattern.match(bare) for pattern, _ in SCOPES):
            raise DataFileError(path, f"expected a scope the counts read: '2022 batch', 'first in 2022 batch', 'cumulative 2022-2024', "
                                      f"'cumulative 2022 to mid-2025' or 'cumulative to mid-2024', each may end ' (incl. 青岛)'; "
                                      f"got {row.scope!r}", row=row.row_number, column="scope")


def scope_shown(scope: str, units: pd.DataFrame, lang: str = "en") -> str:
    """A report's scope as a reader of `lang` reads it; the listed cities it includes ('incl. 青岛') by their names in `lang`."""
    included = INCLUDED.match(scope)
    if included:
        names = included["units"]
        for unit in units.index:
            name = units.loc[unit, "name_en"] if lang == "en" else unit.removesuffix("市")
            names = names.replace(unit, name).replace(unit.removesuffix("市"), name)
        return phrase("scope_including", lang, scope=scope_shown(included["scope"], units, lang), units=names)
    for pattern, key in SCOPES:
        match = pattern.match(scope)
        if match:
            return phrase(key, lang, **match.groupdict())
    return scope  # a scope of another form is shown as the row gives it


def unit_reports(totals: pd.DataFrame, provinces: pd.DataFrame, listing_units: pd.DataFrame, published: dict[int, str],
                 unit: str) -> UnitReports:
    """The reports that count `unit` whole: a listing unit, or a province with its listed cities.

    A province's report that does not say whether it includes its listed cities is a lower bound only.
    A per-list report marked "first in YYYY batch" (or noted "first for the province") says the unit
    had no cluster in the lists before.
    """
    cities = set(listing_units.index[listing_units["province"] == unit])
    found = UnitReports()
    for r in totals[totals["unit"] == unit].itertuples():
        exact = unit not in provinces.index or _includes_cities(r, cities)
        reported = Reported(r.total, f"{r.source_id}:{r.row_number}", r.scope, r.publisher, r.as_of, exact)
        batch, first = BATCH_SCOPE.match(r.scope), FIRST_SCOPE.match(r.scope)
        if batch or first:
            year = int((batch or first).group(1))
            found.per_list.setdefault(year, []).append(reported)
            if first or "first for the province" in (r.note or ""):
                found.first_in[year] = reported.evidence
        elif r.scope.startswith("cumulative"):
            last = _last_list_by(published, r.as_of)
            if last is not None:
                found.through.setdefault(last, []).append(reported)
    return found


@dataclass
class Count:
    lower: float
    exact: float = float("nan")
    source: str = ""
    basis: str = RECOMPUTED
    evidence: list[str] = field(default_factory=list)
    upper: float = float("inf")  # from the per-list reports and the recommendation limits; inf when a list has neither
    upper_evidence: list[str] = field(default_factory=list)


Caps = dict[int, tuple[float, list[str]]]  # list year -> the most clusters the unit may have on it, and the reports saying so


def _upper(reports: UnitReports, years: list[int], caps: Caps) -> tuple[float, list[str]]:
    """The most clusters the unit can have over `years`: per list, its agreed reported count, else its cap."""
    total, evidence = 0.0, []
    for y in years:
        agreed = _agreed(reports.per_list[y]) if y in reports.per_list else None
        if agreed:
            total += agreed[0]
            evidence += [r.evidence for r in reports.per_list[y] if r.exact]
        elif y in caps:
            total += caps[y][0]
            evidence += caps[y][1]
        else:
            return float("inf"), []
    return total, evidence


def _bounded_above(count: Count, reports: UnitReports, years: list[int], caps: Caps, lang: str = "en") -> Count:
    """The count with its upper bound; a lower bound that reaches it makes the count exact."""
    count.upper, count.upper_evidence = _upper(reports, years, caps)
    if count.lower > count.upper:  # the rows or reports of one list say more than its cap or its own report: the evidence conflicts
        count.source += phrase("count_over_cap", lang, upper=count.upper)
        count.upper, count.upper_evidence = float("inf"), []
    if count.upper != float("inf") and count.lower < count.upper:
        count.source += phrase("count_at_most", lang, upper=count.upper)
    if count.lower == count.upper:
        count.exact = count.upper
        count.source += phrase("count_reaches_cap", lang, upper=count.upper)
        count.evidence += count.upper_evidence
    return count


def _agreed(reports: list[Reported]) -> tuple[float, str] | None:
    """One total if the reports that can be exact agree; None if they conflict or none can be exact."""
    totals = {r.total for r in reports if r.exact}
    return (totals.pop(), "") if len(totals) == 1 else None


def count_unit(known: dict[int, int], reports: UnitReports, years: list[int], complete: bool, parts_lower: float = 0.0,
               parts_evidence: tuple[str, ...] = (), cumulative: bool = True, caps: Caps | None = None,
               units: pd.DataFrame | None = None, lang: str = "en") -> Count:
    """The count of one unit over `years` from its known rows per list and its reports, bounded above by `caps`.

    `parts_lower` is a bound from elsewhere (its listed cities' own counts, for a merged province);
    `cumulative` says whether `years` run from the first list, so that cumulative reports apply.
    """
    units = units if units is not None else pd.DataFrame(columns=["name_en"])
    count = _count_from_below(known, reports, years, complete, parts_lower, parts_evidence, cumulative, units, lang)
    if pd.isna(count.exact):
        count = _bounded_above(count, reports, years, caps or {}, lang)
    else:
        count.upper = count.exact
    if count.basis == RECOMPUTED and count.evidence:  # rows and a report (a listed city's, a cap) are arithmetic on a report
        count.basis = COMPUTED_FROM_REPORTS
    return count


def _count_from_below(known: dict[int, int], reports: UnitReports, years: list[int], complete: bool, parts_lower: float,
                      parts_evidence: tuple[str, ...], cumulative: bool, units: pd.DataFrame, lang: str) -> Count:
    if complete:
        return Count(float(sum(known.values())), float(sum(known.values())), phrase("count_complete_rows", lang), RECOMPUTED)
    first = [(y, e) for y, e in reports.first_in.items() if y > years[-1]]
    if first:  # a later list brought its first cluster: none in these
        return Count(0.0, 0.0, phrase("count_first_later", lang, year=first[0][0]), REPORTED, [first[0][1]])
    lower_per_list = {y: max([known[y], *(r.total for r in reports.per_list.get(y, []))]) for y in years}
    used = [r.evidence for y in years for r in reports.per_list.get(y, [])]
    count = Count(max(float(sum(lower_per_list.values())), parts_lower), evidence=[*used, *parts_evidence])
    last = years[-1]
    for through in sorted(t for t in reports.through if cumulative and t in years):
        group = reports.through[through]
        agreed = _agreed(group)
        later = sum(lower_per_list[y] for y in years if y > through)
        total = (agreed[0] if agreed else min(r.total for r in group if r.exact) if any(r.exact for r in group)
                 else max(r.total for r in group)) + later
        count.evidence += [r.evidence for r in group]
        if through == last and agreed:
            agreeing = [r for r in group if r.exact]
            return Count(agreed[0], agreed[0], phrase("count_reported", lang, reports=" / ".join(r.text(units, lang) for r in agreeing)), REPORTED,
                         [r.evidence for r in agreeing])
        if total > count.lower:
            count.lower = total
            count.source = phrase("count_reported" if agreed else "count_conflicting", lang, reports=" / ".join(r.text(units, lang) for r in group))
            count.source += " + " + phrase("count_known_since", lang, later=later) if later else ""
    per_list_exact = {y: _agreed(reports.per_list[y]) for y in years if y in reports.per_list}
    if len(per_list_exact) == len(years) and all(per_list_exact.values()):
        total = float(sum(v[0] for v in per_list_exact.values()))
        return Count(total, total, phrase("count_per_list", lang, counts=" + ".join(f"{per_list_exact[y][0]:.0f} ({y})" for y in years)),
                     COMPUTED_FROM_REPORTS if len(years) > 1 else REPORTED, used)
    if not count.source:
        count.source = phrase("count_rows_and_reports" if count.lower > sum(known.values()) else "count_known_rows", lang)
    return count


@dataclass(frozen=True)
class CountInputs:
    """What counting the lists `years` needs, passed in: counting never calls back into the data set that gathers it."""

    rows: pd.DataFrame  # the known rows of those lists
    years: list[int]
    official: dict[int, float]  # list year -> its official count
    first_list: int  # the first list the data holds: a cumulative report counts from it
    files: list[str]  # the registered files of those lists' rows
    provinces: pd.DataFrame
    listing_units: pd.DataFrame
    names: dict[str, tuple[str, str]]  # unit -> (its Chinese name, its English name)
    reports: dict[str, UnitReports]  # unit -> what news reported of it (unit_reports)
    limits: dict[tuple[int, str], tuple[float, str]]  # (list year, 'province' | 'listed') -> (the most it may have, the report)
    lang: str = "en"  # the language the counts' sources are written in


def province_counts(inputs: CountInputs, merged: bool = True, merged_counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per counting unit: known rows, lower bound, exact count (or NaN), its source, basis and evidence.

    Unmerged counts take a province proper from its merged count where its listed cities' are exact: pass the
    merged counts of the same lists as `merged_counts` (else they are counted here).
    """
    years, rows = inputs.years, inputs.rows
    complete = len(rows) == sum(inputs.official[y] for y in years)
    provinces, units, files = inputs.provinces, inputs.listing_units, inputs.files
    from_first = years[0] == inputs.first_list

    tallies = {column: rows.groupby([column, "year"]).size() for column in ("province", "listed_under")}  # once, not per unit

    def known(column: str, unit: str) -> dict[int, int]:
        return {y: int(tallies[column].get((unit, y), 0)) for y in years}

    reports, limits = inputs.reports, inputs.limits
    shown = dict(units=units, lang=inputs.lang)
    city_counts = {c: count_unit(known("listed_under", c), reports[c], years, complete, cumulative=from_first, caps=caps(limits, years, []),
                                 **shown)
                   for c in units.index}
    table = []
    for province in provinces.index:
        cities = sorted(units.index[units["province"] == province])
        if merged:
            parts = sum(city_counts[c].lower for c in cities) + sum(known("listed_under", province).values())
            evidence = tuple(e for c in cities for e in city_counts[c].evidence)
            count = count_unit(known("province", province), reports[province], years, complete, parts, evidence, from_first,
                               caps(limits, years, ["province", *["listed"] * len(cities)]), **shown)
        else:  # no report counts a province apart from its listed cities, unless it has none
            count = count_unit(known("listed_under", province), reports[province] if not cities else UnitReports(), years, complete,
                               cumulative=from_first, caps=caps(limits, years, ["province"]), **shown)
        table.append(_row(inputs, province, count, sum(known("province" if merged else "listed_under", province).values()), files))
    if not merged:
        table += [_row(inputs, c, city_counts[c], sum(known("listed_under", c).values()), files) for c in units.index]
    counts = pd.DataFrame(table).set_index("unit", drop=False)
    if not merged:
        _split_merged_totals(counts, merged_counts if merged_counts is not None else province_counts(inputs, True), units, inputs.lang)
    return counts


def caps(limits: dict[tuple[int, str], tuple[float, str]], years: list[int], kinds: list[str]) -> Caps:
    """Per list, the most clusters a unit made of these parts may have ('province', 'listed' for each listed city; [] is one
    listed city): the sum of their recommendation limits, for the lists whose every limit is known (`limits`)."""
    kinds = kinds or ["listed"]
    found = {}
    for y in years:
        parts = [limits.get((y, kind)) for kind in kinds]
        if all(parts):
            found[y] = (sum(value for value, _ in parts), list(dict.fromkeys(evidence for _, evidence in parts)))
    return found


def _row(inputs: CountInputs, unit: str, count: Count, known_rows: int, files: list[str]) -> dict:
    provinces, units = inputs.provinces, inputs.listing_units
    listed = unit in units.index
    place = provinces.loc[units.loc[unit, "province"] if listed else unit]
    evidence = ([f for f in files] if known_rows else []) + count.evidence
    return {
        "unit": unit, "short_zh": inputs.names[unit][0], "name_en": inputs.names[unit][1],
        "region": place["region"], "known_rows": known_rows, "lower_bound": count.exact if not pd.isna(count.exact) else count.lower,
        "upper_bound": count.upper, "exact": count.exact, "source": count.source, "basis": count.basis,
        "upper_evidence": join_ids(count.upper_evidence),
        "evidence": join_ids(dict.fromkeys(evidence)),
    }


def provinces_named(text: str, provinces: pd.DataFrame) -> list[str]:
    """The provinces a piece of article text names by short name ('山东、江苏、广东'), in the order it names them."""
    found = [(text.find(short), province) for province, short in provinces["short_zh"].items() if short in text]
    return [province for _, province in sorted(found)]


def province_of_scope(scope: str, provinces: pd.DataFrame) -> str:
    """The one province a claim's scope names ('山东省 (incl. 青岛)', '山東省', by its short name in either script); a
    LookupError saying what it names otherwise."""
    named = provinces_named(comparable(scope), provinces)
    if len(named) != 1:
        raise LookupError(f"the scope {scope!r} names {len(named)} provinces ({', '.join(named) or 'none'}); a claim of one "
                          "province's clusters names that province, e.g. '山东省 (incl. 青岛)'")
    return named[0]


def ranking_test(counts: pd.DataFrame, named: list[str], name=str, lang: str = "en") -> tuple[bool | None, str, list[str]]:
    """Are the `named` units the top len(named)? (True, False, or None when the counts cannot say), how, evidence.

    It fails when another unit is known to have more than a named one can have; it holds
    when no other unit can have more than any named one has at least.
    """
    upper = counts["upper_bound"] if "upper_bound" in counts else counts["exact"].fillna(float("inf"))  # a cap decides too
    lower = counts["lower_bound"]
    others = [u for u in counts.index if u not in named]
    blocking = [(o, n) for n in named for o in others if lower[o] > upper[n]]
    certain = all(upper[o] <= lower[n] for n in named for o in others)

    def shown(unit):  # 'Zhejiang 23' / '浙江（23个）'
        if not pd.isna(counts.loc[unit, "exact"]):
            count = f"{lower[unit]:.0f}"
        elif upper[unit] != float("inf"):
            count = value_range(f"{lower[unit]:.0f}", f"{upper[unit]:.0f}", lang)
        else:
            count = f"≥{lower[unit]:.0f}"
        return f"{name(unit)} {count}" if lang == "en" else f"{name(unit)}（{count}个）"

    more = " > " if lang == "en" else "多于"
    if blocking:
        how = SEPARATOR[lang].join(f"{shown(o)}{more}{shown(n)}" for o, n in blocking)
        involved = {u for pair in blocking for u in pair}
        outcome = False
    else:
        strongest = max(others, key=lambda u: lower[u])
        how = ("、" if lang == "zh" else ", ").join(shown(n) for n in named) + phrase("strongest_other", lang, unit=shown(strongest))
        involved = {*named, strongest}
        outcome = True if certain else None
    evidence = [e for u in counts.index if u in involved for e in split_ids(counts.loc[u, "evidence"])]
    return outcome, how, list(dict.fromkeys(evidence))


def _split_merged_totals(counts: pd.DataFrame, merged: pd.DataFrame, units: pd.DataFrame, lang: str = "en") -> None:
    """A province proper = its merged count minus its listed cities, when all of those are exact."""
    for province in merged.index:
        cities = sorted(units.index[units["province"] == province])
        if not cities or not pd.isna(counts.loc[province, "exact"]) or pd.isna(merged.loc[province, "exact"]):
            continue
        city_counts = counts.loc[cities, "exact"]
        if city_counts.isna().any():
            continue
        exact = merged.loc[province, "exact"] - city_counts.sum()
        counts.loc[province, ["exact", "lower_bound", "upper_bound"]] = exact, exact, exact
        counts.loc[province, "source"] = phrase("count_merged_less", lang, merged=merged.loc[province, "exact"]) + " − ".join(
            f"{counts.loc[c, 'exact']:.0f} ({c})" for c in cities)
        counts.loc[province, "basis"] = COMPUTED_FROM_REPORTS
        counts.loc[province, "evidence"] = join_ids(dict.fromkeys(
            [*split_ids(merged.loc[province, "evidence"]), *(e for c in cities for e in split_ids(counts.loc[c, "evidence"]))]))
