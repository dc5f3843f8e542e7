"""Benchmark of the notebook pipeline, every measure taken side by side in one run on this machine.

    make bench            (or: .venv/bin/python benchmarks/bench.py --repeat 3)

- full rebuild: every notebook, forced, through the runner (parallel, one worker per core);
- nbconvert: the same notebooks one by one with `jupyter nbconvert --execute`;
- floor: the same runner on as many stub notebooks that only import pandas, matplotlib
  and seaborn, with the same number of workers: the cost of starting kernels, one per worker as the runner keeps them;
- floor, a kernel per notebook: the same stubs, each in a kernel of its own (papermill, as many side by side as there
  are workers): what running notebooks cost before the runner kept its kernels, the floor the targets were set against;
- no-op rebuild: the command run again with nothing changed, as a user would type it;
- peak memory per kernel: the largest resident size of any notebook's kernel;
- fresh reproduce: `make reproduce` in a fresh copy of the project (no .venv, no .cache, an empty uv cache):
  setting up what running needs, then every notebook of both editions, each part timed;
- setup per group: in another fresh copy, `make setup` (what running needs), then `make setup-report`,
  `setup-lab` and `setup-test`, each adding its dependency group;
- test suite: `make test` as it stands (the fast suite; the slow one is CI's).
Targets: fresh reproduce <= 25 s, run-group setup <= 10 s, full <= 1.3 x floor, no-op <= 1 s, tests <= 40 s, peak <= 250 MB. `--repeat N` runs the full
rebuild and the floor N times each (the best of each is compared) and counts failures:
kernels starting side by side must never collide.
Not a test: timings depend on the machine; the README records a run.
"""
from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from sme_clusters import config
from sme_clusters.runner import discover, run

STUB = "import pandas\nimport matplotlib\nimport seaborn\n"


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def full_rebuild(output: Path, workers: int):
    return run(None, {}, output, force=True, workers=workers, echo=lambda *a, **k: None)


def nbconvert_one_by_one(output: Path) -> None:
    env = {**os.environ, config.FIGURES_DIR_ENV: str(output / "figures"), config.PROCESSED_DIR_ENV: str(output / "processed")}
    jupyter = Path(sys.executable).parent / "jupyter"
    for notebook in discover():
        subprocess.run([str(jupyter), "nbconvert", "--to", "notebook", "--execute", "--output-dir", str(output),
                        "--output", notebook.name, str(notebook)], check=True, env=env, capture_output=True)


def write_stubs(folder: Path, count: int) -> list[Path]:
    """`count` notebooks that only import pandas, matplotlib and seaborn."""
    folder.mkdir(parents=True, exist_ok=True)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(STUB)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    stubs = [folder / f"{i:02d}-stub.ipynb" for i in range(count)]
    for stub in stubs:
        nbformat.write(notebook, stub)
    return stubs


def floor(output: Path, count: int, workers: int) -> None:
    """The same runner on `count` stub notebooks: what starting the kernels costs, and nothing else."""
    stubs = write_stubs(output / "notebooks", count)
    run(None, {}, output / "out", force=True, workers=workers, echo=lambda *a, **k: None, notebooks_dir=stubs[0].parent)


def _stub_in_a_kernel_of_its_own(notebook: str, output: str) -> None:
    import papermill

    papermill.execute_notebook(notebook, output, kernel_name="python3", progress_bar=False)


def floor_kernel_per_notebook(output: Path, count: int, workers: int) -> None:
    """The stubs of `floor`, each in a kernel of its own, `workers` at a time: as the runner ran notebooks before it kept
    a kernel per worker."""
    from concurrent.futures import ProcessPoolExecutor

    stubs = write_stubs(output, count)
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_stub_in_a_kernel_of_its_own, map(str, stubs), [str(s.with_suffix(".out.ipynb")) for s in stubs]))


def noop_rebuild(output: Path) -> None:
    subprocess.run([sys.executable, "-m", "sme_clusters", "run", "--output-dir", str(output)], check=True, capture_output=True)


def fresh_copy(scratch: Path, name: str) -> tuple[Path, dict]:
    """A copy of the tracked files, and an environment whose uv and pip caches are empty."""
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=config.ROOT, capture_output=True, check=True).stdout.decode()
    project = scratch / name
    for tracked in filter(None, listing.split("\0")):
        (project / tracked).parent.mkdir(parents=True, exist_ok=True)
        (project / tracked).write_bytes((config.ROOT / tracked).read_bytes())
    return project, {**os.environ, "UV_CACHE_DIR": str(scratch / f"{name}-uv-cache"), "PIP_NO_CACHE_DIR": "1"}


