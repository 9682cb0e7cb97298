"""The SQL DDL loaders: PostgreSQL (pglast) and SQLite (sqlglot) into one model.

Each test loads DDL text and asserts the model concretely: types, nullability,
defaults, keys and their default names (as PostgreSQL itself chooses them),
indexes, enums, rename markers, the skipped-statements warning and the errors a
user meets.  The tests against a live database check that a schema file and the
database built from it load equal, names included.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import replace

import pytest

from tests.pgtools import run_ddl, skip_before
from wesley_gen.errors import InputError
from wesley_gen.expressions import Spelled, normalize_default, normalize_expression
from wesley_gen.identifiers import IndexKey, ddl_expression
from wesley_gen.load import Loaded, load_schema, load_text
from wesley_gen.load.snapshot import schema_from_dict
from wesley_gen.model import (
    SQLITE_ANY,
    UNTYPED,
    CheckConstraint,
    Column,
    ColumnType,
    Enum,
    ForeignKey,
    Identity,
    Index,
    PrimaryKey,
    Schema,
    Table,
    UniqueConstraint,
    sequence_options,
    stored_by,
    to_dict,
)

INTEGER, BIGINT, SMALLINT, TEXT = (
    ColumnType("integer"),
    ColumnType("bigint"),
    ColumnType("smallint"),
    ColumnType("text"),
)
DIALECTS = ("postgres", "sqlite")


def load(text: str, dialect: str = "postgres") -> Loaded:
    return load_text(text, "schema.sql", suffix=".sql", dialect=dialect)


def schema_of(text: str, dialect: str = "postgres") -> Schema:
    return load(text, dialect).schema


def table_of(text: str, name: str = "t", dialect: str = "postgres") -> Table:
    found = schema_of(text, dialect).table(name)
    assert found is not None, f"no table {name}"
    return found


def error_of(text: str, dialect: str = "postgres") -> str:
    with pytest.raises(InputError) as caught:
        load(text, dialect)
    message = str(caught.value)
    assert "\n" not in message
    return message


def column(table: Table, name: str) -> Column:
    found = table.column(name)
    assert found is not None, f"no column {table.name}.{name}"
    return found


def names(table: Table) -> dict[str, list[str]]:
    """Every constraint and index name of a table, by kind."""
    return {
        "pk": [table.primary_key.name] if table.primary_key else [],
        "unique": [u.name for u in table.uniques],
        "check": [c.name for c in table.checks],
        "fk": [f.name for f in table.foreign_keys],
        "index": [i.name for i in table.indexes],
    }


# --- types ------------------------------------------------------------------------------


def test_postgres_type_spellings_normalise() -> None:
    # int[][] is int[]: PostgreSQL keeps no number of dimensions for an array column.
    t = table_of(
        """
        CREATE TABLE t (
            a int4, b INT, c integer, d int8, e bigint, f int2, g float8, h double precision,
            i float4, j real, k character varying(20), l varchar(20), m timestamp with time zone,
            n timestamptz(6), o timestamp(3) without time zone, p bool, q decimal(10, 2),
            r numeric(7, 0), s char, t character(1), u bpchar(4), v text[], w int[][],
            x interval day to second(3), y float(10), z float(30), aa time with time zone,
            ab bit varying(5), ac jsonb, ad uuid
        )
        """
    )
    assert [str(c.type) for c in t.columns] == [
        "integer", "integer", "integer", "bigint", "bigint", "smallint", "double precision",
        "double precision", "real", "real", "varchar(20)", "varchar(20)", "timestamptz",
        "timestamptz(6)", "timestamp(3)", "boolean", "numeric(10,2)", "numeric(7)", "char", "char",
        "char(4)", "text[]", "integer[]", "interval day to second(3)", "real", "double precision", "timetz",
        "varbit(5)", "jsonb", "uuid",
    ]  # fmt: skip


def test_serial_types_are_integers_with_a_sequence_default() -> None:
    t = table_of("CREATE TABLE t (id serial, big bigserial, small smallserial, s4 serial4)")
    assert t.columns == (
        Column("id", INTEGER, nullable=False, default=normalize_default("nextval('t_id_seq'::regclass)")),
        Column("big", BIGINT, nullable=False, default=normalize_default("nextval('t_big_seq'::regclass)")),
        Column(
            "small", SMALLINT, nullable=False, default=normalize_default("nextval('t_small_seq'::regclass)")
        ),
        Column("s4", INTEGER, nullable=False, default=normalize_default("nextval('t_s4_seq'::regclass)")),
    )


def test_serial_in_another_schema_names_its_sequence_there() -> None:
    t = table_of("CREATE TABLE app.t (id serial)", "app.t")
    assert column(t, "id").default == normalize_default("nextval('app.t_id_seq'::regclass)")


def test_serial_sequence_name_is_cut_like_postgres() -> None:
    long_table, long_column = "t" * 40, "c" * 40
    t = table_of(f"CREATE TABLE {long_table} ({long_column} serial)", long_table)
    sequence = "t" * 29 + "_" + "c" * 29 + "_seq"
    assert column(t, long_column).default == normalize_default(f"nextval('{sequence}'::regclass)")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_nullability(dialect: str) -> None:
    t = table_of(
        "CREATE TABLE t (a int NOT NULL, b int NULL, c int, d int, PRIMARY KEY (d))", dialect=dialect
    )
    # SQLite keeps a key column's declared nullability: a NULL is allowed in it (not in PostgreSQL's)
    key_nullable = dialect == "sqlite"
    assert [(c.name, c.nullable) for c in t.columns] == [
        ("a", False),
        ("b", True),
        ("c", True),
        ("d", key_nullable),
    ]


def test_postgres_defaults_are_canonical() -> None:
    t = table_of(
        """
        CREATE TABLE t (
            a timestamptz DEFAULT now(), b text DEFAULT 'x'::text, c int DEFAULT NULL,
            d boolean DEFAULT true, e int DEFAULT -1, f jsonb DEFAULT '{}'::jsonb,
            g numeric DEFAULT (0)::numeric, h uuid DEFAULT gen_random_uuid(), i text DEFAULT 'it''s'
        )
        """
    )
    assert [c.default for c in t.columns] == [
        "CURRENT_TIMESTAMP", "'x'", None, "TRUE", "-1", "'{}'", "0", "GEN_RANDOM_UUID()", "'it''s'",
    ]  # fmt: skip


def test_a_function_of_public_reads_as_the_catalog_names_it() -> None:
    """pg_dump writes ``public.f(x)``; the catalog, read on the search path, says ``f(x)``: one
    check, or the contract's schema check finds a difference where there is none."""
    t = table_of("CREATE TABLE t (a jsonb CHECK (public.valid(a -> 'k')), b int CHECK (app.f(b) > 0))")
    assert [k.expression for k in t.checks] == ["VALID(a -> 'k')", "app.f(b) > 0"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_generated_column_has_its_expression_and_no_default(dialect: str) -> None:
    t = table_of("CREATE TABLE t (a int, g int GENERATED ALWAYS AS (a * 2) STORED)", dialect=dialect)
    declared = "int" if dialect == "sqlite" else None  # SQLite keeps the type as written
    assert column(t, "g") == Column("g", INTEGER, generated="a * 2", declared=declared)


@pytest.mark.parametrize(
    ("ddl", "message"),
    [
        (
            "CREATE TABLE t (a int,\n g int GENERATED ALWAYS AS (a) STORED DEFAULT 5)",
            "schema.sql:2: column t.g has both a generation expression and a default",
        ),
        ("CREATE TABLE t (a int DEFAULT 1 DEFAULT 2)", "column t.a has both a default and a default"),
        ("CREATE TABLE t (id serial DEFAULT 5)", "column t.id has both serial and a default"),
    ],
)
def test_a_column_gets_one_value_rule(ddl: str, message: str) -> None:
    assert message in error_of(ddl)


# --- constraints and their default names -------------------------------------------------


def test_inline_and_table_constraints_get_postgres_default_names() -> None:
    schema = schema_of(
        """
        CREATE TABLE orgs (id int PRIMARY KEY, code text UNIQUE);
        CREATE TABLE t (
            id int PRIMARY KEY,
            org_id int REFERENCES orgs (id),
            email text UNIQUE,
            age int CHECK (age >= 0),
            a int, b int,
            UNIQUE (a, b),
            FOREIGN KEY (a) REFERENCES orgs (id),
            CHECK (b > 0)
        );
        """
    )
    t = schema.table("t")
    assert t is not None
    assert t.primary_key == PrimaryKey("t_pkey", ("id",))
    assert t.uniques == (
        UniqueConstraint("t_a_b_key", ("a", "b")),
        UniqueConstraint("t_email_key", ("email",)),
    )
    assert t.checks == (CheckConstraint("t_age_check", "age >= 0"), CheckConstraint("t_b_check", "b > 0"))
    assert t.foreign_keys == (
        ForeignKey("t_a_fkey", ("a",), "orgs", ("id",)),
        ForeignKey("t_org_id_fkey", ("org_id",), "orgs", ("id",)),
    )
    assert names(schema.tables[0]) == {
        "pk": ["orgs_pkey"], "unique": ["orgs_code_key"], "check": [], "fk": [], "index": [],
    }  # fmt: skip


@pytest.mark.parametrize("dialect", DIALECTS)
def test_named_constraints_keep_their_names(dialect: str) -> None:
    t = table_of(
        """
        CREATE TABLE t (
            id int CONSTRAINT my_pk PRIMARY KEY,
            a int CONSTRAINT my_unique UNIQUE,
            b int CONSTRAINT my_check CHECK (b > 0),
            CONSTRAINT my_fk FOREIGN KEY (a) REFERENCES t (id)
        )
        """,
        dialect=dialect,
    )
    assert names(t) == {
        "pk": ["my_pk"],
        "unique": ["my_unique"],
        "check": ["my_check"],
        "fk": ["my_fk"],
        "index": [],
    }


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_check_is_named_after_the_one_column_it_reads(dialect: str) -> None:
    t = table_of(
        """
        CREATE TABLE t (
            a int CHECK (a > 0),
            b int CHECK (a < b),
            c int CHECK (a > 1),
            CHECK (c > 0 AND c < 10),
            CHECK (b > 0 OR a > 0)
        )
        """,
        dialect=dialect,
    )
    assert t.checks == (
        CheckConstraint("t_a_check", "a > 0"),
        CheckConstraint("t_a_check1", "a > 1"),
        CheckConstraint("t_c_check", "c > 0 AND c < 10"),
        CheckConstraint("t_check", "a < b"),
        CheckConstraint("t_check1", "b > 0 OR a > 0"),
    )


def test_a_clash_gets_a_number_after_the_label() -> None:
    schema = schema_of(
        """
        CREATE TABLE t (a int, CONSTRAINT t_a_key CHECK (a > 0), UNIQUE (a));
        CREATE INDEX ON t (a);
        CREATE INDEX ON t (a);
        CREATE TABLE t_a_idx2 (x int);
        CREATE INDEX ON t (a);
        """
    )
    assert names(schema.tables[0]) == {
        "pk": [], "unique": ["t_a_key1"], "check": ["t_a_key"], "fk": [], "index": ["t_a_idx", "t_a_idx1", "t_a_idx3"],
    }  # fmt: skip


def test_default_names_clash_across_the_tables_of_a_schema() -> None:
    schema = schema_of(
        """
        CREATE TABLE a_b (c int CHECK (c > 0));
        CREATE TABLE a (b_c int CHECK (b_c > 0));
        CREATE TABLE app.a (b_c int CHECK (b_c > 0));
        """
    )
    assert [(t.name, t.checks[0].name) for t in schema.tables] == [
        ("a", "a_b_c_check1"),
        ("a_b", "a_b_c_check"),
        ("app.a", "a_b_c_check"),  # another schema, another namespace
    ]


def test_long_default_names_are_cut_like_postgres() -> None:
    table_name, key = "a" * 45, "b" * 43
    schema = schema_of(
        f"""
        CREATE TABLE {table_name} ({key} int UNIQUE);
        CREATE INDEX ON {table_name} ({key});
        CREATE INDEX ON {table_name} ({key});
        """
    )
    assert names(schema.tables[0]) == {
        "pk": [],
        "unique": ["a" * 29 + "_" + "b" * 29 + "_key"],
        "check": [],
        "fk": [],
        "index": ["a" * 29 + "_" + "b" * 28 + "_idx1", "a" * 29 + "_" + "b" * 29 + "_idx"],
    }


def test_long_names_are_cut_between_characters() -> None:
    table_name = "ä" * 31  # 62 bytes
    t = table_of(f'CREATE TABLE "{table_name}" (id int PRIMARY KEY)', table_name)
    assert t.primary_key == PrimaryKey("ä" * 29 + "_pkey", ("id",))


def test_schema_qualified_tables_get_unqualified_default_names() -> None:
    schema = schema_of(
        """
        CREATE TABLE app.users (id int PRIMARY KEY, email text UNIQUE);
        CREATE TABLE app.posts (id int PRIMARY KEY, author int REFERENCES app.users);
        CREATE INDEX ON app.posts (author);
        """
    )
    posts = schema.table("app.posts")
    assert posts is not None
    assert names(posts) == {
        "pk": ["posts_pkey"], "unique": [], "check": [], "fk": ["posts_author_fkey"], "index": ["posts_author_idx"],
    }  # fmt: skip
    assert posts.foreign_keys[0].ref_table == "app.users"


def test_expression_index_keys_are_named_like_postgres() -> None:
    schema = schema_of(
        """
        CREATE TABLE t (a int, b int, c text);
        CREATE INDEX ON t (lower(c), upper(c));
        CREATE INDEX ON t ((a + 1), (a + 2), (a + 3));
        CREATE INDEX ON t (((a + 1)::text));
        CREATE INDEX ON t ((a::text), (CASE WHEN a > 0 THEN 1 END), coalesce(a, 0), greatest(a, b));
        CREATE INDEX ON t (a, a);
        CREATE INDEX ON t ((b));
        """
    )
    assert [(i.name, i.columns) for i in schema.tables[0].indexes] == [
        ("t_a_a1_idx", ("a", "a")),
        (
            "t_a_case_coalesce_greatest_idx",
            ("a", "CASE WHEN a > 0 THEN 1 END", "COALESCE(a, 0)", "GREATEST(a, b)"),
        ),
        ("t_b_idx", ("b",)),
        ("t_expr_expr1_expr2_idx", ("a + 1", "a + 2", "a + 3")),
        ("t_lower_upper_idx", ("LOWER(c)", "UPPER(c)")),
        ("t_text_idx", ("CAST(a + 1 AS TEXT)",)),
    ]


def test_include_columns_are_part_of_a_default_name() -> None:
    t = table_of("CREATE TABLE t (a int, b int, UNIQUE (a) INCLUDE (b)); CREATE INDEX ON t (a) INCLUDE (b);")
    assert t.uniques == (UniqueConstraint("t_a_b_key", ("a",), include=("b",)),)
    assert t.indexes == (Index("t_a_b_idx", ("a",), include=("b",)),)


@pytest.mark.parametrize(
    ("ddl", "expected"),
    [
        ("CREATE TABLE t (a int PRIMARY KEY UNIQUE)", {"pk": ["t_pkey"], "unique": []}),
        (
            "CREATE TABLE t (a int UNIQUE, b int, UNIQUE (a), UNIQUE (a, b))",
            {"pk": [], "unique": ["t_a_b_key", "t_a_key"]},
        ),
        ("CREATE TABLE t (a int CONSTRAINT u UNIQUE, PRIMARY KEY (a))", {"pk": ["u"], "unique": []}),
        ("CREATE TABLE t (a int CONSTRAINT x UNIQUE, CONSTRAINT y UNIQUE (a))", {"pk": [], "unique": ["x"]}),
        (
            "CREATE TABLE t (a int UNIQUE); ALTER TABLE t ADD UNIQUE (a)",
            {"pk": [], "unique": ["t_a_key", "t_a_key1"]},
        ),
    ],
)
def test_keys_of_one_create_table_over_the_same_columns_are_one(
    ddl: str, expected: dict[str, list[str]]
) -> None:
    found = names(table_of(ddl))
    assert {"pk": found["pk"], "unique": found["unique"]} == expected


def test_sqlite_integer_primary_key_is_the_rowid_and_keeps_its_unique() -> None:
    rowid = table_of("CREATE TABLE t (a INTEGER PRIMARY KEY UNIQUE)", dialect="sqlite")
    assert rowid.uniques == (UniqueConstraint("t_a_key", ("a",)),)
    keyed = table_of("CREATE TABLE t (a TEXT PRIMARY KEY UNIQUE)", dialect="sqlite")
    assert keyed.uniques == ()
    without_rowid = table_of("CREATE TABLE t (a INTEGER PRIMARY KEY UNIQUE) WITHOUT ROWID", dialect="sqlite")
    assert without_rowid.uniques == ()


def test_sqlite_type_names_of_no_type_of_their_own_are_read_by_affinity() -> None:
    """SQLite takes any words for a type and reads only their affinity (datatype3, 3.1):
    Anki's ``bytes`` was refused as unknown, and several words stopped the parser."""
    t = table_of(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a STRING, b UNSIGNED BIG INT, c VARYING CHARACTER(255) "
        'NOT NULL, d floating point, e BYTES, f BIGBLOB, g DOUBLE TROUBLE, "two words" CHECK ("two words" > 0))',
        dialect="sqlite",
    )
    assert [(c.name, str(c.type), c.declared, c.nullable) for c in t.columns] == [
        ("id", "integer", None, True),
        ("a", "numeric", "string", True),
        ("b", "integer", "unsigned big int", True),
        ("c", "text", "varying character(255)", False),
        ("d", "integer", "floating point", True),  # "INT" in "POINT" decides first
        ("e", "numeric", "bytes", True),
        ("f", "bytea", "bigblob", True),
        ("g", "real", "double trouble", True),
        ("two words", "", None, True),  # a quoted name in a column list is no type
    ]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_foreign_key_actions(dialect: str) -> None:
    t = table_of(
        """
        CREATE TABLE p (id int PRIMARY KEY);
        CREATE TABLE t (
            a int REFERENCES p (id) ON DELETE CASCADE ON UPDATE SET NULL,
            b int REFERENCES p (id) ON DELETE SET DEFAULT ON UPDATE RESTRICT,
            c int REFERENCES p (id) ON DELETE NO ACTION,
            d int REFERENCES p (id)
        );
        """,
        dialect=dialect,
    )
    assert [(f.columns[0], f.on_delete, f.on_update) for f in t.foreign_keys] == [
        ("a", "cascade", "set null"),
        ("b", "set default", "restrict"),
        ("c", "no action", "no action"),
        ("d", "no action", "no action"),
    ]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_references_without_columns_means_the_primary_key(dialect: str) -> None:
    schema = schema_of(
        """
        CREATE TABLE p (a int, b int, PRIMARY KEY (a, b));
        CREATE TABLE t (x int, y int, z int REFERENCES q, FOREIGN KEY (x, y) REFERENCES p);
        CREATE TABLE q (id int PRIMARY KEY);
        """,
        dialect,
    )
    t = schema.table("t")
    assert t is not None
    assert t.foreign_keys == (
        ForeignKey("t_x_y_fkey", ("x", "y"), "p", ("a", "b")),
        ForeignKey("t_z_fkey", ("z",), "q", ("id",)),
    )


def test_references_a_primary_key_added_later_by_alter_table() -> None:
    t = table_of(
        """
        CREATE TABLE p (id int NOT NULL);
        CREATE TABLE t (p_id int REFERENCES p);
        ALTER TABLE ONLY p ADD CONSTRAINT p_pkey PRIMARY KEY (id);
        """
    )
    assert t.foreign_keys == (ForeignKey("t_p_id_fkey", ("p_id",), "p", ("id",)),)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_references_a_table_without_a_primary_key_is_an_error(dialect: str) -> None:
    message = error_of("CREATE TABLE p (id int);\nCREATE TABLE t (\n  p_id int REFERENCES p\n);", dialect)
    assert message == (
        "schema.sql:3: foreign key 't_p_id_fkey' on 't' references 'p' without naming columns, "
        "but 'p' has no primary key"
    )


# --- indexes ---------------------------------------------------------------------------


def test_postgres_index_options() -> None:
    schema = schema_of(
        """
        CREATE TABLE t (a int, b int, c int, tags text[]);
        CREATE UNIQUE INDEX t_unique ON t (a);
        CREATE INDEX t_order ON t (a DESC, b NULLS FIRST, c DESC NULLS LAST, a ASC NULLS LAST);
        CREATE INDEX t_partial ON t (b) WHERE c > 0 AND a IS NOT NULL;
        CREATE INDEX t_gin ON t USING gin (tags);
        CREATE INDEX ON t USING hash (c);
        """
    )
    assert schema.tables[0].indexes == (
        Index("t_c_idx", ("c",), using="hash"),
        Index("t_gin", ("tags",), using="gin"),
        Index("t_order", ("a DESC", "b NULLS FIRST", "c DESC NULLS LAST", "a")),
        Index("t_partial", ("b",), where=normalize_expression("c > 0 AND a IS NOT NULL")),
        Index("t_unique", ("a",), unique=True),
    )


def test_sqlite_index_options() -> None:
    schema = schema_of(
        """
        CREATE TABLE t (a INTEGER, b TEXT);
        CREATE UNIQUE INDEX t_unique ON t (b COLLATE NOCASE);
        CREATE INDEX t_order ON t (a DESC, b);
        CREATE INDEX t_partial ON t (a) WHERE b IS NOT NULL;
        CREATE INDEX t_expression ON t (lower(b));
        """,
        "sqlite",
    )
    assert schema.tables[0].indexes == (
        Index("t_expression", ("LOWER(b)",)),
        Index("t_order", ("a DESC", "b")),
        Index("t_partial", ("a",), where=normalize_expression("b IS NOT NULL", "sqlite")),
        Index("t_unique", (str(IndexKey(column="b", collation="nocase")),), unique=True),
    )


@pytest.mark.parametrize("dialect", DIALECTS)
def test_an_index_on_an_undefined_table_is_an_error(dialect: str) -> None:
    assert error_of("CREATE TABLE t (a int);\nCREATE INDEX i ON nope (a);", dialect) == (
        "schema.sql:2: index on table 'nope', which is not defined"
    )


# --- enums, names --------------------------------------------------------------------


def test_enums() -> None:
    schema = schema_of(
        """
        CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');
        CREATE TYPE app.level AS ENUM ('low', 'high');
        CREATE TABLE t (m mood NOT NULL DEFAULT 'ok', l app.level, ms mood[]);
        """
    )
    assert schema.enums == (Enum("app.level", ("low", "high")), Enum("mood", ("sad", "ok", "happy")))
    assert schema.tables[0].columns == (
        Column("m", ColumnType("mood"), nullable=False, default="'ok'"),
        Column("l", ColumnType("app.level")),
        Column("ms", ColumnType("mood", (), 1)),
    )


def test_alter_type_add_and_rename_value_give_the_enum_postgres_ends_with() -> None:
    schema = schema_of(
        """
        CREATE TYPE mood AS ENUM ('sad');
        ALTER TYPE mood ADD VALUE 'happy';
        ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';
        ALTER TYPE public.mood ADD VALUE 'meh' AFTER 'sad';
        ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok';
        ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';
        """
    )
    assert schema.enums == (Enum("mood", ("blue", "meh", "ok", "happy")),)


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("ALTER TYPE nope ADD VALUE 'x'", "enum 'nope' is not defined above this statement"),
        ("ALTER TYPE mood ADD VALUE 'sad'", "enum mood: 'sad' is one of its values already"),
        (
            "ALTER TYPE mood ADD VALUE 'x' AFTER 'glad'",
            "enum mood: 'glad' is not one of its values",
        ),
        (
            "ALTER TYPE mood RENAME VALUE 'glad' TO 'x'",
            "enum mood: 'glad' is not one of its values",
        ),
        (
            "ALTER TYPE mood RENAME VALUE 'sad' TO 'ok'",
            "enum mood: 'ok' is one of its values already",
        ),
    ],
)
def test_alter_type_value_errors_are_located(statement: str, message: str) -> None:
    assert error_of(f"CREATE TYPE mood AS ENUM ('sad', 'ok');\n{statement};") == f"schema.sql:2: {message}"


