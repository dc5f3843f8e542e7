"""Bad input fails with one clear message naming file, row, column and what was expected."""
from __future__ import annotations

import csv
import io
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from sme_clusters import config
from sme_clusters.claims import load_claims
from sme_clusters.sources import article_texts, load_sources
from sme_clusters.validation import DataFileError

pytestmark = pytest.mark.long  # a load of the data folder for each file broken in each way: handed out early (conftest.py)


def rewrite_csv(path, edit):
    """Apply `edit(header, rows)` to a CSV file in place."""
    with path.open(encoding="utf-8", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    header, rows = edit(header, rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(row_number, column, value):
    def edit(header, rows):
        rows[row_number - 1][header.index(column)] = value
        return header, rows
    return edit


def load(data):
    return load_claims(data / "claims.csv", article_texts(load_sources(data / "sources.csv", data / "raw"), data / "raw"))


def error_of(data) -> str:
    with pytest.raises(DataFileError) as caught:
        load(data)
    return str(caught.value)


def test_the_committed_claims_load(data_copy):
    assert len(load(data_copy)) > 50


def test_a_missing_column_is_named(data_copy):
    def drop_unit(header, rows):
        i = header.index("unit")
        return header[:i] + header[i + 1:], [r[:i] + r[i + 1:] for r in rows]

    rewrite_csv(data_copy / "claims.csv", drop_unit)
    message = error_of(data_copy)
    assert "claims.csv, header (line 1), column 'unit': missing" in message


def test_an_extra_column_is_named(data_copy):
    rewrite_csv(data_copy / "claims.csv", lambda h, rows: (h + ["comment"], [r + ["x"] for r in rows]))
    assert "header (line 1), column 'comment': unexpected column" in error_of(data_copy)


def test_a_word_where_a_number_belongs(data_copy):
    rewrite_csv(data_copy / "claims.csv", set_cell(3, "value", "about a hundred"))
    message = error_of(data_copy)
    assert "claims.csv, row 3 (line 4), column 'value': expected a number, got 'about a hundred'" in message


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("value", "-5", "expected a number of at least 0"),
        ("value", "１００", "full-width digits are not accepted"),
        ("value", "", "is empty"),
        ("qualifier", "roughly", "expected one of 'exact', 'over'"),
        ("article_id", "009", "unknown article '009'"),
        ("claim_id", "not an id", "expected a value matching"),
        ("quote", "A sentence no article contains.", "not found word for word in article"),
        ("value_upper", "7", "value_upper is given exactly when the qualifier is 'between'"),
        ("as_of", "last spring", "expected a value matching"),
        ("as_of", "2023-02-29", "'2023-02-29' is not a date on the calendar"),
        ("as_of", "2024-13", "is not a date on the calendar"),
        ("as_of", "2024-07-05/2023-01", "ends before it starts"),
        ("as_of", "２０２４-07-05", "expected a value matching"),  # \d is ASCII digits only
        ("value", "1e400", "expected a finite number"),  # a finite Decimal, an infinite float
        ("value", "1_000", "nor '_'"),
        ("value", "1.2万亿", "write 万 and 亿 out"),
        ("unit", "Clusters", "(a unit in lower-case words"),  # '156 Clusters' in a verdict, a link refused in another file
        ("quote_en", "", "a quote in Chinese needs its English gloss"),
    ],
)
def test_a_bad_cell_is_named(data_copy, column, value, expected):
    rewrite_csv(data_copy / "claims.csv", set_cell(5, column, value))
    message = error_of(data_copy)
    assert f"row 5 (line 6), column '{column}'" in message
    assert expected in message


def _dated_files() -> list[str]:
    """Every input CSV besides claims.csv with an as_of column (paths under data/), as the data holds them; a file a later
    version replaces too, which no run uses but validation reads all the same."""
    found = []
    for path in sorted(config.DATA_DIR.rglob("*.csv")):
        relative = path.relative_to(config.DATA_DIR).as_posix()
        if relative != "claims.csv" and not relative.startswith("processed/"):
            with path.open(encoding="utf-8-sig", newline="") as stream:
                if "as_of" in next(csv.reader(stream)):
                    found.append(relative)
    return found


# the two ways dealt round the files, as the other breakages are in `make test`: each file meets one, each way half of them
@pytest.mark.parametrize(("relative", "value"), [(f, ("2024-02-30", "Dec 2024")[i % 2]) for i, f in enumerate(_dated_files())])
def test_a_date_off_the_calendar_or_in_words_is_named_in_every_file(data_copy, relative, value):
    """Not only the claims: a report, a province total or a reference count dated 2024-02-30 or 'Dec 2024' would be
    taken as undated, or dated wrongly, when it is set against a list's publication."""
    from sme_clusters.dataset import Dataset

    from .synthetic import register_checksums

    rewrite_csv(data_copy / relative, set_cell(1, "as_of", value))
    register_checksums(data_copy)
    with pytest.raises(DataFileError) as caught:
        Dataset(config.DataPaths(data_copy)).validate()
    assert f"{Path(relative).name}, row 1 (line 2), column 'as_of'" in str(caught.value)


@pytest.mark.parametrize(("column", "edit", "expected"), [
    # a digit dropped: the headline translation error would vanish (accuracy 'accurate', verdict 'not checkable')
    ("value", lambda v: str(int(float(v)) // 10), "is none of them"),
    ("qualifier", lambda q: "nearly" if q != "nearly" else "over", "which reads as"),
])
def test_a_claim_whose_value_or_qualifier_its_quote_does_not_print_is_refused(data_copy, column, edit, expected):
    """Where the drafts read a figure of the claim's unit in its quote, the row must say what the quote prints."""
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset
    from sme_clusters.drafts import draft_claims

    data = Dataset(DataPaths(data_copy))
    number, claim = next((i, c) for i, c in enumerate(data.claims, start=1)
                         if any(d.unit == c.unit and float(d.value) == c.value for d in draft_claims(c.quote)) and c.value >= 10)
    rewrite_csv(data_copy / "claims.csv", set_cell(number, column, edit(getattr(claim, column) if column == "qualifier" else str(claim.value))))
    with pytest.raises(DataFileError, match=rf"claims.csv, row {number} \(line {number + 1}\), column '{column}': the quote prints .*{expected}"):
        Dataset(DataPaths(data_copy)).validate()


def test_a_duplicate_claim_id(data_copy):
    relabelled = lambda h, rows: (h, rows + [[*rows[0][:h.index("label_en")], "another label", *rows[0][h.index("label_en") + 1:]]])
    rewrite_csv(data_copy / "claims.csv", relabelled)
    message = error_of(data_copy)
    assert "column 'claim_id': duplicate" in message and "first seen in row 1" in message


def test_a_ragged_row(data_copy):
    columns = len((data_copy / "claims.csv").read_text(encoding="utf-8").splitlines()[0].split(","))
    rewrite_csv(data_copy / "claims.csv", lambda h, rows: (h, rows[:1] + [rows[1][:-2]] + rows[2:]))
    assert f"row 2 (line 3): has {columns - 2} fields, the header has {columns}" in error_of(data_copy)


def test_an_empty_file(data_copy):
    (data_copy / "claims.csv").write_text("", encoding="utf-8")
    assert "claims.csv: file is empty" in error_of(data_copy)


def test_a_file_in_gbk_is_rejected(data_copy):
    path = data_copy / "claims.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk", errors="replace"))
    assert "is not UTF-8" in error_of(data_copy)


def test_a_byte_order_mark_and_stray_spaces_are_accepted(data_copy):
    from sme_clusters.datapackage import build_package

    path = data_copy / "claims.csv"
    rewrite_csv(path, set_cell(2, "unit", "  clusters  "))
    text = path.read_text(encoding="utf-8")
    path.write_text("\ufeff" + text.replace("claim_id,article_id", "claim_id , article_id", 1), encoding="utf-8")
    claims = load(data_copy)
    assert list(claims)[1].unit == "clusters"
    claims_resource = next(r for r in build_package(data_copy)["resources"] if r["path"] == "claims.csv")  # read as the loaders read it
    assert [f["name"] for f in claims_resource["schema"]["fields"]][:2] == ["claim_id", "article_id"]


def read_broken(tmp_path, text: str) -> str:
    from sme_clusters.schemas import Column
    from sme_clusters.validation import read_rows

    path = tmp_path / "table.csv"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(DataFileError) as caught:
        read_rows(path, [Column("name"), Column("count")])
    return str(caught.value)


def test_a_quote_left_open_is_placed_where_its_record_starts(tmp_path):
    assert "the record that starts on line 3 cannot be read as CSV" in read_broken(tmp_path, 'name,count\na,1\n"b,2\nc,3\nd,4\n')


def test_old_mac_line_endings_and_a_blank_first_line_are_named_as_such(tmp_path):
    assert "line 1 ends in a carriage return alone" in read_broken(tmp_path, "name,count\ra,1\r")
    assert "line 1 is blank; the header must be the file's first line" in read_broken(tmp_path, "\nname,count\na,1\n")


