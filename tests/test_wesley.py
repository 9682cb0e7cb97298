"""Wesley's SDL as Wesley's generator reads it: every fixture of ``tests/wesley/`` loads with
the model it means (docs/wesley.md), and some round-trip on PostgreSQL (generate from empty,
apply, the live database diffs clean against the file)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wesley_gen.api.migrate import build_schema
from wesley_gen.diff import check_others, diff_schemas
from wesley_gen.errors import InputError
from wesley_gen.hints import Hints
from wesley_gen.load import load_schema
from wesley_gen.load.graphql import load_sdl
from wesley_gen.model import CheckConstraint, ColumnType, Index, Policy, Schema, Table, stored_by

FIXTURES = Path(__file__).parent / "wesley"


def fixture(name: str) -> Schema:
    return load_schema(str(FIXTURES / f"{name}.graphql")).schema


def table(schema: Schema, name: str) -> Table:
    return next(t for t in schema.tables if t.name == name)


def columns(t: Table) -> dict[str, tuple[str, bool, str | None]]:
    return {c.name: (str(c.type), c.nullable, c.default) for c in t.columns}


def test_every_fixture_is_covered() -> None:
    tested = {name for name in globals() if name.startswith("test_") and name.endswith("_fixture")}
    assert {f"test_{p.stem}_fixture" for p in FIXTURES.glob("*.graphql")} == tested


def test_table_fixture() -> None:
    assert [t.name for t in fixture("table").tables] == ["boxs", "line_items", "people"]


def test_pk_fixture() -> None:
    keys = {t.name: t.primary_key.columns for t in fixture("pk").tables if t.primary_key}
    assert keys == {"as": ("id",), "bs": ("id",), "cs": ("code",), "ds": ("n",)}


def test_fk_fixture() -> None:
    keys = {
        k.columns[0]: (k.ref_table, k.ref_columns, k.on_delete)
        for k in table(fixture("fk"), "players").foreign_keys
    }
    assert keys == {
        "team_id": ("teams", ("id",), "no action"),
        "former_team_id": ("teams", ("id",), "set null"),
        "captain_of": ("teams", ("id",), "cascade"),
    }


def test_unique_fixture() -> None:
    uniques = table(fixture("unique"), "accounts").uniques
    assert {(u.name, u.columns) for u in uniques} == {
        ("accounts_email_key", ("email",)),
        ("accounts_handle_key", ("handle",)),
    }


def test_index_fixture() -> None:
    indexes = {i.name: (i.columns, i.using) for i in table(fixture("index"), "events").indexes}
    assert indexes == {
        "events_kind_idx": (("kind",), "btree"),
        "events_start_idx": (("starts_at",), "btree"),
        "events_tags_idx": (("tags",), "gin"),
        "events_place_idx": (("place",), "btree"),
        "events_starts_at_kind_idx": (("starts_at", "kind DESC"), "btree"),
    }


def test_index_where_fixture() -> None:
    tickets = table(fixture("index_where"), "tickets")
    assert {i.name: i.where for i in tickets.indexes} == {
        "tickets_status_idx": "status = 'open'",
        "tickets_code_idx": "code IS NOT NULL",  # a predicate: no unique key covers it
    }


def test_unique_index_fixture() -> None:
    """The false add_index of issue 15: Wesley builds no index the key or a unique one covers."""
    products = table(fixture("unique_index"), "products")
    assert [i.name for i in products.indexes] == ["products_name_idx"]
    assert {u.name for u in products.uniques} == {"products_slug_key", "products_sku_key"}


def test_index_unique_fixture() -> None:
    coupons = table(fixture("index_unique"), "coupons")
    assert {i.name: (i.columns, i.unique, i.where) for i in coupons.indexes} == {
        "coupons_code_idx": (("code",), True, None),
        "coupons_batch_idx": (("batch",), True, "batch > 0"),
        "coupons_note_idx": (("note",), False, None),
    }
    assert [u.name for u in coupons.uniques] == ["coupons_label_key"]


def test_index_unique_must_be_a_boolean() -> None:
    with pytest.raises(InputError, match="argument 'unique' of @wes_index must be a Boolean"):
        load_sdl('type T @wes_table { id: ID! @wes_pk\n a: Int @wes_index(unique: "yes") }', "s.graphql")


def test_default_value_fixture() -> None:
    assert columns(table(fixture("default_value"), "settings")) == {
        "id": ("uuid", False, None),
        "theme": ("text", False, "'light'"),
        "retries": ("integer", False, "3"),
        "ratio": ("double precision", False, "0.5"),
        "enabled": ("boolean", False, "TRUE"),
        "created_at": ("timestamptz", False, "CURRENT_TIMESTAMP"),
    }


def test_default_expr_fixture() -> None:
    assert columns(table(fixture("default_expr"), "sessions")) == {
        "id": ("uuid", False, "GEN_RANDOM_UUID()"),
        "started_at": ("timestamptz", False, "CURRENT_TIMESTAMP"),
        "expires_at": ("timestamptz", False, "CURRENT_TIMESTAMP + CAST('7 days' AS INTERVAL)"),
        "hits": ("integer", False, "0"),
    }


def test_check_fixture() -> None:
    assert table(fixture("check"), "items").checks == (
        CheckConstraint("items_check", "sale_price < price"),  # two columns: no column in the name
        CheckConstraint("items_price_check", "price > 0"),
        CheckConstraint("items_stock_check", "stock >= 0"),
    )


def test_relations_fixture() -> None:
    schema = fixture("relations")
    assert list(columns(table(schema, "authors"))) == ["id"]  # @hasMany / @hasOne: no column
    assert [k.name for k in table(schema, "books").foreign_keys] == ["books_author_id_fkey"]


def test_scalars_fixture() -> None:
    loaded = load_schema(str(FIXTURES / "scalars.graphql"))
    assert {name: kind for name, (kind, _, _) in columns(table(loaded.schema, "hosts")).items()} == {
        "id": "uuid",
        "address": "inet",
        "network": "cidr",
        "mac": "macaddr",
        "homepage": "text",
        "visits": "bigint",
        "price": "numeric",
        "opened": "date",
        "opens_at": "time",
        "seen_at": "timestamptz",
        "facts": "jsonb",
    }
    (warning,) = loaded.warnings
    assert warning.startswith(f"{FIXTURES / 'scalars.graphql'}:3: scalar Url is stored as text")


def test_metadata_fixture() -> None:
    patients = table(fixture("metadata"), "patients")
    assert patients.tags == ("critical", "noRPC", "weight")
    assert patients.uid == "tbl:patient"
    assert [c.tags for c in patients.columns] == [(), ("pii", "weight"), ("sensitive",)]


def test_protocol_fixture() -> None:
    """Wesley's protocol and CRDT directives (its directives.graphql) load as tags and change no
    table: its PostgreSQL generator reads none of them.  Only the @wes_ spelling is known."""
    loaded = load_schema(str(FIXTURES / "protocol.graphql"))
    (counters,) = loaded.schema.tables
    assert counters.name == "counters" and loaded.warnings == ()
    assert columns(counters) == {
        "id": ("uuid", False, None),
        "value": ("integer", False, None),
        "label": ("text", True, None),
    }
    assert (counters.checks, counters.indexes) == ((), ())
    assert counters.tags == (
        "wes_channel",
        "wes_codec",
        "wes_invariant",
        "wes_registry",
        "wes_tick",
        "wes_version",
    )
    assert [c.tags for c in counters.columns] == [
        ("wes_stateField",),
        ("wes_constraint", "wes_join"),
        ("wes_constraint",),
    ]
    with pytest.raises(InputError, match=r"t\.graphql:1: unknown directive @version"):
        load_sdl("type T @wes_table @version(major: 1, minor: 0) { id: ID! @wes_pk }", "t.graphql")


def test_security_fixture() -> None:
    """@wes_rls's policies beside the tenant model's on one table; the tenant model's helpers
    replace the tenant preset's (Wesley writes them last); @wes_grant changes nothing."""
    loaded = load_schema(str(FIXTURES / "security.graphql"))
    schema = loaded.schema
    documents = table(schema, "documents")
    assert (documents.row_security, documents.force_row_security) == (True, True)
    assert [(p.name, p.roles) for p in documents.policies] == [
        ("policy_Document_select_document", ("authenticated",)),
        ("policy_Document_tenant_insert_document", ("public",)),
        ("policy_Document_tenant_select_document", ("public",)),
        ("policy_Document_tenant_update_document", ("public",)),
        ("policy_Document_update_document", ("authenticated",)),
    ]
    insert = next(p for p in documents.policies if p.command == "insert")
    assert insert.check is not None and insert.check.endswith("AND owner_id = auth.uid()")
    assert schema.schemas == ("wesley",)
    objects = {o.name: o.definition for o in schema.others}
    assert sorted(objects) == [
        "wesley.has_role_in(uuid, text[])", "wesley.is_member_of(uuid)", "wesley.is_owner(uuid)", "wesley_user_orgs",
    ]  # fmt: skip
    assert "FROM wesley_user_orgs" in objects["wesley.is_member_of(uuid)"]
    assert "FROM membership AS m" in objects["wesley_user_orgs"]
    assert [p.using for p in table(schema, "projects").policies if p.command == "select"] == [
        "wesley.is_member_of(org_id)"
    ]
    assert [w.split(": ", 1)[0] for w in loaded.warnings] == [
        f"{FIXTURES / 'security.graphql'}:{n}" for n in (21, 17)
    ]
    loosened = load_sdl(
        (FIXTURES / "security.graphql").read_text().replace('"owner_id = auth.uid()"', '"true"'), "x"
    )
    (change,) = diff_schemas(schema, loosened.schema, Hints()).changes
    assert "policy_Document_update_document" in str(change)


