"""Row-level security, policies and grants (issue 15, points 2, 3 and 5): on the table model,
read from SQL files and live databases alike, diffed, generated, classified and checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pgtools import pg_dump_schema, run_ddl, server_version
from wesley_gen.errors import InputError
from wesley_gen.load import load_schema, load_text, same_runner
from wesley_gen.load.objects import as_server_keeps
from wesley_gen.load.snapshot import load_snapshot
from wesley_gen.model import MAINTAIN_SINCE, Grant, Policy, Schema, Table, canonical_json, checksum

ROLES = """\
DO $$ BEGIN CREATE ROLE sec_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE sec_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
"""
SECURED = """\
CREATE TABLE members (team_id integer, user_name text);
CREATE TABLE docs (id integer PRIMARY KEY, owner text NOT NULL, team_id integer, tenant uuid, body text);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
ALTER TABLE docs FORCE ROW LEVEL SECURITY;
CREATE POLICY own ON docs FOR SELECT TO sec_reader, sec_writer USING (owner = current_user);
CREATE POLICY tenant ON docs AS RESTRICTIVE USING (tenant = current_setting('app.tenant')::uuid)
    WITH CHECK (tenant = current_setting('app.tenant')::uuid);
CREATE POLICY team ON docs FOR UPDATE
    USING (exists (select 1 from members m where m.team_id = docs.team_id and m.user_name = current_user));
