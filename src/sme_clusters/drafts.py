"""Draft claim rows from an article's text: every figure in every sentence, with its value, unit and qualifier.

A draft is a proposal for the analyst, never a claim: `sme-clusters add-article` writes the drafts to a file,
the analyst fills what a parser cannot know (topic, metric, scope, date, gloss, labels), deletes what is not a
claim, and confirms. The parser reads what the articles print:

- Chinese: 2.8万多家 and 500多亿元 (28,000 and 5 × 10¹⁰, over), 1.8万亿元 (1.8 × 10¹² yuan), 突破 (over), 约100个 (about), 37%以上 (at least), 1/4 (a fraction,
  about), 三年 (3 years), 3~5年 (between), 7月5日 (month-day 705), 前三 (a ranking's top three), 位居全国第一 (first
  place), 近六成 (nearly 60%), 近千亿元 and 超百亿元 (Chinese numerals of hundreds and thousands), 黑龙江、宁夏、青海等省份
  (a counted list: at least 3 provinces), 百分之二十五 (25%), 三分之一 (a fraction), 三至五年 and 30%—40% (between);
  Traditional characters are read through the same converter as names.
- English: 280,000, 1.8 trillion, six, April 20 and Sept 19, with "more than", "over", "nearly", "about", "around" before
  the number; 10,000-plus (over), three to five years and 3-5 years (between), about a quarter (a fraction), $250 billion.

What only looks like a figure drafts nothing: years and dates with their year, times, a dateline (7月5日电), a masthead
(第 06 版), telephone numbers, street addresses, web addresses.

The unit of a bare count (个, 家) is the noun it counts: the first noun after it in its clause, else the nearest before
it (in its clause, then in its sentence), else the first after it in the sentence. `draft_accuracy` measures the
drafts against a claims table.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .claims import NUMBER_PATTERN, known_after, statements
from .config import relative_to_root
from .validation import DataFileError
from .text_forms import comparable


@dataclass(frozen=True)
class Draft:
    """One figure found in a sentence: what a claim row would say of it."""

    quote: str  # the sentence, word for word as printed
    figure: str  # the figure as printed, e.g. '2.8万多家'
    value: Decimal
    value_upper: Decimal | None
    unit: str
    qualifier: str


# ---- Chinese ------------------------------------------------------------------------------------------------------
# Nouns a count can be of, and the unit each is counted in; at one position the longest noun wins
# (县级行政区 before 县, 中小企业特色产业集群 before 企业).
ZH_NOUNS = {
    "集群": "clusters", "产业集群": "clusters", "中小企业特色产业集群": "clusters", "中小企业产业集群": "clusters",
    "企业": "enterprises", "公司": "enterprises", "中小企业": "enterprises", "冠军": "enterprises", "集群企业": "enterprises",
    "县级行政区": "county-level units", "县": "counties", "县(市、旗)": "counties",
    "省份": "provinces", "省区市": "provinces", "城市": "cities", "地级市": "cities",
    "机构": "institutions", "服务机构": "institutions", "方面": "aspects", "园区": "parks", "平台": "platforms",
}
_ZH_NOUN = re.compile("|".join(sorted(map(re.escape, ZH_NOUNS), key=len, reverse=True)))
_ZH_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_NUMERAL = "[一二两三四五六七八九十]"
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_PHONE = r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)"  # 010-68205114, 13912345678: a telephone
_MULTIPLIERS = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, "千": Decimal(1000)}
_CLAUSE_BREAK = "，,。;；:：!！?？"
_ZH_BEFORE = [("超过", "over"), ("逾", "over"), ("突破", "over"), ("超", "over"), ("不少于", "at least"), ("至少", "at least"),
              ("将近", "nearly"), ("接近", "nearly"), ("近", "nearly"), ("大约", "about"), ("约", "about"),
              ("不超过", "at most"), ("最多", "at most")]
_ZH_AFTER = [("左右", "about"), ("上下", "about"), ("以上", "at least"), ("及以上", "at least"), ("以内", "at most"),
             ("以下", "at most")]
_ZH_UNIT_WORDS = {"%": "percent", "％": "percent", "个百分点": "percentage points", "年": "years", "元": "yuan",
                  "倍": "times", "个月": "months", "项": "items", "件": "items", "人": "people", "名": "people",
                  "人次": "person-times", "次": "times", "户": "households", "吨": "tonnes", "亩": "mu"}
_COUNTERS = "个家座所"

_ZH_FIGURE = re.compile(
    rf"(?P<date>(?P<month>\d{{1,2}})月(?P<day>\d{{1,2}})日)(?!电)"  # 7月5日电: a dateline, no claim
    rf"|(?P<calendar>(?:19|20)\d{{2}}(?:年度?|-\d{{1,2}}(?:-\d{{1,2}})?)|\d{{1,2}}:\d{{2}}(?::\d{{2}})?"
    rf"|{_PHONE}|[一二三四五六七八九〇零]{{4}}年|第\s*\d+\s*版)"  # a telephone number, 二〇二四年, a page (第 06 版)
    rf"|(?P<fraction>(?<![\d/])(?P<num>\d+)/(?P<den>\d+)(?![\d/]))"
    rf"|百分之(?P<pct>[零一二两三四五六七八九十百]+|\d+(?:\.\d+)?)"  # 百分之二十五: 25%
    rf"|(?P<zfrac>(?P<zden>[一二两三四五六七八九十]+)分之(?P<znum>[一二两三四五六七八九十]+))"  # 三分之一
    rf"|(?P<zlow>{_ZH_NUMERAL}+)[至到~～—\-](?P<zhigh>{_ZH_NUMERAL}+)(?P<zrange_unit>个月|年|个|家|成|倍)"  # 三至五年
    rf"|前(?P<rank>{_ZH_NUMERAL}+|\d+)(?![\d{_ZH_NUMERAL[1:-1]}])"
    rf"|(?<=[居列排])(?:全国|全省)?第(?P<place>{_ZH_NUMERAL}+|\d+)(?![\d{_ZH_NUMERAL[1:-1]}批])"
    rf"|(?P<tenths>{_ZH_NUMERAL[:-2]}]|\d)成(?![\u4e00-\u9fff]{{0,1}}[员功立本])"
    rf"|数(?P<shu>十|百|千|万)(?P<shu_more>余|多)?(?P<shu_unit>个|家|元|人|项)"  # 数十个: some tens, 20 to 90
    rf"|翻(?P<fan>一|两|二|三)番"  # 翻一番: doubled
    rf"|(?<![\d一二两三四五六七八九十百千])(?P<wan>万|千|百)(?P<wan_more>余|多)(?P<wan_unit>家|个|元|人|项)"  # 万余家: over 10,000
    rf"|(?P<zhbig>{_ZH_NUMERAL}*[百千]{_ZH_NUMERAL}*)(?P<zhbig_mult>万亿|亿|万)?(?P<zhbig_unit>元|个|家)"
    rf"|(?P<low>{_ARABIC})[%％]?\s*[~～至到\-—]\s*(?P<high>{_ARABIC})(?P<range_unit>%|％|年|个|家)?"  # 3~5年, 30%—40%
    rf"|(?P<arabic>(?<![A-Za-z\d.]){_ARABIC}(?![A-Za-z]))(?:(?P<more_first>多|余)(?=万亿|亿|万))?(?P<mult>万亿|亿|万)?(?P<more>多|余)?"  # 500多亿元
    rf"(?P<unit>%|％|个百分点|个月|人次|[年元倍项件人名次户吨亩]|[{_COUNTERS}])?"
    rf"|(?P<zh>(?<![一二两三四五六七八九十上下每同当今明去第])(?:{_ZH_NUMERAL}+)(?!年度))(?P<zh_more>多|余)?(?P<zh_unit>个月|[年个家项倍方])"
)
_ZH_LIST = re.compile(r"((?:[\u4e00-\u9fff]{2,4}、)+[\u4e00-\u9fff]{2,4})等(?P<noun>[\u4e00-\u9fff]{1,6})")


def _zh_integer(text: str) -> int:
    """'三' -> 3, '十二' -> 12, '二十' -> 20, '三十五' -> 35, '百' -> 100, '三千' -> 3000, '一千二百' -> 1200."""
    if text.isdigit():
        return int(text)
    for place, size in (("千", 1000), ("百", 100)):
        if place in text:
            head, _, rest = text.partition(place)
            return (_zh_integer(head) if head else 1) * size + (_zh_integer(rest.lstrip("零")) if rest.lstrip("零") else 0)
    tens, _, units = text.partition("十")
    if "十" not in text:
        return int("".join(str(_ZH_DIGITS[c]) for c in text))
    return (_ZH_DIGITS.get(tens, 1) if tens else 1) * 10 + (_ZH_DIGITS[units] if units else 0)


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _noun_unit(sentence: str, start: int, end: int) -> str:
    """The unit of a count at sentence[start:end]: the noun it counts, looked for as the module docstring says."""
    clause_start = max(sentence.rfind(c, 0, start) for c in _CLAUSE_BREAK) + 1
    clause_end = min([i for i in (sentence.find(c, end) for c in _CLAUSE_BREAK) if i >= 0] or [len(sentence)])
    after_in_clause = _ZH_NOUN.search(sentence, end, clause_end)
    before = list(_ZH_NOUN.finditer(sentence, 0, start))
    before_in_clause = [m for m in before if m.start() >= clause_start]
    after = _ZH_NOUN.search(sentence, end)
    for match in (after_in_clause, before_in_clause[-1] if before_in_clause else None, before[-1] if before else None, after):
        if match:
            return ZH_NOUNS[match.group()]
    return ""


def _zh_qualifier(sentence: str, start: int, end: int, more: bool, previous: tuple[int, str] | None) -> str:
    after = sentence[end:end + 3]
    for word, qualifier in _ZH_AFTER:
        if after.startswith(word):
            return qualifier
    if more:
        return "over"
    # the words since the clause began (or the last figure), at most eight characters back
    clause_start = max(sentence.rfind(c, 0, start) for c in _CLAUSE_BREAK) + 1
    before = sentence[max(clause_start, previous[0] if previous else 0, start - 8):start]
    for word, qualifier in _ZH_BEFORE:
        # 约100个, or 约占全国25%: the word, then at most a verb of measure and what is measured
        if before.endswith(word) or re.search(rf"{word}[占达为是][\u4e00-\u9fff]{{0,4}}$", before):
            return qualifier
    # 约占全国25%、广东省40%: a word before the first figure of a list joined by 、 holds for each
    between = sentence[previous[0]:start] if previous else ""
    if previous and "、" in between and not any(c in between for c in _CLAUSE_BREAK):
        return previous[1]
    if "不完全统计" in sentence:  # a count "by incomplete statistics" is a floor
        return "at least"
    return "exact"


def _not_a_figure(sentence: str, m: re.Match) -> bool:
    """An Arabic number that names rather than counts: 21世纪 (a name), 2月 and 11日 (dates), 1.凡 (a list's item)."""
    if not m.group("arabic") or m.group("mult") or m.group("more") or m.group("unit"):
        return False
    following = sentence[m.end():m.end() + 2]
    return bool(re.match(r"[\u4e00-\u9fff]|[.、．](?!\d)", following))


Reading = tuple[Decimal, "Decimal | None", str, str]  # value, upper end of a range, unit, qualifier


def _fraction(numerator: Decimal, denominator: Decimal) -> Decimal:
    """1/4 -> 0.25; 1/3 -> 0.3333 (a fraction that does not end is written to four places)."""
    value = numerator / denominator
    return value if value == value.quantize(Decimal("0.0001")) else value.quantize(Decimal("0.0001"))


def _zh_fixed(sentence: str, m: re.Match, provinces: frozenset[str]) -> Reading | None:
    """A figure whose qualifier its form fixes: a date, a fraction, a place or the top of a ranking, a range."""
    if m.group("date"):
        return Decimal(int(m.group("month")) * 100 + int(m.group("day"))), None, "month-day", "exact"
    if m.group("fraction"):
        return _fraction(_decimal(m.group("num")), _decimal(m.group("den"))), None, "fraction", "about"
    if m.group("zfrac"):  # 三分之一: the denominator is said first
        return _fraction(Decimal(_zh_integer(m.group("znum"))), Decimal(_zh_integer(m.group("zden")))), None, "fraction", "about"
    if m.group("shu"):  # 数十个 is some tens: two to nine of them
        size = {"十": 10, "百": 100, "千": 1000, "万": 10_000}[m.group("shu")]
        unit = "yuan" if m.group("shu_unit") == "元" else (_ZH_UNIT_WORDS.get(m.group("shu_unit")) or _noun_unit(sentence, m.start(), m.end()))
        return Decimal(2 * size), Decimal(9 * size), unit, "between"
    if m.group("fan"):  # 翻一番 doubles, 翻两番 quadruples
        return Decimal(2 ** _zh_integer(m.group("fan"))), None, "times", "exact"
    if m.group("zlow"):
        word = m.group("zrange_unit")
        scale = 10 if word == "成" else 1
        unit = "percent" if word == "成" else (_ZH_UNIT_WORDS.get(word) or _noun_unit(sentence, m.start(), m.end()))
        return Decimal(_zh_integer(m.group("zlow")) * scale), Decimal(_zh_integer(m.group("zhigh")) * scale), unit, "between"
    if m.group("place"):  # 位居全国第一: a place in a ranking
        return Decimal(_zh_integer(m.group("place"))), None, "rank", "exact"
    if m.group("rank"):
        listed = re.findall(r"[\u4e00-\u9fff]{2,4}(?=、)", sentence[:m.start()])
        unit = "provinces" if listed and set(listed) <= provinces else _noun_unit(sentence, m.start(), m.end())
        return Decimal(_zh_integer(m.group("rank"))), None, unit, "exact"
    if m.group("low"):
        unit = _ZH_UNIT_WORDS.get(m.group("range_unit") or "") or _noun_unit(sentence, m.start(), m.end())
        return _decimal(m.group("low")), _decimal(m.group("high")), unit, "between"
    return None


def _zh_counted(sentence: str, m: re.Match, previous: tuple[int, str] | None) -> Reading | None:
    """A count or an amount, with the qualifier the words around it give; None for 方 that is not 方面."""
    def qualified(value: Decimal, unit: str, more: bool = False) -> Reading:
        return value, None, unit, _zh_qualifier(sentence, m.start(), m.end(), more, previous)

    if m.group("pct"):  # 百分之二十五
        text = m.group("pct")
        return qualified(_decimal(text) if text[0].isdigit() else Decimal(_zh_integer(text)), "percent")
    if m.group("tenths"):  # 近六成: tenths, as a share
        return qualified(Decimal(_zh_integer(m.group("tenths"))) * 10, "percent")
    if m.group("wan"):  # 万余家: more than ten thousand
        value = Decimal({"万": 10_000, "千": 1000, "百": 100}[m.group("wan")])
        unit = "yuan" if m.group("wan_unit") == "元" else (_ZH_UNIT_WORDS.get(m.group("wan_unit")) or _noun_unit(sentence, m.start(), m.end()))
        return qualified(value, unit, more=True)
    if m.group("zhbig"):  # 近千亿元, 超百亿元, 三百家: a Chinese numeral of hundreds or thousands
        value = Decimal(_zh_integer(m.group("zhbig"))) * _MULTIPLIERS.get(m.group("zhbig_mult") or "", 1)
        unit = "yuan" if m.group("zhbig_unit") == "元" else _noun_unit(sentence, m.start(), m.end())
        if sentence[max(m.start() - 1, 0):m.start()] == "上" and m.group("zhbig")[0] in "百千":  # 上千家: a thousand and more
            return value, None, unit, "at least"
        return qualified(value, unit)
    if m.group("arabic"):
        word = m.group("unit") or ""
        unit = _ZH_UNIT_WORDS.get(word) or _noun_unit(sentence, m.start(), m.end())
        if word == "元" or sentence[m.end():m.end() + 1] == "元":
            unit = "yuan"
        more = bool(m.group("more") or m.group("more_first"))
        return qualified(_decimal(m.group("arabic")) * _MULTIPLIERS.get(m.group("mult") or "", 1), unit, more)
    word = m.group("zh_unit")
    if word == "方" and sentence[m.end():m.end() + 1] != "面":
        return None
    unit = "aspects" if word == "方" else (_ZH_UNIT_WORDS.get(word) or _noun_unit(sentence, m.start(), m.end()))
    return qualified(Decimal(_zh_integer(m.group("zh"))), unit, bool(m.group("zh_more")))


def _zh_drafts(quote: str, provinces: frozenset[str]) -> list[Draft]:
    sentence = _without_addresses(comparable(quote))
    drafts: list[Draft] = []
    previous: tuple[int, str] | None = None
    for m in _ZH_FIGURE.finditer(sentence):
        if m.group("calendar") or _not_a_figure(sentence, m):
            continue
        reading = _zh_fixed(sentence, m, provinces) or _zh_counted(sentence, m, previous)
        if reading is None:
            continue
        value, upper, unit, qualifier = reading
        previous = (m.end(), qualifier)
        drafts.append(Draft(quote, m.group().strip(), value, upper, unit, qualifier))
    for m in _ZH_LIST.finditer(sentence):
        noun = _ZH_NOUN.match(m.group("noun"))
        if noun:
            drafts.append(Draft(quote, m.group(), Decimal(len(m.group(1).split("、"))), None, ZH_NOUNS[noun.group()], "at least"))
    return drafts


# ---- English ------------------------------------------------------------------------------------------------------
EN_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}
EN_SCALES = {"thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9,
             "trillion": Decimal(10) ** 12}
