"""SQLite DDL, read with sqlglot.

The script is split into statements the way SQLite itself does it
(``sqlite3.complete_statement``, which knows that a trigger body holds semicolons),
so each statement is parsed on its own and a problem is reported at its line.
Views and triggers are kept as opaque objects (``load/opaque.py``); other statements
outside the model (pragmas, data) are counted, not parsed.  SQLite keeps a declared type as written, so type names are read in
PostgreSQL's spelling and normalised like any other.
"""

from __future__ import annotations

import gc
import logging
import re
import sqlite3
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from wesley_gen.expressions import (
    TOO_DEEP,
    ExpressionError,
    check_type_calls,
    normalize_default,
    normalize_expression,
)
from wesley_gen.identifiers import IndexKey
from wesley_gen.load.ddl import DdlBuilder, LineIndex, TableDraft
from wesley_gen.load.sqlite_simple import (
    DECLARED_TYPE,
    SimpleIndex,
    SimpleKey,
    SimpleTable,
    read_simple,
)
from wesley_gen.load.text import deepest_line
from wesley_gen.model import (
    TABLE_OPTIONS,
    UNTYPED,
    Column,
    ColumnType,
    declared_spelling,
    parse_type,
    sqlite_column_type,
)

if TYPE_CHECKING:
    from sqlglot import exp
    from sqlglot.dialects.dialect import Dialect

# First words of views, triggers and virtual tables, compared as opaque objects (see load/opaque.py).
_OPAQUE = (
    (re.compile(r"^CREATE\s+(?:TEMP(?:ORARY)?\s+)?TRIGGER\b", re.I), "trigger"),
    (re.compile(r"^CREATE\s+(?:TEMP(?:ORARY)?\s+)?VIEW\b", re.I), "view"),
    (re.compile(r"^CREATE\s+VIRTUAL\s+TABLE\b", re.I), "virtual table"),
)
# First words of statements outside the model → how the warning names them.
_SKIPPED = (
    (re.compile(r"^PRAGMA\b", re.I), "pragmas"),
    (re.compile(r"^(?:BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b", re.I), "transaction control"),
    (re.compile(r"^(?:INSERT|REPLACE|UPDATE|DELETE)\b", re.I), "data"),
    (re.compile(r"^(?:ANALYZE|VACUUM|REINDEX|ATTACH|DETACH|SELECT)\b", re.I), "other statements"),
)
# DROP TABLE/INDEX/VIEW/TRIGGER [IF EXISTS] [main.]name (the builder's ``drop``).
_NAME = r"""(?:"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[^\s.;]+)"""
_DROP = re.compile(
    rf"^DROP\s+(?P<kind>TABLE|INDEX|VIEW|TRIGGER)\s+(?P<if_exists>IF\s+EXISTS\s+)?"
    rf"(?:{_NAME}\s*\.\s*)?(?P<name>{_NAME})\s*;?\s*$",
    re.I,
)
_TABLE_OPTIONS = re.compile(r"\)\s*(?:(?:WITHOUT\s+ROWID|STRICT)\s*,?\s*)+$", re.I)
# A column of type ANY (STRICT tables), which sqlglot cannot read: the type word is given a
# stand-in of the same length, so that the positions sqlglot reports stay those of the text.
_ANY_TYPE = re.compile(r"""(?P<lead>[(,]\s*(?:"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|\w+)\s+)ANY\b""", re.I)
_ANY_STAND_IN = "AN_"
_LEADING_COMMENTS = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.S)
_ACTION = re.compile(r"^ON\s+(?P<event>DELETE|UPDATE)\s+(?P<action>.+)$", re.I)
_INTEGER = ColumnType("integer")
_UNTERMINATED = "is a quote, a bracketed name or a /* comment left open?"


