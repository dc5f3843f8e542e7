"""The claims table: every quantitative statement in the source articles, with its exact quote.

`load_claims` validates the file on the way in: the columns and their types,
the qualifier, unique ids, a known article, and that each quote stands word for
word in the article's captured text. Notebooks then ask for a claim by what it
is about (`claims.one(scope="2022 list", metric="smes")`), never by typing its
number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import pandas as pd

from . import schemas

from .sources import readable
from .config import relative_to_root
from .validation import DataFileError, read_rows, read_table, require_unique

LANGUAGES = ("en", "zh")
CHINESE = re.compile(r"[\u4e00-\u9fff]")  # a quote with these needs an English gloss



@dataclass(frozen=True)
class Claim:
    """One quantitative statement of one article."""

    claim_id: str
    article_id: str
    topic: str
    metric: str
    scope: str
    as_of: str
    quote: str
    quote_en: str
    value: float
    value_upper: float | None
    unit: str
    qualifier: str
    label_en: str
    label_zh: str
    decimals: int = 0  # decimal places the article states the value with

    def label(self, lang: str = "en") -> str:
        return self.label_zh if lang == "zh" else self.label_en

    @property
    def shown_quote(self) -> str:
        """The quote as a reader sees it, without the pinyin some mirrors print after each character."""
        return readable(self.quote)


def _decimals(value: Decimal) -> int:
    return max(0, -value.as_tuple().exponent)


def _claim_from_row(row: dict) -> Claim:
    return Claim(
        **{k: v for k, v in row.items() if k not in ("row_number", "value", "value_upper", "quote_en")},
        quote_en=row["quote_en"] or "",
        value=float(row["value"]),
        value_upper=None if row["value_upper"] is None else float(row["value_upper"]),
        decimals=_decimals(row["value"]),
    )


# The look-ups the checks make for one claim of the whole table, by what it is about rather than by its article: each
# check is written for the one claim that matches. A second claim matching one (a new article repeating the figure) would
# leave the check unable to tell which it tests, so the data check refuses it, naming its row; `Claims.one` refuses a
# look-up of this kind that is not declared here, so that the list stays whole. A look-up that names an article or a
# scope (the first batch's tiers, article by article) is narrowed by it and is not listed.
SINGLE_CLAIM_LOOKUPS: tuple[dict[str, str], ...] = (
    *({"metric": m} for m in (
        "aspects", "counties", "county_gdp_share", "county_large_firm_share", "county_little_giant_share", "county_little_giants",
        "county_secondary_share", "county_units_share", "county_units_with_little_giants", "effects", "licensed_producers",
        "names_with_smart", "new_clusters_per_province", "pilot_cities", "pilot_smes", "pilot_years", "plan_years",
        "precisions", "provinces_first_cluster", "provinces_with_clusters", "provinces_with_targets", "region_central",
        "region_east", "region_northeast", "region_west", "share_of_national_producers", "share_of_provincial_producers",
        "target_clusters", "top_provinces", "traditional_industry_contribution", "years_since_reform")),
    {"metric": "cumulative_clusters", "topic": "regions"},
)


# Metrics of one province's count, checked against that province's: the scope names it (region_checks.judge_province_counts).
PROVINCE_SCOPED_METRICS = ("province_clusters_merged",)


def _narrowed(fields: dict) -> bool:
    return "article_id" in fields or "scope" in fields


class Claims:
    """The claims by id, with look-ups by what a claim is about."""

    def __init__(self, claims: list[Claim], path: Path | None = None):
        self._by_id = {c.claim_id: c for c in claims}
        self.path = path  # the file they were read from, named when a look-up finds nothing

    def __getitem__(self, claim_id: str) -> Claim:
        return self._by_id[claim_id]

    def __iter__(self):
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def select(self, **fields) -> list[Claim]:
        """The claims whose fields equal all the given values, in table order."""
        return [c for c in self if all(getattr(c, k) == v for k, v in fields.items())]

    def one(self, **fields) -> Claim:
        """The single claim matching the fields; an error that says what exists otherwise."""
        found = self.select(**fields)
        wanted = ", ".join(f"{k}={v!r}" for k, v in fields.items())
        if len(found) != 1:  # a claim the checks ask for by name was renamed, deleted or added twice: say where to look
            where = f"{relative_to_root(self.path)}, column {', '.join(map(repr, fields))}: " if self.path else ""
            held = sorted({str(getattr(c, next(iter(fields)))) for c in self})
            raise LookupError(f"{where}{len(found)} claims match {wanted}, and the checks ask for exactly one; the column holds: "
                              f"{', '.join(held)}")
        if not _narrowed(fields) and fields not in SINGLE_CLAIM_LOOKUPS:
            raise LookupError(f"claims.one({wanted}): a look-up for one claim of the whole table is declared in "
                              "claims.SINGLE_CLAIM_LOOKUPS, so that the data check refuses a second claim it would match")
        return found[0]

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([c.__dict__ for c in self])


LIST_SCOPE = re.compile(r"\d{4} list(: .+)?")  # the scope of a claim about one list, as the checks select it
LIST_SCOPE_LIKE = re.compile(r"\d{4}\W*list", re.IGNORECASE)


def unknown_article(article_id: str, texts: dict[str, str]) -> str:
    """The error for an article id that no registered article has (`texts`: article id -> text), or ''."""
    return "" if article_id in texts else f"unknown article {article_id!r}; known: {', '.join(sorted(texts))}"


def _check_claim_row(path: Path, row: dict, texts: dict[str, str], dates: dict[str, str]) -> None:
    """What a claim must satisfy beyond its columns' types: a known article, an exact quote, a coherent range, and a date
    that has begun by the article's (`dates`: article id -> its date; a claim may speak of a plan that runs on)."""
    def fail(message, column):
        raise DataFileError(path, message, row=row["row_number"], column=column)

    if unknown := unknown_article(row["article_id"], texts):
        fail(unknown, "article_id")
    if not row["claim_id"].startswith(row["article_id"] + "-"):
        fail(f"a claim id starts with its article id ({row['article_id']}-...)", "claim_id")
    if row["quote"] not in texts[row["article_id"]]:
        fail(f"the quote is not found word for word in article {row['article_id']}", "quote")
    if cut := sentence_cut(row["quote"], texts[row["article_id"]]):
        fail(f"the quote is part of a sentence; quote the whole sentence, as the coverage check reads it: {cut!r}", "quote")
    if CHINESE.search(row["quote"]) and not row["quote_en"]:
        fail("a quote in Chinese needs its English gloss (our translation)", "quote_en")
    if LIST_SCOPE_LIKE.match(row["scope"]) and not LIST_SCOPE.fullmatch(row["scope"]):  # '2023 List', '2023  list': no list's
        fail(f"a list's scope is written '{row['scope'][:4]} list' (or '{row['scope'][:4]} list: …'), as the checks select it; "
             f"got {row['scope']!r}", "scope")
    for column in ("value", "value_upper"):
        if row[column] is not None and (problem := schemas.date_number_problem(float(row[column]), row["unit"])):
            fail(problem, column)
    if (row["qualifier"] == "between") != (row["value_upper"] is not None):
        fail("value_upper is given exactly when the qualifier is 'between'", "value_upper")
    if row["value_upper"] is not None and row["value_upper"] <= row["value"]:
        fail("value_upper must be greater than value", "value_upper")
    published = dates.get(row["article_id"])
    if published and period_start(row["as_of"]) > period_end(published):
        fail(f"the figure is as of {row['as_of']}, after the article's date ({published})", "as_of")


