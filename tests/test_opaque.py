"""Objects outside the model (views, functions, triggers, policies, comments, grants, ...): read as
opaque normalised definitions from files and live databases, a difference in one no migration
covers (tests/test_objects.py: views, functions, ...) refused by name (exit 2),
the ones equal on both sides named in a warning (issue 13, point 3)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.command import wesley
from tests.pgtools import run_ddl, skip_before
from wesley_gen.diff import check_others
from wesley_gen.errors import InputError
from wesley_gen.load import load_schema, load_text
from wesley_gen.load.objects import run_by
from wesley_gen.load.snapshot import load_snapshot
from wesley_gen.model import OtherObject, Schema, canonical_json, checksum

POSTGRES_OBJECTS = """\
CREATE TABLE t (id integer PRIMARY KEY, n integer, owner text, name varchar(20));
CREATE TABLE u (id integer PRIMARY KEY, t_id integer, x text);
CREATE VIEW big AS SELECT id FROM t WHERE n > 100 AND owner = 'bob' AND name LIKE 'x%';
CREATE VIEW j AS SELECT t.id, x FROM t JOIN u ON u.t_id = t.id;
CREATE MATERIALIZED VIEW totals AS SELECT count(*) AS c FROM t;
CREATE FUNCTION add_one(i int4) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT i + 1';
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.n := 1; RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON t USING (owner = current_user);
CREATE POLICY p2 ON t FOR UPDATE TO PUBLIC USING (owner = 'x' AND n > 1) WITH CHECK (n < 5);
CREATE RULE r AS ON INSERT TO u DO ALSO NOTIFY u;
GRANT SELECT, UPDATE ON t TO PUBLIC;
COMMENT ON TABLE t IS 'the things';
COMMENT ON COLUMN t.id IS 'the key';
COMMENT ON FUNCTION add_one(integer) IS 'adds';
CREATE INDEX ON totals (c ASC);
"""


def _postgres(text: str) -> Schema:
    return load_text(text, "s.sql", suffix=".sql").schema


def _names(schema: Schema) -> list[str]:
    return [str(item) for item in schema.others]


def test_a_postgres_file_keeps_each_object_outside_the_model_by_kind_and_name() -> None:
    assert _names(_postgres(POSTGRES_OBJECTS)) == [
        "comment on column t.id",
        "comment on function add_one(integer)",
        "comment on table t",
        "function add_one(integer)",
        "function touch()",
        "index totals_c_idx on totals",
        "materialized view totals",
        "rule r on u",
        "trigger t_touch on t",
        "view big",
        "view j",
    ]


def test_definitions_are_spelled_one_way_whatever_the_file_wrote() -> None:
    written = _postgres(
        "CREATE TABLE t (id integer PRIMARY KEY, name varchar(20));\n"
        "CREATE VIEW v AS SELECT t.id FROM public.t WHERE name LIKE 'a%';\n"
        "CREATE FUNCTION f(i int4) RETURNS int VOLATILE CALLED ON NULL INPUT LANGUAGE sql AS 'SELECT i';\n"
    )
    printed = _postgres(  # as pg_get_viewdef and pg_get_functiondef print them
        "CREATE TABLE t (id integer PRIMARY KEY, name varchar(20));\n"
        "CREATE OR REPLACE VIEW v AS SELECT id FROM t WHERE name::text ~~ 'a%'::text;\n"
        "CREATE OR REPLACE FUNCTION public.f(i integer) RETURNS integer LANGUAGE sql AS $function$SELECT i$function$;\n"
    )
    assert written.others == printed.others


def test_a_variadic_call_in_a_view_is_the_call_the_catalog_prints() -> None:
    """pg_get_viewdef prints a call of a VARIADIC function with its trailing arguments gathered:
    ``jsonb_extract_path_text(doc, VARIADIC ARRAY['a'::text, 'b'::text])``."""
    table = "CREATE TABLE t (id integer, doc jsonb);\n"
    written = _postgres(
        table + "CREATE VIEW v AS SELECT jsonb_extract_path_text(doc, 'a', 'b') AS ab FROM t;\n"
    )
    printed = _postgres(
        table
        + "CREATE VIEW v AS SELECT jsonb_extract_path_text(doc, VARIADIC ARRAY['a'::text, 'b'::text]) AS ab FROM t;\n"
    )
    assert written.others == printed.others


def test_a_materialized_view_made_if_not_exists_is_the_view_the_catalog_prints() -> None:
    """``IF NOT EXISTS`` says how a file makes the view, not what it is: the database built from
    the file prints it without, and the pre-check of a migration dropping it compared the two."""
    table = "CREATE TABLE t (id integer);\n"
    written = _postgres(table + "CREATE MATERIALIZED VIEW IF NOT EXISTS m AS SELECT id FROM t;\n")
    printed = _postgres(table + "CREATE MATERIALIZED VIEW m AS SELECT id FROM t;\n")
    assert written.others == printed.others


def test_the_row_level_security_and_grants_a_file_ends_with_are_what_counts() -> None:
    schema = _postgres(
        "CREATE TABLE t (id integer PRIMARY KEY);\n"
        "ALTER TABLE t ENABLE ROW LEVEL SECURITY;\nALTER TABLE t DISABLE ROW LEVEL SECURITY;\n"
        "GRANT ALL ON t TO PUBLIC;\nREVOKE DELETE ON t FROM PUBLIC;\n"
        "COMMENT ON TABLE t IS 'x';\nCOMMENT ON TABLE t IS NULL;\n"
    )
    table = schema.table("t")
    assert schema.others == () and table is not None and not table.row_security
    assert [g.name for g in table.grants] == [
        f"{p} to public"
        for p in ("INSERT", "MAINTAIN", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE")
    ]


def test_a_difference_is_refused_by_name_at_its_line() -> None:
    old = _postgres(
        "CREATE TABLE t (id integer PRIMARY KEY);\nCREATE RULE r AS ON INSERT TO t DO ALSO NOTIFY t;\n"
    )
    new = _postgres(
        "CREATE TABLE t (id integer PRIMARY KEY);\nCREATE RULE r AS ON INSERT TO t DO ALSO NOTIFY u;\n"
        "CREATE PUBLICATION p FOR TABLE t;\n"
    )
    with pytest.raises(InputError) as caught:
        check_others(old, new, "old.sql", "new.sql")
    assert str(caught.value) == (
        "new.sql:3: not supported yet: publication p differs (added); rule r on t differs (changed)"
    )
    assert caught.value.hint is not None and "NOTIFY t" in caught.value.hint
    dropped = (
        r"^v2.sql:3: not supported yet: publication p differs \(dropped\); rule r on t differs \(dropped\)$"
    )
    with pytest.raises(InputError, match=dropped):
        check_others(new, Schema(new.tables), "v2.sql", "v3.sql")


def test_objects_equal_on_both_sides_are_named_once_in_a_warning() -> None:
    schema = _postgres(POSTGRES_OBJECTS)
    assert check_others(schema, schema, "old.sql", "new.sql") == (
        "new.sql: not migrated, the same in both versions (outside the schema model): 1 rule",
    )
    assert check_others(Schema(), Schema(), "old.sql", "new.sql") == ()


def test_the_snapshot_keeps_them_and_a_schema_without_them_keeps_its_checksum() -> None:
    schema = _postgres(POSTGRES_OBJECTS)
    assert load_snapshot(canonical_json(schema), "schema.json").schema == schema
    plain = Schema(schema.tables, schema.enums)
    assert "others" not in canonical_json(plain)
    assert checksum(plain) != checksum(schema)
    assert OtherObject("view", "public", "v", "x", line=3) == OtherObject("view", "public", "v", "x")


@pytest.mark.postgres
def test_a_postgres_database_built_from_a_file_compares_equal_to_it(pg_url: str) -> None:
    run_ddl(pg_url, POSTGRES_OBJECTS)
    live = load_schema(pg_url).schema
    assert live.others == _postgres(POSTGRES_OBJECTS).others
    run_ddl(pg_url, "CREATE OR REPLACE RULE r AS ON INSERT TO u DO ALSO NOTIFY t;")
    with pytest.raises(InputError, match=r"not supported yet: rule r on u differs \(changed\)"):
        check_others(_postgres(POSTGRES_OBJECTS), load_schema(pg_url).schema, "s.sql", pg_url)


# Queries the server respells when it makes the view: ``*`` expanded into the tables' (and
# views') columns, each output computed by an expression named as PostgreSQL names it.
VIEW_OUTPUTS = """\
CREATE SCHEMA x;
CREATE TYPE e AS ENUM ('a', 'b');
CREATE TABLE t (id integer PRIMARY KEY, category e, b integer);
CREATE TABLE u (t_id integer, note text);
CREATE TABLE x.data (id uuid, name text);
CREATE VIEW x.q AS SELECT * FROM x.data;
CREATE VIEW x.over_view AS SELECT * FROM x.q;
CREATE VIEW every_column AS SELECT *, 'b'::e, 1 FROM t;
CREATE VIEW joined AS SELECT t.*, u.note AS note FROM t JOIN u ON u.t_id = t.id;
CREATE VIEW computed AS SELECT id, max(b), count(*), coalesce(min(b), 0), current_date
  FROM t GROUP BY id;
