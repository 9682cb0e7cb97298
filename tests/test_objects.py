"""Views, functions, triggers, comments and extensions migrated by canonical definition (issue 15,
point 4): the changes the diff makes of them, their order, their statements, their rollback."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

import wesley_gen.changes as ch
from tests.corpus import oracle
from wesley_gen.classify import ADDITIVE, DESTRUCTIVE, classify
from wesley_gen.diff import check_others, diff_schemas
from wesley_gen.errors import InputError
from wesley_gen.hints import Hints
from wesley_gen.load import load_text
from wesley_gen.model import Schema
from wesley_gen.phases import EXPAND, SWAP, plan_phases
from wesley_gen.plan import Migration, Options, plan_migration
from wesley_gen.render.sql import render_sql
from wesley_gen.run.contract import schema_differences

TABLE = "CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);\n"
RETYPED = "CREATE TABLE t (id integer PRIMARY KEY, n bigint, label text);\n"
TOUCH = (
    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.n := 1; RETURN NEW; END $$;\n"
    "CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();\n"
)


def _schema(text: str, dialect: str = "postgres") -> Schema:
    return load_text(text, f"s.{dialect}.sql", suffix=".sql", dialect=dialect).schema


def _changes(old: str, new: str, dialect: str = "postgres") -> list[str]:
    result = diff_schemas(_schema(old, dialect), _schema(new, dialect), dialect=dialect)
    assert result.errors == ()
    return [
        f"{c.op} {c.name if isinstance(c, ch.CreateObject | ch.DropObject | ch.ReplaceObject) else c.table}"
        + (" (recreated)" if isinstance(c, ch.DropObject) and c.recreated else "")
        for c in result.changes
    ]


def _migration(old: Schema, new: Schema, dialect: str) -> Migration:
    return plan_migration(
        old,
        new,
        Hints(),
        dialect=dialect,
        migration_id="0001_objects",
        options=Options(allow_destructive=True, allow_access_widening=True),
    )


def _sql(old: str, new: str, dialect: str = "postgres") -> tuple[str, str, str]:
    scripts = render_sql(_migration(_schema(old, dialect), _schema(new, dialect), dialect))
    return scripts.expand, scripts.swap, scripts.rollback


def test_a_view_over_a_retyped_column_is_dropped_before_the_change_and_created_after() -> None:
    view = "CREATE VIEW big AS SELECT id, n FROM t WHERE n > 100;\nCOMMENT ON VIEW big IS 'big';\n"
    assert _changes(TABLE + view, RETYPED + view) == [
        "drop_object on view big (recreated)",
        "drop_object big (recreated)",
        "alter_column_type t",
        "create_object big",
        "create_object on view big",
    ]
    _expand, swap, rollback = _sql(TABLE + view, RETYPED + view)
    assert swap.index("DROP VIEW IF EXISTS big") < swap.index("DROP COLUMN") < swap.index("CREATE VIEW big")
    assert rollback.index("DROP VIEW IF EXISTS big") < rollback.index("SET DATA TYPE")
    assert rollback.index("SET DATA TYPE") < rollback.index("CREATE VIEW big")


def test_a_view_is_replaced_in_place_while_it_keeps_its_columns_and_dropped_when_it_loses_one() -> None:
    old = TABLE + "CREATE VIEW v AS SELECT id, n FROM t;\n"
    appended = TABLE + "CREATE VIEW v AS SELECT id, n, label FROM t;\n"
    shorter = TABLE + "CREATE VIEW v AS SELECT id FROM t;\n"
    assert _changes(old, appended) == ["replace_object v"]
    _, swap, rollback = _sql(old, appended)
    assert "CREATE OR REPLACE VIEW v AS SELECT id, n, label FROM t" in swap
    # PostgreSQL cannot take a view's columns away in place: the rollback drops and makes it.
    assert rollback.index("DROP VIEW IF EXISTS v") < rollback.index("CREATE VIEW v AS SELECT id, n FROM t")
    assert _changes(old, shorter) == ["drop_object v", "create_object v"]
    result = diff_schemas(_schema(old), _schema(shorter))
    assert [classify(c, dialect="postgres").change_class for c in result.changes] == [DESTRUCTIVE, ADDITIVE]


def test_a_function_whose_result_changes_is_dropped_first_with_the_trigger_that_calls_it() -> None:
    old = TABLE + TOUCH
    definer = TABLE + TOUCH.replace("LANGUAGE plpgsql", "LANGUAGE plpgsql SECURITY DEFINER")
    assert _changes(old, definer) == ["replace_object touch()"]  # same signature: in place
    assert "CREATE OR REPLACE FUNCTION touch()" in _sql(old, definer)[0]
    returns_other = TABLE + TOUCH.replace("RETURNS trigger", "RETURNS trigger SECURITY DEFINER").replace(
        "touch() RETURNS trigger", "touch() RETURNS event_trigger"
    )
    assert _changes(old, returns_other) == [
        "drop_object t_touch on t (recreated)",
        "drop_object touch()",
        "create_object touch()",
        "create_object t_touch on t",
    ]


def test_functions_and_extensions_come_before_the_tables_that_use_them() -> None:
    new = (
        "CREATE EXTENSION citext;\n"
        "CREATE FUNCTION seven() RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 7';\n"
        "CREATE TABLE t (id integer PRIMARY KEY, n integer DEFAULT seven(), email citext);\n"
        "CREATE VIEW v AS SELECT id FROM t;\n"
    )
    migration = _migration(Schema(), _schema(new), "postgres")
    phases = plan_phases(migration)
    assert [(op.action, op.step) for op in phases.expand] == [
        ("create_object", EXPAND),
        ("create_object", EXPAND),
        ("expand_table", EXPAND),
    ]
    assert [(op.action, op.step) for op in phases.swap] == [("create_object", SWAP)]
    expand = render_sql(migration).expand
    assert expand.index("CREATE EXTENSION citext") < expand.index("SET LOCAL check_function_bodies = off")
    assert expand.index("CREATE FUNCTION seven()") < expand.index('CREATE TABLE "t"')
    rollback = render_sql(migration).rollback
    assert "DROP FUNCTION IF EXISTS seven ()" in rollback and "DROP EXTENSION IF EXISTS citext" in rollback


def test_drops_are_derived_from_the_statement_that_creates_the_object() -> None:
    old = (
        "CREATE SCHEMA app;\nCREATE TABLE app.t (id integer PRIMARY KEY, n integer);\n"
        "CREATE FUNCTION app.f(a integer, OUT b text) RETURNS text LANGUAGE sql AS 'SELECT a::text';\n"
        "CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n"
        "CREATE TRIGGER tr BEFORE UPDATE ON app.t FOR EACH ROW EXECUTE FUNCTION app.touch();\n"
        "COMMENT ON COLUMN app.t.n IS 'n';\nCREATE EXTENSION pg_trgm;\n"
        "CREATE MATERIALIZED VIEW app.m AS SELECT id FROM app.t;\nCREATE INDEX m_id ON app.m (id);\n"
    )
    new = "CREATE SCHEMA app;\nCREATE TABLE app.t (id integer PRIMARY KEY, n integer);\n"
    swap = _sql(old, new)[1]
    for statement in (
        "COMMENT ON COLUMN app.t.n IS NULL",
        "DROP TRIGGER IF EXISTS tr ON app.t",
        "DROP INDEX IF EXISTS app.m_id",
        "DROP MATERIALIZED VIEW IF EXISTS app.m",
        "DROP FUNCTION IF EXISTS app.f (integer)",
        "DROP FUNCTION IF EXISTS app.touch ()",
        "DROP EXTENSION IF EXISTS pg_trgm",
    ):
        assert statement in swap, statement
    assert swap.index("DROP TRIGGER") < swap.index("DROP FUNCTION IF EXISTS app.touch")


def test_an_extension_moves_to_another_schema_in_place() -> None:
    old = "CREATE SCHEMA ext;\nCREATE EXTENSION pg_trgm;\n"
    new = "CREATE SCHEMA ext;\nCREATE EXTENSION pg_trgm SCHEMA ext;\n"
    assert _changes(old, new) == ["replace_object pg_trgm"]
    expand, _, rollback = _sql(old, new)
    assert "ALTER EXTENSION pg_trgm SET SCHEMA ext" in expand
    assert "ALTER EXTENSION pg_trgm SET SCHEMA public" in rollback


def test_a_trigger_state_is_switched_in_place_and_set_after_the_trigger_is_made() -> None:
    """``ALTER TABLE … DISABLE TRIGGER`` (pg_dump writes it after the trigger) was skipped: a
    disabled trigger compared equal to an enabled one and stayed enabled after migrating."""
    disabled = TABLE + TOUCH + "ALTER TABLE ONLY t DISABLE TRIGGER t_touch;\n"
    always = (
        TABLE
        + TOUCH
        + "ALTER TABLE t DISABLE TRIGGER t_touch;\nALTER TABLE t ENABLE ALWAYS TRIGGER t_touch;\n"
    )
    assert _changes(TABLE + TOUCH, disabled) == ["replace_object t_touch on t"]
    _, swap, rollback = _sql(disabled, always)
    assert "ALTER TABLE t ENABLE ALWAYS TRIGGER t_touch" in swap
    assert "ALTER TABLE t DISABLE TRIGGER t_touch" in rollback
    _, swap, _ = _sql(TABLE, disabled)
    assert swap.index("CREATE TRIGGER t_touch") < swap.index("ALTER TABLE t DISABLE TRIGGER t_touch")
    # made again (its events change): disabled again after
    _, swap, _ = _sql(disabled, disabled.replace("BEFORE UPDATE", "BEFORE INSERT OR UPDATE"))
    assert swap.index("CREATE TRIGGER t_touch") < swap.index("ALTER TABLE t DISABLE TRIGGER t_touch")
    # CREATE OR REPLACE TRIGGER makes it fire again, as PostgreSQL does
    replaced = disabled + TOUCH.split("\n")[1].replace("CREATE", "CREATE OR REPLACE") + "\n"
    assert _changes(disabled, replaced) == ["replace_object t_touch on t"]
    assert _changes(TABLE + TOUCH, replaced) == []


def test_a_collation_is_made_before_the_tables_and_dropped_after_them() -> None:
    """CREATE COLLATION was refused; it is an object spelled as pg_dump writes it (the file's
    default provider and shared locale as the catalog states them), created in expand."""
    collation = "CREATE COLLATION app.mixed (lc_collate = 'C', lc_ctype = 'C');\n"
    used = (
        "CREATE SCHEMA app;\n"
        + collation
        + "CREATE TABLE t (id integer PRIMARY KEY, name text COLLATE app.mixed);\n"
    )
    (made,) = [o for o in _schema(used).others if o.kind == "collation"]
    assert (made.schema, made.name) == ("app", "app.mixed")
    assert made.definition == "CREATE COLLATION app.mixed (provider = libc, locale = 'C')"
    bare = "CREATE SCHEMA app;\nCREATE TABLE t (id integer PRIMARY KEY);\n"
    assert _changes(bare, used) == ["create_object app.mixed", "add_column t"]
    expand, _, rollback = _sql(bare, used)
    assert expand.index("CREATE COLLATION app.mixed") < expand.index("ADD COLUMN")
    assert "DROP COLLATION IF EXISTS app.mixed" in rollback
    _, swap, _ = _sql(used, bare)
    assert swap.index("DROP COLUMN") < swap.index("DROP COLLATION IF EXISTS app.mixed")


def test_a_trigger_state_needs_its_trigger_first() -> None:
    with pytest.raises(
        InputError, match=r"^s.postgres.sql:2: ALTER TABLE t: no trigger t_touch on t to enable always$"
    ):
        _schema(TABLE + "ALTER TABLE t ENABLE ALWAYS TRIGGER t_touch;\n")


def test_sqlite_makes_a_trigger_and_a_view_again_after_rebuilding_their_table() -> None:
    old = (
        "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);\nCREATE TABLE log (msg TEXT);\n"
        "CREATE VIEW v AS SELECT id FROM t;\n"
        "CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log (msg) VALUES ('x'); END;\n"
    )
    new = old.replace("n INTEGER)", "n INTEGER NOT NULL DEFAULT 0)")
    assert _changes(old, new, "sqlite") == [
        "drop_object t_log on t (recreated)",
        "drop_object v (recreated)",
        "set_default t",
        "set_not_null t",
        "create_object v",
        "create_object t_log on t",
    ]
    _, swap, rollback = _sql(old, new, "sqlite")
    assert swap.index('DROP VIEW IF EXISTS "v"') < swap.index("DROP TABLE") < swap.index("CREATE VIEW v")
    assert swap.index("RENAME TO") < swap.index("CREATE TRIGGER t_log")
    assert (
        rollback.index('DROP VIEW IF EXISTS "v"')
        < rollback.index("DROP TABLE")
        < rollback.index("CREATE VIEW v")
    )


def test_only_objects_no_migration_covers_are_refused() -> None:
    old = _schema(TABLE + "CREATE VIEW v AS SELECT id FROM t;\n")
    new = _schema(
        TABLE + "CREATE VIEW v AS SELECT n FROM t;\nCREATE RULE r AS ON INSERT TO t DO ALSO NOTIFY t;\n"
    )
    with pytest.raises(InputError, match=r"^s.sql:3: not supported yet: rule r on t differs \(added\)$"):
        check_others(old, new, "old.sql", "s.sql")
    assert check_others(old, _schema(TABLE + "CREATE VIEW v AS SELECT n FROM t;\n"), "a", "b") == ()


def test_the_post_check_names_a_missing_or_different_object() -> None:
    expected = {
        "others": [
            {"kind": "view", "name": "v", "definition": "A"},
            {"kind": "trigger", "name": "x on t", "definition": "B"},
        ]
    }
    found = {"others": [{"kind": "view", "name": "v", "definition": "C"}]}
    assert schema_differences(expected, found) == (
        "~ objects: view v expected A, found C",
        "- trigger x on t: B",
    )


# --- the rollback of corpus cases, on real databases ----------------------------------------

ROLLED_BACK = (
    "postgres/views/retyped_column",
    "postgres/views/column_appended",
    "postgres/views/materialized_changed_with_index",
    "postgres/functions/return_type_changed",
    "postgres/triggers/function_in_same_migration",
    "postgres/triggers/state_replica",
    "postgres/triggers/state_disabled_changed",
    "postgres/comments/changed",
    "postgres/extensions/used_by_index",
    "postgres/views/three_deep_bottom_changed",
    "postgres/views/materialized_granted_indexed_retyped",
    "postgres/functions/used_by_default_result_changed",
    "postgres/functions/begin_atomic_with_new_table",
    "postgres/triggers/update_of_retyped_column",
    "sqlite/views/over_rebuilt_table",
    "sqlite/triggers/on_rebuilt_table",
    "postgres/views/over_view_base_gains_column",
    "postgres/user_types/enum_add_value_under_views",
    "postgres/user_types/enum_add_value_function_parameter",
    "postgres/user_types/enum_value_dropped_under_view",
)


def rollback_difference(case: oracle.Case, target: oracle.Target) -> list[str]:
    """Build ``case.old``, migrate up to ``case.new`` and down again: what differs from ``old`` after."""
    folder = Path(tempfile.mkdtemp(prefix=f"wesley-rollback-{case.name}-"))
    (folder / "old.sql").write_text(case.old, encoding="utf-8")
    (folder / "new.sql").write_text(case.new, encoding="utf-8")
    migrations = folder / "migrations"
    with target.database(folder, "a") as url:
        target.build(url, case.old)
        before = target.fingerprint(url)
        steps = (
            ("generate", str(folder / "old.sql"), str(folder / "new.sql"), "-o", str(migrations / "0001_case"),
             "--dialect", case.dialect, "--allow-destructive", "--allow-empty", *case.args),
            ("migrate", "up", "--db", url, "--migrations", str(migrations), "--target", "test", "--force",
             "--allow-contract-drift", "--lock-timeout", "0"),
            ("migrate", "down", "--db", url, "--migrations", str(migrations), "--target", "test", "--force",
             "--lock-timeout", "0"),
        )  # fmt: skip
        for step in steps:
            done = oracle.wesley_gen(*step)
            if done.returncode != 0:
                return [f"{step[0]} {step[1]} failed: {oracle.tail(done)}"]
        after = target.fingerprint(url)
    return [f"- {line}" for line in before if line not in after] + [
        f"+ {line}" for line in after if line not in before
    ]


@pytest.mark.usefixtures("oracle_in_process")
@pytest.mark.parametrize(
    "case_id",
    [
        pytest.param(c, marks=[pytest.mark.postgres] if c.startswith("postgres/") else [], id=c)
        for c in ROLLED_BACK
    ],
)
def test_rollback_takes_the_database_back_to_the_old_version(
    case_id: str, request: pytest.FixtureRequest
) -> None:
    (case,) = [case for case in oracle.cases() if case.id == case_id]
    server = request.getfixturevalue("pg_server").url if case.dialect == "postgres" else None
    with oracle.harness(case.dialect, server) as harness:
        assert rollback_difference(case, harness.target) == []


def test_object_statements_have_a_known_lock_cost() -> None:
    from wesley_gen.locks import NONE, SCAN, lock_cost

    assert lock_cost("CREATE OR REPLACE VIEW app.v AS SELECT 1", "postgres").effect == NONE
    assert lock_cost("DROP MATERIALIZED VIEW IF EXISTS m", "postgres").table == "m"
    filled = lock_cost("CREATE MATERIALIZED VIEW m AS SELECT 1", "postgres")
    assert (filled.lock, filled.effect, filled.blocks_writes) == ("ACCESS SHARE", SCAN, False)
    assert lock_cost("CREATE PROCEDURE p() LANGUAGE sql AS $$ SELECT 1 $$", "postgres").lock == "none"
    assert lock_cost("COMMENT ON VIEW v IS NULL", "postgres").note == "on the object commented"
    assert lock_cost('DROP VIEW IF EXISTS "v"', "sqlite").note == ""


def test_an_object_on_a_column_whose_data_is_lost_cannot_come_back_either() -> None:
    old = "CREATE TABLE t (id integer PRIMARY KEY, n integer);\nCOMMENT ON COLUMN t.n IS 'a count';\n"
    migration = _migration(_schema(old), _schema("CREATE TABLE t (id integer PRIMARY KEY);\n"), "postgres")
    comment = migration.changes[0]
    assert isinstance(comment.change, ch.DropObject) and not comment.verdict.reversible
    assert comment.verdict.reason.endswith("without column t.n, whose data is lost")
    assert "COMMENT ON COLUMN t.n IS 'a count'" not in render_sql(migration).rollback


def test_a_check_calling_a_function_the_migration_makes_is_counted_after_expand() -> None:
    from wesley_gen.render.contract import render_contract

    function = (
        "CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';\n"
    )
    old = "CREATE TABLE t (id integer PRIMARY KEY, n integer);\n"
    new = function + "CREATE TABLE t (id integer PRIMARY KEY, n integer CHECK (add_one(n) > 0));\n"
    contract = render_contract(_migration(_schema(old), _schema(new), "postgres"))
    assert [a.kind for a in contract.pre.assertions] == []
    assert [a.kind for a in contract.swap.assertions] == ["check"]
    kept = render_contract(_migration(_schema(function + old), _schema(new), "postgres"))
    assert [a.kind for a in kept.pre.assertions] == ["check"]  # the function exists before


# --- dependency order (issue 15, point 4) ----------------------------------------------------

TWICE = "CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';\n"
TWICE_BIGINT = "CREATE FUNCTION twice(x integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';\n"
ROLE = "DO $$ BEGIN CREATE ROLE r; EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n"


def test_a_view_column_whose_expression_changes_type_is_dropped_and_created_not_replaced() -> None:
    old = TABLE + "CREATE VIEW v AS SELECT id, n::integer AS n FROM t;\nCREATE VIEW w AS SELECT n FROM v;\n"
    new = old.replace("n::integer", "n::bigint")
    assert _changes(old, new) == [
        "drop_object w (recreated)",
        "drop_object v (recreated)",
        "create_object v",
        "create_object w",
    ]
    # Columns computed as before over the same FROM keep their types: replaced in place.
    assert _changes(old, old.replace("FROM t;", "FROM t WHERE n > 0;")) == ["replace_object v"]


def test_checks_indexes_and_defaults_calling_a_function_made_again_are_dropped_before_it() -> None:
    table = (
        "CREATE TABLE t (id integer PRIMARY KEY, n integer DEFAULT twice(1) CONSTRAINT small CHECK (twice(n) < 9));\n"
        "CREATE INDEX t_twice ON t (twice(n));\n"
    )
    assert _changes(TWICE + table, TWICE_BIGINT + table) == [
        "drop_index t",
        "drop_check t",
        "drop_default t",
        "drop_object twice(integer)",
        "create_object twice(integer)",
        "set_default t",
        "add_check t",
        "add_index t",
    ]
    _, swap, _ = _sql(TWICE + table, TWICE_BIGINT + table)
    assert swap.index('DROP CONSTRAINT "small"') < swap.index("DROP FUNCTION IF EXISTS twice")
    assert swap.index("DROP FUNCTION IF EXISTS twice") < swap.index('ADD CONSTRAINT "small"')


def test_what_names_an_object_made_again_is_made_again_with_it() -> None:
    view = "CREATE VIEW v AS SELECT id, twice(n) AS n2 FROM t;\nCOMMENT ON FUNCTION twice(integer) IS 'x2';\n"
    assert _changes(TABLE + TWICE + view, TABLE + TWICE_BIGINT + view) == [
        "drop_object on function twice(integer) (recreated)",
        "drop_object v (recreated)",
        "drop_object twice(integer)",
        "create_object twice(integer)",
        "create_object v",
        "create_object on function twice(integer)",
    ]
    watching = "CREATE TRIGGER t_n BEFORE UPDATE OF n ON t FOR EACH ROW EXECUTE FUNCTION touch();\n"
    touch = TOUCH.split("\n")[0] + "\n"
    assert "drop_object t_n on t (recreated)" in _changes(
        TABLE + touch + watching, RETYPED + touch + watching
    )
    other = "CREATE TRIGGER t_n BEFORE UPDATE OF label ON t FOR EACH ROW EXECUTE FUNCTION touch();\n"
    assert _changes(TABLE + touch + other, RETYPED + touch + other) == ["alter_column_type t"]


def test_a_function_whose_sql_standard_body_reads_a_table_is_made_after_it_and_dropped_before() -> None:
    total = (
        "CREATE FUNCTION total() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT sum(n) FROM t; END;\n"
    )
    migration = _migration(Schema(), _schema(TABLE + total), "postgres")
    assert [(op.action, op.step) for op in plan_phases(migration).swap] == [("create_object", SWAP)]
    assert _changes(TABLE + total, "CREATE TABLE s (id integer PRIMARY KEY);\n") == [
        "drop_object total()",
        "drop_table t",
        "add_table s",
    ]
    assert _changes(TABLE + total, RETYPED + total) == [
        "drop_object total() (recreated)",
        "alter_column_type t",
        "create_object total()",
    ]


def test_grants_on_a_view_are_classified_and_given_back_when_the_view_is_made_again() -> None:
    from wesley_gen.classify import ACCESS_WIDENING, NARROWING

    view = ROLE + "CREATE VIEW v AS SELECT id, n FROM t;\n"
    granted = view + "GRANT SELECT ON v TO r;\n"
    assert _changes(TABLE + granted, RETYPED + granted) == [
        "drop_object on v to r (recreated)",
        "drop_object v (recreated)",
        "alter_column_type t",
        "create_object v",
        "create_object on v to r",
    ]
    _, swap, rollback = _sql(TABLE + granted, RETYPED + granted)
    assert swap.index('REVOKE ALL ON "v" FROM "r"') < swap.index("DROP VIEW IF EXISTS v")
    assert swap.index("CREATE VIEW v") < swap.index('GRANT SELECT ON "v" TO "r"')
    assert rollback.index("CREATE VIEW v") < rollback.index('GRANT SELECT ON "v" TO "r"')

    def classes(old: str, new: str) -> list[str]:
        changes = diff_schemas(_schema(old), _schema(new)).changes
        return [classify(c, dialect="postgres").change_class for c in changes]

    assert classes(TABLE + granted, RETYPED + granted) == [
        ADDITIVE,
        ADDITIVE,
        *classes(TABLE, RETYPED),
        ADDITIVE,
        ADDITIVE,
    ]
    assert classes(TABLE + view, TABLE + granted) == [ACCESS_WIDENING]
    assert classes(TABLE + granted, TABLE + view) == [NARROWING]
    wider = granted.replace("GRANT SELECT", "GRANT SELECT, INSERT")
    assert classes(TABLE + granted, TABLE + wider) == [ACCESS_WIDENING]
    assert classes(TABLE + wider, TABLE + granted) == [NARROWING]
    assert "REVOKE ALL ON" in _sql(TABLE + granted, TABLE + wider)[1]


def test_a_grant_kept_by_its_statement_stays_refused_when_it_differs() -> None:
    old = ROLE + TWICE
    for grant in (
        "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO r",
        "GRANT EXECUTE ON ROUTINE twice TO r",
    ):
        with pytest.raises(InputError, match="not supported yet: grant"):
            check_others(_schema(old), _schema(f"{old}{grant};\n"), "a", "b")


def test_grants_on_functions_schemas_and_types_are_migrated() -> None:
    """Each role's privileges on a function, a procedure, a schema, a type (PUBLIC's default
    revoked: ``NONE``), with their grant option, as the file leaves them."""
    text = (
        ROLE + TWICE + "CREATE PROCEDURE noop() LANGUAGE sql AS 'SELECT 1';\nCREATE SCHEMA app;\n"
        "CREATE TYPE mood AS ENUM ('sad');\nREVOKE ALL ON FUNCTION twice(integer) FROM PUBLIC;\n"
        "GRANT EXECUTE ON FUNCTION twice(integer) TO r WITH GRANT OPTION;\n"
        "REVOKE EXECUTE ON PROCEDURE noop() FROM PUBLIC;\nGRANT EXECUTE ON PROCEDURE noop() TO PUBLIC;\n"
        "GRANT ALL ON SCHEMA app TO r;\nREVOKE CREATE ON SCHEMA app FROM r;\nREVOKE USAGE ON TYPE mood FROM PUBLIC;\n"
    )
    grants = {o.name: o.definition for o in _schema(text).others if o.kind == "grant"}
    assert grants == {
        "on function twice(integer) to public": "NONE",
        "on function twice(integer) to r": "EXECUTE WITH GRANT OPTION",
        "on schema app to r": "USAGE",
        "on type mood to public": "NONE",
    }  # PUBLIC's EXECUTE on noop() given back: the default, no object


def test_a_function_granted_without_its_arguments_is_the_files_one_function_of_that_name() -> None:
    """``GRANT … ON FUNCTION f`` (valid when the name is unique) was kept by its statement: adding
    one was refused and the catalog's ``f(integer)`` grant was extra. It is ``f(integer)``'s grant;
    a name of several functions, or of none, is a located error, as PostgreSQL refuses it."""
    grants = "GRANT EXECUTE ON FUNCTION {f} TO r;\nREVOKE EXECUTE ON FUNCTION public.{f} FROM PUBLIC;\n"
    named = ROLE + TWICE + grants.format(f="twice")
    assert _schema(named) == _schema(ROLE + TWICE + grants.format(f="twice(integer)"))
    assert {o.name for o in _schema(named).others if o.kind == "grant"} == {
        "on function twice(integer) to public",
        "on function twice(integer) to r",
    }
    two = TWICE + TWICE.replace("(x integer)", "(x bigint)") + "GRANT EXECUTE ON FUNCTION twice TO r;\n"
    with pytest.raises(
        InputError, match=r"^s.postgres.sql:3: GRANT/REVOKE: function name twice is not unique"
    ):
        _schema(two)
    with pytest.raises(
        InputError, match=r"^s.postgres.sql:2: GRANT/REVOKE: procedure name twice is not defined"
    ):
        _schema(TWICE + "GRANT EXECUTE ON PROCEDURE twice TO r;\n")


def test_a_grant_on_the_public_schema_is_migrated_and_its_public_usage_given_back() -> None:
    """``GRANT … ON SCHEMA public`` was kept by its statement while a database read left the
    schema's grants out (every Supabase dump failed its pre-check). PUBLIC's USAGE on it is the
    default: revoked, it is ``NONE``, and dropping that grants USAGE back."""
    text = ROLE + "GRANT USAGE ON SCHEMA public TO r;\nREVOKE USAGE ON SCHEMA public FROM PUBLIC;\n"
    assert {o.name: o.definition for o in _schema(text).others if o.kind == "grant"} == {
        "on schema public to r": "USAGE",
        "on schema public to public": "NONE",
    }
    assert _schema(ROLE + "GRANT USAGE ON SCHEMA public TO PUBLIC;\n").others == ()
    assert 'GRANT USAGE ON SCHEMA "public" TO PUBLIC' in _sql(text, ROLE)[1]


def test_a_grant_on_a_view_keeps_its_columns_and_grant_option() -> None:
    view = "CREATE TABLE t (id integer PRIMARY KEY, a text);\nCREATE VIEW v AS SELECT id, a FROM t;\n"
    text = view + ROLE + "GRANT SELECT (id, a) ON v TO r;\nGRANT INSERT ON v TO r WITH GRANT OPTION;\n"
    (grant,) = (o for o in _schema(text).others if o.kind == "grant")
    assert grant.definition == "SELECT (a, id); INSERT WITH GRANT OPTION"


def test_a_policy_calling_a_function_made_again_is_dropped_before_it_and_made_again_after() -> None:
    policy = (
        "ALTER TABLE t ENABLE ROW LEVEL SECURITY;\nCREATE POLICY mine ON t TO PUBLIC USING (twice(n) > 0);\n"
    )
    assert _changes(TWICE + TABLE + policy, TWICE_BIGINT + TABLE + policy) == [
        "drop_policy t",
        "drop_object twice(integer)",
        "create_object twice(integer)",
        "add_policy t",
    ]
    changes = diff_schemas(_schema(TWICE + TABLE + policy), _schema(TWICE_BIGINT + TABLE + policy)).changes
    policies = [c for c in changes if isinstance(c, ch.AddPolicy | ch.DropPolicy)]
    assert {classify(c, dialect="postgres").change_class for c in policies} == {ADDITIVE}


def test_a_view_column_renamed_in_the_file_takes_its_grants_along() -> None:
    """``ALTER [MATERIALIZED] VIEW … RENAME COLUMN`` (was skipped: the view and its column grants
    kept the old name) reads as the server prints the view (the column aliased) with the grants
    on the new name; the view is made again and the grant given back is the one it had."""
    view = "CREATE TABLE t (id integer PRIMARY KEY, a text);\nCREATE VIEW v AS SELECT id, a FROM t;\n"
    granted = view + ROLE + "GRANT SELECT (id, a), UPDATE (a) ON v TO r WITH GRANT OPTION;\n"
    renamed = granted + "ALTER VIEW v RENAME COLUMN a TO alpha;\n"
    aliased = granted.replace("SELECT id, a FROM", "SELECT id, a AS alpha FROM").replace(
        "(id, a), UPDATE (a)", "(id, alpha), UPDATE (alpha)"
    )
    assert _schema(renamed) == _schema(aliased)
    (grant,) = (o for o in _schema(renamed).others if o.kind == "grant")
    assert grant.definition == "SELECT (alpha, id), UPDATE (alpha) WITH GRANT OPTION"
    listed = view.replace("CREATE VIEW v AS", "CREATE MATERIALIZED VIEW v (id, label) AS")
    moved = listed + "ALTER MATERIALIZED VIEW v RENAME COLUMN label TO title;\n"
    assert _schema(moved) == _schema(listed.replace("(id, label)", "(id, title)"))
    changes = diff_schemas(_schema(granted), _schema(renamed)).changes
    assert [(c.op, str(c.name), classify(c, dialect="postgres").change_class) for c in changes] == [
        ("drop_object", "on v to r", ADDITIVE),
        ("drop_object", "v", DESTRUCTIVE),
        ("create_object", "v", ADDITIVE),
        ("create_object", "on v to r", ADDITIVE),  # was access-widening: a grant on a new column
    ]
    assert 'GRANT SELECT ("alpha", "id"), UPDATE ("alpha") ON "v" TO "r"' in _sql(granted, renamed)[1]


def test_a_view_grant_held_with_grant_option_is_revoked_cascade_and_the_others_given_again() -> None:
    """PostgreSQL refuses REVOKE ALL of a privilege the role granted on (dependent privileges
    exist): it is revoked CASCADE, and the other roles' grants on the view that stay as they were
    are given again after it (additive), since the cascade may have taken them."""
    view = ROLE + "CREATE ROLE w;\nCREATE VIEW v AS SELECT id, n FROM t;\n"
    old = TABLE + view + "GRANT SELECT ON v TO r WITH GRANT OPTION;\nGRANT SELECT ON v TO w;\n"
    new = TABLE + view + "GRANT SELECT ON v TO r;\nGRANT SELECT ON v TO w;\n"
    changes = diff_schemas(_schema(old), _schema(new)).changes
    assert [(c.op, str(c.name), classify(c, dialect="postgres").change_class) for c in changes] == [
        ("replace_object", "on v to r", "narrowing"),
        ("replace_object", "on v to w", ADDITIVE),
    ]
    swap = _sql(old, new)[1]
    assert swap.index('REVOKE ALL ON "v" FROM "r" CASCADE;') < swap.index('GRANT SELECT ON "v" TO "w";')
    assert [c.op for c in diff_schemas(_schema(new), _schema(old)).changes] == ["replace_object"]


def test_an_index_written_without_a_name_is_dropped_by_the_name_postgresql_gave_it() -> None:
    """``CREATE INDEX ON mv (a)`` on a materialized view, changed to ``(a, b)``: the swap dropped
    ``None`` (the statement has no name) and PostgreSQL kept both indexes (sqldef's
    UnnamedIndexOnMaterializedViewDefinitionChanged); the name is the one PostgreSQL gives it."""
    view = "CREATE TABLE t (a integer, b text);\nCREATE MATERIALIZED VIEW mv AS SELECT a, b FROM t;\n"
    _, swap, rollback = _sql(view + "CREATE INDEX ON mv (a);\n", view + "CREATE INDEX ON mv (a, b);\n")
    assert "DROP INDEX IF EXISTS mv_a_idx;" in swap
    assert "DROP INDEX IF EXISTS mv_a_b_idx;" in rollback


def test_a_rollback_taking_back_the_columns_a_view_gained_makes_the_views_over_it_again() -> None:
    """A view replaced in place with a column more is dropped and made again by the rollback
    (PostgreSQL cannot take a column away in place), which a view reading it refused (sqldef's
    ViewDependsOnView_UpdateBaseViewAffectingDependentViews): the reader, and its grant, go
    before and come back after; the swap still replaces in place and touches no reader."""
    top = "CREATE VIEW top AS SELECT id FROM base;\nGRANT SELECT ON top TO PUBLIC;\n"
    old = TABLE + "CREATE VIEW base AS SELECT id, n FROM t;\n" + top
    new = TABLE + "CREATE VIEW base AS SELECT id, n, label FROM t;\n" + top
    assert _changes(old, new) == ["replace_object base"]
    _, swap, rollback = _sql(old, new)
    assert "top" not in swap
    order = [
        "DROP VIEW IF EXISTS top",
        "DROP VIEW IF EXISTS base",
        "CREATE VIEW base AS SELECT id, n FROM t",
        "CREATE VIEW top AS SELECT id FROM base",
        'GRANT SELECT ON "top" TO PUBLIC',
    ]
    assert [rollback.index(s) for s in order] == sorted(rollback.index(s) for s in order)


MOODS = "CREATE TYPE mood AS ENUM ('sad', 'ok'{});\nCREATE TABLE t (id integer PRIMARY KEY, m mood);\n"


def test_the_rollback_of_an_added_enum_value_makes_what_uses_the_type_again_around_it() -> None:
    """Undoing ADD VALUE makes the type again: a view over one of its columns refused the
    conversion, and a function taking it the drop of the old type it followed (migra's enumdeps,
    enumwithfuncdep). They go first (the function by its signature, before the rename) and come
    back once the type is made again, each after what it reads; an unrelated view stays."""
    uses = (
        "CREATE VIEW moods AS SELECT id, m FROM t;\n"
        "CREATE VIEW fine AS SELECT id FROM moods WHERE m = 'ok'::mood;\n"
        "CREATE VIEW ids AS SELECT id FROM t WHERE id > 0 AND 'ok'::text <> '';\n"
        "CREATE FUNCTION brighter(x mood) RETURNS mood LANGUAGE sql AS $$ SELECT 'ok'::mood $$;\n"
        "COMMENT ON VIEW moods IS 'every mood';\n"
    )
    expand, _, rollback = _sql(MOODS.format("") + uses, MOODS.format(", 'happy'") + uses)
    assert "DROP" not in expand
    order = [
        "DROP VIEW IF EXISTS fine",
        "DROP VIEW IF EXISTS moods",
        "DROP FUNCTION IF EXISTS brighter (mood)",
        'ALTER TYPE "mood" RENAME TO "mood__wesley_old"',
        'DROP TYPE "mood__wesley_old"',
        "CREATE FUNCTION brighter",
        "CREATE VIEW moods",
        "CREATE VIEW fine",
        "COMMENT ON VIEW moods IS 'every mood'",
    ]
    assert [rollback.index(s) for s in order] == sorted(rollback.index(s) for s in order)
    assert "VIEW IF EXISTS ids" not in rollback


def test_an_enum_losing_a_value_makes_the_views_reading_its_columns_again_around_it() -> None:
    """The swap makes the type again and converts its columns, which a view reading one refused."""
    view = "CREATE VIEW moods AS SELECT id, m FROM t;\n"
    _, swap, _ = _sql(MOODS.format(", 'happy'") + view, MOODS.format("") + view)
    order = [
        "DROP VIEW IF EXISTS moods",
        'ALTER TYPE "mood" RENAME',
        'DROP TYPE "mood__wesley_old"',
        "CREATE VIEW moods",
    ]
    assert [swap.index(s) for s in order] == sorted(swap.index(s) for s in order)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (MOODS.format(", 'happy'"), MOODS.format("") + "CREATE VIEW moods AS SELECT id, m FROM t;\n"),
        (MOODS.format("") + "CREATE VIEW moods AS SELECT id, m FROM t;\n", MOODS.format(", 'happy'")),
    ],
    ids=["swap-made", "rollback-restored"],
)
def test_a_view_the_migration_makes_over_a_remade_enum_is_taken_down_around_it_too(
    pg_url: str, old: str, new: str
) -> None:
    """A view the migration makes (the swap) or makes again (the rollback) over a column of an
    enum made anew is made before the type is: left there, it would refuse the conversion, so it
    is dropped (IF EXISTS) around the conversion as a standing one is, and made once after it."""
    from tests.pgtools import run_ddl

    expand, swap, rollback = _sql(old, new)
    run_ddl(pg_url, old)
    run_ddl(pg_url, expand)
    run_ddl(pg_url, swap)
    run_ddl(pg_url, rollback)
