"""Dialect SQL for a migration: ``expand.sql``, ``swap.sql`` and ``rollback.sql``.

The statements and the files are laid out in one walk (:class:`_Layout`): each file is
its statements with comments and ``BEGIN``/``COMMIT``, and the same statements, with
their step, changes and transaction group, are ``statements.json`` (what the runtime
executes; see :mod:`wesley_gen.statements`).

Every statement is a sqlglot expression rendered for the target dialect, so
identifiers are quoted by the renderer, never pasted by hand.  Statements are
either built from model values (tables, columns, constraints, indexes) or from a
small fixed template whose placeholder names (``__t``, ``__c``, ``__e``…) are
replaced by expression nodes before rendering.

Where each change runs (the brief's change table):

* **expand** (before the backfill; nothing existing breaks): new enums, tables and
  columns (a required column is added nullable until it is backfilled), shadow
  columns for type changes that rewrite rows, in-place widenings, and plain indexes
  (PostgreSQL: ``CONCURRENTLY``, after the transaction).
* **swap** (after the backfill, one transaction): NOT NULL, renames, drops, new
  constraints (PostgreSQL: ``NOT VALID`` then ``VALIDATE``), shadow columns taking
  the place of the columns they replace, narrowing type changes.  SQLite cannot
  alter a column or a constraint, so each table with such a change is rebuilt to
  its new definition (create, copy, drop, rename: SQLite's own recipe).
* **rollback**: the reverse of every reversible change, newest first, in one
  transaction; each irreversible change gets a comment saying what is lost.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wesley_gen.changes import (
    AddCheck,
    AddColumn,
    AddEnum,
    AddEnumValue,
    AddForeignKey,
    AddIndex,
    AddPrimaryKey,
    AddTable,
    AddUnique,
    AlterColumnType,
    Change,
    DropCheck,
    DropColumn,
    DropDefault,
    DropEnum,
    DropEnumValue,
    DropForeignKey,
    DropIndex,
    DropNotNull,
    DropPrimaryKey,
    DropTable,
    DropUnique,
    RenameColumn,
    RenameTable,
    SetDefault,
    SetNotNull,
)
from wesley_gen.classify import ADDITIVE
from wesley_gen.diff import merged_values
from wesley_gen.identifiers import column as _column_ref
from wesley_gen.identifiers import columns_read, command, parse_expression
from wesley_gen.identifiers import ident as _ident
from wesley_gen.identifiers import table as _table
from wesley_gen.model import (
    CheckConstraint,
    Column,
    ColumnType,
    ForeignKey,
    Index,
    Schema,
    Table,
    UniqueConstraint,
)
from wesley_gen.phases import NameMap
from wesley_gen.plan import REBUILD_SUFFIX, RETIRED_SUFFIX, BackfillTask, Migration, PlannedChange
from wesley_gen.render.builder import ddl_type, fill
from wesley_gen.statements import DbObject, Statement

if TYPE_CHECKING:
    from sqlglot import exp

_FOREIGN_KEYS_OFF, _FOREIGN_KEYS_ON = "PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys = ON"
_ROLLBACK_NOTE = "-- Undoes the applied migration (after swap.sql), newest change first, in one transaction."
_LENGTH_TYPES = frozenset({"varchar", "char", "bit", "varbit"})
OUTSIDE = "-- wesley-gen: outside a transaction (PostgreSQL cannot build an index CONCURRENTLY inside one)"


@dataclass(frozen=True, slots=True)
class _Pending:
    """A statement as a change renders it, before the file layout gives it its step and group."""

    sql: str
    items: tuple[PlannedChange, ...] = ()  # the changes it serves (none: machinery)
    outside: str | None = None  # "before" or "after" the file's transaction, when it cannot run in one
    removes: DbObject | None = None  # undo-expand: the object it drops


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
    renderer = _Postgres(migration) if migration.dialect == "postgres" else _Sqlite(migration)
    return renderer.render()


# --- tables, columns, constraints and indexes from the model ----------------------------


_BARE_DEFAULTS = re.compile(r"^(?:-?[0-9.]+|'(?:[^']|'')*'|TRUE|FALSE|NULL|CURRENT_(?:TIMESTAMP|DATE|TIME))$")


def _column_def(column: Column, dialect: str, *, final: bool = True) -> exp.ColumnDef:
    """A column definition; ``final=False`` leaves out NOT NULL and the default (expand)."""
    from sqlglot import exp

    constraints: list[exp.ColumnConstraint] = []
    if column.generated is not None:
        constraints.append(
            exp.ColumnConstraint(
                kind=exp.ComputedColumnConstraint(this=parse_expression(column.generated), persisted=True)
            )
        )
    elif final and column.default is not None:
        constraints.append(
            exp.ColumnConstraint(kind=exp.DefaultColumnConstraint(this=_default(column.default, dialect)))
        )
    if final and not column.nullable:
        constraints.append(exp.ColumnConstraint(kind=exp.NotNullColumnConstraint()))
    return exp.ColumnDef(
        this=_ident(column.name), kind=ddl_type(column.type, dialect), constraints=constraints
    )


def _default(text: str, dialect: str) -> exp.Expr:
    """A default; SQLite wants any expression that is not a bare literal in parentheses."""
    from sqlglot import exp

    node = parse_expression(text)
    if dialect == "sqlite" and not _BARE_DEFAULTS.match(text):
        return exp.Paren(this=node)
    return node


# SQLite has no function that makes a uuid (its DDL spells gen_random_uuid() as UUID(),
# which fails when called): rows a rebuild fills get a version-4 uuid of random bytes.
_SQLITE_UUID = (
    "LOWER(HEX(RANDOMBLOB(4)) || '-' || HEX(RANDOMBLOB(2)) || '-4' || SUBSTR(HEX(RANDOMBLOB(2)), 2) || '-' "
    "|| SUBSTR('89ab', 1 + (ABS(RANDOM()) % 4), 1) || SUBSTR(HEX(RANDOMBLOB(2)), 2) || '-' "
    "|| HEX(RANDOMBLOB(6)))"
)


def _sqlitefill(default: str) -> exp.Expr:
    """A column default as the value a SQLite rebuild gives existing rows."""
    import sqlglot
    from sqlglot import exp

    def replace_uuid(node: exp.Expr) -> exp.Expr:
        return sqlglot.parse_one(_SQLITE_UUID, read="sqlite") if isinstance(node, exp.Uuid) else node

    return parse_expression(default).transform(replace_uuid)


def _is_constant_default(text: str | None) -> bool:
    return text is None or (bool(_BARE_DEFAULTS.match(text)) and not text.startswith("CURRENT_"))


def _constraints(table: Table, dialect: str, *, foreign_keys: Sequence[ForeignKey]) -> list[exp.Expr]:
    """The table constraints of a CREATE TABLE, in the model's (sorted) order."""
    items: list[exp.Expr] = []
    if table.primary_key is not None:
        items.append(_constraint_primary_key(table.primary_key.name, table.primary_key.columns))
    items += [
        _constraint_unique(u.name, u.columns)
        for u in table.uniques
        if dialect != "postgres" or not _repeats_the_key(table, u)
    ]
    items += [_constraint_check(c.name, c.expression) for c in table.checks]
    items += [_foreign_key(fk) for fk in foreign_keys]
    return items


