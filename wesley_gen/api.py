"""Library entry points: one function per command, with no printing and no exit codes.

Each returns a report that the CLI renders; programs that embed wesley-gen call them
directly.  Commands that run for a while say what they are doing through ``say`` (one
line at a time), as the runtime does.  The configuration (``[tool.wesley-gen]``) fills
in what the caller leaves out.  Heavy imports stay inside the functions: importing
this module costs what ``--help`` may spend.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wesley_gen.database_url import DatabaseUrl, is_database_url
from wesley_gen.errors import InputError, Location, ProblemFound, UsageError, WesleyGenError
from wesley_gen.hints import Hints
from wesley_gen.load import DIALECTS, load_pair

if TYPE_CHECKING:
    from wesley_gen.config import ProjectConfig
    from wesley_gen.documents.diff import DiffDocument
    from wesley_gen.documents.plan import Plan
    from wesley_gen.model import Schema
    from wesley_gen.project import CheckReport, NewReport
    from wesley_gen.reports import Rehearsal
    from wesley_gen.run.contract import StageResult
    from wesley_gen.run.migrate import MigrationFolder, Runner, RunReport, Status
    from wesley_gen.run.testdb import TestDatabase
    from wesley_gen.statements import Statement

Say = Callable[[str], None]

# Ranks for --fail-on: a change fails the run when its class ranks at least as high.
CLASS_RANK = {"additive": 0, "rename": 1, "narrowing": 2, "destructive": 3}


@dataclass(frozen=True, slots=True)
class DiffReport:
    document: DiffDocument  # what ``--format json`` prints
    warnings: tuple[str, ...]

    def fails(self, fail_on: str | None) -> bool:
        """True when the diff has errors or a change of class ``fail_on`` or worse."""
        if self.document.errors:
            return True
        if fail_on is None:
            return False
        threshold = CLASS_RANK[fail_on]
        return any(CLASS_RANK[c.change_class] >= threshold for c in self.document.changes)


def resolve_dialect(dialect: str | None, *sources: str) -> str:
    """The dialect asked for, else SQLite for a SQLite database input, else the project's, else PostgreSQL."""
    if dialect is not None:
        if dialect not in DIALECTS:
            raise UsageError(f"unknown dialect {dialect!r}", hint=f"use one of {', '.join(DIALECTS)}")
        return dialect
    if any(is_database_url(s) and DatabaseUrl.parse(s, error=InputError).is_sqlite for s in sources):
        return "sqlite"
    from wesley_gen.config import find_config

    return find_config().dialect or "postgres"


def diff_sources(old: str, new: str, *, hints: Hints, dialect: str | None = None) -> DiffReport:
    """Load two schema versions and classify every change between them."""
    from wesley_gen.diff import diff_schemas
    from wesley_gen.render.diff_json import diff_document

    resolved = resolve_dialect(dialect, old, new)
    old_loaded, new_loaded = load_pair(old, new, dialect=resolved)
    result = diff_schemas(old_loaded.schema, new_loaded.schema, hints, dialect=resolved)
    document = diff_document(old_loaded.schema, new_loaded.schema, result, dialect=resolved)
    return DiffReport(document, old_loaded.warnings + new_loaded.warnings)


@dataclass(frozen=True, slots=True)
class GenerateReport:
    folder: str
    plan: Plan  # what the folder's plan.json holds
    warnings: tuple[str, ...]


def generate_migration(
    old: str,
    new: str,
    output: str,
    *,
    hints: Hints,
    dialect: str | None = None,
    name: str | None = None,
    allow_destructive: bool = False,
    allow_empty: bool = False,
    overwrite: bool = False,
) -> GenerateReport:
    """Load, plan and render one migration, then write its folder atomically."""
    from wesley_gen.plan import Options, plan_migration
    from wesley_gen.render.migration import render_folder
    from wesley_gen.write import write_folder

    resolved = resolve_dialect(dialect, old, new)
    old_loaded, new_loaded = load_pair(old, new, dialect=resolved)
    folder = Path(output)
    migration = plan_migration(
        old_loaded.schema,
        new_loaded.schema,
        hints,
        dialect=resolved,
        migration_id=name or folder.name,
        options=Options(allow_destructive=allow_destructive, allow_empty=allow_empty),
    )
    files, plan = render_folder(migration)
    write_folder(folder, files, overwrite=overwrite)
    return GenerateReport(str(folder), plan, old_loaded.warnings + new_loaded.warnings + migration.warnings)


@dataclass(frozen=True, slots=True)
class VerifyReport:
    result: StageResult
    counts_written: str | None  # where the row counts went (--counts at the pre stage)

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
    contract = read_contract(directory)
    counts = (
        read_counts(counts_file, migration=contract.migration_id) if counts_file and stage == "post" else None
    )
    result = evaluate(contract, stage, DatabaseUrl.parse(url), counts=counts)
    if counts_file is not None and stage == "pre":
        write_counts(counts_file, result)
        return VerifyReport(result, counts_file)
    return VerifyReport(result, None)


