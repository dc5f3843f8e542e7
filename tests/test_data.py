"""The data files: registry complete, claims cover the articles, quotes exact."""
from __future__ import annotations

import re
from pathlib import Path
import shutil

import pytest

from sme_clusters import config
from sme_clusters.claims import load_reported_figures, uncovered_statements
from sme_clusters.dataset import Dataset
from sme_clusters.sources import articles
from sme_clusters.validation import DataFileError

DATA = Dataset(config.DATA)


def test_every_raw_file_is_registered_with_its_checksum():
    registered = set(DATA.sources["path"])
    on_disk = {p.relative_to(config.DATA.raw).as_posix() for p in config.DATA.raw.rglob("*") if p.is_file()}
    assert on_disk == registered


def test_the_registry_describes_every_article():
    table = articles(DATA.sources)
    assert len(table) and table[["publisher", "title", "date", "language"]].ne("").all().all()
    assert all(path.startswith("articles/") for path in table["path"])


def test_every_article_has_claims_and_every_quote_is_exact():
    claims, texts = DATA.claims, DATA.article_texts
    assert {c.article_id for c in claims} == set(texts)
    for claim in claims:
        assert claim.quote in texts[claim.article_id], claim.claim_id


def test_every_sentence_with_a_number_is_a_claim_or_excluded_with_a_reason():
    assert uncovered_statements(DATA.claims, DATA.article_texts, DATA.paths.claims_excluded) == []


def test_dropping_a_claim_shows_up_as_an_uncovered_sentence(data_copy):
    claims = DATA.claims
    kept = [c for c in claims if c.claim_id != "004-service-institutions"]
    missing = uncovered_statements(type(claims)(kept), DATA.article_texts, data_copy / "claims_excluded.csv")
    assert missing == [("004", claims["004-service-institutions"].quote)]


