"""The two questions asked of every claim, and the functions that answer them from findings.

1. **Was it reported accurately?** The article against the original record of the statement, where
   the project holds one: the Chinese report of an answer an article gives in English (relation
   `same statement`), the notice an article paraphrases (relation `original`). The answer is one of
   `ACCURACY`: accurate, misreported (translation error / wrong figure), or no original found.
2. **Is the figure right?** One verdict of the scale, from the findings that test the statistic.

A notebook gathers *findings* about a claim, each resting on named evidence. Its basis is read
from what the evidence is (`EVIDENCE_KINDS`, told by the data set), never asserted by a notebook:

| basis                   | what it is                                                                  |
|-------------------------|-----------------------------------------------------------------------------|
| `recomputed`            | computed from primary data independent of the article and the speaker: cluster rows, reference tables |
| `computed from reports` | arithmetic on figures that independent reports print                        |
| `reported`              | an independent report states the figure itself                              |
| `claims`                | arithmetic on the articles' own figures, or a count in the article's own text |

The rules, in order (`decide`):
1. A finding that rests on a claim already found contradicted is set aside (shown, not used):
   a check of "over 20%" against 280,000 firms proves nothing once 280,000 is a translation error.
2. A finding whose input includes a figure only an article gives (a claim not itself reproduced or
   corroborated) counts as the articles' own arithmetic: it can make a claim consistent, never more.
3. No finding decides: not checkable.
4. Findings made under different readings of the claim that lead to different verdicts: depends on reading.
5. A report of the very statement an article gives (same speaker, same occasion) answers question 1
   only. If it disagrees, the figure the article prints is not the one given: contradicted. If it
   agrees, it adds nothing to question 2: a speaker's statistic is checked against its producer.
6. Independent findings decide over the articles' own arithmetic; recomputation outranks reports.
   Among the strongest kind present: all hold, reproduced (recomputed) or corroborated (reports);
   all fail, contradicted; some hold and some fail, **evidence divided**, with the range shown.
7. Otherwise the articles' own arithmetic: consistent if it all holds, inconsistent if not (or
   evidence divided, when outside figures the check uses split it).

Evidence dated after the article is marked as later, with both dates: it can show that a plan was
carried out, not that the article knew it. A verdict that does not hold says by how much.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from .claims import CHINESE, Claim, known_after
from .evidence import Report, unit_scale
from .labels import LIST_SEPARATOR, SEPARATOR, describe_claim, describe_value, format_quantity, phrase, term, value_range, verdict_word, zh_text
from .output import csv_text, write_text_atomically
from .qualifiers import ABOUT_TOLERANCE, claim_range, holds, ranges_overlap
from . import schemas
from .schemas import join_ids
from .schemas import (  # the two scales and the bases, declared with the tables that hold them
    ACCURACY, ACCURATE, BASES, CLAIMS, COMPUTED_FROM_REPORTS, CONSISTENT, CONTRADICTED, CORROBORATED, DEPENDS_ON_READING, DERIVED,
    EVIDENCE_DIVIDED, INCONSISTENT, MISREPORTED_FIGURE, MISREPORTED_TRANSLATION, NO_ORIGINAL, NOT_CHECKABLE, RECOMPUTED, REPORTED,
    REPRODUCED, VERDICTS,
)

VERDICT_MEANINGS = {v: term("verdict_meaning", v) for v in VERDICTS}  # in the text table, with their Chinese
VERIFIED = (REPRODUCED, CORROBORATED)  # what a summary may count as independently verified: nothing else

# Question 1: was it reported accurately?
ACCURACY_MEANINGS = {a: term("accuracy_meaning", a) for a in ACCURACY}

INDEPENDENT = (RECOMPUTED, COMPUTED_FROM_REPORTS, REPORTED)
STRENGTH = {RECOMPUTED: 2, COMPUTED_FROM_REPORTS: 1, REPORTED: 1, CLAIMS: 0}  # reports and arithmetic on them stand level

# What a piece of evidence is (EvidenceIndex.kind): the basis of a finding is read from these
PRIMARY = "primary"  # cluster rows, reference tables
REPORT = "report"  # an independent report, a news report of a count
ARTICLE = "article"  # one of the articles, or a claim of one
EVIDENCE_KINDS = (PRIMARY, REPORT, ARTICLE)
CLAIM_ID = re.compile(rf"^{schemas.CLAIM_ID}$")
ARTICLE_ID = re.compile(rf"^{schemas.ARTICLE_ID}$")


def default_kind(token: str) -> str:
    """Without a data set to ask: a claim or an article is the articles' own; anything else counts only as a report."""
    return ARTICLE if CLAIM_ID.match(token) or ARTICLE_ID.match(token) else REPORT


def basis_of(evidence: tuple[str, ...] | list[str], kind_of=default_kind) -> str:
    """The basis a computation earns from its inputs, as strong as the weakest outside one: primary data alone is
    recomputation; any report among them makes it arithmetic on reports; the articles alone, their own arithmetic.
    (The articles' own figures among outside ones cap it later, by rule 2.)"""
    kinds = {kind_of(token) for token in evidence} - {ARTICLE}
    return CLAIMS if not kinds else COMPUTED_FROM_REPORTS if REPORT in kinds else RECOMPUTED


