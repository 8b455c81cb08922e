# The one entry point. `make run` and `make test` are the README's quick start.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
PORT ?= 8000
export PORT
# The unit suite runs on every core (pytest-xdist); browser tests share one server, so run serially.
PYTEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run test test-postgres test-browser lint format check messages assets migrate demo clean bench

$(BIN)/python:
	@./scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-main: $(BIN)/python requirements/main.txt requirements/build.txt pyproject.toml
	$(PIP) install -q --require-hashes -r requirements/build.txt -r requirements/main.txt
	$(PIP) install -q --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed-main requirements/test.txt
	$(PIP) install -q --require-hashes -r requirements/build.txt -r requirements/test.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || ./scripts/system-deps.sh
	npm ci --no-audit --no-fund --silent
	@touch $@

assets: node_modules/.installed

messages: $(VENV)/.installed-main
	$(BIN)/pybabel compile --statistics -d chuluc/locale -D django

migrate: $(VENV)/.installed-main assets messages
	$(BIN)/chuluc migrate --no-input -v0
	$(BIN)/chuluc collectstatic --no-input -v0

demo: migrate
	$(BIN)/chuluc seed_demo --quiet-logins

# Served locally over plain HTTP: production sets HTTPS=true (see docs/configuration.md).
run: demo
	HTTPS=$${HTTPS:-false} $(BIN)/chuluc serve --port $(PORT)

test: $(VENV)/.installed-test assets messages
	$(BIN)/chuluc collectstatic --no-input -v0
	$(BIN)/pytest -m "not browser" -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-test assets messages
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/chuluc} $(BIN)/pytest -m "not browser" -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-browser: $(VENV)/.installed-test assets messages
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: $(VENV)/.installed-test
	$(BIN)/chuluc makemigrations --check --dry-run
	DEBUG=false HTTPS=true SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(60))') \
	  ALLOWED_HOSTS=chuluc.example.gov.vn $(BIN)/chuluc check --deploy --fail-level WARNING

# Benchmarks (bench/, not the test suite): generate the data, measure on SQLite and on
# PostgreSQL, rewrite the measured part of docs/performance.md. Smaller runs:
# `make bench BENCH_DOSSIERS=1000`. The SQLite data set is kept in bench/results/ and reused
# while the shape is the same; the chuluc_bench PostgreSQL database is dropped afterwards.
BENCH_DOSSIERS ?= 10000
BENCH_MEMBERS ?= 15
BENCH_CRITERIA ?= 20
BENCH_COMPUTED ?= 0
BENCH_RUNS ?= 5
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432
BENCH_ARGS ?=
BENCH_SHAPE = --dossiers $(BENCH_DOSSIERS) --members $(BENCH_MEMBERS) --criteria $(BENCH_CRITERIA) \
  --computed $(BENCH_COMPUTED) --runs $(BENCH_RUNS) $(BENCH_ARGS)

$(VENV)/.installed-bench: $(VENV)/.installed-main requirements/bench.txt
	$(PIP) install -q --require-hashes -r requirements/build.txt -r requirements/bench.txt
	@touch $@

bench: $(VENV)/.installed-bench
	$(BIN)/python bench/ranking.py $(BENCH_SHAPE) --database sqlite
	$(BIN)/python bench/ranking.py $(BENCH_SHAPE) --database postgres --pg-url $(BENCH_PG_URL)
	$(BIN)/python bench/report.py
	test -x bench/results/.venv-peers/bin/python || { python3 -m venv bench/results/.venv-peers && \
	  bench/results/.venv-peers/bin/pip install -q --require-hashes -r requirements/bench-peers.txt; }
	$(BIN)/python bench/iip.py

clean:
	rm -rf $(VENV) node_modules var
