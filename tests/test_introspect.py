"""Live-database introspection: SQLite files and PostgreSQL databases built from DDL.

Each test builds a real database, reads it back and asserts the model concretely:
types, defaults, keys, constraint names, indexes (partial, expression, unique),
enums, foreign-key actions, checks and generated columns, plus the failures a user
can meet (a missing file, an unreachable server) as one-line errors.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.pgtools import database_url, pg_dump_schema, run_ddl
from wesley_gen.errors import DatabaseError, InputError, WesleyGenError
from wesley_gen.expressions import normalize_default, normalize_expression
from wesley_gen.identifiers import IndexKey
from wesley_gen.load import load_schema, load_text
from wesley_gen.model import (
    CheckConstraint,
    Column,
    ColumnType,
    Enum,
    ForeignKey,
    Index,
    PrimaryKey,
    Schema,
    Table,
    UniqueConstraint,
    checksum,
)

SqliteFactory = Callable[[str], str]

INTEGER, BIGINT, TEXT, UUID = (
    ColumnType("integer"),
    ColumnType("bigint"),
    ColumnType("text"),
    ColumnType("uuid"),
)


def table(schema: Schema, name: str) -> Table:
    found = schema.table(name)
    assert found is not None, f"no table {name}: {[t.name for t in schema.tables]}"
    return found


def column(schema: Schema, table_name: str, name: str) -> Column:
    found = table(schema, table_name).column(name)
    assert found is not None, f"no column {table_name}.{name}"
    return found


def with_schema(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}schema={schema}"


def one_line(error: WesleyGenError) -> str:
    text = str(error)
    assert "\n" not in text and "Traceback" not in text
    return text


# --- SQLite -----------------------------------------------------------------------------

SQLITE_SHOP = """
CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    email VARCHAR(120) NOT NULL UNIQUE,
    name TEXT DEFAULT 'anon',
    joined TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    vip BOOLEAN NOT NULL DEFAULT FALSE,
    balance NUMERIC(12,2) DEFAULT 0,
    ratio DOUBLE PRECISION,
    token UUID DEFAULT (gen_random_uuid()),
    note TEXT DEFAULT NULL
);
CREATE TABLE orders (
    customer_id INTEGER NOT NULL REFERENCES customers ON DELETE CASCADE ON UPDATE SET NULL,
    number INT NOT NULL,
    placed DATE,
    total NUMERIC(10, 2),
    PRIMARY KEY (customer_id, number),
    UNIQUE (number, placed)
);
CREATE TABLE lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id INTEGER NOT NULL,
    order_number INT NOT NULL,
    sku TEXT NOT NULL,
    FOREIGN KEY (customer_id, order_number) REFERENCES orders (customer_id, number) ON DELETE RESTRICT
);
CREATE INDEX lines_sku_idx ON lines (sku);
CREATE UNIQUE INDEX lines_order_sku ON lines (order_number, sku DESC);
"""
# wesley-gen's own table in a managed database: never part of the schema.
HISTORY = "CREATE TABLE wesley_gen_history (id INTEGER PRIMARY KEY, version TEXT);"


def test_sqlite_columns_types_defaults_and_keys(sqlite_url: SqliteFactory) -> None:
    loaded = load_schema(sqlite_url(SQLITE_SHOP + HISTORY))
    schema = loaded.schema
    assert loaded.warnings == ()
    # sqlite_sequence (from AUTOINCREMENT) and our own history table are not part of the schema.
    assert [t.name for t in schema.tables] == ["customers", "lines", "orders"]
    customers = table(schema, "customers")
    assert customers.columns == (
        Column("id", INTEGER),  # INTEGER PRIMARY KEY: the rowid, declared without NOT NULL
        Column("email", ColumnType("varchar", (120,)), nullable=False),
        Column("name", TEXT, default="'anon'"),
        Column("joined", ColumnType("timestamptz"), nullable=False, default="CURRENT_TIMESTAMP"),
        Column("vip", ColumnType("boolean"), nullable=False, default="FALSE"),
        Column("balance", ColumnType("numeric", (12, 2)), default="0"),
        Column("ratio", ColumnType("double precision")),
        Column("token", UUID, default=normalize_default("gen_random_uuid()")),
        Column("note", TEXT, default="NULL"),  # kept: SQLite stores an explicit DEFAULT NULL
    )
    assert customers.primary_key == PrimaryKey("customers_pkey", ("id",))
    assert customers.uniques == (UniqueConstraint("customers_email_key", ("email",)),)
    orders = table(schema, "orders")
    assert orders.primary_key == PrimaryKey("orders_pkey", ("customer_id", "number"))
    assert orders.uniques == (UniqueConstraint("orders_number_placed_key", ("number", "placed")),)
    assert column(schema, "orders", "number").nullable is False


def test_sqlite_foreign_keys_and_indexes(sqlite_url: SqliteFactory) -> None:
    schema = load_schema(sqlite_url(SQLITE_SHOP)).schema
    assert table(schema, "orders").foreign_keys == (
        ForeignKey(
            "orders_customer_id_fkey",
            ("customer_id",),
            "customers",
            ("id",),  # REFERENCES customers: its primary key
            on_delete="cascade",
            on_update="set null",
        ),
    )
    lines = table(schema, "lines")
    assert lines.foreign_keys == (
        ForeignKey(
            "lines_customer_id_order_number_fkey",
            ("customer_id", "order_number"),
            "orders",
            ("customer_id", "number"),
            on_delete="restrict",
        ),
    )
    assert lines.indexes == (
        Index("lines_order_sku", ("order_number", "sku DESC"), unique=True),
        Index("lines_sku_idx", ("sku",)),
    )


def test_sqlite_checks_names_generated_and_expression_indexes(sqlite_url: SqliteFactory) -> None:
    url = sqlite_url(
        """
        CREATE TABLE items (
            id INTEGER NOT NULL,
            code TEXT NOT NULL CHECK (length(code) > 2),
            qty INTEGER NOT NULL DEFAULT 1,
            price NUMERIC(10,2),
            doubled INTEGER GENERATED ALWAYS AS (qty * 2) STORED,
            deleted_at TIMESTAMP,
            CONSTRAINT items_primary PRIMARY KEY (id),
            CONSTRAINT items_code_unique UNIQUE (code),
            CONSTRAINT positive CHECK (qty > 0 AND price > 0),
            CHECK (qty < 1000)
        );
        CREATE TABLE holds (
            item_id INTEGER,
            CONSTRAINT holds_item FOREIGN KEY (item_id) REFERENCES items (id)
        );
        CREATE INDEX items_live ON items (qty) WHERE deleted_at IS NULL;
        CREATE INDEX items_code_lower ON items (lower(code));
        """
    )
    schema = load_schema(url).schema
    items = table(schema, "items")
    assert items.primary_key == PrimaryKey("items_primary", ("id",))
    assert items.uniques == (UniqueConstraint("items_code_unique", ("code",)),)
    assert items.checks == (
        CheckConstraint("items_code_check", normalize_expression("length(code) > 2")),
        CheckConstraint("items_qty_check", normalize_expression("qty < 1000")),
        CheckConstraint("positive", normalize_expression("qty > 0 AND price > 0")),
    )
    doubled = column(schema, "items", "doubled")
    assert (doubled.generated, doubled.default) == (normalize_expression("qty * 2"), None)
    assert items.indexes == (
        Index("items_code_lower", (normalize_expression("lower(code)"),)),
        Index("items_live", ("qty",), where="deleted_at IS NULL"),
    )
    assert table(schema, "holds").foreign_keys == (ForeignKey("holds_item", ("item_id",), "items", ("id",)),)


def test_sqlite_names_keep_case_as_written(sqlite_url: SqliteFactory) -> None:
    """SQLite keeps a name as written, quoted or not, and resolves a reference to it
    without regard to case: the model names both as declared, as the DDL loader does."""
    ddl = """
        CREATE TABLE Accounts (Id INTEGER PRIMARY KEY, Label TEXT);
        CREATE TABLE "Quoted" ("Key" INTEGER PRIMARY KEY, account INTEGER REFERENCES ACCOUNTS (ID));
        CREATE INDEX Accounts_Label ON accounts (label);
        """
    schema = load_schema(sqlite_url(ddl)).schema
    assert [t.name for t in schema.tables] == ["Accounts", "Quoted"]
    assert table(schema, "Accounts").column_names() == ("Id", "Label")
    assert table(schema, "Accounts").indexes == (Index("Accounts_Label", ("Label",)),)
    quoted = table(schema, "Quoted")
    assert quoted.column_names() == ("Key", "account")
    # the clause's own spelling kept, as PRAGMA foreign_key_list reports it
    written = ("ACCOUNTS", "ID")
    assert quoted.foreign_keys == (
        ForeignKey("Quoted_account_fkey", ("account",), "Accounts", ("Id",), written_as=written),
    )
    assert load_text(ddl, "s.sql", suffix=".sql", dialect="sqlite").schema == schema


def test_sqlite_virtual_tables_are_objects_without_their_shadow_tables(sqlite_url: SqliteFactory) -> None:
    """A virtual table is compared as an object, as the file's is (a new FTS5 table was a
    silent "no changes"); its shadow tables are no tables of the schema."""
    ddl = "CREATE TABLE notes (id INTEGER PRIMARY KEY); CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(body);"
    loaded = load_schema(sqlite_url(ddl))
    assert [t.name for t in loaded.schema.tables] == ["notes"]  # no search_data, search_idx, ...
    assert [(o.kind, o.name, o.definition) for o in loaded.schema.others] == [
        ("virtual table", "search", "create virtual table search using fts5 ( body )")
    ]
    assert load_text(ddl, "s.sql", suffix=".sql", dialect="sqlite").schema.others == loaded.schema.others


def test_sqlite_relative_url_and_the_dispatcher(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_url: SqliteFactory
) -> None:
    absolute = sqlite_url("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    assert absolute.startswith("sqlite:////")
    monkeypatch.chdir(Path(absolute.removeprefix("sqlite:///")).parent)
    relative = f"sqlite:///{Path(absolute).name}"
    assert load_schema(relative).schema == load_schema(absolute).schema
    assert load_schema(relative).source == relative


def test_sqlite_missing_file_is_a_database_error_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    with pytest.raises(DatabaseError) as caught:
        load_schema(f"sqlite:///{missing}")
    assert caught.value.exit_code == 3
    assert one_line(caught.value).startswith(f"sqlite:///{missing}: database could not be reached")
    assert not missing.exists()


def test_sqlite_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "text.db"
    path.write_text("hello, I am not a database\n" * 100)
    with pytest.raises(DatabaseError) as caught:
        load_schema(f"sqlite:///{path}")
    assert "not a database" in one_line(caught.value)


@pytest.mark.parametrize("url", ["sqlite://host/x.db", "sqlite:///", "sqlite:///:memory:"])
def test_sqlite_url_that_names_no_file(url: str) -> None:
    with pytest.raises(InputError) as caught:
        load_schema(url)
    assert caught.value.exit_code == 2
    assert one_line(caught.value).startswith(url)


SQLITE_FACTS = """
CREATE TABLE p (id INTEGER PRIMARY KEY);
CREATE TABLE t (
    id INT PRIMARY KEY, at DATETIME, name TEXT COLLATE NOCASE, data BLOB DEFAULT x'00ff', loose,
    area REAL AS (id * 2), p_id INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED,
    flag BOOLEAN DEFAULT 1
) WITHOUT ROWID;
CREATE TABLE s (k TEXT PRIMARY KEY, v ANY) STRICT;
CREATE INDEX t_name ON t (name COLLATE RTRIM);
"""


def test_sqlite_database_reads_as_the_file_it_was_built_from(sqlite_url: SqliteFactory) -> None:
    """Table options, untyped and ANY columns, declared spellings, collations, VIRTUAL
    generated columns, DEFERRABLE keys and SQLite's own defaults: what a rebuild must keep."""
    built = load_schema(sqlite_url(SQLITE_FACTS)).schema
    assert built == load_text(SQLITE_FACTS, "schema.sql", suffix=".sql", dialect="sqlite").schema
    assert table(built, "t").options == ("without rowid",)
    assert table(built, "s").options == ("strict",)
    assert table(built, "t").indexes[0].columns == ('"name" COLLATE "rtrim"',)
    assert [(c.name, c.declared, c.collation, c.virtual) for c in table(built, "t").columns][:4] == [
        ("id", "int", None, False),
        ("at", "datetime", None, False),
        ("name", None, "nocase", False),
        ("data", None, None, False),
    ]


