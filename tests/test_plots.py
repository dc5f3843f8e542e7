"""Charts: the CJK font is the project's own, and saving is deterministic and atomic."""
from __future__ import annotations

import hashlib
import html
import re
import warnings

import matplotlib
import pandas as pd
import pytest
from fontTools.ttLib import TTFont

from sme_clusters import config
from sme_clusters.dataset import Dataset
from sme_clusters.labels import package_terms
from sme_clusters.plots import (
    DRAWN_COLUMNS, FONT_FAMILY, VERDICT_COLOURS, drawn_table, finish, font_path, record_drawn, save_figure, subplots, use_house_style,
)

pytestmark = pytest.mark.long  # charts drawn and saved: handed out early (conftest.py)


def chinese_labels() -> str:
    claims = Dataset(config.DATA).claims
    return "".join(c.label_zh for c in claims) + "".join(text["zh"] for text in package_terms().values())


def draw(text: str = "第一批集群 · 2022"):
    use_house_style()
    fig, ax = subplots()
    ax.bar(["东部地区", "中部地区", "西部地区", "东北地区"], [156, 76, 63, 5])
    record_drawn(ax, "集群数", ["东部地区", "中部地区", "西部地区", "东北地区"], [156, 76, 63, 5])
    ax.set_title(text)
    finish(fig, "Source: a test")
    return fig


def test_the_font_comes_from_the_installed_dependencies_and_covers_every_label():
    path = font_path()
    assert path.is_file()
    assert "mplfonts" in path.parts  # installed by the pinned dependencies, not found on the system
    with TTFont(path, fontNumber=0, lazy=True) as font:  # closed: a lazy font keeps its file open
        cmap = font.getBestCmap()
    missing = sorted({ch for ch in chinese_labels() if not ch.isspace() and ord(ch) not in cmap})
    assert missing == []


