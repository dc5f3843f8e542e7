# One command reproduces everything (`make reproduce`), one runs the tests (`make test`).
# Both create the local virtual environment .venv/ on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
LOCK := uv.lock

.DEFAULT_GOAL := help
.PHONY: help setup setup-report setup-lab setup-test lock reproduce bench validate report test test-slow lab clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

# Each target installs what it needs and no more: running the notebooks needs the project's dependencies,
# the report, JupyterLab and the tests each add a dependency group of pyproject.toml. Every package comes
# from the one lock, uv.lock, at its locked version and checked against its hashes (uv sync --frozen never
# resolves again). uv, pinned, is fetched from PyPI by its wheel's address and sha256 (tools/bootstrap_uv.py), or on
# another platform installed with this Python's pip (or, if it has none, the venv's own): nothing is needed beyond
# Python and PyPI. A stamp per group in .venv says what is installed.
UV := $(VENV)/.uv/bin/uv
SYNC := UV_PROJECT_ENVIRONMENT=$(VENV) UV_PYTHON_DOWNLOADS=never $(UV) sync --frozen --inexact --no-default-groups --quiet --python $(BIN)/python

# The other groups compile their bytecode at setup (the packages' own test folders, a third of their files, are left
# out). The run group does not: a run writes the bytecode of what it imports as it goes, even where
# PYTHONDONTWRITEBYTECODE is set, as on these machines, where every kernel would otherwise compile pandas and
# matplotlib again in memory. Compiling at setup instead took as long as the first run then saved (6 s here).
# The tests write theirs too: pytest keeps the test modules it has rewritten (collection 3 s instead of 6).
COMPILE := $(BIN)/python -m compileall -q -j 0 -x '/tests?/' $(VENV)/lib >/dev/null
WRITING_BYTECODE := PYTHONDONTWRITEBYTECODE=
$(VENV)/.run: pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed; set PYTHON=python3.11 or newer")'
	rm -rf $(VENV)
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) tools/bootstrap_uv.py $(UV_VERSION) $(VENV)/.uv || { $(PYTHON) -m pip --version >/dev/null 2>&1 \
	  && $(PYTHON) -m pip install --quiet --disable-pip-version-check --no-compile --target $(VENV)/.uv uv==$(UV_VERSION) \
	  || { $(BIN)/python -m ensurepip >/dev/null && $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile --target $(VENV)/.uv uv==$(UV_VERSION); }; }
	$(SYNC)
	@touch $@

# A group on top of what running needs; recreating the run environment (a new lock) drops these stamps too.
$(VENV)/.report $(VENV)/.lab $(VENV)/.test: $(VENV)/.%: $(VENV)/.run
	$(SYNC) --group $*
	$(COMPILE)
	@touch $@

setup: $(VENV)/.run ## Create .venv with what running the notebooks needs, from the lock (uv.lock)
setup-report: $(VENV)/.report ## Add the report group (nbconvert)
setup-lab: $(VENV)/.lab ## Add the lab group (JupyterLab)
setup-test: $(VENV)/.test ## Add the test group (pytest, nbval, hypothesis, ruff, frictionless)

lock: $(VENV)/.run ## Resolve uv.lock again from the pins and groups in pyproject.toml
	$(UV) lock --quiet

reproduce: $(VENV)/.run ## Run every notebook whose inputs changed (FORCE=1: all; YEAR=2025: another year, into runs/)
	$(WRITING_BYTECODE) $(BIN)/sme-clusters run $(if $(YEAR),--year $(YEAR)) $(if $(FORCE),--force)

bench: $(VENV)/.test ## Time fresh setups, a full rebuild (and in plain waves), nbconvert, a stub-kernel floor, a no-op rebuild, make test
	$(BIN)/python benchmarks/bench.py

validate: $(VENV)/.run ## Check every data file (checksums, claims, quotes) without running notebooks
	$(BIN)/sme-clusters validate

report: $(VENV)/.report ## Build the static HTML report, English and Chinese, in report/ (open report/index.html or report/zh/index.html)
	$(BIN)/sme-clusters report

test: $(VENV)/.test ## Run the tests: unit tests, data, every notebook rerun and compared byte for byte, the report in a browser
	$(WRITING_BYTECODE) $(BIN)/python -m pytest -m "not slow"

test-slow: $(VENV)/.test ## Run the tests that make test leaves to CI: strict nbval over both editions, a new year, Ctrl-C, the README word for word
	$(WRITING_BYTECODE) $(BIN)/python -m pytest -m slow tests

# Jupyter refuses to start as root unless told; containers and CI machines run as root.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(VENV)/.lab ## Open the notebooks in JupyterLab (LAB_ARGS="..." passes more options)
	$(BIN)/jupyter lab notebooks/ $(LAB_ROOT) $(LAB_ARGS)

clean: ## Remove the virtual environment and scratch files (not the committed outputs)
	rm -rf $(VENV) .build .cache .pytest_cache runs report