EN_NOUNS = {"cluster": "clusters", "clusters": "clusters", "sme": "enterprises", "smes": "enterprises",
            "enterprise": "enterprises", "enterprises": "enterprises", "companies": "enterprises", "firms": "enterprises",
            "champions": "enterprises", "giants": "enterprises", "institutions": "institutions", "cities": "cities",
            "provinces": "provinces", "counties": "counties", "aspects": "aspects", "years": "years", "year": "years",
            "months": "months", "yuan": "yuan", "percent": "percent",
            # the units both editions have words for (labels.units_with_words), by the nouns that count them
            **dict.fromkeys(("people", "persons", "workers", "employees", "jobs", "staff", "residents", "talents"), "people"),
            **dict.fromkeys(("households", "families"), "households"), **dict.fromkeys(("tonnes", "tons"), "tonnes"),
            **dict.fromkeys(("dollars", "usd"), "dollars"), **dict.fromkeys(("parks", "industrial parks"), "parks"),
            **dict.fromkeys(("platforms",), "platforms"), **dict.fromkeys(("times",), "times")}
EN_BEFORE = [("more than", "over"), ("over", "over"), ("above", "over"), ("exceeding", "over"), ("nearly", "nearly"),
             ("almost", "nearly"), ("close to", "nearly"), ("about", "about"), ("around", "about"), ("approximately", "about"),
             ("roughly", "about"), ("some", "about"), ("at least", "at least"), ("no less than", "at least"),
             ("at most", "at most"), ("up to", "at most"), ("no more than", "at most")]
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")
# A month as printed, in full or short ('Sept 19', 'Oct. 5'), and its number
MONTH_NUMBERS = {**{m: i for i, m in enumerate(MONTHS, start=1)}, **{m[:3]: i for i, m in enumerate(MONTHS, start=1)}, "sept": 9}
EN_FRACTIONS = {"a quarter": Decimal("0.25"), "one quarter": Decimal("0.25"), "a third": Decimal("0.3333"),
                "one third": Decimal("0.3333"), "half": Decimal("0.5"), "two thirds": Decimal("0.6667"),
                "two-thirds": Decimal("0.6667"), "three quarters": Decimal("0.75"), "three-quarters": Decimal("0.75")}
