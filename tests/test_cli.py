"""The command line refuses, before it writes anything, what would write over files it does not own: an output folder
that is the project's root or one of its own folders, a file, a folder of other files for the report, a year that has
its list already, a number of workers below one."""
from __future__ import annotations

import pytest

from sme_clusters import config
from sme_clusters.cli import main
from sme_clusters.dataset import Dataset


def refused(capsys, *args: str) -> str:
    assert main(list(args)) == 1
    return capsys.readouterr().err


@pytest.mark.parametrize("folder", [".", "data", "data/raw/compiled", "notebooks", "figures", "zh", "src", ".cache"])
@pytest.mark.parametrize("command", [("run", "01", "-p", "lang=zh", "--output-dir"), ("report", "--output"),
                                     ("new-year", "2999", "--into")])
def test_an_output_folder_that_is_the_project_or_one_of_its_own_folders_is_refused(capsys, monkeypatch, folder, command):
    monkeypatch.chdir(config.ROOT)
    before = sorted(p.relative_to(config.ROOT) for p in (config.ROOT / folder.split("/")[0]).rglob("*")) if folder != "." else None
    message = refused(capsys, *command, folder)
    assert f"{command[-1]} {folder} is " in message and "give another folder" in message
    if before is not None:
        assert sorted(p.relative_to(config.ROOT) for p in (config.ROOT / folder.split("/")[0]).rglob("*")) == before


def test_a_file_given_as_a_folder_and_a_folder_of_other_files_for_the_report_are_refused_and_left_as_they_were(tmp_path, capsys):
    kept = tmp_path / "notes"
    kept.mkdir()
    (kept / "draft.txt").write_text("mine", encoding="utf-8")
    assert "is not empty and holds no report" in refused(capsys, "report", "--output", str(kept))
    assert [p.name for p in kept.iterdir()] == ["draft.txt"]
    a_file = kept / "draft.txt"
    for command in (("report", "--output"), ("run", "01", "-p", "lang=zh", "--output-dir"), ("new-year", "2999", "--into")):
        assert f"{command[-1]} {a_file} is a file; give a folder" in refused(capsys, *command, str(a_file))
    assert a_file.read_text(encoding="utf-8") == "mine"


def test_a_year_that_has_its_list_or_is_not_a_year_and_workers_below_one_are_refused(tmp_path, capsys):
    latest = Dataset(config.DATA).lists.latest()
    first = Dataset(config.DATA).lists.years()[0]
    for year in (latest, first - 1, latest - 1):  # a year with a list, one before them all, one between them
        assert f"{year} is not after the lists in data/batches.csv" in refused(capsys, "new-year", str(year), "--into", str(tmp_path / "in"))
    assert "is not a year of four digits" in refused(capsys, "new-year", "99", "--into", str(tmp_path / "in"))
    assert not (tmp_path / "in").exists()
    for workers in ("0", "-1"):
        assert f"--workers {workers}: give 1 or more" in refused(capsys, "run", "--workers", workers)
