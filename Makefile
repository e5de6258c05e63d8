# Quick start: `make run` (demo clinic) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DIR ?= $(CURDIR)/.demo/clinic

.PHONY: setup run test lint typecheck pytest mutation bench screenshots clean

$(STAMP): pyproject.toml scripts/setup-system.sh
	bash scripts/setup-system.sh
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check clinic tests benchmarks scripts
	$(BIN)/ruff format --check clinic tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

# Two processes on the two-core CI machine: tests wait on fsync and PostgreSQL as much as on Python.
PYTEST_WORKERS ?= 2
pytest: $(STAMP)
	bash scripts/with-keyring.sh $(BIN)/pytest -n $(PYTEST_WORKERS) --durations=15 $(PYTEST_ARGS)

# The README's test command (and CI's, through .ci/run): setup, lint, typecheck and pytest in turn,
# stopping at the first that fails, and a table of each one's wall time at the end.
test:
	@MAKE="$(MAKE)" bash scripts/timed-phases.sh setup lint typecheck pytest

# Mutation testing (mutmut, configured in pyproject.toml) of one module against the tests that
# matter; not part of `make test`. Prints the killed / survived / timeout counts and every survivor.
# TESTS is pytest's arguments: files, node ids, -k or -m with single quotes inside.
# ONLY narrows the run and its counts to some functions: ONLY="dose_gate _missed_rule".
MUTATE ?= clinic/dosing/units.py
TESTS ?= tests/unit/test_units.py
MUTATION_WORKERS ?= 2
ONLY ?=
mutation: $(STAMP)
	bash scripts/with-keyring.sh $(BIN)/python scripts/mutation.py --mutate "$(MUTATE)" \
		--tests "$(TESTS)" --only "$(ONLY)" --max-children $(MUTATION_WORKERS)

run: $(STAMP)
	bash scripts/run-demo.sh "$(DEMO_DIR)"

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py

bench: $(STAMP)
	bash scripts/with-keyring.sh $(BIN)/python benchmarks/run.py --quick

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache
