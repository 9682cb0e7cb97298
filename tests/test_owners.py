"""Who owns an object (issue 15: ``ALTER … OWNER TO``) and who a file's ``CURRENT_USER`` is:
read from files and databases, compared as the role that runs the migration sees them,
migrated by ``ALTER … OWNER TO`` and classified."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from tests.pgtools import pg_dump_schema, run_ddl
from wesley_gen.errors import InputError
from wesley_gen.hints import Hints
from wesley_gen.load import load_schema, load_text, same_runner
from wesley_gen.model import Grant, Schema
from wesley_gen.plan import Options, plan_migration
from wesley_gen.render.sql import render_sql

ROLES = """\
DO $$ BEGIN CREATE ROLE own_alice; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE own_bob; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
"""
MADE = """\
CREATE SCHEMA app;
CREATE TABLE docs (id serial PRIMARY KEY, body text);
CREATE VIEW ids AS SELECT id FROM docs;
CREATE MATERIALIZED VIEW n AS SELECT count(*) AS n FROM docs;
CREATE SEQUENCE app.ticket;
CREATE FUNCTION twice(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a * 2 $$;
CREATE TYPE mood AS ENUM ('ok');
CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
"""
OWNED = """\
ALTER SCHEMA app OWNER TO own_alice;
ALTER TABLE docs OWNER TO own_alice;
ALTER SEQUENCE docs_id_seq OWNER TO own_alice;
ALTER TABLE ids OWNER TO own_bob;
ALTER MATERIALIZED VIEW n OWNER TO own_bob;
ALTER SEQUENCE app.ticket OWNER TO own_bob;
ALTER FUNCTION twice OWNER TO own_bob;
ALTER TYPE mood OWNER TO own_bob;
ALTER DOMAIN positive OWNER TO own_bob;
"""


_ALL_BUT_SELECT = "DELETE, INSERT, MAINTAIN, REFERENCES, TRIGGER, TRUNCATE, UPDATE"


def _owners(schema: Schema) -> dict[str, str]:
    return {o.name: o.definition for o in schema.others if o.kind == "owner"}


def _schema(text: str) -> Schema:
    return load_text(text, "s.sql", suffix=".sql").schema


def test_a_file_names_the_owner_of_each_kind_it_makes() -> None:
    """``ALTER TABLE`` naming a view is the view's owner; the sequence a column owns goes with
    its table (no owner of its own)."""
    assert _owners(_schema(MADE + OWNED)) == {
        "of schema app": "own_alice",
        "of table docs": "own_alice",
        "of view ids": "own_bob",
        "of materialized view n": "own_bob",
        "of sequence app.ticket": "own_bob",
        "of function twice(integer)": "own_bob",
        "of type mood": "own_bob",
        "of domain positive": "own_bob",
    }


def test_set_role_makes_an_owner_and_current_user_is_whoever_runs_the_file() -> None:
    made = "SET ROLE own_alice;\nCREATE TABLE docs (id integer);\nCREATE VIEW v AS SELECT id FROM docs;\nRESET ROLE;\n"
    assert _owners(_schema(made)) == {"of table docs": "own_alice", "of view v": "own_alice"}
    back = made + "ALTER TABLE docs OWNER TO CURRENT_USER;\nALTER VIEW v OWNER TO SESSION_USER;\n"
    assert _owners(_schema(back)) == {}
    assert _owners(_schema("CREATE TABLE t (id integer);\nALTER TABLE t OWNER TO nobody_made;\n")) == {
        "of table t": "nobody_made"
    }
    assert _owners(_schema("ALTER TABLE elsewhere OWNER TO own_alice;\n")) == {}  # not the file's


@pytest.mark.parametrize("spoken", ["CURRENT_USER", "CURRENT_ROLE"])
def test_granted_by_current_user_is_the_role_set_role_made_current(spoken: str) -> None:
    table = "CREATE TABLE docs (id integer);\nGRANT SELECT ON docs TO own_alice WITH GRANT OPTION;\n"
    by_role = (
        table + f"SET ROLE own_alice;\nGRANT SELECT ON docs TO own_bob GRANTED BY {spoken};\nRESET ROLE;\n"
    )
    docs = _schema(by_role).table("docs")
    assert docs is not None and Grant("own_bob", "SELECT", grantor="own_alice") in docs.grants
    plain = _schema(table + f"GRANT SELECT ON docs TO own_bob GRANTED BY {spoken};\n").table("docs")
    assert plain is not None and Grant("own_bob", "SELECT") in plain.grants  # whoever runs it: the owner
    view = "CREATE VIEW v AS SELECT 1 AS one;\nGRANT SELECT ON v TO own_bob GRANTED BY SESSION_USER;\n"
    assert [o.name for o in _schema(view).others if o.kind == "grant"] == ["on v to own_bob"]


def test_session_user_under_set_role_is_a_located_error() -> None:
    text = "CREATE TABLE docs (id integer);\nSET ROLE own_alice;\nGRANT SELECT ON docs TO own_bob GRANTED BY SESSION_USER;\n"
    with pytest.raises(InputError, match=r"^s.sql:3: GRANTED BY SESSION USER: under SET ROLE own_alice"):
        _schema(text)
    with pytest.raises(InputError, match=r"^s.sql:3: OWNER TO SESSION USER: under SET ROLE own_alice"):
        _schema(
            "CREATE VIEW v AS SELECT 1 AS one;\nSET ROLE own_alice;\nALTER VIEW v OWNER TO SESSION_USER;\n"
        )


def test_the_new_owners_privileges_are_its_own_with_its_grant_option() -> None:
    """PostgreSQL folds what the new owner held from the owner into its own privileges (a grant
    option stays there, beside every privilege: pg_dump's ``REVOKE ALL`` and ``GRANT … WITH GRANT
    OPTION`` to the owner); a grant made as the role before, or as the owner after, is the owner's."""
    made = "CREATE TABLE docs (id integer);\nCREATE VIEW v AS SELECT id FROM docs;\n"
    held = "GRANT SELECT ON docs TO own_alice;\nGRANT SELECT ON v TO own_alice;\nALTER TABLE docs OWNER TO own_alice;\nALTER VIEW v OWNER TO own_alice;\n"
    after = (
        "SET ROLE own_alice;\nGRANT SELECT ON docs TO own_bob;\nGRANT SELECT ON v TO own_bob;\nRESET ROLE;\n"
    )
    schema = _schema(made + held + after)
    docs = schema.table("docs")
    assert docs is not None and docs.grants == (Grant("own_bob", "SELECT"),)
    assert [o.name for o in schema.others if o.kind == "grant"] == ["on v to own_bob"]
    assert _owners(schema) == {
        "of table docs": "own_alice",
        "of view v": "own_alice",
    }  # SELECT: in ALL already
    option = (
        "GRANT SELECT ON docs TO own_alice WITH GRANT OPTION;\nGRANT SELECT ON v TO own_alice WITH GRANT OPTION;\n"
        "SET ROLE own_alice;\nGRANT SELECT ON docs TO own_bob;\nGRANT SELECT ON v TO own_bob;\nRESET ROLE;\n"
        "ALTER TABLE docs OWNER TO own_alice;\nALTER VIEW v OWNER TO own_alice;\n"
    )
    schema = _schema(made + option)
    docs = schema.table("docs")
    assert docs is not None and docs.grants == (Grant("own_bob", "SELECT"),)  # made by the owner now
    assert [o.name for o in schema.others if o.kind == "grant"] == ["on v to own_bob"]
    assert _owners(schema) == {
        "of table docs": f"own_alice holding {_ALL_BUT_SELECT}; SELECT WITH GRANT OPTION",
        "of view v": f"own_alice holding {_ALL_BUT_SELECT}; SELECT WITH GRANT OPTION",
    }


def test_an_owners_own_privileges_revoked_and_granted() -> None:
    """``REVOKE … FROM`` the owner (by name, or ``CURRENT_USER`` for whoever runs the file) and a
    ``GRANT`` back are the owner's own privileges, as pg_dump writes them; every one again is none."""
    made = "CREATE TABLE docs (id integer, body text);\nCREATE FUNCTION f() RETURNS integer LANGUAGE sql AS 'SELECT 1';\n"
    schema = _schema(
        made
        + "REVOKE UPDATE, DELETE ON docs FROM CURRENT_USER;\nGRANT UPDATE (body) ON docs TO CURRENT_USER;\n"
        "REVOKE EXECUTE ON FUNCTION f() FROM CURRENT_USER;\n"
    )
    assert _owners(schema) == {
        "of function f()": "CURRENT_USER holding NONE",
        "of table docs": "CURRENT_USER holding INSERT, MAINTAIN, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE (body)",
    }
    dumped = _schema(
        made + "ALTER TABLE docs OWNER TO own_alice;\nREVOKE ALL ON TABLE docs FROM own_alice;\n"
        "GRANT ALL ON TABLE docs TO own_alice;\n"
    )
    assert _owners(dumped) == {"of table docs": "own_alice"}
    with pytest.raises(InputError, match=r"^s.sql:4: GRANT: CURRENT_USER names whoever runs the statement"):
        _schema(made + "ALTER TABLE docs OWNER TO own_alice;\nGRANT SELECT ON docs TO CURRENT_USER;\n")


def test_an_owner_is_migrated_and_classified() -> None:
    old = "CREATE TABLE docs (id integer);\nCREATE FUNCTION f(a integer) RETURNS integer LANGUAGE sql AS 'SELECT a';\n"
    given = old + "ALTER TABLE docs OWNER TO own_alice;\nALTER FUNCTION f(integer) OWNER TO own_bob;\n"
    migration = plan_migration(
        _schema(old), _schema(given), Hints(), dialect="postgres", migration_id="0001_own",
        options=Options(allow_access_widening=True),
    )  # fmt: skip
    assert [(c.change.op, str(c.change.name), c.verdict.change_class) for c in migration.changes] == [
        ("create_object", "of function f(integer)", "access-widening"),
        ("create_object", "of table docs", "access-widening"),
    ]
    scripts = render_sql(migration)
    assert 'ALTER TABLE "docs" OWNER TO "own_alice";' in scripts.swap
    assert 'ALTER FUNCTION "f"(INT) OWNER TO "own_bob";' in scripts.swap
    assert 'ALTER TABLE "docs" OWNER TO CURRENT_USER;' in scripts.rollback
    new_table = old + "CREATE TABLE notes (id integer);\nALTER TABLE notes OWNER TO own_alice;\n"
    back = plan_migration(
        _schema(given), _schema(new_table), Hints(), dialect="postgres", migration_id="0002_own",
        options=Options(allow_access_widening=True),
    )  # fmt: skip
    assert sorted((c.change.op, str(c.change.name), c.verdict.change_class) for c in back.changes) == [
        ("add_table", "None", "additive"),
        ("create_object", "of table notes", "additive"),  # a new table: nothing changes hands
        ("drop_object", "of function f(integer)", "narrowing"),
        ("drop_object", "of table docs", "narrowing"),
    ]


def test_a_dump_with_owners_diffs_clean_against_its_database(pg_url: str, tmp_path: Path) -> None:
    """pg_dump names every owner, the user the database is read as among them: that user's
    objects have no owner object on either side, the others' compare."""
    run_ddl(pg_url, ROLES + MADE + OWNED.replace("ALTER TABLE ids OWNER TO own_bob;\n", ""))
    with psycopg.connect(pg_url) as conn:
        (runner,) = conn.execute("SELECT current_user").fetchone() or ("",)
    live = load_schema(pg_url)
    assert live.role == runner
    assert "of view ids" not in _owners(live.schema) and _owners(live.schema)["of table docs"] == "own_alice"
    dump = tmp_path / "dump.sql"
    dump.write_text(pg_dump_schema(pg_url, owners=True), encoding="utf-8")
    dumped = load_schema(str(dump))
    assert _owners(dumped.schema)["of view ids"] == runner  # as pg_dump writes it
    old, new = same_runner(dumped, live)
    assert old.schema == new.schema
