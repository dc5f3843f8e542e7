"""Adding a year is data and a parameter: a made-up 2025 list flows through every notebook, apart from the defaults."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from sme_clusters import config
from sme_clusters.runner import RunError, run

from .synthetic import NEXT_REGIONS, NEXT_YEAR, add_next_year
from .test_runner import digests


@pytest.fixture(scope="module")
def next_year(tmp_path_factory):
    base = tmp_path_factory.mktemp("next-year")
    data = add_next_year(shutil.copytree(config.DATA_DIR, base / "data", ignore=shutil.ignore_patterns("processed")))
    before = digests(config.ROOT)
    output = base / "out"
    run(None, {"data_dir": str(data)}, output, year=NEXT_YEAR, echo=lambda *a, **k: None)
    return output, before


def test_the_cumulative_count_reaches_400_and_the_new_claims_are_reproduced(next_year):
    output, _ = next_year
    lists = pd.read_csv(output / "processed" / "02-batches__lists.csv", index_col="list")
    assert lists.loc[NEXT_YEAR, "cumulative"] == 400
    verdicts = pd.read_csv(output / "processed" / "02-batches__verdicts.csv").set_index("key")["verdict"]
    # the made-up article's counts agree with each other, but no independent report covers the made-up list
    assert verdicts["999-cumulative"] == "consistent" and verdicts["999-2025-list"] == "consistent"
    assert verdicts["002-cumulative"] == "reproduced"  # 300 by September 2024 still holds, by the notices


def test_the_new_lists_regional_split_is_computed_from_its_rows(next_year):
    output, _ = next_year
    by_list = pd.read_csv(output / "processed" / "03-regions__regions-by-list.csv", index_col="region")
    assert {r: by_list.loc[r, str(NEXT_YEAR)] for r in NEXT_REGIONS} == {r: n for r, (_, n) in NEXT_REGIONS.items()}


def test_every_notebook_wrote_its_outputs_apart_and_the_defaults_are_untouched(next_year):
    output, before = next_year
    assert sorted(p.name for p in (output / "notebooks").iterdir()) == sorted(p.name for p in config.NOTEBOOKS_DIR.glob("*.ipynb"))
    assert any((output / "figures").glob("03-regions__*.png"))
    assert digests(config.ROOT) == before


def test_a_year_without_a_list_fails_before_anything_runs_and_names_the_years_that_exist(tmp_path):
    with pytest.raises(RunError, match=r"no batch for 2031 in data/batches.csv; batches exist for \[2022, 2023, 2024\]"):
        run(None, {}, tmp_path / "out", year=2031)
    assert not (tmp_path / "out").exists()
