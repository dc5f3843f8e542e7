"""The parts of README.md that restate results, generated from the claims ledger so they cannot go stale.

Each generated part sits between two markers:

    <!-- generated: verdicts -->
    ...
    <!-- end generated: verdicts -->

`sme-clusters run` rewrites them after a run of the default outputs; a test checks they are current.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from . import config
from .output import write_text_atomically
from .verdicts import VERDICT_MEANINGS, VERDICTS

README = config.ROOT / "README.md"
LEDGER = config.PROCESSED_DIR / "99-claims-ledger__ledger.csv"
BLOCK = re.compile(r"(<!-- generated: (?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- end generated: (?P=name) -->)", re.DOTALL)


def _notebook_links(notebooks: list[str]) -> str:
    return ", ".join(f"[{n[:2]}](notebooks/{n}.ipynb)" for n in sorted(set(notebooks)) if n)


def verdict_table(ledger: pd.DataFrame, articles: pd.DataFrame) -> str:
    """One row per article: publisher, date, the notebooks that judge it, and how many claims got each verdict."""
    counts = pd.crosstab(ledger["article"], ledger["verdict"]).reindex(columns=list(VERDICTS), fill_value=0)
    lines = ["| article | publisher | date | notebooks | " + " | ".join(VERDICTS) + " |",
             "|---|---|---|---|" + "---|" * len(VERDICTS)]
    for article, row in counts.iterrows():
        source = articles.loc[article]
        notebooks = _notebook_links(ledger.loc[ledger["article"] == article, "notebook"].tolist())
        lines.append(f"| `{article}` | {source['publisher']} | {source['date']} | {notebooks} | "
                     + " | ".join(str(int(row[v])) for v in VERDICTS) + " |")
    total = counts.sum()
    lines.append("")
    lines.append(f"{len(ledger)} claims: " + ", ".join(f"{int(total[v])} {v}" for v in VERDICTS) + ".")
    return "\n".join(lines) + "\n"


def scale_table() -> str:
    lines = ["| verdict | meaning |", "|---|---|"] + [f"| **{v}** | {VERDICT_MEANINGS[v]} |" for v in VERDICTS]
    return "\n".join(lines) + "\n"


def coverage_table(data) -> str:
    """Per list: its official count, the known rows, and their share; then the total."""
    lines = ["| list | published | official count | known rows | coverage |", "|---|---|---|---|---|"]
    for year in data.batch_years():
        known = len(data.clusters(year)[lambda rows, y=year: rows["year"] == y])
        count = data.official_count(year)
        lines.append(f"| {year} | {data.batches.loc[year, 'published']} | {count:.0f} | {known} | {known / count:.0%} |")
    known, total = data.coverage()
    lines += ["", f"{known} of the {total} clusters of the {data.batch_years()[0]}–{data.latest_year()} lists are known as rows."]
    return "\n".join(lines) + "\n"


def render(text: str, ledger: pd.DataFrame, data) -> str:
    """The README with every generated block rewritten; an unknown block name is an error."""
    articles = data.sources[data.sources["kind"] == "article"]
    blocks = {"verdicts": verdict_table(ledger, articles), "scale": scale_table(), "coverage": coverage_table(data)}

    def fill(match: re.Match) -> str:
        if match.group("name") not in blocks:
            raise ValueError(f"README.md: unknown generated block {match.group('name')!r}; known: {', '.join(blocks)}")
        return match.group(1) + blocks[match.group("name")] + match.group(4)

    return BLOCK.sub(fill, text)


def update_readme(data, readme: Path = README, ledger_path: Path = LEDGER) -> bool:
    """Rewrite the README's generated blocks from the ledger; True if the file changed."""
    ledger = pd.read_csv(ledger_path, dtype=str, keep_default_na=False)
    text = readme.read_text(encoding="utf-8")
    new = render(text, ledger, data)
    if new != text:
        write_text_atomically(readme, new)
    return new != text
