"""Run the notebooks through papermill and put their outputs in place: in parallel, incrementally, all or nothing.

- All or nothing: each notebook runs into a scratch folder (.build/); only when
  it succeeds does the main process move its rendered copy, figures and tables
  over the old ones. A failing or interrupted notebook leaves them untouched.
- In order of a declared graph: a notebook that reads other notebooks' outputs
  says so in its metadata (`"sme_clusters": {"reads": ["*__verdicts.csv"]}`, a
  pattern of output file names), and starts only when every notebook whose
  outputs match has finished. The others run side by side, one worker process
  per core. Kernels talk over Unix sockets in private folders, never TCP ports,
  so kernels starting side by side cannot race for a port.
- Incrementally: a notebook whose inputs (its cells, parameters, the data folder,
  the package source, the lock, and the outputs it declares it reads) and whose
  outputs are as they were after its last successful run is skipped; `force`
  runs it anyway.
- Deterministically: papermill's timings, paths and interpreter version are
  stripped, so unchanged inputs give byte-identical notebooks.
"""
from __future__ import annotations

import fnmatch
import functools
import hashlib
import json
import multiprocessing
import multiprocessing.util
import os
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import config
from .config import relative_to_root
from .output import write_text_atomically
from .summary import blank_blocks, fill_notebook, load_findings

NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
KERNEL_NAME = "python3"
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
METADATA_KEY = "sme_clusters"  # a notebook's own metadata: {"reads": [patterns of other notebooks' output files]}
STATE_NAME = Path(".cache") / "runs.json"  # under the root of the outputs it describes
KERNEL_LAUNCHER = "sme_clusters.kernel_launcher"  # ipykernel's own launcher, without the debugger
ENGINE_NAME = "sme-kept-kernel"  # papermill's engine that runs a notebook in its worker's kept kernel


class _InProcess:
    """A pool of one worker that is this process: for one notebook at a time, starting a worker costs more than it saves."""

    def submit(self, function, *args) -> Future:
        future = Future()
        try:
            future.set_result(function(*args))
        except Exception as error:  # a KeyboardInterrupt is not caught: Ctrl-C stops the run as it would
            future.set_exception(error)
        return future

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        _close_kernel()  # this process keeps running: its kernel must not outlive the run


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
    build: Path = config.BUILD_DIR  # this run's own scratch folder: runs side by side never touch each other's
    label: str = ""  # how the run's messages name it, when its name alone is not enough (the Chinese edition's: "zh/ 01-...")

    @property
    def name(self) -> str:
        return self.label or self.notebook.name


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

    from .datapackage import build_package

    data = Dataset(config.data_paths(data_dir))
    checked = data.validate()
    if year is not None:
        data.lists.years(year)  # a LookupError that names the years with a list
    build_package(data.paths.root, outputs=False)  # an input no table in schemas.py describes stops here, not after the notebooks
    return checked + [f"{relative_to_root(data.paths.root)}: every input CSV and every column described by a table in schemas.py"]


def _notebook_json(path: Path) -> dict:
    # plain JSON: importing nbformat or papermill costs most of a second, too much for a run with nothing to do
    return json.loads(path.read_text(encoding="utf-8"))


def declared_parameters(path: Path) -> list[str]:
    """The parameters a notebook declares in its cell tagged `parameters`: the names its assignments bind, as papermill
    reads them (papermill's own inspection takes two seconds to import, too much for a run with nothing to do)."""
    return list(declared_defaults(path))


def declared_defaults(path: Path) -> dict[str, object]:
    """Each declared parameter's default value (None where it is not a literal)."""
    import ast

    def default(node):
        try:
            return ast.literal_eval(node.value) if node.value is not None else None
        except ValueError:
            return None

    for cell in _notebook_json(path).get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            return {(node.target.id if isinstance(node, ast.AnnAssign) else target.id): default(node)
                    for node in ast.parse(source).body if isinstance(node, ast.AnnAssign | ast.Assign)
                    for target in ([node.target] if isinstance(node, ast.AnnAssign) else node.targets) if isinstance(target, ast.Name)}
    return {}


def _check_values(notebook: Path, parameters: dict, defaults: dict) -> None:
    """A value of another type than the parameter's default (year=abc), or a language with no edition (lang=fr), is refused
    before anything runs, rather than failing inside the notebook."""
    for name, value in parameters.items():
        default = defaults.get(name)
        if default is not None and type(value) is not type(default):
            raise RunError(f"{notebook.name}: parameter {name} takes a {type(default).__name__} (default {default!r}), got {value!r}")
        if name == "lang" and value not in config.EDITIONS:
            raise RunError(f"{notebook.name}: parameter lang takes one of {', '.join(config.EDITIONS)}, got {value!r}")