def read_sqlite_ddl(text: str, builder: DdlBuilder) -> None:
    """Feed every statement of ``text`` to ``builder``: the plain ones read by ``sqlite_simple``,
    the others by sqlglot (imported only for them)."""
    reader = _SqliteReader(builder)
    quiet = logging.getLogger("sqlglot")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # sqlglot logs a warning before giving up on a statement
    try:
        for statement, first_line in _statements(text):
            opaque = next((kind for pattern, kind in _OPAQUE if pattern.match(statement)), None)
            if opaque is not None:
                builder.others.sqlite_statement(opaque, statement, first_line)
                continue
            drop = _DROP.match(statement)
            if drop is not None:
                name = drop["name"]
                if name[0] in '"`[':
                    name = name[1:-1].replace('""', '"') if name[0] == '"' else name[1:-1]
                builder.drop(drop["kind"].lower(), name, first_line, if_exists=bool(drop["if_exists"]))
                continue
            skipped = next((what for pattern, what in _SKIPPED if pattern.match(statement)), None)
            if skipped is not None:
                builder.skip(skipped)
                continue
            simple = read_simple(statement, first_line)
            if simple is not None:
                reader.simple(simple)
                continue
            sqlite_dialect()  # binds exp (see there)
            try:
                reader.statement(statement, first_line)
            except RecursionError:  # sqlglot recurses once per level of nesting
                raise builder.error(TOO_DEEP, deepest_line(statement, first_line)) from None
            # A sqlglot tree is a cycle (each node links to its parent), so only the collector
            # frees it; collected now, it is the youngest generation alone and costs little,
            # where left for later it makes one collection of the whole file's trees.
            gc.collect(0)
    finally:
        quiet.setLevel(level)


def _statements(text: str) -> Iterator[tuple[str, int]]:
    """Complete statements without their leading comments, with the line each starts on."""
    lines = LineIndex(text)
    start = 0
    position = text.find(";")
    while position != -1:
        candidate = text[start : position + 1]
        if sqlite3.complete_statement(candidate):
            yield from _located(lines, start, candidate[:-1])
            start = position + 1
        position = text.find(";", position + 1)
    rest = text[start:]
    if rest.strip() and _LEADING_COMMENTS.sub("", rest).strip():
        yield from _located(lines, start, rest)


def _located(lines: LineIndex, start: int, statement: str) -> Iterator[tuple[str, int]]:
    lead = _LEADING_COMMENTS.match(statement)
    skip = lead.end() if lead else 0
    body = statement[skip:].strip()
    if body:
        yield body, lines.at(start + skip)


