"""Library entry points of project mode: ``new`` and ``check``.

``check`` is the pre-commit hook's command: this module imports nothing but what its
fast answer needs (no schema loader, no report types of the other commands, and of
:mod:`wesley_gen.project` only the package, not its ``new``, ``check`` or ``accept``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wesley_gen.project import CheckReport
    from wesley_gen.project.new import NewReport


def new_migration(
    slug: str,
    *,
    dialect: str | None = None,
    allow_destructive: bool = False,
    allow_access_widening: bool = False,
    renames: tuple[str, ...] = (),
    casts: tuple[str, ...] = (),
    backfills: tuple[str, ...] = (),
) -> NewReport:
    """Write the project's next migration NNNN_``slug``: its schema file against the latest snapshot."""
    from wesley_gen.config import find_config
    from wesley_gen.project import new

    config = find_config()
    flags = new.Flags(
        dialect or config.dialect or "postgres",
        renames,
        casts,
        backfills,
        allow_destructive,
        allow_access_widening=allow_access_widening or config.allow_access_widening,
    )
    return new.new_migration(config, slug, flags)


def check_project(*, fix: bool = False, accept: tuple[str, ...] = ()) -> CheckReport:
    """Whether the project's schema is captured by its migrations and their generated files
    are as generated (``fix``: rewrite those that are not; ``accept``: first record the hand
    edits of these files as intended).

    Answers from recorded hashes when nothing changed, without loading any schema.
    """
    from wesley_gen import project
    from wesley_gen.config import find_config

    config = find_config()
    if not fix and not accept and project.quick_check(config):
        return project.CheckReport(quick=True)
    from wesley_gen.project.accept import accept_edits
    from wesley_gen.project.check import check_project

    accepted, notes = accept_edits(config, accept)
    report = check_project(config, fix=fix)
    report.accepted.extend(accepted)
    report.notes[:0] = notes
    return report