def test_rls_tenant_fixture() -> None:
    """The tenant preset: its policies call the helpers, which read the table membership."""
    schema = fixture("rls_tenant")
    invoices = table(schema, "invoices")
    assert {p.command: p.using or p.check for p in invoices.policies} == {
        "select": "wesley.is_member_of(company_id)",
        "insert": "wesley.is_member_of(company_id)",
        "update": "wesley.is_member_of(company_id)",
        "delete": "wesley.has_role_in(company_id, ARRAY['owner', 'admin'])",
    }
    assert invoices.indexes == (Index("idx_Invoice_company_id", ("company_id",)),)
    assert [(o.kind, o.name) for o in schema.others] == [
        ("function", "wesley.has_role_in(uuid, text[])"),
        ("function", "wesley.is_member_of(uuid)"),
        ("view", "wesley_user_orgs"),
    ]  # once, though two types use them
    body = schema.others[1].definition.split("$$")[1]
    assert body.startswith("\n" + " " * 18 + "SELECT EXISTS (\n" + " " * 20 + "SELECT 1 FROM membership\n")
    assert body.endswith("\n" + " " * 18 + ")\n" + " " * 16)  # Wesley's text, as the server keeps it


def test_rls_options_fixture() -> None:
    """The presets given as {name:, options:}: their policies, indexes and helper functions."""
    schema = fixture("rls_options")
    promotions = table(schema, "promotions")
    window = "CURRENT_TIMESTAMP >= starts_at AND CURRENT_TIMESTAMP <= ends_at"
    assert {p.command: p.using or p.check for p in promotions.policies} == {
        "select": window, "insert": window, "update": window, "delete": "FALSE",
    }  # fmt: skip
    assert [i.name for i in promotions.indexes] == ["idx_Promotion_ends_at", "idx_Promotion_starts_at"]
    assert {p.using or p.check for p in table(schema, "audit_logs").policies} == {"wesley.is_admin()"}
    budgets = table(schema, "budgets")
    assert {p.command: p.using for p in budgets.policies if p.command in ("select", "delete")} == {
        "select": "wesley.in_org_tree(org_id)", "delete": "wesley.is_org_admin(org_id)",
    }  # fmt: skip
    assert [i.name for i in budgets.indexes] == ["idx_Budget_org_id"]
    assert [i.name for i in table(schema, "gifts").indexes] == ["idx_Gift_giver"]
    assert [o.name for o in schema.others] == [
        "wesley.in_org_tree(uuid)", "wesley.is_admin()", "wesley.is_org_admin(uuid)",
    ]  # fmt: skip
    tree = schema.others[0].definition
    assert "SELECT c.id FROM orgs c\n" in tree and "SELECT org_id FROM membership\n" in tree


