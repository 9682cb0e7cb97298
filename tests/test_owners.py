"""Who owns an object (issue 15: ``ALTER … OWNER TO``) and who a file's ``CURRENT_USER`` is:
read from files and databases, compared as the role that runs the migration sees them,
migrated by ``ALTER … OWNER TO`` and classified."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest

from tests.pgtools import pg_dump_schema, run_ddl
from wesley_gen.errors import InputError
from wesley_gen.hints import Hints
from wesley_gen.load import load_schema, load_text, same_runner
from wesley_gen.model import MAINTAIN_SINCE, Grant, Schema
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
    view = _schema(
        made + "CREATE VIEW v AS SELECT id FROM docs;\nALTER VIEW v OWNER TO own_bob;\n"
        "REVOKE ALL ON v FROM own_bob;\nGRANT SELECT ON v TO own_bob;\n"
    )
    assert _owners(view) == {"of view v": "own_bob holding SELECT"}
    assert not [o for o in view.others if o.kind == "grant"]
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


def test_an_extensions_owner_is_in_no_dump_and_not_modelled(pg_url: str, tmp_path: Path) -> None:
    """A trusted extension made by another role (SET ROLE): PostgreSQL has no ALTER EXTENSION …
    OWNER TO and pg_dump writes no owner for it, so its dump is the file of an extension the
    runner made, and the database compares equal to both."""
    made = "CREATE EXTENSION citext;\nCREATE TABLE t (id integer PRIMARY KEY, name citext);\n"
    run_ddl(
        pg_url,
        ROLES
        + "DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO own_alice', current_database()); END $$;\n"
        + "GRANT CREATE ON SCHEMA public TO own_alice;\nSET ROLE own_alice;\n"
        + made.splitlines()[0]
        + "\nRESET ROLE;\nREVOKE CREATE ON SCHEMA public FROM own_alice;\n"
        + made.splitlines()[1],
    )
    with psycopg.connect(pg_url) as conn:
        assert conn.execute(
            "SELECT extowner::regrole::text FROM pg_extension WHERE extname = 'citext'"
        ).fetchone() == ("own_alice",)
    text = pg_dump_schema(pg_url, owners=True)
    assert "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;" in text and "own_alice" not in text
    dump = tmp_path / "dump.sql"
    dump.write_text(text, encoding="utf-8")
    live = load_schema(pg_url)
    for written in (load_schema(str(dump)), load_text(made, "s.sql", suffix=".sql")):
        old, new = same_runner(written, live)
        assert old.schema == new.schema


def test_an_owners_own_privileges_read_from_a_database_equal_the_files(pg_url: str) -> None:
    """pg_dump's form of an owner's own privileges (the stored ACL against acldefault) reads back
    as the file states them, for a table (a column's too), a view, a function, a schema, a type
    and a collation's owner; every privilege granted back again is no difference."""
    text = (
        ROLES
        + MADE
        + "CREATE COLLATION bytewise (provider = libc, locale = 'C');\nALTER COLLATION bytewise OWNER TO own_bob;\n"
        "ALTER TABLE docs OWNER TO own_alice;\nREVOKE ALL ON docs FROM own_alice;\n"
        "GRANT SELECT, UPDATE (body) ON docs TO own_alice WITH GRANT OPTION;\n"
        "REVOKE UPDATE ON ids FROM CURRENT_USER;\nREVOKE EXECUTE ON FUNCTION twice(integer) FROM CURRENT_USER;\n"
        "REVOKE CREATE ON SCHEMA app FROM CURRENT_USER;\nREVOKE ALL ON TYPE mood FROM CURRENT_USER;\n"
        "GRANT USAGE ON TYPE mood TO CURRENT_USER;\n"
    )
    run_ddl(pg_url, text)
    live = load_schema(pg_url)
    old, new = same_runner(load_text(text, "s.sql", suffix=".sql"), live)
    assert (
        _owners(new.schema)
        == _owners(old.schema)
        == {
            "of collation bytewise": "own_bob",
            "of function twice(integer)": "CURRENT_USER holding NONE",
            "of schema app": "CURRENT_USER holding USAGE",
            "of table docs": "own_alice holding SELECT, UPDATE (body) WITH GRANT OPTION",
            "of view ids": "CURRENT_USER holding DELETE, INSERT, "
            + ("MAINTAIN, " if (live.server_version or 0) >= MAINTAIN_SINCE else "")  # PostgreSQL 17's
            + "REFERENCES, SELECT, TRIGGER, TRUNCATE",
        }
    )
    assert old.schema == new.schema


def test_migrate_names_the_roles_a_server_lacks_before_it_runs_anything(pg_url: str, tmp_path: Path) -> None:
    """A migration giving a table to a role the server does not have is refused at its pre-check,
    the role named with the statement that makes it; once made, the migration runs."""
    from tests.command import wesley

    role = f"own_missing_{uuid.uuid4().hex[:8]}"
    old = "CREATE TABLE docs (id integer PRIMARY KEY);\n"
    (tmp_path / "old.sql").write_text(old)
    (tmp_path / "new.sql").write_text(old + f"ALTER TABLE docs OWNER TO {role};\n")
    run_ddl(pg_url, old)
    made = wesley(
        "generate", "old.sql", "new.sql", "-o", "migrations/0001_own", "--dialect", "postgres",
        "--allow-access-widening", cwd=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    up = ("migrate", "up", "--db", pg_url, "--migrations", "migrations", "--target", "test")
    refused = wesley(*up, cwd=tmp_path)
    assert refused.returncode == 1
    assert f"pre-check failed: roles it names do not exist on the server: {role}" in refused.stderr
    assert f'CREATE ROLE "{role}"' in refused.stderr and "Traceback" not in refused.stderr
    run_ddl(pg_url, f"CREATE ROLE {role}")
    try:
        applied = wesley(*up, cwd=tmp_path)
        assert applied.returncode == 0, applied.stderr
        with psycopg.connect(pg_url) as conn:
            owner = conn.execute(
                "SELECT relowner::regrole::text FROM pg_class WHERE relname = 'docs'"
            ).fetchone()
        assert owner == (role,)
    finally:
        run_ddl(pg_url, f"DROP OWNED BY {role}; DROP ROLE {role}")


def test_the_schema_check_sees_the_runners_own_privileges_as_a_database_shows_them(pg_url: str) -> None:
    """A file naming the user a database is read as as an owner holding some privileges (pg_dump's
    ``OWNER TO postgres`` and ``REVOKE ALL … FROM postgres``) matches that database: the owner is
    whoever runs the migration, holding the same."""
    from wesley_gen.database_url import DatabaseUrl
    from wesley_gen.documents.contract import Stage
    from wesley_gen.model import checksum, to_dict
    from wesley_gen.run.contract import _schema_check

    with psycopg.connect(pg_url) as conn:
        (runner,) = conn.execute("SELECT current_user").fetchone() or ("",)
    text = (
        f"CREATE TABLE docs (id integer);\nALTER TABLE docs OWNER TO {runner};\n"
        f"REVOKE ALL ON TABLE docs FROM {runner};\nGRANT SELECT ON TABLE docs TO {runner};\n"
    )
    run_ddl(pg_url, text)
    expected = _schema(text)
    assert _owners(expected) == {"of table docs": f"{runner} holding SELECT"}
    stage = Stage("post", to_dict(expected, annotations=False), checksum(expected), (), ())
    check = _schema_check(stage, "post", load_schema(pg_url), DatabaseUrl.parse(pg_url))
    assert check is not None and check.matches, check


def test_an_owner_of_what_the_model_does_not_hold_is_skipped_and_roles_are_named() -> None:
    """``OWNER TO`` of an object outside the model goes with it, counted among the skipped
    statements; the roles a schema names are its owners', grants', policies' and publications'."""
    from wesley_gen.load.objects import named_roles

    loaded = load_text(
        "CREATE TEXT SEARCH CONFIGURATION fr (COPY = simple);\nALTER TEXT SEARCH CONFIGURATION fr OWNER TO own_bob;\n",
        "s.sql",
        suffix=".sql",
    )
    assert "1 ownership" in loaded.warnings[0] and not _owners(loaded.schema)
    schema = _schema(
        "CREATE TABLE docs (id integer);\nALTER TABLE docs OWNER TO own_alice;\nGRANT SELECT ON docs TO own_bob;\n"
        "ALTER TABLE docs ENABLE ROW LEVEL SECURITY;\nCREATE POLICY p ON docs TO own_carol USING (true);\n"
        "CREATE VIEW v AS SELECT id FROM docs;\nGRANT SELECT ON v TO PUBLIC;\n"
        "CREATE PUBLICATION pub FOR TABLE docs;\nALTER PUBLICATION pub OWNER TO own_dave;\n"
    )
    assert named_roles(schema) == {"own_alice", "own_bob", "own_carol", "own_dave"}


def test_a_view_whose_name_holds_a_dot_is_refused_by_the_file_and_the_database(pg_url: str) -> None:
    """``CREATE VIEW "V.Users"`` in public, owned by another role: its owner object was once put in
    a schema ``V`` (the name split at its dot) and its grants went to ``"V"."Users"`` (sqldef's
    OwnerQuotedViewRecreationWithPrivileges). A name with a dot cannot be told from a schema's
    in the model, so both sides refuse it by name."""
    text = ROLES + 'CREATE TABLE docs (id integer);\nCREATE VIEW "V.Users" AS SELECT id FROM docs;\n'
    text += 'ALTER VIEW "V.Users" OWNER TO own_bob;\n'
    run_ddl(pg_url, text)
    with pytest.raises(InputError, match=r"the name 'V\.Users' has a dot in it"):
        _schema(text)
    with pytest.raises(InputError, match=r"the relation 'V\.Users' has a dot in it"):
        load_schema(pg_url)
