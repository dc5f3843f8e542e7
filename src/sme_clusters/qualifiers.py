"""What a qualified figure allows: "over 280,000", "约5000家", "近九成", "3~5年".

Two questions, one module:
- does a *computed* value bear out a claim? (`holds`): "over X" is any value above X;
- do two *stated* figures agree? (`stated_range`, `ranges_overlap`): a figure a source
  prints is read the way a speaker rounds, so "over X" (多, 余, 以上) runs up to the
  next step at the precision X is written in: "2.8万多家" is 28,000 to 29,000, and
  cannot be "more than 280,000"; "about X" runs 10% either side, but no further than
  half a step at that precision ("约56%" is 55.5% to 56.5%, "1.2万" 11,500 to 12,500,
  "100个左右" 90 to 110; a fraction such as "1/4" keeps the 10%). The same ranges are
  what printed figures stand for in arithmetic (`printed_range`).

| qualifier | in the sources                       | a computed value holds when                     |
|-----------|--------------------------------------|-------------------------------------------------|
| exact     | a plain number: "87%", "1,253家"     | it rounds to the value at the stated precision  |
| over      | over, more than, 超过, 多, 余         | it is greater than the value                    |
| at least  | 以上; 据不完全统计; a list ending in 等 | it is greater than or equal to the value        |
| about     | about, around, 约, 左右; "1/4"        | it is within ABOUT_TOLERANCE of the value       |
| nearly    | nearly, 近                           | it is at or up to ABOUT_TOLERANCE below it      |
| between   | "3~5年"                              | it lies between value and value_upper           |
| at most   | 不超过 ("推荐数量不超过8个")            | it is less than or equal to the value           |
"""
from __future__ import annotations

import math
from decimal import Decimal

QUALIFIERS = ("exact", "over", "at least", "about", "nearly", "between", "at most")
ABOUT_TOLERANCE = 0.10
_EPSILON = 1e-9  # absorbs binary floating-point noise in comparisons


def _slack(value: float) -> float:
    return _EPSILON * max(1.0, abs(value))


def holds(computed: float, value: float, qualifier: str, *, decimals: int = 0, value_upper: float | None = None,
          tolerance: float = ABOUT_TOLERANCE) -> bool:
    """Whether `computed` bears out a claim of `value` with this qualifier (see the module's table)."""
    if computed is None or math.isnan(computed):
        raise ValueError("cannot check a claim against a missing value")
    low, high = claim_range(value, qualifier, decimals=decimals, value_upper=value_upper, tolerance=tolerance)
    slack = _slack(value)
    if qualifier == "over":
        return computed > value + slack
    return low - slack <= computed <= high + slack


def claim_range(value: float, qualifier: str, *, decimals: int = 0, value_upper: float | None = None,
                tolerance: float = ABOUT_TOLERANCE) -> tuple[float, float]:
    """The values for which a claim holds, ends included ('over' excludes its own value)."""
    if qualifier == "exact":
        half = 0.5 * 10.0**-decimals
        return value - half, value + half
    if qualifier in ("over", "at least"):
        return value, math.inf
    if qualifier == "at most":
        return -math.inf, value
    if qualifier == "about":
        return value - tolerance * abs(value), value + tolerance * abs(value)
    if qualifier == "nearly":
        return value * (1 - tolerance), value
    if qualifier == "between":
        if value_upper is None:
            raise ValueError("a 'between' claim needs an upper value")
        return value, value_upper
    raise ValueError(f"unknown qualifier {qualifier!r}")


def precision_step(value: Decimal, whole_units: bool = False) -> Decimal:
    """The place of the last written digit: 28000 -> 1000, 1.8E+12 -> 1E+11, 1780 -> 10, 7.5 -> 0.1.

    With `whole_units`, trailing zeros of a whole number do not count (100 -> 1):
    an exact "100 clusters" is 100, not anything from 50 to 150.
    """
    exponent = value.normalize().as_tuple().exponent
    return Decimal(1).scaleb(min(exponent, 0) if whole_units else exponent)


def stated_range(value: Decimal, qualifier: str, *, value_upper: Decimal | None = None,
                 tolerance: float = ABOUT_TOLERANCE, unit: str = "") -> tuple[float, float]:
    """The values a printed figure allows, read the way a speaker rounds (see the module's docstring)."""
    number = float(value)
    if qualifier == "exact":
        half = 0.5 * float(precision_step(value, whole_units=True))
        return number - half, number + half
    if qualifier in ("over", "at least"):
        return number, number + float(precision_step(value))
    if qualifier == "about" and unit != "fraction":  # "1/4" is as round as a fraction gets: within the tolerance
        half = min(tolerance * abs(number), 0.5 * float(precision_step(value)))
        return number - half, number + half
    return claim_range(number, qualifier, value_upper=None if value_upper is None else float(value_upper), tolerance=tolerance)


def printed_range(value: float | Decimal, qualifier: str, unit: str = "") -> tuple[float, float]:
    """The values a printed figure may stand for when it enters arithmetic: an exact count is itself, a qualified one
    what it allows read as a speaker rounds ('2.8万多家': 28,000 to 29,000; 'around 5,000': 4,500 to 5,500)."""
    if qualifier == "exact":
        return float(value), float(value)
    return stated_range(Decimal(str(value)), qualifier, unit=unit)


def added(ranges) -> tuple[float, float]:
    """The range of a sum of figures, each known within its range: the lows added up, the highs added up."""
    lows, highs = zip(*ranges, strict=True)
    return sum(lows), sum(highs)


def ranges_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two ranges share a value (ends included, floating-point noise absorbed)."""
    slack = _slack(max((abs(x) for x in (*a, *b) if math.isfinite(x)), default=1.0))
    return a[0] <= b[1] + slack and b[0] <= a[1] + slack


def upper_limit(value: float, qualifier: str, *, decimals: int = 0, value_upper: float | None = None,
                tolerance: float = ABOUT_TOLERANCE) -> float:
    """The largest value for which a claim still holds (infinite for 'over' and 'at least')."""
    return claim_range(value, qualifier, decimals=decimals, value_upper=value_upper, tolerance=tolerance)[1]
