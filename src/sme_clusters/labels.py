"""Words and number formats in the two label languages (en, zh), and the charts' text.

A notebook's titles, axis labels and source lines live in `chart_text.csv` beside this
module, one row per text with its English and Chinese side by side, so that a notebook
reads as its argument and a translation is checked in one place. A title that states a
finding is a template (`{n:,.0f} units are {all:.0%} ...`): the notebook fills in what it
computed, and both languages must take the same fields.
"""
from __future__ import annotations

import functools
import math
import re
from importlib import resources
from pathlib import Path

import pandas as pd

from .claims import CHINESE, LANGUAGES, Claim
from . import schemas
from .validation import DataFileError, read_table

CHART_TEXT = Path(str(resources.files(__package__) / "chart_text.csv"))
FIELD = re.compile(r"(?<!\{)\{(\w*)")  # the fields a template takes: '{n:,.0f}' -> 'n'

SEPARATOR = {"en": "; ", "zh": "；"}  # between the parts of a list of findings
LIST_SEPARATOR = {"en": ", ", "zh": "、"}  # between the items of a list of names
SENTENCE_SEPARATOR = {"en": " ", "zh": ""}  # between two sentences: a Chinese full stop needs no space after it
# The mark between the two ends of a range. English takes an en dash for both kinds. Chinese (GB/T 15834—2011, 连接号)
# takes a dash (一字线) between two times or two numbers of a series (2022—2024年, 1—3月, 文章000—003) and a wave
# (浪纹线) between two values (25%～30%, 2～10个, 3～5年).
SPAN_DASH = {"en": "–", "zh": "—"}
VALUE_DASH = {"en": "–", "zh": "～"}
YUAN_SCALES = {
    "en": [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")],
    "zh": [(1e12, "万亿"), (1e8, "亿"), (1e4, "万")],
}
def _slug(word: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", word.lower()).strip("_")


@functools.cache
def package_terms(path: Path = CHART_TEXT) -> dict[str, dict[str, str]]:
    """The words the package uses everywhere (scope 'package' of the text table), by key: {'en': ..., 'zh': ...}."""
    return {key: text for (scope, key), text in load_chart_text(path).items() if scope == schemas.TEXT_SCOPE_PACKAGE}


def term(kind: str, word: str, lang: str = "en", default: str | None = None) -> str:
    """A word of one of the vocabularies ('verdict', 'accuracy', 'unit', 'qualifier', 'region') as a reader of `lang` reads it."""
    key = f"{kind}_{_slug(word)}"
    text = package_terms().get(key)
    if text is None:
        if default is not None:
            return default
        raise LookupError(f"no text {key!r} in the package scope of {CHART_TEXT.name}")
    return text[check_language(lang)]


def verdict_word(verdict: str, lang: str = "en") -> str:
    """A verdict of the scale as a reader of `lang` reads it."""
    return term("verdict", verdict, lang)


# Chinese typography: punctuation in Chinese text is full-width. A half-width mark is kept only between two digits
# (1,865 and 10:30) and inside a format field ({n:,.0f}), which the text fills in later.
ZH_PUNCTUATION = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"})
_ZH_MARK = re.compile(r"(?P<keep>\{[^{}]*\}|(?<=\d)[,:](?=\d)|[A-Za-z0-9_]+(?:[-:./][A-Za-z0-9_]+)+|https?://\S+)|[,:;()!?]")


def zh_typography(text: str) -> str:
    """Chinese text with full-width punctuation: '来源:文章002(2023)' -> '来源：文章002（2023）'."""
    return _ZH_MARK.sub(lambda m: m.group() if m.group("keep") else m.group().translate(ZH_PUNCTUATION), text)


QUOTED = re.compile(r"(“[^“”]*(?:“[^“”]*”[^“”]*)*”)")  # what a source printed, one level of inner quotes included


def zh_text(text: str) -> str:
    """Composed Chinese text with Chinese typography, what it quotes left as printed: '100 (003-first-batch)' -> '100（003-first-batch）'.
    A quoted passage is text in “…” or a Markdown block quote (a line starting '>'): an English transcript's sentence
    keeps its commas."""
    if any(line.startswith(">") for line in text.split("\n")):
        return "\n".join(line if line.startswith(">") else zh_text(line) for line in text.split("\n"))
    typeset = "".join(part if QUOTED.fullmatch(part) else _zh_dates(zh_typography(part)) for part in QUOTED.split(text))
    return re.sub(r"\s*([（），：；])\s*", r"\1", typeset)  # full-width marks carry their own space


# A date or period standing alone in composed text (not inside an id, an address or a quote): 2024-07-05, 2024-01/2024-05
_ISO_DATE = r"(\d{4})-(\d{2})(?:-(\d{2}))?"
_STANDALONE_DATE = re.compile(rf"(?<![\w./-]){_ISO_DATE}(?:/{_ISO_DATE})?(?![\w./-])", flags=re.ASCII)


def _zh_date(year: str, month: str, day: str | None, shared_year: bool = False) -> str:
    return ("" if shared_year else f"{year}年") + f"{int(month)}月" + (f"{int(day)}日" if day else "")


def _zh_dates(text: str) -> str:
    """Dates in running Chinese text as Chinese writes them: 2024-07-05 -> 2024年7月5日, 2024-01/2024-05 -> 2024年1—5月."""
    def written(m: re.Match) -> str:
        first = _zh_date(*m.group(1, 2, 3))
        if m.group(4) is None:
            return first
        same_year = m.group(4) == m.group(1) and m.group(3) is None and m.group(6) is None
        return f"{first[:-1]}—{_zh_date(*m.group(4, 5, 6), shared_year=True)}" if same_year else f"{first}—{_zh_date(*m.group(4, 5, 6))}"
    return _STANDALONE_DATE.sub(written, text)


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    return lang


def _number(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
DATE_UNITS = ("month-day", "month", "date")  # a date held as a number: 430 is 30 April, 202301 January 2023, 20240705 a day


def _date_parts(value: float, unit: str) -> tuple[int | None, int, int | None]:
    """(year, month, day) of a date held as a number; None where the unit has no such part."""
    number = round(value)
    year, month, day = {"month-day": (None, number // 100, number % 100), "month": (number // 100, number % 100, None),
                        "date": (number // 10_000, number // 100 % 100, number % 100)}[unit]
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        raise ValueError(f"{value:g} is not a {unit}")
    return year, month, day


def _date_words(parts: tuple[int | None, int, int | None], lang: str) -> list[str]:
    """A date's parts as a reader writes them, largest first in Chinese, day first in English."""
    year, month, day = parts
    if lang == "zh":
        return [f"{n}{mark}" for n, mark in zip(parts, "年月日", strict=True) if n]
    return [str(part) for part in (day, MONTHS_EN[month - 1], year) if part]


def format_date(value: float, unit: str, lang: str = "en") -> str:
    """A date the data holds as a number, as a reader writes it: 430 -> '30 April' / '4月30日'."""
    return ("" if lang == "zh" else " ").join(_date_words(_date_parts(value, unit), lang))


def span(first: object, last: object, lang: str = "en") -> str:
    """Two times or two numbers of a series, first to last: '2023–2025' / '2023—2025'."""
    return f"{first}{SPAN_DASH[check_language(lang)]}{last}"


def value_range(low: str, high: str, lang: str = "en") -> str:
    """Two values as a range: '2–10' / '2～10'; one value when both are written the same."""
    return low if low == high else f"{low}{VALUE_DASH[check_language(lang)]}{high}"


def count_range(low: float, high: float, lang: str = "en") -> str:
    """Counts from `low` to `high`, whole and thousands separated: '5,487–5,586' / '5,487～5,586'; one count if the same."""
    return value_range(f"{low:,.0f}", f"{high:,.0f}", lang)


def share_range(low: float, high: float, lang: str = "en") -> str:
    """Per cents from `low` to `high`, to a tenth: '21.8%–26.2%' / '21.8%～26.2%'; one share if the same."""
    return value_range(f"{low:.1f}%", f"{high:.1f}%", lang)


def count_with_range(value: float, low: float, high: float, lang: str = "en") -> str:
    """A count computed from printed figures, and the range they allow when it is more than one value as written:
    '100' / '5,536, 5,487–5,586'."""
    shown, span = f"{value:,.0f}", count_range(low, high, lang)
    return shown if span == f"{low:,.0f}" else f"{shown}, {span}"


def date_range(first: float, last: float, unit: str, lang: str = "en") -> str:
    """Two dates the data holds as numbers, the parts they share written once: 202301 to 202303 -> 'January–March 2023' /
    '2023年1—3月'; 20240701 to 20240805 -> '1 July–5 August 2024' / '2024年7月1日—8月5日'."""
    start, end = _date_words(_date_parts(first, unit), lang), _date_words(_date_parts(last, unit), lang)
    if start == end:
        return format_date(first, unit, lang)
    shared = 0  # the parts the two share, counted from the largest: the front in Chinese, the back in English
    ordered = (start, end) if lang == "zh" else (start[::-1], end[::-1])
    while ordered[0][shared] == ordered[1][shared]:
        shared += 1
    if lang == "zh":  # 2023年1月—2023年3月 -> 2023年1—3月: a last part alone loses its mark before the dash
        if shared == len(end) - 1:
            return "".join(start[:-1]) + start[-1][:-1] + SPAN_DASH["zh"] + end[-1]
        return "".join(start) + SPAN_DASH["zh"] + "".join(end[shared:])
    return " ".join(start[:len(start) - shared]) + SPAN_DASH["en"] + " ".join(end)


# Units a value is shown in by a rule of its own rather than by a word of the text table
UNITS_BY_RULE = ("yuan", "year", "percent", "percent year on year", "fraction", *DATE_UNITS)


def unit_has_words(unit: str) -> bool:
    """Whether each edition can show a value in `unit`: by a rule of its own, or by a word of the text table (unit_*)."""
    return unit in UNITS_BY_RULE or f"unit_{_slug(unit)}" in package_terms()


def units_with_words() -> list[str]:
    """Every unit each edition can show, in the text table's order after those shown by rule."""
    return [*UNITS_BY_RULE, *(text["en"] for key, text in package_terms().items() if key.startswith("unit_"))]


def format_quantity(value: float, unit: str, lang: str = "en", decimals: int = 0) -> str:
    """A value with its unit, readably: 1.8e12 yuan -> '1.8 trillion yuan' / '1.8万亿元'; 430 month-day -> '30 April'."""
    if unit in DATE_UNITS:
        return format_date(value, unit, lang)
    if unit == "yuan":
        for size, word in YUAN_SCALES[lang]:
            if abs(value) >= size:
                scaled = f"{value / size:.3g}" if abs(value) / size < 1000 else f"{value / size:,.0f}"  # 1.8, 18, 6.43; 6,430万
                return f"{scaled}{word}元" if lang == "zh" else f"{scaled} {word} yuan"
        return f"{_number(value, decimals)}{'元' if lang == 'zh' else ' yuan'}"
    if unit == "year":
        return f"{value:.0f}"
    if unit in ("percent", "percent year on year"):
        return f"{_number(value, decimals)}%"
    if unit == "fraction":
        return _number(value, max(decimals, 2))
    if unit == "rank":  # a place in a ranking: '2nd' reads as 'No. 2' / 第2位
        return f"第{value:.0f}位" if lang == "zh" else f"No. {value:.0f}"
    if lang == "zh":
        return f"{_count_zh(value, decimals)}{term('unit', unit, 'zh', default=' ' + unit)}"
    return f"{_number(value, decimals)} {unit}"


def format_count(value: float, lang: str = "en", decimals: int = 0) -> str:
    """A count without its unit, as each language writes it in a sentence: 28,000 / 2.8万 (the ledger's own form)."""
    return _count_zh(value, decimals) if lang == "zh" else _number(value, decimals)


def _count_zh(value: float, decimals: int) -> str:
    """A count as Chinese reports write it: in 万 when that is as exact as the digits (28,000 -> 2.8万, 40,000 -> 4万),
    else in digits (12,670)."""
    tens_of_thousands = value / 1e4
    if abs(value) >= 1e4 and round(tens_of_thousands, 1) == tens_of_thousands:
        return f"{tens_of_thousands:g}万"
    return _number(value, decimals)


BOUND_ROUNDING = {"over": math.floor, "at least": math.floor, "nearly": math.ceil, "at most": math.ceil}  # a bound is shown no stronger than it is


def _rounded_as_shown(value: float, unit: str, lang: str, decimals: int, rounding) -> float:
    """`value` rounded the way a bound must be at the precision it is shown with: 'over 1.566 trillion' is over 1.56, not 1.57."""
    size = next((s for s, _ in YUAN_SCALES[lang] if abs(value) >= s), 1.0) if unit == "yuan" else 1.0
    scaled = value / size
    places = 3 - (math.floor(math.log10(abs(scaled))) + 1) if unit == "yuan" and scaled else decimals
    step = 10.0 ** -places
    nudge = 1e-9 if rounding is math.floor else -1e-9  # 1.8 held as 1.7999…: floating error must not move a digit
    return rounding(scaled / step + nudge) * step * size


def _as_printed_fraction(value: float, decimals: int = 0) -> str | None:
    """A share a source states as a fraction, as sources print one: 0.25 -> '1/4' (a denominator up to 10); None for 0.27.
    A value written to three places or more is the fraction it rounds ('a third' held as 0.3333 is 1/3)."""
    tolerance = 0.5 * 10 ** -decimals if decimals >= 3 else 1e-9
    for denominator in range(2, 11):
        numerator = round(value * denominator)
        if 0 < numerator < denominator and math.isclose(value, numerator / denominator, abs_tol=tolerance):
            return f"{numerator}/{denominator}"
    return None


def describe_value(value: float, unit: str, qualifier: str = "exact", lang: str = "en", decimals: int = 0,
                   value_upper: float | None = None) -> str:
    """A value as a source states it: 'over 280,000 enterprises' / '超过280,000家'."""
    if qualifier in BOUND_ROUNDING and unit not in ("year", "fraction", *DATE_UNITS):
        value = _rounded_as_shown(value, unit, lang, decimals, BOUND_ROUNDING[qualifier])
    amount = format_quantity(value, unit, lang, decimals)
    if unit == "fraction":
        amount = _as_printed_fraction(value, decimals) or amount
    if qualifier == "between":
        if unit in DATE_UNITS:
            return date_range(value, value_upper, unit, lang)
        return value_range(_number(value, decimals), format_quantity(value_upper, unit, lang, decimals), lang)
    if qualifier == "exact":
        return amount
    return f"{term('qualifier', qualifier, 'zh')}{amount}" if lang == "zh" else f"{term('qualifier', qualifier)} {amount}"


def describe_claim(claim: Claim, lang: str = "en") -> str:
    """What the article says, e.g. 'over 280,000 enterprises' / '超过280,000家'."""
    return describe_value(claim.value, claim.unit, claim.qualifier, lang, claim.decimals, claim.value_upper)


def region_name(region: str, lang: str = "en") -> str:
    """An NBS region as a reader of `lang` names it: 'East' / '东部'."""
    return term("region", region, lang)


def load_chart_text(path: Path = CHART_TEXT) -> dict[tuple[str, str], dict[str, str]]:
    """(notebook, key) -> {'en': text, 'zh': text}; '\\n' in the file is a line break. Both languages must take the same fields."""
    table = read_table(path, schemas.CHART_TEXT.columns, key=("notebook", "key"))
    texts = {}
    for row in table.itertuples():
        if set(FIELD.findall(row.en)) != set(FIELD.findall(row.zh)):
            raise DataFileError(path, f"the Chinese text takes fields {sorted(set(FIELD.findall(row.zh)))}, the English "
                                      f"{sorted(set(FIELD.findall(row.en)))}: both must take the same", row=row.row_number, column="zh")
        texts[row.notebook, row.key] = {lang: getattr(row, lang).replace("\\n", "\n") for lang in LANGUAGES}
    return texts


def chart_text(notebook: str, lang: str = "en", path: Path = CHART_TEXT) -> dict[str, str]:
    """A notebook's chart text in `lang`, by key."""
    lang = check_language(lang)
    return {key: text[lang] for (name, key), text in load_chart_text(path).items() if name == notebook}


def phrase(key: str, lang: str = "en", **fields) -> str:
    """A sentence or phrase the package composes (scope 'package' of the text table, key `key`), in `lang`, filled in."""
    text = package_terms().get(key)
    if text is None:
        raise LookupError(f"no text {key!r} in the package scope of {CHART_TEXT.name}")
    return text[check_language(lang)].format(**fields)


PUBLISHER_WORD = "publisher_word_"  # the text table's glossary of the words publisher names carry: 'via', 'reporter' ...
_LATIN_WORD = re.compile(r"(?<![\w.\-/])[A-Za-z][A-Za-z'\-]+(?![\w.\-/])")  # a word, not a domain, a file or a code
_TITLE = re.compile(r"《[^》]*》")  # a title: its brackets belong to it
_BETWEEN_HANZI = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\s+|\s+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


@functools.cache
def _publisher_glossary() -> tuple[tuple[re.Pattern, str], ...]:
    words = {text["en"]: text["zh"] for key, text in package_terms().items() if key.startswith(PUBLISHER_WORD)}
    return tuple((re.compile(rf"(?<![\w.\-/]){re.escape(en)}(?![\w.\-/])"), zh)
                 for en, zh in sorted(words.items(), key=lambda w: -len(w[0])))


def _in_chinese(part: str) -> str:
    for pattern, zh in _publisher_glossary():
        part = pattern.sub(zh, part)
    part = re.sub(r"(?<![\w.\-/])(?:a|an|the)\s+", "", part)  # an English article the glossary left has no Chinese counterpart
    return _BETWEEN_HANZI.sub("", part.strip())


def publisher_shown(publisher: str, lang: str = "en") -> str:
    """A publisher as a verdict cites it. In English, the registry's words as they are ('中新社 (China News Service; reporter
    刘育英)'); in Chinese, the Chinese name with its notes in Chinese ('中新社（记者刘育英）'): each part of the entry is put
    in Chinese by the text table's glossary, and a part the glossary leaves in English (a gloss of the name) is left out."""
    if check_language(lang) == "en":
        return publisher
    titles = _TITLE.findall(publisher)
    masked = _TITLE.sub("\0", publisher)
    # 'A via B' (B a Chinese name or a domain): A, as B reposts it
    masked = re.sub(r"\s+via\s+((?=[^(),;]*[\u4e00-\u9fff.])[^(),;]+?)(?=\s*[(),;]|$)", r" (\1 repost)", masked)
    parts = [_in_chinese(part) for part in re.split(r"[(),;]", masked) if part.strip()]
    kept = [part for part in parts if part and not _LATIN_WORD.search(part)]
    if not kept:
        return publisher  # nothing but English: a name such as 'imsilkroad'
    shown = kept[0] + (f"({';'.join(kept[1:])})" if kept[1:] else "")
    for title in titles:
        shown = shown.replace("\0", title, 1)
    return zh_typography(shown)


def between_words(key: str, lang: str = "en") -> str:
    """A word that joins two others ('or' / '或'), spaced as `lang` spaces words: ' or ' / '或'."""
    word = phrase(key, lang)
    return f" {word} " if lang == "en" else word


def in_language(row, column: str, lang: str = "en") -> str:
    """A text a data row gives in English (`column`) and may give in Chinese (`<column>_zh`), in `lang` where it can."""
    chinese = row.get(f"{column}_zh", "") if lang == "zh" else ""
    return chinese or row[column]


def quoted(words, lang: str = "en") -> str:
    """Words as a source printed them, each in quotation marks: '“First”, “Second”' / '“一是”、“二是”'."""
    return LIST_SEPARATOR[lang].join(f"“{word}”" for word in words)


def column_heading(column, lang: str = "en") -> str:
    """A table's column as a reader of `lang` reads it: the text table's `column_<name>` where it has one
    ('article_says' -> 'article says' / '文章称'), else the name in words."""
    words = str(column).replace("_", " ")
    if not words.strip():
        return words
    for key in (f"column_{_slug(words)}", f"verdict_{_slug(words)}", f"accuracy_{_slug(words)}"):  # a pivot's columns may be a scale's
        if key in package_terms():
            return package_terms()[key][check_language(lang)]
    return words


SCALED_COLUMNS = {"verdict": "verdict", "accuracy": "accuracy", "basis": "basis", "region": "region", "name_form": "name_form"}  # -> its words


def cells_in_words(column: pd.Series, lang: str = "en") -> pd.Series:
    """A table's column as a reader sees it: a scale's codes as its words ('no original found' / '未找到原始记录'), several
    joined by commas word by word; a reading's verdict after its reading; True/False as yes/no; an unbounded value as such."""
    kind = SCALED_COLUMNS.get(str(column.name))
    if kind:
        return column.map(lambda cell: LIST_SEPARATOR[lang].join(term(kind, c.strip(), lang, default=c.strip()) for c in cell.split(","))
                          if isinstance(cell, str) and cell else cell)
    if str(column.name) == "supported":
        return column.map(lambda cell: _reading_and_verdict(cell, lang) if isinstance(cell, str) and cell else cell)
    if column.dtype == bool or (column.dtype == object and len(column) and column.map(lambda cell: cell is None or isinstance(cell, bool)).all()
                                and column.map(lambda cell: isinstance(cell, bool)).any()):
        return column.map(lambda cell: cell if cell is None else phrase("true" if cell else "false", lang))
    if pd.api.types.is_float_dtype(column.dtype) and column.isin([math.inf]).any():
        return column.map(lambda cell: phrase("unbounded", lang) if cell == math.inf else cell).astype(object)
    return column


def _reading_and_verdict(cell: str, lang: str) -> str:
    reading, _, verdict = cell.rpartition(": ")
    return f"{reading}{'：' if lang == 'zh' else ': '}{verdict_word(verdict, lang)}" if reading else cell


def publisher_name(publisher: str, lang: str = "en") -> str:
    """The short name a reader of `lang` knows a publisher by: in English the registry's English name ('China News Service
    (中新网)' -> 'China News Service'), in Chinese its Chinese name ('中新网'; 'CCTV Finance, reposted on …' -> '央视财经')."""
    if check_language(lang) == "zh":
        return publisher_shown(publisher, "zh").split("（")[0]
    parts = [part.strip() for part in re.split(r"[(),;]", publisher) if part.strip()]
    other = [part for part in parts if not CHINESE.search(part)]
    return (other or parts)[0]


def describe_reported(row, lang: str = "en") -> str:
    """A figure of `other_reported_figures` as its source states it (a row with value, unit and qualifier)."""
    return describe_value(row["value"], row["unit"], row["qualifier"], lang, decimals=0 if float(row["value"]).is_integer() else 1)
