"""Rehearsing a project's migrations on a disposable database holding realistic rows.

``rehearse`` brings a test database up, builds the schema the first migration starts
from, and runs every migration the way ``migrate up`` does (pre-check, expand,
backfill, swap, post-check).  Rows are seeded as soon as there are tables to hold
them: before the first migration whose FROM schema has a table (migrations that only
create tables from nothing run first, on the empty database).  Then ``migrate verify``
checks the end state, every reversible migration is rolled back, newest first, and the
schema and every row must come back exactly as they were before that migration.  The
database is torn down whatever happened — a failure, Ctrl-C, SIGTERM, and by its
watchdog after a SIGKILL — unless ``keep`` asks to keep it for a look.

A test database is disposable and seeded, so destructive migrations run without
``--force`` here; the report says what they dropped.
"""

from __future__ import annotations

import json
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wesley_gen.errors import ProblemFound, UsageError, redact
from wesley_gen.model import Schema
from wesley_gen.run.lock import Say, run_lock
from wesley_gen.run.migrate import (
    MigrationFailed,
    MigrationFolder,
    Runner,
    StepRecord,
    UpOptions,
    resolve_target,
    stage_summary,
    verify_state,
)
from wesley_gen.run.testdb import TestDatabase

REPORT_FORMAT = "wesley-gen/rehearsal@1"
PASSED, FAILED = "passed", "failed"
APPLIED, NOT_RUN, RUNNING, INTERRUPTED = "applied", "not run", "running", "interrupted"
RESTORED, DIFFERS, SKIPPED = "restored", "differs", "skipped"
_SHOWN_DIFFERENCES = 10


@dataclass(frozen=True, slots=True)
class RehearsalOptions:
    dialect: str
    rows: int = 1000
    seed: int = 0
    fixtures: str | None = None
    keep: bool = False
    run_id: str | None = None
    server_url: str | None = None
    batch_size: int | None = None


@dataclass
class SeedRecord:
    before: str | None  # the migration the rows were seeded before; None: after the last
    seconds: float = 0.0
    tables: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class MigrationRecord:
    id: str
    outcome: str = NOT_RUN
    destructive: str | None = None  # what the migration drops, when it drops data
    steps: list[StepRecord] = field(default_factory=list)

    @property
    def longest_transaction(self) -> StepRecord | None:
        held = [s for s in self.steps if s.held is not None]
        return max(held, key=lambda s: s.held or 0.0, default=None)


@dataclass
class RollbackRecord:
    id: str
    outcome: str  # restored | differs | failed | skipped
    seconds: float = 0.0
    detail: str = ""
    differences: list[str] = field(default_factory=list)


@dataclass
class Failure:
    migration: str | None
    step: str
    message: str


@dataclass
class Rehearsal:
    run_id: str
    dialect: str
    database: str
    options: RehearsalOptions
    started_at: str
    seconds: float = 0.0
    seed: SeedRecord | None = None
    migrations: list[MigrationRecord] = field(default_factory=list)
    verify: list[str] = field(default_factory=list)  # one line per contract stage checked
    rollback: list[RollbackRecord] = field(default_factory=list)
    failure: Failure | None = None
    kept_url: str | None = None

    @property
    def outcome(self) -> str:
        return FAILED if self.failure is not None else PASSED

    def to_dict(self) -> dict[str, Any]:
        def step(record: StepRecord) -> dict[str, Any]:
            return {
                "step": record.step,
                "seconds": round(record.seconds, 3),
                "rows": record.rows,
                "held_seconds": None if record.held is None else round(record.held, 3),
                "checks": None
                if record.checks is None
                else dict(zip(("passed", "total"), record.checks, strict=True)),
                "detail": record.detail,
            }

        def migration(record: MigrationRecord) -> dict[str, Any]:
            longest = record.longest_transaction
            return {
                "id": record.id,
                "outcome": record.outcome,
                "destructive": record.destructive,
                "steps": [step(s) for s in record.steps],
                "longest_transaction": None
                if longest is None
                else {"step": longest.step, "seconds": round(longest.held or 0.0, 3)},
            }

        return {
            "format": REPORT_FORMAT,
            "run_id": self.run_id,
            "outcome": self.outcome,
            "dialect": self.dialect,
            "database": self.database,
            "kept": self.kept_url is not None,
            "started_at": self.started_at,
            "seconds": round(self.seconds, 3),
            "seed": None
            if self.seed is None
            else {
                "rows": self.options.rows,
                "seed": self.options.seed,
                "fixtures": self.options.fixtures,
                "before": self.seed.before,
                "seconds": round(self.seed.seconds, 3),
                "tables": dict(sorted(self.seed.tables.items())),
                "notes": self.seed.notes,
            },
            "migrations": [migration(m) for m in self.migrations],
            "verify": self.verify,
            "rollback": [
                {
                    "id": r.id,
                    "outcome": r.outcome,
                    "seconds": round(r.seconds, 3),
                    "detail": r.detail,
                    "differences": r.differences,
                }
                for r in self.rollback
            ],
            "failure": None
            if self.failure is None
            else {
                "migration": self.failure.migration,
                "step": self.failure.step,
                "message": self.failure.message,
            },
        }


