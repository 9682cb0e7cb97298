"""Library entry points of the commands that run migrations on a database: ``verify``,
``migrate up/down/status/history/verify`` and ``rehearse``."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wesley_gen.api import Say
from wesley_gen.database_url import DatabaseUrl
from wesley_gen.errors import Location, ProblemFound, UsageError
from wesley_gen.hints import Hints

if TYPE_CHECKING:
    from wesley_gen.config import ProjectConfig
    from wesley_gen.model import Schema
    from wesley_gen.reports import Rehearsal
    from wesley_gen.run.contract import StageResult
    from wesley_gen.run.migrate import MigrationFolder, Runner, RunReport, Status
    from wesley_gen.run.scripts import Timeouts
    from wesley_gen.statements import Statement


@dataclass(frozen=True, slots=True)
class VerifyReport:
    result: StageResult
    counts_written: str | None  # where the row counts went (--counts at the pre stage)
    warnings: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return self.result.passed

    @property
    def problem(self) -> ProblemFound | None:
        """The error naming every failed check, which makes ``verify`` exit 1; None when it passed."""
        from wesley_gen.run.contract import failure_summary

        return None if self.passed else ProblemFound(failure_summary(self.result))


def verify_migration(
    directory: str, url: str, *, stage: str = "pre", counts_file: str | None = None
) -> VerifyReport:
    """Check one stage of a migration folder's ``contract.json`` against a live database.

    ``counts_file``: at the pre stage, where to write the row counts; at the post stage,
    the counts to compare with (row counts preserved); the swap stage leaves it alone, so
    a script may pass the same flags at every stage.
    """
    from wesley_gen.documents.contract import STAGES, read_contract
    from wesley_gen.run.contract import evaluate, read_counts, write_counts

    if stage not in STAGES:
        raise UsageError(f"unknown stage {stage!r}", hint=f"use one of {', '.join(STAGES)}")
    warnings: tuple[str, ...] = ()
    if counts_file is not None and stage == "swap":
        warnings = ("--counts is not used at the swap stage (it is written at pre and read at post)",)
    contract = read_contract(directory)
    counts = (
        read_counts(counts_file, migration=contract.migration_id) if counts_file and stage == "post" else None
    )
    result = evaluate(contract, stage, DatabaseUrl.parse(url), counts=counts)
    if counts_file is not None and stage == "pre":
        write_counts(counts_file, result)
        return VerifyReport(result, counts_file)
    return VerifyReport(result, None, warnings)


def _project(
    database: str | None, migrations_dir: str | None
) -> tuple[ProjectConfig, DatabaseUrl, list[MigrationFolder]]:
    """The configuration, the database URL (parsed: the runtime reads no URL text) and the
    migrations: flags first, then the config."""
    from wesley_gen.config import find_config
    from wesley_gen.run.migrate import discover

    config = find_config()
    url = database or (config.path(config.database) if config.database else None)
    if url is None:  # never a database of its own making: a typo'd flag would migrate a new empty file
        raise UsageError(
            "no database to migrate",
            hint='pass --db URL (sqlite:///app.db or postgresql://…), or set database = "URL" under '
            "[tool.wesley-gen] in pyproject.toml",
        )
    folder = migrations_dir or config.path(config.migrations)
    migrations = discover(folder)
    return config, DatabaseUrl.parse(url), migrations


@dataclass(frozen=True, slots=True)
class MigrateReport:
    run: RunReport  # what ran, step by step, and how it ended
    written: tuple[Path, ...]  # run-<id>.json and .md, when a report folder was given


def migrate_up(
    database: str | None,
    migrations_dir: str | None,
    *,
    target: str | None,
    to: str | None = None,
    dry_run: bool = False,
    batch_size: int | None = None,
    vacuum_rounds: int = 1,
    allow_contract_drift: bool = False,
    force: bool = False,
    through: str | None = None,
    report_dir: str | None = None,
    lock_timeout: float,
    say: Say,
    **timeouts: float | None,
) -> MigrateReport:
    """Apply every pending migration (or up to ``to``; ``through="backfill"``: the first one
    up to its swap); a failure raises ``MigrationFailed``.
    ``timeouts``: ``ddl_lock_timeout``, ``lock_retries``, ``statement_timeout`` (see :func:`timeouts_of`)."""
    from wesley_gen.run.migrate import UpOptions

    options = UpOptions(to, dry_run, batch_size, allow_contract_drift, force, through, vacuum_rounds)
    run = _Run(database, migrations_dir, target, lock_timeout, report_dir, timeouts)
    return _run(run, say, lambda r: r.up(options))


def migrate_down(
    database: str | None,
    migrations_dir: str | None,
    *,
    target: str | None,
    to: str | None = None,
    force: bool = False,
    reason: str | None = None,
    report_dir: str | None = None,
    lock_timeout: float,
    say: Say,
    **timeouts: float | None,
) -> MigrateReport:
    """Roll back the latest applied migration, or every one down to and including ``to``."""

    def down(runner: Runner) -> RunReport:
        return runner.down(to, force=force, reason=reason)

    return _run(_Run(database, migrations_dir, target, lock_timeout, report_dir, timeouts), say, down)


@dataclass(frozen=True, slots=True)
class _Run:
    """What a migrate command was asked: where, which target, how long to wait."""

    database: str | None
    migrations_dir: str | None
    target: str | None
    lock_timeout: float
    report_dir: str | None
    timeouts: Mapping[str, float | None]


def timeouts_of(
    config: ProjectConfig,
    *,
    ddl_lock_timeout: float | None = None,
    lock_retries: float | None = None,
    statement_timeout: float | None = None,
) -> Timeouts:
    """PostgreSQL's timeouts of a run: the flags, else ``[tool.wesley-gen]``, else the defaults."""
    from wesley_gen.run.scripts import Timeouts

    default = Timeouts()
    retries = next(v for v in (lock_retries, config.lock_retries, default.retries) if v is not None)
    return Timeouts(
        lock=next(v for v in (ddl_lock_timeout, config.ddl_lock_timeout, default.lock) if v is not None),
        retries=int(retries),
        statement=next((v for v in (statement_timeout, config.statement_timeout) if v is not None), None),
    )


