"""Names and expressions as values: the one place a name becomes SQL.

Every table, column, constraint, index and type name wesley-gen writes into SQL is
a quoted sqlglot identifier made here (:func:`ident`, :func:`table`,
:func:`column`), so reserved words, quotes, spaces, unicode and upper case all
round-trip.  Expressions stay trees until they are rendered; a column rename inside
one is :func:`rename_columns`, a transform of the tree, never a string edit.  The few
PostgreSQL statements sqlglot has no tree for (``LOCK TABLE``, ``ALTER TYPE … ADD
VALUE``…) are :func:`command`\\ s: fixed keywords with every name and literal
rendered by the same quoter.

It also owns two small value types: an index key (:class:`IndexKey`, a column or an
expression plus its ordering, kept in the model as canonical text) and the names of
wesley-gen's own objects (:func:`own_name`: shadow columns, rebuild tables, retired
enum types), which must never equal a user's object within PostgreSQL's 63-byte limit,
and the history table's name (:data:`HISTORY_TABLE`).
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from wesley_gen.expressions import SQLITE_UUID, Spelled, normalized_as_syntax

if TYPE_CHECKING:
    from sqlglot import exp

# Bytes a name may have before the database cuts it (PostgreSQL's NAMEDATALEN - 1);
# SQLite keeps names of any length.
IDENTIFIER_LIMIT: dict[str, int | None] = {"postgres": 63, "sqlite": None}
_HASH_LENGTH = 8  # hex digits of the full name's sha256 that keep a shortened name unique

# wesley-gen's own table of applied migrations: written by the runtime (run/history.py,
# run/lock.py) and skipped by introspection, so it is kept here where both may import it.
HISTORY_TABLE = "wesley_gen_history"
# The schema every database has and every unqualified name lives in; the model leaves it unnamed.
PUBLIC = "public"

# A key that is just such a name is a column, written as it is (the form every loader
# has always written); anything else is SQL text, parsed.
_BARE_NAME = re.compile(r"[A-Za-z_][\w$]*")
# A function call as it renders: a name, then everything in one pair of parentheses.
_FUNCTION_CALL = re.compile(r"[A-Za-z_][\w$.]*\(.*\)", re.S)


# --- identifiers -------------------------------------------------------------------------


def ident(name: str) -> exp.Identifier:
    """``name`` as a quoted identifier: the dialect's renderer escapes it."""
    from sqlglot import exp

    return exp.to_identifier(name, quoted=True)


def split_qualified(name: str) -> tuple[str | None, str]:
    """A model name → (its schema, or ``None`` for ``public``; the name inside the schema).

    The model names an object of another schema ``schema.name`` and leaves ``public``
    objects unqualified, so that a schema written without schemas is unchanged."""
    schema, dot, bare = name.rpartition(".")
    return (schema if dot else None), bare


DOTTED_NAME_HINT = "rename it without the dot"


def dotted_name_reason(name: str, kind: str = "name") -> str:
    """Why a name with a dot in it is refused: :func:`split_qualified` would read it as a schema's."""
    schema, _, bare = name.rpartition(".")
    return (
        f"the {kind} {name!r} has a dot in it: wesley-gen names another schema's objects "
        f"schema.name, so it cannot tell it from {bare!r} in schema {schema!r}; not supported yet"
    )


def schema_of(name: str) -> str:
    """The PostgreSQL schema a model name lives in (``public`` when unqualified)."""
    return split_qualified(name)[0] or PUBLIC


def in_schema(schema: str, name: str) -> str:
    """The model name of ``name`` in ``schema``: ``public`` objects go unqualified."""
    return name if schema == PUBLIC else f"{schema}.{name}"


def table(name: str) -> exp.Table:
    """A model table name (``app.users`` for another schema) as a table expression."""
    from sqlglot import exp

    schema, bare = split_qualified(name)
    return exp.Table(this=ident(bare), db=ident(schema) if schema is not None else None)


def column(name: str, table_name: str | None = None) -> exp.Column:
    """A column reference, qualified by ``table_name`` (and its schema) when one is given."""
    from sqlglot import exp

    if table_name is None:
        return exp.Column(this=ident(name))
    schema, bare = split_qualified(table_name)
    return exp.Column(this=ident(name), table=ident(bare), db=ident(schema) if schema is not None else None)


# SQLite matches names without regard to the case of ASCII letters (sqlite3StrICmp) and keeps
# them as written; PostgreSQL folds an unquoted name to lower case when it reads it.
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def sqlite_folded(name: str) -> str:
    """A name as SQLite compares it: ASCII letters in one case, any other character as it is
    (``Notes`` and ``NOTES`` are one table)."""
    return name.lower() if name.isascii() else name.translate(_ASCII_LOWER)


