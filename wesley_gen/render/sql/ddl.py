"""Model values → DDL trees and statements, the same for every dialect that has them.

Tables, columns, constraints and indexes are built from the model as sqlglot
expressions; the few statements with no model value behind them are fixed templates
filled by :func:`wesley_gen.render.builder.fill`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from wesley_gen.identifiers import (
    columns_read,
    command,
    ddl_expression,
    ident,
    parse_expression,
    sqlite_expression,
)
from wesley_gen.identifiers import table as table_ref
from wesley_gen.model import (
    UNTYPED,
    CheckConstraint,
    Column,
    ForeignKey,
    Identity,
    Index,
    PrimaryKey,
    SequenceOptions,
    Table,
    UniqueConstraint,
    not_null_name,
    sequence_clauses,
    serial_sequence,
)
from wesley_gen.phases import BARE_DEFAULTS
from wesley_gen.render.builder import ddl_type, fill, index_table, sqlglot_dialect

if TYPE_CHECKING:
    from sqlglot import exp

# sqlglot keeps a reference's actions as text: the clause of each action the model allows.
_ON_DELETE = {
    "restrict": "ON DELETE RESTRICT",
    "cascade": "ON DELETE CASCADE",
    "set null": "ON DELETE SET NULL",
    "set default": "ON DELETE SET DEFAULT",
}
_ON_UPDATE = {
    "restrict": "ON UPDATE RESTRICT",
    "cascade": "ON UPDATE CASCADE",
    "set null": "ON UPDATE SET NULL",
    "set default": "ON UPDATE SET DEFAULT",
}


def column_def(
    column: Column,
    dialect: str,
    *,
    final: bool = True,
    table: str | None = None,
    standalone: Collection[str] = (),
) -> exp.ColumnDef:
    """A column definition; ``final=False`` leaves out NOT NULL and the default (expand).
    ``table`` is the name the column's table has when the statement runs: a column of it
    that is a ``serial`` there is written as one (see :func:`serial_type`), unless the
    sequence it draws from is one of the schema's own (``standalone``), made by the migration."""
    from sqlglot import exp

    serial = None
    if final and table is not None and dialect == "postgres":
        serial = serial_type(column, table)
        if serial is not None and serial_sequence(table, column.name) in standalone:
            serial = None
    if serial is not None:
        column = replace(column, default=None)
    constraints: list[exp.ColumnConstraint] = []
    if column.generated is not None:
        constraints.append(
            exp.ColumnConstraint(
                kind=exp.ComputedColumnConstraint(
                    this=ddl_expression(column.generated, dialect, bracketed=True),
                    persisted=not column.virtual,
                )
            )
        )
    elif final and column.default is not None:
        constraints.append(
            exp.ColumnConstraint(kind=exp.DefaultColumnConstraint(this=_default(column.default, dialect)))
        )
    if final and column.identity is not None and dialect == "postgres":
        # Text: sqlglot's identity node has no CACHE; the clauses hold only keywords and numbers.
        constraints.append(
            exp.ColumnConstraint(kind=exp.Var(this=identity_clause(column.identity, column.type.name)))
        )
    if final and not column.nullable:
        named = ident(column.not_null_name) if column.not_null_name and dialect == "postgres" else None
        constraints.append(exp.ColumnConstraint(this=named, kind=exp.NotNullColumnConstraint()))
    if column.collation is not None:
        constraints.append(
            exp.ColumnConstraint(kind=exp.CollateColumnConstraint(this=collation(column, dialect)))
        )
    # A user-defined type to sqlglot, which would otherwise write serial as an identity column.
    kind: exp.DataType | None = (
        exp.DataType.build(serial, udt=True) if serial is not None else ddl_type(column.type, dialect)
    )
    if dialect == "sqlite" and column.declared is not None:  # the type as the schema declares it
        kind = exp.DataType(this=exp.DataType.Type.USERDEFINED, kind=column.declared.upper())
    if column.type.name == UNTYPED:
        kind = None  # SQLite's column without a declared type
    return exp.ColumnDef(this=ident(column.name), kind=kind, constraints=constraints)


def collation(column: Column, dialect: str) -> exp.Expr:
    """A column's collation: SQLite's built-ins as its documentation spells them (NOCASE),
    PostgreSQL's quoted, its case kept (``"C"``, ``app."de_DE"``)."""
    from sqlglot import exp

    assert column.collation is not None
    if dialect == "sqlite":
        return exp.var(column.collation.upper())
    parts = (
        exp.to_identifier(part, quoted=True).sql(dialect=dialect) for part in column.collation.split(".")
    )
    return exp.var(".".join(parts))


