"""Seed data: generated rows satisfy every constraint on both databases, are deterministic,
carry the awkward values, and fixtures load with errors that name file and line."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.golden import golden_cases
from tests.pgtools import run_ddl, skip_before
from wesley_gen.database_url import DatabaseUrl
from wesley_gen.errors import DatabaseError, InputError
from wesley_gen.hints import Hints
from wesley_gen.load import load_schema
from wesley_gen.model import Schema, checksum
from wesley_gen.plan import Options, plan_migration
from wesley_gen.render.sql import render_sql
from wesley_gen.run.scripts import run_statements
from wesley_gen.seed import SeedData, TableRows, insert_seed, read_fixtures, seed_data
from wesley_gen.statements import of_steps

SqliteUrl = Callable[[str], str]
ROOT = Path(__file__).resolve().parent.parent


def create(url: str, schema: Schema, dialect: str) -> None:
    """Build ``schema`` in an empty database with wesley-gen's own migration from nothing."""
    fresh = Schema(  # rename annotations point at an old schema that an empty one lacks
        tuple(
            replace(t, renamed_from=None, columns=tuple(replace(c, renamed_from=None) for c in t.columns))
            for t in schema.tables
        ),
        schema.enums,
    )
    migration = plan_migration(
        Schema(), fresh, Hints(), dialect=dialect, migration_id="0000_init", options=Options(allow_empty=True)
    )
    run_statements(DatabaseUrl.parse(url), of_steps(render_sql(migration).statements, "expand", "swap"))


def golden_schemas(dialect: str) -> Iterator[tuple[str, Schema]]:
    """Every distinct old/new schema of the golden cases (SQLite: the cases generated for it)."""
    seen: set[str] = set()
    for case in golden_cases():
        if dialect == "sqlite" and "sqlite" not in case.generate:
            continue
        for path in (case.old, case.new):
            schema = load_schema(str(path), dialect=case.dialect).schema
            if checksum(schema) not in seen:
                seen.add(checksum(schema))
                yield f"{case.name}/{path.name}", schema


def table(data: SeedData, name: str) -> TableRows:
    return next(t for t in data.tables if t.table == name)


def column(data: SeedData, name: str, col: str) -> list[Any]:
    rows = table(data, name)
    index = rows.columns.index(col)
    return [row[index] for row in rows.rows]


