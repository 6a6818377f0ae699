# The README's commands. Every target creates and uses the virtual environment in .venv/.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
NABIJ_DEMO_UNITS ?= 5000
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test e2e bench lint audit messages chromium wrk nginx serve

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Set everything up, generate the demo corporation (once) and run web server + worker.
demo: $(STAMP) messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --units $(NABIJ_DEMO_UNITS) --if-empty
	$(PY) manage.py create_demo_users
	@$(MAKE) --no-print-directory serve

## Run the web server (gunicorn), the background worker (db_worker) and the daily-job scheduler until Ctrl-C.
serve: $(STAMP)
	@echo "Nabij draait op http://$(HOST):$(PORT)/  (stoppen: Ctrl-C)"
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py db_worker & \
	$(PY) manage.py run_scheduler & \
	$(VENV)/bin/gunicorn nabij.wsgi --pythonpath src --bind $(HOST):$(PORT) --workers 3 --worker-class gthread \
		--threads 1 --keep-alive 75 --access-logfile - --logger-class nabij.actions.gunicorn_logger.Logger

## The whole test suite on SQLite (browser tests: make e2e).
test: $(STAMP)
	$(PY) -m pytest -m "not e2e" -q

## Browser tests in real Chromium, and the example nginx configuration run by real nginx (Debian's packages;
## installed here when missing).
e2e: $(STAMP) chromium nginx messages
	$(PY) -m pytest -m e2e -q tests/e2e

## Debian's Chromium (and a font) for the browser tests; Playwright's own browser download is never used.
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core)

## Benchmarks: each prints one JSON line; all of them are collected in bench/results.jsonl.
bench: $(STAMP) wrk nginx
	@rm -f bench/results.jsonl
	@set -eo pipefail; for script in bench/[!_]*.py; do \
	  echo "== $$script"; \
	  out=$$(mktemp); \
	  $(PY) $$script | tee "$$out"; \
	  tail -n 1 "$$out" >> bench/results.jsonl; rm -f "$$out"; \
	done
	@echo "Results: bench/results.jsonl"

## Debian's wrk, the load generator of bench/one_tap_load.py (installed here when missing).
wrk:
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)

## Debian's nginx: the proxy in front of gunicorn in bench/one_tap_load.py as in production, and what
## tests/e2e/test_nginx_example.py runs deploy/nginx.conf with (installed here when missing; both start
## their own nginx with their own configuration).
nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## Supply chain and static security checks: pip-audit (known vulnerabilities) and bandit (medium and up).
audit: $(STAMP)
	$(PY) .ci/audit.py
	$(VENV)/bin/bandit -q -r src -ll

## Compile the English translations (Dutch is the source language).
messages: $(STAMP)
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv -v 0; \
	else echo "msgfmt not found (apt-get install gettext): the UI stays Dutch-only"; fi
