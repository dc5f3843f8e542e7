"""House style for charts, the CJK font, and the one way figures are saved.

The font is Noto Sans CJK SC, shipped inside the `mplfonts` wheel that the
project's pinned dependencies install: every machine draws the same glyphs,
with no dependence on system fonts. It covers Latin and Chinese alike, so
English and Chinese charts look the same.

`save_figure` writes `<notebook>__<name>.png` and `.svg`:
- deterministically: no software or date metadata, a fixed SVG hash salt,
  text drawn as paths (so the SVG shows Chinese without the font installed);
- atomically: each file is rendered in memory, written under a temporary name
  and renamed over the old one.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.text import Text

from .output import csv_text, write_bytes_atomically

FONT_FILE = "NotoSansCJKsc-Regular.otf"
FONT_FAMILY = "Noto Sans CJK SC"
DPI = 120  # 960 pixels across an 8-inch chart: sharp on a code host, and quick to render
FIGURE_SIZE = (8.0, 4.5)  # inches; 960 x 540 pixels at DPI

PALETTE = ["#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#4bacc6", "#f79646", "#7f7f7f"]
HIGHLIGHT = "#c0504d"
MUTED = "#bfbfbf"
# One colour per verdict, the same on every chart: greens hold, oranges and reds do not, purples depend or divide, grey undecided
VERDICT_COLOURS = {
    "reproduced": "#1b7837", "corroborated": "#5aae61", "consistent": "#a6dba0", "depends on reading": "#9970ab", "evidence divided": "#e7d4e8",
    "inconsistent": "#f4a582", "contradicted": "#b2182b", "not checkable": "#d9d9d9",
}

# ---- bounds: one encoding on every chart ----------------------------------------------------------------------------
# Every value's label carries its bound as the article or the data gives it: "over 28,000", "≥ 23", "nearly 90%", "12–27".
# On a bar, a floor (over, at least, a count of the rows known so far) is also hatched ////, a ceiling (nearly, at most)
# hatched \\\\ the other way; an exact or approximate value is solid. Hatching means nothing else on any chart:
# save_figure refuses a hatched patch that mark_bound did not mark, and writes what each chart marked into its metadata.
EXACT, FLOOR, CEILING = "exact", "floor", "ceiling"
BOUND_HATCH = {FLOOR: "////", CEILING: "\\\\\\\\"}
QUALIFIER_BOUND = {"exact": EXACT, "about": EXACT, "between": EXACT, "over": FLOOR, "at least": FLOOR, "nearly": CEILING,
                   "at most": CEILING}
BOUND_GID = "bound-"


def bound_of(qualifier: str) -> str:
    """The bound a figure stated with `qualifier` is: 'over' and 'at least' a floor, 'nearly' and 'at most' a ceiling."""
    return QUALIFIER_BOUND[qualifier]


def mark_bound(patches, bound: str) -> None:
    """Draw bars (or any patches) as the bound they show, hatched or solid, and name them so for the figure's metadata."""
    for patch in patches:
        patch.set_hatch(BOUND_HATCH.get(bound))
        if bound in BOUND_HATCH:
            patch.set_edgecolor("white")
            patch.set_linewidth(0)
        patch.set_gid(BOUND_GID + bound)


def _bounds_drawn(fig) -> dict[str, int]:
    """How many patches of the figure show each bound; a hatched patch not marked as a bound is an error."""
    drawn: dict[str, int] = {}
    for ax in fig.axes:
        for patch in ax.patches:
            gid = patch.get_gid() or ""
            bound = gid.removeprefix(BOUND_GID) if gid.startswith(BOUND_GID) else None
            if patch.get_hatch() and (bound is None or patch.get_hatch() != BOUND_HATCH.get(bound)):
                raise ValueError(f"a patch is hatched {patch.get_hatch()!r}: hatching marks a bound only, through plots.mark_bound")
            if bound:
                drawn[bound] = drawn.get(bound, 0) + 1
        legend = ax.get_legend()
        for key in legend.get_patches() if legend is not None else []:
            if key.get_hatch() and key.get_hatch() not in BOUND_HATCH.values():
                raise ValueError(f"a legend key is hatched {key.get_hatch()!r}: hatching marks a bound only ({BOUND_HATCH})")
    return dict(sorted(drawn.items()))


HOUSE_STYLE = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY, "DejaVu Sans"],
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "normal",  # the CJK font ships one weight; bold would fall back with a warning
    "figure.titleweight": "normal",
    "axes.axisbelow": True,
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "axes.unicode_minus": False,
    "axes.grid": True,
    "axes.grid.axis": "x",
    "grid.color": "#e6e6e6",
    "figure.figsize": FIGURE_SIZE,
    "figure.dpi": 100,
    "savefig.dpi": DPI,
    "savefig.bbox": None,  # a fixed canvas: same size for every run and language
    "svg.fonttype": "path",
    "svg.hashsalt": "sme-clusters",
    "path.simplify": True,
}


