"""Every table the project reads or writes, declared once: its columns, their types and constraints, what they mean, their units.

The loaders validate each file against its table here (validation.read_rows), and the data package
(`data/datapackage.json`) is written from these tables alone (datapackage.py), so the package cannot
promise what the loaders do not check, and no column is described in two places. The allowed values
of a column (topics, regions, verdicts, ...) are declared here too, as the vocabularies the rest of
the package imports.

This module imports nothing heavy: the runner reads it on every run, a no-op run included.
"""
from __future__ import annotations

import calendar
import datetime
import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from . import config
from .qualifiers import QUALIFIERS

NUMBER = "number"
TEXT = "text"

# ---- patterns and vocabularies -------------------------------------------------------------------------------------
YEAR = r"\d{4}"
DATE_PATTERN = r"\d{4}(-\d{2}(-\d{2})?)?"  # YYYY, YYYY-MM or YYYY-MM-DD
PERIOD_PATTERN = rf"{DATE_PATTERN}(/{DATE_PATTERN})?"  # a date, or a period: start/end
LANGUAGES_PATTERN = r"(zh|zh-Hant|en)(\+(zh|zh-Hant|en))*"  # a text's languages: zh, zh-Hant, en, or several joined by '+'
UNIT_PATTERN = r"[a-z]+([ -][a-z]+)*"  # a unit in lower-case words: clusters, county-level units, percent year on year
UNITS_PATTERN = rf"{UNIT_PATTERN}( \| {UNIT_PATTERN})*"  # one per figure of a report's sentence: 'enterprises | percent'
# How a value of a pattern is written, said in words beside the pattern when a value does not match
PATTERN_WORDS = {UNIT_PATTERN: "a unit in lower-case words: clusters, county-level units",
                 UNITS_PATTERN: "units in lower-case words, one per figure, separated by ' | '", DATE_PATTERN: "a date: YYYY, YYYY-MM or YYYY-MM-DD", PERIOD_PATTERN: "a date (YYYY, YYYY-MM or YYYY-MM-DD) or "
                 "a period (start/end)", LANGUAGES_PATTERN: "zh, zh-Hant or en, or several joined by '+'"}
CLAIM_ID = r"\d{3}-[a-z0-9-]+"
ARTICLE_ID = r"\d{3}"
NOTEBOOK = r"\d{2}-[a-z0-9-]+"
NAME = r"[a-z0-9_]+"  # a metric, a fact, a chart text's key
EVIDENCE_REF = r"[a-z0-9][a-z0-9-]*(#\d+)?"  # an independent report, and (#n) which of its figures
URL = r"https?://\S+"
ID_SEPARATOR = "; "  # several ids in one cell (the evidence a verdict rests on, the claims a finding states)


def join_ids(ids) -> str:
    """Ids as one cell holds them."""
    return ID_SEPARATOR.join(ids)


def split_ids(cell: str) -> list[str]:
    """The ids one cell holds (none for an empty cell)."""
    return [i for i in cell.split(ID_SEPARATOR) if i]

TOPICS = (
    "batches", "first_batch", "tiers", "governance", "regions", "industries", "county",
    "policy", "economy", "case", "services", "digital", "text", "dates",
)
REGIONS = ("East", "Central", "West", "Northeast")  # NBS four-region division
NAME_FORMS = ("full", "partial", "abbreviated")
SOURCE_KINDS = ("article", "compiled", "independent", "note")  # independent: figures from sources other than the articles
LIMIT_KINDS = ("province", "listed")  # a province; a 计划单列市 or the 兵团, listed apart
REVIEW_RESULTS = ("passed", "passed (公示 stage)")

RELATIONS = ("independent", "original", "same statement", "context")
# The part a figure plays in a check, when it is not set against the claim itself: the base of a share
WHOLE = "whole"  # the figure is the total a share is of
SUMMED_WHOLE = "summed whole"  # the figures of every such link add up to the total (batches announced apart)
PART_OF_WHOLE = "part of whole"  # with SHARE_OF_WHOLE from the same report: the total is part / share
SHARE_OF_WHOLE = "share of whole"
ADDEND = "addend"  # the figures of every such link add up to a value set against the claim (batches of a programme)
FIRST_YEAR = "first year"  # with LAST_YEAR: a period's ends, whose length in years is set against the claim
LAST_YEAR = "last year"
CEILING = "ceiling"  # a share of a larger whole that holds the claimed part: the most the claimed share can be of that whole
ROLES = (WHOLE, SUMMED_WHOLE, PART_OF_WHOLE, SHARE_OF_WHOLE, ADDEND, FIRST_YEAR, LAST_YEAR, CEILING)