def identity_clause(identity: Identity, type_name: str) -> str:
    """``GENERATED ALWAYS|BY DEFAULT AS IDENTITY``, with the options that are not the defaults."""
    clauses = sequence_clauses(identity.options, type_name)
    words = ["GENERATED", "ALWAYS" if identity.always else "BY DEFAULT", "AS", "IDENTITY"]
    return " ".join(words + (["(" + " ".join(clauses) + ")"] if clauses else []))


def option_changes(old: SequenceOptions, new: SequenceOptions) -> list[str]:
    """The clauses of ``ALTER SEQUENCE`` that take a sequence from ``old`` to ``new``
    (an identity column's ``ALTER COLUMN`` writes each after ``SET``)."""
    clauses = [
        f"{keyword} {getattr(new, field)}"
        for field, keyword in (
            ("increment", "INCREMENT BY"),
            ("minvalue", "MINVALUE"),
            ("maxvalue", "MAXVALUE"),
            ("start", "START WITH"),
            ("cache", "CACHE"),
        )
        if getattr(old, field) != getattr(new, field)
    ]
    if old.cycle != new.cycle:
        clauses.append("CYCLE" if new.cycle else "NO CYCLE")
    return clauses


_SERIALS = {"smallint": "smallserial", "integer": "serial", "bigint": "bigserial"}


def serial_type(column: Column, table: str) -> str | None:
    """``serial``, ``bigserial`` or ``smallserial`` when ``column`` is one: an integer whose
    default is ``nextval`` of the sequence PostgreSQL names after ``table.column``.  Written
    as that type, the column creates its sequence, owned by the column (so dropping the
    column drops it), as the new schema's ``serial`` did; a bare ``nextval`` default would
    name a sequence that does not exist."""
    from sqlglot import exp

    serial = _SERIALS.get(column.type.name)
    if serial is None or column.type.params or column.type.array_dims or column.default is None:
        return None
    call = parse_expression(column.default)
    own = exp.Anonymous(this="NEXTVAL", expressions=[exp.Literal.string(serial_sequence(table, column.name))])
    return serial if call == own else None


def _default(text: str, dialect: str) -> exp.Expr:
    """A default; SQLite wants any expression that is not a bare literal in parentheses."""
    from sqlglot import exp

    if dialect != "sqlite":
        return ddl_expression(text, dialect)
    node = sqlite_expression(text)
    return node if BARE_DEFAULTS.match(text) else exp.Paren(this=node)


def _constraints(table: Table, dialect: str, *, foreign_keys: Sequence[ForeignKey]) -> list[exp.Expr]:
    """The table constraints of a CREATE TABLE, in the model's (sorted) order."""
    items: list[exp.Expr] = []
    if table.primary_key is not None and _counted_key(table) is None:
        items.append(constraint_primary_key(table.primary_key))
    items += [
        constraint_unique(u) for u in table.uniques if dialect != "postgres" or not repeats_the_key(table, u)
    ]
    items += [constraint_check(c, dialect) for c in table.checks]
    items += [foreign_key(fk) for fk in foreign_keys]
    return items


def _counted_key(table: Table) -> Column | None:
    """SQLite's ``INTEGER PRIMARY KEY AUTOINCREMENT`` column, whose key is written on the column:
    SQLite has AUTOINCREMENT there (a table constraint's form is rarely written)."""
    key = table.primary_key
    column = table.column(key.columns[0]) if key is not None and len(key.columns) == 1 else None
    return column if column is not None and column.autoincrement else None


def _with_counted_key(table: Table, column: Column, definition: exp.ColumnDef) -> exp.ColumnDef:
    """``definition`` with its key and AUTOINCREMENT, when it is the table's counted key."""
    from sqlglot import exp

    if _counted_key(table) is not column:
        return definition
    assert table.primary_key is not None
    definition.append(
        "constraints",
        exp.ColumnConstraint(this=ident(table.primary_key.name), kind=exp.PrimaryKeyColumnConstraint()),
    )
    definition.append("constraints", exp.ColumnConstraint(kind=exp.AutoIncrementColumnConstraint()))
    return definition


