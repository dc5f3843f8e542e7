"""The registry of sources: the articles and every raw file, with checksums.

Raw files are immutable: if one is edited after it was registered, its
checksum no longer matches and loading fails. A new version of a source goes
in as a new file with a new registry row, never over the old one.
"""
from __future__ import annotations

from datetime import date
import hashlib
import re
from pathlib import Path

import pandas as pd

from . import schemas
from .config import relative_to_root
from .validation import DataFileError, read_table, require_unique


# The terms each kind of source is held under, unless its registration says otherwise (LICENSE gives the detail)
LICENCES = {
    "article": "© the publisher; a copy kept only to check quotes word for word (see LICENSE)",
    "compiled": "facts from public reports, each cited to its source; the compilation CC BY 4.0 (see LICENSE)",
    "independent": "facts from public reports, each cited to its source; the compilation CC BY 4.0 (see LICENSE)",
    "note": "CC BY 4.0 (see LICENSE)",
}


# Some mirrors of Traditional-character pages print each simplified form's pinyin after the character:
# 企業(yè)發(fā)展. The text is kept as captured (quotes are matched against it); readers see it without.
PINYIN_AFTER_HAN = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")


def readable(text: str) -> str:
    """Text as a reader should see it: '企業(yè)發(fā)展' -> '企業發展'. Other parentheses stay: '县(市、旗)'."""
    return PINYIN_AFTER_HAN.sub("", text)


def sha256_of(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


VERSIONED = re.compile(r"(?P<base>.+?)(?:_v(?P<version>\d+))?")


def _version_of(path: Path) -> tuple[tuple[Path, str, str], int]:
    """(folder, base name, extension) and version of a raw file: independent_reports_2026-11-25_v2.csv is version 2 of
    independent_reports_2026-11-25.csv, which is version 1."""
    match = VERSIONED.fullmatch(path.stem)
    return (path.parent, match["base"], path.suffix), int(match["version"] or 1)


def superseded(paths: list[Path]) -> dict[Path, Path]:
    """Each file a later version replaces, with the latest version. Raw files are never edited: a corrected file is
    registered anew as <name>_v2.csv, and every file read by kind (reports, province totals) is read at its latest."""
    latest: dict[tuple, tuple[int, Path]] = {}
    for path in paths:
        key, version = _version_of(path)
        if key not in latest or version > latest[key][0]:
            latest[key] = (version, path)
    return {path: latest[_version_of(path)[0]][1] for path in paths if latest[_version_of(path)[0]][1] != path}


def current(paths: list[Path]) -> list[Path]:
    """`paths` without the files a later version replaces, in their order."""
    replaced = superseded(paths)
    return [path for path in paths if path not in replaced]


def leaves_raw(path: str) -> bool:
    """Whether a registry path ('compiled/clusters_2022.csv', relative to data/raw/) points out of data/raw/."""
    return ".." in path.split("/") or path.startswith("/")


def kind_of_table(path: str) -> str:
    """The kind a CSV under data/raw/ is registered as, from the table its name makes it: 'independent' for reports,
    'compiled' for every other table; '' for a file of no table (an article, a note)."""
    if not path.endswith(".csv"):
        return ""
    try:
        table = schemas.table_for(f"raw/{path}")
    except LookupError:
        return ""
    return "independent" if table is schemas.REPORTS else "compiled"


def load_sources(path: Path, raw_dir: Path) -> pd.DataFrame:
    """The source registry, indexed by source_id, after checking every raw file's checksum."""
    sources = read_table(path, schemas.SOURCES.columns, key=("source_id",))
    for row in sources.itertuples():
        if leaves_raw(row.path):  # a path out of data/raw/ would read a file no checksum covers there
            raise DataFileError(path, f"{row.path!r} leaves data/raw/; a path is written from inside it (compiled/clusters_2022.csv)",
                                row=row.row_number, column="path")
    require_unique(path, sources.to_dict("records"), ("path",))  # one file under two ids would count its rows twice
    registered = set(sources["path"])
    for raw in sorted(p for p in raw_dir.rglob("*") if p.is_file()):  # a file no row registers is checked by nothing
        if raw.relative_to(raw_dir).as_posix() not in registered:
            raise DataFileError(raw, f"is not registered in {relative_to_root(path)}: register it with `sme-clusters register`, "
                                     "or remove it (a raw file is read, and checked, only as registered)")
    for row in sources.itertuples():
        raw = raw_dir / row.path
        if not raw.is_file():
            raise DataFileError(path, f"raw file {row.path!r} does not exist under data/raw/", row=row.row_number, column="path")
        expected = kind_of_table(row.path)
        if expected and row.kind != expected:  # the kind decides which loader reads the file: a wrong one misreads it
            raise DataFileError(path, f"{row.path!r} is a file of '{schemas.table_for('raw/' + row.path).title}', registered as "
                                      f"{expected!r}, not {row.kind!r}", row=row.row_number, column="kind")
        if row.kind == "article" and not row.date:
            raise DataFileError(path, "an article needs its publication date", row=row.row_number, column="date")
        if row.accessed > date.today().isoformat():  # the day the copy was taken: it has come (ISO dates sort as text)
            raise DataFileError(path, f"a copy taken on {row.accessed}, after today", row=row.row_number, column="accessed")
        if sha256_of(raw) != row.sha256:
            raise DataFileError(
                path,
                f"checksum of data/raw/{row.path} does not match: the raw file was changed after it was registered "
                "(raw data is immutable; add a new file and a new row instead)",
                row=row.row_number,
                column="sha256",
            )
    return sources.set_index("source_id", drop=False)


def articles(sources: pd.DataFrame) -> pd.DataFrame:
    """The source articles: id, publisher, title, date, URL, language."""
    return sources[sources["kind"] == "article"]


def article_texts(sources: pd.DataFrame, raw_dir: Path) -> dict[str, str]:
    """Each article as captured (navigation text and all), by article id: what quotes are checked against."""
    return {row.source_id: (raw_dir / row.path).read_text(encoding="utf-8-sig")  # a byte-order mark (Notepad's) is no text
            for row in articles(sources).itertuples()}