def test_tenant_fixture() -> None:
    """The tenant model: the membership type's view and indexes, the helpers, each tenant
    type's policies over the view (INSERT with the owner column) and indexes."""
    schema = fixture("tenant")
    assert [i.name for i in table(schema, "org_members").indexes] == [
        "idx_orgmember_org_id", "idx_orgmember_user_id", "idx_orgmember_user_org",
    ]  # fmt: skip
    documents = table(schema, "documents")
    assert (documents.row_security, documents.force_row_security) == (True, True)
    member = (
        "EXISTS(SELECT 1 FROM wesley_user_orgs AS uo WHERE uo.user_id = auth.uid() "
        "AND uo.org_id = documents.org_id)"
    )
    assert {p.name: (p.using, p.check) for p in documents.policies} == {
        "policy_Document_tenant_select_document": (member, None),
        "policy_Document_tenant_insert_document": (None, f"{member} AND created_by = auth.uid()"),
        "policy_Document_tenant_update_document": (member, member),
    }
    assert [i.name for i in documents.indexes] == ["idx_document_created_by", "idx_document_org_id"]
    folders = table(schema, "folders")
    assert [p.check for p in folders.policies if p.command == "insert"] == [
        "EXISTS(SELECT 1 FROM wesley_user_orgs AS uo WHERE uo.user_id = auth.uid() AND uo.org_id = folders.workspace_id)"
    ]
    assert sorted(o.name for o in schema.others) == [
        "wesley.has_role_in(uuid, text[])", "wesley.is_member_of(uuid)", "wesley.is_owner(uuid)", "wesley_user_orgs",
    ]  # fmt: skip
    member_of = next(o for o in schema.others if o.name == "wesley.is_member_of(uuid)")
    assert member_of.definition.split("$$")[1] == (  # Wesley's text, as the server keeps it
        "\n  SELECT EXISTS (\n    SELECT 1 FROM wesley_user_orgs\n"
        "    WHERE user_id = auth.uid() AND org_id = p_org_id\n  )\n"
    )


