"""A static HTML report of the rendered notebooks: one page per notebook and an index of notebooks and figures.

It works offline: notebook images are embedded by nbconvert, figures are copied
beside the pages, scripts from the web are left out (the notebooks need none),
and the CJK font ships with the report so Chinese renders on any machine.
The report is built in a scratch folder and swapped in whole.
"""
from __future__ import annotations

import html
import re
import shutil
import tempfile
from pathlib import Path

import nbformat
import pandas as pd

from . import config
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
pre, code, .highlight, .highlight pre, .cm-editor, .jp-RenderedText pre {{ font-family: var(--jp-code-font-family); }}
.index {{ max-width: 1100px; margin: 2em auto; padding: 0 1em; line-height: 1.5; }}
.index img {{ max-width: 100%; border: 1px solid #ddd; }}
.index table {{ border-collapse: collapse; }} .index td, .index th {{ border: 1px solid #ddd; padding: 0.2em 0.6em; }}
"""


def notebook_title(path: Path) -> str:
    """The first Markdown heading of a notebook."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
            if match:
                return match.group(1).strip()
    return path.stem


def render_notebook(path: Path) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_filename(str(path))
    body = EXTERNAL_SCRIPT.sub("", body)
    return body.replace("</head>", '<link rel="stylesheet" href="report.css">\n</head>', 1)


def index_page(notebooks: list[Path], figures: list[Path], ledger: Path) -> str:
    items = "\n".join(f'<li><a href="{nb.stem}.html">{html.escape(notebook_title(nb))}</a></li>' for nb in notebooks)
    summary = ""
    if ledger.is_file():
        table = pd.crosstab(pd.read_csv(ledger, dtype=str)["article"], pd.read_csv(ledger, dtype=str)["verdict"])
        summary = "<h2>Verdicts on the articles' claims</h2>\n" + table.to_html()
    sections = []
    for nb in notebooks:
        own = [f for f in figures if f.name.startswith(f"{nb.stem}__") and f.suffix == ".png"]
        if own:
            images = "\n".join(
                f'<figure><img src="figures/{f.name}" alt="{html.escape(f.stem)}">'
                f'<figcaption>{html.escape(f.stem)} · <a href="figures/{f.stem}.svg">SVG</a></figcaption></figure>' for f in own)
            sections.append(f'<h3><a href="{nb.stem}.html">{html.escape(nb.stem)}</a></h3>\n{images}')
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>SME characteristic industrial clusters · report</title>
<link rel="stylesheet" href="report.css"></head>
<body><main class="index">
<h1>China's SME characteristic industrial clusters (中小企业特色产业集群), reproduced</h1>
<p>The rendered notebooks of this repository, and every figure they draw.</p>
<h2>Notebooks</h2>
<ol>
{items}
</ol>
{summary}
<h2>Figures</h2>
{''.join(sections)}
</main></body></html>
"""


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
        shutil.copy2(font_path(), staging / "fonts" / font_path().name)
        (staging / "report.css").write_text(STYLE, encoding="utf-8")
        for notebook in notebooks:
            (staging / f"{notebook.stem}.html").write_text(render_notebook(notebook), encoding="utf-8")
        ledger = config.PROCESSED_DIR / "99-claims-ledger__ledger.csv"
        (staging / "index.html").write_text(index_page(notebooks, figures, ledger), encoding="utf-8")
        if output.exists():
            shutil.rmtree(output)
        staging.rename(output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return output / "index.html"
