"""The repository keeps its promises: README true, one list of pins, clean committed notebooks."""
from __future__ import annotations

import ast
import functools
import os
import re
import subprocess
import sys
import tomllib

import nbformat
import pytest

from sme_clusters import config
from sme_clusters.runner import discover

from .conftest import tracked_files

pytestmark = pytest.mark.long  # ruff, papermill and the notebooks' sources, each in its own process: handed out early (conftest.py)

README = (config.ROOT / "README.md").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((config.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
NOTEBOOKS = discover()


@pytest.mark.parametrize("document", ["README.md", "DEVELOPERS.md"])
def test_every_path_the_readme_names_exists(document):
    text = (config.ROOT / document).read_text(encoding="utf-8")
    named = set(re.findall(r"\]\(((?!https?:)[^)#]+)\)", text))  # Markdown links and images
    named |= {p for p in re.findall(r"`([\w./-]+/[\w./<>-]*)`", text) if "<" not in p and not p.startswith(("/", ".venv", ".cache", "report/", "runs/", "incoming/"))}  # made by commands, not committed
    missing = sorted(p for p in named if not (config.ROOT / p).exists())
    assert missing == []


def test_the_readme_shows_the_commands_the_makefile_and_ci_run():
    makefile = (config.ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("reproduce", "test", "validate", "lab", "help"):
        assert f"make {target}" in README
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target
    assert re.search(r"^\s*make test\s*$", (config.ROOT / ".ci" / "run").read_text(encoding="utf-8"), re.MULTILINE)


@functools.cache
def lock_file() -> dict:
    """uv.lock, parsed (once, and only in a test process that reads it)."""
    return tomllib.loads((config.ROOT / "uv.lock").read_text(encoding="utf-8"))


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, set[str]]:
    """uv.lock: package name -> its locked versions (one, or one per range of Python versions)."""
    entries: dict[str, set[str]] = {}
    for package in lock_file()["package"]:
        entries.setdefault(canonical(package["name"]), set()).add(package["version"])
    return entries


def pins(requirements: list) -> dict[str, str]:
    """`name==version` strings of pyproject.toml -> {name: "==version"} (a group's include-group entries left out)."""
    return {canonical(r.split("==")[0]): "==" + r.split("==")[1] for r in requirements if isinstance(r, str)}


def test_every_dependency_is_pinned_exactly():
    declared = PYPROJECT["project"]["dependencies"] + [r for g in PYPROJECT["dependency-groups"].values() for r in g if isinstance(r, str)]
    assert declared and all(re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.]+", d) for d in declared), declared


def test_the_lock_was_made_from_these_pins_and_groups():
    """uv.lock records what it was resolved from; it must be this pyproject.toml (else: make lock)."""
    root = next(p for p in lock_file()["package"] if p["name"] == PYPROJECT["project"]["name"])
    assert {canonical(r["name"]): r["specifier"] for r in root["metadata"]["requires-dist"]} == pins(PYPROJECT["project"]["dependencies"])
    groups = {name: {canonical(r["name"]): r["specifier"] for r in rows} for name, rows in root["metadata"]["requires-dev"].items()}
    declared = {name: pins(rows) for name, rows in PYPROJECT["dependency-groups"].items()}
    for name, rows in PYPROJECT["dependency-groups"].items():  # uv.lock writes an included group's pins out in full
        for included in (r["include-group"] for r in rows if isinstance(r, dict)):
            declared[name] |= declared[included]
    assert groups == declared
    lock = locked()
    stale = sorted(n + v for n, v in (pins(PYPROJECT["project"]["dependencies"]) | {k: v for g in declared.values() for k, v in g.items()}).items()
                   if v[2:] not in lock.get(n, set()))
    assert stale == [], "uv.lock disagrees with pyproject.toml: run make lock"


def test_every_locked_package_carries_its_hashes():
    from_registry = [p for p in lock_file()["package"] if "registry" in p["source"]]
    unhashed = sorted(p["name"] for p in from_registry
                      if not all("hash" in f for f in p.get("wheels", []) + ([p["sdist"]] if "sdist" in p else [])) or not (p.get("wheels") or p.get("sdist")))
    assert from_registry and unhashed == []
    assert {next(iter(p["source"])) for p in lock_file()["package"]} == {"registry", "editable"}  # nothing from a URL or a path but this project


def test_the_environment_holds_exactly_the_locked_versions():
    from importlib.metadata import distributions

    lock = locked()
    installed = {canonical(d.metadata["Name"]): d.version for d in distributions()}
    tools = {"pip", "uv"}  # the installers
    unlocked = sorted(f"{n}=={v}" for n, v in installed.items() if n not in tools and v not in lock.get(n, set()))
    assert unlocked == [], "installed but not as locked (recreate .venv: make clean setup)"


def test_conda_provides_python_and_make_does_the_rest():
    environment = (config.ROOT / "environment.yml").read_text(encoding="utf-8")
    python = re.search(r"- python=(\d+)\.(\d+)", environment).groups()
    assert PYPROJECT["project"]["requires-python"] == ">=3.11" and tuple(map(int, python)) >= (3, 11)
    assert "- pip:" not in environment, "packages come from uv.lock alone, not a second list"
    assert "make reproduce" in environment


def test_nothing_generated_or_personal_is_committed():
    bad = [n for n in tracked_files() if re.search(r"(^|/)(\.venv|\.build|__pycache__|\.ipynb_checkpoints)/|\.pyc$|~$|\.swp$", n)]
    assert bad == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_committed_notebook_is_clean_and_parameterised(path):
    text = path.read_text(encoding="utf-8")
    notebook = nbformat.reads(text, as_version=4)
    assert notebook.metadata.kernelspec.name == "python3"
    assert "papermill" not in notebook.metadata and "version" not in notebook.metadata.language_info
    for cell in notebook.cells:
        assert not {"papermill", "execution"} & set(cell.metadata), cell.id
    for volatile in (str(config.ROOT), "/tmp/", "/home/", "<Figure size"):
        assert volatile not in text
    parameters = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    for line in parameters[0].source.splitlines():
        assert re.fullmatch(r"\w+: \w+ = .+  # .+", line), f"parameter without a type or a comment: {line}"
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert f'start("{path.stem}"' in code  # figures and tables are named after the notebook that makes them
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert outputs and not [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"]


def test_every_figure_belongs_to_a_notebook_and_comes_as_png_and_svg():
    stems = {p.stem for p in NOTEBOOKS}
    figures = sorted(config.FIGURES_DIR.iterdir())
    assert figures
    assert {f.name.split("__")[0] for f in figures} <= stems
    assert {f.with_suffix("").name for f in figures if f.suffix == ".png"} == {f.with_suffix("").name for f in figures if f.suffix == ".svg"}


def test_papermill_documents_the_parameters():
    result = subprocess.run([sys.executable, "-m", "papermill", "--help-notebook", str(NOTEBOOKS[0])],
                            capture_output=True, text=True, check=True)
    assert "lang: str (default \"en\")" in result.stdout and "Unable to parse" not in result.stdout + result.stderr


@pytest.mark.slow
def test_strict_nbval_fails_when_a_stored_output_no_longer_reproduces(tmp_path):
    notebook = nbformat.read(NOTEBOOKS[0], as_version=4)
    # a number in a stored sentence changes (a step's result, shown as Markdown with its plain-text twin)
    shown = next(o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
                 if o.output_type == "display_data" and "0" in o.data.get("text/markdown", ""))
    shown.data["text/markdown"] = shown.data["text/markdown"].replace("0", "9", 1)
    tampered = tmp_path / NOTEBOOKS[0].name
    nbformat.write(notebook, tampered)
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "nbval", "--nbval", "--nbval-current-env", "-p", "no:cacheprovider",
                             "-q", "--rootdir", str(tmp_path), str(tampered)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "1 failed" in result.stdout


@pytest.mark.parametrize("edition", config.EDITIONS.values(), ids=lambda e: e.readme.name)
def test_the_readme_tables_that_restate_results_are_current(edition):
    import pandas as pd

    from sme_clusters.dataset import Dataset
    from sme_clusters.readme import render
    from sme_clusters.summary import BLOCK

    text = edition.readme.read_text(encoding="utf-8")
    ledger = pd.read_csv(edition.ledger, dtype=str, keep_default_na=False)
    assert {m.group("name") for m in BLOCK.finditer(text)} == {"findings", "verdicts", "scale", "coverage"}
    assert render(text, ledger, Dataset(config.DATA), edition) == text, "run make reproduce to regenerate them"


def test_a_stale_readme_table_is_noticed():
    import pandas as pd

    from sme_clusters.dataset import Dataset
    from sme_clusters.readme import LEDGER, render

    ledger = pd.read_csv(LEDGER, dtype=str, keep_default_na=False)
    ledger.loc[0, "verdict"] = "contradicted" if ledger.loc[0, "verdict"] != "contradicted" else "reproduced"
    assert render(README, ledger, Dataset(config.DATA)) != README


def test_the_code_and_the_notebooks_pass_ruff():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "benchmarks", "notebooks"],
                            cwd=config.ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def package_modules() -> dict[str, ast.Module]:
    return {p.stem: ast.parse(p.read_text(encoding="utf-8")) for p in (config.ROOT / "src" / "sme_clusters").glob("*.py")}


def test_the_package_has_no_import_cycle():
    imports = {name: {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1
                      and node.module} | {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                                          and node.level == 1 and not node.module for alias in node.names}
               for name, tree in package_modules().items()}

    def reaches(start, target):  # a search that visits each module once, not every path (which took a second)
        seen, waiting = set(), list(imports.get(start, ()))
        while waiting:
            module = waiting.pop()
            if module == target:
                return True
            if module not in seen:
                seen.add(module)
                waiting.extend(imports.get(module, ()))
        return False

    cycles = sorted(name for name in imports if reaches(name, name))
    assert cycles == [], f"modules in an import cycle (imports inside functions count too): {cycles}"


def test_ruff_holds_the_size_of_functions(tmp_path):
    """Function size is lint, configured in pyproject.toml: a function that outgrows it fails ruff, and so the test above."""
    body = "\n".join(f"    x{i} = {i}" for i in range(60))
    (tmp_path / "long.py").write_text(f"def long():\n{body}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--config", str(config.ROOT / "pyproject.toml"), str(tmp_path / "long.py")],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "PLR0915" in result.stdout

def test_no_module_the_data_set_uses_takes_the_data_set_back():
    """Dataset calls down into the loaders and the counting; none of them may take the data set and call back into it
    (a loop the import graph cannot show): they get the tables they need, passed in."""
    trees = package_modules()
    relative = [node for node in ast.walk(trees["dataset"]) if isinstance(node, ast.ImportFrom) and node.level == 1]
    below = {node.module.split(".")[0] if node.module else alias.name for node in relative for alias in node.names}
    takers = sorted(f"{name}.{fn.name}" for name in below for fn in ast.walk(trees[name])
                    if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
                    for arg in fn.args.args + fn.args.kwonlyargs
                    if arg.arg == "data" or (arg.annotation is not None and "Dataset" in ast.unparse(arg.annotation)))
    assert below >= {"provinces", "clusters", "claims", "evidence"} and takers == []


def test_the_uv_bootstrap_holds_a_checked_wheel_for_the_makefiles_uv_on_common_platforms():
    """tools/bootstrap_uv.py fetches the Makefile's pinned uv by address and sha256; a version bump that forgot it would
    fall back to pip without a word, three seconds slower."""
    sys.path.insert(0, str(config.ROOT / "tools"))
    try:
        import bootstrap_uv
    finally:
        sys.path.pop(0)
    pinned = re.search(r"^UV_VERSION := (\S+)$", (config.ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE).group(1)
    assert bootstrap_uv.VERSION == pinned
    for (system, machine, _), (path, sha256) in bootstrap_uv.WHEELS.items():
        assert f"uv-{pinned}-" in path and re.fullmatch(r"[0-9a-f]{64}", sha256), (system, machine, path)
    assert ("Linux", "x86_64", "glibc") in bootstrap_uv.WHEELS


@pytest.mark.slow
@pytest.mark.parametrize("edition", config.EDITIONS.values(), ids=lambda e: e.lang)
def test_strict_nbval_finds_that_every_notebook_of_each_edition_reproduces_its_stored_outputs(tmp_path, edition):
    """Each committed notebook re-executed in a kernel of its own: each cell's stored output must come back."""
    env = {**os.environ, config.FIGURES_DIR_ENV: str(tmp_path / "figures"), config.PROCESSED_DIR_ENV: str(tmp_path / "processed"),
           config.VERDICTS_DIR_ENV: str(edition.processed)}  # each edition's ledger reads its own verdicts
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "nbval", "--nbval", "--nbval-current-env", str(edition.notebooks)],
                            cwd=config.ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    passed = re.search(r"(\d+) passed", result.stdout)
    assert passed and int(passed.group(1)) > len(list(edition.notebooks.glob("*.ipynb"))), result.stdout[-1000:]  # cells, not files

def test_the_readme_lists_the_topics_a_claim_may_take_as_the_schema_declares_them():
    from sme_clusters.schemas import TOPICS

    listed = re.search(r"`topic` is one of ((?:`\w+`,? ?)+)", README)
    assert listed and re.findall(r"`(\w+)`", listed.group(1)) == list(TOPICS)