def test_enum_default_must_be_one_of_its_values() -> None:
    message = error_of("CREATE TYPE mood AS ENUM ('sad');\nCREATE TABLE t (m mood DEFAULT 'glad');")
    assert (
        message
        == "schema.sql:2: default 'glad' does not fit t.m (mood): not one of the enum's values ['sad']"
    )


@pytest.mark.parametrize(
    ("column", "message"),
    [
        ("n integer DEFAULT 'x'", "default 'x' does not fit t.n (integer): not an integer"),
        ("m money DEFAULT 'lots'", "default 'lots' does not fit t.m (money): not an amount of money"),
        ("at timestamp DEFAULT 'soon'", "default 'soon' does not fit t.at (timestamp): not a date or time"),
    ],
)
def test_a_literal_default_must_fit_its_column(column: str, message: str) -> None:
    assert error_of(f"CREATE TABLE t ({column})") == f"schema.sql:1: {message}"


def test_a_default_expression_is_left_to_the_database() -> None:
    """Only a literal's fit shows without evaluating it: operators, casts and AT TIME ZONE
    are PostgreSQL's to check (a money literal may carry the currency sign it dumps)."""
    t = table_of(
        """
        CREATE TABLE t (
            seconds integer DEFAULT (2 * 60),
            at timestamp DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'utc'),
            due timestamptz DEFAULT now() + interval '1 day',
            amount money DEFAULT '$1,000.00'::money,
            fee money DEFAULT 0
        )
        """
    )
    assert [c.default is not None for c in t.columns] == [True] * 5


