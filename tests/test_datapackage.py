"""data/datapackage.json: current, valid by `frictionless`, describing every column, and failing on data it does not describe."""
from __future__ import annotations

import csv
import json
import shutil

import pytest

from sme_clusters import config
from sme_clusters.datapackage import build_package, package_text, write_package

pytestmark = pytest.mark.long  # frictionless validating every file: handed out early (conftest.py)


def _errors(report) -> list:
    return report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])


def test_the_committed_data_package_is_current():
    committed = (config.DATA_DIR / config.PACKAGE_FILE).read_text(encoding="utf-8")
    assert committed == package_text(config.DATA_DIR), "data/datapackage.json is stale: `make reproduce` writes it again"


def test_every_file_it_describes_validates_with_frictionless():
    from frictionless import validate  # imported where used: 0.3 s for every test process otherwise

    report = validate(str(config.DATA_DIR / config.PACKAGE_FILE))
    assert report.valid, _errors(report)[:20]


def test_it_describes_every_csv_in_data_and_every_column_with_a_type_and_a_meaning():
    package = build_package(config.DATA_DIR)
    described = {r["path"] for r in package["resources"]}
    on_disk = {p.relative_to(config.DATA_DIR).as_posix() for p in config.DATA_DIR.rglob("*.csv")}
    assert described == on_disk
    for resource in package["resources"]:
        header = (config.DATA_DIR / resource["path"]).read_text(encoding="utf-8").splitlines()[0]
        assert [f["name"] for f in resource["schema"]["fields"]] == next(csv.reader([header]))
        assert all(f["type"] in ("string", "number", "integer") and f["description"] for f in resource["schema"]["fields"])


def test_the_ledger_promises_the_verdict_scale_and_the_numbers_carry_units():
    ledger = next(r for r in build_package(config.DATA_DIR)["resources"] if r["path"] == f"processed/{config.LEDGER.name}")
    verdict = next(f for f in ledger["schema"]["fields"] if f["name"] == "verdict")
    assert "contradicted" in verdict["constraints"]["enum"] and "derived" not in verdict["constraints"]["enum"]
    lists = next(r for r in build_package(config.DATA_DIR)["resources"] if r["path"] == "processed/02-batches__lists.csv")
    assert {f["name"]: f.get("unit") for f in lists["schema"]["fields"]}["official count"] == "clusters"


@pytest.fixture
def data_with_package(data_copy):
    shutil.copytree(config.PROCESSED_DIR, data_copy / "processed")
    write_package(data_copy)
    return data_copy


def test_a_word_off_the_verdict_scale_fails_validation_naming_row_and_field(data_with_package):
    ledger = data_with_package / "processed" / config.LEDGER.name
    ledger.write_text(ledger.read_text(encoding="utf-8").replace(",corroborated,", ",probably true,", 1), encoding="utf-8")
    from frictionless import validate

    report = validate(str(data_with_package / config.PACKAGE_FILE))
    assert not report.valid
    assert any(e[2] == "verdict" and e[3] == "constraint-error" for e in _errors(report)), _errors(report)


def test_a_new_years_list_file_joins_the_package_without_a_code_change(data_with_package):
    from sme_clusters.config import DataPaths
    from sme_clusters.newyear import register_raw_file

    lists = sorted((data_with_package / "raw" / "compiled").glob("clusters_[0-9][0-9][0-9][0-9].csv"))
    latest = max(int(p.stem.split("_")[1]) for p in lists)
    header, *rows = next(p for p in reversed(lists) if p.read_text(encoding="utf-8").count("\n") > 1).read_text(encoding="utf-8").splitlines()
    year = rows[0].split(",")[0]
    next_year = lists[0].with_name("incoming.csv")  # a row of the latest list that has rows, as a row of the year after the last
    next_year.write_text("\n".join([header, rows[0].replace(f"{year},", f"{latest + 1},", 1)]) + "\n", encoding="utf-8")
    register_raw_file(DataPaths(data_with_package), next_year, f"compiled/clusters_{latest + 1}.csv",  # as the README's steps do
                      {"source_id": f"clusters_{latest + 1}", "kind": "compiled", "publisher": "p", "title": "t", "description": "d"})
    next_year.unlink()
    assert write_package(data_with_package)
    paths = {r["path"] for r in json.loads((data_with_package / config.PACKAGE_FILE).read_text(encoding="utf-8"))["resources"]}
    assert f"raw/compiled/clusters_{latest + 1}.csv" in paths
    assert not write_package(data_with_package)  # written once; the same folder again changes nothing


def test_a_csv_no_table_describes_is_named(data_copy):
    (data_copy / "reference" / "mystery.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(LookupError, match="data/reference/mystery.csv"):
        build_package(data_copy)


def test_a_column_no_table_describes_is_named(data_copy):
    path = data_copy / "reference" / "facts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",colour", *(line + ",red" for line in lines[1:])]) + "\n", encoding="utf-8")
    with pytest.raises(LookupError, match="column 'colour'"):
        build_package(data_copy)


def test_every_column_is_declared_once_in_the_schemas_module():
    """Columns (name, type, constraints, meaning, unit) are declared in schemas.py alone: the loaders validate with
    those tables and the data package is written from them, so no other module may declare a column or a meaning."""
    import re

    package = config.ROOT / "src" / "sme_clusters"
    declaring = sorted(p.name for p in package.glob("*.py")
                       if p.name != "schemas.py" and re.search(r"\bColumn\(|\bTable\(|\bMEANINGS\s*[:=]|\bmeaning=", p.read_text(encoding="utf-8")))
    assert declaring == []


def test_every_table_the_package_holds_has_a_meaning_for_each_column():
    from sme_clusters import schemas

    unexplained = [(t.title, c.name) for t in schemas.TABLES for c in t.columns if not c.meaning]
    assert unexplained == []
    assert len({t.title for t in schemas.TABLES}) == len(schemas.TABLES)


def test_a_column_without_a_meaning_stops_the_package_naming_it(monkeypatch):
    from dataclasses import replace

    from sme_clusters import schemas

    bare = replace(schemas.FACTS, columns=[replace(c, meaning="") if c.name == "source" else c for c in schemas.FACTS.columns])
    monkeypatch.setattr(schemas, "TABLES", [bare if t is schemas.FACTS else t for t in schemas.TABLES])
    with pytest.raises(KeyError, match="'source' of 'Outside facts'"):
        build_package(config.DATA_DIR)
