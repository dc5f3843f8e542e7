"""Run the notebooks through papermill and put their outputs in place, all or nothing.

Each notebook runs into a scratch folder (.build/): its rendered copy, its
figures and its tables go there first. Only when the notebook succeeds are they
moved over the committed ones, so a failing notebook leaves every existing
output untouched. Papermill's timing metadata and machine-specific details are
stripped, so two runs of unchanged inputs give byte-identical notebooks.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import config
from .output import write_text_atomically

NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
KERNEL_NAME = "python3"
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class RunError(RuntimeError):
    """A run cannot start (bad arguments or data) or a notebook failed."""


@dataclass(frozen=True)
class Outcome:
    notebook: str
    seconds: float
    error: str | None = None


def discover(selected: list[str] | None = None, directory: Path = config.NOTEBOOKS_DIR) -> list[Path]:
    """The notebooks to run, in name order; `selected` filters by prefix ('01') or full name."""
    notebooks = sorted(directory.glob(NOTEBOOK_GLOB))
    if not selected:
        return notebooks
    chosen = [nb for nb in notebooks if any(nb.name == s or nb.stem == s or nb.name.startswith(f"{s}-") for s in selected)]
    if len(chosen) < len(selected):
        raise RunError(f"no notebook matches {selected}; notebooks are: {', '.join(nb.name for nb in notebooks)}")
    return chosen


def validate_data(data_dir: str = "") -> list[str]:
    """Load every data file through its validating loader; lines describing what was checked."""
    from .dataset import Dataset

    return Dataset(config.data_paths(data_dir)).validate()


def clean_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what differs between runs or machines: timings, paths, interpreter version."""
    notebook.metadata.pop("papermill", None)
    notebook.metadata.get("language_info", {}).pop("version", None)
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": KERNEL_NAME}
    for cell in notebook.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
    return notebook


def _parameters_declared(path: Path) -> set[str]:
    import papermill

    return set(papermill.inspect_notebook(str(path)))


@contextmanager
def _environment(**variables: str):
    """Set variables for the kernels started inside the block (they inherit this process's environment)."""
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def _kernel_config():
    """Talk to the kernel over Unix sockets in a private folder, not over TCP ports.

    Kernels started side by side cannot then race for the same port (the
    "Address already in use" failures papermill users report), and nothing
    listens on the network. A socket path must be short (about 100 bytes), so
    the folder is a fresh one in the system's temporary directory.
    """
    from traitlets.config import Config

    folder = tempfile.mkdtemp(prefix="sme-kernel-")
    try:
        if len(folder) > 80:  # an unusually long TMPDIR: fall back to loopback TCP
            yield Config({"KernelManager": {"transport": "tcp", "ip": "127.0.0.1"}})
        else:
            yield Config({"KernelManager": {"transport": "ipc", "ip": str(Path(folder) / "kernel")}})
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _replace_outputs(produced: Path, destination: Path, stem: str) -> None:
    """Move this notebook's new files into `destination`, removing its files that a run no longer makes."""
    destination.mkdir(parents=True, exist_ok=True)
    new = {f.name for f in produced.glob(f"{stem}__*")}
    for old in destination.glob(f"{stem}__*"):
        if old.name not in new:
            old.unlink()
    for name in sorted(new):
        os.replace(produced / name, destination / name)


def _error_text(error: BaseException) -> str:
    lines = getattr(error, "traceback", None) or []
    text = ANSI_ESCAPE.sub("", "\n".join(lines)) if lines else ""
    summary = f"{getattr(error, 'ename', type(error).__name__)}: {getattr(error, 'evalue', error)}"
    return f"{text}\n{summary}".strip()


def run_notebook(path: Path, parameters: dict, notebook_out: Path, figures_out: Path, processed_out: Path) -> Outcome:
    """Execute one notebook; on success its rendered copy, figures and tables replace the old ones."""
    import papermill

    config.BUILD_DIR.mkdir(exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=config.BUILD_DIR, prefix=f"{path.stem}-") as scratch:
        scratch = Path(scratch)
        staged = scratch / path.name
        with _environment(**{
            config.FIGURES_DIR_ENV: str(scratch / "figures"),
            config.PROCESSED_DIR_ENV: str(scratch / "processed"),
            config.VERDICTS_DIR_ENV: str(processed_out),  # the ledger reads what earlier notebooks of this run wrote
            # the kernel spec of this environment first, whatever else the machine has
            "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
        }), _kernel_config() as kernel_config:
            try:
                papermill.execute_notebook(
                    str(path), str(staged), parameters=parameters or None, kernel_name=KERNEL_NAME,
                    cwd=str(path.parent), progress_bar=False, log_output=False,
                    config=kernel_config,
                )
            except Exception as error:  # papermill raises its own error for a failing cell
                return Outcome(path.name, time.perf_counter() - started, _error_text(error))
        rendered = clean_notebook(nbformat.read(staged, as_version=4))
        _replace_outputs(scratch / "figures", figures_out, path.stem)
        _replace_outputs(scratch / "processed", processed_out, path.stem)
        write_text_atomically(notebook_out, nbformat.writes(rendered) + "\n")
    return Outcome(path.name, time.perf_counter() - started)


def run(selected: list[str] | None = None, parameters: dict | None = None, output_dir: Path | None = None,
        echo=print) -> list[Outcome]:
    """Validate the data, then run the selected notebooks (all by default). Raises RunError on any failure."""
    parameters = parameters or {}
    if parameters and output_dir is None:
        raise RunError("non-default parameters would overwrite the committed default outputs; give an --output-dir")
    notebooks = discover(selected)
    for nb in notebooks:
        unknown = set(parameters) - _parameters_declared(nb)
        if unknown:
            raise RunError(f"{nb.name} declares no parameter {', '.join(sorted(unknown))}; "
                           f"it declares: {', '.join(sorted(_parameters_declared(nb)))}")
    try:
        validate_data(parameters.get("data_dir", ""))
    except (ValueError, LookupError) as error:
        raise RunError(f"data check failed, no notebook was run:\n  {error}") from None
    if output_dir is None:
        notebook_dir, figures_out, processed_out = config.NOTEBOOKS_DIR, config.FIGURES_DIR, config.PROCESSED_DIR
    else:
        output_dir = Path(output_dir).resolve()
        notebook_dir, figures_out, processed_out = output_dir / "notebooks", output_dir / "figures", output_dir / "processed"
    outcomes = []
    for nb in notebooks:
        echo(f"running {nb.name} ...", end=" ", flush=True)
        outcome = run_notebook(nb, parameters, notebook_dir / nb.name, figures_out, processed_out)
        echo(f"{'failed' if outcome.error else 'done'} in {outcome.seconds:.1f} s")
        outcomes.append(outcome)
    failed = [o for o in outcomes if o.error]
    if failed:
        details = "\n\n".join(f"--- {o.notebook} ---\n{o.error}" for o in failed)
        raise RunError(f"{len(failed)} notebook(s) failed; their previous outputs are untouched.\n{details}")
    shutil.rmtree(config.BUILD_DIR, ignore_errors=True)
    return outcomes
