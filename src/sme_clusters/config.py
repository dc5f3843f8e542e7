"""Every path the project uses, defined once.

Notebooks and the runner never build paths from strings: they ask here. Output
locations can be redirected (for parameter runs and tests) by a notebook
parameter or, when that is empty, by an environment variable; the runner uses
the variables so that the committed notebooks carry no machine paths.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

DATA_DIR = ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
SOURCES_FILE = DATA_DIR / "sources.csv"
CLAIMS_FILE = DATA_DIR / "claims.csv"
CLAIMS_EXCLUDED_FILE = DATA_DIR / "claims_excluded.csv"  # numeric text that is not a claim, and why
REPORTED_FIGURE_METRICS_FILE = DATA_DIR / "reported_figure_metrics.csv"
OTHER_REPORTED_FIGURES_FILE = RAW_DIR / "compiled" / "other_reported_figures.csv"

NOTEBOOKS_DIR = ROOT / "notebooks"
FIGURES_DIR = ROOT / "figures"
BUILD_DIR = ROOT / ".build"  # scratch space of the runner, same filesystem as the outputs

FIGURES_DIR_ENV = "SME_CLUSTERS_FIGURES_DIR"
PROCESSED_DIR_ENV = "SME_CLUSTERS_PROCESSED_DIR"


def _resolve(parameter: str, env_name: str, default: Path) -> Path:
    if parameter:
        return Path(parameter).resolve()
    if os.environ.get(env_name):
        return Path(os.environ[env_name]).resolve()
    return default


def figures_dir(parameter: str = "") -> Path:
    """Where charts go: the notebook parameter, else $SME_CLUSTERS_FIGURES_DIR, else figures/."""
    return _resolve(parameter, FIGURES_DIR_ENV, FIGURES_DIR)


def processed_dir(parameter: str = "") -> Path:
    """Where notebooks write their tables: the parameter, else $SME_CLUSTERS_PROCESSED_DIR, else data/processed/."""
    return _resolve(parameter, PROCESSED_DIR_ENV, PROCESSED_DIR)


def relative_to_root(path: Path) -> str:
    """A path as shown to readers: relative to the project root when inside it, never absolute."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return Path(path).name
