"""Run the notebooks through papermill and put their outputs in place: in parallel, incrementally, all or nothing.

- All or nothing: each notebook runs into a scratch folder (.build/); only when
  it succeeds does the main process move its rendered copy, figures and tables
  over the old ones. A failing or interrupted notebook leaves them untouched.
- In parallel: one worker process per core by default. Kernels talk over Unix
  sockets in private folders, never TCP ports, so kernels starting side by side
  cannot race for a port. The claims ledger (a notebook declaring
  `verdicts_dir`) reads what the others write: it runs alongside them, and its
  result is kept only if no verdict changed meanwhile (else it runs again).
- Incrementally: a notebook whose inputs (its cells, parameters, the data
  folder, the package source, the pinned dependencies) and outputs are as they
  were after its last successful run is skipped; `force` runs it anyway.
- Deterministically: papermill's timings, paths and interpreter version are
  stripped, so unchanged inputs give byte-identical notebooks.
"""
from __future__ import annotations

import ast
import hashlib
import json
import multiprocessing
import os
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import config
from .output import write_text_atomically

NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
KERNEL_NAME = "python3"
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
LEDGER_PARAMETER = "verdicts_dir"  # a notebook declaring it reads the others' verdicts, so it runs last
STATE_NAME = Path(".cache") / "runs.json"  # under the root of the outputs it describes


class RunError(RuntimeError):
    """A run cannot start (bad arguments or data) or a notebook failed."""


@dataclass(frozen=True)
class Job:
    """One notebook to run, with its parameters and where its outputs go."""

    notebook: Path
    parameters: dict
    notebook_out: Path
    figures_out: Path
    processed_out: Path


@dataclass(frozen=True)
class Outcome:
    notebook: str
    seconds: float
    error: str | None = None
    skipped: bool = False
    peak_kernel_mb: float = 0.0  # largest resident size of a kernel its worker started
    scratch: str = field(default="", repr=False)


def discover(selected: list[str] | None = None, directory: Path = config.NOTEBOOKS_DIR) -> list[Path]:
    """The notebooks to run, in name order; `selected` filters by prefix ('01') or full name."""
    notebooks = sorted(directory.glob(NOTEBOOK_GLOB))
    if not selected:
        return notebooks
    chosen = [nb for nb in notebooks if any(nb.name == s or nb.stem == s or nb.name.startswith(f"{s}-") for s in selected)]
    if len(chosen) < len(selected):
        raise RunError(f"no notebook matches {selected}; notebooks are: {', '.join(nb.name for nb in notebooks)}")
    return chosen


def validate_data(data_dir: str = "", year: int | None = None) -> list[str]:
    """Load every data file through its validating loader (and check `year` has a list); what was checked."""
    from .dataset import Dataset

    data = Dataset(config.data_paths(data_dir))
    checked = data.validate()
    if year is not None:
        data.batch_years(year)  # a LookupError that names the years with a list
    return checked


def _cells(path: Path) -> list[dict]:
    # plain JSON: importing nbformat costs most of a second, too much for a run with nothing to do
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def declared_parameters(path: Path) -> list[str]:
    """The names a notebook assigns in its cell tagged `parameters` (what papermill documents and overrides)."""
    cells = [c for c in _cells(path) if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        return []
    names = []
    for statement in ast.parse(_source(cells[0])).body:
        targets = [statement.target] if isinstance(statement, ast.AnnAssign) else getattr(statement, "targets", [])
        names += [t.id for t in targets if isinstance(t, ast.Name)]
    return names


def clean_notebook(notebook):
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


# --- running one notebook (in a worker process) -------------------------------------------------

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


def _error_text(error: BaseException) -> str:
    lines = getattr(error, "traceback", None) or []
    text = ANSI_ESCAPE.sub("", "\n".join(lines)) if lines else ""
    summary = f"{getattr(error, 'ename', type(error).__name__)}: {getattr(error, 'evalue', error)}"
    return f"{text}\n{summary}".strip()


def _warm() -> None:
    """Import what running a notebook needs (nbformat alone takes most of a second), ahead of the first notebook."""
    import papermill  # noqa: F401


def execute(job: Job) -> Outcome:
    """Run one notebook into a fresh scratch folder; the caller moves the outputs into place."""
    import nbformat
    import papermill

    config.BUILD_DIR.mkdir(exist_ok=True)
    started = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(dir=config.BUILD_DIR, prefix=f"{job.notebook.stem}-"))
    staged = scratch / job.notebook.name
    variables = {
        config.FIGURES_DIR_ENV: str(scratch / "figures"),
        config.PROCESSED_DIR_ENV: str(scratch / "processed"),
        config.VERDICTS_DIR_ENV: str(job.processed_out),  # the ledger reads what the other notebooks of this run wrote
        "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),  # this environment's kernel spec first
    }
    error = None
    with _environment(**variables), _kernel_config() as kernel_config:
        try:
            papermill.execute_notebook(
                str(job.notebook), str(staged), parameters=job.parameters or None, kernel_name=KERNEL_NAME,
                cwd=str(job.notebook.parent), progress_bar=False, log_output=False, config=kernel_config,
                request_save_on_cell_execute=False,  # one write at the end, not one per cell
                # jupyter_client interrupts a kernel before shutting it down, and the kernel logs that
                # interrupt as an error; failures inside a notebook reach its outputs, not this log
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                # a print may reach the notebook as one stream message or as two, as the kernel's flushes
                # fall; merged, the stored output is the same bytes every run
                coalesce_streams=True,
            )
            rendered = clean_notebook(nbformat.read(staged, as_version=4))
            staged.write_text(nbformat.writes(rendered) + "\n", encoding="utf-8")
        except Exception as failure:  # papermill raises its own error for a failing cell
            error = _error_text(failure)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kB -> MB, on Linux
    return Outcome(job.notebook.name, time.perf_counter() - started, error, peak_kernel_mb=peak, scratch=str(scratch))


