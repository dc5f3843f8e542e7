"""Independent reports: figures printed by sources other than the articles checked.

An independent report is one figure (or a few, from one sentence) printed by a
source that is not one of the source articles: the Chinese-language report of the
press conference that an article transcribes in English, an official count, a
regulator's statistic. Each has an `evidence_id`, the phrase as printed, its
publisher, date and URL (empty when only a repost without an address was seen:
such a report corroborates, it does not stand alone).

Verdicts name their evidence by id; `EvidenceIndex.describe` says what each is:
- a claim id (`002-cumulative`): another statement of the source articles;
- an independent report id (`ssb-2023-04-20-smes`);
- a registered source (`clusters_2024`, or the article `003`), or one row of it (`province_totals:12`);
- a row of a reference table (`fact:reform_opening_start`, `county_units:district`).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .claims import known_after
from .config import relative_to_root
from .qualifiers import QUALIFIERS, stated_range
from .sources import readable
from . import schemas
from .validation import DataFileError, read_rows, require_unique

SEPARATOR = "|"  # one sentence, several figures: "70 | 90 | 90"



@dataclass(frozen=True)
class Figure:
    """One printed figure: its value as written, unit and qualifier."""

    value: Decimal
    unit: str
    qualifier: str

    def range(self) -> tuple[float, float]:
        return stated_range(self.value, self.qualifier, unit=self.unit)


@dataclass(frozen=True)
class Report:
    """One row of an independent-reports file."""

    evidence_id: str
    bears_on: str
    subject: str
    as_of: str
    figure: str
    figures: tuple[Figure, ...]
    publisher: str
    date: str
    source_url: str
    phrase_as_printed: str
    note: str
    file: str  # as the project names it (data/raw/searched/independent_reports.csv): two folders may hold the same name
    row_number: int

    @property
    def phrase(self) -> str:
        """The phrase as printed, as a reader sees it (without the pinyin some mirrors add after each character)."""
        return readable(self.phrase_as_printed)

    def cite(self, lang: str = "en") -> str:
        """Publisher, date and the phrase as printed: how a verdict quotes it, in `lang`."""
        from .labels import phrase, publisher_shown

        return phrase("cite", lang, publisher=publisher_shown(self.publisher, lang), date=self.date or phrase("undated", lang),
                      phrase=self.phrase)


def _parts(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(SEPARATOR)]


def _figures(path: Path, row: dict) -> tuple[Figure, ...]:
    """The row's figures; several values share one unit or qualifier, or give one each."""
    values, units, qualifiers = _parts(row["value"]), _parts(row["unit"]), _parts(row["qualifier"])

    def fail(message, column):
        raise DataFileError(path, message, row=row["row_number"], column=column)

    for name, parts in (("unit", units), ("qualifier", qualifiers)):
        if len(parts) not in (1, len(values)):
            fail(f"gives {len(parts)} {name}s for {len(values)} values; give one, or one per value", name)
    figures = []
    for i, text in enumerate(values):
        try:  # read as every number column is read: ASCII digits, finite as a float too (1e400 is not), at least 0
            number = schemas.parse_number(text, Decimal(0))
        except ValueError as error:
            fail(f"expected a number of at least 0 in ASCII digits (several separated by ' {SEPARATOR} '): {error}", "value")
        qualifier = qualifiers[i if len(qualifiers) > 1 else 0]
        if qualifier not in QUALIFIERS or qualifier == "between":
            fail(f"expected one of {', '.join(repr(q) for q in QUALIFIERS if q != 'between')}, got {qualifier!r}", "qualifier")
        unit = units[i if len(units) > 1 else 0]
        if problem := schemas.date_number_problem(float(number), unit):
            fail(problem, "value")
        figures.append(Figure(number, unit, qualifier))
    return tuple(figures)


