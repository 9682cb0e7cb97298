"""Table-level PostgreSQL constructs: zero-column tables, UNLOGGED and storage parameters,
keys made ``USING INDEX``, ``ON DELETE SET NULL (columns)``, column collations; and what is
refused by name (a partition key expression, CREATE COLLATION … FROM, SQLite's lack of them).
"""

from __future__ import annotations

import pytest

import wesley_gen.changes as ch
from tests.pgtools import run_ddl
from tests.test_table_options import changes, schema_of, sql_of
from wesley_gen.errors import InputError, ProblemFound
from wesley_gen.load import load_schema
from wesley_gen.load.snapshot import load_snapshot
from wesley_gen.locks import NONE, lock_cost
from wesley_gen.model import Schema, canonical_json, checksum, stored_by

LIVE = """
CREATE TABLE marker ();
CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v text COLLATE "C") WITH (fillfactor = 70, autovacuum_enabled = off);
CREATE INDEX cache_v_idx ON cache (v) WITH (fillfactor = 50);
CREATE TABLE p (a integer, b integer, PRIMARY KEY (a, b));
CREATE TABLE c (id integer NOT NULL, a integer, b integer,
                FOREIGN KEY (a, b) REFERENCES p ON DELETE SET NULL (b));
CREATE UNIQUE INDEX c_id_idx ON c (id);
ALTER TABLE c ADD CONSTRAINT c_key PRIMARY KEY USING INDEX c_id_idx;
"""


def test_table_level_constructs_load_and_survive_the_snapshot() -> None:
    schema = schema_of(LIVE)
    cache, c, marker = schema.table("cache"), schema.table("c"), schema.table("marker")
    assert cache is not None and c is not None and marker is not None
    assert marker.columns == ()
    assert cache.unlogged and cache.storage == ("fillfactor=70", "autovacuum_enabled=off")
    assert cache.indexes[0].storage == ("fillfactor=50",)
    assert cache.column("v") is not None and cache.column("v").collation == "C"  # type: ignore[union-attr]
    assert c.primary_key is not None and (c.primary_key.name, c.primary_key.columns) == ("c_key", ("id",))
    assert c.indexes == ()  # the index became the key's
    assert c.foreign_keys[0].delete_columns == ("b",)
    assert load_snapshot(canonical_json(schema), "s.json").schema == schema


def test_a_schema_without_them_keeps_its_json_and_checksum() -> None:
    schema = schema_of("CREATE TABLE t (id integer PRIMARY KEY);")
    assert '"unlogged"' not in canonical_json(schema) and '"storage"' not in canonical_json(schema)
    assert checksum(schema) == checksum(Schema(schema.tables))


def test_a_database_reads_as_the_file_that_built_it(pg_url: str) -> None:
    run_ddl(pg_url, LIVE)
    assert load_schema(pg_url).schema == schema_of(LIVE)


def test_storage_changes_in_place_and_back() -> None:
    old = "CREATE TABLE a (id integer) WITH (fillfactor = 80, autovacuum_enabled = off);"
    new = "CREATE UNLOGGED TABLE a (id integer) WITH (fillfactor = 60);"
    assert changes(old, new) == [
        ch.AlterTableStorage(
            "a", False, True, ("fillfactor=80", "autovacuum_enabled=off"), ("fillfactor=60",)
        )
    ]
    _, swap, rollback = sql_of(old, new)
    assert swap.splitlines() == [
        'ALTER TABLE "a" SET UNLOGGED;',
        'ALTER TABLE "a" RESET (autovacuum_enabled);',
        "ALTER TABLE \"a\" SET (fillfactor='60');",
    ]
    assert 'ALTER TABLE "a" SET LOGGED;' in rollback
    assert "ALTER TABLE \"a\" SET (fillfactor='80', autovacuum_enabled='off');" in rollback


def test_an_index_whose_storage_alone_changes_is_altered_not_rebuilt() -> None:
    """ALTER INDEX … RESET / SET is a catalog change; with another change it is rebuilt."""
    table = "CREATE TABLE t (id integer, a integer, b integer);"
    old = table + "CREATE INDEX t_a_idx ON t (a) WITH (fillfactor = 70, deduplicate_items = off);"
    new = table + "CREATE INDEX t_a_idx ON t (a) WITH (fillfactor = 50);"
    assert changes(old, new) == [
        ch.AlterIndexStorage("t", "t_a_idx", ("fillfactor=70", "deduplicate_items=off"), ("fillfactor=50",))
    ]
    _, swap, rollback = sql_of(old, new)
    assert swap.splitlines() == [
        'ALTER INDEX "t_a_idx" RESET (deduplicate_items);',
        "ALTER INDEX \"t_a_idx\" SET (fillfactor='50');",
    ]
    assert "ALTER INDEX \"t_a_idx\" SET (fillfactor='70', deduplicate_items='off');" in rollback
    rebuilt = [c.op for c in changes(old, new.replace("(a)", "(a, b)"))]
    assert rebuilt == ["drop_index", "add_index"]


