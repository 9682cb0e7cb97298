"""No SQL is pasted together from strings anywhere in ``wesley_gen/`` (issue 12).

Statements are sqlglot trees rendered for a dialect, ``psycopg.sql`` compositions, or
constant text with parameters; every name goes through ``wesley_gen/identifiers.py``.
This test reads the source with ``ast`` and flags each f-string, ``%`` format,
``str.format`` call, ``+`` concatenation or ``+=`` whose literal text reads as SQL.

What reads as SQL (the holes of the built string written ``{}``):

- text that *begins* like a statement (``SELECT …``, ``INSERT INTO``, ``ALTER TABLE``,
  ``PRAGMA …``, ``LOCK TABLE``, ``SET x = …``), or that holds a clause only a statement
  has (``SELECT … FROM``, ``DELETE FROM``, ``UPDATE t SET``), keywords in any case;
- a piece of a statement: a keyword in capitals, as wesley-gen writes them, next to a
  hole (``ON DELETE {}``, ``CAST({} AS {})``, ``{} IF EXISTS``).

Messages name SQL too (``ALTER TABLE {name}: only ADD COLUMN is read``, ``no NULL in
{table}.{column} (it becomes NOT NULL)``).  A colon followed by a space never occurs in
SQL outside a string literal and nearly always in a message, so text holding one is never
flagged; two lower-case words in a row (``it becomes``) mark prose that is not a piece of
a statement.  ``SET`` counts only in capitals: in lower case it begins hints (``set
WESLEY_CONFIRM={value}``).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "wesley_gen"

# Documented exceptions: (module, function) -> why that function may build SQL text.
ALLOWED: dict[tuple[str, str], str] = {
    # The fast path of the PostgreSQL DDL loader prints expressions back from pglast's JSON
    # parse tree (a deparser, like sqlglot's own generator): every piece pasted is text it
    # printed from a node, names through _quote_identifier and literals through
    # _quote_literal, and the result is re-read by wesley_gen/expressions.py's canonical spelling.
    ("load/postgres_ddl.py", "_cast"): "expression printer (a deparser of pglast's tree)",
    ("load/postgres_ddl.py", "_a_expr"): "expression printer (a deparser of pglast's tree)",
    ("load/postgres_ddl.py", "_bool_expr"): "expression printer (a deparser of pglast's tree)",
    ("load/postgres_ddl.py", "_coalesce"): "expression printer (a deparser of pglast's tree)",
    ("load/postgres_ddl.py", "_case"): "expression printer (a deparser of pglast's tree)",
    # A person-readable description of a keyed schema value in DDL words for a difference
    # report (``integer NOT NULL DEFAULT 0``); it is printed, never executed.
    ("run/contract.py", "_brief"): "describes a schema value to a person, never executed",
    # sqlglot reads an index key's operator class only inside CREATE INDEX: the model's
    # canonical key text is wrapped in one to be parsed back, never executed.
    ("identifiers.py", "_read_index_element"): "wraps a key's text to parse it, never executed",
    # The lock-cost rules are regular expressions that read generated statements (explain,
    # plan.json): patterns assembled from name patterns, never executed.
    ("locks.py", ""): "regular expressions that read statements, never executed",
    # An error message that names the clause it is about (``USING INDEX i: no index …``).
    ("load/ddl.py", "take_index"): "an error message, never executed",
    # pglast parses PL/pgSQL only as a function's body: a DO block's body is wrapped in one to
    # be parsed (the types it creates are read from the tree), never executed.
    ("load/postgres_ddl.py", "do_block"): "wraps a DO block's body to parse it, never executed",
    # SQLite keeps an index's text as written: ``x NOT IN (…)`` is put back in that order from
    # sqlglot's own text of the parsed tree's nodes (the operand, the test), nothing else.
    ("identifiers.py", "_negated_after_operand"): "re-orders sqlglot's text of a tree's nodes",
    # A policy expression (read and canonical already) wrapped in a SELECT for sqlglot's scope
    # walk, to find an ambiguous column; parsed, never executed.
    ("load/wesley_rls.py", "ambiguous_column"): "wraps an expression to parse it, never executed",
    # pglast trees made by parsing a template (a VALUES view's SELECT column1, …; a view option
    # the file gave, as the catalog spells it), compared as the server stores a view, never executed.
    ("load/opaque.py", "_values_select"): "a tree parsed from a template, never executed",
    ("load/opaque.py", "_view_option"): "a tree parsed from a template, never executed",
}


_KEYWORDS_OF_OBJECTS = (
    r"(?:TABLE|INDEX|TYPE|VIEW|SEQUENCE|SCHEMA|DATABASE|TRIGGER|FUNCTION|EXTENSION|DOMAIN|SYSTEM|ROLE"
    r"|POLICY|CONSTRAINT|COLUMN)"
)
# Text that begins as a statement does (after an optional opening parenthesis).
_STATEMENT = re.compile(
    rf"""^\s*\(?\s*(?:
        SELECT\s+\S
      | INSERT\s+(?:OR\s+\w+\s+)?INTO\b
      | UPDATE\s+\S+\s+SET\b
      | DELETE\s+FROM\b
      | (?:CREATE|ALTER|DROP)\s+(?:OR\s+REPLACE\s+|UNIQUE\s+|TEMP(?:ORARY)?\s+|MATERIALIZED\s+)*{_KEYWORDS_OF_OBJECTS}\b
      | PRAGMA\s+\S
      | LOCK\s+TABLE\b
      | (?:GRANT|REVOKE)\s+\S+(?:\s+\S+)*?\s+(?:ON|TO|FROM)\b
      | TRUNCATE\s+(?:TABLE\s+)?\S
      | COPY\s+\S+.*\b(?:FROM|TO)\s
      | WITH\s+(?:RECURSIVE\s+)?\S+\s+AS\s*\(
      | (?-i:SET)\s+(?:LOCAL\s+|SESSION\s+)?(?:CONSTRAINTS\b|\S+\s*(?:=|\bTO\b))
      | COMMENT\s+ON\s
      | (?:VACUUM|ANALYZE|REINDEX|EXPLAIN)\s+\S
      | (?:BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)(?:\s+(?:TRANSACTION|WORK|TO\s+\S+|\S+))?\s*;?\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# A clause only a statement has, wherever it stands in the text.
_CLAUSE = re.compile(
    rf"""\bSELECT\s+\S.*?\sFROM\s+\S
      | \bINSERT\s+INTO\s+\S
      | \bDELETE\s+FROM\s+\S
      | \bUPDATE\s+\S+\s+SET\s+\S+\s*=
      | \b(?:CREATE|ALTER|DROP)\s+{_KEYWORDS_OF_OBJECTS}\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?\S+\s*(?:\(|ADD\b|DROP\b|RENAME\b|ALTER\b|;|$)
    """,
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)
# A piece of a statement: a keyword in capitals beside a hole, with at least a space or a
# parenthesis between them (``{}NULL{}`` is an array value, ``'{' + 'NULL' + '}'``).
_FRAGMENT_KEYWORDS = (
    r"SELECT|FROM|WHERE|DEFAULT|ON\s+DELETE|ON\s+UPDATE|REFERENCES|CHECK|CAST|AS|IS|DISTINCT|NOT|NULL|IN"
    r"|AND|OR|LIKE|ILIKE|BETWEEN|DROP|CREATE|ALTER|ADD|RENAME|IF\s+(?:NOT\s+)?EXISTS|EXISTS|COLLATE"
    r"|ORDER\s+BY|GROUP\s+BY|LIMIT|USING|CASCADE|RESTRICT|PRIMARY\s+KEY|FOREIGN\s+KEY|UNIQUE|CONSTRAINT"
    r"|INDEX|TABLE|COLUMN|TYPE|GENERATED|NULLIF|COALESCE|CASE|WHEN|THEN|ELSE|END|ANY|ALL|ARRAY|VALUES"
    r"|SET|INTO|JOIN|UNION|ESCAPE"
)
_FRAGMENT = re.compile(rf"\b(?:{_FRAGMENT_KEYWORDS})\b[\s(]+\{{\}}|\{{\}}[\s)]+\b(?:{_FRAGMENT_KEYWORDS})\b")
_MESSAGE = re.compile(r":\s")  # ``error: …``
_PROSE = re.compile(r"\b[a-z]{2,}\s+[a-z]{2,}\b")  # ``it becomes``
_HOLE = "{}"


def reads_as_sql(text: str) -> bool:
    """Whether ``text`` (the literal parts of a built string, holes as ``{}``) is SQL."""
    if _MESSAGE.search(text):
        return False
    if _STATEMENT.search(text) or _CLAUSE.search(text):
        return True
    return not _PROSE.search(text) and bool(_FRAGMENT.search(text))


@dataclass(frozen=True, slots=True)
class Built:
    """A string built from parts: where, how, and its literal text."""

    module: str
    function: str  # the innermost function around it ("" at module level)
    line: int
    how: str
    text: str

    def __str__(self) -> str:
        return f"wesley_gen/{self.module}:{self.line} ({self.function or 'module'}): {self.how} {self.text!r}"


def _literal(node: ast.expr) -> str | None:
    """A constant string (or bytes) as text, or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes):
        value = node.value
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    return None


def _fstring_text(node: ast.JoinedStr) -> str:
    return "".join(_literal(part) or _HOLE for part in node.values)


def _concatenation(node: ast.BinOp) -> list[ast.expr]:
    """The operands of a chain of ``+``."""
    if not isinstance(node.op, ast.Add):
        return [node]
    left = _concatenation(node.left) if isinstance(node.left, ast.BinOp) else [node.left]
    right = _concatenation(node.right) if isinstance(node.right, ast.BinOp) else [node.right]
    return left + right


def _text_of(node: ast.expr) -> str | None:
    """The literal text of a string expression: a constant or an f-string."""
    if isinstance(node, ast.JoinedStr):
        return _fstring_text(node)
    return _literal(node)


def _functions(tree: ast.Module) -> dict[ast.AST, str]:
    """Each node inside a function, with the name of the innermost one."""
    around: dict[ast.AST, str] = {}
    for node in ast.walk(tree):  # outer functions come before inner ones: inner names win
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                around[inner] = node.name
    return around


def _built(node: ast.AST) -> tuple[str, str] | None:
    """How ``node`` builds a string, and its literal text; None when it builds none."""
    if isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in node.values):
        return "f-string", _fstring_text(node)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        text = _text_of(node.left)
        return None if text is None else ("% format", text)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        operands = _concatenation(node)
        parts = [_text_of(operand) for operand in operands]
        if any(part is not None for part in parts) and not all(_literal(o) is not None for o in operands):
            return "+", "".join(_HOLE if part is None else part for part in parts)
        return None
    if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
        text = _literal(node.value)  # an f-string added is flagged on its own
        return None if text is None else ("+=", _HOLE + text)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"format", "format_map"}
        and (text := _literal(node.func.value)) is not None
    ):
        return "str.format", text
    return None


def built_strings(source: str, module: str) -> list[Built]:
    """Every string ``source`` builds by formatting or concatenation."""
    tree = ast.parse(source)
    around = _functions(tree)
    found = []
    for node in ast.walk(tree):
        if (built := _built(node)) is not None:
            assert isinstance(node, ast.expr | ast.stmt)
            found.append(Built(module, around.get(node, ""), node.lineno, *built))
    return found


def _sql_built(path: Path) -> list[Built]:
    module = path.relative_to(PACKAGE).as_posix()
    return [b for b in built_strings(path.read_text(encoding="utf-8"), module) if reads_as_sql(b.text)]


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_sql_is_built_from_strings() -> None:
    offenders = [
        str(b) for path in _modules() for b in _sql_built(path) if (b.module, b.function) not in ALLOWED
    ]
    assert not offenders, (
        "SQL built from strings (use a sqlglot tree, psycopg.sql, or constant text with "
        "parameters and identifiers.py for names):\n" + "\n".join(offenders)
    )


def test_allowed_exceptions_still_exist() -> None:
    built = {(b.module, b.function) for path in _modules() for b in _sql_built(path)}
    assert not set(ALLOWED) - built, f"ALLOWED lists functions that build no SQL: {set(ALLOWED) - built}"


# --- the heuristic on small samples ----------------------------------------------------------

SQL = [
    'f"SELECT {cols} FROM {HISTORY_TABLE} ORDER BY id"',
    "f\"SELECT to_regclass('{name}') IS NOT NULL\"",
    'f"INSERT INTO {t} ({cols}) VALUES ({marks})"',
    'f"CREATE TABLE IF NOT EXISTS {t} (id INTEGER)"',
    "f'CREATE DATABASE \"{name}\"'",
    "f'DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)'",
    'f"ALTER SYSTEM SET {setting} = off"',
    'f"ALTER TABLE {t} ADD COLUMN {c} text"',
    'f"PRAGMA table_info({t})"',
    'f"LOCK TABLE {t} IN ACCESS EXCLUSIVE MODE"',
    'f"UPDATE {t} SET {c} = NULL"',
    'f"DELETE FROM {t} WHERE id = 1"',
    'f"SET lock_timeout = {ms}"',
    "'SELECT COUNT(*) FROM \"{}\"'.format(t)",
    '"DROP INDEX %s" % name',
    '"SELECT * FROM " + table',
    '"select a from " + table + " where b = 1"',
    'f"  WHERE x = 1 AND y IN (SELECT id FROM {t})"',
    'sql += f"DELETE FROM {t}"',
    'f"GRANT SELECT ON {t} TO {role}"',
    'f"ON DELETE {action}"',
    'f"DROP {kind} IF EXISTS __t"',
    'f"CAST({value} AS {type_name})"',
    'f"({left} IS {negated}DISTINCT FROM {right})"',
    'f" WHERE {predicate}"',
    'f"COALESCE({arguments})"',
    'text += " NOT NULL DEFAULT " + value',
    'f"CREATE UNIQUE INDEX {name} ON {t} ({c})"',
]
NOT_SQL = [
    'f"table {t} is dropped"',
    'f"cannot read the database: {error}"',
    'f"ALTER TABLE {name}: only ADD COLUMN is read"',
    'f"{kind} in CREATE TABLE {name} is not supported"',
    'f"column {t}.{c} is generated: fixtures cannot set it"',
    'f"set WESLEY_CONFIRM={value}"',
    'f"set {variable} to a folder of your own"',
    'f"{reason}; SQLite changes a declared type by rebuilding the table"',
    'f"rolled back {migration}"',
    'f"rollback failed: {error.reason}"',
    'f"selected {n} rows from {t}"',
    'f"updated {t}"',
    'f"file:{path}?mode=rw"',
    'f"the lock could not be read: {error}"',
    "f\"(for example --cast '{t}.{c}=CAST({c} AS {new})')\"",
    'f"drop {kind} {name} to re-create it"',
    'f"no NULL in {t}.{c} (it becomes NOT NULL)"',
    'f"primary key {name} ({columns}) of {t} is unique and not NULL"',
    '"{" * dims + "NULL" + "}" * dims',  # an array value, not SQL
    'text + "NOT reversible"',
    '"SELECT 1"',  # a constant: nothing is built
    '"SELECT " "1"',  # adjacent literals are one constant
    "sql.SQL('SELECT {} FROM {}').format(a, b)",  # psycopg composition
]


@pytest.mark.parametrize("code", SQL)
def test_sql_samples_are_flagged(code: str) -> None:
    assert [b for b in built_strings(code, "sample.py") if reads_as_sql(b.text)], code


@pytest.mark.parametrize("code", NOT_SQL)
def test_messages_are_not_flagged(code: str) -> None:
    assert not [b for b in built_strings(code, "sample.py") if reads_as_sql(b.text)], code
