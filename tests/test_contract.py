"""Validation contracts: ``contract.json`` generated from a migration, evaluated on real databases.

Every test builds the old schema in a real database (a SQLite file, or a fresh
PostgreSQL database on the embedded server), inserts rows, and evaluates a stage of
the contract of a migration planned from DDL text: each kind of assertion catches
its violation with the right count and passes once the data is clean.  The
``verify`` command line is run (in this process, tests/command.py) for its output and
exit codes.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests import command
from tests.database import fetch
from tests.pgtools import run_ddl, skip_before
from wesley_gen.database_url import DatabaseUrl
from wesley_gen.documents.contract import KINDS, STAGES, Contract, parse_contract, read_contract
from wesley_gen.errors import DatabaseError, InputError, UsageError
from wesley_gen.hints import Hints
from wesley_gen.load import load_schema, load_text
from wesley_gen.load.snapshot import schema_from_dict
from wesley_gen.model import checksum, dumps
from wesley_gen.plan import Migration, Options, plan_migration
from wesley_gen.render.contract import TYPE_FITS, render_contract
from wesley_gen.render.sql import render_sql
from wesley_gen.run import contract as contract_runtime
from wesley_gen.run.contract import (
    FAILED,
    PASSED,
    SKIPPED,
    AssertionResult,
    StageResult,
    evaluate,
    read_counts,
    render_result_text,
    schema_differences,
)
from wesley_gen.type_rules import NARROWING, TYPE_RULES

ROOT = Path(__file__).resolve().parent.parent
CONTRACT_SCHEMA = json.loads((ROOT / "docs" / "schema" / "contract.schema.json").read_text(encoding="utf-8"))
DIALECTS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


# --- helpers ------------------------------------------------------------------------------


@dataclass
class Database:
    """A real database of one dialect: run SQL in it, read one value back."""

    dialect: str
    url: str

    def run(self, sql: str) -> None:
        if self.dialect == "sqlite":
            conn = sqlite3.connect(self.url.removeprefix("sqlite:///"))
            try:
                conn.executescript(sql)
            finally:
                conn.close()
        else:
            run_ddl(self.url, sql)

    def value(self, sql: str) -> Any:
        return fetch(self.url, sql)[0][0]


@pytest.fixture(params=DIALECTS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    """An empty database of each dialect (PostgreSQL only starts when a test asks for it)."""
    if request.param == "sqlite":
        path = tmp_path / "app.sqlite"
        sqlite3.connect(path).close()
        return Database("sqlite", f"sqlite:///{path}")
    return Database("postgres", request.getfixturevalue("pg_url"))


@pytest.fixture
def pg(pg_url: str) -> Database:
    return Database("postgres", pg_url)


@pytest.fixture
def lite(tmp_path: Path) -> Database:
    path = tmp_path / "app.sqlite"
    sqlite3.connect(path).close()
    return Database("sqlite", f"sqlite:///{path}")


def plan(
    old: str,
    new: str,
    dialect: str,
    *,
    renames: tuple[str, ...] = (),
    casts: tuple[str, ...] = (),
    allow_empty: bool = False,
) -> Migration:
    return plan_migration(
        load_text(old, "old.sql", suffix=".sql", dialect=dialect).schema,
        load_text(new, "new.sql", suffix=".sql", dialect=dialect).schema,
        Hints.from_flags(renames, casts),
        dialect=dialect,
        migration_id="0001_t",
        options=Options(allow_destructive=True, allow_empty=allow_empty),
    )


def contract_of(migration: Migration) -> Contract:
    """The contract, checked against the published JSON Schema, for determinism, and read
    back by its reader as the same value."""
    document = render_contract(migration)
    jsonschema.validate(document.to_dict(), CONTRACT_SCHEMA)
    assert dumps(render_contract(migration).to_dict()) == dumps(document.to_dict())
    assert parse_contract(json.loads(dumps(document.to_dict())), "contract.json") == document
    return document


def prepared(db: Database, old: str, new: str, rows: str = "", **options: Any) -> Contract:
    """Create ``old`` with ``rows`` in ``db``; return the contract of old → new."""
    db.run(old + "\n" + rows)
    return contract_of(plan(old, new, db.dialect, **options))


def only(
    result: StageResult, kind: str, table: str | None = None, column: str | None = None
) -> AssertionResult:
    found = [
        a
        for a in result.assertions
        if a.kind == kind and (table is None or a.table == table) and (column is None or a.column == column)
    ]
    assert len(found) == 1, (
        f"{kind} {table}.{column}: {[(a.kind, a.table, a.column) for a in result.assertions]}"
    )
    return found[0]


def kinds(document: Contract, stage: str) -> list[str]:
    return [a.kind for a in document.stage(stage).assertions]


def wesley(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return command.wesley(*args, cwd=cwd, env={"NO_COLOR": "1"})


def folder_with(tmp_path: Path, document: Contract) -> Path:
    folder = tmp_path / "0001_t"
    folder.mkdir(exist_ok=True)
    (folder / "contract.json").write_text(dumps(document.to_dict()), encoding="utf-8")
    return folder


# --- the pre-check: one kind of narrowing change at a time -------------------------------------

USERS = "CREATE TABLE users (id integer PRIMARY KEY, email text);"


def test_set_not_null_counts_the_nulls(db: Database) -> None:
    new = "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);"
    rows = "INSERT INTO users VALUES (1, 'a@x'), (2, NULL), (3, NULL);"
    document = prepared(db, USERS, new, rows)
    assert kinds(document, "pre") == ["not_null"]

    result = evaluate(document, "pre", DatabaseUrl.parse(db.url))
    assert result.schema is not None and result.schema.matches
    check = only(result, "not_null", "users", "email")
    assert (check.status, check.count) == (FAILED, 2)
    assert not result.passed

    db.run("UPDATE users SET email = 'b@x' WHERE email IS NULL;")
    result = evaluate(document, "pre", DatabaseUrl.parse(db.url))
    assert (only(result, "not_null").status, result.passed) == (PASSED, True)


def test_new_unique_constraint_counts_rows_in_duplicate_groups(db: Database) -> None:
    new = "CREATE TABLE users (id integer PRIMARY KEY, email text UNIQUE);"
    rows = "INSERT INTO users VALUES (1, 'a'), (2, 'a'), (3, 'a'), (4, 'b'), (5, NULL), (6, NULL);"
    document = prepared(db, USERS, new, rows)

    check = only(evaluate(document, "pre", DatabaseUrl.parse(db.url)), "unique", "users", "email")
    assert (check.status, check.count) == (FAILED, 3)  # NULLs never collide

    db.run("UPDATE users SET email = 'c' WHERE id = 2; UPDATE users SET email = 'd' WHERE id = 3;")
    assert only(evaluate(document, "pre", DatabaseUrl.parse(db.url)), "unique").status == PASSED


def test_new_unique_index_with_a_predicate_counts_duplicates_it_covers(db: Database) -> None:
    old = "CREATE TABLE items (id integer PRIMARY KEY, sku text, active integer);"
    new = old + " CREATE UNIQUE INDEX items_sku_active ON items (sku) WHERE active = 1;"
    rows = "INSERT INTO items VALUES (1, 'a', 1), (2, 'a', 1), (3, 'a', 0), (4, 'b', 1);"
    document = prepared(db, old, new, rows)
    check = only(evaluate(document, "pre", DatabaseUrl.parse(db.url)), "unique", "items")
    assert (check.status, check.count) == (FAILED, 2)


def test_new_primary_key_counts_null_and_duplicate_keys(db: Database) -> None:
    old = "CREATE TABLE tags (code text, label text);"
    # NOT NULL said outright: SQLite lets NULL into a primary-key column that does not say it
    new = "CREATE TABLE tags (code text PRIMARY KEY NOT NULL, label text);"
    rows = "INSERT INTO tags VALUES ('a', 'x'), ('a', 'y'), (NULL, 'z'), ('b', 'w');"
    document = prepared(db, old, new, rows)
    result = evaluate(document, "pre", DatabaseUrl.parse(db.url))
    assert (only(result, "primary_key", "tags").count, only(result, "not_null", "tags").count) == (3, 1)

    db.run("DELETE FROM tags WHERE code IS NULL OR label = 'y';")
    assert evaluate(document, "pre", DatabaseUrl.parse(db.url)).passed


def test_new_foreign_key_counts_orphans(db: Database) -> None:
    old = (
        "CREATE TABLE customers (id integer PRIMARY KEY);"
        "CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer);"
    )
    new = (
        "CREATE TABLE customers (id integer PRIMARY KEY);"
        "CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer REFERENCES customers (id));"
    )
    rows = (
        "INSERT INTO customers VALUES (1), (2); INSERT INTO orders VALUES (1, 1), (2, 3), (3, 4), (4, NULL);"
    )
    document = prepared(db, old, new, rows)
    check = only(evaluate(document, "pre", DatabaseUrl.parse(db.url)), "foreign_key", "orders", "customer_id")
    assert (check.status, check.count) == (FAILED, 2)
    assert "customers" in check.description

    db.run("INSERT INTO customers VALUES (3), (4);")
    assert evaluate(document, "pre", DatabaseUrl.parse(db.url)).passed


TEMPORAL_OLD = (
    "CREATE EXTENSION btree_gist;"
    "CREATE TABLE rooms (id integer, valid_at int4range, PRIMARY KEY (id, valid_at));"
    "CREATE TABLE bookings (id integer PRIMARY KEY, room_id integer, at int4range);"
)
TEMPORAL_NEW = (
    "CREATE EXTENSION btree_gist;"
    "CREATE TABLE rooms (id integer, valid_at int4range, PRIMARY KEY (id, valid_at WITHOUT OVERLAPS));"
    "CREATE TABLE bookings (id integer PRIMARY KEY, room_id integer, at int4range,"
    " FOREIGN KEY (room_id, PERIOD at) REFERENCES rooms (id, PERIOD valid_at));"
)


@pytest.mark.postgres
def test_temporal_keys_count_overlapping_periods_and_uncovered_ones(pg: Database) -> None:
    """PostgreSQL 18: a key WITHOUT OVERLAPS breaks on overlapping (or empty) periods, not only
    equal ones; a foreign key with PERIOD holds when the referenced periods cover the row's
    together, not when one equals it."""
    skip_before(pg.url, 18, "WITHOUT OVERLAPS")
    rows = (
        "INSERT INTO rooms VALUES (1, '[1,5)'), (1, '[5,9)'), (2, '[1,5)'), (2, '[3,7)'), (3, 'empty');"
        "INSERT INTO bookings VALUES (1, 1, '[2,8)'), (2, 1, '[8,10)'), (3, 3, '[1,2)'), (4, NULL, '[1,2)');"
    )
    document = prepared(pg, TEMPORAL_OLD, TEMPORAL_NEW, rows)
    pre = evaluate(document, "pre", DatabaseUrl.parse(pg.url))
    # rooms 2's two rows overlap, room 3's period is empty; bookings 2 runs past room 1's
    # periods, room 3 has none; a NULL key is not checked
    assert (only(pre, "primary_key", "rooms").count, only(pre, "foreign_key", "bookings").count) == (3, 2)

    pg.run("DELETE FROM rooms WHERE id = 3 OR valid_at = '[3,7)'; DELETE FROM bookings WHERE id IN (2, 3);")
    assert evaluate(document, "pre", DatabaseUrl.parse(pg.url)).passed
    scripts = render_sql(plan(TEMPORAL_OLD, TEMPORAL_NEW, "postgres"))
    pg.run(scripts.expand + scripts.swap)
    post = evaluate(document, "post", DatabaseUrl.parse(pg.url))
    assert post.passed, [a for a in post.assertions if a.status != PASSED]


def test_new_check_counts_rows_where_it_is_false(db: Database) -> None:
    old = "CREATE TABLE products (id integer PRIMARY KEY, price integer);"
    new = "CREATE TABLE products (id integer PRIMARY KEY, price integer CHECK (price > 0));"
    rows = "INSERT INTO products VALUES (1, -1), (2, 0), (3, 5), (4, NULL);"
    document = prepared(db, old, new, rows)
    check = only(evaluate(document, "pre", DatabaseUrl.parse(db.url)), "check", "products")
    assert (check.status, check.count) == (FAILED, 2)  # NULL is not false


def test_postgres_varchar_shrink_counts_values_that_do_not_fit(pg: Database) -> None:
    old = "CREATE TABLE users (id integer PRIMARY KEY, code varchar(20), big bigint, amount numeric(12,2));"
    new = "CREATE TABLE users (id integer PRIMARY KEY, code varchar(5), big integer, amount numeric(8,1));"
    rows = (
        "INSERT INTO users VALUES (1, 'abcdefgh', 3000000000, 1234567.89), (2, 'abc', -5, 12.3),"
        " (3, 'abcdef', -2147483649, 12.25), (4, NULL, NULL, NULL);"
    )
    document = prepared(pg, old, new, rows)
    result = evaluate(document, "pre", DatabaseUrl.parse(pg.url))
    assert only(result, "type_fit", "users", "code").count == 2
    assert only(result, "type_fit", "users", "big").count == 2
    # 1234567.89 has two decimals and too many integer digits; 12.25 rounds to 12.3
    assert only(result, "type_fit", "users", "amount").count == 2

    pg.run("UPDATE users SET code = left(code, 5), big = 0, amount = round(amount / 1000, 1);")
    assert evaluate(document, "pre", DatabaseUrl.parse(pg.url)).passed


def test_sqlite_type_narrowing_only_where_values_can_change(lite: Database) -> None:
    """SQLite stores varchar(20) and varchar(5) alike and enforces neither: no check.  A real
    change of storage (double → integer, integer → numeric(3)) counts the values it changes."""
    old = "CREATE TABLE t (id integer PRIMARY KEY, code varchar(20), ratio double precision, n integer);"
    new = "CREATE TABLE t (id integer PRIMARY KEY, code varchar(5), ratio integer, n numeric(3));"
    rows = "INSERT INTO t VALUES (1, 'abcdefgh', 1.5, 1000), (2, 'a', 2.0, 999), (3, 'b', NULL, -1000);"
    document = prepared(lite, old, new, rows)
    result = evaluate(document, "pre", DatabaseUrl.parse(lite.url))
    assert [a.column for a in result.assertions] == ["n", "ratio"]
    assert only(result, "type_fit", "t", "ratio").count == 1
    assert only(result, "type_fit", "t", "n").count == 2


def test_postgres_failing_cast_fails_with_the_database_message(pg: Database) -> None:
    old = "CREATE TABLE products (id integer PRIMARY KEY, stock text);"
    new = "CREATE TABLE products (id integer PRIMARY KEY, stock integer);"
    document = prepared(
        pg,
        old,
        new,
        "INSERT INTO products VALUES (1, '12'), (2, 'abc');",
        casts=("products.stock=CAST(stock AS integer)",),
    )
    check = only(evaluate(document, "pre", DatabaseUrl.parse(pg.url)), "cast", "products", "stock")
    assert check.status == FAILED and check.count is None
    assert check.error is not None and "invalid input syntax for type integer" in check.error
    assert "\n" not in check.error

    pg.run("UPDATE products SET stock = '0' WHERE id = 2;")
    assert only(evaluate(document, "pre", DatabaseUrl.parse(pg.url)), "cast").status == PASSED


def test_a_cast_to_a_type_the_migration_makes_is_counted_after_expand() -> None:
    """``--cast 'status=CAST(status AS mood)'`` cannot run before expand.sql makes the enum
    (``type "mood" does not exist``): its check is the swap stage's; to an enum that exists, the
    pre-check's."""
    enum = "CREATE TYPE mood AS ENUM ('sad', 'ok');\n"
    old = "CREATE TABLE people (id integer PRIMARY KEY, m text);"
    new = enum + "CREATE TABLE people (id integer PRIMARY KEY, m mood);"
    cast = ("people.m=CAST(m AS mood)",)
    document = contract_of(plan(old, new, "postgres", casts=cast))
    assert ("cast" in kinds(document, "pre"), "cast" in kinds(document, "swap")) == (False, True)
    existing = contract_of(plan(enum + old, new, "postgres", casts=cast))
    assert ("cast" in kinds(existing, "pre"), "cast" in kinds(existing, "swap")) == (True, False)


