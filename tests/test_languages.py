"""Each edition speaks its reader's language: no English word in what the Chinese edition generates, and no Chinese in
what the English one generates, outside quotes and names (tests/languages.py says what counts as those)."""
from __future__ import annotations

import pytest

from sme_clusters import config
from sme_clusters.dataset import Dataset
from sme_clusters.summary import BLOCK

from .languages import chart_texts, names_and_quotes, notebook_outputs, other_language


@pytest.fixture(scope="module")
def names() -> list[str]:
    return names_and_quotes(Dataset(config.DATA))


def generated_texts(edition: config.Edition) -> dict[str, list[str]]:
    """Where an edition's generated text is, and the text: each notebook's outputs, each chart's text, the README's blocks."""
    texts = {path.name: notebook_outputs(path) for path in sorted(edition.notebooks.glob("*.ipynb"))}
    texts |= {path.name: chart_texts(path) for path in sorted(edition.figures.glob("*.svg"))}
    texts[edition.readme.name] = [m.group("body") for m in BLOCK.finditer(edition.readme.read_text(encoding="utf-8"))]
    return texts


@pytest.mark.parametrize("edition", config.EDITIONS.values(), ids=lambda e: e.lang)
def test_an_edition_generates_nothing_in_the_other_language_outside_quotes_and_names(edition, names):
    texts = generated_texts(edition)
    assert len(texts) > 2 * len(list(edition.notebooks.glob("*.ipynb"))) - 1  # notebooks, charts and the README were all read
    stray = {where: words for where, shown in texts.items() if (words := sorted({w for t in shown for w in other_language(t, edition.lang, names)}))}
    assert stray == {}, f"the {edition.lang} edition shows words of the other language (put them in the text table, or quote them): {stray}"


def test_the_check_sees_a_word_of_the_other_language_and_lets_quotes_names_and_codes_pass():
    assert other_language("核得28,000家，found in 003-smes", "zh", []) == ["found", "in"]
    assert other_language("文章称“more than 280,000”，见 https://example.org/a 与 county_units:banner、MIIT", "zh", []) == []
    assert other_language("found 28,000 enterprises 核得", "en", []) == ["核得"]
    assert other_language("新闻条目，见360elib", "zh", []) == []  # a site's name with digits in it
    assert other_language("Shanghai Securities News (上海证券报) printed “2.8万”; see 白云区", "en", ["白云区"]) == []


@pytest.mark.parametrize("edition", config.EDITIONS.values(), ids=lambda e: e.lang)
def test_a_tables_plain_text_shows_the_headers_its_html_shows(edition):
    """What shows a notebook without HTML (a diff, a terminal, a plain viewer) reads the table in the edition's words, not
    in the frame's English column names, with no row numbers."""
    import html
    import re

    import nbformat

    tables = 0
    for path in sorted(edition.notebooks.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "<table" not in data.get("text/html", ""):
                    continue
                tables += 1
                head = data["text/html"].split("</thead>")[0]
                headers = " ".join(html.unescape(h) for h in re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", head, re.DOTALL)).split()
                assert headers == data["text/plain"].splitlines()[0].split(), path.name
    assert tables