def test_tenant_without_membership_fixture() -> None:
    """@wes_tenant (and the legacy @tenant) without a membership type: Wesley's policies over
    the view nothing makes, row-level security and the tenant column's index, wesley.is_owner;
    loaded, and refused as a migration's target at the first @wes_tenant's line."""
    loaded = load_schema(str(FIXTURES / "tenant_without_membership.graphql"))
    tickets, seats = table(loaded.schema, "tickets"), table(loaded.schema, "seat_members")
    member = (
        "EXISTS(SELECT 1 FROM wesley_user_orgs AS uo WHERE uo.user_id = auth.uid() "
        "AND uo.org_id = tickets.workspace_id)"
    )
    assert {p.name: (p.using, p.check) for p in tickets.policies} == {
        "policy_Ticket_tenant_select_ticket": (member, None),
        "policy_Ticket_tenant_insert_ticket": (None, f"{member} AND owner_id = auth.uid()"),
        "policy_Ticket_tenant_update_ticket": (member, member),
    }
    assert [i.name for i in tickets.indexes] == ["idx_ticket_owner_id", "idx_ticket_workspace_id"]
    assert [p.name for p in seats.policies] == [
        "policy_Seat_tenant_insert_seat", "policy_Seat_tenant_select_seat", "policy_Seat_tenant_update_seat",
    ]  # fmt: skip
    assert all(t.row_security and t.force_row_security for t in (tickets, seats))
    assert [o.name for o in loaded.schema.others] == ["wesley.is_owner(uuid)"]
    (refused,) = loaded.refused
    assert str(refused).startswith(
        f"{FIXTURES / 'tenant_without_membership.graphql'}:12: @wes_tenant on Ticket: its policies read the "
        "view wesley_user_orgs, which nothing in the schema makes"
    )


