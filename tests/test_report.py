"""The HTML report: every link on the index resolves, and in a real browser no image is broken and Chinese renders."""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import urllib.request
from html import escape as html_escape
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from sme_clusters import config
from sme_clusters.labels import verdict_word
from sme_clusters.report import EDITION_FOLDER, build_report

pytestmark = pytest.mark.starts_first  # its fixture runs every notebook, or builds the report: seconds

HARNESSES = ("inspect-en", "inspect-zh", "search", "download", "suite")  # pages the browser fixture writes into the report
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars"]

# Loads a page of the report in a frame (same origin), waits for it and for the CJK font, then reports.
HARNESS = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><pre id="result">pending</pre>
<script>
async function inspect(src) {
  const frame = document.createElement("iframe");
  frame.style.width = "1200px"; frame.style.height = "900px";
  document.body.appendChild(frame);
  await new Promise(resolve => { frame.onload = resolve; frame.src = src; });
  const doc = frame.contentDocument;
  const images = [...doc.images];
  await Promise.all(images.map(img => img.complete ? null : new Promise(r => { img.onload = r; img.onerror = r; })));
  const fonts = await doc.fonts.load('16px "Noto Sans CJK SC"', "集群");
  // every element holding Chinese text must be set in the shipped CJK font first: a character Chromium finds by falling
  // back from a system font is at times drawn as an empty box
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  const unstyled = new Set();
  let chinese = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!/[\\u4e00-\\u9fff]/.test(node.textContent)) continue;
    chinese += 1;
    const family = frame.contentWindow.getComputedStyle(node.parentElement).fontFamily;
    const code = node.parentElement.closest("pre, code, .highlight");  // code keeps its monospace font first
    if (code ? !family.includes("Noto Sans CJK SC") : !family.startsWith('"Noto Sans CJK SC"')) unstyled.add(node.parentElement.tagName + "." + node.parentElement.className);
  }
  const code = [...doc.querySelectorAll(".jp-CodeCell .jp-Cell-inputWrapper")];
  const shown = () => code.filter(c => frame.contentWindow.getComputedStyle(c).display !== "none").length;
  const hiddenAtFirst = code.length - shown();
  const toggle = doc.getElementById("show-code");
  if (toggle) toggle.click();
  const shownAfterClick = shown();
  return {page: src, images: images.length, broken: images.filter(i => !i.naturalWidth).map(i => i.src.slice(0, 80)),
          cjk_font_loaded: fonts.length > 0, chinese_text_nodes: chinese, without_cjk_font: [...unstyled],
          code_cells: code.length, code_hidden_at_first: hiddenAtFirst, code_shown_after_click: shownAfterClick,
          findings: doc.body.innerText.includes(EXPECTED[src])};
}
(async () => {
  const results = [];
  for (const page of PAGES) results.push(await inspect(page));
  document.getElementById("result").textContent = JSON.stringify(results);
})();
</script></body></html>"""


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value and not value.startswith(("http:", "https:", "data:", "#")):
                self.targets.append(value)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    return build_report(tmp_path_factory.mktemp("report") / "report").parent


def test_every_link_and_image_on_every_page_points_to_a_file(report):
    pages = sorted(report.glob("*.html"))
    assert len(pages) > 1
    for page in pages:
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.targets, page.name
        missing = [t for t in parser.targets if not (report / t.split("#")[0]).is_file()]
        assert missing == [], page.name
    index = Links()
    index.feed((report / "index.html").read_text(encoding="utf-8"))
    assert any(t.endswith(".html") for t in index.targets) and any(t.endswith(".png") for t in index.targets)


class Focusable(HTMLParser):
    """Each image's alt text, and whether each cell's input and output can take the keyboard's focus."""

    def __init__(self):
        super().__init__()
        self.alts, self.cells = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.alts.append(attrs.get("alt"))
        if tag == "div" and {"jp-Cell-inputWrapper", "jp-OutputArea-output"} & set((attrs.get("class") or "").split()):
            self.cells.append(attrs.get("tabindex"))


