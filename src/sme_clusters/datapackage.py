"""The results and their inputs as a Frictionless data package: `data/datapackage.json`.

Every CSV under data/ is a resource with a Table Schema: each column's type, its meaning, its
unit where it has one, and the constraints a reader can rely on. Everything about a column (type,
pattern, allowed values, meaning, unit) comes from its table in schemas.py, the same declaration the
loaders validate with before any notebook runs, so the package cannot promise what they do not check.
The list of resources is read from the files present: a new year's list file joins the package
when `sme-clusters run` writes it again. A test validates the package with `frictionless` and
checks that the committed file is current.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from . import config, schemas
from .output import write_text_atomically
from .validation import DataFileError, read_header, read_table

WHOLE_NUMBER = {schemas.YEAR, r"\d+"}  # patterns that make a column an integer


def _field(name: str, column: schemas.Column, table: schemas.Table) -> dict:
    if not column.meaning:
        raise KeyError(f"column {column.name!r} of '{table.title}' has no meaning in schemas.py")
    description, unit = column.meaning, column.unit
    integer = column.pattern in WHOLE_NUMBER
    field = {"name": name, "type": "integer" if integer else "number" if column.kind == schemas.NUMBER else "string", "description": description}
    if unit:
        field["unit"] = unit
    constraints = {"required": True} if column.required else {}
    if column.choices:
        constraints["enum"] = list(column.choices)
    if column.pattern and not integer:
        constraints["pattern"] = column.pattern
    if column.kind == schemas.NUMBER and column.minimum is not None:
        constraints["minimum"] = int(column.minimum)
    return {**field, "constraints": constraints} if constraints else field


def _resource(path: Path, root: Path) -> dict:
    """One CSV as a resource: its columns, in the file's order, each with its type, meaning and constraints."""
    relative = path.relative_to(root).as_posix()
    table = schemas.table_for(relative)
    header = read_header(path)  # as the loaders read it: a byte-order mark or spaces around a name are no new column
    by_name = {c.name: c for c in table.columns}
    fields = []
    for name in header:
        column = by_name.get(name) or (by_name.get(schemas.YEAR_COLUMN) if re.fullmatch(schemas.YEAR, name) else None)
        if column is None:
            raise LookupError(f"data/{relative}: column {name!r} is not among the columns of '{table.title}' in schemas.py")
        fields.append(_field(name, column, table))
    return {"name": re.sub(r"[^a-z0-9.-]+", "-", relative.removesuffix(".csv").lower()), "path": relative, "title": table.title,
            "description": f"One row is {table.row}.", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            **_provenance(relative, root), "schema": {"fields": fields}}


def _provenance(relative: str, root: Path) -> dict:
    """A registered raw file's provenance, as OWID records a snapshot's: who published it, where, when the project took its
    copy, and the terms it is held under (from sources.csv)."""
    registry = root / "sources.csv"
    if not relative.startswith("raw/") or not registry.is_file():
        return {}
    # read as the loaders read it (cells and column names stripped), not as raw CSV: ' path ' is the column 'path'
    entry = next((row for row in read_table(registry, schemas.SOURCES.columns).to_dict("records") if f"raw/{row['path']}" == relative), None)
    if entry is None:  # the loaders would not read it: checked by nothing, it would join the package unchecked
        raise DataFileError(root / relative, f"is not registered in data/{config.DATA_LAYOUT['sources']}; add it with `sme-clusters register`")
    source = {"title": f"{entry['publisher']}: {entry['title']}", **({"path": entry["url"]} if entry.get("url") else {})}
    return {"sources": [source], "accessed": entry.get("accessed", ""), "terms": entry.get("licence", "")}


def build_package(root: Path, outputs: bool = True) -> dict:
    """The data package of a data folder: every CSV in it, in path order; without `outputs`, the inputs alone (what a
    run checks before it starts: a damaged table of verdicts is rebuilt by the run, so it must not stop it)."""
    files = sorted((p for p in root.rglob("*.csv") if outputs or p.relative_to(root).parts[0] != config.PROCESSED_DIR.name),
                   key=lambda p: p.relative_to(root).as_posix())
    return {
        "name": "sme-clusters",
        "title": "China's SME characteristic industrial clusters, checked: claims, evidence and verdicts",
        "description": "The claims of the news articles checked about China's national SME characteristic industrial clusters "
                       "(中小企业特色产业集群), the evidence they are checked against, and the verdicts the notebooks reach "
                       "(processed/). Raw files (raw/) are registered with checksums in sources.csv. The project's own tables "
                       "are CC BY 4.0; compiled facts keep their sources' terms, cited row by row (see LICENSE).",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0 (the project's own tables)"}],
        "resources": [_resource(path, root) for path in files],
    }


def package_text(root: Path) -> str:
    return json.dumps(build_package(root), ensure_ascii=False, indent=2) + "\n"


def write_package(root: Path) -> bool:
    """Write `root/datapackage.json` (config.PACKAGE_FILE) if it differs from the package the folder holds now; True if it was written."""
    target, text = root / config.PACKAGE_FILE, package_text(root)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    write_text_atomically(target, text)
    return True