CREATE POLICY ins ON docs FOR INSERT WITH CHECK (owner = current_user and body like 'x%');
ALTER POLICY own ON docs TO sec_reader, sec_writer, PUBLIC;
GRANT SELECT ON docs TO sec_reader;
GRANT ALL ON docs TO sec_writer;
GRANT UPDATE (body), SELECT (id, body) ON docs TO sec_reader WITH GRANT OPTION;
REVOKE DELETE ON docs FROM sec_writer;
"""


def _table(text: str, name: str = "docs") -> Table:
    table = load_text(text, "s.sql", suffix=".sql").schema.table(name)
    assert table is not None
    return table


def test_a_file_states_row_level_security_policies_and_grants_on_the_table() -> None:
    docs = _table(SECURED)
    assert (docs.row_security, docs.force_row_security) == (True, True)
    assert [p.name for p in docs.policies] == ["ins", "own", "team", "tenant"]
    own, tenant = docs.policies[1], docs.policies[3]
    assert own == Policy(
        "own", "select", True, ("public",), "owner = CURRENT_USER"
    )  # PUBLIC takes in the others
    assert (tenant.command, tenant.permissive, tenant.roles) == ("all", False, ("public",))
    assert tenant.using == tenant.check == "tenant = CAST(CURRENT_SETTING('app.tenant') AS UUID)"
    assert Grant("sec_reader", "SELECT") in docs.grants
    assert Grant("sec_reader", "UPDATE", "body", grantable=True) in docs.grants
    assert {g.privilege for g in docs.grants if g.grantee == "sec_writer"} == {
        "INSERT", "MAINTAIN", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE",
    }  # fmt: skip


def test_grant_all_is_one_grant_and_a_revoke_of_the_table_takes_its_columns_too() -> None:
    docs = _table(
        "CREATE TABLE docs (id int, body text);\nGRANT ALL ON docs TO a;\nGRANT SELECT (body) ON docs TO b;\n"
        "GRANT INSERT ON docs TO b;\nREVOKE SELECT ON docs FROM b;\n"
    )
    assert docs.grants == (Grant("a", "ALL"), Grant("b", "INSERT"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("CREATE TABLE t (id int);\nCREATE POLICY p ON t TO current_user USING (true);", "name the role"),
        ("CREATE TABLE t (id int);\nCREATE POLICY p ON t;\nCREATE POLICY p ON t;", "duplicate policy 'p'"),
        (
            "CREATE TABLE t (id int);\nALTER POLICY p ON t USING (true);",
            "policy 'p' on table 't' is not defined",
        ),
        ("CREATE POLICY p ON t USING (true);", "table 't' is not defined above"),
    ],
)
def test_a_policy_the_file_cannot_mean_is_refused_at_its_line(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        load_text(text, "s.sql", suffix=".sql")
    assert caught.value.location is not None and caught.value.location.line is not None


def test_the_snapshot_keeps_them_and_a_table_without_them_keeps_its_checksum() -> None:
    schema = load_text(SECURED, "s.sql", suffix=".sql").schema
    assert load_snapshot(canonical_json(schema), "schema.json").schema == schema
    plain = Schema((Table("t", ()),))
    assert "row_security" not in canonical_json(plain) and checksum(plain) == checksum(
        Schema((Table("t", ()),))
    )


def test_a_database_built_from_the_file_reads_back_equal(pg_url: str) -> None:
    run_ddl(pg_url, ROLES + SECURED)
    live = load_schema(pg_url)
    assert live.server_version is not None  # before 17: the file's MAINTAIN is not there
    written = as_server_keeps(load_text(SECURED, "s.sql", suffix=".sql").schema, live.server_version)
    assert live.schema.table("docs") == written.table("docs")
    assert live.schema.others == ()


def _changes(old: str, new: str) -> list[tuple[str, str, str]]:
    from wesley_gen.classify import classify
    from wesley_gen.diff import diff_schemas

    result = diff_schemas(
        load_text(old, "old.sql", suffix=".sql").schema, load_text(new, "new.sql", suffix=".sql").schema
    )
    return [(c.op, str(c.name), classify(c, dialect="postgres").change_class) for c in result.changes]


TABLE = "CREATE TABLE docs (id integer PRIMARY KEY, owner text, body text);\n"
RLS = "ALTER TABLE docs ENABLE ROW LEVEL SECURITY;\n"
FUNCTION = "CREATE FUNCTION f() RETURNS integer LANGUAGE sql AS 'SELECT 1';\n"
LOCKED = "REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC;\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (TABLE, TABLE + RLS, [("alter_row_security", "None", "narrowing")]),
        (TABLE + RLS, TABLE, [("alter_row_security", "None", "access-widening")]),
        (TABLE, TABLE + "CREATE POLICY p ON docs USING (true);", [("add_policy", "p", "access-widening")]),
        (  # every row was open before row-level security: the policy keeps some open, no more
            TABLE,
            TABLE + RLS + "CREATE POLICY p ON docs USING (owner = current_user);",
            [("alter_row_security", "None", "narrowing"), ("add_policy", "p", "narrowing")],
        ),
        (  # already on: a permissive policy opens rows no policy opened
            TABLE + RLS + "CREATE POLICY p ON docs USING (owner = current_user);",
            TABLE + RLS + "CREATE POLICY p ON docs USING (owner = current_user);\nCREATE POLICY q ON docs USING (true);",
            [("add_policy", "q", "access-widening")],
        ),
        (TABLE, TABLE + "CREATE POLICY p ON docs AS RESTRICTIVE USING (true);", [("add_policy", "p", "narrowing")]),
        (TABLE + "CREATE POLICY p ON docs USING (true);", TABLE, [("drop_policy", "p", "narrowing")]),
        (TABLE + "CREATE POLICY p ON docs AS RESTRICTIVE USING (true);", TABLE, [("drop_policy", "p", "access-widening")]),
        (
            TABLE + "CREATE POLICY p ON docs USING (owner = current_user);",
            TABLE + "CREATE POLICY p ON docs USING (owner = current_user AND body IS NOT NULL);",
            [("alter_policy", "p", "narrowing")],
        ),
        (
            TABLE + "CREATE POLICY p ON docs USING (owner = current_user);",
            TABLE + "CREATE POLICY p ON docs USING (owner = current_user OR body IS NULL);",
            [("alter_policy", "p", "access-widening")],
        ),
        (
            TABLE + "CREATE POLICY p ON docs TO a, b USING (true);",
            TABLE + "CREATE POLICY p ON docs TO a USING (true);",
            [("alter_policy", "p", "narrowing")],
        ),
        (
            TABLE + "CREATE POLICY p ON docs AS RESTRICTIVE TO a, b USING (true);",
            TABLE + "CREATE POLICY p ON docs AS RESTRICTIVE TO a USING (true);",
            [("alter_policy", "p", "access-widening")],
        ),
        (
            TABLE + "CREATE POLICY p ON docs FOR SELECT USING (true);",
            TABLE + "CREATE POLICY p ON docs FOR UPDATE USING (true);",
            [("drop_policy", "p", "narrowing"), ("add_policy", "p", "access-widening")],
        ),
        (TABLE, TABLE + "GRANT SELECT ON docs TO a;", [("add_grant", "SELECT to a", "access-widening")]),
        (TABLE + "GRANT SELECT (body) ON docs TO a;", TABLE, [("drop_grant", "SELECT (body) to a", "narrowing")]),
        (
            TABLE + "GRANT ALL ON docs TO a;",
            TABLE + "GRANT ALL ON docs TO a;\nREVOKE DELETE, MAINTAIN ON docs FROM a;",
            [("drop_grant", "DELETE to a", "narrowing"), ("drop_grant", "MAINTAIN to a", "narrowing")],
        ),
        # Each widening of the brief's list, and its reverse (narrowing):
        (TABLE + "GRANT SELECT ON docs TO a;", TABLE + "GRANT SELECT ON docs TO a WITH GRANT OPTION;", [
            ("drop_grant", "SELECT to a", "narrowing"), ("add_grant", "SELECT to a", "access-widening"),
        ]),
        (TABLE + "GRANT SELECT ON docs TO a WITH GRANT OPTION;", TABLE + "GRANT SELECT ON docs TO a;", [
            ("drop_grant", "SELECT to a", "narrowing"), ("add_grant", "SELECT to a", "narrowing"),
        ]),
        (TABLE, TABLE + "GRANT SELECT ON docs TO PUBLIC;", [("add_grant", "SELECT to public", "access-widening")]),
        (TABLE + "GRANT SELECT ON docs TO PUBLIC;", TABLE, [("drop_grant", "SELECT to public", "narrowing")]),
        (TABLE + "GRANT SELECT (body) ON docs TO a;", TABLE + "GRANT SELECT ON docs TO a;", [
            ("drop_grant", "SELECT (body) to a", "narrowing"), ("add_grant", "SELECT to a", "access-widening"),
        ]),
        (TABLE + "GRANT SELECT ON docs TO a;", TABLE + "GRANT SELECT (body) ON docs TO a;", [
            ("drop_grant", "SELECT to a", "narrowing"), ("add_grant", "SELECT (body) to a", "narrowing"),
        ]),
        (
            TABLE + "CREATE POLICY p ON docs AS RESTRICTIVE USING (owner = current_user);",
            TABLE + "CREATE POLICY p ON docs USING (owner = current_user);",
            [("drop_policy", "p", "access-widening"), ("add_policy", "p", "access-widening")],
        ),
        (
            TABLE + "CREATE POLICY p ON docs USING (owner = current_user);",
            TABLE + "CREATE POLICY p ON docs AS RESTRICTIVE USING (owner = current_user);",
            [("drop_policy", "p", "narrowing"), ("add_policy", "p", "narrowing")],
        ),
        (
            TABLE + "CREATE POLICY p ON docs TO a USING (true);",
            TABLE + "CREATE POLICY p ON docs TO a, b USING (true);",
            [("alter_policy", "p", "access-widening")],
        ),
        (TABLE + RLS + "ALTER TABLE docs FORCE ROW LEVEL SECURITY;", TABLE + RLS, [
            ("alter_row_security", "None", "access-widening"),
        ]),
        (TABLE + RLS, TABLE + RLS + "ALTER TABLE docs FORCE ROW LEVEL SECURITY;", [
            ("alter_row_security", "None", "narrowing"),
        ]),
        # PUBLIC's default EXECUTE: revoked is narrowing, given back widening, gone with its function neither.
        (FUNCTION, FUNCTION + LOCKED, [("create_object", "on function f() to public", "narrowing")]),
        (FUNCTION + LOCKED, FUNCTION, [("drop_object", "on function f() to public", "access-widening")]),
        (FUNCTION + LOCKED, "", [
            ("drop_object", "on function f() to public", "narrowing"), ("drop_object", "f()", "destructive"),
        ]),
        ("", TABLE + RLS + "CREATE POLICY p ON docs USING (true);\nGRANT SELECT ON docs TO a;", [
            ("add_table", "None", "additive"), ("alter_row_security", "None", "additive"),
            ("add_policy", "p", "additive"), ("add_grant", "SELECT to a", "additive"),
        ]),
    ],
)  # fmt: skip
def test_each_security_change_is_classified_by_who_may_read_or_write(
    old: str, new: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _changes(old, new) == expected


SECURE = TABLE + RLS
OPEN = "CREATE POLICY pub ON docs FOR SELECT USING (true);\n"
OWNED = "CREATE POLICY own ON docs FOR SELECT USING (owner = current_user);\n"
HIDDEN = "CREATE POLICY hide ON docs AS RESTRICTIVE USING (owner = current_user);\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # A policy replaced under another name by a narrower one: the table's SELECT policies
        # let no more through, so the new one is not access-widening (the drop narrows).
        (SECURE + OPEN, SECURE + OWNED, [("drop_policy", "pub", "narrowing"), ("add_policy", "own", "additive")]),
        # ... and back: the wider one widens, the narrower one goes within it
        (SECURE + OWNED, SECURE + OPEN, [("drop_policy", "own", "additive"), ("add_policy", "pub", "access-widening")]),
        # the same policy under another name: nothing changes for anyone
        (SECURE + OWNED, SECURE + OWNED.replace("own ", "mine "), [
            ("drop_policy", "own", "additive"), ("add_policy", "mine", "additive"),
        ]),
        # FALSE lets nothing through; TRUE adds no condition
        (SECURE + OWNED, SECURE + "CREATE POLICY nobody ON docs FOR SELECT USING (false);", [
            ("drop_policy", "own", "narrowing"), ("add_policy", "nobody", "additive"),
        ]),
        (SECURE + OWNED, SECURE + OWNED.replace("own ", "own2 ").replace("current_user", "current_user AND true"), [
            ("drop_policy", "own", "additive"), ("add_policy", "own2", "additive"),
        ]),
        # per role: another role, or PUBLIC for one role, is more
        (SECURE + OPEN.replace("SELECT", "SELECT TO a"), SECURE + OPEN.replace("pub ON docs FOR SELECT", "p2 ON docs FOR SELECT TO b"), [
            ("drop_policy", "pub", "narrowing"), ("add_policy", "p2", "access-widening"),
        ]),
        (SECURE + OPEN.replace("SELECT", "SELECT TO a"), SECURE + OPEN.replace("pub ", "p2 "), [
            ("drop_policy", "pub", "additive"), ("add_policy", "p2", "access-widening"),
        ]),
        (SECURE + OPEN, SECURE + OPEN.replace("pub ON docs FOR SELECT", "p2 ON docs FOR SELECT TO a, b"), [
            ("drop_policy", "pub", "narrowing"), ("add_policy", "p2", "additive"),
        ]),
        # per command: FOR ALL covers SELECT; SELECT does not cover ALL's writes
        (SECURE + "CREATE POLICY p ON docs USING (true);", SECURE + OPEN, [
            ("drop_policy", "p", "narrowing"), ("add_policy", "pub", "additive"),
        ]),
        (SECURE + OPEN, SECURE + "CREATE POLICY p ON docs USING (true);", [
            ("drop_policy", "pub", "additive"), ("add_policy", "p", "access-widening"),
        ]),
        # an UPDATE's new rows: WITH CHECK, else its USING
        (SECURE + "CREATE POLICY u ON docs FOR UPDATE USING (owner = current_user);",
         SECURE + "CREATE POLICY u ON docs FOR UPDATE USING (owner = current_user) WITH CHECK (owner = current_user AND body IS NOT NULL);",
         [("alter_policy", "u", "narrowing")]),
        (SECURE + "CREATE POLICY u ON docs FOR UPDATE USING (owner = current_user);",
         SECURE + "CREATE POLICY u2 ON docs FOR UPDATE USING (owner = current_user) WITH CHECK (true);",
         [("drop_policy", "u", "additive"), ("add_policy", "u2", "access-widening")]),
        # a policy made wider than it was, while another lets all of it through already
        (SECURE + OPEN + OWNED, SECURE + OPEN + OWNED.replace("current_user", "current_user OR id > 0"), [
            ("alter_policy", "own", "narrowing"),
        ]),
        # restrictive: replaced by a stricter one, the drop frees nothing; by a looser one, it does
        (SECURE + HIDDEN, SECURE + HIDDEN.replace("hide ", "guard ").replace("user)", "user AND body IS NOT NULL)"), [
            ("drop_policy", "hide", "additive"), ("add_policy", "guard", "narrowing"),
        ]),
        (SECURE + HIDDEN, SECURE + HIDDEN.replace("hide ", "guard ").replace("owner = current_user", "true"), [
            ("drop_policy", "hide", "access-widening"), ("add_policy", "guard", "additive"),
        ]),
    ],
)  # fmt: skip
def test_a_table_s_policies_are_judged_as_a_whole_per_command_and_role(
    old: str, new: str, expected: list[tuple[str, str, str]]
) -> None:
    """PostgreSQL lets a row through when any permissive policy for the command and role does
    and every restrictive one does: a policy made or dropped widens access only if the other
    version's policies do not cover it (docs/generate.md, row-level security)."""
    assert _changes(old, new) == expected