def test_every_notebook_page_gives_each_image_an_alt_text_and_lets_the_keyboard_reach_every_cell(report):
    for page in [*report.glob("[0-9][0-9]-*.html"), *report.glob("zh/[0-9][0-9]-*.html")]:
        found = Focusable()
        found.feed(page.read_text(encoding="utf-8"))
        assert found.alts and all(found.alts), page.name  # the charts the notebooks show, each with its text
        assert found.cells and set(found.cells) == {"0"}, page.name


def test_every_notebook_page_links_back_to_the_index(report):
    for page in report.glob("[0-9][0-9]-*.html"):
        assert 'href="index.html"' in page.read_text(encoding="utf-8"), page.name


def test_the_index_carries_one_claim_review_per_claim_with_its_verdict(report):
    import pandas as pd

    ledger = pd.read_csv(config.LEDGER, dtype=str, keep_default_na=False)
    text = (report / "index.html").read_text(encoding="utf-8")
    records = [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.DOTALL)]
    assert {r["@type"] for r in records} == {"ClaimReview"}
    assert {r["identifier"]: r["reviewRating"]["alternateName"] for r in records} == dict(zip(ledger["claim"], ledger["verdict"], strict=True))
    assert all(r["claimReviewed"] and r["itemReviewed"]["author"]["name"] for r in records)


def test_the_report_is_small_and_its_font_covers_every_character_it_shows(report):
    from fontTools.ttLib import TTFont

    for lang, folder in EDITION_FOLDER.items():  # each edition is small; the data package is the report's, once
        others = [report / f for f in EDITION_FOLDER.values() if f and f != folder]
        size = sum(p.stat().st_size for p in (report / folder).rglob("*") if p.is_file() and not any(o in p.parents for o in others))
        assert size < 8_000_000, lang
    font = next((report / "fonts").iterdir())  # one font for both editions, cut to their pages
    cmap = TTFont(font, lazy=True).getBestCmap()
    for folder in EDITION_FOLDER.values():
        text = "".join(p.read_text(encoding="utf-8") for p in (report / folder).glob("*.html"))
        missing = sorted({ch for ch in text if "\u4e00" <= ch <= "\u9fff" and ord(ch) not in cmap})
        assert missing == [], folder
        assert f'url("{"../" if folder else ""}fonts/{font.name}")' in (report / folder / "report.css").read_text(encoding="utf-8")


def test_a_cut_of_the_font_is_reused_only_for_the_same_characters_and_only_the_latest_is_kept(tmp_path, monkeypatch):
    import fontTools.subset
    from fontTools.ttLib import TTFont

    from sme_clusters.report import subset_font

    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "older-cut.otf").write_bytes(b"a cut of other pages")
    subset_font(tmp_path / "first.otf", "集群", cache)
    assert {ord("集"), ord("群")} <= set(TTFont(tmp_path / "first.otf", lazy=True).getBestCmap())
    assert [p.name for p in cache.iterdir()] != [] and not (cache / "older-cut.otf").exists()

    def no_cutting(*args, **kwargs):
        raise AssertionError("cut again")

    monkeypatch.setattr(fontTools.subset, "Subsetter", no_cutting)
    subset_font(tmp_path / "again.otf", "群集群", cache)  # the same characters, in another order
    assert (tmp_path / "again.otf").read_bytes() == (tmp_path / "first.otf").read_bytes()
    with pytest.raises(AssertionError, match="cut again"):
        subset_font(tmp_path / "other.otf", "集群产业", cache)


def test_every_notebook_has_a_page_without_scripts_from_the_web(report):
    pages = sorted(report.glob("[0-9][0-9]-*.html"))
    assert [p.stem for p in pages] == sorted(p.stem for p in config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'<script[^>]*src="https?://', text), page.name
        assert 'href="report.css"' in text


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium); CI installs it")
    return found


@pytest.fixture(scope="module")
def server(report):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(report))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def run_chromium(*args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        return subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120)