@dataclass(frozen=True)
class Finding:
    """One test of a claim against named evidence."""

    basis: str  # one of BASES
    holds: bool | None  # None: shown, but it does not decide
    evidence: tuple[str, ...]
    found: str  # what the evidence gives, briefly: "over 28,000 enterprises"
    how: str  # the arithmetic, or the source and its phrase
    reading: str = ""  # the reading of the claim this finding assumes; "" for any
    rests_on: tuple[str, ...] = ()  # claims it uses: set aside if one is contradicted, capped if one is unverified
    same_statement: bool = False  # a report of the very statement the article gives: answers question 1 only
    original: bool = False  # the original record the article reports (a notice): answers question 1, and decides as a report
    translated: bool = False  # the record is in another language than the article's quote
    value: float | None = None  # what the evidence gives, in the claim's unit: for ranges and gaps
    later: str = ""  # 'the report of 2025-03-17 is later than the article (2024-09-25)'
    context: bool = False  # linked for context only (another date, another group of firms): shown, never weighed

    def __post_init__(self):
        if self.basis not in BASES:
            raise ValueError(f"unknown basis {self.basis!r}; expected one of {BASES}")
        if not self.evidence:
            raise ValueError(f"a finding names its evidence: {self.how}")

    @property
    def records_statement(self) -> bool:
        return self.same_statement or self.original

    @property
    def outside(self) -> bool:
        """Whether any of its evidence is not the articles' own."""
        return any(default_kind(e) != ARTICLE for e in self.evidence)


@dataclass(frozen=True)
class Decision:
    verdict: str
    deciding: tuple[Finding, ...]  # the findings the verdict rests on
    set_aside: tuple[Finding, ...]  # findings resting on a contradicted claim
    by_reading: tuple[tuple[str, str], ...] = ()  # (reading, verdict) when the verdict depends on it
    contradicted: frozenset[str] = frozenset()  # the contradicted claims that set findings aside
    accuracy: str = NO_ORIGINAL  # question 1
    capped: tuple[Finding, ...] = ()  # findings counted as the articles' own: they rest on an unverified claim
    only_said: bool = False  # the only outside evidence reports the same statement


def accuracy(findings: list[Finding]) -> str:
    """Question 1, from the findings that set the article against the original record of the statement."""
    records = [f for f in findings if f.records_statement and f.holds is not None]
    failing = [f for f in records if not f.holds]
    if not records:
        return NO_ORIGINAL
    if not failing:
        return ACCURATE
    return MISREPORTED_TRANSLATION if any(f.translated for f in failing) else MISREPORTED_FIGURE


def _split(findings: list[Finding]) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    return tuple(f for f in findings if f.holds), tuple(f for f in findings if not f.holds)


def _mixed(holding: tuple[Finding, ...], failing: tuple[Finding, ...]) -> bool:
    """Both sides rest on outside figures: credible evidence disagrees, rather than the articles with themselves."""
    return bool(holding) and bool(failing) and any(f.outside for f in holding) and any(f.outside for f in failing)


def _by_strength(decisive: list[Finding]) -> tuple[str, tuple[Finding, ...]]:
    """Rules 5 to 7 for findings made under one reading."""
    said = [f for f in decisive if f.same_statement]
    if any(not f.holds for f in said):
        return CONTRADICTED, _split(said)[1]  # the figure the article prints is not the one that was given
    rest = [f for f in decisive if not f.same_statement]
    independent = [f for f in rest if f.basis in INDEPENDENT]
    if independent:
        level = max(STRENGTH[f.basis] for f in independent)
        top = [f for f in independent if STRENGTH[f.basis] == level]
        holding, failing = _split(top)
        if holding and failing:
            return EVIDENCE_DIVIDED, tuple(top)
        if failing:
            return CONTRADICTED, failing
        return (REPRODUCED if level == STRENGTH[RECOMPUTED] else CORROBORATED), tuple(top)
    own = [f for f in rest if f.basis == CLAIMS]
    if not own:
        return NOT_CHECKABLE, ()  # only a report of the same statement: what was said, not whether it is true
    holding, failing = _split(own)
    if _mixed(holding, failing):
        return EVIDENCE_DIVIDED, tuple(own)
    if failing:
        return INCONSISTENT, failing
    return CONSISTENT, tuple(own)


def _capped(finding: Finding, verified: frozenset[str]) -> Finding:
    """Rule 2: a finding resting on a claim that is not itself verified counts as the articles' own arithmetic."""
    if finding.basis == CLAIMS or not set(finding.rests_on) - verified:
        return finding
    return replace(finding, basis=CLAIMS)


