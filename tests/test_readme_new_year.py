"""The README's 'Adding a new year', run word for word on a copy of the project with a made-up year, then `make test` there.

The copy shares this environment's .venv (the same pins) and imports its own package
through PYTHONPATH. Inside the copy this test skips itself, so the suite runs once there.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sme_clusters import config

from .conftest import cli_environment, tracked_files
from .synthetic import confirmed_drafts, next_year, next_year_files

NESTED = "SME_CLUSTERS_NESTED"
README = (config.ROOT / "README.md").read_text(encoding="utf-8")


def readme_block() -> list[str]:
    """The lines of the shell block in the README's 'Adding a new year'."""
    section = README.split("## Adding a new year", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "the README's 'Adding a new year' has no ```sh block"
    return block.group(1).rstrip("\n").split("\n")


VARIABLES = {"YEAR", "ROWS", "REPORTS", "COUNT", "PUBLISHED", "ARTICLE", "ARTICLE_ID", "ARTICLE_DATE", "CLAIMS", "EXCLUDED",
             "PASSES", "REVIEWED", "PASSED"}


def variable_lines(block: list[str]) -> list[str]:
    """The block's first lines, which only set variables: what a reader edits (and this test replaces)."""
    lines = []
    for line in block:
        if not re.fullmatch(r"(\w+=\S+ ?)+", line):
            break
        lines.append(line)
    return lines


def test_the_block_starts_with_the_variables_a_reader_sets():
    names = set(re.findall(r"(\w+)=", " ".join(variable_lines(readme_block()))))
    assert names == VARIABLES, names ^ VARIABLES


def copy_project(target: Path) -> Path:
    for name in tracked_files(untracked=True):
        source = config.ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    subprocess.run(["git", "add", "-A"], cwd=target, check=True)
    (target / ".venv").symlink_to(config.ROOT / ".venv")  # after `git add`: the copy shares the pinned environment, untracked
    return target


@pytest.mark.slow
@pytest.mark.skipif(bool(os.environ.get(NESTED)), reason="already inside the copy this test makes")
def test_adding_a_year_as_the_readme_says_then_make_test_passes(tmp_path):
    if not (config.ROOT / ".venv" / "bin" / "sme-clusters").exists():
        pytest.skip("needs the project's .venv (make setup)")
    project = copy_project(tmp_path / "project")
    year = next_year()
    from sme_clusters.dataset import Dataset

    committed = Dataset(config.DATA)
    files = next_year_files(tmp_path / "incoming", year, int(sum(committed.lists.official_count(y) for y in committed.lists.years())) + 100)
    article_id = f"{max(int(i) for i in committed.article_texts) + 1:03d}"
    # the analyst's part: `add-article` drafts the claims, which are completed by hand (here, by confirmed_drafts)
    claims, excluded = confirmed_drafts(files["article"], article_id, f"{year}-11-20", tmp_path / "incoming" / "drafts")
    variables = {"YEAR": year, "ROWS": files["rows"], "REPORTS": files["reports"], "COUNT": f"notice-{year}", "PUBLISHED": f"{year}-11",
                 "ARTICLE": files["article"], "ARTICLE_ID": article_id, "ARTICLE_DATE": f"{year}-11-20", "CLAIMS": claims,
                 "EXCLUDED": excluded, "PASSES": files["passes"], "REVIEWED": files["reviewed"],
                 "PASSED": f"review-{files['reviewed']}-{year}"}
    assert set(variables) == VARIABLES
    block = readme_block()
    script = "\n".join([" ".join(f"{k}={v}" for k, v in variables.items()), *block[len(variable_lines(block)):]])
    env = {**cli_environment(project), NESTED: "1"}
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=project, env=env, capture_output=True, text=True,
                            timeout=1500)
    tail = (result.stdout + result.stderr)[-4000:]
    assert result.returncode == 0, tail
    assert f"{year}: ready to run" in result.stdout
    assert re.search(r"\d+ passed", result.stdout) and " failed" not in result.stdout, tail
    lists = (project / "data" / "processed" / "02-batches__lists.csv").read_text(encoding="utf-8")
    assert re.search(rf"^{year},", lists, re.MULTILINE)  # the new list is in the default run
    ledger = (project / "data" / "processed" / "99-claims-ledger__ledger.csv").read_text(encoding="utf-8")
    assert f"{article_id}-figure-01" in ledger and f"{article_id}-figure-02" in ledger  # the new article's claims are judged
    assert f"review_{files['reviewed']}_in_{year}" in (project / "data" / "reviews.csv").read_text(encoding="utf-8")