def test_a_row_pasted_twice_is_refused_whatever_the_tables_key(tmp_path):
    assert "row 3 (line 4): repeats row 1 exactly" in read_broken(tmp_path, "name,count\na,1\nb,2\n a ,1\n")


def test_an_edited_raw_file_fails_its_checksum(data_copy):
    article = data_copy / "raw" / "articles" / "003_775cdebe4f503fc6.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("280,000", "28,000"), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_sources(data_copy / "sources.csv", data_copy / "raw")
    assert "sources.csv, row 4 (line 5), column 'sha256': checksum of data/raw/articles/003" in str(caught.value).replace(str(data_copy), "data")


# --- cluster lists -----------------------------------------------------------------------------

from sme_clusters.config import DataPaths  # noqa: E402
from sme_clusters.dataset import Dataset  # noqa: E402

from .synthetic import register_checksums  # noqa: E402

LIST_2023 = "raw/compiled/clusters_2023.csv"


def list_error(data, edit) -> str:
    rewrite_csv(data / LIST_2023, edit)
    register_checksums(data)  # as a user adding a corrected list would: the content is what is under test
    with pytest.raises(DataFileError) as caught:
        Dataset(DataPaths(data)).validate()
    return str(caught.value)


def test_an_unknown_province_in_a_list(data_copy):
    message = list_error(data_copy, set_cell(2, "province", "山东"))
    assert "clusters_2023.csv, row 2 (line 3), column 'province': unknown province '山东'" in message


def test_a_duplicate_cluster_in_a_list(data_copy):
    row = len((data_copy / LIST_2023).read_text(encoding="utf-8").splitlines())  # the appended row comes after every other
    message = list_error(data_copy, lambda h, rows: (h, rows + [[*rows[3][:-1], "noted again"]]))  # the same name, another note
    assert f"clusters_2023.csv, row {row} (line {row + 1}), column 'cluster_name': duplicate" in message and "first seen in row 4" in message
    copied = list_error(data_copy, lambda h, rows: (h, rows + [rows[3]]))  # a row pasted twice: named as such, whatever the key
    assert f"clusters_2023.csv, row {row + 1} (line {row + 2}): repeats row 4 exactly" in copied


@pytest.mark.parametrize("space", [" ", "\u3000", "\u00a0", "  "])
def test_a_cluster_name_copied_with_a_space_inside_is_the_same_cluster(data_copy, space):
    """The lists print names without spaces; a copy that adds one (ASCII, ideographic, no-break) is the same cluster."""
    header = (data_copy / LIST_2023).read_text(encoding="utf-8").splitlines()[0].split(",")
    column = header.index("cluster_name")

    def spaced(h, rows):
        name = rows[3][column]
        return h, rows + [[*rows[3][:column], name[:3] + space + name[3:], *rows[3][column + 1:-1], "copied"]]

    message = list_error(data_copy, spaced)
    assert "column 'cluster_name': duplicate" in message and "first seen in row 4" in message


@pytest.mark.parametrize("ending", ["集群", "特色产业集群", "中小企业特色产业集群"])
def test_a_cluster_name_copied_with_another_form_of_the_generic_ending_is_the_same_cluster(data_copy, ending):
    """北京市海淀区机器人集群 beside 北京市海淀区机器人产业集群: a copy that drops or adds part of what every cluster is called
    is the same cluster, counted twice otherwise."""
    header = (data_copy / LIST_2023).read_text(encoding="utf-8").splitlines()[0].split(",")
    column = header.index("cluster_name")

    def shortened(h, rows):
        number, row = next((n, r) for n, r in enumerate(rows, start=1) if r[column].endswith("产业集群") and not r[column].endswith("特色产业集群"))
        return h, rows + [[*row[:column], row[column].removesuffix("产业集群") + ending, *row[column + 1:-1], "copied"]]

    message = list_error(data_copy, shortened)
    assert "column 'cluster_name': duplicate" in message and "first seen in row" in message


def test_a_missing_column_in_a_list(data_copy):
    def drop(header, rows):
        i = header.index("name_form")
        return header[:i] + header[i + 1:], [r[:i] + r[i + 1:] for r in rows]

    assert "clusters_2023.csv, header (line 1), column 'name_form': missing" in list_error(data_copy, drop)


def test_a_row_of_another_year_in_a_list(data_copy):
    assert "row 5 (line 6), column 'year': expected the batch year 2023, got 2024" in list_error(data_copy, set_cell(5, "year", "2024"))


def test_a_city_listed_under_the_wrong_province(data_copy):
    def misplace(header, rows):
        row = next(r for r in rows if r[header.index("listed_under")] == "深圳市")
        row[header.index("province")] = "福建省"
        return header, rows

    assert "column 'province': 深圳市 belongs to 广东省, not 福建省" in list_error(data_copy, misplace)


# --- every loader, every kind of bad input -----------------------------------------------------

# every CSV file the data folder holds, but the notebooks' outputs: each is loaded by `Dataset.validate`
LOADED_FILES = sorted(p.relative_to(config.DATA_DIR).as_posix() for p in config.DATA_DIR.rglob("*.csv")
                      if p.relative_to(config.DATA_DIR).parts[0] != "processed")


def bad_input_error(data, name, damage) -> str:
    path = data / name
    damage(path)
    if name != "sources.csv":
        register_checksums(data)
    with pytest.raises(DataFileError) as caught:
        Dataset(DataPaths(data)).validate()
    return str(caught.value)


# Every file the project loads, broken in each of five ways: each way a damage and what the error must say (None: the
# file must load). The slow set meets every file with every way; `make test` deals the ways round the files, as
# test_mutations.py deals its kinds, so that each file meets one way and each way three files or more.
def _empty(path):
    path.write_bytes(b"")


def _without_first_column(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(",".join(next(csv.reader([line]))[1:]) for line in lines) + "\n", encoding="utf-8")


def _with_extra_column(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",extra"] + [line + ",x" for line in lines[1:]]) + "\n", encoding="utf-8")


def _in_gbk(path):
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk", errors="replace"))


def _with_byte_order_mark(path):
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


WAYS = {  # way -> (damage, the words the error must hold for a file of that name, or None when it must load)
    "empty": (_empty, lambda name: [f"{Path(name).name}: file is empty"]),
    "missing first column": (_without_first_column, lambda name: [f"{Path(name).name}, header (line 1), column '", "missing"]),
    "extra column": (_with_extra_column, lambda name: [f"{Path(name).name}, header (line 1), column 'extra': unexpected column"]),
    "saved as GBK": (_in_gbk, lambda name: [f"{Path(name).name}: line"]),
    "byte-order mark": (_with_byte_order_mark, None),  # accepted, as Excel writes it
}


def applies(way: str, name: str) -> bool:
    """A file in plain ASCII reads the same in GBK: that way breaks only a file with other characters."""
    return way != "saved as GBK" or not (config.DATA_DIR / name).read_text(encoding="utf-8").isascii()


APPLICABLE = {name: [way for way in WAYS if applies(way, name)] for name in LOADED_FILES}
EVERY_WAY = [(name, way) for name, ways in APPLICABLE.items() for way in ways]
DEALT_WAYS = [(name, ways[i % len(ways)]) for i, (name, ways) in enumerate(APPLICABLE.items())]


def check_broken(data, name: str, way: str) -> None:
    damage, expected = WAYS[way]
    if expected is None:
        damage(data / name)
        if name != "sources.csv":
            register_checksums(data)
        Dataset(DataPaths(data)).validate()
        return
    message = bad_input_error(data, name, damage)
    assert all(words in message for words in expected(name)), message


@pytest.mark.parametrize(("name", "way"), DEALT_WAYS)
def test_each_file_broken_in_one_way_is_named_or_loads(data_copy, name, way):
    check_broken(data_copy, name, way)


def test_every_way_of_breaking_a_file_is_dealt_to_three_files_or_more():
    dealt = [way for _, way in DEALT_WAYS]
    assert {way: dealt.count(way) for way in WAYS if dealt.count(way) < 3} == {}


@pytest.mark.slow
class TestEveryFileBrokenEveryWay:  # a class, so that the test runner can spread these loads over its workers
    @pytest.mark.parametrize(("name", "way"), EVERY_WAY)
    def test_a_file_broken_in_any_way_is_named_or_loads(self, data_copy, name, way):
        check_broken(data_copy, name, way)


def test_a_named_sector_must_be_a_known_sector_written_in_its_sentence(data_copy):
    def rename_sector(path):
        path.write_text(path.read_text(encoding="utf-8").replace(",Equipment,", ",Heavy industry,", 1), encoding="utf-8")

    def misquote(path):
        path.write_text(path.read_text(encoding="utf-8").replace("002,轻工,", "002,重工,", 1), encoding="utf-8")

    assert "row 1 (line 2), column 'sector': unknown sector 'Heavy industry'" in bad_input_error(data_copy, "reference/named_sectors.csv", rename_sector)
    fresh = data_copy.parent / "fresh"
    shutil.copytree(config.DATA_DIR, fresh, ignore=shutil.ignore_patterns("processed"))
    assert "row 2 (line 3), column 'as_written': not in the sentence" in bad_input_error(fresh, "reference/named_sectors.csv", misquote)


