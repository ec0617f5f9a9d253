# voortgang: two commands do everything on a fresh machine.
#   make report   set-up + build the default edition
#   make test     set-up + the whole test suite
# `make help` lists every target.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The stamp records that the venv holds this pyproject/constraints; it is the
# reason a second `make report` does not reinstall anything.
STAMP := $(VENV)/.installed
EDITION ?= 2020-H1
# pip prints errors only: its warnings during set-up are about the machine's own
# index configuration (pip.conf), not about this project, and a user of `make
# report` cannot act on them. `make setup PIP_VERBOSITY=` shows them.
PIP_VERBOSITY ?= -qq
# Options for JupyterLab, e.g. LAB_ARGS="--no-browser --port 8899".
LAB_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help setup report data test test-fast lint hooks lab lock environment conda-env clean-reports

help: ## List the targets with a one-line description
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

# One environment for building, testing and JupyterLab (the same as environment.yml).
$(STAMP): pyproject.toml constraints.txt Makefile
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install $(PIP_VERBOSITY) -c constraints.txt -e ".[dev,lab]"
	$(PY) -m analysis kernel install
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv (if missing), install pinned dependencies, register the project kernel

data: setup ## Make the data the notebooks of EDITION read (the synthetic population), when missing
	$(PY) -m analysis data prepare --edition $(EDITION)

report: setup ## Build the default edition (EDITION=2020-H1) into reports/<edition>/
	$(PY) -m analysis build --edition $(EDITION)

# The fast subset leaves out the tests marked (pyproject.toml, [tool.pytest.ini_options])
# `slow` (whole builds, notebook executions on kernels, calibration on large
# populations) and `browser` (headless Chromium); every module keeps fast tests
# of its own (tests/test_test_suite.py checks that).
FAST := not slow and not browser
# Extra pytest arguments for both, e.g. PYTEST_ARGS="-k factsheet -x".
PYTEST_ARGS ?=

test: setup ## Run the whole test suite (the CI command), then list the 15 slowest tests
	$(PY) -m pytest --durations=15 $(PYTEST_ARGS)

test-fast: setup ## Run the fast subset while editing (no whole builds or browser; under 3 minutes)
	$(PY) -m pytest -m "$(FAST)" $(PYTEST_ARGS)

lint: setup ## Check style (ruff) and the layers of the package (import-linter)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

hooks: setup ## Install the git pre-commit hooks (ruff, nbstripout, secrets scan, layers)
	$(VENV)/bin/pre-commit install

# Kernels started by JupyterLab get CurveZMQ keys, as the build's do (see
# analysis.pipeline.execution.pool.TRANSPORT_ENCRYPTION): no "running over TCP
# without encryption" warning for every notebook opened.
lab: data ## Start JupyterLab with the project's kernel; options: LAB_ARGS="--no-browser --port 8899"
	$(PY) -m jupyter lab --notebook-dir=notebooks --KernelManager.transport_encryption=auto $(LAB_ARGS)

lock: setup ## Re-pin the full dependency set into constraints.txt and environment.yml (after changing pyproject.toml)
	$(PY) -m pip freeze --exclude-editable --exclude voortgang > constraints.txt
	$(PY) scripts/environment_yml.py

environment: setup ## Write environment.yml (conda) from pyproject.toml + constraints.txt: every pin
	$(PY) scripts/environment_yml.py

# The conda route: the same pins (environment.yml), then the project kernel
# registered inside the conda environment, as `make setup` does for .venv.
CONDA ?= conda
CONDA_ENV ?= voortgang
conda-env: ## Create or update the conda environment `voortgang` from environment.yml and register its kernel
	@if $(CONDA) run --name $(CONDA_ENV) python --version >/dev/null 2>&1; then \
	  $(CONDA) env update --name $(CONDA_ENV) --file environment.yml --prune; \
	else \
	  $(CONDA) env create --name $(CONDA_ENV) --file environment.yml; \
	fi
	$(CONDA) run --name $(CONDA_ENV) python -m analysis kernel install

clean-reports: ## Remove built reports (disposable: make report rebuilds them); releases/ is kept
	rm -rf reports
