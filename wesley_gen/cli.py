"""The command line: parse arguments, call one function, map errors to exit codes.

Exit codes: 0 success · 1 the work found a problem the user must act on ·
2 bad usage or invalid input · 3 a database or the environment failed.
Errors go to stderr as one line ``wesley-gen: error: …`` plus an optional hint.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn

import click

from wesley_gen import cli_help
from wesley_gen import cli_options as opts
from wesley_gen.errors import WesleyGenError, redact

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_ENVIRONMENT = 0, 1, 2, 3
EXIT_INTERNAL = 70  # a bug in wesley-gen itself (EX_SOFTWARE)


def _report(error: WesleyGenError) -> None:
    click.echo(f"wesley-gen: error: {redact(str(error))}", err=True)
    if error.hint:
        click.echo(f"  hint: {redact(error.hint)}", err=True)


def _warn(*messages: str) -> None:
    for message in messages:
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
    help=cli_help.CLI,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Example:  wesley-gen diff schemas/v1.graphql schemas/v2.graphql --fail-on destructive",
)
@click.version_option(package_name="wesley-gen", prog_name="wesley-gen")
def cli() -> None:
    pass


@cli.command(help=cli_help.DIFF, epilog=cli_help.DIFF_EPILOG)
@click.argument("old")
@click.argument("new")
@opts.format_option("text", "json", help="Output for people (text) or for tools (json, format wesley-gen/diff@1).")  # fmt: skip
@opts.input_options("How to read .sql files and which database's type rules apply "
                    "[default: sqlite for a sqlite:// input, else postgres].")  # fmt: skip
@opts.hint_options(
    rename="A rename the schemas cannot express: TABLE.OLD=TABLE.NEW or OLD_TABLE=NEW_TABLE. Repeatable.",
    cast="How to convert a column whose type changes incompatibly. Repeatable.",
)
@click.option("--fail-on", type=click.Choice(["narrowing", "destructive", "access-widening"]), default=None,
              help="Exit 1 when a change of this class or worse is found (for CI).")  # fmt: skip
def diff(old: str, new: str, output_format: str, fail_on: str | None, **flags: Any) -> int:
    from wesley_gen.api import changes as api
    from wesley_gen.render.console import render_diff, render_fail_on

    report = api.diff_sources(old, new, **flags)
    _warn(*report.warnings)
    click.echo(render_diff(report.document, output_format), nl=False)
    if not report.fails(fail_on):
        return EXIT_OK
    click.echo(render_fail_on(report.offending(fail_on), report.document.errors, new, fail_on), nl=False, err=True)  # fmt: skip
    return EXIT_PROBLEM


@cli.command(help=cli_help.GENERATE, epilog=cli_help.GENERATE_EPILOG)
@click.argument("old")
@click.argument("new")
@click.option("-o", "--output", required=True, metavar="DIR", help="The migration folder to write.")
@click.option("--name", default=None, metavar="ID", help="Migration id [default: the folder's name].")
@opts.input_options("The database the migration is for [default: sqlite for a sqlite:// input, else postgres].")  # fmt: skip
@opts.allow_options("Allow changes that drop data (listed in the plan).")
@click.option("--allow-empty", is_flag=True, help="Write a migration even when nothing changed.")
@click.option("--overwrite", is_flag=True, help="Replace the output folder if it exists.")
@opts.hint_options(
    rename="TABLE.OLD=TABLE.NEW or OLD=NEW. Repeatable.",
    cast="Convert a column. Repeatable.",
    backfill="The value existing rows get in a new required column. Repeatable.",
)
def generate(old: str, new: str, output: str, **flags: Any) -> int:
    from wesley_gen.api import changes as api
    from wesley_gen.render.console import render_generated

    report = api.generate_migration(old, new, output, **flags)
    _warn(*report.warnings)
    click.echo(render_generated(report.folder, report.plan), nl=False)
    return EXIT_OK


@cli.command(help=cli_help.VERIFY, epilog=cli_help.VERIFY_EPILOG)
@click.argument("directory", metavar="DIR")
@click.option("--db", "url", required=True, metavar="URL", help="sqlite:///path.db or postgresql://…")
@click.option("--stage", type=click.Choice(["pre", "swap", "post"]), default="pre", show_default=True,
              help="Which part of the contract to check.")  # fmt: skip
@click.option("--counts", "counts_file", default=None, metavar="FILE",
              help="Row counts: written at the pre stage, compared with at the post stage (unused at swap).")  # fmt: skip
def verify(directory: str, url: str, stage: str, counts_file: str | None) -> int:
    from wesley_gen.api import migrate as api
    from wesley_gen.render.console import render_counts_written, terminal_style
    from wesley_gen.run.contract import render_result_text

    report = api.verify_migration(directory, url, stage=stage, counts_file=counts_file)
    _warn(*report.warnings)
    click.echo(
        render_result_text(report.result, style=terminal_style(), symbols=sys.stdout.isatty()), nl=False
    )
    if report.counts_written:
        click.echo(render_counts_written(report.counts_written), nl=False)
    if report.problem is None:
        return EXIT_OK
    _report(report.problem)
    return EXIT_PROBLEM


@cli.command(help=cli_help.EXPLAIN, epilog=cli_help.EXPLAIN_EPILOG)
@click.argument("plan", metavar="PLAN_OR_DIR")
@opts.explain_options
def explain(plan: str, output_format: str, database: str | None) -> int:
    from wesley_gen.api.changes import explain_plan

    click.echo(explain_plan(plan, format=output_format, database=database).text, nl=False)
    return EXIT_OK


@cli.command(help=cli_help.SPEC, epilog=cli_help.SPEC_EPILOG)
@click.argument("directory", metavar="DIR")
@click.option("-o", "--output", default=None, metavar="FILE", help="Write the document here [default: stdout].")  # fmt: skip
@click.option("--context", default="app", show_default=True, help="The first part of migration keys.")
@click.option("--namespace", default="db", show_default=True, help="The second part of migration keys.")
@click.option("--stability", type=click.Choice(["experimental", "beta", "stable", "deprecated"]),
              default="experimental", show_default=True, help="meta.stability of the document.")  # fmt: skip
def spec(directory: str, **settings: Any) -> int:
    from wesley_gen.api import changes as api

    report = api.migration_spec(directory, **settings)
    if report.output is None:
        click.echo(report.text, nl=False)
    else:
        click.echo(f"wrote {report.output}: {report.document['meta']['key']}")
    return EXIT_OK


@cli.group(help=cli_help.MIGRATE, epilog=cli_help.MIGRATE_EPILOG)
def migrate() -> None:
    pass


@migrate.command("up", help=cli_help.MIGRATE_UP, epilog=cli_help.MIGRATE_EPILOG)
@opts.migrate_options
@opts.target_option
@opts.stop_options
@click.option("--dry-run", is_flag=True, help="Run the pre-checks only; change nothing.")
@opts.backfill_options
@click.option("--allow-contract-drift", is_flag=True, help="Go on when the live schema drifted from FROM.")
@click.option("--force", is_flag=True, help="Allow migrations that drop data.")
@opts.running_options
def migrate_up(database: str | None, migrations_dir: str | None, **options: Any) -> int:
    from wesley_gen.api import migrate as api

    api.migrate_up(database, migrations_dir, say=_say, **options)
    return EXIT_OK


@migrate.command("down", help=cli_help.MIGRATE_DOWN, epilog=cli_help.MIGRATE_EPILOG)
@opts.migrate_options
@opts.target_option
@click.option("--to", default=None, metavar="ID", help="Roll back down to and including this migration.")
@click.option("--force", is_flag=True, help="Roll back even when data cannot come back.")
@click.option("--reason", default=None, metavar="TEXT", help="Why: kept in the history table.")
@opts.running_options
def migrate_down(database: str | None, migrations_dir: str | None, **options: Any) -> int:
    from wesley_gen.api import migrate as api

    api.migrate_down(database, migrations_dir, say=_say, **options)
    return EXIT_OK


@migrate.command("status", help=cli_help.MIGRATE_STATUS, epilog=cli_help.MIGRATE_EPILOG)
@opts.migrate_options
@opts.format_option("text", "json")
def migrate_status(database: str | None, migrations_dir: str | None, output_format: str) -> int:
    from wesley_gen.api import migrate as api
    from wesley_gen.model import dumps
    from wesley_gen.render.console import render_status

    report = api.migrate_status(database, migrations_dir)
    if output_format == "json":
        click.echo(dumps(report.status.to_dict()), nl=False)
    else:
        click.echo(render_status(report.url, report.status.to_dict(), report.running), nl=False)
    return EXIT_PROBLEM if report.to_act_on else EXIT_OK


@migrate.command("history", help=cli_help.MIGRATE_HISTORY, epilog=cli_help.MIGRATE_EPILOG)
@opts.migrate_options
@opts.format_option("text", "json")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the newest N runs.")
def migrate_history(database: str | None, migrations_dir: str | None, output_format: str, **options: Any) -> int:  # fmt: skip
    from wesley_gen.api import migrate as api
    from wesley_gen.model import dumps
    from wesley_gen.render.console import render_history

    report = api.migrate_history(database, migrations_dir, **options)
    text = dumps(list(report.rows)) if output_format == "json" else render_history(report.rows)
    click.echo(text, nl=False)
    return EXIT_OK


@migrate.command("verify", help=cli_help.MIGRATE_VERIFY, epilog=cli_help.MIGRATE_EPILOG)
@opts.migrate_options
def migrate_verify(database: str | None, migrations_dir: str | None) -> int:
    from wesley_gen.api import migrate as api
    from wesley_gen.run.contract import render_result_text

    report = api.migrate_verify(database, migrations_dir)
    for result in report.results:
        click.echo(render_result_text(result))
    if not report.results:
        click.echo("no migrations: nothing to verify")
    return EXIT_OK if report.passed else EXIT_PROBLEM


@cli.group(help=cli_help.TESTDB, epilog=cli_help.TESTDB_EPILOG)
def testdb() -> None:
    pass


@testdb.command("up", help=cli_help.TESTDB_UP, epilog=cli_help.TESTDB_EPILOG)
@opts.dialect_option("[default: from config, else postgres]")
@opts.run_options(server="Create the database on this PostgreSQL server.")
def testdb_up(dialect: str | None, run_id: str | None, server_url: str | None) -> int:
    from wesley_gen.api import testdb as api

    database = api.testdb_up(dialect, run_id, server_url=server_url)
    down = f"wesley-gen testdb down {database.run_id}"
    _say(f"wesley-gen: test database {database.run_id} is up (stop it: {down})")
    click.echo(database.url)
    return EXIT_OK


@testdb.command("url", help=cli_help.TESTDB_URL, epilog=cli_help.TESTDB_EPILOG)
@click.argument("run_id", metavar="ID")
def testdb_url(run_id: str) -> int:
    from wesley_gen.api import testdb as api

    click.echo(api.testdb_find(run_id).url)
    return EXIT_OK


@testdb.command("seed", help=cli_help.TESTDB_SEED, epilog=cli_help.TESTDB_EPILOG)
@click.argument("run_id", metavar="ID")
@opts.seed_options(rows=100)
@opts.lock_option
def testdb_seed(run_id: str, **options: Any) -> int:
    from wesley_gen.api import testdb as api

    report = api.testdb_seed(run_id, say=_say, **options)
    _warn(*report.notes)
    click.echo(f"seeded {report.rows} rows in {len(report.inserted)} tables of {report.run_id}")
    return EXIT_OK


@testdb.command("down", help=cli_help.TESTDB_DOWN, epilog=cli_help.TESTDB_EPILOG)
@click.argument("run_ids", metavar="ID...", nargs=-1, required=True)
def testdb_down(run_ids: tuple[str, ...]) -> int:
    from wesley_gen.api import testdb as api
    from wesley_gen.render.console import render_removed

    def done(removed: api.Removed) -> None:
        if removed.error is not None:
            _report(removed.error)
        else:
            click.echo(
                render_removed(removed.run_id, recorded=removed.recorded, reaped=removed.reaped), nl=False
            )

    return api.testdb_down(run_ids, done=done).exit_code


@testdb.command("list", help=cli_help.TESTDB_LIST, epilog=cli_help.TESTDB_EPILOG)
def testdb_list() -> int:
    from wesley_gen.api import testdb as api
    from wesley_gen.render.console import render_testdbs

    click.echo(render_testdbs(api.testdb_list().rows), nl=False)
    return EXIT_OK


@cli.command(help=cli_help.REHEARSE, epilog=cli_help.REHEARSE_EPILOG)
@click.option("--migrations", "migrations_dir", default=None, metavar="DIR",
              help="[default: from [tool.wesley-gen], else migrations]")  # fmt: skip
@opts.dialect_option("[default: the dialect the migrations were generated for]")
@opts.seed_options(rows=1000)
@click.option("--keep", is_flag=True, help="Keep the test database; print its URL.")
@click.option("--report", "report_dir", default=".", show_default=True, metavar="DIR",
              help="Where rehearsal-<run id>.json and .md go.")  # fmt: skip
@opts.run_options(server="Use this PostgreSQL server instead of an embedded one.")
@opts.backfill_options
@opts.timeout_options
def rehearse(migrations_dir: str | None, **options: Any) -> int:
    from wesley_gen.api import migrate as api
    from wesley_gen.render.console import render_rehearsed

    report = api.rehearse(migrations_dir, say=_say, warn=_warn, **options)
    for line, progress in render_rehearsed(report.rehearsal, report.migrations):
        click.echo(line, err=progress)
    return EXIT_OK if report.passed else EXIT_PROBLEM


@cli.command("new", help=cli_help.NEW, epilog=cli_help.PROJECT_EPILOG)
@click.argument("slug", metavar="NAME")
@opts.dialect_option("[default: from config]")
@opts.allow_options("Allow changes that drop data.")
@opts.hint_options(rename="TABLE.OLD=TABLE.NEW or OLD=NEW.", cast="Convert a column.",
                   backfill="Value for old rows.", parse=False)  # fmt: skip
def new(slug: str, **flags: Any) -> int:
    from wesley_gen.api import project as api
    from wesley_gen.render.console import render_new

    report = api.new_migration(slug, **flags)
    _warn(*report.warnings)
    click.echo(render_new(str(report.folder), report.plan), nl=False)
    return EXIT_OK


@cli.command("check", help=cli_help.CHECK, epilog=cli_help.PROJECT_EPILOG)
@click.option("--fix", is_flag=True, help="Rewrite stale generated files (never an accepted edit; never adds a migration).")  # fmt: skip
@click.option("--accept", multiple=True, metavar="PATH", help="First accept the hand edit of this generated file. Repeatable.")  # fmt: skip
def check(fix: bool, accept: tuple[str, ...]) -> int:
    from wesley_gen.api import project as api

    report = api.check_project(fix=fix, accept=accept)
    if not report.quick:  # the no-op check imports no renderer
        from wesley_gen.render.console import render_check

        for line, err in render_check(report.problems, fixed=report.fixed, accepted=report.accepted, notes=report.notes):  # fmt: skip
            click.echo(line, err=err)
    if report.ok:
        click.echo("ok: every migration is up to date")
    return EXIT_OK if report.ok else EXIT_PROBLEM


_say: Callable[[str], None] = functools.partial(click.echo, err=True)  # progress: stdout is for scripts


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point; click's usage errors get wesley-gen's one-line form."""
    opts.collect_in_batches()
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
