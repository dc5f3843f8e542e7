"""Tools for the analyst adding data: register a raw file, and say what a new year still lacks.

    sme-clusters register FILE --as compiled/clusters_2026.csv --id clusters_2026 --kind compiled \
        --publisher "..." --title "..." --description "..."
    sme-clusters check-year 2026

`register` copies the file under data/raw/, computes its SHA-256 and appends its row
to data/sources.csv; it refuses to overwrite a raw file or to reuse an id, since raw
files are immutable. `check-year` loads everything a run of that year would load and
lists what is missing, each with the step that fixes it.
"""
from __future__ import annotations

import csv
import io
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import schemas
from .clusters import industry_part, load_cluster_file, load_province_totals, load_reviewed, sector_of
from .evidence import load_reports
from .config import DataPaths, relative_to_root
from .output import write_text_atomically
from .schemas import SOURCE_KINDS, SOURCES, table_for
from .sources import LICENCES, current, kind_of_table, leaves_raw, sha256_of
from .validation import DataFileError, read_rows, read_table

RAW_PATH = re.compile(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*")


class RegisterError(ValueError):
    """A file cannot be registered as asked; the message says why."""


def register_raw_file(paths: DataPaths, source: Path, target: str, fields: dict[str, str]) -> str:
    """Copy `source` to data/raw/`target`, append its registry row (with its checksum); returns the row as written."""
    source = Path(source)
    if not source.is_file():
        raise RegisterError(f"{source}: no such file")
    if not RAW_PATH.fullmatch(target) or leaves_raw(target):
        raise RegisterError(f"--as {target!r}: a path under data/raw/ of ASCII letters, digits, '_', '.', '-' and '/'")
    if fields.get("kind") not in SOURCE_KINDS:
        raise RegisterError(f"--kind must be one of {', '.join(SOURCE_KINDS)}")
    check_registry_fields(paths, fields)
    _check_file(paths, source, target, fields.get("kind"))
    destination = paths.raw / target
    if destination.exists():
        raise RegisterError(f"data/raw/{target} exists: raw files are never overwritten; register the new version under a new name")
    registry = paths.sources.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(registry)))
    registered = list(csv.DictReader(io.StringIO(registry)))
    checksum = sha256_of(source)
    same = next((row["source_id"] for row in registered if row["sha256"] == checksum), None)
    if same is not None:  # its rows or its claims would count twice
        raise RegisterError(f"{source} is already registered, byte for byte, as {same!r}; nothing was registered")
    row = {name: fields.get(name, "") for name in header}
    row.update(path=target, sha256=checksum)
    row["accessed"] = row.get("accessed") or date.today().isoformat()  # the day the copy is taken, unless the analyst says when
    row["licence"] = row.get("licence") or LICENCES[fields["kind"]]
    _check_fields(row)
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, destination)
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=header, lineterminator="\n").writerow(row)
    # the registry is replaced, never written into: a caller's all_or_nothing keeps its old bytes by a hard link
    write_text_atomically(paths.sources, registry + ("" if registry.endswith("\n") else "\n") + buffer.getvalue())
    return buffer.getvalue().strip()


OPTIONS = {"source_id": "--id"}  # the command-line option that gives a registry column, where it is not --COLUMN


def _check_fields(fields: dict[str, str]) -> None:
    """Each registry column given a value, as its schema reads it; the error names the option that gave it."""
    for column in SOURCES.columns:
        if column.name in fields:
            try:
                column.parse(fields[column.name] or "")
            except ValueError as error:
                raise RegisterError(f"{OPTIONS.get(column.name, '--' + column.name)}: {error}") from None


def check_registry_fields(paths: DataPaths, fields: dict[str, str]) -> None:
    """What the command line gives a new source, checked before anything is drafted, copied or written: each value as
    the registry reads it, an article's id as articles are numbered, and an id not already taken."""
    _check_fields({name: value for name, value in fields.items() if value or name not in ("accessed", "licence")})
    if fields.get("kind") == "article" and not re.fullmatch(schemas.ARTICLE_ID, fields["source_id"], flags=re.ASCII):
        raise RegisterError(f"--id {fields['source_id']!r}: an article's id is three digits, as the others are (005)")
    today = date.today().isoformat()
    accessed = fields.get("accessed") or today
    if accessed > today:  # ISO dates sort as text; a copy dated ahead would stop every later run
        raise RegisterError(f"--accessed {accessed}: the day the copy was taken has not come yet (today is {today})")
    registered = {row["source_id"] for row in csv.DictReader(io.StringIO(paths.sources.read_text(encoding="utf-8")))}
    if fields["source_id"] in registered:
        raise RegisterError(f"--id {fields['source_id']!r} is already in {relative_to_root(paths.sources)}; choose another id")


