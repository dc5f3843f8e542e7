"""The checks of notebook 03 (regions and provinces) on the per-unit counts of `provinces.province_counts`.

A region's count is the sum of its provinces': exact only when every province's is, bounded below by
their lower bounds and above by their upper bounds (infinite when a list has no known cap). A
province's first cluster came in a list when it has one there and is known to have had none before.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Bounds:
    lower: float
    upper: float
    exact: float  # NaN unless every part is exact

    @property
    def known_exactly(self) -> bool:
        return not math.isnan(self.exact)


def summed(counts: pd.DataFrame) -> Bounds:
    """The bounds of a sum of units' counts (rows of `province_counts`)."""
    exact = float(counts["exact"].sum()) if counts["exact"].notna().all() else float("nan")
    return Bounds(float(counts["lower_bound"].sum()), float(counts["upper_bound"].sum()), exact)


def region_bounds(counts: pd.DataFrame, region: str) -> Bounds:
    """A region's count over the counts' lists: the sum of its provinces'."""
    return summed(counts[counts["region"] == region])


def evidence_of(counts: pd.DataFrame, units) -> list[str]:
    """The registered files and report rows behind the counts of these units, for both their bounds."""
    return list(dict.fromkeys(e for u in units for column in ("evidence", "upper_evidence") for e in counts.loc[u, column].split("; ") if e))


def first_in(that_list: pd.DataFrame, earlier: pd.DataFrame | None) -> list[str]:
    """The provinces whose first cluster came in a list: at least one in it, and known to have none before
    (`earlier` is the count over the lists before it, None when it is the first list)."""
    return [p for p in that_list.index
            if that_list.loc[p, "lower_bound"] >= 1 and (earlier is None or earlier.loc[p, "exact"] == 0)]


def shown(row) -> str:
    """A count as exact ('23'), as a range where a cap bounds it ('2–10'), or as a lower bound ('≥3')."""
    if not pd.isna(row["exact"]):
        return f"{row['exact']:.0f}"
    if row["upper_bound"] != float("inf"):
        return f"{row['lower_bound']:.0f}–{row['upper_bound']:.0f}"
    return f"≥{row['lower_bound']:.0f}"
