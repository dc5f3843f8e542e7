"""What every notebook does first, in one call, and where it puts what it makes.

    nb = start("03-regions", lang=lang, data_dir=data_dir, figures_dir=figures_dir, processed_dir=processed_dir)

checks the label language, opens the data folder, resolves the output folders
(parameter, else environment variable, else the committed place), applies the
house style, loads the notebook's chart text in its language (`nb.text`, from
`chart_text.csv`), and starts the notebook's verdict ledger. Each section ends
with `nb.conclude()`: one sentence of finding, from the verdicts it reached. Everything a notebook
writes is named after it: `figures/<name>__<chart>.png|svg`,
`data/processed/<name>__<table>.csv`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from . import config
from .dataset import Dataset
from .labels import cells_in_words, chart_text, check_language, column_heading, describe_claim, zh_text
from .output import csv_text, write_text_atomically
from .plots import SavedFigure, save_figure, use_house_style
from .verdicts import Ledger


@dataclass(frozen=True)
class Notebook:
    name: str
    lang: str
    data: Dataset
    figures: Path
    processed: Path
    ledger: Ledger
    text: dict[str, str]

    def say(self, text: str) -> None:
        """A step's result as a sentence of the page (Markdown), not a monospaced log line."""
        from IPython.display import display

        text = zh_text(text) if self.lang == "zh" else text
        display({"text/markdown": text, "text/plain": text}, raw=True)  # the same words where Markdown does not render

    def save_figure(self, fig, chart: str) -> SavedFigure:
        """`<figures>/<name>__<chart>.png` and `.svg`; the notebook shows the PNG."""
        return save_figure(fig, self.name, chart, self.figures)

    def save_table(self, frame: pd.DataFrame, table: str, *, index: bool = True) -> Path:
        """`<processed>/<name>__<table>.csv`, written atomically."""
        return write_text_atomically(self.processed / f"{self.name}__{table}.csv", csv_text(frame, index=index))

    def claims_table(self, claims, *, as_of: bool = False, quote: bool = False) -> pd.DataFrame:
        """The claims a section tests, as its reader sees them: id, figure, (date,) what the article says (and its sentence)."""
        columns = {"claim": [c.claim_id for c in claims], "figure": [c.label(self.lang) for c in claims]}
        if as_of:
            columns["as of"] = [c.as_of for c in claims]
        columns["article says"] = [describe_claim(c, self.lang) for c in claims]
        if quote:
            columns["quote"] = [c.shown_quote for c in claims]
        return pd.DataFrame(columns)

    def reported(self, claim, *, reading: str = "") -> list:
        """Findings from every independent report the data links to `claim` (data/claim_evidence.csv), under `reading` if given."""
        return self.ledger.linked(claim, self.data.evidence_for(claim.claim_id), reading=reading)

    def conclude(self, finding: str = "") -> None:
        """Show the section's finding: `finding` when the section judged nothing, else the verdicts it reached."""
        from IPython.display import Markdown, display

        display(Markdown(self.ledger.conclude(finding)))

    def save_findings(self) -> Path:
        """`<processed>/<name>__findings.csv` alone, for a notebook that keeps no verdicts of its own (the ledger)."""
        from .summary import findings_frame

        frame = findings_frame(self.name, self.ledger.sections)
        return write_text_atomically(self.processed / f"{self.name}__findings.csv", csv_text(frame))

    def save_verdicts(self) -> Path:
        """`<processed>/<name>__verdicts.csv`, which the claims ledger reads, and `<name>__findings.csv`, the sections' findings."""
        return self.ledger.save(self.processed)


def readable_table(frame: pd.DataFrame, lang: str = "en") -> str:
    """A table as a reader sees it in a rendered notebook: no row numbers (an index that means something, such as a year,
    becomes a column), headers in words of the run's language ('article_says' -> 'article says' / '文章称'), and values
    of the scales in words (verdict, accuracy, basis; yes/no for True/False; no bound for an infinite one)."""
    return _readable_frame(frame, lang).to_html(index=False, border=0, max_rows=None)


def readable_text(frame: pd.DataFrame, lang: str = "en") -> str:
    """The same table as plain text, for what shows a notebook without HTML (a diff, a terminal): whole, never folded,
    its columns aligned by the width each character takes on screen (a Chinese character two columns)."""
    with pd.option_context("display.unicode.east_asian_width", lang == "zh", "display.width", None,
                           "display.max_columns", None, "display.max_rows", None):
        return _readable_frame(frame, lang).to_string(index=False)


def _readable_frame(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    numbered = frame.index.equals(pd.RangeIndex(len(frame))) and frame.index.name is None  # 0, 1, 2 …: row numbers only
    if numbered:
        shown = frame
    elif isinstance(frame.index, pd.MultiIndex):
        shown = frame.reset_index()
    else:
        shown = frame.rename_axis(frame.index.name or "").reset_index()
    shown = shown.apply(lambda column: cells_in_words(column, lang))
    shown.columns = [column_heading(c, lang) for c in shown.columns]
    return shown.astype(object).where(shown.notna(), "—")  # a cell with no value (a list not yet reviewed) reads as a dash


def _show_tables_readably(lang: str) -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # a plain interpreter: nothing renders tables
        return
    shell = get_ipython()
    if shell is not None:
        formatters = shell.display_formatter.formatters
        formatters["text/html"].for_type(pd.DataFrame, partial(readable_table, lang=lang))
        formatters["text/plain"].for_type(pd.DataFrame, lambda frame, printer, cycle: printer.text(readable_text(frame, lang)))


def start(name: str, *, lang: str = "en", data_dir: str = "", figures_dir: str = "", processed_dir: str = "") -> Notebook:
    lang = check_language(lang)
    use_house_style()
    pd.set_option("display.max_colwidth", None)  # quotes are shown whole
    _show_tables_readably(lang)
    data = Dataset(config.data_paths(data_dir), lang)
    return Notebook(name, lang, data, config.figures_dir(figures_dir), config.processed_dir(processed_dir),
                    Ledger(name, lang, data.evidence.kind, data.evidence.article_dates, data.evidence.date), chart_text(name, lang))