def rehearse(
    migrations: Sequence[MigrationFolder],
    options: RehearsalOptions,
    *,
    working_url: str | None,
    say: Say,
    report: Callable[[Rehearsal], None] = lambda rehearsal: None,
    root: Path | None = None,
) -> Rehearsal:
    """Rehearse ``migrations`` on a new test database; the database is gone afterwards unless kept.

    ``report`` receives the rehearsal once the database is down, whatever ended it: a
    failed step (in :attr:`Rehearsal.failure`), an error, Ctrl-C or SIGTERM.  Input that
    can be checked without a database (the dialect, the fixtures) is checked first.
    """
    from wesley_gen.load.snapshot import schema_from_dict
    from wesley_gen.run import testdb
    from wesley_gen.run.contract import load_contract
    from wesley_gen.seed import read_fixtures

    if not migrations:
        raise UsageError("no migrations to rehearse", hint="generate one with 'wesley-gen new'")
    _check_dialect(migrations, options.dialect)
    starts = [schema_from_dict(load_contract(m.path)["pre"]["schema"]) for m in migrations]
    seed_at = next((i for i, schema in enumerate(starts) if schema.tables), len(migrations))
    if options.fixtures:
        seeded = starts[seed_at] if seed_at < len(starts) else schema_from_dict(
            json.loads(migrations[-1].text("schema.json"))
        )  # fmt: skip
        read_fixtures(options.fixtures, seeded)
    began = time.perf_counter()
    with _terminate_as_interrupt():
        database = testdb.up(
            options.dialect,
            options.run_id,
            server_url=options.server_url,
            working_url=working_url,
            root=root,
            owned=True,
        )
        rehearsal = Rehearsal(
            database.run_id,
            options.dialect,
            redact(database.url),
            options,
            datetime.now(UTC).isoformat(timespec="seconds"),
        )
        say(
            f"wesley-gen: rehearsal {database.run_id} on a {options.dialect} test database {redact(database.url)}"
        )
        try:
            # Its own database, but like every run that changes one, it holds the database's lock.
            with run_lock(database.url, database.run_id, say=say):
                _run(rehearsal, database, migrations, starts, seed_at, working_url, say)
        except BaseException as error:
            _note_unfinished(rehearsal, error)
            if not isinstance(error, ProblemFound):
                raise
        finally:
            with testdb.signals_held():
                rehearsal.seconds = time.perf_counter() - began
                try:
                    if options.keep:
                        testdb.release(database)
                        rehearsal.kept_url = database.url
                    else:
                        testdb.down(database)
                finally:
                    report(rehearsal)
    return rehearsal


def _note_unfinished(rehearsal: Rehearsal, error: BaseException) -> None:
    """Record what stopped the rehearsal, and which migration was running then."""
    running = next((m for m in rehearsal.migrations if m.outcome == RUNNING), None)
    if running is not None:
        running.outcome = INTERRUPTED if isinstance(error, KeyboardInterrupt) else FAILED
    if rehearsal.failure is None:
        message = "interrupted" if isinstance(error, KeyboardInterrupt) else " ".join(str(error).split())
        where = running.id if running is not None else None
        rehearsal.failure = Failure(where, "rehearsal", message or type(error).__name__)


