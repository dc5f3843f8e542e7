"""The cluster lists and the reference data that places each cluster.

The rows are what could be compiled of the official lists (see
data/raw/compiled/SOURCES.md): a *known* subset of each batch. Every loader
validates its file and fails naming file, row and column; every count made
from the rows is a count of known clusters, and `coverage` says of how many.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from . import schemas
from .claims import known_after, period_end, period_start, unknown_article
from .config import DATA_LAYOUT, relative_to_root
from .labels import term
from .provinces import provinces_named
from .sources import readable
from .text_forms import comparable, name_key
from .validation import DataFileError, read_rows, read_table, require_unique




def load_provinces(path: Path) -> pd.DataFrame:
    """The 31 province-level units of the mainland with NBS region, English name and tile-grid cell. One row each: a
    second row for a province in another script (廣東省 beside 广东省) or under another name would count it twice."""
    provinces = read_table(path, schemas.PROVINCES.columns, key=("province",))
    provinces[["tile_row", "tile_col"]] = provinces[["tile_row", "tile_col"]].astype(int)  # as numbers: 06 is 6
    rows = provinces.to_dict("records")
    for key in ("province", "short_zh", "name_en"):
        require_unique(path, rows, (key,), form=comparable)
    require_unique(path, rows, ("tile_row", "tile_col"))
    for row in provinces.itertuples():  # 山西 for 山东省: every count filed by short name would go to another province
        if not comparable(row.province).startswith(comparable(row.short_zh)):
            raise DataFileError(path, f"{row.short_zh!r} is not the start of {row.province!r}; a short name is the name's first "
                                      "characters (山东 for 山东省)", row=row.row_number, column="short_zh")
    return provinces.set_index("province", drop=False)


def _provinces_as_held(path: Path, table: pd.DataFrame, provinces: pd.DataFrame) -> pd.DataFrame:
    """`table` with each province named as the reference table names it, in its Simplified form if the Traditional was
    written (廣東省 -> 广东省), as the cluster files are read; a province it does not hold is an error."""
    names = []
    for row in table.itertuples():
        name = row.province if row.province in provinces.index else comparable(row.province)
        if name not in provinces.index:
            raise DataFileError(path, f"unknown province {row.province!r}; expected a full name such as '山东省'", row=row.row_number,
                                column="province")
        names.append(name)
    return table.assign(province=names)


def load_listing_units(path: Path, provinces: pd.DataFrame) -> pd.DataFrame:
    """Units listed apart from their province (计划单列市, 兵团), with the province they belong to."""
    units = _provinces_as_held(path, read_table(path, schemas.LISTING_UNITS.columns, key=("unit",)), provinces)
    require_unique(path, units.to_dict("records"), ("name_en",), form=str.casefold)  # two units one English label
    english = {name.casefold(): province for province, name in zip(provinces.index, provinces["name_en"], strict=True)}
    for row in units.itertuples():  # a unit named as a province would be both, and every count would take it twice
        if comparable(row.unit) in provinces.index:
            raise DataFileError(path, f"{row.unit!r} is a province; a unit listed apart is a city or corps within one", row=row.row_number,
                                column="unit")
        if row.name_en.casefold() in english:
            raise DataFileError(path, f"{row.name_en!r} is the English name of {english[row.name_en.casefold()]}; a unit listed apart "
                                      "needs a name of its own", row=row.row_number, column="name_en")
    return units.set_index("unit", drop=False)


def _check_place(path, row, provinces, units) -> None:
    def fail(message, column):
        raise DataFileError(path, message, row=row["row_number"], column=column)

    for column in ("province", "listed_under"):  # the reference tables' own form, if that is what was meant (廣東省 -> 广东省)
        if row[column] not in provinces.index and row[column] not in units.index and comparable(row[column]) in (*provinces.index, *units.index):
            row[column] = comparable(row[column])

    if row["province"] not in provinces.index:
        fail(f"unknown province {row['province']!r}; expected a full name such as '山东省'", "province")
    listed = row["listed_under"]
    if listed in provinces.index:
        if listed != row["province"]:
            fail(f"listed under {listed!r} but placed in {row['province']!r}", "province")
    elif listed in units.index:
        if units.loc[listed, "province"] != row["province"]:
            fail(f"{listed} belongs to {units.loc[listed, 'province']}, not {row['province']} "
                 f"(as data/{DATA_LAYOUT['listing_units']} has it, row {units.loc[listed, 'row_number']})", "province")
    else:
        fail(f"unknown listing unit {listed!r}; expected a province or one of {', '.join(units.index)}", "listed_under")
    city = comparable(row.get("city") or "")
    if city in units.index and listed != city:  # its clusters are put forward, and counted, by the city, not the province
        fail(f"{city} is listed apart from {units.loc[city, 'province']}: its clusters are listed under {city}", "listed_under")
    named = _provinces_named(row["cluster_name"], provinces, units)
    if named and row["province"] not in named:
        fail(f"the name {row['cluster_name']!r} names {'、'.join(named)}, not {row['province']}", "province")


def require_listed_once(lists: dict[int, tuple[Path, pd.DataFrame]]) -> None:
    """A cluster is recognised once: a name on two lists (compared across scripts, 廣東 as 广东) is an error at the later
    list's row, since counting it twice would raise every count it enters. `lists`: year -> (its file, its rows)."""
    seen: dict[str, tuple[int, Path, int]] = {}
    for year in sorted(lists):
        path, rows = lists[year]
        for name, number in zip(rows["cluster_name"], rows["row_number"], strict=True):
            first = seen.setdefault(name_key(name), (year, path, number))
            if first[0] != year:
                raise DataFileError(path, f"{name!r} is already on the {first[0]} list ({relative_to_root(first[1])}, row {first[2]}); "
                                          "a cluster is recognised once", row=number, column="cluster_name")


