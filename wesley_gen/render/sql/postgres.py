"""PostgreSQL: one renderer per action, each a change altered in place.

Expand adds what breaks nothing (enums, tables, nullable columns, shadow columns,
widenings, indexes built ``CONCURRENTLY`` after the transaction).  The swap runs its
catalog changes in one transaction (renames, drops, shadow columns taking the place of
the columns they replace), then, in the stages of :data:`wesley_gen.phases.STAGE_LAYOUT`,
what would otherwise scan or build under that transaction's locks: indexes built
``CONCURRENTLY``, checks added ``NOT VALID`` and validated each in a transaction of its
own, ``SET NOT NULL`` proved by a validated check, keys attached ``USING INDEX``,
foreign keys ``NOT VALID`` then validated (docs/generate.md gives the lock of each).
rollback.sql has two parts: the undo of the swap, then the undo of expand, which also
stands alone (see :func:`wesley_gen.phases.plan_phases`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import wesley_gen.changes as ch
import wesley_gen.render.sql.ddl as ddl
from wesley_gen.diff import merged_values
from wesley_gen.identifiers import (
    IndexKey,
    columns_read,
    command,
    ddl_expression,
    ident,
    numbering_sequence,
    parse_expression,
    qualified,
)
from wesley_gen.identifiers import column as column_ref
from wesley_gen.identifiers import table as table_ref
from wesley_gen.load.objects import RELATIONS, reads, uses_type, words
from wesley_gen.model import (
    SEQUENCE_RANGES,
    CheckConstraint,
    Column,
    ColumnType,
    Composite,
    Domain,
    Exclusion,
    Index,
    OtherObject,
    PrimaryKey,
    Range,
    Schema,
    SequenceOptions,
    Table,
    UniqueConstraint,
    UserType,
    not_null_name,
    numbered,
    sequence_clauses,
    serial_sequence,
)
from wesley_gen.model import Sequence as SequenceDef
from wesley_gen.phases import (
    AFTER,
    ATTACH,
    BEFORE,
    BUILD,
    BUILD_INDEX,
    CONSTRAIN,
    DROP_INDEX_CONCURRENTLY,
    DROP_KEY_INDEX,
    DROP_NOT_NULL_CHECK,
    DROP_SYNC,
    EXPAND,
    NOT_NULL,
    NUMBER_IDENTITY,
    RECREATE,
    RENAME_CONSTRAINT,
    RENAME_INDEX,
    SWAP,
    SYNC,
    UNDO_EXPAND,
    UNDO_SWAP,
    VALIDATE,
    VALIDATE_KEYS,
    Operation,
    is_key_column,
    partitioned,
)
from wesley_gen.plan import RETIRED_SUFFIX, BackfillTask, Migration
from wesley_gen.render.builder import ddl_type, fill, index_table
from wesley_gen.render.sql.common import required
from wesley_gen.render.sql.layout import (
    DIALECTS,
    EXPAND_UNDO,
    NOTHING_TO_UNDO,
    ROLLBACK_NOTE_CONCURRENTLY,
    Dialect,
    FileLayout,
    Line,
    part,
)
from wesley_gen.render.sql.objects import remade_around
from wesley_gen.render.sql.registry import Context, Drop, renders
from wesley_gen.runtime.vacuum import VACUUM_SESSION
from wesley_gen.statements import DbObject

if TYPE_CHECKING:
    from sqlglot import exp

D = "postgres"
_ALTER_COLUMN = {
    ch.SetNotNull.op: "ALTER TABLE __t ALTER COLUMN __c SET NOT NULL",
    ch.DropNotNull.op: "ALTER TABLE __t ALTER COLUMN __c DROP NOT NULL",
    ch.DropDefault.op: "ALTER TABLE __t ALTER COLUMN __c DROP DEFAULT",
}
_ALTER_TYPE = {  # by whether the column ends with a collation of its own
    False: "ALTER TABLE __t ALTER COLUMN __c TYPE __type USING __e",
    True: "ALTER TABLE __t ALTER COLUMN __c TYPE __type COLLATE __n USING __e",
}
_DOMAIN_NULLS = {True: "ALTER DOMAIN {t} DROP NOT NULL", False: "ALTER DOMAIN {t} SET NOT NULL"}
_DROP_USER_TYPE = {  # (a domain?, IF EXISTS?)
    (True, False): "DROP DOMAIN {t}",
    (True, True): "DROP DOMAIN IF EXISTS {t}",
    (False, False): "DROP TYPE {t}",
    (False, True): "DROP TYPE IF EXISTS {t}",
}
_LENGTH_TYPES = frozenset({"varchar", "char", "bit", "varbit"})
_ADD_VALUE = {  # where ALTER TYPE … ADD VALUE puts the value: after one, before one, or last
    "after": "ALTER TYPE {t} ADD VALUE IF NOT EXISTS {v} AFTER {n}",
    "before": "ALTER TYPE {t} ADD VALUE IF NOT EXISTS {v} BEFORE {n}",
    "": "ALTER TYPE {t} ADD VALUE IF NOT EXISTS {v}",
}


# --- building blocks ------------------------------------------------------------------------


def _alter_type(
    table: str, column: str, new_type: ColumnType, ends: Column | None, using: exp.Expr | None = None
) -> str:
    """Change a type in place, failing (never truncating) where a value does not fit;
    ``using``: the value, when it is not the column's own.

    ``ends``: the column as the statement leaves it, whose collation it states:
    ``ALTER COLUMN … TYPE`` without ``COLLATE`` resets the collation to the type's default,
    and a rollback has no later statement to set it again."""
    from sqlglot import exp

    value = using
    if value is None and new_type.name in _LENGTH_TYPES:
        # An explicit cast to varchar(n) cuts longer values short without a word; the
        # assignment cast of a bare column refuses them instead.
        value = column_ref(column)
    elif value is None:
        value = exp.Cast(this=column_ref(column), to=ddl_type(new_type, D))
    parts = {"t": table, "c": column, "type": new_type, "e": value}
    if ends is None or ends.collation is None:
        return fill(_ALTER_TYPE[False], D, **parts)
    return fill(_ALTER_TYPE[True], D, **parts, n=ddl.collation(ends, D))


def _column_after(context: Context, op: Operation, table: str, column: str) -> Column | None:
    """The column a type change of ``table.column`` (its names in the new version) leaves:
    the old version's in a rollback, the new version's otherwise."""
    if op.step in (UNDO_SWAP, UNDO_EXPAND):
        schema = context.migration.old
        table, column = (
            context.names.table_before_renames(table),
            context.names.column_before_renames(table, column),
        )
    else:
        schema = context.migration.new
    found = schema.table(table)
    return found.column(column) if found is not None else None


def _serial_retyped(schema: Schema, table: str, column: str, new_type: ColumnType) -> list[str]:
    """A ``serial`` column's own sequence follows its column to ``new_type`` (PostgreSQL
    leaves it of the old type: a bigserial made serial would keep a bigint sequence).
    ``table`` names the column's table in ``schema``, the version that has it as a serial."""
    found = schema.table(table)
    defined = found.column(column) if found is not None else None
    if defined is None or new_type.name not in SEQUENCE_RANGES or ddl.serial_type(defined, table) is None:
        return []
    return [_alter_sequence(serial_sequence(table, column), [" ".join(("AS", new_type.name))])]


def _alter_sequence(name: str, clauses: Sequence[str]) -> str:
    """``ALTER SEQUENCE name`` with ``clauses`` (keywords and numbers, or names already quoted)."""
    return command("ALTER SEQUENCE {s} {c}", s=table_ref(name), c=_words(clauses))


def _words(clauses: Sequence[str]) -> exp.Expr:
    """Clauses of keywords, numbers and names already quoted, as one part of a ``command``."""
    from sqlglot import exp

    return exp.var(" ".join(clauses))


def _owner(owned_by: str | None) -> str:
    """``OWNED BY table.column`` or ``OWNED BY NONE``, names quoted."""
    if owned_by is None:
        return "OWNED BY NONE"
    table, _, column = owned_by.rpartition(".")
    return command("OWNED BY {t}.{c}", t=table_ref(table), c=ident(column))


def _create_sequence(sequence: SequenceDef, *, owned: bool) -> str:
    """``CREATE SEQUENCE`` with its type and options; ``owned``: with its owner too."""
    clauses = [" ".join(("AS", sequence.type)), *sequence_clauses(sequence.options, sequence.type)]
    if owned and sequence.owned_by is not None:
        clauses.append(_owner(sequence.owned_by))
    return command("CREATE SEQUENCE {s} {c}", s=table_ref(sequence.name), c=_words(clauses))


def _set_not_null(table: str, column: str) -> str:
    return fill(_ALTER_COLUMN[ch.SetNotNull.op], D, t=table, c=column)


def _set_default(table: str, column: str, default: str) -> str:
    return fill(
        "ALTER TABLE __t ALTER COLUMN __c SET DEFAULT __e", D, t=table, c=column, e=ddl_expression(default, D)
    )


def _drop_column(table: str, column: str) -> str:
    return fill("ALTER TABLE __t DROP COLUMN __c", D, t=table, c=column)


