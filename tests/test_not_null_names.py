"""PostgreSQL 18's named NOT NULL constraints: loaded (a column's or a table's constraint,
ALTER TABLE … ADD CONSTRAINT, a partition's or child's taken from its parent), introspected,
diffed (ALTER TABLE … RENAME CONSTRAINT) and refused where PostgreSQL cannot rename them.

The corpus (tests/corpus/postgres/columns/not_null_named_*,
postgres/partitions/detach_keeps_not_null_names) proves each converges by pg_dump; these tests
pin the model, the changes and the SQL.
"""

from __future__ import annotations

import pytest

import wesley_gen.changes as ch
from tests.pgtools import run_ddl, skip_before
from tests.test_table_options import changes, schema_of, sql_of
from wesley_gen.diff import diff_schemas
from wesley_gen.errors import InputError
from wesley_gen.load import load_schema
from wesley_gen.load.snapshot import load_snapshot
from wesley_gen.model import canonical_json, not_null_name

NAMED = """
CREATE TABLE t (a integer NOT NULL, b integer CONSTRAINT b_nn NOT NULL, c integer, d integer,
                e integer CONSTRAINT t_e_not_null NOT NULL, CONSTRAINT d_nn NOT NULL d);
ALTER TABLE t ADD CONSTRAINT c_nn NOT NULL c;
CREATE TABLE m (city_id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE m1 PARTITION OF m FOR VALUES FROM ('2006-01-01') TO ('2006-02-01');
CREATE TABLE m2 (city_id integer NOT NULL, at date NOT NULL);
ALTER TABLE m ATTACH PARTITION m2 FOR VALUES FROM ('2006-02-01') TO ('2006-03-01');
CREATE TABLE m3 PARTITION OF m FOR VALUES FROM ('2006-03-01') TO ('2006-04-01');
ALTER TABLE m DETACH PARTITION m3;
CREATE TABLE par (x integer NOT NULL, z integer);
CREATE TABLE chi (y integer) INHERITS (par);
CREATE TABLE own (x integer CONSTRAINT mine NOT NULL) INHERITS (par);
ALTER TABLE par ALTER COLUMN z SET NOT NULL;
"""


def names(text: str) -> dict[str, list[str | None]]:
    return {t.name: [c.not_null_name for c in t.columns] for t in schema_of(text).tables}


def test_names_load_where_they_are_not_postgresql_s_own_and_partitions_take_their_parent_s() -> None:
    assert names(NAMED) == {
        "t": [None, "b_nn", "c_nn", "d_nn", None],
        "m": [None, None],
        "m1": ["m_city_id_not_null", "m_at_not_null"],
        "m2": [None, None],  # made on its own, then attached: its own names
        "m3": ["m_city_id_not_null", "m_at_not_null"],  # detached: kept
        "par": [None, None],
        "chi": ["par_x_not_null", "par_z_not_null", None],
        "own": ["mine", "par_z_not_null"],
    }
    assert (
        not_null_name("s." + "a" * 70, "b" * 60) == "a" * 27 + "_" + "b" * 26 + "_not_null"
    )  # 63 bytes, as PostgreSQL cuts it


def test_the_name_survives_the_snapshot_and_a_schema_without_names_keeps_its_json() -> None:
    schema = schema_of(NAMED)
    assert load_snapshot(canonical_json(schema), "s.json").schema == schema
    assert "not_null_name" not in canonical_json(schema_of("CREATE TABLE t (a integer NOT NULL);"))
    assert schema_of("CREATE TABLE t (a integer CONSTRAINT n NOT NULL);") != schema_of(
        "CREATE TABLE t (a integer NOT NULL);"
    )


def test_drop_not_null_forgets_the_name() -> None:
    assert names(
        "CREATE TABLE t (a integer CONSTRAINT n NOT NULL); ALTER TABLE t ALTER a DROP NOT NULL;"
    ) == {"t": [None]}


@pytest.mark.parametrize(
    "ddl",
    [
        "CREATE TABLE t (a integer NOT NULL NO INHERIT);",
        "CREATE TABLE t (a integer); ALTER TABLE t ADD CONSTRAINT n NOT NULL a NOT VALID;",
    ],
)
def test_no_inherit_and_not_valid_are_refused_by_name(ddl: str) -> None:
    with pytest.raises(
        InputError, match=r"s\.sql:1: NOT NULL (NO INHERIT|NOT VALID) on t\.a: not supported yet"
    ):
        schema_of(ddl)


