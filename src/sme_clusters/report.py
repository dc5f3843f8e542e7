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
import html
import json
import re
import shutil
import tempfile
from pathlib import Path

import nbformat
import pandas as pd

from . import config, explorer, reader_pages
from .dataset import Dataset
from .output import csv_text
from .plots import FONT_FAMILY, font_path

REPORT_DIR = config.ROOT / "report"
EXTERNAL_SCRIPT = re.compile(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>', re.IGNORECASE)
STYLE = f"""@font-face {{ font-family: "{FONT_FAMILY}"; src: url("fonts/{font_path().name}") format("opentype"); }}
:root {{
  --jp-content-font-family: system-ui, -apple-system, "Segoe UI", Roboto, "{FONT_FAMILY}", sans-serif;
  --jp-ui-font-family: var(--jp-content-font-family);
  --jp-code-font-family: ui-monospace, "DejaVu Sans Mono", "{FONT_FAMILY}", monospace;
}}
body, table, .jp-RenderedHTMLCommon {{ font-family: var(--jp-content-font-family); }}
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


NAV = ('<nav class="report-nav"><a href="index.html">← the findings, every verdict and every figure</a> · '
       '<label><input type="checkbox" id="show-code"> show the code</label></nav>')


@functools.cache  # one exporter for every page: it loads and compiles its templates once, not once per notebook
def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab")


def render_notebook(path: Path) -> str:
    body, _ = _exporter().from_filename(str(path))
    body = EXTERNAL_SCRIPT.sub("", body)
    body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + NAV, body, count=1)
    return body.replace("</head>", '<link rel="stylesheet" href="report.css">\n</head>', 1)


def caption(figure: Path, notebooks: list[Path]) -> str:
    """A figure's caption: what the chart shows, as its title says it (written into the PNG when it was saved), and the
    notebook it belongs to."""
    from PIL import Image

    stem = figure.stem.split("__", 1)[0]
    owner = next((nb for nb in notebooks if nb.stem == stem), None)
    with Image.open(figure.with_suffix(".png")) as image:
        title = " ".join(image.info.get("Title", "").split())
    return f"{title} ({notebook_title(owner) if owner else stem})" if title else (notebook_title(owner) if owner else stem)


def findings_html() -> str:
    """The README's 'What it finds', with its links pointed at the report's pages: the index opens with it."""
    import mistune

    section = (config.ROOT / "README.md").read_text(encoding="utf-8").split("## What it finds", 1)[1].split("\n## ", 1)[0]
    section = re.sub(r"\(notebooks/([\w-]+)\.ipynb\)", r"(\1.html)", section)
    return "<h2>What it finds</h2>\n" + mistune.html(section)


REVIEWER = {"@type": "Organization", "name": "The sme-clusters authors",
            "description": "China's SME characteristic industrial clusters (中小企业特色产业集群), checked"}  # as CITATION.cff


def claim_reviews(ledger: pd.DataFrame, articles: pd.DataFrame, published: str) -> list[dict]:
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
            "claimReviewed": row.get("our English gloss") or row["quote"],
            "itemReviewed": item,
            "reviewRating": {"@type": "Rating", "alternateName": row["verdict"]},
            "reviewBody": row["explanation"],
            "author": REVIEWER,
        })
    return reviews


def subset_font(target: Path, text: str) -> None:
    """The CJK font cut down to the characters of `text` (and printable ASCII): a few hundred kB, not 16 MB."""
    from fontTools import subset

    options = subset.Options()
    options.drop_tables += ["DSIG"]
    font = subset.load_font(str(font_path()), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text) | {chr(c) for c in range(32, 127)})))
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


DATA_SECTION = f"""<h2>Results as data</h2>
<p>Every table the notebooks read and write, described as a Frictionless data package (each column's type, unit and meaning):
<a href="data/{config.PACKAGE_FILE}">{config.PACKAGE_FILE}</a>. The claims ledger, one row per claim with its verdict and evidence:
<a href="data/processed/{config.LEDGER.name}">{config.LEDGER.name}</a>; the independent reports it cites:
<a href="data/processed/{config.LEDGER_EVIDENCE.name}">{config.LEDGER_EVIDENCE.name}</a>.</p>"""


def copy_data_package(target: Path) -> None:
    """The data package and every file it describes, under `target`: the report carries its results as data."""
    source = config.DATA_DIR / config.PACKAGE_FILE
    for resource in json.loads(source.read_text(encoding="utf-8"))["resources"]:
        (target / resource["path"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(config.DATA_DIR / resource["path"], target / resource["path"])
    shutil.copy2(source, target / config.PACKAGE_FILE)


def index_page(notebooks: list[Path], figures: list[Path], claims: pd.DataFrame | None, articles: pd.DataFrame, published: str,
               methods: str = "") -> str:
    """The index; `claims` is the ledger as written (None before any run wrote one)."""
    items = "\n".join(f'<li><a href="{nb.stem}.html">{html.escape(notebook_title(nb))}</a></li>' for nb in notebooks)
    summary = records = ""
    if claims is not None:
        from .explorer import PAGE
        from .verdicts import VERDICTS

        # every verdict of the scale, in its order (a verdict no claim got shows as 0), one row per article with its publisher
        table = pd.crosstab(claims["article"], claims["verdict"]).reindex(columns=list(VERDICTS), fill_value=0)
        table.index = [f"{a} · {articles.loc[a, 'publisher']}" if a in articles.index else a for a in table.index]
        table = table.rename_axis(index="article", columns=None).reset_index()
        summary = (f"<h2>Verdicts on the articles' claims</h2>\n<p><a href=\"{PAGE}\">Every claim, searchable, with its verdict and "
                   f"links to its evidence</a>; <a href=\"{explorer.PAGE_CLUSTERS}\">every known cluster</a>, searchable, with "
                   "its source.</p>\n" + table.to_html(index=False))
        records = "\n".join('<script type="application/ld+json">' + json.dumps(review, ensure_ascii=False).replace("</", "<\\/")
                            + "</script>" for review in claim_reviews(claims, articles, published))
    sections = []
    findings = findings_html()
    for nb in notebooks:  # a figure the findings already show (the verdicts chart) is not shown twice
        own = [f for f in figures if f.name.startswith(f"{nb.stem}__") and f.suffix == ".png" and f"figures/{f.name}" not in findings]
        if own:
            images = "\n".join(
                f'<figure><img src="figures/{f.name}" alt="{html.escape(caption(f, notebooks))}">'
                f'<figcaption>{html.escape(caption(f, notebooks))} · <a href="figures/{f.stem}.svg">SVG</a></figcaption></figure>'
                for f in own)
            sections.append(f'<h3><a href="{nb.stem}.html">{html.escape(nb.stem)}</a></h3>\n{images}')
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>SME characteristic industrial clusters · report</title>
<link rel="stylesheet" href="report.css">
{records}
</head>
<body><main class="index">
<h1>China's SME characteristic industrial clusters (中小企业特色产业集群), checked</h1>
{findings}
{methods}
<p>The rendered notebooks of this repository, every verdict, and every figure they draw.</p>
<h2>Notebooks</h2>
<ol>
{items}
</ol>
{summary}
{DATA_SECTION}
<h2>Figures</h2>
{''.join(sections)}
</main></body></html>
"""


NAV_BACK = '<nav class="report-nav"><a href="index.html">← the findings, every verdict and every figure</a></nav>'


def claims_explorer(claims: pd.DataFrame, articles: pd.DataFrame, data) -> str:
    from .schemas import split_ids
    from .verdicts import VERDICTS

    evidence = pd.read_csv(config.LEDGER_EVIDENCE, dtype=str, keep_default_na=False)
    files = {}  # a file or a row of one, as the report carries it (copy_data_package puts data/ under data/)
    for token in {t.split("#", 1)[0] for cell in claims["evidence"] for t in split_ids(cell)}:
        path = data.evidence.file_of(token)  # None for a claim, an article or a report: they have addresses of their own
        if path is not None:
            files[token] = f"data/{path.resolve().relative_to(config.DATA_DIR.resolve()).as_posix()}"
    return explorer.claims_page(claims, evidence, articles, list(VERDICTS), NAV_BACK, files)


def finder_page(data) -> tuple[str, pd.DataFrame]:
    """The cluster finder and its table: every known row of every list, and those whose list no source states."""
    from .clusters import sector_of

    rows = pd.concat([data.lists.clusters(), data.uncertain_clusters.assign(year=None)], ignore_index=True)
    rows["sector"] = rows["cluster_name"].map(lambda name: sector_of(name, data.sector_keywords))
    official = int(sum(data.lists.official_count(y) for y in data.lists.years()))
    return explorer.clusters_page(rows, official, NAV_BACK), explorer.clusters_table(rows)


def build_report(output: Path = REPORT_DIR) -> Path:
    """Write the report to `output` (replacing it whole); returns the index page."""
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    notebooks = sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
    figures = sorted(config.FIGURES_DIR.glob("*__*.*"))
    staging = Path(tempfile.mkdtemp(dir=output.parent, prefix=f".{output.name}-"))
    staging.chmod(0o755)
    try:
        (staging / "figures").mkdir()
        (staging / "fonts").mkdir()
        for figure in figures:
            shutil.copy2(figure, staging / "figures" / figure.name)
        copy_data_package(staging / "data")
        (staging / "report.css").write_text(STYLE, encoding="utf-8")
        pages = {f"{notebook.stem}.html": render_notebook(notebook) for notebook in notebooks}
        data = Dataset(config.DATA)
        sources = data.sources
        pages[explorer.PAGE_CLUSTERS], clusters = finder_page(data)
        (staging / explorer.CLUSTERS_CSV).write_text(csv_text(clusters), encoding="utf-8")
        articles, published = sources.query("kind == 'article'"), max(sources["accessed"])  # the data's date: its last copy
        methods, claims = "", None
        if config.LEDGER.is_file():
            from .verdicts import VERDICT_MEANINGS

            claims = pd.read_csv(config.LEDGER, dtype=str, keep_default_na=False)  # read once, for every page that shows it
            pages[explorer.PAGE] = claims_explorer(claims, articles, data)
            pages[reader_pages.SCORECARDS] = reader_pages.scorecards_page(claims, articles, NAV_BACK)
            methods = reader_pages.methods_html(claims, VERDICT_MEANINGS, data.lists.coverage(), published)
        pages["index.html"] = index_page(notebooks, figures, claims, articles, published, methods)
        for name, page in pages.items():
            (staging / name).write_text(page, encoding="utf-8")
        subset_font(staging / "fonts" / font_path().name, "".join(pages.values()))
        if output.exists():
            shutil.rmtree(output)
        staging.rename(output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return output / "index.html"