def test_sqlite_type_names_of_no_type_of_their_own_are_read_by_affinity(sqlite_url: SqliteFactory) -> None:
    """SQLite takes any words for a type (``GEOMETRY`` was refused as unknown): the type of
    its affinity, the declared type kept, as the DDL loader reads the same file."""
    url = sqlite_url("CREATE TABLE t (a GEOMETRY, b UNSIGNED BIG INT, c BYTES NOT NULL)")
    columns = table(load_schema(url).schema, "t").columns
    assert [(c.name, str(c.type), c.declared) for c in columns] == [
        ("a", "numeric", "geometry"),
        ("b", "integer", "unsigned big int"),
        ("c", "numeric", "bytes"),
    ]


@pytest.mark.parametrize(
    ("ddl", "message"),
    [
        ("CREATE TABLE t (a INTEGER DEFAULT 'abc')", "does not fit t.a"),
        ("CREATE TABLE t (a INTEGER REFERENCES gone (id))", "references missing table 'gone'"),
    ],
)
def test_sqlite_invalid_schemas_are_input_errors(sqlite_url: SqliteFactory, ddl: str, message: str) -> None:
    url = sqlite_url(ddl)
    with pytest.raises(InputError) as caught:
        load_schema(url)
    assert one_line(caught.value).startswith(f"{url}: ")
    assert message in str(caught.value)


