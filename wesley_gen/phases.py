"""The phases of a migration: every object's name before and after the renames.

Renames run in the swap, so everything before it (the pre-check, expand, the
backfill, the swap check) sees tables and columns under their old names, and
everything after it under the new ones.  :class:`NameMap` is that one translation,
made once from the planned changes and read by the SQL renderers and the contract
alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from wesley_gen.changes import AddColumn, AddTable, AlterColumnType, RenameColumn, RenameTable, SetNotNull
from wesley_gen.identifiers import parse_expression, rename_columns
from wesley_gen.model import ForeignKey, Index, Table
from wesley_gen.plan import BackfillTask, Migration

if TYPE_CHECKING:
    from sqlglot import exp


@dataclass(frozen=True, slots=True)
class NameMap:
    """Old and new names, and what the migration adds or converts.

    Changes listed after a rename use the new names; the pre-check, expand and the
    backfill run before any rename, so they see the old ones.  Between the backfill
    and the swap, a column whose type changes through a shadow column has its
    converted values in the shadow column.
    """

    table_before: Mapping[str, str]  # new table name → old
    table_after: Mapping[str, str]  # old table name → new
    column_before: Mapping[tuple[str, str], str]  # (new table, new column) → old column
    first_rename: int  # the position of the first rename among the changes (their count: none)
    added_tables: frozenset[str]
    added_columns: frozenset[tuple[str, str]]  # (new table, column) on existing tables
    shadows: Mapping[tuple[str, str], BackfillTask]  # (new table, new column) → its task
    rewritten: frozenset[tuple[str, str]]  # (new table, column) whose values or nullability change

    @classmethod
    def of(cls, migration: Migration) -> NameMap:
        table_before: dict[str, str] = {}
        column_before: dict[tuple[str, str], str] = {}
        renames = []
        tasks = {t.change_id: t for t in migration.backfills}
        shadows: dict[tuple[str, str], BackfillTask] = {}
        for index, planned in enumerate(migration.changes):
            change = planned.change
            if isinstance(change, RenameTable):
                renames.append(index)
                table_before[change.new_name] = change.table
            elif isinstance(change, RenameColumn):
                renames.append(index)
                column_before[change.table, change.new_name] = change.column
            if isinstance(change, AlterColumnType) and planned.id in tasks:
                shadows[change.table, change.column] = tasks[planned.id]
        changes = [planned.change for planned in migration.changes]
        return cls(
            MappingProxyType(table_before),
            MappingProxyType({old: new for new, old in table_before.items()}),
            MappingProxyType(column_before),
            min(renames, default=len(changes)),
            frozenset(c.table for c in changes if isinstance(c, AddTable)),
            frozenset((c.table, c.column) for c in changes if isinstance(c, AddColumn)),
            MappingProxyType(shadows),
            frozenset(
                (c.table, c.column)
                for c in changes
                if isinstance(c, AddColumn | SetNotNull | AlterColumnType)
            ),
        )

    # --- before the swap: expand, the backfill -------------------------------------------

    def table_before_renames(self, table: str) -> str:
        """A table's name while expand and the backfill run."""
        return self.table_before.get(table, table)

    def column_before_renames(self, table: str, column: str) -> str:
        return self.column_before.get((table, column), column)

    def after_renames(self, table: str, expression: exp.Expr) -> exp.Expr:
        """An expression written with the names columns have before the migration (a
        ``--cast``), as the swap runs it again: after the renames."""
        renamed = {old: new for (t, new), old in self.column_before.items() if t == table}
        return rename_columns(expression, renamed)

    def index_before_renames(self, table: str, index: Index) -> Index:
        """An index as expand must write it: the columns its keys and predicate read under
        their old names (inside expressions too: a transform of each parsed key)."""
        renamed = {new: old for (t, new), old in self.column_before.items() if t == table}
        keys = tuple(str(key.renamed(renamed)) for key in index.keys)
        where = index.where
        if where is not None and renamed:
            where = rename_columns(parse_expression(where), renamed).sql(dialect="postgres")
        return Index(index.name, keys, index.unique, index.using, where)

    def reference_before_renames(self, fk: ForeignKey) -> ForeignKey:
        """``fk`` as expand must write it: what it references under the names it has before
        the swap renames it (PostgreSQL then follows the rename)."""
        return replace(
            fk,
            ref_table=self.table_before_renames(fk.ref_table),
            ref_columns=tuple(self.column_before_renames(fk.ref_table, c) for c in fk.ref_columns),
        )

    # --- the contract's stages, for the change at a position ------------------------------

    def old_table(self, table: str, index: int) -> str:
        """The name at the pre-check of a table named ``table`` by the change at ``index``."""
        return self.table_before_renames(table) if index > self.first_rename else table

    def old_column(self, table: str, column: str, index: int) -> str:
        if index <= self.first_rename:
            return column
        return self.column_before_renames(table, column)

    def is_new(self, table: str, column: str) -> bool:
        """True for a column that does not exist, or does not hold its final values, at the pre-check."""
        return (table, column) in self.added_columns or (table, column) in self.shadows

    def swap_column(self, table: str, column: str, index: int) -> str:
        """A column's name between the backfill and the swap: its shadow, if it has one."""
        task = self.shadows.get((table, column))
        return task.column if task is not None else self.old_column(table, column, index)

    def column_map(self, table: Table, index: int, stage: str) -> dict[str, str]:
        """Every column of ``table`` (new names) → its name at ``stage``."""
        if stage == "post":
            return {c.name: c.name for c in table.columns}
        if stage == "swap":
            return {c.name: self.swap_column(table.name, c.name, index) for c in table.columns}
        return {c.name: self.old_column(table.name, c.name, index) for c in table.columns}
