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
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from wesley_gen import identifiers
from wesley_gen.database_url import DatabaseUrl
from wesley_gen.errors import ProblemFound, UsageError, redact
from wesley_gen.interrupts import signals_held, terminate_as_interrupt
from wesley_gen.model import Schema
from wesley_gen.progress import Steps
from wesley_gen.reports import (
    APPLIED,
    DIFFERS,
    FAILED,
    INTERRUPTED,
    RESTORED,
    RUNNING,
    SKIPPED,
    Failure,
    MigrationRecord,
    Rehearsal,
    RollbackRecord,
    SeedRecord,
)
from wesley_gen.run.lock import Say, run_lock
from wesley_gen.run.migrate import (
    MigrationFailed,
    MigrationFolder,
    Runner,
    UpOptions,
    resolve_target,
    stage_summary,
    verify_state,
)
from wesley_gen.run.scripts import Timeouts
from wesley_gen.statements import Statement

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
    vacuum_rounds: int = 1  # backfill.py's --vacuum-rounds
    timeouts: Timeouts = field(default_factory=Timeouts)


@dataclass(frozen=True, slots=True)
class Rehearsable:
    """Migrations checked for a rehearsal before any database exists, with what it needs of them."""

    migrations: tuple[MigrationFolder, ...]
    options: RehearsalOptions
    starts: tuple[Schema, ...]  # each migration's FROM schema, read from its contract
    seed_at: int  # the first migration whose FROM schema has a table; len(migrations): none has


def prepare(migrations: Sequence[MigrationFolder], options: RehearsalOptions) -> Rehearsable:
    """Check what can be checked without a database (the dialect, the fixtures), first."""
    from wesley_gen.documents.contract import read_contract
    from wesley_gen.load.snapshot import schema_from_dict
    from wesley_gen.seed import read_fixtures

    if not migrations:
        raise UsageError("no migrations to rehearse", hint="generate one with 'wesley-gen new'")
    _check_dialect(migrations, options.dialect)
    starts = tuple(schema_from_dict(dict(read_contract(m.path).pre.schema or {})) for m in migrations)
    seed_at = next((i for i, schema in enumerate(starts) if schema.tables), len(migrations))
    if options.fixtures:
        seeded = starts[seed_at] if seed_at < len(starts) else schema_from_dict(
            json.loads(migrations[-1].text("schema.json"))
        )  # fmt: skip
        read_fixtures(options.fixtures, seeded)
    return Rehearsable(tuple(migrations), options, starts, seed_at)


def rehearse(
    prepared: Rehearsable,
    base: Sequence[Statement],
    *,
    working_url: str | None,
    say: Say,
    report: Callable[[Rehearsal], None] = lambda rehearsal: None,
    root: Path | None = None,
) -> Rehearsal:
    """Rehearse on a new test database; the database is gone afterwards unless kept.

    ``base`` builds the first migration's FROM schema in the empty database (the expand
    and swap statements of a migration from nothing).  ``report`` receives the rehearsal
    once the database is down, whatever ended it: a failed step (in
    :attr:`Rehearsal.failure`), an error, Ctrl-C or SIGTERM.
    """
    from wesley_gen.run import testdb

    options = prepared.options
    began = time.perf_counter()
    steps = Steps("rehearsal", _steps(prepared), say)
    with terminate_as_interrupt():  # a CI job cancelled: the database is still torn down
        steps.begin(f"start a {options.dialect} test database")
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
            datetime.now(UTC).isoformat(timespec="seconds"),
        )
        say(
            f"wesley-gen: rehearsal {database.run_id} on a {options.dialect} test database {redact(database.url)}"
        )
        try:
            # Its own database, but like every run that changes one, it holds the database's lock.
            url = database.database
            with run_lock(url, database.run_id, say=say):
                _run(rehearsal, url, prepared, base, working_url, say, steps)
        except BaseException as error:
            _note_unfinished(rehearsal, error)
            if not isinstance(error, ProblemFound):
                raise
        finally:
            with signals_held():
                rehearsal.seconds = time.perf_counter() - began
                try:
                    steps.last("keep the test database" if options.keep else "tear the test database down")
                    if options.keep:
                        testdb.release(database)
                        rehearsal.kept_url = database.url
                    else:
                        testdb.down(database)
                finally:
                    report(rehearsal)
    return rehearsal


def _steps(prepared: Rehearsable) -> int:
    """How many steps a rehearsal that passes takes: the database up, the FROM schema, the seed,
    each migration up, verify, each rolled back, up again if kept, the database down (or kept)."""
    return 5 + len(prepared.migrations) + _rolled_back(prepared.migrations) + prepared.options.keep