_EN_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_EN_STOP = {"of", "with", "in", "on", "at", "for", "that", "which", "to", "from", "by", "who", "whose", "within", "have", "has",
            "are", "is", "were", "was", "this", "these", "year-on-year", "had", "be", "been", "will", "would", "can", "could",
            "should", "must", "last", "next", "each", "per", "every", "a", "an", "the"}
_EN_WORD_NUMBER = r"\b(?:" + "|".join(EN_WORDS) + r")\b"
_EN_FIGURE = re.compile(
    r"(?P<date>\b(?P<month>" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b)"
    r"|(?P<calendar>\d{4}-\d{1,2}-\d{1,2}|\b(?:19|20)\d{2}\b(?![,.]\d)|\b\d{1,2}:\d{2}\b|\d{4}/\d{1,2}/\d{1,2}|" + _PHONE +
    r"|\b\d+\s+(?:[A-Z][a-z]+\s+){1,4}(?:Road|Street|Avenue|Lane|Boulevard|Rd|St|Ave)\b)"  # a date, time, telephone, address
    r"|(?P<fraction>(?<!first )(?<!second )\b(?:" + "|".join(sorted(EN_FRACTIONS, key=len, reverse=True)) + r")\b)"  # about a quarter
    r"|(?P<one_in>\b(?:one|1)\s+in\s+(?P<in_n>\d+|" + "|".join(EN_WORDS) + r")\b)"  # one in five
    r"|(?P<times_verb>\b(?:doubled|tripled|quadrupled)\b)"  # more than doubled
    r"|\bbetween\s+(?P<blow>" + _EN_NUMBER + "|" + _EN_WORD_NUMBER + r")\s+and\s+(?P<bhigh>" + _EN_NUMBER + "|" + _EN_WORD_NUMBER + r")"
    r"(?P<brange_pct>%|\s+percent\b)?"  # between 20 and 30 clusters
    r"|(?P<elow>(?<![\w.])" + _EN_NUMBER + "|" + _EN_WORD_NUMBER + r")(?P<elow_pct>%)?\s*(?:-|–|—|\bto\b)\s*"
    r"(?P<ehigh>" + _EN_NUMBER + "|" + _EN_WORD_NUMBER + r")(?![\w/])(?P<erange_pct>%|\s+percent\b)?"  # 3-5 years, three to five
    r"|(?P<usd>US\$|\$)?(?P<number>(?<![\w.])" + _EN_NUMBER + r"(?![\w/])|" + _EN_WORD_NUMBER + r")"
    r"(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?(?P<plus>-plus\b|-odd\b|\+)?(?P<percent>%|\s+percent\b)?",
    re.IGNORECASE,
)