def _with_cell(path: Path, row: int, column: str, change) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[row][rows[0].index(column)] = change(rows[row][rows[0].index(column)])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


@pytest.mark.parametrize("char, named", [("\u200b", "U+200B ZERO WIDTH SPACE"), ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
                                         ("\n", "U+000A (unnamed), a control character")])
def test_an_invisible_character_in_a_name_is_refused_naming_file_row_column_and_character(data_copy, char, named):
    """A name with an invisible character looks like another and would pass the duplicate check: it is refused."""
    from sme_clusters.clusters import load_cluster_file
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset

    path = data_copy / "raw" / "compiled" / "clusters_2024.csv"
    _with_cell(path, 2, "cluster_name", lambda name: name[:2] + char + name[2:])
    data = Dataset(DataPaths(data_copy))
    with pytest.raises(DataFileError) as error:
        load_cluster_file(path, data.provinces, data.listing_units, 2024)
    assert "clusters_2024.csv, row 2 (line 3), column 'cluster_name': holds " + named in str(error.value)


def test_a_value_far_too_long_is_refused_with_its_length_not_its_text(data_copy):
    path = data_copy / "claims.csv"
    _with_cell(path, 1, "scope", lambda scope: scope + "x" * 100_000)
    with pytest.raises(DataFileError, match=r"claims.csv, row 1 \(line 2\), column 'scope': is 100,0\d\d characters long; at most 1,000") as error:
        load_claims(path, article_texts(load_sources(data_copy / "sources.csv", data_copy / "raw"), data_copy / "raw"))
    assert "xxxxxxxxxx" not in str(error.value)


def test_a_name_in_traditional_characters_is_placed_and_matched_as_its_simplified_twin(data_copy):
    """電池 is 电池: the sector keyword matches, the twin is a duplicate, and 廣東省 is the province 广东省."""
    from sme_clusters.clusters import load_cluster_file, sector_of
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset

    data = Dataset(DataPaths(data_copy))
    keywords = data.sector_keywords
    assert sector_of("動力電池", keywords) == sector_of("动力电池", keywords) != "Other"
    path = data_copy / "raw" / "compiled" / "clusters_2024.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header, first = rows[0], rows[1]
    twin = list(first)
    twin[header.index("cluster_name")] = first[header.index("cluster_name")].translate(str.maketrans("电东广产业区县", "電東廣產業區縣"))
    assert twin != first
    path.write_text(path.read_text(encoding="utf-8") + ",".join(f'"{c}"' for c in twin) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"clusters_2024.csv, row {len(rows)} \(line {len(rows) + 1}\), column 'cluster_name': duplicate"):
        load_cluster_file(path, data.provinces, data.listing_units, 2024)
    traditional = data_copy / "raw" / "compiled" / "clusters_2023.csv"
    text = traditional.read_text(encoding="utf-8")
    traditional.write_text(text.replace(",广东省,广东省,", ",廣東省,廣東省,", 1), encoding="utf-8")
    loaded = load_cluster_file(traditional, data.provinces, data.listing_units, 2023)
    guangdong = sum(1 for row in csv.DictReader(io.StringIO(text)) if row["province"] == "广东省")
    assert "廣東省" not in set(loaded["province"]) and (loaded["province"] == "广东省").sum() == guangdong


@pytest.mark.parametrize("file", ["raw/compiled/province_totals.csv", "reference/named_examples.csv", "reference/listing_units.csv"])
def test_every_file_that_names_a_province_reads_its_traditional_form_as_its_twin(data_copy, file):
    from sme_clusters import clusters
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset

    data = Dataset(DataPaths(data_copy))
    path = data_copy / file
    load = {"raw/compiled/province_totals.csv": lambda: clusters.load_province_totals(path, data.provinces, data.listing_units),
            "reference/named_examples.csv": lambda: clusters.load_named_examples(path, data.provinces, data.listing_units,
                                                                                  data.article_texts, set(data.batches.index)),
            "reference/listing_units.csv": lambda: clusters.load_listing_units(path, data.provinces)}[file]
    guangdong = (load()["province"] == "广东省").sum()
    assert guangdong
    rewrite_csv(path, lambda h, rows: (h, [[*r[:h.index("province")], r[h.index("province")].replace("广东省", "廣東省"),
                                            *r[h.index("province") + 1:]] for r in rows]))
    assert "廣東省" in path.read_text(encoding="utf-8")
    loaded = load()
    assert "廣東省" not in set(loaded["province"]) and (loaded["province"] == "广东省").sum() == guangdong


def test_a_review_that_lists_a_cluster_twice_in_two_scripts_is_refused(data_copy):
    from sme_clusters.clusters import load_reviewed
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset

    data = Dataset(DataPaths(data_copy))
    path = data_copy / "raw" / "compiled" / "clusters_2022_review_2025.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    twin = list(rows[1])
    twin[rows[0].index("cluster_name")] = twin[rows[0].index("cluster_name")].translate(str.maketrans("电东广产业区县群", "電東廣產業區縣羣"))
    assert twin != rows[1]
    path.write_text(path.read_text(encoding="utf-8") + ",".join(f'"{c}"' for c in twin) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"row {len(rows)} \(line {len(rows) + 1}\), column 'cluster_name': duplicate"):
        load_reviewed(path, data.provinces, data.listing_units)


def test_the_quick_check_for_refused_characters_misses_none():
    """refused_character skips text that str.isprintable() passes: no refused category may pass it, over the planes text
    uses (basic, supplementary, ideographic), the tags and the first and last private-use code points."""
    import unicodedata

    from sme_clusters.schemas import REFUSED_CATEGORIES, refused_character

    points = [*range(0x30000), *range(0xE0000, 0xE1000), 0xF0000, 0x10FFFD]
    chars = (chr(c) for c in points if not 0xD800 <= c <= 0xDFFF)
    wrong = [hex(ord(c)) for c in chars if bool(refused_character(f"a{c}b")) != (unicodedata.category(c) in REFUSED_CATEGORIES)]
    assert wrong == []


def test_a_text_parsed_before_is_not_parsed_into_a_shared_result(tmp_path):
    """read_rows and read_table remember what a text parses to (the tests load copies of data/ hundreds of times):
    a caller's edits stay its own, an edited file is read afresh, and an error still names the file it is in."""
    from sme_clusters.schemas import PROVINCES
    from sme_clusters.validation import read_rows, read_table

    columns = PROVINCES.columns
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    shutil.copy(config.DATA_DIR / "reference" / "provinces.csv", first)
    shutil.copy(first, second)
    clean = read_table(first, columns, key=("province",))
    edited = read_table(second, columns, key=("province",))
    edited.loc[0, "name_en"] = "Changed"
    edited["extra"] = 1
    read_rows(second, columns)[0]["name_en"] = "Changed"
    assert read_table(first, columns, key=("province",)).equals(clean)
    assert read_rows(first, columns)[0]["name_en"] == clean.loc[0, "name_en"] != "Changed"
    rewrite_csv(second, set_cell(1, "name_en", "Peking"))
    assert read_table(second, columns, key=("province",)).loc[0, "name_en"] == "Peking"
    assert read_rows(second, columns)[0]["name_en"] == "Peking"
    for path in (first, second):  # the same bad text in two files: each error names its own file
        rewrite_csv(path, set_cell(2, "tile_row", "two"))
        with pytest.raises(DataFileError, match=rf"^[^:]*{path.name}, row 2 \(line 3\), column 'tile_row'"):
            read_table(path, columns, key=("province",))


def test_a_cluster_is_filed_under_its_industry_not_under_a_word_of_its_place_or_a_broader_keyword():
    from sme_clusters.clusters import industry_part, sector_of
    from sme_clusters.dataset import Dataset

    data = Dataset(config.DATA)
    keywords = data.sector_keywords
    rows = pd.concat([data.lists.clusters(), data.uncertain_clusters], ignore_index=True)  # every known cluster, as the finder lists them
    filed = {row["cluster_name"]: sector_of(industry_part(row), keywords, "zh") for _, row in rows.iterrows()}
    expected = {"徐州市铜山区安全应急产业集群": "装备制造", "吴兴区智能物流装备": "装备制造", "生物基纤维材料": "化工与新材料", "酱香白酒": "食品"}
    for part, sector in expected.items():
        names = [name for name in filed if part in name]
        assert names and all(filed[name] == sector for name in names), (part, {n: filed[n] for n in names})


