# One command reproduces everything (`make reproduce`), one runs the tests (`make test`).
# Both create the local virtual environment .venv/ on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup reproduce bench validate report test lab clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed; set PYTHON=python3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

setup: $(STAMP) ## Create .venv and install the pinned dependencies

reproduce: $(STAMP) ## Run every notebook whose inputs changed (FORCE=1: all; YEAR=2025: another year, into runs/)
	$(BIN)/sme-clusters run $(if $(YEAR),--year $(YEAR)) $(if $(FORCE),--force)

bench: $(STAMP) ## Time a full rebuild against nbconvert, a stub-kernel floor and a no-op rebuild
	$(BIN)/python benchmarks/bench.py

validate: $(STAMP) ## Check every data file (checksums, claims, quotes) without running notebooks
	$(BIN)/sme-clusters validate

report: $(STAMP) ## Build the static HTML report of the rendered notebooks in report/ (open report/index.html)
	$(BIN)/sme-clusters report

test: $(STAMP) ## Run the test suite: unit tests, parameter runs, the report in a browser, strict nbval over notebooks/
	@bash .ci/install-chromium
	$(BIN)/python -m pytest

lab: $(STAMP) ## Open the notebooks in JupyterLab
	$(BIN)/jupyter lab notebooks/

clean: ## Remove the virtual environment and scratch files (not the committed outputs)
	rm -rf $(VENV) .build .cache .pytest_cache runs report
