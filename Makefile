# wesley-gen developer commands.  Only Python 3.11+ and make are needed:
# every target creates or refreshes .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint golden bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## demo: classify the change from the example schema v1 to v2, then generate its migration
demo: $(STAMP)
	@echo "== wesley-gen diff schemas/v1.graphql schemas/v2.graphql"
	@$(BIN)/wesley-gen diff schemas/v1.graphql schemas/v2.graphql
	@echo
	@echo "== wesley-gen generate schemas/v1.graphql schemas/v2.graphql -o demo/0002_v2 ..."
	@$(BIN)/wesley-gen generate schemas/v1.graphql schemas/v2.graphql -o demo/0002_v2 --overwrite \
		--allow-destructive --backfill "users.email=lower(name) || '@example.com'"

## test: lint, type-check and run the whole suite (PostgreSQL tests included)
test: $(STAMP) lint
	$(BIN)/python -m pytest -p no:cacheprovider

## lint: ruff and mypy --strict on the package
lint: $(STAMP)
	$(BIN)/ruff check wesley_gen tests bench
	$(BIN)/ruff format --check wesley_gen
	$(BIN)/mypy wesley_gen

## golden: regenerate golden expectations (review the diff before committing)
golden: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider tests/test_golden.py --snapshot-update

## bench: time wesley-gen against its peers; writes docs/benchmarks.md
bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/backfill_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache bench/.work demo