def test_postgres_cast_into_a_required_column_counts_null_results(pg: Database) -> None:
    old = "CREATE TABLE products (id integer PRIMARY KEY, stock text NOT NULL);"
    new = "CREATE TABLE products (id integer PRIMARY KEY, stock integer NOT NULL);"
    cast = "products.stock=CAST(NULLIF(trim(stock), '') AS integer)"
    rows = "INSERT INTO products VALUES (1, '12'), (2, ' '), (3, '');"
    document = prepared(pg, old, new, rows, casts=(cast,))
    check = only(evaluate(document, "pre", DatabaseUrl.parse(pg.url)), "cast")
    assert (check.status, check.count) == (FAILED, 2)


def test_postgres_cast_to_a_shorter_varchar_counts_what_would_be_cut(pg: Database) -> None:
    old = "CREATE TABLE t (id integer PRIMARY KEY, n integer);"
    new = "CREATE TABLE t (id integer PRIMARY KEY, n varchar(2));"
    document = prepared(
        pg, old, new, "INSERT INTO t VALUES (1, 7), (2, 123);", casts=("t.n=CAST(n AS text)",)
    )
    assert only(evaluate(document, "pre", DatabaseUrl.parse(pg.url)), "cast").count == 1


def test_sqlite_cast_result_must_have_a_storage_class_the_type_keeps(lite: Database) -> None:
    """SQLite converts nothing and raises no error: a result that stays text counts."""
    old = "CREATE TABLE products (id integer PRIMARY KEY, stock text);"
    new = "CREATE TABLE products (id integer PRIMARY KEY, stock integer);"
    rows = "INSERT INTO products VALUES (1, 12), (2, 'abc'), (3, NULL);"
    document = prepared(lite, old, new, rows, casts=("products.stock=NULLIF(stock, '')",))
    assert only(evaluate(document, "pre", DatabaseUrl.parse(lite.url)), "cast").count == 1