# Question 2: does it hold? The scale, strongest first
REPRODUCED = "reproduced"
CORROBORATED = "corroborated"
CONSISTENT = "consistent"
EVIDENCE_DIVIDED = "evidence divided"
INCONSISTENT = "inconsistent"
CONTRADICTED = "contradicted"
DEPENDS_ON_READING = "depends on reading"
NOT_CHECKABLE = "not checkable"
VERDICTS = (REPRODUCED, CORROBORATED, CONSISTENT, DEPENDS_ON_READING, EVIDENCE_DIVIDED, INCONSISTENT, CONTRADICTED, NOT_CHECKABLE)
DERIVED = "derived"  # not a verdict: a figure computed from claims (an average, an implied total)
# Question 1: was it reported accurately?
ACCURATE = "accurate"
MISREPORTED_TRANSLATION = "misreported: translation error"
MISREPORTED_FIGURE = "misreported: wrong figure"
NO_ORIGINAL = "no original found"
ACCURACY = (ACCURATE, MISREPORTED_TRANSLATION, MISREPORTED_FIGURE, NO_ORIGINAL)
# What the deciding evidence is
RECOMPUTED = "recomputed"
COMPUTED_FROM_REPORTS = "computed from reports"
REPORTED = "reported"
CLAIMS = "claims"
BASES = (RECOMPUTED, COMPUTED_FROM_REPORTS, REPORTED, CLAIMS)


# ---- a column, a table ---------------------------------------------------------------------------------------------
MAX_LENGTH = 1_000  # characters in one cell, unless a column says otherwise (the longest today, an English gloss, is about 400)
# Characters no cell may hold: they are invisible or change how text around them reads, so a name holding one looks like
# another and passes a duplicate check; a line break inside a cell splits a record for most tools.
REFUSED_CATEGORIES = {"Cc": "a control character (a line break, tab or NUL among them)", "Cf": "an invisible formatting character",
                      "Zl": "a line separator", "Zp": "a paragraph separator", "Co": "a private-use character",
                      "Cn": "an unassigned code point"}


# A cell a spreadsheet would run as a formula (OWASP's CSV injection) starts with one of these. No source text does, so an
# input cell that starts so is refused; an output cell that does (or starts with '-' and is not a number) is escaped.
FORMULA_START = ("=", "+", "@", "\t", "\r")


def refused_character(text: str) -> str:
    """'' if the text may be held; else what the first refused character is, named (e.g. 'U+200B ZERO WIDTH SPACE, ...')."""
    if text.isprintable():  # the common case, in C: isprintable is False for every refused category (and for spaces other than ' ')
        return ""
    for char in text:
        category = unicodedata.category(char)
        if category in REFUSED_CATEGORIES:
            return f"U+{ord(char):04X} {unicodedata.name(char, '(unnamed)')}, {REFUSED_CATEGORIES[category]}"
    return ""


@dataclass(frozen=True)
class Column:
    """One column: its name, kind, the values it accepts, and what it means (with its unit, where it has one)."""

    name: str
    kind: str = TEXT
    required: bool = True  # an empty cell is an error
    choices: tuple[str, ...] = ()
    pattern: str | None = None  # a regular expression the whole value must match
    minimum: Decimal | None = field(default=Decimal(0))  # numbers only
    meaning: str = ""
    unit: str = ""
    max_length: int = MAX_LENGTH

    def parse(self, raw: str):
        """The cell's value, or a ValueError saying what was expected."""
        refused = refused_character(raw)
        if refused:
            raise ValueError(f"holds {refused}; delete it (a cell may hold printable text only)")
        if raw.startswith(FORMULA_START):
            raise ValueError(f"starts with {raw[0]!r}, which a spreadsheet would run as a formula; no source text starts so")
        if len(raw) > self.max_length:
            raise ValueError(f"is {len(raw):,} characters long; at most {self.max_length:,} are accepted (is it two cells run together?)")
        if raw == "":
            if self.required:
                raise ValueError("is empty; a value is required")
            return None
        if self.choices and raw not in self.choices:
            raise ValueError(f"expected one of {', '.join(map(repr, self.choices))}, got {raw!r}")
        if self.pattern and not re.fullmatch(self.pattern, raw, flags=re.ASCII):  # \d: ASCII digits only, not ２ or ٢
            words = f" ({PATTERN_WORDS[self.pattern]})" if self.pattern in PATTERN_WORDS else ""
            raise ValueError(f"expected a value matching {self.pattern}{words}, got {raw!r}")
        if self.pattern and DATE_PATTERN in self.pattern and re.fullmatch(PERIOD_PATTERN, raw, flags=re.ASCII):
            _check_calendar(raw)
        if self.kind == NUMBER:
            return parse_number(raw, self.minimum)
        return raw

    def meant(self, meaning: str, unit: str | None = None) -> Column:
        """The same column as it is meant in one table."""
        return replace(self, meaning=meaning, unit=self.unit if unit is None else unit)