class _SqliteReader:
    def __init__(self, builder: DdlBuilder) -> None:
        self.builder = builder
        self.offset = 0  # lines before the current statement
        self.first_line = 1
        self.without_rowid = False  # the current CREATE TABLE ends in WITHOUT ROWID
        self.options: tuple[str, ...] = ()  # the current CREATE TABLE's options
        self.text = ""  # the current statement, as parsed

    def line(self, node: exp.Expr | None) -> int:
        """The line of a node within the file (sqlglot records lines on identifiers)."""
        if node is not None:
            ident = node if isinstance(node, exp.Identifier) else node.find(exp.Identifier)
            if ident is not None and "line" in ident.meta:
                return self.offset + int(ident.meta["line"])
        return self.first_line

    @staticmethod
    def name(node: exp.Expr) -> str:
        ident = node if isinstance(node, exp.Identifier) else node.this
        if isinstance(ident, exp.Identifier):
            return str(ident.this)  # SQLite keeps a name as written, quoted or not
        return str(node.name)

    def names(self, nodes: list[exp.Expr]) -> tuple[str, ...]:
        return tuple(self.name(n) for n in nodes)

    def table_name(self, node: exp.Expr) -> str:
        table = node.this if isinstance(node, exp.Schema) else node
        if not isinstance(table, exp.Table):  # e.g. REFERENCES (id), the table's name left out
            raise self.builder.error(
                f"expected a table name, not {node.sql(dialect='sqlite')!r}", self.line(node)
            )
        database = table.args.get("db")
        if database is not None and self.name(database) != "main":  # main: the file's own, as unqualified
            raise self.builder.error(
                f"{table.sql(dialect='sqlite')} names the database {self.name(database)!r}: SQLite has "
                "no schemas, and wesley-gen reads only a file's own tables (main, or unqualified)",
                self.line(table),
            )
        return self.name(table.this)

    # --- statements ---------------------------------------------------------------

    def statement(self, statement: str, first_line: int) -> None:
        """Parse one statement (which starts on ``first_line``) and read it into the builder."""
        import sqlglot
        from sqlglot.errors import ErrorLevel, ParseError, TokenError

        # Options and ANY follow a bracket and are words: most statements have neither.
        options = () if statement.endswith(")") else table_options(statement)
        written = _TABLE_OPTIONS.sub(")", statement) if options else statement
        parsed = (
            _ANY_TYPE.sub(lambda m: m.group("lead") + _ANY_STAND_IN, written)
            if "ANY" in written.upper()
            else written
        )
        try:
            check_type_calls(parsed, "sqlite")
        except ExpressionError as error:
            raise self.builder.error(str(error), deepest_line(statement, first_line)) from None
        try:
            try:
                tree = sqlglot.parse_one(parsed, read=sqlite_dialect(), error_level=ErrorLevel.RAISE)
            except ParseError as unjoined:
                joined = _joined_type_names(parsed)
                if joined == parsed:
                    raise
                try:
                    tree = sqlglot.parse_one(joined, read=sqlite_dialect(), error_level=ErrorLevel.RAISE)
                except Exception:  # not a type name of several words after all: the first error is the one
                    raise unjoined from None
        except ParseError as error:
            detail = error.errors[0] if error.errors else {}
            line = first_line + int(detail.get("line", 1)) - 1
            reason = detail.get("description") or str(error).splitlines()[0]
            raise self.builder.error(f"syntax error: {reason}", line) from None
        except TokenError:
            raise self.builder.error(
                "syntax error: the statement cannot be split into tokens", first_line, hint=_UNTERMINATED
            ) from None
        except RecursionError:
            raise
        except Exception:  # sqlglot's own slips on some broken input (an AttributeError, say)
            raise self.builder.error("syntax error: the statement cannot be read", first_line) from None
        self.offset = first_line - 1
        self.first_line = first_line
        self.text = written
        self.options = options
        self.without_rowid = "without rowid" in self.options
        if isinstance(tree, exp.Create) and tree.kind == "TABLE":
            self.create_table(tree)
        elif isinstance(tree, exp.Create) and tree.kind == "INDEX":
            self.create_index(tree)
        elif isinstance(tree, exp.Alter):
            self.alter_table(tree)
        else:
            words = " ".join(statement.split()[:3])
            raise self.builder.error(
                f"cannot read {words!r}: not a statement a SQLite schema file holds",
                first_line,
                hint="a schema file holds CREATE TABLE and CREATE INDEX statements",
            )

    def simple(self, statement: SimpleTable | SimpleIndex) -> None:
        """A statement ``sqlite_simple`` read: what :meth:`statement` makes of sqlglot's tree of it."""
        self.options, self.without_rowid = (), False
        if isinstance(statement, SimpleIndex):
            table = self.builder.find_table(statement.table)
            self.builder.add_index(
                statement.table,
                statement.name,
                tuple(_column_key(table, column, descending, None) for column, descending in statement.keys),
                tuple(column for column, _ in statement.keys),
                statement.line,
                unique=statement.unique,
                where=None,
            )
            return
        table = self.builder.create_table(
            statement.name, statement.line, if_not_exists=statement.if_not_exists
        )
        if table is None:
            return
        table.options = self.options
        for element in statement.elements:
            if isinstance(element, SimpleKey):
                self.simple_key(table, element, element.columns)
                continue
            default = element.default
            self.add_column(
                table,
                element.name,
                element.declared,
                element.line,
                nullable=element.nullable,
                default=None
                if default is None
                else self.default(default, f"{table.name}.{element.name}", element.line),
                autoincrement=element.autoincrement,
                primary_key=any(key.kind == "primary" for key in element.keys),
            )
            for key in element.keys:
                self.simple_key(table, key, (element.name,))

    def simple_key(self, table: TableDraft, key: SimpleKey, columns: tuple[str, ...]) -> None:
        if key.kind == "primary":
            self.primary_key(table, None, columns, key.line)
        elif key.kind == "unique":
            self.builder.add_unique(table, None, columns, key.line)
        else:
            actions = {"DELETE": "no action", "UPDATE": "no action", **key.actions}
            self.builder.add_foreign_key(
                table,
                None,
                columns,
                key.ref_table,
                key.ref_columns,
                key.line,
                on_delete=actions["DELETE"],
                on_update=actions["UPDATE"],
                deferrable=False,
                initially_deferred=False,
            )

    def create_table(self, tree: exp.Create) -> None:
        schema = tree.this
        if not isinstance(schema, exp.Schema):
            raise self.builder.error("CREATE TABLE … AS SELECT is not supported", self.first_line)
        name = self.table_name(schema)
        table = self.builder.create_table(
            name, self.line(schema.this), if_not_exists=bool(tree.args.get("exists"))
        )
        if table is None:
            return
        table.options = self.options
        for element in schema.expressions:
            if isinstance(element, exp.ColumnDef):
                self.column(table, element)
            elif isinstance(element, exp.Identifier):  # a name alone: a column without a type
                self.builder.add_column(
                    table, Column(self.name(element), ColumnType(UNTYPED)), self.line(element)
                )
            else:
                self.table_constraint(table, element)

    def column(self, table: TableDraft, node: exp.ColumnDef) -> None:
        """A column with what its own constraints say; keys and checks go to the table."""
        name = self.name(node.this)
        line = self.line(node.this)
        where = f"{table.name}.{name}"
        kind = node.args.get("kind")
        nullable, default, generated, collation, virtual, autoincrement = True, None, None, None, False, False
        keys: list[exp.ColumnConstraint] = []
        for constraint in node.args.get("constraints") or ():
            value = constraint.args.get("kind")
            if isinstance(value, exp.NotNullColumnConstraint):
                nullable = bool(value.args.get("allow_null"))
            elif isinstance(value, exp.DefaultColumnConstraint):
                expression = value.this.this if isinstance(value.this, exp.Collate) else value.this
                default = self.default(_sql(expression), where, line)
            elif isinstance(value, exp.ComputedColumnConstraint):
                generated = self.expression(value.this, f"the expression of {where}", line)
                virtual = not value.args.get("persisted")  # SQLite's default is VIRTUAL
            elif isinstance(value, exp.CollateColumnConstraint):
                collation = value.this.name.lower()  # BINARY too: SQLite keeps the clause as written
            elif isinstance(value, exp.AutoIncrementColumnConstraint):
                autoincrement = True
            else:
                keys.append(constraint)
        declared = self.declared_type(node) or ("" if kind is None else kind.sql(dialect="postgres"))
        self.add_column(
            table,
            name,
            declared,
            line,
            nullable=nullable,
            default=None if generated else default,
            generated=generated,
            collation=collation,
            virtual=virtual,
            autoincrement=autoincrement,
            primary_key=any(isinstance(k.args.get("kind"), exp.PrimaryKeyColumnConstraint) for k in keys),
        )
        for constraint in keys:
            self.column_key(table, name, constraint, line)

    def add_column(
        self,
        table: TableDraft,
        name: str,
        declared: str,
        line: int,
        *,
        nullable: bool,
        default: str | None,
        generated: str | None = None,
        collation: str | None = None,
        virtual: bool = False,
        autoincrement: bool = False,
        primary_key: bool,
    ) -> None:
        """A column of the type ``declared``; ``primary_key``: declared PRIMARY KEY, which
        AUTOINCREMENT needs."""
        column_type, spelled = self.column_type(declared, table.name, name, line)
        if autoincrement and not (
            primary_key and column_type == _INTEGER and spelled is None and not self.without_rowid
        ):
            raise self.builder.error(
                f"AUTOINCREMENT on {table.name}.{name}: SQLite allows it only on the INTEGER PRIMARY "
                "KEY of a rowid table",
                line,
            )
        column = Column(
            name,
            column_type,
            nullable,
            default,
            generated,
            collation=collation,
            declared=spelled,
            virtual=virtual,
            autoincrement=autoincrement,
        )
        self.builder.add_column(table, column, line)

    def declared_type(self, node: exp.ColumnDef) -> str | None:
        """The type as written after the column's name, which is what SQLite keeps.

        sqlglot's own reading of it follows other databases (``INT8`` is a
        one-byte integer there, ``REAL`` a double), so the text is read here.
        """
        end = node.this.meta.get("end") if node.this is not None else None
        if not isinstance(end, int):
            return None
        match = DECLARED_TYPE.match(self.text, end + 1)
        return " ".join(match.group("type").split()) if match else None

    def column_type(self, text: str, table: str, column: str, line: int) -> tuple[ColumnType, str | None]:
        """The type a declared type stands for, and its spelling where it is not wesley-gen's."""
        try:
            return _typed(text)
        except ValueError:
            raise self.builder.error(
                f"cannot read the type {text!r} of column {table}.{column}", line
            ) from None

    def column_key(self, table: TableDraft, column: str, node: exp.ColumnConstraint, line: int) -> None:
        """A key or check written on a column: a table constraint over that one column."""
        kind = node.args.get("kind")
        name = self.name(node.this) if node.this is not None else None
        where = f"{table.name}.{column}"
        if isinstance(kind, exp.PrimaryKeyColumnConstraint):
            self.primary_key(table, name, (column,), line)
        elif isinstance(kind, exp.UniqueColumnConstraint):
            self.builder.add_unique(table, name, (column,), line)
        elif isinstance(kind, exp.CheckColumnConstraint):
            self.check(table, name, kind.this, f"a check on {where}", line)
        elif isinstance(kind, exp.Reference):
            self.foreign_key(table, name, (column,), kind, line)
        else:
            raise self.builder.error(
                f"unsupported constraint {node.sql(dialect='sqlite')!r} on {where}", line
            )

    def table_constraint(self, table: TableDraft, node: exp.Expr) -> None:
        name = None
        line = self.line(node)
        parts = [node]
        if isinstance(node, exp.Constraint):
            name = self.name(node.this)
            parts = list(node.expressions)
        for part in parts:
            if isinstance(part, exp.PrimaryKey):
                self.primary_key(table, name, self.key_columns(part.expressions), line)
            elif isinstance(part, exp.UniqueColumnConstraint) and isinstance(part.this, exp.Schema):
                self.builder.add_unique(table, name, self.key_columns(part.this.expressions), line)
            elif isinstance(part, exp.CheckColumnConstraint):
                self.check(table, name, part.this, f"a check on {table.name!r}", line)
            elif isinstance(part, exp.ForeignKey):
                reference = part.args.get("reference")
                if reference is None:
                    raise self.builder.error(f"FOREIGN KEY without REFERENCES in table {table.name!r}", line)
                self.foreign_key(table, name, self.names(part.expressions), reference, line)
            else:
                raise self.builder.error(
                    f"cannot read {part.sql(dialect='sqlite')!r} in table {table.name!r}",
                    line,
                    hint="is a comma missing, or a column without a type?",
                )

    def primary_key(self, table: TableDraft, name: str | None, columns: tuple[str, ...], line: int) -> None:
        """A primary key; one INTEGER column of a rowid table is the rowid itself, without an index.
        Its columns are NOT NULL only where SQLite makes them so (declared, WITHOUT ROWID, STRICT)."""
        found = table.column_index(columns[0]) if len(columns) == 1 else None
        column = table.columns[found] if found is not None else None
        rowid = (
            column is not None
            and column.type == _INTEGER
            and column.declared is None  # exactly INTEGER: INT PRIMARY KEY is no rowid
            and not self.without_rowid
        )
        self.builder.add_primary_key(table, name, columns, line, absorbs_unique=not rowid)
        if self.without_rowid or (not rowid and "strict" in self.options):
            # SQLite makes the key NOT NULL in a WITHOUT ROWID table, and in a STRICT one
            # unless the key is the rowid
            for key in columns:
                self.builder.alter_column(table, key, line, nullable=False)

    def check(self, table: TableDraft, name: str | None, node: exp.Expr, where: str, line: int) -> None:
        expression = self.expression(node, where, line)
        columns = {self.name(c.this) for c in node.find_all(exp.Column)}
        self.builder.add_check(table, name, expression, columns, line)

    def key_columns(self, nodes: list[exp.Expr]) -> tuple[str, ...]:
        """Key columns, which SQLite lets carry ASC/DESC and COLLATE."""
        names = []
        for node in nodes:
            while isinstance(node, exp.Ordered | exp.Collate):
                node = node.this
            names.append(self.name(node))
        return tuple(names)

    def foreign_key(
        self,
        table: TableDraft,
        name: str | None,
        columns: tuple[str, ...],
        reference: exp.Reference,
        line: int,
    ) -> None:
        target = reference.this
        ref_columns = self.names(target.expressions) if isinstance(target, exp.Schema) else ()
        actions = {"DELETE": "no action", "UPDATE": "no action"}
        timing: set[str] = set()
        for option in reference.args.get("options") or ():
            match = _ACTION.match(str(option))
            if match is not None:
                actions[match.group("event").upper()] = " ".join(match.group("action").lower().split())
            else:
                timing.add(" ".join(str(option).upper().split()))
        self.builder.add_foreign_key(
            table,
            name,
            columns,
            self.table_name(target),
            ref_columns,
            line,
            on_delete=actions["DELETE"],
            on_update=actions["UPDATE"],
            deferrable="DEFERRABLE" in timing,
            initially_deferred="INITIALLY DEFERRED" in timing,
        )

    def create_index(self, tree: exp.Create) -> None:
        index = tree.this
        assert isinstance(index, exp.Index)
        params = index.args.get("params")
        keys: list[str] = []
        parts: list[str] = []
        where = None
        name = self.name(index.this) if index.this is not None else None
        what = f"index {name!r}"
        line = self.line(index.this)
        if params is not None and params.args.get("on") is not None:  # how sqlglot reads CREATE INDEX s.i ON
            raise self.builder.error(
                "a schema-qualified index name: SQLite has no schemas, write the name unqualified", line
            )
        if params is not None:
            table = self.builder.find_table(self.table_name(index.args["table"]))
            for ordered in params.args.get("columns") or ():
                key = ordered.this if isinstance(ordered, exp.Ordered) else ordered
                written = None
                while isinstance(key, exp.Collate):
                    written = written or key.expression.name.lower()
                    key = key.this
                descending = isinstance(ordered, exp.Ordered) and bool(ordered.args.get("desc"))
                if isinstance(key, exp.Column) and not key.table:
                    text = self.name(key.this)
                    parts.append(text)
                    keys.append(_column_key(table, text, descending, written))
                else:
                    text = self.expression(key, what, line)
                    parts.append(_figure_name(key) or "expr")
                    collation = key_collation(written, None)
                    keys.append(str(IndexKey(expression=text, descending=descending, collation=collation)))
            predicate = params.args.get("where")
            if predicate is not None:
                where = self.expression(predicate.this, what, line)
        self.builder.add_index(
            self.table_name(index.args["table"]),
            name,
            tuple(keys),
            tuple(parts),
            line,
            unique=bool(tree.args.get("unique")),
            where=where,
        )

    def alter_table(self, tree: exp.Alter) -> None:
        table = self.builder.table(self.table_name(tree.this), self.first_line)
        for action in tree.args.get("actions") or ():
            if isinstance(action, exp.ColumnDef):
                self.column(table, action)
            else:
                raise self.builder.error(
                    f"ALTER TABLE {table.name}: only ADD COLUMN is read",
                    self.first_line,
                    hint="a schema file describes the end state: write the table as it should be",
                )

    # --- expressions --------------------------------------------------------------

    def expression(self, node: exp.Expr, where: str, line: int) -> str:
        try:
            return normalize_expression(_sql(node), "sqlite")
        except ExpressionError as error:
            raise self.builder.error(f"cannot read {where}: {error}", line) from None

    def default(self, text: str, where: str, line: int) -> str | None:
        """The default printed ``text`` (sqlglot's SQLite dialect) stands for: SQLite stores
        every default written, ``DEFAULT NULL`` too (``dflt_value``), so the model keeps it."""
        try:
            return normalize_default(text, "sqlite", stored=True)
        except ExpressionError as error:
            raise self.builder.error(f"cannot read the default of {where}: {error}", line) from None