def _drop_constraint(table: str, name: str, *, if_exists: bool = False) -> str:
    """``if_exists`` in the undo of a swap, which may have stopped before adding it."""
    template = (
        "ALTER TABLE __t DROP CONSTRAINT IF EXISTS __n"
        if if_exists
        else "ALTER TABLE __t DROP CONSTRAINT __n"
    )
    return fill(template, D, t=table, n=name)


def _validate(table: str, name: str) -> str:
    return command("ALTER TABLE {t} VALIDATE CONSTRAINT {n}", t=table_ref(table), n=ident(name))


def _create_enum(name: str, values: Iterable[str]) -> str:
    from sqlglot import exp

    kind = exp.DataType(this=exp.DataType.Type.ENUM, expressions=[exp.Literal.string(v) for v in values])
    return exp.Create(kind="TYPE", this=table_ref(name), expression=kind).sql(dialect=D)


def _create_user_type(definition: UserType) -> list[str]:
    """``CREATE TYPE … AS (…)``, or ``CREATE DOMAIN`` then the ALTER DOMAIN statements that give
    it its default, NOT NULL and named checks."""
    from sqlglot import exp

    t = table_ref(definition.name)
    if isinstance(definition, Range):
        return [_create_range(definition)]
    if isinstance(definition, Composite):
        attributes = exp.Tuple(
            expressions=[
                exp.ColumnDef(this=ident(a.name), kind=ddl_type(a.type, D)) for a in definition.attributes
            ]
        )
        return [command("CREATE TYPE {t} AS {a}", D, t=t, a=attributes)]
    bare = Domain(definition.name, definition.base)
    return [
        command("CREATE DOMAIN {t} AS {y}", D, t=t, y=ddl_type(definition.base, D)),
        *_alter_domain(bare, definition),
    ]


def _create_range(definition: Range) -> str:
    """``CREATE TYPE … AS RANGE (…)`` with every option the model keeps, the multirange's
    name always stated (as pg_dump states it)."""
    named = {
        "subtype_opclass": definition.opclass,
        "collation": definition.collation,
        "canonical": definition.canonical,
        "subtype_diff": definition.subtype_diff,
        "multirange_type_name": definition.multirange,
    }
    options = [f"subtype = {ddl_type(definition.subtype, D).sql(dialect=D)}"]
    options += [f"{key} = {qualified(value)}" for key, value in named.items() if value is not None]
    return command("CREATE TYPE {t} AS RANGE ", D, t=table_ref(definition.name)) + f"({', '.join(options)})"


_DOMAIN_CHECK = {
    False: "ALTER DOMAIN {t} ADD CONSTRAINT {n} CHECK ({e})",
    True: "ALTER DOMAIN {t} ADD CONSTRAINT {n} CHECK ({e}) NOT VALID",
}


def _alter_domain(before: Domain, after: Domain, *, not_valid: bool = False) -> list[str]:
    """The ALTER DOMAIN statements from ``before`` to ``after``: checks dropped first, added last
    (each added check validates every column of the domain as it is added, unless
    ``not_valid``: the swap validates it in a stage of its own)."""
    t = table_ref(after.name)
    statements = [
        command("ALTER DOMAIN {t} DROP CONSTRAINT {n}", t=t, n=ident(check.name))
        for check in before.checks
        if check not in after.checks
    ]
    if before.default != after.default:
        if after.default is None:
            statements.append(command("ALTER DOMAIN {t} DROP DEFAULT", t=t))
        else:
            statements.append(
                command("ALTER DOMAIN {t} SET DEFAULT {d}", t=t, d=ddl_expression(after.default, D))
            )
    if before.nullable != after.nullable:
        statements.append(command(_DOMAIN_NULLS[after.nullable], t=t))
    statements += [
        command(
            _DOMAIN_CHECK[not_valid],
            t=t,
            n=ident(check.name),
            e=ddl_expression(check.expression, D, bracketed=True),
        )
        for check in after.checks
        if check not in before.checks
    ]
    return statements


def _alter_composite(change: ch.AlterComposite) -> list[str]:
    t = table_ref(change.name)
    if change.reordered:  # unused (the diff refuses a used one): made again in the new order
        return [command(_DROP_USER_TYPE[False, False], D, t=t), *_create_user_type(change.definition)]
    return [
        *(
            command("ALTER TYPE {t} RENAME ATTRIBUTE {a} TO {b}", t=t, a=ident(old), b=ident(new))
            for old, new in change.renamed
        ),
        *(command("ALTER TYPE {t} DROP ATTRIBUTE {a}", t=t, a=ident(a.name)) for a in change.dropped),
        *(
            command("ALTER TYPE {t} ADD ATTRIBUTE {a} {y}", t=t, a=ident(a.name), y=ddl_type(a.type, D))
            for a in change.added
        ),
        *(
            command(
                "ALTER TYPE {t} ALTER ATTRIBUTE {a} TYPE {y}", t=t, a=ident(a.name), y=ddl_type(a.type, D)
            )
            for a in change.retyped
        ),
    ]


def _add_exclusion(table: str, exclusion: Exclusion) -> str:
    """``ALTER TABLE … ADD CONSTRAINT … EXCLUDE USING …``: the keys built as an index's are, each
    with its operator (checked at load to be operator characters only)."""
    from sqlglot import exp

    params = exp.IndexParameters(
        using=exp.var(exclusion.using),
        columns=[
            exp.WithOperator(this=key.ordered(D), op=exp.var(operator))
            for key, operator in zip(exclusion.keys, exclusion.operators, strict=True)
        ],
        where=exp.Where(this=exp.paren(ddl_expression(exclusion.where, D, bracketed=True)))
        if exclusion.where
        else None,
    )
    constraint = exp.Constraint(
        this=ident(exclusion.name), expressions=[exp.ExcludeColumnConstraint(this=params)]
    )
    return ddl.add_constraint(table, constraint, D)


def _after_create(table: Table) -> list[str]:
    """What CREATE TABLE leaves out: unique constraints that repeat the key, exclusion constraints."""
    return [*_uniques_after_create(table), *(_add_exclusion(table.name, x) for x in table.exclusions)]


def _uniques_after_create(table: Table) -> list[str]:
    """The unique constraints CREATE TABLE would leave out (see :func:`ddl.repeats_the_key`)."""
    return [
        ddl.add_constraint(table.name, ddl.constraint_unique(u), D)
        for u in table.uniques
        if ddl.repeats_the_key(table, u)
    ]


# wesley-gen's own objects of the swap's stages, named beside what they serve.
_NOT_NULL_SUFFIX = "__wesley_not_null"  # CHECK (c IS NOT NULL), until SET NOT NULL
_KEY_SUFFIX = "__wesley_key"  # the index a key is built from, until attached (and renamed)
_NOT_VALID_PARTITIONED_KEYS_SINCE = 180000  # a partitioned table's foreign key NOT VALID: PostgreSQL 18's


def _not_null_check(context: Context, table: str, column: str) -> str:
    return context.migration.own_name(
        f"{table.rpartition('.')[2]}_{column}".replace(".", "_"), _NOT_NULL_SUFFIX
    )


def _key_index(context: Context, name: str) -> str:
    return context.migration.own_name(name, _KEY_SUFFIX)


_SYNC_SUFFIX = "__wesley_sync"  # the trigger and its function that keep a backfilled column filled


def _sync_task(context: Context, op: Operation) -> BackfillTask:
    """The backfill task of the change ``op`` serves: a shadow column or a new column."""
    return next(t for t in context.migration.backfills if t.change_id == op.items[0].id)


def _sync_names(context: Context, task: BackfillTask) -> tuple[str, str]:
    """The trigger (a name of its table's own) and its function (in the table's schema),
    named after the column they serve, under the names the table has before the swap."""
    schema, dot, bare = task.table.rpartition(".")
    column = (task.source or task.column).replace(".", "_")
    function = context.migration.own_name(f"{schema}{dot}{bare}_{column}", _SYNC_SUFFIX)
    return function.rpartition(".")[2], function


def _of_new_row(task: BackfillTask, value: exp.Expr) -> exp.Expr:
    """The task's value as a trigger computes it from the row being written: each column
    read as ``NEW.<column>``; a value with a subquery, which may read the table's columns
    under the table's name, is evaluated against the row as a one-row table of that name."""
    from sqlglot import exp

    value = value.copy()
    if value.find(exp.Subquery, exp.Select) is not None:
        row = exp.select(exp.Column(this=exp.Star(), table=exp.to_identifier("NEW"))).subquery(
            ident(task.table.rpartition(".")[2])
        )
        return exp.Subquery(this=exp.select(value).from_(row))

    def on_new(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column) and not node.table and isinstance(node.this, exp.Identifier):
            return exp.Column(this=node.this.copy(), table=exp.to_identifier("NEW"))
        return node

    return value.transform(on_new)


# The bodies of the trigger functions: a shadow column always holds its source's converted
# value; a new column gets its value when a write leaves it NULL and, when the value reads
# the row's columns, again on an update that does not set it (the columns may have changed).
_SYNC_SHADOW = "BEGIN NEW.{c} := {v}; RETURN NEW; END"
_SYNC_FILL = "BEGIN IF NEW.{c} IS NULL THEN NEW.{c} := {v}; END IF; RETURN NEW; END"
_SYNC_FOLLOW = (
    "BEGIN IF NEW.{c} IS NULL THEN NEW.{c} := {v};"
    " ELSIF TG_OP = 'UPDATE' THEN IF NEW.{c} IS NOT DISTINCT FROM OLD.{c} THEN NEW.{c} := {v}; END IF;"
    " END IF; RETURN NEW; END"
)


