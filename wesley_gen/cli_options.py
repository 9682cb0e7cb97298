"""The command-line options that several commands share, each declared once.

Each is a decorator (click's own, or several stacked as one); ``cli.py`` puts them on
its commands.  Declarations only, save that --rename/--cast/--backfill become one
``Hints`` value: what an option means is up to :mod:`wesley_gen.api`.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Sequence
from typing import Any

import click

Options = Callable[[Callable[..., Any]], Callable[..., Any]]


def stack(*options: Options) -> Options:
    """Several options as one decorator, listed in ``--help`` in the order given."""

    def add(function: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            function = option(function)
        return function

    return add


def format_option(*choices: str, help: str | None = None) -> Options:
    """--format, one of ``choices``; the first is the default."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help=help,
    )


def dialect_option(help: str) -> Options:
    """--dialect; ``help`` says what the default is for the command."""
    return click.option("--dialect", type=click.Choice(["postgres", "sqlite"]), default=None, help=help)


def allow_options(destructive_help: str) -> Options:
    """``--allow-destructive`` and ``--allow-access-widening``: what generate and new refuse unless told."""
    return stack(
        click.option("--allow-destructive", is_flag=True, help=destructive_help),
        click.option(
            "--allow-access-widening", is_flag=True,
            help="Allow changes that widen who may read or write (a grant, a permissive policy, RLS off).",
        ),
    )  # fmt: skip


def input_options(dialect_help: str) -> Options:
    """--dialect, --dev-db and --schema: how the commands that compare two schemas read them."""
    return stack(
        dialect_option(dialect_help),
        click.option(
            "--dev-db",
            "dev_db",
            default=None,
            metavar="URL|embedded|off",
            help="Read PostgreSQL .sql files through scratch databases on this server (its maintenance "
            "database URL, or the embedded one), so expressions compare as PostgreSQL stores them "
            "[default: [tool.wesley-gen] dev-database; else embedded when a .sql file is compared "
            "with a live PostgreSQL database; else off].",
        ),
        click.option(
            "--schema",
            "schemas",
            multiple=True,
            metavar="NAME",
            help="Compare only the PostgreSQL schema NAME (public by its name) of both versions, files and "
            "databases alike. Repeatable [default: every schema but the system's].",
        ),
    )


def hint_options(*, rename: str, cast: str, backfill: str | None = None, parse: bool = True) -> Options:
    """--rename, --cast and (given its help) --backfill: what the schemas alone cannot say.

    With ``parse`` the command gets them as one ``hints`` value (a malformed one is a usage
    error); without, as the strings given (``new`` records them for regeneration).
    """
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
    return stack(*options, *([_as_hints] if parse else []))


def _as_hints(command: Callable[..., Any]) -> Callable[..., Any]:
    """``command`` called with ``hints`` in place of the --rename, --cast and --backfill strings."""

    @functools.wraps(command)
    def parsed(*args: Any, renames: Sequence[str], casts: Sequence[str], **kwargs: Any) -> Any:
        from wesley_gen.hints import Hints

        hints = Hints.from_flags(renames, casts, kwargs.pop("backfills", ()))
        return command(*args, hints=hints, **kwargs)

    return parsed


def collect_in_batches() -> None:
    """Raise the cyclic collector's thresholds for the command's own process, as mypy does: a
    run is short and builds large trees that live to its end, which the default thresholds
    rescan again and again (a third of a 1000-table diff); cycles are still collected, in
    bigger batches."""
    gc.set_threshold(200_000, 30, 30)


def run_options(*, server: str) -> Options:
    """--run-id and --server: which disposable database, and where."""
    return stack(
        click.option(
            "--run-id", default=None, metavar="ID", help="Name of this run [default: time + random]."
        ),
        click.option("--server", "server_url", default=None, metavar="URL", help=server),
    )


explain_options = stack(
    format_option("markdown", "text", help="Markdown for a pull request description, or plain text for a terminal."),
    click.option(
        "--db", "database", default=None, metavar="URL",
        help="Estimate each scan and rewrite from the size of its table in this database (read-only).",
    ),
)  # fmt: skip
report_option = click.option(
    "--report", "report_dir", default=None, metavar="DIR", help="Write run-<id>.json and .md here."
)


migrate_options = stack(
    click.option(
        "--db", "database", default=None, metavar="URL",
        help="sqlite:///path.db or postgresql://… [default: database in [tool.wesley-gen]; one is required].",
    ),
    click.option(
        "--migrations", "migrations_dir", default=None, metavar="DIR",
        help="Folder of NNNN_slug migration folders [default: from [tool.wesley-gen], else migrations].",
    ),
)  # fmt: skip
target_option = click.option(
    "--target", type=click.Choice(["test", "working"]), default=None,
    help="What the database is: a disposable test database or a working one [default: $WESLEY_TARGET].",
)  # fmt: skip
timeout_options = stack(
    click.option(
        "--ddl-lock-timeout", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
        help="PostgreSQL: how long a statement whose lock blocks writes waits for it (lock_timeout) "
        "before its transaction is tried again; others wait at least 2; 0: no limit "
        "[default: from [tool.wesley-gen], else 0.05].",
    ),
    click.option(
        "--lock-retries", type=click.IntRange(min=0), default=None, metavar="N",
        help="PostgreSQL: tries again after a lock timeout, with growing pauses "
        "[default: from [tool.wesley-gen], else 20].",
    ),
    click.option(
        "--statement-timeout", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
        help="PostgreSQL: longest a statement may run: index builds, VALIDATE, backfill batches; 0: no limit "
        "[default: from [tool.wesley-gen], else by kind: 10 for a catalog change under a lock that "
        "blocks writes, else 600 + 1 per MB of the table].",
    ),
)  # fmt: skip
# Where ``migrate up`` stops: after a migration, or (a deploy between them) before a swap.
stop_options = stack(
    click.option("--to", default=None, metavar="ID", help="Stop after this migration."),
    click.option(
        "--through", type=click.Choice(["backfill"]), default=None,
        help="Stop the first pending migration after its backfill, before its swap (a later up swaps).",
    ),
)  # fmt: skip
# How backfill.py fills, for migrate up and rehearse alike.
backfill_options = stack(
    click.option("--batch-size", type=click.IntRange(min=1), default=None, help="First batch size of backfill.py."),
    click.option(
        "--vacuum-rounds", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
        help="PostgreSQL: vacuum each table backfill.py fills after each N-th of its rows, so that it does not "
        "end the backfill twice its size (1: never).",
    ),
)  # fmt: skip
lock_option = click.option(
    "--lock-timeout", type=click.FloatRange(min=0), default=60, show_default=True, metavar="SECONDS",
    help="Wait this long for another run on the same database to finish (0: fail at once).",
)  # fmt: skip


def seed_options(*, rows: int) -> Options:
    """--rows, --fixtures and --seed: how a test database is filled."""
    return stack(
        click.option(
            "--rows", type=click.IntRange(min=0), default=rows, show_default=True, help="Generated rows per table."
        ),
        click.option(
            "--fixtures", default=None, metavar="DIR", type=click.Path(exists=True, file_okay=False),
            help="DIR/<table>.json or .csv: rows to use instead of generated ones.",
        ),
        click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same rows."),
    )  # fmt: skip


# migrate up and down: the report, and how long to wait for another run and for locks.
running_options = stack(report_option, lock_option, timeout_options)
