# wesley-gen developer commands.  Only Python 3.11+ and make are needed:
# every target creates or refreshes .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test suite lint golden bench proof clean docs

# Built under a lock (.ci/venv.py): two makes started together in one checkout build it once.
$(STAMP): pyproject.toml
	@$(PYTHON) .ci/venv.py $(VENV)

## demo: classify the example change v1 -> v2, generate its migrations, apply them to a SQLite file, rehearse them
DEMO := demo
DEMO_DB := sqlite:///$(DEMO)/demo.db
MIGRATE := --db $(DEMO_DB) --migrations $(DEMO)/migrations
demo: $(STAMP)
	@echo "== wesley-gen diff schemas/v1.graphql schemas/v2.graphql"
	@$(BIN)/wesley-gen diff schemas/v1.graphql schemas/v2.graphql
	@rm -rf $(DEMO) && mkdir -p $(DEMO)
	@echo
	@echo "== wesley-gen generate: 0001 creates v1 from nothing, 0002 takes v1 to v2"
	@$(BIN)/wesley-gen generate schemas/empty.graphql schemas/v1.graphql -o $(DEMO)/migrations/0001_v1 \
		--dialect sqlite
	@$(BIN)/wesley-gen generate schemas/v1.graphql schemas/v2.graphql -o $(DEMO)/migrations/0002_v2 \
		--dialect sqlite --allow-destructive --backfill "users.email=lower(name) || '@example.com'"
	@echo
	@echo "== wesley-gen migrate up --to 0001_v1, then a few rows (schemas/demo-rows.sql)"
	@$(BIN)/wesley-gen migrate up $(MIGRATE) --target test --to 0001_v1
	@$(BIN)/python -c "import sqlite3; c = sqlite3.connect('$(DEMO)/demo.db'); \
		c.executescript(open('schemas/demo-rows.sql').read()); c.close()"
	@echo
	@echo "== wesley-gen migrate up --force (0002 drops users.bio and posts.score)"
	@$(BIN)/wesley-gen migrate up $(MIGRATE) --target test --force --report $(DEMO)/reports
	@echo
	@echo "== wesley-gen migrate status"
	@$(BIN)/wesley-gen migrate status $(MIGRATE)
	@echo
	@echo "== wesley-gen migrate history"
	@$(BIN)/wesley-gen migrate history $(MIGRATE)
	@echo
	@echo "== wesley-gen rehearse: both migrations again, on a disposable database seeded with 1000 rows"
	@echo "   a table, awkward values included. It stops at 0002's pre-check, as it should: v2 makes"
	@echo "   users.age NOT NULL, and the seeded rows have a NULL age that the demo's three rows lacked."
	@WESLEY_TESTDB_DIR=$(DEMO)/testdbs $(BIN)/wesley-gen rehearse --migrations $(DEMO)/migrations \
		--rows 1000 --report $(DEMO)/reports; test $$? -eq 1

## test: lint, type-check and run the whole suite (PostgreSQL tests included)
test: $(STAMP) lint
	@$(MAKE) --no-print-directory suite

# suite: the tests alone (TESTS narrows them, e.g. TESTS=tests/test_diff.py).  pytest's own exit
# status is make's: 5 (no tests collected) fails like a failed test.  The 25 slowest tests are
# listed before pytest's summary line, which is the last line printed.  WORKERS: how many
# processes share the tests (pytest-xdist; each starts its own PostgreSQL server when it first
# needs one); logical: one a CPU, at most 4; 0: all in pytest's own process.
WORKERS ?= logical
suite: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider -n $(WORKERS) --maxprocesses 4 --durations=25 $(TESTS)

## lint: ruff and mypy --strict on the package
lint: $(STAMP)
	$(BIN)/ruff check wesley_gen tests bench .ci
	$(BIN)/ruff format --check wesley_gen
	$(BIN)/mypy wesley_gen

## proof: the migration property test (tests/test_migrate_properties.py) with 2000 examples per dialect,
##        two migrate up racing on one database 20 times per dialect (bench/concurrent_runs.py),
##        loader fuzzing (tests/test_load_fuzz.py) with 3000 mutated files for each of the four loaders,
##        and the fidelity corpus (tests/corpus, bench/fidelity.py --check): no case may do worse than
##        its outcome in tests/corpus/baseline.json (measured in docs/fidelity.md), and every case's
##        rollback must restore the old schema (or refuse what its plan declares irreversible)
PROOF_EXAMPLES ?= 2000
PROOF_RACES ?= 20
FUZZ_CASES ?= 3000
proof: $(STAMP)
	WESLEY_PROOF_EXAMPLES=$(PROOF_EXAMPLES) WESLEY_FUZZ_CASES=$(FUZZ_CASES) $(BIN)/python -m pytest \
		-p no:cacheprovider tests/test_migrate_properties.py tests/test_load_fuzz.py
	$(BIN)/python bench/concurrent_runs.py --races $(PROOF_RACES)
	$(BIN)/python bench/fidelity.py --check

## docs: rewrite the table of docs/inputs.md that wesley_gen/load/constructs.py states
docs: $(STAMP)
	$(BIN)/python .ci/inputs_doc.py

## golden: regenerate golden expectations (review the diff before committing)
golden: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider tests/test_golden.py tests/test_generate.py tests/test_explain.py --snapshot-update

## bench: time wesley-gen against its peers; writes docs/benchmarks.md
bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/backfill_bench.py
	$(BIN)/python bench/online_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache bench/.work demo