def _repeats_the_key(table: Table, unique: UniqueConstraint) -> bool:
    """A unique constraint on exactly the primary key's columns: PostgreSQL's CREATE TABLE
    silently leaves it out (the key's index serves both), so it is added after the table."""
    return table.primary_key is not None and unique.columns == table.primary_key.columns


def _foreign_key(fk: ForeignKey) -> exp.Constraint:
    from sqlglot import exp

    options = [f"ON DELETE {fk.on_delete.upper()}"] if fk.on_delete != "no action" else []
    if fk.on_update != "no action":
        options.append(f"ON UPDATE {fk.on_update.upper()}")
    reference = exp.Reference(
        this=exp.Schema(this=_table(fk.ref_table), expressions=[_ident(c) for c in fk.ref_columns]),
        options=options,
    )
    return exp.Constraint(
        this=_ident(fk.name),
        expressions=[exp.ForeignKey(expressions=[_ident(c) for c in fk.columns], reference=reference)],
    )


def _create_table(
    table: Table, dialect: str, *, name: str | None = None, foreign_keys: Sequence[ForeignKey] | None = None
) -> str:
    from sqlglot import exp

    keys = table.foreign_keys if foreign_keys is None else foreign_keys
    schema = exp.Schema(
        this=_table(name or table.name),
        expressions=[_column_def(c, dialect) for c in table.columns]
        + _constraints(table, dialect, foreign_keys=keys),
    )
    return exp.Create(kind="TABLE", this=schema).sql(dialect=dialect)


def _create_index(index: Index, table: str, dialect: str, *, concurrently: bool = False) -> str:
    from sqlglot import exp

    params = exp.IndexParameters(
        columns=[key.ordered(dialect) for key in index.keys],
        using=exp.var(index.using) if dialect == "postgres" and index.using != "btree" else None,
        where=exp.Where(this=parse_expression(index.where)) if index.where else None,
    )
    create = exp.Create(
        kind="INDEX",
        this=exp.Index(this=_ident(index.name), table=_table(table), params=params),
        unique=index.unique,
        concurrently=concurrently,
    )
    return create.sql(dialect=dialect)


def _add_column(table: str, column: exp.ColumnDef, dialect: str) -> str:
    from sqlglot import exp

    return exp.Alter(this=_table(table), kind="TABLE", actions=[column]).sql(dialect=dialect)


def _drop_index(name: str, table: str, dialect: str) -> str:
    return fill("DROP INDEX __t", dialect, t=_index_path(name, table))


# --- the renderers ------------------------------------------------------------------------


@dataclass
class _Phases:
    expand: list[_Pending] = field(default_factory=list)
    swap: list[_Pending] = field(default_factory=list)


def _action(item: PlannedChange) -> str:
    change = item.change
    where = ".".join(p for p in (change.table, change.column) if p) or change.name or ""
    if change.name and change.table:
        where = f"{change.table} {change.name}"
    return f"{item.id} {change.op} {where}"


_Line = _Pending | str  # a statement, or a comment line of the file


class _Layout:
    """One .sql file: its lines, and in the same order the statements it holds.

    Both come from one walk, so the file and ``statements.json`` cannot disagree.  Each
    transaction, and each statement that runs outside one, is a group of its own;
    ``groups`` numbers them across the files of a migration.
    """

    def __init__(self, header: str, groups: Iterator[int]) -> None:
        self.lines = [header]
        self.statements: list[Statement] = []
        self.groups = groups

    def comment(self, line: str) -> None:
        self.lines.append(line)

    def alone(self, step: str, pending: _Pending) -> None:
        """A statement that runs outside a transaction, in autocommit."""
        self.add(step, pending, next(self.groups), transaction=False)

    def transaction(self, step: str, body: Sequence[_Line]) -> None:
        """``BEGIN``, the body's statements and comments, ``COMMIT``; only the comments when
        the body has no statement."""
        if all(isinstance(line, str) for line in body):
            self.lines += [line for line in body if isinstance(line, str)]
            return
        group = next(self.groups)
        self.lines.append("BEGIN;")
        for line in body:
            if isinstance(line, str):
                self.comment(line)
            else:
                self.add(step, line, group, transaction=True)
        self.lines.append("COMMIT;")

    def add(self, step: str, pending: _Pending, group: int, *, transaction: bool) -> None:
        self.lines.append(f"{pending.sql};")
        changes = tuple(item.id for item in pending.items)
        self.statements.append(Statement(pending.sql, step, changes, group, transaction, pending.removes))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