def declared_reads(path: Path) -> list[str]:
    """The patterns of other notebooks' output files a notebook reads, from its metadata."""
    return list(_notebook_json(path).get("metadata", {}).get(METADATA_KEY, {}).get("reads", []))


def dependencies(notebooks: list[Path]) -> dict[Path, set[Path]]:
    """For each notebook, the notebooks among `notebooks` whose outputs (`<stem>__<name>`) match what it declares it reads."""
    graph = {}
    for notebook in notebooks:
        patterns = declared_reads(notebook)
        graph[notebook] = {other for other in notebooks if other != notebook and any(
            fnmatch.fnmatch(f"{other.stem}__{pattern.split('__', 1)[-1]}", pattern) for pattern in patterns)}
    return graph


def job_dependencies(jobs: list[Job]) -> dict[Path, set[Path]]:
    """For each job, by the notebook it writes, the jobs it waits for: those of the same run (the same output folder)
    whose notebooks it reads. Two editions run side by side; each one's ledger waits for its own edition only."""
    graph = dependencies(list(dict.fromkeys(job.notebook for job in jobs)))
    return {job.notebook_out: {other.notebook_out for other in jobs
                               if other.processed_out == job.processed_out and other.notebook in graph[job.notebook]}
            for job in jobs}


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


def _kernel_config(folder: str):
    """Talk to the kernel over Unix sockets in a private folder, not over TCP ports.

    Kernels started side by side cannot then race for the same port (the
    "Address already in use" failures papermill users report), and nothing
    listens on the network. A socket path must be short (about 100 bytes), so
    the folder is a fresh one in the system's temporary directory.
    """
    from traitlets.config import Config

    own = {"connection_file": str(Path(folder) / "connection.json")}  # every file of the kernel's in its folder
    if len(folder) > 80:  # an unusually long TMPDIR: fall back to loopback TCP
        return Config({"KernelManager": {"transport": "tcp", "ip": "127.0.0.1", **own}})
    return Config({"KernelManager": {"transport": "ipc", "ip": str(Path(folder) / "kernel"), **own}})


def _error_text(error: BaseException) -> str:
    lines = getattr(error, "traceback", None) or []
    text = ANSI_ESCAPE.sub("", "\n".join(lines)) if lines else ""
    summary = f"{getattr(error, 'ename', type(error).__name__)}: {getattr(error, 'evalue', error)}"
    return f"{text}\n{summary}".strip()


# jupyter_client interrupts a kernel before shutting it down, and the kernel logs that interrupt as an error; failures
# inside a notebook reach its outputs, not this log. History is kept in memory, as nbclient would: no file in ~/.ipython.
KERNEL_ARGUMENTS = ("--IPKernelApp.log_level=CRITICAL", "--HistoryManager.hist_file=:memory:")
# What every notebook's first cell imports. Then the objects they made are set aside from garbage collection, as a
# forking server does after preloading: they live as long as the kernel, and a collection (IPython makes one at each
# reset) no longer walks through the millions of them, 0.1 s each time.
KERNEL_IMPORTS = "import matplotlib, pandas, seaborn, sme_clusters.notebook\nimport gc\ngc.freeze()"


def _warm() -> None:
    """Start this worker's kernel, which imports what the notebooks import, and import what running a notebook needs
    here (nbformat alone takes most of a second): both while the main process checks the data."""
    _worker_kernel()
    import papermill  # noqa: F401