def test_a_claim_or_fact_the_checks_ask_for_by_name_is_missed_naming_its_file_and_column(data_copy):
    """A metric or fact id renamed in the data: the notebook that asks for it fails saying where to look, not with a bare KeyError."""
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset

    data = Dataset(DataPaths(data_copy))
    with pytest.raises(LookupError, match=r"claims.csv, column 'metric': 0 claims match metric='renamed', and the checks ask for exactly one"):
        data.claims.one(metric="renamed")
    with pytest.raises(LookupError, match=r"facts.csv, column 'fact_id': no fact 'renamed', which the checks ask for"):
        data.fact("renamed")
    assert data.fact(data.facts.index[0])["fact_id"] == data.facts.index[0]


def test_a_list_published_before_its_year_or_a_copy_taken_after_today_is_refused(data_copy):
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset

    batches = data_copy / "batches.csv"
    text = batches.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    rewrite_csv(batches, set_cell(2, "published", f"{int(rows[1]['year']) - 1}-10"))
    with pytest.raises(DataFileError, match=rf"batches.csv, row 2 \(line 3\), column 'published': the {rows[1]['year']} list cannot be "
                                            r"published before"):
        Dataset(DataPaths(data_copy)).validate()
    batches.write_text(text, encoding="utf-8")
    rewrite_csv(data_copy / "sources.csv", set_cell(1, "accessed", "2999-01-01"))
    with pytest.raises(DataFileError, match=r"sources.csv, row 1 \(line 2\), column 'accessed': a copy taken on 2999-01-01, after today"):
        load_sources(data_copy / "sources.csv", data_copy / "raw")


@pytest.mark.parametrize("claim", [
    lambda claims, year: next(c for c in claims if c.unit != "clusters").claim_id,  # a claim in yuan or enterprises
    lambda claims, year: next(c for c in claims if c.unit == "clusters" and c.scope != f"{year} list").claim_id,  # another list's
])
def test_a_list_count_claim_must_count_that_lists_clusters(data_copy, claim):
    """The batch checks set the claim named in count_claim_id against the list's official count: a claim of output, or
    of another list, would be judged against a count it does not state."""
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset

    data = Dataset(DataPaths(data_copy))
    year = int(data.batches.index[0])
    rewrite_csv(data_copy / "batches.csv", set_cell(1, "count_claim_id", claim(data.claims, year)))
    with pytest.raises(DataFileError, match=rf"batches.csv, row 1 \(line 2\), column 'count_claim_id': .* not a count of the {year} list's clusters"):
        Dataset(DataPaths(data_copy)).validate()


def _load_error(data_copy) -> str:
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset

    with pytest.raises(DataFileError) as caught:
        Dataset(DataPaths(data_copy)).validate()
    return str(caught.value)


def _row_where(path, column, test) -> int:
    """The 1-based data row of the first row whose `column` passes `test`."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    return next(i for i, row in enumerate(rows, start=1) if test(row[column]))


def test_a_figure_that_cannot_play_its_links_role_is_refused(data_copy):
    """A period's end must be a year, a share a share, a whole a count: a role does not exempt a link from its units."""
    path = data_copy / "claim_evidence.csv"
    row = _row_where(path, "role", lambda role: role == "first year")
    counted = next(r for r in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))) if r["role"] == "whole")
    rewrite_csv(path, set_cell(row, "evidence_id", counted["evidence_id"]))
    rewrite_csv(path, set_cell(row, "figure", counted["figure"]))
    assert f"claim_evidence.csv, row {row} (line {row + 1}), column 'figure': a figure in" in (message := _load_error(data_copy))
    assert "cannot be a 'first year', which is in 'year'" in message


def test_a_lists_count_must_be_an_exact_whole_number_and_a_review_comes_after_its_list(data_copy):
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset

    reports = Dataset(DataPaths(data_copy)).independent_reports
    cap = next(e for e, r in reports.items() if r.figures[0].unit == "clusters" and r.figures[0].qualifier != "exact")
    batches = data_copy / "batches.csv"
    text = batches.read_text(encoding="utf-8")
    rewrite_csv(batches, set_cell(1, "count_evidence", cap))
    assert "batches.csv, row 1 (line 2), column 'count_evidence'" in (message := _load_error(data_copy))
    assert "a list's official count is an exact whole number" in message
    batches.write_text(text, encoding="utf-8")
    reviews = data_copy / "reviews.csv"
    list_year = next(csv.DictReader(io.StringIO(reviews.read_text(encoding="utf-8"))))["list_year"]
    rewrite_csv(reviews, set_cell(1, "review_year", list_year))
    assert f"reviews.csv, row 1 (line 2), column 'review_year': a review of the {list_year} list comes after it" in _load_error(data_copy)


def test_a_claims_date_after_its_articles_is_refused(data_copy):
    rewrite_csv(data_copy / "claims.csv", set_cell(1, "as_of", "2099-01"))
    assert "claims.csv, row 1 (line 2), column 'as_of': the figure is as of 2099-01, after the article's date" in _load_error(data_copy)


def test_reference_tables_hold_one_name_per_sector_tiles_compared_as_numbers_and_whole_counts(data_copy):
    from sme_clusters.clusters import load_province_totals, load_provinces, load_sector_keywords

    keywords = data_copy / "reference" / "sector_keywords.csv"
    rewrite_csv(keywords, set_cell(2, "sector_zh", "轻工"))
    with pytest.raises(DataFileError, match=r"row 2 \(line 3\), column 'sector_zh': the sector 'Automotive' is named '汽车'"):
        load_sector_keywords(keywords)
    # the other way: a second English name for one Chinese sector split its bar in two, both labelled alike in Chinese
    shutil.copy(config.DATA_DIR / "reference" / "sector_keywords.csv", keywords)
    rows = list(csv.DictReader(io.StringIO(keywords.read_text(encoding="utf-8"))))
    twin = next(i for i, r in enumerate(rows, start=1) if any(o["sector"] == r["sector"] for o in rows[:i - 1]))
    rewrite_csv(keywords, set_cell(twin, "sector", f"{rows[twin - 1]['sector']} (again)"))
    with pytest.raises(DataFileError, match=rf"row {twin} \(line {twin + 1}\), column 'sector': '{rows[twin - 1]['sector_zh']}' is the Chinese name"):
        load_sector_keywords(keywords)
    provinces = data_copy / "reference" / "provinces.csv"
    original = provinces.read_text(encoding="utf-8")
    first = next(csv.DictReader(io.StringIO(original)))
    rewrite_csv(provinces, set_cell(2, "tile_row", f"0{first['tile_row']}"))
    rewrite_csv(provinces, set_cell(2, "tile_col", f"0{first['tile_col']}"))  # '01','05' is the tile of '1','5'
    with pytest.raises(DataFileError, match=r"row 2 \(line 3\), column 'tile_col': duplicate"):
        load_provinces(provinces)
    provinces.write_text(original, encoding="utf-8")
    # a province again in Traditional characters (廣東省 beside 广东省), on a tile of its own: a 32nd province
    import opencc

    traditional = opencc.OpenCC("s2t").convert
    rows = list(csv.DictReader(io.StringIO(original)))
    number, held = next((i, r) for i, r in enumerate(rows, start=1) if traditional(r["province"]) != r["province"])
    twin = {**held, "province": traditional(held["province"]), "short_zh": traditional(held["short_zh"]),
            "name_en": f"{held['name_en']} (again)", "tile_row": "99", "tile_col": "99"}
    rewrite_csv(provinces, lambda h, rows: (h, rows + [[twin[c] for c in h]]))
    with pytest.raises(DataFileError, match=rf"row {len(rows) + 1} .*column 'province': duplicate '{held['province']}', first seen in row {number}"):
        load_provinces(provinces)
    provinces.write_text(original, encoding="utf-8")
    totals = data_copy / "raw" / "compiled" / "province_totals.csv"
    rewrite_csv(totals, set_cell(1, "total", "23.5"))
    with pytest.raises(DataFileError, match=r"row 1 \(line 2\), column 'total': expected a value matching"):
        load_province_totals(totals, Dataset(config.DATA).provinces, Dataset(config.DATA).listing_units)


def test_county_units_add_up_to_the_total_their_report_gives_at_its_date(data_copy):
    """A mistyped count would move every share of the county economy without a word."""
    county_units = data_copy / "reference" / "county_units.csv"
    units = list(csv.DictReader(io.StringIO(county_units.read_text(encoding="utf-8"))))
    rewrite_csv(county_units, set_cell(2, "units", str(int(units[1]["units"]) + 1)))  # one unit mistyped: every share moves
    cited = [i for i, r in enumerate(units, start=1) if r["evidence_id"] == units[1]["evidence_id"]]
    with pytest.raises(DataFileError, match=rf"row {cited[-1]} \(line {cited[-1] + 1}\), column 'units': the rows citing .* add up to"):
        Dataset(config.DataPaths(data_copy)).validate()
    rewrite_csv(county_units, set_cell(2, "units", units[1]["units"]))
    rewrite_csv(county_units, set_cell(2, "as_of", "2022-12-31"))
    with pytest.raises(DataFileError, match=r"row 2 \(line 3\), column 'as_of': .* counts units as of"):
        Dataset(config.DataPaths(data_copy)).validate()


