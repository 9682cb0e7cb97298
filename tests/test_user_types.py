"""Domains and composite types: diffed, rendered for PostgreSQL with their rollback, refused on SQLite.

The corpus (tests/corpus/postgres/user_types) proves each case converges on a real server by
pg_dump; these tests pin the changes, the SQL and the refusals themselves.
"""

from __future__ import annotations

import pytest

from wesley_gen.classify import classify
from wesley_gen.diff import diff_schemas
from wesley_gen.errors import InputError, ProblemFound
from wesley_gen.hints import Hints
from wesley_gen.load import load_text
from wesley_gen.load.snapshot import schema_from_dict
from wesley_gen.model import Schema, canonical_json, checksum, to_dict
from wesley_gen.plan import Options, plan_migration
from wesley_gen.render.migration import render_migration

OLD = """
CREATE DOMAIN label AS varchar(20) DEFAULT 'none' CONSTRAINT label_short CHECK (length(VALUE) < 10);
CREATE DOMAIN gone AS integer;
CREATE TYPE address AS (street text, city text);
CREATE TABLE t (id integer PRIMARY KEY, l label, home address, g gone);
"""
NEW = """
CREATE DOMAIN label AS varchar(20) NOT NULL DEFAULT 'unset' CONSTRAINT label_nonempty CHECK (VALUE <> '');
CREATE DOMAIN cents AS bigint CHECK (VALUE >= 0);
CREATE TYPE address AS (street text, zip varchar(10));
CREATE TYPE price AS (amount cents, currency char(3));
CREATE TABLE t (id integer PRIMARY KEY, l label, home address, p price);
"""


def schema(text: str) -> Schema:
    return load_text(text, "s.sql", suffix=".sql").schema


def sql_files(old: Schema, new: Schema) -> dict[str, str]:
    migration = plan_migration(
        old, new, Hints(), dialect="postgres", migration_id="0001_t", options=Options(allow_destructive=True)
    )
    return {name: data.decode("utf-8") for name, data in render_migration(migration).items()}


def test_types_are_added_before_tables_and_dropped_after_columns() -> None:
    result = diff_schemas(schema(OLD), schema(NEW), Hints(), dialect="postgres")
    assert result.errors == ()
    assert [(c.op, c.table or c.name) for c in result.changes] == [
        ("drop_column", "t"),
        ("add_type", "cents"),
        ("add_type", "price"),
        ("alter_domain", "label"),
        ("alter_composite", "address"),
        ("add_column", "t"),
        ("drop_type", "gone"),
    ]


def test_a_domain_change_is_altered_in_place_and_rolled_back() -> None:
    files = sql_files(schema(OLD), schema(NEW))
    swap, rollback, expand = files["swap.sql"], files["rollback.sql"], files["expand.sql"]
    assert (
        'CREATE DOMAIN "cents" AS BIGINT;\nALTER DOMAIN "cents" ADD CONSTRAINT "cents_check" CHECK (value >= 0);'
        in expand
    )
    assert 'CREATE TYPE "price" AS ("amount" "cents", "currency" CHAR(3))' in expand
    assert [line for line in swap.splitlines() if "DOMAIN" in line or "ALTER TYPE" in line] == [
        'ALTER DOMAIN "label" DROP CONSTRAINT "label_short";',
        "ALTER DOMAIN \"label\" SET DEFAULT 'unset';",
        'ALTER DOMAIN "label" SET NOT NULL;',
        # NOT VALID in the swap's transaction, validated in a stage of its own (no scan under its lock).
        'ALTER DOMAIN "label" ADD CONSTRAINT "label_nonempty" CHECK (value <> \'\') NOT VALID;',
        'ALTER TYPE "address" DROP ATTRIBUTE "city";',
        'ALTER TYPE "address" ADD ATTRIBUTE "zip" VARCHAR(10);',
        'DROP DOMAIN "gone";',
        'ALTER DOMAIN "label" VALIDATE CONSTRAINT "label_nonempty";',
    ]
    assert 'CREATE DOMAIN "gone" AS INT;' in rollback
    assert 'ALTER DOMAIN "label" DROP CONSTRAINT "label_nonempty";' in rollback
    assert 'DROP TYPE IF EXISTS "price";' in rollback and 'DROP DOMAIN IF EXISTS "cents";' in rollback


