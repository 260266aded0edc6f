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

# What the suite runs besides Python, from Debian, as path:package: Chromium for the browser
# tests (never a downloaded browser build), redis-server for the live stream's Redis tests, npm
# for the page checkers in checks/ and Java for one of them (the Nu HTML checker).
DEBIAN_NEEDS ?= /usr/bin/chromium:chromium /usr/bin/redis-server:redis-server /usr/bin/npm:npm \
	/usr/bin/java:default-jre-headless

.PHONY: run test lint venv clean debian-packages lighthouse screenshots

# Installs what DEBIAN_NEEDS lists and this machine lacks (apt-get, as root or through sudo), or
# stops at once with one line that says how.
debian-packages:
	@missing=""; paths=""; for need in $(DEBIAN_NEEDS); do \
		[ -x "$${need%%:*}" ] || { missing="$$missing $${need#*:}"; paths="$$paths $${need%%:*}"; }; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then as_root=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root="sudo"; \
	else echo "make test needs Debian's$$missing: run 'sudo apt-get install -y$$missing' (or make test as root), then make test again." >&2; exit 1; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then echo "make test needs$$paths and found no apt-get to install them: install Debian's$$missing or their equivalents." >&2; exit 1; fi; \
	echo "Installing Debian's$$missing for the tests (apt-get update, apt-get install)"; \
	$$as_root apt-get update -qq && $$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >/dev/null \
		|| { echo "apt-get could not install$$missing: see above, or run 'apt-get install -y$$missing' yourself." >&2; exit 1; }; \
	for need in $(DEBIAN_NEEDS); do [ -x "$${need%%:*}" ] || { echo "$${need%%:*} is still missing after apt-get install $${need#*:}." >&2; exit 1; }; done

$(BIN)/dateline: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "Dateline needs Python 3.12 or newer, and none was found. Install one, or run: make PYTHON=/path/to/python3.12 ..." >&2; exit 1; fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

venv: $(BIN)/dateline

# The page checkers (axe-core, the Nu HTML checker) at the versions package-lock.json pins. Their
# install scripts stay off: the Nu checker's would download a Java runtime.
checks/node_modules/.installed: checks/package.json checks/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "The page checkers need npm: run 'apt-get install -y npm' (make test does this as root)." >&2; exit 1; }
	cd checks && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# Lighthouse is large and only bench/lighthouse.py runs it, so the suite does not install it.
checks/lighthouse/node_modules/.installed: checks/lighthouse/package.json checks/lighthouse/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "Lighthouse needs npm: run 'apt-get install -y npm'." >&2; exit 1; }
	cd checks/lighthouse && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

lighthouse: debian-packages $(BIN)/dateline checks/lighthouse/node_modules/.installed
	$(BIN)/python bench/lighthouse.py $(LIGHTHOUSE_ARGS)

run: $(BIN)/dateline
	$(BIN)/dateline migrate --no-input
	$(BIN)/dateline demo --if-empty
	$(BIN)/dateline serve --port $(PORT)

test: debian-packages $(BIN)/dateline checks/node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=dateline.settings.test $(BIN)/dateline check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=dateline.settings.production SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(BIN)/dateline check --deploy --fail-level WARNING
	DJANGO_SETTINGS_MODULE=dateline.settings.test $(BIN)/dateline makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# Renews docs/screenshots/ from the browser test of the reader pages' layout.
screenshots: debian-packages $(BIN)/dateline checks/node_modules/.installed
	SCREENSHOTS_DIR=docs/screenshots $(BIN)/pytest dateline/site/tests/test_browser_reader_layout.py

lint: $(BIN)/dateline
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) build *.egg-info checks/node_modules checks/lighthouse/node_modules
