"""SQLite: one renderer per action; a table SQLite cannot alter is rebuilt.

SQLite alters a table only to rename it or a column, or to add a column; every other
change to an existing table is carried by :func:`rebuild_table`, SQLite's own recipe
(create the new shape, copy the rows, drop the old table, rename the new one).  Its
rollback (:func:`restore_table`) rebuilds each changed table to its old definition.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import wesley_gen.render.sql.ddl as ddl
from wesley_gen.changes import (
    AddColumn,
    AddIndex,
    AddTable,
    DropColumn,
    RenameColumn,
    RenameTable,
)
from wesley_gen.identifiers import column as column_ref
from wesley_gen.identifiers import columns_read, command, sqlite_expression, sqlite_folded
from wesley_gen.model import Table, valued_default
from wesley_gen.phases import Operation
from wesley_gen.plan import REBUILD_SUFFIX
from wesley_gen.render.sql.layout import DIALECTS, ROLLBACK_NOTE, Dialect, FileLayout, Line
from wesley_gen.render.sql.registry import Context, Pending, renders

if TYPE_CHECKING:
    from sqlglot import exp

D = "sqlite"
# A rebuild drops and re-creates tables that others reference: SQLite only allows that
# with foreign-key enforcement off, and the switch only works outside a transaction.
FOREIGN_KEYS_OFF, FOREIGN_KEYS_ON = "PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys = ON"


def _made_anew(
    context: Context, definition: Table, columns: Sequence[str], values: Sequence[exp.Expr]
) -> list[str]:
    """Create ``definition`` beside its table, copy ``values`` into ``columns``, drop the
    old table, give the new one its name and its indexes."""
    name = definition.name
    temporary = context.migration.own_name(name, REBUILD_SUFFIX)
    counted = any(c.autoincrement for c in definition.columns)
    return [
        ddl.create_table(definition, D, name=temporary),
        ddl.copy_rows(name, temporary, columns, values, D),
        *(_keep_counter(name, temporary) if counted else ()),
        ddl.drop_table(name, D),
        ddl.rename_table(temporary, name, D),
        *(ddl.create_index(index, name, D) for index in definition.indexes),
    ]


def _keep_counter(old: str, new: str) -> list[str]:
    """AUTOINCREMENT's promise kept across a rebuild, never to use a rowid again: the new table
    counts on from the old one's counter (sqlite_sequence) where that is past its own largest
    copied rowid.  Nothing happens when the old table had no counter."""
    from sqlglot import exp

    parts = {"o": exp.Literal.string(old), "n": exp.Literal.string(new)}
    return [
        command(
            "UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT seq FROM sqlite_sequence "
            "WHERE name = {o}), 0)) WHERE name = {n}",
            D,
            **parts,
        ),
        command(
            "INSERT INTO sqlite_sequence (name, seq) SELECT {n}, seq FROM sqlite_sequence WHERE name = {o} "
            "AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = {n})",
            D,
            **parts,
        ),
    ]


# --- ALTER TABLE where SQLite has it --------------------------------------------------------


@renders(D, RenameTable.op)
def rename_table(op: Operation, context: Context) -> list[str]:
    """A rename; one of only the letters' case passes through the rebuild name, as SQLite
    refuses a new name that matches the table's own without regard to case."""
    change = op.of(RenameTable)
    if sqlite_folded(change.table) != sqlite_folded(change.new_name):
        return [ddl.rename_table(change.table, change.new_name, D)]
    passing = context.migration.own_name(change.new_name, REBUILD_SUFFIX)
    return [ddl.rename_table(change.table, passing, D), ddl.rename_table(passing, change.new_name, D)]


@renders(D, "expand_table")
def expand_table(op: Operation, context: Context) -> list[str]:
    """A new table with every foreign key, even those that close a cycle: SQLite checks
    them on writes, not on creation."""
    change = op.of(AddTable)
    full = context.migration.new.table(change.table) or change.definition
    return [
        ddl.create_table(full, D),
        *(ddl.create_index(i, change.table, D) for i in change.definition.indexes),
    ]