class _Renderer:
    """What both dialects share: name translation, walking the changes, file layout."""

    dialect = "postgres"

    def __init__(self, migration: Migration) -> None:
        self.migration = migration
        self.phases = _Phases()
        self.names = NameMap.of(migration)  # renames run in the swap: before it, the old names
        self.new_tables = self.names.added_tables
        self.groups: Iterator[int] = itertools.count(1)  # transactions, numbered in the order they run
        # Index names the swap drops: an index rebuilt under its old name waits for the swap.
        self.dropped_indexes = {c.change.name for c in migration.changes if isinstance(c.change, DropIndex)}

    def expand(self, item: PlannedChange, sql: str, *, outside: str | None = None) -> None:
        """``outside``: the statement cannot run in a transaction and runs ``before`` or
        ``after`` expand.sql's transaction."""
        self.phases.expand.append(_Pending(sql, (item,), outside))

    def swap(self, item: PlannedChange | Sequence[PlannedChange], sql: str) -> None:
        items = (item,) if isinstance(item, PlannedChange) else tuple(item)
        self.phases.swap.append(_Pending(sql, items))

    def layout(self, file: str) -> _Layout:
        header = f"-- {file} of migration {self.migration.id} ({self.dialect}), generated by wesley-gen."
        return _Layout(header, self.groups)

    def render(self) -> SqlScripts:
        self.plan()
        expand = self.script("expand", self.phases.expand)
        swap = self.script("swap", self.phases.swap, prologue=self.swap_prologue())
        rollback, notes = self.rollback()
        return SqlScripts(
            expand.text(),
            swap.text(),
            rollback.text(),
            (*expand.statements, *swap.statements, *rollback.statements),
            _unique(_action(i) for s in self.phases.expand for i in s.items),
            _unique(_action(i) for s in self.phases.swap for i in s.items),
            notes,
        )

    def plan(self) -> None:
        raise NotImplementedError

    def rollback(self) -> tuple[_Layout, tuple[str, ...]]:
        raise NotImplementedError

    def swap_prologue(self) -> list[_Pending]:
        return []

    def epilogue(self) -> list[_Pending]:
        return []

    def script(
        self, step: str, statements: Sequence[_Pending], *, prologue: Sequence[_Pending] = ()
    ) -> _Layout:
        layout = self.layout(f"{step}.sql")
        if not statements:
            layout.comment("-- Nothing to do in this step.")
            return layout
        inside = [s for s in statements if s.outside is None]
        for pending in statements:
            if pending.outside == "before":
                layout.alone(step, pending)
        if inside:
            for pending in prologue:
                layout.alone(step, pending)
            layout.transaction(step, inside)
            for pending in self.epilogue():
                layout.alone(step, pending)
        after = [s for s in statements if s.outside == "after"]
        if after:
            layout.comment(OUTSIDE)
        for pending in after:
            layout.alone(step, pending)
        return layout


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


# --- PostgreSQL ---------------------------------------------------------------------------


