"""The claims ledger: every claim of data/claims.csv with the verdict a notebook reached on it.

`assemble` is the one place its rows are put together; its columns are the ledger table's in
schemas.py (the README, the report and the data package read them from there). A claim no notebook
tested in the run (a run to an earlier list leaves out claims about later ones) is marked not checkable,
saying so; a claim two notebooks judged is an error.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .labels import describe_claim
from .schemas import NO_ORIGINAL, NOT_CHECKABLE

RESULT_COLUMNS = ["accuracy", "found", "verdict", "evidence_range", "gap", "supported", "basis", "deciding", "evidence", "explanation",
                  "notebook"]
UNTESTED = dict.fromkeys(RESULT_COLUMNS, "") | {
    "accuracy": NO_ORIGINAL, "verdict": NOT_CHECKABLE,
    "explanation": "no notebook tests it in this run (a run to an earlier list leaves out claims about later ones)",
}


def verdict_tables(folder: Path, own_name: str) -> list[Path]:
    """The other notebooks' verdict tables in a folder, in name order."""
    return sorted(p for p in folder.glob("*__verdicts.csv") if not p.name.startswith(own_name))


def assemble(claims, tables: list[Path], lang: str) -> tuple[pd.DataFrame, list[str]]:
    """One row per claim, in the claims table's order: what the article says, then the verdict recorded for it; and the
    claims no table holds a verdict on."""
    recorded = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in tables], ignore_index=True)
    ledger = pd.DataFrame([{
        "claim": c.claim_id, "article": c.article_id, "topic": c.topic, "as of": c.as_of, "quote": c.shown_quote, "our English gloss": c.quote_en,
        "article says": describe_claim(c, lang),
    } for c in claims])
    found = recorded[recorded["key"].isin(ledger["claim"])].rename(columns={"key": "claim"})
    duplicates = found[found.duplicated("claim", keep=False)]
    if not duplicates.empty:
        raise ValueError(f"claims with verdicts from more than one notebook: {sorted(set(duplicates['claim']))}")
    ledger = ledger.merge(found[["claim", *RESULT_COLUMNS]], on="claim", how="left")
    untested = ledger["verdict"].isna()
    ledger.loc[untested, RESULT_COLUMNS] = [UNTESTED[c] for c in RESULT_COLUMNS]
    return ledger, ledger.loc[untested, "claim"].tolist()