def test_chinese_text_renders_without_missing_glyphs(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" is a warning: make it fail
        labels = chinese_labels()[:80]
        fig = draw("\n".join(labels[i:i + 20] for i in range(0, len(labels), 20)))  # in lines that fit the chart
        saved = save_figure(fig, "99-test", "glyphs", tmp_path)
    assert matplotlib.rcParams["font.sans-serif"][0] == FONT_FAMILY
    assert saved.png.stat().st_size > 0


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_saving_twice_gives_the_same_bytes(tmp_path):
    first = save_figure(draw(), "99-test", "chart", tmp_path / "a")
    second = save_figure(draw(), "99-test", "chart", tmp_path / "b")
    assert digest(first.png) == digest(second.png)
    assert digest(first.svg) == digest(second.svg)
    assert first.png.name == "99-test__chart.png" and first.svg.name == "99-test__chart.svg"


def test_saved_files_carry_no_software_or_date(tmp_path):
    saved = save_figure(draw(), "99-test", "chart", tmp_path)
    png = saved.png.read_bytes()
    svg = saved.svg.read_text(encoding="utf-8")
    assert b"Software" not in png and b"Matplotlib" not in png
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert "<text" not in svg  # text is drawn as paths: Chinese shows without the font installed


def test_a_failed_save_leaves_the_old_file_and_no_temporary_files(tmp_path):
    saved = save_figure(draw(), "99-test", "chart", tmp_path)
    before = digest(saved.png)
    fig = draw("another title")

    def broken_savefig(*args, **kwargs):
        raise RuntimeError("disk full")

    fig.savefig = broken_savefig
    with pytest.raises(RuntimeError, match="disk full"):
        save_figure(fig, "99-test", "chart", tmp_path)
    assert digest(saved.png) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["99-test__chart.csv", "99-test__chart.png", "99-test__chart.svg"]


def test_an_interrupted_save_leaves_the_old_file_whole(tmp_path, monkeypatch):
    """Interrupted after the new bytes are written but before they replace the old: the old file stays, and no debris.

    A writer that wrote over the target in place would leave it changed here, and the test fails.
    """
    from sme_clusters import output

    saved = save_figure(draw(), "99-test", "chart", tmp_path)
    before = {p.name: digest(p) for p in (saved.png, saved.svg, saved.png.with_suffix(".csv"))}

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_figure(draw("another title"), "99-test", "chart", tmp_path)
    assert {p.name: digest(p) for p in tmp_path.iterdir()} == before


def test_a_chart_without_a_title_or_a_source_line_is_refused(tmp_path):
    use_house_style()
    fig, ax = subplots()
    ax.set_title("a title")
    with pytest.raises(ValueError, match="needs a title and a source line"):
        save_figure(fig, "99-test", "chart", tmp_path)
    fig, _ = subplots()
    finish(fig, "Source: a test")
    with pytest.raises(ValueError, match="needs a title and a source line"):
        save_figure(fig, "99-test", "chart", tmp_path)


def test_a_chart_whose_title_or_footer_runs_past_its_edge_is_refused(tmp_path):
    use_house_style()
    fig, ax = subplots(figsize=(6, 3))
    ax.barh(["a label long enough to push the axes to the right half of the chart"], [1])
    ax.set_title("A title that starts where the axes start and so runs past the right edge")  # as 01's governance chart did
    finish(fig, "Source: a test")
    with pytest.raises(ValueError, match="runs past the edge of the chart.*A title that starts where"):
        save_figure(fig, "99-test", "chart", tmp_path)
    assert not list(tmp_path.iterdir())
    fig, ax = subplots(figsize=(6, 3))
    ax.barh(["a"], [1])
    record_drawn(ax, "n", ["a"], [1])
    ax.set_title("A title that fits")
    finish(fig, "Source: a test")
    save_figure(fig, "99-test", "chart", tmp_path)  # and one that fits is saved


def committed_figures():
    return sorted(config.FIGURES_DIR.glob("*.png"))


@pytest.mark.parametrize("png", committed_figures(), ids=lambda p: p.stem)
def test_every_chart_states_its_title_source_and_the_coverage_of_its_rows(png):
    from PIL import Image

    info = Image.open(png).info
    assert info.get("Title") and info.get("Source"), png.name
    if "rows" in info["Source"]:  # a chart built on the known rows says how many of the lists they cover
        assert re.fullmatch(r"\d+ of \d+ clusters known as rows", info.get("Coverage", "")), png.name
    svg = png.with_suffix(".svg").read_text(encoding="utf-8")
    assert f"<dc:title>{html.escape(info['Title'], quote=False)}</dc:title>" in svg


def test_the_colours_of_a_failed_verdict_mean_only_that():
    """Red and orange say 'contradicted' and 'inconsistent' on the ledger's chart; no other chart may use them."""
    failed = {VERDICT_COLOURS["contradicted"], VERDICT_COLOURS["inconsistent"]}
    assert len(set(VERDICT_COLOURS.values())) == len(VERDICT_COLOURS)
    users = sorted(svg.stem for svg in config.FIGURES_DIR.glob("*.svg")
                   if any(colour in svg.read_text(encoding="utf-8").lower() for colour in failed))
    assert all(name.startswith("99-") for name in users), users


# ---- bounds: one encoding on every chart ----------------------------------------------------------------------------
SVG_NS = {"svg": "http://www.w3.org/2000/svg"}


def hatch_geometry(svg_text: str) -> dict[str, list[str]]:
    """For each bound drawn in an SVG (the groups mark_bound names), the hatch pattern's path each of its patches fills
    with ('' for none): what a reader sees as the encoding, read from the file's structure, not its pixels."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg_text)
    patterns = {p.get("id"): p.find("svg:path", SVG_NS).get("d") for p in root.iter("{http://www.w3.org/2000/svg}pattern")}
    found: dict[str, list[str]] = {}
    for group in root.iter("{http://www.w3.org/2000/svg}g"):
        gid = group.get("id") or ""
        if not gid.startswith("bound-"):
            continue
        fills = re.findall(r"fill: url\(#(\w+)\)", ET.tostring(group, encoding="unicode"))  # a hatch; clip paths are url()s too
        found.setdefault(gid.removeprefix("bound-"), []).append(patterns[fills[0]] if fills else "")
    return found


def test_every_committed_chart_draws_each_bound_one_way_and_says_so_in_its_metadata():
    from PIL import Image

    from sme_clusters.plots import BOUND_HATCH, EXACT

    geometry: dict[str, set[str]] = {}
    for svg in sorted(config.FIGURES_DIR.glob("*.svg")):
        text = svg.read_text(encoding="utf-8")
        drawn = hatch_geometry(text)
        declared = Image.open(svg.with_suffix(".png")).info["Bounds"]
        assert declared == ("; ".join(f"{k} {len(v)}" for k, v in sorted(drawn.items())) or "none"), svg.name
        assert f"bounds: {declared}" in text, svg.name
        for bound, paths in drawn.items():
            assert bound in (EXACT, *BOUND_HATCH), (svg.name, bound)
            geometry.setdefault(bound, set()).update(paths)
    assert geometry.get(EXACT, {""}) == {""}  # an exact value is never hatched
    for bound in BOUND_HATCH:
        assert len(geometry.get(bound, set())) <= 1 and "" not in geometry.get(bound, set()), (bound, geometry.get(bound))
    assert geometry.get("floor") != geometry.get("ceiling")  # a floor and a ceiling never look alike
    # the charts of floors and ceilings the notebooks draw: the tiers (a base stated as 'over', tiers apart and nested),
    # and the regions' counts known at least
    assert {"floor", "ceiling"} <= set(hatch_geometry((config.FIGURES_DIR / "01-first-batch__tiers.svg").read_text(encoding="utf-8")))
    assert "floor" in hatch_geometry((config.FIGURES_DIR / "03-regions__regions.svg").read_text(encoding="utf-8"))


def test_hatching_that_marks_no_bound_is_refused(tmp_path):
    fig = draw()
    fig.axes[0].patches[0].set_hatch("xx")
    with pytest.raises(ValueError, match="hatching marks a bound only"):
        save_figure(fig, "00-test", "hatched", tmp_path)


def test_a_qualifier_is_drawn_as_its_bound(tmp_path):
    from sme_clusters.plots import BOUND_HATCH, bound_of, mark_bound

    fig = draw()
    bars = fig.axes[0].patches
    for bar, qualifier in zip(bars, ["exact", "over", "nearly", "about"], strict=True):
        mark_bound([bar], bound_of(qualifier))
    assert [b.get_hatch() for b in bars] == [None, BOUND_HATCH["floor"], BOUND_HATCH["ceiling"], None]
    saved = save_figure(fig, "00-test", "bounds", tmp_path)
    assert hatch_geometry(saved.svg.read_text(encoding="utf-8")).keys() == {"exact", "floor", "ceiling"}


def test_chinese_text_uses_full_width_punctuation():
    """Every Chinese string the charts, tables and labels show: ，：；（） between characters, half-width only inside a
    number (1,865) or a format field ({n:,.0f})."""
    from sme_clusters.labels import load_chart_text, zh_typography

    assert zh_typography("来源:文章002;统计(2023)") == "来源：文章002；统计（2023）"
    assert zh_typography("共1,865个,{n:,.0f}家") == "共1,865个，{n:,.0f}家"
    texts = [t["zh"] for t in load_chart_text().values()] + [c.label_zh for c in Dataset(config.DATA).claims]
    assert [t for t in texts if zh_typography(t) != t] == []
    assert [t for t in texts if "–" in t] == []  # a range: 一字线 between times (2022—2024年), 浪纹线 between values (2～10)


def test_what_a_chinese_page_quotes_keeps_its_own_punctuation():
    """A source's words, in “…” or as a block quote (an English transcript's sentence), are never re-punctuated."""
    from sme_clusters.labels import zh_text

    assert zh_text("见(附注)") == "见（附注）"
    assert zh_text("文章称“共1,865个,见(附注)”") == "文章称“共1,865个,见(附注)”"
    assert zh_text("说明,如下\n> Hosting more than 280,000 SMEs, the clusters (x)") == "说明，如下\n> Hosting more than 280,000 SMEs, the clusters (x)"


def test_a_chinese_sentence_writes_its_dates_as_chinese_does_and_leaves_ids_addresses_and_quotes_alone():
    from sme_clusters.labels import zh_text

    assert zh_text("截至2024-07-05已公布的名单；2023-10公布") == "截至2024年7月5日已公布的名单；2023年10月公布"
    assert zh_text("2024-01/2024-05的增速，2023-11/2024-02") == "2024年1—5月的增速，2023年11月—2024年2月"
    kept = "cns-2024-07-31-county-shares，http://a.cn/2024-12/15/x，“2024-07-05”"
    assert zh_text(kept) == kept


def test_a_count_in_a_sentence_is_written_as_the_ledger_writes_it():
    """2.8万 in the ledger and 28,000 on the chart beside it read as two figures to a Chinese reader."""
    from sme_clusters.labels import format_count, format_quantity

    assert (format_count(28_000, "zh"), format_count(28_000, "en"), format_count(12_670, "zh")) == ("2.8万", "28,000", "12,670")
    assert format_quantity(28_000, "enterprises", "zh").startswith(format_count(28_000, "zh"))


def test_a_chart_that_notes_nothing_it_draws_is_refused_and_one_that_does_gets_its_data_beside_it(tmp_path):
    use_house_style()
    fig, ax = subplots()
    ax.bar(["a", "b"], [1, 2])
    ax.set_title("A title")
    finish(fig, "Source: a test")
    with pytest.raises(ValueError, match="notes what it draws"):
        save_figure(fig, "99-test", "chart", tmp_path)
    assert not list(tmp_path.iterdir())
    saved = save_figure(draw("a title"), "99-test", "chart", tmp_path)
    table = pd.read_csv(saved.png.with_suffix(".csv"), dtype=str)
    assert list(table.columns) == list(DRAWN_COLUMNS) and list(table["value"]) == ["156", "76", "63", "5"]
    assert set(table["panel"]) == {"a title"}


# A space next to a full-width mark (which carries its own) or between two Chinese characters: 不成立， 26项, 占工信部 全国
SPACE_IN_CHINESE = r"[\u3000-\u303f\uff00-\uffef] | [\u3000-\u303f\uff00-\uffef]|[\u4e00-\u9fff] [\u4e00-\u9fff]"


def chinese_chart_texts_not_typeset(figures) -> list[str]:
    """The texts of the charts in `figures` (titles, series, labels, marks, as their tables beside them record them)
    that Chinese typography would write otherwise: half-width punctuation between characters, an en dash in a range."""
    from sme_clusters.labels import zh_typography

    return [f"{csv.name}: {text}" for csv in sorted(figures.glob("*.csv"))
            for text in pd.read_csv(csv, dtype=str, keep_default_na=False).drop(columns="value").stack().unique()
            if zh_typography(text) != text or "–" in text or re.search(SPACE_IN_CHINESE, text)]


def test_every_committed_chinese_chart_is_typeset_in_chinese(tmp_path):
    """What the notebooks add to a chart's text (a note in brackets, a count shown as a range) is checked as drawn."""
    assert chinese_chart_texts_not_typeset(config.EDITIONS["zh"].figures) == []
    table = tmp_path / "00-test__chart.csv"
    pd.DataFrame({"panel": ["标题\n(注释)"], "series": ["集群数"], "label": ["2项不成立， 26项"], "value": ["2"], "bound": ["floor"],
                  "shown": ["2–10"]}).to_csv(table, index=False)
    assert chinese_chart_texts_not_typeset(tmp_path) == ["00-test__chart.csv: 标题\n(注释)", "00-test__chart.csv: 2项不成立， 26项",
                                                         "00-test__chart.csv: 2–10"]


