"""Every path the project uses, defined once.

Notebooks and the runner never build paths from strings: they ask here.
Inputs live under a data folder (`data/` by default; a notebook's `data_dir`
parameter points elsewhere, e.g. at a synthetic list in the tests). Output
locations can be redirected by a notebook parameter or, when that is empty,
by an environment variable; the runner uses the variables so that committed
notebooks carry no machine paths.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
NOTEBOOKS_DIR = ROOT / "notebooks"
FIGURES_DIR = ROOT / "figures"
PROCESSED_DIR = DATA_DIR / "processed"
LEDGER = PROCESSED_DIR / "99-claims-ledger__ledger.csv"  # the claims ledger: one row per claim, both answers and their evidence
LEDGER_EVIDENCE = PROCESSED_DIR / "99-claims-ledger__evidence.csv"  # every independent report a verdict cites, with its address
PACKAGE_FILE = "datapackage.json"  # the data folder described as a Frictionless data package, written by `sme-clusters run`
README = ROOT / "README.md"  # its generated blocks restate the results (readme.py)
BUILD_DIR = ROOT / ".build"  # scratch space of the runner, on the same filesystem as the outputs
ZH_DIR = ROOT / "zh"  # the Chinese edition: zh/notebooks, zh/figures, zh/processed, as a run with --output-dir lays them out


@dataclass(frozen=True)
class Edition:
    """The committed outputs of a run in one language: the rendered notebooks, the charts, the tables, the README."""

    lang: str
    notebooks: Path
    figures: Path
    processed: Path
    readme: Path
    output_dir: Path | None  # what the runner is given: None for the default places

    @property
    def ledger(self) -> Path:
        return self.processed / LEDGER.name

    @property
    def ledger_evidence(self) -> Path:
        return self.processed / LEDGER_EVIDENCE.name


ENGLISH = Edition("en", NOTEBOOKS_DIR, FIGURES_DIR, PROCESSED_DIR, README, None)
CHINESE = Edition("zh", ZH_DIR / "notebooks", ZH_DIR / "figures", ZH_DIR / "processed", ROOT / "README.zh-CN.md", ZH_DIR)
EDITIONS = {edition.lang: edition for edition in (ENGLISH, CHINESE)}  # `make reproduce` writes both

FIGURES_DIR_ENV = "SME_CLUSTERS_FIGURES_DIR"
PROCESSED_DIR_ENV = "SME_CLUSTERS_PROCESSED_DIR"
VERDICTS_DIR_ENV = "SME_CLUSTERS_VERDICTS_DIR"


# Every input file of a data folder, by the name the code uses for it. The comments say what the less obvious ones hold.
DATA_LAYOUT = {
    "raw": "raw", "sources": "sources.csv", "claims": "claims.csv",
    "claims_excluded": "claims_excluded.csv",  # numeric text that is not a claim, and why
    "batches": "batches.csv", "reviews": "reviews.csv",  # the lists, and their reviews (复核)
    "limits": "recommendation_limits.csv",  # how many clusters a unit may put forward for a list: upper bounds, by report
    "claim_evidence": "claim_evidence.csv",  # which independent report bears on which claim, and how
    "reported_figure_metrics": "reported_figure_metrics.csv", "reference": "reference",
    "provinces": "reference/provinces.csv", "listing_units": "reference/listing_units.csv",
    "sector_keywords": "reference/sector_keywords.csv", "named_examples": "reference/named_examples.csv",
    "named_sectors": "reference/named_sectors.csv",  # the sectors an article names as the most common, with its sentence
    "facts": "reference/facts.csv",  # outside facts a claim is checked against, each with its source
    "county_units": "reference/county_units.csv",  # county-level units by type, from an independent report
}


@dataclass(frozen=True)
class DataPaths:
    """The input files of one data folder: `DataPaths(root).claims` is `root/claims.csv` (see DATA_LAYOUT)."""

    root: Path

    def __getattr__(self, name: str) -> Path:
        if name in DATA_LAYOUT:
            return self.root / DATA_LAYOUT[name]
        raise AttributeError(f"no data file {name!r}; known: {', '.join(DATA_LAYOUT)}")


DATA = DataPaths(DATA_DIR)


def _resolve(parameter: str, env_name: str, default: Path) -> Path:
    if parameter:
        return Path(parameter).resolve()
    if os.environ.get(env_name):
        return Path(os.environ[env_name]).resolve()
    return default


def data_paths(parameter: str = "") -> DataPaths:
    """The data folder a notebook reads: its `data_dir` parameter, else data/."""
    return DataPaths(Path(parameter).resolve()) if parameter else DATA


def figures_dir(parameter: str = "") -> Path:
    """Where charts go: the notebook parameter, else $SME_CLUSTERS_FIGURES_DIR, else figures/."""
    return _resolve(parameter, FIGURES_DIR_ENV, FIGURES_DIR)


def processed_dir(parameter: str = "") -> Path:
    """Where notebooks write their tables: the parameter, else $SME_CLUSTERS_PROCESSED_DIR, else data/processed/."""
    return _resolve(parameter, PROCESSED_DIR_ENV, PROCESSED_DIR)


def verdicts_dir(parameter: str = "") -> Path:
    """Where the claims ledger reads the other notebooks' verdicts: the parameter, else $SME_CLUSTERS_VERDICTS_DIR, else data/processed/."""
    return _resolve(parameter, VERDICTS_DIR_ENV, PROCESSED_DIR)


def relative_to_root(path: Path) -> str:
    """A path as shown to readers: relative to the project root when inside it, never absolute."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return Path(path).name


# The project's own folders: what it is made of, the committed outputs, its environment and its caches. A command's output folder (--output-dir,
# --output, --into) is never one of them, nor the root: it would write over committed files, or into data/ files no
# table describes. Outputs of other runs go under runs/, drafts under incoming/, the report under report/.
PROJECT_FOLDERS = (".build", ".cache", ".ci", ".git", ".venv", "benchmarks", "data", "figures", "notebooks", "src", "tests", "tools", "zh")


def check_output_folder(path: Path, option: str) -> Path:
    """`path` resolved, if a command may write its outputs there: a folder, or not there yet, outside the project's own
    folders; else a ValueError naming the option."""
    target = Path(path).resolve()
    if target.exists() and not target.is_dir():
        raise ValueError(f"{option} {path} is a file; give a folder (it is made if it does not exist)")
    try:
        inside = target.relative_to(ROOT).parts
    except ValueError:
        return target
    if not inside or inside[0] in PROJECT_FOLDERS:
        where = "the project's root" if not inside else f"{inside[0]}/, one of the project's own folders"
        raise ValueError(f"{option} {path} is {where}: writing there would replace the project's own files; give another "
                         "folder, such as runs/NAME")
    return target