def _check_calendar(raw: str) -> None:
    """A date that matches the pattern must also be on the calendar (no month 13, no 31 February), and a period must
    not end before it starts."""
    ends = []
    for part in raw.split("/"):
        year, month, day = [int(n) for n in part.split("-")] + [None] * (2 - part.count("-"))
        try:
            first = datetime.date(year, 1 if month is None else month, 1 if day is None else day)
        except ValueError as error:
            raise ValueError(f"{part!r} is not a date on the calendar ({error})") from None
        last_month = 12 if month is None else month
        last = first if day is not None else datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
        ends.append((first, last))
    if len(ends) == 2 and ends[1][1] < ends[0][0]:
        raise ValueError(f"the period {raw!r} ends before it starts; write start/end")


# Units whose numbers are dates: 705 is 5 July ('month-day'), 202301 January 2023 ('month'), 20230420 a day ('date')
DATE_UNITS = {"month-day": "MMDD", "month": "YYYYMM", "date": "YYYYMMDD"}


def date_number_problem(value: float, unit: str) -> str:
    """Why `value` is not a date written as `unit` says ('20231' is no month), or '' (also for a unit that is no date)."""
    if unit not in DATE_UNITS:
        return ""
    number = int(value) if float(value).is_integer() else -1
    parts = {"month-day": (2000, number // 100, number % 100), "month": (number // 100, number % 100, 1),
             "date": (number // 10_000, number // 100 % 100, number % 100)}[unit]
    try:
        datetime.date(*parts)
        ok = number >= 0 and (unit == "month-day" or 1000 <= parts[0] <= 9999)
    except ValueError:
        ok = False
    shown = f"{value:.0f}" if float(value).is_integer() else f"{value:g}"
    return "" if ok else f"{shown} is not a {unit} written {DATE_UNITS[unit]}"


def parse_number(raw: str, minimum: Decimal | None) -> Decimal:
    if any(unit in raw for unit in "万亿"):
        raise ValueError(f"expected a number in digits, got {raw!r}: write 万 and 亿 out (1.2万亿 is 1200000000000)")
    if not raw.isascii() or "_" in raw:
        # Decimal() would read full-width or Arabic-Indic digits, and 1_000, silently; a typed file should not hold them
        raise ValueError(f"expected a number in ASCII digits, got {raw!r} (full-width digits are not accepted, nor '_')")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"expected a number, got {raw!r}") from None
    if not number.is_finite() or not math.isfinite(float(number)) or (number and not float(number)):
        # 1e400 is a finite Decimal but an infinite float; 1e-400 is not 0, but a float reads it as 0
        raise ValueError(f"expected a finite number, got {raw!r}")
    if minimum is not None and number < minimum:
        raise ValueError(f"expected a number of at least {minimum}, got {raw!r}")
    return number


@dataclass(frozen=True)
class Table:
    """A kind of table: the files it covers (a pattern on the path under data/), what one row is, and its columns."""

    pattern: str
    title: str
    row: str  # what one row is
    columns: list[Column]


# ---- columns several tables share, with one meaning ----------------------------------------------------------------
SOURCE_ID = Column("source_id", pattern=r"[a-z0-9_-]+", meaning="id of a registered source (data/sources.csv)")
ARTICLE = Column("article_id", pattern=ARTICLE_ID, meaning="id of one of the source articles")
CLAIM = Column("claim_id", pattern=CLAIM_ID, meaning="id of a claim: the article id, then a name")
EVIDENCE_ID = Column("evidence_id", pattern=r"[a-z0-9][a-z0-9-]*", meaning="id of an independent report (raw/*/independent_reports*.csv)")
PUBLISHER = Column("publisher", meaning="who printed it, as printed (Chinese names kept, an English name added)")
DATE = Column("date", required=False, pattern=DATE_PATTERN, meaning="date printed: YYYY, YYYY-MM or YYYY-MM-DD; empty if the page shows none")
SOURCE_URL = Column("source_url", meaning="where it was read (often a repost or mirror; several separated by ' | ')")
NOTE = Column("note", required=False, meaning="how far to trust it, and anything a reader should know")
AS_OF = Column("as_of", pattern=PERIOD_PATTERN, meaning="the date or period the figure refers to (YYYY[-MM[-DD]], or a range start/end)")
SCOPE = Column("scope", meaning="what the figure covers: a list ('2022 list'), a province, a period")
METRIC = Column("metric", pattern=NAME, meaning="the quantity, by name (the notebooks ask for claims by it)")
SUBJECT = Column("subject", meaning="what the figure is about")
FIGURE = Column("figure", meaning="which figure of the subject")
VALUE = Column("value", kind=NUMBER, meaning="the figure, in the row's unit", unit="see the unit column")
UNIT = Column("unit", pattern=UNIT_PATTERN, meaning="the unit of value: clusters, enterprises, percent, yuan, years, ...")
QUALIFIER = Column("qualifier", choices=QUALIFIERS, meaning="how the figure is stated: exact, over, at least, about, nearly, at most or between")
QUOTE = Column("quote", meaning="the article's sentence holding the figure, word for word as captured")
PROVINCE = Column("province", meaning="province-level unit, its full Chinese name (e.g. 山东省)")
NAME_EN = Column("name_en", meaning="English name")
LISTED_UNDER = Column("listed_under", meaning="the unit the official list places it under (a province, or a city listed apart)")
CLUSTER_NAME = Column("cluster_name", meaning="the cluster's name as the source prints it")
LIST_YEAR = Column("year", pattern=YEAR, meaning="the list year (the list of 2022 was published in January 2023)", unit="year")
NOTEBOOK_SLUG = Column("notebook", pattern=NOTEBOOK, meaning="the notebook that reached it")
SECTOR = Column("sector", meaning="the sector it assigns, in English")
LIST_YEAR_OF = Column("list_year", pattern=YEAR, meaning="the list reviewed, or the list an example belongs to", unit="year")

# ---- the tables ----------------------------------------------------------------------------------------------------
SOURCES = Table(r"sources\.csv", "Source registry", "a source: an article or a raw file, with its checksum", [
    SOURCE_ID,
    Column("kind", choices=SOURCE_KINDS, meaning="kind of source: article, compiled (rows, counts), independent (reports) or note"),
    Column("path", pattern=r"[A-Za-z0-9_./-]+", meaning="the file, under data/raw/"),
    Column("sha256", pattern=r"[0-9a-f]{64}", meaning="SHA-256 checksum of the file as registered; loading fails if the file changes"),
    PUBLISHER,
    Column("title", meaning="title as printed"),
    DATE,
    Column("url", required=False, pattern=URL, meaning="where it was read (often a repost or mirror)"),
    Column("language", required=False, pattern=LANGUAGES_PATTERN, meaning="language of the text: zh, zh-Hant, en, or several joined by '+'"),
    Column("description", meaning="what it is"),
    Column("accessed", pattern=DATE_PATTERN, meaning="the day the project took its copy (YYYY-MM-DD): for a file received from the team, "
           "the day it was registered; the capture date of a web page, where known, is in its description"),
    Column("licence", meaning="the terms the copy is held and reused under (see LICENSE)"),
])
CLAIMS_TABLE = Table(r"claims\.csv", "Claims", "a figure one of the source articles states, with its exact sentence", [
    CLAIM, ARTICLE,
    Column("topic", choices=TOPICS, meaning="what the claim is about"),
    METRIC, SCOPE,
    AS_OF,
    QUOTE,
    Column("quote_en", required=False, meaning="our English gloss of a Chinese quote (our translation, not the publisher's)"),
    VALUE,
    Column("value_upper", kind=NUMBER, required=False, meaning="the upper end of a range ('3–5 years'), else empty", unit="see the unit column"),
    UNIT, QUALIFIER,
    Column("label_en", meaning="a short English label for charts and tables"),
    Column("label_zh", meaning="a short Chinese label for charts and tables"),
])
EXCLUSIONS = Table(r"claims_excluded\.csv", "Numeric text that is not a claim", "a sentence with a number, and why it is not a claim", [
    ARTICLE,
    Column("text", meaning="the sentence, word for word as captured"),
    Column("reason", meaning="why the number in it is not a claim"),
])
METRIC_MAP = Table(r"reported_figure_metrics\.csv", "Reported figures matched to claims",
                   "which claim metric a reported figure lines up with", [SUBJECT, FIGURE, SCOPE, METRIC])
BATCHES = Table(r"batches\.csv", "National lists", "one yearly list of national clusters: its rows file and its official count", [
    LIST_YEAR, SOURCE_ID,
    Column("published", pattern=DATE_PATTERN, meaning="when the list was published: YYYY-MM or YYYY-MM-DD"),
    Column("notice", required=False, meaning="the MIIT notice's number"),
    Column("count_evidence", pattern=EVIDENCE_REF, meaning="the independent report giving the list's official count (#n: its n-th figure)"),
    Column("count_claim_id", required=False, meaning="the article claim stating the same count, if an article does"),
])
REVIEWS = Table(r"reviews\.csv", "Reviews of the lists", "one review (复核) of a list: how many passed, and the file of known passes", [
    LIST_YEAR_OF,
    Column("review_year", pattern=YEAR, meaning="the year of the review (复核)", unit="year"),
    SOURCE_ID,
    Column("passed_evidence", pattern=EVIDENCE_REF, meaning="the independent report giving how many passed (#n: its n-th figure)"),
])
CLAIM_EVIDENCE = Table(r"claim_evidence\.csv", "Evidence linked to claims", "an independent report's figure that bears on a claim", [
    replace(CLAIM, pattern=None), replace(EVIDENCE_ID, pattern=None),
    replace(FIGURE, kind=NUMBER),
    Column("relation", choices=RELATIONS, meaning="independent (a separate source), original (the record the article reports: tests the "
           "reporting, decides as a report), same statement (another report of the very statement: tests what was said only) or context"),
    Column("role", required=False, choices=ROLES, meaning="empty when the figure is set against the claim; else the part it plays in the "
           "claim's check: whole (the base of a share), summed whole (added to the claim's other such figures), part of whole and share "
           "of whole (the base is part / share)"),
    NOTE,
])
LIMITS = Table(r"recommendation_limits\.csv", "Recommendation limits", "the most clusters one kind of unit may have on one list, by report", [
    LIST_YEAR.meant("the list"),
    Column("unit_kind", choices=LIMIT_KINDS, meaning="province, or listed (a 计划单列市 or the 兵团, listed apart from its province)"),
    Column("evidence", pattern=EVIDENCE_REF, meaning="the independent report (and its figure, #n) that states the limit, 'at most'"),
])
PROVINCES = Table(r"reference/provinces\.csv", "Provinces", "a province-level unit of the mainland", [
    PROVINCE,
    Column("short_zh", meaning="the province's short Chinese name (山东)"),
    NAME_EN,
    Column("region", choices=REGIONS, meaning="NBS region: East, Central, West or Northeast"),
    Column("tile_row", pattern=r"\d+", meaning="row of the province's tile on the tile map"),
    Column("tile_col", pattern=r"\d+", meaning="column of the province's tile on the tile map"),
])
LISTING_UNITS = Table(r"reference/listing_units\.csv", "Units listed apart", "a city or corps the lists name apart from its province", [
    Column("unit", meaning="the city or corps, its Chinese name"), NAME_EN,
    Column("province", meaning="the province it belongs to"),
    Column("kind", meaning="what kind of unit it is"),
])
SECTOR_KEYWORDS = Table(r"reference/sector_keywords\.csv", "Sector keywords", "a keyword that assigns a cluster name to a sector (first match wins)", [
    Column("keyword", meaning="a word in a cluster name"), SECTOR,
    Column("sector_zh", meaning="the sector it assigns, in Chinese"),
])
NAMED_EXAMPLES = Table(r"reference/named_examples\.csv", "Examples the articles name", "a cluster an article names as an example", [
    Column("example_id", pattern=r"[a-z0-9-]+", meaning="id of the example"), ARTICLE,
    Column("as_named", meaning="the example as the article writes it, word for word"),
    PROVINCE,
    Column("pattern", meaning="the text that finds the example among the cluster names"),
    replace(LIST_YEAR_OF, required=False),
])
NAMED_SECTORS = Table(r"reference/named_sectors\.csv", "Sectors the articles name", "a sector an article names as among the most common", [
    ARTICLE,
    Column("as_written", meaning="the sector as the article writes it"),
    SECTOR.meant("the sector of data/reference/sector_keywords.csv it is"),
    QUOTE.meant("the article's sentence, word for word"),
])
FACTS = Table(r"reference/facts\.csv", "Outside facts", "a fact a claim is checked against, with its source", [
    Column("fact_id", pattern=NAME, meaning="id of the fact"),
    VALUE.meant("the fact's value"),
    UNIT.meant("the unit of value"),
    Column("description", meaning="what it is"),
    Column("source", meaning="where the fact is from"),
    Column("source_zh", required=False, meaning="where the fact is from, as a reader of Chinese names it"),
])
COUNTY_UNITS = Table(r"reference/county_units\.csv", "County-level units", "a type of county-level unit and how many there are", [
    Column("unit_type", pattern=r"[a-z_]+", meaning="type of county-level unit"),
    Column("unit_type_zh", meaning="the type in Chinese (市辖区, 县级市, 县, 旗, ...)"),
    Column("in_county_economy", choices=("yes", "no"), meaning="yes if the type counts as 县域 (counties, county-level cities, banners)"),
    Column("units", kind=NUMBER, pattern=r"\d+", meaning="how many units of the type", unit="county-level units"),
    AS_OF.meant("the date the count refers to"),
    replace(EVIDENCE_ID, pattern=None),
])


def cluster_columns(year_required: bool) -> list[Column]:
    """The columns of a file of known rows: a list's (year required) or that of clusters whose list is not known (year empty)."""
    return [
        replace(LIST_YEAR, required=year_required), LISTED_UNDER, PROVINCE,
        Column("city", required=False, meaning="its prefecture-level city, where known"),
        Column("county", required=False, meaning="its county-level unit, where known"),
        CLUSTER_NAME,
        Column("name_form", choices=NAME_FORMS, meaning="full (the official name), partial (a prefix dropped) or abbreviated (a short form)"),
        SOURCE_URL, NOTE,
    ]


# A raw file is never edited: a corrected one is registered anew, as <name>_v2.csv (the batches or reviews row then names it)
VERSION = r"(_v\d+)?"
CLUSTERS = Table(rf"raw/[a-z]+/clusters_\d{{4}}{VERSION}\.csv", "Known rows of a list", "a cluster of the list, as compiled", cluster_columns(True))
UNCERTAIN_CLUSTERS = Table(r"raw/[a-z]+/clusters_year_uncertain\.csv", "Clusters of uncertain list year",
                           "a national cluster whose list is not known", cluster_columns(False))
REVIEWED = Table(rf"raw/[a-z]+/clusters_\d{{4}}_review_\d{{4}}{VERSION}\.csv", "Known passes of a review", "a cluster known to have passed the review", [
    LISTED_UNDER, PROVINCE, CLUSTER_NAME,
    Column("review_result", choices=REVIEW_RESULTS, meaning="passed, or passed at the public-notice (公示) stage"),
    SOURCE_URL, NOTE,
])
REPORTS = Table(r"raw/[a-z]+/independent_reports.*\.csv", "Independent reports", "a figure printed by a source other than the articles checked", [
    EVIDENCE_ID,
    Column("bears_on", meaning="the claim or question the report bears on"),
    SUBJECT, AS_OF, FIGURE,
    # several figures of one sentence are separated by '|', so value, unit and qualifier are read by the loader
    replace(VALUE, kind=TEXT), replace(UNIT, pattern=UNITS_PATTERN), replace(QUALIFIER, choices=()),
    PUBLISHER, DATE,
    replace(SOURCE_URL, required=False, pattern=URL),
    Column("phrase_as_printed", meaning="the phrase holding the figure, as printed"),
    NOTE,
])
PROVINCE_TOTALS = Table(r"raw/[a-z]+/province_totals.*\.csv", "Reported province totals",
                        "a count of clusters news reported for a province or city", [
    Column("unit", meaning="the unit counted: a province, or a city or corps listed apart"), PROVINCE, SCOPE,
    Column("total", kind=NUMBER, pattern=r"\d+", meaning="clusters reported", unit="clusters"),
    # a date, or 'unknown' where the page shows none (a repost): a count dated nowhere bounds no list by its date
    replace(AS_OF, pattern=rf"{DATE_PATTERN}|unknown", meaning="the date of the report (YYYY[-MM[-DD]]), or 'unknown'"),
    PUBLISHER, SOURCE_URL, NOTE,
])
REPORTED_FIGURES = Table(r"raw/[a-z]+/other_reported_figures\.csv", "Other reported figures",
                         "a figure reported outside the articles, shown for context", [
    SUBJECT, AS_OF, FIGURE, VALUE, UNIT,
    # one value, no upper end: a range would be read as its lower end alone
    replace(QUALIFIER, choices=tuple(q for q in QUALIFIERS if q != "between"),
            meaning="how the figure is stated: exact, over, at least, about, nearly or at most (a single value)"),
    PUBLISHER, replace(DATE, required=True), SOURCE_URL,
    Column("quote_or_note", required=False, meaning="the phrase as printed, or a note"),
])

# ---- what the notebooks write --------------------------------------------------------------------------------------
_VERDICT = Column("verdict", choices=VERDICTS, meaning=f"the verdict on the scale ({', '.join(VERDICTS)})")
_ACCURACY = Column("accuracy", choices=ACCURACY, meaning="was it reported accurately? " + ", ".join(ACCURACY)
                   + " (the article against the original record of the statement)")
_FOUND = Column("found", required=False, meaning="what the evidence gives")
_EVIDENCE = Column("evidence", required=False, meaning="the evidence it rests on: report ids, registered files (with :row), claim ids; "
                   "separated by '; '")
_BASIS = Column("basis", required=False, meaning="what the deciding evidence is: " + ", ".join(BASES))
_EVIDENCE_RANGE = Column("evidence_range", required=False,
                         meaning="the lowest and highest value of the evidence weighed, for an approximate claim or evidence that differs")
_GAP = Column("gap", required=False, meaning="for a verdict that does not hold: what the evidence gives, which way and by how much it "
              "misses the article's figure")
_DECIDING = Column("deciding", required=False, meaning="the evidence the verdict rests on (a subset of evidence); separated by '; '")
_SUPPORTED = Column("supported", required=False, meaning="for a verdict that depends on reading: the reading the claim's wording supports, "
                    "and the verdict under it")
_EXPLANATION = Column("explanation", meaning="how the verdict was reached: each check, its arithmetic or source, and whether it agrees")

VERDICT_TABLE = Table(r"processed/\d{2}-[a-z0-9-]+__verdicts\.csv", "A notebook's verdicts",
                      "a claim judged, or a figure derived, by the notebook", [
    Column("key", meaning="a claim id, or the name of a figure the notebook derives"),
    Column("statement", meaning="what the figure is, in the run's language"),
    Column("article_says", required=False, meaning="the figure as the article states it"),
    _FOUND,
    replace(_VERDICT, choices=(*VERDICTS, DERIVED), meaning=_VERDICT.meaning + f", or '{DERIVED}' for a figure the notebook computes"),
    _BASIS, _EVIDENCE, replace(_EXPLANATION, required=False), replace(_ACCURACY, required=False),
    _EVIDENCE_RANGE, _GAP, _DECIDING, _SUPPORTED, NOTEBOOK_SLUG,
])
FINDINGS = Table(r"processed/\d{2}-[a-z0-9-]+__findings\.csv", "A notebook's findings", "the one-sentence finding that ends a section", [
    NOTEBOOK_SLUG,
    Column("section", kind=NUMBER, meaning="the section's place in its notebook", unit="section"),
    Column("finding", meaning="the section's finding, in the run's language, built from its verdicts",
           max_length=50_000),  # generated: as long as its section's claims make it
    Column("claims", required=False, meaning="the claims whose verdicts the finding states; separated by '; '"),
])
LEDGER = Table(re.escape(f"processed/{config.LEDGER.name}"), "The claims ledger", "a claim with its verdict and the evidence it rests on", [
    Column("claim", pattern=CLAIM_ID, meaning="the claim's id (data/claims.csv)"),
    Column("article", pattern=ARTICLE_ID, meaning="the article's id (data/sources.csv)"),
    Column("topic", choices=TOPICS, meaning="what the claim is about"),
    Column("as of", pattern=PERIOD_PATTERN,
           meaning="the date or period the figure refers to (YYYY, YYYY-MM, YYYY-MM-DD, or two of them joined by /)"),
    Column("article says", meaning="the figure as the article states it"),
    _ACCURACY, _FOUND, _VERDICT, _EVIDENCE_RANGE, _GAP, _BASIS, _SUPPORTED, _DECIDING, _EVIDENCE,
    replace(NOTEBOOK_SLUG, required=False, pattern=None),
    _EXPLANATION, QUOTE,
    Column("our English gloss", required=False, meaning="our English gloss of a Chinese quote"),
])
EVIDENCE_CITED = Table(r"processed/99-claims-ledger__evidence\.csv", "The evidence cited", "an independent report a verdict cites", [
    replace(EVIDENCE_ID, name="evidence", pattern=None), PUBLISHER,
    Column("date", meaning="date printed, or (undated)"),
    Column("as printed", meaning="the phrase as printed (without the pinyin some mirrors add)"),
    Column("url", meaning="where it was read, or a note that only a repost was seen"),
    Column("claims", meaning="the claims whose verdicts cite it"),
])
LISTS = Table(r"processed/02-batches__lists\.csv", "Lists and their coverage", "a list: its official count and how much of it is known", [
    Column("list", pattern=YEAR, meaning="the list year", unit="year"),
    Column("published", meaning="when the list was published"),
    Column("official count", kind=NUMBER, meaning="clusters in the list, by the notice as reported", unit="clusters"),
    Column("from the notice as reported", meaning="the independent report of the notice that gives the count"),
    Column("article's claim", meaning="the article claim stating the same count, or —"),
    Column("known rows", kind=NUMBER, meaning="clusters of the list known by name", unit="clusters"),
    Column("coverage", pattern=r"\d+%", meaning="known rows as a share of the official count"),
    Column("cumulative", kind=NUMBER, meaning="clusters in all lists to this one", unit="clusters"),
])
YEAR_COLUMN = "{year}"  # stands for one count column per list year
REGIONS_BY_LIST = Table(r"processed/03-regions__regions-by-list\.csv", "Known rows by region and list", "a region (and two total rows)", [
    Column("region", meaning="NBS region, then 'known rows' (all regions) and 'official count'"),
    Column(YEAR_COLUMN, kind=NUMBER, meaning="clusters of the list of this year known as rows, by region", unit="clusters"),
])

# The text table ships with the package (not under data/, so not in the data package): every string the package and the
# notebooks show a reader, in both languages
TEXT_SCOPE_PACKAGE = "package"
CHART_TEXT = Table(r"chart_text\.csv", "Texts", "a title, label, sentence or word a reader is shown, in English and Chinese", [
    Column("notebook", pattern=rf"{NOTEBOOK}|{TEXT_SCOPE_PACKAGE}",
           meaning="the notebook that shows it, or 'package' for the words the package uses everywhere (verdicts, units, ...)"),
    Column("key", pattern=NAME, meaning="the name the notebook asks for it by"),
    Column("en", meaning="the text in English"), Column("zh", meaning="the text in Chinese"),
])

TABLES = [SOURCES, CLAIMS_TABLE, EXCLUSIONS, METRIC_MAP, BATCHES, REVIEWS, CLAIM_EVIDENCE, LIMITS, PROVINCES, LISTING_UNITS,
          SECTOR_KEYWORDS, NAMED_EXAMPLES, NAMED_SECTORS, FACTS, COUNTY_UNITS, CLUSTERS, UNCERTAIN_CLUSTERS, REVIEWED, REPORTS,
          PROVINCE_TOTALS, REPORTED_FIGURES, VERDICT_TABLE, FINDINGS, LEDGER, EVIDENCE_CITED, LISTS, REGIONS_BY_LIST]


def table_for(relative: str) -> Table:
    """The one table describing the CSV at `relative` (its path under data/, e.g. 'raw/compiled/clusters_2026.csv')."""
    matching = [t for t in TABLES if re.fullmatch(t.pattern, relative)]
    if len(matching) != 1:
        raise LookupError(f"data/{relative} is described by {len(matching)} tables in schemas.TABLES; each CSV needs exactly one")
    return matching[0]