def require_not_listed(path: Path, rows: pd.DataFrame, lists: dict[int, tuple[Path, pd.DataFrame]]) -> None:
    """A cluster of unknown year (`rows`, of the file at `path`) is on no list (`lists` as for require_listed_once): one
    that is would be shown twice, once without its year."""
    listed = {name_key(name): (year, file, number) for year, (file, frame) in lists.items()
              for name, number in zip(frame["cluster_name"], frame["row_number"], strict=True)}
    for name, number in zip(rows["cluster_name"], rows["row_number"], strict=True):
        if name_key(name) in listed:
            year, file, row = listed[name_key(name)]
            raise DataFileError(path, f"{name!r} is on the {year} list ({relative_to_root(file)}, row {row}); a cluster whose year is "
                                      "known is not also one of unknown year", row=number, column="cluster_name")


def load_cluster_file(path: Path, provinces: pd.DataFrame, units: pd.DataFrame, year: int | None) -> pd.DataFrame:
    """One file of cluster rows, validated; `year` None for the file of clusters whose year is unknown."""
    columns = schemas.cluster_columns(year_required=year is not None)
    rows = read_rows(path, columns, allow_empty=year is not None)  # a list may be known by its official count alone, no row yet
    for row in rows:
        if year is not None and int(row["year"]) != year:
            raise DataFileError(path, f"expected the batch year {year}, got {row['year']}", row=row["row_number"], column="year")
        if year is None and row["year"] is not None:
            raise DataFileError(path, "this file holds clusters whose year is unknown; leave it empty", row=row["row_number"], column="year")
        _check_place(path, row, provinces, units)
    require_unique(path, rows, ("cluster_name",), form=name_key)
    frame = pd.DataFrame(rows, columns=[c.name for c in columns] + ["row_number"])
    frame[["city", "county", "note"]] = frame[["city", "county", "note"]].fillna("")  # optional text reads as ""
    frame["year"] = year
    frame["region"] = frame["province"].map(provinces["region"])
    frame["file"] = path.name
    return frame


