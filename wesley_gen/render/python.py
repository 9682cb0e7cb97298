"""A migration → its two Python artifacts: the type catalog and the backfill script.

Both are rendered from jinja2 templates (``wesley_gen/templates/``), parsed with
libcst and compiled before anything else happens (a template bug fails here, at
generation time, never in a user's deploy), and formatted with black.  Everything
the templates print is prepared here as plain values: Python names and literals,
and the backfill's SQL, built as sqlglot expressions and rendered for the
migration's dialect, so identifiers are quoted by the renderer, never by hand.

Each backfill task walks its table in keyset batches, one short transaction each:
select the key of the batch's last row still needing work, then update the rows
still needing work up to it.  A table without a primary key is walked by
``rowid`` on SQLite and by page ranges of ``ctid`` on PostgreSQL (an ``ORDER BY
ctid`` would sort the rest of the table on every batch).  Output is a pure function
of the migration: the same bytes for the same input.
"""

from __future__ import annotations

import functools
import itertools
import keyword
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wesley_gen.errors import InputError
from wesley_gen.model import ColumnType, Schema, Table

if TYPE_CHECKING:
    import jinja2
    from sqlglot import exp

    from wesley_gen.plan import BackfillTask, Migration

__all__ = ["GeneratedCodeError", "render_backfill", "render_catalog"]

LINE_LENGTH = 100


class GeneratedCodeError(RuntimeError):
    """Internal error: a template produced text that is not valid Python (a wesley-gen bug)."""


# --- Python types, per dialect driver ------------------------------------------------

_IP_ADDRESS = "ipaddress.IPv4Address | ipaddress.IPv6Address | ipaddress.IPv4Interface | ipaddress.IPv6Interface"

# What psycopg 3 returns for each canonical type (checked against a live server:
# inet and cidr come back as ipaddress objects, money as text such as '$12.50').
POSTGRES_TYPES: dict[str, str] = {
    "smallint": "int",
    "integer": "int",
    "bigint": "int",
    "oid": "int",
    "numeric": "decimal.Decimal",
    "money": "str",
    "real": "float",
    "double precision": "float",
    "text": "str",
    "varchar": "str",
    "char": "str",
    "citext": "str",
    "xml": "str",
    "macaddr": "str",
    "tsvector": "str",
    "bit": "str",
    "varbit": "str",
    "inet": _IP_ADDRESS,
    "cidr": "ipaddress.IPv4Network | ipaddress.IPv6Network",
    "uuid": "uuid.UUID",
    "boolean": "bool",
    "date": "datetime.date",
    "timestamp": "datetime.datetime",
    "timestamptz": "datetime.datetime",
    "time": "datetime.time",
    "timetz": "datetime.time",
    "interval": "datetime.timedelta",
    "json": "object",
    "jsonb": "object",
    "bytea": "bytes",
}

# What the stdlib sqlite3 returns: the storage class the column's affinity gives.
# Anything not listed (text, uuid, dates, json, enums…) is stored and read as text.
SQLITE_TYPES: dict[str, str] = {
    "smallint": "int",
    "integer": "int",
    "bigint": "int",
    "oid": "int",
    "boolean": "int",
    "real": "float",
    "double precision": "float",
    "numeric": "int | float",
    "money": "int | float",
    "bytea": "bytes",
}

# Modules a type text needs imported, by the prefix it uses.
_TYPE_MODULES = ("datetime", "decimal", "ipaddress", "uuid")


def python_type(column_type: ColumnType, dialect: str, enums: frozenset[str] = frozenset()) -> str:
    """The Python type (as source text) the dialect's driver returns for ``column_type``."""
    if dialect == "sqlite":
        return "str" if column_type.array_dims else SQLITE_TYPES.get(column_type.name, "str")
    if column_type.name in POSTGRES_TYPES:
        text = POSTGRES_TYPES[column_type.name]
    else:
        text = "str" if column_type.name in enums else "object"
    for _ in range(column_type.array_dims):
        text = f"list[{text}]"
    return text


def _optional(text: str, nullable: bool) -> str:
    return f"{text} | None" if nullable else text


# --- class names ------------------------------------------------------------------------

