"""Changes → a migration: what each change needs, what must be refused, and the switch-over plan.

A :class:`Migration` is the one value every renderer reads: the two schemas, the
classified changes in executable order, and the columns the backfill must fill.
:func:`plan_migration` builds it and refuses what must not ship silently (an
incompatible type without ``--cast``, destructive changes without
``--allow-destructive``, access-widening ones without ``--allow-access-widening``, an empty
change without ``--allow-empty``), naming every
offending table.column at once.  :mod:`wesley_gen.render.migration` turns it into
the ``wesley-gen/plan@1`` document (:mod:`wesley_gen.documents.plan`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from wesley_gen import identifiers
from wesley_gen.changes import (
    AddColumn,
    AlterColumnType,
    Change,
    DropColumn,
    DropObject,
    DropTable,
    RenameColumn,
    RenameTable,
)
from wesley_gen.classify import ACCESS_WIDENING, DESTRUCTIVE, Classification, classify
from wesley_gen.diff import DiffResult, Suggestion, diff_schemas
from wesley_gen.errors import InputError, ProblemFound
from wesley_gen.hints import Hints
from wesley_gen.model import (
    SQLITE_ONLY_TYPES,
    TABLE_OPTIONS,
    CheckConstraint,
    Column,
    ColumnType,
    ForeignKey,
    Index,
    PrimaryKey,
    Schema,
    Table,
    UniqueConstraint,
    constraint_options,
    stored_by,
    valued_default,
)

if TYPE_CHECKING:
    from sqlglot import exp

# wesley-gen's own objects are named <name><suffix> (identifiers.own_name keeps them distinct
# from <name> within the dialect's limit; a schema that already uses such a name is refused).
SHADOW_SUFFIX = "__wesley_new"  # a shadow column is written beside the one it replaces
REBUILD_SUFFIX = "__wesley_rebuild"  # SQLite: the new shape of a table, before it takes the name
RETIRED_SUFFIX = "__wesley_old"  # PostgreSQL: an enum type while its successor takes the name

# The value a new required column gets when nothing better is known: always reported.
ZERO_VALUES: dict[str, str] = {
    "smallint": "0",
    "integer": "0",
    "bigint": "0",
    "numeric": "0",
    "real": "0",
    "double precision": "0",
    "money": "0",
    "text": "''",
    "varchar": "''",
    "char": "''",
    "citext": "''",
    "boolean": "FALSE",
    "uuid": "'00000000-0000-0000-0000-000000000000'",
    "date": "'1970-01-01'",
    "timestamp": "'1970-01-01 00:00:00'",
    "timestamptz": "'1970-01-01 00:00:00+00'",
    "time": "'00:00:00'",
    "timetz": "'00:00:00+00'",
    "interval": "'0'",
    "json": "'{}'",
    "jsonb": "'{}'",
    "bytea": "''",
}


@dataclass(frozen=True, slots=True)
class PlannedChange:
    """A change with its id in the plan (``c1``, ``c2``, …) and its classification."""

    id: str
    change: Change
    verdict: Classification


@dataclass(frozen=True, slots=True)
class KeyColumn:
    """A primary-key column the backfill walks in order."""

    name: str
    type: ColumnType


@dataclass(frozen=True, slots=True)
class BackfillTask:
    """One column the backfill fills in keyset batches, before the swap.

    ``table`` is the table's name while the backfill runs (renames come later, in the
    swap).  ``column`` is the column written: a new required column, or the shadow
    column of one whose type changes (named by :func:`identifiers.own_name`).
    ``value`` is the expression computed for each row, a parsed tree that renderers
    transform and render, never text; ``source`` the column a type change converts
    (``None`` for a new column).  A row needs
    work while ``column`` is NULL and ``source`` is not.  ``key`` is empty when the
    table has no primary key: then SQLite's rowid or PostgreSQL's ctid orders it.
    """

    change_id: str
    table: str
    target_table: str  # the table's name in the new schema (the catalog's name for it)
    column: str
    target_column: str  # the column's name in the new schema
    value: exp.Expr
    source: str | None
    key: tuple[KeyColumn, ...]
    reason: str
    invented: bool = False

    @property
    def is_copy(self) -> bool:
        """A type change without ``--cast``: the value is the source column as it is."""
        return self.source is not None and self.value == identifiers.column(self.source)


@dataclass(frozen=True, slots=True)
class Migration:
    id: str
    dialect: str
    old: Schema
    new: Schema
    changes: tuple[PlannedChange, ...]
    backfills: tuple[BackfillTask, ...]
    warnings: tuple[str, ...]
    suggestions: tuple[Suggestion, ...] = ()  # the diff's: plan.json carries them to the reviewer
    # The names either schema uses, gathered on the first own_name: a renderer asks for
    # hundreds of own names, and each would otherwise walk both whole schemas again.
    _taken: set[str] = field(default_factory=set, init=False, repr=False, compare=False, hash=False)

    @property
    def reversible(self) -> bool:
        return all(c.verdict.reversible for c in self.changes)

    def changed_tables(self) -> frozenset[str]:
        """The tables a change names, also under their new names after a rename, and each the
        backfill fills: what catalog.py types and what the post-check checks the data of."""
        renamed = {
            c.change.table: c.change.new_name for c in self.changes if isinstance(c.change, RenameTable)
        }
        named = {c.change.table for c in self.changes if c.change.table is not None}
        named |= {t.target_table for t in self.backfills}
        return frozenset(renamed.get(name, name) for name in named) | named

    def own_name(self, name: str, suffix: str) -> str:
        """The name of a table or type wesley-gen makes beside ``name`` for its own use (a
        rebuild table, a retired enum type); refused when either schema has a table, type,
        index or constraint of that name (PostgreSQL keeps them in shared namespaces)."""
        own = identifiers.own_name(name, suffix, self.dialect)
        if own in self._taken_names():
            raise ProblemFound(
                f"{own}: wesley-gen needs this name for its own copy of {name}, but a schema uses it",
                hint=f"rename {own}: names ending in {suffix} are wesley-gen's own",
            )
        return own

    def _taken_names(self) -> set[str]:
        taken = self._taken
        if not taken:
            taken.update(e.name for schema in (self.old, self.new) for e in schema.enums)
            for schema in (self.old, self.new):
                for table in schema.tables:
                    taken.add(table.name)
                    taken.update(i.name for i in table.indexes)
                    taken.update(u.name for u in table.uniques)
                    taken.update(c.name for c in table.checks)
                    taken.update(k.name for k in table.foreign_keys)
        return taken

    def shadow_of(self, change_id: str) -> BackfillTask | None:
        """The backfill task that fills the shadow column of a type change, if it has one."""
        return next((t for t in self.backfills if t.change_id == change_id and t.source is not None), None)


@dataclass(frozen=True, slots=True)
class Options:
    """What the user allowed on the command line."""

    allow_destructive: bool = False
    allow_empty: bool = False
    allow_access_widening: bool = False


def plan_migration(
    old: Schema,
    new: Schema,
    hints: Hints,
    *,
    dialect: str,
    migration_id: str,
    options: Options = Options(),
) -> Migration:
    """Diff, classify and plan; raise :class:`ProblemFound` for what must not ship silently."""
    old, new = stored_by(old, dialect), stored_by(new, dialect)
    _refuse_unsupported(new, dialect)
    if dialect == "sqlite" and (old.schemas or new.schemas):
        raise ProblemFound(
            f"SQLite has no schemas: {', '.join(sorted({*old.schemas, *new.schemas}))}",
            hint="generate this migration for PostgreSQL, or name the tables without a schema",
        )
    result = diff_schemas(old, new, hints, dialect=dialect)
    _refuse(result, options, dialect)
    planned = _lost_with_their_hosts(
        tuple(
            PlannedChange(f"c{n}", change, classify(change, dialect=dialect))
            for n, change in enumerate(result.changes, start=1)
        ),
        dialect,
    )
    backfills, warnings = _backfills(planned, old, new, hints, dialect)
    moved: tuple[Suggestion, ...] = ()
    if dialect == "postgres":
        _refuse_fill_under_freed_name(planned, backfills)
        moved = _moved_last(planned, backfills, new)
    return Migration(
        migration_id,
        dialect,
        old,
        new,
        planned,
        backfills,
        warnings,
        (*result.suggestions, *moved),
    )


_LITERAL = re.compile(r"^(?:-?[0-9.]+|'(?:[^']|'')*'|TRUE|FALSE)$")  # needs no evaluation


def _sqlite_lacks(item: PrimaryKey | UniqueConstraint | CheckConstraint | ForeignKey | Index) -> list[str]:
    """The options of a constraint or index that SQLite does not have: all but a foreign key's
    DEFERRABLE and its spelling."""
    has = {"deferrable", "initially_deferred", "written_as"} if isinstance(item, ForeignKey) else set()
    return sorted(set(constraint_options(item)) - has)


def _refuse_unsupported(new: Schema, dialect: str) -> None:
    """SQLite has no enum and no array types, no sequences or identity columns, no unique
    constraint that repeats the primary key, and not every PostgreSQL function: such a schema
    cannot be created there."""
    if dialect != "sqlite":
        _refuse_sqlite_only(new)
        return
    empty = [t.name for t in new.tables if not t.columns]
    if empty:
        raise ProblemFound(
            f"SQLite cannot create a table without columns: {', '.join(empty)}",
            hint="generate this migration for PostgreSQL, or give the tables a column",
        )
    stored = [
        f"{t.name} ({', '.join((['UNLOGGED'] if t.unlogged else []) + list(t.storage))})"
        for t in new.tables
        if t.unlogged or t.storage
    ]
    if stored:
        raise ProblemFound(
            f"SQLite has no UNLOGGED tables or storage parameters: {', '.join(stored)}",
            hint="generate this migration for PostgreSQL, or leave them out of the schema",
        )
    related = [t.name for t in new.tables if t.partition_by or t.parents]
    if related:
        raise ProblemFound(
            f"SQLite has no partitioned or inheriting tables: {', '.join(related)}",
            hint="generate this migration for PostgreSQL",
        )
    excluding = [f"{t.name}.{x.name}" for t in new.tables for x in t.exclusions]
    if excluding:
        raise ProblemFound(
            f"SQLite has no exclusion constraints: {', '.join(excluding)}",
            hint="generate this migration for PostgreSQL, or drop the EXCLUDE constraints",
        )
    secured = [t.name for t in new.tables if t.row_security or t.force_row_security or t.policies or t.grants]
    if secured:
        raise ProblemFound(
            f"SQLite has no row-level security, policies or grants: {', '.join(secured)}",
            hint="generate this migration for PostgreSQL, or leave them out of the schema",
        )
    if new.user_types():
        raise ProblemFound(
            f"SQLite has no domain, composite or range types: {', '.join(sorted(new.user_types()))}",
            hint="generate this migration for PostgreSQL, or model the columns with their base types",
        )
    enums = {e.name for e in new.enums}
    found = [
        f"{table.name}.{column.name} ({column.type})"
        for table in new.tables
        for column in table.columns
        if column.type.name in enums or column.type.array_dims
    ]
    if found or enums:
        named = ", ".join(found) or ", ".join(sorted(enums))
        raise ProblemFound(
            f"SQLite has no enum or array types: {named}",
            hint="generate this migration for PostgreSQL, or model the column as text with a check",
        )
    counters = [f"sequence {s.name}" for s in new.sequences] + [
        f"identity column {table.name}.{column.name}"
        for table in new.tables
        for column in table.columns
        if column.identity is not None
    ]
    if counters:
        raise ProblemFound(
            f"SQLite has no sequences or identity columns: {', '.join(counters)}",
            hint="generate this migration for PostgreSQL; on SQLite an INTEGER PRIMARY KEY numbers its rows itself",
        )
    postgres_only = [
        f"{table.name}.{item.name} ({', '.join(lacks)})"
        for table in new.tables
        for item in (table.primary_key, *table.uniques, *table.checks, *table.foreign_keys, *table.indexes)
        if item is not None and (lacks := _sqlite_lacks(item))
    ]
    if postgres_only:
        raise ProblemFound(
            f"SQLite has no such constraint or index options: {', '.join(postgres_only)}",
            hint="generate this migration for PostgreSQL, or leave the options out of the schema",
        )
    # SQLite folds a unique constraint on exactly the primary key's columns into the key:
    # the database would never show it, and every later check would report it missing.
    folded = [
        f"{table.name}.{unique.name}"
        for table in new.tables
        for unique in table.uniques
        if table.primary_key is not None and unique.columns == table.primary_key.columns
    ]
    if folded:
        raise ProblemFound(
            f"SQLite cannot keep a unique constraint on the primary key's columns: {', '.join(folded)}",
            hint="drop the unique constraint from the schema: the primary key already makes those columns unique",
        )
    failing = _unevaluable_defaults(new)
    if failing:
        raise ProblemFound(
            f"SQLite cannot evaluate the default of {', '.join(failing)}",
            hint="every insert relying on it would fail: give the column a default SQLite has, or none",
        )


def _refuse_sqlite_only(new: Schema) -> None:
    """PostgreSQL has no table options, no ``ANY`` type and no column without a type."""
    found = [f"{t.name} ({', '.join(t.options).upper()})" for t in new.tables if t.options]
    found += [
        f"{t.name}.{c.name} ({c.type.name.upper() or 'no declared type'})"
        for t in new.tables
        for c in t.columns
        if c.type.name in SQLITE_ONLY_TYPES
    ]
    if found:
        raise ProblemFound(
            f"only SQLite has these: {', '.join(found)}",
            hint="generate this migration for SQLite (--dialect sqlite), or give the columns PostgreSQL types",
        )


def _unevaluable_defaults(schema: Schema) -> list[str]:
    """Each column whose default SQLite cannot evaluate as wesley-gen writes it (a
    PostgreSQL-only function, say), with SQLite's reason.  Asked of an empty in-memory
    database: nothing is stored anywhere."""
    import sqlite3

    from sqlglot import exp

    found = []
    errors: dict[str, str | None] = {}  # by default: a 1000-table schema repeats a few of them
    connection = sqlite3.connect(":memory:")
    try:
        for table in schema.tables:
            for column in table.columns:
                default = column.default
                if default is None or _LITERAL.match(default):
                    continue
                if default not in errors:
                    try:
                        connection.execute(exp.select(identifiers.sqlite_expression(default)).sql("sqlite"))
                        errors[default] = None
                    except sqlite3.Error as error:
                        errors[default] = str(error)
                if errors[default] is not None:
                    found.append(f"{table.name}.{column.name} ({default}: {errors[default]})")
    finally:
        connection.close()
    return found


def _lost_with_their_hosts(planned: tuple[PlannedChange, ...], dialect: str) -> tuple[PlannedChange, ...]:
    """A view, trigger or comment the rollback would make again on a table or column it cannot
    bring back (dropped with its data) cannot come back either: irreversible, saying why."""
    from wesley_gen.load.objects import needs

    tables = {c.change.table for c in planned if isinstance(c.change, DropTable) and not c.verdict.reversible}
    columns = {
        (c.change.table, c.change.column)
        for c in planned
        if isinstance(c.change, DropColumn) and not c.verdict.reversible
    }
    found = []
    for item in planned:
        lost = (
            needs(item.change.definition, dialect, tables, columns)
            if isinstance(item.change, DropObject) and (tables or columns)
            else None
        )
        if lost is not None:
            reason = (
                f"{item.verdict.reason}; the rollback cannot make it again without {lost}, whose data is lost"
            )
            item = replace(item, verdict=replace(item.verdict, reversible=False, reason=reason))
        found.append(item)
    return tuple(found)


def _refuse(result: DiffResult, options: Options, dialect: str) -> None:
    if result.errors:
        named = ", ".join(f"{e.table}.{e.column}" if e.column else str(e.table) for e in result.errors)
        first = result.errors[0]
        raise ProblemFound(
            f"{len(result.errors)} change(s) cannot be generated: {named}",
            hint=first.reason,
        )
    destructive = [c for c in result.changes if classify(c, dialect=dialect).change_class == DESTRUCTIVE]
    if destructive and not options.allow_destructive:
        named = ", ".join(
            f"{c.op} {c.table}.{c.column}" if c.column else f"{c.op} {c.table or c.name}" for c in destructive
        )
        raise ProblemFound(
            f"{len(destructive)} destructive change(s) would lose data: {named}",
            hint="pass --allow-destructive once you have checked that the data may go",
        )
    widening = [c for c in result.changes if classify(c, dialect=dialect).change_class == ACCESS_WIDENING]
    if widening and not options.allow_access_widening:
        named = ", ".join(" ".join(filter(None, (c.op, c.table, c.name))) for c in widening)
        raise ProblemFound(
            f"{len(widening)} change(s) would widen who may read or write: {named}",
            hint="pass --allow-access-widening (or allow-access-widening = true in [tool.wesley-gen]) "
            "once you have checked who gains access",
        )
    if not result.changes and not options.allow_empty:
        raise ProblemFound(
            "the schemas have no differences: nothing to generate",
            hint="pass --allow-empty to write a migration whose four steps are empty",
        )


def _moved_last(
    planned: tuple[PlannedChange, ...], backfills: tuple[BackfillTask, ...], new: Schema
) -> tuple[Suggestion, ...]:
    """A ``column_order`` suggestion for each column PostgreSQL puts after the others (one added,
    or changed through a shadow column) where the new schema has it before a column that stays:
    the migrated table's columns then stand in another order than in a database built from the
    new schema (docs/generate.md, "Column order")."""
    appended = {
        (t.target_table, t.target_column): "changed through a shadow column" for t in backfills if t.source
    }
    for item in planned:
        if isinstance(item.change, AddColumn):
            appended.setdefault((item.change.table, item.change.column), "added")
    tables = {table for table, _ in appended}
    found = []
    for table in new.tables:
        if table.name not in tables:
            continue  # nothing appended: a 1000-table schema has few such tables
        names = [c.name for c in table.columns]
        for index, name in enumerate(names):
            if (table.name, name) not in appended:
                continue
            staying = [n for n in names[index + 1 :] if (table.name, n) not in appended]
            if staying:
                found.append(
                    Suggestion(
                        "column_order",
                        table.name,
                        name,
                        "last",
                        f"{table.name}.{name} is {appended[table.name, name]}: PostgreSQL puts it after the other "
                        f"columns of {table.name}, where the new schema has it before {staying[0]} (it cannot "
                        "reorder columns; diff names the order)",
                    )
                )
    return tuple(found)


def _refuse_fill_under_freed_name(
    planned: tuple[PlannedChange, ...], backfills: tuple[BackfillTask, ...]
) -> None:
    """A column the backfill fills (required, no server default) cannot take the name a column
    rename of the same migration gives up: the backfill runs before the swap renames the old
    column away, while the name is still taken (PostgreSQL)."""
    filled = {t.change_id for t in backfills if t.source is None}
    renamed = {
        (c.change.table, c.change.column): c.change for c in planned if isinstance(c.change, RenameColumn)
    }
    for item in planned:
        change = item.change
        rename = renamed.get((change.table, change.column)) if isinstance(change, AddColumn) else None
        if item.id in filled and rename is not None:
            raise ProblemFound(
                f"{change.table}.{change.column}: a required column added under the name the rename of "
                f"{rename.table}.{rename.column} to {rename.new_name} frees: the backfill would fill it before "
                "the swap renames the old column away",
                hint="add it with a default (or nullable) in this migration, and make it required in the next",
            )


def _backfills(
    planned: tuple[PlannedChange, ...], old: Schema, new: Schema, hints: Hints, dialect: str
) -> tuple[tuple[BackfillTask, ...], tuple[str, ...]]:
    """The columns to fill before the swap, and what the user should hear about them."""
    tasks: list[BackfillTask] = []
    warnings: list[str] = []
    renamed_to = {c.change.table: c.change.new_name for c in planned if isinstance(c.change, RenameTable)}
    renamed_from = {new_name: old_name for old_name, new_name in renamed_to.items()}
    column_renamed_from = {
        (c.change.table, c.change.new_name): c.change.column
        for c in planned
        if isinstance(c.change, RenameColumn)
    }
    for item in planned:
        change = item.change
        if not item.verdict.backfill:
            continue
        if isinstance(change, AddColumn):
            target_table = change.table
            table = renamed_from.get(target_table, target_table)
            value, reason, invented = _fill_value(change.table, change.definition, hints, new, dialect)
            if invented:
                warnings.append(
                    f"{change.table}.{change.column}: existing rows get {value.sql(dialect)}, the zero value of "
                    f"{change.definition.type}; pass --backfill {change.table}.{change.column}=EXPR "
                    "or give the column a default to choose the value"
                )
            tasks.append(
                BackfillTask(
                    item.id, table, target_table, change.column, change.column, value, None,
                    _key(old.table(table), new.table(target_table)), reason, invented,
                )
            )  # fmt: skip
        elif isinstance(change, AlterColumnType):
            if any(change.table in t.parents for t in new.tables):
                # Tables inherit the column (INHERITS, partitions): a shadow column would take it from
                # them (their checks and indexes on it dropped with it) and put it last; converted in
                # place instead, the ALTER TABLE reaching them.
                continue
            # The change runs after the renames (new names); the backfill runs before them.
            table = renamed_from.get(change.table, change.table)
            source = column_renamed_from.get((change.table, change.column), change.column)
            where = f"{change.table}.{change.column}"
            if change.cast:
                value = _parsed_value(change.cast, dialect, where, "--cast")
                reason = f"convert {table}.{source} with {change.cast}"
            else:
                value = identifiers.column(source)
                reason = f"copy {table}.{source} into {change.new_type}"
            shadow = _own_column(
                change.table, (old.table(table), new.table(change.table)), source, SHADOW_SUFFIX, dialect
            )
            tasks.append(
                BackfillTask(
                    item.id, table, change.table, shadow, change.column,
                    value, source, _key(old.table(table), new.table(change.table)), reason,
                )
            )  # fmt: skip
    filled = {(t.target_table, t.target_column) for t in tasks if t.source is None}
    warnings += [
        f"--backfill {table}.{column} is not used: the migration adds no column {table}.{column} "
        "(only added columns are backfilled; existing rows of an existing column are left as they are)"
        for table, column, _ in hints.backfills
        if (table, column) not in filled
    ]
    unique_fills = _unique_fills(tasks, new)
    warnings += [
        f"{t.target_table}.{t.target_column}: every existing row gets the same value {t.value.sql(dialect)}, "
        "but the column must be unique; the pre-check will stop the plan when more than one row exists "
        f"(pass --backfill {t.target_table}.{t.target_column}=EXPR with a per-row expression)"
        for t in unique_fills
    ]
    return tuple(tasks), tuple(warnings)


def _unique_fills(tasks: list[BackfillTask], new: Schema) -> list[BackfillTask]:
    """Constant fills of columns that a unique key or the primary key covers."""
    found = []
    for task in tasks:
        if task.source is not None or not _is_constant(task.value):
            continue
        table = new.table(task.target_table)
        if table is None:
            continue
        keys = [u.columns for u in table.uniques] + [i.columns for i in table.indexes if i.unique]
        if table.primary_key is not None:
            keys.append(table.primary_key.columns)
        if any(keys_ == (task.target_column,) for keys_ in keys):
            found.append(task)
    return found


def _is_constant(value: exp.Expr) -> bool:
    from sqlglot import exp

    while isinstance(value, exp.Neg | exp.Paren):
        value = value.this
    return isinstance(value, exp.Literal | exp.Boolean | exp.Null)


def _parsed_value(text: str, dialect: str, where: str, flag: str) -> exp.Expr:
    """A value the user wrote (``--cast``, ``--backfill``): one expression of the dialect's
    SQL without query parameters, parsed once here; renderers only transform the tree."""
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    try:
        tree: exp.Expr = sqlglot.parse_one(text, read=dialect, into=exp.Condition)
    except SqlglotError:
        raise InputError(
            f"{where}: the value {text!r} of {flag} is not one {dialect} SQL expression",
            hint=f"pass {flag} {where}=EXPR with a single expression such as lower(name)",
        ) from None
    if any(True for _ in tree.find_all(exp.Placeholder, exp.Parameter)):
        raise InputError(f"{where}: the value {text!r} of {flag} must not contain query parameters")
    return tree


def _own_column(table: str, versions: tuple[Table | None, ...], name: str, suffix: str, dialect: str) -> str:
    """The name of a column wesley-gen adds beside ``name`` for its own use; refused when
    the table has a column of that name in either version (it would be dropped as ours)."""
    own = identifiers.own_name(name, suffix, dialect)
    if any(t is not None and t.column(own) is not None for t in versions):
        raise ProblemFound(
            f"{table}.{own}: wesley-gen needs this name for the shadow column of {table}.{name}, "
            "but the table has a column of that name",
            hint=f"rename the column {own}: names ending in {suffix} are wesley-gen's own",
        )
    return own


def _fill_value(
    table: str, column: Column, hints: Hints, schema: Schema, dialect: str
) -> tuple[exp.Expr, str, bool]:
    """The value for existing rows of a new required column: hint, then default, then zero;
    an identity column's, from the sequence that numbers it until the swap attaches it."""
    if column.identity is not None:
        sequence = identifiers.numbering_sequence(table, column.name)
        value = identifiers.parse_expression(f"NEXTVAL('{sequence}')")
        return value, f"number {table}.{column.name} as its identity would, from {sequence}", False
    hinted = hints.backfill_for(table, column.name)
    if hinted is not None:
        value = _parsed_value(hinted, dialect, f"{table}.{column.name}", "--backfill")
        return value, f"fill {table}.{column.name} with --backfill {hinted}", False
    default = valued_default(column)
    if default is not None:
        return (
            identifiers.parse_expression(default),
            f"fill {table}.{column.name} with its default {default}",
            False,
        )
    enum = schema.enum(column.type.name)
    if column.type.array_dims:
        zero: str | None = "'{}'"
    elif enum is not None:
        zero = "'" + enum.values[0].replace("'", "''") + "'"
    else:
        zero = ZERO_VALUES.get(column.type.base_name)
    if zero is None:
        raise ProblemFound(
            f"{table}.{column.name} is a new required column of type {column.type}, "
            "which has no zero value to give existing rows",
            hint=f"pass --backfill {table}.{column.name}=EXPR or give the column a default",
        )
    reason = f"fill {table}.{column.name} with {zero}, the zero value of {column.type}"
    return identifiers.parse_expression(zero), reason, True


def _key(old: Table | None, new: Table | None) -> tuple[KeyColumn, ...]:
    """The primary key the backfill walks: the old table's, if the new one keeps it, or if
    the old table is a SQLite ``WITHOUT ROWID`` one (it has no rowid to walk instead)."""
    if old is None or old.primary_key is None:
        return ()
    kept = (
        new is not None and new.primary_key is not None and new.primary_key.columns == old.primary_key.columns
    )
    if not kept and TABLE_OPTIONS[0] not in old.options:
        return ()
    columns = []
    for name in old.primary_key.columns:
        column = old.column(name)
        assert column is not None  # validation guarantees key columns exist
        columns.append(KeyColumn(name, column.type))
    return tuple(columns)
