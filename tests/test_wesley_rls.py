"""Wesley's security directives derived as its generator derives them (issue 15, point 2):
``@wes_rls`` (explicit and presets), ``@wes_tenant``, ``@wes_owner`` and ``@wes_grant``. Each
form round-trips (SDL → generate from empty → migrate up on PostgreSQL → the live database
diffs clean against the SDL → migrate down leaves nothing of it); the forms wesley-gen cannot
derive are refused at their line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.pgtools import PLATFORM, run_ddl, without_platform
from tests.test_wesley import FIXTURES, fixture
from wesley_gen.api.changes import diff_sources, generate_migration
from wesley_gen.diff import diff_schemas
from wesley_gen.errors import InputError
from wesley_gen.hints import Hints
from wesley_gen.load import load_schema
from wesley_gen.load.graphql import load_sdl
from wesley_gen.model import Schema, stored_by

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
        (
            '@wes_rls(preset: "owner", options: {owner_column: "body"})',
            r"preset: owner\) needs a column named created_by .*\(its options: beside the preset are not read: "
            r'write preset: \{name: "owner", options: \{…\}\}\)$',
        ),
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
            TENANT + MEMBER.format(extra=""),
            r"^doc.graphql:1: @wes_tenant: the membership type OrgMember lacks the column deleted_at, which "
            r"Wesley's view wesley_user_orgs reads \(user_id, org_id, role, deleted_at\)$",
        ),
        (
            "type Doc @wes_table @wes_owner {\n  id: ID! @wes_pk\n}\n" + MEMBER.format(extra=""),
            r"^doc.graphql:1: @wes_owner: the membership type OrgMember lacks the column deleted_at",
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
def test_a_tenancy_the_model_cannot_hold_is_refused_at_its_line(text: str, message: str) -> None:
    """The membership type's view and indexes read its columns, and the directive goes once on a type."""
    with pytest.raises(InputError, match=message):
        load_sdl(text, "doc.graphql")


PRESET = TENANT.replace('@wes_tenant(by: "org_id")', '@wes_rls(preset: "tenant")')
# Wesley's freaky-rls fixture's idiom: the row's own user_id left bare in a subquery over two
# tables that both have one, which PostgreSQL resolves in the subquery first and refuses.
AMBIGUOUS = """type Doc @wes_table @wes_rls(select: "auth.uid() IN (SELECT m.user_id FROM managers m JOIN \\
members e ON m.team_id = e.team_id WHERE e.user_id = user_id)") { id: ID! @wes_pk user_id: ID! }
type Manager @wes_table { id: ID! @wes_pk user_id: ID! team_id: ID! }
type Member @wes_table { id: ID! @wes_pk user_id: ID! team_id: ID! }
""".replace("\\\n", "")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            TENANT,
            r"^doc.graphql:1: @wes_tenant on Doc: its policies read the view wesley_user_orgs, which nothing in "
            r"the schema makes: it needs a membership type \(a @wes_table whose name contains 'member', with "
            r'fields user_id, org_id, role and deleted_at\) or a @wes_rls\(preset: "tenant"\) with its membership '
            r"table$",
        ),
        (
            PRESET,
            r"^doc.graphql:1: @wes_rls on Doc: its functions read the table membership \(user_id, org_id, role, "
            r"deleted_at\): the schema has no table membership$",
        ),
        (
            PRESET + MEMBER.format(extra="").replace("@wes_table", '@wes_table(name: "membership")'),
            r"^doc.graphql:1: @wes_rls on Doc: .*: it lacks the column deleted_at$",
        ),
        (
            AMBIGUOUS,
            r"^doc.graphql:1: @wes_rls on Doc: the select: policy's column reference 'user_id' is ambiguous: m "
            r"and e both have it \(PostgreSQL refuses the policy\): qualify it \(m.user_id, or docs.user_id for "
            r"the row's own\)$",
        ),
    ],
)
def test_a_tenancy_postgres_refuses_loads_and_a_migration_to_it_is_refused(
    text: str, message: str, tmp_path: Path
) -> None:
    """What Wesley writes SQL for that PostgreSQL refuses (policies over a view nothing makes, a
    preset's functions over a table the schema lacks): the file loads with Wesley's meaning, the
    diff names the reason, and generate refuses it at its line (exit 2)."""
    loaded = load_sdl(text, "doc.graphql")
    assert [re.match(message, str(error)) is not None for error in loaded.refused] == [True]
    assert any(w.endswith(": a migration to this schema is refused") for w in loaded.warnings)
    with pytest.raises(InputError, match=message):
        loaded.buildable()
    sdl, empty = tmp_path / "doc.graphql", tmp_path / "empty.graphql"
    sdl.write_text(text)
    empty.write_text("")
    assert diff_sources(str(empty), str(sdl), hints=Hints()).document.changes
    with pytest.raises(InputError, match=message.replace("doc.graphql", re.escape(str(sdl)))):
        generate_migration(str(empty), str(sdl), str(tmp_path / "m" / "0001_x"), hints=Hints())
    assert not (tmp_path / "m").exists()
    # the other way, away from it, is a migration like any other
    generate_migration(
        str(sdl), str(empty), str(tmp_path / "m" / "0001_x"), hints=Hints(), allow_destructive=True
    )