# A table named like a Python or SQL reserved word gets a trailing underscore, so that
# its class never reads as the keyword (``select`` → ``Select_Row``).
_SQL_RESERVED = frozenset(
    """all analyse analyze and any array as asc asymmetric both case cast check collate column
    constraint create current_catalog current_date current_role current_time current_timestamp
    current_user default deferrable desc distinct do else end except false fetch for foreign from
    grant group having in initially intersect into lateral leading limit localtime localtimestamp
    not null offset on only or order placing primary references returning select session_user
    some symmetric system_user table then to trailing true union unique user using variadic when
    where window with""".split()
)
_RESERVED = _SQL_RESERVED | {w.lower() for w in keyword.kwlist} | set(keyword.softkwlist)
_WORDS = re.compile(r"[^\W_]+")


def _pascal(name: str) -> str:
    """``order_items`` → ``OrderItems``, ``app.users`` → ``AppUsers``; always an identifier."""
    text = unicodedata.normalize("NFKC", name)  # Python compares identifiers after NFKC
    base = "".join(word[:1].upper() + word[1:] for word in _WORDS.findall(text))
    base = unicodedata.normalize("NFKC", "".join(c for c in base if ("A" + c).isidentifier()))
    if not base:
        base = "Table"
    if not base.isidentifier():
        base = "T" + base  # it started with a digit
    if text.lower() in _RESERVED:
        base += "_"
    return base


def class_names(schema: Schema) -> dict[str, str]:
    """Table name → the unique Pascal name its catalog classes start with.

    Tables are taken in name order and a name already taken gets ``_2``, ``_3``…, so
    the same schema always gets the same names.
    """
    names: dict[str, str] = {}
    used: set[str] = set()
    for table in schema.tables:
        base = _pascal(table.name)
        name = base
        for n in itertools.count(2):
            if name not in used:
                break
            name = f"{base}_{n}"
        used.add(name)
        names[table.name] = name
    return names