@lru_cache(maxsize=1)
def sqlite_dialect() -> Dialect:
    """sqlglot's SQLite dialect, built once: naming it by a string builds it on every call.

    Also binds this module's ``exp`` to sqlglot's expressions, which the reader's methods use
    (an import in each of them costs a microsecond a call: a tenth of a second for a
    1000-table pair); the module itself imports no sqlglot, since the live-database
    introspection imports it for :func:`table_options`."""
    import sqlglot
    from sqlglot.dialects.dialect import Dialect

    globals()["exp"] = sqlglot.exp

    return Dialect.get_or_raise("sqlite")


# The text of nodes without children (a literal, TRUE, CURRENT_TIMESTAMP: most defaults), by
# class and arguments: each distinct one is rendered once.
_LEAF_SQL: dict[tuple[type, tuple[tuple[str, Any], ...]], str] = {}


def _sql(node: exp.Expr) -> str:
    """``node.sql()`` in sqlglot's SQLite dialect (which renders a copy, without its parent)."""
    args = node.args
    if not all(value is None or isinstance(value, str | bool) for value in args.values()):
        return str(node.sql(dialect=sqlite_dialect()))
    key = (type(node), tuple(sorted(args.items())))
    text = _LEAF_SQL.get(key)
    if text is None:
        if len(_LEAF_SQL) >= 1024:
            _LEAF_SQL.clear()
        text = _LEAF_SQL[key] = str(node.sql(dialect=sqlite_dialect()))
    return text