def test_sqlite_cli_exit_code_for_a_missing_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'missing.db'}"
    result = subprocess.run(
        [sys.executable, "-m", "wesley_gen", "diff", url, url],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"wesley-gen: error: {url}: database could not be reached")


def test_sqlite_thousand_tables_are_all_read(tmp_path: Path) -> None:
    """The benchmark's shape (1000 tables x 22 columns) is read whole; its speed is timed by ``make bench``."""
    ddl = "\n".join(
        f"CREATE TABLE t{t:04d} (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES t{max(t - 1, 0):04d} (id), "
        + ", ".join(f"c{c:02d} VARCHAR(40) NOT NULL DEFAULT 'x'" for c in range(20))
        + f"); CREATE INDEX t{t:04d}_c00_idx ON t{t:04d} (c00);"
        for t in range(1000)
    )
    path = tmp_path / "big.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(f"BEGIN;\n{ddl}\nCOMMIT;")  # one transaction, not 2000 disk syncs
    conn.close()
    schema = load_schema(f"sqlite:///{path}").schema
    assert len(schema.tables) == 1000
    assert sum(len(t.columns) for t in schema.tables) == 22_000
    assert sum(len(t.indexes) for t in schema.tables) == 1000
    assert all(len(t.foreign_keys) == 1 for t in schema.tables)