def _run(asked: _Run, say: Say, work: Callable[[Runner], RunReport]) -> MigrateReport:
    """``work`` done by a Runner on the resolved target (its banner said first); the run's report
    is written afterwards whatever happened."""
    from wesley_gen.run.migrate import Runner, resolve_target, write_report

    config, url, migrations = _project(asked.database, asked.migrations_dir)
    chosen = resolve_target(url, asked.target, os.environ, working_url=config.working_database)
    say(chosen.banner())
    timeouts = timeouts_of(config, **asked.timeouts)
    runner = Runner(migrations, chosen, say, lock_timeout=asked.lock_timeout, timeouts=timeouts)
    written: tuple[Path, ...] = ()
    try:
        run = work(runner)
    finally:
        if asked.report_dir:
            written = write_report(asked.report_dir, runner.report)
            for path in written:
                say(f"report: {path}")
    return MigrateReport(run, written)


@dataclass(frozen=True, slots=True)
class StatusReport:
    url: DatabaseUrl
    status: Status

    @property
    def to_act_on(self) -> bool:
        """Drift, or a migration stopped midway: exit 1."""
        return self.status.drift or self.status.stopped is not None

    @property
    def running(self) -> str | None:
        """The run holding the database's lock now, described."""
        return None if self.status.running is None else self.status.running.describe()


def migrate_status(database: str | None, migrations_dir: str | None) -> StatusReport:
    """Applied and pending migrations, and drift of the live schema from the last recorded one."""
    from wesley_gen.run.migrate import status

    _, url, migrations = _project(database, migrations_dir)
    return StatusReport(url, status(migrations, url))


@dataclass(frozen=True, slots=True)
class HistoryReport:
    rows: tuple[dict[str, Any], ...]  # one per run, oldest first, without its schema snapshot


def migrate_history(
    database: str | None, migrations_dir: str | None, *, limit: int | None = None
) -> HistoryReport:
    """Every recorded run (or the newest ``limit``)."""
    from wesley_gen.run.history import History

    url = _project(database, migrations_dir)[1] if database is None else DatabaseUrl.parse(database)
    runs = History(url).runs(limit=limit)
    return HistoryReport(tuple({k: v for k, v in asdict(r).items() if k != "snapshot"} for r in runs))


