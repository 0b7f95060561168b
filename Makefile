# Two commands do all the set-up on a fresh machine (Python 3.11, Node 20; Java 17 for the tests' Spark build):
#   make run   - install, then load every source from the embedded snapshot, build and test the dbt models,
#                validate, publish data/published/warehouse.duckdb and build the Evidence dashboards
#   make test  - install, then run every test
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANIFEST := dbt_project/target/manifest.json
# The venv's commands first, as if it were activated: dagster-dbt runs `dbt` from PATH when it prepares the manifest.
export PATH := $(abspath $(BIN)):$(PATH)
# Dagster's run records live with the data they describe (JTDW_DATA_DIR, default data/).
export DAGSTER_HOME ?= $(abspath $(or $(JTDW_DATA_DIR),$(CURDIR)/data))/dagster_home
export DAGSTER_DISABLE_TELEMETRY := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: setup run warehouse dashboards test lint dev serve-dashboards row-counts quarantine snapshot audit bench lock clean

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found; set PYTHON=...)"; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	touch $(STAMP)

setup: $(STAMP) $(DAGSTER_HOME)/dagster.yaml $(MANIFEST)

$(DAGSTER_HOME)/dagster.yaml: orchestration/dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp $< $@

# dbt's manifest (not committed), which the Dagster definitions read when they load, made by dagster-dbt's preparation
# of DBT_PROJECT (dbt parse): here, under `dagster dev` (DBT_PROJECT.prepare_if_dev()) and in the tests (conftest.py).
$(MANIFEST): $(STAMP) $(shell find dbt_project -name '*.sql' -o -name '*.yml' -o -name '*.csv' | grep -v target/)
	PYTHONPATH=$(CURDIR) $(BIN)/dagster-dbt project prepare-and-package --file orchestration/dbt_project.py

# Through orchestration/runs.py: one run at a time with the schedule's runs, and a summary of what failed.
run: setup
	$(BIN)/python -m orchestration.runs build_everything
	@echo "Published: data/published/warehouse.duckdb   Dashboards: dashboards/build (make serve-dashboards)   UI: make dev"

warehouse: setup
	$(BIN)/python -m orchestration.runs build_warehouse

# The tests prepare the manifest themselves (tests/conftest.py), so a test run straight from pytest is never stale.
test: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/pytest

# The checks .ci/run runs before the tests (the same hooks pre-commit runs: pre-commit install). sqlfluff's dbt
# templater compiles the project through the build profile, on an in-memory database: no warehouse file is touched.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	JTDW_BUILD_DB=:memory: $(BIN)/sqlfluff lint dbt_project --processes 2

# `dagster dev` prepares the manifest itself when it loads the code (DBT_PROJECT.prepare_if_dev()).
dev: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -m orchestration.definitions -h 127.0.0.1 -p 3000

serve-dashboards:
	bash dashboards/scripts/serve.sh

row-counts: setup
	$(BIN)/python -m orchestration.row_counts

# Quarantined vintages: `make quarantine` lists them; ARGS="release|drop <raw table> <sha256 prefix>" decides.
quarantine: setup
	$(BIN)/python -m orchestration.quarantine $(or $(ARGS),list)

snapshot: setup
	$(BIN)/python -m snapshot.rebuild

audit: setup
	$(BIN)/pip-audit --requirement requirements.lock --disable-pip --no-deps --progress-spinner off

bench: setup
	$(BIN)/python -m bench.run --rows 1000000

lock: $(STAMP)
	( echo "# Exact versions of every Python package, resolved on Python 3.11 (regenerate: make lock). Installed by \`make setup\`."; \
	  $(BIN)/pip freeze --exclude-editable | grep -v '^japan-trade-dw' ) > requirements.lock

clean:
	rm -rf data dbt_project/target dashboards/build
