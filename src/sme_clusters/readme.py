"""The parts of README.md that restate results, generated from the claims ledger so they cannot go stale.

Each generated part sits between two markers:

    <!-- generated: verdicts -->
    ...
    <!-- end generated: verdicts -->

`sme-clusters run` rewrites them after a run of the default outputs; a test checks they are current.
"What it finds" is one of them: the tally of both questions, then every claim that does not simply hold.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import config
from .output import write_text_atomically
from .summary import fill_blocks
from .verdicts import (
    ACCURACY, ACCURACY_MEANINGS, ACCURATE, CONSISTENT, CORROBORATED, NO_ORIGINAL, NOT_CHECKABLE,
    REPRODUCED, VERDICT_MEANINGS, VERDICTS, VERIFIED, Entry, claim_sentence,
)

README = config.README
LEDGER = config.LEDGER
NOT_SIMPLY_HOLDING = [v for v in VERDICTS if v not in (*VERIFIED, CONSISTENT, NOT_CHECKABLE)]


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


def findings_block(ledger: pd.DataFrame, data) -> str:
    """What it finds: both questions tallied over every claim, then each claim that does not simply hold, in a sentence."""
    verdicts, accuracy = ledger["verdict"].value_counts(), ledger["accuracy"].value_counts()
    articles = ledger["article"].nunique()
    checked = int(sum(accuracy.get(a, 0) for a in ACCURACY if a != NO_ORIGINAL))
    misreported = [a for a in ACCURACY if a not in (ACCURATE, NO_ORIGINAL) and accuracy.get(a, 0)]
    verified = int(sum(verdicts.get(v, 0) for v in VERIFIED))
    lines = [
        f"The {articles} articles make **{len(ledger)} claims** with a figure. Each is asked two questions:",
        "",
        f"- **Was it reported accurately?** {checked} could be set against the original record of the statement: "
        f"{int(accuracy.get(ACCURATE, 0))} accurate"
        + "".join(f", {int(accuracy[a])} {a}" for a in misreported)
        + f". For {int(accuracy.get(NO_ORIGINAL, 0))} the project holds no original record.",
        f"- **Is the figure right?** {verified} are verified independently of the articles "
        f"({int(verdicts.get(REPRODUCED, 0))} reproduced from primary data, {int(verdicts.get(CORROBORATED, 0))} corroborated by reports); "
        f"{int(verdicts.get(CONSISTENT, 0))} are only consistent with the articles' own figures; "
        + ", ".join(f"{v}: {int(verdicts.get(v, 0))}" for v in NOT_SIMPLY_HOLDING)
        + f"; {int(verdicts.get(NOT_CHECKABLE, 0))} cannot be checked with what the project holds.",
        "",
        "Every claim that does not simply hold, or that was misreported:",
        "",
    ]
    labels = {c.claim_id: c.label_en for c in data.claims}
    order = {v: i for i, v in enumerate(VERDICTS)}
    notable = ledger[ledger["verdict"].isin(NOT_SIMPLY_HOLDING) | ~ledger["accuracy"].isin([ACCURATE, NO_ORIGINAL])]
    for row in sorted(notable.to_dict("records"), key=lambda r: (-order[r["verdict"]], r["claim"])):  # the worst first
        entry = Entry(row["claim"], labels[row["claim"]], row["article says"], row["found"], row["verdict"], row["basis"], row["evidence"],
                      row["explanation"], row["accuracy"], row["evidence_range"], row["gap"], supported=row["supported"])
        lines.append(f"- {claim_sentence(entry)} ({_notebook_links([row['notebook']])})")
    return "\n".join(lines) + "\n"


def scale_table() -> str:
    lines = ["| is the figure right? | meaning |", "|---|---|"] + [f"| **{v}** | {VERDICT_MEANINGS[v]} |" for v in VERDICTS]
    lines += ["", "| was it reported accurately? | meaning |", "|---|---|"] + [f"| **{a}** | {ACCURACY_MEANINGS[a]} |" for a in ACCURACY]
    return "\n".join(lines) + "\n"


def coverage_table(data) -> str:
    """Per list: its official count, the known rows, and their share; then the total."""
    lines = ["| list | published | official count | known rows | coverage |", "|---|---|---|---|---|"]
    for year in data.lists.years():
        known = len(data.lists.clusters(year)[lambda rows, y=year: rows["year"] == y])
        count = data.lists.official_count(year)
        lines.append(f"| {year} | {data.batches.loc[year, 'published']} | {count:.0f} | {known} | {known / count:.0%} |")
    known, total = data.lists.coverage()
    lines += ["", f"{known} of the {total} clusters of the {data.lists.years()[0]}–{data.lists.latest()} lists are known as rows."]
    return "\n".join(lines) + "\n"


def render(text: str, ledger: pd.DataFrame, data) -> str:
    """The README with every generated block rewritten; an unknown block name is an error."""
    articles = data.sources[data.sources["kind"] == "article"]
    blocks = {"verdicts": verdict_table(ledger, articles), "scale": scale_table(), "coverage": coverage_table(data),
              "findings": findings_block(ledger, data)}
    return fill_blocks(text, blocks, "README.md")


def update_readme(data, readme: Path = README, ledger_path: Path = LEDGER) -> bool:
    """Rewrite the README's generated blocks from the ledger; True if the file changed."""
    ledger = pd.read_csv(ledger_path, dtype=str, keep_default_na=False)
    text = readme.read_text(encoding="utf-8")
    new = render(text, ledger, data)
    if new != text:
        write_text_atomically(readme, new)
    return new != text