# --- putting outputs in place (in the main process) ---------------------------------------------

def _replace_outputs(produced: Path, destination: Path, stem: str) -> None:
    """Move this notebook's new files into `destination`, removing its files that a run no longer makes."""
    destination.mkdir(parents=True, exist_ok=True)
    new = {f.name for f in produced.glob(f"{stem}__*")}
    for old in destination.glob(f"{stem}__*"):
        if old.name not in new:
            old.unlink()
    for name in sorted(new):
        os.replace(produced / name, destination / name)


@contextmanager
def _uninterrupted():
    """Hold back Ctrl-C while outputs are moved, so a notebook's files are never left half replaced."""
    caught = []
    previous = signal.signal(signal.SIGINT, lambda *args: caught.append(args))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            raise KeyboardInterrupt


def _install(job: Job, outcome: Outcome) -> None:
    scratch = Path(outcome.scratch)
    stem = job.notebook.stem
    _replace_outputs(scratch / "figures", job.figures_out, stem)
    _replace_outputs(scratch / "processed", job.processed_out, stem)
    job.notebook_out.parent.mkdir(parents=True, exist_ok=True)
    os.replace(scratch / job.notebook.name, job.notebook_out)


# --- knowing what changed -----------------------------------------------------------------------

def _digest_files(paths) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _notebook_source(path: Path) -> str:
    """The notebook's cells without outputs: what a run executes."""
    return json.dumps([(c["cell_type"], _source(c), c.get("metadata", {}).get("tags", [])) for c in _cells(path)],
                      ensure_ascii=False)


def _inputs_fingerprint(job: Job, shared: str) -> str:
    digest = hashlib.sha256(shared.encode())
    digest.update(_notebook_source(job.notebook).encode())
    digest.update(json.dumps(job.parameters, sort_keys=True).encode())
    if LEDGER_PARAMETER in declared_parameters(job.notebook):  # the ledger's inputs include the others' verdicts
        digest.update(_digest_files(p for p in job.processed_out.glob("*__verdicts.csv")).encode())
    return digest.hexdigest()


def _shared_fingerprint(data_dir: str) -> str:
    """What every notebook reads: the data folder (but its outputs), the package source and the pins."""
    data = config.data_paths(data_dir).root
    files = [p for p in data.rglob("*") if p.is_file() and p.relative_to(data).parts[0] != "processed"]
    files += sorted(Path(__file__).parent.glob("*.py")) + [config.ROOT / "pyproject.toml"]
    return _digest_files(files)


def _outputs_fingerprint(job: Job) -> str:
    stem = job.notebook.stem
    files = [job.notebook_out] if job.notebook_out.is_file() else []
    files += list(job.figures_out.glob(f"{stem}__*")) + list(job.processed_out.glob(f"{stem}__*"))
    return _digest_files(files) if files else ""


