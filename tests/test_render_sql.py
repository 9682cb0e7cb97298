"""DDL as rendered, checked on a real PostgreSQL too: CREATE INDEX names ordering only
where it is not the default (gin, gist, brin, hash and spgist refuse ``ASC``/``DESC``)
and keeps a key's collation and operator class; a ``serial`` column is written as one, so
its sequence is created (and owned: dropped with the column)."""

from __future__ import annotations

import pytest

from tests.database import fetch
from tests.pgtools import run_ddl
from wesley_gen.expressions import Spelled
from wesley_gen.identifiers import ddl_expression
from wesley_gen.load import load_text
from wesley_gen.model import Index
from wesley_gen.render.sql.ddl import add_column, column_def, create_index, create_table


@pytest.mark.parametrize(
    ("keys", "dialect", "sql"),
    [
        (("a",), "postgres", 'CREATE INDEX "i" ON "t"("a")'),
        (("a DESC", "b NULLS FIRST"), "postgres", 'CREATE INDEX "i" ON "t"("a" DESC, "b" NULLS FIRST)'),
        (("a DESC NULLS LAST",), "postgres", 'CREATE INDEX "i" ON "t"("a" DESC NULLS LAST)'),
        (
            ('"a" COLLATE "C" text_pattern_ops DESC',),
            "postgres",
            'CREATE INDEX "i" ON "t"("a" COLLATE "C" text_pattern_ops DESC)',
        ),
        (("a", "b DESC"), "sqlite", 'CREATE INDEX "i" ON "t"("a", "b" DESC)'),
    ],
)
def test_index_keys_name_only_what_is_not_the_default(keys: tuple[str, ...], dialect: str, sql: str) -> None:
    assert create_index(Index("i", keys), "t", dialect) == sql


INDEXES = [
    Index("t_tags", ("tags",), using="gin"),
    Index("t_doc", ('"doc" jsonb_path_ops',), using="gin"),
    Index("t_ip", ('"ip" inet_ops',), using="gist"),
    Index("t_at", ("at",), using="brin"),
    Index("t_n", ("n",), using="hash"),
    Index("t_ip_sp", ("ip",), using="spgist"),
    Index("t_name", ('"name" text_pattern_ops', "n DESC NULLS LAST")),
]


@pytest.mark.postgres
def test_every_access_method_builds_the_rendered_index(pg_url: str) -> None:
    run_ddl(pg_url, "CREATE TABLE t (tags text[], doc jsonb, ip inet, at timestamptz, n int, name text)")
    run_ddl(pg_url, ";\n".join(create_index(index, "t", "postgres") for index in INDEXES))


SERIALS = """
CREATE TABLE t (id serial PRIMARY KEY, big bigserial, small smallserial, other bigint DEFAULT nextval('t_id_seq'));
CREATE TABLE u (id integer PRIMARY KEY, n serial);
"""


def test_a_serial_column_is_written_as_serial() -> None:
    t, u = load_text(SERIALS, "s.sql", suffix=".sql").schema.tables
    assert create_table(t, "postgres") == (
        'CREATE TABLE "t" ("id" serial NOT NULL, "big" bigserial NOT NULL, "small" smallserial NOT NULL, '
        '"other" BIGINT DEFAULT NEXTVAL(\'t_id_seq\'), CONSTRAINT "t_pkey" PRIMARY KEY ("id"))'
    )
    (n,) = [column for column in u.columns if column.name == "n"]
    assert add_column("u", column_def(n, "postgres", table="u"), "postgres") == (
        'ALTER TABLE "u" ADD COLUMN "n" serial NOT NULL'
    )
    # Under another table name the sequence would be named after that one: not a serial there.
    assert "NEXTVAL('u_n_seq')" in add_column("v", column_def(n, "postgres", table="v"), "postgres")


@pytest.mark.postgres
def test_a_serial_column_creates_its_sequence_and_drops_it(pg_url: str) -> None:
    t, u = load_text(SERIALS, "s.sql", suffix=".sql").schema.tables
    (n,) = [column for column in u.columns if column.name == "n"]
    run_ddl(pg_url, create_table(t, "postgres"))
    run_ddl(pg_url, "CREATE TABLE u (id integer PRIMARY KEY)")
    run_ddl(pg_url, add_column("u", column_def(n, "postgres", table="u"), "postgres"))
    run_ddl(pg_url, "INSERT INTO t DEFAULT VALUES; INSERT INTO u (id) VALUES (1)")
    sequences = "SELECT relname FROM pg_class WHERE relkind = 'S' ORDER BY relname"
    assert [name for (name,) in fetch(pg_url, sequences)] == [
        "t_big_seq",
        "t_id_seq",
        "t_small_seq",
        "u_n_seq",
    ]
    run_ddl(pg_url, "ALTER TABLE u DROP COLUMN n; DROP TABLE t")
    assert fetch(pg_url, sequences) == []


