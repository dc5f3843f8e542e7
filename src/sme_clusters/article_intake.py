"""Taking in a new article: draft its claims, then register it with the rows the analyst confirmed, all or nothing.

    sme-clusters add-article FILE --id 005 --publisher "..." --title "..." --date 2026-11-20 --language zh
        writes incoming/articles/005/claims_draft.csv (a drafted row per figure) and excluded_draft.csv (the other
        sentences with a number), and registers nothing;
    sme-clusters add-article FILE --id 005 ... --claims EDITED_CLAIMS --excluded EDITED_EXCLUDED
        registers the article under data/raw/articles/, appends the rows to data/claims.csv and
        data/claims_excluded.csv, and loads the whole data set; if anything fails, every file is put back.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from . import config
from .config import DataPaths, relative_to_root
from .drafts import draft_claims, drafted_as_of, printed_decimals, sentences_without_drafts
from .newyear import register_raw_file
from .output import all_or_nothing, spreadsheet_safe, write_text_atomically
from .schemas import CLAIMS_TABLE, EXCLUSIONS, FORMULA_START
from .sources import sha256_of
from .validation import DataFileError, checked_text, decoded_text, read_table


def _number(value, draft) -> str:
    """A drafted value as the claims table writes it: in plain digits, to the places its figure is printed to
    (1.8万亿 -> 1800000000000, 25.0% -> 25.0), since they are the precision it is read at; a fraction as its value."""
    if draft.unit == "fraction":
        return format(value.normalize(), "f")
    return f"{value:.{printed_decimals(draft)}f}"


def _csv(columns: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def draft_files(text: str, article_id: str, as_of: str, provinces: frozenset[str], folder: Path) -> tuple[Path, Path, int, int]:
    """Write the drafted claims and the sentences that drafted nothing; (claims file, excluded file, drafts, sentences)."""
    drafts = draft_claims(text, provinces)
    claim_columns = [c.name for c in CLAIMS_TABLE.columns]
    rows = [{**dict.fromkeys(claim_columns, ""), "claim_id": f"{article_id}-figure-{i:02d}", "article_id": article_id,
             "as_of": drafted_as_of(d.quote, as_of), "quote": d.quote, "value": _number(d.value, d),
             "value_upper": "" if d.value_upper is None else _number(d.value_upper, d), "unit": d.unit, "qualifier": d.qualifier}
            for i, d in enumerate(drafts, start=1)]
    others = [{"article_id": article_id, "text": s, "reason": ""} for s in sentences_without_drafts(text, drafts)]
    folder.mkdir(parents=True, exist_ok=True)
    claims_file = write_text_atomically(folder / "claims_draft.csv", _csv(claim_columns, rows))
    excluded_file = write_text_atomically(folder / "excluded_draft.csv", _csv([c.name for c in EXCLUSIONS.columns], others))
    return claims_file, excluded_file, len(rows), len(others)


def article_text(path: Path) -> str:
    """The article as captured: UTF-8 text (a byte-order mark dropped); an error naming the file and line otherwise."""
    if not Path(path).is_file():
        raise DataFileError(Path(path), "file not found")
    return decoded_text(Path(path))


def _confirmed_rows(path: Path, table, article_id: str) -> str:
    """The data rows of an edited draft, checked cell by cell against the table's schema (errors name the draft's file,
    row and column), as CSV text without its header, in the data file's column order."""
    columns = [c.name for c in table.columns]
    reader = csv.DictReader(io.StringIO(checked_text(Path(path)), newline=""))  # not UTF-8, empty, cut off: named
    rows = list(reader)
    if rows or reader.fieldnames != columns:  # a draft with nothing to add (its header alone) adds nothing
        read_table(path, table.columns)
    for number, row in enumerate(rows, start=1):  # a draft adds to its own article only
        if row["article_id"].strip() != article_id:
            raise DataFileError(path, f"this draft adds to article {article_id}, not {row['article_id'].strip()}", row=number,
                                column="article_id")
    for row in rows:  # a cell the draft wrote with a leading apostrophe (it began a formula) is read back as printed
        for name, value in row.items():
            if isinstance(value, str) and value.startswith("'") and value[1:].startswith(("-", *FORMULA_START)):
                row[name] = value[1:]
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore").writerows(rows)
    return buffer.getvalue()


def _append(path: Path, rows: str) -> None:
    """Append CSV rows by replacing the file (never writing into it), so that a rollback finds the old bytes."""
    text = path.read_text(encoding="utf-8")
    write_text_atomically(path, text + ("" if text.endswith("\n") or not text else "\n") + rows)


def add_article(paths: DataPaths, file: Path, fields: dict[str, str], claims_file: Path, excluded_file: Path) -> str:
    """Register the article with its confirmed claims and excluded sentences; load the whole data set, and put every
    file back if anything fails. Returns the registry row."""
    claims_rows = _confirmed_rows(Path(claims_file), CLAIMS_TABLE, fields["source_id"])
    excluded_rows = _confirmed_rows(Path(excluded_file), EXCLUSIONS, fields["source_id"])
    target = f"articles/{fields['source_id']}_{sha256_of(Path(file))[:16]}.txt"  # the name the articles have: id, checksum
    touched = [paths.sources, paths.claims, paths.claims_excluded, paths.raw / "articles"]
    config.BUILD_DIR.mkdir(exist_ok=True)
    held = {paths.claims.resolve(): (_data_rows(paths.claims), Path(claims_file)),
            paths.claims_excluded.resolve(): (_data_rows(paths.claims_excluded), Path(excluded_file))}
    with all_or_nothing(touched, config.BUILD_DIR):
        row = register_raw_file(paths, Path(file), target, {**fields, "kind": "article"})
        _append(paths.claims, claims_rows)
        _append(paths.claims_excluded, excluded_rows)
        from .runner import validate_data

        try:
            validate_data(str(paths.root))
        except DataFileError as error:  # a row the draft added: named in the draft, where it is to be fixed
            before, draft = held.get(error.path.resolve(), (None, None))
            if before is None or error.row is None or error.row <= before:
                raise
            reason, earlier = error.reason, error.earlier
            if earlier is not None and earlier <= before:  # it repeats a row the data file held already: say which
                reason, earlier = f"{reason}, already in {relative_to_root(error.path)}, row {earlier}", None
            raise DataFileError(draft, reason, row=error.row - before, column=error.column,
                                earlier=None if earlier is None else earlier - before) from None
    return row


def _data_rows(path: Path) -> int:
    """How many records follow a CSV's header, numbered as the loaders number its rows (a blank line counts)."""
    with path.open(encoding="utf-8", newline="") as stream:
        return sum(1 for _ in csv.reader(stream)) - 1