@pytest.mark.parametrize(("unit", "province", "expected"), [
    ("浙江", "浙江省", "'浙江' is a province's short name; write it in full"),  # the run would count it as a city of Zhejiang
    ("江苏省", "浙江省", "the unit '江苏省' is in 江苏省, not in 浙江省"),
    ("宁波市", "江苏省", "the unit '宁波市' is in 浙江省, not in 江苏省"),
])
def test_a_reported_total_filed_under_the_wrong_unit_is_refused(data_copy, unit, province, expected):
    """Deleting a province's own total is legitimate (no report found); filing it under a short name or another
    province's unit is not: the count would go to another unit, or to none."""
    from sme_clusters.clusters import load_province_totals

    data = Dataset(config.DATA)
    totals = data_copy / "raw" / "compiled" / "province_totals.csv"
    rewrite_csv(totals, set_cell(1, "unit", unit))
    rewrite_csv(totals, set_cell(1, "province", province))
    with pytest.raises(DataFileError, match=rf"province_totals.csv, row 1 \(line 2\), column 'unit': {re.escape(expected)}"):
        load_province_totals(totals, data.provinces, data.listing_units)


@pytest.mark.parametrize("unit", ["浙", "Zhejiang", "浙江 省", "宁波"])
def test_a_reported_total_under_a_unit_no_table_knows_is_refused_not_dropped(data_copy, unit):
    """A unit that is neither a province, a unit the lists name apart, nor a place named in full would be read as some
    city's count and left out of its province's: refused, naming the row."""
    from sme_clusters.clusters import load_province_totals

    data = Dataset(config.DATA)
    totals = data_copy / "raw" / "compiled" / "province_totals.csv"
    rewrite_csv(totals, set_cell(1, "unit", unit))
    with pytest.raises(DataFileError, match=r"province_totals.csv, row 1 \(line 2\), column 'unit': .* is not a province"):
        load_province_totals(totals, data.provinces, data.listing_units)


@pytest.mark.parametrize(("value", "unit", "expected"), [
    ("1e400", None, "column 'value': expected a finite number"), ("1e-400", None, "column 'value': expected a finite number"),
    ("28_000", None, "column 'value': expected a number in ASCII digits"),
    ("2.8万", None, "column 'value': expected a number in digits"), ("-1", None, "column 'value': expected a number of at least 0"),
    ("28000 | 100", "enterprises |", "column 'unit': expected a value matching"), ("28000", "Enterprises", "column 'unit': expected"),
])
def test_a_reports_value_is_read_as_every_number_column_is(data_copy, value, unit, expected):
    from sme_clusters.evidence import load_reports

    path = data_copy / "raw" / "compiled" / "independent_reports.csv"
    rewrite_csv(path, set_cell(1, "value", value))
    if unit:
        rewrite_csv(path, set_cell(1, "unit", unit))
    column, said = expected.split(": ", 1)
    with pytest.raises(DataFileError, match=rf"independent_reports.csv, row 1 \(line 2\), {re.escape(column)}: .*{re.escape(said)}"):
        load_reports([path])


def test_a_figure_of_a_report_plays_one_part_and_a_pass_is_of_its_own_list(data_copy):
    """One report may give a list's count and a review's passes (100 recognised, 97 of 2022's passing): each row names
    its own figure. A known pass pasted from another list would count as a pass of this one. Caps swapped between a
    province and a listed city (2 for Zhejiang, 8 for Ningbo) would bound every province at 2."""
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset

    data = Dataset(DataPaths(data_copy))
    review = data.reviews.iloc[0]
    list_year = int(review["list_year"])
    counted = next(int(y) for y, b in data.batches.iterrows() if b["count_evidence"] == review["passed_evidence"])
    figure = int(data.batches.loc[counted, "count_figure"]) + 1
    rewrite_csv(data_copy / "reviews.csv", set_cell(1, "passed_evidence", f"{review['passed_evidence']}#{figure}"))
    with pytest.raises(DataFileError, match=rf"reviews.csv, row 1 \(line 2\), column 'passed_evidence': figure {figure} .* the official count "
                                            rf"of the {counted} list"):
        Dataset(DataPaths(data_copy)).validate()
    shutil.copy(config.DATA_DIR / "reviews.csv", data_copy / "reviews.csv")

    passes = data.raw_file(review["source_id"]).relative_to(data_copy)
    other = data.lists.rows[next(y for y in data.lists.rows if y != list_year)].iloc[0]
    rewrite_csv(data_copy / passes, lambda h, rows: (h, rows + [[{"cluster_name": other["cluster_name"], "province": other["province"],
                                                                  "listed_under": other["province"], "review_result": "passed",
                                                                  "source_url": "http://example.org/"}.get(c, "")
                                                                 for c in h]]))
    from .synthetic import register_checksums

    register_checksums(data_copy)
    with pytest.raises(DataFileError, match=rf"column 'cluster_name': '{other['cluster_name']}' is a row of the \d{{4}} list, not of the {list_year} list"):
        Dataset(DataPaths(data_copy)).validate()

    limits = data_copy / "recommendation_limits.csv"
    rows = list(csv.DictReader(io.StringIO(limits.read_text(encoding="utf-8"))))
    year = next(r["year"] for r in rows if r["unit_kind"] == "listed")
    i, j = (next(n for n, r in enumerate(rows, start=1) if (r["year"], r["unit_kind"]) == (year, kind)) for kind in ("province", "listed"))
    rewrite_csv(limits, set_cell(i, "evidence", rows[j - 1]["evidence"]))
    rewrite_csv(limits, set_cell(j, "evidence", rows[i - 1]["evidence"]))
    with pytest.raises(DataFileError, match=rf"recommendation_limits.csv, row {max(i, j)} .*are the two rows' evidence swapped"):
        Dataset(DataPaths(data_copy)).validate()


@pytest.mark.parametrize("role", ["last year", "share of whole"])
def test_a_role_that_works_in_a_pair_without_its_partner_is_refused(data_copy, role):
    """Without it the notebook failed with a traceback; now validate names the row left alone."""
    path = data_copy / "claim_evidence.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = rows[0]
    kept = [r for r in rows[1:] if r[header.index("role")] != role]
    partner = {"last year": "first year", "share of whole": "part of whole"}[role]
    alone = next(i for i, r in enumerate(kept, start=1) if r[header.index("role")] == partner)
    rewrite_csv(path, lambda h, _: (h, kept))
    assert f"claim_evidence.csv, row {alone} (line {alone + 1}), column 'role': a '{partner}' link needs a '{role}' link" in _load_error(data_copy)


def test_a_sentence_both_claimed_and_excluded_and_a_fractional_year_are_refused(data_copy):
    from sme_clusters.clusters import load_facts

    claim = next(csv.DictReader(io.StringIO((data_copy / "claims.csv").read_text(encoding="utf-8"))))
    excluded = data_copy / "claims_excluded.csv"
    rewrite_csv(excluded, lambda h, rows: (h, rows + [[claim["article_id"] if c == "article_id" else claim["quote"] if c == "text"
                                                      else "a test" for c in h]]))
    rows = len(excluded.read_text(encoding="utf-8").splitlines()) - 1
    assert f"claims_excluded.csv, row {rows} (line {rows + 1}), column 'text': the text is also a claim's quote" in _load_error(data_copy)
    facts = data_copy / "reference" / "facts.csv"
    row = _row_where(facts, "unit", lambda unit: unit == "year")
    rewrite_csv(facts, set_cell(row, "value", "1978.5"))
    with pytest.raises(DataFileError, match=rf"row {row} \(line {row + 1}\), column 'value': a year is a whole number, got 1978.5"):
        load_facts(facts)


def test_a_second_claim_that_a_check_looks_up_alone_is_refused_at_its_row(data_copy):
    """A new article repeating a figure a check is written for (its metric, say) would leave the check unable to tell
    which claim it tests: the data check refuses it, whatever the look-up, naming the second claim's row."""
    from sme_clusters.claims import SINGLE_CLAIM_LOOKUPS
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset

    data = Dataset(DataPaths(data_copy))
    texts, path = data.article_texts, data_copy / "claims.csv"
    header, *rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    for lookup in SINGLE_CLAIM_LOOKUPS:
        held = [r for r in rows if all(dict(zip(header, r, strict=True))[k] == v for k, v in lookup.items())]
        assert len(held) == 1, lookup  # each look-up finds its claim in the data
        again = list(held[0])
        again[header.index("claim_id")] += "-again"
        with path.open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream, lineterminator="\n").writerows([header, *rows, again])
        with pytest.raises(DataFileError, match=rf"claims.csv, row {len(rows) + 1} \(line {len(rows) + 2}\), column 'metric': "
                                                 rf"a second claim of .*{held[0][0]}, claims.csv row {rows.index(held[0]) + 1}\)"):
            load_claims(path, texts)


