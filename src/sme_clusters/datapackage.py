"""The results and their inputs as a Frictionless data package: `data/datapackage.json`.

Every CSV under data/ is a resource with a Table Schema: each column's type, its meaning, its
unit where it has one, and the constraints a reader can rely on. Types, patterns and allowed
values come from the loaders' own column specs (the validation that runs before any notebook),
so the package cannot promise what the loaders do not check; the meanings are written here.
The list of resources is read from the files present: a new year's list file joins the package
when `sme-clusters run` writes it again. A test validates the package with `frictionless` and
checks that the committed file is current.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import claims as cm
from . import config
from . import clusters as cl
from . import evidence as ev
from . import sources as so
from .output import write_text_atomically
from .validation import NUMBER, Column
from .summary import findings_columns
from .verdicts import ACCURACY, BASES, DERIVED, VERDICTS



@dataclass(frozen=True)
class Table:
    """A kind of table: the files it covers (a pattern on the path under data/), what one row is, and its columns."""

    pattern: str
    title: str
    row: str  # what one row is
    columns: list[Column]


VERDICT_COLUMNS = [
    Column("key"), Column("statement"), Column("article_says", required=False), Column("found", required=False),
    Column("verdict", choices=(*VERDICTS, DERIVED)), Column("basis", required=False), Column("evidence", required=False),
    Column("explanation", required=False), Column("accuracy", required=False, choices=ACCURACY),
    Column("evidence_range", required=False), Column("gap", required=False), Column("deciding", required=False),
    Column("supported", required=False), Column("notebook", pattern=r"\d{2}-[a-z0-9-]+"),
]
LEDGER_COLUMNS = [
    Column("claim", pattern=cm.CLAIM_COLUMNS[0].pattern), Column("article", pattern=r"\d{3}"), Column("topic", choices=cm.TOPICS),
    Column("as of", pattern=cm.CLAIM_COLUMNS[5].pattern), Column("article says"), Column("accuracy", choices=ACCURACY), Column("found", required=False), Column("verdict", choices=VERDICTS),
    Column("evidence_range", required=False), Column("gap", required=False), Column("basis", required=False),
    Column("supported", required=False), Column("deciding", required=False), Column("evidence", required=False),
    Column("notebook", required=False),
    Column("explanation"), Column("quote"),
    Column("our English gloss", required=False),
]
EVIDENCE_COLUMNS = [Column("evidence"), Column("publisher"), Column("date"), Column("as printed"), Column("url"), Column("claims")]
LISTS_COLUMNS = [
    Column("list", pattern=cl.YEAR), Column("published"), Column("official count", kind=NUMBER), Column("from the notice as reported"),
    Column("article's claim"), Column("known rows", kind=NUMBER), Column("coverage", pattern=r"\d+%"), Column("cumulative", kind=NUMBER),
]
REGIONS_BY_LIST_COLUMNS = [Column("region"), Column("{year}", kind=NUMBER)]  # one count column per list year

TABLES = [
    Table(r"sources\.csv", "Source registry", "a source: an article or a raw file, with its checksum", so.SOURCE_COLUMNS),
    Table(r"claims\.csv", "Claims", "a figure one of the five articles states, with its exact sentence", cm.CLAIM_COLUMNS),
    Table(r"claims_excluded\.csv", "Numeric text that is not a claim", "a sentence with a number, and why it is not a claim",
          cm.EXCLUSION_COLUMNS),
    Table(r"reported_figure_metrics\.csv", "Reported figures matched to claims", "which claim metric a reported figure lines up with",
          cm.METRIC_MAP_COLUMNS),
    Table(r"batches\.csv", "National lists", "one yearly list of national clusters: its rows file and its official count", cl.BATCH_COLUMNS),
    Table(r"reviews\.csv", "Reviews of the lists", "one review (复核) of a list: how many passed, and the file of known passes",
          cl.REVIEW_COLUMNS),
    Table(r"claim_evidence\.csv", "Evidence linked to claims", "an independent report's figure that bears on a claim",
          ev.CLAIM_EVIDENCE_COLUMNS),
    Table(r"recommendation_limits\.csv", "Recommendation limits", "the most clusters one kind of unit may have on one list, by report",
          cl.LIMIT_COLUMNS),
    Table(r"reference/provinces\.csv", "Provinces", "a province-level unit of the mainland", cl.PROVINCE_COLUMNS),
    Table(r"reference/listing_units\.csv", "Units listed apart", "a city or corps the lists name apart from its province",
          cl.LISTING_UNIT_COLUMNS),
    Table(r"reference/sector_keywords\.csv", "Sector keywords", "a keyword that assigns a cluster name to a sector (first match wins)",
          cl.SECTOR_COLUMNS),
    Table(r"reference/named_examples\.csv", "Examples the articles name", "a cluster an article names as an example",
          cl.EXAMPLE_COLUMNS),
    Table(r"reference/named_sectors\.csv", "Sectors the articles name", "a sector an article names as among the most common",
          cl.NAMED_SECTOR_COLUMNS),
    Table(r"reference/facts\.csv", "Outside facts", "a fact a claim is checked against, with its source", cl.FACT_COLUMNS),
    Table(r"reference/county_units\.csv", "County-level units", "a type of county-level unit and how many there are",
          cl.COUNTY_UNIT_COLUMNS),
    Table(r"raw/[a-z]+/clusters_\d{4}\.csv", "Known rows of a list", "a cluster of the list, as compiled", cl.cluster_columns(True)),
    Table(r"raw/[a-z]+/clusters_year_uncertain\.csv", "Clusters of uncertain list year", "a national cluster whose list is not known",
          cl.cluster_columns(False)),
    Table(r"raw/[a-z]+/clusters_\d{4}_review_\d{4}\.csv", "Known passes of a review", "a cluster known to have passed the review",
          cl.REVIEWED_COLUMNS),
    Table(r"raw/[a-z]+/independent_reports.*\.csv", "Independent reports", "a figure printed by a source other than the five articles",
          ev.REPORT_COLUMNS),
    Table(r"raw/[a-z]+/province_totals.*\.csv", "Reported province totals", "a count of clusters news reported for a province or city",
          cl.PROVINCE_TOTAL_COLUMNS),
    Table(r"raw/[a-z]+/other_reported_figures\.csv", "Other reported figures", "a figure reported outside the articles, shown for context",
          cm.REPORTED_FIGURE_COLUMNS),
    Table(r"processed/\d{2}-[a-z0-9-]+__verdicts\.csv", "A notebook's verdicts", "a claim judged, or a figure derived, by the notebook",
          VERDICT_COLUMNS),
    Table(r"processed/\d{2}-[a-z0-9-]+__findings\.csv", "A notebook's findings", "the one-sentence finding that ends a section",
          findings_columns()),
    Table(re.escape(f"processed/{config.LEDGER.name}"), "The claims ledger", "a claim with its verdict and the evidence it rests on",
          LEDGER_COLUMNS),
    Table(r"processed/99-claims-ledger__evidence\.csv", "The evidence cited", "an independent report a verdict cites", EVIDENCE_COLUMNS),
    Table(r"processed/02-batches__lists\.csv", "Lists and their coverage", "a list: its official count and how much of it is known",
          LISTS_COLUMNS),
    Table(r"processed/03-regions__regions-by-list\.csv", "Known rows by region and list", "a region (and two total rows)",
          REGIONS_BY_LIST_COLUMNS),
]

# What each column means, and its unit where it has one. A column's meaning is the same in every table that has it,
# unless a table says otherwise in OVERRIDES (keyed by the table's title).
MEANINGS: dict[str, str | tuple[str, str]] = {
    "source_id": "id of a registered source (data/sources.csv)",
    "kind": "kind of source: article, compiled (rows, counts), independent (reports) or note",
    "path": "the file, under data/raw/",
    "accessed": "the day the project took its copy (YYYY-MM-DD): for a file received from the team, the day it was registered; "
                "the capture date of a web page, where known, is in its description",
    "licence": "the terms the copy is held and reused under (see LICENSE)",
    "sha256": "SHA-256 checksum of the file as registered; loading fails if the file changes",
    "publisher": "who printed it, as printed (Chinese names kept, an English name added)",
    "title": "title as printed",
    "date": "date printed: YYYY, YYYY-MM or YYYY-MM-DD; empty if the page shows none",
    "url": "where it was read (often a repost or mirror)",
    "source_url": "where it was read (often a repost or mirror; several separated by ' | ')",
    "language": "language of the text: zh, zh-Hant, en, or several joined by '+'",
    "description": "what it is",
    "claim_id": "id of a claim: the article id, then a name",
    "article_id": "id of one of the five source articles",
    "topic": "what the claim is about",
    "metric": "the quantity, by name (the notebooks ask for claims by it)",
    "scope": "what the figure covers: a list ('2022 list'), a province, a period",
    "as_of": "the date or period the figure refers to (YYYY[-MM[-DD]], or a range start/end)",
    "quote": "the article's sentence holding the figure, word for word as captured",
    "quote_en": "our English gloss of a Chinese quote (our translation, not the publisher's)",
    "value": ("the figure, in the row's unit", "see the unit column"),
    "value_upper": ("the upper end of a range ('3–5 years'), else empty", "see the unit column"),
    "unit": "the unit of value: clusters, enterprises, percent, yuan, years, ...",
    "qualifier": "how the figure is stated: exact, over, at least, about, nearly or between",
    "label_en": "a short English label for charts and tables",
    "label_zh": "a short Chinese label for charts and tables",
    "text": "the sentence, word for word as captured",
    "reason": "why the number in it is not a claim",
    "subject": "what the figure is about",
    "figure": "which figure of the subject",
    "year": ("the list year (the list of 2022 was published in January 2023)", "year"),
    "published": "when the list was published: YYYY-MM or YYYY-MM-DD",
    "notice": "the MIIT notice's number",
    "count_evidence": "the independent report giving the list's official count (#n: its n-th figure)",
    "count_claim_id": "the article claim stating the same count, if an article does",
    "list_year": ("the list reviewed, or the list an example belongs to", "year"),
    "review_year": ("the year of the review (复核)", "year"),
    "passed_evidence": "the independent report giving how many passed (#n: its n-th figure)",
    "evidence_id": "id of an independent report (raw/*/independent_reports*.csv)",
    "role": "empty when the figure is set against the claim; else the part it plays in the claim's check: whole (the base of a share), summed whole (added to the claim's other such figures), part of whole and share of whole (the base is part / share)",
    "unit_kind": "province, or listed (a 计划单列市 or the 兵团, listed apart from its province)",
    "section": ("the section's place in its notebook", "section"),
    "finding": "the section's finding, in the run's language, built from its verdicts",
    "relation": "independent (a separate source), original (the record the article reports: tests the reporting, decides as a report), same statement (another report of the very statement: tests what was said only) or context",
    "note": "how far to trust it, and anything a reader should know",
    "province": "province-level unit, its full Chinese name (e.g. 山东省)",
    "short_zh": "the province's short Chinese name (山东)",
    "name_en": "English name",
    "region": "NBS region: East, Central, West or Northeast",
    "tile_row": "row of the province's tile on the tile map",
    "tile_col": "column of the province's tile on the tile map",
    "keyword": "a word in a cluster name",
    "sector": "the sector it assigns, in English",
    "sector_zh": "the sector it assigns, in Chinese",
    "example_id": "id of the example",
    "as_named": "the example as the article writes it, word for word",
    "pattern": "the text that finds the example among the cluster names",
    "fact_id": "id of the fact",
    "source": "where the fact is from",
    "unit_type": "type of county-level unit",
    "unit_type_zh": "the type in Chinese (市辖区, 县级市, 县, 旗, ...)",
    "in_county_economy": "yes if the type counts as 县域 (counties, county-level cities, banners)",
    "units": ("how many units of the type", "county-level units"),
    "listed_under": "the unit the official list places it under (a province, or a city listed apart)",
    "city": "its prefecture-level city, where known",
    "county": "its county-level unit, where known",
    "cluster_name": "the cluster's name as the source prints it",
    "name_form": "full (the official name), partial (a prefix dropped) or abbreviated (a short form)",
    "review_result": "passed, or passed at the public-notice (公示) stage",
    "bears_on": "the claim or question the report bears on",
    "phrase_as_printed": "the phrase holding the figure, as printed",
    "total": ("clusters reported", "clusters"),
    "quote_or_note": "the phrase as printed, or a note",
    "key": "a claim id, or the name of a figure the notebook derives",
    "statement": "what the figure is, in the run's language",
    "article_says": "the figure as the article states it",
    "found": "what the evidence gives",
    "verdict": f"the verdict on the scale ({', '.join(VERDICTS)}), or '{DERIVED}' for a figure the notebook computes",
    "basis": "what the deciding evidence is: " + ", ".join(BASES),
    "accuracy": "was it reported accurately? " + ", ".join(ACCURACY) + " (the article against the original record of the statement)",
    "evidence_range": "the lowest and highest value of the evidence weighed, for an approximate claim or evidence that differs",
    "gap": "for a verdict that does not hold: what the evidence gives, which way and by how much it misses the article's figure",
    "deciding": "the evidence the verdict rests on (a subset of evidence); separated by '; '",
    "supported": "for a verdict that depends on reading: the reading the claim's wording supports, and the verdict under it",
    "evidence": "the evidence it rests on: report ids, registered files (with :row), claim ids; separated by '; '",
    "explanation": "how the verdict was reached: each check, its arithmetic or source, and whether it agrees",
    "notebook": "the notebook that reached it",
    "claim": "the claim's id (data/claims.csv)",
    "article": "the article's id (data/sources.csv)",
    "article says": "the figure as the article states it",
    "as of": "the date or period the figure refers to (YYYY, YYYY-MM, YYYY-MM-DD, or two of them joined by /)",
    "our English gloss": "our English gloss of a Chinese quote",
    "as printed": "the phrase as printed (without the pinyin some mirrors add)",
    "claims": "the claims whose verdicts cite it",
    "list": ("the list year", "year"),
    "official count": ("clusters in the list, by the notice as reported", "clusters"),
    "from the notice as reported": "the independent report of the notice that gives the count",
    "article's claim": "the article claim stating the same count, or —",
    "known rows": ("clusters of the list known by name", "clusters"),
    "coverage": "known rows as a share of the official count",
    "cumulative": ("clusters in all lists to this one", "clusters"),
    "{year}": ("clusters of the list of this year known as rows, by region", "clusters"),
}
OVERRIDES: dict[tuple[str, str], str | tuple[str, str]] = {
    ("Outside facts", "value"): ("the fact's value", "see the unit column"),
    ("Sectors the articles name", "as_written"): "the sector as the article writes it",
    ("Sectors the articles name", "sector"): "the sector of data/reference/sector_keywords.csv it is",
    ("Sectors the articles name", "quote"): "the article's sentence, word for word",
    ("Outside facts", "unit"): "the unit of value",
    ("Reported province totals", "unit"): "the unit counted: a province, or a city or corps listed apart",
    ("Reported province totals", "as_of"): "the date of the report",
    ("County-level units", "as_of"): "the date the count refers to",
    ("Units listed apart", "unit"): "the city or corps, its Chinese name",
    ("Units listed apart", "province"): "the province it belongs to",
    ("Units listed apart", "kind"): "what kind of unit it is",
    ("The evidence cited", "url"): "where it was read, or a note that only a repost was seen",
    ("The evidence cited", "date"): "date printed, or (undated)",
    ("Lists and their coverage", "published"): "when the list was published",
    ("Recommendation limits", "year"): ("the list", "year"),
    ("Recommendation limits", "evidence"): "the independent report (and its figure, #n) that states the limit, 'at most'",
    ("A notebook's findings", "claims"): "the claims whose verdicts the finding states; separated by '; '",
    ("Known rows by region and list", "region"): "NBS region, then 'known rows' (all regions) and 'official count'",
}

WHOLE_NUMBER = {cl.YEAR, r"\d+"}  # patterns that make a column an integer


def _field(name: str, column: Column, table: Table) -> dict:
    meaning = OVERRIDES.get((table.title, column.name), MEANINGS.get(column.name))
    if meaning is None:
        raise KeyError(f"no meaning is written for column {column.name!r} of '{table.title}' (datapackage.MEANINGS)")
    description, unit = meaning if isinstance(meaning, tuple) else (meaning, "")
    integer = column.pattern in WHOLE_NUMBER
    field = {"name": name, "type": "integer" if integer else "number" if column.kind == NUMBER else "string", "description": description}
    if unit:
        field["unit"] = unit
    constraints = {"required": True} if column.required else {}
    if column.choices:
        constraints["enum"] = list(column.choices)
    if column.pattern and not integer:
        constraints["pattern"] = column.pattern
    if column.kind == NUMBER and column.minimum is not None:
        constraints["minimum"] = int(column.minimum)
    return {**field, "constraints": constraints} if constraints else field


def _table_for(relative: str) -> Table:
    matching = [t for t in TABLES if re.fullmatch(t.pattern, relative)]
    if len(matching) != 1:
        raise LookupError(f"data/{relative} is described by {len(matching)} tables in datapackage.TABLES; each CSV needs exactly one")
    return matching[0]


def _resource(path: Path, root: Path) -> dict:
    """One CSV as a resource: its columns, in the file's order, each with its type, meaning and constraints."""
    relative = path.relative_to(root).as_posix()
    table = _table_for(relative)
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    by_name = {c.name: c for c in table.columns}
    fields = []
    for name in header:
        column = by_name.get(name) or (by_name.get("{year}") if re.fullmatch(cl.YEAR, name) else None)
        if column is None:
            raise LookupError(f"data/{relative}: column {name!r} is not among the columns of '{table.title}' in datapackage.TABLES")
        fields.append(_field(name, column, table))
    return {"name": re.sub(r"[^a-z0-9.-]+", "-", relative.removesuffix(".csv").lower()), "path": relative, "title": table.title,
            "description": f"One row is {table.row}.", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            **_provenance(relative, root), "schema": {"fields": fields}}