def pg_count(url: str, name: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(f'SELECT count(*) FROM "{name}"'.encode()).fetchone()
    assert row is not None
    return int(row[0])


def full(data: SeedData) -> dict[str, int]:
    return {t.table: len(t.rows) for t in data.tables}


# --- golden schemas on both databases -----------------------------------------------------


def test_every_golden_schema_seeds_postgres(pg_url: str) -> None:
    for name, schema in golden_schemas("postgres"):
        run_ddl(pg_url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        create(pg_url, schema, "postgres")
        data = seed_data(schema, rows=200, seed=7)
        assert all(len(t.rows) == 200 for t in data.tables), (name, data.notes)
        assert insert_seed(DatabaseUrl.parse(pg_url), data) == full(data), name
        assert all(pg_count(pg_url, t.table) == 200 for t in data.tables), name


def test_every_golden_schema_seeds_sqlite(tmp_path: Path) -> None:
    for number, (name, schema) in enumerate(golden_schemas("sqlite")):
        path = tmp_path / f"{number}.db"
        path.touch()
        url = f"sqlite:///{path}"
        create(url, schema, "sqlite")
        data = seed_data(schema, rows=200, seed=7)
        assert all(len(t.rows) == 200 for t in data.tables), (name, data.notes)
        assert insert_seed(DatabaseUrl.parse(url), data) == full(data), name
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], name


# --- a schema with every type and constraint kind -------------------------------------------

KITCHEN_PG = """
CREATE TYPE mood AS ENUM ('happy', 'sad', 'it''s complicated');
CREATE TABLE parents (
    id serial PRIMARY KEY,
    code char(3) NOT NULL UNIQUE CHECK (length(code) = 3),
    name varchar(12) NOT NULL CHECK (name <> ''),
    qty smallint NOT NULL CHECK (qty BETWEEN 1 AND 10),
    price numeric(7, 2) CHECK (price > 0),
    ratio real CHECK (ratio >= 0 AND ratio < 1),
    score double precision,
    big bigint,
    small smallint,
    flag boolean NOT NULL,
    status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'closed')),
    feeling mood,
    tags text[],
    nums integer[],
    doc jsonb,
    plain_doc json,
    raw bytea,
    uid uuid UNIQUE,
    born date CHECK (born >= '1900-01-01'),
    seen timestamptz,
    stamp timestamp(0),
    at_time time,
    at_zone timetz,
    span interval,
    ip inet,
    net cidr,
    mac macaddr,
    bits bit(4),
    vbits varbit(8),
    cash money,
    note text CHECK (note IS NULL OR length(note) <= 100),
    email text CHECK (email LIKE '%@%'),
    start_on date,
    end_on date,
    total integer GENERATED ALWAYS AS (qty * 2) STORED,
    CHECK (start_on <= end_on),
    UNIQUE (code, qty)
);
CREATE TABLE children (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id integer NOT NULL REFERENCES parents (id),
    other_id integer REFERENCES parents (id),
    p_code char(3),
    p_qty smallint,
    rank integer NOT NULL CHECK (rank > 0) CHECK (rank < 1000000),
    FOREIGN KEY (p_code, p_qty) REFERENCES parents (code, qty)
);
CREATE TABLE links (
    a_id integer NOT NULL REFERENCES parents (id),
    b_id bigint NOT NULL REFERENCES children (id),
    weight integer,
    PRIMARY KEY (a_id, b_id)
);
CREATE TABLE nodes (
    id integer PRIMARY KEY,
    parent_id integer REFERENCES nodes (id),
    root_id integer NOT NULL REFERENCES nodes (id),
    label text NOT NULL
);
"""

KITCHEN_SQLITE = """
CREATE TABLE parents (
    id INTEGER PRIMARY KEY,
    code CHAR(3) NOT NULL UNIQUE CHECK (length(code) = 3),
    name VARCHAR(12) NOT NULL CHECK (name <> ''),
    qty SMALLINT NOT NULL CHECK (qty BETWEEN 1 AND 10),
    price NUMERIC(7, 2) CHECK (price > 0),
    ratio REAL CHECK (ratio >= 0 AND ratio < 1),
    big BIGINT,
    flag BOOLEAN NOT NULL CHECK (flag IN (0, 1)),
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'closed')),
    doc JSON,
    raw BLOB,
    uid UUID UNIQUE,
    born DATE CHECK (born >= '1900-01-01'),
    seen TIMESTAMP,
    note TEXT CHECK (note IS NULL OR length(note) <= 100),
    email TEXT CHECK (email LIKE '%@%'),
    start_on DATE,
    end_on DATE,
    CHECK (start_on <= end_on),
    UNIQUE (code, qty)
);
CREATE TABLE links (
    a_id INTEGER NOT NULL REFERENCES parents (id),
    b_id INTEGER NOT NULL REFERENCES parents (id),
    UNIQUE (a_id, b_id)
);
CREATE TABLE nodes (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES nodes (id),
    root_id INTEGER NOT NULL REFERENCES nodes (id)
);
"""


def test_kitchen_sink_on_postgres(pg_url: str) -> None:
    run_ddl(pg_url, KITCHEN_PG)
    schema = load_schema(pg_url).schema
    data = seed_data(schema, rows=300, seed=1)
    assert insert_seed(DatabaseUrl.parse(pg_url), data) == full(data)
    assert all(len(t.rows) == 300 for t in data.tables), data.notes
    assert "total" not in table(data, "parents").columns  # generated: never written
    with psycopg.connect(pg_url) as conn:  # sequences moved past the seeded keys
        conn.execute(b"INSERT INTO parents (code, name, qty, flag) VALUES ('zzz', 'n', 1, true)")
        conn.execute(b"INSERT INTO children (parent_id, rank) VALUES (1, 1)")
        ids = conn.execute(b"SELECT max(p.id), max(c.id) FROM parents p, children c").fetchone()
    assert ids == (301, 301)


def test_kitchen_sink_on_sqlite(sqlite_url: SqliteUrl) -> None:
    url = sqlite_url(KITCHEN_SQLITE)
    schema = load_schema(url, dialect="sqlite").schema
    data = seed_data(schema, rows=300, seed=1)
    assert insert_seed(DatabaseUrl.parse(url), data) == full(data)
    assert all(len(t.rows) == 300 for t in data.tables), data.notes


def test_check_bounds_are_respected(pg_url: str) -> None:
    run_ddl(pg_url, KITCHEN_PG)
    data = seed_data(load_schema(pg_url).schema, rows=300, seed=4)
    assert set(column(data, "parents", "qty")) <= set(range(1, 11))
    assert all(p is None or p > 0 for p in column(data, "parents", "price"))
    assert all(r is None or 0 <= r < 1 for r in column(data, "parents", "ratio"))
    assert all(len(c.rstrip(" ")) == 3 for c in column(data, "parents", "code"))
    assert set(column(data, "parents", "status")) <= {"new", "open", "closed"}
    assert "" not in column(data, "parents", "name")
    assert all(e is None or "@" in e for e in column(data, "parents", "email"))
    assert all(n is None or len(n) <= 100 for n in column(data, "parents", "note"))
    starts, ends = column(data, "parents", "start_on"), column(data, "parents", "end_on")
    assert all(s is None or e is None or s <= e for s, e in zip(starts, ends, strict=True))
    assert all(0 < r < 1_000_000 for r in column(data, "children", "rank"))


def test_awkward_values_are_present(pg_url: str) -> None:
    run_ddl(pg_url, KITCHEN_PG)
    data = seed_data(load_schema(pg_url).schema, rows=50, seed=0)
    names = column(data, "nodes", "label")
    assert "" in names and any(any(ord(ch) > 0xFFFF for ch in n) for n in names)
    assert any("'" in n and "\\" in n for n in names) and "  padded  " in names
    assert {-9223372036854775808, 9223372036854775807} <= set(column(data, "parents", "big"))
    assert {-32768, 32767} <= set(column(data, "parents", "small"))
    assert {Decimal("99999.99"), Decimal("0.01")} <= set(column(data, "parents", "price"))
    born = set(column(data, "parents", "born"))
    assert {"9999-12-31", "2000-02-29"} <= born and "0001-01-01" not in born  # CHECK (born >= '1900-01-01')
    assert {"0001-01-01 00:00:00", "9999-12-31 23:59:59"} <= set(column(data, "parents", "stamp"))
    assert {"{}", "[]"} <= set(column(data, "parents", "doc"))
    assert b"" in column(data, "parents", "raw")
    assert "{}" in column(data, "parents", "tags")
    assert any(len(n) == 12 for n in column(data, "parents", "name"))  # varchar(12) at its limit
    for nullable in ("price", "score", "feeling", "doc", "note", "other_id", "parent_id"):
        name = "nodes" if nullable == "parent_id" else "children" if nullable == "other_id" else "parents"
        assert None in column(data, name, nullable), nullable
    assert None not in column(data, "parents", "flag")
    ids = column(data, "parents", "id")
    assert ids == list(range(1, 51))  # keys stay plain


def test_plain_values_differ_so_a_unique_added_later_holds() -> None:
    schema = load_schema(str(ROOT / "golden" / "example_v1_v2" / "old.graphql")).schema
    data = seed_data(schema, rows=3000, seed=5)
    for name, col in [
        ("users", "name"),
        ("users", "age"),
        ("users", "bio"),
        ("posts", "title"),
        ("posts", "score"),
    ]:
        values = [v for v in column(data, name, col) if v is not None]
        assert len(values) == len(set(values)) >= 2990, (name, col)
    assert len(set(column(data, "posts", "published"))) == 2  # a boolean repeats, of course


def test_self_reference_points_at_earlier_rows_or_itself(sqlite_url: SqliteUrl) -> None:
    url = sqlite_url(KITCHEN_SQLITE)
    data = seed_data(load_schema(url, dialect="sqlite").schema, rows=100)
    nodes = table(data, "nodes")
    for id_, parent, root in nodes.rows:
        assert root <= id_ and (parent is None or parent <= id_)
    assert any(root < id_ for id_, _, root in nodes.rows)
    assert insert_seed(DatabaseUrl.parse(url), data)["nodes"] == 100


def test_composite_unique_of_two_foreign_keys(sqlite_url: SqliteUrl) -> None:
    url = sqlite_url(KITCHEN_SQLITE)
    schema = load_schema(url, dialect="sqlite").schema
    pairs = table(seed_data(schema, rows=400), "links").rows
    assert len(pairs) == 400 and len(set(pairs)) == 400
    # 5 parents give 25 pairs: the unique set caps the table, and a note says so
    fixtures = {
        "parents": [{"id": i, "code": f"c{i:02d}", "name": "n", "qty": 1, "flag": True} for i in range(5)]
    }
    data = seed_data(schema, rows=100, fixtures=fixtures)
    assert sorted(table(data, "links").rows) == [(a, b) for a in range(5) for b in range(5)]
    assert any(note.startswith("links: 25 rows instead of 100") for note in data.notes)
    assert insert_seed(DatabaseUrl.parse(url), data)["links"] == 25


def test_finite_unique_domain_caps_the_table() -> None:
    from wesley_gen.load import load_text

    schema = load_text(
        "CREATE TABLE flags (id integer PRIMARY KEY, on_off boolean NOT NULL UNIQUE);",
        "flags.sql",
        suffix=".sql",
    ).schema
    data = seed_data(schema, rows=20)
    assert sorted(column(data, "flags", "on_off")) == [False, True]
    assert data.notes and "flags: 2 rows instead of 20" in data.notes[0]


def test_a_required_foreign_key_cycle_is_an_input_error() -> None:
    from wesley_gen.load import load_text

    ddl = """
        CREATE TABLE a (id integer PRIMARY KEY, b_id integer NOT NULL);
        CREATE TABLE b (id integer PRIMARY KEY, a_id integer NOT NULL REFERENCES a (id));
        ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b (id);
    """
    schema = load_text(ddl, "cycle.sql", suffix=".sql").schema
    with pytest.raises(InputError, match=r"cycle: (a → b → a|b → a → b)"):
        seed_data(schema, rows=5)


def test_a_check_that_is_not_understood_skips_refused_rows_of_that_table_only(pg_url: str) -> None:
    run_ddl(
        pg_url,
        """
        CREATE TABLE codes (id integer PRIMARY KEY, code text NOT NULL UNIQUE CHECK (code ~ '^[a-h]'));
        CREATE TABLE uses (id integer PRIMARY KEY, code_id integer NOT NULL REFERENCES codes (id));
        CREATE TABLE other (id integer PRIMARY KEY, name text);
        CREATE TABLE emails (id integer PRIMARY KEY, email text NOT NULL);
        CREATE UNIQUE INDEX emails_lower ON emails (lower(email));
        """,
    )
    data = seed_data(load_schema(pg_url).schema, rows=200)
    assert any("check codes_code_check not understood" in note for note in data.notes)
    assert any("unique index emails_lower not understood; plain values for email" in n for n in data.notes)
    assert all(c[0] != "" and "\n" not in c for c in column(data, "codes", "code"))  # plain values only
    counts = insert_seed(DatabaseUrl.parse(pg_url), data)
    assert 0 < counts["codes"] < 200 and 0 < counts["uses"] < 200
    assert counts["other"] == counts["emails"] == 200
    assert pg_count(pg_url, "codes") == counts["codes"]


def test_rows_refused_one_by_one_keep_every_column_type(pg_url: str) -> None:
    run_ddl(pg_url, KITCHEN_PG + "ALTER TABLE parents ADD CONSTRAINT small_qty CHECK (qty * 2 < 15);")
    data = seed_data(load_schema(pg_url).schema, rows=300, seed=2)
    counts = insert_seed(DatabaseUrl.parse(pg_url), data)
    assert 0 < counts["parents"] < 300 and counts["children"] < 300 and counts["links"] < 300
    assert counts["nodes"] == 300
    assert {name: pg_count(pg_url, name) for name in counts} == counts
    parents = table(data, "parents")
    position = {name: i for i, name in enumerate(parents.columns)}
    kept = [r for r in parents.rows if r[position["qty"]] * 2 < 15]
    assert len(kept) == counts["parents"]
    with psycopg.connect(pg_url) as conn:  # the values went through text and casts unchanged
        for row in kept[:12]:
            found = conn.execute(
                b"SELECT raw, price, big, born::text, tags IS NOT DISTINCT FROM %s::text[] FROM parents WHERE id = %s",
                [row[position["tags"]], row[0]],
            ).fetchone()
            assert found == (*(row[position[c]] for c in ("raw", "price", "big", "born")), True)


# --- determinism ----------------------------------------------------------------------------

DETERMINISM = """
import hashlib, sys
from wesley_gen.load import load_schema
from wesley_gen.seed import seed_data
data = seed_data(load_schema(sys.argv[1]).schema, rows=60, seed=int(sys.argv[2]))
print(hashlib.sha256(repr(data).encode()).hexdigest())
"""


def test_same_seed_same_rows_in_any_process() -> None:
    path = ROOT / "golden" / "example_v1_v2" / "new.graphql"
    schema = load_schema(str(path)).schema
    assert seed_data(schema, rows=60, seed=3) == seed_data(schema, rows=60, seed=3)
    one, other = seed_data(schema, rows=60, seed=3), seed_data(schema, rows=60, seed=4)
    assert column(one, "users", "id") == column(other, "users", "id")  # keys stay plain
    assert column(one, "users", "age") != column(other, "users", "age")
    digests = {
        subprocess.run(
            [sys.executable, "-c", DETERMINISM, str(path), "3"],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        ).stdout.strip()
        for hash_seed in ("1", "2")  # set and dict order by hash() differ between these processes
    }
    assert digests == {hashlib.sha256(repr(one).encode()).hexdigest()}


# --- fixtures -------------------------------------------------------------------------------


def test_fixtures_from_json_and_csv(tmp_path: Path, sqlite_url: SqliteUrl) -> None:
    url = sqlite_url(KITCHEN_SQLITE)
    schema = load_schema(url, dialect="sqlite").schema
    folder = tmp_path / "fixtures"
    folder.mkdir()
    parents = [
        {"id": 10, "code": "aaa", "name": "same", "qty": 1, "flag": True, "doc": {"a": [1, "é"]}},
        {"id": 11, "code": "bbb", "name": "same", "qty": "2", "flag": False, "note": ""},
    ]
    (folder / "parents.json").write_text(json.dumps(parents, ensure_ascii=False), encoding="utf-8")
    (folder / "nodes.csv").write_text("id,parent_id,root_id\n1,,1\n2,1,1\n", encoding="utf-8")
    (folder / "README.md").write_text("not a fixture", encoding="utf-8")
    fixtures = read_fixtures(folder, schema)
    data = seed_data(schema, rows=30, fixtures=fixtures)
    rows = table(data, "parents")
    assert rows.source == str(folder / "parents.json")
    assert column(data, "parents", "name") == ["same", "same"]  # duplicates on a non-unique column
    assert column(data, "parents", "qty") == [1, 2] and column(data, "parents", "flag") == [True, False]
    assert column(data, "parents", "doc") == ['{"a": [1, "é"]}', None] and column(
        data, "parents", "note"
    ) == [None, ""]
    assert table(data, "nodes").rows == ((1, None, 1), (2, 1, 1))  # CSV: "" is NULL, "2" is 2
    links = table(data, "links")
    assert len(links.rows) == 4 and {a for a, _ in links.rows} <= {10, 11}  # generated against fixtures
    assert insert_seed(DatabaseUrl.parse(url), data) == {"parents": 2, "nodes": 2, "links": 4}


@pytest.mark.parametrize(
    ("files", "where", "message"),
    [
        ({"nobody.json": "[]"}, "nobody.json", "no table 'nobody'"),
        (
            {"nodes.json": '[\n  {"id": 1, "root_id": 1},\n  {"id": 2, "rooot": 1}\n]'},
            "nodes.json:3",
            "no column 'rooot'",
        ),
        ({"nodes.json": '[\n  {"id": 1,\n   "root_id": }\n]'}, "nodes.json:3", "bad JSON"),
        ({"nodes.json": "[]", "nodes.csv": "id\n"}, "nodes.json", "two fixture files"),
        ({"nodes.csv": "id,root_id\n1,1\nx,1\n"}, "nodes.csv:3", "not an integer: 'x'"),
        ({"nodes.csv": "id,root_id\n1,1,1\n"}, "nodes.csv:2", "expected 2 cells"),
        ({"parents.json": '[{"id": 1, "flag": "maybe"}]'}, "parents.json:1", "not a boolean"),
        ({"nodes.json": '{"id": 1}'}, "nodes.json:1", "expected a JSON array"),
    ],
)
def test_fixture_errors_name_file_and_line(
    tmp_path: Path, sqlite_url: SqliteUrl, files: dict[str, str], where: str, message: str
) -> None:
    schema = load_schema(sqlite_url(KITCHEN_SQLITE), dialect="sqlite").schema
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        read_fixtures(tmp_path, schema)
    assert str(caught.value.location).endswith(where)


def test_fixture_rows_the_database_refuses_name_the_file(tmp_path: Path, sqlite_url: SqliteUrl) -> None:
    url = sqlite_url(KITCHEN_SQLITE)
    schema = load_schema(url, dialect="sqlite").schema
    (tmp_path / "nodes.csv").write_text("id,root_id\n1,1\n1,1\n", encoding="utf-8")
    data = seed_data(schema, rows=5, fixtures=read_fixtures(tmp_path, schema))
    with pytest.raises(InputError, match="refused a fixture row of nodes") as caught:
        insert_seed(DatabaseUrl.parse(url), data)
    assert str(caught.value.location).endswith("nodes.csv")
    with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:  # one transaction: nothing stays
        assert conn.execute("SELECT count(*) FROM parents").fetchone() == (0,)


def test_a_database_without_the_tables_is_a_database_error(pg_url: str, sqlite_url: SqliteUrl) -> None:
    data = seed_data(load_schema(sqlite_url(KITCHEN_SQLITE), dialect="sqlite").schema, rows=3)
    for url in (pg_url, sqlite_url("CREATE TABLE unrelated (id integer);")):
        with pytest.raises(DatabaseError, match="cannot seed"):
            insert_seed(DatabaseUrl.parse(url), data)


# --- speed ----------------------------------------------------------------------------------

WIDE = "\n".join(
    f"CREATE TABLE t{i} (id integer PRIMARY KEY, {'ref integer NOT NULL REFERENCES t0 (id), ' if i else ''}"
    f"name varchar(40) NOT NULL, amount numeric(10, 2), flag boolean, at timestamp, note text);"
    for i in range(10)
)


def test_insert_speed_ten_tables_of_5000_rows(
    pg_url: str, sqlite_url: SqliteUrl, capsys: pytest.CaptureFixture[str]
) -> None:
    run_ddl(pg_url, WIDE)
    sqlite = sqlite_url(WIDE)
    started = time.perf_counter()
    data = seed_data(load_schema(pg_url).schema, rows=5000)
    generated = time.perf_counter() - started
    timings = []
    for url in (pg_url, sqlite):
        started = time.perf_counter()
        assert sum(insert_seed(DatabaseUrl.parse(url), data).values()) == 50_000
        timings.append(time.perf_counter() - started)
    with capsys.disabled():
        print(
            f"\nseed 10 x 5000 rows: generate {generated:.2f} s, "
            f"insert PostgreSQL {timings[0]:.2f} s, SQLite {timings[1]:.2f} s"
        )


# --- defaults ---------------------------------------------------------------------------------


def test_the_last_row_of_a_table_relies_on_every_default(tmp_path: Path) -> None:
    """An insert that leaves a column to its default is what an application does: the seed
    makes the database evaluate each default once (a referenced key keeps its value)."""
    path = tmp_path / "d.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            "CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT NOT NULL DEFAULT 'p' UNIQUE);"
            "CREATE TABLE t (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id),"
            " n INTEGER NOT NULL DEFAULT 42, at TEXT DEFAULT CURRENT_TIMESTAMP);"
        )
    url = DatabaseUrl.parse(f"sqlite:///{path}")
    data = seed_data(load_schema(url.text).schema, rows=5, seed=1)
    assert insert_seed(url, data) == {"p": 5, "t": 5}
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT n, at IS NOT NULL FROM t ORDER BY rowid DESC LIMIT 1").fetchone() == (
            42,
            1,
        )
        assert conn.execute("SELECT count(*) FROM t WHERE n = 42").fetchone()[0] >= 1