def harness_result(url: str, *flags: str, budget_ms: int = 20000):
    """What a harness page loaded in Chromium reports in its <pre id="result">, as JSON."""
    result = run_chromium(f"--virtual-time-budget={budget_ms}", *flags, "--dump-dom", url)
    assert result.returncode == 0, result.stderr[-2000:]
    found = re.search(r'<pre id="result">(.*?)</pre>', result.stdout, re.DOTALL)
    assert found and found.group(1) != "pending", result.stderr[-2000:]
    return json.loads(html_unescape(found.group(1)))


def inspection_harness(expected: dict[str, str]) -> str:
    """A page that loads each page (-> a text it must show) in a frame: its images, its fonts, its code cells."""
    return HARNESS.replace("PAGES", json.dumps(list(expected))).replace("EXPECTED[src]", f"({json.dumps(expected)})[src]")


def pages_to_inspect(lang: str) -> dict[str, str]:
    """The index and two notebook pages of an edition, each with a text it must show."""
    from sme_clusters.labels import phrase

    folder = f"{EDITION_FOLDER[lang]}/" if EDITION_FOLDER[lang] else ""
    expected = {f"{folder}index.html": phrase("report_findings_heading", lang)}
    return expected | {f"{folder}{name}.html": verdict_word("contradicted", lang) for name in ("01-first-batch", "03-regions")}


SEARCHES = {"en": "Baiyun", "zh": "白云"}  # what a reader types into each edition's claims explorer

def frame_harness(page: str, script: str) -> str:
    """A harness that loads `page` of its folder in a frame, runs `script` on it (`frame`, `doc`) and reports the object
    the script ends with in its <pre id="result">."""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><pre id="result">pending</pre>
<script>
(async () => {{
  const frame = document.createElement("iframe");
  document.body.appendChild(frame);
  await new Promise(resolve => {{ frame.onload = resolve; frame.src = "{page}"; }});
  const doc = frame.contentDocument;
  document.getElementById("result").textContent = JSON.stringify(await (async () => {{ {script} }})());
}})();
</script></body></html>"""


# Types a query into the claims explorer: the rows shown before and after
SEARCH_SCRIPT = """
  const search = doc.getElementById("search");
  const visible = () => [...doc.querySelectorAll("#claims tbody tr")].filter(r => !r.hidden).map(r => r.id);
  const before = visible().length;
  search.value = QUERY;
  search.dispatchEvent(new Event("input"));
  return {before, after: visible()};"""
# Fetches the cluster finder's download link as the browser would: its status, header and rows, and the rows shown
DOWNLOAD_SCRIPT = """
  const response = await fetch(doc.querySelector("a[download]").href);
  const text = await response.text();
  return {status: response.status, header: text.split("\\n")[0], rows: text.trim().split("\\n").length - 1,
          shown: doc.querySelectorAll("table.explore tbody tr").length};"""


# Loads every harness in turn, in a frame of the size of a window, waits for its result, and reports them all: one
# browser started for every check, not one each (a start costs a second or two of both cores).
SUITE = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><pre id="result">pending</pre>
<script>
(async () => {
  const results = {};
  for (const [name, src] of Object.entries(HARNESSES)) {
    const frame = document.createElement("iframe");
    frame.style.width = "1280px"; frame.style.height = "1000px";
    document.body.appendChild(frame);
    await new Promise(resolve => { frame.onload = resolve; frame.src = src; });
    let shown = "pending";
    while (shown === "pending") {
      await new Promise(resolve => setTimeout(resolve, 50));
      shown = frame.contentDocument.getElementById("result").textContent;
    }
    results[name] = JSON.parse(shown);
    frame.remove();
  }
  document.getElementById("result").textContent = JSON.stringify(results);
})();
</script></body></html>"""