def repeats_the_key(table: Table, unique: UniqueConstraint) -> bool:
    """A unique constraint on exactly the primary key's columns: PostgreSQL's CREATE TABLE
    silently leaves it out (the key's index serves both), so it is added after the table."""
    return table.primary_key is not None and unique.columns == table.primary_key.columns


def foreign_key(fk: ForeignKey) -> exp.Constraint:
    from sqlglot import exp

    options = ["MATCH FULL"] if fk.match_full else []
    if fk.on_delete != "no action":
        columns = ", ".join(ident(c).sql(dialect="postgres") for c in fk.delete_columns)
        options.append(_ON_DELETE[fk.on_delete] + (f" ({columns})" if columns else ""))
    if fk.on_update != "no action":
        options.append(_ON_UPDATE[fk.on_update])
    options += deferral(fk)
    period = "PERIOD {c}" if fk.period else None
    ref_table, *ref_columns = fk.written_as or (fk.ref_table, *fk.ref_columns)
    if len(ref_columns) != len(fk.ref_columns):  # the clause named no columns: the primary key's
        ref_columns = list(fk.ref_columns)
    reference = exp.Reference(
        this=exp.Schema(this=table_ref(ref_table), expressions=_key_columns(ref_columns, period)),
        options=options,
    )
    return exp.Constraint(
        this=ident(fk.name),
        expressions=[exp.ForeignKey(expressions=_key_columns(fk.columns, period), reference=reference)],
    )


def _key_columns(columns: Sequence[str], last: str | None) -> list[exp.Expr]:
    """A key's columns, the last written in the template ``last`` where it has one:
    PostgreSQL 18's ``c WITHOUT OVERLAPS`` and ``PERIOD c``, which sqlglot does not have."""
    from sqlglot import exp

    names: list[exp.Expr] = [ident(c) for c in columns]
    if last is not None and names:
        names[-1] = exp.var(command(last, c=names[-1]))
    return names


def deferral(item: PrimaryKey | UniqueConstraint | ForeignKey) -> list[str]:
    """``DEFERRABLE`` and ``INITIALLY DEFERRED`` where the constraint is."""
    return ["DEFERRABLE"] * item.deferrable + ["INITIALLY DEFERRED"] * item.initially_deferred


def constraint_check(check: CheckConstraint, dialect: str) -> exp.Constraint:
    from sqlglot import exp

    body = ddl_expression(check.expression, dialect, bracketed=True)
    if check.no_inherit:  # text: sqlglot has no NO INHERIT (a PostgreSQL clause; SQLite refuses it)
        clause = command("CHECK ({e}) NO INHERIT", e=exp.var(body.sql(dialect="postgres")))
        return exp.Constraint(this=ident(check.name), expressions=[exp.var(clause)])
    return exp.Constraint(this=ident(check.name), expressions=[exp.CheckColumnConstraint(this=body)])


def _include(columns: Sequence[str]) -> exp.IndexParameters | None:
    from sqlglot import exp

    return exp.IndexParameters(include=[ident(c) for c in columns]) if columns else None


_WITHOUT_OVERLAPS = "{c} WITHOUT OVERLAPS"


def constraint_primary_key(key: PrimaryKey) -> exp.Constraint:
    from sqlglot import exp

    primary = exp.PrimaryKey(
        expressions=_key_columns(key.columns, _WITHOUT_OVERLAPS if key.without_overlaps else None),
        include=_include(key.include),
        options=[exp.var(o) for o in deferral(key)] or None,
    )
    return exp.Constraint(this=ident(key.name), expressions=[primary])


def constraint_unique(unique: UniqueConstraint) -> exp.Constraint:
    from sqlglot import exp

    key = exp.UniqueColumnConstraint(
        this=exp.Schema(
            expressions=_key_columns(unique.columns, _WITHOUT_OVERLAPS if unique.without_overlaps else None)
        ),
        nulls=unique.nulls_not_distinct or None,
        include=_include(unique.include),
        options=[exp.var(o) for o in deferral(unique)] or None,
    )
    return exp.Constraint(this=ident(unique.name), expressions=[key])