def test_explain_says_which_policy_replaced_which(tmp_path: Path) -> None:
    """The narrower policy under a new name is generated without --allow-access-widening, and
    explain names the policy it replaces (and the dropped one, what replaced it)."""
    from wesley_gen.api.changes import explain_plan, generate_migration
    from wesley_gen.hints import Hints

    old, new = tmp_path / "old.sql", tmp_path / "new.sql"
    old.write_text(SECURE + OPEN)
    new.write_text(SECURE + OWNED)
    generate_migration(str(old), str(new), str(tmp_path / "0001_private"), hints=Hints())
    text = explain_plan(str(tmp_path / "0001_private"), format="text").text
    assert "ACCESS-WIDENING" not in text
    assert "reach no row that 'pub' did not (FOR select); it replaces 'pub'" in " ".join(text.split())
    assert "replaced by 'own'" in " ".join(text.split())


def test_an_enum_made_again_gets_its_grants_back_after_it_is() -> None:
    """An enum that loses a value is made again under its name, with PostgreSQL's default
    privileges: its grants are revoked before and given back after (additive: as they were)."""
    enum = "CREATE TYPE mood AS ENUM ('sad', 'happy'{});\nCREATE TABLE t (id integer PRIMARY KEY, m mood);\n"
    grants = "REVOKE USAGE ON TYPE mood FROM PUBLIC;\nGRANT USAGE ON TYPE mood TO a;\n"
    assert _changes(enum.format(", 'meh'") + grants, enum.format("") + grants) == [
        ("drop_object", "on type mood to public", "additive"),
        ("drop_object", "on type mood to a", "additive"),
        ("drop_enum_value", "mood", "narrowing"),
        ("create_object", "on type mood to a", "additive"),
        ("create_object", "on type mood to public", "additive"),
    ]


def test_a_policy_reads_its_own_columns_unqualified_outside_subqueries() -> None:
    """``docs.owner`` and ``public.docs.owner`` are ``owner``, as pg_get_expr prints them (the
    server keeps the qualifier inside a subquery, where another relation may take the name)."""
    bare = _table(TABLE + "CREATE POLICY p ON docs USING (owner = current_user) WITH CHECK (body <> '');")
    qualified = _table(
        TABLE + "CREATE POLICY p ON docs USING (docs.owner = current_user);\n"
        "ALTER POLICY p ON public.docs WITH CHECK (public.docs.body <> '');"
    )
    assert qualified.policies == bare.policies
    sub = "EXISTS (SELECT 1 FROM docs AS d WHERE d.id = docs.id)"
    kept = _table(TABLE + f"CREATE POLICY p ON docs USING ({sub});").policies[0].using
    assert kept is not None and "docs.id" in kept


def test_a_column_rename_keeps_the_policies_and_grants_that_read_it() -> None:
    from wesley_gen.diff import diff_schemas
    from wesley_gen.hints import Hints

    old = load_text(
        TABLE + "CREATE POLICY p ON docs USING (owner = current_user);\nGRANT SELECT (owner) ON docs TO a;",
        "o.sql",
        suffix=".sql",
    )
    new = load_text(
        TABLE.replace("owner", "author")
        + "CREATE POLICY p ON docs USING (author = current_user);\nGRANT SELECT (author) ON docs TO a;",
        "n.sql",
        suffix=".sql",
    )
    result = diff_schemas(old.schema, new.schema, Hints.from_flags(("docs.owner=docs.author",), (), ()))
    assert [c.op for c in result.changes] == ["rename_column"]


def test_generate_refuses_access_widening_unless_allowed(tmp_path: Path) -> None:
    from wesley_gen.errors import ProblemFound
    from wesley_gen.hints import Hints
    from wesley_gen.plan import Options, plan_migration

    old = load_text(TABLE, "o.sql", suffix=".sql").schema
    new = load_text(TABLE + "GRANT SELECT ON docs TO a;", "n.sql", suffix=".sql").schema
    with pytest.raises(
        ProblemFound, match=r"1 change\(s\) would widen who may read or write: add_grant docs SELECT to a"
    ):
        plan_migration(old, new, Hints(), dialect="postgres", migration_id="m")
    allowed = Options(allow_access_widening=True)
    assert plan_migration(old, new, Hints(), dialect="postgres", migration_id="m", options=allowed).changes