# --- PostgreSQL -------------------------------------------------------------------------

PG_SHOP = """
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE customers (
    id serial PRIMARY KEY,
    big bigserial,
    email varchar(120) NOT NULL UNIQUE,
    name text DEFAULT 'anon',
    joined timestamp(3) with time zone NOT NULL DEFAULT now(),
    vip bool NOT NULL DEFAULT false,
    balance numeric(12, 2) DEFAULT 0,
    ratio float8,
    tags text[] DEFAULT '{}',
    feeling mood DEFAULT 'ok',
    history mood[],
    doc jsonb DEFAULT '{}'::jsonb,
    code char(3),
    age int CHECK (age >= 0),
    doubled integer GENERATED ALWAYS AS (age * 2) STORED,
    CONSTRAINT adult CHECK (age > 17)
);
CREATE TABLE orders (
    customer_id int NOT NULL,
    number int NOT NULL,
    placed date,
    deleted_at timestamptz,
    CONSTRAINT orders_key PRIMARY KEY (customer_id, number),
    UNIQUE (number, placed),
    FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE ON UPDATE SET NULL
);
CREATE INDEX orders_live ON orders (placed DESC) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX orders_number_expr ON orders ((number + 1), customer_id);
CREATE INDEX customers_doc ON customers USING gin (doc);
CREATE INDEX customers_nulls ON customers (name NULLS FIRST, ratio DESC NULLS LAST);
CREATE INDEX customers_pattern ON customers (email varchar_pattern_ops, name COLLATE "C" DESC);
CREATE INDEX customers_lower ON customers ((lower(name)) pg_catalog.text_pattern_ops, code);
"""


