"""SQLite statements of the plain shapes most schema files are made of, read without sqlglot.

A ``CREATE TABLE`` of named, typed columns with ``PRIMARY KEY``, ``NOT NULL``, ``NULL``,
``UNIQUE``, a literal ``DEFAULT`` and ``REFERENCES``, and of ``PRIMARY KEY``, ``UNIQUE`` and
``FOREIGN KEY`` over plain columns; a ``CREATE [UNIQUE] INDEX`` over plain columns.  Reading
a 1000-table file through sqlglot costs most of a second: its import, and a parse tree per
statement that is then walked again.  This reader splits such a statement into tokens with
one regular expression and hands the reader in ``sqlite_ddl`` what sqlglot's tree would
have told it, line numbers included.

It is deliberately narrow: anything else (a quoted or reserved name, an expression, a
``CHECK``, ``COLLATE``, a constraint name, a comment nested in a comment, a stray
character...) makes :func:`read_simple` answer ``None`` and the statement goes to sqlglot,
which also reports every error.  tests/test_sqlite_simple.py holds both readers to the
same result on the corpus and on generated statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Whitespace and comments (a block comment that opens another is left to sqlglot), then one
# token: a word, an unsigned number, a string without backslashes, or a mark; or the end.
_TOKEN = re.compile(
    r"(?:[ \t\r\n]+|--[^\n]*|/\*(?:(?!/\*).)*?\*/)*"
    r"(?:(?P<word>[A-Za-z_][A-Za-z0-9_]*)|(?P<number>[0-9]+(?:\.[0-9]+)?(?![A-Za-z0-9_.]))"
    r"|(?P<string>'[^'\\]*(?:''[^'\\]*)*')|(?P<mark>[(),-])|(?P<end>\Z))",
    re.S,
)
# SQLite's keywords (https://sqlite.org/lang_keywords.html), then the words sqlglot reads as
# something other than a name in these statements (tests/test_sqlite_simple.py finds them):
# never taken for a name here.
RESERVED = frozenset(
    {
        "ABORT", "ACTION", "ADD", "AFTER", "ALL", "ALTER", "ALWAYS", "ANALYZE", "AND", "ANY", "AS", "ASC",
        "ATTACH", "AUTOINCREMENT", "BEFORE", "BEGIN", "BETWEEN", "BY", "CASCADE", "CASE", "CAST", "CHECK",
        "COLLATE", "COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE",
        "CURRENT_TIME", "CURRENT_TIMESTAMP", "DATABASE", "DEFAULT", "DEFERRABLE", "DEFERRED", "DELETE", "DESC",
        "DETACH", "DISTINCT", "DO", "DROP", "EACH", "ELSE", "END", "ESCAPE", "EXCEPT", "EXCLUDE", "EXCLUSIVE",
        "EXISTS", "EXPLAIN", "FAIL", "FALSE", "FILTER", "FIRST", "FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL",
        "GENERATED", "GLOB", "GROUP", "GROUPS", "HAVING", "IF", "IGNORE", "IMMEDIATE", "IN", "INDEX", "INDEXED",
        "INITIALLY", "INNER", "INSERT", "INSTEAD", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "KEY", "LAST",
        "LEFT", "LIKE", "LIMIT", "MATCH", "MATERIALIZED", "NATURAL", "NO", "NOT", "NOTHING", "NOTNULL", "NULL",
        "NULLS", "OF", "OFFSET", "ON", "OR", "ORDER", "OTHERS", "OUTER", "OVER", "PARTITION", "PLAN", "PRAGMA",
        "PRECEDING", "PRIMARY", "QUERY", "RAISE", "RANGE", "RECURSIVE", "REFERENCES", "REGEXP", "REINDEX",
        "RELEASE", "RENAME", "REPLACE", "RESTRICT", "RETURNING", "RIGHT", "ROLLBACK", "ROW", "ROWS",
        "SAVEPOINT", "SELECT", "SET", "STRICT", "TABLE", "TEMP", "TEMPORARY", "THEN", "TIES", "TO",
        "TRANSACTION", "TRIGGER", "TRUE", "UNBOUNDED", "UNION", "UNIQUE", "UPDATE", "USING", "VACUUM", "VALUES",
        "VIEW", "VIRTUAL", "WHEN", "WHERE", "WINDOW", "WITH", "WITHOUT",
        "CONNECT_BY_ROOT", "CURRENT_USER", "DESCRIBE", "FETCH", "FUNCTION", "GRANT", "ILIKE", "LATERAL",
        "PARTITIONED_BY", "QUALIFY", "REVOKE", "RLIKE", "TABLESAMPLE", "UNCACHE", "UNNEST", "XOR"
    }
)  # fmt: skip
# Type names read here: one of these words, or DOUBLE PRECISION, with up to two numbers.
TYPE_WORDS = frozenset(
    {
        "INTEGER", "INT", "BIGINT", "SMALLINT", "TINYINT", "MEDIUMINT", "TEXT", "VARCHAR", "CHAR", "NCHAR",
        "NVARCHAR", "CLOB", "BLOB", "REAL", "FLOAT", "DOUBLE", "NUMERIC", "DECIMAL", "BOOLEAN", "DATE",
        "DATETIME", "TIMESTAMP", "TIMESTAMPTZ", "UUID", "JSON", "JSONB"
    }
)  # fmt: skip
# DEFAULT values read here, as sqlglot's SQLite dialect prints them: the rest are numbers,
# negative numbers and strings, printed as written.
_DEFAULT_WORDS = {
    "TRUE": "TRUE",
    "FALSE": "FALSE",
    "NULL": "NULL",
    "CURRENT_TIMESTAMP": "CURRENT_TIMESTAMP",
    "CURRENT_DATE": "CURRENT_DATE",
    "CURRENT_TIME": "CURRENT_TIME",
}
# ON DELETE / ON UPDATE actions → the model's names.
_ACTIONS = {
    ("CASCADE",): "cascade",
    ("RESTRICT",): "restrict",
    ("SET", "NULL"): "set null",
    ("SET", "DEFAULT"): "set default",
    ("NO", "ACTION"): "no action",
}
# SQLite's type name: words, then up to two numbers in parentheses; a constraint keyword ends it.
DECLARED_TYPE = re.compile(
    r"\s*(?P<type>(?!(?:CONSTRAINT|PRIMARY|NOT|NULL|UNIQUE|CHECK|DEFAULT|COLLATE|REFERENCES|GENERATED|AS)\b)"
    r"[A-Za-z_]\w*(?:\s+(?!(?:CONSTRAINT|PRIMARY|NOT|NULL|UNIQUE|CHECK|DEFAULT|COLLATE|REFERENCES"
    r"|GENERATED|AS)\b)[A-Za-z_]\w*)*(?:\s*\(\s*[+-]?\d+(?:\s*,\s*[+-]?\d+)?\s*\))?)",
    re.I,
)


@dataclass(slots=True)
class SimpleKey:
    """A ``PRIMARY KEY``, ``UNIQUE`` or ``REFERENCES``/``FOREIGN KEY`` over plain columns;
    a column's own has no columns (it is the column) and the column's line."""

    kind: str  # "primary", "unique" or "foreign"
    line: int
    columns: tuple[str, ...] = ()
    ref_table: str = ""
    ref_columns: tuple[str, ...] = ()
    actions: dict[str, str] = field(default_factory=dict)  # "DELETE" / "UPDATE" → the model's action


@dataclass(slots=True)
class SimpleColumn:
    name: str
    line: int
    declared: str  # the type as written, spaces collapsed
    nullable: bool = True
    default: str | None = None  # as sqlglot's SQLite dialect prints it
    autoincrement: bool = False
    keys: list[SimpleKey] = field(default_factory=list)


@dataclass(slots=True)
class SimpleTable:
    name: str
    line: int
    if_not_exists: bool
    elements: list[SimpleColumn | SimpleKey] = field(default_factory=list)


@dataclass(slots=True)
class SimpleIndex:
    name: str
    line: int
    table: str
    unique: bool
    keys: list[tuple[str, bool]]  # column, descending


class _NotSimple(Exception):
    """The statement is not one of the shapes read here."""


def read_simple(statement: str, first_line: int) -> SimpleTable | SimpleIndex | None:
    """``statement`` (starting on ``first_line``) read, or ``None`` when sqlglot must read it."""
    tokens = _tokens(statement)
    if tokens is None or len(tokens) < 4 or tokens[0][1].upper() != "CREATE":
        return None
    try:
        return _Parser(statement, tokens, first_line).statement()
    except (_NotSimple, IndexError):  # IndexError: the tokens ran out
        return None


def _tokens(statement: str) -> list[tuple[str, str, int]] | None:
    """(kind, text, offset) of each token, or ``None`` at a character not read here."""
    tokens: list[tuple[str, str, int]] = []
    match = _TOKEN.match
    position = 0
    while True:
        found = match(statement, position)
        if found is None:
            return None
        kind = found.lastgroup
        assert kind is not None
        if kind == "end":
            return tokens
        tokens.append((kind, found.group(kind), found.start(kind)))
        position = found.end()


def _newlines(text: str) -> int:
    """Line breaks as sqlglot counts them: ``\\n``, ``\\r\\n`` and a lone ``\\r``."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