def _en_unit(sentence: str, end: int) -> str:
    """The noun a number counts: in the phrase after it (up to a preposition, an auxiliary, a time word, punctuation,
    another number, or an 'and' that follows a noun: 100 cities and 40000 enterprises), the last word that names a unit
    ('100 SME clusters' counts clusters, '280,000 SMEs benefit' enterprises), else the phrase's last word."""
    if re.match(r"\s*(?:U\.?S\.?\s+)?dollars?\b", sentence[end:], re.IGNORECASE):  # '250 billion U.S. dollars'
        return "dollars"
    words: list[str] = []
    for word in re.findall(r"[\w'\-]+|[^\w\s'\"“”-]", sentence[end:]):
        lower = word.lower()
        if (not re.match(r"\w", word) or lower in _EN_STOP or re.fullmatch(r"[\d,.]+", word)
                or (lower == "and" and words and words[-1].lower() in EN_NOUNS)):
            break
        words.append(word)
    lowered = [w.lower().strip("'") for w in words]
    if lowered[:2] in (["percentage", "points"], ["percentage", "point"]):
        return "percentage points"
    head = next((w for w in reversed(lowered) if w in EN_NOUNS), lowered[-1] if lowered else "")
    return EN_NOUNS.get(head, head)


def _en_drafts(quote: str) -> list[Draft]:
    drafts = []
    sentence = _without_addresses(quote)
    for m in _EN_FIGURE.finditer(sentence):
        if m.group("calendar"):
            continue
        if m.group("number") and m.group("number")[0].isupper() and m.start() > 0:
            continue  # 'the Two Sessions', 'Two Way Rush': a number word in a name
        if m.group("date"):
            if re.match(r"\s*\([A-Za-z ]+\)\s*[-–—]", sentence[m.end():]):  # BEIJING, Oct. 14 (Xinhua) --: a dateline
                continue
            value = Decimal(MONTH_NUMBERS[m.group("month").lower()] * 100 + int(m.group("day")))
            drafts.append(Draft(quote, m.group(), value, None, "month-day", "exact"))
            continue
        before = sentence[:m.start()].lower().rstrip()
        qualifier = next((q for word, q in EN_BEFORE if re.search(rf"\b{word}$", before)), "exact")
        if m.group("fraction"):  # a fraction in words is a round figure, read as 1/4 is: about, unless a word says more
            drafts.append(Draft(quote, m.group(), EN_FRACTIONS[m.group("fraction").lower()], None, "fraction",
                                qualifier if qualifier != "exact" else "about"))
            continue
        if m.group("one_in"):  # one in five: a fifth
            drafts.append(Draft(quote, m.group(), _fraction(Decimal(1), _en_number(m.group("in_n"))), None, "fraction",
                                qualifier if qualifier != "exact" else "about"))
            continue
        if m.group("times_verb"):
            times = {"doubled": 2, "tripled": 3, "quadrupled": 4}[m.group("times_verb").lower()]
            drafts.append(Draft(quote, m.group(), Decimal(times), None, "times", qualifier))
            continue
        if m.group("elow") or m.group("blow"):
            low, high = (_en_number(m.group(g)) for g in (("elow", "ehigh") if m.group("elow") else ("blow", "bhigh")))
            percent = m.group("elow_pct") or m.group("erange_pct") or m.group("brange_pct")
            unit = "percent" if percent else _en_unit(sentence, m.end())
            drafts.append(Draft(quote, m.group().strip(), low, high, unit, "between"))
            continue
        value = _en_number(m.group("number")) * EN_SCALES.get((m.group("scale") or "").lower(), 1)
        unit = "percent" if m.group("percent") else "dollars" if m.group("usd") else _en_unit(sentence, m.end())
        if unit == "dollars" and drafts and drafts[-1].unit == "yuan" and re.search(r"\((?:about|around|roughly|some)?\s*$", before):
            continue  # 98 billion yuan ($14 billion): the publisher's conversion of the figure before it, no figure of its own
        if m.group("plus") or re.match(r"\s*(or more|and above|or above)\b", sentence[m.end():]):
            qualifier = "over" if m.group("plus") else "at least"  # 10,000-plus: more than 10,000
        drafts.append(Draft(quote, m.group().strip(), value.normalize() if value == value.to_integral() else value, None, unit, qualifier))
    return drafts


