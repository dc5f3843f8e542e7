"""A static HTML report of the rendered notebooks: one page per notebook and an index of notebooks, verdicts and figures.

It works offline: notebook images are embedded by nbconvert, figures are copied
beside the pages, scripts from the web are left out (the notebooks need none),
and the CJK font ships with the report, cut down to the characters the pages
use, so Chinese renders on any machine. Code is hidden until a reader asks for
it; every page links back to the index; each figure's caption is its alt text.
The index carries one schema.org ClaimReview record per claim (JSON-LD), which
search engines and fact-check tools read. The report is built in a scratch
folder and swapped in whole.
"""
from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import nbformat
import pandas as pd

from . import config, explorer, reader_pages
from .dataset import Dataset
from .labels import column_heading, package_terms, phrase, publisher_shown, verdict_word
from .output import csv_text, write_bytes_atomically
from .schemas import split_ids
from .plots import FONT_FAMILY, font_path

REPORT_DIR = config.ROOT / "report"
FONT_CACHE = config.ROOT / ".cache" / "fonts"  # cuts of the CJK font, one per set of characters the pages show
EXTERNAL_SCRIPT = re.compile(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>', re.IGNORECASE)
# The shipped font comes first: it has Latin as well as Chinese, and a Chinese character that Chromium has to find by
# falling back from a system font without one is at times drawn as an empty box. Form controls do not inherit a font.
STYLE = f"""@font-face {{ font-family: "{FONT_FAMILY}"; src: url("ROOTfonts/{font_path().name}") format("opentype"); }}
:root {{
  --jp-content-font-family: "{FONT_FAMILY}", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  --jp-ui-font-family: var(--jp-content-font-family);
  --jp-code-font-family: ui-monospace, "DejaVu Sans Mono", "{FONT_FAMILY}", monospace;
}}
body, table, .jp-RenderedHTMLCommon {{ font-family: var(--jp-content-font-family); }}
input, select, option, button {{ font-family: inherit; }}
body:has(#show-code:not(:checked)) .jp-CodeCell .jp-Cell-inputWrapper {{ display: none; }}
.report-nav {{ max-width: 1100px; margin: 1em auto; padding: 0 1em; font-family: var(--jp-content-font-family); }}
pre, code, .highlight, .highlight pre, .cm-editor, .jp-RenderedText pre {{ font-family: var(--jp-code-font-family); }}
.index {{ max-width: 1100px; margin: 2em auto; padding: 0 1em; line-height: 1.5; }}
.index img {{ max-width: 100%; border: 1px solid #ddd; }}
.index table {{ border-collapse: collapse; }} .index td, .index th {{ border: 1px solid #ddd; padding: 0.2em 0.6em; }}
"""


@functools.cache  # the index asks for it once per notebook and once per figure
def notebook_title(path: Path) -> str:
    """The first Markdown heading of a notebook."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
            if match:
                return match.group(1).strip()
    return path.stem


def nav(lang: str = "en") -> str:
    """A notebook page's bar: back to the index, the code on demand, and (in Chinese) what on the page is in English."""
    note = f' · <span>{phrase("report_prose_english", lang)}</span>' if lang != "en" else ""
    return (f'<nav class="report-nav"><a href="index.html">{phrase("report_back", lang)}</a> · '
            f'<label><input type="checkbox" id="show-code"> {phrase("report_show_code", lang)}</label>{note}</nav>')


# JupyterLab's page, but for its code cells: the lab template passes Pygments' highlighted HTML through bleach's
# sanitiser, which parses it again to escape what Pygments has already escaped (a third of a page's rendering).
# Outputs are rendered as the lab template renders them.
CODE_CELLS_AS_HIGHLIGHTED = """{%- extends 'index.html.j2' -%}
{% block input %}
<div class="jp-CodeMirrorEditor jp-Editor jp-InputArea-editor" data-type="inline">
     <div class="cm-editor cm-s-jupyter">
{{ cell.source | highlight_code(metadata=cell.metadata) }}
     </div>
</div>
{%- endblock input %}
"""


_HIGHLIGHTERS: dict = {}  # the exporter makes a highlighter for each notebook; one per language does for every page


@functools.lru_cache(maxsize=None)  # both editions show the same code: each cell is highlighted once
def _highlighted(lexer: str | None, source: str, metadata: str) -> str:
    return _HIGHLIGHTERS[lexer](source, metadata=json.loads(metadata))


def _highlight_once(lexer: str | None, source: str, metadata=None) -> str:
    return _highlighted(lexer, source, json.dumps(metadata or {}, sort_keys=True))


FOCUSABLE = re.compile(r'<div class="(?:[^"]* )?(?:jp-Cell-inputWrapper|jp-OutputArea-output)(?: [^"]*)?"(?![^>]*\btabindex=)[^>]*')
NO_ALT = re.compile(r"<img\b(?![^>]*\balt=)")


def accessible(html: str) -> str:
    """What nbconvert's HTML exporter adds to a rendered notebook: each cell's input and output focusable from the
    keyboard, an alt text on an image that has none."""
    html = FOCUSABLE.sub(lambda m: m.group(0) + ' tabindex="0"', html)
    return NO_ALT.sub('<img alt="No description has been provided for this image"', html)


@functools.cache  # one exporter for every page: it loads and compiles its templates once, not once per notebook
def _exporter():
    import jinja2
    from nbconvert import HTMLExporter, TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            # HTMLExporter's own, but for its last step: it parses the page it rendered with BeautifulSoup (pure
            # Python, half of a page's rendering) to give images without one an alt text and make cells focusable
            lang = nb.metadata.get("language_info", {})
            self.register_filter("highlight_code", self.filters.get("highlight_code", Highlight2HTML(
                pygments_lexer=lang.get("pygments_lexer", lang.get("name")), parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return accessible(html), resources

        def register_filter(self, name, jinja_filter):
            if name == "highlight_code":  # registered anew for each notebook
                lexer = getattr(jinja_filter, "pygments_lexer", None)
                _HIGHLIGHTERS.setdefault(lexer, jinja_filter)
                jinja_filter = functools.partial(_highlight_once, lexer)
            return super().register_filter(name, jinja_filter)

    return ReportExporter(template_name="lab", template_file="report_notebook.html.j2",
                          extra_loaders=[jinja2.DictLoader({"report_notebook.html.j2": CODE_CELLS_AS_HIGHLIGHTED})])


def render_notebook(path: Path, lang: str = "en") -> str:
    body, _ = _exporter().from_filename(str(path))
    body = EXTERNAL_SCRIPT.sub("", body)
    body = re.sub(r"<html[^>]*>", f'<html lang="{lang}">', body, count=1)
    body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + nav(lang), body, count=1)
    return body.replace("</head>", '<link rel="stylesheet" href="report.css">\n</head>', 1)


def caption(figure: Path, notebooks: list[Path], lang: str = "en") -> str:
    """A figure's caption: what the chart shows, as its title says it (written into the PNG when it was saved), and the
    notebook it belongs to."""
    from PIL import Image

    stem = figure.stem.split("__", 1)[0]
    owner = next((nb for nb in notebooks if nb.stem == stem), None)
    with Image.open(figure.with_suffix(".png")) as image:
        title = " ".join(image.info.get("Title", "").split())
    name = title_of(owner, lang) if owner else stem
    return phrase("report_caption", lang, title=title, notebook=name) if title else name


def title_of(notebook: Path, lang: str = "en") -> str:
    """A notebook's title as a reader of `lang` reads it: the text table's, where it has one, else its first heading."""
    text = package_terms().get(f"notebook_title_{notebook.stem[:2]}") if lang != "en" else None  # English: the notebook's own
    return text[lang] if text else notebook_title(notebook)


def findings_html(edition: config.Edition = config.ENGLISH) -> str:
    """The README's findings section, with its links pointed at the report's pages: the index opens with it."""
    import mistune

    heading = phrase("report_findings_heading", edition.lang)
    section = edition.readme.read_text(encoding="utf-8").split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    section = section[section.index("<!-- generated: findings -->"):]  # what precedes it speaks of the README's markers
    notebooks, figures = (path.relative_to(config.ROOT).as_posix() for path in (edition.notebooks, edition.figures))
    section = re.sub(rf"\({re.escape(notebooks)}/([\w-]+)\.ipynb\)", r"(\1.html)", section)
    section = section.replace(f"({figures}/", "(figures/")
    return f"<h2>{html.escape(heading)}</h2>\n" + mistune.html(section)


REVIEWER = {"@type": "Organization", "name": "The sme-clusters authors",
            "description": "China's SME characteristic industrial clusters (中小企业特色产业集群), checked"}  # as CITATION.cff


def claim_reviews(ledger: pd.DataFrame, articles: pd.DataFrame, published: str, lang: str = "en") -> list[dict]:
    """One schema.org ClaimReview per claim of the ledger: the claim, who made it and when, the verdict and its evidence,
    the review's address in the report (its row in the claims explorer) and the date of the data it rests on."""
    from .explorer import PAGE, anchor

    reviews = []
    for row in ledger.to_dict("records"):
        article = articles.loc[row["article"]]
        item = {"@type": "Claim", "author": {"@type": "Organization", "name": article["publisher"]}, "datePublished": article["date"]}
        if article["url"]:
            item["appearance"] = {"@type": "CreativeWork", "url": article["url"]}
        reviews.append({
            "@context": "https://schema.org", "@type": "ClaimReview", "identifier": row["claim"],
            "url": f"{PAGE}#{anchor(row['claim'])}", "datePublished": published,
            "claimReviewed": (row.get("our English gloss") if lang == "en" else "") or row["quote"], "inLanguage": lang,
            "itemReviewed": item,
            "reviewRating": {"@type": "Rating", "alternateName": verdict_word(row["verdict"], lang)},
            "reviewBody": row["explanation"],
            "author": REVIEWER,
        })
    return reviews


def subset_font(target: Path, text: str, cache: Path | None = FONT_CACHE) -> None:
    """The CJK font cut down to the characters of `text` (and printable ASCII): a few hundred kB, not 16 MB.

    Cutting takes a second or two of fontTools; the cut is kept in `cache` under a name made of the font's bytes, the
    characters and fontTools' version, so a report of unchanged pages reuses it and any change cuts again."""
    import fontTools
    from fontTools import subset

    characters = "".join(sorted(set(text) | {chr(c) for c in range(32, 127)}))
    key = hashlib.sha256(b"\0".join([hashlib.sha256(font_path().read_bytes()).digest(), fontTools.version.encode(),
                                     characters.encode("utf-8")])).hexdigest()
    kept = cache / f"{key}{font_path().suffix}" if cache is not None else None
    try:
        if kept is not None:
            shutil.copyfile(kept, target)
            return
    except FileNotFoundError:
        pass
    options = subset.Options()
    options.drop_tables += ["DSIG"]
    font = subset.load_font(str(font_path()), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    subset.save_font(font, str(target), options)
    if kept is not None:  # only the latest cut is kept: the cache does not grow with every edit of the pages
        write_bytes_atomically(kept, target.read_bytes())
        for other in cache.glob(f"*{font_path().suffix}"):
            if other != kept:
                other.unlink(missing_ok=True)


def data_section(lang: str = "en", package: str = "data") -> str:
    """Where the results are as data: the data package (at `package`, relative to the page) and the edition's ledger."""
    return f"""<h2>{phrase("report_data_title", lang)}</h2>
<p>{phrase("report_data_text", lang, package=f'<a href="{package}/{config.PACKAGE_FILE}">{config.PACKAGE_FILE}</a>',
           ledger=f'<a href="data/processed/{config.LEDGER.name}">{config.LEDGER.name}</a>',
           evidence=f'<a href="data/processed/{config.LEDGER_EVIDENCE.name}">{config.LEDGER_EVIDENCE.name}</a>')}</p>"""


def copy_data_package(target: Path) -> None:
    """The data package and every file it describes, under `target`: the report carries its results as data."""
    source = config.DATA_DIR / config.PACKAGE_FILE
    for resource in json.loads(source.read_text(encoding="utf-8"))["resources"]:
        (target / resource["path"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(config.DATA_DIR / resource["path"], target / resource["path"])
    shutil.copy2(source, target / config.PACKAGE_FILE)


def index_page(edition: config.Edition, figures: list[Path], claims: pd.DataFrame | None, articles: pd.DataFrame, published: str,
               methods: str = "", package: str = "data", other: str = "") -> str:
    """The index of one edition; `claims` is its ledger as written (None before any run wrote one); `other` the address of the
    other edition's index."""
    lang = edition.lang
    notebooks = _notebooks(edition)
    items = "\n".join(f'<li><a href="{nb.stem}.html">{html.escape(title_of(nb, lang))}</a></li>' for nb in notebooks)
    summary = records = ""
    if claims is not None:
        from .explorer import PAGE
        from .verdicts import VERDICTS

        # every verdict of the scale, in its order (a verdict no claim got shows as 0), one row per article with its publisher
        table = pd.crosstab(claims["article"], claims["verdict"]).reindex(columns=list(VERDICTS), fill_value=0)
        table.index = [f"{a} · {publisher_shown(articles.loc[a, 'publisher'], lang)}" if a in articles.index else a for a in table.index]
        table.columns = [verdict_word(v, lang) for v in table.columns]
        table = table.rename_axis(index=column_heading("article", lang), columns=None).reset_index()
        summary = (f"<h2>{phrase('report_verdicts_title', lang)}</h2>\n<p>"
                   + phrase("report_verdicts_links", lang, claims=PAGE, clusters=explorer.PAGE_CLUSTERS) + "</p>\n" + table.to_html(index=False))
        records = "\n".join('<script type="application/ld+json">' + json.dumps(review, ensure_ascii=False).replace("</", "<\\/")
                            + "</script>" for review in claim_reviews(claims, articles, published, lang))
    sections = []
    findings = findings_html(edition)
    for nb in notebooks:  # a figure the findings already show (the verdicts chart) is not shown twice
        own = [f for f in figures if f.name.startswith(f"{nb.stem}__") and f.suffix == ".png" and f"figures/{f.name}" not in findings]
        if own:
            images = "\n".join(
                f'<figure><img src="figures/{f.name}" alt="{html.escape(caption(f, notebooks, lang))}">'
                f'<figcaption>{html.escape(caption(f, notebooks, lang))} · <a href="figures/{f.stem}.svg">SVG</a> · '
                f'<a href="figures/{f.stem}.csv" download>{phrase("report_chart_data", lang)}</a></figcaption></figure>'
                for f in own)
            sections.append(f'<h3><a href="{nb.stem}.html">{html.escape(title_of(nb, lang))}</a></h3>\n{images}')
    other_lang = phrase("report_other_lang", lang)
    switch = (f'<p class="editions"><a href="{other}" hreflang="{other_lang}" lang="{other_lang}">{phrase("report_other_edition", lang)}</a></p>'
              if other else "")
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(phrase("report_title", lang))}</title>
<link rel="stylesheet" href="report.css">
{records}
</head>
<body><main class="index">
{switch}
<h1>{html.escape(phrase("report_heading", lang))}</h1>
{findings}
{methods}
<p>{phrase("report_index_intro", lang)}</p>
<h2>{phrase("report_notebooks", lang)}</h2>
<ol>
{items}
</ol>
{summary}
{data_section(lang, package)}
<h2>{phrase("report_figures", lang)}</h2>
{''.join(sections)}
</main></body></html>
"""


def nav_back(lang: str = "en") -> str:
    return f'<nav class="report-nav"><a href="index.html">{phrase("report_back", lang)}</a></nav>'


def claims_explorer(claims: pd.DataFrame, articles: pd.DataFrame, data, edition: config.Edition = config.ENGLISH, root: str = "") -> str:
    """The claims explorer of an edition; `root` leads from its pages to the report's root (where the data files are)."""
    from .verdicts import VERDICTS

    evidence = pd.read_csv(edition.ledger_evidence, dtype=str, keep_default_na=False)
    files = {}  # a file or a row of one, as the report carries it (copy_data_package puts data/ under data/)
    for token in {t.split("#", 1)[0] for cell in claims["evidence"] for t in split_ids(cell)}:
        path = data.evidence.file_of(token)  # None for a claim, an article or a report: they have addresses of their own
        if path is not None:
            files[token] = f"{root}data/{path.resolve().relative_to(config.DATA_DIR.resolve()).as_posix()}"
    return explorer.claims_page(claims, evidence, articles, list(VERDICTS), nav_back(edition.lang), files, edition.lang)


def finder_page(data, lang: str = "en") -> tuple[str, pd.DataFrame]:
    """The cluster finder and its table: every known row of every list, and those whose list no source states."""
    from .clusters import industry_part, sector_of

    rows = pd.concat([data.lists.clusters(), data.uncertain_clusters.assign(year=None)], ignore_index=True)
    rows["sector"] = [sector_of(industry_part(row), data.sector_keywords, lang) for _, row in rows.iterrows()]  # not the place's words
    official = int(sum(data.lists.official_count(y) for y in data.lists.years()))
    return explorer.clusters_page(rows, official, nav_back(lang), lang), explorer.clusters_table(rows)


def heading_id(heading: str) -> str:
    """The id nbconvert gives a Markdown heading (its filters.strings): the text, spaces as hyphens, other characters
    percent-encoded as in a URL ('25% of China?' -> '25%25-of-China?')."""
    from urllib.parse import quote

    return quote(re.sub(r"[*`]", "", heading).strip().replace(" ", "-"), safe="?/:@!$&'()*+,;=")


def claim_sections(edition: config.Edition) -> dict[str, str]:
    """Each claim's address in the edition's report: its notebook's page and the heading of the section that judges it."""
    from .summary import load_findings, section_headings

    found = {}
    for path in _notebooks(edition):
        findings = edition.processed / f"{path.stem}__findings.csv"
        if not findings.is_file():
            continue
        headings = section_headings([(c.cell_type, c.source) for c in nbformat.read(path, as_version=4).cells])
        for row in load_findings(findings).itertuples():
            heading = headings[int(row.section) - 1] if int(row.section) <= len(headings) else ""
            for claim in split_ids(row.claims):
                found[claim] = f"{path.stem}.html" + (f"#{heading_id(heading)}" if heading else "")  # escaped where it is written
    return found


def _notebooks(edition: config.Edition) -> list[Path]:
    return sorted(edition.notebooks.glob("[0-9][0-9]-*.ipynb"))


EDITION_FOLDER = {"en": "", "zh": "zh"}  # where each edition's pages go in the report: the English at its root


def write_edition(target: Path, edition: config.Edition, data, other: str) -> str:
    """One edition's pages, figures and ledger under `target`; the data package and the font are the report root's (see
    build_report). Returns the text of its pages, for the font."""
    lang, root = edition.lang, "../" * len(Path(EDITION_FOLDER[edition.lang]).parts)
    for folder in ("figures", "data/processed"):
        (target / folder).mkdir(parents=True, exist_ok=True)
    figures = sorted(edition.figures.glob("*__*.*"))
    for figure in figures:
        shutil.copy2(figure, target / "figures" / figure.name)
    for table in (edition.ledger, edition.ledger_evidence):
        if table.is_file():
            shutil.copy2(table, target / "data" / "processed" / table.name)
    (target / "report.css").write_text(STYLE.replace("ROOT", root), encoding="utf-8")  # the one font, at the report's root
    pages = {f"{notebook.stem}.html": render_notebook(notebook, lang) for notebook in _notebooks(edition)}
    sources = data.sources
    pages[explorer.PAGE_CLUSTERS], clusters = finder_page(data, lang)
    (target / explorer.CLUSTERS_CSV).write_text(csv_text(clusters), encoding="utf-8")
    articles, published = sources.query("kind == 'article'"), max(sources["accessed"])  # the data's date: its last copy
    methods, claims = "", None
    if edition.ledger.is_file():
        from .verdicts import VERDICTS

        claims = pd.read_csv(edition.ledger, dtype=str, keep_default_na=False)  # read once, for every page that shows it
        pages[explorer.PAGE] = claims_explorer(claims, articles, data, edition, root)
        pages[reader_pages.SCORECARDS] = reader_pages.scorecards_page(claims, articles, nav_back(lang), lang, claim_sections(edition))
        methods = reader_pages.methods_html(claims, list(VERDICTS), data.lists.coverage(), published, lang)
    pages["index.html"] = index_page(edition, figures, claims, articles, published, methods, f"{root}data", other)
    for name, page in pages.items():
        (target / name).write_text(page, encoding="utf-8")
    return "".join(pages.values())


REPORT_MARK = ".sme-clusters-report"  # in every report's folder: the one kind of folder a build replaces


def _require_a_report(folder: Path) -> None:
    """A folder a build may replace whole: empty, or a report (its mark; or, built before the mark, its index and font)."""
    if folder.is_dir() and (not any(folder.iterdir()) or (folder / REPORT_MARK).is_file()
                            or ((folder / "index.html").is_file() and (folder / "fonts").is_dir())):
        return
    raise ValueError(f"{folder} is not empty and holds no report: a build replaces its folder whole, so it writes only to a "
                     "new or empty folder or over an earlier report; give another --output")


def build_report(output: Path = REPORT_DIR) -> Path:
    """Write the report to `output` (replacing it whole): the English edition at its root, the Chinese under zh/, the data
    package once under data/. Returns the English index page."""
    output = Path(output).resolve()
    if output.exists():
        _require_a_report(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=output.parent, prefix=f".{output.name}-"))
    staging.chmod(0o755)
    try:
        copy_data_package(staging / "data")
        data = Dataset(config.DATA)
        folders = {lang: staging / folder for lang, folder in EDITION_FOLDER.items()}
        shown = ""
        for lang, edition in config.EDITIONS.items():
            other = next(l for l in config.EDITIONS if l != lang)
            link = os.path.relpath(folders[other] / "index.html", folders[lang])
            shown += write_edition(folders[lang], edition, data, Path(link).as_posix())
        (staging / "fonts").mkdir()
        subset_font(staging / "fonts" / font_path().name, shown)  # once, for every page of both editions
        (staging / REPORT_MARK).write_text("written by sme-clusters report; the folder is replaced whole at the next build\n",
                                           encoding="utf-8")
        if output.exists():
            shutil.rmtree(output)
        staging.rename(output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return output / "index.html"
