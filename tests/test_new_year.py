"""Adding a year is data and a parameter: a made-up list after the last real one flows through every notebook, apart from the defaults."""
from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from sme_clusters import config
from sme_clusters.dataset import Dataset
from sme_clusters.runner import RunError, run

from .synthetic import NEXT_REGIONS, add_next_year, next_year
from .test_runner import digests

YEAR = next_year()


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    base = tmp_path_factory.mktemp("next-year")
    data = add_next_year(shutil.copytree(config.DATA_DIR, base / "data", ignore=shutil.ignore_patterns("processed")), YEAR)
    before = digests(config.ROOT)
    output = base / "out"
    run(None, {"data_dir": str(data)}, output, year=YEAR, echo=lambda *a, **k: None)
    return output, before


@pytest.mark.slow
def test_the_cumulative_count_grows_by_the_new_list(added):
    output, _ = added
    lists = pd.read_csv(output / "processed" / "02-batches__lists.csv", index_col="list")
    committed = Dataset(config.DATA)
    assert lists.loc[YEAR, "cumulative"] == sum(committed.lists.official_count(y) for y in committed.lists.years()) + 100
    verdicts = pd.read_csv(output / "processed" / "02-batches__verdicts.csv").set_index("key")["verdict"]
    # the made-up article's totals are recomputed from the made-up notice and the real ones
    # the sum of the notices' counts, as reports give them: corroborated, computed from reports, never reproduced
    assert verdicts["999-cumulative"] == "corroborated" and verdicts[f"999-{YEAR}-list"] == "corroborated"


@pytest.mark.slow
def test_no_earlier_verdict_changes_when_a_year_is_added(added):
    output, _ = added
    new = pd.read_csv(output / "processed" / config.LEDGER.name, dtype=str, keep_default_na=False).set_index("claim")
    old = pd.read_csv(config.LEDGER, dtype=str, keep_default_na=False).set_index("claim")
    pd.testing.assert_series_equal(new.loc[old.index, "verdict"], old["verdict"])


@pytest.mark.slow
def test_the_new_lists_regional_split_is_computed_from_its_rows(added):
    output, _ = added
    by_list = pd.read_csv(output / "processed" / "03-regions__regions-by-list.csv", index_col="region")
    assert {r: by_list.loc[r, str(YEAR)] for r in NEXT_REGIONS} == {r: n for r, (_, n) in NEXT_REGIONS.items()}


@pytest.mark.slow
def test_every_notebook_wrote_its_outputs_apart_and_the_defaults_are_untouched(added):
    output, before = added
    assert sorted(p.name for p in (output / "notebooks").iterdir()) == sorted(p.name for p in config.NOTEBOOKS_DIR.glob("*.ipynb"))
    assert any((output / "figures").glob("03-regions__*.png"))
    assert digests(config.ROOT) == before