def _sync_body(task: BackfillTask, value: exp.Expr) -> str:
    if task.source is not None:
        template = _SYNC_SHADOW
    else:
        template = _SYNC_FOLLOW if columns_read(task.value) else _SYNC_FILL
    return command(template, c=ident(task.column), v=_of_new_row(task, value))


def _drop_sync(context: Context, task: BackfillTask, table: str) -> list[Drop]:
    """The trigger and its function dropped, whichever of them is there; ``table`` is the
    trigger's table as it is named then (the swap drops it after the renames)."""
    trigger, function = _sync_names(context, task)
    return [
        Drop(
            command("DROP TRIGGER IF EXISTS {n} ON {t}", n=ident(trigger), t=table_ref(table)),
            DbObject("trigger", trigger, table),
        ),
        Drop(command("DROP FUNCTION IF EXISTS {f}()", f=table_ref(function)), DbObject("function", function)),
    ]


def _unique_index(name: str, key: PrimaryKey | UniqueConstraint) -> Index:
    """The index a key is built from: its columns, INCLUDE columns and NULLS NOT DISTINCT,
    which the key takes over from it as they are."""
    return Index(
        name,
        tuple(str(IndexKey(column=c)) for c in key.columns),
        unique=True,
        include=key.include,
        nulls_not_distinct=isinstance(key, UniqueConstraint) and key.nulls_not_distinct,
    )


_ATTACH = {
    True: "ALTER TABLE {t} ADD CONSTRAINT {n} PRIMARY KEY USING INDEX {i}",
    False: "ALTER TABLE {t} ADD CONSTRAINT {n} UNIQUE USING INDEX {i}",
}


def _attach_key(table: str, key: PrimaryKey | UniqueConstraint, index: str) -> str:
    """A key from a unique index built already: a brief lock, no scan (its columns are
    NOT NULL already for a primary key); the index takes the key's name. DEFERRABLE and
    INITIALLY DEFERRED belong to the constraint, not the index: they are stated here."""
    attach = command(
        _ATTACH[isinstance(key, PrimaryKey)],
        t=table_ref(table),
        n=ident(key.name),
        i=ident(index),
    )
    return " ".join([attach, *ddl.deferral(key)])


def _kept_checks(context: Context, table: str, column: str) -> list[CheckConstraint]:
    """The checks on ``column`` that both versions have and no change of the migration
    drops or adds: those in place while the column's type changes (either way)."""
    migration = context.migration
    target = migration.new.table(table)
    before = migration.old.table(context.names.table_before_renames(table))
    if target is None or before is None:
        return []
    added = {(c.change.table, c.change.name) for c in migration.changes if isinstance(c.change, ch.AddCheck)}
    names = {k.name for k in before.checks}
    return [
        k
        for k in target.checks
        if column in ddl.columns_of(k.expression) and k.name in names and (table, k.name) not in added
    ]


def _add_enum_value(context: Context, change: ch.AddEnumValue, schema: Schema) -> str:
    """``schema`` holds the type as it is when the value comes: the old one when the
    migration adds it, the new one when a rollback brings back a value it dropped."""
    from sqlglot import exp

    enum = schema.enum(change.enum) or context.migration.new.enum(change.enum)
    assert enum is not None
    t, v = table_ref(change.enum), exp.Literal.string(change.value)
    if change.after is not None:
        return command(_ADD_VALUE["after"], t=t, v=v, n=exp.Literal.string(change.after))
    first = next((value for value in enum.values if value != change.value), None)
    if first is None:
        return command(_ADD_VALUE[""], t=t, v=v)
    return command(_ADD_VALUE["before"], t=t, v=v, n=exp.Literal.string(first))


def _drop_enum_value(
    context: Context, change: ch.DropEnumValue, schema: Schema, values: tuple[str, ...] | None = None
) -> tuple[list[str], str, list[str]]:
    """PostgreSQL cannot drop an enum value: make the type anew and convert its columns.

    ``schema`` holds the columns to convert and the objects there while it runs: the new
    schema in a swap, the old one when a rollback takes back a value the migration added.
    ``values`` are those of the type made anew (by default the new version's, without
    ``change.value``).  The statements before the drop of the old type, that drop, and those
    after it: the views reading its columns and the functions taking or returning it (which
    block the conversion, and the drop of the type they follow under its retired name) are
    dropped first and made again last.
    """
    migration = context.migration
    if values is None:
        enum = migration.new.enum(change.enum) or migration.old.enum(change.enum)
        assert enum is not None
        values = tuple(v for v in enum.values if v != change.value)
    retired = migration.own_name(change.enum, RETIRED_SUFFIX)
    typed = {(t.name, c.name) for t in schema.tables for c in t.columns if c.type.name == change.enum}

    def blocks(item: OtherObject) -> bool:
        named = reads(item, D) if item.kind in RELATIONS else frozenset()
        return uses_type(item, change.enum) or any(t in named and c in words(item) for t, c in typed)

    drops, creates = remade_around(schema.others, blocks)
    statements = [
        *drops,
        # RENAME TO takes a bare name: the type stays in its schema.
        command("ALTER TYPE {t} RENAME TO {u}", t=table_ref(change.enum), u=table_ref(retired).this),
        _create_enum(change.enum, values),
    ]
    for table in schema.tables:
        for column in table.columns:
            if column.type.name == change.enum:
                statements += _convert_enum_column(table.name, column)
    return statements, fill("DROP TYPE __t", D, t=retired), creates


def _convert_enum_column(table: str, column: Column) -> list[str]:
    """Move a column onto a re-created enum type through its text form."""
    from sqlglot import exp

    text = exp.Cast(this=column_ref(column.name), to=exp.DataType.build("TEXT"))
    converted = exp.Cast(this=text, to=ddl_type(column.type, D))
    t, c = table, column.name
    statements = []
    if column.default is not None:  # a default of the old type cannot convert itself
        statements.append(fill(_ALTER_COLUMN[ch.DropDefault.op], D, t=t, c=c))
    statements.append(_alter_type(t, c, column.type, column, using=converted))
    if column.default is not None:
        statements.append(_set_default(t, c, column.default))
    return statements


def _values_before(context: Context, change: ch.AddEnumValue) -> tuple[str, ...]:
    """An enum's values as they were before ``change`` added one: the old version's
    (values the swap dropped are back once its undo ran) and those added before it."""
    migration = context.migration
    old, new = migration.old.enum(change.enum), migration.new.enum(change.enum)
    assert old is not None and new is not None
    earlier: set[str] = set()
    for item in migration.changes:
        if item.change == change:
            break
        if isinstance(item.change, ch.AddEnumValue) and item.change.enum == change.enum:
            earlier.add(item.change.value)
    kept = set(old.values) | earlier
    return tuple(v for v, _ in merged_values(old.values, new.values) if v in kept)


def _drop_if_exists(kind: str, name: str, inside: str | None = None) -> Drop:
    """A drop that tolerates the object being gone already (rollbacks run from two states),
    with the object it drops; ``inside`` is the table of a column or an index."""
    if kind == "column":
        sql = fill("ALTER TABLE __t DROP COLUMN IF EXISTS __c", D, t=inside, c=name)
    elif kind == "index":
        assert inside is not None
        sql = ddl.drop_index(name, inside, D, if_exists=True)
    else:
        sql = fill(_DROP_IF_EXISTS[kind], D, t=name)
    return Drop(sql, DbObject(kind, name, inside))


_DROP_IF_EXISTS = {
    "table": "DROP TABLE IF EXISTS __t",
    "type": "DROP TYPE IF EXISTS __t",
    "schema": "DROP SCHEMA IF EXISTS __t",  # RESTRICT: never what rollback has not emptied
    "sequence": "DROP SEQUENCE IF EXISTS __t",
}


# --- each change in place (the swap, and the rollback's undo of it) --------------------------


@renders(D, ch.RenameTable.op)
def rename_table(op: Operation, context: Context) -> list[str]:
    change = op.of(ch.RenameTable)
    # RENAME TO takes a bare name: the table stays in its schema.
    statements = [ddl.rename_table(change.table, change.new_name.rpartition(".")[2], D)]
    # Its columns, as they are named when the table is renamed (before the column renames;
    # undone: after theirs are undone), in the old version under either of its names.
    table = context.migration.old.table(change.table) or context.migration.old.table(change.new_name)
    for column in table.columns if table is not None else ():
        if required(context, change.new_name, column.name):
            statements += ddl.rename_not_null(
                change.new_name, (change.table, column.name), (change.new_name, column.name)
            )
    return statements


@renders(D, ch.RedefineTable.op)
def redefine_table(op: Operation, context: Context) -> list[str]:
    """Nothing: the diff refuses SQLite's table options and collations on PostgreSQL, so
    only the registry's rule that every change reverses in place asks for this."""
    return []