def _check_dialect(migrations: Sequence[MigrationFolder], dialect: str) -> None:
    written = {str(m.plan["dialect"]) for m in migrations}
    if written != {dialect}:
        raise UsageError(
            f"the migrations were generated for {', '.join(sorted(written))}, not {dialect}",
            hint=f"rehearse them with --dialect {sorted(written)[0]}",
        )


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a CI job cancelled) unwinds like Ctrl-C, so the database is still torn down."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(
    rehearsal: Rehearsal,
    database: TestDatabase,
    migrations: Sequence[MigrationFolder],
    starts: Sequence[Schema],
    seed_at: int,
    working_url: str | None,
    say: Say,
) -> None:
    """Build, seed, migrate, verify, roll back; ``starts`` are the migrations' FROM schemas."""
    options = rehearsal.options
    target = resolve_target(database.url, "test", {}, working_url=working_url)
    build_schema(database.url, starts[0], options.dialect)
    runner = Runner(migrations, target, say)
    before: dict[str, Snapshot] = {}
    rehearsal.migrations = [MigrationRecord(m.id) for m in migrations]
    for index, (migration, record) in enumerate(zip(migrations, rehearsal.migrations, strict=True)):
        if index == seed_at:
            rehearsal.seed = _seed(database.url, options, migration.id, say)
        before[migration.id] = snapshot(database.url, starts[index])
        if migration.destructive:
            record.destructive = migration.lost()
        steps = len(runner.report.steps)
        record.outcome = RUNNING
        try:
            runner.up(UpOptions(to=migration.id, batch_size=options.batch_size, force=True))
        except MigrationFailed as error:
            record.outcome = FAILED
            record.steps = runner.report.steps[steps:]
            step = runner.report.failed_step or "migrate"
            rehearsal.failure = Failure(migration.id, step, runner.report.failure_detail or error.reason)
            return
        record.outcome = APPLIED
        record.steps = runner.report.steps[steps:]
    if seed_at == len(migrations):
        rehearsal.seed = _seed(database.url, options, None, say)
    _verify(rehearsal, migrations, database.url, say)
    if rehearsal.failure is None:
        _roll_back(rehearsal, migrations, starts, runner, before, say)
    if rehearsal.failure is None and options.keep:  # keep the database migrated, to look at
        runner.up(UpOptions(batch_size=options.batch_size, force=True))
        say("migrated up again: the kept database is at the last migration")


def build_schema(url: str, schema: Schema, dialect: str) -> None:
    """Create ``schema`` in an empty database with wesley-gen's own migration from nothing."""
    from wesley_gen.hints import Hints
    from wesley_gen.plan import Options, plan_migration
    from wesley_gen.render.sql import render_sql
    from wesley_gen.run.scripts import run_statements
    from wesley_gen.statements import of_steps

    if not schema.tables and not schema.enums:
        return
    plan = plan_migration(
        Schema(),
        schema,
        Hints(),
        dialect=dialect,
        migration_id="0000_base",
        options=Options(allow_empty=True),
    )
    statements = render_sql(plan).statements
    run_statements(url, of_steps(statements, "expand", "swap"), name="the FROM schema")


def _seed(url: str, options: RehearsalOptions, before: str | None, say: Say) -> SeedRecord:
    from wesley_gen.run.testdb import seed

    began = time.perf_counter()
    inserted, notes = seed(url, rows=options.rows, seed=options.seed, fixtures=options.fixtures)
    record = SeedRecord(before, time.perf_counter() - began, inserted, list(notes))
    say(f"seeded {sum(inserted.values())} rows in {len(inserted)} tables ({record.seconds:.1f} s)")
    for note in record.notes:
        say(f"  {note}")
    return record


def _verify(rehearsal: Rehearsal, migrations: Sequence[MigrationFolder], url: str, say: Say) -> None:
    from wesley_gen.run.contract import failure_summary

    for result in verify_state(migrations, url):
        line = f"{result.stage} of {result.migration}: {stage_summary(result)}"
        rehearsal.verify.append(line)
        say(f"verify: {line}")
        if not result.passed and rehearsal.failure is None:
            rehearsal.failure = Failure(result.migration, "verify", failure_summary(result))


def _roll_back(
    rehearsal: Rehearsal,
    migrations: Sequence[MigrationFolder],
    starts: Sequence[Schema],
    runner: Runner,
    before: Mapping[str, Snapshot],
    say: Say,
) -> None:
    """Roll back, newest first, while migrations are reversible; each must restore its FROM state."""
    for migration, start in reversed(list(zip(migrations, starts, strict=True))):
        if not migration.reversible:
            detail = f"not reversible ({migration.lost()}); older migrations stay applied"
            rehearsal.rollback.append(RollbackRecord(migration.id, SKIPPED, detail=detail))
            say(f"rollback stops at {migration.id}: {detail}")
            return
        began = time.perf_counter()
        try:
            runner.down(None, force=False, reason="rehearsal")
        except MigrationFailed as error:
            rehearsal.rollback.append(
                RollbackRecord(migration.id, FAILED, time.perf_counter() - began, error.reason)
            )
            rehearsal.failure = Failure(migration.id, "rollback", error.reason)
            return
        seconds = time.perf_counter() - began
        expected = before[migration.id]
        found = snapshot(runner.target.url, start)
        differences = expected.differences(found)
        if differences:
            rehearsal.rollback.append(
                RollbackRecord(migration.id, DIFFERS, seconds, "the database is not as before", differences)
            )
            message = f"rolling back did not restore the database: {differences[0]}"
            rehearsal.failure = Failure(migration.id, "rollback", message)
            return
        detail = f"schema and {expected.row_total:,} rows as before"
        rehearsal.rollback.append(RollbackRecord(migration.id, RESTORED, seconds, detail))