def test_what_postgresql_cannot_alter_is_a_named_diff_error() -> None:
    old = schema("CREATE DOMAIN amount AS integer; CREATE TABLE t (a amount);")
    new = schema("CREATE DOMAIN amount AS bigint; CREATE TABLE t (a amount);")
    (error,) = diff_schemas(old, new, Hints(), dialect="postgres").errors
    assert error.kind == "type_change"
    assert "a domain over integer becomes a domain over bigint" in error.reason


def test_sqlite_refuses_domains_and_composites_by_name() -> None:
    with pytest.raises(
        ProblemFound, match="SQLite has no domain, composite or range types: address, cents, label, price"
    ):
        plan_migration(Schema(), schema(NEW), Hints(), dialect="sqlite", migration_id="0001_t")


def test_user_types_survive_the_snapshot_and_leave_other_checksums_alone() -> None:
    loaded = schema(NEW)
    again = schema_from_dict(to_dict(loaded))
    assert again == loaded and checksum(again) == checksum(loaded)
    plain = schema("CREATE TABLE t (id int);")
    assert "domains" not in canonical_json(plain) and "composites" not in canonical_json(plain)


def test_exclusion_constraints_are_added_after_create_table_and_refused_on_sqlite() -> None:
    new = schema(
        "CREATE TABLE t (id int, during tsrange, "
        "CONSTRAINT t_free EXCLUDE USING gist (during WITH &&) WHERE (id > 0));"
    )
    expand = sql_files(Schema(), new)["expand.sql"]
    assert (
        'ALTER TABLE "t" ADD CONSTRAINT "t_free" EXCLUDE USING gist("during" WITH &&) WHERE (id > 0);'
        in expand
    )
    with pytest.raises(ProblemFound, match=r"SQLite has no exclusion constraints: t\.t_free"):
        plan_migration(Schema(), new, Hints(), dialect="sqlite", migration_id="0001_t")