def load_batches(path: Path, sources: pd.DataFrame, claims: dict[str, tuple[str, str]], reports: dict) -> pd.DataFrame:
    """One row per list (batch) year: its cluster file, publication, and its official count from an independent report.

    `count` is that count; `count_evidence` names the report, `count_claim_id` the article's claim of it (if any), which
    must be a count of that list's clusters (`claims`: each claim's scope and unit), as the batch checks read it.
    """
    batches = read_table(path, schemas.BATCHES.columns, key=("year",))
    require_unique(path, batches.to_dict("records"), ("source_id",))  # one file of rows per list: two lists cannot share one
    counts, figures = [], []
    for row in batches.itertuples():
        if row.source_id not in sources.index or sources.loc[row.source_id, "kind"] != "compiled":
            raise DataFileError(path, f"no compiled source {row.source_id!r} in the source registry", row=row.row_number, column="source_id")
        if row.count_claim_id and row.count_claim_id not in claims:
            raise DataFileError(path, f"no claim {row.count_claim_id!r} in the claims table", row=row.row_number, column="count_claim_id")
        if row.count_claim_id and claims[row.count_claim_id] != (f"{row.year} list", "clusters"):
            scope, unit = claims[row.count_claim_id]
            raise DataFileError(path, f"{row.count_claim_id!r} is a claim in {unit!r} about {scope!r}, not a count of the {row.year} list's "
                                      f"clusters (scope '{row.year} list', unit 'clusters')", row=row.row_number, column="count_claim_id")
        if int(row.published[:4]) < int(row.year):  # the list of a year is published in it or after it (2022's in January 2023)
            raise DataFileError(path, f"the {row.year} list cannot be published before {row.year}, got {row.published}", row=row.row_number,
                                column="published")
        evidence_id, _, figure = row.count_evidence.partition("#")
        report = reports.get(evidence_id)
        if report is None:
            raise DataFileError(path, f"no independent report {evidence_id!r}", row=row.row_number, column="count_evidence")
        number = int(figure or 1)
        if not 1 <= number <= len(report.figures) or report.figures[number - 1].unit != "clusters":
            raise DataFileError(path, f"{evidence_id!r} has no figure {number} in clusters", row=row.row_number, column="count_evidence")
        count = report.figures[number - 1]
        printed = report.date or report.as_of
        if printed[:4].isdigit() and period_start(row.published) > period_end(printed):  # a count is reported once the list is out
            raise DataFileError(path, f"published {row.published}, after the report of its count ({evidence_id}, {printed})",
                                row=row.row_number, column="published")
        if count.qualifier != "exact" or count.value != count.value.to_integral_value():  # a cap or an estimate is no count
            raise DataFileError(path, f"figure {number} of {evidence_id!r} is {count.qualifier} {count.value}; a list's official count is "
                                      "an exact whole number", row=row.row_number, column="count_evidence")
        if not re.fullmatch(schemas.CLUSTERS.pattern, f"raw/{sources.loc[row.source_id, 'path']}"):
            raise DataFileError(path, f"{row.source_id!r} is not a file of a list's rows ({sources.loc[row.source_id, 'path']})",
                                row=row.row_number, column="source_id")
        counts.append(float(report.figures[number - 1].value))
        figures.append(number - 1)
    batches["year"] = batches["year"].astype(int)
    batches["count"], batches["count_figure"] = counts, figures
    batches["count_evidence"] = batches["count_evidence"].str.partition("#")[0]
    _require_a_batch_for_every_list_file(path, sources, set(batches["year"]))
    ordered = batches.sort_values("year")
    for earlier, later in zip(ordered.iloc[:-1].itertuples(), ordered.iloc[1:].itertuples(), strict=True):  # lists come out one a year, in order
        if not known_after(str(later.published), str(earlier.published)):
            raise DataFileError(path, f"the {later.year} list published {later.published}, not after the {earlier.year} list "
                                      f"({earlier.published}, row {earlier.row_number})", row=later.row_number, column="published")
    return ordered.set_index("year", drop=False)


