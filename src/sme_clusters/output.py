"""Writing outputs so that a reader never sees half a file.

Each file is written next to its target under a temporary name and then
renamed over it: a rename within one directory is atomic, so the target holds
either the old bytes or the new, never a mix.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