def sqlite_spelling(name: str, declared: Iterable[str]) -> str:
    """``name`` as the object SQLite resolves it to was ``declared`` (an exact match first),
    or ``name`` itself when none matches."""
    candidates = list(declared)
    if name in candidates:
        return name
    folded = sqlite_folded(name)
    return next((d for d in candidates if sqlite_folded(d) == folded), name)


def quote(name: str, dialect: str = "postgres") -> str:
    """``name`` quoted for ``dialect``, for text that is not a statement (messages, regclass)."""
    return ident(name).sql(dialect=dialect)


# Text both dialects' renderers quote as it is, written here without building a tree (a
# 1000-table contract quotes every table's name): a name of these characters between double
# quotes, each part of a qualified one; a string literal of them between single quotes.
# tests/test_sql_text.py checks them against the renderer.
_PLAIN_NAME = re.compile(r"[\w$]+(?:\.[\w$]+)?", re.ASCII)
_PLAIN_TEXT = re.compile(r"[\w$ .,:|()\[\]]*", re.ASCII)
_PLAIN_DIALECTS = ("postgres", "sqlite")


def qualified(name: str, dialect: str = "postgres") -> str:
    """A possibly schema-qualified name (``app.status``), each part quoted."""
    if dialect in _PLAIN_DIALECTS and _PLAIN_NAME.fullmatch(name):
        return '"' + name.replace(".", '"."') + '"'
    return table(name).sql(dialect=dialect)


def quoted(name: str, dialect: str = "postgres") -> str:
    """``name`` as one quoted identifier (a dot in it is part of the name)."""
    if dialect in _PLAIN_DIALECTS and "." not in name and _PLAIN_NAME.fullmatch(name):
        return '"' + name + '"'
    return ident(name).sql(dialect=dialect)


def literal(value: str, dialect: str = "postgres") -> str:
    """A string literal as the dialect's renderer writes it."""
    if dialect in _PLAIN_DIALECTS and _PLAIN_TEXT.fullmatch(value):
        return "'" + value + "'"
    from sqlglot import exp

    return exp.Literal.string(value).sql(dialect=dialect)


def command(template: str, dialect: str = "postgres", **parts: exp.Expr) -> str:
    """A statement sqlglot has no tree for: ``template``'s fixed keywords with each
    ``{name}`` replaced by ``parts[name]`` rendered for ``dialect`` (quoted names,
    escaped literals).  The template itself never holds a name."""
    return template.format(**{key: part.sql(dialect=dialect) for key, part in parts.items()})


# --- expressions -------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _parsed(text: str, dialect: str) -> exp.Expr:
    import sqlglot

    return sqlglot.parse_one(text, read=dialect)


def parse_expression(text: str, dialect: str = "postgres") -> exp.Expr:
    """A canonical expression (defaults, checks, index keys are PostgreSQL text) as a new tree."""
    return _parsed(text, dialect).copy()


def ddl_expression(text: str, dialect: str, *, bracketed: bool = False) -> exp.Expr:
    """An expression to write into DDL: on PostgreSQL the text PostgreSQL gave the model
    (:class:`~wesley_gen.expressions.Spelled`), verbatim, otherwise the canonical tree.
    ``bracketed``: the clause brackets it itself (``CHECK (…)``), so the text comes without
    its outer brackets; else it is bracketed unless it is one operand."""
    from sqlglot import exp

    if dialect == "sqlite":
        return _negated_after_operand(parse_expression(text, dialect))
    if dialect != "postgres":
        return parse_expression(text, dialect)
    if not isinstance(text, Spelled):
        return normalized_as_syntax(parse_expression(text, dialect))
    written = text.postgres
    while written.startswith("(") and written.endswith(")") and _one_operand(written):
        written = written[1:-1].strip()
    if bracketed or (_OPERAND.match(written) and _one_operand(written)):
        return exp.var(written)
    return exp.var(f"({written})")


def _negated_after_operand(tree: exp.Expr) -> exp.Expr:
    """``x NOT IN (…)``, ``x NOT BETWEEN …``, ``x NOT GLOB …`` and ``x IS NOT NULL`` as SQLite
    DDL is written: sqlglot reads them as ``NOT`` over the test and writes ``NOT x IN (…)``,
    the same meaning, but SQLite keeps the text of an index, view or trigger as it is written
    (``sqlite_schema``), so a file's index and the one a migration makes would read differently."""
    from sqlglot import exp

    for node in list(tree.find_all(exp.Not)):
        test = node.this
        if not isinstance(test, exp.In | exp.Between | exp.Glob | exp.Is) or test.this is None:
            continue
        operand = test.this.sql(dialect="sqlite")
        written = test.sql(dialect="sqlite")
        if not written.startswith(f"{operand} "):
            continue
        rest = written[len(operand) + 1 :]
        negated = f"IS NOT {rest[3:]}" if isinstance(test, exp.Is) else f"NOT {rest}"
        replacement = exp.var(f"{operand} {negated}")
        if node is tree:
            return replacement
        node.replace(replacement)
    return tree


