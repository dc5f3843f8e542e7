"""Every data file, mutated in ways no one listed: a clear one-line error, or exactly the clean results.

Every data file meets every kind of mutation (in the slow set; `make test` gives each file one kind, and each
kind two files or more); Hypothesis draws where it strikes. The mutations the
README documents as harmless (Windows line endings, a byte-order mark, spaces around a
cell, a blank line between rows) must load to the very results the clean data gives. Every
other one must stop the load with one DataFileError line that names the file and, when a
row is at fault, the row and its line. No other exception may escape, and no mutation may
change the results without a word.
"""
from __future__ import annotations

import csv
import functools
import io
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme_clusters import config
from sme_clusters.config import DataPaths
from sme_clusters.dataset import Dataset
from sme_clusters.validation import DataFileError

from .synthetic import register_checksums

pytestmark = pytest.mark.long  # every kind of damage dealt to the data files: a load of the data folder each: handed out early (conftest.py)

# Every input CSV with a data row to strike: a list known by its count alone (a header, no rows) has none, and is tested
# as such in test_validation.py and test_new_year.py.
FILES = sorted(p.relative_to(config.DATA_DIR).as_posix() for p in config.DATA_DIR.rglob("*.csv")
               if p.relative_to(config.DATA_DIR).parts[0] != "processed" and len(p.read_text(encoding="utf-8-sig").strip().splitlines()) > 1)
HARMLESS = ("crlf", "bom", "spaces", "blank_line")
HARMFUL = ("drop_field", "extra_field", "truncate", "nul", "header_again", "invisible", "too_long", "formula")
FORMULAS = ("=HYPERLINK(\"http://example.com\")", "+1+1", "@SUM(A1:A2)", "=cmd|' /C calc'!A0")  # OWASP's CSV injection
# Characters a reader cannot see or that change how the text around them reads: zero-width space and joiner, a
# right-to-left override, a byte-order mark, a bell, a line separator, and (inside a cell) a line break and a tab
INVISIBLE = ("\u200b", "\u200d", "\u202e", "\ufeff", "\x07", "\u2028", "\n", "\t")


def snapshot(data: Dataset) -> list:
    """What the loaders give, as comparable values."""
    data.validate()
    frames = [data.sources, data.batches, data.provinces, data.listing_units, data.sector_keywords, data.named_examples, data.named_sectors,
              data.facts, data.county_units, data.province_totals, data.reported_figures, data.lists.clusters(),
              data.uncertain_clusters, data.reviews, data.claims.frame()]
    texts = [frame.drop(columns=[c for c in ("row_number", "sha256") if c in frame.columns]).to_csv() for frame in frames]
    reports = sorted((r.evidence_id, r.figures, r.publisher, r.date, r.source_url, r.phrase_as_printed, r.note)
                     for r in data.independent_reports.values())
    links = [(link.claim_id, link.report.evidence_id, link.figure, link.relation, link.note) for link in data.claim_evidence]
    return texts + [repr(reports), repr(links)]