_COLUMN_NAME = re.compile(r"""\s*(?:"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[A-Za-z_]\w*)""")
_TABLE_CONSTRAINTS = frozenset({"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"})
_QUOTE_ENDS = {"'": "'", '"': '"', "`": "`", "[": "]", "--": "\n", "/*": "*/"}


def _joined_type_names(statement: str) -> str:
    """``statement`` with each column's type name of several words that is no type of
    wesley-gen's (``UNSIGNED BIG INT``, ``VARYING CHARACTER(255)``: SQLite takes any words)
    joined by underscores, which sqlglot reads as one name; the length stays, so positions do,
    and the declared type is read from the statement as written (:meth:`declared_type`)."""
    starts, depth, position = [], 0, 0
    while position < len(statement):
        two = statement[position : position + 2]
        opener = two if two in _QUOTE_ENDS else statement[position]
        if opener in _QUOTE_ENDS:  # a quoted name, a string or a comment: skipped whole
            end = statement.find(_QUOTE_ENDS[opener], position + len(opener))
            position = len(statement) if end < 0 else end + len(_QUOTE_ENDS[opener])
            continue
        if opener == "(":
            depth += 1
            starts += [position + 1] if depth == 1 else []
        elif opener == ")":
            depth -= 1
        elif opener == "," and depth == 1:
            starts.append(position + 1)
        position += 1
    joined = list(statement)
    for start in starts:
        name = _COLUMN_NAME.match(statement, start)
        if name is None or name.group().strip().upper() in _TABLE_CONSTRAINTS:
            continue
        written = DECLARED_TYPE.match(statement, name.end())
        if written is None:
            continue
        words = written.group("type").split("(")[0].rstrip()
        # On one line only: words over a line break are far likelier a comma left out (SQLite
        # would take ``x INTEGER\n y INTEGER`` for one column of the type "INTEGER y INTEGER").
        if len(words.split()) > 1 and "\n" not in words and _no_type_of_its_own(" ".join(words.split())):
            first = written.start("type")
            joined[first : first + len(words)] = re.sub(r"\s", "_", words)
    return "".join(joined)


