# Two virtual environments, rebuilt only when their lock files change:
#   .venv-rasa  Python 3.10, rasa==3.6.21 (the Rasa server; rasa needs Python <= 3.10)
#   .venv       Python 3.11, everything else (action server, web app, CLI, tests)
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY311 := $(shell for c in "$$(PYENV_VERSION=3.11.7 pyenv which python 2>/dev/null)" python3.11 python3; do \
	[ -n "$$c" ] && "$$c" -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null && { command -v "$$c"; break; }; done)
PY310 := $(shell for c in "$$(PYENV_VERSION=3.10.13 pyenv which python 2>/dev/null)" python3.10; do \
	[ -n "$$c" ] && "$$c" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null && { command -v "$$c"; break; }; done)

APP_STAMP := .venv/.installed
RASA_STAMP := .venv-rasa/.installed
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: help venvs run test test-faults test-fast fast-tests lint format train bench bench-conversations bench-load bench-load-replicas haproxy docs lock clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'

$(APP_STAMP): requirements/app.lock pyproject.toml
	@[ -n "$(PY311)" ] || { echo "Python 3.11 not found (tried pyenv 3.11.7, python3.11, python3)"; exit 1; }
	@echo "building .venv with $(PY311)"
	rm -rf .venv && "$(PY311)" -m venv .venv
	.venv/bin/pip install $(PIP_FLAGS) -r requirements/app.lock
	.venv/bin/pip install $(PIP_FLAGS) --no-deps -e .
	touch $@

$(RASA_STAMP): requirements/rasa.lock
	@[ -n "$(PY310)" ] || { echo "Python 3.10 not found: rasa 3.6 needs it. Install it with pyenv (pyenv install 3.10.13) or your OS packages."; exit 1; }
	@echo "building .venv-rasa with $(PY310)"
	rm -rf .venv-rasa && "$(PY310)" -m venv .venv-rasa
	.venv-rasa/bin/pip install $(PIP_FLAGS) -r requirements/rasa.lock
	touch $@

# Side by side: the Rasa venv (the longer) sets the pace of a fresh clone's first `make run`.
venvs:  ## Build both virtual environments (only what changed), side by side
	@$(MAKE) --no-print-directory --silent -j2 $(APP_STAMP) $(RASA_STAMP)

train: venvs  ## Train the Rasa model if config, domain or data changed
	.venv/bin/assistant train

run: venvs  ## Start the whole shop locally (Rasa :5005, actions :5055, web :8000)
	.venv/bin/assistant run

# The whole suite includes the faults under load (marker `faults`), a good part of its time.
test: venvs lint  ## Lint, train if needed, then the whole suite (unit, integration, end-to-end, faults)
	.venv/bin/assistant train
	.venv/bin/python -m pytest

# The faults-under-load tests alone (also in `make test`): each takes minutes, most of it
# starting stacks.
test-faults: venvs  ## Faults under load: a replica killed, PostgreSQL and Redis away, slow actions, 500s
	.venv/bin/assistant train
	.venv/bin/python -m pytest -m faults tests/e2e/scale/test_faults.py

# Lint and the tests at once: the tests mostly wait (servers, PostgreSQL, timeouts), lint computes.
test-fast: venvs  ## Lint and, meanwhile, all but the end-to-end and slow tests (pytest-xdist); no training
	@$(MAKE) --no-print-directory -j2 --output-sync=target lint fast-tests

# One pytest worker more than cores: each spends over half its time waiting (servers, timeouts).
FAST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))

fast-tests: $(APP_STAMP)  ## The tests of test-fast, without lint; FAST_WORKERS pytest workers
	.venv/bin/python -m pytest -m "not e2e and not slow" -n $(FAST_WORKERS) --dist worksteal

lint: $(APP_STAMP)  ## ruff, import contracts (layers), mypy on the shop core, dead code, bandit
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports
	.venv/bin/mypy
	.venv/bin/vulture
	.venv/bin/bandit -q -c pyproject.toml -r actions assistant catalog

format: $(APP_STAMP)  ## Apply ruff's formatting and safe fixes
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

bench: venvs  ## Benchmarks; results in bench/results/*.json, then the docs' figures re-rendered
	.venv/bin/python -m bench
	.venv/bin/python -m bench.report --write

bench-conversations: venvs  ## The blind conversations on the real stack; failures in reports/
	.venv/bin/python -m bench conversations conversations_2
	.venv/bin/python -m bench.report --write

bench-load: venvs haproxy  ## Many shoppers at once vs the stock moodbot, then 1 vs 2 Rasa replicas; LOAD_ARGS="--seconds 15 --levels 1,10"
	.venv/bin/python -m bench load $(LOAD_ARGS)
	.venv/bin/python -m bench load_replicas $(REPLICAS_ARGS)
	.venv/bin/python -m bench.report --write

bench-load-replicas: venvs haproxy  ## The shop on 1 and 2 Rasa replicas behind HAProxy vs the moodbot; REPLICAS_ARGS="--replicas 1,2 --seconds 15"
	.venv/bin/python -m bench load_replicas $(REPLICAS_ARGS)
	.venv/bin/python -m bench.report --write

# The replicas' load balancer, from Debian (as .ci/run installs chromium).
haproxy:
	@command -v haproxy >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends haproxy; }

docs: $(APP_STAMP)  ## Re-render the figures in README.md and docs/ from bench/results/*.json
	.venv/bin/python -m bench.report --write

lock: venvs  ## Re-pin requirements/*.lock from the installed environments
	.venv/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements/app.lock
	.venv-rasa/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements/rasa.lock

clean:  ## Remove venvs, models, local database
	rm -rf .venv .venv-rasa models/*.tar.gz var