def load_claims(path: Path, texts: dict[str, str], dates: dict[str, str] | None = None) -> Claims:
    """The validated claims table, its quotes checked against `texts` (article id -> text). Raises DataFileError naming file, row and column."""
    rows = read_rows(path, schemas.CLAIMS_TABLE.columns)
    require_unique(path, rows, ("claim_id",))
    for row in rows:
        _check_claim_row(path, row, texts, dates or {})
    _require_one_claim_per_single_lookup(path, rows)
    return Claims([_claim_from_row(row) for row in rows], path)


def _require_one_claim_per_single_lookup(path: Path, rows: list[dict]) -> None:
    """A second claim that a check's look-up for one claim would match (SINGLE_CLAIM_LOOKUPS) is refused at its row."""
    by_metric: dict[str, list[dict]] = {}
    for row in rows:
        by_metric.setdefault(row["metric"], []).append(row)
    for lookup in SINGLE_CLAIM_LOOKUPS:
        matching = [row for row in by_metric.get(lookup["metric"], ()) if all(row[k] == v for k, v in lookup.items())]
        if len(matching) > 1:
            first, second = matching[:2]
            what = " and ".join(f"{k} '{v}'" for k, v in lookup.items())
            raise DataFileError(path, f"a second claim of {what}: a check is written for one claim of it ({first['claim_id']}, "
                                      f"{relative_to_root(path)} row {first['row_number']}) and could not tell which to test; give this claim a metric "
                                      "of its own, which lists it as not checkable until a check is written for it",
                                row=second["row_number"], column="metric")