@renders(D, RENAME_CONSTRAINT)
def rename_constraint(op: Operation, context: Context) -> list[str]:
    """A constraint the new schema names anew (its table was renamed): kept, index and all."""
    change = op.change
    assert isinstance(
        change,
        ch.AddPrimaryKey | ch.AddUnique | ch.AddCheck | ch.DropPrimaryKey | ch.DropUnique | ch.DropCheck,
    )
    assert change.same_as is not None
    old, new = (change.name, change.same_as) if op.step == UNDO_SWAP else (change.same_as, change.name)
    return [
        command(
            "ALTER TABLE {t} RENAME CONSTRAINT {o} TO {n}",
            t=table_ref(change.table),
            o=ident(old),
            n=ident(new),
        )
    ]


@renders(D, RENAME_INDEX)
def rename_index(op: Operation, context: Context) -> list[str]:
    change = op.of(ch.AddIndex)
    assert change.same_as is not None
    old, new = (change.name, change.same_as) if op.step == UNDO_SWAP else (change.same_as, change.name)
    # RENAME TO takes a bare name: the index stays in its schema.
    return [fill("ALTER INDEX __t RENAME TO __u", D, t=index_table(old, change.table), u=new)]


@renders(D, ch.AlterTableStorage.op)
def alter_table_storage(op: Operation, context: Context) -> list[str]:
    """SET LOGGED / UNLOGGED, then the parameters the new version drops reset and all of its
    own set in its order (PostgreSQL moves a parameter set again to the end: the catalog then
    lists them as the schema does)."""
    change = op.of(ch.AlterTableStorage)
    t = table_ref(change.table)
    statements = []
    if change.old_unlogged != change.new_unlogged:
        statements.append(
            command(
                "ALTER TABLE {t} SET UNLOGGED" if change.new_unlogged else "ALTER TABLE {t} SET LOGGED", t=t
            )
        )
    if change.old_storage != change.new_storage:
        statements += _reset_and_set(_TABLE_STORAGE, t, change.old_storage, change.new_storage)
    return statements


# The templates of RESET (…) and SET (…) of a table's and an index's storage parameters.
_TABLE_STORAGE = ("ALTER TABLE {t} RESET ({p})", "ALTER TABLE {t} SET ({p})")
_INDEX_STORAGE = ("ALTER INDEX {t} RESET ({p})", "ALTER INDEX {t} SET ({p})")


def _reset_and_set(
    templates: tuple[str, str], target: exp.Expr, old: Sequence[str], new: Sequence[str]
) -> list[str]:
    """The parameters the new version drops reset, then all of its own set in its order."""
    kept = {p.partition("=")[0] for p in new}
    gone = [p.partition("=")[0] for p in old if p.partition("=")[0] not in kept]
    statements = []
    if gone:
        statements.append(command(templates[0], t=target, p=_words([", ".join(gone)])))
    if new:
        parameters = ", ".join(p.sql(dialect=D) for p in ddl.storage_parameters(new))
        statements.append(command(templates[1], t=target, p=_words([parameters])))
    return statements


@renders(D, ch.AlterIndexStorage.op)
def alter_index_storage(op: Operation, context: Context) -> list[str]:
    """A catalog change: the index is not rebuilt (pages written from now on follow it)."""
    change = op.of(ch.AlterIndexStorage)
    index = index_table(change.name, change.table)
    return _reset_and_set(_INDEX_STORAGE, index, change.old_storage, change.new_storage)


def _inherited(context: Context, table: Table) -> set[str]:
    """The columns ``table`` takes from the tables of its INHERITS (as either version has them)."""
    found: set[str] = set()
    for name in table.inherits:
        parent = context.migration.new.table(name) or context.migration.old.table(name)
        found |= {c.name for c in parent.columns} if parent is not None else set()
    return found


@renders(D, ch.AddParent.op)
def add_parent(op: Operation, context: Context) -> list[str]:
    """ATTACH PARTITION (SHARE UPDATE EXCLUSIVE on the parent; the table is scanned for a row
    outside the bound, as is a DEFAULT partition for one inside it) or INHERIT."""
    change = op.of(ch.AddParent)
    # Rolling back a detach: the table takes again the columns the parent gained (see drop_parent).
    taken = [
        ddl.add_column(
            change.table, ddl.column_def(c, D, table=change.table, standalone=context.sequences), D
        )
        for c in (_gained_from_parent(context, change.table, change.parent) if op.step == UNDO_SWAP else ())
    ]
    if change.bound is None:
        return [
            *taken,
            command("ALTER TABLE {t} INHERIT {p}", t=table_ref(change.table), p=table_ref(change.parent)),
        ]
    return [
        *taken,
        command(
            "ALTER TABLE {p} ATTACH PARTITION {t} {b}",
            p=table_ref(change.parent),
            t=table_ref(change.table),
            b=_words([change.bound]),
        ),
    ]


def _gained_from_parent(context: Context, table: str, parent: str) -> list[Column]:
    """The columns ``parent`` gains in this migration (expand adds them, so they reach ``table``
    while it is still attached) that ``table`` does not have once let go: a detached partition
    or an inheriting table keeps every column it had, its parent's included."""
    old, new = context.migration.old.tables_by_name(), context.migration.new.tables_by_name()
    if parent not in old or parent not in new or table not in new:
        return []
    had = {c.name for c in old[parent].columns} | {c.name for c in new[table].columns}
    return [c for c in new[parent].columns if c.name not in had]


@renders(D, ch.DropParent.op)
def drop_parent(op: Operation, context: Context) -> list[str]:
    """DETACH PARTITION or NO INHERIT: the table stays, with its rows and columns."""
    change = op.of(ch.DropParent)
    gained = [] if op.step == UNDO_SWAP else _gained_from_parent(context, change.table, change.parent)
    if change.bound is None:
        let_go = command(
            "ALTER TABLE {t} NO INHERIT {p}", t=table_ref(change.table), p=table_ref(change.parent)
        )
    else:
        let_go = command(
            "ALTER TABLE {p} DETACH PARTITION {t}", p=table_ref(change.parent), t=table_ref(change.table)
        )
    return [let_go, *(_drop_column(change.table, c.name) for c in gained)]


@renders(D, ch.AddTable.op)
def add_table(op: Operation, context: Context) -> list[str]:
    change = op.of(ch.AddTable)
    return [
        ddl.create_table(
            change.definition,
            D,
            standalone=context.sequences,
            inherited=_inherited(context, change.definition),
        ),
        *_after_create(change.definition),
        *(ddl.create_index(i, change.table, D) for i in change.definition.indexes),
    ]


@renders(D, ch.AddColumn.op)
def add_column(op: Operation, context: Context) -> list[str]:
    change = op.of(ch.AddColumn)
    return [
        ddl.add_column(
            change.table,
            ddl.column_def(change.definition, D, table=change.table, standalone=context.sequences),
            D,
        )
    ]


@renders(D, ch.DropColumn.op)
def drop_column(op: Operation, context: Context) -> list[str]:
    change = op.of(ch.DropColumn)
    return [_drop_column(change.table, change.column)]


@renders(D, ch.AlterColumnType.op)
def alter_column_type(op: Operation, context: Context) -> list[str]:
    # PostgreSQL keeps a check through a type change by re-reading it against the new type,
    # with casts the schema never had: the kept checks are made anew.
    change = op.of(ch.AlterColumnType)
    checks = _kept_checks(context, change.table, change.column)
    return [
        *(_drop_constraint(change.table, k.name, if_exists=op.step == UNDO_SWAP) for k in checks),
        _alter_type(
            change.table,
            change.column,
            change.new_type,
            _column_after(context, op, change.table, change.column),
        ),
        *_serial_retyped(context.migration.new, change.table, change.column, change.new_type),
        *(ddl.add_constraint(change.table, ddl.constraint_check(k, D), D) for k in checks),
    ]


@renders(D, ch.AlterColumnCollation.op)
def alter_column_collation(op: Operation, context: Context) -> list[str]:
    """``ALTER COLUMN … TYPE`` of the column's type (the new version's: a type change runs before
    and is undone after) with the collation, ``"default"`` for the type's own."""
    change = op.of(ch.AlterColumnCollation)
    target = context.migration.new.table(change.table)
    column = target.column(change.column) if target is not None else None
    assert column is not None
    named = replace(column, collation=change.new_collation or "default")
    return [
        command(
            "ALTER TABLE {t} ALTER COLUMN {c} TYPE {y} COLLATE {n}",
            t=table_ref(change.table),
            c=ident(change.column),
            y=ddl_type(column.type, D),
            n=ddl.collation(named, D),
        )
    ]


@renders(D, ch.SetNotNull.op, ch.DropNotNull.op)
def alter_column(op: Operation, context: Context) -> list[str]:
    """A fixed ALTER COLUMN statement: DROP NOT NULL, and SET NOT NULL where a rollback
    brings it back (the swap's, a change of its own or a new column once the backfill
    filled it, goes through :func:`not_null`)."""
    change = op.change
    assert change is not None and change.table is not None and change.column is not None
    statement = fill(_ALTER_COLUMN[op.action], D, t=change.table, c=change.column)
    if op.action != ch.SetNotNull.op:
        return [statement]
    return [statement, *_named_not_null(context, change.table, change.column, undo=op.step == UNDO_SWAP)]