@functools.cache
def clean() -> list:
    """What the clean data gives (once per test process, and only in one that runs these tests)."""
    return snapshot(Dataset(config.DATA))


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def write_rows(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _invisible(cell: str, draw_int) -> str:
    """A character from INVISIBLE inside the cell: at its edges a line break or a tab is only trimmed whitespace."""
    if len(cell) < 2:
        return "\u200b" + cell
    at = draw_int(1, len(cell) - 1)
    return cell[:at] + INVISIBLE[draw_int(0, len(INVISIBLE) - 1)] + cell[at:]


CELL_MUTATIONS = {
    "invisible": _invisible,
    # a cell a spreadsheet would run: refused wherever it is, a number's column included
    "formula": lambda cell, draw_int: FORMULAS[draw_int(0, len(FORMULAS) - 1)] + cell,
    "too_long": lambda cell, draw_int: cell + "x" * 100_000,
}


def mutate(text: str, kind: str, draw_int) -> tuple[str, int | None]:
    """The mutated text, and the data row it strikes (None when it strikes no one row)."""
    rows = rows_of(text)
    row = draw_int(1, len(rows) - 1)  # a data row, 1-based as the error messages count them
    if kind == "crlf":
        return text.replace("\n", "\r\n"), None
    if kind == "bom":
        return "\ufeff" + text, None
    if kind == "spaces":
        column = draw_int(0, len(rows[row]) - 1)
        rows[row][column] = f"  {rows[row][column]} "
        return write_rows(rows), None
    if kind == "blank_line":
        lines = text.split("\n")
        return "\n".join(lines[:row + 1] + [""] + lines[row + 1:]), None
    if kind == "drop_field":
        rows[row] = rows[row][:-1]
        return write_rows(rows), row
    if kind == "extra_field":
        rows[row] = rows[row] + ["x"]
        return write_rows(rows), row
    if kind == "truncate":  # cut inside a line: the file then ends without a line break
        cut = draw_int(1, len(text.rstrip("\n")) - 1)
        while text[cut - 1] == "\n":
            cut -= 1
        return text[:cut], None
    if kind == "nul":
        cut = draw_int(0, len(text) - 1)
        return text[:cut] + "\0" + text[cut:], None
    if kind == "header_again":
        return write_rows(rows[:row + 1] + [rows[0]] + rows[row + 1:]), row + 1
    if kind in CELL_MUTATIONS:
        column = draw_int(0, len(rows[row]) - 1)
        rows[row][column] = CELL_MUTATIONS[kind](rows[row][column], draw_int)
        return write_rows(rows), row
    raise ValueError(kind)


def shadow_copy(target: Path, writable: list[str]) -> Path:
    """The data folder as hard links (quick), but for the files a test will write, which are real copies:
    writing through a hard link would change the committed file."""
    folder = Path(shutil.copytree(config.DATA_DIR, target, ignore=shutil.ignore_patterns("processed"), copy_function=os.link))
    for name in writable:
        content = (folder / name).read_bytes()
        (folder / name).unlink()
        (folder / name).write_bytes(content)
    return folder


def check_mutation(name: str, kind: str, draw_int) -> None:
    with tempfile.TemporaryDirectory(prefix="sme-mutation-") as scratch:
        folder = shadow_copy(Path(scratch) / "data", sorted({name, "sources.csv"}))
        path = folder / name
        text, row = mutate(path.read_text(encoding="utf-8"), kind, draw_int)
        path.write_bytes(text.encode("utf-8"))
        if name != "sources.csv":
            register_checksums(folder)
        try:
            result = snapshot(Dataset(DataPaths(folder)))
        except DataFileError as error:
            message = str(error)
            assert kind in HARMFUL, f"{kind} is documented as harmless, yet: {message}"
            assert "\n" not in message.strip(), message  # one line
            assert Path(name).name in message.split(":")[0], message  # naming the file first
            if row is not None:
                assert f"row {row} (line {row + 1})" in message or "header" in message, message
            return
        assert kind in HARMLESS, f"{kind} in {name} was accepted without a word"
        assert result == clean(), f"{kind} in {name} changed the results"


def mutation_test(kind: str):
    @pytest.mark.slow
    @pytest.mark.parametrize("name", FILES)
    @settings(max_examples=1, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors])
    @given(data=st.data())
    def test(self, name, data):
        check_mutation(name, kind, lambda low, high: data.draw(st.integers(low, high)))
    return test


# The whole cross, every file meeting every kind, is the slow set's (some 340 loads of the data folder, 30 s).
for _kind in HARMLESS + HARMFUL:  # one class per kind, so that the test runner can spread them over its workers
    globals()[f"TestMutation_{_kind}"] = type(f"TestMutation_{_kind}", (), {
        "test_a_mutated_file_gives_a_clear_error_or_the_clean_results": mutation_test(_kind)})