def create_table(
    table: Table,
    dialect: str,
    *,
    name: str | None = None,
    foreign_keys: Sequence[ForeignKey] | None = None,
    standalone: Collection[str] = (),
    inherited: Collection[str] = (),
) -> str:
    """``CREATE TABLE``; ``standalone`` as for :func:`column_def`.  A partition is made
    ``PARTITION OF`` its parent (whose columns it takes), an inheriting table without the
    columns it ``inherited``, so that they stay the parent's as in a table made from the file."""
    from sqlglot import exp

    keys = table.foreign_keys if foreign_keys is None else foreign_keys
    columns = [] if table.partition_of is not None else [c for c in table.columns if c.name not in inherited]
    schema = exp.Schema(
        this=table_ref(name or table.name),
        expressions=[
            _with_counted_key(
                table, c, column_def(c, dialect, table=name or table.name, standalone=standalone)
            )
            for c in columns
        ]
        + _constraints(table, dialect, foreign_keys=keys),
    )
    options = ", ".join(option.upper() for option in table.options)
    properties: list[exp.Expr] = [exp.UnloggedProperty()] if table.unlogged else []
    create = exp.Create(
        kind="TABLE", this=schema, properties=exp.Properties(expressions=properties) if properties else None
    )
    text = create.sql(dialect=sqlglot_dialect(dialect), copy=False)  # a tree made here, used once
    if table.partition_of is not None:
        head, _, elements = text.partition(" (")
        parent = table_ref(table.partition_of).sql(dialect=dialect)
        text = f"{head} PARTITION OF {parent}" + (f" ({elements}" if schema.expressions else "")
        text += f" {table.partition_bound}"
    elif not schema.expressions:  # PostgreSQL's table without columns: sqlglot would leave out the ()
        text += " ()"
    if table.inherits:
        text += f" INHERITS ({', '.join(table_ref(p).sql(dialect=dialect) for p in table.inherits)})"
    if table.partition_by is not None:
        text += f" PARTITION BY {table.partition_by}"
    if table.storage:
        text += " WITH (" + ", ".join(p.sql(dialect=dialect) for p in storage_parameters(table.storage)) + ")"
    return text + (f" {options}" if options else "")


def storage_parameters(storage: Sequence[str]) -> list[exp.Property]:
    """PostgreSQL's storage parameters (``name=value``) as the properties of ``WITH (…)``, each
    value quoted as pg_dump writes it (``fillfactor='70'``)."""
    from sqlglot import exp

    pairs = (parameter.partition("=") for parameter in storage)
    return [exp.Property(this=exp.var(name), value=exp.Literal.string(value)) for name, _, value in pairs]


def create_index(index: Index, table: str, dialect: str, *, concurrently: bool = False) -> str:
    from sqlglot import exp

    where = exp.Where(this=ddl_expression(index.where, dialect)) if index.where else None
    storage = storage_parameters(index.storage)
    params = exp.IndexParameters(
        columns=[key.ordered(dialect) for key in index.keys],
        using=exp.var(index.using) if dialect == "postgres" and index.using != "btree" else None,
        include=[ident(c) for c in index.include] or None,
        where=None if index.nulls_not_distinct else where,
        with_storage=None if index.nulls_not_distinct else storage or None,
    )
    create = exp.Create(
        kind="INDEX",
        this=exp.Index(this=ident(index.name), table=table_ref(table), params=params),
        unique=index.unique,
        concurrently=concurrently,
    )
    if index.nulls_not_distinct:  # sqlglot has no NULLS NOT DISTINCT for an index: it goes before WHERE
        return " ".join(
            [
                create.sql(dialect=dialect),
                "NULLS NOT DISTINCT",
                *(["WITH (" + ", ".join(p.sql(dialect=dialect) for p in storage) + ")"] if storage else []),
                *([where.sql(dialect=dialect)] if where else []),
            ]
        )
    return create.sql(dialect=dialect)


def add_column(table: str, column: exp.ColumnDef, dialect: str) -> str:
    from sqlglot import exp

    return exp.Alter(this=table_ref(table), kind="TABLE", actions=[column]).sql(dialect=dialect)


def add_constraint(table: str, constraint: exp.Expr, dialect: str, *, not_valid: bool = False) -> str:
    from sqlglot import exp

    action = exp.AddConstraint(expressions=[constraint])
    alter = exp.Alter(this=table_ref(table), kind="TABLE", actions=[action], not_valid=not_valid)
    return alter.sql(dialect=dialect)


def drop_index(
    name: str, table: str, dialect: str, *, if_exists: bool = False, concurrently: bool = False
) -> str:
    return fill(_DROP_INDEX[concurrently, if_exists], dialect, t=index_table(name, table))