def test_a_look_up_for_one_claim_of_the_whole_table_must_be_declared():
    from sme_clusters.claims import Claims

    claims = Claims([claim_fixture("001-a", "aspects"), claim_fixture("001-b", "something_new")])
    assert claims.one(metric="aspects").claim_id == "001-a"
    assert claims.one(metric="something_new", article_id="001").claim_id == "001-b"  # narrowed by its article: no need
    with pytest.raises(LookupError, match="declared in claims.SINGLE_CLAIM_LOOKUPS"):
        claims.one(metric="something_new")


def claim_fixture(claim_id: str, metric: str):
    from sme_clusters.claims import Claim

    return Claim(claim_id=claim_id, article_id=claim_id[:3], topic="policy", metric=metric, scope="", as_of="2024", quote="q",
                 quote_en="", value=1.0, value_upper=None, unit="aspects", qualifier="exact", label_en="", label_zh="", decimals=0)


def test_a_value_written_to_more_or_fewer_places_than_its_quote_prints_is_refused(data_copy):
    """The places a value is written with are the precision a claim is read at: 25.60 for a printed 25.6% would turn a
    rounding into a gap. Every claim whose quote the drafts read is tried with a place more (and, where it has places, one fewer)."""
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset
    from sme_clusters.drafts import check_against_quotes, draft_claims

    data = Dataset(DataPaths(data_copy))
    provinces = frozenset(data.provinces["short_zh"])
    tried = 0
    for number, claim in enumerate(data.claims, start=1):
        read = [d for d in draft_claims(claim.quote, provinces) if d.unit == claim.unit and float(d.value) == claim.value]
        if not read or claim.unit == "fraction":
            continue
        for places in {claim.decimals + 1, max(claim.decimals - 1, 0)} - {claim.decimals}:
            changed = replace(claim, decimals=places)
            with pytest.raises(DataFileError, match=rf"row {number} \(line {number + 1}\), column 'value': the quote prints .* decimal place"):
                check_against_quotes(data.paths.claims, [*list(data.claims)[:number - 1], changed], provinces)
            tried += 1
    assert tried > 10
    check_against_quotes(data.paths.claims, list(data.claims), provinces)  # as written, every claim passes


