"""A column's ``DEFAULT NULL`` where PostgreSQL stores one: the model holds it exactly there.

PostgreSQL drops a default that cooks to a bare NULL constant (AddRelationNewConstraints) and
keeps one that a domain, a length coercion or a cast to another type wraps: pg_dump then writes
``DEFAULT NULL::character varying``, so a migration must write it too. Which columns keep one
was read from pg_attrdef on the server (the live test below holds the file to it)."""

from __future__ import annotations

import pytest

from tests.pgtools import run_ddl
from tests.test_load_sql import table_of
from tests.test_table_options import sql_of
from wesley_gen.load import load_schema
from wesley_gen.load.sql import load_sql

DOMAINS = "CREATE DOMAIN code AS text; CREATE DOMAIN short AS varchar(5) DEFAULT NULL;"
# column definition -> whether PostgreSQL stores the NULL default
COLUMNS = {
    "text DEFAULT NULL": False,
    "integer DEFAULT NULL": False,
    "varchar DEFAULT NULL": False,
    "numeric DEFAULT NULL::numeric": False,
    "timestamp DEFAULT NULL": False,
    "interval(3) DEFAULT NULL": False,
    "interval DEFAULT NULL::interval(2)": False,
    "text[] DEFAULT NULL": False,
    "code[] DEFAULT NULL": False,
    "text DEFAULT NULL::text": False,
    "text DEFAULT NULL::unknown": False,
    "varchar(10) DEFAULT NULL": True,
    "numeric(10,2) DEFAULT NULL": True,
    "char DEFAULT NULL": True,
    "char(3) DEFAULT NULL": True,
    "bit(3) DEFAULT NULL": True,
    "varbit(4) DEFAULT NULL": True,
    "timestamp(3) DEFAULT NULL": True,
    "time(2) DEFAULT NULL": True,
    "varchar(4)[] DEFAULT NULL": True,
    "code DEFAULT NULL": True,
    "short DEFAULT NULL": True,
    "code DEFAULT NULL::code": True,
    "varchar(4) DEFAULT NULL::varchar": True,
    "varchar(5) DEFAULT NULL::varchar(5)": True,
    "text DEFAULT NULL::varchar": True,
    "integer DEFAULT NULL::bigint": True,
    "interval(3) DEFAULT NULL::interval": True,
}
TABLE = "CREATE TABLE t (" + ", ".join(f"c{n} {c}" for n, c in enumerate(COLUMNS)) + ");"


@pytest.mark.parametrize(("column", "stored"), COLUMNS.items())
def test_a_null_default_is_kept_where_postgresql_stores_one(column: str, stored: bool) -> None:
    (default,) = [c.default for c in table_of(f"{DOMAINS} CREATE TABLE t (c {column})").columns]
    assert default == ("NULL" if stored else None)


def test_set_default_null_and_a_domain_s_default_null_are_kept_alike() -> None:
    schema = load_sql(
        f"{DOMAINS} CREATE TABLE t (a varchar(3), b text);"
        "ALTER TABLE t ALTER COLUMN a SET DEFAULT NULL; ALTER TABLE t ALTER COLUMN b SET DEFAULT NULL;",
        "s.sql",
    ).schema
    assert [c.default for c in schema.table("t").columns] == ["NULL", None]  # type: ignore[union-attr]
    assert [d.default for d in schema.domains] == [None, "NULL"]


def test_the_catalog_holds_the_null_defaults_the_file_says(pg_url: str) -> None:
    run_ddl(pg_url, DOMAINS + TABLE)
    live, written = load_schema(pg_url).schema, load_sql(DOMAINS + TABLE, "s.sql").schema
    defaults = [[c.default for c in s.table("t").columns] for s in (live, written)]  # type: ignore[union-attr]
    assert defaults[0] == defaults[1] == ["NULL" if stored else None for stored in COLUMNS.values()]
    assert [d.default for d in live.domains] == [d.default for d in written.domains]


def test_a_required_column_added_with_one_is_given_it_in_expand() -> None:
    """Added nullable and backfilled (NULL is no value for its rows), its stored default set
    in expand, NOT NULL in the swap."""
    expand, swap, _ = sql_of(
        "CREATE TABLE t (id integer PRIMARY KEY);",
        "CREATE TABLE t (id integer PRIMARY KEY, code varchar(3) NOT NULL DEFAULT NULL);",
    )
    assert 'ALTER TABLE "t" ALTER COLUMN "code" SET DEFAULT NULL;' in expand
    assert 'ALTER TABLE "t" ALTER COLUMN "code" SET NOT NULL;' in swap