def test_postgres_dropped_enum_value_counts_rows_using_it(pg: Database) -> None:
    old = "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE people (id integer PRIMARY KEY, m mood);"
    new = "CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE TABLE people (id integer PRIMARY KEY, m mood);"
    document = prepared(pg, old, new, "INSERT INTO people VALUES (1, 'sad'), (2, 'happy'), (3, 'happy');")
    check = only(evaluate(document, "pre", DatabaseUrl.parse(pg.url)), "enum_value", "people", "m")
    assert (check.status, check.count) == (FAILED, 2)


def test_postgres_narrowed_domain_counts_rows_it_would_refuse(pg: Database) -> None:
    old = "CREATE DOMAIN email AS text; CREATE TABLE people (id integer PRIMARY KEY, e email);"
    new = (
        "CREATE DOMAIN email AS text NOT NULL CONSTRAINT email_at CHECK (VALUE LIKE '%@%');"
        "CREATE TABLE people (id integer PRIMARY KEY, e email);"
    )
    rows = "INSERT INTO people VALUES (1, 'a@b'), (2, 'nobody'), (3, NULL), (4, 'none');"
    result = evaluate(prepared(pg, old, new, rows), "pre", DatabaseUrl.parse(pg.url))
    assert only(result, "not_null", "people", "e").count == 1
    assert only(result, "check", "people", "e").count == 2


@pytest.mark.parametrize(
    ("old_type", "new_type", "values", "what", "count"),
    [
        (
            "macaddr8",
            "macaddr",
            "('08:00:2b:ff:fe:01:02:03'), ('08:00:2b:01:02:03:04:05'), (NULL)",
            "FF:FE",
            1,
        ),
        ("inet", "cidr", "('10.0.0.0/8'), ('10.1.2.3/8'), ('10.1.2.3'), (NULL)", "netmask", 1),
    ],
)
def test_postgres_network_narrowing_counts_the_values_the_cast_refuses(
    pg: Database, old_type: str, new_type: str, values: str, what: str, count: int
) -> None:
    old = f"CREATE TABLE hosts (id serial PRIMARY KEY, a {old_type});"
    new = f"CREATE TABLE hosts (id serial PRIMARY KEY, a {new_type});"
    rows = f"INSERT INTO hosts (a) VALUES {values};"
    check = only(
        evaluate(prepared(pg, old, new, rows), "pre", DatabaseUrl.parse(pg.url)), "type_fit", "hosts", "a"
    )
    assert what in check.description and (check.count, check.error) == (count, None)


def test_every_narrowing_type_rule_has_a_row_in_the_fit_table() -> None:
    narrowing = {rule.name for rule in TYPE_RULES if rule.change_class == NARROWING}
    assert set(TYPE_FITS) == narrowing


# --- names: renames, and hostile identifiers --------------------------------------------------


def test_pre_uses_the_old_names_and_post_the_new_ones(db: Database) -> None:
    old = "CREATE TABLE customers (id integer PRIMARY KEY, mail text);"
    new = "CREATE TABLE clients (id integer PRIMARY KEY, email text NOT NULL UNIQUE);"
    rows = "INSERT INTO customers VALUES (1, 'a'), (2, 'a'), (3, NULL);"
    document = prepared(db, old, new, rows, renames=("customers=clients", "clients.mail=clients.email"))
    pre = {(a.kind, a.table, a.column) for a in document.pre.assertions}
    assert pre == {("not_null", "customers", "mail"), ("unique", "customers", "mail")}
    result = evaluate(document, "pre", DatabaseUrl.parse(db.url))
    assert (only(result, "not_null").count, only(result, "unique").count) == (1, 2)
    assert {a.table for a in document.post.assertions} == {"clients"}
    row_count = next(a for a in document.post.assertions if a.kind == "row_count")
    assert row_count.to_dict()["params"] == {"rows_before": {"stage": "pre", "table": "customers"}}


HOSTILE_OLD = """CREATE TABLE "Odd ""Table" ("sel ect" integer PRIMARY KEY, "order" text, "Ünïcode" text);"""
HOSTILE_NEW = """CREATE TABLE "Odd ""Table" (
    "sel ect" integer PRIMARY KEY, "order" text NOT NULL UNIQUE, "Ünïcode" text CHECK ("Ünïcode" <> 'x')
);"""


def test_hostile_names_are_quoted_by_the_renderer(db: Database) -> None:
    rows = """INSERT INTO "Odd ""Table" VALUES (1, 'a', 'x'), (2, 'a', 'y'), (3, NULL, 'x');"""
    document = prepared(db, HOSTILE_OLD, HOSTILE_NEW, rows)
    result = evaluate(document, "pre", DatabaseUrl.parse(db.url))
    assert only(result, "not_null", 'Odd "Table', "order").count == 1
    assert only(result, "unique", 'Odd "Table', "order").count == 2
    assert only(result, "check", 'Odd "Table').count == 2
    assert '"Odd ""Table"' in document.pre.assertions[0].sql


# --- the swap stage: between the backfill and the swap ----------------------------------------


def test_swap_checks_a_new_required_unique_column_after_the_backfill(db: Database) -> None:
    old = "CREATE TABLE users (id integer PRIMARY KEY, name text);"
    new = "CREATE TABLE users (id integer PRIMARY KEY, name text, email text NOT NULL UNIQUE);"
    document = prepared(db, old, new, "INSERT INTO users VALUES (1, 'ann'), (2, 'bob'), (3, 'cy');")
    assert kinds(document, "pre") == []
    assert sorted(kinds(document, "swap")) == ["not_null", "unique"]
    assert document.swap.schema is None

    db.run("ALTER TABLE users ADD COLUMN email text;")  # what expand.sql does
    db.run("UPDATE users SET email = 'same' WHERE id < 3;")  # a backfill that stopped early
    result = evaluate(document, "swap", DatabaseUrl.parse(db.url))
    assert (only(result, "not_null").count, only(result, "unique").count) == (1, 2)
    assert result.schema is None and result.counts == {}

    db.run("UPDATE users SET email = name || '@example.com';")
    assert evaluate(document, "swap", DatabaseUrl.parse(db.url)).passed


