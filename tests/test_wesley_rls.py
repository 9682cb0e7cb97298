"""Wesley's security directives derived as its generator derives them (issue 15, point 2):
``@wes_rls`` (explicit and presets), ``@wes_tenant``, ``@wes_owner`` and ``@wes_grant``. Each
form round-trips (SDL → generate from empty → migrate up on PostgreSQL → the live database
diffs clean against the SDL → migrate down leaves nothing of it); the forms wesley-gen cannot
derive are refused at their line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.pgtools import run_ddl
from tests.test_wesley import FIXTURES, fixture
from wesley_gen.diff import diff_schemas
from wesley_gen.errors import InputError
from wesley_gen.hints import Hints
from wesley_gen.load import load_schema
from wesley_gen.load.graphql import load_sdl
from wesley_gen.model import Schema, stored_by

# What a Supabase-style database provides and Wesley's policies call: the role its policies
# default to and auth.uid(), the signed-in user. Wesley's generator creates neither.
PLATFORM = """\
DO $$ BEGIN CREATE ROLE authenticated; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA auth;
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;
"""


TYPE = "type Doc @wes_table {directive} {{\n  id: ID! @wes_pk\n  body: String\n}}\n"


@pytest.mark.parametrize(
    ("directive", "message"),
    [
        (
            '@wes_rls(preset: "admin-only")',
            r"@wes_rls\(preset: admin-only\) needs options \(membership_table\), which Wesley's generator reads "
            r'only from preset: \{name: "admin-only", options: \{…\}\}: it refuses the preset without them',
        ),
        (
            '@wes_rls(preset: "hierarchical")',
            r"needs options \(org_column, membership_table, org_hierarchy_table\)",
        ),
        ('@wes_rls(preset: "time-window")', r"needs options \(start_column, end_column\)"),
        (
            '@wes_rls(preset: {name: "time-window", options: {start_column: "body"}})',
            r"preset: time-window\) needs options \(end_column\)",
        ),
        (
            '@wes_rls(preset: {name: "owner", options: {owner_column: "nope"}})',
            r"preset: owner\) option owner_column: the type has no field or column 'nope'",
        ),
        (
            '@wes_rls(preset: {name: "owner", using: "x"})',
            r"argument 'preset' of @wes_rls must be a String or",
        ),
        (
            '@wes_rls(preset: {name: "owner", options: {owner_column: 1}})',
            r"argument 'preset' of @wes_rls must be",
        ),
        ('@wes_rls(preset: "tenant")', r"preset: tenant\) needs a column named org_id or organization_id"),
        ('@wes_tenant(by: "org_id")', r'@wes_tenant\(by: "org_id"\) on Doc: the type has no field org_id'),
        ("@wes_tenant", r"@wes_tenant needs the argument 'by'"),
        (
            '@wes_owner(column: "body", select: "true")',
            r"@wes_owner on Doc: argument 'select' is not read by Wesley's generator \(@wes_owner makes no "
            r"policy\): write the policy with @wes_rls",
        ),
        ('@wes_grant(roles: "x", to: "y")', r"@wes_grant has no argument 'to'"),
        ('@wes_rls(preset: "owner")', r"preset: owner\) needs a column named created_by or owner_id"),
        ('@wes_rls(preset: "soft-delete")', r"needs a column named deleted_at"),
        ('@wes_rls(preset: "nobody")', r"unknown @wes_rls preset 'nobody'"),
        ('@wes_rls(using: "true")', r"argument 'using' is not read by Wesley's generator"),
        ('@wes_rls(preset: "owner", options: {owner_column: "body"})', r"argument 'options' is not read"),
        ('@wes_rls(select: "body = ")', r"cannot parse 'body = '"),
        (
            "@wes_rls(enabled: false)",
            r"enabled: false: Wesley's generator enables row-level security for any",
        ),
        ('@wes_rls(enabled: "yes")', r"argument 'enabled' of @wes_rls must be a Boolean"),
    ],
)
def test_a_form_wesley_gen_cannot_derive_is_refused_at_its_line(directive: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        load_sdl(TYPE.format(directive=directive), "doc.graphql")
    assert str(caught.value).startswith("doc.graphql:1: ")


MEMBER = "type OrgMember @wes_table {{ id: ID! @wes_pk user_id: ID! org_id: ID! role: String! {extra} }}\n"
TENANT = 'type Doc @wes_table @wes_tenant(by: "org_id") {\n  id: ID! @wes_pk\n  org_id: ID!\n}\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            TENANT,
            r"^doc.graphql:1: @wes_tenant: needs a membership type \(a @wes_table whose name contains 'member', "
            r"with fields user_id, org_id and role\): Wesley's tenant policies read its view wesley_user_orgs$",
        ),
        (
            TENANT + MEMBER.format(extra=""),
            r"^doc.graphql:1: @wes_tenant: the membership type OrgMember lacks the column deleted_at, which "
            r"Wesley's view wesley_user_orgs reads \(user_id, org_id, role, deleted_at\)$",
        ),
        (
            "type Doc @wes_table @wes_owner {\n  id: ID! @wes_pk\n}\n" + MEMBER.format(extra=""),
            r"^doc.graphql:1: @wes_owner: the membership type OrgMember lacks the column deleted_at",
        ),
        (
            TENANT.replace('@wes_tenant(by: "org_id")', '@wes_rls(preset: "tenant")'),
            r"^doc.graphql:1: @wes_rls on Doc: its functions read the table membership \(user_id, org_id, role, "
            r"deleted_at\): the schema has no table membership$",
        ),
        (
            TENANT.replace('@wes_tenant(by: "org_id")', '@wes_rls(preset: "tenant")')
            + MEMBER.format(extra="").replace("@wes_table", '@wes_table(name: "membership")'),
            r"^doc.graphql:1: @wes_rls on Doc: .*: it lacks the column deleted_at$",
        ),
        (
            'type Doc @wes_table {\n  id: ID! @wes_pk\n  org_id: ID! @wes_tenant(by: "org_id")\n}\n',
            r"^doc.graphql:3: @wes_tenant cannot be used on a field \(Doc.org_id\)$",
        ),
        (
            TENANT.replace("@wes_tenant", '@tenant(by: "id") @wes_tenant'),
            r"^doc.graphql:1: @wes_tenant repeats @tenant on Doc$",
        ),
    ],
)
def test_a_tenancy_that_cannot_be_applied_is_refused_at_its_line(text: str, message: str) -> None:
    """What Wesley's SQL would read (the membership type, its columns, the by: field) must be there."""
    with pytest.raises(InputError, match=message):
        load_sdl(text, "doc.graphql")