def test_qualified_names_drop_public_and_keep_other_schemas() -> None:
    schema = schema_of(
        """
        CREATE TABLE public.a (id int PRIMARY KEY);
        CREATE TABLE sales.b (id int PRIMARY KEY, a_id int REFERENCES public.a);
        CREATE TABLE c (b_id int REFERENCES sales.b (id));
        """
    )
    assert [t.name for t in schema.tables] == ["a", "c", "sales.b"]
    assert [f.ref_table for t in schema.tables for f in t.foreign_keys] == ["sales.b", "a"]


def test_postgres_keeps_quoted_names_and_folds_unquoted_ones() -> None:
    schema = schema_of(
        'CREATE TABLE "Users" ("Id" int PRIMARY KEY, FullName text, "lower" text);\n'
        'CREATE TABLE Posts (Author int REFERENCES "Users" ("Id"));\n'
        'CREATE INDEX "ByName" ON "Users" (FullName);',
        "postgres",
    )
    assert [t.name for t in schema.tables] == ["Users", "posts"]
    users = schema.tables[0]
    assert users.column_names() == ("Id", "fullname", "lower")
    assert users.primary_key == PrimaryKey("Users_pkey", ("Id",))
    assert users.indexes == (Index("ByName", ("fullname",)),)
    assert schema.tables[1].foreign_keys == (ForeignKey("posts_author_fkey", ("author",), "Users", ("Id",)),)


def test_sqlite_keeps_every_name_as_written_and_resolves_references_without_case() -> None:
    """SQLite stores ``CREATE TABLE Notes`` as Notes and finds it as ``notes``: a reference is
    spelled as the table or column it means was declared (sqlite_schema's names)."""
    schema = schema_of(
        "CREATE TABLE Notes (ID integer PRIMARY KEY, Usn integer, CHECK (usn >= 0), UNIQUE (usn, id));\n"
        "CREATE TABLE cards (nid integer REFERENCES NOTES (id), FOREIGN KEY (NID) REFERENCES notes);\n"
        "CREATE INDEX ix_Notes_usn ON notes (USN DESC);\n"
        "CREATE TABLE IF NOT EXISTS NOTES (x int);",
        "sqlite",
    )
    assert [t.name for t in schema.tables] == ["Notes", "cards"]
    notes, cards = schema.tables
    assert notes.column_names() == ("ID", "Usn")
    assert notes.primary_key == PrimaryKey("Notes_pkey", ("ID",))
    assert notes.uniques == (UniqueConstraint("Notes_Usn_ID_key", ("Usn", "ID")),)
    assert [c.name for c in notes.checks] == ["Notes_Usn_check"]
    assert notes.indexes == (Index("ix_Notes_usn", (str(IndexKey(column="Usn", descending=True)),)),)
    assert [(f.columns, f.ref_table, f.ref_columns) for f in cards.foreign_keys] == [
        (("nid",), "Notes", ("ID",)),
        (("nid",), "Notes", ("ID",)),
    ]
    with pytest.raises(InputError, match="table 'Notes' and table 'NOTES' have the same name to SQLite"):
        schema_of("CREATE TABLE Notes (id int);\nCREATE TABLE NOTES (id int);", "sqlite")


# --- rename markers ------------------------------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
def test_rename_markers_on_tables_and_columns(dialect: str) -> None:
    t = table_of(
        """
        -- wesley:renamed-from people
        CREATE TABLE t (
            id int PRIMARY KEY,
            -- wesley:renamed-from mail
            email text,
            "FullName" text, -- wesley:renamed-from "Name"
            age int  --   wesley:renamed-from   Years
        );
        """,
        dialect=dialect,
    )
    assert t.renamed_from == "people"
    assert [(c.name, c.renamed_from) for c in t.columns] == [
        ("id", None),
        ("email", "mail"),
        ("FullName", "Name"),
        ("age", "years" if dialect == "postgres" else "Years"),  # SQLite keeps a name as written
    ]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_rename_marker_belongs_to_one_definition_only(dialect: str) -> None:
    t = table_of(
        "-- wesley:renamed-from people\n"
        "CREATE TABLE t (id int,\n"
        "  a int, -- wesley:renamed-from old_a\n"
        "  b int\n"
        ");\n",
        dialect=dialect,
    )
    assert t.renamed_from == "people"
    assert [(c.name, c.renamed_from) for c in t.columns] == [("id", None), ("a", "old_a"), ("b", None)]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_sqldefs_rename_marker_is_read_too(dialect: str) -> None:
    t = table_of(
        "CREATE TABLE t ( -- @renamed from=people\n"
        "  id int,\n"
        '  a int, -- @renamed from="old a"\n'
        "  b int /* @renamed from=old_b */\n"
        ");\n",
        dialect=dialect,
    )
    assert t.renamed_from == "people"
    assert [(c.name, c.renamed_from) for c in t.columns] == [("id", None), ("a", "old a"), ("b", "old_b")]


def test_a_rename_marker_on_an_added_column() -> None:
    t = table_of("CREATE TABLE t (id int);\n-- wesley:renamed-from old\nALTER TABLE t ADD COLUMN new int;")
    assert column(t, "new").renamed_from == "old"


def test_a_stray_rename_marker_is_a_warning() -> None:
    loaded = load("CREATE TABLE t (id int);\n\n-- wesley:renamed-from nothing\n\nCREATE TABLE u (id int);")
    assert all(c.renamed_from is None for t in loaded.schema.tables for c in t.columns)
    assert loaded.warnings == (
        "schema.sql:3: ignored the rename marker of 'nothing' ('-- wesley:renamed-from' or '@renamed from='): "
        "it must be on, or on the line above, "
        "a column, a CREATE TABLE or a composite type's attribute",
    )


# --- what is skipped ------------------------------------------------------------------


def test_postgres_skipped_statements_are_counted_in_one_warning_the_compared_ones_kept() -> None:
    loaded = load(
        """
        CREATE EXTENSION IF NOT EXISTS pgcrypto;
        SET search_path = public;
        CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$;
        CREATE TABLE t (id int);
        CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();
        CREATE VIEW v AS SELECT id FROM t;
        GRANT SELECT ON t TO PUBLIC;
        ALTER TABLE t ENABLE ROW LEVEL SECURITY;
        CREATE POLICY p ON t USING (true);
        """
    )
    assert loaded.schema.table("t") is not None
    assert loaded.warnings == ("schema.sql: skipped 1 statement outside the schema model (1 SET)",)
    assert [str(o) for o in loaded.schema.others] == [
        "extension pgcrypto",
        "function f()",
        "trigger tr on t",
        "view v",
    ]


def test_a_file_of_tables_only_has_no_warning() -> None:
    assert load("CREATE TABLE t (id int);").warnings == ()