def _no_type_of_its_own(words: str) -> bool:
    """Whether the type name ``words`` is read by its affinity alone (no type of wesley-gen's)."""
    try:
        return sqlite_column_type(words).name != parse_type(words.lower()).name
    except ValueError:
        return False


@lru_cache(maxsize=4096)  # a schema repeats a few declared types thousands of times
def _typed(declared: str) -> tuple[ColumnType, str | None]:
    column_type = sqlite_column_type(declared)
    return column_type, declared_spelling(declared, column_type)


def table_options(statement: str) -> tuple[str, ...]:
    """The options a CREATE TABLE statement ends in (``strict``, ``without rowid``), in the
    model's order; the introspection reads a stored statement's with it too."""
    found = _TABLE_OPTIONS.search(statement.rstrip().rstrip(";").rstrip())
    words = " ".join(found.group(0).lower().replace(",", " ").split()) if found else ""
    return tuple(option for option in TABLE_OPTIONS if option in words)


def _column_key(table: TableDraft | None, name: str, descending: bool, written: str | None) -> str:
    """An index key over ``table``'s column ``name``, with the collation ``written`` on it."""
    found = table.column_index(name) if table else None
    column = table.columns[found] if table and found is not None else None
    collation = key_collation(written, column.collation if column else None)
    return str(IndexKey(column=column.name if column else name, descending=descending, collation=collation))


def key_collation(written: str | None, column: str | None) -> str | None:
    """An index key's collation as the model keeps it: only where it is not the one the key
    has unless it says otherwise (its column's, or BINARY for an expression)."""
    default = column or "binary"
    effective = (written or default).lower()
    return None if effective == default else effective


def _figure_name(node: exp.Expr) -> str | None:
    """The name PostgreSQL would give an index key expression: ``lower(b)`` is ``lower``."""

    while isinstance(node, exp.Paren | exp.Collate):
        node = node.this
    if isinstance(node, exp.Column) and isinstance(node.this, exp.Identifier):
        return str(node.this.this)
    if isinstance(node, exp.Cast):
        inner = _figure_name(node.this)
        return inner if isinstance(node.this, exp.Column) else str(node.to.this.value).lower()
    if isinstance(node, exp.Case):
        default = node.args.get("default")
        return (_figure_name(default) if isinstance(default, exp.Column | exp.Func) else None) or "case"
    if isinstance(node, exp.Anonymous):
        return str(node.name).lower()
    if isinstance(node, exp.Func):
        return node.sql_name().lower()
    return None