def _rolled_back(migrations: Sequence[MigrationFolder]) -> int:
    """How many migrations a rehearsal that passes rolls back (as :func:`_roll_back` does):
    newest first, up to the first with an irreversible change, itself included unless what
    it changes irreversibly is nothing a table holds (then it has no rollback to verify)."""
    count = 0
    for migration in reversed(migrations):
        lost = _Lost.of(migration)
        if lost.unverifiable:
            break
        count += 1
        if lost.parts:
            break
    return count


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
    written = {m.plan.dialect for m in migrations}
    if written != {dialect}:
        raise UsageError(
            f"the migrations were generated for {', '.join(sorted(written))}, not {dialect}",
            hint=f"rehearse them with --dialect {sorted(written)[0]}",
        )


def _run(
    rehearsal: Rehearsal,
    url: DatabaseUrl,
    prepared: Rehearsable,
    base: Sequence[Statement],
    working_url: str | None,
    say: Say,
    steps: Steps,
) -> None:
    """Build, seed, migrate, verify, roll back."""
    options, migrations, starts = prepared.options, prepared.migrations, prepared.starts
    target = resolve_target(url, "test", {}, working_url=working_url)
    steps.begin("build the first migration's FROM schema")
    _make_roles(url, prepared, say)
    build_base(url, base)
    runner = Runner(migrations, target, say, timeouts=options.timeouts)
    before: dict[str, Snapshot] = {}
    rehearsal.migrations = [MigrationRecord(m.id) for m in migrations]
    for index, (migration, record) in enumerate(zip(migrations, rehearsal.migrations, strict=True)):
        if index == prepared.seed_at:
            rehearsal.seed = _seed(url, options, migration.id, say, steps)
        steps.begin(f"migrate up {migration.id}")
        before[migration.id] = snapshot(url, starts[index])
        if migration.destructive:
            record.destructive = migration.lost()
        done = len(runner.report.steps)
        record.outcome = RUNNING
        try:
            runner.up(_up(options, to=migration.id))
        except MigrationFailed as error:
            record.outcome = FAILED
            record.steps = runner.report.steps[done:]
            step = runner.report.failed_step or "migrate"
            rehearsal.failure = Failure(migration.id, step, runner.report.failure_detail or error.reason)
            return
        record.outcome = APPLIED
        record.steps = runner.report.steps[done:]
    if prepared.seed_at == len(migrations):
        rehearsal.seed = _seed(url, options, None, say, steps)
    steps.begin("verify")
    _verify(rehearsal, migrations, url, say)
    if rehearsal.failure is None:
        _roll_back(rehearsal, migrations, starts, runner, before, say, steps)
    if rehearsal.failure is None and options.keep:  # keep the database migrated, to look at
        steps.begin("migrate up again, to keep")
        runner.up(_up(options))
        say("migrated up again: the kept database is at the last migration")


def _make_roles(url: DatabaseUrl, prepared: Rehearsable, say: Say) -> None:
    """The roles the migrations' schemas name (owners, grantees, policies), made on wesley-gen's own
    server, which starts with none; a server of the user's (``--server-url``) must hold them."""
    from wesley_gen.documents.contract import read_contract
    from wesley_gen.load.snapshot import schema_from_dict
    from wesley_gen.run.roles import create_roles, missing_roles, roles_hint

    schemas = [*prepared.starts]
    for migration in prepared.migrations:
        post = read_contract(migration.path).post.schema
        schemas += [schema_from_dict(dict(post))] if post else []
    missing = missing_roles(url, schemas)
    if not missing:
        return
    if prepared.options.server_url is not None:
        raise ProblemFound(
            f"the test server lacks roles the migrations name: {', '.join(missing)}", hint=roles_hint(missing)
        )
    create_roles(url, missing)
    say(f"made the roles the migrations name (NOLOGIN, on this server only): {', '.join(missing)}")


def build_base(url: DatabaseUrl, statements: Sequence[Statement]) -> None:
    """Run the statements that build a migration's FROM schema in an empty database."""
    from wesley_gen.run.scripts import run_statements

    if statements:
        run_statements(url, statements, name="the FROM schema")


def _seed(
    url: DatabaseUrl, options: RehearsalOptions, before: str | None, say: Say, steps: Steps
) -> SeedRecord:
    from wesley_gen.run.testdb import seed

    seeded = f"the fixtures of {options.fixtures}" if options.fixtures else f"{options.rows:,} rows a table"
    steps.begin(f"seed {seeded}")
    began = time.perf_counter()
    inserted, notes = seed(url, rows=options.rows, seed=options.seed, fixtures=options.fixtures, say=say)
    seconds = time.perf_counter() - began
    record = SeedRecord(before, options.rows, options.seed, options.fixtures, seconds, inserted, list(notes))
    say(f"seeded {sum(inserted.values())} rows in {len(inserted)} tables ({record.seconds:.1f} s)")
    for note in record.notes:
        say(f"  {note}")
    return record