@dataclass(frozen=True, slots=True)
class StateReport:
    results: tuple[StageResult, ...]  # the latest applied migration's post-check, the next one's pre-check

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)


def migrate_verify(database: str | None, migrations_dir: str | None) -> StateReport:
    """Check the database against its contracts; change nothing."""
    from wesley_gen.run.migrate import verify_state

    _, url, migrations = _project(database, migrations_dir)
    return StateReport(tuple(verify_state(migrations, url)))


def _writable_folder(folder: str) -> Path:
    """``folder``, created if need be; a usage error up front rather than a lost report at the end."""
    path = Path(folder)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(
            f"cannot create the report folder: {error.strerror}", location=Location(folder)
        ) from None
    if not os.access(path, os.W_OK):
        raise UsageError("the report folder is not writable", location=Location(folder))
    return path


def creation_statements(schema: Schema, dialect: str) -> tuple[Statement, ...]:
    """The statements that create ``schema`` in an empty database: wesley-gen's own migration
    from nothing (its expand and swap); none for an empty schema."""
    from wesley_gen.model import Schema
    from wesley_gen.plan import Options, plan_migration
    from wesley_gen.render.sql import render_sql
    from wesley_gen.statements import of_steps

    if not schema.tables and not schema.enums:
        return ()
    plan = plan_migration(
        Schema(),
        schema,
        Hints(),
        dialect=dialect,
        migration_id="0000_base",
        options=Options(allow_empty=True),
    )
    return of_steps(render_sql(plan).statements, "expand", "swap")


def build_schema(url: str, schema: Schema, dialect: str) -> None:
    """Create ``schema`` in the empty database at ``url``."""
    from wesley_gen.run.rehearse import build_base

    build_base(DatabaseUrl.parse(url), creation_statements(schema, dialect))


@dataclass(frozen=True, slots=True)
class RehearseReport:
    rehearsal: Rehearsal
    migrations: int  # how many were rehearsed

    @property
    def passed(self) -> bool:
        return self.rehearsal.failure is None


def rehearse(
    migrations_dir: str | None,
    *,
    dialect: str | None = None,
    rows: int = 1000,
    seed: int = 0,
    fixtures: str | None = None,
    keep: bool = False,
    report_dir: str = ".",
    run_id: str | None = None,
    server_url: str | None = None,
    batch_size: int | None = None,
    vacuum_rounds: int = 1,
    say: Say,
    warn: Say,
    **timeouts: float | None,
) -> RehearseReport:
    """Rehearse every migration on a disposable, seeded database, and write its report to ``report_dir``.

    The dialect defaults to the one the migrations were generated for.  The report is
    written once the database is down, whatever ended the rehearsal (``say`` names its
    files; ``warn`` says when it could not be written, which never hides the outcome).
    """
    from wesley_gen.config import find_config
    from wesley_gen.render.rehearsal import write_rehearsal
    from wesley_gen.run import rehearse as runtime
    from wesley_gen.run.migrate import discover

    config = find_config()
    migrations = discover(migrations_dir or config.path(config.migrations))
    chosen = dialect or (migrations[0].plan.dialect if migrations else "postgres")
    options = runtime.RehearsalOptions(
        chosen, rows, seed, fixtures, keep, run_id, server_url, batch_size, vacuum_rounds, timeouts_of(config, **timeouts)
    )  # fmt: skip
    reports = _writable_folder(report_dir)
    prepared = runtime.prepare(migrations, options)

    def report(done: Rehearsal) -> None:
        try:
            written = write_rehearsal(reports, done)
        except OSError as error:
            warn(f"the rehearsal report could not be written: {error}")
            return
        for path in written:
            say(f"report: {path}")

    base = creation_statements(prepared.starts[0], chosen)
    rehearsal = runtime.rehearse(prepared, base, working_url=config.working_database, say=say, report=report)
    return RehearseReport(rehearsal, len(migrations))