def test_generate_apply_and_roll_back_on_postgres(pg_url: str, tmp_path: Path) -> None:
    """Up, the database diffs clean against the new file; down, clean against the old one."""
    from wesley_gen.cli import main

    old_text = (
        TABLE + RLS + "CREATE POLICY p ON docs FOR SELECT TO sec_reader USING (owner = current_user);\n"
    )
    new_text = (
        TABLE
        + RLS
        + "ALTER TABLE docs FORCE ROW LEVEL SECURITY;\n"
        + (
            "CREATE POLICY p ON docs FOR SELECT TO sec_reader USING (owner = current_user AND body IS NOT NULL);\n"
            "CREATE POLICY w ON docs AS RESTRICTIVE FOR INSERT WITH CHECK (owner = current_user);\n"
            "GRANT SELECT, UPDATE (body) ON docs TO sec_writer;\n"
        )
    )
    run_ddl(pg_url, ROLES + old_text)
    old, new = tmp_path / "old.sql", tmp_path / "new.sql"
    old.write_text(old_text)
    new.write_text(new_text)
    folder = tmp_path / "m" / "0001_secure"

    def run(*args: str) -> int:
        with pytest.raises(SystemExit) as caught:
            main(list(args))
        return int(caught.value.code or 0)

    assert run("generate", str(old), str(new), "-o", str(folder)) == 1  # the grant widens access
    assert run("generate", str(old), str(new), "-o", str(folder), "--allow-access-widening") == 0
    swap = (folder / "swap.sql").read_text()
    assert 'ALTER POLICY "p" ON "docs" TO "sec_reader" USING' in swap
    assert 'GRANT UPDATE ("body") ON TABLE "docs" TO "sec_writer";' in swap
    contract = (folder / "contract.json").read_text()
    assert (
        '"kind": "policy"' in contract
        and '"kind": "grant"' in contract
        and '"kind": "row_security"' in contract
    )
    up = ("migrate", "up", "--db", pg_url, "--migrations", str(tmp_path / "m"), "--target", "test", "--force")
    assert run(*up) == 0
    assert load_schema(pg_url).schema.table("docs") == load_text(
        new_text, "n.sql", suffix=".sql"
    ).schema.table("docs")
    assert (
        run(
            "migrate",
            "down",
            "--db",
            pg_url,
            "--migrations",
            str(tmp_path / "m"),
            "--target",
            "test",
            "--force",
        )
        == 0
    )
    assert load_schema(pg_url).schema.table("docs") == load_text(
        old_text, "o.sql", suffix=".sql"
    ).schema.table("docs")


def test_a_grant_on_a_column_the_table_lacks_is_refused_at_its_line() -> None:
    with pytest.raises(InputError, match=r"^s\.sql:2: column t\.nope is not defined above this statement$"):
        load_text("CREATE TABLE t (id int);\nGRANT SELECT (nope) ON t TO a;", "s.sql", suffix=".sql")


def test_the_post_check_fails_when_the_security_state_is_not_as_declared(pg_url: str) -> None:
    """Point 5: after a migration the contract checks that row-level security is switched as
    declared, each policy is there with its command and roles, and the grants are exactly the
    declared ones; each departure fails its own check, and the schema check names it."""
    from wesley_gen.database_url import DatabaseUrl
    from wesley_gen.hints import Hints
    from wesley_gen.plan import Options, plan_migration
    from wesley_gen.render.contract import render_contract
    from wesley_gen.run.contract import FAILED, evaluate

    secured = (
        TABLE
        + RLS
        + "ALTER TABLE docs FORCE ROW LEVEL SECURITY;\n"
        + (
            "CREATE POLICY p ON docs FOR SELECT TO sec_reader USING (owner = current_user);\n"
            "GRANT SELECT ON docs TO sec_reader;\n"
        )
    )
    migration = plan_migration(
        load_text(TABLE, "old.sql", suffix=".sql").schema,
        load_text(secured, "new.sql", suffix=".sql").schema,
        Hints(),
        dialect="postgres",
        migration_id="0001_secure",
        options=Options(allow_access_widening=True),
    )
    contract, url = render_contract(migration), DatabaseUrl.parse(pg_url)
    run_ddl(pg_url, ROLES + secured)
    assert evaluate(contract, "post", url).passed

    def failing(tampering: str, undo: str) -> list[str]:
        run_ddl(pg_url, tampering)
        result = evaluate(contract, "post", url)
        run_ddl(pg_url, undo)
        assert not result.passed and result.schema is not None and not result.schema.matches
        return [f"{a.kind} {a.table}" for a in result.assertions if a.status == FAILED]

    assert failing(
        "ALTER TABLE docs NO FORCE ROW LEVEL SECURITY;", "ALTER TABLE docs FORCE ROW LEVEL SECURITY;"
    ) == ["row_security docs"]
    assert failing(
        "ALTER TABLE docs DISABLE ROW LEVEL SECURITY;", "ALTER TABLE docs ENABLE ROW LEVEL SECURITY;"
    ) == ["row_security docs"]
    assert failing("ALTER POLICY p ON docs TO PUBLIC;", "ALTER POLICY p ON docs TO sec_reader;") == [
        "policy docs"
    ]
    assert failing(
        "DROP POLICY p ON docs;",
        "CREATE POLICY p ON docs FOR SELECT TO sec_reader USING (owner = current_user);",
    ) == ["policy docs"]
    assert failing("GRANT UPDATE ON docs TO sec_reader;", "REVOKE UPDATE ON docs FROM sec_reader;") == [
        "grant docs"
    ]
    assert failing("REVOKE SELECT ON docs FROM sec_reader;", "GRANT SELECT ON docs TO sec_reader;") == [
        "grant docs"
    ]
    assert evaluate(contract, "post", url).passed


def _migrate_and_back(pg_url: str, tmp_path: Path, old_text: str, new_text: str) -> str:
    """Generate old → new, apply it to a database built from ``old_text`` and roll it back, each
    side read back equal to its file; the swap's SQL."""
    from wesley_gen.cli import main

    def run(*args: str) -> int:
        with pytest.raises(SystemExit) as caught:
            main(list(args))
        return int(caught.value.code or 0)

    run_ddl(pg_url, ROLES + old_text)
    old, new = tmp_path / "old.sql", tmp_path / "new.sql"
    old.write_text(old_text)
    new.write_text(new_text)
    folder = tmp_path / "m" / "0001_grants"
    assert run("generate", str(old), str(new), "-o", str(folder), "--allow-access-widening") == 0
    where = ("--db", pg_url, "--migrations", str(tmp_path / "m"), "--target", "test", "--force")
    for step, text in (("up", new_text), ("down", old_text)):
        assert run("migrate", step, *where) == 0
        live = load_schema(pg_url)
        assert live.server_version is not None  # what a server older than 18 keeps of the file
        assert live.schema == as_server_keeps(
            load_text(text, "f.sql", suffix=".sql").schema, live.server_version
        )
    return (folder / "swap.sql").read_text()


