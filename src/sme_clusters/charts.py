"""Chart panels a notebook draws, as functions named after their chart: each takes what it shows and the chart text.

The notebook keeps the argument (which counts, which title); the drawing lives here, once.
"""
from __future__ import annotations

from .plots import HIGHLIGHT, MUTED, PALETTE


def tiers_against(ax, count: float, apart: float, nested: float, share: float, text: dict[str, str], title: str) -> None:
    """The first batch's tiers against an SME count: the base, the tiers counted apart and nested, and the `share`% mark,
    on one linear axis from zero."""
    values = [count, apart, nested]
    ax.barh([text["all_smes"], text["apart"], text["nested"]], values, color=[MUTED, PALETTE[0], PALETTE[4]])
    for y, value in enumerate(values):
        part = f" ({value / count:.1%})" if y else ""
        ax.annotate(f"{value:,.0f}{part}", (value, y), xytext=(4, 0), textcoords="offset points", va="center",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    mark = share / 100 * count
    ax.axvline(mark, color=HIGHLIGHT, linestyle="--", linewidth=1.2)
    ax.annotate(f"{share:g}% = {mark:,.0f}", (mark, -0.55), xytext=(3, 0), textcoords="offset points",
                color=HIGHLIGHT, va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_ylim(2.5, -0.8)
    ax.set_xlim(0, count * 1.3)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(text["enterprises"])
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:,.0f}")
