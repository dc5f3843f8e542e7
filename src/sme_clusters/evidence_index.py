"""What an evidence id names, when it was printed, and how a reader is shown it.

Verdicts cite their evidence by id: a claim (`002-east`), an article (`002`), an independent report
(`ssb-2023-04-20-smes`), a registered file or one of its rows (`province_totals:3`, `clusters_2024`), or
a reference row (`fact:reform_opening_start`, `county_units:县`). The verdict rules weigh them by kind
(primary data, a report, the articles' own) and mark what was printed after the article. Everything
here works from the tables passed in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from .config import relative_to_root
from .evidence import Report
from .schemas import DATE_PATTERN
from .verdicts import ARTICLE, CLAIM_ID, PRIMARY, REPORT


@dataclass(frozen=True, eq=False)
class EvidenceIndex:
    sources: pd.DataFrame  # the registry (sources.csv)
    raw: Path  # the folder the registry's paths are under
    claim_ids: frozenset[str]
    claims: object  # claims.Claims: a claim's quote, by id
    articles: frozenset[str]  # the article ids
    reports: dict[str, Report]  # the independent reports, by evidence id
    province_totals: pd.DataFrame  # the reported counts, each with its source id and row number
    references: dict[str, tuple[Path, pd.DataFrame]]  # 'fact', 'county_units' -> (its file, its rows by id)
    row_sources: frozenset[str]  # the registered files of cluster rows: every list's, every review's, the rows of unknown year

    def kind(self, token: str) -> str:
        """What an evidence id names, as the verdict rules weigh it: primary data, a report, or the articles' own."""
        if CLAIM_ID.match(token) or token in self.articles:
            return ARTICLE
        source_id, _, _ = token.partition(":")
        if source_id in self.references or source_id in self.row_sources:
            return PRIMARY
        if token in self.reports or source_id in self.sources.index:
            return REPORT
        raise LookupError(f"evidence {token!r} names no claim, independent report, source or reference row")

    def file_of(self, token: str) -> Path | None:
        """The data file a registered file, one of its rows, or a reference row lives in (None for a claim, an article or
        an independent report, which have their own addresses)."""
        source_id, _, _ = token.partition(":")
        if source_id in self.references:
            return self.references[source_id][0]
        if token not in self.reports and source_id in self.sources.index and source_id not in self.articles:
            return self.raw / self.sources.loc[source_id, "path"]
        return None

    def date(self, token: str) -> str:
        """When a piece of evidence was printed, where the data says: a report's date, a reported count's; '' otherwise."""
        if token in self.reports:
            return self.reports[token].date
        return self._count_dates.get(token, "")

    @cached_property
    def _count_dates(self) -> dict[str, str]:
        """Each reported count's date, by its evidence id (`source:row`), where it is a full date: a verdict asks for
        them once per piece of evidence, and a filter of the table each time cost most of a second per notebook."""
        dates = {}
        for source_id, row, as_of in self.province_totals[["source_id", "row_number", "as_of"]].itertuples(index=False):
            dates.setdefault(f"{source_id}:{row}", str(as_of) if re.fullmatch(DATE_PATTERN, str(as_of)) else "")
        return dates

    @cached_property
    def article_dates(self) -> dict[str, str]:
        """Each article's date, by article id: evidence printed after it is marked as later."""
        articles = self.sources[self.sources["kind"] == "article"]
        return {source_id: str(date) for source_id, date in articles["date"].items() if date}

    def describe(self, token: str) -> str:
        """What an evidence id names, as a reader is shown it; a LookupError if it names nothing the data holds."""
        if token in self.reports:
            report = self.reports[token]
            return f"{report.cite()}" + (f" <{report.source_url}>" if report.source_url else " (seen in a repost; address not kept)")
        if token in self.claim_ids:
            claim = self.claims[token]
            return f"article {claim.article_id}: “{claim.quote}”"
        source_id, _, row = token.partition(":")
        if source_id in self.references and row in self.references[source_id][1].index:
            return f"{relative_to_root(self.references[source_id][0])}, {row}"
        if source_id in self.sources.index:
            entry = self.sources.loc[source_id]
            where = f"data/raw/{entry['path']}"
            if not row:
                return f"{where} ({entry['publisher']})"
            if row.isdigit() and 1 <= int(row) <= self._row_count(source_id):
                return f"{where}, row {row}"
        raise LookupError(f"evidence {token!r} names no claim, independent report, source, source row or reference row")

    def _row_count(self, source_id: str) -> int:
        path = self.raw / self.sources.loc[source_id, "path"]
        return max(0, len(path.read_text(encoding="utf-8").splitlines()) - 1)