def test_one_skipped_statement_is_singular() -> None:
    assert load("SET x = 1; CREATE TABLE t (id int);").warnings == (
        "schema.sql: skipped 1 statement outside the schema model (1 SET)",
    )


def test_sqlite_skipped_statements_are_counted_in_one_warning() -> None:
    loaded = load(
        """
        PRAGMA foreign_keys = ON;
        BEGIN;
        CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);
        CREATE TRIGGER tr AFTER INSERT ON t BEGIN
            UPDATE t SET n = 1 WHERE id = new.id;
            SELECT 1;
        END;
        CREATE VIEW v AS SELECT id FROM t;
        INSERT INTO t VALUES (1, 2);
        COMMIT;
        """,
        "sqlite",
    )
    assert [t.name for t in loaded.schema.tables] == ["t"]
    assert loaded.warnings == (
        "schema.sql: skipped 4 statements outside the schema model (1 data, 1 pragmas, 2 transaction control)",
    )
    assert [str(o) for o in loaded.schema.others] == ["trigger tr on t", "view v"]


def test_postgres_exclusion_constraint_is_read_with_its_default_name() -> None:
    loaded = load("CREATE TABLE t (\n  id int,\n  EXCLUDE USING gist (id WITH =)\n);")
    assert loaded.warnings == ()
    (exclusion,) = loaded.schema.tables[0].exclusions
    assert (exclusion.name, exclusion.columns, exclusion.operators, exclusion.using) == (
        "t_id_excl",
        ("id",),
        ("=",),
        "gist",
    )


def test_postgres_temporary_tables_are_skipped_and_partition_key_expressions_refused() -> None:
    loaded = load("CREATE TEMP TABLE scratch (x int);\nCREATE TABLE t (x int);")
    assert [t.name for t in loaded.schema.tables] == ["t"]
    assert loaded.warnings == (
        "schema.sql: skipped 1 statement outside the schema model (1 temporary tables)",
    )
    with pytest.raises(InputError, match=r"schema\.sql:1: partition key of p: only plain columns"):
        load("CREATE TABLE p (x int) PARTITION BY RANGE ((x + 1));")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_create_table_if_not_exists_keeps_the_first(dialect: str) -> None:
    t = table_of("CREATE TABLE t (a int);\nCREATE TABLE IF NOT EXISTS t (b int);", dialect=dialect)
    assert t.column_names() == ("a",)


# --- pg_dump output ------------------------------------------------------------------

PG_DUMP = r"""--
-- PostgreSQL database dump
--

\restrict abc

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);

CREATE TYPE public.mood AS ENUM (
    'sad',
    'happy'
);

ALTER TYPE public.mood OWNER TO bob;

CREATE TABLE public.orgs (
    id integer NOT NULL,
    name text NOT NULL
);

ALTER TABLE public.orgs OWNER TO bob;

CREATE SEQUENCE public.orgs_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.orgs_id_seq OWNED BY public.orgs.id;

CREATE TABLE public.users (
    id bigint NOT NULL,
    org_id integer NOT NULL,
    email character varying(120) NOT NULL,
    m public.mood DEFAULT 'happy'::public.mood,
    created timestamp with time zone DEFAULT now(),
    CONSTRAINT users_email_check CHECK (((email)::text <> ''::text))
);

COMMENT ON TABLE public.users IS 'people';

CREATE SEQUENCE public.users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;

ALTER TABLE ONLY public.orgs ALTER COLUMN id SET DEFAULT nextval('public.orgs_id_seq'::regclass);
ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);

ALTER TABLE ONLY public.orgs
    ADD CONSTRAINT orgs_name_key UNIQUE (name);
ALTER TABLE ONLY public.orgs
    ADD CONSTRAINT orgs_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);

CREATE INDEX users_lower_idx ON public.users USING btree (lower((email)::text)) WHERE (m = 'happy'::public.mood);

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.orgs(id) ON DELETE CASCADE;

\unrestrict abc
"""

PG_DUMP_SOURCE = """
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE orgs (id serial PRIMARY KEY, name text NOT NULL UNIQUE);
CREATE TABLE users (
    id bigserial PRIMARY KEY,
    org_id int NOT NULL REFERENCES orgs ON DELETE CASCADE,
    email varchar(120) NOT NULL,
    m mood DEFAULT 'happy',
    created timestamptz DEFAULT now(),
    CHECK (email <> '')
);
CREATE INDEX ON users (lower(email)) WHERE m = 'happy';
"""


def test_pg_dump_output_loads_as_the_ddl_it_was_made_from() -> None:
    dumped = load(PG_DUMP).schema
    assert replace(dumped, others=()) == schema_of(PG_DUMP_SOURCE)
    assert [(str(o), o.definition) for o in dumped.others] == [
        ("comment on table users", "people"),
        ("owner of table orgs", "bob"),
        ("owner of type mood", "bob"),
    ]  # the owners pg_dump names (ALTER … OWNER TO)
    users = dumped.table("users")
    assert users is not None
    assert column(users, "id") == Column(
        "id", BIGINT, nullable=False, default=normalize_default("nextval('users_id_seq'::regclass)")
    )
    assert users.checks == (CheckConstraint("users_email_check", "email <> ''"),)
    assert users.indexes == (Index("users_lower_idx", ("LOWER(email)",), where="m = 'happy'"),)


def test_pg_dump_skipped_statements_warning() -> None:
    """The serial's sequence statements are read (and fold back into the column), and so are the
    owners."""
    assert load(PG_DUMP).warnings == (
        "schema.sql: skipped 5 statements outside the schema model (1 SELECT, 2 SET, 2 psql meta-commands)",
    )


def test_psql_meta_commands_keep_line_numbers() -> None:
    message = error_of("\\restrict abc\nCREATE TABLE t (\n  a int,\n  a int\n);\n\\unrestrict abc\n")
    assert message == "schema.sql:4: duplicate column t.a"


# --- expressions: the fast printer and pglast's deparser -----------------------------


def test_rare_expressions_are_deparsed_by_pglast() -> None:
    t = table_of(
        """
        CREATE TABLE t (
            d date CHECK (EXTRACT(year FROM d) > 2000),
            a text CHECK (a COLLATE "C" > 'x'),
            n int CHECK (n OPERATOR(myschema.===) 0),
            s text CHECK (s SIMILAR TO 'a%')
        )
        """
    )
    assert {c.name: c.expression for c in t.checks} == {
        "t_d_check": "EXTRACT(YEAR FROM d) > 2000",
        "t_a_check": "a COLLATE \"C\" > 'x'",
        "t_n_check": "n OPERATOR(myschema.===) 0",
        "t_s_check": "s ~ SIMILAR_TO_ESCAPE('a%')",  # as PostgreSQL stores it
    }


def test_expressions_print_as_postgres_stores_them() -> None:
    t = table_of(
        """
        CREATE TABLE t (
            b bit(4) DEFAULT B'0101',
            x bit(4) DEFAULT X'F',
            m int CHECK (m OPERATOR(pg_catalog.>) 0),
            arr int[] CHECK (arr[1] > 0 AND arr[1:2] <> '{}'),
            ts timestamptz CHECK (ts AT TIME ZONE 'UTC' > '2000-01-01'),
            j jsonb CHECK (j->>'a' IS NOT NULL)
        )
        """
    )
    assert [c.default for c in t.columns[:2]] == ["'0101'", "'1111'"]
    assert {c.name: c.expression for c in t.checks} == {
        "t_m_check": "m > 0",
        "t_arr_check": "arr[1] > 0 AND arr[1:2] <> '{}'",
        "t_ts_check": "ts AT TIME ZONE 'UTC' > '2000-01-01 00:00:00'",  # a timestamp literal
        "t_j_check": "(j ->> 'a') IS NOT NULL",
    }


def test_expressions_keep_the_text_postgres_reads() -> None:
    """The canonical text compares; PostgreSQL's own (the parse tree printed) writes DDL."""
    t = table_of(
        """
        CREATE TABLE t (
            n int CHECK (n NOT BETWEEN SYMMETRIC 5 AND 1),
            s date, e date CHECK (NOT (s, e) OVERLAPS (DATE '2000-01-01', DATE '2000-01-02')),
            at timestamp DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'utc'),
            due timestamptz DEFAULT now() + interval '1 day'
        )
        """
    )
    spelled = {c.name: c.expression.postgres for c in t.checks if isinstance(c.expression, Spelled)}
    assert spelled == {
        "t_n_check": "(n NOT BETWEEN SYMMETRIC 5 AND 1)",
        "t_check": "(NOT ((s, e) OVERLAPS (CAST('2000-01-01' AS date), CAST('2000-01-02' AS date))))",
    }
    at, due = t.columns[3:]
    assert (at.default, due.default) == (
        "CURRENT_TIMESTAMP AT TIME ZONE 'utc'",
        "CURRENT_TIMESTAMP + CAST('1 day' AS INTERVAL)",
    )
    assert isinstance(due.default, Spelled)
    assert due.default.postgres == "(now() + CAST('1 day' AS interval))"
    assert due.default == "CURRENT_TIMESTAMP + CAST('1 day' AS INTERVAL)"  # equal to the canonical text it is
    copied = pickle.loads(pickle.dumps(due.default))  # pickled whole, its PostgreSQL text kept
    assert isinstance(copied, Spelled) and copied.postgres == due.default.postgres


def test_a_cast_to_bpchar_keeps_its_type_in_the_ddl_text() -> None:
    """``bpchar`` without a length is a blank-padded string of any length, ``char`` is ``char(1)``:
    sqldef's ``character(3) DEFAULT 'JPN'::bpchar`` was written ``CAST('JPN' AS char)``, whose
    value is ``'J'``, and the migrated database's dump differed from the file's."""
    (t,) = schema_of(
        "CREATE TABLE t (c character(3) DEFAULT 'JPN'::bpchar, d text CHECK (d::bpchar <> 'x'));"
    ).tables
    assert isinstance(t.columns[0].default, Spelled)
    assert t.columns[0].default.postgres == "CAST('JPN' AS bpchar)"
    assert normalize_expression("(d)::bpchar <> 'x'::bpchar") == t.checks[0].expression


def test_normalize_reads_as_the_catalog_prints_it() -> None:
    """``NORMALIZE(x, NFKC)`` is grammar: read as pglast deparses it (``pg_catalog.normalize(x,
    'NFKC')``), it differed from the catalog's text, so the contract's schema check failed on a
    schema file and the database built from it (the held-out OpenStreetMap pair)."""
    t = table_of(
        """
        CREATE TABLE t (name text);
        CREATE INDEX t_folded ON t (lower(NORMALIZE(name, NFKC)));
        CREATE INDEX t_nfc ON t (NORMALIZE(name));
        """
    )
    assert [i.columns for i in t.indexes] == [("LOWER(NORMALIZE(name, NFKC))",), ("NORMALIZE(name)",)]