def _named_not_null(context: Context, table: str, column: str, *, undo: bool) -> list[str]:
    """After SET NOT NULL on ``table.column`` (named as they are when it runs): the constraint
    PostgreSQL 18 made under its own name renamed as the version it ends in names it (the
    old one when ``undo``), where that is another name."""
    if undo:
        before = context.names.table_before_renames(table)
        found = context.migration.old.table(before)
        defined = found.column(context.names.column_before_renames(table, column)) if found else None
    else:
        found = context.migration.new.table(table)
        defined = found.column(column) if found else None
    if defined is None or defined.not_null_name is None or defined.nullable:
        return []
    return [ddl.rename_not_null_constraint(table, not_null_name(table, column), defined.not_null_name)]


@renders(D, ch.RenameNotNull.op)
def rename_not_null(op: Operation, context: Context) -> list[str]:
    change = op.of(ch.RenameNotNull)
    return [ddl.rename_not_null_constraint(change.table, change.old_name, change.new_name)]


def _own_sequence(context: Context, table: str, column: str, default: str | None) -> str | None:
    """The sequence a default draws from when it makes the column a ``serial``: named
    after the column, not one the schema creates itself (PostgreSQL's own for a serial)."""
    if default is None:
        return None
    name = serial_sequence(table, column)
    return name if default == f"NEXTVAL('{name}')" and name not in context.sequences else None


@renders(D, ch.DropDefault.op)
def drop_default(op: Operation, context: Context) -> list[str]:
    """DROP DEFAULT; a serial's own sequence goes with its default (a schema that still had
    it would state it)."""
    change = op.of(ch.DropDefault)
    statements = [fill(_ALTER_COLUMN[op.action], D, t=change.table, c=change.column)]
    sequence = _own_sequence(context, change.table, change.column, change.old_default)
    if sequence is not None:
        statements.append(fill("DROP SEQUENCE IF EXISTS __t", D, t=sequence))
    return statements


@renders(D, ch.SetDefault.op)
def set_default(op: Operation, context: Context) -> list[str]:
    """SET DEFAULT; a default that makes the column a serial gets its sequence first, of
    the column's type and owned by it, as ``serial`` makes it."""
    change = op.of(ch.SetDefault)
    sequence = _own_sequence(context, change.table, change.column, change.new_default)
    # In expand (a new serial column's default), the table has its name before the renames;
    # its sequence is named after the new one, as the new version has it.
    at = context.names.table_before_renames(change.table) if op.step == EXPAND else change.table
    statements = []
    if (
        sequence is not None
        and _own_sequence(context, change.table, change.column, change.old_default) is None
    ):
        schema = context.migration.old if op.step == UNDO_SWAP else context.migration.new
        table = schema.table(
            change.table if op.step != UNDO_SWAP else context.names.table_before_renames(change.table)
        )
        defined = table.column(change.column) if table is not None else None
        typed = defined is not None and defined.type.name in SEQUENCE_RANGES and not defined.type.array_dims
        kind = ["AS", defined.type.name] if typed and defined is not None else []
        owner = _owner(f"{at}.{change.column}")
        clauses = _words([*kind, owner])
        statements.append(command("CREATE SEQUENCE IF NOT EXISTS {s} {c}", s=table_ref(sequence), c=clauses))
    return [*statements, _set_default(at, change.column, change.new_default)]


@renders(D, NOT_NULL)
def not_null(op: Operation, context: Context) -> list[str]:
    """SET NOT NULL without a scan under ACCESS EXCLUSIVE, a stage at a time: a check
    ``NOT VALID`` (brief lock, no scan), validated (SHARE UPDATE EXCLUSIVE: writes go on),
    then SET NOT NULL, which PostgreSQL 12+ proves from the check, and the check dropped."""
    change = op.change
    assert change is not None and change.table is not None and change.column is not None
    t, c = change.table, change.column
    check = _not_null_check(context, t, c)
    if op.stage == CONSTRAIN:
        return [
            command(
                "ALTER TABLE {t} ADD CONSTRAINT {n} CHECK ({c} IS NOT NULL) NOT VALID",
                t=table_ref(t),
                n=ident(check),
                c=column_ref(c),
            )
        ]
    if op.stage == VALIDATE:
        return [_validate(t, check)]
    return [_set_not_null(t, c), *_named_not_null(context, t, c, undo=False), _drop_constraint(t, check)]


@renders(D, DROP_NOT_NULL_CHECK)
def drop_not_null_check(op: Operation, context: Context) -> list[str]:
    change = op.change
    assert change is not None and change.table is not None and change.column is not None
    return [
        _drop_constraint(change.table, _not_null_check(context, change.table, change.column), if_exists=True)
    ]


@renders(D, ch.AddPrimaryKey.op, ch.AddUnique.op)
def add_key(op: Operation, context: Context) -> list[str]:
    """In the swap, a unique index built CONCURRENTLY (no lock on writes) and then attached
    as the key; in a rollback, which puts back what the swap dropped, the key made at once."""
    change = op.change
    assert isinstance(change, ch.AddPrimaryKey | ch.AddUnique)
    key = change.definition
    if op.stage == BUILD:
        return ddl.build_index(_unique_index(_key_index(context, key.name), key), change.table, D)
    if op.stage == ATTACH:
        return [_attach_key(change.table, key, _key_index(context, key.name))]
    made = ddl.constraint_primary_key(key) if isinstance(key, PrimaryKey) else ddl.constraint_unique(key)
    return [ddl.add_constraint(change.table, made, D)]


@renders(D, DROP_KEY_INDEX)
def drop_key_index(op: Operation, context: Context) -> list[str]:
    """The index of a key the swap built but did not attach yet (attached, it was renamed)."""
    change = op.change
    assert isinstance(change, ch.AddPrimaryKey | ch.AddUnique)
    return [
        ddl.drop_index(_key_index(context, change.name), change.table, D, if_exists=True, concurrently=True)
    ]


@renders(D, ch.AddCheck.op)
def add_check(op: Operation, context: Context) -> list[str]:
    """NOT VALID (brief lock, no scan), then validated in a transaction of its own; a
    rollback, one transaction, does both in it."""
    change = op.of(ch.AddCheck)
    check = change.definition
    added = ddl.add_constraint(change.table, ddl.constraint_check(check, D), D, not_valid=True)
    validated = [_validate(change.table, check.name)] if check.valid else []  # NOT VALID: stays so
    return {CONSTRAIN: [added], VALIDATE: validated}.get(op.stage, [added, *validated])


@renders(D, ch.AddForeignKey.op)
def add_foreign_key(op: Operation, context: Context) -> list[str]:
    """A key made with its table is valid at once; any other is added NOT VALID and then
    validated, in the swap in a transaction of its own, so that existing rows are checked
    without blocking writes (a rollback, one transaction, does both in it)."""
    change = op.of(ch.AddForeignKey)
    fk = change.definition
    if change.with_table and fk.valid and op.stage not in (ATTACH, VALIDATE_KEYS):
        return [ddl.add_constraint(change.table, ddl.foreign_key(fk), D)]
    added = ddl.add_constraint(change.table, ddl.foreign_key(fk), D, not_valid=True)
    if fk.valid and _partitioned(context, change.table, undo=op.step == UNDO_SWAP):
        # Before PostgreSQL 18 a partitioned table's key cannot be NOT VALID: added valid there,
        # its partitions' rows checked as it is (VALIDATE then finds it valid).
        valid = ddl.add_constraint(change.table, ddl.foreign_key(fk), D)
        added = ddl.since_server(_NOT_VALID_PARTITIONED_KEYS_SINCE, added, valid)
    validated = [_validate(change.table, fk.name)] if fk.valid else []  # NOT VALID: stays so
    return {ATTACH: [added], VALIDATE_KEYS: validated}.get(op.stage, [added, *validated])


def _partitioned(context: Context, table: str, *, undo: bool) -> bool:
    """Whether ``table`` is a partitioned table where the statement runs: in the new version,
    or in the old one for a rollback (named as before or after the migration's renames)."""
    version = context.migration.old if undo else context.migration.new
    found = (version.table(name) for name in (table, context.names.table_before_renames(table)))
    return any(t is not None and t.partition_by is not None for t in found)


@renders(D, "drop_primary_key", "drop_unique", "drop_check", "drop_foreign_key", "drop_exclusion")
def drop_constraint(op: Operation, context: Context) -> list[str]:
    change = op.change
    assert change is not None and change.table is not None and change.name is not None
    return [_drop_constraint(change.table, change.name, if_exists=op.step == UNDO_SWAP)]


@renders(D, BUILD_INDEX)
def build_index(op: Operation, context: Context) -> list[str]:
    """An index the swap builds after its transaction (or a rollback after its own).  Where the
    migration both drops and adds an index of its name (its key changes), the other's ``DROP
    INDEX CONCURRENTLY IF EXISTS`` runs first, both ways: the build does not repeat it."""
    change = op.of(ch.AddIndex)
    built = ddl.build_index(change.definition, change.table, D)
    kinds = {
        type(c.change)
        for c in context.migration.changes
        if isinstance(c.change, ch.DropIndex | ch.AddIndex) and c.change.name == change.name
    }
    return built[1:] if kinds == {ch.DropIndex, ch.AddIndex} else built


@renders(D, DROP_INDEX_CONCURRENTLY)
def drop_index_concurrently(op: Operation, context: Context) -> list[str]:
    change = op.change
    assert isinstance(change, ch.AddIndex | ch.DropIndex)
    return [ddl.drop_index(change.name, change.table, D, if_exists=True, concurrently=True)]