@dataclass(frozen=True, slots=True)
class ExplainReport:
    text: str  # Markdown or plain text, ending in a newline


def explain_plan(path: str, *, format: str = "markdown") -> ExplainReport:
    """Read ``plan.json`` (or the one inside a migration folder) and render it for a reviewer.

    ``format`` is ``"markdown"`` (a pull request description) or ``"text"`` (a terminal).
    """
    from wesley_gen.documents.plan import read_plan
    from wesley_gen.render.markdown import FORMATS, render_explain

    if format not in FORMATS:
        raise UsageError(f"unknown format {format!r}", hint=f"use one of {', '.join(FORMATS)}")
    return ExplainReport(render_explain(read_plan(path), format=format))


@dataclass(frozen=True, slots=True)
class SpecReport:
    document: dict[str, Any]  # the MigrationSpec document
    text: str  # its canonical JSON
    output: str | None  # the file it was written to; None: for the caller to print


def migration_spec(
    directory: str,
    *,
    output: str | None = None,
    context: str | None = None,
    namespace: str | None = None,
    stability: str | None = None,
) -> SpecReport:
    """The MigrationSpec document of one migration folder (see :mod:`wesley_gen.spec`), written
    to ``output`` when given.

    ``owners`` and ``tags`` come from ``[tool.wesley-gen]``; the key is
    ``context.namespace.NNNN_slug`` (default ``app.db``); the migration depends on the
    one before it in its migrations folder.
    """
    from wesley_gen.config import find_config
    from wesley_gen.model import dumps
    from wesley_gen.spec import (
        DEFAULT_CONTEXT,
        DEFAULT_NAMESPACE,
        DEFAULT_STABILITY,
        SpecSettings,
        spec_of_folder,
    )

    config = find_config()
    settings = SpecSettings(
        context=context or DEFAULT_CONTEXT,
        namespace=namespace or DEFAULT_NAMESPACE,
        owners=config.owners,
        tags=config.tags,
        stability=stability or DEFAULT_STABILITY,
    )
    document = spec_of_folder(directory, settings)
    text = dumps(document)
    if output is not None:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise UsageError(f"cannot write the spec: {error.strerror}", location=Location(output)) from None
    return SpecReport(document, text, output)


# --- migrate ----------------------------------------------------------------------------


def _project(
    database: str | None, migrations_dir: str | None
) -> tuple[ProjectConfig, DatabaseUrl, list[MigrationFolder]]:
    """The configuration, the database URL (parsed: the runtime reads no URL text) and the
    migrations: flags first, then the config."""
    from wesley_gen.config import find_config
    from wesley_gen.run.migrate import default_database, discover

    config = find_config()
    url = database or (config.path(config.database) if config.database else None) or default_database(None)
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
    allow_contract_drift: bool = False,
    force: bool = False,
    report_dir: str | None = None,
    lock_timeout: float,
    say: Say,
) -> MigrateReport:
    """Apply every pending migration (or up to ``to``); a failure raises ``MigrationFailed``."""
    from wesley_gen.run.migrate import UpOptions

    options = UpOptions(to, dry_run, batch_size, allow_contract_drift, force)
    return _run(database, migrations_dir, target, lock_timeout, report_dir, say, lambda r: r.up(options))


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
) -> MigrateReport:
    """Roll back the latest applied migration, or every one down to and including ``to``."""

    def down(runner: Runner) -> RunReport:
        return runner.down(to, force=force, reason=reason)

    return _run(database, migrations_dir, target, lock_timeout, report_dir, say, down)


def _run(
    database: str | None,
    migrations_dir: str | None,
    target: str | None,
    lock_timeout: float,
    report_dir: str | None,
    say: Say,
    work: Callable[[Runner], RunReport],
) -> MigrateReport:
    """``work`` done by a Runner on the resolved target (its banner said first); the run's report
    is written afterwards whatever happened."""
    from wesley_gen.run.migrate import Runner, resolve_target, write_report

    config, url, migrations = _project(database, migrations_dir)
    chosen = resolve_target(url, target, os.environ, working_url=config.working_database)
    say(chosen.banner())
    runner = Runner(migrations, chosen, say, lock_timeout=lock_timeout)
    written: tuple[Path, ...] = ()
    try:
        run = work(runner)
    finally:
        if report_dir:
            written = write_report(report_dir, runner.report)
            for path in written:
                say(f"report: {path}")
    return MigrateReport(run, written)


@dataclass(frozen=True, slots=True)
class StatusReport:
    url: DatabaseUrl
    status: Status

    @property
    def drift(self) -> bool:
        return self.status.drift

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