CREATE VIEW constant AS SELECT 1;
"""


# Views whose stored query the server spells otherwise than the file: literals typed by the
# column they are compared with (also a column of another view), IN and BETWEEN, a cast of a
# column to its own type, unnamed and listed output columns, a UNION, a recursive view, VALUES, options;
# a number compared with a column of any type (smallint, real) is written bare on both sides.
VIEWS_RESPELLED = """\
CREATE TABLE t (id integer PRIMARY KEY, n numeric(10,2), f double precision, r real, d date, ts timestamp,
  tz timestamptz, b bigint, i integer, label text);
CREATE VIEW typed AS SELECT id, i::integer AS i, 1, now() FROM t
  WHERE n > 2 AND f >= 1 AND r < 1.5 AND d > '2020-1-1' AND ts < '2021-06-01 12:00' AND tz >= '2021-01-01'
  AND b = 2.5 AND i > 2.5 AND n IN (1, 2.5) AND b NOT IN (3, 4) AND label IN ('a', 'b')
  AND d BETWEEN '2020-01-01' AND '2020-12-31' AND i BETWEEN 1 AND 3 AND 2 < n AND '2020-02-02' > d;
CREATE VIEW widened (id, m) AS SELECT id, (i + 1)::numeric FROM t UNION ALL SELECT id, n FROM t;
CREATE VIEW over_view AS SELECT id FROM widened WHERE m > 2;
CREATE RECURSIVE VIEW depth (id, level) AS SELECT id, 1 FROM t WHERE i IS NULL
  UNION ALL SELECT t.id, d.level + 1 FROM t JOIN depth d ON t.i = d.id;