def test_postgres_swap_checks_the_shadow_column_of_a_conversion(pg: Database) -> None:
    old = "CREATE TABLE products (id integer PRIMARY KEY, stock text);"
    new = "CREATE TABLE products (id integer PRIMARY KEY, stock integer NOT NULL);"
    cast = "products.stock=CAST(NULLIF(stock, '') AS integer)"
    document = prepared(
        pg, old, new, "INSERT INTO products VALUES (1, '4'), (2, '5'), (3, '');", casts=(cast,)
    )
    swap = {(a.kind, a.column) for a in document.swap.assertions}
    assert swap == {("backfill_complete", "stock__wesley_new"), ("not_null", "stock__wesley_new")}

    pg.run("ALTER TABLE products ADD COLUMN stock__wesley_new integer;")
    pg.run("UPDATE products SET stock__wesley_new = CAST(NULLIF(stock, '') AS integer) WHERE id = 1;")
    result = evaluate(document, "swap", DatabaseUrl.parse(pg.url))
    assert only(result, "backfill_complete").count == 1  # row 2 waits; row 3 converts to NULL
    assert only(result, "not_null").count == 2


# --- schema drift and the post-check -----------------------------------------------------------


def test_drift_at_pre_fails_with_a_readable_difference_naming_the_column(db: Database) -> None:
    new = "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);"
    document = prepared(db, USERS, new, "ALTER TABLE users ADD COLUMN nickname text;")
    result = evaluate(document, "pre", DatabaseUrl.parse(db.url))
    assert result.schema is not None and not result.schema.matches and not result.passed
    assert result.schema.differences == ("+ column users.nickname: text",)


# Calls only the server can resolve: date_trunc of a date is date_trunc('month', happened::timestamptz),
# to_timestamp of a bigint to_timestamp(epoch::double precision) (its one signature).
EVENTS = "CREATE TABLE events (id integer PRIMARY KEY, happened date, epoch bigint);"
MONTHLY = "CREATE VIEW monthly AS SELECT date_trunc('month', happened) AS month, to_timestamp(epoch) AS at FROM events;"


def test_a_view_is_compared_as_the_target_server_spells_its_expected_query(pg: Database) -> None:
    """The expected query is made a temporary view on the target and read back (then rolled
    back): both sides are the server's spelling, and a query that differs still differs."""
    document = prepared(pg, EVENTS, EVENTS + MONTHLY)
    assert document.post.schema is not None
    expected = {o["name"]: o["definition"] for o in document.post.schema["others"]}
    assert "CAST(happened AS timestamptz)" not in expected["monthly"]  # the file's spelling
    pg.run(MONTHLY)
    post = evaluate(document, "post", DatabaseUrl.parse(pg.url))
    assert post.schema is not None and post.schema.matches, post.schema
    assert pg.value("SELECT count(*) FROM pg_class WHERE relpersistence = 't'") == 0

    pg.run(MONTHLY.replace("CREATE", "CREATE OR REPLACE").replace("'month'", "'year'"))
    post = evaluate(document, "post", DatabaseUrl.parse(pg.url))
    assert post.schema is not None and not post.schema.matches
    (line,) = post.schema.differences
    expected_text, found_text = line.removeprefix("~ objects: view monthly expected ").split(", found ")
    assert "date_trunc('month', CAST(happened AS timestamptz))" in expected_text
    assert "date_trunc('year', CAST(happened AS timestamptz))" in found_text


def test_a_view_the_server_cannot_respell_is_compared_as_written_and_says_so(pg: Database) -> None:
    """A server that refuses the temporary view (read-only here; a standby, no TEMPORARY
    privilege) leaves the comparison as it was, and the difference says why."""
    document = prepared(pg, EVENTS, EVENTS + MONTHLY)
    pg.run(MONTHLY)
    pg.run(
        "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET default_transaction_read_only = on',"
        " current_database()); END $$;"
    )
    post = evaluate(document, "post", DatabaseUrl.parse(pg.url))
    assert post.schema is not None and not post.schema.matches
    assert post.schema.differences[0].startswith("~ objects: view monthly expected ")
    assert post.schema.differences[1:] == (
        "~ view monthly: compared as written: the server could not respell the expected definition "
        "(cannot execute CREATE VIEW in a read-only transaction)",
    )


COUNTERS = "CREATE TABLE counters (id integer PRIMARY KEY, n integer);"
BUMP = "CREATE PROCEDURE bump(k integer) LANGUAGE sql BEGIN ATOMIC UPDATE counters SET n = n + k; END;"


def test_a_sql_standard_body_is_compared_as_the_target_server_spells_it(pg: Database) -> None:
    """The server stores a BEGIN ATOMIC body as it resolved it (``n = counters.n + bump.k``):
    the expected definition is made there by CREATE OR REPLACE and read back, rolled back at
    once (corpus postgres/functions/procedure_begin_atomic_new failed its post-check on it)."""
    document = prepared(pg, COUNTERS, COUNTERS + BUMP)
    pg.run(BUMP)
    post = evaluate(document, "post", DatabaseUrl.parse(pg.url))
    assert post.schema is not None and post.schema.matches, post.schema

    pg.run(BUMP.replace("CREATE", "CREATE OR REPLACE").replace("n + k", "n - k"))
    post = evaluate(document, "post", DatabaseUrl.parse(pg.url))
    assert post.schema is not None and not post.schema.matches
    (line,) = post.schema.differences
    assert (
        "n = counters.n + bump.k" in line and "n = counters.n - bump.k" in line
    )  # both as the server spells
    assert "counters.n - bump.k" in str(pg.value("SELECT pg_get_functiondef('bump'::regproc)"))  # rolled back