def test_a_year_without_a_list_fails_before_anything_runs_and_names_the_years_that_exist(tmp_path):
    years = Dataset(config.DATA).lists.years()
    with pytest.raises(RunError, match=rf"no batch for {YEAR + 5} in data/batches.csv; batches exist for {re.escape(str(years))}"):
        run(None, {}, tmp_path / "out", year=YEAR + 5)
    assert not (tmp_path / "out").exists()
    with pytest.raises(RunError, match=rf"no batch for {YEAR + 5} in data/batches.csv"):  # asked as a notebook's parameter too
        run(["02"], {"year": YEAR + 5}, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_check_year_says_ready_with_advisory_notes_and_blocks_only_what_stops_a_run(tmp_path, capsys):
    """A name no keyword places is worth a look, not a reason to stop; a name already on an earlier list blocks (it would be
    counted twice), naming its row and the earlier one."""
    import csv

    from sme_clusters.cli import main
    from sme_clusters.config import DataPaths

    from .synthetic import register_checksums

    data = shutil.copytree(config.DATA_DIR, tmp_path / "data", ignore=shutil.ignore_patterns("processed"))
    committed = Dataset(DataPaths(data))
    latest, first = committed.lists.latest(), committed.lists.years()[0]
    earlier = committed.lists.clusters(first).iloc[0]
    # the latest list with two rows to rename (the newest may be known by its count alone, without rows yet)
    checked = max(y for y in committed.lists.years() if y != first and len(committed.lists.rows[y]) >= 2)
    path = data / "raw" / committed.sources.loc[committed.batches.loc[checked, "source_id"], "path"]

    def rename(row: int, name: str, place: tuple[str, str] | None = None) -> None:
        """Row `row` of the latest list renamed (and placed): the list keeps its size, which its official count may cap."""
        with path.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.reader(stream))
        header = rows[0]
        rows[row][header.index("cluster_name")] = name
        if place:
            rows[row][header.index("listed_under")], rows[row][header.index("province")] = place
        with path.open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream, lineterminator="\n").writerows(rows)
        register_checksums(data)

    rename(-1, "北京市样例无词集群", ("北京市", "北京市"))
    assert main(["check-year", str(checked), "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    # the latest list may hold other names no keyword places yet (a contributor's new list, say): this one is among them
    assert re.search(rf"{checked}: ready to run \(\d+ advisory note\(s\) above\)", out), out
    assert re.search(r"advisory: \d+ name\(s\)", out) and "北京市样例无词集群" in out
    assert main(["check-year", str(latest + 5), "--data-dir", str(data)]) == 1
    assert f"blocking: no row for {latest + 5}" in capsys.readouterr().out
    twin = earlier["cluster_name"].translate(str.maketrans("电东广产业区县", "電東廣產業區縣"))  # the same name, in Traditional
    rename(-2, twin, (earlier["listed_under"], earlier["province"]))
    rows = len(path.read_text(encoding="utf-8").splitlines()) - 2
    assert main(["check-year", str(checked), "--data-dir", str(data)]) == 1
    out = capsys.readouterr().out
    assert f"row {rows} (line {rows + 1}), column 'cluster_name': {twin!r} is already on the {first} list" in out
    assert f"row {earlier['row_number']}); a cluster is recognised once" in out


def test_new_year_writes_blank_files_the_loaders_read_and_never_overwrites(tmp_path, capsys):
    from sme_clusters.cli import main
    from sme_clusters.clusters import load_cluster_file
    from sme_clusters.evidence import load_reports

    committed = Dataset(config.DATA)
    year = committed.lists.latest() + 1
    assert main(["new-year", str(year), "--into", str(tmp_path / "in")]) == 0
    rows, reports, checklist = (tmp_path / "in" / name for name in (f"clusters_{year}.csv", f"independent_reports_{year}.csv", "CHECKLIST.md"))
    with rows.open("a", encoding="utf-8") as stream:
        stream.write(f"{year},北京市,北京市,,,北京市样例产业集群,full,synthetic,\n")
    with reports.open("a", encoding="utf-8") as stream:
        stream.write(f"notice-{year},{year} list,the {year} list,{year}-11,clusters,100,clusters,exact,p,{year}-11-05,,新认定100个,\n")
    assert load_cluster_file(rows, committed.provinces, committed.listing_units, year)["cluster_name"].tolist() == ["北京市样例产业集群"]
    assert list(load_reports([reports])) == [f"notice-{year}"]
    assert "COUNT=<evidence id of the count>" in checklist.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["new-year", str(year), "--into", str(tmp_path / "in")]) == 1
    assert "exists; it is kept as it is" in capsys.readouterr().err
    assert rows.read_text(encoding="utf-8").count("\n") == 2  # the filled file was not overwritten


@pytest.mark.slow
def test_a_list_known_only_by_its_count_runs_through_every_notebook(tmp_path):
    """A list just published: its notice gives the count, no row is known yet. Its rows file is a header alone."""
    from sme_clusters.config import DataPaths
    from sme_clusters.newyear import register_raw_file

    data = shutil.copytree(config.DATA_DIR, tmp_path / "data", ignore=shutil.ignore_patterns("processed"))
    paths = DataPaths(data)
    header = (data / "raw" / "compiled" / "clusters_2023.csv").read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "rows.csv").write_text(header + "\n", encoding="utf-8")
    reports = (data / "raw" / "compiled" / "independent_reports.csv").read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "reports.csv").write_text(reports + f"\nnotice-{YEAR},{YEAR} list,the {YEAR} list,{YEAR}-11,clusters newly recognised,"
                                          f"100,clusters,exact,synthetic,{YEAR}-11-05,,新认定100个,made up\n", encoding="utf-8")
    register_raw_file(paths, tmp_path / "rows.csv", f"compiled/clusters_{YEAR}.csv",
                      {"source_id": f"clusters_{YEAR}", "kind": "compiled", "publisher": "p", "title": "t", "description": "d"})
    register_raw_file(paths, tmp_path / "reports.csv", f"searched/independent_reports_{YEAR}.csv",
                      {"source_id": f"reports_{YEAR}", "kind": "independent", "publisher": "p", "title": "t", "description": "d"})
    with (data / "batches.csv").open("a", encoding="utf-8") as stream:
        stream.write(f"{YEAR},clusters_{YEAR},{YEAR}-11,,notice-{YEAR},\n")
    run(None, {"data_dir": str(data)}, tmp_path / "out", year=YEAR, echo=lambda *a, **k: None)
    coverage = pd.read_csv(tmp_path / "out" / "figures" / "02-batches__coverage.csv", dtype=str)
    assert coverage.loc[coverage["label"] == f"{YEAR} list", "value"].tolist() == ["100", "0"]  # the count, and no row known