# Items of a list joined by a comma where Chinese uses the enumeration comma 、: 2022，2023，2024 (outside quotes)
LIST_WITH_COMMAS = r"\d{4}(?:年)?，\d{4}(?!\d)"


def chinese_lists_with_commas(processed) -> list[str]:
    """What the Chinese edition's verdict tables generate (found, explanation, gap) holding a list joined by '，'; the
    sentences sources printed, in quotation marks, are left as printed."""
    generated = ["found", "explanation", "gap", "evidence_range"]
    return [f"{table.name}: {cell}" for table in sorted(processed.glob("*__verdicts.csv"))
            for cell in pd.read_csv(table, dtype=str, keep_default_na=False)[generated].stack()
            if re.search(LIST_WITH_COMMAS, re.sub(r"“[^”]*”", "", cell))]


def test_the_chinese_edition_joins_the_items_of_a_list_with_the_enumeration_comma(tmp_path):
    assert chinese_lists_with_commas(config.EDITIONS["zh"].processed) == []
    pd.DataFrame({"found": ["名单：2022，2023，2024", "名单：2022、2023"], "explanation": ["“2023年,中国1865个县”", "“2022，2023”"],
                  "gap": ["", ""], "evidence_range": ["", ""]}).to_csv(tmp_path / "00-test__verdicts.csv", index=False)
    assert chinese_lists_with_commas(tmp_path) == ["00-test__verdicts.csv: 名单：2022，2023，2024"]