def test_an_exclusion_must_quote_its_article(data_copy):
    path = data_copy / "claims_excluded.csv"
    path.write_text(path.read_text(encoding="utf-8") + "003,Text that is nowhere,made up\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"claims_excluded.csv, row \d+ \(line \d+\), column 'text': the text is not found"):
        uncovered_statements(DATA.claims, DATA.article_texts, path)


def test_the_cctv_vintage_lines_up_with_the_first_batch_metrics():
    figures = DATA.reported_figures
    cctv = figures[figures["scope"] == "2022 list"].set_index("metric")
    claims = DATA.claims
    for metric in ("smes", "output", "single_champions", "little_giants", "quality_sme_share"):
        assert metric in cctv.index
        assert claims.one(scope="2022 list", metric=metric).unit == cctv.loc[metric, "unit"]


def test_a_metric_mapping_to_a_figure_that_does_not_exist_is_named(data_copy):
    path = data_copy / "reported_figure_metrics.csv"
    row = len(path.read_text(encoding="utf-8").splitlines())  # the appended line's data row: after the header and every row
    path.write_text(path.read_text(encoding="utf-8") + "first batch (2022 list),invented figure,2022 list,invented\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"reported_figure_metrics.csv, row {row} \(line {row + 1}\), column 'figure'"):
        load_reported_figures(DATA.raw_file("other_reported_figures"), path, DATA.claims)


@pytest.mark.parametrize("edit, message", [
    # two metrics swapped: the output in yuan would be shown as the count of SMEs
    (lambda t: t.replace(",smes\n", ",TMP\n").replace(",output\n", ",smes\n").replace(",TMP\n", ",output\n"),
     r"row 1 \(line 2\), column 'metric': 'SMEs in the clusters' is in 'enterprises' .* measuring 'output' are in 'yuan'"),
    # the same metric twice in one scope: the comparison would get two figures for one claim
    (lambda t: t.replace(",output\n", ",smes\n"), r"column 'metric': duplicate '2022 list, smes', first seen in row 1"),
    # a metric no claim of the scope has: the comparison would be silently empty
    (lambda t: t.replace(",smes\n", ",sme\n"), r"row 1 \(line 2\), column 'metric': no claim of scope '2022 list' measures 'sme'"),
])
def test_a_metric_must_line_up_with_the_claims_of_its_scope(data_copy, edit, message):
    path = data_copy / "reported_figure_metrics.csv"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"reported_figure_metrics.csv, .*{message}"):
        load_reported_figures(DATA.raw_file("other_reported_figures"), path, DATA.claims)


def test_a_reported_figure_is_one_value_not_a_range(data_copy):
    """other_reported_figures has no upper column: 'between' would be read as its lower end alone."""
    from .synthetic import register_checksums

    path = data_copy / "raw" / "compiled" / "other_reported_figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",yuan,over,", ",yuan,between,", 1)
    assert ",between," in lines[2]
    path.write_text("".join(lines), encoding="utf-8")
    register_checksums(data_copy)
    with pytest.raises(DataFileError, match=r"other_reported_figures.csv, row 2 \(line 3\), column 'qualifier': expected one of .*'at most'"):
        Dataset(config.DataPaths(data_copy)).validate()


def test_every_source_records_when_the_project_took_its_copy_and_its_terms():
    """Provenance as OWID keeps it: a date accessed and a licence for every registered file, carried into the data package."""
    import json

    assert DATA.sources["accessed"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all() and (DATA.sources["licence"] != "").all()
    package = json.loads((config.DATA_DIR / config.PACKAGE_FILE).read_text(encoding="utf-8"))
    raw = [r for r in package["resources"] if r["path"].startswith("raw/")]
    assert raw and all(r["accessed"] and r["terms"] and r["sources"][0]["title"] for r in raw)


def test_a_file_registered_without_a_date_or_terms_gets_today_and_its_kinds_terms(data_copy, tmp_path):
    from datetime import date

    from sme_clusters.config import DataPaths
    from sme_clusters.newyear import register_raw_file
    from sme_clusters.sources import LICENCES

    incoming = tmp_path / "note.md"
    incoming.write_text("a note\n", encoding="utf-8")
    row = register_raw_file(DataPaths(data_copy), incoming, "compiled/note_test.md",
                            {"source_id": "note-test", "kind": "note", "publisher": "p", "title": "t", "description": "d"})
    assert row.endswith(f"{date.today().isoformat()},{LICENCES['note']}")
    assert Dataset(DataPaths(data_copy)).sources.loc["note-test", "accessed"] == date.today().isoformat()


def test_a_csv_under_raw_that_is_not_registered_stops_the_package(data_copy):
    """The loaders read registered files only: an unregistered one would join the data package unchecked."""
    from sme_clusters.datapackage import build_package

    stray = data_copy / "raw" / "compiled" / "clusters_2031.csv"
    shutil.copyfile(data_copy / "raw" / "compiled" / "clusters_2023.csv", stray)
    with pytest.raises(DataFileError, match="clusters_2031.csv: is not registered in data/sources.csv"):
        build_package(data_copy)


def test_a_csv_is_checked_before_it_is_registered_and_nothing_is_left_when_it_fails(data_copy, tmp_path):
    from sme_clusters.config import DataPaths
    from sme_clusters.newyear import RegisterError, register_raw_file

    incoming = tmp_path / "clusters_2031.csv"
    incoming.write_bytes((data_copy / "raw" / "compiled" / "clusters_2023.csv").read_text(encoding="utf-8").encode("gbk"))
    registry = (data_copy / "sources.csv").read_bytes()
    fields = {"source_id": "clusters_2031", "kind": "compiled", "publisher": "p", "title": "t", "description": "d"}
    with pytest.raises(RegisterError, match="is not UTF-8.*nothing was registered"):
        register_raw_file(DataPaths(data_copy), incoming, "compiled/clusters_2031.csv", fields)
    assert (data_copy / "sources.csv").read_bytes() == registry and not (data_copy / "raw" / "compiled" / "clusters_2031.csv").exists()


def test_validate_counts_each_report_file_on_its_own():
    """Two folders may hold files of the same name (compiled/ and searched/ both have a dated independent_reports file)."""
    counts = [int(what.split()[0]) for what in (line.split(": ", 1)[1] for line in DATA.validate())
              if what.split(" ", 1)[1] == "independent reports"]
    assert len(counts) > 1 and sum(counts) == len(DATA.independent_reports)


def test_a_list_file_is_checked_against_the_reference_tables_before_it_is_registered_and_a_correction_goes_in_as_v2(data_copy, tmp_path):
    """What check-year would refuse once the file is registered, and could then never be fixed, is refused at registration;
    a corrected file takes a versioned name, which the table of list files accepts."""
    import csv

    from sme_clusters.config import DataPaths
    from sme_clusters.newyear import RegisterError, register_raw_file

    rows = list(csv.reader((data_copy / "raw" / "compiled" / "clusters_2023.csv").open(encoding="utf-8", newline="")))
    province = rows[0].index("province")
    rows[2][province] = rows[2][province].removesuffix("省").removesuffix("市") + "X"
    incoming = tmp_path / "rows.csv"
    csv.writer(incoming.open("w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
    registry = (data_copy / "sources.csv").read_bytes()
    fields = {"source_id": "clusters_2023_fixed", "kind": "compiled", "publisher": "p", "title": "t", "description": "d"}
    with pytest.raises(RegisterError, match=r"rows.csv, row 2 \(line 3\), column 'province': unknown province .*nothing was registered"):
        register_raw_file(DataPaths(data_copy), incoming, "compiled/clusters_2023_v2.csv", fields)
    assert (data_copy / "sources.csv").read_bytes() == registry
    shutil.copyfile(data_copy / "raw" / "compiled" / "clusters_2023.csv", incoming)
    with pytest.raises(RegisterError, match="is already registered, byte for byte, as 'clusters_2023'"):  # it would count twice
        register_raw_file(DataPaths(data_copy), incoming, "compiled/clusters_2023_v2.csv", fields)
    incoming.write_text(incoming.read_text(encoding="utf-8").replace(",\n", ",corrected\n", 1), encoding="utf-8")  # a correction
    register_raw_file(DataPaths(data_copy), incoming, "compiled/clusters_2023_v2.csv", fields)
    assert Dataset(DataPaths(data_copy)).raw_file("clusters_2023_fixed").name == "clusters_2023_v2.csv"


def test_a_corrected_reports_file_goes_in_as_v2_and_replaces_the_first(data_copy, tmp_path):
    """Raw files are never edited: a reports file with a wrong date is registered again as <name>_v2.csv, which the run
    reads instead of the first. Under another name its ids would be used twice, and it is refused."""
    from sme_clusters.config import DataPaths
    from sme_clusters.newyear import RegisterError, register_raw_file
    from sme_clusters.sources import current, superseded

    data = Dataset(DataPaths(data_copy))
    first = current(data.report_files)[0]
    report = next(r for r in data.independent_reports.values() if r.file.endswith(first.name) and r.date)
    import csv

    rows = list(csv.reader(first.open(encoding="utf-8", newline="")))
    rows[report.row_number][rows[0].index("date")] = "1999-01-01"
    incoming = tmp_path / "corrected.csv"
    csv.writer(incoming.open("w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
    fields = {"source_id": "reports_corrected", "kind": "independent", "publisher": "p", "title": "t", "description": "d"}
    folder = first.parent.name
    with pytest.raises(RegisterError, match="duplicate evidence id"):
        register_raw_file(DataPaths(data_copy), incoming, f"{folder}/independent_reports_another_name.csv", fields)
    version = f"{folder}/{first.stem}_v9.csv"
    register_raw_file(DataPaths(data_copy), incoming, version, fields)
    corrected = Dataset(DataPaths(data_copy))
    assert superseded(corrected.report_files)[first] == data_copy / "raw" / version
    assert corrected.independent_reports[report.evidence_id].date == "1999-01-01"
    assert len(corrected.independent_reports) == len(data.independent_reports)
    assert f"{first.name}: superseded by {first.stem}_v9.csv" in " ".join(corrected.validate())


def test_a_report_printed_after_its_copy_was_taken_is_refused(data_copy):
    """A date mistyped into the future (2099 for 2024) would mark every verdict citing it as later than its article."""
    import csv

    from sme_clusters.config import DataPaths

    from .synthetic import register_checksums

    data = Dataset(DataPaths(data_copy))
    path = data_copy / "raw" / "compiled" / "independent_reports.csv"
    report = next(r for r in data.independent_reports.values() if r.date and r.file.endswith(path.name))
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    rows[report.row_number][rows[0].index("date")] = "2099-01-01"
    csv.writer(path.open("w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
    register_checksums(data_copy)
    with pytest.raises(DataFileError, match=rf"{path.name}, row {report.row_number} .*column 'date': printed 2099-01-01, after the copy"):
        Dataset(DataPaths(data_copy)).validate()


def test_a_later_version_replaces_only_its_own_file():
    from sme_clusters.sources import current

    files = [Path(p) for p in ("a/r.csv", "a/r_v3.csv", "a/r_v2.csv", "b/r.csv", "a/r_2026.csv", "a/r_2026_v2.csv")]
    assert current(files) == [Path("a/r_v3.csv"), Path("b/r.csv"), Path("a/r_2026_v2.csv")]


@pytest.mark.parametrize(("target", "kind", "content", "expected"), [
    ("compiled/clusters_2031.csv", "independent", "rows", "--kind independent: a file of 'Known rows of a list' is registered as compiled"),
    ("compiled/clusters_2031.CSV", "compiled", "rows", "write the extension in lower case"),
    ("articles/031_new.txt", "article", "gbk", "line 1 is not UTF-8"),
    ("compiled/clusters_2032.csv", "compiled", "rows", "expected the batch year 2032, got 2031"),  # the year its name gives
])
def test_register_refuses_what_the_run_could_not_read_as_registered(data_copy, tmp_path, target, kind, content, expected):
    from sme_clusters.config import DataPaths
    from sme_clusters.newyear import RegisterError, register_raw_file

    incoming = tmp_path / "incoming"
    text = (data_copy / "raw" / "compiled" / "clusters_2023.csv").read_text(encoding="utf-8").replace("\n2023,", "\n2031,")
    incoming.write_bytes(text.encode("utf-8") if content == "rows" else "工信部公布名单。\n".encode("gbk"))
    registry = (data_copy / "sources.csv").read_bytes()
    fields = {"source_id": "031" if kind == "article" else "new-file", "kind": kind, "publisher": "p", "title": "t", "description": "d", "date": "2031-01-01"}
    with pytest.raises(RegisterError, match=re.escape(expected)):
        register_raw_file(DataPaths(data_copy), incoming, target, fields)
    assert (data_copy / "sources.csv").read_bytes() == registry


def test_every_raw_file_is_registered_once_and_a_registry_read_as_the_loaders_read_it(data_copy):
    """A raw file no row registers is checked by nothing, and one registered under two ids counts twice: both refused.
    Spaces around the registry's column names are read as the loaders read them, by the data package too."""
    import csv

    from sme_clusters.config import DataPaths
    from sme_clusters.datapackage import build_package

    stray = data_copy / "raw" / "articles" / "005_stray.txt"
    stray.write_text("一篇没有登记的文章。\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"005_stray.txt: is not registered in .*sources.csv"):
        Dataset(DataPaths(data_copy)).validate()
    stray.unlink()

    registry = data_copy / "sources.csv"
    header, *rows = list(csv.reader(registry.open(encoding="utf-8", newline="")))
    again = [f"{cell}-again" if name == "source_id" else cell for name, cell in zip(header, rows[1], strict=True)]
    with registry.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows([header, *rows, again])
    with pytest.raises(DataFileError, match=rf"sources.csv, row {len(rows) + 1} .*column 'path': duplicate"):
        Dataset(DataPaths(data_copy)).validate()

    padded = [f" {name} " for name in header]
    with registry.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows([padded, *rows])
    described = {r["path"]: r for r in build_package(data_copy)["resources"]}
    assert all(r.get("sources") for path, r in described.items() if path.startswith("raw/"))


@pytest.mark.parametrize(("fields", "expected"), [
    ({"accessed": "2999-01-01"}, "--accessed 2999-01-01: the day the copy was taken has not come yet"),
])
def test_register_refuses_a_copy_dated_ahead_of_today(data_copy, tmp_path, fields, expected):
    """The loaders refuse a copy taken after today: registered, it would stop every run until that day."""
    from sme_clusters.config import DataPaths
    from sme_clusters.newyear import RegisterError, register_raw_file

    note = tmp_path / "note.md"
    note.write_text("a note\n", encoding="utf-8")
    registry = (data_copy / "sources.csv").read_bytes()
    given = {"source_id": "a-note", "kind": "note", "publisher": "p", "title": "t", "description": "d", **fields}
    with pytest.raises(RegisterError, match=re.escape(expected)):
        register_raw_file(DataPaths(data_copy), note, "compiled/a_note.md", given)
    assert (data_copy / "sources.csv").read_bytes() == registry


def test_a_sentence_whose_only_figure_is_in_chinese_numerals_or_words_must_be_claimed_or_excluded(tmp_path):
    """百分之二十五, 近百个, 三分之一, 近四成, 三方面, 'about a quarter': figures without a digit are figures too."""
    from sme_clusters.claims import Claims

    sentences = ["集群内专精特新企业占比达到百分之二十五。", "有近百个集群参与。", "约三分之一位于县域。", "近四成企业有研发机构。",
                 "重点做好三方面工作。", "About a quarter of them are in county economies."]
    text = "\n".join([*sentences, "这一句已经排除:第1条。", "这一句没有数字。"]) + "\n"
    excluded = tmp_path / "claims_excluded.csv"
    excluded.write_text("article_id,text,reason\n998,这一句已经排除:第1条。,page furniture\n", encoding="utf-8")
    assert [s for _, s in uncovered_statements(Claims([]), {"998": text}, excluded)] == sentences


def test_a_file_registered_under_the_wrong_kind_is_named_at_its_registry_row(data_copy):
    """The kind decides which loader reads a file: a list's rows registered as 'independent' used to fail in the rows
    file, for a column of the reports table ('evidence_id': missing)."""
    import csv

    from sme_clusters.config import DataPaths

    registry = data_copy / "sources.csv"
    header, *rows = list(csv.reader(registry.open(encoding="utf-8", newline="")))
    number = next(i for i, r in enumerate(rows, start=1) if r[header.index("path")].endswith(".csv")
                  and "independent_reports" not in r[header.index("path")])
    rows[number - 1][header.index("kind")] = "independent"
    with registry.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows([header, *rows])
    with pytest.raises(DataFileError, match=rf"sources.csv, row {number} \(line {number + 1}\), column 'kind': .* registered as 'compiled', "
                                            "not 'independent'"):
        Dataset(DataPaths(data_copy)).validate()


def test_a_registered_path_that_leaves_data_raw_is_named_at_its_row(data_copy):
    import csv

    from sme_clusters.config import DataPaths

    registry = data_copy / "sources.csv"
    header, *rows = list(csv.reader(registry.open(encoding="utf-8", newline="")))
    rows[0][header.index("path")] = "../raw/" + rows[0][header.index("path")]
    with registry.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows([header, *rows])
    with pytest.raises(DataFileError, match=r"sources.csv, row 1 \(line 2\), column 'path': .* leaves data/raw/"):
        Dataset(DataPaths(data_copy)).validate()
