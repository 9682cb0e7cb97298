"""PostgreSQL's partitioned tables, partitions and table inheritance: loaded from a file and a
database alike, kept by the snapshot, diffed into PARTITION OF / ATTACH / DETACH / INHERIT,
with what changes on a parent changed there only, and key or bound changes refused by name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import wesley_gen.changes as ch
from tests.pgtools import run_ddl
from tests.test_rehearse import wesley
from tests.test_table_options import changes, schema_of, sql_of
from wesley_gen.diff import diff_schemas
from wesley_gen.errors import ProblemFound
from wesley_gen.load import load_schema
from wesley_gen.load.snapshot import load_snapshot
from wesley_gen.model import canonical_json
from wesley_gen.seed import seed_data

EVENTS = """
CREATE TABLE events (id integer NOT NULL, at date NOT NULL, kind text DEFAULT 'click',
                     UNIQUE (id, at, kind)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-1-1') TO ('2025-01-01')
    PARTITION BY LIST (kind);
CREATE TABLE events_2024_click PARTITION OF events_2024 FOR VALUES IN ('click', NULL);
CREATE TABLE events_rest PARTITION OF events (CONSTRAINT rest_id CHECK (id > 0)) DEFAULT;
CREATE INDEX events_kind_idx ON events (kind);
CREATE INDEX events_rest_id_idx ON events_rest (id);
CREATE TABLE h (id bigint NOT NULL) PARTITION BY HASH (id);
CREATE TABLE h0 PARTITION OF h FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE base (id integer, note text);
CREATE TABLE child (extra text CHECK (extra <> '')) INHERITS (base);
ALTER TABLE base ADD COLUMN added integer;
"""


def test_partitions_and_children_load_with_their_parents_columns() -> None:
    schema = schema_of(EVENTS)
    leaf, rest, child = (schema.table(n) for n in ("events_2024_click", "events_rest", "child"))
    assert leaf is not None and rest is not None and child is not None
    assert schema.table("events").partition_by == "RANGE (at)"  # type: ignore[union-attr]
    sub = schema.table("events_2024")
    assert sub is not None and sub.partition_by == "LIST (kind)"
    assert sub.partition_bound == "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"
    assert (leaf.partition_of, leaf.partition_bound) == ("events_2024", "FOR VALUES IN ('click', NULL)")
    assert [c.name for c in leaf.columns] == ["id", "at", "kind"] and leaf.column("kind").default  # type: ignore[union-attr]
    assert rest.partition_bound == "DEFAULT" and [c.name for c in rest.checks] == ["rest_id"]
    assert rest.uniques == () and [i.name for i in rest.indexes] == ["events_rest_id_idx"]
    assert schema.table("h0").partition_bound == "FOR VALUES WITH (modulus 2, remainder 0)"  # type: ignore[union-attr]
    assert child.inherits == ("base",) and [c.name for c in child.columns] == ["id", "note", "added", "extra"]
    assert load_snapshot(canonical_json(schema), "s.json").schema == schema


def test_a_database_reads_as_the_file_that_built_it(pg_url: str) -> None:
    run_ddl(pg_url, EVENTS)
    assert diff_schemas(load_schema(pg_url).schema, schema_of(EVENTS)).changes == ()


# Bounds as ruleutils' get_const_expr prints them: a negative integer, any smallint or bigint,
# and a numeric that does not read as a float constant are quoted; a numeric at its scale.
NUMBERS = """
CREATE TABLE i (v integer NOT NULL) PARTITION BY RANGE (v);
CREATE TABLE i1 PARTITION OF i FOR VALUES FROM (-5) TO ('+10');
CREATE TABLE b (v bigint NOT NULL) PARTITION BY LIST (v);
CREATE TABLE b1 PARTITION OF b FOR VALUES IN (1, -2);
CREATE TABLE n (v numeric NOT NULL) PARTITION BY LIST (v);
CREATE TABLE n1 PARTITION OF n FOR VALUES IN ('-10.50', 0, '-0.0', 1.5e2, '1e-3', 'inf', 'NaN');
CREATE TABLE s (v numeric(10,2) NOT NULL) PARTITION BY RANGE (v);
CREATE TABLE s1 PARTITION OF s FOR VALUES FROM (1) TO (3.14159);
"""
NUMBER_BOUNDS = {
    "i1": "FOR VALUES FROM ('-5') TO (10)",
    "b1": "FOR VALUES IN ('1', '-2')",
    "n1": "FOR VALUES IN ('-10.50', '0', 0.0, '150', 0.001, 'Infinity', 'NaN')",
    "s1": "FOR VALUES FROM (1.00) TO (3.14)",
}


def test_number_bounds_read_as_the_catalog_prints_them(pg_url: str) -> None:
    run_ddl(pg_url, NUMBERS)
    for schema in (schema_of(NUMBERS), load_schema(pg_url).schema):
        assert {n: schema.table(n).partition_bound for n in NUMBER_BOUNDS} == NUMBER_BOUNDS  # type: ignore[union-attr]


def test_a_schema_without_them_keeps_its_json() -> None:
    text = canonical_json(schema_of("CREATE TABLE t (id integer PRIMARY KEY);"))
    assert "partition" not in text and "inherits" not in text


PARENT = "CREATE TABLE e (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);"
P2024 = "CREATE TABLE e_2024 PARTITION OF e FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"


def test_a_new_partition_is_made_partition_of_its_parent_and_dropped_back() -> None:
    expand, _, rollback = sql_of(PARENT, PARENT + P2024)
    assert expand == (
        "CREATE TABLE \"e_2024\" PARTITION OF \"e\" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"
    )
    assert 'DROP TABLE IF EXISTS "e_2024";' in rollback


def test_a_column_of_the_parent_is_added_there_only() -> None:
    wider = PARENT.replace("NOT NULL)", "NOT NULL, note text)")
    assert changes(PARENT + P2024, wider + P2024) == [
        ch.AddColumn("e", schema_of(wider).tables[0].columns[2])
    ]


def test_attach_and_detach_undo_each_other() -> None:
    alone = "CREATE TABLE e_2024 (id integer NOT NULL, at date NOT NULL);"
    attach = "ALTER TABLE e ATTACH PARTITION e_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"
    bound = "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"
    assert changes(PARENT + alone, PARENT + alone + attach) == [ch.AddParent("e_2024", "e", bound)]
    _, swap, rollback = sql_of(PARENT + alone, PARENT + alone + attach)
    assert swap == f'ALTER TABLE "e" ATTACH PARTITION "e_2024" {bound};'
    assert 'ALTER TABLE "e" DETACH PARTITION "e_2024";' in rollback


def test_inherit_and_no_inherit() -> None:
    tables = "CREATE TABLE b (id integer); CREATE TABLE c (id integer, x text);"
    _, swap, rollback = sql_of(tables, tables + "ALTER TABLE c INHERIT b;")
    assert swap == 'ALTER TABLE "c" INHERIT "b";' and 'ALTER TABLE "c" NO INHERIT "b";' in rollback
    expand, _, _ = sql_of(
        "CREATE TABLE b (id integer);", "CREATE TABLE b (id integer); CREATE TABLE c (x text) INHERITS (b);"
    )
    assert expand == 'CREATE TABLE "c" ("x" TEXT) INHERITS ("b");'


def test_an_index_of_a_partitioned_table_is_not_built_concurrently() -> None:
    expand, _, _ = sql_of(PARENT + P2024, PARENT + P2024 + "CREATE INDEX e_at_idx ON e (at);")
    assert expand == 'CREATE INDEX "e_at_idx" ON "e"("at");'


def test_a_dropped_index_of_a_partitioned_table_is_built_again_in_the_rollback_s_transaction() -> None:
    """PostgreSQL refuses CREATE INDEX CONCURRENTLY on a partitioned table: the rollback makes
    it again with one CREATE INDEX, which reaches every partition."""
    index = "CREATE UNIQUE INDEX e_at_idx ON e (at, id);"
    _, swap, rollback = sql_of(PARENT + P2024 + index, PARENT + P2024)
    assert swap == 'DROP INDEX "e_at_idx";'
    assert rollback == 'CREATE UNIQUE INDEX "e_at_idx" ON "e"("at", "id");'


def test_an_index_of_a_partitioned_table_replaced_under_its_name_is_made_in_the_swap() -> None:
    """Not in expand, where the old index of that name still stands: dropped and made again
    in the swap's transaction, and back the same way."""
    old = PARENT + P2024 + "CREATE INDEX e_idx ON e (at);"
    expand, swap, rollback = sql_of(old, PARENT + P2024 + "CREATE INDEX e_idx ON e (id, at);")
    assert expand == ""
    assert swap == 'DROP INDEX "e_idx";\nCREATE INDEX "e_idx" ON "e"("id", "at");'
    assert rollback == 'DROP INDEX "e_idx";\nCREATE INDEX "e_idx" ON "e"("at");'


REHEARSED = """
CREATE TABLE events (id integer NOT NULL, at date NOT NULL, kind text NOT NULL, n integer)
    PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')
    PARTITION BY LIST (kind);
CREATE TABLE events_2025_ab PARTITION OF events_2025 FOR VALUES IN ('a', 'b');
CREATE TABLE events_2025_c PARTITION OF events_2025 FOR VALUES IN ('c', NULL);
CREATE INDEX events_at_idx ON events (at);
CREATE TABLE h (id bigint NOT NULL) PARTITION BY HASH (id);
CREATE TABLE h0 PARTITION OF h FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE h1 PARTITION OF h FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE r (id integer NOT NULL) PARTITION BY RANGE (id);
CREATE TABLE r_low PARTITION OF r FOR VALUES FROM (MINVALUE) TO (10);
CREATE TABLE r_mid PARTITION OF r FOR VALUES FROM (10) TO (20);
"""


def test_seed_rows_of_a_partitioned_table_fit_its_partitions() -> None:
    """Seeded through the root only, every row inside some partition's bound."""
    seeded = {t.table: t for t in seed_data(schema_of(REHEARSED), rows=300).tables}
    assert {name for name, t in seeded.items() if t.rows} == {"events", "h", "r"}
    events = seeded["events"]
    at, kind = events.columns.index("at"), events.columns.index("kind")
    assert len(events.rows) == 300
    for row in events.rows:
        assert "2024-01-01" <= row[at] < "2026-01-01", row  # ISO text
        assert row[at] < "2025" or row[kind] in ("a", "b", "c"), row
    assert max(row[0] for row in seeded["r"].rows) < 20


def test_rehearse_seeds_migrates_and_rolls_back_a_partitioned_table(tmp_path: Path) -> None:
    """A real run: seed rows PostgreSQL routes to partitions, an index swapped for another on
    the partitioned table, and the rollback's index made again (no CONCURRENTLY)."""
    project = tmp_path / "app"
    (project / "schemas").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[project]\nname = "app"\nversion = "0"\n\n[tool.wesley-gen]\ndialect = "postgres"\n'
    )
    new = REHEARSED.replace("events_at_idx ON events (at)", "events_kind_idx ON events (kind, at)")
    (project / "schemas" / "v1.sql").write_text(REHEARSED)
    (project / "schemas" / "v2.sql").write_text(new)
    made = wesley("generate", "schemas/v1.sql", "schemas/v2.sql", "-o", "migrations/0001_idx", cwd=project)
    assert made.returncode == 0, made.stderr
    result = wesley("rehearse", "--rows", "200", "--report", "reports", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "rehearsal passed: 1 migrations up and verified, 1 rolled back" in result.stdout


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        (PARENT, PARENT.replace("RANGE (at)", "HASH (id)"), "partitioning"),
        (PARENT.replace(" PARTITION BY RANGE (at)", ""), PARENT, "partitioning"),
        (PARENT + P2024, PARENT + P2024.replace("2025-01-01", "2024-07-01"), "partition_bound"),
    ],
)
def test_a_changed_key_or_bound_is_refused_by_name(old: str, new: str, kind: str) -> None:
    result = diff_schemas(schema_of(old), schema_of(new))
    assert [e.kind for e in result.errors] == [kind] and "move" in result.errors[0].reason