CREATE MATERIALIZED VIEW listed (id, label) AS SELECT id, label FROM t WHERE b > 2.5;
CREATE VIEW over_listed AS SELECT id FROM listed WHERE label = 'x';
CREATE VIEW starred (key, amount) AS SELECT * FROM t;
CREATE MATERIALIZED VIEW starred_kept (key) AS SELECT * FROM t;
CREATE VIEW levels (name, rank) AS VALUES ('low', 1), ('high', 2);
CREATE FUNCTION total() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT sum(b) FROM t; END;
CREATE VIEW guarded WITH (security_barrier) AS SELECT id, i FROM t WHERE i > 0 WITH LOCAL CHECK OPTION;
CREATE TABLE small (id integer PRIMARY KEY, s smallint, x real);
CREATE VIEW small_range AS SELECT id FROM small WHERE s BETWEEN 1 AND 3 AND x > 2 AND s IN (1, 2);
"""


@pytest.mark.postgres
def test_a_view_reads_as_the_server_prints_it_without_a_dev_database(pg_url: str) -> None:
    """migra's fixtures: ``SELECT *`` and unnamed expressions in a view read from a file without a
    scratch database differed from the catalog's ``pg_get_viewdef``, so a migration generated from
    two files stopped at its pre-check (``expected SELECT * FROM x.data, found SELECT id, name``)."""
    run_ddl(pg_url, VIEW_OUTPUTS)
    written = _postgres(VIEW_OUTPUTS).others
    assert {o.definition for o in written if o.name in ("x.over_view", "constant")} == {
        "CREATE VIEW x.over_view AS SELECT id, name FROM x.q",
        'CREATE VIEW constant AS SELECT 1 AS "?column?"',
    }
    assert load_schema(pg_url).schema.others == written


def test_a_grant_to_whoever_runs_the_migration_on_its_own_table_is_its_own_privilege() -> None:
    """The catalog lists no grant to a table's owner (its privileges are the owner's own): a
    file's ``GRANT … TO postgres`` run by postgres failed the pre-check on the checksum alone."""
    schema = _postgres(
        "CREATE TABLE t (id integer PRIMARY KEY); CREATE TABLE s (id integer PRIMARY KEY);\n"
        "GRANT SELECT ON t TO runner; GRANT SELECT ON s TO runner; ALTER TABLE s OWNER TO lead;\n"
    )
    grants = {t.name: [g.grantee for g in t.grants] for t in run_by(schema, "runner").tables}
    assert grants == {"t": [], "s": ["runner"]}
    assert run_by(schema, "other") is schema