def load_reported_figures(path: Path, metrics_path: Path, claims: Claims) -> pd.DataFrame:
    """Figures reported outside the articles checked, with the scope and metric they line up with (if any).

    A metric is set beside the claims of its scope that measure it (the first batch's SMEs beside the SCIO's count), so
    it must be one such claims have, given once per scope, by one figure, in the unit of those claims: a swapped or
    mistyped metric would otherwise show an output in yuan as a count of firms, or leave the comparison silently empty."""
    figures = read_table(path, schemas.REPORTED_FIGURES.columns, key=("subject", "as_of", "figure"))
    metrics = read_table(metrics_path, schemas.METRIC_MAP.columns, key=("subject", "figure"))
    require_unique(metrics_path, metrics.to_dict("records"), ("scope", "metric"))
    units = {(claim.scope, claim.metric): claim.unit for claim in claims}
    for row in metrics.itertuples():
        rows = figures[(figures["subject"] == row.subject) & (figures["figure"] == row.figure)]
        if rows.empty:
            raise DataFileError(metrics_path, f"no figure {row.figure!r} of {row.subject!r} in {path.name}", row=row.row_number, column="figure")
        if len(rows) > 1:
            raise DataFileError(metrics_path, f"{path.name} gives {row.figure!r} of {row.subject!r} at {len(rows)} dates "
                                              f"({', '.join(rows['as_of'])}); a metric lines up with one figure",
                                row=row.row_number, column="figure")
        if (row.scope, row.metric) not in units:
            known = sorted(m for s, m in units if s == row.scope)
            raise DataFileError(metrics_path, f"no claim of scope {row.scope!r} measures {row.metric!r}"
                                              f" (its claims' metrics: {', '.join(known) or 'none'})", row=row.row_number, column="metric")
        unit, claimed = rows["unit"].iloc[0], units[(row.scope, row.metric)]
        if unit != claimed:
            raise DataFileError(metrics_path, f"{row.figure!r} is in {unit!r} in {path.name}, but the claims measuring "
                                              f"{row.metric!r} are in {claimed!r}", row=row.row_number, column="metric")
    return figures.merge(metrics.drop(columns="row_number"), on=["subject", "figure"], how="left")


# --- Coverage: every statement with a number is either a claim or excluded for a stated reason ---

# A sentence that may hold a figure: digits, a number or a fraction in words, or a Chinese numeral with what it counts
# (三年, 近百个, 近四成, 两倍), a percentage or a fraction (百分之二十五, 三分之一) or aspects (三方面)
NUMBER_PATTERN = re.compile(
    r"[0-9０-９]"
    r"|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty"
    r"|hundred|thousand|million|billion|trillion|first|second|third|fourth|fifth|half|quarter|dozen)\b"
    r"|[一二三四五六七八九十两百千万亿][年个個家项項成倍座所名]|百分之|分之|[一二三四五六七八九十两][方大]面",
    re.IGNORECASE,
)


# A period that ends an abbreviation, not a sentence: 'Oct. 14', 'No. 2', 'Mr. Wang', 'U.S. dollars'
_ABBREVIATION = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Nos|Mr|Mrs|Ms|Dr|St|Co|Corp|Inc|Ltd|vs|etc"
                           r"|U\.S|U\.K|U\.N|e\.g|i\.e)\.$")