def font_path() -> Path:
    """The CJK font file inside the installed mplfonts package, found without importing it: its code is a font-install
    helper this project never calls, whose dependency fontmeta is left out of the lock (pyproject.toml)."""
    return Path(find_spec("mplfonts").origin).parent / "fonts" / FONT_FILE


def use_house_style() -> None:
    """Register the CJK font and apply the house style (idempotent)."""
    if FONT_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(font_path()))
    matplotlib.rcParams.update(HOUSE_STYLE)


@dataclass(frozen=True)
class SavedFigure:
    png: Path
    svg: Path

    def _repr_png_(self) -> bytes:
        # Jupyter shows the saved PNG itself: what the reader sees is the file in figures/.
        return self.png.read_bytes()

    def __repr__(self) -> str:
        return f"{self.png.name} (+ .svg)"


def subplots(nrows: int = 1, ncols: int = 1, *, figsize: tuple[float, float] | None = None, **kwargs):
    """A new figure and its axes, like pyplot.subplots, without pyplot.

    Figures here are drawn only to be saved: skipping pyplot skips its backend
    and the notebook's inline display machinery (a sixth of a kernel's start),
    and leaves no global figure state to close.
    """
    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)  # a renderer of its own: tight_layout measures text without a throwaway print
    return fig, fig.subplots(nrows, ncols, **kwargs)


FOOTER_KEY = "_sme_clusters_footer"
DRAWN_KEY = "_sme_clusters_drawn"
DRAWN_COLUMNS = ("panel", "series", "label", "value", "bound", "shown")  # the table beside each chart: what it draws


def record_drawn(ax, series: str, labels, values, bounds=EXACT, shown=None) -> None:
    """Note what a chart function draws on `ax`, one row per mark: `series` (a legend's name), each mark's label, value,
    bound (exact, floor or ceiling: one for all, or one each) and the text printed on it; save_figure writes the rows
    beside the chart as `<stem>.csv`, the data a reader can download."""
    labels, values = list(labels), [float(v) for v in values]
    bounds = [bounds] * len(values) if isinstance(bounds, str) else list(bounds)
    shown = [""] * len(values) if shown is None else [str(t) for t in shown]
    rows = getattr(ax.figure, DRAWN_KEY, [])
    rows += [(ax, series, str(label), value, bound, text) for label, value, bound, text in zip(labels, values, bounds, shown, strict=True)]
    setattr(ax.figure, DRAWN_KEY, rows)


def one_line(text: str) -> str:
    """A title broken over lines, as one line: lines joined by a space, but by nothing next to a Chinese character or mark
    ('占工信部\n全国统计的' -> '占工信部全国统计的', '不成立，\n26项' -> '不成立，26项'): Chinese sets no space there."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    joined = lines[0] if lines else ""
    for line in lines[1:]:
        joined += ("" if not joined[-1].isascii() or not line[0].isascii() else " ") + line
    return joined


STATEMENTS_KEY = "_sme_clusters_statements"


def stacked_title(ax, statements: list[str], **kwargs) -> None:
    """A panel title of several statements, one under another (a headline, what is counted, its notes). Drawn as lines,
    it is written in the table beside the chart (drawn_table) as one line whose statements are set apart as its
    language sets sentences apart ('; ', '；'), not run together as a title wrapped over lines would be."""
    ax.set_title("\n".join(statements), **kwargs)
    setattr(ax, STATEMENTS_KEY, list(statements))


def _statements_in_one_line(statements: list[str]) -> str:
    lines = [one_line(statement) for statement in statements if statement.strip()]
    joined = lines[0] if lines else ""
    for line in lines[1:]:
        joined += ("; " if joined[-1].isascii() and line[0].isascii() else "；") + line
    return joined


def drawn_table(fig):
    """The rows record_drawn noted, each with its panel's title (set after the drawing, so read now)."""
    import pandas as pd

    def panel(ax) -> str:
        title = next((ax.get_title(loc) for loc in ("left", "center", "right") if ax.get_title(loc)), "")
        statements = getattr(ax, STATEMENTS_KEY, None)
        return _statements_in_one_line(statements) if statements and title == "\n".join(statements) else one_line(title)

    rows = [(panel(ax), series, label, int(value) if value.is_integer() else round(value, 6), bound, shown)
            for ax, series, label, value, bound, shown in getattr(fig, DRAWN_KEY, [])]
    return pd.DataFrame(rows, columns=list(DRAWN_COLUMNS))