def _en_number(text: str) -> Decimal:
    return Decimal(EN_WORDS[text.lower()]) if text.lower() in EN_WORDS else _decimal(text)


def _without_addresses(text: str) -> str:
    """The text with web addresses blanked out (their digits are no figures), positions kept."""
    return re.sub(r"(?:https?://|www\.)[\w./%?=&#:~+-]*", lambda m: " " * len(m.group()), text)


def _is_furniture(sentence: str) -> bool:
    """A line of page furniture: a time stamp, a page count, pagination (fewer than six letters or characters), or a
    newspaper's masthead ('人民日报 2024年09月26日 第 06 版')."""
    return len(re.findall(r"[A-Za-z\u4e00-\u9fff]", sentence)) < 6 or bool(re.search(r"第\s*\d+\s*版", sentence))


# ---- the article --------------------------------------------------------------------------------------------------
def draft_claims(text: str, provinces: frozenset[str] = frozenset()) -> list[Draft]:
    """A draft for every figure of every sentence (and line) of an article, in the order they appear. `provinces`
    (short names: 山东) tells a ranking of provinces (山东、江苏、广东……位居前三) from a ranking of what they hold."""
    return [draft for sentence in statements(text) for draft in _sentence_drafts(sentence, frozenset(provinces))]


@functools.cache  # every check of the data drafts every claim's quote again (hundreds of times in the tests)
def _sentence_drafts(sentence: str, provinces: frozenset[str]) -> tuple[Draft, ...]:
    if _is_furniture(sentence):
        return ()
    chinese = re.search(r"[\u4e00-\u9fff]", sentence)
    return tuple(_zh_drafts(sentence, provinces) if chinese else _en_drafts(sentence))