class _Postgres(_Renderer):
    dialect = "postgres"

    def plan(self) -> None:
        fills = {(t.target_table, t.target_column) for t in self.migration.backfills if t.source is None}
        # Columns whose type changes through a shadow column: until the swap they have the old
        # type, and the swap drops them, with any index built on them before.
        shadowed = {
            (t.target_table, t.target_column) for t in self.migration.backfills if t.source is not None
        }
        for item in self.migration.changes:
            change = item.change
            match change:
                case AddEnum():
                    self.expand(item, _create_enum(change.definition.name, change.definition.values))
                case AddEnumValue():
                    # Committed before the transaction that may use the value.
                    self.expand(item, self.add_enum_value(change), outside="before")
                case AddTable():
                    late = {
                        c.change.name
                        for c in self.migration.changes
                        if isinstance(c.change, AddForeignKey) and c.change.table == change.table
                    }
                    keys = [
                        self.names.reference_before_renames(fk)
                        for fk in change.definition.foreign_keys
                        if fk.name not in late
                    ]
                    self.expand(item, _create_table(change.definition, "postgres", foreign_keys=keys))
                    for sql in self.uniques_after_create(change.definition):
                        self.expand(item, sql)
                    for index in change.definition.indexes:
                        self.expand(item, _create_index(index, change.table, "postgres"))
                case AddColumn():
                    table = self.names.table_before_renames(change.table)
                    final = (change.table, change.column) not in fills
                    self.expand(
                        item,
                        _add_column(
                            table, _column_def(change.definition, "postgres", final=final), "postgres"
                        ),
                    )
                    if not final:
                        self.swap(
                            item,
                            fill(
                                "ALTER TABLE __t ALTER COLUMN __c SET NOT NULL",
                                "postgres",
                                t=change.table,
                                c=change.column,
                            ),
                        )
                case AlterColumnType():
                    task = self.migration.shadow_of(item.id)
                    if task is not None:
                        self.shadow_column(item, change, task)
                    elif item.verdict.change_class == ADDITIVE:
                        self.expand(
                            item,
                            self.alter_type(
                                self.names.table_before_renames(change.table),
                                self.names.column_before_renames(change.table, change.column),
                                change.new_type,
                            ),
                        )
                    else:
                        for sql in self.swap_statements(change):  # with the column's checks made anew
                            self.swap(item, sql)
                case AddIndex() if change.table in self.new_tables:
                    pass  # created with its table
                case AddIndex() if (
                    not change.definition.unique
                    and change.same_as is None
                    and change.definition.name not in self.dropped_indexes
                    and not any((change.table, c) in shadowed for c in _index_columns(change.definition))
                ):
                    index = self.names.index_before_renames(change.table, change.definition)
                    self.expand(
                        item,
                        _create_index(
                            index,
                            self.names.table_before_renames(change.table),
                            "postgres",
                            concurrently=True,
                        ),
                        outside="after",  # once the transaction made its table and columns
                    )
                case AddForeignKey() if change.with_table and change.definition.ref_table in self.new_tables:
                    self.expand(item, self.add_constraint(change.table, _foreign_key(change.definition)))
                case _:  # a late key to a table that exists: its target is renamed or re-keyed in the swap
                    for sql in self.swap_statements(change):
                        self.swap(item, sql)

    def shadow_column(self, item: PlannedChange, change: AlterColumnType, task: BackfillTask) -> None:
        """Expand adds the shadow column, the backfill fills it, the swap puts it in place."""
        shadow = task.column
        # A type change runs after the renames: it already names the table and column anew.
        target = self.migration.new.table(change.table)
        assert target is not None
        column = target.column(change.column)
        assert column is not None
        definition = _column_def(Column(shadow, change.new_type), "postgres", final=False)
        self.expand(item, _add_column(task.table, definition, "postgres"))
        # A plain copy reads the column under its current name; a --cast is the user's text.
        value = (
            _column_ref(change.column) if task.is_copy else self.names.after_renames(change.table, task.value)
        )
        t, c = change.table, change.column
        self.swap(item, command("LOCK TABLE {t} IN SHARE ROW EXCLUSIVE MODE", t=_table(t)))
        # Rows written since the backfill ran: bring them over under the lock.
        self.swap(
            item,
            fill(
                "UPDATE __t SET __s = __e WHERE __s IS NULL AND __c IS NOT NULL",
                "postgres",
                t=t,
                s=shadow,
                e=value,
                c=c,
            ),
        )
        if self.is_key_column(target, column.name):
            # A key column cannot be dropped from under its references: convert in place.
            self.swap(
                item,
                fill(
                    "ALTER TABLE __t ALTER COLUMN __c TYPE __type USING __e",
                    "postgres",
                    t=t,
                    c=c,
                    type=change.new_type,
                    e=_column_ref(shadow),
                ),
            )
            self.swap(item, fill("ALTER TABLE __t DROP COLUMN __c", "postgres", t=t, c=shadow))
            return
        self.swap(item, fill("ALTER TABLE __t DROP COLUMN __c", "postgres", t=t, c=c))
        self.swap(item, fill("ALTER TABLE __t RENAME COLUMN __c TO __d", "postgres", t=t, c=shadow, d=c))
        if column.default is not None:
            self.swap(
                item,
                fill(
                    "ALTER TABLE __t ALTER COLUMN __c SET DEFAULT __e",
                    "postgres",
                    t=t,
                    c=c,
                    e=parse_expression(column.default),
                ),
            )
        if not column.nullable:
            self.swap(item, fill("ALTER TABLE __t ALTER COLUMN __c SET NOT NULL", "postgres", t=t, c=c))
        # Dropping the old column dropped its indexes and constraints: re-create those the
        # table had before and keeps, unless a change of the migration adds them anyway.
        old_table = self.migration.old.table(task.table)
        added = {
            (c.change.table, c.change.name)
            for c in self.migration.changes
            if isinstance(c.change, AddUnique | AddCheck | AddIndex)
        }

        def kept(name: str, kind: str) -> bool:
            before = {item.name for item in getattr(old_table, kind, ())}
            return name in before and (t, name) not in added

        for unique in target.uniques:
            if c in unique.columns and kept(unique.name, "uniques"):
                self.swap(item, self.add_constraint(t, _constraint_unique(unique.name, unique.columns)))
        for check in target.checks:
            if c in _columns_of(check.expression) and kept(check.name, "checks"):
                self.swap(item, self.add_constraint(t, _constraint_check(check.name, check.expression)))
        for index in target.indexes:
            keys = {name for key in index.keys for name in key.columns()}
            if c in keys and kept(index.name, "indexes"):
                self.swap(item, _create_index(index, t, "postgres"))

    @staticmethod
    def is_key_column(table: Table, column: str) -> bool:
        if table.primary_key is not None and column in table.primary_key.columns:
            return True
        return any(column in fk.columns for fk in table.foreign_keys)

    def alter_type(self, table: str, column: str, new_type: ColumnType) -> str:
        """Change a type in place, failing (never truncating) where a value does not fit."""
        from sqlglot import exp

        value: exp.Expr = exp.Cast(this=_column_ref(column), to=ddl_type(new_type, "postgres"))
        if new_type.name in _LENGTH_TYPES:
            # An explicit cast to varchar(n) cuts longer values short without a word; the
            # assignment cast of a bare column refuses them instead.
            value = _column_ref(column)
        return fill(
            "ALTER TABLE __t ALTER COLUMN __c TYPE __type USING __e",
            "postgres",
            t=table,
            c=column,
            type=new_type,
            e=value,
        )

    def kept_checks(self, table: str, column: str) -> list[CheckConstraint]:
        """The checks on ``column`` that both versions have and no change of the migration
        drops or adds: those in place while the column's type changes (either way)."""
        target = self.migration.new.table(table)
        before = self.migration.old.table(self.names.table_before_renames(table))
        if target is None or before is None:
            return []
        added = {
            (c.change.table, c.change.name) for c in self.migration.changes if isinstance(c.change, AddCheck)
        }
        names = {k.name for k in before.checks}
        return [
            k
            for k in target.checks
            if column in _columns_of(k.expression) and k.name in names and (table, k.name) not in added
        ]

    def uniques_after_create(self, table: Table) -> list[str]:
        """The unique constraints CREATE TABLE would leave out (see :func:`_repeats_the_key`)."""
        return [
            self.add_constraint(table.name, _constraint_unique(u.name, u.columns))
            for u in table.uniques
            if _repeats_the_key(table, u)
        ]

    def add_constraint(self, table: str, constraint: exp.Expr, *, not_valid: bool = False) -> str:
        from sqlglot import exp

        action = exp.AddConstraint(expressions=[constraint])
        alter = exp.Alter(this=_table(table), kind="TABLE", actions=[action], not_valid=not_valid)
        return alter.sql(dialect="postgres")

    def add_enum_value(self, change: AddEnumValue, *, schema: Schema | None = None) -> str:
        """``schema`` holds the type as it is when the value comes: the old one when the
        migration adds it, the new one when a rollback brings back a value it dropped."""
        from sqlglot import exp

        enum = (schema or self.migration.old).enum(change.enum) or self.migration.new.enum(change.enum)
        assert enum is not None
        add = command(
            "ALTER TYPE {t} ADD VALUE IF NOT EXISTS {v}",
            t=_table(change.enum),
            v=exp.Literal.string(change.value),
        )
        if change.after is not None:
            return add + command(" AFTER {n}", n=exp.Literal.string(change.after))
        first = next((v for v in enum.values if v != change.value), None)
        return add + (command(" BEFORE {n}", n=exp.Literal.string(first)) if first is not None else "")

    def swap_statements(self, change: Change) -> list[str]:
        """The DDL of a change that runs in the swap (and of rollbacks, in place)."""
        d = "postgres"
        match change:
            case RenameTable():
                # RENAME TO takes a bare name: the table stays in its schema.
                new = change.new_name.rpartition(".")[2]
                return [fill("ALTER TABLE __t RENAME TO __u", d, t=change.table, u=new)]
            case RenameColumn():
                return [
                    fill(
                        "ALTER TABLE __t RENAME COLUMN __c TO __d",
                        d,
                        t=change.table,
                        c=change.column,
                        d=change.new_name,
                    )
                ]
            case AddTable():
                return [
                    _create_table(change.definition, d),
                    *self.uniques_after_create(change.definition),
                    *(_create_index(i, change.table, d) for i in change.definition.indexes),
                ]
            case DropTable():
                return [fill("DROP TABLE __t", d, t=change.table)]
            case AddColumn():
                return [_add_column(change.table, _column_def(change.definition, d), d)]
            case DropColumn():
                return [fill("ALTER TABLE __t DROP COLUMN __c", d, t=change.table, c=change.column)]
            case AlterColumnType():
                # PostgreSQL keeps a check through a type change by re-reading it against the
                # new type, with casts the schema never had: the kept checks are made anew.
                checks = self.kept_checks(change.table, change.column)
                return [
                    *(
                        fill("ALTER TABLE __t DROP CONSTRAINT __n", d, t=change.table, n=k.name)
                        for k in checks
                    ),
                    self.alter_type(change.table, change.column, change.new_type),
                    *(
                        self.add_constraint(change.table, _constraint_check(k.name, k.expression))
                        for k in checks
                    ),
                ]
            case SetNotNull():
                return [
                    fill("ALTER TABLE __t ALTER COLUMN __c SET NOT NULL", d, t=change.table, c=change.column)
                ]
            case DropNotNull():
                return [
                    fill("ALTER TABLE __t ALTER COLUMN __c DROP NOT NULL", d, t=change.table, c=change.column)
                ]
            case SetDefault():
                return [
                    fill(
                        "ALTER TABLE __t ALTER COLUMN __c SET DEFAULT __e",
                        d,
                        t=change.table,
                        c=change.column,
                        e=parse_expression(change.new_default),
                    )
                ]
            case DropDefault():
                return [
                    fill("ALTER TABLE __t ALTER COLUMN __c DROP DEFAULT", d, t=change.table, c=change.column)
                ]
            case AddPrimaryKey():
                pk = change.definition
                return [self.add_constraint(change.table, _constraint_primary_key(pk.name, pk.columns))]
            case AddUnique():
                unique = change.definition
                return [self.add_constraint(change.table, _constraint_unique(unique.name, unique.columns))]
            case AddCheck():
                check = change.definition
                return [
                    self.add_constraint(
                        change.table, _constraint_check(check.name, check.expression), not_valid=True
                    ),
                    _validate(change.table, check.name),
                ]
            case AddForeignKey():
                fk = change.definition
                if change.with_table:
                    return [self.add_constraint(change.table, _foreign_key(fk))]
                return [
                    self.add_constraint(change.table, _foreign_key(fk), not_valid=True),
                    _validate(change.table, fk.name),
                ]
            case DropPrimaryKey() | DropUnique() | DropCheck() | DropForeignKey():
                return [fill("ALTER TABLE __t DROP CONSTRAINT __n", d, t=change.table, n=change.name)]
            case AddIndex():
                return [_create_index(change.definition, change.table, d)]
            case DropIndex():
                return [_drop_index(change.name, change.table, d)]
            case AddEnum():
                return [_create_enum(change.definition.name, change.definition.values)]
            case DropEnum():
                return [fill("DROP TYPE __t", d, t=change.name)]
            case AddEnumValue():
                return [self.add_enum_value(change)]
            case DropEnumValue():
                return self.drop_enum_value(change)
        raise AssertionError(f"no SQL for {change.op}")

    def drop_enum_value(
        self, change: DropEnumValue, schema: Schema | None = None, *, values: tuple[str, ...] | None = None
    ) -> list[str]:
        """PostgreSQL cannot drop an enum value: make the type anew and convert its columns.

        ``schema`` holds the columns to convert: the new schema in a swap, the old one
        when a rollback takes back a value the migration added.  ``values`` are those of
        the type made anew (by default the new version's, without ``change.value``).
        """
        tables = (schema or self.migration.new).tables
        if values is None:
            enum = self.migration.new.enum(change.enum) or self.migration.old.enum(change.enum)
            assert enum is not None
            values = tuple(v for v in enum.values if v != change.value)
        retired = self.migration.own_name(change.enum, RETIRED_SUFFIX)
        statements = [
            # RENAME TO takes a bare name: the type stays in its schema.
            command("ALTER TYPE {t} RENAME TO {u}", t=_table(change.enum), u=_table(retired).this),
            _create_enum(change.enum, values),
        ]
        for table in tables:
            for column in table.columns:
                if column.type.name == change.enum:
                    statements += _convert_enum_column(table.name, column)
        statements.append(fill("DROP TYPE __t", "postgres", t=retired))
        return statements

    def values_before(self, change: AddEnumValue) -> tuple[str, ...]:
        """An enum's values as they were before ``change`` added one: the old version's
        (values the swap dropped are back once its undo ran) and those added before it."""
        old, new = self.migration.old.enum(change.enum), self.migration.new.enum(change.enum)
        assert old is not None and new is not None
        earlier: set[str] = set()
        for item in self.migration.changes:
            if item.change == change:
                break
            if isinstance(item.change, AddEnumValue) and item.change.enum == change.enum:
                earlier.add(item.change.value)
        kept = set(old.values) | earlier
        return tuple(v for v, _ in merged_values(old.values, new.values) if v in kept)

    def rollback(self) -> tuple[_Layout, tuple[str, ...]]:
        """Two parts: undo what swap.sql did, then undo what expand.sql did.

        The second part also stands alone (every statement tolerates a state where its
        object is already gone), so a run that failed before or during the swap is
        undone by running just that part, as the runtime does.
        """
        expand_ids = {i.id for s in self.phases.expand for i in s.items}
        swap_part: list[_Line] = []
        expand_part: list[_Line] = []
        notes: list[str] = []
        for item in reversed(self.migration.changes):
            change = item.change
            shadow = self.migration.shadow_of(item.id)
            if shadow is not None:  # not swapped yet: drop the shadow (swapped: see below)
                sql, removed = _drop_if_exists("column", shadow.column, shadow.table)
                expand_part.append(_Pending(sql, (item,), removes=removed))
            note = self.irreversible(item)
            if note is not None:
                notes.append(note)
                swap_part.append(f"-- {note}")
            elif item.id in expand_ids and shadow is None:
                expand_part += [_Pending(sql, (item,), removes=r) for sql, r in self.undo_expand(change)]
            else:
                undo = change.reverse()
                if isinstance(undo, AddEnumValue):  # placed among the values the new type has
                    swap_part.append(_Pending(self.add_enum_value(undo, schema=self.migration.new), (item,)))
                else:
                    swap_part += [_Pending(sql, (item,)) for sql in self.swap_statements(undo)]
        layout = self.layout("rollback.sql")
        layout.comment(_ROLLBACK_NOTE)
        layout.transaction("undo-swap", swap_part or ["-- Nothing to undo."])
        layout.comment(EXPAND_UNDO)
        layout.transaction("undo-expand", expand_part or ["-- Nothing to undo."])
        return layout, tuple(notes)

    @staticmethod
    def irreversible(item: PlannedChange) -> str | None:
        if not item.verdict.reversible:
            return f"{_action(item)}: irreversible: {item.verdict.reason}"
        return None

    def undo_expand(self, change: Change) -> list[tuple[str, DbObject | None]]:
        """The undo of an expand-phase change, under the names tables have before the swap,
        each statement with the object it drops."""
        match change:
            case AddTable():
                return [_drop_if_exists("table", change.table)]
            case AddColumn():
                return [
                    _drop_if_exists("column", change.column, self.names.table_before_renames(change.table))
                ]
            case AddIndex():
                return [_drop_if_exists("index", change.name, self.names.table_before_renames(change.table))]
            case AddEnum():
                return [_drop_if_exists("type", change.name)]
            case AddEnumValue():  # the old type again, its columns converted back
                *convert, drop = self.drop_enum_value(
                    change.reverse(), self.migration.old, values=self.values_before(change)
                )
                return [(sql, None) for sql in convert] + [
                    (drop, DbObject("type", self.migration.own_name(change.enum, RETIRED_SUFFIX)))
                ]
            case AddForeignKey():
                sql = fill(
                    "ALTER TABLE __t DROP CONSTRAINT IF EXISTS __n", "postgres", t=change.table, n=change.name
                )
                return [(sql, DbObject("constraint", change.name, change.table))]
            case AlterColumnType():  # an in-place widening: back to the old type
                table = self.names.table_before_renames(change.table)
                column = self.names.column_before_renames(change.table, change.column)
                return [(self.alter_type(table, column, change.old_type), None)]
        raise AssertionError(f"{change.op} is not an expand change")