def _provenance(relative: str, root: Path) -> dict:
    """A registered raw file's provenance, as OWID records a snapshot's: who published it, where, when the project took its
    copy, and the terms it is held under (from sources.csv)."""
    registry = root / "sources.csv"
    if not relative.startswith("raw/") or not registry.is_file():
        return {}
    with registry.open(encoding="utf-8", newline="") as handle:
        entry = next((row for row in csv.DictReader(handle) if f"raw/{row['path']}" == relative), None)
    if entry is None:
        return {}
    source = {"title": f"{entry['publisher']}: {entry['title']}", **({"path": entry["url"]} if entry.get("url") else {})}
    return {"sources": [source], "accessed": entry.get("accessed", ""), "terms": entry.get("licence", "")}


def build_package(root: Path) -> dict:
    """The data package of a data folder: every CSV in it, in path order."""
    files = sorted(root.rglob("*.csv"), key=lambda p: p.relative_to(root).as_posix())
    return {
        "name": "sme-clusters",
        "title": "China's SME characteristic industrial clusters, checked: claims, evidence and verdicts",
        "description": "The claims of five news articles about China's national SME characteristic industrial clusters "
                       "(中小企业特色产业集群), the evidence they are checked against, and the verdicts the notebooks reach "
                       "(processed/). Raw files (raw/) are registered with checksums in sources.csv. The project's own tables "
                       "are CC BY 4.0; compiled facts keep their sources' terms, cited row by row (see LICENSE).",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0 (the project's own tables)"}],
        "resources": [_resource(path, root) for path in files],
    }


def package_text(root: Path) -> str:
    return json.dumps(build_package(root), ensure_ascii=False, indent=2) + "\n"


def write_package(root: Path) -> bool:
    """Write `root/datapackage.json` (config.PACKAGE_FILE) if it differs from the package the folder holds now; True if it was written."""
    target, text = root / config.PACKAGE_FILE, package_text(root)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    write_text_atomically(target, text)
    return True