class _Parser:
    def __init__(self, statement: str, tokens: list[tuple[str, str, int]], first_line: int) -> None:
        self.statement_text = statement
        self.tokens = tokens
        self.position = 0
        self.line_offset = 0  # the last offset a line was asked for, and its line
        self.line_number = first_line

    # --- tokens ---------------------------------------------------------------------

    def peek(self) -> str:
        """The next token's text, upper-cased (a name's case is read by :meth:`name`)."""
        return self.tokens[self.position][1].upper()

    def take(self, *words: str) -> bool:
        """Step over the words ``words`` when they come next."""
        end = self.position + len(words)
        if [text.upper() for _, text, _ in self.tokens[self.position : end]] != list(words):
            return False
        self.position = end
        return True

    def expect(self, *words: str) -> None:
        if not self.take(*words):
            raise _NotSimple

    def line(self, offset: int) -> int:
        """The line of ``offset``; offsets are asked for in increasing order."""
        self.line_number += _newlines(self.statement_text[self.line_offset : offset])
        self.line_offset = offset
        return self.line_number

    def name(self) -> tuple[str, int]:
        """A plain name, as written (SQLite keeps it so), and its line."""
        kind, text, offset = self.tokens[self.position]
        if kind != "word" or text.upper() in RESERVED:
            raise _NotSimple
        self.position += 1
        return text, self.line(offset)

    def names(self) -> tuple[tuple[str, ...], int]:
        """``( a, b, ... )``, and the line of the first name."""
        self.expect("(")
        first, line = self.name()
        found = [first]
        while self.take(","):
            found.append(self.name()[0])
        self.expect(")")
        return tuple(found), line

    def done(self) -> bool:
        return self.position == len(self.tokens)

    # --- statements -----------------------------------------------------------------

    def statement(self) -> SimpleTable | SimpleIndex:
        self.expect("CREATE")
        if self.take("TABLE"):
            return self.table()
        unique = self.take("UNIQUE")
        self.expect("INDEX")
        return self.index(unique)

    def table(self) -> SimpleTable:
        if_not_exists = self.take("IF", "NOT", "EXISTS")
        name, line = self.name()
        table = SimpleTable(name, line, if_not_exists)
        self.expect("(")
        while True:
            word = self.peek()
            if word in {"PRIMARY", "UNIQUE", "FOREIGN"}:
                table.elements.append(self.table_key(word))
            else:
                table.elements.append(self.column())
            if not self.take(","):
                break
        self.expect(")")
        if not self.done():
            raise _NotSimple
        return table

    def column(self) -> SimpleColumn:
        name_offset = self.tokens[self.position][2]
        name, line = self.name()
        column = SimpleColumn(name, line, self.declared_type(name_offset + len(name)))
        while True:
            word = self.peek()
            if word == "PRIMARY":
                self.expect("PRIMARY", "KEY")
                column.keys.append(SimpleKey("primary", line))
                column.autoincrement = self.take("AUTOINCREMENT") or column.autoincrement
            elif word == "NOT":
                self.expect("NOT", "NULL")
                column.nullable = False
            elif word == "NULL":
                self.position += 1
                column.nullable = True
            elif word == "UNIQUE":
                self.position += 1
                column.keys.append(SimpleKey("unique", line))
            elif word == "DEFAULT":
                self.position += 1
                column.default = self.default()
            elif word == "REFERENCES":
                self.position += 1
                column.keys.append(self.reference(SimpleKey("foreign", line)))
            elif word in {",", ")"}:
                return column
            else:
                raise _NotSimple

    def declared_type(self, name_end: int) -> str:
        """The type after a column's name, as the reader in ``sqlite_ddl`` reads it from the
        text (:data:`DECLARED_TYPE`), where it is a word of :data:`TYPE_WORDS` or DOUBLE
        PRECISION with up to two unsigned numbers in brackets (an untyped column is sqlglot's)."""
        written = DECLARED_TYPE.match(self.statement_text, name_end)
        first = self.peek()
        if written is None or first not in TYPE_WORDS:
            raise _NotSimple
        self.position += 1
        if first == "DOUBLE":
            self.take("PRECISION")
        if self.peek() == "(":
            self.position += 1
            self.number()
            if self.take(","):
                self.number()
            self.expect(")")
        _, text, offset = self.tokens[self.position - 1]
        if offset + len(text) != written.end("type"):
            raise _NotSimple
        return " ".join(written.group("type").split())

    def number(self) -> None:
        kind, text, _ = self.tokens[self.position]
        if kind != "number" or "." in text:
            raise _NotSimple
        self.position += 1

    def default(self) -> str:
        """A literal default, printed as sqlglot's SQLite dialect prints it."""
        kind, text, _ = self.tokens[self.position]
        self.position += 1
        if kind in {"number", "string"}:
            return text
        if text == "-" and self.tokens[self.position][0] == "number":
            self.position += 1
            return "-" + self.tokens[self.position - 1][1]
        if kind == "word" and text.upper() in _DEFAULT_WORDS:
            return _DEFAULT_WORDS[text.upper()]
        raise _NotSimple

    def reference(self, key: SimpleKey) -> SimpleKey:
        """``REFERENCES t [(columns)] [ON DELETE|UPDATE action]...`` after REFERENCES."""
        key.ref_table = self.name()[0]
        if self.peek() == "(":
            key.ref_columns = self.names()[0]
        while self.take("ON"):
            event = self.peek()
            if event not in {"DELETE", "UPDATE"}:
                raise _NotSimple
            self.position += 1
            action = next((action for words, action in _ACTIONS.items() if self.take(*words)), None)
            if action is None:
                raise _NotSimple
            key.actions[event] = action
        return key

    def table_key(self, word: str) -> SimpleKey:
        """``PRIMARY KEY (…)``, ``UNIQUE (…)`` or ``FOREIGN KEY (…) REFERENCES …``; its line is
        its first column's, as sqlglot's tree places it."""
        self.position += 1
        if word != "UNIQUE":
            self.expect("KEY")
        columns, line = self.names()
        key = SimpleKey({"PRIMARY": "primary", "UNIQUE": "unique"}.get(word, "foreign"), line, columns)
        if word == "FOREIGN":
            self.expect("REFERENCES")
            self.reference(key)
        return key

    def index(self, unique: bool) -> SimpleIndex:
        self.take("IF", "NOT", "EXISTS")  # sqlglot's tree has it; the reader does not use it
        name, line = self.name()
        self.expect("ON")
        table = self.name()[0]
        self.expect("(")
        keys = []
        while True:
            column = self.name()[0]
            descending = self.take("DESC")
            if not descending:
                self.take("ASC")
            keys.append((column, descending))
            if not self.take(","):
                break
        self.expect(")")
        if not self.done():
            raise _NotSimple
        return SimpleIndex(name, line, table, unique, keys)