@pytest.fixture(scope="module")
def browser(report, server) -> dict:
    """Every harness's result, from one run of Chromium: inspection, search and download, in each edition."""
    harnesses = {}
    for lang, folder in EDITION_FOLDER.items():
        prefix = f"{folder}/" if folder else ""
        (report / f"inspect-{lang}.html").write_text(inspection_harness(pages_to_inspect(lang)), encoding="utf-8")
        (report / prefix / "search.html").write_text(
            frame_harness("claims.html", SEARCH_SCRIPT.replace("QUERY", json.dumps(SEARCHES[lang]))), encoding="utf-8")
        (report / prefix / "download.html").write_text(frame_harness("clusters.html", DOWNLOAD_SCRIPT), encoding="utf-8")
        harnesses |= {f"inspect-{lang}": f"inspect-{lang}.html", f"search-{lang}": f"{prefix}search.html",
                      f"download-{lang}": f"{prefix}download.html"}
    (report / "suite.html").write_text(SUITE.replace("HARNESSES", json.dumps(harnesses)), encoding="utf-8")
    results = harness_result(f"{server}/suite.html", "--window-size=1400,1100", budget_ms=120000)
    assert sorted(results) == sorted(harnesses), results
    return results


@pytest.mark.parametrize("edition", config.EDITIONS.values(), ids=lambda e: e.lang)
def test_in_a_browser_no_image_is_broken_and_the_cjk_font_loads(browser, edition):
    pages = browser[f"inspect-{edition.lang}"]
    assert [page["page"] for page in pages] == list(pages_to_inspect(edition.lang))
    for page in pages:
        assert page["images"] > 0, page
        assert page["broken"] == [], page
        assert page["cjk_font_loaded"], page
        assert page["chinese_text_nodes"] > 0 and page["without_cjk_font"] == [], page
        assert page["findings"], page
        if not page["page"].endswith("index.html"):  # code hidden until the reader asks for it
            assert page["code_cells"] > 0 and page["code_hidden_at_first"] == page["code_cells"], page
            assert page["code_shown_after_click"] == page["code_cells"], page


@pytest.mark.slow  # a browser of its own: the checks above share one
def test_a_screenshot_of_the_index(report, server, tmp_path):
    shot = tmp_path / "index.png"
    assert run_chromium("--window-size=1280,1600", f"--screenshot={shot}", f"{server}/index.html").returncode == 0
    assert shot.is_file() and shot.stat().st_size > 20_000


# ---- the claims explorer ----------------------------------------------------------------------------------------------
def ledger_tables():
    import pandas as pd

    return (pd.read_csv(config.LEDGER, dtype=str, keep_default_na=False),
            pd.read_csv(config.LEDGER_EVIDENCE, dtype=str, keep_default_na=False))


class Rows(HTMLParser):
    """The explorer's rows: each row's id and the links in it."""

    def __init__(self):
        super().__init__()
        self.rows: dict[str, list[tuple[str, str]]] = {}
        self._row = self._href = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and attrs.get("id", "").startswith("claim-"):
            self._row = attrs["id"].removeprefix("claim-")
            self.rows[self._row] = []
        elif tag == "a" and self._row:
            self._href = attrs.get("href")

    def handle_data(self, data):
        if self._href is not None and self._row:
            self.rows[self._row].append((data, self._href))
            self._href = None


def test_the_explorer_has_a_row_for_every_claim_and_links_every_evidence_id_to_its_address(report):
    from sme_clusters.schemas import split_ids

    ledger, evidence = ledger_tables()
    urls = {e: u for e, u in zip(evidence["evidence"], evidence["url"], strict=True) if u.startswith(("http://", "https://"))}
    parser = Rows()
    parser.feed((report / "claims.html").read_text(encoding="utf-8"))
    assert list(parser.rows) == list(ledger["claim"])
    linked = 0
    for claim, cell in zip(ledger["claim"], ledger["evidence"], strict=True):
        links = dict(parser.rows[claim])
        for token in split_ids(cell):
            key = token.split("#", 1)[0]
            if key in urls:
                assert links.get(token) == urls[key], (claim, token)
                linked += 1
            elif key in parser.rows:
                assert links.get(token) == f"#claim-{key}", (claim, token)
    assert linked >= len(urls)  # every report the ledger cites with an address is linked at least once


