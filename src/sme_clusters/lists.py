"""The yearly national lists a data folder holds: their years, when each was published, its official count, its known rows.

    data.lists.years(2024)          # the lists up to 2024
    data.lists.coverage(2024)       # (rows known, official total)
    data.lists.claim_year(claim)    # the last list published by a claim's date

A claim speaks of the lists published by its date, never of a later one, so adding a year changes no
verdict on an earlier article. Works from the tables passed in.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .claims import Claim, period_end, period_start
from .config import relative_to_root


@dataclass(frozen=True, eq=False)
class Lists:
    batches: pd.DataFrame  # batches.csv, by year, with each list's official count
    rows: dict[int, pd.DataFrame] = field(repr=False)  # each list's known rows, by year
    batches_file: Path  # named in the error for a year with no list

    def latest(self) -> int:
        """The last list the data holds: the default of every notebook that takes a `year`."""
        return int(self.batches.index.max())

    def resolve(self, year: int) -> int:
        """A notebook's `year` parameter: 0 means the latest list; another year must have a list."""
        year = year or self.latest()
        self.years(year)
        return year

    def years(self, upto_year: int | None = None) -> list[int]:
        """The list years up to `upto_year`; an error naming the years that exist if it has no list."""
        years = list(self.batches.index)
        if upto_year is None:
            return years
        if upto_year not in years:
            raise LookupError(f"no batch for {upto_year} in {relative_to_root(self.batches_file)}; batches exist for {years}")
        return [y for y in years if y <= upto_year]

    def published_by(self, date: pd.Timestamp) -> list[int]:
        """The list years published on or before `date`."""
        return [y for y in self.years() if period_start(self.batches.loc[y, "published"]) <= date]

    def claim_year(self, claim: Claim) -> int | None:
        """The last list published by a claim's date: the lists it speaks of run up to this one."""
        years = self.published_by(period_end(claim.as_of))
        return max(years) if years else None

    def official_count(self, year: int) -> float:
        """The official number of clusters in a list, from the independent report the batches file names."""
        return float(self.batches.loc[year, "count"])

    def clusters(self, upto_year: int | None = None) -> pd.DataFrame:
        """The known cluster rows of every list up to `upto_year`, with province, unit listed under and region."""
        return pd.concat([self.rows[year] for year in self.years(upto_year)], ignore_index=True)

    def coverage(self, upto_year: int | None = None) -> tuple[int, int]:
        """(known rows, official total) for the lists up to `upto_year`: what every row count rests on."""
        return len(self.clusters(upto_year)), int(sum(self.official_count(y) for y in self.years(upto_year)))