class _Kernel:
    """The one kernel a worker keeps for every notebook it runs.

    Starting a kernel and importing pandas, matplotlib and the package into it is most of a notebook's run here (the stub
    notebooks of `make bench` take that alone), so a worker starts one and runs its notebooks in it one after another.
    It starts with its worker (a pool's worker while the main process checks the data; a run's only worker once the data
    is checked) and imports what the notebooks import, without waiting: the first notebook's request queues behind that.
    Before each notebook the kernel is reset as a fresh one would be: an empty namespace, the execution count back at 1,
    this notebook's environment and working folder. What survives is what the imports built, which a
    fresh kernel would build the same; strict nbval, which runs each notebook in a kernel of its own, holds the
    outputs equal.
    """

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="sme-kernel-")
        self.manager = self.client = None

    def start(self) -> None:
        """Start the kernel and have it import, without waiting for the imports."""
        from jupyter_client.manager import AsyncKernelManager
        from nbclient.util import run_sync

        self.manager = AsyncKernelManager(kernel_name=KERNEL_NAME, config=_kernel_config(self.folder))
        with _environment(JUPYTER_PATH=str(Path(sys.prefix) / "share" / "jupyter")):  # this environment's kernel spec first
            spec = self.manager.kernel_spec  # its command, started through our launcher: no debugger
            spec.argv = [KERNEL_LAUNCHER if part == "ipykernel_launcher" else part for part in spec.argv]
            run_sync(self.manager.start_kernel)(extra_arguments=list(KERNEL_ARGUMENTS))
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.execute(KERNEL_IMPORTS, silent=True, store_history=False)  # its reply is passed over by message id

    def alive(self) -> bool:
        from nbclient.util import run_sync

        return run_sync(self.manager.is_alive)()

    def prelude(self, variables: dict, cwd: Path) -> str:
        """The code run, silently, before a notebook: what a fresh kernel started here with these variables would have."""
        return (f"get_ipython().reset(new_session=True)\n"
                f"import os as _os\n_os.environ.update({variables!r})\n_os.chdir({str(cwd)!r})\ndel _os")

    def peak_mb(self) -> float:
        """The kernel's largest resident size so far (Linux), else that of the worker's finished children."""
        pid = getattr(self.manager.provisioner, "pid", None)
        with suppress(OSError, ValueError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    def close(self) -> None:
        from nbclient.util import run_sync

        try:
            if self.client is not None:
                self.client.stop_channels()
            if self.manager is not None and self.manager.has_kernel:
                run_sync(self.manager.shutdown_kernel)(now=True)
        except Exception:  # a kernel already gone, or one that would not stop: make sure of it
            self.kill()
        shutil.rmtree(self.folder, ignore_errors=True)

    def kill(self) -> None:
        """Stop the kernel at once, as a signal handler may: no message to it, no event loop."""
        with suppress(OSError, AttributeError, TypeError):  # gone already, or never started
            os.kill(self.manager.provisioner.pid, signal.SIGKILL)
        shutil.rmtree(self.folder, ignore_errors=True)


_kernel: _Kernel | None = None


def _worker_kernel() -> _Kernel:
    """This worker's kernel: the one it kept, or a new one if it has none or the last one died."""
    global _kernel
    if _kernel is not None and not _kernel.alive():
        _close_kernel()
    if _kernel is None:
        _kernel = _Kernel()  # known before it starts: a worker stopped meanwhile removes its folder
        try:
            _kernel.start()
        except BaseException:
            _close_kernel()
            raise
        if multiprocessing.parent_process() is not None:  # a pool's worker: stop the kernel when the worker exits
            multiprocessing.util.Finalize(None, _close_kernel, exitpriority=10)
    return _kernel


def _worker_started() -> None:
    """A pool's worker leaves Ctrl-C to the main process, which stops it (SIGTERM) if the run stops early; it then takes
    its kernel with it, which would otherwise go on with the notebook it was given."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)


def _stop_worker(*_) -> None:
    if _kernel is not None:
        _kernel.kill()
    os._exit(1)


class _Pool(ProcessPoolExecutor):
    """One worker process per notebook run side by side, each keeping a kernel. If the run stops early (Ctrl-C, a
    failure in the main process), the queued notebooks are dropped and the workers stopped at once, kernels and all:
    waiting for them would mean waiting for notebooks whose results nobody will keep."""

    def __init__(self, workers: int):
        # spawned, not forked: no copies of this process's threads or sockets
        super().__init__(max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_started)

    def __exit__(self, kind, error, trace):
        if kind is not None:
            workers = list((self._processes or {}).values())  # its own workers (shutdown forgets them)
            self.shutdown(wait=False, cancel_futures=True)
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.join(timeout=10)
        return super().__exit__(kind, error, trace)


def _close_kernel() -> None:
    global _kernel
    if _kernel is not None:
        _kernel.close()
        _kernel = None


@functools.cache  # registered once per process
def _register_engine() -> str:
    """Papermill's nbclient engine, running the notebook in this worker's kept kernel after its prelude."""
    from nbclient.exceptions import CellExecutionError
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    class KeptKernelClient(PapermillNotebookClient):
        def __init__(self, nb_man, kernel: _Kernel, prelude: str, **kwargs):
            super().__init__(nb_man, km=kernel.manager, **kwargs)
            self.kc, self.prelude = kernel.client, prelude

        def papermill_execute_cells(self):
            reply = self.wait_for_reply(self.kc.execute(self.prelude, silent=True, store_history=False))
            if reply is None or reply["content"]["status"] != "ok":
                raise CellExecutionError("the kernel could not be prepared for this notebook", "", "")
            super().papermill_execute_cells()

    class KeptKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                     start_timeout=60, execution_timeout=None, kernel=None, prelude="", **kwargs):
            kwargs.pop("input_path", None)
            client = KeptKernelClient(nb_man, kernel, prelude, timeout=execution_timeout, startup_timeout=start_timeout,
                                      kernel_name=kernel_name, log=logger,
                                      log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file, **kwargs)
            return client.execute()

    papermill_engines.register(ENGINE_NAME, KeptKernelEngine)
    return ENGINE_NAME


def execute(job: Job) -> Outcome:
    """Run one notebook into a fresh scratch folder, in this worker's kernel; the caller moves the outputs into place."""
    import nbformat
    import papermill

    job.build.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(dir=job.build, prefix=f"{job.notebook.stem}-"))
    staged = scratch / job.notebook.name
    variables = {
        config.FIGURES_DIR_ENV: str(scratch / "figures"),
        config.PROCESSED_DIR_ENV: str(scratch / "processed"),
        config.VERDICTS_DIR_ENV: str(job.processed_out),  # the ledger reads what the other notebooks of this run wrote
    }
    kernel = _worker_kernel()
    error = None  # the kernel takes this notebook's variables from its prelude, not from this process
    try:
        papermill.execute_notebook(
            str(job.notebook), str(staged), parameters=job.parameters or None, kernel_name=KERNEL_NAME,
            engine_name=_register_engine(), kernel=kernel, prelude=kernel.prelude(variables, job.notebook.parent),
            cwd=str(job.notebook.parent), progress_bar=False, log_output=False,
            request_save_on_cell_execute=False,  # one write at the end, not one per cell
            # a print may reach the notebook as one stream message or as two, as the kernel's flushes
            # fall; merged, the stored output is the same bytes every run
            coalesce_streams=True,
        )
        staged.write_text(nbformat.writes(clean_notebook(nbformat.read(staged, as_version=4))) + "\n", encoding="utf-8")
    except Exception as failure:  # papermill raises its own error for a failing cell
        error = _error_text(failure)
    return Outcome(job.name, time.perf_counter() - started, error, peak_kernel_mb=kernel.peak_mb(), scratch=str(scratch))