def test_each_claim_review_points_at_its_row_and_carries_the_datas_date_and_the_article(report):
    from sme_clusters.dataset import Dataset

    text = (report / "index.html").read_text(encoding="utf-8")
    records = [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.DOTALL)]
    rows = (report / "claims.html").read_text(encoding="utf-8")
    sources = Dataset(config.DATA).sources
    articles = sources[sources["kind"] == "article"]
    for record in records:
        page, _, fragment = record["url"].partition("#")
        assert (report / page).is_file() and f'id="{fragment}"' in rows, record["url"]
        assert record["datePublished"] == max(sources["accessed"]) and record["author"]["@type"] == "Organization"
        article = articles.loc[record["identifier"].split("-", 1)[0]]
        assert record["itemReviewed"]["author"]["name"] == article["publisher"]
        assert record["itemReviewed"].get("appearance", {}).get("url", "") == article["url"]


def test_in_a_browser_typing_in_the_explorers_search_narrows_the_rows(browser):
    ledger, _ = ledger_tables()
    query = SEARCHES["en"]
    text = ledger.drop(columns=[c for c in ledger.columns if c not in ("claim", "article says", "quote", "our English gloss", "verdict",
                                                                        "explanation", "evidence")]).agg(" ".join, axis=1)
    expected = [f"claim-{c}" for c, t in zip(ledger["claim"], text, strict=True) if query.lower() in t.lower()]
    seen = browser["search-en"]
    assert seen["before"] == len(ledger) and 0 < len(expected) < len(ledger)
    assert seen["after"] == expected


def test_the_cluster_finder_lists_every_known_cluster_with_its_source_and_its_csv_downloads(report, server):
    import csv
    import io

    from sme_clusters.dataset import Dataset

    data = Dataset(config.DATA)
    known = [*data.lists.clusters()["cluster_name"], *data.uncertain_clusters["cluster_name"]]
    page = (report / "clusters.html").read_text(encoding="utf-8")
    assert page.count("<tr data-province=") == len(known) and all(html_escape(name) in page for name in known)
    download = re.search(r'<a href="([^"]+)" download>', page).group(1)
    with urllib.request.urlopen(f"{server}/{download}") as response:  # served as the browser would fetch it
        rows = list(csv.DictReader(io.StringIO(response.read().decode("utf-8"))))
    assert [r["cluster"] for r in rows] == known
    rows_with_address = [r for r in rows if r["source"].startswith("http")]
    assert rows_with_address and all(f'href="{html_escape(r["source"].split(" | ")[0])}"' in page for r in rows_with_address)


def test_each_article_has_a_scorecard_that_files_every_claim_once_under_its_verdict(report):
    from sme_clusters.reader_pages import GROUPS
    from sme_clusters.schemas import NOT_CHECKABLE

    ledger, _ = ledger_tables()
    page = (report / "articles.html").read_text(encoding="utf-8")
    sections = dict(re.findall(r'<section id="article-(\w+)">(.*?)</section>', page, re.DOTALL))
    assert sorted(sections) == sorted(set(ledger["article"]))
    grouped = {verdict for _, verdicts in GROUPS for verdict in verdicts}
    for row in ledger.to_dict("records"):
        assert row["verdict"] in grouped, row["verdict"]
        section = sections[row["article"]]
        links = re.findall(rf'<a href="claims.html#claim-{re.escape(row["claim"])}">', section)
        assert len(links) == 1 + row["accuracy"].startswith("misreported"), row["claim"]
        if not row["notebook"]:  # tested by no notebook (a new article's claim of a kind none checks): nothing to link to
            assert row["verdict"] == NOT_CHECKABLE and 'href=".html' not in section, row["claim"]
            continue
        target = re.search(rf'<a href="({re.escape(row["notebook"])}\.html)#([^"]+)">', section)
        assert target and (report / target.group(1)).is_file(), row["claim"]  # the section of its notebook that judges it
        assert f'id="{html_unescape(target.group(2))}"' in html_unescape((report / target.group(1)).read_text(encoding="utf-8")), target.group(0)


