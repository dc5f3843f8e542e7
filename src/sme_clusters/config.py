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
BUILD_DIR = ROOT / ".build"  # scratch space of the runner, on the same filesystem as the outputs

FIGURES_DIR_ENV = "SME_CLUSTERS_FIGURES_DIR"
PROCESSED_DIR_ENV = "SME_CLUSTERS_PROCESSED_DIR"
VERDICTS_DIR_ENV = "SME_CLUSTERS_VERDICTS_DIR"


@dataclass(frozen=True)
class DataPaths:
    """The input files of one data folder."""

    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def sources(self) -> Path:
        return self.root / "sources.csv"

    @property
    def claims(self) -> Path:
        return self.root / "claims.csv"

    @property
    def claims_excluded(self) -> Path:  # numeric text that is not a claim, and why
        return self.root / "claims_excluded.csv"

    @property
    def batches(self) -> Path:
        return self.root / "batches.csv"

    @property
    def reviews(self) -> Path:  # the reviews (复核) of each list: who passed
        return self.root / "reviews.csv"

    @property
    def claim_evidence(self) -> Path:  # which independent report bears on which claim, and how
        return self.root / "claim_evidence.csv"

    @property
    def reported_figure_metrics(self) -> Path:
        return self.root / "reported_figure_metrics.csv"

    @property
    def reference(self) -> Path:
        return self.root / "reference"

    @property
    def provinces(self) -> Path:
        return self.reference / "provinces.csv"

    @property
    def listing_units(self) -> Path:
        return self.reference / "listing_units.csv"

    @property
    def sector_keywords(self) -> Path:
        return self.reference / "sector_keywords.csv"

    @property
    def named_examples(self) -> Path:
        return self.reference / "named_examples.csv"

    @property
    def facts(self) -> Path:  # outside facts a claim is checked against, each with its source
        return self.reference / "facts.csv"

    @property
    def county_units(self) -> Path:  # county-level units by type, from an independent report
        return self.reference / "county_units.csv"


DATA = DataPaths(DATA_DIR)
SOURCES_FILE = DATA.sources
CLAIMS_FILE = DATA.claims
CLAIMS_EXCLUDED_FILE = DATA.claims_excluded
RAW_DIR = DATA.raw


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