# --- putting outputs in place (in the main process) ---------------------------------------------

def _with_results(job: Job, outcome: Outcome) -> Outcome:
    """The outcome, its rendered notebook's opening block of results filled from what the notebook found; a failure to
    fill it fails the notebook. Done here, where pandas was loaded to check the data: in a pool's workers, which need
    nothing else of it, importing it cost 1.2 s each."""
    findings = Path(outcome.scratch) / "processed" / f"{job.notebook.stem}__findings.csv"
    if outcome.error or not findings.is_file():
        return outcome
    import nbformat

    staged = Path(outcome.scratch) / job.notebook.name
    try:
        rendered = fill_notebook(nbformat.read(staged, as_version=4), load_findings(findings), str(job.parameters.get("lang", "en")))
        staged.write_text(nbformat.writes(rendered) + "\n", encoding="utf-8")
    except Exception as failure:  # a findings table the notebook wrote wrong
        return replace(outcome, error=_error_text(failure))
    return outcome


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
    """The notebook's cells without outputs, and its metadata: what a run executes."""
    notebook = _notebook_json(path)
    cells = [(c["cell_type"], blank_blocks("".join(c["source"])), c.get("metadata", {}).get("tags", [])) for c in notebook["cells"]]
    return json.dumps([cells, notebook.get("metadata", {}).get(METADATA_KEY, {})], ensure_ascii=False)


def _read_outputs(job: Job) -> list[Path]:
    """The files of other notebooks this one declares it reads, as they stand now."""
    return [p for pattern in declared_reads(job.notebook) for p in job.processed_out.glob(pattern)
            if not p.name.startswith(f"{job.notebook.stem}__")]


def _inputs_fingerprint(job: Job, shared: str) -> str:
    digest = hashlib.sha256(shared.encode())
    digest.update(_notebook_source(job.notebook).encode())
    digest.update(json.dumps(job.parameters, sort_keys=True).encode())
    digest.update(_digest_files(_read_outputs(job)).encode())
    return digest.hexdigest()