def _check_file(paths: DataPaths, source: Path, target: str, kind: str | None) -> None:
    """Refuse, before anything is copied, a file the run could not read as registered: a CSV as its table's loader reads
    it (and under the kind its table takes), an article or a note not in UTF-8, an extension in upper case."""
    if target.lower().endswith((".csv", ".txt", ".md")) and not target.endswith((".csv", ".txt", ".md")):
        raise RegisterError(f"--as {target!r}: write the extension in lower case (.csv, .txt, .md); nothing was registered")
    if target.endswith(".csv"):  # checked now, as a run would load it: a raw file cannot be fixed once registered
        table = _table_or_refuse(target)
        expected = kind_of_table(target)
        if kind != expected:
            raise RegisterError(f"--kind {kind}: a file of '{table.title}' is registered as {expected}; nothing was registered")
        try:
            _check_as_loaded(paths, source, table, target)
        except (DataFileError, LookupError) as error:
            raise RegisterError(f"{error}; nothing was registered") from None
    elif target.endswith((".txt", ".md")):  # an article or a note: text the project reads, so UTF-8
        data = source.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise RegisterError(f"{source}: line {line} is not UTF-8 (byte {error.start}); save it as UTF-8; nothing was registered") from None


def _table_or_refuse(target: str) -> schemas.Table:
    try:
        return table_for(f"raw/{target}")
    except LookupError as error:
        raise RegisterError(f"{error}; nothing was registered") from None


def _check_as_loaded(paths: DataPaths, source: Path, table: schemas.Table, target: str) -> None:
    """`source` read as the run will read it under `table`: its columns, and for rows that name places or evidence, the
    places against the reference tables and the evidence ids against those already registered."""
    from .dataset import Dataset

    read_rows(source, table.columns, allow_empty=table is schemas.CLUSTERS)  # a list may be known by its count alone
    if table not in (schemas.CLUSTERS, schemas.UNCERTAIN_CLUSTERS, schemas.REVIEWED, schemas.PROVINCE_TOTALS, schemas.REPORTS):
        return
    data = Dataset(paths)
    if table is schemas.REPORTS:  # read after every registered reports file, as the run will: an id used twice is named
        registered = paths.raw / target  # where it will be: a new version of a file replaces it, as in the run
        kept = current([*data.report_files, registered])
        load_reports([source if path == registered else path for path in kept])
    elif table is schemas.PROVINCE_TOTALS:
        load_province_totals(source, data.provinces, data.listing_units)
    elif table is schemas.REVIEWED:
        load_reviewed(source, data.provinces, data.listing_units)
    elif table is schemas.UNCERTAIN_CLUSTERS:
        load_cluster_file(source, data.provinces, data.listing_units, None)
    else:  # a list's rows: the year its name gives (clusters_2026.csv, clusters_2026_v2.csv)
        load_cluster_file(source, data.provinces, data.listing_units, int(re.search(r"clusters_(\d{4})", target).group(1)))


@dataclass(frozen=True)
class YearCheck:
    """What stands between a new list and a run: what blocks it, and what is worth a look but does not."""

    blocking: list[str]
    advisory: list[str]

    @property
    def ready(self) -> bool:
        return not self.blocking


def check_year(data, year: int) -> YearCheck:
    """Whether a run to `year` can go ahead: blocking, the data not loading or the list having no batch row (each with the step
    that fixes it, a name already on an earlier list among them); advisory, names of the list no sector keyword places."""
    try:
        data.validate()
    except (DataFileError, ValueError, LookupError) as error:
        return YearCheck([f"the data do not load: {error}"], [])
    if year not in data.batches.index:
        return YearCheck([f"no row for {year} in {relative_to_root(data.paths.batches)}: add "
                          f"'{year},<source id of the list's rows>,<published YYYY-MM>,<notice>,<evidence id of the count>,<claim id or empty>'"],
                         [])
    advisory = []
    rows = data.lists.clusters(year)
    new = rows[rows["year"] == year]
    unmatched = [r["cluster_name"] for _, r in new.iterrows() if sector_of(industry_part(r), data.sector_keywords) == "Other"]
    if unmatched:
        advisory.append(f"{len(unmatched)} name(s) of the {year} list match no keyword in "
                        f"{relative_to_root(data.paths.sector_keywords)} and count as 'Other': {', '.join(unmatched)}")
    advisory += _rows_beyond_caps(data, year, new)
    years = data.lists.years()
    skipped = skipped_years(years)
    if skipped:  # MIIT has published a list every year: a year without one is more likely a list not yet added
        advisory.append(f"no list for {', '.join(map(str, skipped))} in {relative_to_root(data.paths.batches)}: cumulative counts and "
                        f"'every list from {years[0]} to {years[-1]}' pass over it; if one was published, add it first")
    return YearCheck([], advisory)  # sentences in neither claims file, bad rows, unknown evidence: data.validate() names them above