def test_the_index_says_what_each_verdict_means_how_far_the_rows_reach_and_what_could_not_be_checked(report):
    from sme_clusters.dataset import Dataset
    from sme_clusters.verdicts import VERDICT_MEANINGS

    ledger, _ = ledger_tables()
    page = (report / "index.html").read_text(encoding="utf-8")
    methods = re.search(r'<section class="methods">(.*?)</section>', page, re.DOTALL).group(1)
    assert all(html_escape(meaning) in methods for meaning in VERDICT_MEANINGS.values())
    known, official = Dataset(config.DATA).lists.coverage()
    assert f"knows {known} of their {official:,} clusters" in methods
    unchecked = ledger[ledger["verdict"] == "not checkable"]["claim"]
    listed = re.search(r"What could not be checked.*?</ul>", methods, re.DOTALL).group(0)
    assert re.findall(r'href="claims.html#claim-([\w-]+)"', listed) == list(unchecked)


def test_the_index_shows_each_figure_once_captioned_by_what_it_shows_and_every_verdict_in_the_scales_order(report):
    from PIL import Image

    from sme_clusters.verdicts import VERDICTS

    page = (report / "index.html").read_text(encoding="utf-8")
    shown = re.findall(r'<img src="figures/([^"]+)"', page)
    assert len(shown) == len(set(shown))  # no chart twice (the verdicts chart opens the findings)
    for name, alt in re.findall(r'<figure><img src="figures/([^"]+)" alt="([^"]*)"', page):
        title = " ".join(Image.open(config.FIGURES_DIR / name).info["Title"].split())
        assert alt.startswith(html_escape(title)), (name, alt)
    header = re.search(r"<h2>Verdicts on the articles' claims</h2>.*?<thead>(.*?)</thead>", page, re.DOTALL).group(1)
    assert re.findall(r"<th>([^<]*)</th>", header) == ["article", *VERDICTS]


def test_evidence_from_a_data_file_or_a_reference_row_links_to_the_file_the_report_carries(report):
    from sme_clusters.dataset import Dataset
    from sme_clusters.schemas import split_ids

    data = Dataset(config.DATA)
    ledger, _ = ledger_tables()
    parser = Rows()
    parser.feed((report / "claims.html").read_text(encoding="utf-8"))
    checked = 0
    for claim, cell in zip(ledger["claim"], ledger["evidence"], strict=True):
        links = dict(parser.rows[claim])
        for token in split_ids(cell):
            if data.evidence.kind(token) == "article" or data.evidence.file_of(token) is None:
                continue
            href = links.get(token)
            assert href and href.startswith("data/") and (report / href).is_file(), (claim, token, href)
            assert (report / href).read_bytes() == data.evidence.file_of(token).read_bytes()
            checked += 1
    assert checked > 0


# --- the Chinese edition ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("edition", config.EDITIONS.values(), ids=lambda e: e.lang)
def test_each_edition_declares_its_language_and_every_link_and_image_resolves(report, edition):
    folder = report / EDITION_FOLDER[edition.lang]
    pages = sorted(p for p in folder.glob("*.html") if p.stem not in HARNESSES)
    assert {p.stem for p in pages} >= {"index", "claims", "clusters", "articles", *(n.stem for n in edition.notebooks.glob("*.ipynb"))}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert re.search(rf'<html lang="{edition.lang}"', text), page.name
        parser = Links()
        parser.feed(text)
        missing = [t for t in parser.targets if not (page.parent / t.split("#")[0]).resolve().is_file()]
        assert missing == [], (page.name, missing)
    other = next(e for e in config.EDITIONS.values() if e is not edition)
    switch = re.search(r'<a href="([^"]+)" hreflang="(\w+)"', (folder / "index.html").read_text(encoding="utf-8"))
    assert switch and switch.group(2) == other.lang and (folder / switch.group(1)).resolve() == (report / EDITION_FOLDER[other.lang] / "index.html").resolve()