def _verify(rehearsal: Rehearsal, migrations: Sequence[MigrationFolder], url: DatabaseUrl, say: Say) -> None:
    from wesley_gen.run.contract import failure_summary

    for result in verify_state(migrations, url):
        line = f"{result.stage} of {result.migration}: {stage_summary(result)}"
        rehearsal.verify.append(line)
        say(f"verify: {line}")
        if not result.passed and rehearsal.failure is None:
            rehearsal.failure = Failure(result.migration, "verify", failure_summary(result))


def _up(options: RehearsalOptions, to: str | None = None) -> UpOptions:
    """How a rehearsal runs migrate up: as the user asked backfill.py to fill, destructive steps allowed."""
    return UpOptions(to=to, batch_size=options.batch_size, force=True, vacuum_rounds=options.vacuum_rounds)


def _roll_back(
    rehearsal: Rehearsal,
    migrations: Sequence[MigrationFolder],
    starts: Sequence[Schema],
    runner: Runner,
    before: Mapping[str, Snapshot],
    say: Say,
    steps: Steps,
) -> None:
    """Roll back, newest first; each must restore its FROM state.  A migration with an
    irreversible change is rolled back too (its reversible part: everything but what it
    dropped) and verified without what it dropped, which the record names as not verified;
    the older migrations then stay applied, also named."""
    pairs = list(zip(migrations, starts, strict=True))
    for index in range(len(pairs) - 1, -1, -1):
        migration, start = pairs[index]
        lost = _Lost.of(migration)
        if lost.unverifiable:
            detail = f"not reversible ({migration.lost()}); older migrations stay applied"
            not_verified = [f"{migration.id}: its rollback ({', '.join(lost.unverifiable)})"]
            not_verified += [
                f"{m.id}: its rollback (older; left applied)" for m, _ in reversed(pairs[:index])
            ]
            rehearsal.rollback.append(
                RollbackRecord(migration.id, SKIPPED, detail=detail, not_verified=not_verified)
            )
            say(f"rollback stops at {migration.id}: {detail}")
            return
        steps.begin(f"roll back {migration.id}")
        began = time.perf_counter()
        try:
            runner.down(None, force=not migration.reversible, reason="rehearsal")
        except MigrationFailed as error:
            rehearsal.rollback.append(
                RollbackRecord(migration.id, FAILED, time.perf_counter() - began, error.reason)
            )
            rehearsal.failure = Failure(migration.id, "rollback", error.reason)
            return
        seconds = time.perf_counter() - began
        expected = before[migration.id].without(lost)
        found = snapshot(runner.target.url, start).without(lost)
        differences = expected.differences(found)
        if differences:
            rehearsal.rollback.append(
                RollbackRecord(migration.id, DIFFERS, seconds, "the database is not as before", differences)
            )
            message = f"rolling back did not restore the database: {differences[0]}"
            rehearsal.failure = Failure(migration.id, "rollback", message)
            return
        detail = f"schema and {expected.row_total:,} rows as before"
        if not lost.parts:
            rehearsal.rollback.append(RollbackRecord(migration.id, RESTORED, seconds, detail))
            continue
        detail += ", except what its irreversible changes dropped; older migrations stay applied"
        not_verified = [f"{migration.id}: {part}" for part in lost.parts]
        not_verified += [f"{m.id}: its rollback (older; left applied)" for m, _ in reversed(pairs[:index])]
        rehearsal.rollback.append(
            RollbackRecord(migration.id, RESTORED, seconds, detail, not_verified=not_verified)
        )
        say(f"rolled back the reversible part of {migration.id}; not verified: {'; '.join(not_verified)}")
        return