EXPAND_UNDO = "-- wesley-gen: undo expand.sql (this part alone undoes a migration whose swap.sql has not run)"


def _index_path(name: str, table: str) -> str:
    """An index name qualified like its table (an index lives in its table's schema)."""
    schema, dot, _ = table.rpartition(".")
    return f"{schema}.{name}" if dot else name


def _drop_if_exists(kind: str, name: str, inside: str | None = None) -> tuple[str, DbObject]:
    """A drop that tolerates the object being gone already (rollbacks run from two states),
    and the object it drops; ``inside`` is the table of a column or an index."""
    if kind == "column":
        sql = fill("ALTER TABLE __t DROP COLUMN IF EXISTS __c", "postgres", t=inside, c=name)
    elif kind == "index":
        assert inside is not None
        sql = fill("DROP INDEX IF EXISTS __t", "postgres", t=_index_path(name, inside))
    else:
        sql = fill(f"DROP {kind.upper()} IF EXISTS __t", "postgres", t=name)
    return sql, DbObject(kind, name, inside)


def _convert_enum_column(table: str, column: Column) -> list[str]:
    """Move a column onto a re-created enum type through its text form."""
    from sqlglot import exp

    text = exp.Cast(this=_column_ref(column.name), to=exp.DataType.build("TEXT"))
    converted = exp.Cast(this=text, to=ddl_type(column.type, "postgres"))
    t, c = table, column.name
    statements = []
    if column.default is not None:  # a default of the old type cannot convert itself
        statements.append(fill("ALTER TABLE __t ALTER COLUMN __c DROP DEFAULT", "postgres", t=t, c=c))
    statements.append(
        fill(
            "ALTER TABLE __t ALTER COLUMN __c TYPE __type USING __e",
            "postgres",
            t=t,
            c=c,
            type=column.type,
            e=converted,
        )
    )
    if column.default is not None:
        default = parse_expression(column.default)
        statements.append(
            fill("ALTER TABLE __t ALTER COLUMN __c SET DEFAULT __e", "postgres", t=t, c=c, e=default)
        )
    return statements


