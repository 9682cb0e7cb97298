"""The Wesley GraphQL SDL loader: naming, types, directives, and clean failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from wesley_gen.errors import InputError
from wesley_gen.load import load_schema
from wesley_gen.load.graphql import SCALARS, default_table_name, load_sdl, snake_case
from wesley_gen.model import (
    Column,
    ColumnType,
    Enum,
    ForeignKey,
    Index,
    PrimaryKey,
    Schema,
    Table,
    UniqueConstraint,
    canonical_json,
)

ROOT = Path(__file__).resolve().parent.parent
MALFORMED = Path(__file__).parent / "malformed"


def load(text: str) -> Schema:
    return load_sdl(text, "test.graphql").schema


def table(schema: Schema, name: str) -> Table:
    found = schema.table(name)
    assert found is not None, f"no table {name}: {[t.name for t in schema.tables]}"
    return found


def column(schema: Schema, table_name: str, name: str) -> Column:
    found = table(schema, table_name).column(name)
    assert found is not None, f"no column {table_name}.{name}"
    return found


def error_of(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        load(text)
    return caught.value


UUID, TEXT, INTEGER = ColumnType("uuid"), ColumnType("text"), ColumnType("integer")


# --- the example schemas ------------------------------------------------------------


def test_v1_loads_the_pressroom_tables() -> None:
    loaded = load_schema(str(ROOT / "schemas" / "v1.graphql"))
    schema = loaded.schema
    assert loaded.warnings == ()
    assert [t.name for t in schema.tables] == ["organizations", "posts", "users"]
    assert schema.enums == ()
    users = table(schema, "users")
    assert users.column_names() == ("id", "org_id", "name", "age", "karma", "bio", "created_at")
    assert users.uid == "tbl-user"
    assert users.primary_key == PrimaryKey("users_pkey", ("id",))
    assert users.column("id") == Column("id", UUID, nullable=False, default="GEN_RANDOM_UUID()")
    assert users.column("org_id") == Column("org_id", UUID, nullable=False)
    assert users.foreign_keys == (ForeignKey("users_org_id_fkey", ("org_id",), "organizations", ("id",)),)
    assert users.indexes == (Index("users_org_id_idx", ("org_id",)),)
    assert users.column("age") == Column("age", INTEGER, nullable=True)
    assert column(schema, "users", "karma").default == "0"
    assert column(schema, "users", "bio").tags == ("pii",)
    assert column(schema, "users", "created_at") == Column(
        "created_at", ColumnType("timestamptz"), nullable=False, default="CURRENT_TIMESTAMP"
    )
    organizations = table(schema, "organizations")
    assert organizations.uid == "tbl-org"
    assert organizations.uniques == (UniqueConstraint("organizations_name_key", ("name",)),)
    posts = table(schema, "posts")
    assert posts.foreign_keys == (ForeignKey("posts_author_id_fkey", ("author_id",), "users", ("id",)),)
    assert posts.column("score") == Column("score", ColumnType("double precision"))
    assert posts.column("published") == Column("published", ColumnType("boolean"), False, "FALSE")


def test_v2_loads_the_status_the_rename_and_the_new_table() -> None:
    schema = load_schema(str(ROOT / "schemas" / "v2.graphql")).schema
    assert schema.enums == ()  # v2 runs on SQLite too (make demo), which has no enums
    assert [t.name for t in schema.tables] == ["comments", "organizations", "posts", "users"]
    status = column(schema, "posts", "status")
    assert status == Column("status", TEXT, nullable=False, default="'DRAFT'")
    display_name = column(schema, "users", "display_name")
    assert display_name.renamed_from == "name"
    assert display_name.type == TEXT and not display_name.nullable
    assert column(schema, "users", "karma").type == ColumnType("bigint")
    assert not column(schema, "users", "age").nullable
    assert table(schema, "users").uniques == (UniqueConstraint("users_email_key", ("email",)),)
    assert table(schema, "users").column("bio") is None
    assert table(schema, "posts").indexes == (Index("posts_created_at_idx", ("created_at",)),)
    comments = table(schema, "comments")
    assert [fk.name for fk in comments.foreign_keys] == ["comments_author_id_fkey", "comments_post_id_fkey"]
    assert comments.indexes == (Index("comments_post_id_idx", ("post_id",)),)


# --- naming -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("createdAt", "created_at"),
        ("HTTPStatus", "http_status"),
        ("orgId", "org_id"),
        ("userID", "user_id"),
        ("id", "id"),
        ("already_snake", "already_snake"),
        ("PostStatus", "post_status"),
        ("line2Text", "line2_text"),
    ],
)
def test_snake_case(name: str, expected: str) -> None:
    assert snake_case(name) == expected


@pytest.mark.parametrize(
    ("type_name", "expected"),
    [
        ("User", "users"),
        ("Organization", "organizations"),
        ("OrderItem", "order_items"),
        ("Address", "address"),  # already ends in s: naive plural leaves it
        ("Status", "status"),
        ("Category", "categorys"),  # naive, as Wesley does it
    ],
)
def test_default_table_name(type_name: str, expected: str) -> None:
    assert default_table_name(type_name) == expected


def test_table_and_column_names_follow_the_rules() -> None:
    schema = load(
        """
        type OrderItem @wes_table { id: ID! @wes_pk  unitPriceCents: Int!  HTTPStatus: Int }
        type Person @wes_table(name: "people") { id: ID! @wes_pk }
        """
    )
    assert [t.name for t in schema.tables] == ["order_items", "people"]
    assert table(schema, "order_items").column_names() == ("id", "unit_price_cents", "http_status")


# --- scalars, nullability, arrays ----------------------------------------------------


@pytest.mark.parametrize(
    ("scalar", "expected"),
    [
        ("ID", "uuid"),
        ("UUID", "uuid"),
        ("String", "text"),
        ("Int", "integer"),
        ("BigInt", "bigint"),
        ("Float", "double precision"),
        ("Decimal", "numeric"),
        ("Boolean", "boolean"),
        ("DateTime", "timestamptz"),
        ("Date", "date"),
        ("Time", "time"),
        ("JSON", "jsonb"),
        ("Inet", "inet"),
        ("CIDR", "cidr"),
        ("MacAddr", "macaddr"),
    ],
)
def test_scalar_types(scalar: str, expected: str) -> None:
    schema = load(f"type Thing @wes_table {{ id: ID! @wes_pk  value: {scalar}  must: {scalar}! }}")
    assert column(schema, "things", "value") == Column("value", ColumnType(expected), nullable=True)
    assert column(schema, "things", "must") == Column("must", ColumnType(expected), nullable=False)


def test_every_scalar_is_tested() -> None:
    assert len(SCALARS) == 15


def test_arrays_count_list_depth_and_only_the_outer_bang_means_not_null() -> None:
    schema = load(
        """
        enum Color { RED GREEN }
        type Thing @wes_table {
          id: ID! @wes_pk
          labels: [String!]!
          scores: [Int]
          grid: [[Float!]!]
          colors: [Color!]
        }
        """
    )
    things = table(schema, "things")
    assert things.column("labels") == Column("labels", ColumnType("text", (), 1), nullable=False)
    assert things.column("scores") == Column("scores", ColumnType("integer", (), 1), nullable=True)
    assert things.column("grid") == Column("grid", ColumnType("double precision", (), 2), nullable=True)
    assert things.column("colors") == Column("colors", ColumnType("color", (), 1), nullable=True)


def test_enums_are_snake_case_with_values_as_declared() -> None:
    schema = load(
        """
        enum PostStatus { DRAFT PUBLISHED }
        extend enum PostStatus { ARCHIVED }
        type Post @wes_table {
          id: ID! @wes_pk
          status: PostStatus! @wes_default(value: "'DRAFT'")
        }
        """
    )
    assert schema.enums == (Enum("post_status", ("DRAFT", "PUBLISHED", "ARCHIVED")),)
    assert column(schema, "posts", "status").type == ColumnType("post_status")


def test_an_enum_default_must_be_one_of_its_values() -> None:
    error = error_of(
        """
        enum PostStatus { DRAFT }
        type Post @wes_table {
          id: ID! @wes_pk
          status: PostStatus! @wes_default(value: "'LIVE'")
        }
        """
    )
    assert error.location is not None and error.location.line == 5
    assert "not one of the enum's values" in error.reason


def test_relations_and_non_table_types_are_not_columns() -> None:
    schema = load(
        """
        type Query { users: [User!]!  me: User  weird: Whatever @wes_op }
        type Mutation { createUser(name: String!): User }
        input UserInput { name: String }
        interface Node { id: ID! }
        type User implements Node @wes_table {
          id: ID! @wes_pk
          posts: [Post!]! @wes_hasMany(type: "Post")
        }
        type Post @wes_table {
          id: ID! @wes_pk
          authorId: ID! @wes_fk(ref: "User.id")
          author: User! @belongsTo(ref: "User")
        }
        """
    )
    assert [t.name for t in schema.tables] == ["posts", "users"]
    assert table(schema, "users").column_names() == ("id",)
    assert table(schema, "posts").column_names() == ("id", "author_id")


# --- structural directives in all spellings ------------------------------------------

_TEMPLATE = """
type Organization @{table} {{
  id: ID! @{pk} @{default}(value: "gen_random_uuid()")
  name: String! @{unique} @{uid}(value: "col-org-name")
}}