def load_reports(paths: list[Path], taken: dict[Path, str] | None = None) -> dict[str, Report]:
    """Every independent report of the given files, by evidence id; ids are unique across the files. `taken`: when
    each file's copy was taken, where known: a copy cannot hold a report printed after it (2099 typed for 2024)."""
    reports: dict[str, Report] = {}
    for path in paths:
        rows = read_rows(path, schemas.REPORTS.columns)
        require_unique(path, rows, ("evidence_id",))
        accessed = (taken or {}).get(path, "")
        shown_path = relative_to_root(path)
        for row in rows:
            printed = row["date"] or ""
            if printed and accessed and known_after(printed, accessed):
                raise DataFileError(path, f"printed {printed}, after the copy of this file was taken ({accessed}, in sources.csv)",
                                    row=row["row_number"], column="date")
            if row["evidence_id"] in reports:
                first = reports[row["evidence_id"]]
                raise DataFileError(path, f"duplicate evidence id {row['evidence_id']!r}, first seen in {first.file} row {first.row_number}",
                                    row=row["row_number"], column="evidence_id")
            reports[row["evidence_id"]] = Report(
                row["evidence_id"], row["bears_on"], row["subject"], row["as_of"], row["figure"], _figures(path, row),
                row["publisher"], row["date"] or "", row["source_url"] or "", row["phrase_as_printed"], row["note"] or "",
                shown_path, row["row_number"],
            )
    return reports


def reports_frame(reports: list[Report]) -> pd.DataFrame:
    """Reports as a table for readers: who printed what, when, where."""
    return pd.DataFrame([{
        "evidence": r.evidence_id, "publisher": r.publisher, "date": r.date, "as printed": r.phrase,
        "url": r.source_url or "(seen in a repost; address not kept)",
    } for r in reports])




@dataclass(frozen=True)
class Link:
    """An independent report's figure that bears on a claim.

    relation: `independent` (a separate source states the figure), `original` (the record the
    article reports, such as the notice it paraphrases: it tests the reporting, and decides as a
    report), `same statement` (another report of the very statement an article gives, such as the
    original-language report of a translated answer: it tests what was said, not the statistic),
    or `context` (shown, never decisive: another date).
    """

    claim_id: str
    report: Report
    figure: int  # 0-based
    relation: str
    note: str
    role: str = ""  # "" when the figure is set against the claim; else one of ROLES

    @property
    def printed(self) -> Figure:
        """The report's figure this link names."""
        return self.report.figures[self.figure]

    @property
    def value(self) -> float:
        return float(self.printed.value)


def unit_scale(printed: str, claimed: str) -> float:
    """How to turn a printed unit into the claim's: the same unit, or a fraction against a percentage."""
    if printed == claimed:
        return 1.0
    if (printed, claimed) == ("fraction", "percent"):
        return 100.0
    if (printed, claimed) == ("percent", "fraction"):
        return 0.01
    raise ValueError(f"a report in {printed!r} cannot be set against a claim in {claimed!r}")


SHARE_UNITS = ("percent", "fraction")
# Roles that only a check of a share reads: set on a link to a count, the link would drop out of its verdict unseen
SHARE_ROLES = (schemas.WHOLE, schemas.SUMMED_WHOLE, schemas.PART_OF_WHOLE, schemas.SHARE_OF_WHOLE, schemas.CEILING)


def _unit_for_role(role: str, unit: str, claimed: str) -> str:
    """'' if a figure in `unit` can play `role` in a check of a claim in `claimed`; else why not. A figure set against the
    claim itself, or an addend of it, is in a unit the claim's can be read in; a period's end is a year; a share or a
    ceiling of one is a share; a whole or a part of one is a count."""
    if role in ("", schemas.ADDEND):
        try:
            unit_scale(unit, claimed)
        except ValueError as error:
            return str(error)
        return ""
    expected = {schemas.FIRST_YEAR: ("year",), schemas.LAST_YEAR: ("year",), schemas.SHARE_OF_WHOLE: SHARE_UNITS,
                schemas.CEILING: SHARE_UNITS}.get(role)
    if expected is not None and unit not in expected:
        return f"a figure in {unit!r} cannot be a {role!r}, which is in {' or '.join(map(repr, expected))}"
    if expected is None and unit in (*SHARE_UNITS, "year"):  # a whole, a summed whole, a part of a whole: a count
        return f"a figure in {unit!r} cannot be a {role!r}, which is a count"
    return ""