def sentences_without_drafts(text: str, drafts: list[Draft]) -> list[str]:
    """The sentences with a number that drafted nothing: each must be excluded, with a reason, or claimed by hand."""
    drafted = {d.quote for d in drafts}
    return [s for s in statements(text) if NUMBER_PATTERN.search(s) and s not in drafted]


def drafts_claim(draft: Draft, claim) -> bool:
    """Whether a draft says what a claim row says: its quote, value (as a number), upper value, unit and qualifier."""
    upper = None if draft.value_upper is None else float(draft.value_upper)
    return (draft.quote == claim.quote and float(draft.value) == claim.value and upper == claim.value_upper
            and draft.unit == claim.unit and draft.qualifier == claim.qualifier)


def _plain(number: Decimal) -> str:
    """A number in plain digits, as the claims table writes it: 280000, 1800000000000, 25.6."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


_SCALE_PLACES = {"万亿": 12, "亿": 8, "万": 4, "千": 3, "thousand": 3, "million": 6, "billion": 9, "trillion": 12}


def printed_decimals(draft: Draft) -> int:
    """The decimal places a figure is printed to, in the plain digits the claims table writes: '25.6%' 1, '2.8万' 0
    (28000), '1.25亿' 0; a figure in Chinese numerals or words, 0."""
    number = re.search(r"\d+(?:,\d{3})*(?:\.(\d+))?", draft.figure)
    scale = re.search("|".join(_SCALE_PLACES), draft.figure)
    places = len(number.group(1) or "") if number else 0
    return max(0, places - (_SCALE_PLACES[scale.group()] if scale else 0))


def _reads_as(draft: Draft, claim) -> bool:
    """Whether a drafted figure is the claim's value: equal, or for a fraction (1/3) its value at the claim's places (0.33)."""
    if claim.unit == "fraction":
        return round(float(draft.value), claim.decimals) == claim.value
    return float(draft.value) == claim.value


def check_against_quotes(path, claims, provinces: frozenset[str] = frozenset()) -> None:
    """Each claim's value and qualifier as its quote prints them, where the drafts read a figure of the claim's unit in
    it: a value no such figure gives (280,000 typed 28,000; 300个 typed 200) or a qualifier the figure does not carry
    ('约占25%' typed 'over') is an error naming the row. A quote the drafts read nothing of in that unit is left alone."""
    from .labels import unit_has_words

    for row_number, claim in enumerate(claims, start=1):
        every = draft_claims(claim.quote, provinces)
        drafted = [d for d in every if d.unit == claim.unit]
        elsewhere = [d for d in every if d.unit != claim.unit and unit_has_words(d.unit) and float(d.value) == claim.value]
        if elsewhere and not drafted:  # '三年' claimed as 3 months: the unit changed, and with it what the value is checked against
            raise DataFileError(path, f"the quote prints '{elsewhere[0].figure}' in {elsewhere[0].unit}, not in {claim.unit}",
                                row=row_number, column="unit")
        same = [d for d in drafted if _reads_as(d, claim)]
        if drafted and not same:
            printed = ", ".join(f"'{d.figure}' ({_plain(d.value)})" for d in drafted)
            raise DataFileError(path, f"the quote prints {printed} in {claim.unit}; {_plain(Decimal(repr(claim.value)))} is none of them",
                                row=row_number, column="value")
        if same and not any(d.qualifier == claim.qualifier for d in same):
            raise DataFileError(path, f"the quote prints '{same[0].figure}', which reads as {same[0].qualifier!r}, not {claim.qualifier!r}",
                                row=row_number, column="qualifier")
        if same and claim.unit != "fraction" and not any(printed_decimals(d) == claim.decimals for d in same):
            # the places a value is written with are the precision it is read at: 25.60 for a printed 25.6% is a claim
            # to the hundredth, which would turn a rounding into a gap
            places = printed_decimals(same[0])
            raise DataFileError(path, f"the quote prints '{same[0].figure}', to {places} decimal place(s); write the value with as "
                                      f"many, as printed ({same[0].value:.{places}f}): they are the precision it is read at",
                                row=row_number, column="value")


def check_reports_against_phrases(reports: dict, files: list[Path], provinces: frozenset[str] = frozenset()) -> None:
    """Each independent report's figures as its phrase prints them, where the drafts read a figure of a figure's unit in
    the phrase: a value the phrase prints nowhere (422 typed for 420, 1.2 for 1.2万, 507 for 7月5日) is an error naming
    the row of its file (`files`: the report files, by which a report's file is found). A figure in a unit the drafts
    read nothing of is left alone, as a claim's is."""
    by_name = {relative_to_root(path): path for path in files}
    for report in reports.values():
        drafted = draft_claims(report.phrase, provinces)
        printed = {float(v) for d in drafted for v in (d.value, d.value_upper) if v is not None}
        for number, figure in enumerate(report.figures, start=1):
            same_unit = [d for d in drafted if d.unit == figure.unit]
            if same_unit and float(figure.value) not in printed:
                shown = ", ".join(f"'{d.figure}' ({_plain(d.value)})" for d in same_unit)
                raise DataFileError(by_name.get(report.file, Path(report.file)),
                                    f"figure {number} is {_plain(Decimal(str(figure.value)))} {figure.unit}, which the phrase as "
                                    f"printed does not give: it prints {shown}", row=report.row_number, column="value")


# The date a figure is given as of, where its sentence says so: 截至2025年底, 截至2024年6月, as of June 2024, by the end of
# 2023; and a target's year, 到2027年 or by 2027, after the article's
_AS_OF_ZH = re.compile(r"截[至止](?P<year>20\d\d)年(?:(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})[日号])?|(?P<end>底|末))?")
_AS_OF_EN = re.compile(r"\b(?:as of|as at|by the end of|at the end of|end of)\s+(?:(?P<month>[a-z]+)\.?\s+)?(?P<year>20\d\d)\b",
                       re.IGNORECASE)
_TARGET = re.compile(r"(?:到|至|力争到|预计到)(?P<zh>20\d\d)年|\bby (?P<en>20\d\d)\b")


def drafted_as_of(quote: str, article_date: str) -> str:
    """The as_of a draft of `quote` takes: the date its sentence gives the figure as of, the period from the article's year
    to a later year it sets a target for, else the article's date. A date after the article's is never drafted (the data
    check refuses it)."""
    found = _AS_OF_ZH.search(comparable(quote))
    english = _AS_OF_EN.search(quote)
    date = ""
    if found:
        month = "12" if found["end"] else found["month"]
        date = found["year"] + (f"-{int(month):02d}" if month else "") + (f"-{int(found['day']):02d}" if found["day"] and month else "")
    elif english and (not english["month"] or english["month"][:3].lower() in MONTH_NUMBERS):
        month = MONTH_NUMBERS[english["month"][:3].lower()] if english["month"] else (12 if "end" in english.group() else None)
        date = english["year"] + (f"-{month:02d}" if month else "")
    if date and not known_after(date, article_date):
        return date
    target = _TARGET.search(quote)
    year = target and (target["zh"] or target["en"])
    if year and int(year) > int(article_date[:4]):
        return f"{article_date[:4]}/{year}"
    return article_date


def draft_accuracy(claims, texts: dict[str, str], provinces: frozenset[str] = frozenset()) -> tuple[int, int, list[str]]:
    """(claims drafted exactly, claims, ids of the others), drafting each article of `texts` afresh."""
    drafts = {article_id: draft_claims(text, provinces) for article_id, text in texts.items()}
    missed = [claim.claim_id for claim in claims if not any(drafts_claim(d, claim) for d in drafts.get(claim.article_id, ()))]
    return len(claims) - len(missed), len(claims), missed