def test_is_normalized_reads_as_the_catalog_prints_it() -> None:
    """``x IS NFC NORMALIZED`` is grammar too: pglast deparses it as a call, which PostgreSQL
    stores (and pg_dump prints) unlike the predicate, and sqlglot took the catalog's text of it
    for an alias.  Both now read as one canonical call and DDL writes the predicate back, also
    where the loader prints a check with pglast's deparser (the cast with a type modifier)."""
    t = table_of(
        """
        CREATE TABLE t (
            a text CONSTRAINT t_a CHECK (a IS NFC NORMALIZED),
            b text CONSTRAINT t_b CHECK (b IS NOT NORMALIZED OR NORMALIZE(b, NFKC) = b::varchar(9))
        );
        """
    )
    checks = {c.name: c.expression for c in t.checks}
    assert (
        checks["t_a"] == normalize_expression("(a IS NFC NORMALIZED)") == "pg_catalog.is_normalized(a, 'NFC')"
    )
    assert checks["t_b"] == "NOT pg_catalog.is_normalized(b) OR NORMALIZE(b, NFKC) = b"
    assert [getattr(e, "postgres", None) for e in checks.values()] == [
        "(a IS NFC NORMALIZED)",
        "NOT(b IS NORMALIZED) OR normalize(b, NFKC) = CAST(b AS varchar(9))",
    ]
    # a call written as a call stays one: PostgreSQL stores and dumps it as a call
    assert normalize_expression("is_normalized(a, 'NFC'::text)") != checks["t_a"]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("((a || b) IS NFKD NORMALIZED)", "pg_catalog.is_normalized(a || b, 'NFKD')"),
        ("(NOT (lower(a) IS NFC NORMALIZED))", "NOT pg_catalog.is_normalized(LOWER(a), 'NFC')"),
        (
            "a = 'is nfc normalized' AND b IS NOT NFD NORMALIZED",
            "a = 'is nfc normalized' AND NOT pg_catalog.is_normalized(b, 'NFD')",
        ),
        ("('abc'::text IS NFD NORMALIZED)", "pg_catalog.is_normalized('abc', 'NFD')"),
        ("'abc'::text IS NULL", "'abc' IS NULL"),
    ],
)
def test_is_normalized_canonical_and_written_back(text: str, canonical: str) -> None:
    """The predicate's operand ends at a bracket, a comma or a looser word; quoted text is not
    read; a literal cast followed by more words is not a bare literal (the fast path took
    ``'abc'::text IS NULL`` for ``'abc'``).  DDL from the canonical text writes the predicate."""
    assert normalize_expression(text) == canonical
    written = ddl_expression(canonical, "postgres").sql(dialect="postgres")
    assert "is_normalized" not in written
    assert normalize_expression(written) == canonical


def test_an_unreadable_default_names_its_column() -> None:
    assert error_of("CREATE TABLE t (\n  a int DEFAULT (SELECT 1)\n)") == (
        "schema.sql:2: cannot read the default of t.a: expected an expression, not a SUBQUERY "
        "statement: '(SELECT 1)'"
    )


# --- ALTER TABLE ---------------------------------------------------------------------


def test_postgres_alter_table_changes_what_the_model_holds() -> None:
    t = table_of(
        """
        CREATE TABLE t (a int, b int NOT NULL, c int);
        ALTER TABLE t ADD COLUMN d text DEFAULT 'x';
        ALTER TABLE t ALTER COLUMN a SET DEFAULT 5;
        ALTER TABLE t ALTER COLUMN a SET NOT NULL;
        ALTER TABLE t ALTER COLUMN b DROP NOT NULL;
        ALTER TABLE t ADD CONSTRAINT t_c_positive CHECK (c > 0);
        ALTER TABLE t ADD UNIQUE (d);
        ALTER TABLE t ALTER COLUMN c ADD GENERATED BY DEFAULT AS IDENTITY;
        """
    )
    assert t.columns == (
        Column("a", INTEGER, nullable=False, default="5"),
        Column("b", INTEGER, nullable=True),
        Column("c", INTEGER, nullable=False, identity=Identity(False, sequence_options("integer"))),
        Column("d", TEXT, default="'x'"),
    )
    assert t.checks == (CheckConstraint("t_c_positive", "c > 0"),)
    assert t.uniques == (UniqueConstraint("t_d_key", ("d",)),)


def test_sqlite_alter_table_adds_columns() -> None:
    t = table_of(
        "CREATE TABLE t (a INTEGER);\nALTER TABLE t ADD COLUMN b TEXT NOT NULL DEFAULT 'x';", dialect="sqlite"
    )
    assert t.columns == (Column("a", INTEGER), Column("b", TEXT, nullable=False, default="'x'"))


# --- SQLite specifics -----------------------------------------------------------------


def test_sqlite_declared_types_are_read_as_written() -> None:
    t = table_of(
        """
        CREATE TABLE t (
            a REAL, b INT8, c DOUBLE, d FLOAT, e INTEGER, f BIGINT, g VARCHAR(20), h DECIMAL ( 10 , 2 ),
            i BOOLEAN, j DATETIME, k BLOB, l CLOB, m TIMESTAMPTZ, n UUID, o JSONB, p NVARCHAR(5), q INT2
        )
        """,
        dialect="sqlite",
    )
    assert [str(c.type) for c in t.columns] == [
        "real", "bigint", "double precision", "double precision", "integer", "bigint", "varchar(20)",
        "numeric(10,2)", "boolean", "timestamp", "bytea", "text", "timestamptz", "uuid", "jsonb",
        "varchar(5)", "smallint",
    ]  # fmt: skip


def test_sqlite_table_options_are_accepted() -> None:
    schema = schema_of(
        "CREATE TABLE a (id INTEGER PRIMARY KEY) WITHOUT ROWID;\n"
        "CREATE TABLE b (id INTEGER PRIMARY KEY) STRICT;\n"
        "CREATE TABLE c (id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;\n",
        "sqlite",
    )
    assert [(t.name, t.primary_key) for t in schema.tables] == [
        ("a", PrimaryKey("a_pkey", ("id",))),
        ("b", PrimaryKey("b_pkey", ("id",))),
        ("c", PrimaryKey("c_pkey", ("id",))),
    ]


def test_sqlite_defaults_and_generated_columns() -> None:
    t = table_of(
        """
        CREATE TABLE t (
            a INTEGER NOT NULL DEFAULT 0, b TEXT DEFAULT 'x', c REAL DEFAULT 1.5,
            d TIMESTAMP DEFAULT CURRENT_TIMESTAMP, e INTEGER DEFAULT (-1), f TEXT COLLATE NOCASE DEFAULT 'q',
            g INTEGER AS (a + 1), h INTEGER GENERATED ALWAYS AS (a * 2) VIRTUAL, i BOOLEAN DEFAULT TRUE
        )
        """,
        dialect="sqlite",
    )
    assert [(c.name, c.default, c.generated) for c in t.columns] == [
        ("a", "0", None), ("b", "'x'", None), ("c", "1.5", None), ("d", "CURRENT_TIMESTAMP", None),
        ("e", "-1", None), ("f", "'q'", None), ("g", None, "a + 1"), ("h", None, "a * 2"), ("i", "TRUE", None),
    ]  # fmt: skip


def test_sqlite_columns_without_a_type_and_of_type_any_load() -> None:
    t = table_of("CREATE TABLE t (id INTEGER PRIMARY KEY, x, y ANY NOT NULL, z) STRICT", dialect="sqlite")
    assert [(c.name, c.type.name, c.nullable) for c in t.columns] == [
        ("id", "integer", True),  # the rowid: NULL asks for the next one
        ("x", UNTYPED, True),
        ("y", SQLITE_ANY, False),
        ("z", UNTYPED, True),
    ]
    assert t.options == ("strict",)


@pytest.mark.parametrize(
    ("ddl", "nullable"),
    [
        ("CREATE TABLE t (k TEXT PRIMARY KEY)", True),
        ("CREATE TABLE t (k TEXT PRIMARY KEY NOT NULL)", False),
        ("CREATE TABLE t (k TEXT PRIMARY KEY) WITHOUT ROWID", False),
        ("CREATE TABLE t (k TEXT PRIMARY KEY) STRICT", False),
        ("CREATE TABLE t (k INTEGER PRIMARY KEY) STRICT", True),
    ],
)
def test_sqlite_key_columns_are_not_null_where_sqlite_makes_them_so(ddl: str, nullable: bool) -> None:
    assert table_of(ddl, dialect="sqlite").columns[0].nullable is nullable


def test_sqlite_facts_a_rebuild_must_keep_are_loaded() -> None:
    schema = schema_of(
        """
        CREATE TABLE p (id INTEGER PRIMARY KEY);
        CREATE TABLE t (
            id INT PRIMARY KEY, at DATETIME, name TEXT COLLATE NOCASE, data BLOB,
            area REAL AS (id * 2), p_id INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED
        ) WITHOUT ROWID, STRICT;
        """,
        "sqlite",
    )
    t = schema.table("t")
    assert t is not None
    assert t.options == ("without rowid", "strict")
    assert [(c.name, c.declared, c.collation, c.virtual) for c in t.columns] == [
        ("id", "int", None, False),
        ("at", "datetime", None, False),
        ("name", None, "nocase", False),
        ("data", None, None, False),  # BLOB is how wesley-gen declares bytea on SQLite
        ("area", None, None, True),
        ("p_id", None, None, False),
    ]
    assert [(f.deferrable, f.initially_deferred) for f in t.foreign_keys] == [(True, True)]


def test_sqlite_only_adds_columns_in_alter_table() -> None:
    assert error_of("CREATE TABLE t (a INTEGER);\nALTER TABLE t RENAME TO u;", "sqlite") == (
        "schema.sql:2: ALTER TABLE t: only ADD COLUMN is read"
    )


# --- syntax errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dialect", "ddl", "expected"),
    [
        (
            "postgres",
            "CREATE TABLE a (id int);\n\nCREATE TABLE b (id int,\n  x int\n  y int);",
            'schema.sql:5: syntax error at or near "y"',
        ),
        (
            "postgres",
            "CREATE TABLE é (id int);\nCREATE TABLE b (id int,, x int);",
            'schema.sql:2: syntax error at or near ","',
        ),
        (
            "postgres",
            "CREATE TABLE a (id int);\nCREATE TABLE b (x text DEFAULT 'open);",
            'schema.sql:2: syntax error: unterminated quoted string at or near "\'open);"',
        ),
        (
            "sqlite",
            "CREATE TABLE a (id INTEGER);\n\nCREATE TABLE b (id INTEGER,\n  x INTEGER\n  y INTEGER);",
            "schema.sql:5: syntax error: Expecting )",
        ),
        (
            "sqlite",
            "CREATE TABLE a (id INTEGER);\n/* a\n note */ CREATE TABLE b (id INTEGER,\n  x INTEGER\n  y INTEGER);",
            "schema.sql:5: syntax error: Expecting )",
        ),
    ],
)
def test_a_syntax_error_names_its_line(dialect: str, ddl: str, expected: str) -> None:
    assert error_of(ddl, dialect) == expected


