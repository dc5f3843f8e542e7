"""Chart panels a notebook draws, as functions named after their chart: each takes what it shows and the chart text.

The notebook keeps the argument (which counts, which title); the drawing lives here, once.
"""
from __future__ import annotations

import pandas as pd

from .labels import span
from .plots import CEILING, EXACT, FLOOR, HIGHLIGHT, MUTED, PALETTE, mark_bound, record_drawn

SIGN = {EXACT: "", FLOOR: "≥ ", CEILING: "≤ "}  # a bound in a label, the same on every chart


def tiers_against(ax, count: float, apart: float, nested: float, share: float, text: dict[str, str], title: str,
                  count_bound: str = EXACT, shares: dict | None = None, lang: str = "en") -> None:
    """The first batch's tiers against an SME count: the base (a floor when the source says 'over'), the tiers counted
    apart (a ceiling: tiers may overlap) and nested (a floor: the largest tier), and the `share`% mark, on one linear
    axis from zero. `shares` (first_batch.tier_shares) gives each reading's share as the range its printed figures
    allow; without it, the share of the values drawn."""
    values, bounds = [count, apart, nested], [count_bound, CEILING, FLOOR]
    bars = ax.barh([text["all_smes"], text["apart"], text["nested"]], values, color=[MUTED, PALETTE[0], PALETTE[4]])
    for y, (bar, value, bound) in enumerate(zip(bars, values, bounds, strict=True)):
        mark_bound([bar], bound)
        part = "" if not y else f" ({shares[('apart', 'nested')[y - 1]].shown(lang)})" if shares else f" ({value / count:.1%})"
        ax.annotate(f"{SIGN[bound]}{value:,.0f}{part}", (value, y), xytext=(4, 0), textcoords="offset points", va="center",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    record_drawn(ax, text["enterprises"], [text["all_smes"], text["apart"], text["nested"]], values, bounds,
                 [f"{SIGN[b]}{v:,.0f}" for v, b in zip(values, bounds, strict=True)])
    mark = share / 100 * count
    record_drawn(ax, f"{share:g}%", [f"{share:g}%"], [mark], EXACT, [f"{share:g}% = {mark:,.0f}"])
    ax.axvline(mark, color=HIGHLIGHT, linestyle="--", linewidth=1.2)
    ax.annotate(f"{share:g}% = {mark:,.0f}", (mark, -0.55), xytext=(3, 0), textcoords="offset points",
                color=HIGHLIGHT, va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_ylim(2.5, -0.8)
    ax.set_xlim(0, count * 1.3)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(text["enterprises"])
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:,.0f}")


def coverage_bars(ax, per_list, text: dict[str, str]) -> None:
    """Each list's official count, and the rows known of it inside: 'known / official' over each bar."""
    labels = [text["list"].format(y=y) for y in per_list.index]
    ax.bar(labels, per_list["official count"], color=MUTED, label=text["official"])
    ax.bar(labels, per_list["known rows"], color=PALETTE[0], width=0.5, label=text["known"])
    record_drawn(ax, text["official"], labels, per_list["official count"])
    record_drawn(ax, text["known"], labels, per_list["known rows"])
    for x, y in enumerate(per_list.index):
        ax.annotate(f"{per_list.loc[y, 'known rows']} / {per_list.loc[y, 'official count']:,.0f}", (x, per_list.loc[y, "official count"]),
                    xytext=(0, 3), textcoords="offset points", ha="center")
    ax.set_ylim(0, per_list["official count"].max() * 1.2)
    ax.set_ylabel(text["clusters"])
    ax.grid(axis="y")
    ax.legend(loc="upper left", frameon=False, ncols=2)


def cumulative_bars(ax, cumulative, target: float, text: dict[str, str]) -> None:
    """Clusters recognised by each list, against the plan's target as a dashed line."""
    ax.bar([text["list"].format(y=y) for y in cumulative.index], cumulative, color=PALETTE[0], width=0.6)
    record_drawn(ax, text["clusters"], [text["list"].format(y=y) for y in cumulative.index], cumulative)
    record_drawn(ax, text["target"].format(v=target), [text["target"].format(v=target)], [target])
    for x, value in enumerate(cumulative):
        ax.annotate(f"{value:,.0f}", (x, value), xytext=(0, 3), textcoords="offset points", ha="center")
    ax.axhline(target, color=MUTED, linestyle="--", linewidth=1.2)
    ax.annotate(text["target"].format(v=target), (0.01, target), xycoords=ax.get_yaxis_transform(),
                xytext=(0, 4), textcoords="offset points", color="#595959")
    ax.set_ylim(0, max(cumulative.max(), target) * 1.2)
    ax.set_ylabel(text["clusters"])
    ax.grid(axis="y")


def validity_bars(ax, windows, valid_years: int, lang: str, text: dict[str, str]) -> None:
    """Each list's window of validity, and the renewal of what passed its review after it (a lighter bar, labelled with
    how many passed). `windows` is indexed by list, with 'valid from', 'valid to' and 'renewed' (NA before a review)."""
    for i, y in enumerate(windows.index):
        label = text["list"].format(y=y)
        ax.barh(label, valid_years, left=windows.loc[y, "valid from"] - 0.5, color=PALETTE[0], height=0.6,
                label=text["first"] if i == 0 else None)
        record_drawn(ax, text["first"], [label], [valid_years], EXACT, [span(windows.loc[y, "valid from"], windows.loc[y, "valid to"], lang)])
        if not pd.isna(windows.loc[y, "renewed"]):
            ax.barh(label, valid_years, left=windows.loc[y, "valid to"] + 0.5, color=PALETTE[4], height=0.6,
                    label=f"{text['renewed']} ({windows.loc[y, 'renewed']:.0f})")
            record_drawn(ax, text["renewed"], [label], [windows.loc[y, "renewed"]], EXACT,
                         [span(windows.loc[y, "valid to"] + 1, windows.loc[y, "valid to"] + valid_years, lang)])
    ax.invert_yaxis()
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.grid(False)


def tile_map(ax, counts, provinces, lang: str, text: dict[str, str]) -> None:
    """Each province a tile where it lies, coloured by its count (merged with its listed cities) and labelled with it as
    known: exact, a range where a cap bounds it, '≥ n' for a floor, `text['none']` where no row is known. Nearly every
    count is a floor, so the bound is in the label, not hatched on every tile; a colour bar."""
    import matplotlib
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize
    from matplotlib.patches import Rectangle

    from .region_checks import shown

    norm = Normalize(0, max(counts["lower_bound"].max(), 1))
    cmap = matplotlib.colormaps["Blues"]
    for unit, place in provinces.iterrows():
        row = counts.loc[unit]
        value = row["lower_bound"]
        colour = cmap(0.08 + 0.85 * norm(value))  # the colour bar's colour, 0 included
        ax.add_patch(Rectangle((place["tile_col"], -place["tile_row"]), 0.94, 0.94, facecolor=colour, edgecolor="white", linewidth=0))
        ink = "white" if norm(value) > 0.55 else "black"
        ax.text(place["tile_col"] + 0.47, -place["tile_row"] + 0.62, place["short_zh"] if lang == "zh" else place["name_en"],
                ha="center", va="center", fontsize=7 if lang == "en" else 9, color=ink)
        label = text["none"] if value == 0 and pd.isna(row["exact"]) and row["upper_bound"] == float("inf") else shown(row, lang)
        ax.text(place["tile_col"] + 0.47, -place["tile_row"] + 0.3, label, ha="center", va="center",
                fontsize=10 if len(label) < 6 else 7.5, color=ink)
        record_drawn(ax, text["clusters"], [place["short_zh"] if lang == "zh" else place["name_en"]], [value],
                     EXACT if not pd.isna(row["exact"]) else FLOOR, [label])
    ax.set_xlim(-0.1, provinces["tile_col"].max() + 1)
    ax.set_ylim(-provinces["tile_row"].max() - 0.1, 1)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.figure.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.5, label=text["clusters"])