def _require_a_batch_for_every_list_file(path: Path, sources: pd.DataFrame, years: set[int]) -> None:
    """A registered file of a list's rows whose year has no row here would be read by nothing: its list, left out of every
    count, would make each cumulative total short by a whole list without a word (a corrected version, _v2, names the
    year of the file it corrects, which keeps its row)."""
    for source in sources.itertuples():
        named = re.fullmatch(schemas.CLUSTERS.pattern, f"raw/{source.path}")
        year = int(re.search(r"clusters_(\d{4})", source.path).group(1)) if named else None
        if named and year not in years:
            raise DataFileError(path, f"no row for {year}, though {source.path!r} ({source.source_id}) holds rows of its list: give the "
                                      f"{year} list its row (year, source_id, published, count_evidence), as README's 'Adding a new "
                                      "year' says", column="year")




def load_limits(path: Path, published: dict[int, str], reports: dict) -> dict[tuple[int, str], tuple[float, str]]:
    """(list year, unit kind) -> (the most clusters such a unit may have on the list, the report saying so).

    Each list is chosen from the recommendations its notice calls for, and the notice caps them per unit:
    an upper bound on every unit's count in that list. A year or kind without a row has no known cap.
    `published`: each list's year and when it was published. A notice falls after the previous list and by its own
    list's publication, so a cap dated in another list's round is refused (one year's notice does not bound another's).
    """
    limits, cites = {}, {}
    for row in read_table(path, schemas.LIMITS.columns, key=("year", "unit_kind")).itertuples():
        year = int(row.year)
        if year not in published:
            raise DataFileError(path, f"no list of {row.year} in batches.csv; lists: {sorted(published)}", row=row.row_number, column="year")
        evidence_id, _, figure = row.evidence.partition("#")
        report, number = reports.get(evidence_id), int(figure or 1)
        if report is None:
            raise DataFileError(path, f"no independent report {evidence_id!r}", row=row.row_number, column="evidence")
        if not 1 <= number <= len(report.figures) or (report.figures[number - 1].unit, report.figures[number - 1].qualifier) != ("clusters", "at most"):
            raise DataFileError(path, f"{evidence_id!r} has no figure {number} of clusters 'at most'", row=row.row_number, column="evidence")
        wrong_round = _outside_round(report.as_of, year, published)
        if wrong_round:
            raise DataFileError(path, f"{evidence_id!r} is dated {report.as_of}, {wrong_round}: not the notice of the {year} list's round",
                                row=row.row_number, column="evidence")
        other = next((kind for (y, kind), cap in cites.items() if y == year and cap == row.evidence), None)
        if other:  # one figure cannot be the cap of a province and of a listed city: one of the rows cites the wrong report
            raise DataFileError(path, f"{row.evidence} is already the {year} cap of the unit kind {other!r}; each kind has its own "
                                      "figure in the notice", row=row.row_number, column="evidence")
        cites[year, row.unit_kind] = row.evidence
        limits[year, row.unit_kind] = (float(report.figures[number - 1].value), evidence_id)
        province, listed = limits.get((year, "province")), limits.get((year, "listed"))
        if province and listed and listed[0] > province[0]:  # a city listed apart is a part of a province
            raise DataFileError(path, f"the {year} list's cap for a listed city ({listed[0]:.0f}, {listed[1]}) is above a province's "
                                      f"({province[0]:.0f}, {province[1]}): are the two rows' evidence swapped?", row=row.row_number, column="evidence")
    return limits


def _outside_round(dated: str, year: int, published: dict[int, str]) -> str:
    """'' if a notice dated `dated` can be the recommendation notice of the `year` list: after the previous list was
    published and no later than this one; else where it falls. Dates compare at the precision both give."""
    if known_after(dated, published[year]):
        return f"after the {year} list was published ({published[year]})"
    earlier = [y for y in published if y < year]
    if earlier and known_after(published[max(earlier)], dated):
        return f"before the {max(earlier)} list was published ({published[max(earlier)]})"
    return ""


