# One command reproduces everything (`make reproduce`), one runs the tests (`make test`).
# Both create the local virtual environment .venv/ on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
UV_VERSION := 0.13.9
LOCK := requirements.lock

.DEFAULT_GOAL := help
.PHONY: help setup lock reproduce bench validate report test test-slow lab clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# A fresh .venv with exactly the locked packages (checked against their hashes, bytecode compiled), then this
# package. uv, pinned, is bootstrapped with this Python's pip (or, if it has none, the venv's own): nothing is
# needed beyond Python and PyPI. The venv itself gets no pip: uv installs into it.
UV := $(VENV)/.uv/bin/uv
# Bytecode is compiled once, here: with PYTHONDONTWRITEBYTECODE set (as on these machines) every kernel would otherwise
# compile pandas and matplotlib again. Left out: the frictionless tree, a sixth of all files, which one test module imports.
NO_BYTECODE := /(frictionless|petl|pydantic|pydantic_core|rich|marko|typer|validators|humanize|chardet)/
$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed; set PYTHON=python3.11 or newer")'
	rm -rf $(VENV)
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --version >/dev/null 2>&1 \
	  && $(PYTHON) -m pip install --quiet --disable-pip-version-check --target $(VENV)/.uv uv==$(UV_VERSION) \
	  || { $(BIN)/python -m ensurepip >/dev/null && $(BIN)/python -m pip install --quiet --disable-pip-version-check --target $(VENV)/.uv uv==$(UV_VERSION); }
	$(UV) pip install --quiet --python $(BIN)/python --require-hashes -r $(LOCK)
	$(BIN)/python -m compileall -q -j 0 -x '$(NO_BYTECODE)' $(VENV)/lib >/dev/null
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

setup: $(STAMP) ## Create .venv with the locked dependencies (requirements.lock)

lock: $(STAMP) ## Resolve requirements.lock again from the pins in pyproject.toml
	$(UV) pip compile pyproject.toml --generate-hashes --universal --no-header --quiet -o $(LOCK).body
	@printf '%s\n' "# The lock: every package the project installs, pinned with hashes, resolved by uv from pyproject.toml." \
	  "# Regenerate after changing a pin in pyproject.toml:  make lock" | cat - $(LOCK).body > $(LOCK)
	@rm $(LOCK).body

reproduce: $(STAMP) ## Run every notebook whose inputs changed (FORCE=1: all; YEAR=2025: another year, into runs/)
	$(BIN)/sme-clusters run $(if $(YEAR),--year $(YEAR)) $(if $(FORCE),--force)

bench: $(STAMP) ## Time a full rebuild against nbconvert, a stub-kernel floor and a no-op rebuild
	$(BIN)/python benchmarks/bench.py

validate: $(STAMP) ## Check every data file (checksums, claims, quotes) without running notebooks
	$(BIN)/sme-clusters validate

report: $(STAMP) ## Build the static HTML report of the rendered notebooks in report/ (open report/index.html)
	$(BIN)/sme-clusters report

test: $(STAMP) ## Run the tests: unit tests, data, a notebook run, the report in a browser, strict nbval over notebooks/
	$(BIN)/python -m pytest -m "not slow"

test-slow: $(STAMP) ## Run the end-to-end tests that make test leaves to CI: full runs, a new year, Ctrl-C, the README word for word
	$(BIN)/python -m pytest -m slow tests

# Jupyter refuses to start as root unless told; containers and CI machines run as root.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(STAMP) ## Open the notebooks in JupyterLab (LAB_ARGS="..." passes more options)
	$(BIN)/jupyter lab notebooks/ $(LAB_ROOT) $(LAB_ARGS)

clean: ## Remove the virtual environment and scratch files (not the committed outputs)
	rm -rf $(VENV) .build .cache .pytest_cache runs report