def _require_partners(path: Path, rows: list[dict]) -> None:
    """A role that works in a pair has its partner, for the same claim: a period's first year its last year, a part of a
    whole the share it is of the same report. Named at the row of the one left alone."""
    by_claim: dict[str, list[dict]] = {}
    for row in rows:
        by_claim.setdefault(row["claim_id"], []).append(row)
    pairs = ((schemas.FIRST_YEAR, schemas.LAST_YEAR, False), (schemas.PART_OF_WHOLE, schemas.SHARE_OF_WHOLE, True))
    for links in by_claim.values():
        for one, other, same_report in pairs:
            for role, partner in ((one, other), (other, one)):
                for row in (r for r in links if r["role"] == role):
                    if not any(r["role"] == partner and (not same_report or r["evidence_id"] == row["evidence_id"]) for r in links):
                        where = " of the same report" if same_report else ""
                        raise DataFileError(path, f"a '{role}' link needs a '{partner}' link{where} for {row['claim_id']}",
                                            row=row["row_number"], column="role")


def load_claim_evidence(path: Path, claim_units: dict[str, str], reports: dict[str, Report]) -> list[Link]:
    """Which report bears on which claim; each link names a claim (`claim_units`: each claim's unit), a report and one of
    its figures. A figure set against its claim itself (no role) must be in a unit the claim's can be read in."""
    links = []
    rows = read_rows(path, schemas.CLAIM_EVIDENCE.columns)
    require_unique(path, rows, ("claim_id", "evidence_id", "figure"))
    for row in rows:
        def fail(message, column, row=row):
            raise DataFileError(path, message, row=row["row_number"], column=column)

        if row["claim_id"] not in claim_units:
            fail(f"no claim {row['claim_id']!r} in the claims table", "claim_id")
        if row["evidence_id"] not in reports:
            fail(f"no independent report {row['evidence_id']!r}", "evidence_id")
        report = reports[row["evidence_id"]]
        if row["figure"] != int(row["figure"]) or not 1 <= row["figure"] <= len(report.figures):
            fail(f"expected a figure number from 1 to {len(report.figures)} (the report's values), got {row['figure']}", "figure")
        if row["role"] in SHARE_ROLES and claim_units[row["claim_id"]] not in SHARE_UNITS:  # no check of a count reads them
            fail(f"a {row['role']!r} is a figure a share is computed from, and {row['claim_id']} is in "
                 f"{claim_units[row['claim_id']]!r}, not a share; give no role", "role")
        unit = report.figures[int(row["figure"]) - 1].unit
        wrong = _unit_for_role(row["role"] or "", unit, claim_units[row["claim_id"]])
        if wrong:
            fail(f"{wrong} ({report.evidence_id} in {report.file}, row {report.row_number}); fix the link's figure or role, or the unit",
                 "figure")
        links.append(Link(row["claim_id"], report, int(row["figure"]) - 1, row["relation"], row["note"] or "", row["role"] or ""))
    _require_partners(path, rows)
    _require_one_statement_one_figure(path, rows, links)
    return links


def _require_one_statement_one_figure(path: Path, rows: list[dict], links: list[Link]) -> None:
    """The reports of the very statement a claim reports (relation `same statement`) print one figure: one that prints
    another (28,000 typed 2800 in a reports file) is named at the link that brings it in, with the reports' files and rows."""
    first: dict[str, tuple[Link, dict]] = {}
    for row, link in zip(rows, links, strict=True):
        if link.relation != "same statement":
            continue
        earlier = first.setdefault(link.claim_id, (link, row))[0]
        if (link.printed.value, link.printed.qualifier) != (earlier.printed.value, earlier.printed.qualifier):
            said = "; ".join(f"{x.report.evidence_id} ({x.report.file}, row {x.report.row_number}) prints {x.printed.qualifier} "
                             f"{x.printed.value:f}" for x in (earlier, link))
            raise DataFileError(path, f"the reports of the statement {link.claim_id} reports print different figures: {said}; "
                                      "a report of the same statement prints what was said, so one of them is mistyped",
                                row=row["row_number"], column="evidence_id")