def region_bars(ax, by_region, labels: dict[str, str], region_labels: list[str], ylabel: str) -> None:
    """Per region, side by side and each labelled (no bar hides behind another): the article's count (`article`), the
    count known at least (`known at least`, hatched: a bound) and the known rows (`known rows`); `labels` names each."""
    x = pd.Series(range(len(by_region.index)), index=by_region.index)
    bars = [("article", MUTED, EXACT), ("known at least", PALETTE[4], FLOOR), ("known rows", PALETTE[0], EXACT)]
    width = 0.27
    for i, (column, colour, bound) in enumerate(bars):
        drawn = ax.bar(x + (i - 1) * width, by_region[column], width=width, color=colour, edgecolor="white", label=labels[column])
        mark_bound(drawn, bound)
        record_drawn(ax, labels[column], region_labels, by_region[column], bound,
                     [f"{SIGN[bound]}{v:.0f}" for v in by_region[column]])
        for region in by_region.index:
            ax.annotate(f"{SIGN[bound]}{by_region.loc[region, column]:.0f}", (x[region] + (i - 1) * width, by_region.loc[region, column]),
                        xytext=(0, 2), textcoords="offset points", ha="center", fontsize=8)
    ax.set_xticks(list(x), region_labels)
    ax.set_ylim(0, by_region["article"].max() * 1.18)
    ax.set_ylabel(ylabel)
    ax.grid(axis="y")
    ax.legend(frameon=False)


