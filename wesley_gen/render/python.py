"""A migration → its two Python artifacts: the type catalog and the backfill script.

Both are written line by line here, already laid out the way black lays them out
(``tests/test_render_python.py`` checks that black leaves them unchanged, so black is no
dependency of ``generate``; they were jinja2 templates, whose import and compilation cost
every ``generate`` more than writing them).  backfill.py, which holds transforms of the
user's expressions, is compiled before anything else happens (a rendering bug fails here,
at generation time, never in a user's deploy); catalog.py holds only literals and
annotations, and tests/test_render_python.py compiles and type-checks it.  Every line is
made of plain values: Python names and literals, lines laid out by :func:`_bracketed`, and
the backfill's SQL, built as sqlglot expressions and rendered for the migration's dialect,
so identifiers are quoted by the renderer, never by hand.

``backfill.py`` holds only the migration's tasks and the typed functions that turn a
bound row into its key: the batching it runs is ``wesley_gen.runtime.backfill``,
whose API version the script checks.

Each backfill task walks its table in keyset batches, one short transaction each:
select the key of the batch's last row still needing work, then update the rows
still needing work up to it.  A table without a primary key is walked by
``rowid`` on SQLite and by ``ctid`` on PostgreSQL, where each batch looks for its
bound within a window of pages (``ORDER BY ctid`` over the rest of the table would
sort all of it on every batch).  Output is a pure function of the migration: the
same bytes for the same input.
"""

from __future__ import annotations

import functools
import itertools
import keyword
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wesley_gen import identifiers
from wesley_gen.errors import InputError
from wesley_gen.model import ColumnType, Schema, Table
from wesley_gen.runtime import BACKFILL_API as RUNTIME_API

if TYPE_CHECKING:
    from sqlglot import exp

    from wesley_gen.plan import BackfillTask, Migration

__all__ = ["GeneratedCodeError", "render_backfill", "render_catalog"]

LINE_LENGTH = 100


class GeneratedCodeError(RuntimeError):
    """Internal error: generated Python that is not valid Python (a wesley-gen bug)."""


# --- Python types, per dialect driver ------------------------------------------------

_IP_ADDRESS = (
    "ipaddress.IPv4Address | ipaddress.IPv6Address | ipaddress.IPv4Interface | ipaddress.IPv6Interface"
)

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
    text = POSTGRES_TYPES.get(column_type.base_name, "str" if column_type.name in enums else "object")
    for _ in range(column_type.array_dims):
        text = f"list[{text}]"
    return text


def _optional(text: str, nullable: bool) -> str:
    return f"{text} | None" if nullable else text


# --- class names ------------------------------------------------------------------------

# A table named like a Python keyword or a PostgreSQL reserved key word (below) gets a
# trailing underscore, so that its class never reads as the keyword (``select`` → ``Select_Row``).
# fmt: off
_SQL_RESERVED = frozenset((
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast",
    "check", "collate", "column", "constraint", "create", "current_catalog", "current_date",
    "current_role", "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc",
    "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant",
    "group", "having", "in", "initially", "intersect", "into", "lateral", "leading", "limit", "localtime",
    "localtimestamp", "not", "null", "offset", "on", "only", "or", "order", "placing", "primary",
    "references", "returning", "select", "session_user", "some", "symmetric", "system_user", "table",
    "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where",
    "window", "with",
))
# fmt: on
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


# --- literals -------------------------------------------------------------------------


def _literal(value: object) -> str:
    """A Python literal for a string, number, bool or None, spelled the way black spells it."""
    if isinstance(value, str):
        return _string(value)
    if value is None or isinstance(value, bool | int):
        return repr(value)
    raise TypeError(f"no literal for {type(value).__name__}")


@functools.lru_cache(maxsize=8192)  # column names and types repeat from table to table
def _string(value: str) -> str:
    """A string literal in black's quotes: double, unless they take more backslashes than single ones.

    ``repr`` takes single quotes unless the value holds one and no double quote; black
    turns them into double quotes when the value holds no more double quotes than
    single ones (each a backslash either way).
    """
    text = repr(value)
    if text[0] == '"' or value.count('"') > value.count("'"):
        return text
    return '"' + text[1:-1].replace("\\'", "'").replace('"', '\\"') + '"'