@pytest.mark.parametrize(
    ("broken", "line_in_statement"),
    [
        ("CREATE TABLE late (\n  id INTEGER,\n  x INTEGER\n  y INTEGER\n);", 4),  # syntax
        ("CREATE TABLE late (\n  id INTEGER,\n  x INTEGER REFERENCES (id)\n);", 3),  # read by the model
        (
            "-- note; with a semicolon\n/* and\n a block */ CREATE TABLE late (\n  id INTEGER,\n  x INTEGER\n  y INTEGER\n);",
            6,
        ),
        ("CREATE TABLE late (\n\n  id INTEGER,\n  y INTEGER", 4),  # the last statement, unterminated
    ],
)
def test_sqlite_errors_late_in_a_long_file_name_their_line(broken: str, line_in_statement: int) -> None:
    """Statement lines come from one index of the file: a statement hundreds of lines in,
    after triggers with semicolons inside, comments and blank lines, is still placed exactly."""
    parts = [
        f"-- table {n}\nCREATE TABLE t{n} (\n  id INTEGER PRIMARY KEY,\n\n  v TEXT DEFAULT 'a;b'\n);\n"
        f"CREATE TRIGGER g{n} AFTER INSERT ON t{n} BEGIN\n  UPDATE t{n} SET v = 'x' WHERE id = new.id;\nEND;\n"
        for n in range(200)
    ]
    head = "".join(parts) + "\n\n"
    expected_line = head.count("\n") + line_in_statement
    assert error_of(head + broken, "sqlite").startswith(f"schema.sql:{expected_line}: ")


def test_a_syntax_error_at_the_end_names_the_last_line() -> None:
    assert error_of("CREATE TABLE a (id int);\nCREATE TABLE b (\n  id int\n\n") == (
        "schema.sql:3: syntax error at end of input"
    )


# --- both dialects, one model ---------------------------------------------------------

SHARED = """
CREATE TABLE orgs (
    id uuid PRIMARY KEY,
    name varchar(100) NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT {now}
);
CREATE TABLE users (
    id bigint PRIMARY KEY,
    org_id uuid NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    email text NOT NULL,
    age integer CHECK (age >= 0),
    score double precision DEFAULT 0.5,
    active boolean NOT NULL DEFAULT {true},
    meta jsonb,
    status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'old')),
    balance numeric(12, 2) DEFAULT 0,
    total integer GENERATED ALWAYS AS (age * 2) STORED,
    CONSTRAINT users_email_org UNIQUE (email, org_id),
    CHECK (score < 100 AND age < 200)
);
CREATE INDEX users_org_idx ON users (org_id);
CREATE UNIQUE INDEX users_lower_email ON users (lower(email)) WHERE active;
CREATE INDEX users_age ON users (age DESC);
"""


def test_the_same_schema_in_both_dialects_loads_equal() -> None:
    postgres = schema_of(SHARED.format(now="now()", true="true"))
    sqlite = schema_of(SHARED.format(now="CURRENT_TIMESTAMP", true="TRUE"), "sqlite")
    assert postgres == stored_by(sqlite, "postgres")  # SQLite's key columns take NULL
    # what PostgreSQL keeps already is kept as it is, not copied (diff and plan both ask)
    assert stored_by(postgres, "postgres") is postgres
    users = postgres.table("users")
    assert users is not None
    assert names(users) == {
        "pk": ["users_pkey"],
        "unique": ["users_email_org"],
        "check": ["users_age_check", "users_check", "users_status_check"],
        "fk": ["users_org_id_fkey"],
        "index": ["users_age", "users_lower_email", "users_org_idx"],
    }


# --- against the database -------------------------------------------------------------

NAMING = """
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE t (
    a int PRIMARY KEY UNIQUE,
    b int CHECK (a < b),
    c int CHECK (c > 0),
    d int CONSTRAINT named UNIQUE,
    e int REFERENCES p,
    CHECK (c < 100),
    UNIQUE (d),
    UNIQUE (b) INCLUDE (c),
    FOREIGN KEY (c) REFERENCES t (d)
);
CREATE INDEX ON t (lower(b::text), (b + 1), (c + 1));
CREATE INDEX ON t (b);
CREATE INDEX ON t (b);
CREATE TABLE t_b (c int CHECK (c > 0));
CREATE TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb serial UNIQUE);
"""


def test_default_names_agree_with_postgres(pg_url: str) -> None:
    written = schema_of(NAMING)
    run_ddl(pg_url, NAMING)
    assert load_schema(pg_url).schema == written


BETWEENS = """
CREATE TABLE t (
    a int CHECK (a BETWEEN 1 AND 5),
    b int CHECK (b NOT BETWEEN 2 AND 3),
    c int CHECK (c BETWEEN SYMMETRIC 9 AND 1),
    d int CHECK (d NOT BETWEEN SYMMETRIC 5 AND 1),
    e int CHECK (e + 1 BETWEEN 0 AND a)
);
CREATE INDEX t_partial ON t (a) WHERE b BETWEEN 0 AND 10;
"""


def test_between_reads_as_postgres_stores_it(pg_url: str) -> None:
    """PostgreSQL keeps no ``BETWEEN``: it stores the comparisons its parser expands it into, so
    a check or predicate read from a file kept as ``BETWEEN`` differed from the catalog's, and the
    contract's schema check failed on a schema file and the database built from it (the held-out
    Chinook pair: ``rating BETWEEN 1 AND 5`` against ``rating >= 1 AND rating <= 5``)."""
    written = schema_of(BETWEENS)
    run_ddl(pg_url, BETWEENS)
    assert load_schema(pg_url).schema == written
    checks = {c.name: c.expression for c in written.tables[0].checks}
    assert checks["t_a_check"] == "a >= 1 AND a <= 5"
    assert checks["t_b_check"] == "b < 2 OR b > 3"


def test_sqlite_types_and_keys_agree_with_sqlite(sqlite_url: Callable[[str], str]) -> None:
    ddl = """
    CREATE TABLE t (
        id INTEGER PRIMARY KEY UNIQUE, a REAL, b INT8, c DOUBLE, d TEXT UNIQUE, e TEXT,
        UNIQUE (d), UNIQUE (e), CHECK (a < b), CHECK (b > 0)
    );
    CREATE TABLE u (k TEXT PRIMARY KEY UNIQUE, t_id INTEGER REFERENCES t ON DELETE CASCADE);
    """
    assert load_schema(sqlite_url(ddl)).schema == schema_of(ddl, "sqlite")


def test_postgres_index_operator_classes_and_collations_are_kept() -> None:
    """An operator class decides which operators an index serves (and a gist key on inet
    has none by default), so the loader keeps it, and a collation, as pg_dump prints them."""
    gist, btree = table_of(
        """
        CREATE TABLE t (ip inet, name text);
        CREATE INDEX t_ip ON t USING gist (ip inet_ops);
        CREATE INDEX t_name ON t (name COLLATE "C" pg_catalog.text_pattern_ops DESC, (lower(name)) text_pattern_ops);
        """
    ).indexes
    assert gist == Index("t_ip", ('"ip" inet_ops',), using="gist")
    assert [(k.column, k.expression, k.collation, k.opclass, k.descending) for k in btree.keys] == [
        ("name", None, "C", "text_pattern_ops", True),
        (None, "LOWER(name)", None, "text_pattern_ops", False),
    ]


def test_postgres_index_default_operator_class_named_is_left_out() -> None:
    """A key's operator class named where it is the column type's default (``gin (tags
    jsonb_ops)``) is the index PostgreSQL makes without it: the catalog and pg_dump leave it out,
    so must the loader, else the file's index never equals the database's."""
    (btree, gin) = table_of(
        """
        CREATE TABLE t (tags jsonb, name varchar(20), n integer[]);
        CREATE INDEX t_tags ON t USING gin (tags jsonb_ops, n array_ops);
        CREATE INDEX t_name ON t (name text_ops DESC, n);
        """
    ).indexes
    assert gin == Index("t_tags", ("tags", "n"), using="gin")
    assert [(k.column, k.opclass) for k in btree.keys] == [("name", None), ("n", None)]
    (path_ops,) = table_of(
        "CREATE TABLE t (tags jsonb); CREATE INDEX t_tags ON t USING gin (tags jsonb_path_ops);"
    ).indexes
    assert path_ops.keys[0].opclass == "jsonb_path_ops"


INDEX_COLLATIONS = """
    CREATE TABLE t (a text, b text COLLATE "C");
    CREATE INDEX i ON t
        (a COLLATE "default", a COLLATE "C", b COLLATE "C", b COLLATE "default", lower(a) COLLATE "C");
"""


def test_postgres_index_key_collation_of_its_own_column_is_left_out() -> None:
    """A key's collation that is its column's own (``"default"`` where the column names none)
    is what PostgreSQL stores anyway: pg_get_indexdef leaves it out, so must the loader
    (corpus postgres/collations/create_collation_lc_split failed the post-check on it)."""
    (index,) = table_of(INDEX_COLLATIONS).indexes
    assert index.columns == ("a", '"a" COLLATE "C"', "b", '"b" COLLATE "default"', 'LOWER(a) COLLATE "C"')


@pytest.mark.postgres
def test_index_key_collations_compare_equal_with_the_database_built_from_them(pg_url: str) -> None:
    run_ddl(pg_url, INDEX_COLLATIONS)
    assert load_schema(pg_url).schema == schema_of(INDEX_COLLATIONS)


@pytest.mark.postgres
def test_default_opclass_is_the_catalogs(pg_url: str) -> None:
    """Each default :func:`default_opclass` names is pg_opclass's (opcdefault) for that type and method."""
    import psycopg

    from wesley_gen.model import default_opclass, normalize_type

    types = [
        "smallint",
        "integer",
        "bigint",
        "real",
        "double_precision",
        "numeric",
        "text",
        "varchar",
        "char",
        "boolean",
        "date",
        "time",
        "timetz",
        "timestamp",
        "timestamptz",
        "interval",
        "uuid",
        "bytea",
        "jsonb",
        "inet",
        "cidr",
        "bit",
        "varbit",
        "money",
        "macaddr",
        "oid",
        "tsvector",
        "tsquery",
        "box",
        "point",
        "polygon",
        "circle",
        "int4range",
        "tstzrange",
        "datemultirange",
    ]
    wrong = []
    with psycopg.connect(pg_url) as conn:
        for name in (t.replace("_", " ") for t in types):
            for method in ("btree", "hash", "gin", "gist"):
                known = default_opclass(method, normalize_type(name))
                row = conn.execute(
                    "SELECT c.opcname FROM pg_opclass c JOIN pg_am m ON m.oid = c.opcmethod"
                    " WHERE c.opcdefault AND m.amname = %s"
                    " AND c.opcintype IN (%s::regtype, CASE WHEN %s::regtype::text LIKE '%%multirange'"
                    " THEN 'anymultirange' WHEN %s::regtype::text LIKE '%%range' THEN 'anyrange'"
                    " WHEN %s IN ('varchar', 'cidr') THEN replace(replace(%s, 'varchar', 'text'), 'cidr', 'inet')"
                    " END::regtype)",
                    (method, name, name, name, name, name),
                ).fetchone()
                if known is not None and (row is None or known != row[0]):
                    wrong.append((method, name, known, row))
            assert default_opclass("gin", normalize_type(name, array_dims=1)) == "array_ops"
    assert wrong == [], " ".join(f"{m}:{n}" for m, n, _, _ in sorted(wrong))


