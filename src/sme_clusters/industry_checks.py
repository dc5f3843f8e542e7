"""The checks of notebook 04 (industries): names that contain a word an article counts, and the clusters the articles
name as examples, looked up among the known rows."""
from __future__ import annotations

import re

import pandas as pd

from .clusters import rows_named_like
from .labels import LIST_SEPARATOR, SEPARATOR, between_words, phrase
from .sources import readable
from .text_forms import comparable
from .verdicts import Ledger


def names_with_words(claim, rows: pd.DataFrame) -> tuple[list[str], pd.DataFrame]:
    """The words the claim quotes (“智能”) and the known rows whose name contains one of them."""
    words = re.findall(r"“([^”]+)”", claim.quote)
    pattern = "|".join(re.escape(comparable(w)) for w in words)  # 智慧 matches 智慧 in either script
    has_word = rows["cluster_name"].map(comparable).str.contains(pattern).astype(bool)
    return words, rows.loc[has_word, ["year", "province", "cluster_name", "name_form"]]


def judge_names_with_words(ledger: Ledger, data, claim, words: list[str], matches: pd.DataFrame, year: int) -> int:
    """The claim's count of such names against the known rows of the lists to `year` (a lower bound unless every row is
    known); returns how many of the matches those lists hold."""
    in_claim = matches[matches["year"] <= year]
    known, total = data.lists.coverage(year)
    files = [data.batches.loc[y, "source_id"] for y in data.lists.years(year)]
    ledger.judge(claim, [ledger.bounded(claim, len(in_claim), float(len(in_claim)) if known == total else float("nan"), files,
                                        phrase("names_with_words_how", ledger.lang, words=between_words("or", ledger.lang).join(f"“{w}”" for w in words), year=year,
                                               count=len(in_claim), known=known, total=total))],
                 needs=phrase("needs_names", ledger.lang))
    return len(in_claim)


def examples_table(data, rows: pd.DataFrame, coverage: tuple[int, int], lang: str) -> pd.DataFrame:
    """Each example an article names: the known rows that are it, their list, and whether that is the year the article gives."""
    known, total = coverage
    found = []
    for example in data.named_examples.itertuples():
        hit = rows_named_like(rows, example.province, example.pattern)
        expected_year = int(example.list_year) if example.list_year else None
        found.append({
            "example": readable(example.as_named),
            "article": example.article_id,
            "province": data.place_name(example.province, lang),
            phrase("column_found_among_rows", lang, known=known, total=total): SEPARATOR[lang].join(hit["cluster_name"]) or phrase("not_among_rows", lang),
            "list": LIST_SEPARATOR[lang].join(str(y) for y in hit["year"]) or "—",
            "year as the article says": "—" if expected_year is None or hit.empty else phrase(str(expected_year in set(hit["year"])).lower(), lang),
        })
    return pd.DataFrame(found)
