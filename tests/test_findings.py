"""Findings are generated, not typed: every number a reader meets in hand-written prose is in the outputs,
and the generated blocks (the README's findings, each notebook's results) are what the outputs give."""
from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from sme_clusters import config
from sme_clusters.summary import BLOCK, blank_blocks, load_findings, results_block, section_headings

NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
README = config.ROOT / "README.md"
NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?")
NOT_PROSE = [
    re.compile(r"`[^`\n]*`"),  # code and ids: `002-east`, `data/claims.csv`
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"https?://\S+"),
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"^```.*?^```", re.DOTALL | re.MULTILINE),  # code blocks
    re.compile(r"^\|.*\|$", re.MULTILINE),  # tables: the hand-written ones list files and parameters
    re.compile(r"CC BY \d\.\d"),  # a licence's name
]


def numbers(text: str) -> set[str]:
    """The numbers a text states, written without thousands separators."""
    for pattern in NOT_PROSE:
        text = pattern.sub(" ", text)
    return {n.replace(",", "") for n in NUMBER.findall(text)}


def reader_prose() -> dict[str, str]:
    """Hand-written prose a reader of the results meets: the README up to 'Reproduce it' and every notebook's Markdown,
    with the generated blocks left out."""
    prose = {"README.md": blank_blocks(README.read_text(encoding="utf-8").split("\n## Reproduce it", 1)[0]),
             config.CHINESE.readme.name: blank_blocks(config.CHINESE.readme.read_text(encoding="utf-8").split("\n## 复现", 1)[0])}
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        prose[path.name] = blank_blocks("\n".join(c.source for c in notebook.cells if c.cell_type == "markdown"))
    return prose


@pytest.fixture(scope="module")
def output_numbers() -> set[str]:
    """Every number the outputs hold: the processed tables (verdicts, findings, the ledger with its quotes and evidence)."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(config.PROCESSED_DIR.glob("*.csv")))
    return {n.replace(",", "") for n in NUMBER.findall(text)}


@pytest.mark.parametrize("name", sorted(reader_prose()))
def test_every_number_in_hand_written_prose_is_in_the_outputs(name, output_numbers):
    stray = sorted(numbers(reader_prose()[name]) - output_numbers, key=lambda n: float(n))
    assert stray == [], f"{name} states numbers that no output holds (generate the sentence, or take the number out): {stray}"


def test_the_check_fails_on_a_number_typed_by_hand(output_numbers):
    assert numbers("Zhejiang has 23 clusters, Guangdong 22") <= output_numbers  # today's outputs hold both
    assert numbers("Zhejiang has 24,567 clusters") - output_numbers == {"24567"}
    assert numbers("the ledger (`002-east`) says [so](notebooks/01-first-batch.ipynb)") == set()


EDITION_NOTEBOOKS = [(edition, edition.notebooks / p.name) for edition in config.EDITIONS.values() for p in NOTEBOOKS]


@pytest.mark.parametrize(("edition", "path"), EDITION_NOTEBOOKS, ids=lambda v: getattr(v, "lang", None) or v.stem)
def test_a_notebooks_results_are_generated_from_its_findings(edition, path):
    notebook = nbformat.read(path, as_version=4)
    opening = notebook.cells[0].source
    block = BLOCK.search(opening)
    assert block and block.group("name") == "results", f"{path.name}: the first cell holds the generated results block"
    findings = load_findings(edition.processed / f"{path.stem}__findings.csv")
    headings = section_headings([(c.cell_type, c.source) for c in notebook.cells])
    assert block.group("body") == results_block(findings, headings, edition.lang)
    assert len(findings) == len(headings), "one finding per nb.conclude()"


def test_the_readme_findings_state_the_ledgers_tally():
    """Recomputed here from the ledger itself, so a stale block or a miscounted one fails."""
    ledger = pd.read_csv(config.LEDGER, dtype=str, keep_default_na=False)
    block = next(m.group("body") for m in BLOCK.finditer(README.read_text(encoding="utf-8")) if m.group("name") == "findings")
    assert f"**{len(ledger)} claims**" in block
    verified = int(ledger["verdict"].isin(["reproduced", "corroborated"]).sum())
    assert f"{verified} are verified independently" in block
    for claim in ledger.loc[ledger["verdict"].isin(["contradicted", "inconsistent", "evidence divided"]), "claim"]:
        assert f"({claim})" in block, claim


def test_no_notebook_types_a_report_id_or_a_figure_position():
    """Evidence is bound to claims by data (claim_evidence.csv, batches.csv, the limits), never typed in a cell."""
    import ast

    from sme_clusters.dataset import Dataset

    data = Dataset(config.DATA)
    ids = set(data.independent_reports) | set(data.sources.index[data.sources["kind"] != "article"])
    for path in NOTEBOOKS:
        code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
        literals = {n.value for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        assert not literals & ids, f"{path.name} types evidence ids: {sorted(literals & ids)}"
        assert ".figures[" not in code, f"{path.name} picks a report's figure by position"


def test_the_check_for_typed_ids_would_see_one():
    import ast

    literals = {n.value for n in ast.walk(ast.parse('x = data.report("nmpa-2023-cosmetics-producers")')) if isinstance(n, ast.Constant)}
    assert "nmpa-2023-cosmetics-producers" in literals


def test_no_notebook_defines_a_function():
    """Decisions and drawing live in the package, tested; a notebook's cells are steps of its argument."""
    import ast

    for path in NOTEBOOKS:
        code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
        defined = [n.name for n in ast.walk(ast.parse(code)) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
                   and hasattr(n, "name")]
        assert defined == [], f"{path.name} defines {defined}: move them into src/sme_clusters/ with a test"


CODE_LINES_IN_ALL = 600  # the notebooks tell the argument; the machinery is in src/ (issue 18)
LOGIC_LINES_PER_CELL = 15


def code_lines(source: str) -> list[int]:
    """The line numbers of a cell's code: not blank, not a comment."""
    return [i for i, line in enumerate(source.splitlines(), 1) if line.strip() and not line.strip().startswith("#")]


def logic_lines(source: str) -> int:
    """A cell's code lines that are not imports: the steps it takes."""
    import ast

    imports = {line for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Import | ast.ImportFrom)
               for line in range(node.lineno, node.end_lineno + 1)}
    return len([i for i in code_lines(source) if i not in imports])


def test_the_notebooks_are_short_and_no_cell_holds_more_than_a_step_of_logic():
    cells = [(path.name, i, c.source) for path in NOTEBOOKS for i, c in enumerate(nbformat.read(path, as_version=4).cells)
             if c.cell_type == "code"]
    total = sum(len(code_lines(source)) for _, _, source in cells)
    assert total <= CODE_LINES_IN_ALL, f"{total} lines of code in the notebooks: move checks and charts into src/sme_clusters/"
    long = [(name, i, logic_lines(source)) for name, i, source in cells if logic_lines(source) > LOGIC_LINES_PER_CELL]
    assert long == [], f"cells with more than {LOGIC_LINES_PER_CELL} lines of logic (notebook, cell, lines): {long}"


def test_the_line_counts_leave_out_blank_lines_comments_and_imports():
    source = "import re\nfrom a import (\n    b,\n)\n\n# why\nx = 1  # what\ny = re.sub('a', 'b', 'c')\n"
    assert code_lines(source) == [1, 2, 3, 4, 7, 8] and logic_lines(source) == 2
