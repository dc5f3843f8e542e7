"""The claims ledger: every claim of data/claims.csv with the verdict a notebook reached on it.

`assemble` is the one place its rows are put together; its columns are the ledger table's in
schemas.py (the README, the report and the data package read them from there). A claim no notebook
tested in the run is marked not checkable, saying why: a run to an earlier list leaves out claims
about later ones, and a claim of a new article may be of a kind no notebook checks yet. A claim two
notebooks judged is an error.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .labels import describe_claim, phrase
from .verdicts import ARTICLE
from .schemas import NO_ORIGINAL, NOT_CHECKABLE, split_ids

RESULT_COLUMNS = ["accuracy", "found", "verdict", "evidence_range", "gap", "supported", "basis", "deciding", "evidence", "explanation",
                  "notebook"]


def untested_row(claim, lang: str, later_than: int | None, checked: frozenset[str] = frozenset()) -> dict[str, str]:
    """The result columns of a claim no notebook tested: not checkable, and why. `later_than`: the run's last list, when the
    claim speaks of a later one; `checked`: the metrics of the claims the run did test (a check written for 002's claims
    of a measure does not read a new article's claim of it). The measure is named by the claim's label, in `lang`."""
    label = claim.label(lang)
    why = (phrase("untested_later", lang, year=later_than) if later_than is not None
           else phrase("untested_other_claims" if claim.metric in checked else "untested_no_check", lang, label=label))
    return dict.fromkeys(RESULT_COLUMNS, "") | {"accuracy": NO_ORIGINAL, "verdict": NOT_CHECKABLE, "explanation": why}


def verdict_tables(folder: Path, own_name: str) -> list[Path]:
    """The other notebooks' verdict tables in a folder, in name order."""
    return sorted(p for p in folder.glob("*__verdicts.csv") if not p.name.startswith(own_name))


def assemble(claims, tables: list[Path], lang: str, lists=None, year: int | None = None) -> tuple[pd.DataFrame, list[str]]:
    """One row per claim, in the claims table's order: what the article says, then the verdict recorded for it; and the
    claims no table holds a verdict on. With `lists` and the run's last list `year`, an untested claim that speaks of a
    later list says so; any other untested claim is of a kind no notebook checks."""
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
    checked = frozenset(claims[claim_id].metric for claim_id in ledger.loc[~untested, "claim"])
    for i in ledger.index[untested]:
        claim = claims[ledger.loc[i, "claim"]]
        speaks_of = lists.claim_year(claim) if lists is not None else None
        later = year if year is not None and speaks_of is not None and speaks_of > year else None
        ledger.loc[i, RESULT_COLUMNS] = list(untested_row(claim, lang, later, checked).values())
    return ledger, ledger.loc[untested, "claim"].tolist()


def independent_evidence(ledger: pd.DataFrame, kind_of, links) -> list[int]:
    """Per claim of the ledger, the pieces of its evidence independent of the articles and of what they report: not an
    article's claim, nor a report of the very statement the claim makes (that shows what was said, not that it is true),
    nor a report linked for context only (another date, another group of firms: it bears on no verdict).
    `kind_of` gives an evidence id's kind (evidence_index); `links` are the claim-evidence links (evidence.Link)."""
    said = {(link.claim_id, link.report.evidence_id) for link in links if link.relation in ("same statement", "context")}
    return [sum(kind_of(e) != ARTICLE and (claim, e) not in said for e in split_ids(evidence))
            for claim, evidence in zip(ledger["claim"], ledger["evidence"], strict=True)]