@pytest.fixture
def pg_shop(pg_url: str) -> Schema:
    run_ddl(pg_url, PG_SHOP + HISTORY)
    loaded = load_schema(pg_url)
    assert loaded.warnings == ()
    return loaded.schema


def test_postgres_columns_types_and_defaults(pg_shop: Schema) -> None:
    assert [t.name for t in pg_shop.tables] == ["customers", "orders"]
    assert pg_shop.enums == (Enum("mood", ("sad", "ok", "happy")),)
    assert table(pg_shop, "customers").columns == (
        Column(
            "id", INTEGER, nullable=False, default=normalize_default("nextval('customers_id_seq'::regclass)")
        ),
        Column(
            "big", BIGINT, nullable=False, default=normalize_default("nextval('customers_big_seq'::regclass)")
        ),
        Column("email", ColumnType("varchar", (120,)), nullable=False),
        Column("name", TEXT, default="'anon'"),
        Column("joined", ColumnType("timestamptz", (3,)), nullable=False, default="CURRENT_TIMESTAMP"),
        Column("vip", ColumnType("boolean"), nullable=False, default="FALSE"),
        Column("balance", ColumnType("numeric", (12, 2)), default="0"),
        Column("ratio", ColumnType("double precision")),
        Column("tags", ColumnType("text", array_dims=1), default="'{}'"),
        Column("feeling", ColumnType("mood"), default="'ok'"),
        Column("history", ColumnType("mood", array_dims=1)),
        Column("doc", ColumnType("jsonb"), default="'{}'"),
        Column("code", ColumnType("char", (3,))),
        Column("age", INTEGER),
        Column("doubled", INTEGER, generated=normalize_expression("age * 2")),
    )


def test_postgres_constraints(pg_shop: Schema) -> None:
    customers = table(pg_shop, "customers")
    assert customers.primary_key == PrimaryKey("customers_pkey", ("id",))
    assert customers.uniques == (UniqueConstraint("customers_email_key", ("email",)),)
    assert customers.checks == (
        CheckConstraint("adult", normalize_expression("age > 17")),
        CheckConstraint("customers_age_check", normalize_expression("age >= 0")),
    )
    orders = table(pg_shop, "orders")
    assert orders.primary_key == PrimaryKey("orders_key", ("customer_id", "number"))
    assert orders.uniques == (UniqueConstraint("orders_number_placed_key", ("number", "placed")),)
    assert orders.foreign_keys == (
        ForeignKey(
            "orders_customer_id_fkey",
            ("customer_id",),
            "customers",
            ("id",),
            on_delete="cascade",
            on_update="set null",
        ),
    )