# A literal, a keyword, a name or a call: text that needs no brackets of its own in DDL.
_OPERAND = re.compile(r"^(?:'(?:[^']|'')*'|-?\d+(?:\.\d+)?|[A-Za-z_][\w.]*(?:\(.*\))?)$", re.S)


def _one_operand(text: str) -> bool:
    """True unless ``text`` is several operands after all (``f(a) + g(b)``, ``(a) OR (b)``):
    the first bracket it opens, if any, closes at its end; quoted text is skipped."""
    depth = 0
    quote = ""
    opened = False
    for position, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
            opened = True
        elif char == ")":
            depth -= 1
            if depth == 0 and position != len(text) - 1:
                return False
    return not opened or depth == 0


def sqlite_expression(text: str) -> exp.Expr:
    """A canonical expression as SQLite can evaluate it: a uuid made by :data:`SQLITE_UUID`."""
    from sqlglot import exp

    def replace_uuid(node: exp.Expr) -> exp.Expr:
        return _parsed(SQLITE_UUID, "sqlite").copy() if isinstance(node, exp.Uuid) else node

    return parse_expression(text).transform(replace_uuid)


def rename_columns(tree: exp.Expr, columns: Mapping[str, str], *, table_name: str | None = None) -> exp.Expr:
    """``tree`` (copied) with every unqualified reference to a key of ``columns`` renamed
    to its value, quoted, and qualified by ``table_name`` when one is given."""
    from sqlglot import exp

    def rename(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column) and not node.table and node.name in columns:
            return column(columns[node.name], table_name)
        return node

    return tree.transform(rename)


def columns_read(tree: exp.Expr) -> set[str]:
    """The names of the columns an expression reads."""
    from sqlglot import exp

    return {node.name for node in tree.find_all(exp.Column)}


# --- index keys --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndexKey:
    """One key of an index: a column or an expression, its collation and operator class
    when the index names them, and its ordering.

    ``nulls_first`` is where NULLs sort; PostgreSQL's default is first exactly when
    descending, and the canonical text names it only when it differs.  ``collation`` and
    ``opclass`` are kept only when they are not the key's defaults (as ``pg_dump`` prints
    them): an opclass decides which operators the index serves, and a gin or gist key on a
    type with no default class cannot be built without one.
    """

    column: str | None = None
    expression: str | None = None  # canonical PostgreSQL text (expressions.py)
    descending: bool = False
    nulls_first: bool | None = None
    collation: str | None = None  # the collation's name, unquoted
    opclass: str | None = None  # as SQL: ``inet_ops``, ``myschema.my_ops``

    def __post_init__(self) -> None:
        if (self.column is None) == (self.expression is None):
            raise ValueError("an index key is a column or an expression")
        if self.nulls_first is None:
            object.__setattr__(self, "nulls_first", self.descending)

    def tree(self) -> exp.Expr:
        """The key's value: a quoted column reference, or the expression's tree."""
        if self.column is not None:
            return column(self.column)
        assert self.expression is not None
        return parse_expression(self.expression)

    def columns(self) -> set[str]:
        """The columns the key reads."""
        return {self.column} if self.column is not None else columns_read(self.tree())

    def renamed(self, columns: Mapping[str, str]) -> IndexKey:
        """The key with its columns renamed (inside an expression too)."""
        from wesley_gen.expressions import normalize_expression

        if self.column is not None:
            return replace(self, column=columns.get(self.column, self.column))
        if not self.columns() & set(columns):
            return self
        renamed = normalize_expression(rename_columns(self.tree(), columns).sql(dialect="postgres"))
        return replace(self, expression=renamed)

    def ordered(self, dialect: str) -> exp.Ordered:
        """The key as written in CREATE INDEX for ``dialect``: the ordering only where it is
        not the default, since gin, gist, brin, hash and spgist refuse ``ASC`` and ``DESC``."""
        from sqlglot import exp

        tree = self.tree()
        element = _index_element(normalized_as_syntax(tree) if dialect == "postgres" else tree)
        if self.collation is not None:
            # SQLite's built-in collations, spelled as its documentation does: BINARY, NOCASE, RTRIM.
            name = (
                exp.var(self.collation.upper())
                if dialect == "sqlite"
                else exp.to_identifier(self.collation, quoted=True)
            )
            element = exp.Collate(this=element, expression=name)
        if self.opclass is not None:
            element = exp.Opclass(this=element, expression=exp.to_table(self.opclass, dialect="postgres"))
        # SQLite has no NULLS clause in an index: there NULLs sort first ascending.
        nulls_first = not self.descending if dialect == "sqlite" else self.nulls_first
        return exp.Ordered(this=element, desc=True if self.descending else None, nulls_first=nulls_first)

    def __str__(self) -> str:
        return index_key_text(self)


