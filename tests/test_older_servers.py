"""What a PostgreSQL server older than 18 keeps of a schema written for 18: a database of 15 to
17 has no names for its NOT NULL constraints (a partition's, named after its parent's by 18, read
back unnamed) and before 17 no MAINTAIN privilege.  The drift check, the post-check and a diff of
a file against such a database compare the file as that server holds it
(:func:`~wesley_gen.load.objects.as_server_keeps`), not as 18 would."""

from __future__ import annotations

import pytest

from tests.database import fetch
from tests.pgtools import run_ddl
from tests.test_load_sql import schema_of
from tests.test_table_options import sql_of
from wesley_gen.load.objects import as_server_keeps
from wesley_gen.model import Schema

PRIVILEGE_KINDS = ("grant", "default privileges", "owner")
SCHEMA = """
CREATE ROLE reader;
CREATE ROLE keeper;
CREATE ROLE writer;
CREATE TABLE sales (id integer NOT NULL, region text) PARTITION BY LIST (region);
CREATE TABLE sales_eu PARTITION OF sales FOR VALUES IN ('eu');
CREATE TABLE docs (id integer CONSTRAINT docs_id_required NOT NULL, body text);
CREATE MATERIALIZED VIEW ids AS SELECT id FROM docs;
GRANT SELECT, MAINTAIN ON docs TO reader;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON docs TO writer;
ALTER TABLE docs OWNER TO keeper;
REVOKE TRUNCATE ON docs FROM keeper;
GRANT MAINTAIN ON ids TO reader;
GRANT SELECT, MAINTAIN ON ids TO PUBLIC;
ALTER DEFAULT PRIVILEGES GRANT SELECT, MAINTAIN ON TABLES TO reader;
ALTER DEFAULT PRIVILEGES GRANT MAINTAIN ON TABLES TO PUBLIC;
"""


def _names(schema: Schema) -> dict[str, str | None]:
    return {f"{t.name}.{c.name}": c.not_null_name for t in schema.tables for c in t.columns if not c.nullable}


def _privileges(schema: Schema) -> list[str]:
    tables = [f"{t.name}: {g.privilege} to {g.grantee}" for t in schema.tables for g in t.grants]
    others = [f"{o.kind} {o.name}: {o.definition}" for o in schema.others if o.kind in PRIVILEGE_KINDS]
    return sorted(tables + others)


def test_postgresql_18_keeps_everything() -> None:
    schema = schema_of(SCHEMA)
    assert as_server_keeps(schema, 180006) is schema


def test_before_18_not_null_constraints_have_no_names() -> None:
    schema = schema_of(SCHEMA)
    assert _names(schema) == {
        "sales.id": None,
        "sales_eu.id": "sales_id_not_null",
        "docs.id": "docs_id_required",
    }
    kept = as_server_keeps(schema, 170004)
    assert _names(kept) == {"sales.id": None, "sales_eu.id": None, "docs.id": None}
    assert _privileges(kept) == _privileges(schema)  # MAINTAIN is 17's


def test_before_17_no_privilege_is_maintain() -> None:
    """A grant of MAINTAIN alone is none; the seven others are ALL there (what GRANT ALL gives)."""
    kept = as_server_keeps(schema_of(SCHEMA), 150018)
    assert _privileges(kept) == [
        "default privileges on tables to reader: GRANT SELECT",
        "docs: ALL to writer",
        "docs: SELECT to reader",
        "grant on ids to public: SELECT",
        "owner of table docs: keeper holding DELETE, INSERT, REFERENCES, SELECT, TRIGGER, UPDATE",
    ]


def test_a_file_compared_with_a_database_of_15_is_the_file_as_15_keeps_it() -> None:
    """``diff new.sql postgresql://…`` (:func:`same_runner`) and the contract's checks
    (:func:`as_live_shows`) see no difference where the server merely keeps less."""
    from wesley_gen.database_url import DatabaseUrl
    from wesley_gen.load import same_runner
    from wesley_gen.load.loaded import Loaded
    from wesley_gen.run.contract import as_live_shows

    written = schema_of(SCHEMA)
    database = Loaded(as_server_keeps(written, 150018), "postgresql://db", server_version=150018)
    assert written != database.schema
    old, new = same_runner(Loaded(written, "new.sql"), database)
    assert old.schema == new.schema
    url = DatabaseUrl.parse("sqlite:///unused.db")  # no server to spell views: none here
    assert as_live_shows(written, database, url) == (database.schema, ())


PARTITIONED = """
CREATE TABLE cities (id integer PRIMARY KEY);
CREATE TABLE visits (city_id integer NOT NULL{fk}, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE visits_2024 PARTITION OF visits FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
"""


@pytest.mark.postgres
def test_a_partitioned_tables_foreign_key_is_added_not_valid_from_18_on_only(pg_url: str) -> None:
    """Before PostgreSQL 18 a partitioned table's foreign key cannot be NOT VALID ("cannot add
    NOT VALID foreign key on partitioned table"): the swap and a rollback that gives one back add
    it valid there (what a server of 15 runs is run here too)."""
    without, referencing = PARTITIONED.format(fk=""), PARTITIONED.format(fk=" REFERENCES cities")
    _, swap, _ = sql_of(without, referencing)
    _, _, rollback = sql_of(referencing, without)
    added = 'ALTER TABLE "visits" ADD CONSTRAINT "visits_city_id_fkey" FOREIGN KEY ("city_id") REFERENCES "cities" ("id")'
    block = (
        "DO $wesley$ BEGIN IF current_setting('server_version_num')::integer >= 180000 THEN "
        f"{added} NOT VALID; ELSE {added}; END IF; END $wesley$;"
    )
    assert block in swap and block in rollback
    run_ddl(pg_url, without + "INSERT INTO cities VALUES (1); INSERT INTO visits VALUES (1, '2024-05-01');")
    run_ddl(pg_url, added)  # the ELSE branch: valid at once
    assert fetch(
        pg_url, "SELECT DISTINCT convalidated FROM pg_constraint WHERE conname = 'visits_city_id_fkey'"
    ) == [(True,)]


def test_two_databases_compare_as_the_older_server_keeps_them() -> None:
    """``diff postgresql://18 postgresql://15``: the NOT NULL names the 15 server cannot hold are
    no difference, whichever side it is."""
    from wesley_gen.load import same_runner
    from wesley_gen.load.loaded import Loaded

    written = schema_of(SCHEMA)
    newer = Loaded(written, "postgresql://new", server_version=180006)
    older = Loaded(as_server_keeps(written, 150018), "postgresql://old", server_version=150018)
    for pair in ((newer, older), (older, newer)):
        one, other = same_runner(*pair)
        assert one.schema == other.schema