def test_rls_preset_without_membership_fixture() -> None:
    """The tenant preset without its membership table, and @wes_tenant beside it: the preset's
    view and the tenant model's functions over it, both kinds of policy; refused as a target at
    the preset's line (the view reads a table the schema lacks)."""
    loaded = load_schema(str(FIXTURES / "rls_preset_without_membership.graphql"))
    invoices = table(loaded.schema, "invoices")
    assert sorted(p.name for p in invoices.policies) == [
        "policy_Invoice_tenant_delete", "policy_Invoice_tenant_insert", "policy_Invoice_tenant_insert_invoice",
        "policy_Invoice_tenant_select", "policy_Invoice_tenant_select_invoice", "policy_Invoice_tenant_update",
        "policy_Invoice_tenant_update_invoice",
    ]  # fmt: skip
    assert [(o.kind, o.name) for o in loaded.schema.others] == [
        ("function", "wesley.has_role_in(uuid, text[])"),
        ("function", "wesley.is_member_of(uuid)"),
        ("function", "wesley.is_owner(uuid)"),
        ("view", "wesley_user_orgs"),
    ]
    assert "FROM membership WHERE" in loaded.schema.others[3].definition
    assert "FROM wesley_user_orgs\n" in loaded.schema.others[1].definition  # the tenant model's, written last
    (refused,) = loaded.refused
    assert str(refused).endswith(
        ":10: @wes_rls on Invoice: its functions read the table membership (user_id, org_id, role, deleted_at): "
        "the schema has no table membership"
    )


def test_rls_ignored_fixture() -> None:
    """What Wesley's generator does not read of @wes_rls changes nothing: a warning each."""
    loaded = load_schema(str(FIXTURES / "rls_ignored.graphql"))
    notes, drafts = table(loaded.schema, "notes"), table(loaded.schema, "drafts")
    assert {p.command: (p.roles, p.using or p.check) for p in notes.policies} == dict.fromkeys(
        ("select", "insert", "update", "delete"), (("public",), "auth.uid() = author_id")
    )
    assert [(p.command, p.roles) for p in drafts.policies] == [("select", ("authenticated",))]
    assert [w.split(": ", 3)[1:3] for w in loaded.warnings] == [
        [
            "@wes_rls on Note",
            "the arguments options, delete, roles beside a preset are not read by Wesley's generator",
        ],
        ["@wes_rls on Draft", "the argument options is not read by Wesley's generator"],
    ]
    assert loaded.refused == ()


def test_owner_fixture() -> None:
    """@wes_owner alone: the helper wesley.is_owner; no policy, no row-level security."""
    schema = fixture("owner")
    notes = table(schema, "notes")
    assert (notes.row_security, notes.policies, notes.indexes) == (False, (), ())
    assert [(o.kind, o.name) for o in schema.others] == [("function", "wesley.is_owner(uuid)")]
    assert "IMMUTABLE" in schema.others[0].definition