@pytest.mark.parametrize("edition", config.EDITIONS.values(), ids=lambda e: e.lang)
def test_the_reader_pages_of_each_edition_show_nothing_in_the_other_language_outside_quotes_and_names(report, edition):
    from sme_clusters.dataset import Dataset

    from .languages import names_and_quotes, other_language, page_text

    names = names_and_quotes(Dataset(config.DATA))
    folder = report / EDITION_FOLDER[edition.lang]
    for page in ("index.html", "claims.html", "clusters.html", "articles.html"):
        stray = sorted({w for line in page_text(folder / page).splitlines() for w in other_language(line, edition.lang, names)})
        assert stray == [], f"{edition.lang}/{page}: {stray}"


def test_the_chinese_index_carries_a_claim_review_per_claim_with_the_verdict_in_chinese(report):
    ledger = pd.read_csv(config.CHINESE.ledger, dtype=str, keep_default_na=False)
    text = (report / EDITION_FOLDER["zh"] / "index.html").read_text(encoding="utf-8")
    records = [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.DOTALL)]
    assert {r["identifier"]: r["reviewRating"]["alternateName"] for r in records} == {
        c: verdict_word(v, "zh") for c, v in zip(ledger["claim"], ledger["verdict"], strict=True)}
    assert {r["inLanguage"] for r in records} == {"zh"}


def test_in_a_browser_typing_in_the_chinese_explorers_search_narrows_the_rows(browser):
    ledger = pd.read_csv(config.CHINESE.ledger, dtype=str, keep_default_na=False)
    query = SEARCHES["zh"]
    text = ledger[["claim", "article says", "quote", "verdict", "explanation", "evidence"]].agg(" ".join, axis=1)
    expected = [f"claim-{c}" for c, t in zip(ledger["claim"], text, strict=True) if query in t]
    seen = browser["search-zh"]
    assert seen["before"] == len(ledger) and 0 < len(expected) < len(ledger)
    assert seen["after"] == expected


def test_the_chinese_cluster_finder_downloads_every_known_cluster_with_its_sector_in_chinese(report, server):
    import csv
    import io

    page = (report / EDITION_FOLDER["zh"] / "clusters.html").read_text(encoding="utf-8")
    download = re.search(r'<a href="([^"]+)" download>', page).group(1)
    tables = {}
    for lang, address in (("zh", f"{server}/{EDITION_FOLDER['zh']}/{download}"), ("en", f"{server}/{download}")):
        with urllib.request.urlopen(address) as response:  # served as the browser would fetch it
            tables[lang] = list(csv.DictReader(io.StringIO(response.read().decode("utf-8"))))
    assert [r["cluster"] for r in tables["zh"]] == [r["cluster"] for r in tables["en"]]
    assert page.count("<tr data-province=") == len(tables["zh"])
    sectors = {r["sector (our keywords)"] for r in tables["zh"]}
    assert sectors and not any(re.search(r"[A-Za-z]", s) for s in sectors)


@pytest.mark.parametrize("edition", config.EDITIONS.values(), ids=lambda e: e.lang)
def test_in_a_browser_the_cluster_finders_download_link_gives_its_table(browser, edition):
    seen = browser[f"download-{edition.lang}"]
    assert seen["status"] == 200 and seen["header"].startswith("cluster,province")
    assert seen["rows"] == seen["shown"] > 0  # one row of the CSV per row of the finder


def test_a_claim_no_notebook_tested_is_listed_without_a_link_to_a_notebook():
    """Its notebook is empty: a link would point at '.html'."""
    from sme_clusters.reader_pages import _item
    from sme_clusters.schemas import NOT_CHECKABLE

    row = {"claim": "005-new", "verdict": NOT_CHECKABLE, "found": "", "article says": "over 500 clusters", "notebook": ""}
    item = _item(row, "en", {})
    assert 'href=".html"' not in item and "005-new" in item
    assert 'href="02-batches.html"' in _item({**row, "notebook": "02-batches"}, "en", {})