def test_a_grant_option_used_is_revoked_cascade_and_what_it_took_given_back(
    pg_url: str, tmp_path: Path
) -> None:
    """PostgreSQL refuses to revoke a privilege the role has granted on (dependent privileges
    exist): what the role granted goes first, as that role's (SET ROLE), then the revoke is
    CASCADE, and the privilege the new schema gives is given by the owner; the rollback gives the
    grant option back before the role grants on again (the migration and its rollback both read
    back equal to their files, grantors included)."""
    old_text = (
        TABLE
        + "GRANT SELECT, UPDATE ON docs TO sec_reader WITH GRANT OPTION;\n"
        + "SET ROLE sec_reader;\nGRANT SELECT, UPDATE ON docs TO sec_writer;\nRESET ROLE;\n"
    )
    new_text = TABLE + "GRANT SELECT, UPDATE ON docs TO sec_reader;\nGRANT SELECT ON docs TO sec_writer;\n"
    swap = _migrate_and_back(pg_url, tmp_path, old_text, new_text)
    assert (
        'SET ROLE "sec_reader";\nREVOKE SELECT ON TABLE "docs" FROM "sec_writer";\nRESET ROLE;\n'
        'SET ROLE "sec_reader";\nREVOKE UPDATE ON TABLE "docs" FROM "sec_writer";\nRESET ROLE;\n'
        'REVOKE SELECT ON TABLE "docs" FROM "sec_reader" CASCADE;\n'
        'REVOKE UPDATE ON TABLE "docs" FROM "sec_reader" CASCADE;\n'
    ) in swap
    assert swap.endswith('GRANT SELECT ON TABLE "docs" TO "sec_writer";\nCOMMIT;\n')  # by the owner now
    assert 'GRANT UPDATE ON TABLE "docs" TO "sec_writer"' not in swap
    rollback = (tmp_path / "m" / "0001_grants" / "rollback.sql").read_text()
    option = rollback.index('GRANT SELECT ON TABLE "docs" TO "sec_reader" WITH GRANT OPTION;')
    assert rollback.index('SET ROLE "sec_reader";\nGRANT SELECT ON TABLE "docs" TO "sec_writer";') > option


def test_a_cascade_gives_back_what_the_file_does_not_say_the_role_granted(
    pg_url: str, tmp_path: Path
) -> None:
    """A grant a file makes as the owner while the database had it from the role (the model
    cannot know): given again by the owner after the CASCADE that may have taken it."""
    old_text = (
        TABLE + "GRANT SELECT ON docs TO sec_reader WITH GRANT OPTION;\nGRANT SELECT ON docs TO sec_writer;\n"
    )
    new_text = TABLE + "GRANT SELECT ON docs TO sec_reader;\nGRANT SELECT ON docs TO sec_writer;\n"
    swap = _migrate_and_back(pg_url, tmp_path, old_text, new_text)
    assert (
        'REVOKE SELECT ON TABLE "docs" FROM "sec_reader" CASCADE;\nGRANT SELECT ON TABLE "docs" TO "sec_writer";'
        in swap
    )


@pytest.mark.parametrize(
    ("statements", "grantor"),
    [
        ("SET ROLE sec_reader;\nGRANT SELECT ON docs TO sec_writer;\nRESET ROLE;\n", "sec_reader"),
        ("SET SESSION AUTHORIZATION sec_reader;\nGRANT SELECT ON docs TO sec_writer;\n", "sec_reader"),
        ("GRANT SELECT ON docs TO sec_writer GRANTED BY sec_reader;\n", "sec_reader"),
        ("SET ROLE sec_reader;\nRESET ROLE;\nGRANT SELECT ON docs TO sec_writer;\n", None),
        ("SET ROLE sec_reader;\nRESET ALL;\nGRANT SELECT ON docs TO sec_writer;\n", None),
        ("SET ROLE sec_reader;\nSET ROLE NONE;\nGRANT SELECT ON docs TO sec_writer;\n", None),
        ("SET SESSION AUTHORIZATION sec_reader;\nSET SESSION AUTHORIZATION DEFAULT;\n"
         "GRANT SELECT ON docs TO sec_writer;\n", None),
    ],
)  # fmt: skip
def test_a_file_records_who_granted_a_privilege_when_not_the_owner(
    statements: str, grantor: str | None
) -> None:
    text = TABLE + "GRANT SELECT ON docs TO sec_reader WITH GRANT OPTION;\n" + statements
    assert Grant("sec_writer", "SELECT", grantor=grantor) in _table(text).grants


def test_a_grant_by_the_role_that_made_the_table_is_the_owners_and_a_revoke_takes_the_grantors_own() -> None:
    made = "SET ROLE sec_reader;\n" + TABLE + "GRANT SELECT ON docs TO sec_writer;\nRESET ROLE;\n"
    assert _table(made).grants == (Grant("sec_writer", "SELECT"),)
    both = (
        TABLE
        + "GRANT SELECT ON docs TO sec_reader WITH GRANT OPTION;\nGRANT SELECT ON docs TO sec_writer;\n"
        + "SET ROLE sec_reader;\nGRANT SELECT ON docs TO sec_writer;\nREVOKE SELECT ON docs FROM sec_writer;\n"
    )
    assert Grant("sec_writer", "SELECT") in _table(both).grants
    assert Grant("sec_writer", "SELECT", grantor="sec_reader") not in _table(both).grants


def test_a_grantor_reads_back_from_the_database_and_the_snapshot(pg_url: str) -> None:
    text = (
        TABLE
        + "GRANT SELECT, UPDATE (body) ON docs TO sec_reader WITH GRANT OPTION;\nGRANT SELECT ON docs TO sec_writer;\n"
        + "SET ROLE sec_reader;\nGRANT SELECT, UPDATE (body) ON docs TO sec_writer;\nRESET ROLE;\n"
    )
    run_ddl(pg_url, ROLES + text)
    written = load_text(text, "s.sql", suffix=".sql").schema
    assert load_schema(pg_url).schema.table("docs") == written.table("docs")
    assert Grant("sec_writer", "UPDATE", "body", grantor="sec_reader") in _table(text).grants
    assert load_snapshot(canonical_json(written), "s.json").schema == written


MEMBER = "GRANT sec_reader TO sec_writer;\n"  # sec_writer has sec_reader's privileges
_TO = TABLE + RLS + "CREATE POLICY p ON docs FOR SELECT TO {} USING (owner = current_user);\n"
_AS = TABLE + RLS + "CREATE POLICY {} ON docs FOR SELECT TO {} USING (owner = current_user);\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # TO a → TO b where b is a member of a: b was reached already, a no longer is
        (MEMBER + _TO.format("sec_reader"), MEMBER + _TO.format("sec_writer"), "narrowing"),
        (MEMBER + _TO.format("sec_writer"), MEMBER + _TO.format("sec_reader"), "access-widening"),
        # a membership the old side does not state (roles are not migrated: the new file's is not made)
        (_TO.format("sec_reader"), MEMBER + _TO.format("sec_writer"), "access-widening"),
        # one that does not inherit: the policy to sec_reader never applied to sec_writer
        (
            "GRANT sec_reader TO sec_writer WITH INHERIT FALSE;\n" + _TO.format("sec_reader"),
            _TO.format("sec_writer"),
            "access-widening",
        ),
        (MEMBER + "REVOKE sec_reader FROM sec_writer;\n" + _TO.format("sec_reader"), _TO.format("sec_writer"),
         "access-widening"),
    ],
)  # fmt: skip
def test_a_policy_moved_to_a_member_of_its_role_narrows(old: str, new: str, expected: str) -> None:
    """A policy TO b where b has a's privileges (GRANT a TO b) reaches fewer roles than TO a
    (PostgreSQL applies a policy to the members of its roles): narrowing; the reverse, or a
    membership the old side does not state, access-widening."""
    assert _changes(old, new) == [("alter_policy", "p", expected)]


