"""Does a computed value bear out a claim? Qualifier semantics and the verdict ledger.

A claim holds for a computed value according to its qualifier:

| qualifier | holds when                                                        | e.g.                        |
|-----------|-------------------------------------------------------------------|-----------------------------|
| exact     | the value, rounded as the article states it, equals the claim      | "87%" holds for 86.6        |
| over      | value > claim                                                     | "over 280,000": 280,001     |
| at least  | value >= claim (Chinese 以上 includes the number)                 | "37%以上": 37.0             |
| about     | within ABOUT_TOLERANCE (relative) of the claim                    | "around 5,000": 4,500-5,500 |
| nearly    | below or at the claim, within ABOUT_TOLERANCE of it               | "nearly 90%": 81-90         |
| between   | value_low <= value <= value_upper                                 | "3~5年": 4                  |

Verdicts:
- reproduced: a value computed independently of the claim bears it out;
- inconsistent: it does not (the arithmetic is shown);
- derived: a new figure computed from claims (an average, an implied total), nothing to contradict;
- not checkable: nothing the project holds can test the claim (the reason is given).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .claims import Claim
from .labels import describe_claim, describe_value, format_quantity
from .output import write_text_atomically

ABOUT_TOLERANCE = 0.10

REPRODUCED = "reproduced"
INCONSISTENT = "inconsistent"
DERIVED = "derived"
NOT_CHECKABLE = "not checkable"
VERDICTS = (REPRODUCED, DERIVED, INCONSISTENT, NOT_CHECKABLE)

_EPSILON = 1e-9  # absorbs binary floating-point noise in comparisons


def holds(
    computed: float,
    value: float,
    qualifier: str,
    *,
    decimals: int = 0,
    value_upper: float | None = None,
    tolerance: float = ABOUT_TOLERANCE,
) -> bool:
    """Whether `computed` bears out a claim of `value` with this qualifier (see the module's table)."""
    if computed is None or math.isnan(computed):
        raise ValueError("cannot check a claim against a missing value")
    slack = _EPSILON * max(1.0, abs(value))
    if qualifier == "exact":
        return abs(computed - value) <= 0.5 * 10.0**-decimals + slack
    if qualifier == "over":
        return computed > value + slack
    if qualifier == "at least":
        return computed >= value - slack
    if qualifier == "about":
        return abs(computed - value) <= tolerance * abs(value) + slack
    if qualifier == "nearly":
        return value * (1 - tolerance) - slack <= computed <= value + slack
    if qualifier == "between":
        if value_upper is None:
            raise ValueError("a 'between' claim needs an upper value")
        return value - slack <= computed <= value_upper + slack
    raise ValueError(f"unknown qualifier {qualifier!r}")


def upper_limit(claim: Claim, tolerance: float = ABOUT_TOLERANCE) -> float:
    """The largest value for which the claim still holds (infinite for 'over' and 'at least')."""
    return {
        "exact": claim.value + 0.5 * 10.0**-claim.decimals,
        "about": claim.value * (1 + tolerance),
        "nearly": claim.value,
        "between": claim.value_upper,
    }.get(claim.qualifier, math.inf)


def claim_holds(claim: Claim, computed: float, tolerance: float = ABOUT_TOLERANCE) -> bool:
    return holds(
        computed, claim.value, claim.qualifier,
        decimals=claim.decimals, value_upper=claim.value_upper, tolerance=tolerance,
    )


@dataclass(frozen=True)
class Entry:
    key: str  # a claim id, or the name of a derived figure
    statement: str
    article_says: str
    computed: str
    verdict: str
    arithmetic: str


class Ledger:
    """The verdicts one notebook reaches, in the order it reaches them; saved for the claims ledger."""

    def __init__(self, notebook: str, lang: str = "en"):
        self.notebook = notebook
        self.lang = lang
        self.entries: list[Entry] = []

    def _add(self, entry: Entry) -> str:
        if any(e.key == entry.key for e in self.entries):
            raise ValueError(f"{entry.key} is already in the ledger of {self.notebook}")
        self.entries.append(entry)
        return entry.verdict

    def check(self, claim: Claim, computed: float, arithmetic: str, *, unit: str | None = None,
              tolerance: float = ABOUT_TOLERANCE) -> str:
        """Record and return the verdict on `claim` given an independently computed value."""
        verdict = REPRODUCED if claim_holds(claim, computed, tolerance) else INCONSISTENT
        decimals = claim.decimals if float(computed).is_integer() else claim.decimals + 1
        shown = format_quantity(computed, unit or claim.unit, self.lang, decimals=decimals)
        return self._add(Entry(claim.claim_id, claim.label(self.lang), describe_claim(claim, self.lang), shown, verdict, arithmetic))

    def check_count(self, claim: Claim, lower: float, exact: float, arithmetic: str) -> str:
        """A verdict from a count that may be known only as a lower bound (`exact` NaN).

        A lower bound can still decide: it reproduces an 'at least' or 'over' claim it
        already meets, and contradicts any claim whose largest admissible value it exceeds.
        """
        if not math.isnan(exact):
            return self.check(claim, exact, arithmetic)
        if claim.qualifier in ("over", "at least") and claim_holds(claim, lower):
            return self.check(claim, lower, f"{arithmetic}; a lower bound, and it already meets the claim")
        if lower > upper_limit(claim):
            return self.check(claim, lower, f"{arithmetic}; a lower bound, and it already exceeds the claim")
        return self._add(Entry(claim.claim_id, claim.label(self.lang), describe_claim(claim, self.lang),
                               f"≥ {format_quantity(lower, claim.unit, self.lang)}", NOT_CHECKABLE,
                               f"{arithmetic}; only a lower bound is known, and it does not contradict the claim"))

    def derive(self, key: str, statement: str, value: float, unit: str, arithmetic: str, *,
               decimals: int = 0, qualifier: str = "exact") -> float:
        """Record a figure derived from claims; returns the value for further use.

        `qualifier` carries a bound through: 'over 70%' of 100 clusters is 'over 70' clusters.
        """
        shown = describe_value(value, unit, qualifier, self.lang, decimals)
        self._add(Entry(key, statement, "", shown, DERIVED, arithmetic))
        return value

    def record(self, claim: Claim, verdict: str, finding: str, arithmetic: str) -> str:
        """A verdict reached by reasoning rather than by one computed number (e.g. a ranking)."""
        if verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}")
        return self._add(Entry(claim.claim_id, claim.label(self.lang), describe_claim(claim, self.lang), finding, verdict, arithmetic))

    def not_checkable(self, claim: Claim, reason: str) -> str:
        return self._add(Entry(claim.claim_id, claim.label(self.lang), describe_claim(claim, self.lang), "", NOT_CHECKABLE, reason))

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([e.__dict__ for e in self.entries], columns=list(Entry.__dataclass_fields__))

    def verdicts(self) -> dict[str, str]:
        return {e.key: e.verdict for e in self.entries}

    def save(self, directory: Path) -> Path:
        """Write `<notebook>__verdicts.csv` atomically; returns its path."""
        target = Path(directory) / f"{self.notebook}__verdicts.csv"
        frame = self.frame().assign(notebook=self.notebook)
        write_text_atomically(target, frame.to_csv(index=False, lineterminator="\n"))
        return target