GENERIC_NAME = "中小企业特色产业集群"  # what every cluster's name ends in, wholly or in part


def load_sector_keywords(path: Path) -> pd.DataFrame:
    """The keywords that place a cluster in a sector, first match wins; a sector has one Chinese name, and a keyword in
    Traditional characters repeats its Simplified twin."""
    keywords = read_table(path, schemas.SECTOR_KEYWORDS.columns)
    require_unique(path, keywords.to_dict("records"), ("keyword",), form=comparable)
    named: dict[str, str] = {}
    sectors: dict[str, str] = {}
    for row in keywords.itertuples():
        if comparable(row.keyword) in GENERIC_NAME:  # 产, 集群: in every cluster's name, and first match wins: it would take them all
            raise DataFileError(path, f"{row.keyword!r} is part of what every cluster is called ({GENERIC_NAME}), so it would place "
                                      "every name in one sector; give a word of the industry", row=row.row_number, column="keyword")
        if named.setdefault(row.sector, row.sector_zh) != row.sector_zh:
            raise DataFileError(path, f"the sector {row.sector!r} is named {named[row.sector]!r} in Chinese above, not {row.sector_zh!r}",
                                row=row.row_number, column="sector_zh")
        if sectors.setdefault(row.sector_zh, row.sector) != row.sector:  # two bars with one Chinese label
            raise DataFileError(path, f"{row.sector_zh!r} is the Chinese name of the sector {sectors[row.sector_zh]!r} above, not of "
                                      f"{row.sector!r}", row=row.row_number, column="sector")
    return keywords




def load_named_sectors(path: Path, sectors: set[str], texts: dict[str, str]) -> pd.DataFrame:
    """The sectors an article names as the most common: each as written, the sector it is, and the article's sentence."""
    named = read_table(path, schemas.NAMED_SECTORS.columns, key=("article_id", "sector"))
    for row in named.itertuples():
        if row.sector not in sectors:
            raise DataFileError(path, f"unknown sector {row.sector!r}; sectors: {', '.join(sorted(sectors))}", row=row.row_number, column="sector")
        if unknown := unknown_article(row.article_id, texts):
            raise DataFileError(path, unknown, row=row.row_number, column="article_id")
        if row.quote not in texts[row.article_id]:
            raise DataFileError(path, f"not found word for word in article {row.article_id}", row=row.row_number, column="quote")
        if row.as_written not in row.quote:
            raise DataFileError(path, "not in the sentence it is quoted from", row=row.row_number, column="as_written")
    return named


def industry_part(row) -> str:
    """A cluster's name without its place names: '江苏省常熟市电子氟材料产业集群' -> '电子氟材料产业集群'.

    Keywords must not match place names (铜 in 铜山区, 乳 in 乳山市), so sectors are read from this part.
    """
    name = row["cluster_name"]
    for place in (row["province"], row["listed_under"], row["city"], row["county"]):
        for form in (place, place[:-1] if len(place) > 2 else ""):
            if form and form in name:
                name = name.replace(form, "", 1)
                break
    return name


def sector_of(name: str, keywords: pd.DataFrame, lang: str = "en") -> str:
    """The sector of the first keyword (in file order) found in a cluster name; 'Other' if none."""
    name = comparable(name)  # the keywords are Simplified: 電池 is 电池
    for row in keywords.itertuples():
        if comparable(row.keyword) in name:
            return row.sector_zh if lang == "zh" else row.sector
    return term("sector", "other", lang)