def test_a_default_the_database_cannot_evaluate_fails_the_seed(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, h TEXT DEFAULT (md5('x')))")
    url = DatabaseUrl.parse(f"sqlite:///{path}")
    data = seed_data(load_schema(url.text).schema, rows=3, seed=1)
    with pytest.raises(DatabaseError, match=r"unknown function: md5"):
        insert_seed(url, data)


def test_columns_a_generated_column_reads_stay_small_enough_for_it(pg_url: str) -> None:
    """``a * 2`` of the seed's largest integer would overflow the generated integer column."""
    run_ddl(
        pg_url,
        "CREATE TABLE g (id integer PRIMARY KEY, a integer, b integer GENERATED ALWAYS AS (a * 2) STORED);",
    )
    data = seed_data(load_schema(pg_url).schema, rows=200, seed=3)
    assert insert_seed(DatabaseUrl.parse(pg_url), data) == full(data)
    values = [row[1] for row in table(data, "g").rows if row[1] is not None]
    assert len(values) > 100 and max(abs(v) for v in values) <= 10_000


RANGES_PG = """
CREATE EXTENSION btree_gist;
CREATE FUNCTION time_subtype_diff(x time, y time) RETURNS float8
    AS 'SELECT EXTRACT(EPOCH FROM (x - y))' LANGUAGE sql STRICT IMMUTABLE;
CREATE TYPE timerange AS RANGE (subtype = time, subtype_diff = time_subtype_diff);
CREATE TYPE floatrange AS RANGE (subtype = float8, multirange_type_name = floatranges);
CREATE TYPE textspan AS RANGE (subtype = text, collation = "C");
CREATE DOMAIN small AS numeric(4,1);
CREATE TYPE smallspan AS RANGE (subtype = small);
CREATE TYPE address AS (street text, number integer, since date, hours timerange, flag boolean);
CREATE DOMAIN stay AS daterange CHECK (NOT isempty(VALUE));
CREATE DOMAIN home AS address;
CREATE TABLE spans (
    id integer PRIMARY KEY,
    a int4range NOT NULL, b int8range NOT NULL, c numrange NOT NULL, d daterange NOT NULL,
    e tsrange NOT NULL, f tstzrange NOT NULL, g int4multirange NOT NULL, h datemultirange NOT NULL,
    i timerange NOT NULL, j timemultirange NOT NULL, k floatrange NOT NULL, l floatranges NOT NULL,
    m textspan NOT NULL, n smallspan NOT NULL, o address NOT NULL, p home NOT NULL, q stay NOT NULL,
    r tstzrange[] NOT NULL, s address[] NOT NULL
);
CREATE TABLE bookings (
    room integer NOT NULL, during tstzrange NOT NULL, slot int4range NOT NULL,
    PRIMARY KEY (room, during WITHOUT OVERLAPS), EXCLUDE USING gist (slot WITH &&)
);
"""


def test_range_multirange_composite_and_domain_columns_seed_postgres(pg_url: str) -> None:
    """NOT NULL columns of every range kind, composites and domains over them get valid values
    (PostgreSQL only: SQLite has none of these types); periods that must not overlap do not."""
    skip_before(pg_url, 18, "WITHOUT OVERLAPS")
    run_ddl(pg_url, RANGES_PG)
    schema = load_schema(pg_url).schema
    data = seed_data(schema, rows=200, seed=3)
    assert data == seed_data(schema, rows=200, seed=3)  # deterministic
    assert all(len(t.rows) == 200 for t in data.tables), data.notes
    assert insert_seed(DatabaseUrl.parse(pg_url), data) == full(data)
    assert pg_count(pg_url, "spans") == pg_count(pg_url, "bookings") == 200
    assert {"empty", "(,)"} <= set(column(data, "spans", "a"))
    with psycopg.connect(pg_url) as conn:
        empty = conn.execute(b"SELECT count(*) FROM spans WHERE lower_inf(k) AND NOT isempty(k)").fetchone()
        filled = conn.execute(b"SELECT count(*) FROM spans WHERE (o).street IS NOT NULL").fetchone()
    assert empty is not None and empty[0] <= 1 and filled is not None and filled[0] >= 190