def statements(text: str) -> list[str]:
    """The article cut into sentences (and lines), as the coverage check reads it; a period after an abbreviation
    ('Oct. 14', 'No. 2') does not end one."""
    return list(_statements(text))


@cache  # the same articles and quotes are cut at every check of the data (hundreds of times in the tests)
def _statements(text: str) -> tuple[str, ...]:
    sentences: list[str] = []
    for line in text.split("\n"):
        start = 0
        for cut in re.finditer(r"(?<=[。!?])|(?<=[.!?])\s+", line):
            if cut.start() > start and not _ABBREVIATION.search(line[start:cut.start()]):
                sentences.append(line[start:cut.start()])
                start = cut.end()
        sentences.append(line[start:])
    return tuple(part.strip() for part in sentences if part.strip())


@cache
def _sentences_of(text: str) -> frozenset[str]:
    return frozenset(statements(text))


def sentence_cut(quote: str, text: str) -> str:
    """'' if `quote` is one or more whole sentences of `text` (as `statements` cuts both); else the sentence of `text` it
    cuts short. A quote cut to its figure ('200家') would count its sentence as covered, and hide the sentence's other
    figures from the coverage check."""
    for part in statements(quote):
        if part not in _sentences_of(text):
            return next((sentence for sentence in statements(text) if part in sentence), part)
    return ""


def uncovered_statements(claims: Claims, texts: dict[str, str], path: Path) -> list[tuple[str, str]]:
    """(article id, sentence) for each sentence with a number that no claim quotes and no exclusion lists."""
    excluded = read_table(path, schemas.EXCLUSIONS.columns, key=("article_id", "text"))
    for row in excluded.itertuples():
        if unknown := unknown_article(row.article_id, texts):
            raise DataFileError(path, unknown, row=row.row_number, column="article_id")
        if row.text not in texts[row.article_id]:
            raise DataFileError(path, f"the text is not found word for word in article {row.article_id}", row=row.row_number, column="text")
        if cut := sentence_cut(row.text, texts[row.article_id]):
            raise DataFileError(path, f"the text is part of a sentence; give the whole sentence, as the coverage check reads it: {cut!r}",
                                row=row.row_number, column="text")
    skip = set(zip(excluded["article_id"], excluded["text"], strict=True))
    quotes: dict[str, list[str]] = {}
    for claim in claims:
        quotes.setdefault(claim.article_id, []).append(claim.quote)
    for row in excluded.itertuples():  # a sentence is a claim or excluded, never both
        if row.text in quotes.get(row.article_id, ()):
            raise DataFileError(path, "the text is also a claim's quote; a sentence is a claim or excluded, not both",
                                row=row.row_number, column="text")
    missing = []
    for article_id, text in texts.items():
        for sentence in statements(text):
            if not NUMBER_PATTERN.search(sentence) or (article_id, sentence) in skip:
                continue
            # covered: the sentence holds a quote, or is one of the sentences a quote is made of
            if not any(quote in sentence or sentence in statements(quote) for quote in quotes.get(article_id, ())):
                missing.append((article_id, sentence))
    return missing


# Both are asked of the same few dates hundreds of times in a check of the data; a Timestamp cannot be changed.
@cache
def period_start(text: str) -> pd.Timestamp:
    """The first day of a date or period as the data writes it: '2023', '2023-10', '2024-09-19', '2024-01/2024-05'."""
    first = text.split("/")[0]
    return pd.Timestamp(first + {4: "-01-01", 7: "-01"}.get(len(first), ""))


@cache
def period_end(text: str) -> pd.Timestamp:
    """The last day of a date or period ('2023' ends on 2023-12-31)."""
    last = pd.Period(text.split("/")[-1], freq={4: "Y", 7: "M"}.get(len(text.split("/")[-1]), "D"))
    return last.end_time.normalize()


def known_after(later: str, earlier: str) -> bool:
    """Whether `later` is known to come after `earlier`, each at the precision the data gives it: 2024-10 after
    2024-09-19, but not 2024-09 (which may be the 19th or before)."""
    return period_start(later) > period_end(earlier)
