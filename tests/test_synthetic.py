"""With complete lists, the notebooks reproduce every claim a list can decide, computed from the rows.

This proves the notebooks compute rather than remember: the same code that
finds lower bounds in the real, partial rows must reach the article's exact
numbers from a complete synthetic list, and must notice one row out of place.
"""
from __future__ import annotations

import collections

import pandas as pd
import pytest

from sme_clusters.runner import run

from .synthetic import synthetic_rows, write_synthetic_data

pytestmark = pytest.mark.slow  # notebooks 03 and 04 run end to end, twice

LIST_DERIVABLE = [
    "002-east", "002-central", "002-west", "002-northeast", "002-provinces-represented",
    "002-shandong-merged", "002-zhejiang-merged", "002-first-cluster-2024",
    "002-big-provinces-new", "002-smart-names",
]
# With the article's make-up, the headline's top three (山东、江苏、广东) holds only with the listed cities
# apart: merged, Zhejiang's 23 (the article's own text) is ahead of Guangdong's 22.
HEADLINE = "002-headline-top3"


def verdicts_of(output) -> pd.Series:
    tables = [pd.read_csv(p) for p in sorted((output / "processed").glob("*__verdicts.csv"))]
    return pd.concat(tables).set_index("key")["verdict"]


def run_on(rows, tmp_path, name):
    data = write_synthetic_data(tmp_path / f"{name}-data", rows)
    output = tmp_path / name
    run(["03", "04"], {"data_dir": str(data)}, output, echo=lambda *a, **k: None)
    return verdicts_of(output)


def test_the_synthetic_list_has_the_make_up_of_the_article():
    rows = synthetic_rows()
    assert collections.Counter(r["year"] for r in rows) == {2022: 100, 2023: 100, 2024: 100}
    assert len({r["province"] for r in rows}) == 30
    assert sum(("智能" in r["cluster_name"]) or ("智慧" in r["cluster_name"]) for r in rows) == 30


@pytest.fixture(scope="module")
def complete_verdicts(tmp_path_factory):
    return run_on(synthetic_rows(), tmp_path_factory.mktemp("synthetic"), "complete")


@pytest.mark.parametrize("claim_id", LIST_DERIVABLE)
def test_with_complete_lists_every_list_derivable_claim_is_reproduced(complete_verdicts, claim_id):
    assert complete_verdicts[claim_id] == "reproduced"


def test_the_headline_holds_with_the_listed_cities_apart_and_fails_merged(complete_verdicts, tmp_path):
    assert complete_verdicts[HEADLINE] == "depends on reading"


def test_one_row_moved_to_another_region_turns_both_regions_contradicted(tmp_path):
    rows = synthetic_rows()
    moved = next(r for r in rows if r["province"] == "河北省")  # East ...
    # ... to Central, its name with it (a name that names another province than its row is refused)
    moved.update(listed_under="河南省", province="河南省", cluster_name=moved["cluster_name"].replace("河北省", "河南省"))
    verdicts = run_on(rows, tmp_path, "moved")
    assert verdicts["002-east"] == "contradicted"
    assert verdicts["002-central"] == "contradicted"
    assert verdicts["002-west"] == "reproduced"
