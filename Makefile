# Two commands do everything on a fresh machine (Python 3.11, package registries only):
#   make run    set up .venv, build or update the index from corpus/, start the app
#   make test   set up .venv (and Debian's chromium for the browser tests), run the whole test suite
# A second run skips what is already done: the venv is rebuilt only when the pins change, and
# ingest.py only embeds documents whose content changed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: setup index run test chromium bench

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# torch first and exactly: the CPU build on this machine's disk, never a CUDA build
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

index: setup
	$(PY) ingest.py

run: index
	$(PY) app.py

chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: setup chromium
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest

bench: setup
	$(PY) benchmarks/ingest.py
	$(PY) benchmarks/ask.py