@renders(D, ch.AddSchema.op)
def add_schema(op: Operation, context: Context) -> list[str]:
    return [fill("CREATE SCHEMA __s", D, s=op.of(ch.AddSchema).schema)]


@renders(D, ch.DropSchema.op)
def drop_schema(op: Operation, context: Context) -> list[str]:
    # RESTRICT, PostgreSQL's default: it fails on anything wesley-gen does not model still in it.
    return [fill("DROP SCHEMA __s", D, s=op.of(ch.DropSchema).schema)]


@renders(D, ch.AddEnum.op)
def add_enum(op: Operation, context: Context) -> list[str]:
    enum = op.of(ch.AddEnum).definition
    return [_create_enum(enum.name, enum.values)]


@renders(D, ch.DropEnum.op)
def drop_enum(op: Operation, context: Context) -> list[str]:
    return [fill("DROP TYPE __t", D, t=op.of(ch.DropEnum).name)]


@renders(D, ch.AddExclusion.op)
def add_exclusion(op: Operation, context: Context) -> list[str]:
    change = op.of(ch.AddExclusion)
    return [_add_exclusion(change.table, change.definition)]


@renders(D, ch.AddType.op)
def add_type(op: Operation, context: Context) -> list[str]:
    return _create_user_type(op.of(ch.AddType).definition)


@renders(D, ch.DropType.op)
def drop_type(op: Operation, context: Context) -> list[str]:
    definition = op.of(ch.DropType).definition
    return [command(_DROP_USER_TYPE[isinstance(definition, Domain), False], D, t=table_ref(definition.name))]


@renders(D, ch.AlterDomain.op)
def alter_domain(op: Operation, context: Context) -> list[str]:
    change = op.of(ch.AlterDomain)
    if op.stage == VALIDATE:
        t = table_ref(change.name)
        return [
            command("ALTER DOMAIN {t} VALIDATE CONSTRAINT {n}", t=t, n=ident(check.name))
            for check in change.added_checks
        ]
    return _alter_domain(change.before, change.definition, not_valid=op.step == SWAP)


@renders(D, ch.AlterComposite.op)
def alter_composite(op: Operation, context: Context) -> list[str]:
    return _alter_composite(op.of(ch.AlterComposite))


@renders(D, ch.ReplaceRange.op)
def replace_range(op: Operation, context: Context) -> list[str]:
    change = op.of(ch.ReplaceRange)
    return [
        command(_DROP_USER_TYPE[False, False], D, t=table_ref(change.name)),
        _create_range(change.definition),
    ]


@renders(D, ch.AddEnumValue.op)
def add_enum_value(op: Operation, context: Context) -> list[str]:
    # Placed among the values the type has then: a rollback brings back a dropped value
    # into the new type.
    schema = context.migration.new if op.step == UNDO_SWAP else context.migration.old
    return [_add_enum_value(context, op.of(ch.AddEnumValue), schema)]


@renders(D, ch.DropEnumValue.op)
def drop_enum_value(op: Operation, context: Context) -> list[str]:
    convert, drop, remade = _drop_enum_value(context, op.of(ch.DropEnumValue), context.migration.new)
    return [*convert, drop, *remade]


@renders(D, ch.SetExpression.op)
def set_expression(op: Operation, context: Context) -> list[str]:
    """PostgreSQL 17+: the generated column recomputed for every row from its new expression."""
    change = op.of(ch.SetExpression)
    expression = ddl_expression(change.new_expression, D, bracketed=True)
    if op.step == UNDO_SWAP and any(t == change.table for t, _ in context.names.column_before):
        # The old expression, run before the renames are undone: under the columns' new names.
        expression = context.names.after_renames(change.table, parse_expression(change.new_expression))
    return [
        command(
            "ALTER TABLE {t} ALTER COLUMN {c} SET EXPRESSION AS ({e})",
            t=table_ref(change.table),
            c=ident(change.column),
            e=expression,
        )
    ]


@renders(D, ch.DropExpression.op)
def drop_expression(op: Operation, context: Context) -> list[str]:
    """The column keeps the values computed so far and becomes a plain one."""
    change = op.of(ch.DropExpression)
    return [
        command(
            "ALTER TABLE {t} ALTER COLUMN {c} DROP EXPRESSION",
            t=table_ref(change.table),
            c=ident(change.column),
        )
    ]


@renders(D, ch.AddIdentity.op)
def add_identity(op: Operation, context: Context) -> list[str]:
    """The column gets its sequence, moved past the largest value the column holds so that
    the next insert does not collide with an existing row (``setval`` of NULL, an empty
    table, does nothing)."""
    from sqlglot import exp

    change = op.of(ch.AddIdentity)
    target = context.migration.new.table(change.table)
    defined = target.column(change.column) if target is not None else None
    type_name = defined.type.name if defined is not None else "bigint"
    clause = ddl.identity_clause(change.identity, type_name)
    table, column = table_ref(change.table), ident(change.column)
    t = table.sql(dialect=D)
    attach = command("ALTER TABLE {t} ALTER COLUMN {c} ADD {a}", t=table, c=column, a=_words([clause]))
    sequence = exp.var(
        command(
            "pg_get_serial_sequence({t}, {c})", t=exp.Literal.string(t), c=exp.Literal.string(change.column)
        )
    )
    if isinstance(op.items[0].change, ch.AddColumn):
        # A new column, numbered by its own sequence until now: the identity continues from
        # where that one is (no scan of the column), and it goes.  It no longer belongs to the
        # column first: pg_get_serial_sequence returns whichever sequence of the column it
        # meets first, and on PostgreSQL 15 that was the numbering one, so the identity
        # started again from 1 over the numbered rows.
        numbering = table_ref(numbering_sequence(change.table, change.column))
        return [
            command("ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT", t=table, c=column),
            command("ALTER SEQUENCE {n} OWNED BY NONE", n=numbering),
            attach,
            command("SELECT setval({s}, last_value, is_called) FROM {n}", s=sequence, n=numbering),
            command("DROP SEQUENCE {n}", n=numbering),
        ]
    statements = [attach]
    if change.identity.options.increment > 0:
        statements.append(command("SELECT setval({s}, MAX({c})) FROM {t}", s=sequence, c=column, t=table))
    return statements


@renders(D, NUMBER_IDENTITY)
def number_identity(op: Operation, context: Context) -> list[str]:
    """A new identity column's rows numbered, until the swap attaches the identity, by a
    sequence of the identity's type and options, owned by the column (its default); named
    after the table's new name (the swap's attach stage, after the renames, names it so), on
    the table under its name before the renames."""
    change = op.of(ch.AddColumn)
    column = change.definition
    assert column.identity is not None
    name = numbering_sequence(change.table, change.column)
    table = context.names.table_before_renames(change.table)
    clauses = [
        " ".join(("AS", column.type.name)),
        *sequence_clauses(column.identity.options, column.type.name),
        _owner(f"{table}.{change.column}"),
    ]
    return [
        command("CREATE SEQUENCE {s} {c}", s=table_ref(name), c=_words(clauses)),
        _set_default(table, change.column, f"NEXTVAL('{name}')"),
    ]


@renders(D, ch.DropIdentity.op)
def drop_identity(op: Operation, context: Context) -> list[str]:
    """DROP IDENTITY; in a rollback IF EXISTS, since a swap that stopped before its attach
    stage has not added it yet."""
    change = op.of(ch.DropIdentity)
    template = (
        "ALTER TABLE {t} ALTER COLUMN {c} DROP IDENTITY IF EXISTS"
        if op.step == UNDO_SWAP
        else "ALTER TABLE {t} ALTER COLUMN {c} DROP IDENTITY"
    )
    return [command(template, t=table_ref(change.table), c=ident(change.column))]


@renders(D, ch.AlterIdentity.op)
def alter_identity(op: Operation, context: Context) -> list[str]:
    from sqlglot import exp

    change = op.of(ch.AlterIdentity)
    clauses = ddl.option_changes(change.old.options, change.new.options)
    if change.old.always != change.new.always:
        clauses.insert(0, "GENERATED ALWAYS" if change.new.always else "GENERATED BY DEFAULT")
    table = table_ref(change.table)
    settings = [word for clause in clauses for word in ("SET", clause)]
    sequence = exp.var(
        command(
            "pg_get_serial_sequence({t}, {c})",
            t=exp.Literal.string(table.sql(dialect=D)),
            c=exp.Literal.string(change.column),
        )
    )
    return [
        _restarted_within_bounds(
            lambda extra: command(
                "ALTER TABLE {t} ALTER COLUMN {c} {s}",
                t=table,
                c=ident(change.column),
                s=_words(settings + extra),
            ),
            sequence,
            change.old.options,
            change.new.options,
        )
    ]