def test_a_run_to_an_earlier_year_keeps_each_edition_in_a_folder_of_its_own():
    """`make reproduce YEAR=…` writes both editions apart, as the default run does; `-p lang=zh` never writes over the
    English outputs of the same year."""
    from sme_clusters.cli import RUNS_DIR, year_run_folders

    year = Dataset(config.DATA).lists.years()[0]
    folder, alongside = year_run_folders(year, {})
    assert folder == RUNS_DIR / f"year-{year}"
    assert [(others["lang"], path) for others, path in alongside] == [(e.lang, folder / e.lang) for e in config.EDITIONS.values()
                                                                      if e.output_dir]
    chinese, none = year_run_folders(year, {"lang": "zh"})
    assert chinese != folder and chinese.parent == folder and none == []


def test_check_year_notes_a_unit_with_more_rows_than_its_notice_let_it_put_forward(tmp_path, capsys):
    """Rows of one list under one province past the cap its recommendation notice set: worth a look (a row of another
    list, a wrong unit), not a reason to stop, since the counts then drop that unit's upper bound and say so."""
    import csv

    from sme_clusters.cli import main
    from sme_clusters.config import DataPaths

    from .synthetic import register_checksums

    data = shutil.copytree(config.DATA_DIR, tmp_path / "data", ignore=shutil.ignore_patterns("processed"))
    committed = Dataset(DataPaths(data))
    year = max(y for (y, kind) in committed.limits if kind == "province")
    cap = int(committed.limits[year, "province"][0])
    path = committed.raw_file(committed.batches.loc[year, "source_id"])
    rows = committed.lists.rows[year]
    province = rows[~rows["listed_under"].isin(committed.listing_units.index)]["listed_under"].iloc[0]
    held = int((rows["listed_under"] == province).sum())
    with path.open(encoding="utf-8", newline="") as stream:
        header, *lines = list(csv.reader(stream))
    model = next(line for line in lines if line[header.index("listed_under")] == province)
    extra = [[f"{province}样例{i}号电池产业集群" if h == "cluster_name" else "" if h in ("city", "county") else cell
              for h, cell in zip(header, model, strict=True)] for i in range(cap + 1 - held)]
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows([header, *lines, *extra])
    register_checksums(data)
    assert main(["check-year", str(year), "--data-dir", str(data)]) == 0
    assert f"{province} has {cap + 1} known rows of the {year} list, more than the {cap}" in capsys.readouterr().out


def test_check_year_notes_a_year_the_lists_skip():
    """A list added two years after the last one leaves a year between with none: check-year notes it (its dates would be
    in the future here, which the data check refuses, so the rule is tested on the years alone)."""
    from sme_clusters.newyear import skipped_years

    years = Dataset(config.DATA).lists.years()
    assert skipped_years(years) == []  # the lists so far: one a year
    assert skipped_years([*years, years[-1] + 2]) == [years[-1] + 1]
    assert skipped_years([years[0], years[0] + 3]) == [years[0] + 1, years[0] + 2]