def test_grant_fixture() -> None:
    """@wes_grant: a tag and a warning; the schema is the one without it."""
    loaded = load_schema(str(FIXTURES / "grant.graphql"))
    reports = table(loaded.schema, "reports")
    assert (reports.tags, reports.grants, loaded.schema.others) == (("grant",), (), ())
    assert [w.split(": ", 2)[1] for w in loaded.warnings] == [
        "@wes_grant on Report.summary",
        "@wes_grant on Report",
    ]
    bare = load_sdl((FIXTURES / "grant.graphql").read_text().replace("@wes_grant", "@wes_pii"), "x").schema
    assert diff_schemas(bare, loaded.schema, Hints()).changes == ()


def test_rls_explicit_fixture() -> None:
    """A policy per command, its roles from <command>Roles, roles or Wesley's default."""
    notes = table(fixture("rls_explicit"), "notes")
    assert (notes.row_security, notes.force_row_security) == (True, True)
    assert notes.policies == (
        Policy("policy_Note_delete_note", "delete", True, ("authenticated",), "FALSE", None),
        Policy("policy_Note_insert_note", "insert", True, ("authenticated",), None, "owner_id = auth.uid()"),
        Policy("policy_Note_select_note", "select", True, ("public",), "owner_id = auth.uid() OR shared", None),
        Policy(
            "policy_Note_update_note", "update", True, ("authenticated",),
            "owner_id = auth.uid()", "owner_id = auth.uid()",
        ),
    )  # fmt: skip
    comments = table(fixture("rls_explicit"), "comments")
    assert [(p.name, p.roles) for p in comments.policies] == [
        ("policy_Comment_select_comment", ("authenticated",))
    ]


def test_rls_enabled_fixture() -> None:
    """@wes_rls(enabled: true) enables and forces RLS with no policy; beside commands it adds none."""
    vaults = table(fixture("rls_enabled"), "vaults")
    assert (vaults.row_security, vaults.force_row_security, vaults.policies) == (True, True, ())
    memos = table(fixture("rls_enabled"), "memos")
    assert [(p.name, p.roles, p.using) for p in memos.policies] == [
        ("policy_Memo_select_memo", ("public",), "TRUE")
    ]


def test_rls_presets_fixture() -> None:
    """Each preset's policies and index; RLS enabled and forced on every table."""
    schema = fixture("rls_presets")
    drafts = table(schema, "drafts")
    assert {p.command: p.using or p.check for p in drafts.policies} == dict.fromkeys(
        ("delete", "insert", "select", "update"), "auth.uid() = author_id"
    )
    assert drafts.indexes == (Index("idx_Draft_author_id", ("author_id",)),)
    articles = table(schema, "articles")
    assert [(p.name, p.using) for p in articles.policies if p.command == "select"] == [
        ("policy_Article_public-read_select", "TRUE")
    ]
    assert table(schema, "settings").indexes == ()
    tasks = table(schema, "tasks")
    assert tasks.indexes == (Index("idx_Task_deleted_at", ("deleted_at",), where="deleted_at IS NULL"),)
    assert {p.command: (p.using, p.check) for p in tasks.policies} == {
        "select": ("deleted_at IS NULL", None),
        "insert": (None, "TRUE"),
        "update": ("deleted_at IS NULL", "deleted_at IS NULL"),
        "delete": ("FALSE", None),
    }
    assert all(t.row_security and t.force_row_security for t in schema.tables)


def test_legacy_fixture() -> None:
    schema = fixture("legacy")
    assert [t.name for t in schema.tables] == ["members", "orgs"]
    assert [i.name for i in table(schema, "members").indexes] == ["members_org_id_idx"]
    assert table(schema, "orgs").indexes == ()  # @unique @index(name:): the unique key is the index
    assert columns(table(schema, "members"))["role"] == ("text", False, "'member'")


