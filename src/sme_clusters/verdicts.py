"""The verdict scale, and the one function that decides a claim's verdict from its findings.

A notebook gathers *findings* about a claim, each resting on named evidence:

| basis        | what it is                                                                 |
|--------------|-----------------------------------------------------------------------------|
| `recomputed` | a value computed from data independent of the claim: cluster rows, reference data, an independent report's figures |
| `reported`   | an independent report states the figure itself                              |
| `claims`     | arithmetic on the articles' own figures, or a count in the article's own text |

A finding holds, fails, or does not decide (a lower bound below the claim, another
vintage shown for context). `decide` turns the findings into one verdict of the scale:

| verdict            | meaning                                                                     |
|--------------------|-----------------------------------------------------------------------------|
| reproduced         | recomputed from data independent of the claim, and it holds                 |
| corroborated       | an independent report states the same figure (qualifiers respected)         |
| consistent         | agrees with the articles' other figures, but nothing independent tests it  |
| inconsistent       | cannot be true together with the articles' own figures                      |
| contradicted       | an independent source disagrees (the size of the disagreement is shown)    |
| depends on reading | true under one stated reading of the claim and false under another         |
| not checkable      | nothing the project holds decides it (what data would is said)              |

The rules, in order:
1. A finding that rests on a claim already found contradicted is set aside (shown, not used):
   a check of "over 20%" against 280,000 firms proves nothing once 280,000 is a translation error.
2. No finding decides: not checkable.
3. Findings made under different readings of the claim that lead to different verdicts: depends on reading.
4. Independent findings decide over the articles' own arithmetic. Among them, recomputation
   outranks a report: if the strongest kind present holds throughout, reproduced (recomputed)
   or corroborated (reported); if any of it fails, contradicted. A weaker independent finding
   that disagrees is shown as a dissent.
5. A report of the very statement an article translates (the Chinese report of a press
   conference the article gives in English) tests the translation, not the statistic: if it
   disagrees, contradicted (the article misreports what was said); if it agrees, the
   speaker's figures must still fit together (inconsistent if they do not), and then corroborated.
6. Otherwise the articles' own arithmetic: consistent if it all holds, inconsistent if not.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .claims import Claim
from .evidence import Report
from .labels import VERDICTS_ZH, describe_claim, describe_value, format_quantity
from .output import write_text_atomically
from .qualifiers import ABOUT_TOLERANCE, claim_range, holds, ranges_overlap

REPRODUCED = "reproduced"
CORROBORATED = "corroborated"
CONSISTENT = "consistent"
INCONSISTENT = "inconsistent"
CONTRADICTED = "contradicted"
DEPENDS_ON_READING = "depends on reading"
NOT_CHECKABLE = "not checkable"
VERDICTS = (REPRODUCED, CORROBORATED, CONSISTENT, DEPENDS_ON_READING, INCONSISTENT, CONTRADICTED, NOT_CHECKABLE)
VERDICT_MEANINGS = {
    REPRODUCED: "recomputed from data independent of the claim, and it holds",
    CORROBORATED: "an independent report states the same figure",
    CONSISTENT: "agrees with the articles' other figures; nothing independent tests it",
    DEPENDS_ON_READING: "true under one stated reading, false under another",
    INCONSISTENT: "cannot be true together with the articles' own figures",
    CONTRADICTED: "an independent source disagrees",
    NOT_CHECKABLE: "nothing the project holds decides it",
}
DERIVED = "derived"  # not a verdict: a figure computed from claims (an average, an implied total)

RECOMPUTED = "recomputed"
REPORTED = "reported"
CLAIMS = "claims"
BASES = (RECOMPUTED, REPORTED, CLAIMS)
INDEPENDENT = (RECOMPUTED, REPORTED)
CLAIM_ID = re.compile(r"^\d{3}-[a-z0-9-]+$")


@dataclass(frozen=True)
class Finding:
    """One test of a claim against named evidence."""

    basis: str  # RECOMPUTED, REPORTED or CLAIMS
    holds: bool | None  # None: shown, but it does not decide
    evidence: tuple[str, ...]
    found: str  # what the evidence gives, briefly: "over 28,000 enterprises"
    how: str  # the arithmetic, or the source and its phrase
    reading: str = ""  # the reading of the claim this finding assumes; "" for any
    rests_on: tuple[str, ...] = ()  # claims it uses: set aside if one of them is contradicted
    same_statement: bool = False  # a report of the very statement the article translates: tests the translation only

    def __post_init__(self):
        if self.basis not in BASES:
            raise ValueError(f"unknown basis {self.basis!r}; expected one of {BASES}")
        if not self.evidence:
            raise ValueError(f"a finding names its evidence: {self.how}")


@dataclass(frozen=True)
class Decision:
    verdict: str
    deciding: tuple[Finding, ...]  # the findings the verdict rests on
    set_aside: tuple[Finding, ...]  # findings resting on a contradicted claim
    by_reading: tuple[tuple[str, str], ...] = ()  # (reading, verdict) when the verdict depends on it
    contradicted: frozenset[str] = frozenset()  # the contradicted claims that set findings aside


def _by_strength(decisive: list[Finding]) -> tuple[str, tuple[Finding, ...]]:
    """Rules 4 and 5 for findings made under one reading."""
    independent = [f for f in decisive if f.basis in INDEPENDENT and not f.same_statement]
    if independent:
        strongest = RECOMPUTED if any(f.basis == RECOMPUTED for f in independent) else REPORTED
        top = tuple(f for f in independent if f.basis == strongest)
        failing = tuple(f for f in top if not f.holds)
        if failing:
            return CONTRADICTED, failing
        return (REPRODUCED if strongest == RECOMPUTED else CORROBORATED), top
    original = tuple(f for f in decisive if f.same_statement)
    if any(not f.holds for f in original):
        return CONTRADICTED, tuple(f for f in original if not f.holds)  # the article misreports what was said
    own = tuple(f for f in decisive if f.basis == CLAIMS)
    if any(not f.holds for f in own):
        return INCONSISTENT, tuple(f for f in own if not f.holds)
    if original:
        return CORROBORATED, original
    return CONSISTENT, own


def decide(findings: list[Finding], contradicted: frozenset[str] | set[str] = frozenset()) -> Decision:
    """The verdict on a claim from its findings (the module's rules 1-5)."""
    contradicted = frozenset(contradicted)
    set_aside = tuple(f for f in findings if set(f.rests_on) & contradicted)
    decisive = [f for f in findings if f not in set_aside and f.holds is not None]
    if not decisive:
        return Decision(NOT_CHECKABLE, (), set_aside, contradicted=contradicted)
    readings = sorted({f.reading for f in decisive if f.reading})
    if len(readings) > 1:
        per_reading = {r: _by_strength([f for f in decisive if f.reading in ("", r)]) for r in readings}
        if len({verdict for verdict, _ in per_reading.values()}) > 1:
            return Decision(DEPENDS_ON_READING, tuple(decisive), set_aside,
                            tuple((r, verdict) for r, (verdict, _) in per_reading.items()), contradicted)
    verdict, deciding = _by_strength(decisive)
    return Decision(verdict, deciding, set_aside, contradicted=contradicted)


def all_of(findings: list[Finding], how: str = "") -> Finding:
    """One finding for a claim about several things at once ("each of four provinces added 8 or more").

    It holds when every part holds, fails when any part fails, and cannot say otherwise.
    The parts must share a basis and a reading.
    """
    if not findings:
        raise ValueError("all_of needs at least one finding")
    if len({(f.basis, f.reading, f.same_statement) for f in findings}) > 1:
        raise ValueError("the parts of a combined finding share a basis and a reading")
    outcomes = [f.holds for f in findings]
    outcome = False if False in outcomes else (True if all(outcomes) else None)
    first = findings[0]
    return Finding(first.basis, outcome, tuple(dict.fromkeys(e for f in findings for e in f.evidence)),
                   "; ".join(f.found for f in findings), how or "; ".join(f.how for f in findings), first.reading,
                   tuple(dict.fromkeys(c for f in findings for c in f.rests_on)), first.same_statement)


def _status(finding: Finding, decision: Decision) -> str:
    if finding in decision.set_aside:
        return "set aside: it rests on " + ", ".join(c for c in finding.rests_on if c in decision.contradicted) + ", which is contradicted"
    if finding.holds is None:
        return "does not decide"
    return "agrees" if finding.holds else "disagrees"


def explain(decision: Decision, findings: list[Finding], *, needs: str = "", supported_reading: str = "", note: str = "") -> str:
    """The reasoning behind a verdict, for the ledger: each finding and whether it agrees, then the readings."""
    parts = [note] if note else []
    for finding in findings:
        reading = f"[{finding.reading}] " if finding.reading else ""
        parts.append(f"{reading}{finding.how} → {_status(finding, decision)}")
    if decision.by_reading:
        parts.append("; ".join(f"read as {r}: {v}" for r, v in decision.by_reading)
                     + (f"; the wording supports: {supported_reading}" if supported_reading else ""))
    if decision.verdict == NOT_CHECKABLE:
        if not needs:
            raise ValueError("a claim that is not checkable says what data would decide it")
        parts.append(f"would be decided by: {needs}")
    return "; ".join(parts)


@dataclass(frozen=True)
class Entry:
    key: str  # a claim id, or the name of a derived figure
    statement: str
    article_says: str
    found: str
    verdict: str
    basis: str
    evidence: str
    explanation: str


MANY = 3  # more claims than this with one verdict are named, not described


def _found(entry: Entry, lang: str) -> str:
    if lang == "zh":
        return f"核得{entry.found}," if entry.found else "现有数据无法判定,"
    return f"found {entry.found}" if entry.found else "nothing the project holds decides it"


def _claim_part(verdict: str, entries: list[Entry], lang: str) -> str:
    word = VERDICTS_ZH[verdict] if lang == "zh" else verdict
    if len(entries) > MANY:
        names = ("、" if lang == "zh" else ", ").join(f"{e.statement} ({e.key})" for e in entries)
        return f"{word}({len(entries)}项):{names}" if lang == "zh" else f"**{word}**, {len(entries)} claims: {names}"
    if lang == "zh":
        return "；".join(f"{e.statement}({e.key}):文章称{e.article_says},{_found(e, lang)}{word}" for e in entries)
    return "; ".join(f"{e.statement} ({e.key}): the article says {e.article_says}, {_found(e, lang)}: **{word}**" for e in entries)


def conclusion(entries: list[Entry], lang: str = "en") -> str:
    """One sentence on a section's entries: each claim's verdict with what was found (grouped when many), then the derived figures."""
    if not entries:
        return "本节的论断不在此次运行的范围内。" if lang == "zh" else "No claim of this section falls within this run."
    judged = [e for e in entries if e.verdict != DERIVED]
    parts = [_claim_part(v, [e for e in judged if e.verdict == v], lang) for v in VERDICTS if any(e.verdict == v for e in judged)]
    derived = [e for e in entries if e.verdict == DERIVED]
    if derived:
        shown = ("、" if lang == "zh" else "; ").join(f"{e.statement}{':' if lang == 'zh' else ': '}{e.found}" for e in derived)
        parts.append(f"推算:{shown}" if lang == "zh" else f"{'the figures it derives' if parts else 'The figures it derives'}: {shown}")
    return ("**结论:**" + "；".join(parts) + "。") if lang == "zh" else f"**Finding.** {'; '.join(parts)}."


class Ledger:
    """The verdicts one notebook reaches, in the order it reaches them; saved for the claims ledger."""

    def __init__(self, notebook: str, lang: str = "en"):
        self.notebook = notebook
        self.lang = lang
        self.entries: list[Entry] = []
        self.contradicted: set[str] = set()
        self._concluded = 0  # entries already summed up by a section's conclusion

    def conclude(self) -> str:
        """The finding of the section that ends here: the entries recorded since the last conclusion."""
        since, self._concluded = self.entries[self._concluded:], len(self.entries)
        return conclusion(since, self.lang)

    def _add(self, entry: Entry) -> str:
        if any(e.key == entry.key for e in self.entries):
            raise ValueError(f"{entry.key} is already in the ledger of {self.notebook}")
        self.entries.append(entry)
        return entry.verdict

    # --- findings ------------------------------------------------------------------------------

    def computed(self, claim: Claim, value: float, evidence: tuple[str, ...] | list[str], how: str, *,
                 basis: str = RECOMPUTED, reading: str = "", unit: str | None = None,
                 tolerance: float = ABOUT_TOLERANCE) -> Finding:
        """A value computed from the evidence, tested against the claim.

        Claim ids among the evidence are what the finding rests on: if one of them is
        found contradicted, the finding is set aside.
        """
        ok = holds(value, claim.value, claim.qualifier, decimals=claim.decimals, value_upper=claim.value_upper, tolerance=tolerance)
        decimals = claim.decimals if float(value).is_integer() else claim.decimals + 1
        found = format_quantity(value, unit or claim.unit, self.lang, decimals=decimals)
        return self._finding(basis, ok, evidence, found, how, reading)

    def bounded(self, claim: Claim, lower: float, exact: float, evidence: tuple[str, ...] | list[str], how: str, *,
                basis: str = RECOMPUTED, reading: str = "") -> Finding:
        """A count known exactly, or only as a lower bound (`exact` NaN).

        A lower bound still decides when it meets an 'over' or 'at least' claim,
        or exceeds the largest value the claim allows; otherwise it does not decide.
        """
        if not math.isnan(exact):
            return self.computed(claim, exact, evidence, how, basis=basis, reading=reading)
        found = f"≥ {format_quantity(lower, claim.unit, self.lang)}"
        if claim.qualifier in ("over", "at least") and holds(lower, claim.value, claim.qualifier):
            return self._finding(basis, True, evidence, found, f"{how} (a lower bound, and it already meets the claim)", reading)
        upper = claim_range(claim.value, claim.qualifier, decimals=claim.decimals, value_upper=claim.value_upper)[1]
        if lower > upper:
            return self._finding(basis, False, evidence, found, f"{how} (a lower bound, and it already exceeds the claim)", reading)
        return self._finding(basis, None, evidence, found, f"{how} (only a lower bound, below the claim)", reading)

    def reported(self, claim: Claim, report: Report, figure: int = 0, *, decides: bool = True,
                 same_statement: bool = False, reading: str = "") -> Finding:
        """An independent report's printed figure set against the claim, each read with its qualifier.

        `decides=False` shows a report for context only (another date of a statistic);
        `same_statement` marks the original-language report of the statement the article translates.
        """
        printed = report.figures[figure]
        claim_values = claim_range(claim.value, claim.qualifier, decimals=claim.decimals, value_upper=claim.value_upper)
        scale = _unit_scale(printed.unit, claim.unit)
        low, high = printed.range()
        agrees = ranges_overlap(claim_values, (low * scale, high * scale))
        found = describe_value(float(printed.value), printed.unit, printed.qualifier, self.lang,
                               decimals=max(0, -printed.value.normalize().as_tuple().exponent))
        return Finding(REPORTED, agrees if decides else None, (report.evidence_id,), found, f"{report.cite()} ({found})",
                       reading, same_statement=same_statement)

    def linked(self, claim: Claim, links) -> list[Finding]:
        """The findings of every report the data links to the claim (see evidence.Link)."""
        return [self.reported(claim, link.report, link.figure, decides=link.relation != "context",
                              same_statement=link.relation == "same statement") for link in links]

    def _finding(self, basis, ok, evidence, found, how, reading) -> Finding:
        evidence = tuple(evidence)
        rests_on = tuple(e for e in evidence if CLAIM_ID.match(e))
        return Finding(basis, ok, evidence, found, how, reading, rests_on)

    def finding(self, outcome: bool | None, evidence, found: str, how: str, *, basis: str = RECOMPUTED, reading: str = "") -> Finding:
        """A finding reached by reasoning rather than by one number (a ranking): holds, fails or cannot say."""
        return self._finding(basis, outcome, evidence, found, how, reading)

    # --- verdicts ------------------------------------------------------------------------------

    def judge(self, claim: Claim, findings: list[Finding], *, needs: str = "", supported_reading: str = "", note: str = "") -> str:
        """Decide the claim's verdict from its findings, record it with its evidence, and return it."""
        decision = decide(findings, self.contradicted)
        if decision.verdict == CONTRADICTED:
            self.contradicted.add(claim.claim_id)
        explanation = explain(decision, findings, needs=needs, supported_reading=supported_reading, note=note)
        evidence = list(dict.fromkeys(e for f in (*decision.deciding, *findings) for e in f.evidence))
        basis = ", ".join(b for b in BASES if any(f.basis == b for f in decision.deciding))
        shown = decision.deciding or [f for f in findings if f not in decision.set_aside]
        found = " / ".join(dict.fromkeys(f.found for f in shown))
        return self._add(Entry(claim.claim_id, claim.label(self.lang), describe_claim(claim, self.lang), found,
                               decision.verdict, basis, "; ".join(evidence), explanation))

    def not_checkable(self, claim: Claim, needs: str) -> str:
        """No finding: say what data would decide the claim."""
        return self.judge(claim, [], needs=needs)

    def derive(self, key: str, statement: str, value: float, unit: str, arithmetic: str, *,
               decimals: int = 0, qualifier: str = "exact", evidence: tuple[str, ...] = ()) -> float:
        """Record a figure derived from claims; returns the value for further use.

        `qualifier` carries a bound through: 'over 70%' of 100 clusters is 'over 70' clusters.
        """
        shown = describe_value(value, unit, qualifier, self.lang, decimals)
        self._add(Entry(key, statement, "", shown, DERIVED, CLAIMS, "; ".join(evidence), arithmetic))
        return value

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


def _unit_scale(printed: str, claimed: str) -> float:
    """How to turn a printed unit into the claim's: the same unit, or a fraction against a percentage."""
    if printed == claimed:
        return 1.0
    if (printed, claimed) == ("fraction", "percent"):
        return 100.0
    if (printed, claimed) == ("percent", "fraction"):
        return 0.01
    raise ValueError(f"a report in {printed!r} cannot be set against a claim in {claimed!r}")