@pytest.mark.postgres
def test_views_compare_equal_to_the_database_built_from_them(pg_url: str) -> None:
    """The contract's drift check compares a file's views (no scratch database) with the catalog's."""
    skip_before(pg_url, 18, "the view text the file loader writes (pg_get_viewdef's)")
    run_ddl(pg_url, VIEWS_RESPELLED)
    live = {str(item): item.definition for item in load_schema(pg_url).schema.others}
    assert {str(item): item.definition for item in _postgres(VIEWS_RESPELLED).others} == live


PUBLICATION_ALTERED = """\
CREATE TABLE orders (id integer PRIMARY KEY);
CREATE TABLE items (id integer PRIMARY KEY);
CREATE TABLE notes (id integer PRIMARY KEY);
CREATE PUBLICATION changes;
ALTER PUBLICATION changes ADD TABLE public.orders, items, notes;
ALTER PUBLICATION changes DROP TABLE items;
ALTER PUBLICATION changes SET (publish = 'insert, update');
"""


@pytest.mark.postgres
def test_a_publication_is_what_alter_publication_leaves_it(pg_url: str) -> None:
    """Supabase's migrations make a publication empty and add its tables with ALTER
    PUBLICATION: the file's publication is the one the database ends with (a held-out
    schema's pre-check found the file's empty where the catalog's had three tables)."""
    (publication,) = _postgres(PUBLICATION_ALTERED).others
    assert publication.definition == "publishes insert, update of: notes, orders"
    run_ddl(pg_url, PUBLICATION_ALTERED)
    assert load_schema(pg_url).schema.others == (publication,)


def test_sqlite_views_and_triggers_compare_as_sqlite_stores_them(sqlite_url: Callable[[str], str]) -> None:
    ddl = (
        "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);\n"
        "CREATE VIEW IF NOT EXISTS big AS SELECT id FROM t WHERE n > 100;\n"
        "CREATE TRIGGER t_n AFTER UPDATE ON t BEGIN UPDATE t SET n = 0 WHERE id = NEW.id; END;\n"
    )
    written = load_text(ddl, "s.sql", suffix=".sql", dialect="sqlite").schema
    assert _names(written) == ["trigger t_n on t", "view big"]
    assert load_schema(sqlite_url(ddl)).schema.others == written.others


def test_diff_and_generate_refuse_with_exit_2(tmp_path: Path) -> None:
    old, new = tmp_path / "old.sql", tmp_path / "new.sql"
    old.write_text("CREATE TABLE t (id integer PRIMARY KEY);\n", encoding="utf-8")
    new.write_text(
        "CREATE TABLE t (id integer PRIMARY KEY);\nCREATE RULE r AS ON INSERT TO t DO ALSO NOTIFY t;\n",
        encoding="utf-8",
    )
    for command in (["diff"], ["generate", "-o", str(tmp_path / "m")]):
        done = wesley(*command, str(old), str(new), "--dialect", "postgres")
        assert done.returncode == 2, done.stderr
        assert f"error: {new}:2: not supported yet: rule r on t differs (added)" in done.stderr
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "m").exists()