def test_a_database_reads_as_the_file_that_built_it(pg_url: str) -> None:
    skip_before(pg_url, 18, "a table's NOT NULL constraint")
    run_ddl(pg_url, NAMED)
    assert diff_schemas(load_schema(pg_url).schema, schema_of(NAMED)).changes == ()


def test_a_new_name_is_a_rename_of_the_constraint_and_undone_in_the_rollback() -> None:
    old, new = "CREATE TABLE t (a integer NOT NULL);", "CREATE TABLE t (a integer CONSTRAINT a_nn NOT NULL);"
    assert changes(old, new) == [ch.RenameNotNull("t", "a", "t_a_not_null", "a_nn")]
    _, swap, rollback = sql_of(old, new)
    assert 'THEN ALTER TABLE "t" RENAME CONSTRAINT "t_a_not_null" TO "a_nn"' in swap
    assert 'THEN ALTER TABLE "t" RENAME CONSTRAINT "a_nn" TO "t_a_not_null"' in rollback


def test_set_not_null_under_a_name_renames_after_set_not_null_and_drop_not_null_brings_it_back() -> None:
    old, new = "CREATE TABLE t (a integer);", "CREATE TABLE t (a integer CONSTRAINT a_nn NOT NULL);"
    expand, swap, rollback = sql_of(old, new)
    statements = (expand + swap).splitlines()
    set_at = statements.index('ALTER TABLE "t" ALTER COLUMN "a" SET NOT NULL;')
    assert 'ALTER TABLE "t" RENAME CONSTRAINT "t_a_not_null" TO "a_nn"' in statements[set_at + 1]
    _, _, back = sql_of(new, old)
    assert 'RENAME CONSTRAINT "t_a_not_null" TO "a_nn"' in back.replace("SET NOT NULL;\n", "")
    assert "RENAME CONSTRAINT" not in rollback


def test_a_new_table_and_column_state_the_name() -> None:
    expand, _, _ = sql_of(
        "CREATE TABLE t (id integer);",
        "CREATE TABLE t (id integer, b text CONSTRAINT b_nn NOT NULL DEFAULT 'x');"
        "CREATE TABLE u (a integer CONSTRAINT a_nn NOT NULL);",
    )
    assert 'CREATE TABLE "u" ("a" INT CONSTRAINT "a_nn" NOT NULL)' in expand
    assert 'CONSTRAINT "b_nn" NOT NULL' in expand


def test_a_partition_detached_is_renamed_as_the_table_made_on_its_own() -> None:
    parent = "CREATE TABLE m (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);"
    old = parent + "CREATE TABLE m1 PARTITION OF m FOR VALUES FROM ('2006-01-01') TO ('2006-02-01');"
    new = parent + "CREATE TABLE m1 (id integer NOT NULL, at date NOT NULL);"
    found = changes(old, new)
    assert isinstance(found[0], ch.DropParent)
    assert found[1:] == [
        ch.RenameNotNull("m1", "at", "m_at_not_null", "m1_at_not_null"),
        ch.RenameNotNull("m1", "id", "m_id_not_null", "m1_id_not_null"),
    ]


def test_a_name_in_a_hierarchy_postgresql_cannot_rename_is_refused_by_name() -> None:
    parent = "CREATE TABLE m (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);"
    old = parent + "CREATE TABLE m1 PARTITION OF m FOR VALUES FROM ('2006-01-01') TO ('2006-02-01');"
    new = parent + (
        "CREATE TABLE m1 (id integer NOT NULL, at date NOT NULL);"
        "ALTER TABLE m ATTACH PARTITION m1 FOR VALUES FROM ('2006-01-01') TO ('2006-02-01');"
    )
    result = diff_schemas(schema_of(old), schema_of(new))
    assert [(e.kind, e.table, e.column) for e in result.errors] == [
        ("not_null_name", "m1", "at"),
        ("not_null_name", "m1", "id"),
    ]
    assert "its NOT NULL constraint m_at_not_null is named m1_at_not_null" in result.errors[0].reason
    # renamed on the parent: its partitions' follow
    renamed = parent.replace("id integer NOT NULL", "id integer CONSTRAINT m_id NOT NULL")
    assert changes(old, renamed + old.removeprefix(parent)) == [
        ch.RenameNotNull("m", "id", "m_id_not_null", "m_id")
    ]