def _shared_fingerprint(data_dir: str) -> str:
    """What every notebook reads: the data folder (but its outputs and the data package written from them), the package
    (its code and its chart text), the pins and the lock."""
    data = config.data_paths(data_dir).root
    files = [p for p in data.rglob("*") if p.is_file() and p.relative_to(data).parts[0] != "processed" and p.name != config.PACKAGE_FILE]
    files += sorted(p for p in Path(__file__).parent.iterdir() if p.is_file()) + [config.ROOT / "pyproject.toml", config.ROOT / "uv.lock"]
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
        if output_dir.exists() and not output_dir.is_dir():
            raise RunError(f"--output-dir {output_dir} is a file; give a folder (it is made if it does not exist)")
        notebook_dir, figures_out, processed_out = output_dir / "notebooks", output_dir / "figures", output_dir / "processed"
    jobs = []
    for nb in notebooks:
        own = dict(parameters)
        if parameters or year is not None:  # only then are the declarations needed: a default run never reads them
            declared = declared_defaults(nb)
            unknown = set(parameters) - set(declared)
            if unknown:
                raise RunError(f"{nb.name} declares no parameter {', '.join(sorted(unknown))}; it declares: {', '.join(sorted(declared))}")
            _check_values(nb, parameters, declared)
            if year is not None and "year" in declared:
                own["year"] = year
        jobs.append(Job(nb, own, notebook_dir / nb.name, figures_out, processed_out))
    return jobs


def _jobs(selected, parameters: dict, output_dir: Path | None, year: int | None, notebooks_dir: Path,
          alongside: list[tuple[dict, Path]]) -> list[Job]:
    """The run's jobs, then those of each run alongside, named by their folder: all on the same data folder."""
    jobs = plan(selected, parameters, output_dir, year, notebooks_dir)
    for others, folder in alongside:
        if others.get("data_dir", "") != parameters.get("data_dir", ""):
            raise RunError(f"a run alongside reads the same data folder, not {others.get('data_dir')!r}")
        jobs += [replace(job, label=f"{Path(folder).name}/ {job.notebook.name}") for job in plan(selected, others, folder, year, notebooks_dir)]
    return jobs


def run(selected: list[str] | None = None, parameters: dict | None = None, output_dir: Path | None = None, *,
        year: int | None = None, force: bool = False, workers: int | None = None, echo=print,
        notebooks_dir: Path = config.NOTEBOOKS_DIR, alongside: list[tuple[dict, Path]] = ()) -> list[Outcome]:
    """Validate the data, then run the selected notebooks (all by default). Raises RunError on any failure.

    `alongside`: more runs of the same notebooks on the same data, each as (its parameters, its output folder), whose
    jobs join this run's in one pool (`make reproduce` writes the Chinese edition so): the data is checked once, and a
    worker never waits for one edition's ledger while the other edition has notebooks to run. Their state is kept with
    this run's."""
    parameters = parameters or {}
    data_dir = parameters.get("data_dir", "")
    jobs = _jobs(selected, parameters, output_dir, year, notebooks_dir, alongside)
    state_file = (Path(output_dir).resolve() if output_dir else config.ROOT) / STATE_NAME
    state = {} if force else _load_state(state_file)
    shared = _shared_fingerprint(data_dir)
    outcomes: list[Outcome] = []
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    pool = _InProcess() if workers == 1 else _Pool(workers)
    config.BUILD_DIR.mkdir(exist_ok=True)
    build = Path(tempfile.mkdtemp(dir=config.BUILD_DIR, prefix="run-"))  # on the outputs' filesystem, so moves are atomic
    jobs = [replace(job, build=build) for job in jobs]
    try:
        with pool:
            asked = year if year is not None else int(parameters.get("year") or 0) or None  # --year, or -p year=: both checked first
            checked = f"{shared}:{asked}"
            if state.get("validated") != checked:  # the same files and code validated last time: no need to again
                # workers start their kernels and import while the data is checked; this process, if it is the only
                # worker, has nothing to overlap with, and a run on bad data then starts no kernel at all
                warming = [] if isinstance(pool, _InProcess) else [pool.submit(_warm) for _ in range(workers)]
                try:
                    validate_data(data_dir, asked)
                except (ValueError, LookupError) as error:
                    raise RunError(f"data check failed, no notebook was run:\n  {error}") from None
                state["validated"] = checked
                wait(warming)
            outcomes = _Schedule(pool, jobs, shared, state, force, echo).run()
    except BrokenExecutor as error:  # a worker killed from outside, or out of memory
        raise RunError(f"a worker process died in the middle of the run, and the run was stopped: {error}") from None
    finally:
        shutil.rmtree(build, ignore_errors=True)
        with suppress(OSError):
            config.BUILD_DIR.rmdir()  # only if no other run is using it
        if outcomes:
            _save_state(state_file, state)
    failed = [o for o in outcomes if o.error]
    if failed:
        details = "\n\n".join(f"--- {o.notebook} ---\n{o.error}" for o in failed)
        raise RunError(f"{len(failed)} notebook(s) failed; their previous outputs are untouched.\n{details}")
    return outcomes


