"""Shared fixtures, and a test run that never writes into the repository.

The tests re-execute the committed notebooks (the runner into a scratch folder, nbval
in the slow set); their charts and tables go to a scratch folder (through the same
environment variables the runner uses), so the tests leave figures/ and
data/processed/ as they are.
"""
from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from sme_clusters import config

_SCRATCH = Path(tempfile.mkdtemp(prefix="sme-clusters-tests-"))
os.environ[config.FIGURES_DIR_ENV] = str(_SCRATCH / "figures")
os.environ[config.PROCESSED_DIR_ENV] = str(_SCRATCH / "processed")


_MEASURES: list[str] = []  # lines a test reports with record_property("measure", ...): shown at the end of every run


def pytest_runtest_logreport(report):
    if report.when == "call":
        _MEASURES.extend(value for name, value in report.user_properties if name == "measure")


def pytest_terminal_summary(terminalreporter):
    for line in _MEASURES:
        terminalreporter.write_line(line)


def _handed_out(item) -> int:
    """0 for a module whose shared fixture takes seconds (every notebook run, the report built), 1 for a module or class
    of many seconds of small tests, 2 for the rest."""
    return 0 if item.get_closest_marker("starts_first") else 1 if item.get_closest_marker("long") else 2


def pytest_collection_modifyitems(items):
    """The longest work goes to the workers first, the sub-second modules last, where they fill the gaps: so that no
    worker is left alone with a long module at the end while the other has finished."""
    items.sort(key=_handed_out)  # a stable sort: within each rank, the order of collection


def pytest_collection_finish(session):
    """What a test process holds once it has collected (pandas, matplotlib, the Jupyter stack, the test modules) lives
    until it exits: set aside from garbage collection, as the runner's kernels do after their imports, so that each
    full collection during the tests no longer walks through its millions of objects (collections took 2.4 s in the
    two workers instead of 4.3)."""
    gc.freeze()


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    """And what the tests built since, once they are over: pytest's last collections and the interpreter's at exit
    then skip it (a test process took 1.5 s to end after its last test, the main one waiting)."""
    gc.freeze()


def pytest_unconfigure(config):
    shutil.rmtree(_SCRATCH, ignore_errors=True)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of data/ to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, target, ignore=shutil.ignore_patterns("processed"))
    return target


def tracked_files(untracked: bool = False) -> list[str]:
    """The files git tracks; with `untracked`, also new files not yet added (but not ignored ones)."""
    listing = subprocess.run(["git", "ls-files", "-z", "--cached", *(["--others", "--exclude-standard"] if untracked else [])],
                             cwd=config.ROOT, capture_output=True, check=True)
    return sorted({name for name in listing.stdout.decode().split("\0") if name})


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the project as it is on disk (tracked files, and new ones not yet added), to run the CLI on."""
    target = tmp_path / "project"
    for name in tracked_files(untracked=True):
        source = config.ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def cli_environment(project: Path) -> dict[str, str]:
    """The environment of a user running the CLI in `project`: its package, and no test redirections."""
    env = {k: v for k, v in os.environ.items() if k not in (config.FIGURES_DIR_ENV, config.PROCESSED_DIR_ENV)}
    env["PYTHONPATH"] = str(project / "src")
    return env


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m sme_clusters ARGS` with the package imported from `project`, as a user would run it there."""
    return subprocess.run([sys.executable, "-m", "sme_clusters", *args], cwd=project, env=cli_environment(project),
                          capture_output=True, text=True, timeout=600)

