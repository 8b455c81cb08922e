# The one entry point. `make run` and `make test` are the README's quick start.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
PORT ?= 8000
export PORT
# The unit suite runs on every core (pytest-xdist); browser tests share one server, so run serially.
PYTEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run test test-postgres test-browser lint format check messages assets migrate demo clean bench soak soak-load soak-suites

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
	@./scripts/system-deps.sh test
	$(BIN)/chuluc collectstatic --no-input -v0
	$(BIN)/pytest -m "not browser" -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-test assets messages
	@./scripts/system-deps.sh test
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/chuluc} $(BIN)/pytest -m "not browser" -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-browser: $(VENV)/.installed-test assets messages
	@./scripts/system-deps.sh browser
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

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

# Page latency at scale (issue 8, bench/pages.py): the data set of each scale is generated once
# by bench/generate.py (S, M, L; L takes tens of minutes) and kept in bench/results/; the
# PostgreSQL one (chuluc_bench_<scale>) is dropped after measuring. Scale S is the peer.
BENCH_PAGES_SCALE ?= L
BENCH_PAGES_ARGS ?= --requests 40

$(VENV)/.installed-bench: $(VENV)/.installed-main requirements/bench.txt
	$(PIP) install -q --require-hashes -r requirements/build.txt -r requirements/bench.txt
	@touch $@

bench: $(VENV)/.installed-bench
	$(BIN)/python bench/ranking.py $(BENCH_SHAPE) --database sqlite
	$(BIN)/python bench/ranking.py $(BENCH_SHAPE) --database postgres --pg-url $(BENCH_PG_URL)
	$(BIN)/python bench/report.py
	$(BIN)/python bench/pages.py --scale S $(BENCH_PAGES_ARGS)
	$(BIN)/python bench/pages.py --scale $(BENCH_PAGES_SCALE) $(BENCH_PAGES_ARGS)
	$(BIN)/python bench/pages.py --scale $(BENCH_PAGES_SCALE) --database postgres \
	  --pg-url $(BENCH_PG_URL) $(BENCH_PAGES_ARGS)
	$(BIN)/python bench/pages_report.py
	test -x bench/results/.venv-peers/bin/python || { python3 -m venv bench/results/.venv-peers && \
	  bench/results/.venv-peers/bin/pip install -q --require-hashes -r requirements/bench-peers.txt; }
	$(BIN)/python bench/iip.py
	@./scripts/system-deps.sh bench
	$(BIN)/python bench/throughput.py --runs $(BENCH_SCALE_RUNS)
	$(BIN)/python bench/imports.py --runs $(BENCH_SCALE_RUNS)
	$(BIN)/python bench/certificates.py --runs $(BENCH_SCALE_RUNS)
	$(BIN)/python bench/scale_report.py

# Proof at scale (issue 8; lines above, docs/performance.md): public pages against a trivial
# view on the production server (wrk, 32 clients), the import of 100,000 enterprises against
# django-import-export and a raw COPY, certificates per second. They start `chuluc serve`,
# which serves collected static files: the front-end packages must be there.
BENCH_SCALE_RUNS ?= 3
bench: assets

# The long suites (issue 8, docs/reliability.md), beyond what `make test` runs:
# - load (bench/load.py): SOAK_MINUTES at 80 % of the measured maximum throughput of the
#   public pages; zero errors expected, p99 reported per minute;
# - reliability: the concurrency race and CHULUC_CRASH_RUNS kills per operation on SQLite and
#   PostgreSQL (the server DATABASE_URL names, else 127.0.0.1:5432) instead of the suite's 3
#   on the suite's backend; one JSON line per kill in CHULUC_RELIABILITY_LOG;
# - fuzzing: CHULUC_FUZZ_EXAMPLES examples per API operation and every hostile text payload.
SOAK_MINUTES ?= 10
CHULUC_CRASH_RUNS ?= 20
CHULUC_RELIABILITY_LOG ?= var/reliability-soak.jsonl
CHULUC_FUZZ_EXAMPLES ?= 200
soak: soak-load soak-suites

soak-load: $(VENV)/.installed-bench assets
	@./scripts/system-deps.sh bench
	$(BIN)/python bench/load.py --minutes $(SOAK_MINUTES); status=$$?; \
	  $(BIN)/python bench/scale_report.py && exit $$status

soak-suites: $(VENV)/.installed-test assets messages
	@mkdir -p $(dir $(CHULUC_RELIABILITY_LOG))
	CHULUC_CRASH_RUNS=$(CHULUC_CRASH_RUNS) CHULUC_RELIABILITY_LOG=$(CHULUC_RELIABILITY_LOG) \
	  CHULUC_RELIABILITY_BACKENDS=sqlite,postgres CHULUC_FUZZ_EXAMPLES=$(CHULUC_FUZZ_EXAMPLES) \
	  $(BIN)/pytest -n 0 tests/reliability tests/security $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules var