def test_postgres_indexes(pg_shop: Schema) -> None:
    assert table(pg_shop, "orders").indexes == (
        Index("orders_live", ("placed DESC",), where="deleted_at IS NULL"),
        Index("orders_number_expr", (normalize_expression("number + 1"), "customer_id"), unique=True),
    )
    assert table(pg_shop, "customers").indexes == (
        Index("customers_doc", ("doc",), using="gin"),
        Index("customers_lower", (str(IndexKey(None, "LOWER(name)", opclass="text_pattern_ops")), "code")),
        Index("customers_nulls", ("name NULLS FIRST", "ratio DESC NULLS LAST")),
        Index("customers_pattern", ('"email" varchar_pattern_ops', '"name" COLLATE "C" DESC')),
    )


# PostgreSQL stores expressions parsed and prints them back its own way: parentheses
# around every operator, casts it inserted itself.  Each must still read as written.
@pytest.mark.parametrize(
    "expression",
    [
        "qty >= 0",
        "note IS NULL",
        "label IN ('a', 'b')",
        "length(label) > 2",
        "note <> 'x'",
        "price > 0",
        "qty > 0 OR note IS NULL",
        "qty + 1 < 100",
        "(qty + 1) * 2 < 100",
        "NOT (qty > 0 AND price > 0)",
        "length(code) > 2",
        "code IN ('a', 'b')",
    ],
)
def test_postgres_check_expressions_read_as_written(pg_url: str, expression: str) -> None:
    run_ddl(
        pg_url,
        f"CREATE TABLE t (qty int, price numeric, label text, code varchar(9), note text, CHECK ({expression}))",
    )
    (check,) = table(load_schema(pg_url).schema, "t").checks
    assert check.expression == normalize_expression(expression)


def test_postgres_other_schema_by_url(pg_url: str) -> None:
    run_ddl(
        pg_url,
        """
        CREATE TABLE elsewhere (id int);
        CREATE SCHEMA app;
        CREATE TYPE app.level AS ENUM ('low', 'high');
        CREATE TABLE app.users (id int PRIMARY KEY, level app.level);
        CREATE TABLE app.posts (id serial PRIMARY KEY, author int REFERENCES app.users);
        """,
    )
    schema = load_schema(with_schema(pg_url, "app")).schema
    assert [t.name for t in schema.tables] == ["app.posts", "app.users"]
    assert column(schema, "app.posts", "id").default == normalize_default(
        "nextval('app.posts_id_seq'::regclass)"
    )
    assert schema.enums == (Enum("app.level", ("low", "high")),)
    assert column(schema, "app.users", "level").type == ColumnType("app.level")
    assert table(schema, "app.posts").foreign_keys == (
        ForeignKey("posts_author_fkey", ("author",), "app.users", ("id",)),
    )
    assert schema.schemas == ("app",)
    everything = load_schema(pg_url).schema
    assert [t.name for t in everything.tables] == ["app.posts", "app.users", "elsewhere"]
    assert everything.enums == schema.enums


