# Two commands take a fresh clone to a running demo agency (`make run`) or a green suite (`make test`).
SHELL := /bin/bash
PORT ?= 8000
DATA_DIR ?= $(CURDIR)/data
VENV := .venv
BIN := $(VENV)/bin
# Pages link to absolute addresses on this origin (docs/env-vars.md).
BASE_URL ?= http://127.0.0.1:$(PORT)
export DATA_DIR BASE_URL

# The first Python 3.12+ on this machine: PYTHON if given, then the usual names, then pyenv's.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; break; }; done)

.PHONY: run test lint venv clean

$(BIN)/dateline: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "Dateline needs Python 3.12 or newer, and none was found. Install one, or run: make PYTHON=/path/to/python3.12 ..." >&2; exit 1; fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

venv: $(BIN)/dateline

run: $(BIN)/dateline
	$(BIN)/dateline migrate --no-input
	$(BIN)/dateline demo --if-empty
	$(BIN)/dateline serve --port $(PORT)

test: $(BIN)/dateline
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=dateline.settings.test $(BIN)/dateline check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=dateline.settings.test $(BIN)/dateline makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(BIN)/dateline
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) build *.egg-info