def test_a_schema_file_alters_storage_as_postgresql_does() -> None:
    table = schema_of(
        "CREATE TABLE a (id integer) WITH (fillfactor = 90, autovacuum_enabled = true);\n"
        "ALTER TABLE a SET (fillfactor = 70), RESET (autovacuum_enabled);\n"
        "ALTER TABLE a SET UNLOGGED;\n"
        "CREATE INDEX a_id_idx ON a (id);\nALTER INDEX a_id_idx SET (fillfactor = 40);"
    ).table("a")
    assert table is not None and table.unlogged and table.storage == ("fillfactor=70",)
    assert table.indexes[0].storage == ("fillfactor=40",)


def test_zero_column_tables_render_with_empty_parentheses() -> None:
    expand, _, _ = sql_of("CREATE TABLE a (id integer);", "CREATE TABLE a (id integer); CREATE TABLE m ();")
    assert 'CREATE TABLE "m" ();' in expand


def test_a_collation_changes_with_the_column_type_kept() -> None:
    old = 'CREATE TABLE t (name varchar(20) COLLATE "C");'
    new = 'CREATE TABLE t (name varchar(40) COLLATE "C");'
    assert changes(old, new)[-1] == ch.AlterColumnCollation("t", "name", "C", "C")
    _, swap, _ = sql_of(old, "CREATE TABLE t (name varchar(20));")
    assert swap == 'ALTER TABLE "t" ALTER COLUMN "name" TYPE VARCHAR(20) COLLATE "default";'


def test_sqlite_collations_stay_sqlite_s() -> None:
    sqlite_file = schema_of('CREATE TABLE t (name text COLLATE "C", other text);')
    column = stored_by(sqlite_file, "postgres").tables[0].column("name")
    assert column is not None and column.collation == "C"


@pytest.mark.parametrize(
    ("ddl", "message"),
    [
        (
            'CREATE TABLE e (a date) PARTITION BY RANGE (a COLLATE "C");',
            "s.sql:1: partition key of e: only plain columns are supported yet",
        ),
        (
            "CREATE TABLE b (a int);\nCREATE TABLE e1 PARTITION OF b DEFAULT;",
            "s.sql:2: b is not a partitioned table",
        ),
        (
            "CREATE TABLE e (a date) PARTITION BY RANGE (a);\n"
            "CREATE TABLE e1 PARTITION OF e FOR VALUES FROM ('2024-02-30') TO ('2025-01-01');",
            "s.sql:2: the bound of partition e1: '2024-02-30' is not a date",
        ),
        (
            "CREATE TABLE e (a numeric) PARTITION BY LIST (a);\n"
            "CREATE TABLE e1 PARTITION OF e FOR VALUES IN ('ten');",
            "s.sql:2: the bound of partition e1: 'ten' is not a numeric",
        ),
        (
            'CREATE COLLATION x FROM "C";',
            "s.sql:1: collation x: CREATE COLLATION … FROM is not supported yet",
        ),
        (
            "CREATE TABLE t (a int);\nALTER TABLE t SET (toast.autovacuum_enabled = off);",
            "toast.autovacuum_enabled is not supported yet",
        ),
        (
            "CREATE TABLE t (a int);\nALTER TABLE t ADD PRIMARY KEY USING INDEX nope;",
            "USING INDEX nope: no index",
        ),
    ],
)
def test_what_is_refused_by_name(ddl: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        schema_of(ddl)


@pytest.mark.parametrize(
    ("new", "named"),
    [
        ("CREATE TABLE m ();", "SQLite cannot create a table without columns: m"),
        (
            "CREATE UNLOGGED TABLE m (a int);",
            r"SQLite has no UNLOGGED tables or storage parameters: m \(UNLOGGED\)",
        ),
        ("CREATE TABLE m (a int) WITH (fillfactor = 70);", "m \\(fillfactor=70\\)"),
    ],
)
def test_sqlite_refuses_them_by_name(new: str, named: str) -> None:
    with pytest.raises(ProblemFound, match=named):
        sql_of("", new, "sqlite")


@pytest.mark.parametrize(
    ("statement", "lock"),
    [
        ("ALTER INDEX \"i\" SET (fillfactor='50', deduplicate_items='off')", "SHARE UPDATE EXCLUSIVE"),
        ('ALTER INDEX "i" RESET (fillfactor)', "SHARE UPDATE EXCLUSIVE"),
        ("ALTER INDEX \"g\" SET (fastupdate='off')", "ACCESS EXCLUSIVE"),
    ],
)
def test_altering_an_index_s_storage_locks_the_index_alone(statement: str, lock: str) -> None:
    """As measured on PostgreSQL 18 (pg_locks): the index is locked, its table is not."""
    cost = lock_cost(statement, "postgres")
    assert (cost.lock, cost.effect, cost.table) == (lock, NONE, statement.split('"')[1])
    assert "not its table" in cost.note