def load_named_examples(path: Path, provinces: pd.DataFrame, units: pd.DataFrame, texts: dict[str, str],
                        list_years: set[int]) -> pd.DataFrame:
    """Clusters the articles name as examples, with the pattern that finds each in the rows and the list an article says
    each is on (one of `list_years`, if given)."""
    examples = _provinces_as_held(path, read_table(path, schemas.NAMED_EXAMPLES.columns, key=("example_id",)), provinces)
    for row in examples.itertuples():
        def fail(message, column, row=row):
            raise DataFileError(path, message, row=row.row_number, column=column)

        if unknown := unknown_article(row.article_id, texts):
            fail(unknown, "article_id")
        if row.as_named not in texts[row.article_id]:
            fail(f"not found word for word in article {row.article_id}", "as_named")
        if problem := _pattern_problem(row.pattern, row.as_named, provinces):
            fail(problem, "pattern")
        if (named := _provinces_named(row.as_named, provinces, units)) and row.province not in named:
            fail(f"the example names {'、'.join(named)} ({readable(row.as_named)}), not {row.province}", "province")
        if row.list_year and int(row.list_year) not in list_years:
            fail(f"no list of {row.list_year}; the lists are of {', '.join(str(year) for year in sorted(list_years))}", "list_year")
    return examples


def _pattern_problem(pattern: str, as_named: str, provinces: pd.DataFrame) -> str:
    """Why `pattern` cannot find the example as named, or ''. It is a part of the name (in either script) and a word of
    its industry: a place or what every cluster is called (集群) would find every cluster of the province."""
    pattern, name = comparable(pattern), comparable(readable(as_named))  # 醫(yī)療 as 医疗
    if pattern not in name:
        return f"{pattern!r} is not a part of the example as named ({readable(as_named)}); give the words of its industry"
    if pattern in GENERIC_NAME or pattern in {*provinces.index, *provinces["short_zh"]} or PLACE_NAME.fullmatch(pattern):
        return f"{pattern!r} would find every cluster of the province, not this one; give the words of its industry"
    return ""


def _provinces_named(as_named: str, provinces: pd.DataFrame, units: pd.DataFrame) -> list[str]:
    """The provinces a name names, by a province's or a listed city's name, in either script ('江蘇省南京市…' -> 江苏省)."""
    name = comparable(readable(as_named))
    named = provinces_named(name, provinces)
    return named + [province for unit, province in zip(units.index, units["province"], strict=True)
                    if unit.removesuffix("市") in name and province not in named]


# A place below a province, named in full: Chinese characters without spaces, ending as a city, prefecture, league,
# district, county or banner does (温州市, 恩施土家族苗族自治州, 锡林郭勒盟, 阿里地区)
PLACE_NAME = re.compile(r"[\u4e00-\u9fff]{1,12}(?:市|州|盟|地区|区|县|旗)")


def load_province_totals(path: Path, provinces: pd.DataFrame, listing_units: pd.DataFrame) -> pd.DataFrame:
    """Counts per province, 计划单列市 or city as news reported them (not computed from rows). A unit that is a province
    is the row's province, in full (浙江省, not 浙江); a listed city (`listing_units`) is in the row's province: a count
    filed under another unit would be counted as that unit's."""
    totals = _provinces_as_held(path, read_table(path, schemas.PROVINCE_TOTALS.columns), provinces)
    short = {comparable(name): province for province, name in zip(provinces.index, provinces["short_zh"], strict=True)}
    listed = dict(zip(listing_units.index, listing_units["province"], strict=True))
    for row in totals.itertuples():
        unit = comparable(row.unit)
        if unit in short:
            raise DataFileError(path, f"{row.unit!r} is a province's short name; write it in full, as the province column does "
                                      f"({short[unit]!r})", row=row.row_number, column="unit")
        held = unit if unit in provinces.index else listed.get(unit)
        if held is None and not PLACE_NAME.fullmatch(unit):  # neither a province nor a listed unit: a city, named in full
            raise DataFileError(path, f"{row.unit!r} is not a province, a unit the lists name apart or a place named in full "
                                      "(温州市, 恩施土家族苗族自治州); write the unit as data/reference/provinces.csv or "
                                      "listing_units.csv write it, or a city's full Chinese name", row=row.row_number, column="unit")
        if held is not None and held != row.province:
            raise DataFileError(path, f"the unit {row.unit!r} is in {held}, not in {row.province} as the row says", row=row.row_number, column="unit")
    return totals