def _constraint_check(name: str, expression: str) -> exp.Constraint:
    from sqlglot import exp

    return exp.Constraint(
        this=_ident(name), expressions=[exp.CheckColumnConstraint(this=parse_expression(expression))]
    )


def _constraint_primary_key(name: str, columns: Sequence[str]) -> exp.Constraint:
    from sqlglot import exp

    return exp.Constraint(
        this=_ident(name), expressions=[exp.PrimaryKey(expressions=[_ident(c) for c in columns])]
    )


def _constraint_unique(name: str, columns: Sequence[str]) -> exp.Constraint:
    from sqlglot import exp

    key = exp.UniqueColumnConstraint(this=exp.Schema(expressions=[_ident(c) for c in columns]))
    return exp.Constraint(this=_ident(name), expressions=[key])


def _columns_of(expression: str) -> set[str]:
    """The column names an expression reads."""
    return columns_read(parse_expression(expression))


def _index_columns(index: Index) -> set[str]:
    """The column names an index reads, in its keys and its predicate."""
    found = {name for key in index.keys for name in key.columns()}
    return found | (_columns_of(index.where) if index.where else set())


def _validate(table: str, name: str) -> str:
    return command("ALTER TABLE {t} VALIDATE CONSTRAINT {n}", t=_table(table), n=_ident(name))