def decide(findings: list[Finding], contradicted: frozenset[str] | set[str] = frozenset(),
           verified: frozenset[str] | set[str] = frozenset()) -> Decision:
    """The verdict on a claim from its findings (the module's rules), and the answer to question 1.

    `contradicted` and `verified` are the claims already judged so (rules 1 and 2).
    """
    contradicted, verified = frozenset(contradicted), frozenset(verified)
    set_aside = tuple(f for f in findings if set(f.rests_on) & contradicted)
    kept = [f for f in findings if f not in set_aside and f.holds is not None]
    decisive = [_capped(f, verified) for f in kept]
    capped = tuple(f for f, d in zip(kept, decisive, strict=True) if f is not d)
    said = accuracy(decisive)
    only_said = any(f.same_statement for f in decisive) and not any(f.outside for f in decisive if not f.same_statement)
    common = dict(set_aside=set_aside, contradicted=contradicted, accuracy=said, capped=capped, only_said=only_said)
    if not decisive:
        return Decision(NOT_CHECKABLE, (), **common)
    # a reading under which every finding leaves the claim open is still a reading: not checkable under it
    readings = sorted({f.reading for f in findings if f.reading and f not in set_aside and not f.context})
    if len(readings) > 1:
        per_reading = {r: _by_strength([f for f in decisive if f.reading in ("", r)]) for r in readings}
        if len({verdict for verdict, _ in per_reading.values()}) > 1:
            return Decision(DEPENDS_ON_READING, tuple(decisive),
                            by_reading=tuple((r, verdict) for r, (verdict, _) in per_reading.items()), **common)
    verdict, deciding = _by_strength(decisive)
    return Decision(verdict, deciding, **common)


def all_of(findings: list[Finding], how: str = "") -> Finding:
    """One finding for a claim about several things at once ("each of four provinces added 8 or more").

    It holds when every part holds, fails when any part fails, and cannot say otherwise. The parts
    share a reading; the whole is only as strong as its weakest part's basis.
    """
    if not findings:
        raise ValueError("all_of needs at least one finding")
    if len({(f.reading, f.same_statement, f.original) for f in findings}) > 1:
        raise ValueError("the parts of a combined finding share a reading")
    outcomes = [f.holds for f in findings]
    outcome = False if False in outcomes else (True if all(outcomes) else None)
    first = findings[0]
    weakest = min((f.basis for f in findings), key=lambda b: (STRENGTH[b], b != REPORTED))
    return Finding(weakest, outcome, tuple(dict.fromkeys(e for f in findings for e in f.evidence)),
                   "; ".join(f.found for f in findings), how or "; ".join(f.how for f in findings), first.reading,
                   tuple(dict.fromkeys(c for f in findings for c in f.rests_on)), first.same_statement, first.original)


def annotated(text: str, note: str, lang: str) -> str:
    """A phrase followed by its note in brackets, spaced as `lang` spaces them: 'agrees (…)' / '相符（…）'."""
    return f"{text} {note}" if lang == "en" else f"{text}{note}"


def _status(finding: Finding, decision: Decision, lang: str = "en") -> str:
    if finding in decision.set_aside:
        claims = LIST_SEPARATOR[lang].join(c for c in finding.rests_on if c in decision.contradicted)
        return phrase("explain_set_aside", lang, claims=claims)
    later = phrase("explain_later", lang, later=finding.later) if finding.later else ""
    if finding.holds is None:
        status = phrase("explain_context_only" if finding.context else "explain_does_not_decide", lang)
        return annotated(status, later, lang) if later else status
    status = phrase("explain_agrees" if finding.holds else "explain_disagrees", lang)
    if finding.same_statement:
        status = annotated(status, phrase("explain_same_statement", lang), lang)
    if finding in decision.capped:
        status = annotated(status, phrase("explain_capped", lang), lang)
    return annotated(status, later, lang) if later else status


def explain(decision: Decision, findings: list[Finding], *, needs: str = "", supported_reading: str = "", why: str = "",
            note: str = "", lang: str = "en") -> str:
    """The reasoning behind a verdict, for the ledger: each finding and whether it agrees, then the readings."""
    parts = [note] if note else []
    for finding in findings:
        how = annotated(phrase("explain_reading", lang, reading=finding.reading), finding.how, lang) if finding.reading else finding.how
        parts.append(f"{how} → {_status(finding, decision, lang)}")
    if decision.by_reading:
        readings = SEPARATOR[lang].join(phrase("explain_read_as", lang, reading=r, verdict=verdict_word(v, lang)) for r, v in decision.by_reading)
        if supported_reading:
            readings += phrase("explain_supports", lang, reading=supported_reading)
            readings = annotated(readings, phrase("explain_why", lang, why=why), lang) if why else readings
        parts.append(readings)
    if decision.verdict == NOT_CHECKABLE:
        needs = needs or (phrase("explain_only_said", lang) if decision.only_said else "")
        if not needs:
            raise ValueError("a claim that is not checkable says what data would decide it")
        parts.append(phrase("explain_decided_by", lang, needs=needs))
    return SEPARATOR[lang].join(parts)


def evidence_range(findings: tuple[Finding, ...] | list[Finding]) -> tuple[float, float] | None:
    """The lowest and highest value the weighed findings give, in the claim's unit (None if none gives one)."""
    values = [f.value for f in findings if f.value is not None and f.holds is not None]
    return (min(values), max(values)) if values else None


def gap(claim: Claim, low: float, high: float) -> tuple[str, float] | None:
    """Where the evidence lies against what the claim allows: ('below' | 'above', by how much of the claim's value), or None inside."""
    allowed_low, allowed_high = claim_range(claim.value, claim.qualifier, decimals=claim.decimals, value_upper=claim.value_upper)
    if high < allowed_low or (claim.qualifier == "over" and high <= claim.value):  # 'over 500' excludes 500 itself
        return "below", claim.value - high
    if low > allowed_high:
        return "above", low - (claim.value_upper or claim.value)
    return None


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
    accuracy: str = ""  # question 1 (empty for a derived figure)
    evidence_range: str = ""  # the range of the values weighed, for an approximate claim or evidence that differs
    gap: str = ""  # for a verdict that does not hold: which way and by how much
    deciding: str = ""  # the evidence the verdict rests on
    supported: str = ""  # for a verdict that depends on reading: the reading the wording supports, and the verdict under it