def test_postgres_reads_every_schema_but_the_systems_and_its_own_history(pg_url: str) -> None:
    """Without ?schema=, every schema is read, empty ones too (they are CREATE SCHEMA to migrate),
    but never pg_catalog, information_schema, pg_toast or the history table in any schema."""
    run_ddl(
        pg_url,
        """
        CREATE SCHEMA empty;
        CREATE SCHEMA "Mixed";
        CREATE TABLE "Mixed".t (id int PRIMARY KEY);
        CREATE INDEX t_id_idx ON "Mixed".t (id);
        CREATE TABLE t (id int PRIMARY KEY);
        CREATE INDEX t_id_idx ON t (id);
        CREATE TABLE wesley_gen_history (id int);
        CREATE TEMPORARY TABLE scratch (id int);
        """,
    )
    schema = load_schema(pg_url).schema
    assert schema.schemas == ("Mixed", "empty")
    assert [t.name for t in schema.tables] == ["Mixed.t", "t"]
    assert [i.name for i in table(schema, "Mixed.t").indexes] == ["t_id_idx"]
    assert load_schema(with_schema(pg_url, "empty")).schema == Schema(schemas=("empty",))


def test_postgres_missing_schema(pg_url: str) -> None:
    with pytest.raises(InputError, match="has no schema 'nowhere'"):
        load_schema(with_schema(pg_url, "nowhere"))


EXCLUSIONS = """
CREATE TABLE rooms (
    id int, during tsrange, active bool, code text,
    EXCLUDE USING btree (id WITH =),
    CONSTRAINT rooms_free EXCLUDE USING gist (during WITH &&) WHERE (active),
    EXCLUDE USING hash (lower(code) WITH =)
);
"""


def test_postgres_exclusion_constraints_read_as_written(pg_url: str) -> None:
    written = load_text(EXCLUSIONS, "rooms.sql", suffix=".sql").schema
    run_ddl(pg_url, EXCLUSIONS)
    loaded = load_schema(pg_url)
    assert loaded.schema == written and loaded.warnings == ()
    rooms = table(loaded.schema, "rooms")
    assert rooms.indexes == ()
    assert [(x.name, x.columns, x.operators, x.using, x.where) for x in rooms.exclusions] == [
        ("rooms_free", ("during",), ("&&",), "gist", "active"),
        ("rooms_id_excl", ("id",), ("=",), "btree", None),
        ("rooms_lower_excl", ("LOWER(code)",), ("=",), "hash", None),
    ]


RANGE_TYPES = """
CREATE SCHEMA app;
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_opclass = float8_ops, subtype_diff = float8mi);
CREATE TYPE app.span AS RANGE (subtype = text, subtype_opclass = text_pattern_ops, collation = "C",
                               multirange_type_name = app.spans);
CREATE TABLE t (id integer PRIMARY KEY, f floatrange, fm floatmultirange[], s app.span, ss app.spans);
"""


def test_postgres_range_types_read_as_their_file(pg_url: str) -> None:
    """The catalog's range types (pg_range) compare equal with the file that made them."""
    run_ddl(pg_url, RANGE_TYPES)
    live = load_schema(pg_url).schema
    assert live == load_text(RANGE_TYPES, "ranges.sql", suffix=".sql").schema
    assert [(r.name, r.multirange, r.opclass, r.collation, r.subtype_diff) for r in live.ranges] == [
        ("app.span", "app.spans", "text_pattern_ops", "C", None),
        ("floatrange", "floatmultirange", None, None, "float8mi"),
    ]


USER_TYPES = """
CREATE TYPE "Mood" AS ENUM ('Calm', 'Sad');
CREATE DOMAIN code AS varchar(8) NOT NULL DEFAULT 'none' CHECK (VALUE <> '') CHECK (length(VALUE) > 1);
CREATE DOMAIN positive AS integer CONSTRAINT positive_is CHECK (VALUE > 0);
CREATE TYPE "Address" AS (street text, zip varchar(10)[], kind "Mood", n positive);
CREATE TABLE t (
    id integer PRIMARY KEY, c code, a "Address", cs code[], moods "Mood"[],
    p point, b box, r tstzrange, m int4multirange, mac macaddr8, q tsquery, g int[][],
    span interval day to second(3), age interval year to month
);
"""