def _restarted_within_bounds(
    alter: Callable[[list[str]], str], sequence: exp.Expr, old: SequenceOptions, new: SequenceOptions
) -> str:
    """``alter([])``, the statement that takes a sequence's options from ``old`` to ``new``;
    or, where the new bound the sequence counts away from moves past where it may be (a
    MINVALUE raised under an ascending one, a MAXVALUE lowered over a descending one), a
    block that restarts it at that bound when its value (``last_value``) is beyond it:
    PostgreSQL refuses a bound the sequence's value lies outside, and every value the
    sequence gave is beyond the bound, so the next one from the bound is new.  A value
    beyond the other bound (the sequence would be used up) is left for PostgreSQL to refuse.
    ``sequence``: an expression for the sequence's name."""
    from sqlglot import exp

    if new.increment > 0 and new.minvalue > old.minvalue:
        bound, beyond = new.minvalue, "<"
    elif new.increment < 0 and new.maxvalue < old.maxvalue:
        bound, beyond = new.maxvalue, ">"
    else:
        return alter([])
    return command(
        "DO $wesley$ DECLARE v bigint; BEGIN EXECUTE format('SELECT last_value FROM %s', {s}) INTO v;"
        " IF v {beyond} {b} THEN {restart}; ELSE {alter}; END IF; END $wesley$",
        s=sequence,
        beyond=exp.var(beyond),
        b=exp.Literal.number(bound),
        restart=exp.var(alter(["RESTART WITH", str(bound)])),
        alter=exp.var(alter([])),
    )


@renders(D, ch.AddSequence.op)
def add_sequence(op: Operation, context: Context) -> list[str]:
    """A sequence made again by a rollback, with its owner (whose table exists again)."""
    return [_create_sequence(op.of(ch.AddSequence).definition, owned=True)]


@renders(D, "expand_sequence")
def expand_sequence(op: Operation, context: Context) -> list[str]:
    """A new sequence before the tables whose defaults draw from it; its owner comes in the swap."""
    return [_create_sequence(op.of(ch.AddSequence).definition, owned=False)]


@renders(D, "own_sequence")
def own_sequence(op: Operation, context: Context) -> list[str]:
    sequence = op.of(ch.AddSequence).definition
    return [_alter_sequence(sequence.name, [_owner(sequence.owned_by)])]


@renders(D, ch.AlterSequence.op)
def alter_sequence(op: Operation, context: Context) -> list[str]:
    from sqlglot import exp

    change = op.of(ch.AlterSequence)
    old, new = change.old, change.new
    clauses = [" ".join(("AS", new.type))] if old.type != new.type else []
    clauses += ddl.option_changes(old.options, new.options)
    if old.owned_by != new.owned_by:
        clauses.append(_owner(new.owned_by))
    name = exp.Literal.string(table_ref(new.name).sql(dialect=D))
    return [
        _restarted_within_bounds(
            lambda extra: _alter_sequence(new.name, clauses + extra),
            exp.Cast(this=name, to=exp.DataType.build("regclass", dialect=D)),
            old.options,
            new.options,
        )
    ]


@renders(D, ch.DropSequence.op)
def drop_sequence(op: Operation, context: Context) -> list[str]:
    """``IF EXISTS``: a sequence owned by a column the migration drops is gone with it."""
    return [fill("DROP SEQUENCE IF EXISTS __t", D, t=op.of(ch.DropSequence).name)]


# --- expand: what breaks nothing, under the names before the renames -------------------------


@renders(D, "expand_table")
def expand_table(op: Operation, context: Context) -> list[str]:
    """A new table, without the foreign keys the swap adds later (they close a cycle or
    reference a table the swap re-keys), referencing tables under their current names."""
    change = op.of(ch.AddTable)
    late = {
        c.change.name
        for c in context.migration.changes
        if isinstance(c.change, ch.AddForeignKey) and c.change.table == change.table
    }
    names = context.names
    keys = [
        names.reference_before_renames(fk) for fk in change.definition.foreign_keys if fk.name not in late
    ]
    return [
        ddl.create_table(
            change.definition,
            D,
            foreign_keys=keys,
            standalone=context.sequences,
            inherited=_inherited(context, change.definition),
        ),
        *_after_create(change.definition),
        *(ddl.create_index(index, change.table, D) for index in change.definition.indexes),
    ]


@renders(D, "widen_type")
def widen_type(op: Operation, context: Context) -> list[str]:
    change = op.of(ch.AlterColumnType)
    names = context.names
    table = names.table_before_renames(change.table)
    column = names.column_before_renames(change.table, change.column)
    return [
        _alter_type(table, column, change.new_type, _column_after(context, op, change.table, change.column)),
        *_serial_retyped(context.migration.new, change.table, change.column, change.new_type),
    ]


@renders(D, SYNC)
def sync(op: Operation, context: Context) -> list[str]:
    """Before the backfill starts, in expand's transaction: a trigger that fills the column
    on every row the application writes from then on, so that nothing written before the
    swap is lost or left empty and the swap has nothing to catch up.  In the swap, after
    its renames: the function made again, reading the columns under their new names."""
    task = _sync_task(context, op)
    trigger, function = _sync_names(context, task)
    if op.step == SWAP:
        value = context.names.after_renames(task.target_table, task.value)
        return [_sync_function(function, _sync_body(task, value), replace=True)]
    return [
        _sync_function(function, _sync_body(task, task.value), replace=False),
        command(
            "CREATE TRIGGER {n} BEFORE INSERT OR UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION {f}()",
            n=ident(trigger),
            t=table_ref(task.table),
            f=table_ref(function),
        ),
    ]


def sync_note(op: Operation, context: Context) -> str:
    """What a trigger operation does, for the plan's actions and ``explain``."""
    task = _sync_task(context, op)
    trigger, _ = _sync_names(context, task)
    where = f"{op.items[0].id} trigger {trigger} on {task.table}"
    if op.action == DROP_SYNC:
        return f"{where} dropped: {task.target_table}.{task.target_column} needs it no longer"
    if op.step == SWAP:
        return f"{where}: its function made again to read the columns under their new names"
    if task.source is not None:
        return f"{where} (before the backfill): every row written gets {task.column} = the converted {task.source}"
    return f"{where} (before the backfill): every row written without {task.column} gets its backfill value"


_CREATE_FUNCTION = {
    False: "CREATE FUNCTION {f}() RETURNS trigger LANGUAGE plpgsql AS {b}",
    True: "CREATE OR REPLACE FUNCTION {f}() RETURNS trigger LANGUAGE plpgsql AS {b}",
}


def _sync_function(function: str, body: str, *, replace: bool) -> str:
    return command(_CREATE_FUNCTION[replace], f=table_ref(function), b=_dollar_quoted(body))


def _dollar_quoted(body: str) -> exp.Expr:
    """``body`` between dollar quotes whose tag it does not contain."""
    from sqlglot import exp

    tag = "$wesley$"
    while tag in body:
        tag = tag[:-1] + "_$"
    return exp.var(f"{tag}{body}{tag}")


def vacuums(migration: Migration) -> list[str]:
    """Before the swap, each backfilled table vacuumed and analyzed, outside any transaction
    (SHARE UPDATE EXCLUSIVE: reads and writes go on).  The backfill left a dead version of
    every row it filled: the swap's checks and its VALIDATE scans would otherwise prune them
    and set their hint bits page by page, a burst of WAL (full-page images, with data
    checksums) that the application's commits queue behind; and an autovacuum started then
    would sit in the way of the swap's brief ACCESS EXCLUSIVE locks until deadlock_timeout.
    At a gentler pace than autovacuum's (``vacuum_cost_delay``, for this session), and with a
    larger ring of buffers, its writes handed to the disk as they go (the settings of
    :data:`wesley_gen.runtime.vacuum.VACUUM_SESSION`), so that its own WAL and dirty pages are spread out rather
    than written in bursts that the application's commits queue behind.  ``TRUNCATE false``: the empty pages at the end
    of the table stay (the table's own inserts reuse them); cutting them off takes an ACCESS
    EXCLUSIVE lock, which stops every read and write of the table while it is held."""
    tables = dict.fromkeys(task.table for task in migration.backfills)
    vacuums = [command("VACUUM (ANALYZE, TRUNCATE false) {t}", t=table_ref(table)) for table in tables]
    return [*VACUUM_SESSION, *vacuums] if vacuums else []


@renders(D, DROP_SYNC)
def drop_sync(op: Operation, context: Context) -> list[str]:
    """In the swap: the trigger is no longer needed once the shadow column takes the place
    of its source (in the swap's transaction), or once a new column is NOT NULL."""
    task = _sync_task(context, op)
    return [drop.sql for drop in _drop_sync(context, task, task.target_table)]


@renders(D, "swap_shadow")
def swap_shadow(op: Operation, context: Context) -> list[str]:
    """The shadow column takes the place of the column it converts: catalog changes only."""
    change = op.of(ch.AlterColumnType)
    migration = context.migration
    task = migration.shadow_of(op.items[0].id)
    assert task is not None
    shadow = task.column
    # A type change runs after the renames: it already names the table and column anew.
    target = migration.new.table(change.table)
    assert target is not None
    column = target.column(change.column)
    assert column is not None
    # Rows written since the backfill started are converted already, by the trigger
    # that the swap dropped just before: no catch-up, no lock held through a scan.
    t, c = change.table, change.column
    if is_key_column(target, column.name):
        # A key column cannot be dropped from under its references: convert in place.
        converted = _alter_type(t, c, change.new_type, column, using=column_ref(shadow))
        retyped = _serial_retyped(migration.new, t, c, change.new_type)
        return [converted, *retyped, _drop_column(t, shadow)]
    statements: list[str] = []
    # A serial's own sequence would go with the column it belongs to: kept, then given to the new one.
    sequence = _own_sequence(context, t, c, column.default)
    if sequence is not None:
        statements.append(_alter_sequence(sequence, [_owner(None)]))
    statements += [_drop_column(t, c), ddl.rename_column(t, shadow, c, D)]
    if sequence is not None:
        statements += [
            *_serial_retyped(migration.new, t, c, change.new_type),
            _alter_sequence(sequence, [_owner(f"{t}.{c}")]),
        ]
    if column.default is not None:
        statements.append(_set_default(t, c, column.default))
    return statements  # NOT NULL and what the old column took with it: the stages after