def labelled_bars(ax, labels: list[str], values: list[float], colours: list[str], ylabel: str, shown: list[str] | None = None) -> None:
    """Bars from zero, each with its value over it (or `shown`, the value as its source prints it: 'about 12,000'),
    thousands separated on the axis."""
    from .plots import format_thousands

    shown = shown or [f"{v:,.0f}" for v in values]
    ax.bar(labels, values, color=colours)
    record_drawn(ax, ylabel, labels, values, EXACT, shown)
    for x, (value, text) in enumerate(zip(values, shown, strict=True)):
        ax.annotate(text, (x, value), xytext=(0, 3), textcoords="offset points", ha="center")
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, max(values) * 1.15)
    ax.grid(axis="y")
    format_thousands(ax.yaxis)


def verdict_bars(ax, counts, labels: list[str], words: dict[str, str], xlabel: str) -> None:
    """One stacked bar per article: its claims by verdict, in the scale's order and colours, each part labelled.
    `counts` has one row per article and one column per verdict of the scale; `words` names the verdicts."""
    from .plots import VERDICT_COLOURS

    left = pd.Series(0, index=counts.index)
    for verdict in counts.columns:
        if not counts[verdict].any():
            continue
        ax.barh(labels, counts[verdict], left=left, color=VERDICT_COLOURS[verdict], label=words[verdict])
        record_drawn(ax, words[verdict], labels, counts[verdict])
        for y, (a, value) in enumerate(counts[verdict].items()):
            if value:
                ink = "white" if verdict in ("reproduced", "contradicted", "depends on reading") else "black"
                ax.annotate(str(value), (left[a] + value / 2, y), ha="center", va="center", fontsize=9, color=ink)
        left += counts[verdict]
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.legend(frameon=False, ncols=4, loc="upper center", bbox_to_anchor=(0.45, -0.14), fontsize=9)
    ax.grid(False)


def two_line_title(label: str, width: int = 22) -> str:
    """A panel title on two lines when it is longer than `width`, broken at the last space before it."""
    if len(label) <= width:
        return label
    head = label[:width - 1].rsplit(" ", 1)[0]
    return head + "\n" + label[len(head) + 1:]