def test_new_migrates_a_view_added_to_the_schema_file_since_the_last_migration(tmp_path: Path) -> None:
    config = '[project]\nname = "app"\nversion = "0"\n\n[tool.wesley-gen]\nschema = "schema.sql"\ndialect = "sqlite"\n'
    (tmp_path / "pyproject.toml").write_text(config, encoding="utf-8")
    schema = tmp_path / "schema.sql"
    schema.write_text("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);\n")

    def new(slug: str, *flags: str) -> subprocess.CompletedProcess[str]:
        return wesley("new", slug, *flags, cwd=tmp_path)

    first = new("init")
    assert first.returncode == 0, first.stderr
    schema.write_text(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);\nCREATE VIEW v AS SELECT id FROM t;\n"
    )
    again = new("again")
    assert again.returncode == 0, again.stderr
    assert sorted(path.name for path in (tmp_path / "migrations").iterdir()) == ["0001_init", "0002_again"]
    swap = (tmp_path / "migrations" / "0002_again" / "swap.sql").read_text(encoding="utf-8")
    assert "CREATE VIEW v AS SELECT id FROM t;" in swap  # as the schema file states it
    schema.write_text("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0);\n")
    refused = new("drop")  # destructive: refused without the flag
    assert refused.returncode == 1 and "drop_object v" in refused.stdout + refused.stderr
    third = new("drop", "--allow-destructive")
    assert third.returncode == 0, third.stderr
    rollback = (tmp_path / "migrations" / "0003_drop" / "rollback.sql").read_text(encoding="utf-8")
    assert "CREATE VIEW v AS SELECT id FROM t;" in rollback  # the snapshot kept the statement


def test_two_indexes_are_counted_as_indexes() -> None:
    ddl = (
        "CREATE TABLE t (id integer PRIMARY KEY);\n"
        "CREATE MATERIALIZED VIEW m AS SELECT id FROM t;\n"
        "CREATE UNIQUE INDEX m_id ON m (id);\nCREATE INDEX m_id2 ON m (id);\n"
    )
    schema = _postgres(ddl)
    # (on SQLite's terms, which migrate neither: PostgreSQL's are migrated, and named by no warning)
    assert check_others(schema, schema, "old.sql", "new.sql", dialect="sqlite") == (
        "new.sql: not migrated, the same in both versions (outside the schema model): 2 indexes, "
        "1 materialized view",
    )


def test_plpgsql_is_in_every_database_and_not_an_object_of_the_file() -> None:
    """pg_dump before PostgreSQL 11 wrote CREATE EXTENSION plpgsql; the catalog reader skips it,
    so the file must too, or the contract's schema check fails on the checksum alone."""
    schema = _postgres(
        "CREATE EXTENSION IF NOT EXISTS plpgsql WITH SCHEMA pg_catalog;\n"
        "COMMENT ON EXTENSION plpgsql IS 'PL/pgSQL procedural language';\n"
        "CREATE EXTENSION IF NOT EXISTS btree_gist;\n"
    )
    assert [str(o) for o in schema.others] == ["extension btree_gist"]


DEFAULTS = """\
DO $$ BEGIN CREATE ROLE opaque_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY);
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO opaque_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT INSERT ON TABLES TO opaque_reader;
ALTER DEFAULT PRIVILEGES GRANT ALL ON SEQUENCES TO opaque_reader WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
"""