def _accept(job: Job, outcome: Outcome, inputs: str, state: dict) -> None:
    """Put a successful run's outputs in place and remember what it ran on."""
    with _uninterrupted():
        _install(job, outcome)
    state[str(job.notebook_out)] = {"inputs": inputs, "outputs": _outputs_fingerprint(job)}


def _unchanged(job: Job, inputs: str, state: dict) -> bool:
    record = state.get(str(job.notebook_out), {})
    return record.get("inputs") == inputs and record.get("outputs") == _outputs_fingerprint(job)


class _Schedule:
    """Run every job once the notebooks it declares it reads are done, the others side by side, in the order of the plan.

    A job's inputs are fingerprinted when it is ready, after the notebooks it reads have finished, so a changed verdict
    upstream makes the ledger run, and an unchanged one does not. A job whose dependency failed does not run: its
    outputs would rest on stale inputs. (A ledger once started early on the verdict tables as they stood, its result
    kept if they had not changed meanwhile. Over four forced runs of both editions, interleaved, it gained 0.7 s on
    average of 15-16 s, less than the spread between runs, one of the four pairs going the other way: it was dropped.)
    """

    def __init__(self, pool, jobs: list[Job], shared: str, state: dict, force: bool, echo):
        self.pool, self.shared, self.state, self.force, self.echo = pool, shared, state, force, echo
        self.graph = job_dependencies(jobs)  # jobs are known by the notebook each writes: two editions run one notebook
        self.jobs = {job.notebook_out: job for job in jobs}
        self.waiting = {key: set(deps) for key, deps in self.graph.items()}
        self.outcomes: list[Outcome] = []
        self.failed: set[Path] = set()  # jobs, by the notebook each writes
        self.pending: dict = {}  # future -> (job, inputs)

    def run(self) -> list[Outcome]:
        self.start()
        while self.pending:
            done, _ = wait(self.pending, return_when=FIRST_COMPLETED)
            for future in done:
                self.finished(future)
            for key in [k for k in self.waiting if self.graph[k] & self.failed]:
                self.not_run(key)
            self.start()
        return self.outcomes

    def start(self) -> None:
        ready = True
        while ready:  # a skipped notebook can make another ready at once
            ready = [k for k, deps in self.waiting.items() if not deps]
            for key in ready:
                del self.waiting[key]
                self.start_ready(self.jobs[key])

    def start_ready(self, job: Job) -> None:
        inputs = _inputs_fingerprint(job, self.shared)
        if not self.force and _unchanged(job, inputs, self.state):
            self.echo(f"{job.name}: unchanged, skipped")
            self.outcomes.append(Outcome(job.name, 0.0, skipped=True))
            return self.done_with(job.notebook_out)
        self.echo(f"{job.name}: running")
        self.pending[self.pool.submit(execute, job)] = (job, inputs)

    def finished(self, future) -> None:
        job, inputs = self.pending.pop(future)
        key, outcome = job.notebook_out, _with_results(job, future.result())
        self.echo(f"{job.name}: {'failed' if outcome.error else 'done'} in {outcome.seconds:.1f} s")
        if outcome.error is None:
            _accept(job, outcome, inputs, self.state)
        else:
            self.state.pop(str(key), None)
        self.outcomes.append(outcome)
        self.done_with(key, ok=outcome.error is None)

    def done_with(self, key: Path, ok: bool = True) -> None:
        for deps in self.waiting.values():
            deps.discard(key)
        if not ok:
            self.failed.add(key)

    def not_run(self, key: Path) -> None:
        del self.waiting[key]
        self.outcomes.append(Outcome(self.jobs[key].name, 0.0, error="not run: a notebook it reads failed"))