@renders(D, "rebuild_table")
def rebuild_table(op: Operation, context: Context) -> list[str]:
    """A table to its new definition: the rows copied, shadow columns taking the place of
    the columns they convert, new columns filled with their defaults."""
    from sqlglot import exp

    migration = context.migration
    assert op.table is not None
    target = migration.new.table(op.table)
    assert target is not None
    name = target.name
    added = {
        c.change.column: c.change.definition
        for c in migration.changes
        if isinstance(c.change, AddColumn) and c.change.table == name
    }
    by_target = {t.target_column: t for t in migration.backfills if t.target_table == name}
    columns: list[str] = []
    values: list[exp.Expr] = []
    for column in target.columns:
        if column.generated is not None:
            continue
        columns.append(column.name)
        source: exp.Expr = column_ref(column.name)
        task = by_target.get(column.name)
        default = valued_default(added[column.name]) if column.name in added else None
        # The rebuild holds the write lock while it copies every row: what the application
        # wrote since the backfill ran is converted or filled now (a plain copy reads the
        # column under its current name, after the renames).
        if task is not None and task.source is not None:
            # Every row from its source: a shadow value may predate an update of its row.
            source = source if task.is_copy else context.names.after_renames(name, task.value)
        elif default is not None:
            source = exp.Coalesce(this=source, expressions=[sqlite_expression(default)])
        elif task is not None:
            # A new column. A value computed from other columns is computed again for every
            # row (an update since the backfill may have changed them; what the backfill
            # stored is kept only where the expression gives NULL); any other value fills
            # the rows inserted since the backfill.
            value = context.names.after_renames(name, task.value)
            first, then = (value, source) if columns_read(task.value) else (source, value)
            source = exp.Coalesce(this=first, expressions=[then])
        values.append(source)
    return _made_anew(context, target, columns, values)


# --- the rollback -------------------------------------------------------------------------------


@renders(D, "drop_added_table")
def drop_added_table(op: Operation, context: Context) -> list[str]:
    return [ddl.drop_table(op.of(AddTable).table, D, if_exists=True)]


@renders(D, "drop_added_index")
def drop_added_index(op: Operation, context: Context) -> list[str]:
    change = op.of(AddIndex)
    return [ddl.drop_index(change.name, change.table, D, if_exists=True)]


@renders(D, "restore_table")
def restore_table(op: Operation, context: Context) -> list[str]:
    """A table rebuilt to its old definition from whatever columns it has now (a column renamed
    by the migration under its new name)."""
    migration = context.migration
    assert op.table is not None
    definition = migration.old.table(op.table)
    assert definition is not None
    dropped = {
        c.change.column
        for c in migration.changes
        if isinstance(c.change, DropColumn) and c.change.table == definition.name
    }
    names = [c.name for c in definition.columns if c.generated is None and c.name not in dropped]
    # A renamed column is copied from its new name: the restore undoes the rename (phases).
    current = {
        item.change.column: item.change.new_name for item in op.items if isinstance(item.change, RenameColumn)
    }
    return _made_anew(context, definition, names, [column_ref(current.get(c, c)) for c in names])


def _rollback(layout: FileLayout, undo_swap: Sequence[Line], undo_expand: Sequence[Line]) -> None:
    """One transaction between the switches of foreign-key enforcement, or only comments."""
    layout.comment(ROLLBACK_NOTE)
    if any(isinstance(line, Pending) for line in undo_swap):
        layout.alone("undo-swap", Pending(FOREIGN_KEYS_OFF))
        layout.transaction("undo-swap", undo_swap)
        layout.alone("undo-swap", Pending(FOREIGN_KEYS_ON))
        return
    for line in undo_swap:
        layout.comment(str(line))
    layout.comment("-- Nothing to undo." if not undo_swap else "-- Nothing else can be undone.")


DIALECTS[D] = Dialect(prologue=(FOREIGN_KEYS_OFF,), epilogue=(FOREIGN_KEYS_ON,), rollback=_rollback)
