"""Dialect SQL for a migration: ``expand.sql``, ``swap.sql`` and ``rollback.sql``.

The plan (:func:`wesley_gen.phases.plan_phases`) decides where each change runs and in
which order; here each planned operation is translated into statements by its
renderer (one function per action and dialect, :mod:`.registry`), and the statements
are laid out as the three files and as ``statements.json`` in one walk (:mod:`.layout`).

* :mod:`.ddl`: model values → DDL, shared by the dialects;
* :mod:`.common`: the renderers both dialects share (renames of columns, indexes, expand);
* :mod:`.security`: PostgreSQL's row-level security, policies and grants;
* :mod:`.objects`: views, functions, triggers, comments and extensions, made, replaced, dropped;
* :mod:`.postgres`: every change altered in place; a rollback in two parts;
* :mod:`.sqlite`: ALTER TABLE where SQLite has it, a table rebuild elsewhere; a rollback
  that rebuilds each changed table to its old definition.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# The renderers register themselves when their module is imported (one dialect or both).
import wesley_gen.render.sql.common as common
import wesley_gen.render.sql.objects as objects
import wesley_gen.render.sql.postgres as postgres
import wesley_gen.render.sql.security as security
import wesley_gen.render.sql.sqlite as sqlite
from wesley_gen.phases import DROP_SYNC, IRREVERSIBLE, SYNC, Operation, plan_phases
from wesley_gen.plan import Migration
from wesley_gen.render.sql.layout import (
    COMMENT,
    DIALECTS,
    EXPAND_UNDO,
    HEADER,
    OUTSIDE,
    FileLayout,
    Line,
    action,
    irreversible,
    script,
)
from wesley_gen.render.sql.registry import RENDERERS, Context, Pending, render
from wesley_gen.statements import Statement

__all__ = [
    "EXPAND_UNDO",
    "OUTSIDE",
    "RENDERERS",
    "SqlScripts",
    "common",
    "objects",
    "postgres",
    "render_sql",
    "security",
    "sqlite",
]


@dataclass(frozen=True, slots=True)
class SqlScripts:
    expand: str
    swap: str
    rollback: str
    statements: tuple[Statement, ...]  # statements.json: what the three files hold, as data
    expand_actions: tuple[str, ...]
    swap_actions: tuple[str, ...]
    rollback_notes: tuple[str, ...]  # what rollback.sql cannot bring back


def render_sql(migration: Migration) -> SqlScripts:
    """The three SQL files of ``migration`` in its dialect."""
    phases = plan_phases(migration)
    context = Context(migration, phases.names)
    dialect = DIALECTS[migration.dialect]
    groups = itertools.count(1)  # transactions, numbered in the order they run

    def layout(file: str) -> FileLayout:
        return FileLayout(HEADER.format(file=file, id=migration.id, dialect=migration.dialect), groups)

    expand = [s for op in phases.expand for s in render(op, context)]
    swap = [s for op in phases.swap for s in render(op, context)]
    settle = [Pending(sql) for sql in postgres.vacuums(migration)] if migration.dialect == "postgres" else []
    expand_file = script(layout("expand.sql"), "expand", expand, epilogue=dialect.epilogue)
    swap_file = script(
        layout("swap.sql"), "swap", swap, prologue=dialect.prologue, epilogue=dialect.epilogue, settle=settle
    )
    rollback_file = layout("rollback.sql")
    dialect.rollback(rollback_file, _lines(phases.undo_swap, context), _lines(phases.undo_expand, context))
    return SqlScripts(
        expand_file.text(),
        swap_file.text(),
        rollback_file.text(),
        (*expand_file.statements, *swap_file.statements, *rollback_file.statements),
        _unique(action(i) for s in expand for i in s.items) + _triggers(phases.expand, context),
        _unique(action(i) for s in swap for i in s.items) + _triggers(phases.swap, context),
        tuple(irreversible(op.items[0]) for op in phases.undo_swap if op.action == IRREVERSIBLE),
    )


def _lines(operations: Sequence[Operation], context: Context) -> list[Line]:
    """A part of rollback.sql: the statements of each operation, or a comment saying what
    cannot be undone."""
    lines: list[Line] = []
    for op in operations:
        if op.action == IRREVERSIBLE:
            lines.append(COMMENT.format(irreversible(op.items[0])))
        else:
            lines += render(op, context)
    return lines


def _triggers(operations: Sequence[Operation], context: Context) -> tuple[str, ...]:
    """The triggers that keep backfilled columns filled, named for the reviewer."""
    return tuple(postgres.sync_note(op, context) for op in operations if op.action in (SYNC, DROP_SYNC))


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
