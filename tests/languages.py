"""What a reader of one edition sees that is in the other language: the words of generated text left once quotes and
names are taken out.

Generated text is every output of a rendered notebook (sentences, tables, findings), the README's generated blocks and
the text of each chart. Quotes and names are what the data records as printed or as named (a claim's sentence, an
article's title, a report's phrase and publisher, cluster and place names), anything in quotation marks or book-title
marks, a quoted line ('> …'), and codes: addresses, ids, file names and acronyms.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat

from sme_clusters.claims import CHINESE

ENGLISH_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][a-z]+(?:'[a-z]+)?")  # a word in letters; acronyms (MIIT, GDP) and names with digits (360elib) pass
CODES = [
    re.compile(r"https?://\S+"),
    re.compile(r"\b\w+(?:[-_:./]\w+)+"),  # ids, files, domains: 002-east, county_units:banner, news.cn
    re.compile(r"`[^`]*`"),
    re.compile(r"“[^”]*”|‘[^’]*’|「[^」]*」|《[^》]*》|\"[^\"\n]*\""),  # what a source printed, a title
    re.compile(r"^> .*$", re.MULTILINE),  # a quoted sentence
]
GLOSS = re.compile(r"\([\s\u3000-\u303f\u4e00-\u9fff·、]*\)")  # in English, the Chinese of what was just named: 'Shanghai Securities News (上海证券报)'
QUOTE_COLUMNS = ("quote", "原文", "as printed", "原文措辞", "example", "例子", "cluster name", "集群名称", "industry", "产业")  # a table's columns of quotes and names


def names_and_quotes(data) -> list[str]:
    """Every string the data records as printed or as named, longest first (so that a longer one goes before its parts)."""
    strings = set()
    strings |= {c.quote for c in data.claims} | {c.shown_quote for c in data.claims}
    sources = data.sources
    strings |= set(sources["title"]) | set(sources["publisher"])
    for report in data.independent_reports.values():
        strings |= {report.phrase_as_printed, report.phrase, report.publisher}
    strings |= set(data.province_totals["publisher"]) | set(data.reported_figures["publisher"])
    for column in ("short_zh", "name_zh", "name_en"):
        if column in data.provinces:
            strings |= set(data.provinces[column])
    strings |= set(data.listing_units.index) | set(data.listing_units.get("name_en", []))
    for rows in (data.lists.clusters(data.lists.latest()), data.uncertain_clusters):
        for column in ("cluster_name", "province", "listed_under", "city", "county"):
            strings |= set(rows.get(column, []))
    strings |= set(data.named_examples["as_named"]) | set(data.county_units.get("unit_type_zh", []))
    return sorted((s for s in strings if isinstance(s, str) and len(s) > 1), key=len, reverse=True)


def without_quotes_and_names(text: str, names: list[str]) -> str:
    for name in names:
        if name in text:
            text = text.replace(name, " ")
    for pattern in CODES:
        text = pattern.sub(" ", text)
    return text


def other_language(text: str, lang: str, names: list[str]) -> list[str]:
    """The words of `text` in the language that is not `lang`, once quotes and names are taken out."""
    if lang == "zh":
        return ENGLISH_WORD.findall(without_quotes_and_names(text, names))
    return re.findall(rf"{CHINESE.pattern}+", GLOSS.sub(" ", without_quotes_and_names(text, names)))


def notebook_outputs(path: Path) -> list[str]:
    """Each output of a rendered notebook as a reader sees it: Markdown, or a table's cells (tags and styles taken out)."""
    shown = []
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                shown += table_cells(data["text/html"])
            elif "text/markdown" in data:
                shown.append(data["text/markdown"])
            elif "text" in output:
                shown.append(output["text"])
    return shown


def chart_texts(svg: Path) -> list[str]:
    """The text a chart shows, as its SVG records it (each text element's content, in a comment before its glyphs)."""
    return [html.unescape(t) for t in re.findall(r"<!-- (.*?) -->", svg.read_text(encoding="utf-8"), flags=re.DOTALL)]


def table_cells(table: str) -> list[str]:
    """The cells of an HTML table, but those of its columns of quotes and names (QUOTE_COLUMNS)."""
    table = re.sub(r"<style.*?</style>", " ", table, flags=re.DOTALL)
    text = lambda cell: html.unescape(re.sub(r"<[^>]+>", " ", cell)).strip()  # noqa: E731
    headings = [text(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", table, flags=re.DOTALL)]
    quoted = {i for i, h in enumerate(headings) if h in QUOTE_COLUMNS}
    cells = list(headings)
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.DOTALL):
        cells += [text(c) for i, c in enumerate(re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.DOTALL)) if i not in quoted]
    return cells


def page_text(page: Path) -> str:
    """What a reader sees of an HTML page: its text, without scripts, styles and markup (alt texts kept)."""
    text = page.read_text(encoding="utf-8")
    lang = re.search(r'<html[^>]*\slang="([^"]+)"', text).group(1)
    text = re.sub(r"<(script|style|code)[^>]*>.*?</\1>", " ", text, flags=re.DOTALL)
    text = re.sub(r'<(\w+)[^>]*class="as-written"[^>]*>.*?</\1>', " ", text, flags=re.DOTALL)  # the data's words, quoted as written
    text = re.sub(rf'<(\w+)[^>]*\slang="(?!{lang}")[^"]*"[^>]*>.*?</\1>', " ", text, flags=re.DOTALL)  # marked as in another language
    text = re.sub(r'<img[^>]*alt="([^"]*)"[^>]*>', r" \1 ", text)
    text = re.sub(r'placeholder="([^"]*)"', r'> \1 <', text)
    return html.unescape(re.sub(r"<[^>]+>", "\n", text))