def migrated_status(pg: Database, tmp_path: Path, old: str, new: str) -> dict[str, Any]:
    """``migrate status --format json`` once the migration from ``old`` to ``new`` (written as
    old.sql and new.sql in ``tmp_path``) is generated and run up on ``pg``, which holds ``old``."""
    (tmp_path / "old.sql").write_text(old, encoding="utf-8")
    (tmp_path / "new.sql").write_text(new, encoding="utf-8")
    if old:
        pg.run(old)
    output = ["-o", "migrations/0001_next", "--dialect", "postgres"]
    made = wesley("generate", "old.sql", "new.sql", *output, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    common = ["--db", pg.url, "--migrations", "migrations"]
    up = wesley("migrate", "up", *common, "--target", "test", cwd=tmp_path)
    assert up.returncode == 0, up.stdout + up.stderr
    status: dict[str, Any] = json.loads(
        wesley("migrate", "status", *common, "--format", "json", cwd=tmp_path).stdout
    )
    return status


def test_status_compares_a_recorded_view_as_the_server_spells_it(pg: Database, tmp_path: Path) -> None:
    status = migrated_status(pg, tmp_path, EVENTS, EVENTS + MONTHLY)
    assert status["drift"] is False, status


def test_schema_differences_name_what_differs() -> None:
    old = load_text(USERS, "a.sql", suffix=".sql").schema
    new = load_text(
        "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, n int);"
        "CREATE TABLE extra (id int); CREATE UNIQUE INDEX users_n ON users (n);",
        "b.sql",
        suffix=".sql",
    ).schema
    from wesley_gen.model import to_dict

    lines = schema_differences(to_dict(old, annotations=False), to_dict(new, annotations=False))
    assert lines == (
        "~ column users.email: nullable expected true, found false",
        "~ column users.id: type expected integer, found bigint",
        "+ column users.n: integer",
        "+ index users.users_n: unique btree (n)",
        "+ table extra: a table of 1 column(s): id",
    )


# The add-required-email migration of seed 004 (AC1/AC2), run by hand, statement by statement.
ACCOUNTS_OLD = "CREATE TABLE accounts (id integer PRIMARY KEY, name text NOT NULL);"
ACCOUNTS_NEW = "CREATE TABLE accounts (id integer PRIMARY KEY, name text NOT NULL, email text NOT NULL);"
ACCOUNT_ROWS = "INSERT INTO accounts VALUES (1, 'ann'), (2, 'bob'), (3, 'cy');"
SQLITE_SWAP = """
CREATE TABLE accounts__new (id integer PRIMARY KEY, name text NOT NULL, email text NOT NULL);
INSERT INTO accounts__new SELECT id, name, email FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts__new RENAME TO accounts;
"""
POSTGRES_SWAP = "ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;"


def test_post_passes_after_a_complete_migration_and_counts_rows(db: Database) -> None:
    document = prepared(db, ACCOUNTS_OLD, ACCOUNTS_NEW, ACCOUNT_ROWS)
    pre = evaluate(document, "pre", DatabaseUrl.parse(db.url))
    assert pre.passed and pre.counts == {"accounts": 3}

    db.run("ALTER TABLE accounts ADD COLUMN email text;")
    db.run("UPDATE accounts SET email = name || '@example.com';")
    assert evaluate(document, "swap", DatabaseUrl.parse(db.url)).passed
    db.run(SQLITE_SWAP if db.dialect == "sqlite" else POSTGRES_SWAP)

    post = evaluate(document, "post", DatabaseUrl.parse(db.url), counts=pre.counts)
    assert post.passed, [a for a in post.assertions if a.status != PASSED]
    assert {a.kind for a in post.assertions} == {"table", "not_null", "primary_key", "row_count"}
    assert post.counts == {"accounts": 3}

    db.run("DELETE FROM accounts WHERE id = 3;")
    post = evaluate(document, "post", DatabaseUrl.parse(db.url), counts=pre.counts)
    assert (only(post, "row_count").status, only(post, "row_count").count) == (FAILED, 1)


def test_a_missing_column_fails_its_checks_rather_than_passing(db: Database) -> None:
    """SQLite reads an unknown "name" as a string: qualified references make it an error."""
    document = prepared(db, ACCOUNTS_OLD, ACCOUNTS_NEW, ACCOUNT_ROWS)
    post = evaluate(document, "post", DatabaseUrl.parse(db.url))
    check = only(post, "not_null", "accounts", "email")
    assert check.status == FAILED and check.error is not None and "email" in check.error
    assert only(post, "table", "accounts").count == 1


def test_post_without_pre_counts_skips_the_row_count(db: Database) -> None:
    document = prepared(db, ACCOUNTS_OLD, ACCOUNTS_NEW, ACCOUNT_ROWS)
    db.run("ALTER TABLE accounts ADD COLUMN email text; UPDATE accounts SET email = 'x';")
    db.run(SQLITE_SWAP if db.dialect == "sqlite" else POSTGRES_SWAP)
    post = evaluate(document, "post", DatabaseUrl.parse(db.url))
    assert post.passed and only(post, "row_count").status == SKIPPED


def test_post_after_a_skipped_backfill_fails_naming_the_required_column(db: Database) -> None:
    """Seed 004 T-2-2-2 AC2: the swap cannot set NOT NULL, the post-check names accounts.email."""
    document = prepared(db, ACCOUNTS_OLD, ACCOUNTS_NEW, ACCOUNT_ROWS)
    db.run("ALTER TABLE accounts ADD COLUMN email text;")
    post = evaluate(document, "post", DatabaseUrl.parse(db.url))
    assert not post.passed
    assert post.schema is not None
    assert post.schema.differences == ("~ column accounts.email: nullable expected false, found true",)
    check = only(post, "not_null", "accounts", "email")
    assert (check.status, check.count) == (FAILED, 3)
    assert only(post, "table", "accounts").count == 1


RICH_POSTGRES = """
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE "all ""types" (
    id bigint PRIMARY KEY, s smallint, i integer NOT NULL, r real, d double precision,
    n numeric, n5 numeric(5), n12 numeric(12,2), t text, v varchar, v9 varchar(9), c char, c3 char(3),
    b boolean, u uuid, dt date, tm time, tm3 time(3), tz timetz, ts timestamp, ts3 timestamp(3),
    tstz timestamptz, tstz0 timestamptz(0), iv interval, j json, jb jsonb, by bytea, ip inet, cidr_ cidr,
    mac macaddr, bt bit(4), vb varbit(8), vbn varbit, ints integer[], texts text[], m mood, ms mood[],
    "sel ect" text, "Ünï" text CHECK ("Ünï" LIKE 'a%'), UNIQUE (v9, c3)
);
CREATE UNIQUE INDEX all_lower ON "all ""types" (lower(t)) WHERE i > 0;
CREATE TABLE child (id serial PRIMARY KEY, parent bigint REFERENCES "all ""types" (id));
"""
RICH_SQLITE = """
CREATE TABLE "all ""types" (
    id INTEGER PRIMARY KEY, s SMALLINT, i INT NOT NULL, r REAL, d DOUBLE PRECISION, f FLOAT,
    n NUMERIC, n5 NUMERIC(5), n12 DECIMAL(12, 2), t TEXT, v VARCHAR, v9 varchar(9), c3 CHARACTER(3),
    nv NVARCHAR(10), b BOOLEAN, dt DATE, ts DATETIME, tstz TIMESTAMP WITH TIME ZONE, bl BLOB, by BYTEA,
    "sel ect" TEXT, "Ünï" TEXT CHECK ("Ünï" LIKE 'a%'), UNIQUE (v9, c3)
);
CREATE UNIQUE INDEX all_lower ON "all ""types" (lower(t)) WHERE i > 0;
CREATE TABLE child (id integer PRIMARY KEY, parent integer REFERENCES "all ""types" (id));
"""


def test_post_table_checks_read_every_type_as_the_catalog_spells_it(db: Database) -> None:
    """The catalog queries of the table checks agree with introspection on every type."""
    db.run(RICH_SQLITE if db.dialect == "sqlite" else RICH_POSTGRES)
    db.run("""INSERT INTO "all ""types" (id, i, t, "Ünï") VALUES (1, 1, 'A', 'ab'), (2, 2, 'b', NULL);""")
    db.run("INSERT INTO child (id, parent) VALUES (1, 1), (2, NULL);")
    schema = load_schema(db.url).schema
    # The migration adds the unique index: the post-check checks the data of the table it names
    # and of child, whose foreign key references it.
    without_index = tuple(replace(t, indexes=()) if t.name == 'all "types' else t for t in schema.tables)
    migration = plan_migration(
        replace(schema, tables=without_index), schema, Hints(), dialect=db.dialect, migration_id="0001_t"
    )
    document = contract_of(migration)
    post = evaluate(document, "post", DatabaseUrl.parse(db.url))
    assert post.passed, [(a.description, a.count, a.error) for a in post.failures]
    assert set(kinds(document, "post")) >= {"table", "unique", "check", "foreign_key", "primary_key"}
    assert {a.table for a in document.post.assertions} == {'all "types', "child"}

    db.run("""INSERT INTO child (id, parent) VALUES (3, 42);""") if db.dialect == "sqlite" else None
    db.run("""ALTER TABLE "all ""types" ADD COLUMN extra text;""")
    post = evaluate(document, "post", DatabaseUrl.parse(db.url))
    assert only(post, "table", 'all "types').count == 1
    if db.dialect == "sqlite":  # SQLite leaves foreign keys unenforced unless asked
        assert only(post, "foreign_key", "child").count == 1


def test_sqlite_table_check_matches_column_names_without_regard_to_case(lite: Database) -> None:
    """SQLite keeps ``lastIvl`` as written where the model folds it to ``lastivl`` (a held-out
    Anki schema's post-check failed on it): the table check matches names as SQLite does."""
    old = "CREATE TABLE revlog (id INTEGER PRIMARY KEY, lastIvl INTEGER NOT NULL, Note TEXT);"
    new = "CREATE TABLE revlog (id INTEGER PRIMARY KEY, lastIvl INTEGER NOT NULL, Note TEXT, added TEXT);"
    lite.run(new)
    document = contract_of(plan(old, new, "sqlite"))
    post = evaluate(document, "post", DatabaseUrl.parse(lite.url))
    assert only(post, "table", "revlog").count == 0
    lite.run("ALTER TABLE revlog ADD COLUMN lastIvl2 integer;")
    assert only(evaluate(document, "post", DatabaseUrl.parse(lite.url)), "table", "revlog").count == 1


# --- one scan per table and stage ----------------------------------------------------------------

PRODUCTS_OLD = "CREATE TABLE products (id integer PRIMARY KEY, stock text, name text, score integer);"
PRODUCTS_NEW = (
    "CREATE TABLE products (id integer PRIMARY KEY, stock integer, name text NOT NULL, "
    "score integer CHECK (score > 0));"
)
PRODUCTS_CAST = ("products.stock=CAST(stock AS integer)",)


@pytest.fixture
def queries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every query a contract stage sends to the database, in order."""
    sent: list[str] = []
    counts = contract_runtime._Database.counts

    def recorded(self: Any, sql: str, params: Any = None) -> tuple[int, ...]:
        sent.append(sql)
        return counts(self, sql, params)

    monkeypatch.setattr(contract_runtime._Database, "counts", recorded)
    return sent


def test_a_stages_counts_of_one_table_share_one_scan(db: Database, queries: list[str]) -> None:
    """The pre-check's null, cast and check counts and the row count of ``products`` are
    one scan (``COUNT(*) FILTER``): a large table is read once per stage, not once per
    check, and each check keeps its own count."""
    rows = "INSERT INTO products VALUES (1, '12', NULL, 0), (2, '7', NULL, 5), (3, '9', 'c', -1);"
    document = prepared(db, PRODUCTS_OLD, PRODUCTS_NEW, rows, casts=PRODUCTS_CAST)
    result = evaluate(document, "pre", DatabaseUrl.parse(db.url))
    counted = {a.kind: (a.status, a.count) for a in result.assertions}
    assert counted == {
        "not_null": (FAILED, 2),
        "cast": (PASSED, 0),
        "check": (FAILED, 2),
        "own_name": (PASSED, 0),
    }
    assert result.counts == {"products": 3}
    scans = [q for q in queries if 'FROM "products"' in q]
    assert len(scans) == 1 and scans[0].count("FILTER(WHERE") == 4, queries


def test_a_condition_that_fails_in_the_shared_scan_fails_alone(pg: Database, queries: list[str]) -> None:
    """A cast the database refuses on one row fails the shared scan: every check then runs
    alone, the cast failing with the database's message, the others with their counts."""
    rows = "INSERT INTO products VALUES (1, '12', NULL, 1), (2, 'abc', 'b', 0);"
    document = prepared(pg, PRODUCTS_OLD, PRODUCTS_NEW, rows, casts=PRODUCTS_CAST)
    result = evaluate(document, "pre", DatabaseUrl.parse(pg.url))
    cast = only(result, "cast")
    assert cast.status == FAILED and cast.count is None
    assert cast.error is not None and "invalid input syntax for type integer" in cast.error
    assert (only(result, "not_null").count, only(result, "check").count) == (1, 1)
    assert result.counts == {"products": 2}
    assert sum("FILTER(WHERE" in q for q in queries) == 1  # tried once, then each alone


@pytest.mark.parametrize(
    "query",
    [
        pytest.param('SELECT COUNT(*) FROM "t" AS "child" WHERE "child"."a" IS NULL', id="alias"),
        pytest.param('SELECT COUNT(*) FROM "t" JOIN "u" ON "u"."id" = "t"."id"', id="join"),
        pytest.param('SELECT COUNT(*) FROM "t" GROUP BY "t"."a"', id="group-by"),
        pytest.param('SELECT COUNT(*) - 1 FROM "t"', id="not-a-bare-count"),
        pytest.param('SELECT COUNT(*) FROM "t" WHERE "t"."a" IS NULL) OR ("t"."b"', id="not-sql"),
    ],
)
def test_a_query_that_is_not_a_count_of_one_table_keeps_its_own(query: str) -> None:
    """Only ``SELECT COUNT(*) FROM t [WHERE …]`` shares a scan; any other query runs alone, as written."""
    sent: list[str] = []

    def answer(sql: str, _params: Any) -> tuple[int, ...]:
        sent.append(sql)
        return (0,) * sql.count("FILTER")

    database = contract_runtime._Database(answer)
    counts = ['SELECT COUNT(*) FROM "t" WHERE "t"."c" = \')\'', 'SELECT COUNT(*) FROM "t"']
    assert set(contract_runtime._scan_once(database, counts, "postgres")) == set(counts) and len(sent) == 1
    sent.clear()
    assert contract_runtime._scan_once(database, [query, counts[0]], "postgres") == {} and sent == []


# --- the post stage on PostgreSQL: what validated constraints enforce is not scanned ----------------

KIDS_OLD = """
CREATE TABLE parents (id integer PRIMARY KEY);
CREATE TABLE kids (id integer PRIMARY KEY, parent integer, code text, score integer);
"""
KIDS_NEW = """
CREATE TABLE parents (id integer PRIMARY KEY);
CREATE TABLE kids (
    id integer PRIMARY KEY, parent integer REFERENCES parents (id), code text NOT NULL UNIQUE,
    score integer CHECK (score >= 0)
);
CREATE UNIQUE INDEX kids_score_key ON kids (score) WHERE score > 100;
"""
KIDS_ROWS = "INSERT INTO parents VALUES (1), (2); INSERT INTO kids VALUES (1, 1, 'a', 5), (2, NULL, 'b', 7);"


@pytest.mark.postgres
def test_post_reads_what_validated_constraints_enforce_from_the_catalog(
    pg: Database, queries: list[str]
) -> None:
    """After the swap every key, unique constraint and index, check, foreign key and NOT NULL of
    the TO schema is a validated constraint of the database: the post stage passes them without
    scanning the tables (on a large table each scan only competes with the application's commits)."""
    document = contract_of(plan(KIDS_OLD, KIDS_NEW, "postgres"))
    pg.run(KIDS_NEW + KIDS_ROWS)
    post = evaluate(document, "post", DatabaseUrl.parse(pg.url), count_rows=False)
    assert post.passed, [a for a in post.assertions if a.status != PASSED]
    enforced = {(a.kind, a.table) for a in post.assertions if a.enforced}
    assert {"primary_key", "unique", "check", "foreign_key"} <= {kind for kind, _ in enforced}
    assert enforced == {
        (a.kind, a.table) for a in post.assertions if a.kind in contract_runtime.ENFORCED_KINDS
    }
    assert all(a.count == 0 and a.status == PASSED for a in post.assertions if a.enforced)
    assert not [q for q in queries if 'FROM "kids"' in q or 'FROM "parents"' in q], queries
    assert "(enforced: the table's constraints are validated, no scan)" in render_result_text(post)


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("breach", "kind"),
    [
        pytest.param(
            "ALTER TABLE kids DROP CONSTRAINT kids_score_check; INSERT INTO kids VALUES (3, 1, 'c', -1);"
            "ALTER TABLE kids ADD CONSTRAINT kids_score_check CHECK (score >= 0) NOT VALID;",
            "check",  # a check NOT VALID is another schema: nothing is taken from the catalog
            id="check-not-valid",
        ),
        pytest.param(
            "ALTER TABLE kids DISABLE TRIGGER ALL; INSERT INTO kids VALUES (3, 9, 'c', 1);"
            "ALTER TABLE kids ENABLE TRIGGER USER;",
            "foreign_key",  # the same schema; the foreign key's triggers are off
            id="foreign-key-triggers-disabled",
        ),
    ],
)
def test_post_scans_a_table_whose_constraints_do_not_hold_every_row(
    pg: Database, breach: str, kind: str
) -> None:
    """A constraint added NOT VALID, or a foreign key whose triggers were disabled, proves
    nothing about the rows: the table's assertions are scanned and the breach is counted.
    (parents, which the migration does not change, has no data checks to take from the catalog.)"""
    document = contract_of(plan(KIDS_OLD, KIDS_NEW, "postgres"))
    pg.run(KIDS_NEW + KIDS_ROWS + breach)
    post = evaluate(document, "post", DatabaseUrl.parse(pg.url))
    assert (only(post, kind, "kids").status, only(post, kind, "kids").count) == (FAILED, 1)
    assert [a.table for a in post.assertions if a.enforced] == []


