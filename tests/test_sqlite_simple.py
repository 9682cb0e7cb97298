"""The SQLite reader without sqlglot (load/sqlite_simple.py) reads exactly what sqlglot reads.

Every input is read twice, with the plain-statement reader on and with every statement left
to sqlglot, and the two must agree on everything the builder was told (tables, columns,
keys, indexes, each with its line, in the same order) and on the outcome: the same schema,
warnings and annotations, or the same located error.  The inputs: every SQLite and
PostgreSQL corpus case and every other schema file of the repository, read as SQLite (the
PostgreSQL ones mostly as errors, which must agree too); statements generated from the
grammar the reader knows, with case, spacing, comments and line breaks varied and
mutations it must turn down; and every word sqlglot's SQLite tokenizer knows, as each
kind of name.
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.corpus.oracle import cases
from wesley_gen.errors import InputError
from wesley_gen.load import sqlite_ddl
from wesley_gen.load.ddl import DdlBuilder
from wesley_gen.load.sqlite_simple import RESERVED, TYPE_WORDS, read_simple

ROOT = Path(__file__).parent.parent


def _read(text: str, simple: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[str, int]:
    """What the builder was told and what it made of it, and how many statements the plain
    reader took."""
    taken = 0

    def counted(statement: str, first_line: int) -> object:
        nonlocal taken
        read = read_simple(statement, first_line) if simple else None
        taken += read is not None
        return read

    builder = DdlBuilder(text, "schema.sql", "sqlite")
    with monkeypatch.context() as patch:
        patch.setattr(sqlite_ddl, "read_simple", counted)
        try:
            sqlite_ddl.read_sqlite_ddl(text, builder)
            told = repr((builder.tables, builder.indexes, dict(builder.targets), builder.skipped))
            loaded = builder.finish()
        except InputError as error:
            return f"error {error.reason!r} at {error.location} hint {error.hint!r}", taken
    return f"{told}\n{loaded!r}", taken


def _agree(text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """Assert that both ways read ``text`` alike; the statements the plain reader took."""
    simple, taken = _read(text, True, monkeypatch)
    assert simple == _read(text, False, monkeypatch)[0], text
    return taken


def _schema_files() -> Iterator[str]:
    for case in cases():
        yield case.old
        yield case.new
    for pattern in ("golden/*/*.sql", "schemas/*.sql", "tests/malformed/*.sql"):
        for path in sorted(ROOT.glob(pattern)):
            yield path.read_text(encoding="utf-8")


def test_every_schema_file_reads_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    taken = sum(_agree(text, monkeypatch) for text in _schema_files())
    assert taken > 500  # the plain reader took part


# --- generated statements ---------------------------------------------------------------

# Each a common choice, then rarer ones (taken about one time in twenty): what the plain reader
# turns down, or reads only in some spelling.
_NAMES = (("id", "t", "users", "parent_id", "c01_text", "_x", "Mixed", "a1", "name", "key2"),
          ("text", "date", "key", "order", "primary", "true", "rowid", "Index", '"quoted"', "[bracketed]",
           "main.t", "`tick`", "t$", "é"))  # fmt: skip
_TYPES = ((*sorted(TYPE_WORDS), "DOUBLE PRECISION", "VARCHAR(120)", "NUMERIC(12,2)", "NUMERIC(12, 2)"),
          ("INT ( 5 )", "DECIMAL(10,-2)", "CHAR(1.5)", "TEXT(0)", "UNSIGNED BIG INT", "ANY", "", "VARCHAR(",
           "DOUBLE", "PRECISION", "INTEGER PRIMARY"))  # fmt: skip
_DEFAULTS = (("0", "007", "1.50", "-1", "- 2", "'n/a'", "'it''s'", "''", "true", "FALSE", "Null",
              "current_timestamp", "CURRENT_DATE"),
             ("'a\nb'", "current_time", "'a\\b'", "(1)", "1e3", "0x1F", ".5", "+1", "x'00'", "-'a'", "1.",
              "'open", "-", "--1"))  # fmt: skip
_ACTIONS = (("CASCADE", "SET NULL", "set default", "RESTRICT", "NO ACTION"), ("NO", "SET", "SET x"))
_CONSTRAINTS = (("PRIMARY KEY", "PRIMARY KEY AUTOINCREMENT", "NOT NULL", "NULL", "UNIQUE"),
                ("PRIMARY KEY DESC", "CHECK (x > 0)", "COLLATE NOCASE", "CONSTRAINT c UNIQUE", "AUTOINCREMENT",
                 "NOT", "PRIMARY", "GENERATED ALWAYS AS (1)", "ON CONFLICT IGNORE"))  # fmt: skip
_GAPS = ((" ", "  ", "\n", "\t"), ("\r\n", "\r", " -- note\n", " /* note */ ", "/* a\nb */", "\n\n",
         "/* a /* b */", "\f", "\u00a0"))  # fmt: skip


def _pick(rng: random.Random, choices: tuple[tuple[str, ...], tuple[str, ...]]) -> str:
    return rng.choice(choices[rng.random() < 0.06])


def _gap(rng: random.Random) -> str:
    return " " if rng.random() < 0.7 else _pick(rng, _GAPS)


def _case(rng: random.Random, word: str) -> str:
    return rng.choice((word, word.lower(), word.upper(), word.capitalize()))


def _name(rng: random.Random) -> str:
    return _pick(rng, _NAMES)


def _reference(rng: random.Random) -> str:
    text = f"REFERENCES{_gap(rng)}{_name(rng)}"
    if rng.random() < 0.7:
        text += f"{_gap(rng)}({_gap(rng)}{_name(rng)}{_gap(rng)})"
    for _ in range(rng.choice((0, 0, 1, 2))):
        event = _pick(rng, (("DELETE", "UPDATE"), ("INSERT",)))
        text += f"{_gap(rng)}ON {event} {_case(rng, _pick(rng, _ACTIONS))}"
    if rng.random() < 0.05:
        text += " DEFERRABLE INITIALLY DEFERRED"
    return text


def _column(rng: random.Random) -> str:
    parts = [_name(rng), _case(rng, _pick(rng, _TYPES))]
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        roll = rng.random()
        if roll < 0.3:
            parts.append(f"DEFAULT{_gap(rng)}{_pick(rng, _DEFAULTS)}")
        elif roll < 0.4:
            parts.append(_reference(rng))
        else:
            parts.append(_case(rng, _pick(rng, _CONSTRAINTS)))
    return "".join(part + _gap(rng) for part in parts if part).rstrip(" ")


def _table_key(rng: random.Random) -> str:
    columns = f"({_gap(rng)}" + f",{_gap(rng)}".join(_name(rng) for _ in range(rng.choice((1, 2)))) + ")"
    kind = _pick(rng, (("PRIMARY KEY", "UNIQUE", "FOREIGN KEY"), ("CHECK", "CONSTRAINT k UNIQUE")))
    text = f"{_case(rng, kind)}{_gap(rng)}{columns}"
    return text + (f"{_gap(rng)}{_reference(rng)}" if kind == "FOREIGN KEY" else "")


def _statement(rng: random.Random, table: str) -> str:
    """A CREATE INDEX, or a CREATE TABLE named ``table`` (mostly)."""
    if rng.random() < 0.25:
        unique = "UNIQUE " if rng.random() < 0.3 else ""
        exists = "IF NOT EXISTS " if rng.random() < 0.1 else ""
        keys = [f"{_name(rng)}{rng.choice(('', '', ' ASC', ' desc', ' COLLATE nocase'))}" for _ in range(2)]
        where = " WHERE x > 0" if rng.random() < 0.05 else ""
        return (
            f"{_case(rng, 'CREATE')} {unique}INDEX {exists}{_name(rng)}{_gap(rng)}ON {_name(rng)}"
            f"{_gap(rng)}({_gap(rng)}{f',{_gap(rng)}'.join(keys[: rng.choice((1, 2))])}){where}"
        )
    elements = [_column(rng) for _ in range(rng.choice((1, 2, 4)))]
    elements += [_table_key(rng) for _ in range(rng.choice((0, 0, 1, 2)))]
    exists = "IF NOT EXISTS " if rng.random() < 0.1 else ""
    body = f",{_gap(rng)}".join(elements)
    name = table if rng.random() < 0.9 else _name(rng)
    return f"CREATE{_gap(rng)}{_case(rng, 'TABLE')} {exists}{name}{_gap(rng)}({_gap(rng)}{body}{_gap(rng)})"


def _mutated(rng: random.Random, text: str) -> str:
    """``text`` with a character dropped, doubled or replaced, sometimes."""
    if rng.random() < 0.85 or not text:
        return text
    at = rng.randrange(len(text))
    return text[:at] + rng.choice(("", text[at] * 2, rng.choice("(),;'\"-/*\\ \nx0"))) + text[at + 1 :]


@pytest.mark.parametrize("seed", range(8))
def test_generated_statements_read_alike(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    taken = 0
    for _ in range(80):
        statements = [_mutated(rng, _statement(rng, f"t{n}")) for n in range(rng.choice((1, 3, 6)))]
        text = "".join(f"{statement};{_gap(rng)}" for statement in statements)
        taken += _agree(text, monkeypatch)
    assert taken > 60


def _sqlglot_words() -> list[str]:
    """Every word sqlglot's SQLite dialect knows (keywords, functions) and ours, upper case."""
    from sqlglot.dialects.dialect import Dialect

    dialect = Dialect.get_or_raise("sqlite")
    known = {*dialect.tokenizer_class.KEYWORDS, *dialect.parser_class.FUNCTIONS, *RESERVED, *TYPE_WORDS}
    return sorted(word for word in known if word.isidentifier())


def test_every_word_sqlglot_knows_reads_alike_as_a_name(monkeypatch: pytest.MonkeyPatch) -> None:
    for word in _sqlglot_words():
        for name in (word, word.lower()):
            text = (
                f"CREATE TABLE p (id INTEGER PRIMARY KEY, {name} TEXT);\n"
                f"CREATE TABLE {name} ({name} INTEGER PRIMARY KEY, x INTEGER REFERENCES p ({name}));\n"
                f"CREATE TABLE q (a INTEGER, FOREIGN KEY (a) REFERENCES {name} ({name}));\n"
                f"CREATE INDEX {name} ON p ({name});\n"
            )
            _agree(text, monkeypatch)


def test_plain_statements_are_read_without_sqlglot(tmp_path: Path) -> None:
    schema = tmp_path / "schema.sql"
    schema.write_text(
        "CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  email VARCHAR(200) NOT NULL UNIQUE,\n"
        "  created TIMESTAMP DEFAULT CURRENT_TIMESTAMP\n);\nCREATE INDEX users_email ON users (email);\n",
        encoding="utf-8",
    )
    probe = (
        "import sys; from wesley_gen.load import load_schema; "
        f"load_schema({str(schema)!r}, dialect='sqlite'); print('sqlglot' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