def test_sqlite_refuses_them_by_name() -> None:
    with pytest.raises(ProblemFound, match="SQLite has no partitioned or inheriting tables: e, e_2024"):
        sql_of("", PARENT + P2024, "sqlite")


def test_pg_dump_s_form_reads_as_the_file() -> None:
    """pg_dump writes a partition as a table of its own (its parent's checks and, PostgreSQL 18's,
    NOT NULL constraints under their names in it), attached, and its copy of each parent index
    attached to the parent's."""
    checked = PARENT.replace(
        "id integer NOT NULL", "id integer NOT NULL CONSTRAINT e_id_check CHECK (id > 0)"
    )
    index = "CREATE INDEX e_at_idx ON e (at);"
    dumped = (
        checked
        + "CREATE TABLE e_2024 (id integer CONSTRAINT e_id_not_null NOT NULL,"
        + " at date CONSTRAINT e_at_not_null NOT NULL, CONSTRAINT e_id_check CHECK (id > 0));"
        + "ALTER TABLE ONLY e ATTACH PARTITION e_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"
        + "CREATE INDEX e_at_idx ON ONLY e USING btree (at);"
        + "CREATE INDEX e_2024_at_idx ON e_2024 USING btree (at);"
        + "ALTER INDEX e_at_idx ATTACH PARTITION e_2024_at_idx;"
    )
    assert schema_of(dumped) == schema_of(checked + P2024 + index)


def test_a_child_s_inherited_columns_stand_where_the_parent_puts_them() -> None:
    """A column added to a parent goes last in its child: no column_order suggestion for it."""
    old = "CREATE TABLE b (id integer); CREATE TABLE c (x text) INHERITS (b);"
    new = "CREATE TABLE b (id integer, note text); CREATE TABLE c (x text) INHERITS (b);"
    result = diff_schemas(schema_of(old), schema_of(new))
    assert [s.kind for s in result.suggestions] == [] and len(result.changes) == 1