def test_a_policy_moved_to_a_member_says_so() -> None:
    from wesley_gen.classify import classify
    from wesley_gen.diff import diff_schemas

    old, new = (
        load_text(MEMBER + _TO.format(r), "s.sql", suffix=".sql").schema for r in ("sec_reader", "sec_writer")
    )
    (change,) = diff_schemas(old, new).changes
    assert classify(change, dialect="postgres").reason == (
        "policy p on docs goes from sec_reader to sec_writer (sec_writer: members that have the privileges of the "
        "roles named instead): no role gains access; queries may see fewer rows"
    )


def test_a_policy_replaced_under_another_name_by_one_to_a_member_is_covered() -> None:
    """Judged as a whole: q TO sec_writer replacing p TO sec_reader lets no role through that p did not."""
    old, new = MEMBER + _AS.format("p", "sec_reader"), MEMBER + _AS.format("q", "sec_writer")
    assert _changes(old, new) == [("drop_policy", "p", "narrowing"), ("add_policy", "q", "additive")]
    assert _changes(new, old)[1] == ("add_policy", "p", "access-widening")


def test_memberships_are_read_from_a_database_closed_under_inheritance(pg_url: str) -> None:
    """pg_auth_members, through other roles, without those that do not inherit; not compared."""
    run_ddl(
        pg_url,
        ROLES
        + "DO $$ BEGIN CREATE ROLE sec_admin; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;\n"
        + "GRANT sec_reader TO sec_writer;\nGRANT sec_writer TO sec_admin;\n"
        + TABLE,
    )
    try:
        live = load_schema(pg_url).schema
        assert {
            ("sec_writer", "sec_reader"),
            ("sec_admin", "sec_writer"),
            ("sec_admin", "sec_reader"),
        } <= live.memberships
        assert live == load_text(TABLE, "s.sql", suffix=".sql").schema
    finally:
        run_ddl(pg_url, "REVOKE sec_reader FROM sec_writer;\nREVOKE sec_writer FROM sec_admin;\n")


def test_one_grant_on_a_table_and_a_view_is_the_tables_grant_and_the_views(pg_url: str) -> None:
    """``GRANT … ON docs, ids`` (a table and a view in one statement): the table's part is its
    grant, as a database reads it (the whole statement was an object of its own, so the file and
    the database built from it differed); the view's part its grant object."""
    text = (
        TABLE
        + "CREATE VIEW ids AS SELECT id FROM docs;\nGRANT SELECT ON docs, ids TO sec_reader WITH GRANT OPTION;\n"
    )
    run_ddl(pg_url, ROLES + text)
    written = load_text(text, "s.sql", suffix=".sql").schema
    assert Grant("sec_reader", "SELECT", grantable=True) in _table(text).grants
    assert [o.name for o in written.others if o.kind == "grant"] == ["on ids to sec_reader"]
    live = load_schema(pg_url).schema
    assert (live.table("docs"), live.others) == (written.table("docs"), written.others)


def test_a_grant_to_the_owner_by_another_role_is_read_migrated_and_checked(
    pg_url: str, tmp_path: Path
) -> None:
    """A role holding a privilege WITH GRANT OPTION grants it to the object's owner (pg_dump writes
    it under SET SESSION AUTHORIZATION): a grant of that role's like any other, not the owner's own
    privilege. Read from the database for a table, a view and a function (it was left out with the
    owner's own), made by the migration as the role, required by the post-check (which left it out
    too and failed), and each side reads back equal to its file."""
    old_text = (
        TABLE
        + "CREATE VIEW ids AS SELECT id FROM docs;\n"
        + FUNCTION
        + "ALTER TABLE docs OWNER TO sec_writer;\nALTER VIEW ids OWNER TO sec_writer;\n"
        + "ALTER FUNCTION f() OWNER TO sec_writer;\nGRANT SELECT ON docs TO sec_reader WITH GRANT OPTION;\n"
        + "GRANT SELECT ON ids TO sec_reader WITH GRANT OPTION;\n"
        + "GRANT EXECUTE ON FUNCTION f() TO sec_reader WITH GRANT OPTION;\n"
    )
    new_text = old_text + (
        "SET ROLE sec_reader;\nGRANT SELECT ON docs TO sec_writer;\nGRANT SELECT ON ids TO sec_writer;\n"
        "GRANT EXECUTE ON FUNCTION f() TO sec_writer;\nRESET ROLE;\n"
    )
    assert Grant("sec_writer", "SELECT", grantor="sec_reader") in _table(new_text).grants
    swap = _migrate_and_back(pg_url, tmp_path, old_text, new_text)
    assert 'SET ROLE "sec_reader";\nGRANT SELECT ON TABLE "docs" TO "sec_writer";\nRESET ROLE;' in swap
    run_ddl(pg_url, new_text[len(old_text) :])
    dump = tmp_path / "dump.sql"
    dump.write_text(pg_dump_schema(pg_url, owners=True), encoding="utf-8")
    assert (
        "SET SESSION AUTHORIZATION sec_reader;\nGRANT SELECT ON TABLE public.docs TO sec_writer;"
        in dump.read_text()
    )
    dumped, live = same_runner(load_schema(str(dump)), load_schema(pg_url))
    assert dumped.schema.table("docs") == live.schema.table("docs")  # (the dump has the history table too)
    assert dumped.schema.others == live.schema.others


def test_maintain_beside_other_privileges_is_named_from_postgresql_17_on_only(
    pg_url: str, tmp_path: Path
) -> None:
    """A grant of MAINTAIN and more is a block: as written on PostgreSQL 17+, without MAINTAIN
    before (where the word is refused: "unrecognized privilege type"); run here both ways."""
    matview = "CREATE MATERIALIZED VIEW ids AS SELECT id FROM docs;\n"
    granted = TABLE + matview + "GRANT SELECT, MAINTAIN ON ids TO sec_reader;\n"
    swap = _migrate_and_back(pg_url, tmp_path, TABLE + matview, granted)
    assert (
        "DO $wesley$ BEGIN IF current_setting('server_version_num')::integer >= 170000"
        ' THEN GRANT MAINTAIN, SELECT ON "ids" TO "sec_reader"; ELSE GRANT SELECT ON "ids" TO "sec_reader";'
        " END IF; END $wesley$;"
    ) in swap
    older = swap.split(" ELSE ", 1)[1].split(";", 1)[0]  # what a PostgreSQL 15 or 16 runs
    run_ddl(pg_url, older)


