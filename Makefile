# Cadence: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HASH := $(shell cat pyproject.toml | sha1sum | cut -c1-12)
# `make run` installs the runtime dependencies only; `make test` adds the dev extras.
RUN_STAMP := $(VENV)/.installed-run-$(HASH)
TEST_STAMP := $(VENV)/.installed-test-$(HASH)

# Django 6 needs Python 3.12+; the default python3 here may be older, so look for one that works.
PYTHON ?= $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3.13 \
	$$HOME/.pyenv/versions/3.12*/bin/python3.12 /usr/bin/python3.13 /usr/bin/python3.12 python3; do \
	"$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo "$$p"; break; }; done)

.PHONY: run test test-sqlite test-postgres lint mutation chromium gettext messages install clean-data

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then echo "Cadence needs Python 3.12 or newer (python3.13 or python3.12 not found)." >&2; exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@rm -f $(VENV)/.installed-run-* && touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@ $(RUN_STAMP)

install: $(TEST_STAMP)

run: $(RUN_STAMP)
	PORT=$(PORT) $(BIN)/cadence demo

# Browser tests drive Debian's Chromium; install it when missing (we never download a browser build).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
		else echo "Install Chromium: sudo apt-get install -y chromium" >&2; exit 1; fi; fi

# Extracting and compiling translations needs GNU gettext (xgettext, msgmerge, msgfmt); install it when missing.
gettext:
	@if ! command -v xgettext >/dev/null || ! command -v msgfmt >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq gettext >/dev/null; \
		else echo "Install gettext: sudo apt-get install -y gettext" >&2; exit 1; fi; fi

# Translations: collect every string into src/cadence/locale/de/LC_MESSAGES/django.po (new ones come
# in with an empty msgstr), then, once they are translated, compile django.mo. See docs/translations.md.
messages: $(TEST_STAMP) gettext
	cd src/cadence && CADENCE_DATA_DIR=$$(mktemp -d) ../../$(BIN)/cadence makemessages -l de
	cd src/cadence && CADENCE_DATA_DIR=$$(mktemp -d) ../../$(BIN)/cadence compilemessages -l de

test: $(TEST_STAMP) chromium gettext
	$(MAKE) lint
	$(MAKE) test-sqlite
	@if [ -n "$$DATABASE_URL" ] || $(BIN)/python -c 'import socket; socket.create_connection(("127.0.0.1", 5432), 1)' 2>/dev/null; then \
		$(MAKE) test-postgres; else echo "PostgreSQL not reachable on 127.0.0.1:5432 and DATABASE_URL unset: skipping the PostgreSQL run."; fi

test-sqlite: $(TEST_STAMP)
	env -u DATABASE_URL CADENCE_DATA_DIR=$$(mktemp -d) DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest

test-postgres: $(TEST_STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cadence} CADENCE_DATA_DIR=$$(mktemp -d) \
		DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy src
	$(BIN)/lint-imports --no-cache --no-logo

# Mutation testing, not part of `make test` (about half an hour for the default sample): a seeded sample
# of mutants in the permissions and services of people, goals, feedback, check-ins and meetings. See docs/testing.md.
SEED ?= 20251201
PER_FILE ?= 8
mutation: $(TEST_STAMP)
	env -u DATABASE_URL $(BIN)/python tools/mutation.py --seed $(SEED) --per-file $(PER_FILE)

clean-data:
	rm -rf var