EXPRESSIONS = """
CREATE TABLE t (
    id int PRIMARY KEY,
    n int CHECK (n NOT BETWEEN SYMMETRIC 5 AND 1),
    name text CHECK (char_length(name) <= 80),
    at timetz DEFAULT CURRENT_TIME,
    due timestamptz DEFAULT now() + interval '1 day',
    twice int GENERATED ALWAYS AS (n * 2) STORED
);
"""


def test_postgres_ddl_writes_expressions_as_postgres_read_them() -> None:
    """sqlglot would write LENGTH(name), NOT n BETWEEN … and CURRENT_TIME(): PostgreSQL
    stores the first two differently and refuses the third: the DDL keeps the file's text (a
    BETWEEN as written; PostgreSQL and the canonical text both expand it into comparisons)."""
    (table,) = load_text(EXPRESSIONS, "s.sql", suffix=".sql").schema.tables
    assert create_table(table, "postgres") == (
        'CREATE TABLE "t" ("id" INT NOT NULL, "n" INT, "name" TEXT, "at" TIMETZ DEFAULT CURRENT_TIME, '
        "\"due\" TIMESTAMPTZ DEFAULT (now() + CAST('1 day' AS interval)), "
        '"twice" INT GENERATED ALWAYS AS (n * 2) STORED, CONSTRAINT "t_pkey" PRIMARY KEY ("id"), '
        'CONSTRAINT "t_n_check" CHECK (n NOT BETWEEN SYMMETRIC 5 AND 1), '
        'CONSTRAINT "t_name_check" CHECK (char_length(name) <= 80))'
    )


@pytest.mark.postgres
def test_expressions_written_as_read_dump_alike(pg_url: str) -> None:
    """A table made from the rendered DDL stores each expression as the schema file's does."""
    (table,) = load_text(EXPRESSIONS, "s.sql", suffix=".sql").schema.tables
    query = (
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'c' "
        "UNION ALL SELECT attname::text, pg_get_expr(adbin, adrelid) FROM pg_attrdef "
        "JOIN pg_attribute ON attrelid = adrelid AND attnum = adnum ORDER BY 1"
    )
    run_ddl(pg_url, EXPRESSIONS)
    expected = fetch(pg_url, query)
    run_ddl(pg_url, "DROP TABLE t")
    run_ddl(pg_url, create_table(table, "postgres"))
    assert fetch(pg_url, query) == expected


@pytest.mark.parametrize(
    ("written", "default", "check"),
    [
        ("now()", "now()", "now()"),
        ("'it''s'", "'it''s'", "'it''s'"),
        ("((a > 0))", "(a > 0)", "a > 0"),
        ("f(a) + g(b)", "(f(a) + g(b))", "f(a) + g(b)"),
        ("(a) OR (b)", "((a) OR (b))", "(a) OR (b)"),
        ("(')') || x", "((')') || x)", "(')') || x"),
    ],
)
def test_postgres_text_is_bracketed_where_the_clause_needs_it(written: str, default: str, check: str) -> None:
    spelled = Spelled("canonical", written)
    assert ddl_expression(spelled, "postgres").sql() == default
    assert ddl_expression(spelled, "postgres", bracketed=True).sql() == check
    assert ddl_expression(Spelled("a > 0", written), "sqlite").sql(dialect="sqlite") == "a > 0"


def test_sqlite_writes_a_negated_test_after_its_operand_as_sqlite_keeps_the_text() -> None:
    """sqlglot reads ``status NOT IN (…)`` as NOT over the test and wrote ``NOT status IN (…)``:
    the same meaning, but SQLite stores an index's text as written, so the index a migration made
    read differently from the file's (sqldef's PartialIndexWithWhereNotIn)."""
    written = {
        text: ddl_expression(text, "sqlite").sql(dialect="sqlite")
        for text in (
            "NOT status IN ('a', 'b')",
            "NOT a IS NULL AND NOT b BETWEEN 1 AND 2",
            "NOT name GLOB 'x*'",
            "NOT (a = 1 OR b = 2)",
        )
    }
    assert list(written.values()) == [
        "status NOT IN ('a', 'b')",
        "a IS NOT NULL AND b NOT BETWEEN 1 AND 2",
        "name NOT GLOB 'x*'",
        "NOT (a = 1 OR b = 2)",
    ]