type User @{table}(name: "members") @{index}(columns: ["orgId", "name"]) @{uid}(value: "tbl-user") {{
  id: ID! @{pk}
  orgId: ID! @{fk}(ref: "Organization.id") @{index}(using: "hash")
  name: String
}}
"""
_SPELLINGS = {
    "table": ("wes_table", "wesley_table", "table"),
    "pk": ("wes_pk", "wesley_pk", "pk", "primaryKey"),
    "fk": ("wes_fk", "wesley_fk", "fk", "foreignKey"),
    "unique": ("wes_unique", "wesley_unique", "unique"),
    "index": ("wes_index", "wesley_index", "index"),
    "default": ("wes_default", "wesley_default", "default"),
    "uid": ("wes_uid", "wesley_uid", "uid"),
}


def _template(**spellings: str) -> str:
    chosen = {tag: names[0] for tag, names in _SPELLINGS.items()} | spellings
    return _TEMPLATE.format(**chosen)


def test_the_template_means_what_it_says() -> None:
    schema = load(_template())
    organizations = table(schema, "organizations")
    assert organizations.primary_key == PrimaryKey("organizations_pkey", ("id",))
    assert organizations.column("id") == Column("id", UUID, False, "GEN_RANDOM_UUID()")
    assert organizations.uniques == (UniqueConstraint("organizations_name_key", ("name",)),)
    assert column(schema, "organizations", "name").uid == "col-org-name"
    members = table(schema, "members")
    assert members.uid == "tbl-user"
    assert members.foreign_keys == (ForeignKey("members_org_id_fkey", ("org_id",), "organizations", ("id",)),)
    assert members.indexes == (
        Index("members_org_id_idx", ("org_id",), using="hash"),
        Index("members_org_id_name_idx", ("org_id", "name")),
    )


@pytest.mark.parametrize(
    ("tag", "spelling"),
    [(tag, spelling) for tag, names in _SPELLINGS.items() for spelling in names[1:]],
)
def test_every_spelling_of_a_structural_directive_means_the_same(tag: str, spelling: str) -> None:
    expected = canonical_json(load(_template()))
    assert canonical_json(load(_template(**{tag: spelling}))) == expected


def test_composite_primary_key_in_field_order() -> None:
    schema = load(
        """
        type Membership @wes_table {
          userId: ID! @wes_pk
          note: String
          orgId: ID! @wes_pk
        }
        """
    )
    memberships = table(schema, "memberships")
    assert memberships.primary_key == PrimaryKey("memberships_pkey", ("user_id", "org_id"))
    assert memberships.column("user_id") == Column("user_id", UUID, nullable=False)
    assert memberships.column("note") == Column("note", TEXT, nullable=True)


def test_object_level_index_names_fields_and_keeps_order_and_direction() -> None:
    schema = load(
        """
        type Event @wes_table
          @wes_index(columns: ["createdAt DESC", "kind"])
          @wes_index(name: "events_payload_gin", using: "GIN", columns: "payload") {
          id: ID! @wes_pk
          kind: String!
          payload: JSON
          createdAt: DateTime!
        }
        """
    )
    assert table(schema, "events").indexes == (
        Index("events_created_at_kind_idx", ("created_at DESC", "kind")),
        Index("events_payload_gin", ("payload",), using="gin"),
    )


def test_foreign_key_may_name_the_table_and_reference_its_own_table() -> None:
    schema = load(
        """
        type Organization @wes_table { id: ID! @wes_pk }
        type User @wes_table {
          id: ID! @wes_pk
          orgId: ID @wes_fk(ref: "organizations.id")
          managerId: ID @wes_fk(ref: "User.id")
        }
        """
    )
    assert table(schema, "users").foreign_keys == (
        ForeignKey("users_manager_id_fkey", ("manager_id",), "users", ("id",)),
        ForeignKey("users_org_id_fkey", ("org_id",), "organizations", ("id",)),
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [('"now()"', "CURRENT_TIMESTAMP"), ('"0"', "0"), ('"(0)::integer"', "0"), ('"NULL"', None)],
)
def test_defaults_are_normalised_sql_expressions(written: str, expected: str | None) -> None:
    kind = "DateTime" if "now" in written else "Int"
    schema = load(f"type T @wes_table {{ id: ID! @wes_pk  v: {kind} @wes_default(value: {written}) }}")
    assert column(schema, "ts", "v").default == expected


def test_renamed_from_on_types_and_fields() -> None:
    schema = load(
        """
        type Client @wes_table @renamedFrom(name: "Customer") {
          id: ID! @wes_pk
          displayName: String @renamedFrom(name: "fullName")
        }
        type Account @wes_table @renamedFrom(name: "legacy_accounts") { id: ID! @wes_pk }
        """
    )
    assert table(schema, "clients").renamed_from == "customers"
    assert column(schema, "clients", "display_name").renamed_from == "full_name"
    assert table(schema, "accounts").renamed_from == "legacy_accounts"


# --- metadata directives -------------------------------------------------------------

_METADATA = ("pii", "sensitive", "critical", "weight", "belongsTo", "noRPC")


@pytest.mark.parametrize("prefix", ["wes_", "wesley_", ""])
@pytest.mark.parametrize("tag", _METADATA)
def test_metadata_directives_are_kept_as_tags_in_every_spelling(prefix: str, tag: str) -> None:
    schema = load(
        f"""
        type Secret @wes_table @{prefix}{tag}(anything: "goes", n: 3) {{
          id: ID! @wes_pk
          value: String @{prefix}{tag} @{prefix}{tag}(roles: ["admin"])
        }}
        """
    )
    assert table(schema, "secrets").tags == (tag,)
    assert column(schema, "secrets", "value").tags == (tag,)


def test_tags_are_sorted_and_do_not_change_the_identity() -> None:
    tagged = load(
        'type U @wes_table @wes_critical(by: "org") { id: ID! @wes_pk  e: String @wes_sensitive @wes_pii }'
    )
    plain = load("type U @wes_table { id: ID! @wes_pk  e: String }")
    assert column(tagged, "us", "e").tags == ("pii", "sensitive")
    assert tagged == plain


def test_wesley_directive_declarations_and_scalars_may_be_included() -> None:
    header = """
    \"\"\"Wesley Canonical Directives\"\"\"
    scalar JSON
    scalar DateTime
    directive @wes_table(name: String) on OBJECT
    directive @wes_channel(name: String) on OBJECT
    directive @wes_op(name: String) on FIELD_DEFINITION
    schema @wes_package(name: "demo") { query: Query }
    """
    schema = load(
        header
        + """
        type Query { ping: String @wes_op }
        type Message @wes_channel(name: "chat") { text: String }
        type Log @wes_table {
          id: BigInt! @wes_pk
          at: DateTime! @deprecated(reason: "use timestamp")
          data: JSON
        }
        """
    )
    assert [t.name for t in schema.tables] == ["logs"]
    assert column(schema, "logs", "data").type == ColumnType("jsonb")


def test_type_extensions_add_fields_and_directives() -> None:
    schema = load(
        """
        type User { id: ID! @wes_pk }
        extend type User @wes_table { email: String! @wes_unique }
        extend type Query { me: User }
        """
    )
    assert table(schema, "users").column_names() == ("id", "email")


def test_a_blank_document_is_an_empty_schema() -> None:
    assert load("# nothing yet\n\n") == Schema()


# --- errors --------------------------------------------------------------------------


def _malformed_cases() -> list[Path]:
    return sorted(MALFORMED.glob("sdl_*.graphql"))


def _expectation(case: Path) -> tuple[int, str]:
    fields = dict(
        line.split(": ", 1) for line in case.with_suffix(".expect").read_text(encoding="utf-8").splitlines()
    )
    return int(fields["line"]), fields["message"]


def test_the_required_malformed_cases_exist() -> None:
    names = {p.stem for p in _malformed_cases()}
    required = {
        "sdl_syntax_error",
        "sdl_unknown_directive",
        "sdl_unknown_type",
        "sdl_duplicate_field",
        "sdl_duplicate_table",
        "sdl_fk_missing_type",
        "sdl_fk_missing_field",
        "sdl_fk_type_mismatch",
        "sdl_default_type_mismatch",
        "sdl_default_syntax",
        "sdl_index_missing_field",
        "sdl_fk_missing_ref",
    }
    assert required <= names


@pytest.mark.parametrize("case", _malformed_cases(), ids=lambda p: p.stem)
def test_malformed_sdl_fails_at_its_line(case: Path) -> None:
    line, message = _expectation(case)
    with pytest.raises(InputError) as caught:
        load_schema(str(case))
    error = caught.value
    assert error.location is not None
    assert (error.location.source, error.location.line) == (str(case), line)
    assert message in error.reason
    assert "\n" not in str(error)


def test_a_syntax_error_reports_graphql_core_description() -> None:
    error = error_of('type User @wes_table {\n  id: ID! @wes_pk\n  bio: """open\n')
    assert str(error) == "test.graphql:4: syntax error: Unterminated string."