MANY = 3  # more claims than this with one verdict are named, not described


def _found(entry: Entry, lang: str) -> str:
    shown = "" if entry.verdict == NOT_CHECKABLE else entry.gap or entry.found  # a failed verdict says which way, and by how much
    if lang == "zh":
        return f"核得{shown}，" if shown else "现有数据无法判定，"
    return f"found {shown}" if shown else "nothing the project holds decides it"


def _said(accuracy: str, lang: str) -> str:
    """Question 1 in words, when there was an original record to set the article against."""
    if accuracy in ("", NO_ORIGINAL):
        return ""
    return term("accuracy", accuracy, lang)


def _claim_part(verdict: str, accuracy: str, entries: list[Entry], lang: str) -> str:
    word = verdict_word(verdict, lang)
    said = _said(accuracy, lang)
    if len(entries) > MANY:
        names = "、".join(f"{e.statement}（{e.key}）" for e in entries) if lang == "zh" else ", ".join(f"{e.statement} ({e.key})" for e in entries)
        if lang == "zh":
            return f"{said + ('，但' if verdict not in VERIFIED else '，') if said else ''}{word}（{len(entries)}项）：{names}"
        return f"{said + ' but ' if said and verdict not in VERIFIED else said + ' and ' if said else ''}**{word}**, {len(entries)} claims: {names}"
    return ("；" if lang == "zh" else "; ").join(claim_sentence(e, lang) for e in entries)


def claim_sentence(entry: Entry, lang: str = "en") -> str:
    """One claim's finding in words: what the article says, how it reported it, what was found, the verdict."""
    word = verdict_word(entry.verdict, lang)
    said = _said(entry.accuracy, lang)
    reading, _, under = entry.supported.rpartition(": ")
    if lang == "zh":
        supported = f"（按措辞所支持的解读“{reading}”，{verdict_word(under, lang)}）" if reading else ""
        return f"{entry.statement}（{entry.key}）：文章称{entry.article_says}，{said + '，' if said else ''}{_found(entry, lang)}{word}{supported}"
    supported = f"; read as its wording supports ({reading}), **{under}**" if reading else ""
    return (f"{entry.statement} ({entry.key}): the article says {entry.article_says}{', ' + said if said else ''}; "
            f"{_found(entry, lang)}: **{word}**{supported}")


def conclusion(entries: list[Entry], lang: str = "en") -> str:
    """One sentence on a section's entries: each claim's verdict with what was found (grouped when many), then the derived figures."""
    if not entries:
        return term("finding", "none", lang)
    judged = [e for e in entries if e.verdict != DERIVED]
    parts = [_claim_part(v, a, group, lang) for v in VERDICTS for a in ACCURACY
             if (group := [e for e in judged if e.verdict == v and (e.accuracy or NO_ORIGINAL) == a])]
    derived = [e for e in entries if e.verdict == DERIVED]
    if derived:
        shown = ("、" if lang == "zh" else "; ").join(f"{e.statement}{'：' if lang == 'zh' else ': '}{e.found}" for e in derived)
        parts.append(f"推算：{shown}" if lang == "zh" else f"{'the figures it derives' if parts else 'The figures it derives'}: {shown}")
    return ("**结论：**" + "；".join(parts) + "。") if lang == "zh" else f"**Finding.** {'; '.join(parts)}."


