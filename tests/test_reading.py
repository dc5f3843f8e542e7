"""What a reader of the rendered notebooks sees: English names in English runs, readable quotes,
chart text from one file in both languages, a finding at the end of every section, and cells
that read top to bottom."""
from __future__ import annotations

import ast
import builtins
import re

import nbformat
import pytest

from sme_clusters import config
from sme_clusters.dataset import Dataset
from sme_clusters.labels import CHART_TEXT, FIELD, chart_text, load_chart_text
from sme_clusters.sources import readable
from sme_clusters.validation import DataFileError

NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
LISTINGS = ("The claims", "Verdicts", "Every claim, by article", "The evidence")  # sections that list rather than argue: no finding


@pytest.fixture(scope="module")
def data() -> Dataset:
    return Dataset(config.data_paths(""))


def _language(notebook) -> str:
    source = next(c.source for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    return re.search(r'lang: str = "(\w+)"', source).group(1)


def _shown_text(notebook) -> str:
    """Everything the committed notebook shows a reader in its outputs, as text."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts += [output.get("data", {}).get(kind, "") for kind in ("text/plain", "text/markdown")]
    return "\n".join(parts)


def _as_printed(data: Dataset) -> list[str]:
    """Text shown as its source printed it: quotes, phrases, publishers, titles and official cluster names, which keep their
    Chinese."""
    clusters = data.lists.clusters()
    reviewed = [data.reviewed(r.list_year, r.review_year) for r in data.reviews.itertuples()]
    printed = [c.shown_quote for c in data.claims] + [r.phrase for r in data.independent_reports.values()]
    printed += [r.publisher for r in data.independent_reports.values()] + list(data.province_totals["publisher"])
    printed += list(data.sources["publisher"]) + list(data.sources["title"]) + list(data.reported_figures["publisher"])  # titles as printed
    printed += list(clusters["cluster_name"]) + list(data.uncertain_clusters["cluster_name"])
    printed += [name for table in reviewed for name in table["cluster_name"]]
    printed += [readable(n) for n in data.named_examples["as_named"]]
    return sorted({p for p in printed if p}, key=len, reverse=True)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_an_english_run_names_provinces_in_english_outside_what_sources_printed(path, data):
    notebook = nbformat.read(path, as_version=4)
    if _language(notebook) != "en":
        pytest.skip("a Chinese run")
    shown = _shown_text(notebook)
    for printed in _as_printed(data):
        shown = shown.replace(printed, "")
    names = set(data.provinces.index) | set(data.provinces["short_zh"])
    left = sorted({n for n in names if n in shown})
    context = {n: shown[max(shown.index(n) - 60, 0): shown.index(n) + 20] for n in left}
    assert not left, f"{path.name} shows Chinese province names outside quotes and names as printed: {context}"


def test_readable_drops_the_pinyin_a_mirror_prints_and_keeps_other_parentheses():
    assert readable("中小企業(yè)特色產(chǎn)業(yè)集群") == "中小企業特色產業集群"
    assert readable("全国1865个县(市、旗)") == "全国1865个县(市、旗)"
    assert readable("占全国县域总数的1/4 (about a quarter)") == "占全国县域总数的1/4 (about a quarter)"
    assert readable("山东(含青岛)") == "山东(含青岛)"


def test_no_committed_notebook_shows_the_pinyin_of_a_mirror():
    pinyin = re.compile(r"[\u4e00-\u9fff]\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")
    for path in NOTEBOOKS:
        found = pinyin.findall(_shown_text(nbformat.read(path, as_version=4)))
        assert not found, f"{path.name} shows {found[:5]}"


def test_place_names_in_both_languages(data):
    assert data.place_name("山东省") == "Shandong" and data.place_name("山东省", "zh") == "山东"
    assert data.place_name("青岛市") == "Qingdao (Shandong)" and data.place_name("青岛市", "zh") == "青岛"
    with pytest.raises(LookupError, match="neither a province"):
        data.place_name("火星省")


# --- chart text -----------------------------------------------------------------------------------------------------

def _keys_used(path) -> set[str]:
    code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    return set(re.findall(r'TEXT\["(\w+)"\]', code)) | set(re.findall(r"TEXT\['(\w+)'\]", code)) | {
        key for keys in re.findall(r'TEXT\["(\w+)" if [^]]+ else "(\w+)"\]', code) for key in keys}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_chart_text_a_notebook_uses_exists_in_both_languages_and_none_is_unused(path):
    defined = set(chart_text(path.stem, "en"))
    used = _keys_used(path)
    assert used <= defined, f"{path.name} uses text that chart_text.csv lacks: {sorted(used - defined)}"
    assert defined <= used, f"chart_text.csv holds text {path.name} never uses: {sorted(defined - used)}"
    assert set(chart_text(path.stem, "zh")) == defined


def test_no_notebook_defines_its_own_label_dictionary():
    for path in NOTEBOOKS:
        code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
        assert '"zh": {' not in code and "}[lang]" not in code, f"{path.name} keeps labels in code: they go in chart_text.csv"


def test_a_translation_that_takes_other_fields_is_refused_naming_row_and_column(tmp_path):
    broken = tmp_path / "chart_text.csv"
    lines = CHART_TEXT.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if FIELD.search(line))
    lines[row] = lines[row].replace("{", "{x", 1)  # the English text now takes a field the Chinese does not
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_chart_text(broken)
    assert error.value.row == row and error.value.column == "zh"  # row 1 is the first line after the header


def test_the_chart_text_file_is_one_row_per_notebook_and_key():
    texts = load_chart_text()
    assert all(set(t) == {"en", "zh"} and all(t.values()) for t in texts.values())
    assert {notebook for notebook, _ in texts} <= {p.stem for p in NOTEBOOKS} | {"package"}


def test_every_word_of_the_vocabularies_has_its_text_in_both_languages():
    """Verdicts, accuracy answers, regions and qualifiers are shown through the text table's package scope: each needs a row."""
    from sme_clusters.labels import term
    from sme_clusters.qualifiers import QUALIFIERS
    from sme_clusters.schemas import ACCURACY, DERIVED, REGIONS, VERDICTS

    words = [("verdict", v) for v in (*VERDICTS, DERIVED)] + [("accuracy", a) for a in ACCURACY] + [("region", r) for r in REGIONS]
    words += [("qualifier", q) for q in QUALIFIERS if q not in ("exact", "between")]  # these two add no word
    for kind, word in words:
        assert term(kind, word, "en") and term(kind, word, "zh"), (kind, word)
    with pytest.raises(LookupError, match="no text 'verdict_probably_true'"):
        term("verdict", "probably true", "zh")


# --- notebooks as stories -------------------------------------------------------------------------------------------

def _sections(notebook):
    """(heading, cells) for each `## ` section."""
    sections, current = [], None
    for cell in notebook.cells:
        heading = re.match(r"## (.+)", cell.source) if cell.cell_type == "markdown" else None
        if heading:
            current = (heading.group(1), [])
            sections.append(current)
        elif current:
            current[1].append(cell)
    return sections


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_section_that_argues_ends_with_one_finding(path):
    notebook = nbformat.read(path, as_version=4)
    word = "**Finding.**" if _language(notebook) == "en" else "**结论:**"
    for heading, cells in _sections(notebook):
        if heading in LISTINGS or heading.startswith(LISTINGS[0]):
            continue
        code = [c for c in cells if c.cell_type == "code"]
        last = ast.parse(code[-1].source).body[-1] if code else None
        assert last is not None and ast.unparse(last).startswith("nb.conclude("), \
            f"{path.name}, '{heading}': the section does not end with nb.conclude()"
        shown = [o["data"]["text/markdown"] for o in code[-1].outputs if "text/markdown" in o.get("data", {})]
        assert len(shown) == 1 and shown[0].startswith(word), f"{path.name}, '{heading}': its finding is {shown}"


def _top_level_names(tree) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        else:
            names |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return names


def _free_names(function: ast.FunctionDef) -> set[str]:
    arguments = {a.arg for a in ast.walk(function) if isinstance(a, ast.arg)}  # its own, and its lambdas'
    local = {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    loaded = {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return loaded - arguments - local - set(dir(builtins)) - {"display"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_helper_uses_a_name_that_a_later_cell_defines(path):
    known: set[str] = set()
    for cell in (c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"):
        tree = ast.parse(cell.source)
        known |= _top_level_names(tree)  # a helper may use what its own cell defines after it, before it is called
        for function in (n for n in tree.body if isinstance(n, ast.FunctionDef)):
            later = _free_names(function) - known
            assert not later, f"{path.name}: {function.name}() uses {sorted(later)}, defined only in a later cell"


def test_the_finding_check_fails_on_a_section_without_one(tmp_path):
    notebook = nbformat.read(NOTEBOOKS[0], as_version=4)
    last = max(i for i, c in enumerate(notebook.cells) if "nb.conclude(" in c.source)
    del notebook.cells[last]
    copy = tmp_path / NOTEBOOKS[0].name
    nbformat.write(notebook, copy)
    with pytest.raises(AssertionError, match="does not end with nb.conclude"):
        test_every_section_that_argues_ends_with_one_finding(copy)


def test_the_cell_order_check_fails_on_a_helper_that_looks_ahead(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("def name(unit):\n    return counts.loc[unit]"), nbformat.v4.new_code_cell("counts = 1")]
    copy = tmp_path / "00-lookahead.ipynb"
    nbformat.write(notebook, copy)
    with pytest.raises(AssertionError, match=r"name\(\) uses \['counts'\]"):
        test_no_helper_uses_a_name_that_a_later_cell_defines(copy)


def test_the_province_check_fails_on_a_chinese_province_name(tmp_path, data):
    notebook = nbformat.read(NOTEBOOKS[0], as_version=4)
    notebook.cells[-1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="浙江省 23 > 广东省 22\n")]
    copy = tmp_path / NOTEBOOKS[0].name
    nbformat.write(notebook, copy)
    with pytest.raises(AssertionError, match="浙江省"):
        test_an_english_run_names_provinces_in_english_outside_what_sources_printed(copy, data)


def test_a_bound_is_shown_no_stronger_than_it_is():
    from sme_clusters.labels import describe_value

    assert describe_value(1.566e12, "yuan", "over") == "over 1.56 trillion yuan"  # not 'over 1.57'
    assert describe_value(1.8e12, "yuan", "over") == "over 1.8 trillion yuan"  # 1.8 held as 1.7999… stays 1.8
    assert describe_value(89.2, "clusters", "nearly") == "nearly 90 clusters"
    assert describe_value(280.9, "enterprises", "at least", "zh") == "不少于280家"
    assert describe_value(1.566e12, "yuan") == "1.57 trillion yuan"  # an exact figure is rounded as usual
    assert describe_value(64.3e6, "yuan", lang="zh") == "6,430万元"  # not '6.43e+03万元'


def test_a_range_is_joined_as_each_language_writes_it_and_its_dates_share_what_they_share():
    from sme_clusters.labels import date_range, describe_value

    # English: an en dash for both kinds; Chinese (GB/T 15834): a dash between times, a wave between values
    assert describe_value(3, "years", "between", value_upper=5) == "3–5 years"
    assert describe_value(3, "years", "between", "zh", value_upper=5) == "3～5年"
    assert describe_value(202301, "month", "between", value_upper=202303) == "January–March 2023"
    assert describe_value(202301, "month", "between", "zh", value_upper=202303) == "2023年1—3月"
    assert date_range(202312, 202402, "month", "zh") == "2023年12月—2024年2月"  # across a year, both written whole
    assert date_range(20240701, 20240805, "date") == "1 July–5 August 2024"
    assert date_range(20240701, 20240805, "date", "zh") == "2024年7月1日—8月5日"
    assert date_range(701, 705, "month-day", "zh") == "7月1—5日"
    assert date_range(202301, 202301, "month", "zh") == "2023年1月"  # one date is no range


def test_a_share_stated_as_a_fraction_is_shown_as_printed():
    from sme_clusters.labels import describe_value

    assert describe_value(0.25, "fraction", "about") == "about 1/4"
    assert describe_value(0.25, "fraction", "about", "zh") == "约1/4"
    assert describe_value(2 / 3, "fraction") == "2/3"
    assert describe_value(0.27, "fraction") == "0.27"  # no simple fraction: as a decimal


def test_publishers_are_named_as_a_reader_of_the_run_knows_them():
    from sme_clusters.labels import publisher_name

    assert publisher_name("China News Service (中新网)") == "China News Service"
    assert publisher_name("China News Service (中新网)", "zh") == "中新网"
    assert publisher_name("化工机械设备网 (chemical machinery trade site)") == "chemical machinery trade site"
    assert publisher_name("CCTV Finance, reposted on a textile trade site", "zh") == "央视财经"  # Chinese words for a Chinese reader
    assert publisher_name("China SCIO (china.org.cn)", "zh") == "国新办"


def test_a_publisher_is_cited_in_chinese_with_its_notes_and_without_its_english_gloss():
    from sme_clusters.labels import publisher_shown

    assert publisher_shown("中新社 (China News Service; reporter 刘育英)", "zh") == "中新社（记者刘育英）"
    assert publisher_shown("新闻联播 via 光华网", "zh") == "新闻联播（光华网转载）"
    assert publisher_shown("21世纪经济报道 (repost on xzmygc.cn)", "zh") == "21世纪经济报道（转载于xzmygc.cn）"
    assert publisher_shown("dg.feibaos.com (policy aggregator)", "zh") == "dg.feibaos.com（政策汇编网站）"
    assert publisher_shown("中新社 (China News Service; reporter 刘育英)") == "中新社 (China News Service; reporter 刘育英)"  # English: as registered