def load_facts(path: Path) -> pd.DataFrame:
    """Outside facts by id; a year is a whole number."""
    facts = read_table(path, schemas.FACTS.columns, key=("fact_id",))
    for row in facts.itertuples():
        if row.unit == "year" and not float(row.value).is_integer():
            raise DataFileError(path, f"a year is a whole number, got {row.value:g}", row=row.row_number, column="value")
        printed = {float(number.replace(",", "")) for number in re.findall(r"\d[\d,]*(?:\.\d+)?", row.description)}
        if float(row.value) not in printed:  # 1987 typed for the 1978 its description gives
            raise DataFileError(path, f"{row.value:g} is not a figure its description gives ({row.description[:80]})",
                                row=row.row_number, column="value")
    return facts.set_index("fact_id", drop=False)




def load_county_units(path: Path, reports: dict) -> pd.DataFrame:
    """County-level units by type; `in_county_economy` marks the types counted as 县域 (counties, cities, banners).

    The rows citing a report that gives one total of units are that total split by type: they must add up to it, at its
    date (a mistyped count would change every share of the county economy without a word)."""
    units = read_table(path, schemas.COUNTY_UNITS.columns, key=("unit_type",))
    for row in units.itertuples():
        if row.evidence_id not in reports:
            raise DataFileError(path, f"no independent report {row.evidence_id!r}", row=row.row_number, column="evidence_id")
        report = reports[row.evidence_id]
        if row.as_of != report.as_of:
            raise DataFileError(path, f"{row.evidence_id!r} counts units as of {report.as_of}, not {row.as_of}", row=row.row_number, column="as_of")
    for evidence_id, rows in units.groupby("evidence_id", sort=False):
        figures = reports[evidence_id].figures
        if len(figures) == 1 and figures[0].unit == "units" and figures[0].qualifier == "exact" and rows["units"].sum() != float(figures[0].value):
            raise DataFileError(path, f"the rows citing {evidence_id!r} add up to {rows['units'].sum():,.0f} units; the report gives "
                                      f"{float(figures[0].value):,.0f} in all", row=int(rows["row_number"].iloc[-1]), column="units")
    return units


def load_reviews(path: Path, sources: pd.DataFrame, counts: dict[int, tuple[str, int]], reports: dict) -> pd.DataFrame:
    """One row per review (复核) of a list: its year, the file of clusters known to have passed, and how many passed.

    `counts`: each list's year and the figure giving its official count (evidence id, index): a review's passes are
    another figure (one report may give both, as the 2025 list's does: 100 recognised, 97 of 2022's passing)."""
    years = set(counts)
    official = {figure: year for year, figure in counts.items()}
    reviews = read_table(path, schemas.REVIEWS.columns, key=("list_year", "review_year"))
    passed = []
    for row in reviews.itertuples():
        if int(row.list_year) not in years:
            raise DataFileError(path, f"no list {row.list_year} in batches.csv", row=row.row_number, column="list_year")
        if row.source_id not in sources.index:
            raise DataFileError(path, f"no source {row.source_id!r} in the source registry", row=row.row_number, column="source_id")
        evidence_id, _, figure = row.passed_evidence.partition("#")
        report = reports.get(evidence_id)
        number = int(figure or 1)
        if report is None or not 1 <= number <= len(report.figures):
            raise DataFileError(path, f"no figure {number} of an independent report {evidence_id!r}", row=row.row_number, column="passed_evidence")
        if (evidence_id, number - 1) in official:
            raise DataFileError(path, f"figure {number} of {evidence_id!r} is the official count of the {official[evidence_id, number - 1]} "
                                      "list (batches.csv); how many passed a review is another figure", row=row.row_number, column="passed_evidence")
        count = report.figures[number - 1]
        if count.unit != "clusters" or count.qualifier != "exact" or count.value != count.value.to_integral_value():
            raise DataFileError(path, f"figure {number} of {evidence_id!r} is {count.qualifier} {count.value} {count.unit}; how many passed "
                                      "is an exact whole number of clusters", row=row.row_number, column="passed_evidence")
        if int(row.review_year) <= int(row.list_year):
            raise DataFileError(path, f"a review of the {row.list_year} list comes after it, not in {row.review_year}", row=row.row_number,
                                column="review_year")
        if report.as_of[:4].isdigit() and int(row.review_year) > int(report.as_of[:4]):  # a count of passes is known once the review is done
            raise DataFileError(path, f"a review in {row.review_year}, but the report of its passes ({evidence_id}) is as of {report.as_of}",
                                row=row.row_number, column="review_year")
        if not re.fullmatch(schemas.REVIEWED.pattern, f"raw/{sources.loc[row.source_id, 'path']}"):
            raise DataFileError(path, f"{row.source_id!r} is not a file of a review's passes ({sources.loc[row.source_id, 'path']})",
                                row=row.row_number, column="source_id")
        passed.append(float(count.value))
    reviews[["list_year", "review_year"]] = reviews[["list_year", "review_year"]].astype(int)
    reviews["passed"] = passed
    reviews["passed_evidence"] = reviews["passed_evidence"].str.partition("#")[0]
    return reviews