def finish(fig, source: str, coverage: str = "") -> None:
    """Lay the figure out with its source line at the foot (and, when it is built on rows, their coverage).

    save_figure refuses a figure that has not been finished, or has no title.
    """
    footer = source + (f" · {coverage}" if coverage else "")
    fig.text(0.01, 0.012, footer, fontsize=7.5, color="#595959")
    fig.tight_layout(rect=(0, 0.045, 1, 1))
    setattr(fig, FOOTER_KEY, {"source": source, "coverage": coverage})


def figure_title(fig) -> str:
    """The title a reader sees first: the figure's own, else its first titled axes'."""
    if fig._suptitle is not None and fig._suptitle.get_text():
        return fig._suptitle.get_text()
    for ax in fig.axes:
        for loc in ("left", "center", "right"):
            if ax.get_title(loc):
                return ax.get_title(loc)
    return ""


def _written_texts(fig) -> list[Text]:
    """The texts a chart's code writes: titles, the footer, annotations and legends (tick labels are laid out by matplotlib)."""
    texts = [*fig.texts, *([fig._suptitle] if fig._suptitle is not None else [])]
    for ax in fig.axes:
        texts += [ax.title, ax._left_title, ax._right_title, *ax.texts]
        legend = ax.get_legend()
        texts += [*legend.get_texts(), legend.get_title()] if legend is not None else []
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


def _texts_past_edge(fig, renderer) -> list[str]:
    """Texts that run past the figure's edge, as laid out by the draw `renderer` made: a title cut at the edge reads as
    another title, a footer loses its coverage."""
    edge = fig.bbox
    boxes = {text.get_text(): text.get_window_extent(renderer) for text in _written_texts(fig)}
    return [text for text, box in boxes.items()
            if box.x0 < edge.x0 - 1 or box.x1 > edge.x1 + 1 or box.y0 < edge.y0 - 1 or box.y1 > edge.y1 + 1]


def _drawn_as_png(fig, metadata: dict) -> tuple[bytes, list[str]]:
    """The figure as PNG, and the texts its draw put past the edge: measured in that draw, which lays out legends and
    titles, so that no draw is made only to check them."""
    cut: list[str] = []
    listening = fig.canvas.mpl_connect("draw_event", lambda event: cut.extend(_texts_past_edge(fig, event.renderer)))
    try:
        png = _drawn_as(fig, "png", metadata)
    finally:
        fig.canvas.mpl_disconnect(listening)
    return png, list(dict.fromkeys(cut))


def _drawn_as(fig, fmt: str, metadata: dict) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata)
    return buffer.getvalue()


def figure_stem(notebook: str, name: str) -> str:
    return f"{notebook}__{name}"


def save_figure(fig, notebook: str, name: str, directory: Path) -> SavedFigure:
    """Write the figure as PNG and SVG under `directory`, with its title, source and coverage in the files' metadata."""
    stem = figure_stem(notebook, name)
    footer, title = getattr(fig, FOOTER_KEY, None), figure_title(fig)
    if not footer or not title:
        raise ValueError(f"{stem}: a chart needs a title and a source line (plots.finish) before it is saved")
    if isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine):
        # tight_layout() has placed everything, but leaves a placeholder engine that makes
        # every savefig draw the figure twice; without it each format is drawn once
        fig.set_layout_engine(None)
    bounds = "; ".join(f"{kind} {n}" for kind, n in _bounds_drawn(fig).items()) or "none"
    described = {"Title": title, "Source": footer["source"], "Coverage": footer["coverage"]}
    png, cut = _drawn_as_png(fig, {"Software": None, **described, "Bounds": bounds})
    if cut:  # checked on the PNG's own draw, before anything is written
        raise ValueError(f"{stem}: text runs past the edge of the chart, shorten it or make room: {cut}")
    drawn = drawn_table(fig)
    if drawn.empty:
        raise ValueError(f"{stem}: a chart notes what it draws (plots.record_drawn), so that its data can be downloaded beside it")
    svg = _drawn_as(fig, "svg", {"Date": None, "Creator": None, **described, "Keywords": [f"bounds: {bounds}"]})
    outputs = {fmt: write_bytes_atomically(Path(directory) / f"{stem}.{fmt}", data) for fmt, data in (("png", png), ("svg", svg))}
    write_bytes_atomically(Path(directory) / f"{stem}.csv", csv_text(drawn).encode("utf-8"))
    return SavedFigure(png=outputs["png"], svg=outputs["svg"])


def format_thousands(axis) -> None:
    """Tick labels with thousands separators: 12,000 rather than 12000."""
    axis.set_major_formatter(lambda value, _: f"{value:,.0f}")