def test_a_list_whose_batch_row_is_gone_is_named_not_left_out_of_every_count(data_copy):
    """Deleting a year's row of batches.csv (a middle one) would leave its registered rows read by nothing and every
    cumulative total short by a whole list."""
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset

    years = Dataset(DataPaths(data_copy)).lists.years()
    middle = years[len(years) // 2]
    rewrite_csv(data_copy / "batches.csv", lambda h, rows: (h, [r for r in rows if r[h.index("year")] != str(middle)]))
    with pytest.raises(DataFileError, match=rf"batches.csv, column 'year': no row for {middle}, though .*clusters_{middle}"):
        Dataset(DataPaths(data_copy)).validate()


def test_reports_of_the_same_statement_that_print_different_figures_are_named_at_the_link(data_copy):
    """28,000 typed 2800 in a reports file: the reports of one statement then disagree, which the data check names at the
    link that brings the second in, with both reports' files and rows (it used to stop notebook 01 with a bare error)."""
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset

    from .synthetic import register_checksums

    data = Dataset(DataPaths(data_copy))
    same = [link for link in data.claim_evidence if link.relation == "same statement"]
    claim = next(c for c in dict.fromkeys(link.claim_id for link in same) if sum(link.claim_id == c for link in same) > 1)
    second = [link for link in same if link.claim_id == claim][1]
    report = second.report
    path = next(p for p in data.report_files if any(r["evidence_id"] == report.evidence_id for r in rows_of(p)))
    values = [part.strip() for part in rows_of(path)[report.row_number - 1]["value"].split("|")]
    values[second.figure] = str(float(values[second.figure]) / 10)
    rewrite_csv(path, set_cell(report.row_number, "value", " | ".join(values)))
    # the phrase printed so too, else the value is refused first as one its phrase does not give
    rewrite_csv(path, set_cell(report.row_number, "phrase_as_printed", values[second.figure]))
    register_checksums(data_copy)
    with pytest.raises(DataFileError, match=rf"claim_evidence.csv, row \d+ \(line \d+\), column 'evidence_id': the reports of the "
                                            rf"statement {claim} reports print different figures: .*{report.evidence_id} \("):
        Dataset(DataPaths(data_copy)).validate()


def rows_of(path):
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_a_review_dated_after_the_report_of_its_passes_is_refused(data_copy):
    """A review year later than the report that counts its passes (2030 for a report of 2025) would move the renewed
    clusters' years in force without a word."""
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset

    data = Dataset(DataPaths(data_copy))
    review = data.reviews.iloc[0]
    later = int(data.independent_reports[review["passed_evidence"]].as_of[:4]) + 1
    rewrite_csv(data_copy / "reviews.csv", set_cell(1, "review_year", str(later)))
    with pytest.raises(DataFileError, match=rf"reviews.csv, row 1 \(line 2\), column 'review_year': a review in {later}, but the report"):
        Dataset(DataPaths(data_copy)).validate()


def test_a_reported_total_above_every_cluster_the_lists_then_held_is_refused(data_copy):
    """999 clusters for a province when the lists published by the report's date held a few hundred: a typing slip that
    would otherwise read as a refutation by a factor of forty."""
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset

    from .synthetic import register_checksums

    data = Dataset(DataPaths(data_copy))
    total = data.province_totals.iloc[0]
    held = int(sum(row.count for row in data.batches.itertuples()))
    rewrite_csv(data.raw_file(total["source_id"]), set_cell(int(total["row_number"]), "total", str(held + 1)))
    register_checksums(data_copy)
    with pytest.raises(DataFileError, match=rf"row {total['row_number']} .*column 'total': {held + 1} clusters, more than the \d+ of every list"):
        Dataset(DataPaths(data_copy)).validate()


@pytest.mark.parametrize(("file", "edit", "expected"), [
    # a list's scope typed otherwise drops its claim from the checks that select '2023 list'
    ("claims.csv", lambda h, rows: (h, [[c.replace(" list", "  list", 1) if i == h.index("scope") and re.fullmatch(r"\d{4} list", c) else c
                                         for i, c in enumerate(r)] for r in rows]), r"column 'scope': a list's scope is written"),
    # a scope of a reported count the counts cannot read drops the count
    ("raw/compiled/province_totals.csv", lambda h, rows: (h, [[c.replace("cumulative", "Cumulative") if i == h.index("scope") else c
                                                               for i, c in enumerate(r)] for r in rows]), r"column 'scope': expected a scope the counts read"),
    # two lists cannot share one file of rows
    ("batches.csv", lambda h, rows: (h, [rows[0], [rows[1][0], rows[0][1], *rows[1][2:]], *rows[2:]]), r"batches.csv, row 2 .*column 'source_id': duplicate"),
    # a list published after the report of its count
    ("batches.csv", lambda h, rows: (h, [[*r[:2], "2099-11", *r[3:]] if n == 0 else r for n, r in enumerate(rows)]),
     r"batches.csv, row 1 .*column 'published': published 2099-11, after the report of its count"),
    # a unit listed apart that is a province
    ("reference/listing_units.csv", lambda h, rows: (h, rows + [[{"unit": "北京市", "name_en": "Beijing city", "province": "河北省"}.get(name, rows[0][i])
                                                                   for i, name in enumerate(h)]]), r"column 'unit': '北京市' is a province"),
    # a keyword every cluster's name holds
    ("reference/sector_keywords.csv", lambda h, rows: (h, [[{"keyword": "产"}.get(name, rows[0][i]) for i, name in enumerate(h)], *rows]),
     r"sector_keywords.csv, row 1 .*column 'keyword': '产' is part of what every cluster is called"),
])
def test_edits_a_second_sweep_found_accepted_are_refused_at_their_row(data_copy, file, edit, expected):
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset

    from .synthetic import register_checksums

    rewrite_csv(data_copy / file, edit)
    register_checksums(data_copy)
    with pytest.raises(DataFileError, match=expected):
        Dataset(DataPaths(data_copy)).validate()


def test_a_share_role_on_a_link_to_a_count_is_refused(data_copy):
    """'whole' set on a link to a claim in enterprises: no check of a count reads it, so the report would drop out of
    the verdict unseen."""
    from sme_clusters.config import DataPaths
    from sme_clusters.dataset import Dataset

    data = Dataset(DataPaths(data_copy))
    number = next(i for i, link in enumerate(data.claim_evidence, start=1)
                  if not link.role and data.claims[link.claim_id].unit not in ("percent", "fraction"))
    rewrite_csv(data_copy / "claim_evidence.csv", set_cell(number, "role", "whole"))
    with pytest.raises(DataFileError, match=rf"claim_evidence.csv, row {number} .*column 'role': a 'whole' is a figure a share is computed from"):
        Dataset(DataPaths(data_copy)).validate()


def test_a_quote_or_an_excluded_text_cut_short_of_its_sentence_is_refused_naming_the_sentence(data_copy):
    """A quote cut to its figure ('200家') would mark its whole sentence covered and hide the sentence's other figures."""
    rows = list(csv.DictReader(io.StringIO((data_copy / "claims.csv").read_text(encoding="utf-8"))))
    quote = rows[4]["quote"]
    rewrite_csv(data_copy / "claims.csv", set_cell(5, "quote", quote[len(quote) // 3: 2 * len(quote) // 3]))
    message = error_of(data_copy)
    assert "row 5 (line 6), column 'quote': the quote is part of a sentence; quote the whole sentence" in message
    assert quote.strip()[:20] in message

    rewrite_csv(data_copy / "claims.csv", set_cell(5, "quote", quote))
    excluded = data_copy / "claims_excluded.csv"
    text = next(csv.DictReader(io.StringIO(excluded.read_text(encoding="utf-8"))))["text"]
    rewrite_csv(excluded, set_cell(1, "text", text[1:]))
    assert "claims_excluded.csv, row 1 (line 2), column 'text': the text is part of a sentence" in _load_error(data_copy)


def _example_naming_its_province(data_copy) -> tuple[int, dict]:
    """The first row of named_examples.csv whose example, as named, names its province (北京市豐臺區…), and that row."""
    provinces = {p["province"]: p["short_zh"] for p in csv.DictReader(io.StringIO((data_copy / "reference" / "provinces.csv").read_text(encoding="utf-8")))}
    rows = list(csv.DictReader(io.StringIO((data_copy / "reference" / "named_examples.csv").read_text(encoding="utf-8"))))
    return next((i, row) for i, row in enumerate(rows, start=1) if provinces[row["province"]] in row["as_named"])


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("list_year", lambda data, row: str(min(Dataset(DataPaths(data)).batches.index) - 1), "no list of"),
    ("pattern", lambda data, row: "集群", "would find every cluster of the province"),
    ("pattern", lambda data, row: row["province"], "would find every cluster of the province"),
    ("pattern", lambda data, row: "化妆品和火锅", "is not a part of the example as named"),
    ("province", lambda data, row: "天津市" if row["province"] != "天津市" else "河北省", "the example names"),
    ("article_id", lambda data, row: "999", "unknown article '999'"),
])
def test_a_named_example_on_no_list_found_by_any_name_or_placed_in_a_province_it_does_not_name_is_refused(data_copy, column, value,
                                                                                                        expected):
    number, row = _example_naming_its_province(data_copy)
    rewrite_csv(data_copy / "reference" / "named_examples.csv", set_cell(number, column, value(data_copy, row)))
    message = _load_error(data_copy)
    assert f"named_examples.csv, row {number} (line {number + 1}), column '{column}'" in message and expected in message



def test_a_unit_listed_apart_needs_an_english_name_of_its_own(data_copy):
    path = data_copy / "reference" / "listing_units.csv"
    first = next(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rewrite_csv(path, set_cell(2, "name_en", first["name_en"].upper()))
    assert "listing_units.csv, row 2 (line 3), column 'name_en': duplicate" in _load_error(data_copy)
    province = next(csv.DictReader(io.StringIO((data_copy / "reference" / "provinces.csv").read_text(encoding="utf-8"))))
    rewrite_csv(path, set_cell(2, "name_en", province["name_en"]))
    assert (f"listing_units.csv, row 2 (line 3), column 'name_en': '{province['name_en']}' is the English name of {province['province']}"
            in _load_error(data_copy))


def test_a_cluster_row_is_placed_as_its_name_and_city_say_and_is_not_also_of_unknown_year(data_copy):
    """Shenzhen's clusters are put forward by 深圳市, not 广东省; a name that says 北京 is not a cluster of 天津; and a
    listed cluster copied into the file of clusters of unknown year would be shown twice."""
    from sme_clusters.dataset import Dataset

    data = Dataset(DataPaths(data_copy))
    listed = [(data.raw_file(source), row) for year, source in data.batches["source_id"].items() for row in data.lists.rows[year].itertuples()]
    path, row = next((path, row) for path, row in listed if row.city in data.listing_units.index)

    def edit(path, row_number, values) -> None:
        rewrite_csv(path, lambda h, rows: (h, [[values.get(c, v) for c, v in zip(h, r, strict=True)] if i == row_number - 1 else r
                                               for i, r in enumerate(rows)]))
        register_checksums(data_copy)

    def error_after(path, row_number, values) -> str:
        edit(path, row_number, values)
        return _load_error(data_copy)

    message = error_after(path, row.row_number, {"listed_under": row.province})
    assert f"row {row.row_number} (line {row.row_number + 1}), column 'listed_under': {row.city} is listed apart" in message
    other = next(p for p in data.provinces.index if p != row.province)
    message = error_after(path, row.row_number, {"listed_under": row.listed_under, "province": other})
    assert f"row {row.row_number} (line {row.row_number + 1}), column 'province'" in message
    assert "as data/reference/listing_units.csv has it, row" in message
    edit(path, row.row_number, {"province": row.province})

    path, named = next((path, r) for path, r in listed
                       if data.provinces.loc[r.province, "short_zh"] in r.cluster_name and r.listed_under == r.province)
    wrong = next(p for p in data.provinces.index if data.provinces.loc[p, "short_zh"] not in named.cluster_name)
    message = error_after(path, named.row_number, {"province": wrong, "listed_under": wrong})
    assert f"row {named.row_number} (line {named.row_number + 1}), column 'province': the name" in message
    edit(path, named.row_number, {"province": named.province, "listed_under": named.listed_under})

    uncertain = data.raw_file("clusters_year_uncertain")
    rewrite_csv(uncertain, lambda h, rows: (h, rows + [["" if c == "year" else str(getattr(named, c)) for c in h]]))
    register_checksums(data_copy)
    added = len(uncertain.read_text(encoding="utf-8").splitlines()) - 1
    message = _load_error(data_copy)
    assert f"clusters_year_uncertain.csv, row {added} (line {added + 1}), column 'cluster_name'" in message
    assert f"is on the {named.year} list" in message


@pytest.mark.parametrize("file", ["claims_excluded.csv", "reference/named_sectors.csv", "reference/named_examples.csv"])
def test_an_article_id_no_article_has_is_named_in_its_own_column(data_copy, file):
    rewrite_csv(data_copy / file, set_cell(1, "article_id", "999"))
    assert f"{Path(file).name}, row 1 (line 2), column 'article_id': unknown article '999'" in _load_error(data_copy)


def test_a_claim_of_one_provinces_count_names_one_province_in_its_scope_in_either_script(data_copy):
    from sme_clusters.claims import PROVINCE_SCOPED_METRICS

    number = _row_where(data_copy / "claims.csv", "metric", lambda metric: metric in PROVINCE_SCOPED_METRICS)
    scope = list(csv.DictReader(io.StringIO((data_copy / "claims.csv").read_text(encoding="utf-8"))))[number - 1]["scope"]
    for bad in ("all national clusters", "山东省 and 浙江省 (incl. 宁波)"):
        rewrite_csv(data_copy / "claims.csv", set_cell(number, "scope", bad))
        assert f"claims.csv, row {number} (line {number + 1}), column 'scope': the scope" in _load_error(data_copy)
    traditional = scope.translate(str.maketrans("东岛浙宁", "東島浙寧"))
    rewrite_csv(data_copy / "claims.csv", set_cell(number, "scope", traditional))
    Dataset(DataPaths(data_copy)).validate()
    other = next(p for p in Dataset(DataPaths(data_copy)).provinces.index if p[:2] not in scope)  # another province
    rewrite_csv(data_copy / "claims.csv", set_cell(number, "scope", other))
    assert f"claims.csv, row {number} (line {number + 1}), column 'scope': the scope names {other}, the label" in _load_error(data_copy)


def test_a_date_held_as_a_number_must_be_a_date_on_the_calendar(data_copy):
    """A month typed 20231 for 202301 passed the check and stopped notebook 02 where it was shown."""
    from sme_clusters.schemas import date_number_problem

    assert [date_number_problem(v, u) for v, u in ((705, "month-day"), (202301, "month"), (20230420, "date"), (20231, "clusters"))] == [""] * 4
    assert all(date_number_problem(v, u) for v, u in ((1332, "month-day"), (20231, "month"), (20230230, "date"), (2023.5, "month")))
    data = Dataset(DataPaths(data_copy))
    report = next(r for r in data.independent_reports.values() if any(f.unit == "month" for f in r.figures))
    path = next(p for p in (data_copy / "raw").rglob(Path(report.file).name) if report.evidence_id in p.read_text(encoding="utf-8"))
    index = next(i for i, f in enumerate(report.figures) if f.unit == "month")

    def damage(header, rows):
        values = rows[report.row_number - 1][header.index("value")].split(" | ")
        values[index] = values[index][:4] + values[index][5:]  # 202301 -> 20231
        rows[report.row_number - 1][header.index("value")] = " | ".join(values)
        return header, rows
    rewrite_csv(path, damage)
    register_checksums(data_copy)
    assert f"row {report.row_number} (line {report.row_number + 1}), column 'value': " in _load_error(data_copy)
    assert "is not a month written YYYYMM" in _load_error(data_copy)


def test_baiyuns_shares_say_what_would_decide_them_when_the_count_is_undecided(data_copy):
    """A link of Baiyun's count turned from context to independent left its shares not checkable with nothing to say what
    would decide them, and notebook 06 stopped."""
    from sme_clusters.case_checks import judge_baiyun
    from sme_clusters.verdicts import Ledger

    data = Dataset(DataPaths(data_copy))
    producers = data.claims.one(metric="licensed_producers")
    rewrite_csv(data_copy / "claim_evidence.csv", lambda h, rows: (h, [
        [*r[:h.index("relation")], "independent", *r[h.index("relation") + 1:]] if r[0] == producers.claim_id else r for r in rows]))
    data = Dataset(DataPaths(data_copy))
    ledger = Ledger("06-test")
    judge_baiyun(ledger, data, lambda claim, reading="": ledger.linked(claim, data.evidence_for(claim.claim_id), reading=reading), "s")
    assert set(ledger.frame()["key"]) >= {producers.claim_id}


def test_a_reports_value_its_phrase_as_printed_does_not_give_is_refused(data_copy):
    """420 typed 422 for 4月20日, 12000 typed 1.2 for 1.2万: each turned a verdict, and passed the check."""
    from sme_clusters.drafts import draft_claims

    data = Dataset(DataPaths(data_copy))
    provinces = frozenset(data.provinces["short_zh"])
    report = next(r for r in data.independent_reports.values() if len(r.figures) == 1
                  and any(d.unit == r.figures[0].unit and float(d.value) == float(r.figures[0].value)
                          for d in draft_claims(r.phrase, provinces)))
    path = next(p for p in (data_copy / "raw").rglob(Path(report.file).name) if report.evidence_id in p.read_text(encoding="utf-8"))
    rewrite_csv(path, set_cell(report.row_number, "value", f"{float(report.figures[0].value) + 2:g}"))
    register_checksums(data_copy)
    message = _load_error(data_copy)
    assert f"row {report.row_number} (line {report.row_number + 1}), column 'value': figure 1 is " in message
    assert "which the phrase as printed does not give" in message


def test_a_count_of_a_list_dated_before_the_list_was_published_is_refused(data_copy):
    import datetime

    from sme_clusters.claims import period_start

    data = Dataset(DataPaths(data_copy))
    row = next(r for r in data.province_totals.itertuples() if re.match(r"^(first in )?\d{4} batch", r.scope) and r.as_of[:4].isdigit())
    year = int(re.search(r"\d{4}", row.scope).group())
    before = (period_start(str(data.batches.loc[year, "published"])) - datetime.timedelta(days=20)).strftime("%Y-%m-%d")
    path = data.raw_file(row.source_id)
    rewrite_csv(path, set_cell(row.row_number, "as_of", before))
    register_checksums(data_copy)
    message = _load_error(data_copy)
    assert f"row {row.row_number} (line {row.row_number + 1}), column 'as_of': a count of the {year} list dated {before}, before" in message


def test_a_claims_unit_changed_from_the_one_its_quote_prints_is_refused(data_copy):
    """'3年' claimed as 3 months skipped the check of the value against the quote, and a report of 2023 to 2025 then
    corroborated '3 months'."""
    from sme_clusters.drafts import draft_claims
    from sme_clusters.labels import unit_has_words, units_with_words

    data = Dataset(DataPaths(data_copy))
    provinces = frozenset(data.provinces["short_zh"])
    number, claim = next((n, c) for n, c in enumerate(data.claims, start=1)
                         if sum(d.unit == c.unit for d in draft_claims(c.quote, provinces)) == 1 and c.unit != "percent")
    other = next(u for u in units_with_words() if u != claim.unit and unit_has_words(u)
                 and not any(d.unit == u for d in draft_claims(claim.quote, provinces)))
    rewrite_csv(data_copy / "claims.csv", set_cell(number, "unit", other))
    message = _load_error(data_copy)
    assert f"row {number} (line {number + 1}), column 'unit': the quote prints " in message and f"in {claim.unit}, not in {other}" in message


@pytest.mark.parametrize("edit", ["region", "short_zh", "delete"])
def test_a_province_moved_to_another_region_renamed_or_dropped_is_refused(data_copy, edit):
    """河北 moved from East to Central took 17 clusters from one region's count to another's; 山东 and 山西 swapped sent
    every count filed by short name to the other; a province dropped left its region a province short."""
    path = data_copy / "reference" / "provinces.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    number, row = next((n, r) for n, r in enumerate(rows, start=1) if r["region"] != "Northeast")
    other = next(r for r in rows if r["region"] != row["region"])
    if edit == "region":
        rewrite_csv(path, set_cell(number, "region", other["region"]))
        expected = f"provinces.csv, row {number} (line {number + 1}), column 'region'"
    elif edit == "short_zh":  # swapped with another province's
        rewrite_csv(path, lambda h, rs: (h, [[*r[:h.index("short_zh")], {row["short_zh"]: other["short_zh"], other["short_zh"]: row["short_zh"]}
                                              .get(r[h.index("short_zh")], r[h.index("short_zh")]), *r[h.index("short_zh") + 1:]] for r in rs]))
        expected = f"provinces.csv, row {number} (line {number + 1}), column 'short_zh': {other['short_zh']!r} is not the start"
    else:
        rewrite_csv(path, lambda h, rs: (h, [r for i, r in enumerate(rs, start=1) if i != number]))
        expected = f"provinces.csv, column 'region': {sum(r['region'] == row['region'] for r in rows) - 1} provinces in the {row['region']} region"
    assert expected in _load_error(data_copy)


def test_a_facts_value_its_description_does_not_give_is_refused(data_copy):
    """1987 typed for the 1978 the description gives turned 002-reform-years from reproduced to contradicted."""
    path = data_copy / "reference" / "facts.csv"
    row = _row_where(path, "unit", lambda unit: unit == "year")
    value = float(list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))[row - 1]["value"])
    rewrite_csv(path, set_cell(row, "value", f"{value + 9:g}"))
    assert f"facts.csv, row {row} (line {row + 1}), column 'value': {value + 9:g} is not a figure its description gives" in _load_error(data_copy)


def test_a_list_published_no_later_than_the_list_before_it_is_refused(data_copy):
    """2023's list dated 2023-01, as 2022's is, moved which lists every claim of 2023 speaks of."""
    rows = list(csv.DictReader(io.StringIO((data_copy / "batches.csv").read_text(encoding="utf-8"))))
    rewrite_csv(data_copy / "batches.csv", set_cell(2, "published", rows[0]["published"]))
    assert f"batches.csv, row 2 (line 3), column 'published': the {rows[1]['year']} list published {rows[0]['published']}, not after" in _load_error(data_copy)


def test_a_cumulative_total_that_is_not_the_sum_its_own_report_gives_list_by_list_is_refused(data_copy):
    """上海 14 typed 4, where the same report gives 5 / 4 / 5 list by list, lowered the East's known count by ten."""
    data = Dataset(DataPaths(data_copy))
    totals = data.province_totals
    row = next(r for r in totals.itertuples() if re.fullmatch(r"cumulative \d{4}-\d{4}", r.scope)
               and ((totals["unit"] == r.unit) & (totals["source_url"] == r.source_url) & totals["scope"].str.endswith(" batch")).sum() > 1)
    rewrite_csv(data.raw_file(row.source_id), set_cell(row.row_number, "total", f"{row.total - 10:g}"))
    register_checksums(data_copy)
    message = _load_error(data_copy)
    assert f"row {row.row_number} (line {row.row_number + 1}), column 'total': {row.total - 10:g} clusters, but the same report gives" in message


def test_one_figure_cited_as_the_cap_of_a_province_and_of_a_listed_city_is_refused(data_copy):
    """The 2024 listed-city row pointed at the province cap's report raised Shandong's and Zhejiang's bounds from 2–10 to 2–16."""
    path = data_copy / "recommendation_limits.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    number, row = next((n, r) for n, r in enumerate(rows, start=1) if r["unit_kind"] == "listed")
    province = next(r for r in rows if r["year"] == row["year"] and r["unit_kind"] == "province")
    rewrite_csv(path, set_cell(number, "evidence", province["evidence"]))
    assert f"recommendation_limits.csv, row {number} (line {number + 1}), column 'evidence': {province['evidence']} is already" in _load_error(data_copy)