def test_wes_rls_is_on_a_type_once() -> None:
    """Wesley declares it on OBJECT and reads one per type: on a field, or twice, is an error."""
    on_field = 'type Doc @wes_table {\n  id: ID! @wes_pk\n  body: String @wes_rls(select: "true")\n}\n'
    with pytest.raises(InputError, match=r"doc.graphql:3: @wes_rls cannot be used on a field"):
        load_sdl(on_field, "doc.graphql")
    twice = TYPE.format(directive='@wes_rls(select: "true") @rls(delete: "false")')
    with pytest.raises(InputError, match=r"doc.graphql:1: @rls repeats @wes_rls"):
        load_sdl(twice, "doc.graphql")


def _without_platform(schema: Schema) -> Schema:
    """The live schema without the platform's ``auth`` schema and function (not the SDL's)."""
    return replace(
        schema,
        schemas=tuple(s for s in schema.schemas if s != "auth"),
        others=tuple(o for o in schema.others if o.schema != "auth"),
    )


@pytest.mark.parametrize(
    "name",
    [
        "rls_explicit",
        "rls_enabled",
        "rls_presets",
        "rls_tenant",
        "rls_options",
        "tenant",
        "owner",
        "grant",
        "security",
        "aliases",
    ],
)
def test_each_form_round_trips_on_postgres(name: str, pg_url: str, tmp_path: Path) -> None:
    """Generated from an empty schema and migrated up: the live database diffs clean against the
    SDL (helper schema, functions and view included); migrated down: nothing of it is left."""
    from wesley_gen.cli import main

    def run(*args: str) -> int:
        with pytest.raises(SystemExit) as caught:
            main(list(args))
        return int(caught.value.code or 0)

    schema = stored_by(fixture(name), "postgres")
    empty = tmp_path / "empty.graphql"
    empty.write_text("")
    folder = tmp_path / "m" / "0001_wesley"
    sdl = str(FIXTURES / f"{name}.graphql")
    assert run("generate", str(empty), sdl, "-o", str(folder), "--allow-access-widening") == 0
    swap = (folder / "swap.sql").read_text()
    assert swap.count("FORCE ROW LEVEL SECURITY") == sum(t.force_row_security for t in schema.tables)
    run_ddl(pg_url, PLATFORM)
    migrate = ("--db", pg_url, "--migrations", str(tmp_path / "m"), "--target", "test", "--force")
    # the platform's auth.uid() is not in the FROM schema: drift the pre-check allows when asked
    assert run("migrate", "up", *migrate, "--allow-contract-drift") == 0
    live = _without_platform(load_schema(pg_url).schema)
    assert diff_schemas(schema, live, Hints()).changes == ()
    assert diff_schemas(live, schema, Hints()).changes == ()
    assert run("migrate", "down", *migrate) == 0
    assert _without_platform(load_schema(pg_url).schema) == Schema()