def test_default_privileges_with_maintain_name_it_from_postgresql_17_on_only(
    pg_url: str, tmp_path: Path
) -> None:
    """``ALTER DEFAULT PRIVILEGES … GRANT SELECT, MAINTAIN`` as a grant of both is: MAINTAIN named
    on PostgreSQL 17+ only; the statement without it run here too."""
    swap = _migrate_and_back(
        pg_url,
        tmp_path,
        TABLE,
        TABLE + "ALTER DEFAULT PRIVILEGES GRANT SELECT, MAINTAIN ON TABLES TO sec_reader;\n",
    )
    assert (
        "DO $wesley$ BEGIN IF current_setting('server_version_num')::integer >= 170000 THEN"
        ' ALTER DEFAULT PRIVILEGES GRANT MAINTAIN, SELECT ON TABLES TO "sec_reader";'
        ' ELSE ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO "sec_reader"; END IF; END $wesley$;'
    ) in swap
    run_ddl(pg_url, swap.split(" ELSE ", 1)[1].split(";", 1)[0])  # what a PostgreSQL 15 or 16 runs


def test_maintain_granted_alone_is_read_migrated_and_checked(pg_url: str, tmp_path: Path) -> None:
    """PostgreSQL 17's MAINTAIN on its own: a table's grant and a materialized view's grant
    object hold it (it was read as no privilege on a view: PUBLIC's default revoked), the
    database reads back equal, and the post-check requires it."""
    if server_version(pg_url) < MAINTAIN_SINCE:
        pytest.skip("MAINTAIN is PostgreSQL 17's: a grant of it alone cannot hold before")
    from wesley_gen.database_url import DatabaseUrl
    from wesley_gen.hints import Hints
    from wesley_gen.plan import Options, plan_migration
    from wesley_gen.render.contract import render_contract
    from wesley_gen.run.contract import FAILED, evaluate

    matview = "CREATE MATERIALIZED VIEW ids AS SELECT id FROM docs;\n"
    granted = (
        TABLE + matview + "GRANT MAINTAIN ON docs TO sec_reader;\nGRANT MAINTAIN ON ids TO sec_reader;\n"
    )
    written = load_text(granted, "g.sql", suffix=".sql").schema
    assert written.table("docs").grants == (Grant("sec_reader", "MAINTAIN"),)  # type: ignore[union-attr]
    assert [o.definition for o in written.others if o.kind == "grant"] == ["MAINTAIN"]
    assert _changes(TABLE + matview, granted) == [
        ("add_grant", "MAINTAIN to sec_reader", "access-widening"),
        ("create_object", "on ids to sec_reader", "access-widening"),
    ]
    swap = _migrate_and_back(pg_url, tmp_path, TABLE + matview, granted)
    since_17 = "DO $wesley$ BEGIN IF current_setting('server_version_num')::integer >= 170000 THEN {}; END IF; END $wesley$;"
    assert (
        since_17.format('GRANT MAINTAIN ON TABLE "docs" TO "sec_reader"') in swap
    )  # older servers know no MAINTAIN
    assert since_17.format('GRANT MAINTAIN ON "ids" TO "sec_reader"') in swap
    migration = plan_migration(
        load_text(TABLE, "old.sql", suffix=".sql").schema,
        load_text(TABLE + "GRANT MAINTAIN ON docs TO sec_reader;", "new.sql", suffix=".sql").schema,
        Hints(),
        dialect="postgres",
        migration_id="0001_maintain",
        options=Options(allow_access_widening=True),
    )
    contract, url = render_contract(migration), DatabaseUrl.parse(pg_url)
    run_ddl(pg_url, "DROP MATERIALIZED VIEW ids; GRANT MAINTAIN ON docs TO sec_reader;")
    assert evaluate(contract, "post", url).passed
    run_ddl(pg_url, "REVOKE MAINTAIN ON docs FROM sec_reader;")
    result = evaluate(contract, "post", url)
    assert [f"{a.kind} {a.table}" for a in result.assertions if a.status == FAILED] == ["grant docs"]


def test_the_pre_check_names_sessions_of_roles_that_lose_access(pg_url: str) -> None:
    """Issue 15 point 3: tightening is narrowing with a pre-check where it can break running
    queries. A revoked grant and row-level security switched on count the sessions connected as
    the roles that lose access; a failing check names the role, the table and how to proceed.
    A grant that only loses its grant option has none (the role keeps the privilege)."""
    import psycopg

    from wesley_gen.database_url import DatabaseUrl
    from wesley_gen.hints import Hints
    from wesley_gen.plan import Options, plan_migration
    from wesley_gen.render.contract import render_contract
    from wesley_gen.run.contract import FAILED, evaluate

    old_text = (
        TABLE
        + "GRANT SELECT, UPDATE ON docs TO sec_login;\nGRANT INSERT ON docs TO sec_reader WITH GRANT OPTION;\n"
    )
    new_text = TABLE + RLS + "GRANT SELECT ON docs TO sec_login;\nGRANT INSERT ON docs TO sec_reader;\n"
    migration = plan_migration(
        load_text(old_text, "old.sql", suffix=".sql").schema,
        load_text(new_text, "new.sql", suffix=".sql").schema,
        Hints(),
        dialect="postgres",
        migration_id="0001_tighten",
        options=Options(),
    )
    contract, url = render_contract(migration), DatabaseUrl.parse(pg_url)
    assert [a.description.split(":")[0] for a in contract.pre.assertions if a.kind == "access_in_use"] == [
        "no session is connected as sec_login (or a member), which loses UPDATE on docs",
        "no session is connected as a role it applies to that reads it, while row-level security of docs is enabled",
    ]
    run_ddl(
        pg_url,
        ROLES
        + "DO $$ BEGIN CREATE ROLE sec_login LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n"
        + old_text,
    )
    assert evaluate(contract, "pre", url).passed
    with psycopg.connect(pg_url, user="sec_login"):
        result = evaluate(contract, "pre", url)
    failed = [a for a in result.assertions if a.status == FAILED]
    assert [(a.kind, a.table) for a in failed] == [("access_in_use", "docs"), ("access_in_use", "docs")]
    assert "end those sessions" in failed[0].description
    assert evaluate(contract, "pre", url).passed


VIEW = "CREATE TABLE t (id integer PRIMARY KEY, a text);\nCREATE VIEW v AS SELECT id, a FROM t;\n"
VIEW_OPTION = "GRANT SELECT ON v TO sec_reader WITH GRANT OPTION;\n"


def _grant_names(text: str) -> set[str]:
    return {o.name for o in load_text(text, "s.sql", suffix=".sql").schema.others if o.kind == "grant"}


def test_a_grant_on_a_view_a_role_made_is_named_with_its_grantor() -> None:
    by_role = VIEW + VIEW_OPTION + "SET ROLE sec_reader;\nGRANT SELECT ON v TO sec_writer;\nRESET ROLE;\n"
    assert _grant_names(by_role) == {"on v to sec_reader", "on v to sec_writer granted by sec_reader"}
    revoked = by_role + "SET ROLE sec_reader;\nREVOKE SELECT ON v FROM sec_writer;\n"
    assert _grant_names(revoked) == {"on v to sec_reader"}
    made_by_role = "SET ROLE sec_reader;\n" + VIEW + "GRANT SELECT ON v TO sec_writer;\n"
    assert _grant_names(made_by_role) == {"on v to sec_writer"}  # the view's owner's grant