def test_default_privileges_are_read_and_migrated(pg_url: str) -> None:
    """ALTER DEFAULT PRIVILEGES was skipped, then refused by name: it is one object per role,
    schema, kind and grantee, as a file ends with it and as pg_default_acl lists it, migrated by
    ALTER DEFAULT PRIVILEGES (undone: what it gives revoked, the built-in defaults it takes given
    back); the history table's sequence, which takes the default grants, stays out."""
    from wesley_gen.hints import Hints
    from wesley_gen.plan import Options, plan_migration
    from wesley_gen.render.sql import render_sql

    written = _postgres(DEFAULTS)
    assert {o.name: o.definition for o in written.others} == {
        "in schema public on tables to opaque_reader": "GRANT INSERT, SELECT",
        "on sequences to opaque_reader": "GRANT ALL WITH GRANT OPTION",
        "on functions to public": "REVOKE EXECUTE",
    }
    assert check_others(written, written, "old.sql", "new.sql") == ()
    moved = _postgres(DEFAULTS.replace("GRANT INSERT ON TABLES", "GRANT INSERT ON TYPES"))
    migration = plan_migration(
        written,
        moved,
        Hints(),
        dialect="postgres",
        migration_id="0001_d",
        options=Options(allow_access_widening=True),
    )
    assert [(c.change.op, c.verdict.change_class) for c in migration.changes] == [
        ("replace_object", "narrowing"),  # no more INSERT on tables
        ("create_object", "access-widening"),  # INSERT on types
    ]
    scripts = render_sql(migration)
    assert (
        'ALTER DEFAULT PRIVILEGES IN SCHEMA "public" REVOKE INSERT, SELECT ON TABLES FROM "opaque_reader";\n'
        'ALTER DEFAULT PRIVILEGES IN SCHEMA "public" GRANT SELECT ON TABLES TO "opaque_reader";\n'
        'ALTER DEFAULT PRIVILEGES IN SCHEMA "public" GRANT INSERT ON TYPES TO "opaque_reader";'
    ) in scripts.swap
    gone = render_sql(
        plan_migration(
            written,
            _postgres(DEFAULTS.split("ALTER DEFAULT")[0]),
            Hints(),
            dialect="postgres",
            migration_id="0002_d",
            options=Options(allow_access_widening=True),
        )
    )
    assert "ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO PUBLIC;" in gone.swap
    run_ddl(pg_url, DEFAULTS + "CREATE TABLE wesley_gen_history (id serial PRIMARY KEY);")
    live = load_schema(pg_url).schema
    assert live.others == written.others


@pytest.mark.postgres
def test_the_public_schemas_grants_are_read_from_a_database(pg_url: str) -> None:
    """A database's grants on the public schema were left out: a Supabase dump failed the
    contract's pre-check against the database built from it. They are read as the file's,
    PUBLIC's default USAGE left out."""
    text = (
        "DO $$ BEGIN CREATE ROLE opaque_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n"
        "GRANT USAGE ON SCHEMA public TO opaque_reader WITH GRANT OPTION;\n"
    )
    run_ddl(pg_url, text)
    live = load_schema(pg_url).schema.others
    assert [(o.name, o.definition) for o in live] == [
        ("on schema public to opaque_reader", "USAGE WITH GRANT OPTION")
    ]
    assert live == _postgres(text).others


def test_public_create_on_the_public_schema_is_taken_back_to_usage() -> None:
    """PUBLIC's CREATE on the public schema (granted, or the default before PostgreSQL 15) goes
    back to the default by revoking everything and giving USAGE back (a grant option, which
    PUBLIC cannot hold, was all the drop revoked: CREATE stayed); an older server says so."""
    from wesley_gen.hints import Hints
    from wesley_gen.load.opaque import public_schema_warning
    from wesley_gen.plan import Options, plan_migration
    from wesley_gen.render.sql import render_sql

    created = _postgres("GRANT CREATE ON SCHEMA public TO PUBLIC;\n")
    assert [(o.name, o.definition) for o in created.others] == [
        ("on schema public to public", "CREATE, USAGE")
    ]
    migration = plan_migration(
        created, Schema(()), Hints(), dialect="postgres", migration_id="0001_p", options=Options()
    )
    assert (
        'REVOKE ALL ON SCHEMA "public" FROM PUBLIC;\nGRANT USAGE ON SCHEMA "public" TO PUBLIC;'
        in render_sql(migration).swap
    )
    said = public_schema_warning(created.others, 140011)
    assert said is not None and said.startswith(
        "PostgreSQL 14 gives PUBLIC CREATE on schema public by default"
    )
    assert public_schema_warning(created.others, 150002) is None
    assert public_schema_warning((), 140011) is None