def test_a_directive_the_file_declares_is_skipped_on_a_table_and_an_undeclared_one_is_an_error() -> None:
    """Wesley's parser reads its own directives and skips any other (its fixture
    normalized-sdl/directives-and-defaults.graphql puts a declared, repeatable @tag on a table);
    one the file does not declare is a misspelling until shown otherwise. (Wesley's own protocol
    directives, @wes_join among them, are known: tests/test_wesley.py.)"""
    declared = """directive @sharded(key: String!) repeatable on FIELD_DEFINITION | OBJECT
        type T @wes_table @sharded(key: "id") {
          id: ID! @wes_pk
          v: Int @sharded(key: "max") @sharded(key: "min")
        }"""
    assert (
        load_sdl(declared, "test.graphql").schema
        == load_sdl("type T @wes_table { id: ID! @wes_pk v: Int }", "test.graphql").schema
    )
    error = error_of(declared.split("\n", 1)[1])
    assert (error.reason, error.location and error.location.line) == ("unknown directive @sharded", 1)


@pytest.mark.parametrize(
    ("directive", "message"),
    [
        ("@wes_fk(ref: 3)", "argument 'ref' of @wes_fk must be a String"),
        ("@wes_index(using: BTREE)", "argument 'using' of @wes_index must be a String"),
        ('@wes_index(columns: ["a"])', "belongs on the type"),
        ("@wes_uid", "@wes_uid needs the argument 'value'"),
        ("@wes_uid(value: null)", "@wes_uid needs the argument 'value'"),
        ('@wes_pk(name: "x")', "@wes_pk has no argument 'name'"),
        ("@wes_table", "@wes_table cannot be used on a field"),
        ('@wes_default(value: "1") @default(value: "2")', "@default repeats @wes_default on T.v"),
    ],
)
def test_directive_misuse_is_an_error_at_its_line(directive: str, message: str) -> None:
    error = error_of(f"type T @wes_table {{\n  id: ID! @wes_pk\n  v: Int\n    {directive}\n}}")
    assert error.location is not None and error.location.line == 4
    assert message in error.reason


def test_enum_and_table_names_may_not_collide() -> None:
    error = error_of("enum Users { A }\ntype User @wes_table { id: ID! @wes_pk }")
    assert "'users' is both a table and an enum" in error.reason


def test_errors_point_at_the_name_not_at_a_description_above_it() -> None:
    error = error_of(
        '''"""
        People.
        """
        type User @wes_table {
          id: ID! @wes_pk
          """
          What they are called.
          """
          name: Strng
        }'''
    )
    assert error.location is not None and error.location.line == 9