def test_a_view_grant_option_removed_revokes_and_rolls_back_as_the_role(pg_url: str, tmp_path: Path) -> None:
    """The role's grant goes first, as that role; the owner gives what the new schema keeps (not
    access-widening: the grantee held it); the rollback gives the role its grant option back
    before the role grants on again.  Both sides read back equal to their files."""
    old_text = VIEW + VIEW_OPTION + "SET ROLE sec_reader;\nGRANT SELECT ON v TO sec_writer;\nRESET ROLE;\n"
    new_text = VIEW + "GRANT SELECT ON v TO sec_reader;\nGRANT SELECT ON v TO sec_writer;\n"
    swap = _migrate_and_back(pg_url, tmp_path, old_text, new_text)
    assert swap.index(
        'SET ROLE "sec_reader";\nREVOKE ALL ON "v" FROM "sec_writer";\nRESET ROLE;'
    ) < swap.index('REVOKE ALL ON "v" FROM "sec_reader" CASCADE;')
    rollback = (tmp_path / "m" / "0001_grants" / "rollback.sql").read_text()
    assert rollback.index('GRANT SELECT ON "v" TO "sec_reader" WITH GRANT OPTION;') < rollback.index(
        'SET ROLE "sec_reader";\nGRANT SELECT ON "v" TO "sec_writer";\nRESET ROLE;'
    )
    classes = {c[1]: c[2] for c in _changes(old_text, new_text)}
    assert classes["on v to sec_writer"] == "additive"


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ("", "CREATE ROLE app LOGIN;\n", "role app differs (added: canlogin=true)"),
        ("CREATE USER app;\n", "", "role app differs (dropped; was canlogin=true)"),
        ("CREATE ROLE app CONNECTION LIMIT 5;\n", "CREATE ROLE app CONNECTION LIMIT 10;\n",
         "role app differs (was connectionlimit=5, now connectionlimit=10)"),
        ("CREATE ROLE app;\n", "CREATE ROLE app;\nALTER ROLE app SET statement_timeout = 500;\n",
         "role app differs (was default attributes, now set statement_timeout=500)"),
        ("CREATE ROLE app NOLOGIN;\n", "ALTER ROLE app LOGIN;\n",
         "role app differs (was default attributes, now altered, not created: canlogin=true)"),
        ("CREATE ROLE app PASSWORD 'one';\n", "CREATE ROLE app PASSWORD 'two';\n",
         "role app differs (was password=(hidden), now password=(hidden))"),
        ("CREATE ROLE app;\nALTER ROLE app SET work_mem = '1MB';\n",
         "CREATE ROLE app;\nALTER ROLE app SET work_mem = '1MB';\nALTER ROLE app RESET ALL;\n",
         "role app differs (was set work_mem=1MB, now default attributes)"),
        ("CREATE ROLE app;\n", "CREATE ROLE app;\nALTER ROLE app IN DATABASE db SET work_mem = '1MB';\n",
         "now set work_mem in database db=1MB"),
        ("CREATE ROLE app;\n", "CREATE ROLE app;\nALTER ROLE app RENAME TO web;\n", "role app differs (dropped"),
    ],
)  # fmt: skip
def test_two_files_that_leave_a_role_otherwise_are_refused_with_the_role_named(
    old: str, new: str, named: str
) -> None:
    """Roles belong to the cluster: wesley-gen migrates none, so a role one file creates, alters or
    drops otherwise than the other was a silent "no changes" (sqldef's role cases); now refused at
    the new file's (or the dropping old file's) line, the role named, a password never shown."""
    from wesley_gen.diff import check_others

    before, after = (
        load_text(t + TABLE, n, suffix=".sql").schema for t, n in ((old, "old.sql"), (new, "new.sql"))
    )
    with pytest.raises(InputError, match="not supported yet: ") as refused:
        check_others(before, after, "old.sql", "new.sql")
    assert (
        named in str(refused.value)
        and "'one'" not in str(refused.value)
        and "sha256" not in str(refused.value)
    )
    assert "does not create, alter or drop roles" in (refused.value.hint or "")


def test_alter_role_all_is_refused_at_its_line() -> None:
    """``ALTER ROLE ALL SET …`` names no role (every role of the cluster): a located error."""
    with pytest.raises(InputError, match="ALTER ROLE naming no role"):
        load_text("ALTER ROLE ALL SET work_mem = '1MB';\n" + TABLE, "s.sql", suffix=".sql")


def test_a_role_stated_the_same_way_or_not_read_from_the_other_side_is_not_a_difference(pg_url: str) -> None:
    """``CREATE ROLE r NOLOGIN`` is ``CREATE ROLE r`` (a default spelled out), a dropped role is no
    role, and a database states no roles (the cluster's): nothing to refuse."""
    from wesley_gen.diff import check_others

    same = (
        "CREATE ROLE app NOLOGIN INHERIT;\nCREATE ROLE gone;\nDROP ROLE gone;\nALTER ROLE app SET x.y = 0;\n",
        "CREATE ROLE app;\n-- a setting of 0 or false is the same wherever the statement stands\n"
        "ALTER ROLE app SET x.y = 0;\n",
    )
    before, after = (load_text(t + TABLE, "s.sql", suffix=".sql").schema for t in same)
    assert check_others(before, after, "old.sql", "new.sql") == ()
    run_ddl(pg_url, TABLE)
    assert check_others(load_schema(pg_url).schema, after, "db", "new.sql") == ()
    assert load_schema(pg_url).schema.roles is None


_SEVEN = "SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER"


def test_a_tables_privileges_but_maintain_are_not_all_where_maintain_exists(pg_url: str) -> None:
    """A file granting the seven privileges of PostgreSQL 16 (MAINTAIN aside) was read as ``ALL``,
    so the migration ran ``GRANT ALL`` and gave MAINTAIN too on PostgreSQL 17+ (sqldef's
    PrivilegeAllSpecificPrivileges: the dumps differed, the diff said equal). The seven are seven in
    a file and in a database of 17 or later; a server without MAINTAIN holds them for ALL."""
    if server_version(pg_url) < MAINTAIN_SINCE:
        pytest.skip("MAINTAIN is PostgreSQL 17's: the seven are ALL before")
    from wesley_gen.model import grants_of

    text = TABLE + f"GRANT {_SEVEN} ON docs TO sec_reader;\n"
    seven = {g.privilege for g in _table(text).grants}
    assert seven == set(_SEVEN.split(", "))
    assert _changes(TABLE + "GRANT ALL ON docs TO sec_reader;\n", text) == [
        ("drop_grant", "MAINTAIN to sec_reader", "narrowing")
    ]
    run_ddl(pg_url, ROLES + text)
    assert load_schema(pg_url).schema.table("docs").grants == _table(text).grants  # type: ignore[union-attr]
    rows = [("r", p, None, False, None) for p in _SEVEN.split(", ")]
    assert grants_of(rows, maintain=False) == (Grant("r", "ALL"),)