@renders(D, RECREATE)
def recreate(op: Operation, context: Context) -> list[str]:
    """Dropping the old column dropped its indexes and constraints: those the table had
    before and keeps are made anew, unless a change of the migration adds them anyway,
    a stage at a time (indexes and the keys' indexes built CONCURRENTLY, checks NOT VALID
    then validated, keys attached)."""
    change = op.of(ch.AlterColumnType)
    task = context.migration.shadow_of(op.items[0].id)
    target = context.migration.new.table(change.table)
    assert task is not None and target is not None
    uniques, checks, indexes = _recreated(context, task.table, target, change.column)
    t = target.name
    if op.step == UNDO_SWAP:
        return _recreated_again(context, op, task.table, (uniques, indexes))
    if op.stage == BUILD:
        built = [_unique_index(_key_index(context, u.name), u) for u in uniques if not u.without_overlaps]
        return [s for index in (*indexes, *built) for s in ddl.build_index(index, t, D)]
    if op.stage == CONSTRAIN:
        return [ddl.add_constraint(t, ddl.constraint_check(k, D), D, not_valid=True) for k in checks]
    if op.stage == VALIDATE:
        return [_validate(t, k.name) for k in checks if k.valid]  # NOT VALID: stays so
    # A key WITHOUT OVERLAPS has no unique index to attach: it is added as it is (see phases).
    return [
        ddl.add_constraint(t, ddl.constraint_unique(u), D)
        if u.without_overlaps
        else _attach_key(t, u, _key_index(context, u.name))
        for u in uniques
    ]


def _recreated_again(
    context: Context, op: Operation, old_name: str, made: tuple[list[UniqueConstraint], list[Index]]
) -> list[str]:
    """The undo of :func:`recreate`, whichever stage the swap reached: before the undo's
    transaction the indexes it built are dropped CONCURRENTLY, in it the unique keys are
    made again, after it the indexes are built again CONCURRENTLY, under the old names."""
    change = op.of(ch.AlterColumnType)
    uniques, indexes = made
    t = change.table
    if op.outside == BEFORE:
        built = [_key_index(context, u.name) for u in uniques if not u.without_overlaps]
        names = built + [i.name for i in indexes]
        return [ddl.drop_index(name, t, D, if_exists=True, concurrently=True) for name in names]
    if op.outside == AFTER:
        old_table = context.migration.old.table(old_name)
        assert old_table is not None
        again = [i for i in old_table.indexes if i.name in {index.name for index in indexes}]
        return [s for index in again for s in ddl.build_index(index, old_name, D)]
    statements = []
    for u in uniques:
        statements += [
            _drop_constraint(t, u.name, if_exists=True),
            ddl.add_constraint(t, ddl.constraint_unique(u), D),
        ]
    return statements


def _recreated(
    context: Context, old_name: str, target: Table, c: str
) -> tuple[list[UniqueConstraint], list[CheckConstraint], list[Index]]:
    """The uniques, checks and indexes on column ``c`` of ``target`` that the table had
    before and keeps, and that no change of the migration adds anyway."""
    migration = context.migration
    t = target.name
    old_table = migration.old.table(old_name)
    added = {
        (i.change.table, i.change.name)
        for i in migration.changes
        if isinstance(i.change, ch.AddUnique | ch.AddCheck | ch.AddIndex)
    }

    def kept(name: str, kind: str) -> bool:
        before = {item.name for item in getattr(old_table, kind, ())}
        return name in before and (t, name) not in added

    uniques = [u for u in target.uniques if c in u.columns and kept(u.name, "uniques")]
    checks = [k for k in target.checks if c in ddl.columns_of(k.expression) and kept(k.name, "checks")]
    indexes = [
        index
        for index in target.indexes
        if c in {name for key in index.keys for name in key.columns()} and kept(index.name, "indexes")
    ]
    return uniques, checks, indexes


# --- the undo of expand: drops that tolerate what is gone already ----------------------------


@renders(D, "drop_shadow")
def drop_shadow(op: Operation, context: Context) -> list[Drop]:
    task = context.migration.shadow_of(op.items[0].id)
    assert task is not None
    return [*_drop_sync(context, task, task.table), _drop_if_exists("column", task.column, task.table)]


@renders(D, "drop_added_table")
def drop_added_table(op: Operation, context: Context) -> list[Drop]:
    return [_drop_if_exists("table", op.of(ch.AddTable).table)]


@renders(D, "drop_added_column")
def drop_added_column(op: Operation, context: Context) -> list[Drop]:
    change = op.of(ch.AddColumn)
    table = context.names.table_before_renames(change.table)
    # A column numbered by a sequence (an identity too) has no trigger: its default numbers new rows.
    filled = [t for t in context.migration.backfills if t.change_id == op.items[0].id]
    by_sequence = numbered(change.definition) or change.definition.identity is not None
    synced = [] if by_sequence else [d for t in filled for d in _drop_sync(context, t, table)]
    return [*synced, _drop_if_exists("column", change.column, table)]


@renders(D, "drop_added_index")
def drop_added_index(op: Operation, context: Context) -> list[Drop]:
    change = op.of(ch.AddIndex)
    table = context.names.table_before_renames(change.table)
    concurrently = not partitioned(context.migration, change.table)
    sql = ddl.drop_index(change.name, table, D, if_exists=True, concurrently=concurrently)
    return [Drop(sql, DbObject("index", change.name, table))]


@renders(D, "drop_added_type")
def drop_added_type(op: Operation, context: Context) -> list[Drop]:
    return [_drop_if_exists("type", op.of(ch.AddEnum).name)]


@renders(D, "drop_added_schema")
def drop_added_schema(op: Operation, context: Context) -> list[Drop]:
    return [_drop_if_exists("schema", op.of(ch.AddSchema).schema)]


@renders(D, "drop_added_user_type")
def drop_added_user_type(op: Operation, context: Context) -> list[Drop]:
    definition = op.of(ch.AddType).definition
    sql = command(_DROP_USER_TYPE[isinstance(definition, Domain), True], D, t=table_ref(definition.name))
    return [Drop(sql, DbObject("type", definition.name))]


@renders(D, "restore_range")
def restore_range(op: Operation, context: Context) -> list[str]:
    """Undo expand: a range type it replaced, as it was (dropped whichever one is there)."""
    change = op.of(ch.ReplaceRange)
    return [command(_DROP_USER_TYPE[False, True], D, t=table_ref(change.name)), _create_range(change.before)]


@renders(D, "drop_added_sequence")
def drop_added_sequence(op: Operation, context: Context) -> list[Drop]:
    return [_drop_if_exists("sequence", op.of(ch.AddSequence).name)]


@renders(D, "drop_added_enum_value")
def drop_added_enum_value(op: Operation, context: Context) -> list[str | Drop]:
    """The old type again, its columns converted back."""
    change = op.of(ch.AddEnumValue)
    migration = context.migration
    convert, drop, remade = _drop_enum_value(
        context, change.reverse(), migration.old, values=_values_before(context, change)
    )
    return [*convert, Drop(drop, DbObject("type", migration.own_name(change.enum, RETIRED_SUFFIX))), *remade]


@renders(D, "drop_added_foreign_key")
def drop_added_foreign_key(op: Operation, context: Context) -> list[Drop]:
    change = op.of(ch.AddForeignKey)
    sql = fill("ALTER TABLE __t DROP CONSTRAINT IF EXISTS __n", D, t=change.table, n=change.name)
    return [Drop(sql, DbObject("constraint", change.name, change.table))]


@renders(D, "narrow_type")
def narrow_type(op: Operation, context: Context) -> list[str]:
    """An in-place widening, back to the old type."""
    change = op.of(ch.AlterColumnType)
    names = context.names
    table = names.table_before_renames(change.table)
    column = names.column_before_renames(change.table, change.column)
    return [
        _alter_type(table, column, change.old_type, _column_after(context, op, change.table, change.column)),
        *_serial_retyped(context.migration.old, table, column, change.old_type),
    ]


def _rollback(layout: FileLayout, undo_swap: Sequence[Line], undo_expand: Sequence[Line]) -> None:
    """Undo what swap.sql did, then, as a part that also stands alone, what expand.sql did."""
    layout.comment(ROLLBACK_NOTE_CONCURRENTLY)
    part(layout, "undo-swap", undo_swap, NOTHING_TO_UNDO)
    layout.comment(EXPAND_UNDO)
    part(layout, "undo-expand", undo_expand, NOTHING_TO_UNDO)


DIALECTS[D] = Dialect(prologue=(), epilogue=(), rollback=_rollback)