def test_postgres_domains_composites_and_builtin_types_read_as_written(pg_url: str) -> None:
    written = load_text(USER_TYPES, "types.sql", suffix=".sql").schema
    run_ddl(pg_url, USER_TYPES)
    live = load_schema(pg_url).schema
    assert live == written
    assert [(d.name, [c.name for c in d.checks]) for d in live.domains] == [
        ("code", ["code_check", "code_check1"]),
        ("positive", ["positive_is"]),
    ]
    assert [str(a.type) for a in live.composites[0].attributes] == [
        "text",
        "varchar(10)[]",
        "Mood",
        "positive",
    ]


def test_postgres_unreachable_server_is_a_redacted_database_error() -> None:
    url = "postgresql://someone:hunter2@127.0.0.1:1/app"
    with pytest.raises(DatabaseError) as caught:
        load_schema(url)
    text = one_line(caught.value)
    assert caught.value.exit_code == 3
    assert "hunter2" not in text
    assert text.startswith("postgresql://someone:***@127.0.0.1:1/app: database could not be reached")


def test_postgres_missing_database(pg_url: str) -> None:
    url = database_url(pg_url, "no_such_database")
    with pytest.raises(DatabaseError, match="no_such_database"):
        load_schema(url)


# --- the same schema as DDL text and as a live database ---------------------------------


def test_sqlite_live_equals_its_ddl(sqlite_url: SqliteFactory) -> None:
    written = load_text(SQLITE_SHOP, "shop.sql", suffix=".sql", dialect="sqlite").schema
    assert load_schema(sqlite_url(SQLITE_SHOP)).schema == written


def test_postgres_live_and_its_dump_equal_its_ddl(pg_url: str, tmp_path: Path) -> None:
    written = load_text(PG_SHOP, "shop.sql", suffix=".sql").schema
    run_ddl(pg_url, PG_SHOP)
    assert load_schema(pg_url).schema == written
    dump = tmp_path / "shop.dump.sql"
    dump.write_text(pg_dump_schema(pg_url), encoding="utf-8")
    assert load_schema(str(dump), dialect="postgres").schema == written


def test_sqlite_quoted_names_with_escaped_quotes_keep_their_case(sqlite_url: SqliteFactory) -> None:
    url = sqlite_url(
        'CREATE TABLE "Odd ""T""" ("Quote""d" INTEGER CHECK ("Quote""d" > 0), `Back``tick` TEXT)'
    )
    schema = load_schema(url).schema
    assert table(schema, 'Odd "T"').column_names() == ('Quote"d', "Back`tick")


def test_a_sqlite_division_reads_back_as_itself(tmp_path: Path) -> None:
    """SQLite's `/` (NULL on a zero divisor) was read as PostgreSQL's `/ NULLIF(…, 0)`, one
    NULLIF more on every read, so a check or index with a division never converged."""
    assert normalize_expression("100 / n", "sqlite") == "100 / n"
    ddl = "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, CONSTRAINT half CHECK (n / 2 < 10));"
    schema = load_text(ddl, "t.sql", suffix=".sql", dialect="sqlite").schema
    database = tmp_path / "t.db"
    conn = sqlite3.connect(database)
    conn.executescript(ddl)
    conn.close()
    assert checksum(load_schema(f"sqlite:///{database}").schema) == checksum(schema)


def test_a_query_the_server_gives_no_text_of_is_refused_not_respelled_empty(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No row for the temporary view (``with_query`` cannot parse an empty query): refused, with why."""
    from wesley_gen.database_url import DatabaseUrl
    from wesley_gen.load import introspect

    monkeypatch.setattr(introspect, "_PG_RESPELLED", "SELECT 1 WHERE CAST(%(view)s AS text) IS NULL")
    texts, refused = introspect.respell_view_queries(DatabaseUrl.parse(pg_url), {"v": "SELECT 1 AS one"})
    assert (texts, refused) == ({}, {"v": "the server gave no text of the temporary view"})