@pytest.mark.postgres
def test_post_scans_a_table_with_inheriting_children(pg: Database) -> None:
    """A parent's foreign key does not cover an inheriting child's rows, which the checks of the
    parent count: a table with children is scanned, whatever its constraints."""
    child = "CREATE TABLE kids_more () INHERITS (kids);"
    document = contract_of(plan(KIDS_OLD + child, KIDS_NEW + child, "postgres"))
    pg.run(KIDS_NEW + child + KIDS_ROWS + "INSERT INTO kids_more VALUES (3, 9, 'c', 1);")
    post = evaluate(document, "post", DatabaseUrl.parse(pg.url))
    assert post.schema is not None and post.schema.matches, post.schema
    assert (only(post, "foreign_key", "kids").status, only(post, "foreign_key", "kids").count) == (FAILED, 1)
    assert "kids" not in {a.table for a in post.assertions if a.enforced}


@pytest.mark.postgres
def test_a_check_gets_the_memory_of_its_table_up_to_maintenance_work_mem(pg: Database) -> None:
    """A check's hash or sort (a unique key's GROUP BY, a foreign key's anti-join) gets
    work_mem up to the size of the table it checks, so that it does not spill to temporary
    files beside the application's commits; never less than the server's work_mem, never
    more than its maintenance_work_mem."""
    pg.run(
        "CREATE TABLE small (id integer); CREATE TABLE big (id integer, pad text);"
        "INSERT INTO big SELECT g, repeat('x', 100) FROM generate_series(1, 20000) g;"
        "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET work_mem = %L', current_database(), '64kB');"
        "EXECUTE format('ALTER DATABASE %I SET maintenance_work_mem = %L', current_database(), '1MB'); END $$;"
    )
    memory = "SELECT pg_size_bytes(current_setting('work_mem'))"
    with contract_runtime.read_only_connection(DatabaseUrl.parse(pg.url)) as database:
        assert database.scalar(memory, None, "big") == 1024 * 1024  # 3 MB of rows: the cap
        assert database.scalar(memory, None, "small") == 64 * 1024  # empty: the server's own
        assert database.scalar(memory, None, "missing") == 64 * 1024