@pytest.mark.parametrize("edition", config.EDITIONS.values(), ids=lambda e: e.lang)
def test_every_committed_chart_has_the_data_it_draws_beside_it(edition):
    charts = sorted(edition.figures.glob("*.png"))
    assert charts
    for png in charts:
        table = pd.read_csv(png.with_suffix(".csv"), dtype=str, keep_default_na=False)
        assert list(table.columns) == list(DRAWN_COLUMNS) and len(table), png.name
        assert table["value"].map(lambda v: float(v) >= 0).all() and set(table["bound"]) <= {"exact", "floor", "ceiling"}, png.name


def test_a_title_broken_over_lines_is_recorded_as_one_line_typeset_for_its_language():
    from sme_clusters.plots import one_line

    assert one_line("县域3,247家“小巨人”占工信部\n全国统计的25.63%～27.06%") == "县域3,247家“小巨人”占工信部全国统计的25.63%～27.06%"
    assert one_line("2项不成立，\n26项无法核验") == "2项不成立，26项无法核验"
    assert one_line("Baiyun's producers are\n 22% of China's") == "Baiyun's producers are 22% of China's"


@pytest.mark.parametrize(("statements", "written"), [
    (["Most clusters known: Zhejiang", "Clusters per province\n(known rows)", "mainland only"],
     "Most clusters known: Zhejiang; Clusters per province (known rows); mainland only"),
    (["已知集群最多：浙江", "各省集群数量", "a～b：受名额上限约束"], "已知集群最多：浙江；各省集群数量；a～b：受名额上限约束"),
])
def test_a_title_of_several_statements_keeps_them_apart_in_the_table_beside_the_chart(tmp_path, statements, written):
    from sme_clusters.plots import stacked_title

    use_house_style()
    fig, ax = subplots()
    ax.bar(["a", "b"], [1, 2])
    record_drawn(ax, "clusters", ["a", "b"], [1, 2])
    stacked_title(ax, statements)
    finish(fig, "Source: a test")
    assert fig.axes[0].get_title("left") == "\n".join(statements)  # drawn as lines, one under another (titles sit left)
    saved = save_figure(fig, "99-test", "chart", tmp_path)
    assert set(pd.read_csv(saved.png.with_suffix(".csv"), dtype=str)["panel"]) == {written}
    fig.axes[0].set_title("Retitled\nlater")  # a title set since: the statements no longer describe it
    assert set(drawn_table(fig)["panel"]) == {"Retitled later"}