def _index_element(tree: exp.Expr) -> exp.Expr:
    """A key as CREATE INDEX accepts it: PostgreSQL's grammar takes a column or a function
    call bare and any other expression only in parentheses (``(100 / n)``)."""
    from sqlglot import exp

    if isinstance(tree, exp.Column | exp.Paren):
        return tree
    if isinstance(tree, exp.Func) and _FUNCTION_CALL.fullmatch(tree.sql(dialect="postgres")):
        return tree
    return exp.Paren(this=tree)


def index_key_text(key: IndexKey) -> str:
    """The canonical text of a key, as the model and ``schema.json`` keep it: a column
    name as it is when it reads back as itself, otherwise SQL (``"sp ace" DESC``,
    ``"ip" inet_ops``, ``"name" COLLATE "C" text_pattern_ops``)."""
    if key.collation is not None or key.opclass is not None:
        return key.ordered("postgres").sql(dialect="postgres")
    words = ""
    if key.descending:
        words += " DESC"
    if key.nulls_first != key.descending:
        words += " NULLS FIRST" if key.nulls_first else " NULLS LAST"
    if key.column is not None:
        plain = key.column + words
        if _BARE_NAME.fullmatch(key.column) and _read_key(plain) == key:
            return plain
        return quote(key.column) + words
    assert key.expression is not None
    return key.expression + words


def parse_index_key(text: str) -> IndexKey:
    """Read a key's canonical text; raises ``ValueError`` for text that is not one key."""
    key = _read_key(text)
    if key is None:
        raise ValueError(f"not an index key: {text!r}")
    return key


@lru_cache(maxsize=8192)
def _read_key(text: str) -> IndexKey | None:
    if _BARE_NAME.fullmatch(text):
        return IndexKey(column=text)  # the commonest key, read without importing sqlglot
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    ordered: exp.Expr | None
    try:
        ordered = sqlglot.parse_one(text, read="postgres", into=exp.Ordered)
    except SqlglotError:
        ordered = _read_index_element(text)
    if not isinstance(ordered, exp.Ordered):
        return None
    value = ordered.this
    descending = bool(ordered.args.get("desc"))
    nulls_first = bool(ordered.args.get("nulls_first"))
    opclass = collation = None
    if isinstance(value, exp.Opclass):
        opclass = value.expression.sql(dialect="postgres")
        value = value.this
    if isinstance(value, exp.Collate):  # PostgreSQL reads (x COLLATE c) as x COLLATE c too
        collation = value.expression.name
        value = value.this
    if isinstance(value, exp.Column) and not value.table:
        return IndexKey(value.name, None, descending, nulls_first, collation, opclass)
    while isinstance(value, exp.Paren):
        value = value.this
    return IndexKey(None, value.sql(dialect="postgres"), descending, nulls_first, collation, opclass)


def _read_index_element(text: str) -> exp.Expr | None:
    """A key with a collation or an operator class, which sqlglot reads only inside an index."""
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    try:
        create = sqlglot.parse_one(f"CREATE INDEX i ON t ({text})", read="postgres")
    except SqlglotError:
        return None
    params = create.find(exp.IndexParameters)
    columns = params.args.get("columns") or [] if params is not None else []
    return columns[0] if len(columns) == 1 else None


# --- wesley-gen's own objects ------------------------------------------------------------


def own_name(name: str, suffix: str, dialect: str) -> str:
    """The name of an object wesley-gen makes beside ``name`` (``<name><suffix>``).

    Where that would pass the dialect's limit, the database would cut it, possibly back
    to ``name`` itself: ``name`` is shortened instead, on a character boundary, and the
    first hex digits of the full name's sha256 keep it unique and stable.
    """
    schema, dot, bare = name.rpartition(".")  # a type or table in another schema stays there
    full = bare + suffix
    limit = IDENTIFIER_LIMIT.get(dialect)
    if limit is not None and len(full.encode("utf-8")) > limit:
        digest = "_" + hashlib.sha256(full.encode("utf-8")).hexdigest()[:_HASH_LENGTH]
        room = limit - len((digest + suffix).encode("utf-8"))
        full = bare.encode("utf-8")[:room].decode("utf-8", errors="ignore") + digest + suffix
    return schema + dot + full


def numbering_sequence(table: str, column: str) -> str:
    """The sequence that numbers the rows of a new identity column of ``table`` until the
    swap attaches the identity, which continues from it (wesley-gen's own, dropped then)."""
    return own_name(f"{table}_{column}", "__wesley_seq", "postgres")
