# dieuhanh — two commands: `make run` (platform + Hải Dương demo on SQLite, served like production:
# gunicorn, task worker, periodic jobs) and `make test`. `make dev` is the auto-reloading debug server.
SHELL := /bin/sh
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The local demo: plain HTTP on loopback and a generated key kept under var/ (docs/serving.md).
# Production sets DIEUHANH_SECRET_KEY and serves HTTPS instead; `DIEUHANH_DEMO=0 make run` refuses
# to start without a key.
DEMO_TARGETS := run dev demo migrate worker
$(DEMO_TARGETS): export DIEUHANH_DEMO ?= 1

.PHONY: run dev test install install-test bench-deps migrate demo lint typecheck worker clean

$(VENV)/.installed: pyproject.toml
	@PYBIN=$$(scripts/find-python) || exit 1; \
	  [ -x $(PY) ] || $$PYBIN -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

$(VENV)/.installed-bench: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[bench]'
	@touch $@

bench-deps: $(VENV)/.installed-bench

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(VENV)/bin/dieuhanh migrate --noinput

demo: migrate
	$(VENV)/bin/dieuhanh load_demo

run: demo
	$(VENV)/bin/dieuhanh collectstatic --noinput -v 0
	$(VENV)/bin/dieuhanh demo_logins --url http://$(HOST):$(PORT)/
	$(VENV)/bin/dieuhanh serve --host $(HOST) --port $(PORT)

# For developers: Django's auto-reloading server with DEBUG on (technical error pages).
dev: demo
	DIEUHANH_DEBUG=1 $(VENV)/bin/dieuhanh runserver $(HOST):$(PORT)

test: install-test
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .

typecheck: install-test
	$(VENV)/bin/mypy dieuhanh config

worker: migrate
	$(VENV)/bin/dieuhanh worker

clean:
	rm -rf $(VENV) var/*.sqlite3* staticfiles