def _shown(value: str) -> str:
    """``value`` for a one-line message: what is not printable (newlines…) as escapes."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in value)


def _docstring_text(value: str) -> str:
    """Text safe inside a triple-quoted docstring, on one line."""
    return _shown(value.replace("\\", "\\\\").replace('"', '\\"'))


def _docstring_line(text: str) -> str:
    """A docstring line as black leaves it: no trailing blanks."""
    return text.rstrip()


# --- lines as black lays them out ------------------------------------------------------


def _fits(line: str) -> bool:
    """Whether ``line`` surely fits in LINE_LENGTH as black measures it.

    Black counts a wide (East Asian) character as two columns: every character
    outside ASCII counts two here, which at worst lays out a line that would have
    fitted the long way (a way black keeps, see :func:`_bracketed`).
    """
    width = len(line) if line.isascii() else sum(1 if c.isascii() else 2 for c in line)
    return width <= LINE_LENGTH


def _bracketed(indent: str, head: str, items: Sequence[str], tail: str) -> list[str]:
    """``head`` (ending in an opening bracket), ``items`` and ``tail`` (the closing bracket…).

    On one line when it fits; else one item a line, each with a comma: black keeps a
    collection or call that ends with a comma exploded (its "magic trailing comma"),
    whatever its length.
    """
    line = f"{indent}{head}{', '.join(items)}{tail}"
    if not items or _fits(line):
        return [line]
    return [indent + head, *(f"{indent}    {item}," for item in items), indent + tail]


@functools.lru_cache(maxsize=8192)  # the same column recurs from table to table
def _entry(indent: str, key: str, annotation: str) -> tuple[tuple[str, ...], bool]:
    """``key: annotation,`` in a TypedDict's dict, and whether black would lay it out so.

    A line too long is split before each ``|`` of a union, as black splits it, when
    the line is plain ASCII (so that its width is exact) and no piece that still does
    not fit has brackets (black would split inside them).  Otherwise the entry keeps
    one line and False says so: its statement goes between ``# fmt: off`` and
    ``# fmt: on`` (names long enough for that are rare).
    """
    line = f"{indent}{key}: {annotation},"
    if _fits(line):
        return (line,), True
    first, *rest = _union(annotation)
    lines = [f"{indent}{key}: {first}", *(f"{indent}| {part}" for part in rest)]
    lines[-1] += ","
    if line.isascii() and all(_fits(text) or "[" not in text for text in lines):
        return tuple(lines), True
    return (line,), False


def _union(annotation: str) -> list[str]:
    """The members of a union type text, split at its top level only (not inside ``list[…]``)."""
    parts, depth, start = [], 0, 0
    for at, char in enumerate(annotation):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth == 0 and annotation.startswith(" | ", at):
            parts.append(annotation[start:at])
            start = at + 3
    return [*parts, annotation[start:]]


def _entries(pairs: Sequence[tuple[str, str]]) -> tuple[tuple[str, ...], bool]:
    """A TypedDict's entries, laid out, and whether black leaves them so (see :func:`_entry`)."""
    lines: list[str] = []
    stable = True
    for key, annotation in pairs:
        entry, laid_out = _entry(" " * 8, key, annotation)
        lines += entry
        stable = stable and laid_out
    return tuple(lines), stable