# `make test` deals the kinds round the files: every file meets one kind, and every kind two or more files
DEALT = [(name, (HARMLESS + HARMFUL)[i % len(HARMLESS + HARMFUL)]) for i, name in enumerate(FILES)]


@pytest.mark.parametrize(("name", "kind"), DEALT)
@settings(max_examples=1, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors])
@given(data=st.data())
def test_each_file_meets_a_kind_of_mutation_and_gives_a_clear_error_or_the_clean_results(name, kind, data):
    check_mutation(name, kind, lambda low, high: data.draw(st.integers(low, high)))


def test_every_kind_of_mutation_is_dealt_to_two_files_or_more():
    dealt = [kind for _, kind in DEALT]
    assert all(dealt.count(kind) >= 2 for kind in HARMLESS + HARMFUL), dealt


@pytest.mark.parametrize("kind", HARMFUL)
def test_each_harmful_mutation_is_refused_in_the_claims(kind, tmp_path):
    """One deterministic case per harmful kind, on the file the most depends on."""
    folder = Path(shutil.copytree(config.DATA_DIR, tmp_path / "data", ignore=shutil.ignore_patterns("processed")))
    path = folder / "claims.csv"
    text, _ = mutate(path.read_text(encoding="utf-8"), kind, lambda low, high: (low + high) // 2)
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(DataFileError, match=r"^[^\n]*claims.csv"):
        snapshot(Dataset(DataPaths(folder)))


def test_the_clean_snapshot_sees_every_table():
    assert all(isinstance(part, str) and part for part in clean())
    assert all(len(pd.read_csv(io.StringIO(part))) > 0 for part in clean()[:-2])


# ---- names in the other script ----------------------------------------------------------------------------------------
CLUSTER_FILES = [name for name in FILES if Path(name).name.startswith("clusters_")]


@functools.cache
def _simplified_to_traditional():
    import opencc  # its dictionaries load once

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    return _simplified_to_traditional().convert(text)


def placed(data: Dataset) -> list:
    """What the analysis makes of the names: each row's sector, which list row each cluster known to have passed a review
    is, the rows an article's named example finds, the names with the words a claim quotes, and the counts by province
    (names compared, not printed)."""
    from sme_clusters.clusters import rows_named_like, sector_of
    from sme_clusters.industry_checks import names_with_words
    from sme_clusters.text_forms import comparable

    rows = data.lists.clusters()
    examples = data.named_examples
    return [
        [sector_of(name, data.sector_keywords) for name in rows["cluster_name"]],
        [comparable(found) for review in data.reviews.itertuples()
         for found in data.reviewed(review.list_year, review.review_year)["list_row"]],
        [len(rows_named_like(rows, row.province, row.pattern)) for row in examples.itertuples()],
        sorted(comparable(name) for name in names_with_words(data.claims.one(metric="names_with_smart"), rows)[1]["cluster_name"]),
        rows.groupby("province").size().to_dict(),
    ]


@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_names_printed_in_traditional_characters_are_placed_and_matched_as_in_simplified(data):
    name = data.draw(st.sampled_from(CLUSTER_FILES))
    with tempfile.TemporaryDirectory(prefix="sme-script-") as scratch:
        folder = shadow_copy(Path(scratch) / "data", [name, "sources.csv"])
        rows = rows_of((folder / name).read_text(encoding="utf-8"))
        column = rows[0].index("cluster_name")
        for row in data.draw(st.sets(st.integers(1, len(rows) - 1), min_size=1)):
            rows[row][column] = to_traditional(rows[row][column])
        (folder / name).write_text(write_rows(rows), encoding="utf-8")
        register_checksums(folder)
        assert placed(Dataset(DataPaths(folder))) == PLACED


PLACED = placed(Dataset(config.DATA))


def test_the_script_test_converts_names_and_sees_every_part():
    rows = Dataset(config.DATA).lists.clusters()
    assert sum(to_traditional(n) != n for n in rows["cluster_name"]) > len(rows) / 2
    assert all(PLACED) and any(PLACED[1])
