"""Reading CSV files strictly, so that bad input fails early and says where.

Every loader in the package goes through `read_table`. An error names the file
(relative to the project root), the data row and its line in the file, the
column, and what was expected, e.g.

    data/claims.csv, row 12 (line 13), column 'value': expected a number, got 'abc'

Decisions on messy input, applied the same way to every file:
- a UTF-8 byte-order mark (as Excel writes it) is accepted and dropped, and so are
  Windows line endings and blank lines between rows;
- leading and trailing whitespace in a cell or a column name is dropped;
- a file must end with a line break: one that does not is taken as cut off;
- a NUL byte, a blank first line, a carriage return alone (old Mac line endings), a row
  that repeats the header or another row exactly, and a quote left open (named by the
  line its record starts on) are errors;
- anything that is not UTF-8 is an error, as is a missing or an extra column,
  a row with too many or too few fields, an empty file, a non-numeric or
  negative number, a value outside its allowed set, and a duplicate key;
- a cell holding a character no one can see or that changes how text reads (control
  characters, line breaks and tabs inside a cell, zero-width and direction marks,
  private-use and unassigned code points) is an error naming the character, and so is
  a cell longer than its column allows (1,000 characters unless it says otherwise):
  see schemas.refused_character and Column.max_length.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from .config import relative_to_root
from .schemas import NUMBER, Column


class DataFileError(ValueError):
    """A data file is malformed. The message names file, row, line and column."""

    def __init__(self, path: Path, message: str, *, row: int | None = None, column: str | None = None, earlier: int | None = None):
        self.path = Path(path)
        self.row = row  # 1-based data row; the file line is row + 1
        self.column = column
        self.reason = message
        self.earlier = earlier  # the row of the same file this one repeats, if it repeats one
        where = [relative_to_root(self.path)]
        if row is not None:
            where.append(f"row {row} (line {row + 1})" if row > 0 else "header (line 1)")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(f"{', '.join(where)}: {message}" + (f", first seen in row {earlier}" if earlier is not None else ""))


def decoded_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DataFileError(path, f"line {line} is not UTF-8 (byte {error.start}); save the file as UTF-8") from None
    return text.removeprefix("\ufeff")


def checked_text(path: Path) -> str:
    """The file's text, after the checks that need no parsing: there, UTF-8, not empty, not cut off, no NUL."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError(path, "file not found")
    text = decoded_text(path)
    if not text.strip():
        raise DataFileError(path, "file is empty; expected a header line")
    lone = re.search(r"\r(?!\n)", text)
    if lone:  # old Mac line endings: to csv, the whole file is one line
        raise DataFileError(path, f"line {text[:lone.start()].count(chr(10)) + 1} ends in a carriage return alone (old Mac line "
                                  "endings); save the file with LF or CRLF line endings")
    if not text.endswith("\n"):
        line = text.count("\n") + 1
        raise DataFileError(path, f"the last line (line {line}) has no line break: the file looks cut off; end it with a new line")
    if "\0" in text:
        line = text[: text.index("\0")].count("\n") + 1
        raise DataFileError(path, f"line {line} holds a NUL byte: the file is damaged or not text")
    return text


# What a text parses to depends on the text and the columns alone, so a text read before (the same file, or a copy of
# it: the tests load copies of the data folder hundreds of times) is parsed once per process. Only results are kept,
# never errors, whose messages name the file; callers get their own copies. A full cache is emptied, not grown.
_PARSED: dict[tuple, list[dict]] = {}
_TABLES: dict[tuple, pd.DataFrame] = {}
_CACHE_ENTRIES = 256


def _remember(cache: dict, key: tuple, value) -> None:
    if len(cache) >= _CACHE_ENTRIES:
        cache.clear()
    cache[key] = value


def _parsed(path: Path, text: str, columns: tuple[Column, ...]) -> list[dict]:
    key = (text, columns)
    if key not in _PARSED:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        records = _Records(reader)
        try:
            _remember(_PARSED, key, _parse(path, records, list(columns)))
        except csv.Error as error:  # a quote left open reads on to the end of the file: say where its record starts
            raise DataFileError(path, f"the record that starts on line {records.start} cannot be read as CSV ({error}); "
                                      "check its quotes") from None
    return _PARSED[key]


class _Records:
    """csv.reader's records, and the line the one being read starts on."""

    def __init__(self, reader):
        self.reader, self.start = reader, 1

    def __iter__(self):
        return self

    def __next__(self) -> list[str]:
        self.start = self.reader.line_num + 1
        return next(self.reader)