def vintage_panel(ax, title: str, values: tuple[float, float], texts: tuple[str, str], names: tuple[str, str],
                  bounds: tuple[str, str] = (EXACT, EXACT)) -> None:
    """One statistic in two vintages, side by side on an axis from zero, each bar named after who said it and when,
    labelled with what that source says, and drawn as the bound it states ('over 28,000' a floor)."""
    bars = ax.bar(list(names), list(values), color=[PALETTE[0], PALETTE[4]], width=0.6)
    record_drawn(ax, title, [" ".join(n.split()) for n in names], values, list(bounds), [" ".join(t.split()) for t in texts])
    for bar, text, bound in zip(bars, texts, bounds, strict=True):
        mark_bound([bar], bound)
        ax.annotate(text.replace(" enterprises", "").replace("家", ""), (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    xytext=(0, 3), textcoords="offset points", ha="center", va="bottom", fontsize=9)
    ax.set_title(two_line_title(title), fontsize=10, loc="center")
    ax.set_ylim(0, max(values) * 1.2)
    ax.set_yticks([])
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(False)
    ax.spines["left"].set_visible(False)


def share_dots(ax, part: float, groups, lang: str, text: dict[str, str]) -> None:
    """A part as a share of every base the evidence holds, one dot per base, grouped by the whole each is of, over the
    band the claim's qualifier allows. `groups` is [(share claim, whole's name, bases)]; a base that does not decide
    (printed after the article) is a hollow dot."""
    from .labels import describe_claim, share_range
    from .qualifiers import claim_range
    from .shares import share_span

    y = 0
    for i, (share, whole, bases) in enumerate(groups):
        low, high = claim_range(share.value, share.qualifier)
        ax.fill_betweenx([y - 0.4, y + len(bases) - 0.6], low, high, color=MUTED, alpha=0.5, linewidth=0,
                         label=text["allowed"] if i == len(groups) - 1 else None)
        ax.annotate(f"{text['says']}{'' if lang == 'zh' else ' '}{describe_claim(share, lang)}", (high, y - 0.45), xytext=(3, 0), textcoords="offset points",
                    va="top", fontsize=8, color="#595959")
        for b in bases:
            value = part / b.value * 100
            low, high = share_span(part, [b])
            shown = share_range(low * 100, high * 100, lang)
            record_drawn(ax, whole, [" ".join(text["base"].format(whole=whole, n=b.shown(lang), as_of=b.as_of).split())], [value], EXACT, [shown])
            if low != high:  # a base its printed figures allow only as a range: the share is one too
                ax.hlines(y, low * 100, high * 100, color=PALETTE[0], linewidth=2, zorder=2)
            ax.scatter([value], [y], s=45, zorder=3, color=PALETTE[0] if b.decides else "white", edgecolor=PALETTE[0],
                       label=text["later"] if not b.decides else None)
            ax.annotate(shown, (high * 100, y), xytext=(7, 0), textcoords="offset points", va="center")
            ax.annotate(text["base"].format(whole=whole, n=b.shown(lang), as_of=b.as_of), (0, y), xycoords=("axes fraction", "data"),
                        xytext=(-6, 0), textcoords="offset points", ha="right", va="center", fontsize=9)
            y += 1
    ax.set_yticks([])
    ax.invert_yaxis()
    ax.set_xlim(0, 50)
    ax.legend(frameon=False, loc="upper left", fontsize=8)
    ax.grid(axis="x")


def sector_bars(ax, mix, years: list[int], named: set[str], text: dict[str, str]) -> None:
    """Known clusters per sector, stacked by list in one hue (no colour that means a verdict), the total at each bar's end;
    the sectors an article names as the most common marked ◆. `mix` has a column per list year and 'all', sorted."""
    import matplotlib

    order = mix.index[::-1]
    left = pd.Series(0, index=order)
    for i, y in enumerate(years):
        shade = matplotlib.colormaps["Blues"](0.35 + 0.6 * i / max(len(years) - 1, 1))
        ax.barh(order, mix.loc[order, y], left=left, color=shade, label=text["list"].format(y=y))
        record_drawn(ax, text["list"].format(y=y), order, mix.loc[order, y])
        left += mix.loc[order, y]
    for j, sector in enumerate(order):
        ax.annotate(f"{mix.loc[sector, 'all']}", (mix.loc[sector, "all"], j), xytext=(3, 0), textcoords="offset points", va="center")
    ax.set_yticks(range(len(order)), [f"{s} ◆" if s in named else s for s in order])
    ax.set_xlabel(text["clusters"])
    ax.legend(frameon=False, loc="lower right", title=text["named_mark"], title_fontsize=8)


def province_heatmap(ax, at_least, marks, labels: list[str], text: dict[str, str]) -> None:
    """Provinces (rows, in the order given) by list (columns): shaded by the known lower bound, marked with the count as shown."""
    import seaborn as sns  # only this chart needs it

    sns.heatmap(at_least, annot=marks, fmt="", cmap="Blues", vmin=0, linewidths=0.5, linecolor="white",
                yticklabels=labels, cbar_kws={"label": text["clusters"], "shrink": 0.5}, annot_kws={"fontsize": 8}, ax=ax)
    ax.set_title(text["title"], fontsize=10)
    for column in at_least.columns:
        record_drawn(ax, str(column), labels, at_least[column], FLOOR, marks[column])
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(axis="y", labelsize=8)