class Ledger:
    """The verdicts one notebook reaches, in the order it reaches them; saved for the claims ledger.

    `kind_of` tells what a piece of evidence is (EvidenceIndex.kind), so that a finding's basis
    is read from its inputs; `dates` gives each article's date, so that later evidence is marked.
    """

    def __init__(self, notebook: str, lang: str = "en", kind_of=default_kind, dates: dict[str, str] | None = None, date_of=None):
        self.notebook = notebook
        self.lang = lang
        self.kind_of = kind_of
        self.dates = dates or {}
        self.date_of = date_of or (lambda token: "")  # when a piece of evidence was printed (EvidenceIndex.date)
        self.entries: list[Entry] = []
        self.contradicted: set[str] = set()
        self.verified: set[str] = set()
        self._concluded = 0  # entries already summed up by a section's conclusion
        self.sections: list[tuple[str, tuple[str, ...]]] = []  # each section's finding, and the claims it covers

    def conclude(self, sentence: str = "") -> str:
        """The finding of the section that ends here, from the entries recorded since the last conclusion
        (or `sentence`, for a section that judged nothing); kept in `sections`, returned as Markdown."""
        since, self._concluded = self.entries[self._concluded:], len(self.entries)
        text = (f"**结论：**{sentence}" if self.lang == "zh" else f"**Finding.** {sentence}") if sentence else conclusion(since, self.lang)
        body = text.removeprefix("**结论：**").removeprefix("**Finding.** ")
        self.sections.append((body, tuple(e.key for e in since if e.verdict != DERIVED)))
        return text

    def _add(self, entry: Entry) -> str:
        if any(e.key == entry.key for e in self.entries):
            raise ValueError(f"{entry.key} is already in the ledger of {self.notebook}")
        if self.lang == "zh":  # composed from parts of either language: Chinese typography, quotes left as printed
            entry = replace(entry, **{f: zh_text(getattr(entry, f)) for f in ("found", "explanation", "evidence_range", "gap")})
        self.entries.append(entry)
        return entry.verdict

    # --- findings ------------------------------------------------------------------------------

    def _basis(self, evidence, basis: str | None) -> str:
        """The basis the evidence earns; a notebook may only ask for less (the articles' own), never for more."""
        earned = basis_of(evidence, self.kind_of)
        if basis is None or basis == earned:
            return earned
        if STRENGTH[basis] < STRENGTH[earned] or (basis == REPORTED and earned == COMPUTED_FROM_REPORTS):
            return basis
        raise ValueError(f"a finding on {list(evidence)} cannot be {basis!r}: its evidence earns {earned!r}")

    def computed(self, claim: Claim, value: float, evidence: tuple[str, ...] | list[str], how: str, *,
                 basis: str | None = None, reading: str = "", unit: str | None = None,
                 tolerance: float = ABOUT_TOLERANCE, decides: bool = True, later: str = "") -> Finding:
        """A value computed from the evidence, tested against the claim; its basis is what the evidence earns.

        Claim ids among the evidence are what the finding rests on: if one of them is
        found contradicted, the finding is set aside; if one is not verified, it is capped.
        `decides=False` shows it without deciding (its input is of another date); `later` marks such input.
        """
        ok = holds(value, claim.value, claim.qualifier, decimals=claim.decimals, value_upper=claim.value_upper, tolerance=tolerance)
        decimals = claim.decimals if float(value).is_integer() else claim.decimals + 1
        found = format_quantity(value, unit or claim.unit, self.lang, decimals=decimals)
        finding = self._finding(self._basis(evidence, basis), ok if decides else None, evidence, found, how, reading, value=float(value))
        return replace(finding, later=later) if later else finding

    def within(self, claim: Claim, low: float, high: float, evidence: tuple[str, ...] | list[str], how: str, *,
               basis: str | None = None, reading: str = "", unit: str | None = None, decides: bool = True, later: str = "") -> Finding:
        """A value computed from printed figures that are rounded or approximate, so known only from `low` to `high`
        (printed_range): it decides only where the whole range falls inside, or outside, what the claim allows.
        `decides` and `later` as for `computed`."""
        if low == high:
            return self.computed(claim, low, evidence, how, basis=basis, reading=reading, unit=unit, decides=decides, later=later)
        unit = unit or claim.unit
        if unit in ("percent", "percent year on year"):  # a share computed finer than it is stated: 21.8%–26.2%
            found = value_range(*(format_quantity(v, unit, self.lang, decimals=claim.decimals + 1) for v in (low, high)), self.lang)
        else:  # a count: 97–103 cities, or 100 cities when both ends are written so
            ends = f"{low:,.{claim.decimals}f}", f"{high:,.{claim.decimals}f}"
            found = format_quantity(high, unit, self.lang, decimals=claim.decimals)
            found = found if ends[0] == ends[1] else value_range(ends[0], found, self.lang)
        if not decides:  # shown, its input of another date
            return replace(self._finding(self._basis(evidence, basis), None, evidence, found, how, reading), later=later)
        allowed_low, allowed_high = claim_range(claim.value, claim.qualifier, decimals=claim.decimals, value_upper=claim.value_upper)
        fit = [holds(v, claim.value, claim.qualifier, decimals=claim.decimals, value_upper=claim.value_upper) for v in (low, high)]
        if all(fit):  # the allowed values are an interval: both ends in it, all of it in it
            ok, key, value = True, "range_within", None
        elif high < allowed_low or (claim.qualifier == "over" and not fit[1]):
            ok, key, value = False, "range_below", high
        elif low > allowed_high:
            ok, key, value = False, "range_above", low
        else:
            ok, key, value = None, "range_straddles", None
        finding = self._finding(self._basis(evidence, basis), ok, evidence, found, annotated(how, phrase(key, self.lang), self.lang),
                                reading, value=value)
        return replace(finding, later=later) if later else finding

    def bounded(self, claim: Claim, lower: float, exact: float, evidence: tuple[str, ...] | list[str], how: str, *,
                basis: str | None = None, reading: str = "", upper: float = math.inf) -> Finding:
        """A count known exactly, or only within bounds (`exact` NaN): at least `lower`, at most `upper`.

        A bound still decides when it meets an 'over' or 'at least' claim, when the lower bound
        exceeds the largest value the claim allows, or the upper bound is below the smallest.
        """
        if not math.isnan(exact):
            return self.computed(claim, exact, evidence, how, basis=basis, reading=reading)
        basis = self._basis(evidence, basis)
        found = f"≥ {format_quantity(lower, claim.unit, self.lang)}"
        if math.isfinite(upper):
            found = value_range(f"{lower:,.0f}", format_quantity(upper, claim.unit, self.lang), self.lang)
        def noted(key: str) -> str:
            return annotated(how, phrase(key, self.lang), self.lang)

        if claim.qualifier in ("over", "at least") and holds(lower, claim.value, claim.qualifier):
            return self._finding(basis, True, evidence, found, noted("bound_meets"), reading)
        allowed_low, allowed_high = claim_range(claim.value, claim.qualifier, decimals=claim.decimals, value_upper=claim.value_upper)
        if lower > allowed_high:
            return self._finding(basis, False, evidence, found, noted("bound_exceeds"), reading, value=lower)
        if upper < allowed_low:
            return self._finding(basis, False, evidence, found, noted("bound_below"), reading, value=upper)
        if lower >= allowed_low and upper <= allowed_high:
            return self._finding(basis, True, evidence, found, noted("bound_within"), reading)
        return self._finding(basis, None, evidence, found, noted("bound_straddles" if math.isfinite(upper) else "bound_lower_only"), reading)

    def later(self, claim: Claim, report: Report) -> str:
        """'2025-03-17, after the article (2024-09-25)' when the report appeared after the article; else ''."""
        return self._after_article(claim, report.date)

    def _after_article(self, claim: Claim, printed: str) -> str:
        said = self.dates.get(claim.article_id, "")
        if not (said and printed) or not known_after(printed, said):
            return ""
        return phrase("later_than_article", self.lang, printed=printed, said=said)

    def _dated(self, claim: Claim, finding: Finding) -> Finding:
        """The finding marked later when any evidence it names was printed after the article (unless it says so already)."""
        if finding.later:
            return finding
        printed = sorted({d for d in map(self.date_of, finding.evidence) if self._after_article(claim, d)})
        if not printed:
            return finding
        return replace(finding, later=phrase("later_than_article", self.lang, printed=("、" if self.lang == "zh" else ", ").join(printed), said=self.dates[claim.article_id]))

    def reported(self, claim: Claim, report: Report, figure: int = 0, *, decides: bool = True,
                 same_statement: bool = False, original: bool = False, reading: str = "") -> Finding:
        """An independent report's printed figure set against the claim, each read with its qualifier.

        `decides=False` shows a report for context only (another date of a statistic);
        `same_statement` marks a report of the very statement the article gives (question 1 only);
        `original` the original record the article reports, such as the notice it paraphrases.
        """
        printed = report.figures[figure]
        claim_values = claim_range(claim.value, claim.qualifier, decimals=claim.decimals, value_upper=claim.value_upper)
        scale = unit_scale(printed.unit, claim.unit)
        low, high = printed.range()
        agrees = ranges_overlap(claim_values, (low * scale, high * scale))
        found = describe_value(float(printed.value), printed.unit, printed.qualifier, self.lang,
                               decimals=max(0, -printed.value.normalize().as_tuple().exponent))
        translated = bool(CHINESE.search(report.phrase_as_printed)) != bool(CHINESE.search(claim.quote))
        return Finding(REPORTED, agrees if decides else None, (report.evidence_id,), found, annotated(report.cite(self.lang), f"({found})" if self.lang == "en" else f"（{found}）", self.lang),
                       reading, same_statement=same_statement, original=original, translated=translated,
                       value=float(printed.value) * scale, later=self.later(claim, report), context=not decides)

    def linked(self, claim: Claim, links, *, reading: str = "") -> list[Finding]:
        """The findings of every report the data links to the claim (see evidence.Link)."""
        return [self.reported(claim, link.report, link.figure, decides=link.relation != "context",
                              same_statement=link.relation == "same statement", original=link.relation == "original", reading=reading)
                for link in links]

    def _finding(self, basis, ok, evidence, found, how, reading, value=None) -> Finding:
        evidence = tuple(evidence)
        rests_on = tuple(e for e in evidence if CLAIM_ID.match(e))
        return Finding(basis, ok, evidence, found, how, reading, rests_on, value=value)

    def finding(self, outcome: bool | None, evidence, found: str, how: str, *, basis: str | None = None, reading: str = "") -> Finding:
        """A finding reached by reasoning rather than by one number (a ranking): holds, fails or cannot say."""
        return self._finding(self._basis(evidence, basis), outcome, evidence, found, how, reading)

    # --- verdicts ------------------------------------------------------------------------------

    def judge(self, claim: Claim, findings: list[Finding], *, needs: str = "", supported_reading: str = "", why: str = "",
              note: str = "") -> str:
        """Answer both questions from the findings, record them with their evidence, and return the verdict.

        `supported_reading` names the reading the claim's wording supports (one of the findings' readings), `why` says why.
        """
        findings = [self._dated(claim, f) for f in findings]
        readings = {f.reading for f in findings if f.reading}
        if supported_reading and supported_reading not in readings:
            raise ValueError(f"{claim.claim_id}: the supported reading {supported_reading!r} is none of the findings' readings {sorted(readings)}")
        decision = decide(findings, self.contradicted, self.verified)
        if decision.verdict == CONTRADICTED:
            self.contradicted.add(claim.claim_id)
        if decision.verdict in VERIFIED:
            self.verified.add(claim.claim_id)
        explanation = explain(decision, findings, needs=needs, supported_reading=supported_reading, why=why, note=note, lang=self.lang)
        supported = next((f"{r}: {v}" for r, v in decision.by_reading if r == supported_reading), "")
        evidence = list(dict.fromkeys(e for f in (*decision.deciding, *findings) for e in f.evidence))
        basis = ", ".join(b for b in BASES if any(f.basis == b for f in decision.deciding))
        shown = decision.deciding or [f for f in findings if f not in decision.set_aside]
        if decision.verdict == DEPENDS_ON_READING:  # each reading's findings, those that leave it open included
            shown = [f for f in findings if f not in decision.set_aside and (f.holds is not None or f.reading)]
        shown = [f for f in shown if not f.same_statement] or shown  # what was said is question 1's, unless it is all there is
        found = self._found_by_reading(shown)
        if found and all(f.context for f in shown):  # nothing was found of what the claim states: say so beside the figures
            found = phrase("found_context_only", self.lang, found=found)
        elif found and all(f.same_statement for f in shown):  # what was said, not what is so: found is that report's figure
            found = phrase("found_as_said", self.lang, found=found)
        weighed = [f for f in (decision.deciding if decision.verdict != DEPENDS_ON_READING else ()) if not f.same_statement]
        spread, off = self._range_and_gap(claim, decision, weighed)
        return self._add(Entry(claim.claim_id, claim.label(self.lang), describe_claim(claim, self.lang), found,
                               decision.verdict, basis, join_ids(evidence), explanation, decision.accuracy, spread, off,
                               join_ids(dict.fromkeys(e for f in decision.deciding for e in f.evidence)), supported))

    def _found_by_reading(self, shown: list[Finding]) -> str:
        """What the evidence gives: '39.4% / 40.4%' (two bases, one reading), or under readings that differ, each named:
        'tiers counted apart: 24.4%; tiers nested: 17.9%' (a bare '24.4% / 17.9%' read as two sources agreeing or not)."""
        readings = list(dict.fromkeys(f.reading for f in shown))
        if len(readings) < 2 or "" in readings:
            return " / ".join(dict.fromkeys(f.found for f in shown))
        colon = "：" if self.lang == "zh" else ": "
        return SEPARATOR[self.lang].join(f"{reading}{colon}{' / '.join(dict.fromkeys(f.found for f in shown if f.reading == reading))}"
                                         for reading in readings)

    def _range_and_gap(self, claim: Claim, decision: Decision, weighed: list[Finding]) -> tuple[str, str]:
        """The range of the values weighed (for an approximate claim, or values that differ) and, when it does not hold, the gap."""
        deciding = weighed if decision.verdict != CONTRADICTED else list(decision.deciding)
        span = evidence_range(deciding)
        if span is None:
            return "", ""
        low, high = span
        decimals = claim.decimals + (0 if float(low).is_integer() and float(high).is_integer() else 1)
        shown = format_quantity(low, claim.unit, self.lang, decimals)
        if high != low:
            shown = value_range(shown, format_quantity(high, claim.unit, self.lang, decimals), self.lang)
        printed = {f.found for f in deciding if f.value is not None}
        if high == low and len(printed) == 1 and shown in next(iter(printed)):  # one figure, as found: its bound kept
            shown = printed.pop()  # 'over 28,000 enterprises', not '28,000 enterprises'
        spread = shown if claim.qualifier in ("about", "nearly") or high != low else ""
        if decision.verdict == EVIDENCE_DIVIDED:
            side = "below" if high < claim.value else "above" if low > claim.value else None  # against the figure the article states
            if side is None:
                return spread, ""
            near, far = sorted(abs(claim.value - v) for v in (low, high))
            allowed = claim_range(claim.value, claim.qualifier, decimals=claim.decimals, value_upper=claim.value_upper)
            bound = allowed[0] if side == "below" else allowed[1]
            edge = format_quantity(bound, claim.unit, self.lang, decimals)
            split = self._split_at(claim, deciding, bound, edge, decimals)
            if split:  # part of the evidence holds: say which, and how far the rest lies beyond what the claim allows
                return spread, split
            reach = phrase("reach_down" if side == "below" else "reach_up", self.lang, edge=edge)
            return spread, describe_gap(claim, shown, side, near, far, lang=self.lang) + reach
        if decision.verdict not in (CONTRADICTED, INCONSISTENT):
            return spread, ""
        where = gap(claim, low, high)
        if where is None:
            return spread, ""
        bounded_only = where[0] == "above" and all(f.found.startswith("≥") for f in deciding if f.value is not None)
        described = describe_gap(claim, shown, *where, lang=self.lang, at_least=bounded_only)  # a floor above: a gap of at least
        if claim.qualifier in ("about", "nearly"):  # the gap is from the figure stated; say where what it allows ends too
            allowed = claim_range(claim.value, claim.qualifier, decimals=claim.decimals, value_upper=claim.value_upper)
            edge = format_quantity(allowed[0] if where[0] == "below" else allowed[1], claim.unit, self.lang, decimals)
            described += phrase("reach_down" if where[0] == "below" else "reach_up", self.lang, edge=edge)
        return spread, described

    def _split_at(self, claim: Claim, deciding: list[Finding], bound: float, edge: str, decimals: int) -> str:
        """Which of the divided evidence lies within what the claim allows and which beyond `bound` (`edge` as shown), and
        by how much: '25.63% within what the article's 25.6% allows (up to 25.65%); 27.06% above it by 1.41 points'
        (25.63% is above 25.6 and yet what 25.6% stands for). '' if the findings give no values on both sides."""
        def shown(values: list[float]) -> str:
            low, high = min(values), max(values)
            text = format_quantity(low, claim.unit, self.lang, decimals)
            return text if high == low else value_range(text, format_quantity(high, claim.unit, self.lang, decimals), self.lang)

        inside = [f.value for f in deciding if f.value is not None and f.holds is True]
        outside = [f.value for f in deciding if f.value is not None and f.holds is False]
        if not inside or not outside:
            return ""
        near, far = sorted(abs(v - bound) for v in (min(outside), max(outside)))
        side = "below" if max(outside) < bound else "above"
        return phrase(f"gap_divided_{side}", self.lang, inside=shown(inside), outside=shown(outside), says=describe_claim(claim, self.lang),
                      edge=edge, amount=gap_amount(claim, near, far, self.lang))

    def not_checkable(self, claim: Claim, needs: str) -> str:
        """No finding: say what data would decide the claim."""
        return self.judge(claim, [], needs=needs)

    def derive(self, key: str, statement: str, value: float, unit: str, arithmetic: str, *,
               decimals: int = 0, qualifier: str = "exact", evidence: tuple[str, ...] = (), value_upper: float | None = None) -> float:
        """Record a figure derived from claims; returns the value for further use.

        `qualifier` carries a bound through: 'over 70%' of 100 clusters is 'over 70' clusters; 'between' (with
        `value_upper`) gives a range, for a figure derived from approximate ones.
        """
        shown = describe_value(value, unit, qualifier, self.lang, decimals, value_upper)
        self._add(Entry(key, statement, "", shown, DERIVED, CLAIMS, join_ids(evidence), arithmetic))
        return value

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([e.__dict__ for e in self.entries], columns=list(Entry.__dataclass_fields__))

    def verdicts(self) -> dict[str, str]:
        return {e.key: e.verdict for e in self.entries}

    def save(self, directory: Path) -> Path:
        """Write `<notebook>__verdicts.csv` and `<notebook>__findings.csv` (the sections' findings) atomically; returns the first."""
        from .summary import findings_frame

        target = Path(directory) / f"{self.notebook}__verdicts.csv"
        frame = self.frame().assign(notebook=self.notebook)
        write_text_atomically(target, csv_text(frame))
        findings = findings_frame(self.notebook, self.sections)
        write_text_atomically(Path(directory) / f"{self.notebook}__findings.csv", csv_text(findings))
        return target