def skipped_years(years: list[int]) -> list[int]:
    """The years between the first and the last list that have none: [2022, 2023, 2025] -> [2024]."""
    return sorted(set(range(min(years), max(years) + 1)) - set(years)) if years else []


def _rows_beyond_caps(data, year: int, rows) -> list[str]:
    """Units with more known rows on the list than its notice let them put forward: worth a look (a row of another list,
    or filed under the wrong unit); the counts then drop their upper bound for that unit and say so."""
    notes = []
    for unit, held in rows.groupby("listed_under", sort=True):
        cap = data.limits.get((year, "listed" if unit in data.listing_units.index else "province"))
        if cap is not None and len(held) > cap[0]:
            notes.append(f"{unit} has {len(held)} known rows of the {year} list, more than the {cap[0]:g} its notice let it put "
                         f"forward ({cap[1]}): a row of another list, or filed under the wrong unit?")
    return notes


CHECKLIST = """# Adding the {year} list

The files here have the headers the loaders expect (src/sme_clusters/schemas.py says what each column means).
Fill them, then run from the repository root, in order:

1. `{rows}`: one row per cluster of the {year} list you know: year ({year}); listed_under (a province, or a city or
   corps the lists name apart, data/reference/listing_units.csv); province (its full name, 山东省); city and county
   if known; cluster_name as printed; name_form (full, partial or abbreviated); source_url; note.
2. `{reports}`: one row per figure a report of the notice prints; the one giving the list's count is the evidence id
   you will give as COUNT below (with #n for its n-th figure if a row holds several, separated by '|').
3. Then:

       YEAR={year} ROWS={rows} REPORTS={reports} COUNT=<evidence id of the count> PUBLISHED=<YYYY-MM>

   and the block of the README's "Adding a new year", from its second line.
4. `check-year {year}` must say "{year}: ready to run". A name already on an earlier list blocks (a cluster is
   recognised once); advisory notes (names no sector keyword places, which count as 'Other' until a keyword row in
   data/reference/sector_keywords.csv places them) are worth a look but do not block.
5. A review (复核) of an earlier list: register its file of known passes (`--kind compiled`), give the count that
   passed a row of the reports file (or a reports file of its own, `--kind independent`), then add a row to
   data/reviews.csv: list_year, review_year, source id, passed_evidence.
6. Caps from the round's recommendation notice, if found: rows of data/recommendation_limits.csv (without them the
   list's counts have no upper bound).
"""


def new_year_files(year: int, folder: Path, paths: DataPaths | None = None) -> list[Path]:
    """Blank input files for a new list (its rows, the reports of its notice) with their headers, and a checklist; a
    year that is not one of four digits, or whose list `paths`' batches already hold, is refused."""
    from .schemas import BATCHES, REPORTS, cluster_columns

    if not 1000 <= year <= 9999:
        raise RegisterError(f"{year} is not a year of four digits, such as 2026")
    if paths is not None:
        listed = {int(y) for y in read_table(paths.batches, BATCHES.columns)["year"]}
        if listed and year <= max(listed):
            raise RegisterError(f"{year} is not after the lists in {relative_to_root(paths.batches)} (lists: "
                                f"{', '.join(map(str, sorted(listed)))}); a new year is one after them")
    folder.mkdir(parents=True, exist_ok=True)
    rows, reports = folder / f"clusters_{year}.csv", folder / f"independent_reports_{year}.csv"
    written = []
    for path, columns in ((rows, cluster_columns(True)), (reports, REPORTS.columns)):
        if path.exists():
            raise RegisterError(f"{path} exists; it is kept as it is (remove it to start again)")
        path.write_text(",".join(c.name for c in columns) + "\n", encoding="utf-8")
        written.append(path)
    checklist = folder / "CHECKLIST.md"
    checklist.write_text(CHECKLIST.format(year=year, rows=rows, reports=reports), encoding="utf-8")
    return [*written, checklist]