def _load_state(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def _save_state(path: Path, state: dict) -> None:
    write_text_atomically(path, json.dumps(state, indent=1, sort_keys=True))


# --- the run ------------------------------------------------------------------------------------

def plan(selected: list[str] | None, parameters: dict, output_dir: Path | None, year: int | None,
         notebooks_dir: Path = config.NOTEBOOKS_DIR) -> list[Job]:
    """The jobs of a run, after checking every parameter against what each notebook declares."""
    notebooks = discover(selected, notebooks_dir)
    if output_dir is None:
        if parameters or year is not None:
            raise RunError("non-default parameters would overwrite the committed default outputs; give an --output-dir")
        notebook_dir, figures_out, processed_out = config.NOTEBOOKS_DIR, config.FIGURES_DIR, config.PROCESSED_DIR
    else:
        output_dir = Path(output_dir).resolve()
        notebook_dir, figures_out, processed_out = output_dir / "notebooks", output_dir / "figures", output_dir / "processed"
    jobs = []
    for nb in notebooks:
        declared = declared_parameters(nb)
        unknown = set(parameters) - set(declared)
        if unknown:
            raise RunError(f"{nb.name} declares no parameter {', '.join(sorted(unknown))}; it declares: {', '.join(sorted(declared))}")
        own = dict(parameters)
        if year is not None and "year" in declared:
            own["year"] = year
        jobs.append(Job(nb, own, notebook_dir / nb.name, figures_out, processed_out))
    return jobs


def run(selected: list[str] | None = None, parameters: dict | None = None, output_dir: Path | None = None, *,
        year: int | None = None, force: bool = False, workers: int | None = None, echo=print,
        notebooks_dir: Path = config.NOTEBOOKS_DIR) -> list[Outcome]:
    """Validate the data, then run the selected notebooks (all by default). Raises RunError on any failure."""
    parameters = parameters or {}
    jobs = plan(selected, parameters, output_dir, year, notebooks_dir)
    data_dir = parameters.get("data_dir", "")
    state_file = (Path(output_dir).resolve() if output_dir else config.ROOT) / STATE_NAME
    state = {} if force else _load_state(state_file)
    shared = _shared_fingerprint(data_dir)
    outcomes: list[Outcome] = []
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    context = multiprocessing.get_context("spawn")  # no forked copies of a parent's threads or sockets
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            checked = f"{shared}:{year}"
            if checked not in state.get("validated", []):  # the same files and code validated before: no need to again
                warming = [pool.submit(_warm) for _ in range(workers)]  # workers import while the data is checked
                try:
                    validate_data(data_dir, year)
                except (ValueError, LookupError) as error:
                    raise RunError(f"data check failed, no notebook was run:\n  {error}") from None
                state["validated"] = sorted({*state.get("validated", [])[-20:], checked})
                wait(warming)
            outcomes = _run_all(pool, jobs, shared, state, force, echo)
    finally:
        shutil.rmtree(config.BUILD_DIR, ignore_errors=True)
        if outcomes:
            _save_state(state_file, state)
    failed = [o for o in outcomes if o.error]
    if failed:
        details = "\n\n".join(f"--- {o.notebook} ---\n{o.error}" for o in failed)
        raise RunError(f"{len(failed)} notebook(s) failed; their previous outputs are untouched.\n{details}")
    return outcomes


def _verdicts(job: Job) -> str:
    return _digest_files(job.processed_out.glob("*__verdicts.csv"))


def _run_all(pool, jobs: list[Job], shared: str, state: dict, force: bool, echo) -> list[Outcome]:
    """All jobs in one wave; the claims ledger's result is kept only if the verdicts it read are final.

    The ledger reads the verdicts the other notebooks write. Rather than wait for all of
    them, it starts alongside them on the verdicts as they stand; if any verdict file
    changed by the end of the wave, its result is dropped and it runs again on the new
    ones. In the common case (verdicts unchanged) no worker sits idle waiting for it.
    """
    ledgers = [j for j in jobs if LEDGER_PARAMETER in declared_parameters(j.notebook)]
    before = {j.notebook: _verdicts(j) for j in ledgers}
    outcomes, held = _run_wave(pool, jobs, shared, state, force, echo, hold={j.notebook for j in ledgers})
    again = []
    for job in ledgers:
        final = _verdicts(job) == before[job.notebook]
        kept = [(o, inputs) for j, o, inputs in held if j is job]
        if final and kept:
            outcome, inputs = kept[0]
            _accept(job, outcome, inputs, state)
            outcomes.append(outcome)
        elif not final:
            for outcome, _ in kept:
                shutil.rmtree(outcome.scratch, ignore_errors=True)
            outcomes = [o for o in outcomes if o.notebook != job.notebook.name]
            echo(f"{job.notebook.name}: the verdicts it read have changed; running it again")
            again.append(job)
    if again:
        outcomes += _run_wave(pool, again, shared, state, force, echo, hold=set())[0]
    return outcomes


def _accept(job: Job, outcome: Outcome, inputs: str, state: dict) -> None:
    """Put a successful run's outputs in place and remember what it ran on."""
    with _uninterrupted():
        _install(job, outcome)
    state[str(job.notebook_out)] = {"inputs": inputs, "outputs": _outputs_fingerprint(job)}


def _run_wave(pool, jobs: list[Job], shared: str, state: dict, force: bool, echo, hold: set[Path]):
    """Run the jobs side by side; returns the outcomes and, for the jobs in `hold`, successful runs not yet accepted."""
    outcomes, held, pending = [], [], {}
    for job in jobs:
        key = str(job.notebook_out)
        inputs = _inputs_fingerprint(job, shared)
        record = state.get(key, {})
        if not force and record.get("inputs") == inputs and record.get("outputs") == _outputs_fingerprint(job):
            echo(f"{job.notebook.name}: unchanged, skipped")
            outcomes.append(Outcome(job.notebook.name, 0.0, skipped=True))
            continue
        echo(f"{job.notebook.name}: running")
        pending[pool.submit(execute, job)] = (job, inputs)
    while pending:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            job, inputs = pending.pop(future)
            outcome = future.result()
            echo(f"{job.notebook.name}: {'failed' if outcome.error else 'done'} in {outcome.seconds:.1f} s")
            if outcome.error is not None:
                state.pop(str(job.notebook_out), None)
                outcomes.append(outcome)
            elif job.notebook in hold:
                held.append((job, outcome, inputs))
            else:
                _accept(job, outcome, inputs, state)
                outcomes.append(outcome)
    return outcomes, held