def read_header(path: Path) -> list[str]:
    """The file's column names, read as the loaders read them (a byte-order mark dropped, names stripped). Raises DataFileError."""
    path = Path(path)
    return [name.strip() for name in next(csv.reader(io.StringIO(checked_text(path), newline="")))]


def read_rows(path: Path, columns: list[Column], *, allow_empty: bool = False) -> list[dict]:
    """The file's rows as dicts of parsed values, in file order. Raises DataFileError; so does a header with no rows, unless
    `allow_empty` (a list none of whose rows is known yet)."""
    path = Path(path)
    rows = _parsed(path, checked_text(path), tuple(columns))
    if not rows and not allow_empty:
        raise DataFileError(path, "has a header but no data rows")
    return [dict(row) for row in rows]


def _header(path: Path, reader, columns: list[Column]) -> list[str]:
    first = next(reader)
    if not first:
        raise DataFileError(path, "line 1 is blank; the header must be the file's first line")
    header = [name.strip() for name in first]
    expected = [c.name for c in columns]
    for name in expected:
        if name not in header:
            raise DataFileError(path, f"missing; expected columns: {', '.join(expected)}", row=0, column=name)
    for name in header:
        if name not in expected:
            raise DataFileError(path, f"unexpected column; expected columns: {', '.join(expected)}", row=0, column=name)
    twice = sorted({name for name in header if header.count(name) > 1})
    if twice:
        raise DataFileError(path, f"a column name appears twice: {', '.join(map(repr, twice))}", row=0)
    return header


def _parse(path: Path, reader, columns: list[Column]) -> list[dict]:
    header = _header(path, reader, columns)
    rows = []
    seen: dict[tuple[str, ...], int] = {}
    for number, fields in enumerate(reader, start=1):  # a row's number is its record's, so that line = row + 1 holds
        if not fields:
            continue  # a blank line between rows
        stripped = tuple(f.strip() for f in fields)
        if list(stripped) == header:
            raise DataFileError(path, "repeats the header: two files pasted together?", row=number)
        if stripped in seen:  # a row pasted twice, whatever the table's key: it would be counted, or cited, twice
            raise DataFileError(path, f"repeats row {seen[stripped]} exactly", row=number)
        seen[stripped] = number
        if len(fields) != len(header):
            raise DataFileError(path, f"has {len(fields)} fields, the header has {len(header)}", row=number)
        cells = dict(zip(header, (cell.strip() for cell in fields), strict=True))
        parsed = {}
        for column in columns:
            try:
                parsed[column.name] = column.parse(cells[column.name])
            except ValueError as error:
                raise DataFileError(path, str(error), row=number, column=column.name) from None
        parsed["row_number"] = number
        rows.append(parsed)
    return rows


def require_unique(path: Path, rows: list[dict], key: tuple[str, ...], form=None) -> None:
    """Fail on the first row whose key repeats an earlier row's; with `form`, keys are compared in that form
    (text_forms.comparable: a name in Traditional characters repeats its Simplified twin)."""
    seen: dict[tuple, int] = {}
    for row in rows:
        value = tuple(row[k] if form is None or not isinstance(row[k], str) else form(row[k]) for k in key)
        if value in seen:
            shown = ", ".join(map(str, value))
            raise DataFileError(path, f"duplicate {shown!r}", row=row["row_number"], column=key[-1], earlier=seen[value])
        seen[value] = row["row_number"]


def read_table(path: Path, columns: list[Column], *, key: tuple[str, ...] = ()) -> pd.DataFrame:
    """The validated file as a DataFrame (numbers as Decimal-free floats), with its row numbers in `row_number`."""
    path = Path(path)
    text = checked_text(path)
    cache_key = (text, tuple(columns), key)
    if cache_key not in _TABLES:
        rows = [dict(row) for row in _parsed(path, text, tuple(columns))]
        if not rows:
            raise DataFileError(path, "has a header but no data rows")
        if key:
            require_unique(path, rows, key)
        _remember(_TABLES, cache_key, _frame(rows, columns))
    return _TABLES[cache_key].copy()


def _frame(rows: list[dict], columns: list[Column]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[c.name for c in columns] + ["row_number"])
    for column in columns:
        if column.kind == NUMBER:
            frame[column.name] = frame[column.name].map(lambda v: None if v is None else float(v)).astype("float64")
        else:
            frame[column.name] = frame[column.name].fillna("")  # an empty optional text cell reads as ""
    return frame