# --- the verify command -------------------------------------------------------------------------


@pytest.fixture
def email_folder(tmp_path: Path, lite: Database) -> Iterator[tuple[Path, Database]]:
    """A migration folder adding a required accounts.email, and its old database with 3 rows."""
    document = prepared(lite, ACCOUNTS_OLD, ACCOUNTS_NEW, ACCOUNT_ROWS)
    yield folder_with(tmp_path, document), lite


def test_verify_exit_0_and_counts_written_then_compared(
    email_folder: tuple[Path, Database], tmp_path: Path
) -> None:
    folder, db = email_folder
    counts = tmp_path / "counts.json"
    result = wesley("verify", str(folder), "--db", db.url, "--counts", str(counts))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("ok   schema is the FROM schema (sha256:")
    assert "1 passed, 0 failed, 0 skipped" in result.stdout
    assert read_counts(counts) == {"accounts": 3}

    db.run("ALTER TABLE accounts ADD COLUMN email text; UPDATE accounts SET email = 'x';" + SQLITE_SWAP)
    result = wesley("verify", str(folder), "--db", db.url, "--stage", "post", "--counts", str(counts))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok   post-" in result.stdout and "accounts has as many rows as at the pre-check" in result.stdout


def test_verify_exit_1_names_the_required_column_left_empty(email_folder: tuple[Path, Database]) -> None:
    """Seed 004 T-2-2-2 AC2 through the command: the backfill was skipped."""
    folder, db = email_folder
    db.run("ALTER TABLE accounts ADD COLUMN email text;")
    result = wesley("verify", str(folder), "--db", db.url, "--stage", "post")
    assert result.returncode == 1
    assert (
        "FAIL post-" in result.stdout
        and "no NULL in the required column accounts.email: 3 violating row(s)" in (result.stdout)
    )
    assert "~ column accounts.email: nullable expected false, found true" in result.stdout
    error = result.stderr.splitlines()[0]
    assert error.startswith("wesley-gen: error: stage post of 0001_t failed:")
    assert "not_null accounts.email (3 violating row(s))" in error
    assert "Traceback" not in result.stderr


def test_verify_exit_1_on_a_violation_at_pre(tmp_path: Path, lite: Database) -> None:
    new = "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);"
    folder = folder_with(tmp_path, prepared(lite, USERS, new, "INSERT INTO users VALUES (1, NULL);"))
    result = wesley("verify", str(folder), "--db", lite.url)
    assert result.returncode == 1
    assert "FAIL pre-1 no NULL in users.email (it becomes NOT NULL): 1 violating row(s)" in result.stdout
    assert "pre-1 not_null users.email (1 violating row(s))" in result.stderr


def test_verify_exit_2_for_a_missing_or_invalid_contract(tmp_path: Path, lite: Database) -> None:
    result = wesley("verify", str(tmp_path / "nowhere"), "--db", lite.url)
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"wesley-gen: error: {tmp_path / 'nowhere' / 'contract.json'}: no such file"
    )

    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "contract.json").write_text('{"format": "wesley-gen/contract@1",\n  oops}', encoding="utf-8")
    result = wesley("verify", str(folder), "--db", lite.url)
    assert result.returncode == 2
    assert f"{folder / 'contract.json'}:2: not JSON" in result.stderr

    (folder / "contract.json").write_text('{"format": "wesley-gen/plan@1"}', encoding="utf-8")
    result = wesley("verify", str(folder), "--db", lite.url)
    assert result.returncode == 2 and "not a wesley-gen contract" in result.stderr

    document = contract_of(
        plan(USERS, USERS.replace("email text", "email text NOT NULL"), "sqlite")
    ).to_dict()
    document["post"]["assertions"][0]["sql"] = ""
    (folder / "contract.json").write_text(json.dumps(document), encoding="utf-8")
    result = wesley("verify", str(folder), "--db", lite.url)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"wesley-gen: error: {folder / 'contract.json'}: not a wesley-gen contract: "
        "$.post.assertions[0].sql: '' should be non-empty"
    ]

    result = wesley("verify", str(folder), "--db", lite.url, "--stage", "later")
    assert result.returncode == 2 and "Invalid value for '--stage'" in result.stderr


def test_verify_exit_2_for_a_contract_of_another_dialect(tmp_path: Path, lite: Database) -> None:
    document = contract_of(plan(USERS, USERS.replace("email text", "email text NOT NULL"), "postgres"))
    result = wesley("verify", str(folder_with(tmp_path, document)), "--db", lite.url)
    assert result.returncode == 2
    assert "the contract is for postgres but" in result.stderr


def test_verify_exit_2_for_a_bad_counts_file(email_folder: tuple[Path, Database], tmp_path: Path) -> None:
    folder, db = email_folder
    bad = tmp_path / "counts.json"
    bad.write_text("[]", encoding="utf-8")
    result = wesley("verify", str(folder), "--db", db.url, "--stage", "post", "--counts", str(bad))
    assert result.returncode == 2 and f"{bad}: not a row counts file" in result.stderr
    result = wesley("verify", str(folder), "--db", db.url, "--stage", "swap", "--counts", str(bad))
    assert result.returncode == 1, result.stderr  # unused at swap: the backfill has not run
    assert "no NULL left in accounts.email after the backfill" in result.stdout


def test_verify_exit_3_when_the_database_cannot_be_reached(
    email_folder: tuple[Path, Database], tmp_path: Path
) -> None:
    folder, _ = email_folder
    missing = tmp_path / "missing.sqlite"
    result = wesley("verify", str(folder), "--db", f"sqlite:///{missing}")
    assert result.returncode == 3
    assert (
        result.stderr.startswith("wesley-gen: error: ") and "database could not be reached" in result.stderr
    )
    assert not missing.exists()


def test_verify_exit_3_for_an_unreachable_server_with_the_password_hidden(tmp_path: Path) -> None:
    document = contract_of(plan(USERS, USERS.replace("email text", "email text NOT NULL"), "postgres"))
    folder = folder_with(tmp_path, document)
    result = wesley("verify", str(folder), "--db", "postgresql://someone:hunter2@127.0.0.1:1/app")
    assert result.returncode == 3
    assert "hunter2" not in result.stderr + result.stdout
    assert "postgresql://someone:***@127.0.0.1:1/app" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2