def make(project: Path, env: dict, target: str) -> float:
    seconds, _ = timed(lambda: subprocess.run(["make", target], cwd=project, env=env, check=True, capture_output=True))
    return seconds


def fresh_setups(scratch: Path) -> dict[str, float]:
    """`make reproduce` in one fresh copy, timed as its setup (`make setup`: the download depends on the network) and
    then its run (on a machine that has compiled no bytecode yet); `make setup`, then each group added, in another."""
    project, env = fresh_copy(scratch, "fresh-reproduce")
    times = {"reproduce-setup": make(project, env, "setup"), "reproduce-run": make(project, env, "reproduce")}
    times["reproduce"] = times["reproduce-setup"] + times["reproduce-run"]
    project, env = fresh_copy(scratch, "fresh-setup")
    for target in ("setup", "setup-report", "setup-lab", "setup-test"):
        times[target] = make(project, env, target)
    return times


def test_suite() -> float:
    seconds, _ = timed(lambda: subprocess.run(["make", "test"], cwd=config.ROOT, check=True, capture_output=True))
    return seconds


def measure(args, count: int) -> dict:
    """Every measure but the test suite, in a scratch folder."""
    m = {"failures": 0, "peaks": [], "full": []}
    with tempfile.TemporaryDirectory(prefix="sme-bench-") as scratch:
        scratch = Path(scratch)
        for i in range(args.repeat):
            try:
                seconds, outcomes = timed(functools.partial(full_rebuild, scratch / "full", args.workers))
                m["full"].append(seconds)
                m["peaks"] += [o.peak_kernel_mb for o in outcomes]
            except Exception as error:  # a collision would surface here
                m["failures"] += 1
                print(f"full rebuild {i + 1} failed: {error}", file=sys.stderr)
        (scratch / "nbconvert").mkdir()
        m["nbconvert"], _ = timed(lambda: nbconvert_one_by_one(scratch / "nbconvert"))
        m["floor"] = [timed(functools.partial(floor, scratch / f"floor-{i}", count, args.workers))[0] for i in range(args.repeat)]
        m["own"] = [timed(functools.partial(floor_kernel_per_notebook, scratch / f"own-{i}", count, args.workers))[0]
                    for i in range(args.repeat)]
        m["noop"], _ = timed(lambda: noop_rebuild(scratch / "full"))
        m["setups"] = fresh_setups(scratch) if not args.skip_setup else {}
    return m


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="full rebuilds in a row, to catch kernels colliding")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-setup", action="store_true", help="leave out the fresh setup (it downloads the packages)")
    parser.add_argument("--skip-tests", action="store_true", help="leave out the test suite")
    args = parser.parse_args()
    count = len(discover())
    m = measure(args, count)
    tests_seconds = test_suite() if not args.skip_tests else float("nan")
    nan, setups = float("nan"), m["setups"]
    full, floor_seconds, own_seconds = min(m["full"], default=nan), min(m["floor"]), min(m["own"])
    print(f"machine: {os.cpu_count()} cores; {count} notebooks; {args.workers} workers; Python {sys.version.split()[0]}; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"fresh make reproduce:            {setups.get('reproduce', nan):6.2f} s   (target <= 25 s; setup and both editions)")
    print(f"  its setup, then its run:       {setups.get('reproduce-setup', nan):6.2f} s, {setups.get('reproduce-run', nan):.2f} s")
    print(f"fresh make setup (run group):    {setups.get('setup', nan):6.2f} s   (target <= 10 s)")
    for group in ("report", "lab", "test"):
        print(f"  then make setup-{group + ':':<8}       {setups.get('setup-' + group, nan):6.2f} s")
    print(f"full rebuild (best of {len(m['full'])}):   {full:6.2f} s   ({m['failures']} of {args.repeat} runs failed)")
    print(f"nbconvert --execute, one by one: {m['nbconvert']:6.2f} s")
    print(f"floor, same runner ({count} stubs, best of {len(m['floor'])}): {floor_seconds:6.2f} s")
    print(f"floor, a kernel per notebook (best of {len(m['own'])}): {own_seconds:6.2f} s")
    print(f"no-op rebuild:                   {m['noop']:6.2f} s   (target <= 1 s)")
    print(f"test suite (make test):          {tests_seconds:6.2f} s   (target <= 40 s)")
    print(f"peak memory per kernel:          {max(m['peaks'], default=nan):6.0f} MB  (target <= 250 MB)")
    print(f"full / floor, same runner:       {full / floor_seconds:6.2f}")
    print(f"full / floor, kernel per notebook: {full / own_seconds:6.2f}   (target <= 1.3)")
    print(f"full / nbconvert:                {full / m['nbconvert']:6.2f}")


if __name__ == "__main__":
    main()