def _create_enum(name: str, values: Iterable[str]) -> str:
    from sqlglot import exp

    kind = exp.DataType(this=exp.DataType.Type.ENUM, expressions=[exp.Literal.string(v) for v in values])
    return exp.Create(kind="TYPE", this=_table(name), expression=kind).sql(dialect="postgres")


# --- SQLite -------------------------------------------------------------------------------


# Changes SQLite does with ALTER TABLE; every other change to an existing table
# rebuilds the table to its new definition.
_SQLITE_ALTERS = (RenameTable, RenameColumn, AddIndex, DropIndex, AddTable, DropTable, AddEnum, DropEnum)


class _Sqlite(_Renderer):
    dialect = "sqlite"

    def plan(self) -> None:
        migration = self.migration
        shadows = {t.change_id: t for t in migration.backfills if t.source is not None}
        rebuild: dict[str, list[PlannedChange]] = {}
        renamed_to = self.names.table_after
        for item in migration.changes:
            change = item.change
            match change:
                case AddTable():
                    # With every foreign key, even those that close a cycle: SQLite checks
                    # them on writes, not on creation.
                    full = migration.new.table(change.table) or change.definition
                    self.expand(item, _create_table(full, "sqlite"))
                    for index in change.definition.indexes:
                        self.expand(item, _create_index(index, change.table, "sqlite"))
                case AddForeignKey() if change.with_table:
                    pass  # SQLite creates a table with every foreign key, cycles included
                case AddIndex() if change.table in self.new_tables:
                    pass
                case AddColumn():
                    table = self.names.table_before_renames(change.table)
                    column = change.definition
                    # SQLite adds a column only with a constant default (or none): with
                    # CURRENT_TIMESTAMP and the like the rebuild fills the rows instead.
                    simple = (
                        (column.nullable and column.default is None)
                        or (column.default is not None and _is_constant_default(column.default))
                    ) and column.generated is None
                    definition = _column_def(column, "sqlite", final=simple)
                    self.expand(item, _add_column(table, definition, "sqlite"))
                    if not simple:
                        rebuild.setdefault(change.table, []).append(item)
                case AlterColumnType():
                    task = shadows.get(item.id)
                    if task is not None:
                        definition = _column_def(Column(task.column, change.new_type), "sqlite", final=False)
                        self.expand(item, _add_column(task.table, definition, "sqlite"))
                    rebuild.setdefault(change.table, []).append(item)
                case AddIndex() if (
                    not change.definition.unique and change.definition.name not in self.dropped_indexes
                ):
                    index = self.names.index_before_renames(change.table, change.definition)
                    self.expand(
                        item, _create_index(index, self.names.table_before_renames(change.table), "sqlite")
                    )
                case RenameTable():
                    self.swap(
                        item,
                        fill("ALTER TABLE __t RENAME TO __u", "sqlite", t=change.table, u=change.new_name),
                    )
                case RenameColumn():
                    self.swap(
                        item,
                        fill(
                            "ALTER TABLE __t RENAME COLUMN __c TO __d",
                            "sqlite",
                            t=change.table,
                            c=change.column,
                            d=change.new_name,
                        ),
                    )
                case AddIndex():
                    if change.table not in rebuild:
                        self.swap(item, _create_index(change.definition, change.table, "sqlite"))
                case DropIndex():
                    self.swap(item, _drop_index(change.name, change.table, "sqlite"))
                case DropTable():
                    self.swap(item, fill("DROP TABLE __t", "sqlite", t=change.table))
                case AddEnum() | DropEnum() | AddEnumValue() | DropEnumValue():
                    pass  # SQLite has no enum types; a generated SQLite migration never holds one
                case DropForeignKey() | DropPrimaryKey() | DropUnique() | DropCheck() | DropColumn():
                    # Drops run before the renames and name the table as it was; its rebuild
                    # runs after them, under the new name.
                    rebuild.setdefault(renamed_to.get(change.table, change.table), []).append(item)
                case _:
                    if change.table is not None:
                        rebuild.setdefault(change.table, []).append(item)
        for table_name, items in sorted(rebuild.items()):
            target = migration.new.table(table_name)
            if target is None:
                continue  # dropped later in the same migration
            for sql in self.rebuild(target, shadows):
                self.swap(items, sql)

    def rebuild(self, target: Table, shadows: dict[str, BackfillTask]) -> list[str]:
        """SQLite's recipe: create the new shape, copy the rows, drop the old, rename the new."""
        from sqlglot import exp

        migration = self.migration
        name = target.name
        temporary = migration.own_name(name, REBUILD_SUFFIX)
        added = {
            c.change.column: c.change.definition
            for c in migration.changes
            if isinstance(c.change, AddColumn) and c.change.table == name
        }
        by_target = {t.target_column: t for t in shadows.values() if t.target_table == name}
        statements = [_create_table(target, "sqlite", name=temporary)]
        columns: list[str] = []
        values: list[exp.Expr] = []
        for column in target.columns:
            if column.generated is not None:
                continue
            columns.append(column.name)
            source: exp.Expr = _column_ref(column.name)
            task = by_target.get(column.name)
            if task is not None:
                # Rows written since the backfill: converted now (a plain copy reads the
                # column under its current name, after the renames).
                value = (
                    _column_ref(column.name) if task.is_copy else self.names.after_renames(name, task.value)
                )
                source = exp.Coalesce(this=_column_ref(task.column), expressions=[value])
            elif column.name in added and added[column.name].default is not None:
                source = exp.Coalesce(
                    this=source, expressions=[_sqlitefill(added[column.name].default or "NULL")]
                )
            values.append(source)
        select = exp.select(*values).from_(_table(name))
        insert = exp.Insert(
            this=exp.Schema(this=_table(temporary), expressions=[_ident(c) for c in columns]),
            expression=select,
        )
        statements.append(insert.sql("sqlite"))
        statements.append(fill("DROP TABLE __t", "sqlite", t=name))
        statements.append(fill("ALTER TABLE __t RENAME TO __u", "sqlite", t=temporary, u=name))
        statements += [_create_index(index, name, "sqlite") for index in target.indexes]
        return statements

    def swap_prologue(self) -> list[_Pending]:
        # A rebuild drops and re-creates tables that others reference: SQLite only allows
        # that with foreign-key enforcement off, and the switch only works outside a transaction.
        return [_Pending(_FOREIGN_KEYS_OFF)]

    def epilogue(self) -> list[_Pending]:
        return [_Pending(_FOREIGN_KEYS_ON)]

    def rollback(self) -> tuple[_Layout, tuple[str, ...]]:
        """Back to the old definitions: renames undone, new tables dropped, changed tables rebuilt."""
        migration = self.migration
        notes: list[str] = []
        body: list[_Line] = []
        rebuild: dict[str, list[PlannedChange]] = {}  # old table name → the changes it undoes
        for item in reversed(migration.changes):
            change = item.change
            if not item.verdict.reversible:
                note = f"{_action(item)}: irreversible: {item.verdict.reason}"
                notes.append(note)
                body.append(f"-- {note}")
                continue
            match change:
                case RenameTable():
                    sql = fill("ALTER TABLE __t RENAME TO __u", "sqlite", t=change.new_name, u=change.table)
                    body.append(_Pending(sql, (item,)))
                case RenameColumn():
                    sql = fill(
                        "ALTER TABLE __t RENAME COLUMN __c TO __d",
                        "sqlite",
                        t=change.table,
                        c=change.new_name,
                        d=change.column,
                    )
                    body.append(_Pending(sql, (item,)))
                case AddTable():
                    body.append(_Pending(fill("DROP TABLE IF EXISTS __t", "sqlite", t=change.table), (item,)))
                case AddIndex():
                    schema, dot, _ = change.table.rpartition(".")
                    sql = fill(
                        "DROP INDEX IF EXISTS __t",
                        "sqlite",
                        t=f"{schema}.{change.name}" if dot else change.name,
                    )
                    body.append(_Pending(sql, (item,)))
                case AddEnum() | AddEnumValue() | AddForeignKey() if getattr(change, "with_table", True):
                    pass
                case _:
                    if change.table is not None:
                        rebuild.setdefault(self.names.table_before_renames(change.table), []).append(item)
        by_id = {item.id: item for item in migration.changes}
        for task in self.migration.backfills:
            if task.source is not None and by_id[task.change_id] not in rebuild.get(task.table, []):
                rebuild.setdefault(task.table, []).append(by_id[task.change_id])
        added_tables = {c.change.table for c in migration.changes if isinstance(c.change, AddTable)}
        for old_name, items in sorted(rebuild.items()):
            definition = migration.old.table(old_name)
            if definition is None or old_name in added_tables:
                continue
            current = {c.name for c in definition.columns}
            served = tuple(sorted(items, key=migration.changes.index))
            body += [_Pending(sql, served) for sql in self.restore(definition, current)]
        layout = self.layout("rollback.sql")
        layout.comment(_ROLLBACK_NOTE)
        if any(isinstance(line, _Pending) for line in body):
            layout.alone("undo-swap", _Pending(_FOREIGN_KEYS_OFF))
            layout.transaction("undo-swap", body)
            layout.alone("undo-swap", _Pending(_FOREIGN_KEYS_ON))
        else:
            for line in body:
                layout.comment(str(line))
            layout.comment("-- Nothing to undo." if not body else "-- Nothing else can be undone.")
        return layout, tuple(notes)

    def restore(self, definition: Table, columns: set[str]) -> list[str]:
        """Rebuild a table to its old definition from whatever columns it has now."""
        from sqlglot import exp

        name = definition.name
        temporary = self.migration.own_name(name, REBUILD_SUFFIX)
        dropped = {
            c.change.column
            for c in self.migration.changes
            if isinstance(c.change, DropColumn) and c.change.table == name
        }
        names = [c.name for c in definition.columns if c.generated is None and c.name not in dropped]
        insert = exp.Insert(
            this=exp.Schema(this=_table(temporary), expressions=[_ident(c) for c in names]),
            expression=exp.select(*(_column_ref(c) for c in names)).from_(_table(name)),
        )
        return [
            _create_table(definition, "sqlite", name=temporary),
            insert.sql("sqlite"),
            fill("DROP TABLE __t", "sqlite", t=name),
            fill("ALTER TABLE __t RENAME TO __u", "sqlite", t=temporary, u=name),
            *(_create_index(index, name, "sqlite") for index in definition.indexes),
        ]