@dataclass(frozen=True, slots=True)
class _Lost:
    """What a migration's irreversible changes take away: left out when its rollback is verified."""

    tables: frozenset[str]
    columns: frozenset[tuple[str, str]]  # dropped: gone from the schema and the rows
    values: frozenset[tuple[str, str]]  # still there, with values a rollback cannot bring back
    parts: tuple[str, ...]  # each as the report names it
    unverifiable: tuple[str, ...]  # irreversible changes of nothing a table holds: no rollback

    @classmethod
    def of(cls, migration: MigrationFolder) -> _Lost:
        tables: set[str] = set()
        columns: set[tuple[str, str]] = set()
        values: set[tuple[str, str]] = set()
        parts: list[str] = []
        unverifiable: list[str] = []
        for change in migration.plan.changes:
            if change.reversible:
                continue
            what = f"{change.id} {change.op}"
            if change.op == "drop_table" and change.table:
                tables.add(change.table)
                parts.append(f"table {change.table} and its rows ({what}: dropped, cannot come back)")
            elif change.op == "drop_column" and change.table and change.column:
                columns.add((change.table, change.column))
                parts.append(
                    f"{change.table}.{change.column} and its values ({what}: dropped, cannot come back)"
                )
            elif change.table and change.column:
                values.add((change.table, change.column))
                parts.append(f"the values of {change.table}.{change.column} ({what}: {change.reason})")
            else:
                unverifiable.append(f"{what} {change.name or change.table or ''}".rstrip())
        return cls(
            frozenset(tables), frozenset(columns), frozenset(values), tuple(parts), tuple(unverifiable)
        )

    def schema(self, schema: Schema) -> Schema:
        """``schema`` without the lost tables and columns (and the keys and indexes on them), and
        the generation of columns whose values are lost (a rollback cannot make a column whose
        expression was dropped generated again)."""
        from dataclasses import replace

        kept = []
        for table in schema.tables:
            if table.name in self.tables:
                continue
            gone = {column for name, column in self.columns if name == table.name}
            kept.append(
                replace(
                    table,
                    columns=tuple(
                        replace(c, generated=None) if (table.name, c.name) in self.values else c
                        for c in table.columns
                        if c.name not in gone
                    ),
                    primary_key=table.primary_key if _keeps(table.primary_key, gone) else None,
                    uniques=tuple(u for u in table.uniques if _keeps(u, gone)),
                    indexes=tuple(i for i in table.indexes if _keeps(i, gone)),
                    foreign_keys=tuple(
                        k for k in table.foreign_keys if _keeps(k, gone) and k.ref_table not in self.tables
                    ),
                )
            )
        return replace(schema, tables=tuple(kept))

    def out(self, table: str) -> set[str]:
        """The columns of ``table`` whose values are not compared."""
        return {c for t, c in self.columns | self.values if t == table}


def _keeps(item: object, gone: set[str]) -> bool:
    """Whether a key or index names none of the ``gone`` columns."""
    return not gone & set(getattr(item, "columns", ()))


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
    schema: Schema = field(default_factory=Schema, compare=False)  # the live schema

    def without(self, lost: _Lost) -> Snapshot:
        """This snapshot without what ``lost`` names: its tables, and its columns' values."""
        from wesley_gen.model import checksum

        if not lost.parts:
            return self
        tables = {}
        for name, rows in self.tables.items():
            if name in lost.tables:
                continue
            out = lost.out(name)
            keep = [i for i, column in enumerate(rows.columns) if column not in out]
            projected = _ordered(tuple(row[i] for i in keep) for row in rows.rows)
            tables[name] = TableRows(tuple(rows.columns[i] for i in keep), projected)
        schema = lost.schema(self.schema)
        return Snapshot(checksum(schema), tables, schema)

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


def snapshot(url: DatabaseUrl, schema: Schema) -> Snapshot:
    """The live schema and the rows of the tables of ``schema`` (the schema the database should have)."""
    from wesley_gen.load import load_schema
    from wesley_gen.model import checksum

    live = load_schema(url).schema
    tables = {t.name: _rows(url, t.name, live) for t in schema.tables if live.table(t.name)}
    return Snapshot(checksum(live), tables, live)


def _rows(url: DatabaseUrl, table: str, live: Schema) -> TableRows:
    from sqlglot import exp

    found = live.table(table)
    assert found is not None
    columns = tuple(sorted(c.name for c in found.columns))
    dialect = url.dialect

    def exact(column: str) -> exp.Expr:
        value = exp.column(exp.to_identifier(column, quoted=True))
        return (
            exp.Anonymous(this="quote", expressions=[value])
            if dialect == "sqlite"
            else exp.cast(value, "TEXT")
        )

    select = exp.select(*(exact(c) for c in columns)).from_(identifiers.table(table))
    sql = select.sql(dialect)
    if dialect == "sqlite":
        import sqlite3

        conn = sqlite3.connect(url.sqlite_uri("ro"), uri=True)
        try:
            rows = conn.execute(sql).fetchall()
        finally:
            conn.close()
    else:
        import psycopg

        with psycopg.connect(url.text) as pg:
            rows = pg.execute(sql.encode()).fetchall()
    return TableRows(columns, _ordered(tuple(row) for row in rows))


def _ordered(rows: Iterable[tuple[str | None, ...]]) -> tuple[tuple[str | None, ...], ...]:
    """Rows in one order whatever order the database gave them (NULLs last)."""
    return tuple(sorted(rows, key=lambda row: [(v is None, v or "") for v in row]))