def load_reviewed(path: Path, provinces: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The clusters of a list known to have passed a review, placed like the list's own rows."""
    rows = read_rows(path, schemas.REVIEWED.columns)
    for row in rows:
        _check_place(path, row, provinces, units)
    require_unique(path, rows, ("cluster_name",), form=name_key)  # a name in Traditional characters repeats its twin
    return pd.DataFrame(rows)


def _core(name: str) -> str:
    """A cluster name without a note in brackets, its place prefixes and its '(产业)集群' suffix: what two wordings share."""
    core = re.sub(r"\s*[(（].*?[)）]\s*", "", name)
    core = re.sub(r"(产业)?集群$", "", core)
    for _ in range(3):
        core = re.sub(r"^[^省市区县]{1,7}?(省|自治区|市|区|县)(?=.{2,})", "", core, count=1)
    return core


def matching_rows(named: pd.DataFrame, rows: pd.DataFrame) -> list[str]:
    """For each cluster of `named` (cluster_name, province), the list row in the same province that it is, named in another
    wording; '' where none is. Each list row's core is computed once."""
    by_province: dict[str, list[tuple[str, str, str]]] = {}
    for name, province in zip(rows["cluster_name"], rows["province"], strict=True):
        by_province.setdefault(province, []).append((name, comparable(name), _core(comparable(name))))
    found = []
    for name, province in zip(named["cluster_name"], named["province"], strict=True):
        name = comparable(name)
        core = _core(name)
        found.append(next((row for row, form, row_core in by_province.get(province, []) if core and (core in form or row_core in name)), ""))
    return found


def require_of_the_list(path: Path, passed: pd.DataFrame, list_year: int, rows: dict[int, pd.DataFrame]) -> None:
    """A cluster known to have passed the review of one list is not, word for word (in either script), a row of another
    list: it would be counted as a pass of a list it is not on."""
    for year, other in rows.items():
        if year == list_year:
            continue
        names = {name_key(name) for name in other["cluster_name"]}
        for row in passed.itertuples():
            if name_key(row.cluster_name) in names:
                raise DataFileError(path, f"{row.cluster_name!r} is a row of the {year} list, not of the {list_year} list this review is of",
                                    row=row.row_number, column="cluster_name")


def rows_named_like(rows: pd.DataFrame, province: str, pattern: str) -> pd.DataFrame:
    """The known rows of a province whose name contains `pattern` (an example an article names, as it names it)."""
    named = comparable(pattern)
    return rows[(rows["province"] == province) & rows["cluster_name"].map(lambda name: named in comparable(name)).astype(bool)]
