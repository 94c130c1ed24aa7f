# Two commands set up a fresh machine (Python 3.11 and make, nothing else):
#   make build   virtualenv + pinned requirements + `dbt build` on the bundled sample
#   make test    every check: `dbt build` with all tests, SQLFluff lint, pytest,
#                and the same build on Spark compared with DuckDB
# .ci/run calls `make test` and nothing else.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DBT := $(BIN)/dbt
DBT_FLAGS := --profiles-dir .
# `make test` builds into its own DuckDB file so it never fights a BI tool or
# notebook that has the dev database open.
TEST_DB := build/test.duckdb

.PHONY: build test lint dbt-test pytest deps sample docs docs-serve clean publish dashboard browser-deps duckdb-old-clients superset-deps superset

$(BIN)/activate: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(BIN)/activate

deps: $(BIN)/activate

# A successful `dbt build` publishes the marts for BI tools itself (the
# on-run-end hook: published/current -> Parquet + a read-only DuckDB file), so
# they never read the file dbt writes.
build: deps
	$(DBT) build $(DBT_FLAGS)

test: deps
	mkdir -p build
	rm -f $(TEST_DB) $(TEST_DB).wal
	DBT_DUCKDB_PATH=$(TEST_DB) $(DBT) build $(DBT_FLAGS) --target-path build/target
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory browser-deps
	$(MAKE) --no-print-directory duckdb-old-clients
	$(MAKE) --no-print-directory superset-deps
	$(BIN)/pytest -q tests/python
	$(MAKE) --no-print-directory test-spark

lint: deps
	DBT_DUCKDB_PATH=$(TEST_DB) $(BIN)/sqlfluff lint models tests analyses

# Regenerate the bundled sample under seeds/ (deterministic).
sample: deps
	$(BIN)/python -m generator --out seeds --layout seeds --seed 42 --scale 1 --truth-dir tests/fixtures/sample_truth

# The docs site: models, columns, doc blocks, lineage, exposures, semantic
# models and metrics. --static also writes target/static_index.html, one file
# that opens in a browser without a server.
docs: deps
	$(DBT) docs generate $(DBT_FLAGS) --static
	@echo "Open the docs site with: make docs-serve (http://localhost:$(DOCS_PORT)) or open target/static_index.html"

DOCS_PORT ?= 8080
docs-serve: docs
	$(DBT) docs serve $(DBT_FLAGS) --port $(DOCS_PORT) --host 127.0.0.1 --no-browser

# Publish the marts of the dev database again (a successful `dbt build`
# does it by itself).
publish: deps
	$(BIN)/python scripts/publish_marts.py

# Older DuckDB clients for tests/python/test_published_old_clients.py: the
# published read database must open in DuckDB 1.x, which BI drivers still
# ship (1.0.0 is the oldest supported; 1.4 is Metabase's duckdb_jdbc line,
# 1.5 Evidence's @duckdb/node-api). One virtualenv per version under
# $(OLD_CLIENTS_DIR), never the project's .venv.
DUCKDB_OLD_CLIENTS := 1.0.0 1.4.4 1.5.6
OLD_CLIENTS_DIR := build/venv-duckdb1x
duckdb-old-clients:
	@for version in $(DUCKDB_OLD_CLIENTS); do \
		env=$(OLD_CLIENTS_DIR)/$$version; \
		if ! $$env/bin/python -c "import duckdb, sys; sys.exit(duckdb.__version__ != '$$version')" 2>/dev/null; then \
			rm -rf $$env && $(PYTHON) -m venv $$env && \
			$$env/bin/pip install --quiet --disable-pip-version-check duckdb==$$version || exit 1; \
		fi; \
	done

# The support leader's dashboard: published/dashboard.html, served on
# http://localhost:$(DASHBOARD_PORT)/dashboard.html (Ctrl-C stops it).
DASHBOARD_PORT ?= 8000
dashboard: deps
	@test -f published/current/_manifest.json || $(MAKE) --no-print-directory build
	$(BIN)/python scripts/build_dashboard.py
	@echo "Dashboard: http://localhost:$(DASHBOARD_PORT)/dashboard.html"
	$(BIN)/python -m http.server $(DASHBOARD_PORT) --bind 127.0.0.1 --directory published

# The dashboard test drives Debian's Chromium (headless). CI runs as root on
# a fresh machine: install it when it is missing.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium; \
	fi

# Apache Superset over the published marts (bi/superset/: the dashboards as
# an import bundle written by scripts/generate_superset_bundle.py, and the
# server's configuration). Superset gets its own virtualenv with every
# package pinned (bi/superset/requirements.txt), never the project's .venv;
# the browser test (tests/python/test_superset.py) drives Debian's Chromium
# through Debian's chromedriver.
SUPERSET_VENV := build/venv-superset
SUPERSET_PORT ?= 8088
SUPERSET_READ_DB ?= published/ai_support_metrics_read.duckdb
superset-deps: browser-deps $(SUPERSET_VENV)/.installed
	@if ! command -v chromedriver >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium-driver; \
	fi

$(SUPERSET_VENV)/.installed: bi/superset/requirements.txt
	rm -rf $(SUPERSET_VENV)
	$(PYTHON) -m venv $(SUPERSET_VENV)
	$(SUPERSET_VENV)/bin/pip install --quiet --disable-pip-version-check -r bi/superset/requirements.txt
	touch $@

# Sets up a throwaway Superset under build/superset (SQLite metadata, admin
# user, the bundle imported) and serves it on http://127.0.0.1:$(SUPERSET_PORT)
# (login admin / admin; Ctrl-C stops it).
superset: deps superset-deps
	@test -e $(SUPERSET_READ_DB) || $(MAKE) --no-print-directory build
	$(SUPERSET_VENV)/bin/python scripts/superset_setup.py --home build/superset \
		--read-db $(SUPERSET_READ_DB) --serve --port $(SUPERSET_PORT)

clean:
	rm -rf target build logs dbt_packages published ai_support_metrics.duckdb ai_support_metrics.duckdb.wal

# The Spark target: the bundled sample built on local Spark (dbt-spark, method
# session) with every data and unit test, and compared row by row with a
# DuckDB build (tests/python/test_spark.py). Needs Java 17+: installed from
# Debian's packages when missing, like Chromium above.
.PHONY: test-spark test-spark-fivetran java-deps benchmark
test-spark: deps java-deps
	DBT_SPARK_TESTS=1 $(BIN)/pytest -q tests/python/test_spark.py

# The Zendesk adapter and the staging it feeds on Spark, from the hand-built
# connector tables, compared with DuckDB (tests/python/test_fivetran_spark.py;
# about five minutes, so not part of test-spark).
test-spark-fivetran: deps java-deps
	DBT_SPARK_FIVETRAN_TESTS=1 $(BIN)/pytest -q tests/python/test_fivetran_spark.py

java-deps:
	@if ! command -v java >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless; \
	fi

# Scale benchmark (benchmarks/run_benchmark.py; not part of `make test`):
# generates TICKETS tickets as Parquet under BENCH_DATA (outside the project)
# once, then times full and incremental dbt builds, bare DuckDB and pandas on
# the same data and writes benchmarks/results.md and results.json.
TICKETS ?= 1000000
BENCH_DATA ?= /tmp/ai_support_metrics_bench
benchmark: deps
	$(BIN)/python benchmarks/run_benchmark.py --tickets $(TICKETS) --data-dir $(BENCH_DATA)