# --- templates ------------------------------------------------------------------------


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("wesley_gen", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["py"] = _literal
    environment.filters["doc"] = _docstring_text
    return environment


def _literal(value: object) -> str:
    """A Python literal for a string, number, bool or None."""
    if value is None or isinstance(value, bool | int | str):
        return repr(value)
    raise TypeError(f"no literal for {type(value).__name__}")


def _docstring_text(value: str) -> str:
    """Text safe inside a triple-quoted docstring, on one line."""
    return value.encode("unicode_escape").decode("ascii").replace('"', '\\"')


def _render(template: str, context: dict[str, Any]) -> str:
    """Render ``template``, check that it is Python, and format it with black."""
    import black
    import libcst

    text = _environment().get_template(template).render(**context)
    try:
        libcst.parse_module(text)
        formatted = black.format_str(text, mode=black.Mode(line_length=LINE_LENGTH))
        compile(formatted, template, "exec", dont_inherit=True)
    except (libcst.ParserSyntaxError, black.InvalidInput, SyntaxError, ValueError) as error:
        reason = " ".join(str(error).split())
        raise GeneratedCodeError(
            f"internal error: template {template} rendered invalid Python: {reason}"
        ) from error
    return formatted


# --- catalog.py -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _ColumnView:
    name: str
    sql_type: str
    python_type: str  # with ``| None`` when nullable
    nullable: bool


@dataclass(frozen=True, slots=True)
class _TableView:
    name: str
    row: str
    key: str | None
    columns: tuple[_ColumnView, ...]
    key_columns: tuple[_ColumnView, ...]


def _modules(types: Sequence[str]) -> list[str]:
    return [m for m in _TYPE_MODULES if any(re.search(rf"\b{m}\.", t) for t in types)]


def render_catalog(migration: Migration) -> str:
    """``catalog.py``: the TypedDict row and key types of the target schema, with column metadata."""
    schema = migration.new
    enums = frozenset(e.name for e in schema.enums)
    names = class_names(schema)
    tables = []
    for table in schema.tables:
        columns = tuple(
            _ColumnView(
                c.name,
                str(c.type),
                _optional(python_type(c.type, migration.dialect, enums), c.nullable),
                c.nullable,
            )
            for c in table.columns
        )
        by_name = {c.name: c for c in columns}
        keys = () if table.primary_key is None else table.primary_key.columns
        tables.append(
            _TableView(
                table.name,
                names[table.name] + "Row",
                names[table.name] + "Key" if keys else None,
                columns,
                tuple(by_name[k] for k in keys if k in by_name),
            )
        )
    types = [c.python_type for t in tables for c in t.columns]
    return _render(
        "catalog.py.j2",
        {
            "migration_id": migration.id,
            "dialect": migration.dialect,
            "driver": "psycopg 3" if migration.dialect == "postgres" else "the stdlib sqlite3",
            "modules": _modules(types),
            "tables": tables,
        },
    )


# --- the backfill's SQL ----------------------------------------------------------------


class _Sql:
    """Statement builders for one dialect; placeholders are ``?`` (sqlite3) or ``%s`` (psycopg)."""

    def __init__(self, dialect: str) -> None:
        from sqlglot import exp

        self.exp = exp
        self.dialect = dialect

    def ident(self, name: str) -> exp.Identifier:
        return self.exp.to_identifier(name, quoted=True)

    def table(self, name: str) -> exp.Table:
        """A model table name: on PostgreSQL ``schema.table`` names a table in another schema."""
        schema, dot, rest = name.partition(".")
        if self.dialect == "postgres" and dot and schema and rest:
            return self.exp.Table(this=self.ident(rest), db=self.ident(schema))
        return self.exp.Table(this=self.ident(name))

    def column(self, name: str) -> exp.Column:
        return self.exp.column(self.ident(name))

    def system_column(self, name: str) -> exp.Column:
        return self.exp.column(self.exp.to_identifier(name, quoted=False))

    def param(self) -> exp.Placeholder:
        return self.exp.Placeholder()

    def compare(self, kind: type[exp.Binary], keys: Sequence[exp.Expression]) -> exp.Expression:
        """``k > ?`` for one key column, ``(a, b) > (?, ?)`` for a composite key."""
        if len(keys) == 1:
            return kind(this=keys[0].copy(), expression=self.param())
        left = self.exp.Tuple(expressions=[k.copy() for k in keys])
        return kind(this=left, expression=self.exp.Tuple(expressions=[self.param() for _ in keys]))

    def cast(self, expression: exp.Expression, type_name: str) -> exp.Expression:
        return self.exp.cast(expression, self.exp.DataType.build(type_name, dialect=self.dialect, udt=True))

    def render(self, tree: exp.Expression) -> str:
        """SQL text with the driver's placeholders; ``%`` doubled for psycopg.

        Placeholders are rendered as a sentinel word first, one that occurs nowhere
        else in the statement, and only then replaced by the driver's marker.
        """
        exp = self.exp
        count = sum(1 for _ in tree.find_all(exp.Placeholder))
        for n in itertools.count():
            sentinel = f"wesleyparam{n}"

            def to_sentinel(node: exp.Expression, word: str = sentinel) -> exp.Expression:
                return exp.var(word) if isinstance(node, exp.Placeholder) else node

            text = tree.copy().transform(to_sentinel).sql(dialect=self.dialect)
            if text.count(sentinel) == count:
                break
        if self.dialect == "postgres":
            return text.replace("%", "%%").replace(sentinel, "%s")
        return text.replace(sentinel, "?")


@dataclass(frozen=True, slots=True)
class _TaskView:
    """One backfill task as the script's template prints it."""

    number: int
    change_id: str
    label: str  # table.column, as the user knows them (target names)
    table: str
    column: str
    value: str
    reason: str
    kind: str  # "keyset" or "pages"
    key_type: str | None  # the catalog's key TypedDict, or None for rowid/ctid
    key_names: tuple[str, ...]
    count: str
    statements: dict[str, str]  # name → SQL text, in a fixed order
    function: str  # the name of the row → key function (keyset tasks)


_ROWID_NAMES = ("rowid", "_rowid_", "oid")  # SQLite's names for the rowid, unless a column takes them


def _rowid(table: Table | None, task: BackfillTask) -> str:
    taken = set() if table is None else {c.name.lower() for c in table.columns}
    free = next((n for n in _ROWID_NAMES if n not in taken), None)
    if free is None:
        raise InputError(
            f"{task.table}.{task.column}: cannot backfill a table without a primary key whose "
            "columns are named rowid, _rowid_ and oid: nothing left to walk it by",
            hint="give the table a primary key",
        )
    return free


def _value(sql: _Sql, task: BackfillTask) -> exp.Expression:
    """The task's value, parsed as the dialect's SQL."""
    import sqlglot
    from sqlglot.errors import SqlglotError

    where = f"{task.target_table}.{task.target_column}"
    try:
        tree = sqlglot.parse_one(task.value, read=sql.dialect)
    except SqlglotError as error:
        reason = " ".join(str(error).split())
        raise InputError(
            f"{where}: the backfill value {task.value!r} is not {sql.dialect} SQL: {reason}"
        ) from None
    exp = sql.exp
    if any(True for _ in tree.find_all(exp.Placeholder, exp.Parameter)):
        raise InputError(f"{where}: the backfill value {task.value!r} must not contain query parameters")
    if isinstance(tree, exp.Query | exp.Command | exp.DML | exp.DDL):
        raise InputError(f"{where}: the backfill value {task.value!r} is a statement, not an expression")
    return tree


def _task_view(sql: _Sql, migration: Migration, task: BackfillTask, number: int, names: dict[str, str]) -> _TaskView:
    exp = sql.exp
    table = sql.table(task.table)
    needs_work: exp.Expression = exp.Is(this=sql.column(task.column), expression=exp.Null())
    if task.source is not None:
        needs_work = exp.and_(
            needs_work, exp.not_(exp.Is(this=sql.column(task.source), expression=exp.Null()))
        )
    value = _value(sql, task)

    def where(*conditions: exp.Expression) -> exp.Expression:
        return exp.and_(*(c.copy() for c in conditions), needs_work.copy())

    def update(*conditions: exp.Expression) -> str:
        tree = exp.Update(
            this=table.copy(),
            expressions=[exp.EQ(this=sql.column(task.column), expression=value.copy())],
            where=exp.Where(this=where(*conditions)),
        )
        return sql.render(tree)

    count = sql.render(exp.select(exp.Count(this=exp.Star())).from_(table.copy()).where(needs_work.copy()))
    label = f"{task.target_table}.{task.target_column}"
    common = {
        "number": number,
        "change_id": task.change_id,
        "label": label,
        "table": task.table,
        "column": task.column,
        "value": task.value,
        "reason": task.reason,
        "count": count,
        "function": f"_key_{number}",
    }
    if not task.key and migration.dialect == "postgres":
        ctid = sql.system_column("ctid")
        lower = exp.GTE(this=ctid.copy(), expression=sql.cast(sql.param(), "tid"))
        upper = exp.LT(this=ctid.copy(), expression=sql.cast(sql.param(), "tid"))
        size = exp.select(
            exp.Anonymous(this="pg_relation_size", expressions=[sql.cast(sql.param(), "regclass")]),
            exp.Anonymous(this="current_setting", expressions=[exp.Literal.string("block_size")]),
        )
        statements = {
            "relation": table.sql(dialect="postgres"),
            "pages": sql.render(size),
            "fill_pages": update(lower, upper),
            "fill_rest": update(lower),
        }
        return _TaskView(**common, kind="pages", key_type=None, key_names=("ctid",), statements=statements)
    if task.key:
        key_names = tuple(k.name for k in task.key)
        keys = [sql.column(k) for k in key_names]
        key_type = names[task.target_table] + "Key" if task.target_table in names else None
    else:
        rowid = _rowid(migration.old.table(task.table), task)
        key_names = (rowid,)
        keys = [sql.system_column(rowid)]
        key_type = None

    def bound(*conditions: exp.Expression) -> str:
        tree = (
            exp.select(*(k.copy() for k in keys))
            .from_(table.copy())
            .where(where(*conditions))
            .order_by(*(k.copy() for k in keys))
            .limit(1)
            .offset(sql.param())
        )
        return sql.render(tree)

    after = sql.compare(exp.GT, keys)
    upto = sql.compare(exp.LTE, keys)
    statements = {
        "first_bound": bound(),
        "next_bound": bound(after),
        "fill_first": update(upto),
        "fill_range": update(after, upto),
        "fill_rest": update(after),
        "fill_all": update(),
    }
    return _TaskView(**common, kind="keyset", key_type=key_type, key_names=key_names, statements=statements)


def render_backfill(migration: Migration) -> str:
    """``backfill.py``: one standalone, resumable script that runs every backfill task of the migration."""
    if migration.dialect not in ("postgres", "sqlite"):
        raise InputError(f"no backfill for the dialect {migration.dialect!r}: expected postgres or sqlite")
    sql = _Sql(migration.dialect)
    names = class_names(migration.new)
    tasks = [_task_view(sql, migration, task, n, names) for n, task in enumerate(migration.backfills, 1)]
    key_types = sorted({t.key_type for t in tasks if t.key_type is not None})
    return _render(
        "backfill.py.j2",
        {
            "migration_id": migration.id,
            "dialect": migration.dialect,
            "tasks": tasks,
            "key_types": key_types,
            "has_pages": any(t.kind == "pages" for t in tasks),
            "has_keyset": any(t.kind == "keyset" for t in tasks),
        },
    )

