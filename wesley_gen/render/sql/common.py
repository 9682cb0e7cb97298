"""Renderers that are the same on every dialect: the statements both write alike."""

from __future__ import annotations

import wesley_gen.render.sql.ddl as ddl
from wesley_gen.changes import AddColumn, AddIndex, AlterColumnType, DropIndex, DropTable, RenameColumn
from wesley_gen.model import Column
from wesley_gen.phases import DIALECTS, Operation
from wesley_gen.render.sql.registry import Context, renders


@renders(DIALECTS, RenameColumn.op)
def rename_column(op: Operation, context: Context) -> list[str]:
    change = op.of(RenameColumn)
    renamed = [ddl.rename_column(change.table, change.column, change.new_name, context.dialect)]
    if context.dialect != "postgres" or not required(context, change.table, change.column, change.new_name):
        return renamed
    return renamed + ddl.rename_not_null(
        change.table, (change.table, change.column), (change.table, change.new_name)
    )


def required(context: Context, table: str, *names: str) -> bool:
    """Whether the column of ``table`` (under any of ``names``, in either version, the table
    under its name before or after the renames) is NOT NULL or in the primary key."""
    for schema in (context.migration.old, context.migration.new):
        for name in (
            table,
            context.names.table_before_renames(table),
            context.names.table_after.get(table, table),
        ):
            found = schema.table(name)
            if found is None:
                continue
            keys = found.primary_key.columns if found.primary_key is not None else ()
            for column in names:
                definition = found.column(column)
                if definition is not None and (not definition.nullable or column in keys):
                    return True
    return False


@renders(DIALECTS, AddIndex.op)
def add_index(op: Operation, context: Context) -> list[str]:
    change = op.of(AddIndex)
    return [ddl.create_index(change.definition, change.table, context.dialect)]


@renders(DIALECTS, DropIndex.op)
def drop_index(op: Operation, context: Context) -> list[str]:
    change = op.of(DropIndex)
    return [ddl.drop_index(change.name, change.table, context.dialect)]


@renders(DIALECTS, DropTable.op)
def drop_table(op: Operation, context: Context) -> list[str]:
    return [ddl.drop_table(op.of(DropTable).table, context.dialect)]


# --- expand: under the names before the renames -------------------------------------------------


@renders(DIALECTS, "expand_column")
def expand_column(op: Operation, context: Context) -> list[str]:
    """A new column; one the backfill or a rebuild fills comes without its NOT NULL and
    default (``op.final`` is false), which the swap adds."""
    change = op.of(AddColumn)
    table = context.names.table_before_renames(change.table)
    return [
        ddl.add_column(
            table,
            ddl.column_def(
                change.definition, context.dialect, final=op.final, table=table, standalone=context.sequences
            ),
            context.dialect,
        )
    ]


@renders(DIALECTS, "expand_index")
def expand_index(op: Operation, context: Context) -> list[str]:
    """An index of an existing table (PostgreSQL: ``CONCURRENTLY``, as the plan says, after
    dropping one a failed build left)."""
    change = op.of(AddIndex)
    names = context.names
    index = names.index_before_renames(change.table, change.definition)
    table = names.table_before_renames(change.table)
    if op.concurrently:
        return ddl.build_index(index, table, context.dialect)
    return [ddl.create_index(index, table, context.dialect)]


@renders(DIALECTS, "add_shadow")
def add_shadow(op: Operation, context: Context) -> list[str]:
    """The shadow column the backfill fills with the converted values."""
    change = op.of(AlterColumnType)
    task = context.migration.shadow_of(op.items[0].id)
    assert task is not None
    definition = ddl.column_def(Column(task.column, change.new_type), context.dialect, final=False)
    return [ddl.add_column(task.table, definition, context.dialect)]
