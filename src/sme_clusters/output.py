"""Writing outputs so that a reader never sees half a file.

Each file is written next to its target under a temporary name and then
renamed over it: a rename within one directory is atomic, so the target holds
either the old bytes or the new, never a mix.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .schemas import FORMULA_START


def write_bytes_atomically(target: Path, data: bytes) -> Path:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def write_text_atomically(target: Path, text: str) -> Path:
    return write_bytes_atomically(target, text.encode("utf-8"))


def _files_under(paths: list[Path]) -> list[Path]:
    found = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += [p for p in path.rglob("*") if p.is_file()]
    return found


@contextmanager
def all_or_nothing(paths: list[Path], scratch: Path):
    """Every file under `paths` (files or folders) as it was before the block, put back if the block fails.

    The outputs are only ever replaced by renaming (write_bytes_atomically, os.replace), never written in place, so a
    hard link to each file keeps its old bytes at no cost. On any failure, Ctrl-C included, each kept file is renamed
    back over its path and every file the block added under `paths` is removed; then the failure goes on.
    """
    paths = [Path(p) for p in paths]
    backup = Path(tempfile.mkdtemp(dir=scratch, prefix="kept-"))
    kept: dict[Path, Path] = {}
    for i, path in enumerate(_files_under(paths)):
        link = backup / str(i)
        os.link(path, link)
        kept[path] = link
    try:
        yield
    except BaseException:
        # a second Ctrl-C (or SIGTERM, which the command treats as one) must not stop the putting back
        previous = {number: signal.signal(number, signal.SIG_IGN) for number in (signal.SIGINT, signal.SIGTERM)}
        try:
            for path in _files_under(paths):
                if path not in kept:
                    path.unlink()
            for path, link in kept.items():
                path.parent.mkdir(parents=True, exist_ok=True)
                os.replace(link, path)
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
        raise
    finally:
        shutil.rmtree(backup, ignore_errors=True)


# A cell a spreadsheet would run as a formula: see schemas.FORMULA_START. Inputs refuse those; text starting with '-'
# (page furniture such as '- 437') is held, and escaped here.
NEGATIVE_NUMBER = re.compile(r"-\d[\d,]*(\.\d+)?%?")


def spreadsheet_safe(cell):
    """A text cell as it may be written to a CSV: one a spreadsheet would run gets a leading apostrophe, which it shows
    as text; numbers and every other cell are left as they are."""
    if isinstance(cell, str) and (cell.startswith(FORMULA_START) or (cell.startswith("-") and not NEGATIVE_NUMBER.fullmatch(cell))):
        return "'" + cell
    return cell


def csv_text(frame, *, index: bool = False) -> str:
    """A table as the project writes every CSV: '\\n' line ends, and no cell a spreadsheet would run as a formula."""
    safe = frame.map(spreadsheet_safe)
    if index:
        safe.index = safe.index.map(spreadsheet_safe)
    return safe.to_csv(index=index, lineterminator="\n")
