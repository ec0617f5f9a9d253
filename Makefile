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

.DEFAULT_GOAL := help
.PHONY: help setup report test lint hooks lab lock clean-reports

help: ## List the targets with a one-line description
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	$(PY) -m analysis kernel install
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv (if missing), install pinned dependencies, register the project kernel

report: setup ## Build the default edition (EDITION=2020-H1) into reports/<edition>/
	$(PY) -m analysis build --edition $(EDITION)

test: setup ## Run the whole test suite
	$(PY) -m pytest

lint: setup ## Check style (ruff) and the layers of the package (import-linter)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

hooks: setup ## Install the git pre-commit hooks (ruff, nbstripout, secrets scan, layers)
	$(VENV)/bin/pre-commit install

lab: setup ## Start JupyterLab with the project's kernel ("Python (voortgang)")
	$(PY) -m pip install --quiet -c constraints.txt -e ".[lab]"
	$(PY) -m jupyter lab --notebook-dir=notebooks

lock: setup ## Re-pin the full dependency set into constraints.txt (after changing pyproject.toml)
	$(PY) -m pip freeze --exclude-editable --exclude voortgang > constraints.txt

clean-reports: ## Remove built reports (disposable: make report rebuilds them); releases/ is kept
	rm -rf reports
