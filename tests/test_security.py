"""Row-level security, policies and grants (issue 15, points 2, 3 and 5): on the table model,
read from SQL files and live databases alike, diffed, generated, classified and checked."""

from __future__ import annotations

import pytest

from tests.pgtools import run_ddl
from wesley_gen.errors import InputError
from wesley_gen.load import load_schema, load_text
from wesley_gen.load.snapshot import load_snapshot
from wesley_gen.model import Grant, Policy, Schema, Table, canonical_json, checksum

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
    live = load_schema(pg_url).schema
    written = load_text(SECURED, "s.sql", suffix=".sql").schema
    assert live.table("docs") == written.table("docs")
    assert live.others == ()