def test_aliases_fixture() -> None:
    """Every long @wesley_x alias, the bare @tenant/@owner/@rls/@noRPC, the canonical metadata
    spellings and the schema-level @wes_package/@wes_import: the schema of the file spelt with
    @wes_x throughout, tables, keys, indexes, policies and the tenant model's helpers alike."""
    text = (FIXTURES / "aliases.graphql").read_text()
    schema = fixture("aliases")
    canonical = re.sub(r"@(?:wesley_|(?=(?:table|tenant|owner|noRPC|rls|pk)\b))", "@wes_", text)
    assert "@wesley_" not in canonical and "@tenant" not in canonical
    spelt = load_sdl(canonical, "aliases.graphql").schema
    assert diff_schemas(schema, spelt, Hints()).changes == diff_schemas(spelt, schema, Hints()).changes == ()
    assert schema.others == spelt.others and len(schema.others) == 4  # the tenant model's helpers
    assert [t.name for t in schema.tables] == [
        "clinic_members", "clinics", "invoices", "prescriptions", "referrals", "visits",
    ]  # fmt: skip
    assert table(schema, "clinics").uid == "tbl:clinic"
    assert table(schema, "clinic_members").indexes[0] == Index(
        "clinic_members_user_idx", ("user_id",), using="hash"
    )
    assert {t.name: len(t.policies) for t in schema.tables if t.row_security} == {
        "invoices": 3, "prescriptions": 2, "referrals": 1, "visits": 3,
    }  # fmt: skip
    assert [p.roles for p in table(schema, "referrals").policies] == [("authenticated",)]


def test_declarations_fixture() -> None:
    notes = table(fixture("declarations"), "notes")
    assert columns(notes)["at"] == ("timestamptz", False, "CURRENT_TIMESTAMP")


@pytest.mark.parametrize(
    "name",
    [
        "default_value",
        "default_expr",
        "default_word",
        "check",
        "index_where",
        "index_unique",
        "unique_index",
        "fk",
        "scalars",
        "legacy",
        "declarations",
    ],
)
def test_fixture_round_trips_on_postgres(name: str, pg_url: str) -> None:
    """Generate from empty, apply: the live database diffs clean against the SDL."""
    schema = stored_by(fixture(name), "postgres")
    build_schema(pg_url, schema, "postgres")
    live = load_schema(pg_url).schema
    assert diff_schemas(schema, live, Hints()).changes == ()
    assert diff_schemas(live, schema, Hints()).changes == ()


# --- [tool.wesley-gen] sdl-types --------------------------------------------------------------

WESLEY_BUILT = """
enum Role { ADMIN MEMBER }
type Counter @wes_table { id: ID! @wes_pk  hits: BigInt!  role: Role! @wes_default(value: "'MEMBER'") }
"""


def test_sdl_types_read_bigint_and_enums_as_wesley_built_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.wesley-gen]\nsdl-types = { BigInt = "text", Role = "text" }\n'
    )
    (tmp_path / "schema.graphql").write_text(WESLEY_BUILT)
    monkeypatch.chdir(tmp_path)
    schema = load_schema("schema.graphql").schema
    assert schema.enums == ()
    assert columns(table(schema, "counters")) == {
        "id": ("uuid", False, None),
        "hits": ("text", False, None),
        "role": ("text", False, "'MEMBER'"),
    }


def test_without_sdl_types_bigint_is_bigint_and_an_enum_is_an_enum() -> None:
    schema = load_sdl(WESLEY_BUILT, "s.graphql").schema
    assert [e.name for e in schema.enums] == ["role"]
    assert table(schema, "counters").columns[1].type == ColumnType("bigint")


def test_an_sdl_type_that_is_no_sql_type_is_a_located_error() -> None:
    with pytest.raises(
        InputError, match=r"s\.graphql:3: unknown type .big int please. for column counters\.hits"
    ):
        load_sdl(WESLEY_BUILT, "s.graphql", types={"BigInt": "big int please"})
    with pytest.raises(InputError, match=r"sdl-types: BigInt = '\(' is not a SQL type"):
        load_sdl(WESLEY_BUILT, "s.graphql", types={"BigInt": "("})