# --- test databases -----------------------------------------------------------------------


def testdb_up(dialect: str | None, run_id: str | None, *, server_url: str | None = None) -> TestDatabase:
    """Start a disposable database: ``dialect``, else the project's, else PostgreSQL."""
    from wesley_gen.config import find_config
    from wesley_gen.run.testdb import up

    config = find_config()
    chosen = dialect or config.dialect or "postgres"
    return up(chosen, run_id, server_url=server_url, working_url=config.working_database)


def testdb_find(run_id: str) -> TestDatabase:
    """The test database of ``run_id``."""
    from wesley_gen.config import find_config
    from wesley_gen.run.testdb import find

    return find(run_id, working_url=find_config().working_database)


@dataclass(frozen=True, slots=True)
class SeedReport:
    run_id: str
    inserted: dict[str, int]  # rows per table
    notes: tuple[str, ...]

    @property
    def rows(self) -> int:
        return sum(self.inserted.values())


def testdb_seed(
    run_id: str, *, rows: int, seed: int = 0, fixtures: str | None = None, lock_timeout: float
) -> SeedReport:
    """Fill the test database of ``run_id``: fixtures, or generated rows that keep every constraint."""
    from wesley_gen.run.testdb import seed as fill

    database = testdb_find(run_id)
    inserted, notes = fill(
        database.database, rows=rows, seed=seed, fixtures=fixtures, lock_timeout=lock_timeout
    )
    return SeedReport(database.run_id, inserted, tuple(notes))


@dataclass(frozen=True, slots=True)
class Removed:
    run_id: str
    recorded: bool = True  # False: no record, only a folder was left to delete
    error: WesleyGenError | None = None  # why it could not be removed
    reaped: bool = False  # not asked for: its owning process had died, so it went on the way


@dataclass(frozen=True, slots=True)
class DownReport:
    removed: tuple[Removed, ...]  # the reaped ones, then one per run id asked for, in order

    @property
    def exit_code(self) -> int:
        return max((r.error.exit_code for r in self.removed if r.error is not None), default=0)


def testdb_down(run_ids: tuple[str, ...], *, done: Callable[[Removed], None]) -> DownReport:
    """Stop the test databases of ``run_ids``; every id is tried, whatever happened to the one before.

    ``done`` hears of each as soon as it is handled, so that what was removed is told
    even if a later one is interrupted.
    """
    from wesley_gen.config import find_config
    from wesley_gen.run.testdb import down, find, reap, remove_unrecorded, testdb_root

    working_url = find_config().working_database
    removed: list[Removed] = []

    def handled(outcome: Removed) -> None:
        removed.append(outcome)
        done(outcome)

    for stale in reap(testdb_root()) if testdb_root().is_dir() else ():
        handled(Removed(stale, reaped=True))
    for run_id in run_ids:
        try:
            if remove_unrecorded(run_id):
                handled(Removed(run_id, recorded=False))
                continue
            down(find(run_id, working_url=working_url))
        except WesleyGenError as error:
            handled(Removed(run_id, error=error))
            continue
        handled(Removed(run_id))
    return DownReport(tuple(removed))


@dataclass(frozen=True, slots=True)
class ListReport:
    databases: tuple[TestDatabase, ...]

    @property
    def rows(self) -> tuple[dict[str, Any], ...]:
        return tuple(asdict(d) for d in self.databases)


def testdb_list() -> ListReport:
    """The test databases that are up."""
    from wesley_gen.run.testdb import listing

    return ListReport(tuple(listing()))


# --- rehearse -----------------------------------------------------------------------------


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
    say: Say,
    warn: Say,
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
    options = runtime.RehearsalOptions(chosen, rows, seed, fixtures, keep, run_id, server_url, batch_size)
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


# --- project mode -------------------------------------------------------------------------


def new_migration(
    slug: str,
    *,
    dialect: str | None = None,
    allow_destructive: bool = False,
    renames: tuple[str, ...] = (),
    casts: tuple[str, ...] = (),
    backfills: tuple[str, ...] = (),
) -> NewReport:
    """Write the project's next migration NNNN_``slug``: its schema file against the latest snapshot."""
    from wesley_gen import project
    from wesley_gen.config import find_config

    config = find_config()
    flags = project.Flags(
        dialect or config.dialect or "postgres", renames, casts, backfills, allow_destructive
    )
    return project.new_migration(config, slug, flags)


def check_project(*, fix: bool = False) -> CheckReport:
    """Whether the project's generated files are stale or hand-edited (``fix``: rewrite them).

    Answers from recorded hashes when nothing changed, without loading any schema.
    """
    from wesley_gen import project
    from wesley_gen.config import find_config

    config = find_config()
    if not fix and project.quick_check(config):
        return project.CheckReport(quick=True)
    return project.check_project(config, fix=fix)
