# Two commands do all the set-up: `make demo` and `make test`.
# Both create .venv (pinned by constraints.txt) and the embedded database when missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: demo docs test test-fast lint format bench system-deps clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

# dbt-sqlserver imports pyodbc, which needs unixODBC's libodbc.so.2 (Debian: libodbc2); the
# manager page is tested in Debian's headless chromium through chromium-driver.
system-deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	missing=; \
	ldconfig -p 2>/dev/null | grep -q 'libodbc.so.2' || missing="$$missing libodbc2"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v chromedriver >/dev/null || missing="$$missing chromium-driver"; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing (dbt-sqlserver's pyodbc; the manager page's browser test)"; \
		$$SUDO apt-get install -y -qq $$missing >/dev/null 2>&1 \
		|| { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing >/dev/null; }; \
	fi

demo: $(STAMP)
	$(BIN)/gim demo

# The dbt docs site of the embedded Info Mart (after `make demo`).
docs: $(STAMP)
	$(BIN)/gim docs

test: $(STAMP) system-deps
	$(BIN)/ruff check orchestrator tests bench
	$(BIN)/ruff format --check orchestrator tests bench
	$(BIN)/pytest -q --durations=25 $(PYTEST_ARGS)

# The inner loop: lint and every suite but the slow ones (several dbt invocations each).
test-fast: $(STAMP) system-deps
	$(BIN)/ruff check orchestrator tests bench
	$(BIN)/pytest -q -m 'not slow' $(PYTEST_ARGS)

# sqlfluff needs a live Info Mart (the dbt templater) and compiled SQL: the lint tests set both up.
lint: $(STAMP)
	$(BIN)/ruff check orchestrator tests bench
	$(BIN)/ruff format --check orchestrator tests bench
	$(BIN)/pytest -q tests/integration/test_sql_lint.py

format: $(STAMP)
	$(BIN)/ruff format orchestrator tests bench
	$(BIN)/ruff check --fix orchestrator tests bench

# Benchmarks print a table and write bench/results/*.json; never part of `make test`.
bench: $(STAMP)
	$(BIN)/python bench/simulate.py
	$(BIN)/gim init
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/transform.py
	$(BIN)/python bench/aggregate.py
	$(BIN)/python bench/backlog.py
	$(BIN)/python bench/cycle.py
	$(BIN)/python bench/cycle.py --full-refresh
	$(BIN)/python bench/latency.py
	$(BIN)/python bench/maintain.py
	$(BIN)/python bench/export.py

clean:
	-$(BIN)/gim db stop
	rm -rf .gim target logs