def test_evaluate_errors_are_wesley_gen_errors(tmp_path: Path, lite: Database) -> None:
    document = contract_of(plan(USERS, USERS.replace("email text", "email text NOT NULL"), "sqlite"))
    with pytest.raises(DatabaseError):
        evaluate(document, "pre", DatabaseUrl.parse(f"sqlite:///{tmp_path / 'nothing.db'}"))
    with pytest.raises(UsageError):
        evaluate(document, "later", DatabaseUrl.parse(lite.url))
    with pytest.raises(InputError):
        read_contract(tmp_path)


# --- the document -----------------------------------------------------------------------------


def test_contract_shape_and_determinism_across_loads() -> None:
    old = "CREATE TABLE users (id integer PRIMARY KEY, email text);"
    new = "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL UNIQUE, age integer NOT NULL);"
    first = contract_of(plan(old, new, "postgres")).to_dict()
    assert dumps(first) == dumps(contract_of(plan(old, new, "postgres")).to_dict())
    assert first["format"] == "wesley-gen/contract@1" and first["dialect"] == "postgres"
    assert first["pre"]["checksum"] == first["migration"]["from"]["checksum"]
    assert first["post"]["checksum"] == first["migration"]["to"]["checksum"]
    assert [a["id"] for a in first["pre"]["assertions"]] == ["pre-1", "pre-2"]
    assert first["pre"]["assertions"][0] == {
        "id": "pre-1",
        "kind": "not_null",
        "change": "c2",
        "table": "users",
        "column": "email",
        "description": "no NULL in users.email (it becomes NOT NULL)",
        "sql": 'SELECT COUNT(*) FROM "users" WHERE "users"."email" IS NULL',
    }
    assert first["pre"]["row_counts"] == [{"table": "users", "sql": 'SELECT COUNT(*) FROM "users"'}]


def test_the_document_constants_are_the_published_schemas() -> None:
    """STAGES and KINDS are the stages and the assertion kinds contract.schema.json names."""
    assert [name for name in CONTRACT_SCHEMA["properties"] if name in STAGES] == list(STAGES)
    assert CONTRACT_SCHEMA["$defs"]["assertion"]["properties"]["kind"]["enum"] == list(KINDS)


@pytest.mark.parametrize("path", sorted(ROOT.glob("golden/*/expected/*/contract.json")), ids=str)
def test_the_contract_reader_and_writer_round_trip(path: Path) -> None:
    """Every golden contract.json reads back to a value that writes the same bytes."""
    assert dumps(read_contract(path).to_dict()) == path.read_text(encoding="utf-8")


def test_empty_migration_still_has_three_stages() -> None:
    document = contract_of(plan(USERS, USERS, "sqlite", allow_empty=True))
    assert (kinds(document, "pre"), kinds(document, "swap"), kinds(document, "post")) == ([], [], [])
    # no table changes, so no table's data is checked; the schema check of each stage remains
    assert document.pre.schema is not None and document.post.schema is not None
    assert [r.table for r in document.post.row_counts] == ["users"]


FAMILY = """
CREATE TABLE parents (id integer PRIMARY KEY, note text);
CREATE TABLE children (id integer PRIMARY KEY, parent integer REFERENCES parents (id) ON DELETE CASCADE);
CREATE TABLE grandchildren (id integer PRIMARY KEY, child integer REFERENCES children (id));
CREATE TABLE cousins (id integer PRIMARY KEY, grandchild integer REFERENCES grandchildren (id));
CREATE TABLE strangers (id integer PRIMARY KEY, note text);
"""


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_post_checks_the_data_of_changed_tables_and_of_those_referencing_them(dialect: str) -> None:
    """A column added to parents: the post-check counts the rows of parents, of children (its
    foreign key references parents: a rebuilt parents may leave orphans) and of grandchildren,
    which references children, whose key deletes its rows with their parent's; cousins
    references grandchildren by a key that changes no row, and strangers nothing changed.
    The schema check still compares every table."""
    new = FAMILY.replace(
        "note text);\nCREATE TABLE children", "note text, added text);\nCREATE TABLE children"
    )
    document = contract_of(plan(FAMILY, new, dialect))
    assert {a.table for a in document.post.assertions} == {"parents", "children", "grandchildren"}
    assert {a.table for a in document.post.assertions if a.kind == "row_count"} == {
        "parents",
        "children",
        "grandchildren",
    }
    assert document.post.schema is not None
    assert {t["name"] for t in document.post.schema["tables"]} >= {"cousins", "strangers"}


def test_post_checks_every_table_when_a_change_names_none() -> None:
    """A new enum names no table: a change of a type, function or view may change what any
    table's data means, so every table is checked."""
    document = contract_of(plan(FAMILY, FAMILY + "CREATE TYPE mood AS ENUM ('ok');", "postgres"))
    assert {a.table for a in document.post.assertions} == {
        "parents",
        "children",
        "grandchildren",
        "cousins",
        "strangers",
    }


def test_new_tables_need_no_narrowing_checks() -> None:
    old = "CREATE TABLE a (id integer PRIMARY KEY);"
    new = (
        "CREATE TABLE a (id integer PRIMARY KEY, b_id integer REFERENCES b (id));"
        "CREATE TABLE b (id integer PRIMARY KEY, a_id integer NOT NULL UNIQUE REFERENCES a (id));"
    )
    document = contract_of(plan(old, new, "postgres"))
    # the key from the existing table a to the new, empty table b is checked once b exists
    assert [(a.kind, a.table) for a in document.pre.assertions] == []
    assert [(a.kind, a.table) for a in document.swap.assertions] == [("foreign_key", "a")]


@pytest.mark.parametrize("dialect", ["postgres", "sqlite"])
@pytest.mark.parametrize(
    ("table", "ref"), [("t", "p"), ('we"ird', "app.Parent"), ("app.t.x", "wesley_gen_shape_0")]
)
def test_checks_of_one_shape_are_the_text_of_their_own_tree(dialect: str, table: str, ref: str) -> None:
    """Key, foreign key and row count checks are filled into a text rendered once per shape:
    the same text as each check's own tree rendered, whatever the names."""
    from wesley_gen.render import contract
    from wesley_gen.render.builder import Sql

    sql = Sql(dialect)
    keys, refs = ["id", 'a"b', "x.y"], ["ID", "wesley_gen_shape_1", "z"]
    assert contract._shaped(contract._primary_key_shape, sql, (table,), keys) == sql.render(
        contract._primary_key(sql, table, keys)
    )
    assert contract._shaped(contract._orphans_shape, sql, (table, ref), [*keys, *refs]) == sql.render(
        contract._orphans(sql, table, keys, ref, refs)
    )
    assert contract._shaped(contract._count_shape, sql, (table,), ()) == sql.render(sql.count(table))


HSTORE = (
    "CREATE EXTENSION hstore;\nCREATE TABLE products (id integer PRIMARY KEY, attributes hstore);\n"
    "CREATE INDEX products_attributes_gist ON products USING gist (attributes gist_hstore_ops);\n"
)


def test_status_and_diff_leave_an_extensions_default_opclass_out_as_the_database_lists_it(
    pg: Database, tmp_path: Path
) -> None:
    """The database lists the index without hstore's default operator class the file names
    (corpus postgres/indexes/extension_default_opclass_named): no drift, no difference, the
    file read through a scratch database or as text."""
    status = migrated_status(pg, tmp_path, "", HSTORE)
    assert status["drift"] is False, status
    from wesley_gen.run.history import History

    *_, last = (r.snapshot for r in History(DatabaseUrl.parse(pg.url)).runs() if r.snapshot is not None)
    snapshot = schema_from_dict(json.loads(last))  # the record's own, gist_hstore_ops named
    assert status["recorded_checksum"] == checksum(snapshot) != status["live_checksum"]
    for read_as in ("embedded", "off"):  # through a scratch database, and as text
        diff = wesley("diff", "new.sql", pg.url, "--format", "json", "--dev-db", read_as, cwd=tmp_path)
        assert diff.returncode == 0, diff.stdout + diff.stderr
        assert json.loads(diff.stdout)["changes"] == [], diff.stdout