def _compiled(text: str, name: str) -> str:
    """``text`` once compile() finds it Python (see :func:`render_catalog` for the one file
    that needs no check)."""
    try:
        compile(text, name, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        reason = " ".join(str(error).split())
        raise GeneratedCodeError(
            f"internal error: {name} was rendered as invalid Python: {reason}"
        ) from error
    return text


# --- catalog.py -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _TableView:
    name: str
    row: str
    key: str | None
    row_lines: tuple[str, ...]  # the row TypedDict's entries, laid out
    key_lines: tuple[str, ...]  # the key TypedDict's entries
    column_lines: tuple[str, ...]  # the table's entries of COLUMNS
    row_verbatim: bool  # the row TypedDict between # fmt: off and # fmt: on (see _entry)
    key_verbatim: bool


def _modules(types: Sequence[str]) -> list[str]:
    return [m for m in _TYPE_MODULES if any(re.search(rf"\b{m}\.", t) for t in types)]


def render_catalog(migration: Migration) -> str:
    """``catalog.py``: the TypedDict row and key types of the tables the migration changes, as
    the target schema has them, with column metadata.  Class names are chosen over the whole
    schema, so a table's names are the same in every migration."""
    schema = migration.new
    enums = frozenset(e.name for e in schema.enums)
    names = class_names(schema)
    changed = migration.changed_tables()
    tables = []
    types: set[str] = set()
    for table in schema.tables:
        if table.name not in changed:
            continue
        annotations = {
            c.name: _optional(python_type(c.type, migration.dialect, enums), c.nullable)
            for c in table.columns
        }
        types.update(annotations.values())
        keys = () if table.primary_key is None else table.primary_key.columns
        row_lines, row_laid_out = _entries([(_literal(c.name), annotations[c.name]) for c in table.columns])
        key_lines, key_laid_out = _entries([(_literal(k), annotations[k]) for k in keys if k in annotations])
        column_lines = [
            line
            for c in table.columns
            for line in _column_info(c.name, str(c.type), annotations[c.name], c.nullable)
        ]
        tables.append(
            _TableView(
                table.name,
                names[table.name] + "Row",
                names[table.name] + "Key" if keys else None,
                row_lines,
                key_lines,
                tuple(column_lines),
                not row_laid_out,
                not key_laid_out,
            )
        )
    # Not compiled: every value in catalog.py is a literal written by _literal (repr) or a type
    # annotation from python_type, and compiling the catalog of a 1000-table schema (2 MB)
    # would cost a tenth of the whole generate; backfill.py, which holds transforms of the
    # user's expressions, is compiled.
    driver = "psycopg 3" if migration.dialect == "postgres" else "the stdlib sqlite3"
    migration_id = _docstring_text(migration.id)
    lines = [
        f'"""Type catalog of the target schema of migration {migration_id} ({migration.dialect}).',
        "",
        f"Generated by wesley-gen for migration {migration_id}: do not edit, regenerate it.",
        "",
        "One ``<Table>Row`` TypedDict per table the migration changes or fills, with every",
        "column, one ``<Table>Key`` with the primary-key columns of each of them that has a",
        f"primary key, and ``COLUMNS``: each column's SQL type, the Python type {driver}",
        "returns for it, and nullability.",
        '"""',
        "",
        *(f"import {module}" for module in _modules(sorted(types))),
        "from typing import Final, NamedTuple, TypedDict",
        "",
        "",
        "class ColumnInfo(NamedTuple):",
        '    """One column of the target schema."""',
        "",
        "    sql_type: str",
        "    python_type: str",
        "    nullable: bool",
        "",
    ]
    for view in tables:
        lines += ["", f"# table {view.name!r}", *_typed_dict(view.row, view.row_lines, view.row_verbatim)]
        if view.key is not None:
            lines += _typed_dict(view.key, view.key_lines, view.key_verbatim)
    lines.append("")
    if tables:
        lines.append("COLUMNS: Final[dict[str, dict[str, ColumnInfo]]] = {")
        for view in tables:
            lines += [f"    {_literal(view.name)}: {{", *view.column_lines, "    },"]
        lines.append("}")
    else:
        lines.append("COLUMNS: Final[dict[str, dict[str, ColumnInfo]]] = {}")
    return "\n".join(lines) + "\n"


def _typed_dict(name: str, entries: Sequence[str], verbatim: bool) -> list[str]:
    """A TypedDict in the functional form (a column's name need not be an identifier)."""
    lines = [f"{name} = TypedDict(", f"    {_literal(name)},", "    {", *entries, "    },", ")"]
    return ["# fmt: off", *lines, "# fmt: on"] if verbatim else lines


@functools.lru_cache(maxsize=8192)  # the same column recurs from table to table
def _column_info(name: str, sql_type: str, annotation: str, nullable: bool) -> tuple[str, ...]:
    """A column's entry of the catalog's ``COLUMNS``, laid out as black lays it out."""
    items = (_literal(sql_type), _literal(annotation), _literal(nullable))
    return tuple(_bracketed(" " * 8, f"{_literal(name)}: ColumnInfo(", items, "),"))


# --- the backfill's SQL ----------------------------------------------------------------


class _Sql:
    """Statement builders for one dialect; placeholders are ``?`` (sqlite3) or ``%s`` (psycopg)."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect

    def table(self, name: str) -> exp.Table:
        """A model table name (``app.users`` for another schema), as ``render/sql.py`` reads it."""
        return identifiers.table(name)

    def column(self, name: str) -> exp.Column:
        return identifiers.column(name)

    def system_column(self, name: str) -> exp.Column:
        """``rowid`` or ``ctid``: never quoted, the way the databases document them."""
        from sqlglot import exp

        return exp.column(exp.to_identifier(name, quoted=False))

    def param(self) -> exp.Placeholder:
        from sqlglot import exp

        return exp.Placeholder()

    def compare(self, kind: type[exp.Binary], keys: Sequence[exp.Expr]) -> exp.Expr:
        """``k > ?`` for one key column, ``(a, b) > (?, ?)`` (row values) for a composite key."""
        from sqlglot import exp

        if len(keys) == 1:
            return kind(this=keys[0].copy(), expression=self.param())
        left = exp.Tuple(expressions=[k.copy() for k in keys])
        return kind(this=left, expression=exp.Tuple(expressions=[self.param() for _ in keys]))

    def table_ref(self, name: str) -> tuple[str, ...]:
        """The parameters of the runtime's query for the column names of a table (``columns_query``)."""
        if self.dialect == "postgres":
            return (self.table(name).sql(dialect="postgres"),)  # regclass reads the quoted name
        schema, _, table = name.rpartition(".")
        return (table, schema or "main")

    def cast(self, expression: exp.Expr, type_name: str) -> exp.Expr:
        from sqlglot import exp

        return exp.cast(expression, exp.DataType.build(type_name, dialect=self.dialect, udt=True))

    def render(self, tree: exp.Expr) -> str:
        """SQL text with the driver's placeholders, and ``%`` doubled for psycopg.

        Placeholders are first rendered as a word that occurs nowhere else in the
        statement, then replaced by the driver's marker: a ``?`` or ``%`` inside a
        string literal or a quoted name is never taken for one.
        """
        from sqlglot import exp

        count = sum(1 for _ in tree.find_all(exp.Placeholder))
        for n in itertools.count():
            sentinel = f"wesleyparam{n}"

            def to_sentinel(node: exp.Expr, word: str = sentinel) -> exp.Expr:
                return exp.var(word) if isinstance(node, exp.Placeholder) else node

            text: str = tree.transform(to_sentinel).sql(dialect=self.dialect)  # on a copy
            if text.count(sentinel) == count:
                break
        if self.dialect == "postgres":
            return text.replace("%", "%%").replace(sentinel, "%s")
        return text.replace(sentinel, "?")


@dataclass(frozen=True, slots=True)
class _KeyView:
    """A task's function that turns a bound row into its key, as backfill.py prints it."""

    function: str
    table: str
    returns: str  # the catalog's key TypedDict, or a plain dict for rowid
    body: tuple[str, ...]
    verbatim: bool  # between # fmt: off and # fmt: on: a line does not fit, black would split it


@dataclass(frozen=True, slots=True)
class _TaskView:
    """One backfill task as backfill.py prints it: the runtime's class and its arguments, laid out."""

    summary: str  # its line of the script's docstring
    kind: str  # KeysetTask or PageTask
    fields: tuple[str, ...]
    key: _KeyView | None


_ROWID_NAMES = ("rowid", "_rowid_", "oid")  # SQLite's names for the rowid, unless a column takes them


def _rowid(table: Table | None, task: BackfillTask) -> str:
    taken = set() if table is None else {c.name.lower() for c in table.columns}
    free = next((n for n in _ROWID_NAMES if n not in taken), None)
    if free is None:
        raise InputError(
            f"{task.table}.{task.column}: cannot backfill a table without a primary key whose "
            "columns are named rowid, _rowid_ and oid: nothing is left to walk it by",
            hint="give the table a primary key",
        )
    return free


class _TaskSql:
    """The statements of one task: ``where`` adds "still needs work" to every condition."""

    def __init__(self, sql: _Sql, task: BackfillTask) -> None:
        from sqlglot import exp

        self.sql = sql
        self.table = sql.table(task.table)
        self.column = task.column
        self.value = task.value.copy()
        needs_work: exp.Expr = exp.Is(this=sql.column(task.column), expression=exp.Null())
        if task.source is not None:
            source_set = exp.not_(exp.Is(this=sql.column(task.source), expression=exp.Null()))
            needs_work = exp.and_(needs_work, source_set)
        self.needs_work = needs_work

    def where(self, *conditions: exp.Expr) -> exp.Expr:
        from sqlglot import exp

        return exp.and_(*(c.copy() for c in conditions), self.needs_work.copy())

    def count(self) -> str:
        from sqlglot import exp

        tree = exp.select(exp.Count(this=exp.Star())).from_(self.table.copy()).where(self.where())
        return self.sql.render(tree)

    def bound(self, keys: Sequence[exp.Expr], *conditions: exp.Expr) -> str:
        """The key of the batch's last row: ``OFFSET`` batch size - 1 in key order."""
        from sqlglot import exp

        tree = (
            exp.select(*(k.copy() for k in keys))
            .from_(self.table.copy())
            .where(self.where(*conditions))
            .order_by(*(k.copy() for k in keys))
            .limit(1)
            .offset(self.sql.param())
        )
        return self.sql.render(tree)

    def update(self, *conditions: exp.Expr) -> str:
        from sqlglot import exp

        tree = exp.Update(
            this=self.table.copy(),
            expressions=[exp.EQ(this=self.sql.column(self.column), expression=self.value.copy())],
            where=exp.Where(this=self.where(*conditions)),
        )
        return self.sql.render(tree)

    def keyset(self, keys: Sequence[exp.Expr]) -> tuple[tuple[str, str], ...]:
        """Batches in key order, by the primary key or SQLite's rowid."""
        from sqlglot import exp

        after, upto = self.sql.compare(exp.GT, keys), self.sql.compare(exp.LTE, keys)
        return (
            ("first_bound", self.bound(keys)),
            ("next_bound", self.bound(keys, after)),
            ("fill_first", self.update(upto)),
            ("fill_range", self.update(after, upto)),
            ("fill_rest", self.update(after)),
            ("fill_all", self.update()),
        )

    def pages(self) -> tuple[tuple[str, str], ...]:
        """Batches in PostgreSQL's ctid order, each bound looked for in a window of pages.

        ``ORDER BY ctid`` over the rest of the table would sort all of it on every
        batch; a window of pages is a TID range scan of just those pages.
        """
        from sqlglot import exp

        sql = self.sql
        ctid = sql.system_column("ctid")

        def tid(kind: type[exp.Binary]) -> exp.Expr:
            return kind(this=ctid.copy(), expression=sql.cast(sql.param(), "tid"))

        size = exp.select(
            exp.Anonymous(this="pg_relation_size", expressions=[sql.cast(sql.param(), "regclass")]),
            exp.Anonymous(this="current_setting", expressions=[exp.Literal.string("block_size")]),
        )
        return (
            ("relation", self.table.sql(dialect="postgres")),  # a parameter (regclass text), not SQL
            ("pages", sql.render(size)),
            ("window_bound", self.bound([ctid], tid(exp.GT), tid(exp.LT))),
            ("fill_upto", self.update(tid(exp.GT), tid(exp.LTE))),
            ("fill_window", self.update(tid(exp.GT), tid(exp.LT))),
            ("fill_rest", self.update(tid(exp.GT))),
        )


def _needs(sql: _Sql, task: BackfillTask, table: Table | None, value: exp.Expr) -> tuple[str, ...]:
    """The columns a task's statements use: written, read, keys, and what the value reads.

    Of the value's column references only the plain ones outside subqueries that name
    a column of the table count (a misspelt one is the database's to report).
    """
    from sqlglot import exp

    existing = {} if table is None else {c.name: c.name for c in table.columns}
    if sql.dialect == "sqlite":  # SQLite matches names without regard to case
        existing = {name.lower(): name for name in existing}
    reads = []
    for column in value.find_all(exp.Column):
        if column.table or column.find_ancestor(exp.Subquery, exp.Select) is not None:
            continue
        name = column.name
        if sql.dialect == "sqlite" or not column.this.quoted:
            name = name.lower()  # PostgreSQL folds unquoted names to lower case
        if name in existing:
            reads.append(existing[name])
    keys = [k.name for k in task.key]
    names = [task.column, *([task.source] if task.source else []), *keys, *reads]
    return tuple(dict.fromkeys(names))


def _task_view(
    sql: _Sql, migration: Migration, task: BackfillTask, number: int, names: dict[str, str]
) -> _TaskView:
    statements = _TaskSql(sql, task)
    old_table = migration.old.table(task.table)
    key = None
    if task.key or migration.dialect == "sqlite":
        kind = "KeysetTask"
        if task.key:
            key_names = tuple(k.name for k in task.key)
            steps = statements.keyset([sql.column(k) for k in key_names])
        else:
            key_names = (_rowid(old_table, task),)
            steps = statements.keyset([sql.system_column(key_names[0])])
        function = f"_key_{number}"
        target = migration.new.table(task.target_table)
        typed = (
            target is not None and target.primary_key is not None and target.primary_key.columns == key_names
        )
        key_type = names.get(task.target_table) if task.key and typed else None  # the new key's type
        returns = f"catalog.{key_type}Key" if key_type else "dict[str, object]"
        items = [f"{_literal(name)}: row[{n}]" for n, name in enumerate(key_names)]
        define = f"def {function}(row: runtime.Row) -> {returns}:"
        body = _bracketed(" " * 4, "return {", items, "}")
        verbatim = not all(_fits(line) for line in (define, *body))
        key = _KeyView(function, task.table, returns, tuple(body), verbatim)
    else:
        kind, steps = "PageTask", statements.pages()
    label, reason = _shown(f"{task.target_table}.{task.target_column}"), _shown(task.reason)
    indent = " " * 12
    fields = [
        f"{indent}{name}={_literal(value)},"
        for name, value in (("change", task.change_id), ("label", label), ("reason", reason))
    ]
    for name, ref in (("table", task.table), ("target", task.target_table)):
        fields += _bracketed(indent, f"{name}=[", [_literal(p) for p in sql.table_ref(ref)], "],")
    fields += [
        f"{indent}column={_literal(task.column)},",
        f"{indent}target_column={_literal(task.target_column)},",
    ]
    needs = _needs(sql, task, old_table, statements.value)
    fields += _bracketed(indent, "needs=[", [_literal(n) for n in needs], "],")
    fields += [
        f"{indent}{name}={_literal(value)}," for name, value in (("count", statements.count()), *steps)
    ]
    if key is not None:
        fields.append(f"{indent}key={key.function},")
    summary = f"  {_docstring_text(task.change_id)}  {_docstring_text(label)}: {_docstring_text(reason)}"
    return _TaskView(_docstring_line(summary), kind, tuple(fields), key)


def render_backfill(migration: Migration) -> str:
    """``backfill.py``: the migration's backfill tasks, which the package's backfill runtime runs."""
    if migration.dialect not in ("postgres", "sqlite"):
        raise InputError(f"no backfill for the dialect {migration.dialect!r}: expected postgres or sqlite")
    sql = _Sql(migration.dialect)
    names = class_names(migration.new)
    tasks = [_task_view(sql, migration, task, n, names) for n, task in enumerate(migration.backfills, 1)]
    migration_id = _docstring_text(migration.id)
    fills = ["Fills, in this order:", *(t.summary for t in tasks)] if tasks else []
    lines = [
        f'"""Backfill of migration {migration_id} ({migration.dialect}), generated by wesley-gen: '
        "do not edit, regenerate it.",
        "",
        "    python backfill.py --db URL [--batch-size N] [--batch-ms MS] [--dry-run]",
        "",
        *(fills or ["The migration has nothing to backfill."]),
        "",
        "Only this migration's tasks are here.  The batches (short transactions, resumable), their",
        f"pace, progress, options and exit status are wesley-gen's backfill runtime, API {RUNTIME_API}",
        "(wesley_gen.runtime.backfill, documented there and by --help).",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "import sys",
        "from typing import TYPE_CHECKING, Final",
        "",
        "try:",
        "    from wesley_gen.runtime import backfill as runtime",
        "except ModuleNotFoundError:  # one line, exit 2, as for any other bad usage",
        "    print(",
        f'        "backfill.py: error: this script needs wesley-gen\'s backfill runtime, API {RUNTIME_API}, "',
        '        "which this Python does not have: pip install wesley-gen",',
        "        file=sys.stderr,",
        "    )",
        "    sys.exit(2)",
        "",
        "if TYPE_CHECKING:",
        "    import catalog  # the row and key types, beside this script",
        "",
        f"runtime.require({RUNTIME_API})",
    ]
    for key in (t.key for t in tasks if t.key is not None):
        function = [
            f"def {key.function}(row: runtime.Row) -> {key.returns}:",
            f'    """The key of a row of {_docstring_text(repr(key.table))} as the bound query returns it."""',
            *key.body,
        ]
        lines += ["", "", *(["# fmt: off", *function, "# fmt: on"] if key.verbatim else function)]
    lines += [
        "",
        "",
        "BACKFILL: Final = runtime.Backfill(",
        f"    migration={_literal(migration.id)},",
        f"    dialect={_literal(migration.dialect)},",
    ]
    if tasks:
        lines.append("    tasks=(")
        for task in tasks:
            lines += [f"        runtime.{task.kind}(", *task.fields, "        ),"]
        lines.append("    ),")
    else:
        lines.append("    tasks=(),")
    lines += [")", "", 'if __name__ == "__main__":', "    sys.exit(BACKFILL.main())"]
    return _compiled("\n".join(lines) + "\n", "backfill.py")