_DROP_INDEX = {  # (concurrently, if exists) → the statement
    (False, False): "DROP INDEX __t",
    (False, True): "DROP INDEX IF EXISTS __t",
    (True, False): "DROP INDEX CONCURRENTLY __t",
    (True, True): "DROP INDEX CONCURRENTLY IF EXISTS __t",
}


def build_index(index: Index, table: str, dialect: str) -> list[str]:
    """PostgreSQL: an index built ``CONCURRENTLY``, after dropping one of its name that a
    failed build left behind (invalid, but in the way of a rerun); the runner refuses to
    start when a valid one of that name exists, so only such a leftover is dropped."""
    return [
        drop_index(index.name, table, dialect, if_exists=True, concurrently=True),
        create_index(index, table, dialect, concurrently=True),
    ]


# A statement for servers of a version on (``{v}``: its server_version_num), another, if any, before.
_SINCE_SERVER = {
    False: "DO $wesley$ BEGIN IF current_setting('server_version_num')::integer >= {v} THEN {s}; END IF; END $wesley$",
    True: "DO $wesley$ BEGIN IF current_setting('server_version_num')::integer >= {v} THEN {s};"
    " ELSE {older}; END IF; END $wesley$",
}


def since_server(version: int, statement: str, older: str | None = None) -> str:
    """``statement`` run on a PostgreSQL server of ``version`` (``server_version_num``) or later
    only; before, ``older``, if any: a block, as a migration is written once for any server."""
    from sqlglot import exp

    return command(
        _SINCE_SERVER[older is not None],
        v=exp.Literal.number(version),
        s=exp.var(statement),
        older=exp.var(older or "NULL"),
    )


def rename_table(table: str, new_name: str, dialect: str) -> str:
    return fill("ALTER TABLE __t RENAME TO __u", dialect, t=table, u=new_name)


def rename_column(table: str, column: str, new_name: str, dialect: str) -> str:
    return fill("ALTER TABLE __t RENAME COLUMN __c TO __d", dialect, t=table, c=column, d=new_name)


def rename_not_null(table: str, old: tuple[str, str], new: tuple[str, str]) -> list[str]:
    """PostgreSQL 18 names a column's NOT NULL ``<table>_<column>_not_null`` (cut to 63
    bytes: :func:`not_null_name`) and keeps that name when the table or the column is
    renamed, where a table made under the new names has the new ones': the constraint of
    ``table`` (its name now) named after ``old`` (table, column) is renamed after ``new``,
    when it has that default name (another is the schema's own, and stays)."""
    old_name, new_name = (not_null_name(t, c) for t, c in (old, new))
    return [] if old_name == new_name else [rename_not_null_constraint(table, old_name, new_name)]


def rename_not_null_constraint(table: str, old_name: str, new_name: str) -> str:
    """The NOT NULL constraint ``old_name`` of ``table`` renamed ``new_name``, where it has one
    by that name: a ``DO`` block, as servers before 18 have no such constraint (``contype =
    'n'``), and a column converted through a shadow column has its NOT NULL made anew, under
    the new name, after the swap: there it does nothing."""
    from sqlglot import exp

    return command(
        "DO $wesley$ BEGIN IF EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid = {r}::regclass"
        " AND conname = {o} AND contype = 'n') THEN ALTER TABLE {t} RENAME CONSTRAINT {old} TO {new};"
        " END IF; END $wesley$",
        r=exp.Literal.string(table_ref(table).sql(dialect="postgres")),
        o=exp.Literal.string(old_name),
        t=table_ref(table),
        old=ident(old_name),
        new=ident(new_name),
    )


def drop_table(table: str, dialect: str, *, if_exists: bool = False) -> str:
    return fill("DROP TABLE IF EXISTS __t" if if_exists else "DROP TABLE __t", dialect, t=table)


def copy_rows(
    source: str, target: str, columns: Sequence[str], values: Iterable[exp.Expr], dialect: str
) -> str:
    """``INSERT INTO target (columns) SELECT values FROM source``."""
    from sqlglot import exp

    insert = exp.Insert(
        this=exp.Schema(this=table_ref(target), expressions=[ident(c) for c in columns]),
        expression=exp.select(*values).from_(table_ref(source)),
    )
    return insert.sql(dialect=sqlglot_dialect(dialect), copy=False)  # select() copied the values


def columns_of(expression: str) -> set[str]:
    """The column names an expression reads."""
    return columns_read(parse_expression(expression))