# --- snapshots of schema and rows ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TableRows:
    """Every row of a table, each value as exact text (SQLite: ``quote()``, which keeps the
    storage class and every digit of a REAL; PostgreSQL: the type's own text form), sorted."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The live schema's checksum and the rows of every table."""

    checksum: str
    tables: Mapping[str, TableRows]

    @property
    def row_total(self) -> int:
        return sum(len(table.rows) for table in self.tables.values())

    def differences(self, found: Snapshot) -> list[str]:
        lines = []
        if found.checksum != self.checksum:
            lines.append(f"schema checksum {found.checksum} instead of {self.checksum}")
        for name, before in self.tables.items():
            after = found.tables.get(name)
            if after is None:
                lines.append(f"table {name} is gone")
            elif after.columns != before.columns:
                lines.append(f"table {name} has columns {list(after.columns)}, not {list(before.columns)}")
            elif after.rows != before.rows:
                lost = Counter(before.rows) - Counter(after.rows)
                new = Counter(after.rows) - Counter(before.rows)
                lines.append(
                    f"table {name}: {len(before.rows)} rows before, {len(after.rows)} after; "
                    f"{lost.total()} rows lost or changed{_example(before.columns, lost)}, "
                    f"{new.total()} rows new or changed{_example(before.columns, new)}"
                )
        return lines[:_SHOWN_DIFFERENCES]


def _example(columns: Sequence[str], rows: Counter[tuple[str | None, ...]]) -> str:
    if not rows:
        return ""
    first = min(rows, key=repr)
    return " (e.g. " + ", ".join(f"{c}={v}" for c, v in zip(columns, first, strict=True)) + ")"


def snapshot(url: str, schema: Schema) -> Snapshot:
    """The live schema and the rows of the tables of ``schema`` (the schema the database should have)."""
    from wesley_gen.load import load_schema
    from wesley_gen.model import checksum

    live = load_schema(url).schema
    tables = {t.name: _rows(url, t.name, live) for t in schema.tables if live.table(t.name)}
    return Snapshot(checksum(live), tables)


def _rows(url: str, table: str, live: Schema) -> TableRows:
    from sqlglot import exp

    found = live.table(table)
    assert found is not None
    columns = tuple(sorted(c.name for c in found.columns))
    dialect = "sqlite" if url.startswith("sqlite:///") else "postgres"

    def exact(column: str) -> exp.Expr:
        value = exp.column(exp.to_identifier(column, quoted=True))
        return (
            exp.Anonymous(this="quote", expressions=[value])
            if dialect == "sqlite"
            else exp.cast(value, "TEXT")
        )

    select = exp.select(*(exact(c) for c in columns)).from_(
        exp.Table(this=exp.to_identifier(table, quoted=True))
    )
    sql = select.sql(dialect)
    if dialect == "sqlite":
        import sqlite3

        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            rows = conn.execute(sql).fetchall()
        finally:
            conn.close()
    else:
        import psycopg

        with psycopg.connect(url) as pg:
            rows = pg.execute(sql.encode()).fetchall()
    ordered = sorted((tuple(row) for row in rows), key=lambda row: [(v is None, v or "") for v in row])
    return TableRows(columns, tuple(ordered))


# --- reports ----------------------------------------------------------------------------------


def write_rehearsal(folder: str | Path, rehearsal: Rehearsal) -> tuple[Path, Path]:
    """``rehearsal-<run id>.json`` and ``.md`` in ``folder``, each written whole or not at all."""
    from wesley_gen.render.rehearsal import render_rehearsal_markdown

    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, text in (
        ("json", json.dumps(rehearsal.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"),
        ("md", render_rehearsal_markdown(rehearsal.to_dict())),
    ):
        path = root / f"rehearsal-{rehearsal.run_id}.{suffix}"
        partial = path.with_name(path.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
        written.append(path)
    return written[0], written[1]
