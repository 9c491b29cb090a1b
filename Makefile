# dieuhanh — two commands: `make run` (platform + Hải Dương demo on SQLite) and `make test`.
SHELL := /bin/sh
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test bench-deps migrate demo lint typecheck worker clean

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
	$(VENV)/bin/dieuhanh runserver $(HOST):$(PORT)

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