@pytest.mark.parametrize(
    ("ddl", "message"),
    [
        ("CREATE TABLE t (a int, EXCLUDE USING gist (b WITH &&));", "exclusion constraint 't_b_excl'"),
        (
            "CREATE TABLE t (a int, EXCLUDE USING gist (a WITH OPERATOR(pg_catalog.=)));",
            "unsupported operator",
        ),
    ],
)
def test_a_bad_exclusion_constraint_is_refused_at_its_line(ddl: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        schema(ddl)
    assert caught.value.location is not None and caught.value.location.line == 1


RANGES = """
CREATE DOMAIN score AS integer CHECK (VALUE >= 0);
CREATE TYPE scores AS RANGE (subtype = score, multirange_type_name = score_sets);
CREATE TYPE span AS RANGE (subtype = text, subtype_opclass = text_pattern_ops, collation = "C");
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE t (id integer PRIMARY KEY, s scores, ss score_sets[], f floatrange, fm floatmultirange);
"""


def test_range_types_are_made_before_their_columns_and_dropped_after_them() -> None:
    """Over a domain made first; every option stated, the multirange named; the rollback
    drops them after the columns (DROP TYPE takes the multirange along)."""
    files = sql_files(schema("CREATE TABLE t (id integer PRIMARY KEY);"), schema(RANGES))
    expand = files["expand.sql"]
    made = [line for line in expand.splitlines() if line.startswith(("CREATE", "ALTER TABLE"))]
    assert made[:3] == [
        'CREATE DOMAIN "score" AS INT;',
        'CREATE TYPE "floatrange" AS RANGE (subtype = DOUBLE PRECISION, subtype_diff = "float8mi", '
        'multirange_type_name = "floatmultirange");',
        'CREATE TYPE "scores" AS RANGE (subtype = "score", multirange_type_name = "score_sets");',
    ]
    assert (
        'CREATE TYPE "span" AS RANGE (subtype = TEXT, subtype_opclass = "text_pattern_ops", collation = "C", '
        'multirange_type_name = "span_multirange");' in expand
    )
    rollback = files["rollback.sql"]
    assert rollback.index('DROP COLUMN IF EXISTS "s"') < rollback.index('DROP TYPE IF EXISTS "scores"')
    assert rollback.index('DROP TYPE IF EXISTS "scores"') < rollback.index('DROP DOMAIN IF EXISTS "score"')


def test_a_changed_range_type_is_a_named_diff_error() -> None:
    old = schema("CREATE TYPE span AS RANGE (subtype = integer); CREATE TABLE t (s span);")
    new = schema("CREATE TYPE span AS RANGE (subtype = bigint); CREATE TABLE t (s span);")
    (error,) = diff_schemas(old, new, Hints(), dialect="postgres").errors
    assert error.kind == "type_change"
    assert "a range type (subtype = integer, multirange = span_multirange) becomes" in error.reason


def test_an_unused_changed_range_type_is_dropped_and_made_again_and_rolled_back() -> None:
    """After the new SUBTYPE_DIFF function is made, before a new column of the new multirange
    is added; the rollback puts the old definition back, then drops the function."""
    old = schema("CREATE TYPE span AS RANGE (subtype = time); CREATE TABLE t (id integer PRIMARY KEY);")
    new = schema(
        f"{TIME_DIFF} CREATE TYPE span AS RANGE (subtype = time, subtype_diff = time_subtype_diff,"
        " multirange_type_name = spans); CREATE TABLE t (id integer PRIMARY KEY, s spans);"
    )
    files = sql_files(old, new)
    expand, rollback = files["expand.sql"], files["rollback.sql"]
    made = 'CREATE TYPE "span" AS RANGE (subtype = TIME, subtype_diff = "time_subtype_diff", '
    assert expand.index("CREATE FUNCTION time_subtype_diff") < expand.index('DROP TYPE "span";')
    assert expand.index('DROP TYPE "span";') < expand.index(made) < expand.index('ADD COLUMN "s" "spans"')
    restored = 'CREATE TYPE "span" AS RANGE (subtype = TIME, multirange_type_name = "span_multirange");'
    assert rollback.index('DROP COLUMN IF EXISTS "s"') < rollback.index('DROP TYPE IF EXISTS "span";')
    assert rollback.index('DROP TYPE IF EXISTS "span";') < rollback.index(restored)
    assert rollback.index(restored) < rollback.index("DROP FUNCTION IF EXISTS time_subtype_diff")


def test_a_changed_range_type_in_use_is_refused_naming_its_users() -> None:
    old = schema(
        "CREATE TYPE span AS RANGE (subtype = integer); CREATE DOMAIN some_spans AS span_multirange;"
        " CREATE TABLE t (s span[]);"
    )
    new = schema(
        "CREATE TYPE span AS RANGE (subtype = bigint); CREATE DOMAIN some_spans AS span_multirange;"
        " CREATE TABLE t (s span[]);"
    )
    (error,) = diff_schemas(old, new, Hints(), dialect="postgres").errors
    assert error.kind == "type_change"
    assert (
        "cannot alter, and column t.s, type some_spans use it; give the new one another name" in error.reason
    )


TIME_DIFF = (
    "CREATE FUNCTION time_subtype_diff(x time, y time) RETURNS float8"
    " AS 'SELECT EXTRACT(EPOCH FROM (x - y))' LANGUAGE sql STRICT IMMUTABLE;"
)


def test_a_range_type_with_a_subtype_diff_function_follows_it_and_is_dropped_before_it() -> None:
    """And a composite over the range follows the range."""
    with_range = schema(
        f"{TIME_DIFF} CREATE TYPE timerange AS RANGE (subtype = time, subtype_diff = time_subtype_diff);"
        " CREATE TYPE shift AS (who text, hours timerange); CREATE TABLE t (id integer PRIMARY KEY, s shift);"
    )
    bare = schema("CREATE TABLE t (id integer PRIMARY KEY);")
    expand = sql_files(bare, with_range)["expand.sql"]
    assert expand.index("CREATE FUNCTION") < expand.index('CREATE TYPE "timerange"')
    assert expand.index('CREATE TYPE "timerange"') < expand.index('CREATE TYPE "shift"')
    swap = sql_files(with_range, bare)["swap.sql"]
    assert swap.index('DROP TYPE "shift"') < swap.index('DROP TYPE "timerange"') < swap.index("DROP FUNCTION")


@pytest.mark.parametrize(
    ("ddl", "message"),
    [
        (
            "CREATE TYPE intspan;",
            r"s\.sql:1: shell type intspan \(CREATE TYPE intspan;\) is not supported yet",
        ),
        (
            "\nCREATE TYPE intspan AS RANGE (subtype = integer, canonical = intspan_canonical);",
            r"s\.sql:2: range type intspan: CANONICAL is not supported yet",
        ),
    ],
)
def test_a_canonical_function_and_its_shell_type_are_refused_at_their_line(ddl: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        schema(ddl)


def test_an_unused_composite_changes_an_attribute_type_in_place_and_a_used_one_drops_and_adds_it() -> None:
    """In place, the attribute keeps its position and the rollback alters it back; a column of
    the type keeps PostgreSQL from altering it (drop and add: destructive), which keeps the
    order only for the last attribute: one before others is refused, naming the column."""
    old = "CREATE TYPE address AS (street text, zip varchar(5), city text); CREATE TABLE t (id integer"
    new = old.replace("varchar(5)", "varchar(10)")
    files = sql_files(schema(old + ");"), schema(new + ");"))
    assert 'ALTER TYPE "address" ALTER ATTRIBUTE "zip" TYPE VARCHAR(10);' in files["swap.sql"]
    assert 'ALTER TYPE "address" ALTER ATTRIBUTE "zip" TYPE VARCHAR(5);' in files["rollback.sql"]
    assert "DROP ATTRIBUTE" not in files["swap.sql"] + files["rollback.sql"]
    last_old = (
        "CREATE TYPE address AS (street text, zip varchar(5)); CREATE TABLE t (id integer, home address);"
    )
    last_new = last_old.replace("varchar(5)", "varchar(10)")
    used = sql_files(schema(last_old), schema(last_new))["swap.sql"]
    assert 'DROP ATTRIBUTE "zip"' in used and 'ADD ATTRIBUTE "zip" VARCHAR(10)' in used
    result = diff_schemas(schema(old + ", home address);"), schema(new + ", home address);"), Hints())
    assert result.changes == ()
    assert [e.reason for e in result.errors] == [
        "type address: the attributes (street text, zip varchar(5), city text) become (street text, zip "
        "varchar(10), city text), an order PostgreSQL cannot give them (it adds an attribute last and cannot "
        "move one), and column t.home uses it; mark a renamed attribute '-- wesley:renamed-from <old name>', "
        "keep the others in their order and add new ones last, or give the new type another name"
    ]


def test_a_composite_attribute_marked_renamed_is_renamed_in_place_and_back() -> None:
    old = schema(
        "CREATE TYPE address AS (street text, zip text, city text); CREATE TABLE t (id int, a address);"
    )
    new = schema(
        "CREATE TYPE address AS (street text,\n"
        "  postcode text, -- wesley:renamed-from zip\n"
        "  city text, country text);\n"
        "CREATE TABLE t (id int, a address);"
    )
    files = sql_files(old, new)
    assert files["swap.sql"].index('ALTER TYPE "address" RENAME ATTRIBUTE "zip" TO "postcode";') < files[
        "swap.sql"
    ].index('ALTER TYPE "address" ADD ATTRIBUTE "country" TEXT;')
    assert "DROP ATTRIBUTE" not in files["swap.sql"]
    assert 'ALTER TYPE "address" RENAME ATTRIBUTE "postcode" TO "zip";' in files["rollback.sql"]
    (change,) = diff_schemas(old, new, Hints()).changes
    assert classify(change, dialect="postgres").change_class == "rename"


def test_an_unused_composite_whose_attributes_move_is_made_again() -> None:
    """PostgreSQL adds an attribute last and cannot move one: a composite nothing uses is
    dropped and made in the new order (and back); one in use is refused."""
    old, new = "CREATE TYPE pair AS (a int, b text);", "CREATE TYPE pair AS (b text, a int);"
    swap = sql_files(schema(old), schema(new))["swap.sql"]
    assert 'DROP TYPE "pair";\nCREATE TYPE "pair" AS ("b" TEXT, "a" INT);' in swap
    used = " CREATE TABLE t (id int, p pair);"
    assert [e.kind for e in diff_schemas(schema(old + used), schema(new + used), Hints()).errors] == [
        "type_change"
    ]


def test_a_domain_over_a_range_type_is_made_after_it_and_dropped_before_it() -> None:
    over = (
        "CREATE DOMAIN spans AS floatmultirange; CREATE DOMAIN bounded AS floatrange CHECK (NOT isempty(VALUE));"
        " CREATE TYPE floatrange AS RANGE (subtype = float8);"
    )
    assert list(schema(over).user_types()) == ["floatrange", "bounded", "spans"]
    files = sql_files(schema(""), schema(over))
    expand = files["expand.sql"]
    assert expand.index('CREATE TYPE "floatrange"') < expand.index('CREATE DOMAIN "bounded"')
    assert expand.index('CREATE TYPE "floatrange"') < expand.index('CREATE DOMAIN "spans"')
    rollback = files["rollback.sql"]
    assert rollback.index('DROP DOMAIN IF EXISTS "bounded"') < rollback.index(
        'DROP TYPE IF EXISTS "floatrange"'
    )