HSTORE_INDEXES = """
CREATE EXTENSION hstore;
CREATE TABLE p (id int PRIMARY KEY, attrs hstore, tags text[]);
CREATE INDEX p_attrs ON p USING gin (attrs gin_hstore_ops);
CREATE INDEX p_attrs_gist ON p USING gist (attrs public.gist_hstore_ops);
"""


def test_a_file_naming_an_extensions_default_opclass_is_the_schema_its_database_lists() -> None:
    """The text loader cannot know an extension's defaults: it keeps the class, and the
    database's (method, type, class) triples leave it out where it is the default."""
    from wesley_gen.load.ddl import without_catalog_default_opclasses

    schema = load_text(HSTORE_INDEXES, "p.sql", suffix=".sql").schema
    assert [i.columns for i in schema.tables[0].indexes] == [
        ('"attrs" gin_hstore_ops',),
        ('"attrs" gist_hstore_ops',),
    ]
    defaults = {("gin", "hstore", "gin_hstore_ops"), ("gist", "hstore", "gist_hstore_ops")}
    resolved = without_catalog_default_opclasses(schema, defaults)
    assert [i.columns for i in resolved.tables[0].indexes] == [("attrs",), ("attrs",)]
    # Another method's default, or none known, leaves the class and the schema as they are.
    assert without_catalog_default_opclasses(schema, {("gist", "hstore", "gin_hstore_ops")}) is schema
    assert without_catalog_default_opclasses(schema, set()) is schema


@pytest.mark.postgres
def test_a_database_lists_its_extensions_default_opclasses(pg_url: str) -> None:
    from wesley_gen.load.ddl import without_catalog_default_opclasses

    run_ddl(pg_url, HSTORE_INDEXES)
    live = load_schema(pg_url)
    assert {("gin", "hstore", "gin_hstore_ops"), ("gist", "hstore", "public.gist_hstore_ops")} <= (
        live.default_opclasses
    )
    assert not any(
        method == "btree" and type_name == "text" for method, type_name, _ in live.default_opclasses
    )
    from_file = load_text(HSTORE_INDEXES, "p.sql", suffix=".sql").schema
    assert without_catalog_default_opclasses(from_file, live.default_opclasses) == live.schema


ONE_VALUE_PREDICATES = """
CREATE TABLE orders (
    id int PRIMARY KEY, status text, kind text,
    CHECK (kind IN ('web')), CHECK (kind IS NOT DISTINCT FROM 'web')
);
CREATE INDEX orders_pending ON orders (id) WHERE status IN ('pending');
CREATE INDEX orders_open ON orders (id) WHERE status NOT IN ('closed');
CREATE INDEX orders_same ON orders (id) WHERE status IS NOT DISTINCT FROM kind;
CREATE INDEX orders_differs ON orders (id) WHERE NOT status IS NOT DISTINCT FROM 'x' AND kind IS NOT NULL;
"""


@pytest.mark.postgres
def test_one_value_in_lists_and_is_not_distinct_from_read_as_the_catalog_stores_them(pg_url: str) -> None:
    """``x IN (a)`` is stored ``x = a``, ``x NOT IN (a)`` ``x <> a``, ``x IS NOT DISTINCT FROM
    y`` ``NOT (x IS DISTINCT FROM y)``: a file and its database compare equal."""
    run_ddl(pg_url, ONE_VALUE_PREDICATES)
    assert load_schema(pg_url).schema == load_text(ONE_VALUE_PREDICATES, "o.sql", suffix=".sql").schema


def test_every_builtin_postgres_type_loads_in_one_spelling() -> None:
    t = table_of(
        """
        CREATE TABLE t (
            a point, b line, c lseg, d box, e path, f polygon, g circle, h macaddr8, i tsquery,
            j pg_lsn, k int4range, l tstzrange[], m datemultirange, n "int8range", o pg_catalog.int4,
            p jsonpath, q xid8, r regclass, s interval year to month, t interval(2), u interval minute
        )
        """
    )
    assert [str(c.type) for c in t.columns] == [
        "point", "line", "lseg", "box", "path", "polygon", "circle", "macaddr8", "tsquery",
        "pg_lsn", "int4range", "tstzrange[]", "datemultirange", "int8range", "integer",
        "jsonpath", "xid8", "regclass", "interval year to month", "interval(2)", "interval minute",
    ]  # fmt: skip
    assert all(c.type.is_builtin for c in t.columns)


def test_a_quoted_type_name_keeps_its_case() -> None:
    schema = load_text(
        'CREATE TYPE "Status" AS ENUM (\'On\'); CREATE TABLE t (s "Status", ss "Status"[]);',
        "t.sql",
        suffix=".sql",
    ).schema
    assert [str(c.type) for c in schema.tables[0].columns] == ["Status", "Status[]"]


def test_domains_and_composites_load_with_postgres_names() -> None:
    schema = load_text(
        """
        CREATE DOMAIN code AS varchar(8) NOT NULL DEFAULT 'none' CHECK (VALUE <> '') CHECK (length(VALUE) > 1);
        CREATE DOMAIN positive AS int CONSTRAINT positive_is CHECK (VALUE > 0);
        CREATE TYPE pair AS (a positive, b text[]);
        CREATE TABLE t (id int, c code, p pair);
        """,
        "t.sql",
        suffix=".sql",
    ).schema
    code, positive = schema.domains
    assert (str(code.base), code.nullable, code.default) == ("varchar(8)", False, "'none'")
    assert [c.name for c in code.checks] == ["code_check", "code_check1"]
    assert [c.name for c in positive.checks] == ["positive_is"]
    (pair,) = schema.composites
    assert [(a.name, str(a.type)) for a in pair.attributes] == [("a", "positive"), ("b", "text[]")]


def test_range_types_load_in_pg_dump_form() -> None:
    """The multirange named as PostgreSQL names it, a default operator class and pg_catalog
    left out, so that a file compares equal with the database built from it."""
    schema = load_text(
        """
        CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_opclass = float8_ops,
                                         subtype_diff = pg_catalog.float8mi);
        CREATE TYPE price AS RANGE (subtype = numeric, multirange_type_name = prices);
        CREATE TYPE span AS RANGE (subtype = text, subtype_opclass = text_pattern_ops, collation = "C");
        CREATE TYPE notes AS RANGE (subtype = text);
        CREATE TABLE t (id int, f floatrange, fm floatmultirange[], p prices, n notes_multirange);
        """,
        "t.sql",
        suffix=".sql",
    ).schema
    assert [
        (r.name, str(r.subtype), r.multirange, r.opclass, r.collation, r.subtype_diff) for r in schema.ranges
    ] == [
        ("floatrange", "double precision", "floatmultirange", None, None, "float8mi"),
        ("notes", "text", "notes_multirange", None, None, None),
        ("price", "numeric", "prices", None, None, None),
        ("span", "text", "span_multirange", "text_pattern_ops", "C", None),
    ]
    assert schema_from_dict(to_dict(schema)) == schema


@pytest.mark.parametrize(
    ("ddl", "message"),
    [
        ("CREATE TYPE r AS RANGE (subtype = nothing);", "unknown type 'nothing' for subtype of type 'r'"),
        ("CREATE TYPE r AS RANGE (subtype_diff = float8mi);", "range type r: SUBTYPE is required"),
        (
            "CREATE TYPE r AS RANGE (subtype = int, color = red);",
            "range type r: option color is not supported",
        ),
        (
            "CREATE TYPE r AS RANGE (subtype = int); CREATE TABLE r_multirange (id int);",
            "'r_multirange' names both a type and a table or enum",
        ),
        ("CREATE DOMAIN d AS nothing;", "unknown type 'nothing' for base of type 'd'"),
        ("CREATE TYPE p AS (a nothing);", "unknown type 'nothing' for a of type 'p'"),
        ("CREATE DOMAIN t AS int; CREATE TABLE t (id int);", "'t' names both a type and a table or enum"),
    ],
)
def test_user_types_outside_the_model_are_refused_at_their_line(ddl: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        load_text(ddl, "t.sql", suffix=".sql")
    assert message in str(caught.value)
    assert caught.value.location is not None and caught.value.location.line == 1


def test_sqlite_defaults_of_one_text_but_another_kind_stay_apart() -> None:
    """A default without children is rendered once per distinct node: the string '1', the
    number 1, TRUE and the string 'TRUE' are four defaults, in any order, twice over."""
    columns = ("a TEXT DEFAULT '1'", "b INTEGER DEFAULT 1", "c BOOLEAN DEFAULT TRUE", "d TEXT DEFAULT 'TRUE'")
    for order in (columns, columns[::-1]):
        for _ in range(2):
            table = load(f"CREATE TABLE t ({', '.join(order)});", "sqlite").schema.tables[0]
            defaults = {c.name: c.default for c in table.columns}
            assert defaults == {"a": "'1'", "b": "1", "c": "TRUE", "d": "'TRUE'"}


def test_type_named_calls_are_refused_past_eight_levels_whatever_the_brackets_around_them() -> None:
    """check_type_calls passes shallow text without its token scan: the refusal stays exact,
    on brackets in quotes, unmatched ones and calls of other names around the typed ones."""
    import random
    import re

    from wesley_gen.expressions import TooDeep, check_type_calls

    tokens = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|(?P<open>(?:(?P<word>\w+)\s*)?\()|(?P<close>\))")

    def too_deep(text: str) -> bool:  # the rule, counted the slow way
        depth, opened = 0, []
        for match in tokens.finditer(text):
            if match.group("close"):
                if opened and opened.pop():
                    depth -= 1
            elif match.group("open"):
                opened.append((match.group("word") or "").lower() == "date")
                depth += opened[-1]
                if depth > 8:
                    return True
        return False

    pieces = ["(", ")", "date(", "date (", "f(", "x", "'('", '"("', "'", " ", ","]
    rng = random.Random(16)
    texts = ["date(" * 9 + "1" + ")" * 9, "f(" * 20 + "date(" * 8 + ")" * 28, "')'" + "date(" * 9]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 80))) for _ in range(3000)]
    for text in texts:
        try:
            check_type_calls(text, "sqlite")
            refused = False
        except TooDeep:
            refused = True
        assert refused == too_deep(text), text