def test_a_partial_index_is_kept_beside_the_unique_key() -> None:
    schema = load_sdl(
        'type T @wes_table { id: ID! @wes_pk @index(where: "id IS NOT NULL") }', "t.graphql"
    ).schema
    assert table(schema, "ts").indexes == (Index("ts_id_idx", ("id",), where="id IS NOT NULL"),)


# --- adopting wesley-gen on a database Wesley built ------------------------------------------

# What Wesley's PostgreSQL generator writes for the SDL below (as its test snapshots show:
# quoted names, table constraints, a uid comment on every table, column and index, BigInt as
# text, no index where a unique key is one already), written out by hand.
WESLEY_SQL = """
CREATE TABLE IF NOT EXISTS "products" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "slug" text NOT NULL,
  "name" text NOT NULL,
  "views" text,
  "price" double precision NOT NULL,
  "created_at" timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY ("id"),
  UNIQUE ("slug"),
  CHECK (price > 0)
);
COMMENT ON TABLE "products" IS 'uid: tbl:Product';
COMMENT ON COLUMN "products"."id" IS 'uid: col:Product.id';
COMMENT ON COLUMN "products"."slug" IS 'uid: col:Product.slug';
COMMENT ON COLUMN "products"."name" IS 'uid: col:Product.name';
COMMENT ON COLUMN "products"."views" IS 'uid: col:Product.views';
COMMENT ON COLUMN "products"."price" IS 'uid: col:Product.price';
COMMENT ON COLUMN "products"."created_at" IS 'uid: col:Product.created_at';
-- Skipped redundant index: Index on slug is covered by unique constraint on slug
CREATE INDEX IF NOT EXISTS "products_name_idx" ON "products" ("name");
COMMENT ON INDEX "products_name_idx" IS 'uid: idx_products_name';
"""
WESLEY_SDL = """
type Product @wes_table {
  id: ID! @wes_pk @wes_default(expr: "gen_random_uuid()")
  slug: String! @wes_unique @wes_index
  name: String! @wes_index
  views: BigInt
  price: Float! @wes_check(expr: "price > 0")
  created_at: DateTime! @wes_default(value: "now()")
}
"""


def test_a_database_wesley_built_diffs_clean_against_its_sdl(pg_url: str) -> None:
    from tests.pgtools import run_ddl

    run_ddl(pg_url, WESLEY_SQL)
    live = load_schema(pg_url).schema
    sdl = stored_by(load_sdl(WESLEY_SDL, "schema.graphql", types={"BigInt": "text"}).schema, "postgres")
    assert live.others == ()  # the uid comments are annotations, not objects outside the model
    assert check_others(live, sdl, pg_url, "schema.graphql") == ()
    assert diff_schemas(live, sdl, Hints()).changes == ()
    widened = stored_by(load_sdl(WESLEY_SDL, "schema.graphql").schema, "postgres")
    result = diff_schemas(live, widened, Hints())  # without sdl-types BigInt is bigint: text → bigint
    assert [e.column for e in result.errors] == ["views"]  # needs a cast the user has to give


def test_a_uid_comment_is_an_annotation_in_a_sql_file_too() -> None:
    from wesley_gen.load.sql import load_sql

    file = load_sql(WESLEY_SQL, "wesley.sql").schema
    assert file.others == ()
    other = load_sql(WESLEY_SQL.replace("'uid: tbl:Product'", "'Products we sell'"), "mine.sql").schema
    assert [str(o) for o in other.others] == ["comment on table products"]


def test_sdl_types_must_be_a_table_of_strings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.wesley-gen]\nsdl-types = "text"\n')
    (tmp_path / "schema.graphql").write_text(WESLEY_BUILT)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="sdl-types must be a table of strings"):
        load_schema("schema.graphql")


def test_default_word_fixture() -> None:
    subscription = table(fixture("default_word"), "subscriptions")
    assert {name: default for name, (_, _, default) in columns(subscription).items()} == {
        "id": None,
        "role": "'member'",
        "plan": "'FREE'",
        "owner": "CURRENT_USER",  # a SQL keyword stays one
    }