@pytest.mark.parametrize(
    "qualified",
    [
        "e.user_id = docs.user_id)",
        "e.user_id = m.user_id)",
        "e.user_id = m.user_id) OR auth.uid() IN (SELECT user_id FROM members WHERE team_id = id)",
        "e.user_id = m.user_id) OR auth.uid() IN (SELECT user_id FROM managers JOIN members USING (user_id))",
    ],
)
def test_a_policy_subquery_whose_names_resolve_is_no_refusal(qualified: str) -> None:
    """Qualified, bare where one relation of the subquery has the column, or a JOIN's USING column:
    the policy is made."""
    assert not load_sdl(AMBIGUOUS.replace("e.user_id = user_id)", qualified), "doc.graphql").refused


def test_tenancy_without_a_membership_type_is_wesleys_policies_over_the_view() -> None:
    """Wesley's generator writes the tenant policies, row-level security and the tenant column's
    index whether or not a membership type makes the view; only is_owner of the functions (the
    other two read the view)."""
    schema = load_sdl(TENANT, "doc.graphql").schema
    docs = schema.tables[0]
    assert (docs.row_security, docs.force_row_security) == (True, True)
    assert [(p.name, p.command) for p in docs.policies] == [
        ("policy_Doc_tenant_insert_doc", "insert"),
        ("policy_Doc_tenant_select_doc", "select"),
        ("policy_Doc_tenant_update_doc", "update"),
    ]
    assert "FROM wesley_user_orgs AS uo" in (docs.policies[1].using or "")
    assert [i.name for i in docs.indexes] == ["idx_doc_org_id"]
    assert [o.name for o in schema.others] == ["wesley.is_owner(uuid)"]


def test_rls_arguments_wesley_ignores_beside_a_preset_are_ignored_with_a_warning() -> None:
    """Wesley's generator reads only the preset: a top-level options:, the commands and their
    roles beside it change nothing there, nor here; the warning says so at the line."""
    owned = "type Doc @wes_table {directive} {{\n  id: ID! @wes_pk\n  owner_id: ID!\n}}\n"
    plain = load_sdl(owned.format(directive='@wes_rls(preset: "owner")'), "doc.graphql")
    given = load_sdl(
        owned.format(
            directive='@wes_rls(preset: "owner", roles: ["a"], select: "false", options: {mode: "strict"})'
        ),
        "doc.graphql",
    )
    assert given.schema == plain.schema
    assert given.warnings == (
        "doc.graphql:1: @wes_rls on Doc: the arguments options, select, roles beside a preset are not read by "
        "Wesley's generator: ignored (a preset's options go in preset: {name: \"…\", options: {…}})",
    )
    explicit = load_sdl(owned.format(directive='@wes_rls(select: "true", options: {x: 1})'), "doc.graphql")
    assert explicit.warnings == (
        "doc.graphql:1: @wes_rls on Doc: the argument options is not read by Wesley's generator: ignored "
        '(a preset\'s options go in preset: {name: "…", options: {…}})',
    )


def test_wes_rls_is_on_a_type_once() -> None:
    """Wesley declares it on OBJECT and reads one per type: on a field, or twice, is an error."""
    on_field = 'type Doc @wes_table {\n  id: ID! @wes_pk\n  body: String @wes_rls(select: "true")\n}\n'
    with pytest.raises(InputError, match=r"doc.graphql:3: @wes_rls cannot be used on a field"):
        load_sdl(on_field, "doc.graphql")
    twice = TYPE.format(directive='@wes_rls(select: "true") @rls(delete: "false")')
    with pytest.raises(InputError, match=r"doc.graphql:1: @rls repeats @wes_rls"):
        load_sdl(twice, "doc.graphql")


@pytest.mark.parametrize(
    "name",
    [
        "rls_explicit",
        "rls_enabled",
        "rls_presets",
        "rls_tenant",
        "rls_options",
        "rls_ignored",
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
    live = without_platform(load_schema(pg_url).schema)
    assert diff_schemas(schema, live, Hints()).changes == ()
    assert diff_schemas(live, schema, Hints()).changes == ()
    assert run("migrate", "down", *migrate) == 0
    assert without_platform(load_schema(pg_url).schema) == Schema()