def _found_value(claim: Claim, direction: str, size: float) -> float:
    return claim.value - size if direction == "below" else claim.value + size


def describe_gap(claim: Claim, found: str, direction: str, size: float, size_far: float | None = None, lang: str = "en",
                 at_least: bool = False) -> str:
    """'21.9%, below the article's about 25% (by 3.1 points)' / '21.9%,低于文章所称的约25%(差3.1个百分点)'.

    With `size_far`, the evidence is a range: 'by 2.4 to 3.1 points'. Evidence exactly at the figure an 'over' claim
    excludes is 'not above' it. With `at_least`, the evidence is a lower bound only, so the gap is one too: 'by at least 1'.
    """
    says = describe_claim(claim, lang)
    if size == 0 and not size_far:
        return phrase("gap_at_bound", lang, found=found, says=says)
    if claim.unit in ("percent", "percent year on year"):
        amount = gap_amount(claim, size, size_far, lang)
    elif size and claim.value and _found_value(claim, direction, size) > 0 and \
            max(abs(size) / claim.value, claim.value / max(abs(claim.value - size), 1e-9)) >= 2:
        found_value = _found_value(claim, direction, size)  # none found (0) is no factor of anything: said as a difference
        ratio = claim.value / found_value if direction == "below" else found_value / claim.value
        amount = f"a factor of {ratio:.0f}" if lang == "en" else phrase(f"times_{direction}", lang, ratio=ratio)
    else:
        amount = f"{size:,.{claim.decimals}f}"  # the unit is the one just shown
        if size_far is not None and size_far != size:
            amount = value_range(amount, f"{size_far:,.{claim.decimals}f}", lang)
    if lang == "zh":
        gap = amount if "倍" in amount else f"差{amount}"  # a factor says which is the larger; a difference is 差
        gap = f"至少{gap}" if at_least else gap
        return f"{found}，{'低于' if direction == 'below' else '高于'}文章所称的{says}（{gap}）"
    return f"{found}, {direction} the article's {says} (by {'at least ' if at_least else ''}{amount})"


def gap_amount(claim: Claim, size: float, size_far: float | None, lang: str) -> str:
    """How far, in the claim's terms: '1.41 points' for a share (a place finer than the article states it), else the
    quantity in the claim's unit; 'a to b' when `size_far` differs."""
    if claim.unit in ("percent", "percent year on year"):
        places = claim.decimals + 1
        near, far = f"{size:.{places}f}", f"{(size_far if size_far is not None else size):.{places}f}"
        span = near if near == far else (f"{near} to {far}" if lang == "en" else f"{near}～{far}")
        return f"{span} points" if lang == "en" else f"{span}个百分点"
    near = format_quantity(size, claim.unit, lang, claim.decimals)
    if size_far is None or size_far == size:
        return near
    return value_range(f"{size:,.{claim.decimals}f}", format_quantity(size_far, claim.unit, lang, claim.decimals), lang)