DO_TYPES = """
CREATE SCHEMA b;
DO
$$
    BEGIN
        IF NOT EXISTS(SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                      WHERE t.typname = 'account_role' AND n.nspname = 'b') THEN
            CREATE TYPE b.account_role AS ENUM ('owner', 'member');
        end if;
    end;
$$;
DO $$ BEGIN CREATE TYPE mood AS ENUM ('sad', 'ok'); EXCEPTION WHEN duplicate_object THEN null; END $$;
CREATE TABLE b.t (r b.account_role NOT NULL, m mood);
"""


def test_a_do_block_that_creates_a_missing_type_is_read(pg_url: str) -> None:
    """Supabase projects (basejump) create their enums in ``DO`` blocks, under ``IF NOT EXISTS`` or
    an exception handler: skipped, the type was unknown to a column of the file ("unknown type
    'basejump.account_role'") or, unused, found only in the database (the contract's pre-check
    failed on the database built from the file). A block doing anything else is still skipped."""
    written = schema_of(DO_TYPES)
    assert [e.name for e in written.enums] == ["b.account_role", "mood"]
    run_ddl(pg_url, DO_TYPES)
    assert load_schema(pg_url).schema == written
    skipped = load_text(
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1) THEN CREATE TYPE e AS ENUM ('a'); ELSE RAISE NOTICE 'x'; END IF; END $$;"
        " DO $$ BEGIN CREATE ROLE r; END $$; CREATE TABLE t (id int);",
        "s.sql",
        suffix=".sql",
    )
    assert skipped.schema.enums == () and skipped.warnings == (
        "s.sql: skipped 2 statements outside the schema model (2 DO blocks)",
    )


DEFAULT_FUNCTION_PRIVILEGES = """
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
CREATE SCHEMA s;
ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT EXECUTE ON FUNCTIONS TO PUBLIC;
CREATE FUNCTION f() RETURNS integer LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION s.g() RETURNS integer LANGUAGE sql AS 'SELECT 2';
CREATE OR REPLACE FUNCTION f() RETURNS integer LANGUAGE sql AS 'SELECT 3';
"""


def test_a_function_takes_the_default_privileges_set_above_it(pg_url: str) -> None:
    """A function made after ``ALTER DEFAULT PRIVILEGES … ON FUNCTIONS`` holds what they give, as
    PostgreSQL makes it: the file's model had PUBLIC's built-in EXECUTE on every function of
    Supabase's basejump (which revokes it by default), the database not, and the contract's
    pre-check failed on the database built from the file."""
    written = schema_of(DEFAULT_FUNCTION_PRIVILEGES)
    grants = {o.name: o.definition for o in written.others if o.kind == "grant"}
    assert grants == {"on function f() to public": "NONE"}  # s.g(): the schema's default gives it back
    run_ddl(pg_url, DEFAULT_FUNCTION_PRIVILEGES)
    assert load_schema(pg_url).schema == written


NULL_PARAMETER_DEFAULTS = """
CREATE TYPE role AS ENUM ('owner', 'member');
CREATE FUNCTION has_role(account uuid, wanted role DEFAULT NULL, n int DEFAULT NULL, t text DEFAULT NULL)
    RETURNS boolean LANGUAGE sql AS $$ SELECT wanted IS NULL $$;
"""


def test_a_parameter_default_reads_as_the_catalog_prints_it(pg_url: str) -> None:
    """``wanted role DEFAULT NULL``: the catalog prints the default ``NULL::role``, so the file's
    function differed from the one in the database built from it (basejump's
    ``has_role_on_account``) and the contract's pre-check failed."""
    written = schema_of(NULL_PARAMETER_DEFAULTS)
    run_ddl(pg_url, NULL_PARAMETER_DEFAULTS)
    assert load_schema(pg_url).schema == written


POLICY_SUBQUERIES = """
CREATE TABLE accounts (id integer PRIMARY KEY, owner_id integer);
CREATE TABLE members (user_id integer, account_id integer REFERENCES accounts);
ALTER TABLE members ENABLE ROW LEVEL SECURITY;
CREATE POLICY not_the_owner ON members FOR DELETE
    USING (user_id <> (SELECT owner_id FROM accounts WHERE account_id = accounts.id));
CREATE POLICY in_an_account ON members FOR SELECT
    USING (EXISTS (SELECT 1 FROM accounts a WHERE a.id = account_id
                   AND owner_id IN (SELECT user_id FROM members m WHERE m.account_id = a.id)));
"""


def test_a_policy_subquery_reads_as_the_catalog_prints_it(pg_url: str) -> None:
    """``pg_get_expr`` qualifies every column of a policy's subquery by the relation it resolves
    to (the policy's own table for an outer one): the file's bare names differed from the database
    built from it (basejump's ``account_user`` delete policy) and the contract's pre-check failed."""
    written = schema_of(POLICY_SUBQUERIES)
    run_ddl(pg_url, POLICY_SUBQUERIES)
    assert load_schema(pg_url).schema == written


OUTPUT_NAMES = """
CREATE TABLE events (id integer, at timestamp, kind text);
CREATE VIEW per_year AS SELECT EXTRACT(year FROM at) AS year, count(*) AS n FROM events GROUP BY year ORDER BY 2;
CREATE VIEW kinds AS SELECT kind AS label, id FROM events GROUP BY 1, id ORDER BY label;
CREATE VIEW swapped AS SELECT kind AS id, id AS kind FROM events GROUP BY id, kind ORDER BY kind;
CREATE MATERIALIZED VIEW IF NOT EXISTS totals AS SELECT kind, count(*) AS n FROM events GROUP BY kind;
"""


def test_group_and_order_by_an_output_column_read_as_the_catalog_prints_them(pg_url: str) -> None:
    """``GROUP BY``/``ORDER BY`` an output column's name or position: the server resolves it to
    the column's expression and prints that (a ``GROUP BY`` name is the input column's first, an
    ``ORDER BY`` one the output column's); ``IF NOT EXISTS`` is no part of a materialized view.
    The file's spelling differed from the database built from it and the contract's checks failed."""
    written = schema_of(OUTPUT_NAMES)
    run_ddl(pg_url, OUTPUT_NAMES)
    assert load_schema(pg_url).schema == written


OUTPUT_COLUMNS = """
CREATE TABLE points (id integer, kind text, at timestamp);
CREATE TABLE tags (tag_id integer, label text);
CREATE VIEW everything AS SELECT * FROM points;
CREATE VIEW joined AS SELECT * FROM points p JOIN tags t ON t.tag_id = p.id;
CREATE VIEW named AS SELECT 1, id + 1 AS next, count(*), kind::varchar, CAST(id AS bigint) AS big,
    CASE WHEN id > 0 THEN 1 END, coalesce(id, 0), ARRAY[1], now(), current_date, (SELECT 1) AS one,
    EXISTS (SELECT 1), id, 'q'::text AS q FROM points GROUP BY id, kind;
CREATE VIEW numbers AS SELECT 1 AS n UNION SELECT 2 UNION SELECT id + 1 FROM points;
CREATE VIEW recent AS WITH r AS (SELECT id, count(*) FROM points GROUP BY id) SELECT * FROM r;
CREATE VIEW both_halves AS SELECT * FROM ((SELECT id, kind FROM points) UNION ALL (SELECT tag_id, label FROM tags)) x;
CREATE MATERIALIZED VIEW latest AS SELECT * FROM points WHERE id IN (SELECT max(id) FROM points GROUP BY kind);
"""


def test_view_output_columns_read_as_the_catalog_prints_them(pg_url: str) -> None:
    """``pg_get_viewdef`` writes ``*`` out as the columns it stands for, names every output
    column written without a name (``1 AS "?column?"``, ``count(*) AS count``, each SELECT of a
    UNION as the first names it), writes out the ``ELSE NULL`` a CASE leaves out and names a table
    read again in a subquery ``points points_1``: the file's views differed from the database
    built from it (sqldef's view tests) and the contract's checks failed."""
    skip_before(pg_url, 18, "the view text the file loader writes (pg_get_viewdef's)")
    written = schema_of(OUTPUT_COLUMNS)
    run_ddl(pg_url, OUTPUT_COLUMNS)
    assert load_schema(pg_url).schema == written


SERVER_CASTS = """
CREATE TABLE sessions (id bigint, kind text, duration double precision);
CREATE VIEW long_ones AS SELECT DISTINCT ON (s.kind) s.kind, s.id FROM sessions s WHERE s.duration > 0;
CREATE VIEW idle AS SELECT id FROM sessions WHERE kind IS NOT DISTINCT FROM 'idle';
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON sessions USING (id::text = current_setting('app.id', true)::text);
"""


def test_casts_the_server_adds_or_leaves_out_read_as_it_prints_them(pg_url: str) -> None:
    """A number compared with a float column is stored cast (``duration > 0::double precision``),
    a cast of ``current_setting(…)`` to the text it returns is left out, and ``DISTINCT ON (s.kind)``
    over one table is printed unqualified, ``a IS NOT DISTINCT FROM b`` is stored as ``NOT (a IS
    DISTINCT FROM b)``: the file differed from the database built from it (sqldef's
    MaterializedViewWithMultipleCTEs, CreatePolicyWithoutOptionalClauses, ViewWithDistinctOn,
    ViewWithIsNotDistinctFrom)."""
    written = schema_of(SERVER_CASTS)
    run_ddl(pg_url, SERVER_CASTS)
    assert load_schema(pg_url).schema == written


FUNCTION_SETTING = """
CREATE FUNCTION utc_now() RETURNS timestamptz LANGUAGE plpgsql SET timezone = 'UTC' SET DateStyle = 'ISO'
    AS $$ BEGIN RETURN now(); END $$;
"""


def test_a_function_setting_reads_as_the_catalog_names_it(pg_url: str) -> None:
    """``SET timezone = 'UTC'`` on a function: the catalog stores the setting's own spelling
    (``TimeZone``), and a setting's name is case-insensitive: the file differed from the database
    built from it (sqldef's CreateFunctionWithSetTimeZone)."""
    written = schema_of(FUNCTION_SETTING)
    run_ddl(pg_url, FUNCTION_SETTING)
    assert load_schema(pg_url).schema == written


def test_a_default_set_on_a_column_from_a_second_parent_is_typed_by_that_parent() -> None:
    """``INHERITS (a, b)``: a column ``b`` gives is looked up across all the parents (it was
    looked for in ``a`` only, and ``column a.y is not defined`` refused the file)."""
    ddl = (
        "CREATE TABLE a (x integer); CREATE TABLE b (y integer); CREATE TABLE c (z text) INHERITS (a, b);"
        "ALTER TABLE ONLY c ALTER COLUMN y SET DEFAULT '5';"
    )
    table = load_text(ddl, "s.sql", suffix=".sql").schema.table("c")
    assert table is not None
    assert [(c.name, c.default) for c in table.columns] == [("x", None), ("y", "5"), ("z", None)]
    with pytest.raises(InputError, match=r"s\.sql:1: column c\.w is not defined above this statement"):
        load_text(ddl.replace("COLUMN y", "COLUMN w"), "s.sql", suffix=".sql")
