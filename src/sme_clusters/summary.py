"""What a reader sees first, generated from the verdicts so that it cannot go stale.

- Each notebook ends every section with one sentence of finding (`Notebook.conclude`), built from the
  verdicts the section reached; `<notebook>__findings.csv` keeps them, with the claims each covers.
- A notebook's opening cell holds a generated block, `<!-- generated: results -->`, that the runner
  fills from that file after the run: the notebook's results, section by section.
- The README's "What it finds" is generated from the claims ledger (`readme.py`): the tally of both
  questions, then every claim that does not simply hold.

A generated block sits between two markers; `fill_blocks` rewrites its body and refuses an unknown name.
"""
from __future__ import annotations

import re
from pathlib import Path

# pandas and the loaders are imported where used: the runner reads this module on every run, a no-op run included
from . import schemas

BLOCK = re.compile(r"(<!-- generated: (?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- end generated: (?P=name) -->)", re.DOTALL)
FINDINGS_FIELDS = ("notebook", "section", "finding", "claims")


CONCLUDES = re.compile(r"^\s*nb\.conclude\(", re.MULTILINE)
HEADING = re.compile(r"^##\s+(.+)$", re.MULTILINE)


def fill_blocks(text: str, blocks: dict[str, str], where: str) -> str:
    """`text` with the body of every generated block replaced; a block nobody generates is an error naming `where`."""
    def fill(match: re.Match) -> str:
        if match.group("name") not in blocks:
            raise ValueError(f"{where}: unknown generated block {match.group('name')!r}; known: {', '.join(blocks)}")
        return match.group(1) + blocks[match.group("name")] + match.group(4)

    return BLOCK.sub(fill, text)


def blank_blocks(text: str) -> str:
    """`text` with every generated block emptied: what is hand-written, for fingerprints and for checking prose."""
    return BLOCK.sub(lambda m: m.group(1) + m.group(4), text)


def findings_frame(notebook: str, findings: list[tuple[str, tuple[str, ...]]]):
    """One row per section finding: the notebook, the section's number, the sentence, the claims it covers."""
    import pandas as pd

    return pd.DataFrame([{"notebook": notebook, "section": i, "finding": text, "claims": schemas.join_ids(claims)}
                         for i, (text, claims) in enumerate(findings, start=1)], columns=list(FINDINGS_FIELDS))


def load_findings(path: Path):
    from .validation import read_table

    return read_table(path, schemas.FINDINGS.columns, key=("notebook", "section"))


def section_headings(cells: list[tuple[str, str]]) -> list[str]:
    """The heading of the section each `nb.conclude()` ends, in order: (cell type, source) pairs of a notebook."""
    headings, current = [], ""
    for kind, source in cells:
        if kind == "markdown":
            found = HEADING.findall(source)
            current = found[-1].strip() if found else current
        elif kind == "code":
            headings += [current] * len(CONCLUDES.findall(source))
    return headings


def results_block(findings, headings: list[str], lang: str = "en") -> str:
    """A notebook's results, one bullet per section: its heading, then its finding."""
    if findings.empty:
        return ""
    from .labels import term  # not at the top: the runner reads this module on every run

    lines = [term("results", "heading", lang), ""]
    for row in findings.itertuples():
        number = int(row.section)
        heading = headings[number - 1] if number <= len(headings) else ""
        lines.append(f"- {'*' + heading + '*' + ('：' if lang == 'zh' else ': ') if heading else ''}{row.finding}")
    return "\n".join(lines) + "\n"


def fill_notebook(notebook, findings, lang: str = "en"):
    """The rendered notebook with its `results` block filled from its findings (cells edited in place)."""
    headings = section_headings([(cell.cell_type, cell.source) for cell in notebook.cells])
    blocks = {"results": results_block(findings, headings, lang)}
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and BLOCK.search(cell.source):
            cell.source = fill_blocks(cell.source, blocks, "the notebook's Markdown")
    return notebook
