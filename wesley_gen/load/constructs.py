"""Constructs whose status the code states once: modelled, compared, skipped or refused.

One row per construct and dialect, each with a minimal schema that has it.
tests/test_constructs.py holds every row to what the code does: a modelled example loads
without a warning and generates from nothing; a compared one (an object kept by definition
outside the model) is refused when it differs and named in a warning when it is the same on
both sides; a skipped statement is named in the load's warning; a refused example fails to
load or to generate with the row's message.  docs/inputs.md lists the rows of each group
where :func:`rewrite` puts them, between the group's :func:`markers` (``make docs`` rewrites
them, the test checks them).
"""

from __future__ import annotations

from dataclasses import dataclass

MODELLED, COMPARED, SKIPPED, REFUSED = "modelled", "compared", "skipped", "refused"
# The groups: each is a table of its own in docs/inputs.md, where its topic is.
GROUPS = (
    "schemas",
    "tables",
    "columns",
    "types",
    "constraints",
    "indexes",
    "security",
    "objects",
    "skipped",
    "sqlite",
)


def markers(group: str) -> tuple[str, str]:
    """The lines of docs/inputs.md around the table of ``group``."""
    return (
        f"<!-- constructs: {group} (generated from wesley_gen/load/constructs.py by `make docs`: do not edit) -->",
        f"<!-- end of constructs: {group} -->",
    )


@dataclass(frozen=True, slots=True)
class Construct:
    """``construct`` as the documentation names it, in one of :data:`GROUPS`; ``status``
    what wesley-gen does with it on ``dialect`` and ``reason`` how (or why it is refused);
    ``example`` a schema that has it, written in ``written`` (the row's dialect unless said:
    a PostgreSQL schema generated for SQLite, say); ``message`` part of the error (refused,
    compared) or warning (skipped) the example gets."""

    group: str
    construct: str
    dialect: str
    status: str
    reason: str
    example: str
    message: str = ""
    written: str = ""

    @property
    def source_dialect(self) -> str:
        """The dialect the example is read in."""
        return self.written or self.dialect


PG, LITE = "postgres", "sqlite"

CONSTRUCTS: tuple[Construct, ...] = (
    # --- schemas
    Construct(
        "schemas", "`CREATE SCHEMA [IF NOT EXISTS] name`, `CREATE SCHEMA AUTHORIZATION role`", PG, MODELLED,
        "created in expand before what is in it, dropped last in the swap (destructive); a table in a schema "
        "the file never creates implies it",
        "CREATE SCHEMA app; CREATE SCHEMA AUTHORIZATION alice; CREATE TABLE app.users (id integer PRIMARY KEY);",
    ),
    Construct(
        "schemas", "`CREATE SCHEMA name CREATE TABLE …` (statements inside it)", PG, REFUSED,
        "not supported yet: write each as a statement of its own, its names qualified",
        "CREATE SCHEMA app CREATE TABLE users (id integer PRIMARY KEY);",
        "CREATE SCHEMA app with statements inside it is not supported yet",
    ),
    Construct(
        "schemas", 'a relation, type, function or schema whose name has a dot in it (`"V.Users"`)', PG, REFUSED,
        "not supported yet: wesley-gen names another schema's objects `schema.name`, so `\"V.Users\"` could not be "
        "told from `\"Users\"` in schema `V` (a column, index or constraint name may have a dot)",
        'CREATE TABLE users (id integer PRIMARY KEY); CREATE VIEW "V.Users" AS SELECT id FROM users;',
        "the name 'V.Users' has a dot in it",
    ),
    Construct(
        "schemas", "`main.t`", LITE, MODELLED,
        "read as `t`: `main` is the file's own database",
        "CREATE TABLE main.t (id INTEGER PRIMARY KEY);",
    ),
    Construct(
        "schemas", "`app.t` (an attached database)", LITE, REFUSED,
        "SQLite has no schemas: wesley-gen reads a file's own tables only",
        "CREATE TABLE app.t (id INTEGER PRIMARY KEY);",
        "names the database 'app'",
    ),
    Construct(
        "schemas", "tables in a schema (a PostgreSQL schema generated for SQLite)", LITE, REFUSED,
        "SQLite has no schemas",
        "CREATE SCHEMA app; CREATE TABLE app.t (id integer PRIMARY KEY);",
        "SQLite has no schemas: app", written=PG,
    ),
    # --- tables
    Construct(
        "tables", "a table without columns (`CREATE TABLE t ()`)", PG, MODELLED,
        "created, dropped, given its first column or losing its last",
        "CREATE TABLE t ();",
    ),
    Construct(
        "tables", "a table without columns (a PostgreSQL schema generated for SQLite)", LITE, REFUSED,
        "SQLite has no such table",
        "CREATE TABLE t ();",
        "SQLite cannot create a table without columns: t", written=PG,
    ),
    Construct(
        "tables", "`UNLOGGED`", PG, MODELLED,
        "`ALTER TABLE … SET UNLOGGED / LOGGED` (rewrites the table)",
        "CREATE UNLOGGED TABLE t (id integer PRIMARY KEY);",
    ),
    Construct(
        "tables", "table storage parameters `WITH (fillfactor = …)`, `ALTER TABLE … SET / RESET (…)`", PG, MODELLED,
        "as the catalog keeps them (`name=value`, in the order written); migrated in place, `RESET (…)` then "
        "`SET (…)`",
        "CREATE TABLE t (id integer PRIMARY KEY) WITH (fillfactor = 70); ALTER TABLE t SET (autovacuum_enabled = off);",
    ),
    Construct(
        "tables", "`toast.*` storage parameters", PG, REFUSED,
        "not supported yet (they are the TOAST table's)",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer) WITH (toast.autovacuum_enabled = off);",
        "the storage parameter toast.autovacuum_enabled is not supported yet",
    ),
    Construct(
        "tables", "`UNLOGGED`, storage parameters (a PostgreSQL schema generated for SQLite)", LITE, REFUSED,
        "SQLite has neither",
        "CREATE UNLOGGED TABLE t (id integer PRIMARY KEY);",
        "SQLite has no UNLOGGED tables or storage parameters: t (UNLOGGED)", written=PG,
    ),
    Construct(
        "tables", "`PARTITION BY RANGE | LIST | HASH (columns)`", PG, MODELLED,
        "the key as `pg_get_partkeydef` prints it; a new partitioned table is created with it; its indexes "
        "and keys are built by one statement that reaches every partition (PostgreSQL has no "
        "`CONCURRENTLY` and no `USING INDEX` for a partitioned table); a column added, dropped or changed "
        "on it is changed there only (partitions follow); a key changed, or added to or removed from an "
        "existing table, is refused (`partitioning`: its rows would have to move)",
        "CREATE TABLE events (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);",
    ),
    Construct(
        "tables", "a partition key expression, `COLLATE` or operator class", PG, REFUSED,
        "not supported yet",
        "CREATE TABLE logs (id integer, at timestamp) PARTITION BY RANGE ((at::date));",
        "only plain columns are supported yet",
    ),
    Construct(
        "tables", "`PARTITION OF parent FOR VALUES … | DEFAULT [PARTITION BY …]`", PG, MODELLED,
        "the parent and bound (as `pg_get_expr` prints it; range, list, hash, `DEFAULT`, `MINVALUE` / "
        "`MAXVALUE`, sub-partitions; integer, numeric, date, ISO timestamp and text values are brought to "
        "that form, others must be written as pg_dump writes them: a `timestamptz` with its offset); its "
        "columns are the parent's, its constraints and indexes those of its "
        "own; a new one is created `PARTITION OF` its parent in expand (additive; `ACCESS EXCLUSIVE` on the "
        "parent for a catalog change), a dropped one is dropped in the swap (destructive); a bound or parent "
        "changed is refused (`partition_bound`: rows may have to move)",
        "CREATE TABLE events (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at); "
        "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
    ),
    Construct(
        "tables", "`ALTER TABLE … ATTACH / DETACH PARTITION`, `ALTER INDEX … ATTACH PARTITION`", PG, MODELLED,
        "an existing table attached in the swap (`SHARE UPDATE EXCLUSIVE` on the parent, the table scanned "
        "for rows outside the bound; narrowing) or detached (its columns stay its own); pg_dump's attached "
        "partition indexes are read as the parent's",
        "CREATE TABLE a (id integer NOT NULL) PARTITION BY LIST (id); CREATE TABLE b (id integer NOT NULL); "
        "ALTER TABLE a ATTACH PARTITION b DEFAULT;",
    ),
    Construct(
        "tables", "`INHERITS (parents)`, `ALTER TABLE … INHERIT / NO INHERIT`", PG, MODELLED,
        "the parents, in order; the inherited columns come first and are changed on the parent only; a new "
        "child is created with its own columns and `INHERITS`; an existing table takes or lets go of a "
        "parent in the swap (`INHERIT`, additive; `NO INHERIT`, narrowing and irreversible: the columns stay its own)",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer); CREATE TABLE child (b integer) INHERITS (t);",
    ),
    Construct(
        "tables", "partitioned and inheriting tables (a PostgreSQL schema generated for SQLite)", LITE, REFUSED,
        "SQLite has neither",
        "CREATE TABLE t (id integer PRIMARY KEY); CREATE TABLE child (b integer) INHERITS (t);",
        "SQLite has no partitioned or inheriting tables: child", written=PG,
    ),
    Construct(
        "tables", "`ALTER TABLE` subcommands other than those listed here (`DROP COLUMN`, `RENAME`, …)", PG, REFUSED,
        "a schema file describes the end state: write the table as it should be",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer); ALTER TABLE t DROP COLUMN a;",
        "ALTER TABLE t: drop column is not supported",
    ),
    Construct(
        "tables", "`STRICT`, `WITHOUT ROWID` (a SQLite schema generated for PostgreSQL)", PG, REFUSED,
        "only SQLite has them",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT) STRICT;",
        "only SQLite has these: t (STRICT)", written=LITE,
    ),
    # --- columns
    Construct(
        "columns", "`CREATE SEQUENCE` (`AS`, `INCREMENT`, `MINVALUE`, `MAXVALUE`, `START`, `CACHE`, `CYCLE`), "
        "`ALTER SEQUENCE`", PG, MODELLED,
        "created, altered and dropped; the counter's current value is data, not schema",
        "CREATE SEQUENCE s AS integer INCREMENT BY 2 MINVALUE 1 MAXVALUE 1000 START 10 CACHE 5 CYCLE;"
        " ALTER SEQUENCE s INCREMENT BY 3;",
    ),
    Construct(
        "columns", "`CREATE SEQUENCE … OWNED BY t.c`", PG, MODELLED,
        "the sequence goes with its column; one named, typed, owned and used as a serial's is that serial",
        "CREATE TABLE t (id integer PRIMARY KEY, n bigint); CREATE SEQUENCE t_n_counter OWNED BY t.n;",
    ),
    Construct(
        "columns", "`serial`, `bigserial`, `smallserial`", PG, MODELLED,
        "an integer column drawing from its own sequence; a type change takes the sequence along "
        "(`ALTER SEQUENCE … AS`)",
        "CREATE TABLE t (id serial PRIMARY KEY, big bigserial, small smallserial);",
    ),
    Construct(
        "columns", "`GENERATED ALWAYS` / `BY DEFAULT AS IDENTITY (options)`", PG, MODELLED,
        "added, dropped, switched and re-optioned in place (`ADD GENERATED`, `DROP IDENTITY`, `SET GENERATED`, "
        "`SET INCREMENT BY` …); `SEQUENCE NAME` is not kept (a warning says so): the migration names it as "
        "PostgreSQL does",
        "CREATE TABLE t (id integer GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5) PRIMARY KEY,"
        " n bigint GENERATED BY DEFAULT AS IDENTITY);",
    ),
    Construct(
        "columns", "sequences, identity columns (a PostgreSQL schema generated for SQLite)", LITE, REFUSED,
        "SQLite has neither: an `INTEGER PRIMARY KEY` numbers its rows itself",
        "CREATE TABLE t (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY);",
        "SQLite has no sequences or identity columns: identity column t.id", written=PG,
    ),
    Construct(
        "columns", "`GENERATED ALWAYS AS (…) STORED`", PG, MODELLED,
        "added with its column; a changed expression is `ALTER COLUMN … SET EXPRESSION AS (…)` (PostgreSQL 17+: "
        "recomputes every row under ACCESS EXCLUSIVE), a dropped one `DROP EXPRESSION` (the column keeps its "
        "values; irreversible); making an existing column generated is refused (no `ALTER` does it): add a new one",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer GENERATED ALWAYS AS (a * 2) STORED);",
    ),
    Construct(
        "columns", "`GENERATED ALWAYS AS (…) VIRTUAL`", PG, REFUSED,
        "not supported yet (PostgreSQL 18; the default when neither kind is written)",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer GENERATED ALWAYS AS (a * 2) VIRTUAL);",
        "virtual generated column t.b: not supported yet",
    ),
    Construct(
        "columns", "a named NOT NULL (PostgreSQL 18: `CONSTRAINT n NOT NULL`, `CONSTRAINT n NOT NULL column` in "
        "`CREATE TABLE` or `ALTER TABLE … ADD`)", PG, MODELLED,
        "the name kept where it is not PostgreSQL's own `<table>_<column>_not_null`, as is a partition's taken from "
        "its parent (kept when it is detached); a new name is `RENAME CONSTRAINT`, after `SET NOT NULL` where the "
        "column becomes NOT NULL; a new name in a hierarchy that is not its parent's is refused by name (PostgreSQL "
        "renames an inherited one only on the parent and every child)",
        "CREATE TABLE t (id integer PRIMARY KEY, code text CONSTRAINT code_required NOT NULL);",
    ),
    Construct(
        "columns", "`NOT NULL … NO INHERIT`, `ADD CONSTRAINT n NOT NULL column NOT VALID` (PostgreSQL 18)", PG,
        REFUSED,
        "not supported yet",
        "CREATE TABLE t (id integer PRIMARY KEY, code text NOT NULL NO INHERIT);",
        "NOT NULL NO INHERIT on t.code: not supported yet",
    ),
    Construct(
        "columns", "`COLLATE \"C\"` on a column", PG, MODELLED,
        "the collation's name, case kept; changed with `ALTER COLUMN … TYPE … COLLATE`, also after a type change "
        "(which resets it): every `ALTER COLUMN … TYPE` of a collated column states the collation it ends with",
        'CREATE TABLE t (id integer PRIMARY KEY, name text COLLATE "C");',
    ),
    Construct(
        "columns", "`CREATE COLLATION` (`provider` libc, icu or builtin, `locale` or `lc_collate`/`lc_ctype`, "
        "`deterministic`, `rules`)", PG, MODELLED,
        "an object kept by its definition, spelled as pg_dump writes it: created before the tables that use it, "
        "dropped after them; a changed one is dropped and created again (PostgreSQL refuses while a column uses it)",
        "CREATE COLLATION bytewise (provider = libc, locale = 'C');"
        " CREATE TABLE t (id integer PRIMARY KEY, name text COLLATE bytewise);",
    ),
    Construct(
        "columns", "`CREATE COLLATION … FROM existing`", PG, REFUSED,
        "state its provider and locale, as pg_dump writes it",
        'CREATE COLLATION copied FROM "C";',
        "collation copied: CREATE COLLATION … FROM is not supported yet",
    ),
    # --- types
    Construct(
        "types", "numeric types (`smallint`, `integer`, `bigint`, `numeric(p,s)`, `real`, `double precision`)",
        PG, MODELLED,
        "each in one canonical spelling (`int4`, `INT` are `integer`); a widening is in place, a narrowing "
        "counted by the pre-check",
        "CREATE TABLE t (id integer PRIMARY KEY, a smallint, b int8, c numeric(10,2), d numeric, e real, f float8);",
    ),
    Construct(
        "types", "character and binary types (`char(n)`, `varchar(n)`, `text`, `bytea`)", PG, MODELLED,
        "`char` is `char(1)`",
        "CREATE TABLE t (id integer PRIMARY KEY, a char(3), b varchar(40), c text, d bytea, e character);",
    ),
    Construct(
        "types", "date/time types with their precision (`timestamp(p)`, `timestamptz(p)`, `time(p)`, `timetz(p)`,"
        " `interval(p)`, `date`)", PG, MODELLED,
        "exactly: `timestamp(6)` is not `timestamp`; a precision change is a type change (growing widens in "
        "place, shrinking is counted by the pre-check)",
        "CREATE TABLE t (id integer PRIMARY KEY, a timestamp(6), b timestamptz, c time(3), d timetz,"
        " e interval(2), f date);",
    ),
    Construct(
        "types", "`interval` fields (`interval day to second(3)`, `interval year to month`)", PG, MODELLED,
        "each set of fields is a type of its own",
        "CREATE TABLE t (id integer PRIMARY KEY, a interval day to second(3), b interval year to month);",
    ),
    Construct(
        "types", "`boolean`, `money`, `uuid`, `json`, `jsonb`, `jsonpath`, `xml`", PG, MODELLED,
        "each in one canonical spelling",
        "CREATE TABLE t (id uuid PRIMARY KEY, a bool, b money, c json, d jsonb, e jsonpath, f xml);",
    ),
    Construct(
        "types", "bit strings (`bit(n)`, `varbit(n)`)", PG, MODELLED,
        "`bit` is `bit(1)`; a length change is a type change",
        "CREATE TABLE t (id integer PRIMARY KEY, a bit(8), b bit varying(16), c bit);",
    ),
    Construct(
        "types", "geometric types (`point`, `line`, `lseg`, `box`, `path`, `polygon`, `circle`)", PG, MODELLED,
        "as they are",
        "CREATE TABLE t (id integer PRIMARY KEY, a point, b line, c lseg, d box, e path, f polygon, g circle);",
    ),
    Construct(
        "types", "network types (`inet`, `cidr`, `macaddr`, `macaddr8`)", PG, MODELLED,
        "as they are; `macaddr` to `macaddr8` widens (a shadow column), `cidr` to `inet` widens in place, "
        "`macaddr8` to `macaddr` and `inet` to `cidr` narrow (the pre-check counts the values the cast refuses)",
        "CREATE TABLE t (id integer PRIMARY KEY, a inet, b cidr, c macaddr, d macaddr8);",
    ),
    Construct(
        "types", "text search types (`tsvector`, `tsquery`)", PG, MODELLED,
        "as they are",
        "CREATE TABLE t (id integer PRIMARY KEY, a tsvector, b tsquery);",
    ),
    Construct(
        "types", "types of the extensions PostgreSQL ships and of pgvector (`citext`, `hstore`, `ltree`, `lquery`, "
        "`ltxtquery`, `cube`, `seg`, the `isn` types, `vector(n)`, `halfvec(n)`, `sparsevec(n)`)", PG, MODELLED,
        "known by name, as made by `CREATE EXTENSION` in its default schema, and qualified by the schema "
        "`CREATE EXTENSION … WITH SCHEMA` puts them in (`ext.citext`, `ext.vector(3)`): that name is kept, written "
        "qualified, filled and typed in the backfill as the extension's type",
        "CREATE EXTENSION hstore; CREATE EXTENSION vector;\n"
        "CREATE TABLE t (id integer PRIMARY KEY, a hstore, b vector(3));",
    ),
    Construct(
        "types", "ranges (`int4range`, `int8range`, `numrange`, `tsrange`, `tstzrange`, `daterange`)", PG, MODELLED,
        "as they are",
        "CREATE TABLE t (id integer PRIMARY KEY, a int4range, b int8range, c numrange, d tsrange, e tstzrange,"
        " f daterange);",
    ),
    Construct(
        "types", "multiranges (`int4multirange`, …, `datemultirange`)", PG, MODELLED,
        "as they are",
        "CREATE TABLE t (id integer PRIMARY KEY, a int4multirange, b tstzmultirange, c datemultirange);",
    ),
    Construct(
        "types", "`pg_lsn`, `oid` and the `reg*` types, `xid`, `xid8`, `cid`, `tid`, `name`, `pg_snapshot`", PG,
        MODELLED,
        "as they are",
        "CREATE TABLE t (id integer PRIMARY KEY, a pg_lsn, b oid, c regclass, d xid8, e tid, f name, g pg_snapshot);",
    ),
    Construct(
        "types", "arrays of any type (`int[]`, `int[][]`, `int[3]`, arrays of enums and domains)", PG, MODELLED,
        "`int[][]` and `int[3]` are `int[]`: PostgreSQL keeps no dimensions or sizes",
        "CREATE TYPE mood AS ENUM ('sad', 'happy');"
        " CREATE TABLE t (id integer PRIMARY KEY, a integer[], b text[][], c mood[], d point[3]);",
    ),
    Construct(
        "types", "quoted type names (`\"Status\"`)", PG, MODELLED,
        "case kept",
        "CREATE TYPE \"Status\" AS ENUM ('on', 'off'); CREATE TABLE t (id integer PRIMARY KEY, s \"Status\");",
    ),
    Construct(
        "types", "`CREATE TYPE … AS ENUM`", PG, MODELLED,
        "add, add value, drop value (the type made anew, as the rollback of an added value makes it: the views "
        "reading its columns and the functions taking or returning it dropped and made again around it), drop; "
        "reordering the values is refused",
        "CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TABLE t (id integer PRIMARY KEY, m mood);",
    ),
    Construct(
        "types", "`ALTER TYPE … ADD VALUE [IF NOT EXISTS] … [BEFORE / AFTER …]`, `ALTER TYPE … RENAME VALUE`", PG,
        MODELLED,
        "on an enum defined above: the values it ends with, in PostgreSQL's order",
        "CREATE TYPE mood AS ENUM ('sad'); ALTER TYPE mood ADD VALUE 'happy'; ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';"
        " ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'; CREATE TABLE t (id integer PRIMARY KEY, m mood);",
    ),
    Construct(
        "types", "`CREATE DOMAIN` (base type, `DEFAULT`, `NOT NULL`, `CHECK`s named as PostgreSQL names them: `d_check`, `d_check1`)", PG, MODELLED,
        "add, drop, `ALTER DOMAIN` for the default, NOT NULL and checks (one added is narrowing: the pre-check "
        "counts the rows it refuses); a change of the base type is refused (PostgreSQL cannot alter it); over a "
        "range or multirange type of the schema, made after it (and after its SUBTYPE_DIFF function) and dropped "
        "before it",
        "CREATE DOMAIN percent AS integer DEFAULT 0 NOT NULL CHECK (VALUE BETWEEN 0 AND 100);"
        " CREATE TABLE t (id integer PRIMARY KEY, p percent);",
    ),
    Construct(
        "types", "`CREATE TYPE … AS (…)` (composite)", PG, MODELLED,
        "add, drop, `ALTER TYPE … ADD / DROP ATTRIBUTE` (dropping one is destructive), `RENAME ATTRIBUTE` for one "
        "marked `-- wesley:renamed-from`; an attribute's type change is `ALTER ATTRIBUTE … TYPE` where no column "
        "or type uses the composite, else a drop and an add; attributes in an order those cannot give (PostgreSQL "
        "adds one last and cannot move one): the composite made anew where nothing uses it, else refused naming "
        "its users",
        "CREATE TYPE address AS (street text, zip varchar(10)); CREATE TABLE t (id integer PRIMARY KEY, a address);",
    ),
    Construct(
        "types", "`CREATE TYPE … AS RANGE (SUBTYPE, SUBTYPE_OPCLASS, COLLATION, SUBTYPE_DIFF, "
        "MULTIRANGE_TYPE_NAME)`", PG, MODELLED,
        "in pg_dump's form (the multirange named as PostgreSQL names it, `floatrange`: `floatmultirange`; a "
        "default operator class left out); columns of the range, of its multirange and arrays of both; add "
        "(before the tables; after the functions when its SUBTYPE_DIFF is one of the schema's), drop (after "
        "the tables, before such a function, the multirange with it); a change of a range type nothing uses "
        "drops it and makes it again (the rollback the reverse); a change of one that a column or another "
        "type uses is refused, naming them (`type_change`: PostgreSQL cannot alter a range type; give the "
        "new one another name)",
        "CREATE FUNCTION time_subtype_diff(x time, y time) RETURNS float8"
        " AS 'SELECT EXTRACT(EPOCH FROM (x - y))' LANGUAGE sql STRICT IMMUTABLE;"
        " CREATE TYPE timerange AS RANGE (subtype = time, subtype_diff = time_subtype_diff);"
        " CREATE TABLE t (id integer PRIMARY KEY, r timerange, m timemultirange[]);",
    ),
    Construct(
        "types", "a range type's `CANONICAL` function and the shell type it needs (`CREATE TYPE name;`)", PG,
        REFUSED,
        "not supported yet: the function is written in C over a shell type; refused at the line",
        "CREATE TYPE intspan; CREATE TYPE intspan AS RANGE (subtype = integer, canonical = intspan_canonical);",
        "shell type intspan (CREATE TYPE intspan;) is not supported yet",
    ),
    Construct(
        "types", "enum and array types (a PostgreSQL schema generated for SQLite)", LITE, REFUSED,
        "SQLite has neither: write the column as `TEXT` with a `CHECK (col IN (…))`",
        "CREATE TABLE t (id integer PRIMARY KEY, tags text[]);",
        "SQLite has no enum or array types: t.tags", written=PG,
    ),
    Construct(
        "types", "domain, composite and range types (a PostgreSQL schema generated for SQLite)", LITE, REFUSED,
        "SQLite has neither",
        "CREATE DOMAIN percent AS integer; CREATE TABLE t (id integer PRIMARY KEY, p percent);",
        "SQLite has no domain, composite or range types: percent", written=PG,
    ),
    Construct(
        "types", "a column without a declared type, `ANY` (a SQLite schema generated for PostgreSQL)", PG, REFUSED,
        "only SQLite has them",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a);",
        "only SQLite has these: t.a (no declared type)", written=LITE,
    ),
    # --- constraints
    Construct(
        "constraints", "`DEFERRABLE` / `INITIALLY DEFERRED`", PG, MODELLED,
        "on primary keys, unique constraints and foreign keys",
        "CREATE TABLE t (id integer PRIMARY KEY DEFERRABLE, a integer UNIQUE DEFERRABLE INITIALLY DEFERRED,"
        " p integer REFERENCES t DEFERRABLE INITIALLY DEFERRED);",
    ),
    Construct(
        "constraints", "`INCLUDE (…)` on a primary key or unique constraint", PG, MODELLED,
        "a change drops and adds the constraint",
        "CREATE TABLE t (id integer, a integer, b integer, PRIMARY KEY (id) INCLUDE (a), UNIQUE (b) INCLUDE (a));",
    ),
    Construct(
        "constraints", "`UNIQUE NULLS NOT DISTINCT`", PG, MODELLED,
        "a change drops and adds the constraint",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer UNIQUE NULLS NOT DISTINCT);",
    ),
    Construct(
        "constraints", "`CHECK … NO INHERIT`", PG, MODELLED,
        "a change drops and adds the check",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer CHECK (a > 0) NO INHERIT);",
    ),
    Construct(
        "constraints", "`NOT VALID` on checks and foreign keys added by `ALTER TABLE`", PG, MODELLED,
        "the migration adds them `NOT VALID` and does not validate them",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer);"
        " ALTER TABLE t ADD CONSTRAINT t_a_check CHECK (a > 0) NOT VALID;",
    ),
    Construct(
        "constraints", "`MATCH FULL`", PG, MODELLED,
        "on foreign keys",
        "CREATE TABLE t (id integer, k integer, UNIQUE (id, k));"
        " CREATE TABLE u (id integer PRIMARY KEY, a integer, b integer, FOREIGN KEY (a, b) REFERENCES t (id, k) MATCH FULL);",
    ),
    Construct(
        "constraints", "`MATCH PARTIAL`", PG, REFUSED,
        "PostgreSQL does not implement it",
        "CREATE TABLE t (id integer PRIMARY KEY); CREATE TABLE u (id integer PRIMARY KEY, a integer REFERENCES t MATCH PARTIAL);",
        "MATCH PARTIAL not yet implemented",
    ),
    Construct(
        "constraints", "`ON DELETE SET NULL (cols)` / `SET DEFAULT (cols)` (PostgreSQL 15)", PG, MODELLED,
        "on foreign keys; a change drops and adds the key",
        "CREATE TABLE t (org integer, id integer, PRIMARY KEY (org, id));"
        " CREATE TABLE u (id integer PRIMARY KEY, org integer NOT NULL, t_id integer,"
        " FOREIGN KEY (org, t_id) REFERENCES t ON DELETE SET NULL (t_id));",
    ),
    Construct(
        "constraints", "`EXCLUDE USING method (key WITH op, …) [WHERE (…)]`", PG, MODELLED,
        "keys as index keys, one operator each, default name `t_col_excl`; add (narrowing: every row is "
        "checked), drop",
        "CREATE TABLE t (id integer PRIMARY KEY, during tstzrange, EXCLUDE USING gist (during WITH &&));",
    ),
    Construct(
        "constraints", "`PRIMARY KEY / UNIQUE (…, c WITHOUT OVERLAPS)` (PostgreSQL 18)", PG, MODELLED,
        "a temporal key (equal on the other columns, periods that do not overlap; its index is GiST, "
        "`btree_gist` for scalar columns); added in the swap by `ADD CONSTRAINT` (no `USING INDEX`: a GiST "
        "index cannot be built unique on its own), the pre-check counting empty and overlapping periods; "
        "a change drops and adds the key",
        "CREATE EXTENSION btree_gist;"
        " CREATE TABLE t (id integer, during tstzrange, PRIMARY KEY (id, during WITHOUT OVERLAPS));",
    ),
    Construct(
        "constraints", "`FOREIGN KEY (…, PERIOD c) REFERENCES t (…, PERIOD c)` (PostgreSQL 18)", PG, MODELLED,
        "a temporal foreign key: the referenced periods together cover the row's (the pre- and post-check "
        "count rows they do not); a change drops and adds the key",
        "CREATE EXTENSION btree_gist;"
        " CREATE TABLE t (id integer, during tstzrange, PRIMARY KEY (id, during WITHOUT OVERLAPS));"
        " CREATE TABLE u (id integer PRIMARY KEY, t_id integer, at tstzrange,"
        " FOREIGN KEY (t_id, PERIOD at) REFERENCES t (id, PERIOD during));",
    ),
    Construct(
        "constraints", "`WITHOUT OVERLAPS` / `PERIOD` on a column that is not of a range or multirange type",
        PG, REFUSED,
        "refused at the line, as PostgreSQL refuses it (a domain over a range is taken)",
        "CREATE TABLE t (id integer, n integer, PRIMARY KEY (id, n WITHOUT OVERLAPS));",
        "WITHOUT OVERLAPS of primary key: column t.n is integer, not a range or multirange type",
    ),
    Construct(
        "constraints", "`PRIMARY KEY / UNIQUE USING INDEX i`", PG, MODELLED,
        "read as the key the index becomes (its columns and `INCLUDE`, named after the constraint, else the index)",
        "CREATE TABLE t (id integer NOT NULL); CREATE UNIQUE INDEX t_id_idx ON t (id);"
        " ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_id_idx;",
    ),
    Construct(
        "constraints", "`USING INDEX` of an index that cannot be a key (partial, expressions, not b-tree)", PG,
        REFUSED,
        "refused at the line (storage parameters too)",
        "CREATE TABLE t (id integer NOT NULL); CREATE UNIQUE INDEX t_id_idx ON t (id) WHERE id > 0;"
        " ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_id_idx;",
        "USING INDEX t_id_idx: the index must be a unique b-tree index",
    ),
    Construct(
        "constraints", "`REFERENCES … DEFERRABLE [INITIALLY DEFERRED]`", LITE, MODELLED,
        "written on the column or as a table constraint",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, p INTEGER REFERENCES t (id) DEFERRABLE INITIALLY DEFERRED);",
    ),
    Construct(
        "constraints", "constraint options other than a foreign key's `DEFERRABLE` (`INCLUDE`, `NULLS NOT DISTINCT`, "
        "`NO INHERIT`, `NOT VALID`, `MATCH FULL`, `WITHOUT OVERLAPS`, `PERIOD`, a key's `DEFERRABLE`; a PostgreSQL "
        "schema generated for SQLite)",
        LITE, REFUSED,
        "SQLite has none of them",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer CHECK (a > 0) NO INHERIT);",
        "SQLite has no such constraint or index options: t.t_a_check", written=PG,
    ),
    Construct(
        "constraints", "`EXCLUDE` (a PostgreSQL schema generated for SQLite)", LITE, REFUSED,
        "SQLite has no exclusion constraints",
        "CREATE TABLE t (id integer PRIMARY KEY, during tstzrange, EXCLUDE USING gist (during WITH &&));",
        "SQLite has no exclusion constraints: t.t_during_excl", written=PG,
    ),
    Construct(
        "constraints", "a unique constraint on exactly the primary key's columns", LITE, REFUSED,
        "SQLite folds it into the key: the database would never show it",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, UNIQUE (id));",
        "SQLite cannot keep a unique constraint on the primary key's columns",
    ),
    # --- indexes
    Construct(
        "indexes", "access method (`USING btree / hash / gist / spgist / gin / brin`)", PG, MODELLED,
        "a change builds the index again",
        "CREATE TABLE t (id integer PRIMARY KEY, tags text[], at timestamptz);"
        " CREATE INDEX t_tags_idx ON t USING gin (tags); CREATE INDEX t_at_idx ON t USING brin (at);",
    ),
    Construct(
        "indexes", "operator class (`inet_ops`, `jsonb_path_ops`, `text_pattern_ops`, …)", PG, MODELLED,
        "kept (PostgreSQL would build the index with another class without it)",
        "CREATE TABLE t (id integer PRIMARY KEY, ip inet, name text);"
        " CREATE INDEX t_ip_idx ON t USING gist (ip inet_ops); CREATE INDEX t_name_idx ON t (name text_pattern_ops);",
    ),
    Construct(
        "indexes", "`COLLATE` on an index key", PG, MODELLED,
        "a change builds the index again",
        'CREATE TABLE t (id integer PRIMARY KEY, name text); CREATE INDEX t_name_idx ON t (name COLLATE "C");',
    ),
    Construct(
        "indexes", "`DESC`, `NULLS FIRST / LAST`", PG, MODELLED,
        "written only when not the default",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);"
        " CREATE INDEX t_a_b_idx ON t (a DESC NULLS LAST, b NULLS FIRST);",
    ),
    Construct(
        "indexes", "`INCLUDE (…)`, `NULLS NOT DISTINCT` on an index", PG, MODELLED,
        "a change builds the index again",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);"
        " CREATE UNIQUE INDEX t_a_idx ON t (a) INCLUDE (b) NULLS NOT DISTINCT;",
    ),
    Construct(
        "indexes", "partial index (`WHERE …`)", PG, MODELLED,
        "the predicate compared in its canonical spelling",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer, gone boolean);"
        " CREATE INDEX t_a_idx ON t (a) WHERE NOT gone;",
    ),
    Construct(
        "indexes", "expression keys (`lower(name)`, `(a + b)`)", PG, MODELLED,
        "compared in the canonical spelling",
        "CREATE TABLE t (id integer PRIMARY KEY, name text, a integer, b integer);"
        " CREATE INDEX t_lower_idx ON t (lower(name)); CREATE INDEX t_sum_idx ON t ((a + b));",
    ),
    Construct(
        "indexes", "index storage parameters `WITH (fillfactor = …)`, `ALTER INDEX … SET / RESET (…)`", PG, MODELLED,
        "changed alone: `ALTER INDEX … RESET / SET (…)` (catalog only: the index is not rebuilt, pages written "
        "from then on follow the new values); an index whose keys change too is built again",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer); CREATE INDEX t_a_idx ON t (a) WITH (fillfactor = 70);"
        " ALTER INDEX t_a_idx SET (fillfactor = 80);",
    ),
    Construct(
        "indexes", "`COLLATE`, `DESC`, `WHERE`, expression keys", LITE, MODELLED,
        "a change builds the index again",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, gone INTEGER);"
        " CREATE INDEX t_name_idx ON t (name COLLATE NOCASE DESC) WHERE gone = 0;"
        " CREATE INDEX t_lower_idx ON t (lower(name));",
    ),
    # --- security
    Construct(
        "security", "`ALTER TABLE … ENABLE / DISABLE / FORCE / NO FORCE ROW LEVEL SECURITY`", PG, MODELLED,
        "on the table, as the file ends with it (database: `relrowsecurity`, `relforcerowsecurity`)",
        "CREATE TABLE t (id integer PRIMARY KEY); ALTER TABLE t ENABLE ROW LEVEL SECURITY;"
        " ALTER TABLE t FORCE ROW LEVEL SECURITY;",
    ),
    Construct(
        "security", "`CREATE POLICY`, `ALTER POLICY`", PG, MODELLED,
        "on the table: name, command, `PERMISSIVE` / `RESTRICTIVE`, roles (`PUBLIC` alone when named among "
        "others, as PostgreSQL keeps it), `USING`, `WITH CHECK` in the canonical expression spelling (database: "
        "`pg_policy` with `pg_get_expr`)",
        "CREATE TABLE t (id integer PRIMARY KEY, owner text); ALTER TABLE t ENABLE ROW LEVEL SECURITY;"
        " CREATE POLICY mine ON t FOR SELECT TO PUBLIC USING (owner = current_user);"
        " ALTER POLICY mine ON t USING (owner = session_user);",
    ),
    Construct(
        "security", "a policy `TO CURRENT_USER` / `SESSION_USER` / `CURRENT_ROLE`", PG, REFUSED,
        "it names whoever runs the statement: name the role",
        "CREATE TABLE t (id integer PRIMARY KEY); CREATE POLICY p ON t TO CURRENT_USER USING (true);",
        "names whoever runs the statement: name the role",
    ),
    Construct(
        "security", "`GRANT` / `REVOKE` on tables defined in the file, and on their columns", PG, MODELLED,
        "each privilege a role holds at the end of the file (all of a table's or column's is `ALL`; a table-level "
        "`REVOKE` takes the columns' too, as PostgreSQL does), with `WITH GRANT OPTION`, and who granted it when not "
        "the owner (`GRANTED BY`, or a grant made after `SET ROLE` / `SET SESSION AUTHORIZATION`, as pg_dump writes "
        "it, until `RESET`; a table made under `SET ROLE` is that role's, its grants the owner's) (database: "
        "`aclexplode` of `relacl` and `attacl`, its `grantor`; the owner's own privileges are its owner object's)",
        "CREATE TABLE t (id integer PRIMARY KEY, a text); GRANT SELECT ON t TO PUBLIC;"
        " GRANT UPDATE (a) ON t TO PUBLIC WITH GRANT OPTION;",
    ),
    Construct(
        "security", "`GRANT` / `REVOKE` on views, materialized views and sequences, and their columns", PG, MODELLED,
        "each role's privileges on the relation at the end of the file (`ALL` when it holds every one), with "
        "their columns and `WITH GRANT OPTION` (`SELECT (a, id); INSERT WITH GRANT OPTION`), granted and revoked "
        "by the migration and given back when the relation is made again; a new or wider one is access-widening "
        "unless its relation is new over nothing that existed (database: `aclexplode` of `relacl` and `attacl`)",
        "CREATE SEQUENCE s; GRANT USAGE ON SEQUENCE s TO PUBLIC WITH GRANT OPTION;",
    ),
    Construct(
        "security",
        "`GRANT` / `REVOKE` on functions, procedures, schemas (`public` included), types and domains",
        PG, MODELLED,
        "each role's privileges at the end of the file, as for views; PUBLIC's default `EXECUTE` (functions), "
        "`USAGE` (types; the `public` schema, as PostgreSQL 15 and later make it: read from an older server, PUBLIC's default CREATE is a grant, with a warning) revoked is the grant `NONE` to "
        "`public` (`REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC`), narrowing, its return access-widening; given "
        "back when the function is made again (database: `aclexplode` of `proacl`, `nspacl`, `typacl`)",
        "CREATE FUNCTION f() RETURNS integer LANGUAGE sql AS 'SELECT 1'; REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC;",
    ),
    Construct(
        "security",
        "`GRANT` / `REVOKE` on a function or procedure named without its arguments (`ON FUNCTION f`)",
        PG, MODELLED,
        "the grant on the one function or procedure of that name defined above in the file (`f(jsonb)`), as "
        "PostgreSQL resolves it; refused at its line when the name is of several (`function name f is not "
        "unique; name its argument types`) or of none",
        "CREATE FUNCTION f(x jsonb) RETURNS integer LANGUAGE sql AS 'SELECT 1'; GRANT EXECUTE ON FUNCTION f TO PUBLIC;",
    ),
    Construct(
        "security",
        "`ALTER TABLE / VIEW / MATERIALIZED VIEW / SEQUENCE / FUNCTION / PROCEDURE / SCHEMA / TYPE / DOMAIN / "
        "COLLATION … OWNER TO`",
        PG, MODELLED,
        "the owner object `owner of table t` holding the role, for an object the file makes (an object made under "
        "`SET ROLE` is that role's; `OWNER TO CURRENT_USER` is whoever runs the file; a sequence a column owns goes "
        "with its table); what whoever runs the migration owns has none (a database names the owners other than "
        "the user it is read as, and a file compared with a database loses its `OWNER TO` that user). As "
        "PostgreSQL rewrites the ACL, what the new owner held from the owner joins its own privileges (a grant "
        "option included) and the grants it made become the owner's. Migrated by `ALTER … OWNER TO` (back: "
        "`OWNER TO CURRENT_USER`): access-widening, narrowing when the object goes back, additive on a new "
        "object (database: `relowner`, `proowner`, `nspowner`, `typowner`, `collowner`)",
        "CREATE TABLE t (id integer PRIMARY KEY); ALTER TABLE t OWNER TO alice;",
    ),
    Construct(
        "security", "`GRANT` / `REVOKE` to an object's owner (its own privileges)", PG, MODELLED,
        "what the owner holds of its object when not every privilege, with the owner (`owner of table t`: `alice "
        "holding SELECT; UPDATE WITH GRANT OPTION`; whoever runs the migration: `CURRENT_USER holding …`), as pg_dump "
        "writes it (`REVOKE ALL … FROM owner`, then the grants): the owner named, or `CURRENT_USER` for whoever runs "
        "the file (a grant to `CURRENT_USER` of an object another role owns is refused at its line). Migrated by "
        "`REVOKE ALL` and `GRANT` to the owner after its `OWNER TO`; access-widening when the owner gains a "
        "privilege (a grant option is none: an owner may grant all it holds), else narrowing (database: the "
        "owner's ACL items of `relacl`, `attacl`, `proacl`, `nspacl`, `typacl` against `acldefault`)",
        "CREATE TABLE t (id integer PRIMARY KEY); REVOKE UPDATE, DELETE ON t FROM CURRENT_USER;",
    ),
    Construct(
        "security", "`ALTER PUBLICATION / EVENT TRIGGER … OWNER TO`", PG, COMPARED,
        "stated in the compared definition (`…; owned by alice`, unless whoever runs the file or the user a "
        "database is read as; database: `pubowner`, `evtowner`): publications and event triggers are not "
        "migrated, so a different owner is refused by name with the object. The `OWNER TO` of an object the "
        "model does not hold (a text search configuration, a foreign server …) is skipped with it",
        "CREATE TABLE t (id integer PRIMARY KEY); CREATE PUBLICATION p FOR TABLE t; ALTER PUBLICATION p OWNER TO alice;",
        "not supported yet: publication p differs",
    ),
    Construct(
        "security", "`GRANTED BY CURRENT_USER` / `CURRENT_ROLE` / `SESSION_USER`", PG, MODELLED,
        "the role `SET ROLE` (or `SET SESSION AUTHORIZATION`) made current, else whoever runs the file (the "
        "owner's grant); `SESSION_USER` under `SET ROLE` is refused at its line (the file does not say whose "
        "session it is)",
        "CREATE TABLE t (id integer PRIMARY KEY); GRANT SELECT ON t TO PUBLIC GRANTED BY CURRENT_USER;",
    ),
    Construct(
        "security",
        "`GRANT` / `REVOKE` `ON ALL … IN SCHEMA`, `ON ROUTINE`",
        PG, COMPARED,
        "kept by its statement outside the model (a database lists each object's grants instead)",
        "CREATE FUNCTION f() RETURNS integer LANGUAGE sql AS 'SELECT 1'; GRANT EXECUTE ON ROUTINE f TO PUBLIC;",
        "not supported yet: grant",
    ),
    Construct(
        "security", "`ALTER DEFAULT PRIVILEGES`", PG, MODELLED,
        "one object per role (left out: whoever runs the statement, the user a database is read as; a file "
        "compared with a database loses its `FOR ROLE` that user), schema, kind of object and grantee (`in schema "
        "app on tables to reader`), holding what it grants and what it revokes from the built-in defaults "
        "(database: `pg_default_acl`, against `acldefault`); a file's tables, views, materialized views, sequences "
        "(those of `serial` and identity columns too) and functions made below it take its grants (and a function "
        "its revokes) as PostgreSQL gives them at their `CREATE`; migrated by `ALTER DEFAULT PRIVILEGES` after every "
        "other object (an object the migration makes gets the grants its schema states), undone by revoking what "
        "it gives and granting back the built-in defaults it takes; access-widening when objects made from now on "
        "give more, narrowing when less; was compared only",
        "CREATE TABLE t (id integer PRIMARY KEY); ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;",
    ),
    Construct(
        "security", "row-level security, policies, grants (a PostgreSQL schema generated for SQLite)", LITE, REFUSED,
        "SQLite has none",
        "CREATE TABLE t (id integer PRIMARY KEY); ALTER TABLE t ENABLE ROW LEVEL SECURITY;",
        "SQLite has no row-level security, policies or grants: t", written=PG,
    ),
    # --- objects
    Construct(
        "objects", "`CREATE VIEW`", PG, MODELLED,
        "created, replaced or dropped by its canonical definition (`pg_get_viewdef` in a database); dropped and "
        "created again, with the views over it and what hangs on it, when a column it reads is retyped or dropped, "
        "a function it calls is made again, or one of its columns may change type (`CREATE OR REPLACE VIEW` "
        "cannot: a column computed by another expression, or over another `FROM`)",
        "CREATE TABLE t (id integer PRIMARY KEY); CREATE VIEW v AS SELECT id FROM t;",
    ),
    Construct(
        "objects", "`CREATE MATERIALIZED VIEW`, and its indexes", PG, MODELLED,
        "created, replaced or dropped by its canonical definition, its indexes with it",
        "CREATE TABLE t (id integer PRIMARY KEY); CREATE MATERIALIZED VIEW m AS SELECT id FROM t;"
        " CREATE INDEX m_id_idx ON m (id);",
    ),
    Construct(
        "objects", "`ALTER [MATERIALIZED] VIEW … RENAME COLUMN`", PG, MODELLED,
        "the view read as the server prints it (the column aliased, or renamed in its column list), the grants on "
        "the column with it; a migration makes the view again and gives the grants back as they were",
        "CREATE TABLE t (id integer PRIMARY KEY); CREATE VIEW v AS SELECT id FROM t;"
        " ALTER VIEW v RENAME COLUMN id TO key;",
    ),
    Construct(
        "objects", "`CREATE FUNCTION`, `CREATE PROCEDURE`", PG, MODELLED,
        "created before the tables (a default, a check or an index may call it), replaced or dropped; one whose "
        "result or parameters change is dropped and made again, the checks, indexes, defaults and policies calling it "
        "dropped before and added after; an SQL-standard body (`BEGIN ATOMIC`, `RETURN`) that reads a table "
        "depends on it as a view does: made after the tables, dropped before them",
        "CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';"
        " CREATE PROCEDURE noop() LANGUAGE sql AS 'SELECT 1';",
    ),
    Construct(
        "objects", "`CREATE TRIGGER`", PG, MODELLED,
        "created, replaced or dropped; made again around a change of a column it names (`UPDATE OF`, `WHEN`) "
        "or of the function it calls",
        "CREATE TABLE t (id integer PRIMARY KEY);"
        " CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';"
        " CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();",
    ),
    Construct(
        "objects", "`ALTER TABLE … ENABLE [REPLICA | ALWAYS] / DISABLE TRIGGER name`", PG, MODELLED,
        "the trigger's state (`pg_trigger.tgenabled`), part of its definition: set after the trigger is made, "
        "changed in place (`ALTER TABLE … TRIGGER`, undone the same way)",
        "CREATE TABLE t (id integer PRIMARY KEY);"
        " CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';"
        " CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();"
        " CREATE TRIGGER t_audit AFTER UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();"
        " ALTER TABLE t DISABLE TRIGGER t_touch; ALTER TABLE t ENABLE ALWAYS TRIGGER t_audit;",
    ),
    Construct(
        "objects", "`ALTER TABLE … ENABLE / DISABLE TRIGGER ALL | USER`", PG, REFUSED,
        "name each trigger (`ALL` also switches the internal triggers of foreign keys)",
        "CREATE TABLE t (id integer PRIMARY KEY); ALTER TABLE t DISABLE TRIGGER ALL;",
        "ALTER TABLE t: disable trig all is not supported",
    ),
    Construct(
        "objects", "`ALTER TABLE … ENABLE / DISABLE RULE name`", PG, REFUSED,
        "rules are kept by definition outside the model, their state too",
        "CREATE TABLE t (id integer PRIMARY KEY); CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING;"
        " ALTER TABLE t DISABLE RULE r;",
        "ALTER TABLE t: disable rule is not supported",
    ),
    Construct(
        "objects", "`COMMENT ON`", PG, MODELLED,
        "on tables, columns, views, indexes, functions, types, constraints, triggers, policies, schemas, made "
        "again with their object; "
        "`'uid: …'` is Wesley's identity annotation, not a comment",
        "CREATE TABLE t (id integer PRIMARY KEY); COMMENT ON TABLE t IS 'people'; COMMENT ON COLUMN t.id IS 'key';",
    ),
    Construct(
        "objects", "`CREATE EXTENSION`", PG, MODELLED,
        "created before the tables; the objects it owns are part of it, not listed; who made it (its owner) is "
        "not modelled: PostgreSQL has no `ALTER EXTENSION … OWNER TO` and pg_dump records none (`Owner: -`)",
        "CREATE EXTENSION pg_trgm;",
    ),
    Construct(
        "objects", "`CREATE RULE`", PG, COMPARED,
        "kept by definition outside the model",
        "CREATE TABLE t (id integer PRIMARY KEY); CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING;",
        "not supported yet: rule r on t differs (added)",
    ),
    Construct(
        "objects", "`CREATE EVENT TRIGGER`", PG, COMPARED,
        "kept by definition outside the model",
        "CREATE FUNCTION f() RETURNS event_trigger LANGUAGE plpgsql AS 'BEGIN END';"
        " CREATE EVENT TRIGGER no_drops ON sql_drop EXECUTE FUNCTION f();",
        "not supported yet: event trigger no_drops differs (added)",
    ),
    Construct(
        "objects", "`CREATE PUBLICATION`", PG, COMPARED,
        "kept by definition outside the model",
        "CREATE PUBLICATION p FOR ALL TABLES;",
        "not supported yet: publication p differs (added)",
    ),
    Construct(
        "objects", "`CREATE VIEW`, `CREATE TRIGGER`", LITE, MODELLED,
        "compared as tokens of the stored text (case, quotes, whitespace aside); SQLite has no `OR REPLACE`: a "
        "changed one is dropped and made again",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT); CREATE VIEW v AS SELECT id FROM t;"
        " CREATE TRIGGER t_touch AFTER UPDATE ON t BEGIN UPDATE t SET at = 'now' WHERE id = NEW.id; END;",
    ),
    # --- skipped
    Construct(
        "skipped", "`SET`", PG, SKIPPED, "session settings, as `pg_dump` writes them",
        "SET statement_timeout = 0; CREATE TABLE t (id integer PRIMARY KEY);", "1 SET",
    ),
    Construct(
        "schemas", "`ALTER … SET SCHEMA`", PG, REFUSED,
        "an object moved after its `CREATE`: write it in the schema it ends in",
        "CREATE SCHEMA app; CREATE TABLE t (id integer PRIMARY KEY); ALTER TABLE t SET SCHEMA app;",
        "ALTER … SET SCHEMA is not supported yet",
    ),
    Construct(
        "skipped", "`CREATE ROLE` / `USER` / `GROUP`, `ALTER ROLE`, `DROP ROLE`", PG, SKIPPED,
        "wesley-gen does not manage roles (the cluster's, not the database's): not migrated; two files "
        "that leave a role otherwise (added, dropped, other attributes or settings) are refused, the role "
        "named (a database's or snapshot's roles are not read, so not compared)",
        "CREATE ROLE alice; CREATE TABLE t (id integer PRIMARY KEY);", "1 roles",
    ),
    Construct(
        "skipped", "`GRANT role TO role`", PG, SKIPPED,
        "role membership: not migrated; remembered (less `REVOKE`, `WITH INHERIT FALSE` and `NOINHERIT` "
        "members) to judge whether a policy moved between roles reaches fewer (`TO a` → `TO b`, b a member of a: "
        "narrowing) (database: `pg_auth_members`)",
        "GRANT alice TO bob; CREATE TABLE t (id integer PRIMARY KEY);",
        "1 grants",
    ),
    Construct(
        "types", "`DO` blocks that create a type if it is missing (`CREATE TYPE` / `CREATE DOMAIN`, alone, "
        "under `IF NOT EXISTS (…)` or with an exception handler)", PG, MODELLED,
        "the statements are read as if written at the top level: a database built from the file runs them",
        "DO $$ BEGIN CREATE TYPE mood AS ENUM ('sad', 'ok'); EXCEPTION WHEN duplicate_object THEN null; END $$;"
        " CREATE TABLE t (id integer PRIMARY KEY, m mood);",
    ),
    Construct(
        "skipped", "`DO` blocks", PG, SKIPPED, "code, not schema (create roles in one)",
        "DO $$ BEGIN NULL; END $$; CREATE TABLE t (id integer PRIMARY KEY);", "1 DO blocks",
    ),
    Construct(
        "skipped", "`INSERT`, `COPY`", PG, SKIPPED, "data",
        "CREATE TABLE t (id integer PRIMARY KEY); INSERT INTO t VALUES (1); COPY t FROM '/dev/null';", "2 data",
    ),
    Construct(
        "skipped", "`BEGIN`, `COMMIT`", PG, SKIPPED, "transaction control",
        "BEGIN; CREATE TABLE t (id integer PRIMARY KEY); COMMIT;", "2 transaction control",
    ),
    Construct(
        "skipped", "`CREATE TEMPORARY TABLE`, `CREATE TEMPORARY / UNLOGGED SEQUENCE`", PG, SKIPPED, "not schema",
        "CREATE TEMPORARY TABLE scratch (id integer); CREATE UNLOGGED SEQUENCE s;"
        " CREATE TABLE t (id integer PRIMARY KEY);",
        "1 temporary and unlogged sequences, 1 temporary tables",
    ),
    Construct(
        "skipped", "`CREATE STATISTICS`, `ALTER COLUMN … SET STATISTICS`", PG, SKIPPED, "planner statistics",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer); ALTER TABLE t ALTER COLUMN a SET STATISTICS 500;"
        " CREATE STATISTICS t_ab ON a, b FROM t;",
        "2 statistics",
    ),
    Construct(
        "skipped", "`ALTER COLUMN … SET STORAGE`, `SET (n_distinct = …)`, `CLUSTER ON`", PG, SKIPPED,
        "storage settings",
        "CREATE TABLE t (id integer PRIMARY KEY, a text); ALTER TABLE t ALTER COLUMN a SET STORAGE EXTERNAL;"
        " ALTER TABLE t ALTER COLUMN a SET (n_distinct = 100); ALTER TABLE t CLUSTER ON t_pkey;",
        "3 storage settings",
    ),
    Construct(
        "skipped", "`REPLICA IDENTITY`", PG, SKIPPED, "replication settings",
        "CREATE TABLE t (id integer PRIMARY KEY); ALTER TABLE t REPLICA IDENTITY FULL;", "1 replication settings",
    ),
    Construct(
        "skipped", "`CREATE AGGREGATE`, `CREATE OPERATOR`, base types", PG, SKIPPED, "outside the model",
        "CREATE AGGREGATE total (integer) (sfunc = int4pl, stype = integer);"
        " CREATE OPERATOR === (leftarg = integer, rightarg = integer, function = int4eq);"
        " CREATE TABLE t (id integer PRIMARY KEY);",
        "2 other statements",
    ),
    Construct(
        "skipped", "`DROP … IF EXISTS` of an object not defined above", PG, SKIPPED,
        "a script clearing the way before it creates the object: nothing to drop",
        "DROP TABLE IF EXISTS t; DROP POLICY IF EXISTS p ON t; CREATE TABLE t (id integer PRIMARY KEY);",
        "2 drops of objects not defined above",
    ),
    Construct(
        "tables", "`DROP` of an object defined above (table, view, index, sequence, type, function, trigger, "
        "policy, schema)", PG, REFUSED,
        "a schema file describes the end state: leave out both the object and its `DROP`",
        "CREATE TABLE t (id integer PRIMARY KEY); CREATE TABLE old (id integer); DROP TABLE old;",
        "DROP TABLE old drops a table defined above this statement: not supported",
    ),
    Construct(
        "skipped", "`DROP … IF EXISTS` of an object not defined above", LITE, SKIPPED,
        "a script clearing the way before it creates the object (Chinook's `DROP TABLE IF EXISTS [Album]`)",
        "DROP TABLE IF EXISTS t; DROP INDEX IF EXISTS t_a; CREATE TABLE t (id INTEGER PRIMARY KEY);",
        "2 drops of objects not defined above",
    ),
    Construct(
        "tables", "`DROP` of a table, index, view or trigger defined above", LITE, REFUSED,
        "a schema file describes the end state: leave out both the object and its `DROP`",
        "CREATE TABLE t (id INTEGER PRIMARY KEY); CREATE INDEX t_id ON t (id); DROP INDEX t_id;",
        "DROP INDEX t_id drops an index defined above this statement: not supported",
    ),
    Construct(
        "skipped", "`PRAGMA`", LITE, SKIPPED, "connection settings",
        "PRAGMA foreign_keys = ON; CREATE TABLE t (id INTEGER PRIMARY KEY);", "1 pragmas",
    ),
    Construct(
        "skipped", "`INSERT`, `UPDATE`, `DELETE`", LITE, SKIPPED, "data",
        "CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);", "1 data",
    ),
    Construct(
        "objects", "`CREATE VIRTUAL TABLE`", LITE, COMPARED,
        "kept by definition outside the model (its shadow tables are its own, not tables of the schema)",
        "CREATE VIRTUAL TABLE docs USING fts5(body); CREATE TABLE t (id INTEGER PRIMARY KEY);",
        "not supported yet: virtual table docs differs (added)",
    ),
    # --- sqlite
    Construct(
        "sqlite", "`STRICT`, `WITHOUT ROWID` (either order)", LITE, MODELLED,
        "table options; changing them rebuilds the table",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT) STRICT; CREATE TABLE u (k TEXT PRIMARY KEY) WITHOUT ROWID, STRICT;",
    ),
    Construct(
        "sqlite", "a column with no declared type; `ANY` (in a `STRICT` table)", LITE, MODELLED,
        "`ANY` read through a stand-in of the same length, which sqlglot accepts",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a, b ANY) STRICT;",
    ),
    Construct(
        "sqlite", "the declared type as written (`DATETIME`, `DECIMAL(10,2)`, `INT`)", LITE, MODELLED,
        "kept where it is not how wesley-gen writes the type, so affinity and the rowid rule stay "
        "(`INT PRIMARY KEY` is no rowid alias); a respelling rebuilds the table",
        "CREATE TABLE t (id INT PRIMARY KEY, at DATETIME, price DECIMAL(10,2));",
    ),
    Construct(
        "sqlite", "a type name that is no type of its own (`STRING`, `BYTES`, `UNSIGNED BIG INT`, "
        "`VARYING CHARACTER(255)`)", LITE, MODELLED,
        "read as the type of its affinity (SQLite's rules: `INT` → integer, `CHAR`/`CLOB`/`TEXT` → text, "
        "`BLOB` → bytea, `REAL`/`FLOA`/`DOUB` → real, else numeric), the declared type kept as written; "
        "a name of several words on one line (over a line break it is taken for a comma left out)",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a STRING, b UNSIGNED BIG INT, c VARYING CHARACTER(255));",
    ),
    Construct(
        "sqlite", "names in mixed case (`CREATE TABLE Notes (ID …)`, `ix_Notes_usn`)", LITE, MODELLED,
        "kept as written, quoted or not (as `sqlite_schema` keeps them), and matched without regard to the case "
        "of ASCII letters, as SQLite matches them: a reference written in another case means the object declared "
        "(a `REFERENCES` clause's own spelling is kept, as SQLite keeps it); a table or column whose name changes "
        "only in case is the same one, renamed (`ALTER TABLE … RENAME`, a table through a passing name, which "
        "SQLite needs), never dropped; an index so renamed is dropped, then made again",
        "CREATE TABLE Notes (ID INTEGER PRIMARY KEY, Usn INTEGER); CREATE INDEX ix_Notes_usn ON notes (usn);",
    ),
    Construct(
        "sqlite", "a primary-key column without `NOT NULL`", LITE, MODELLED,
        "nullable as declared (SQLite lets NULL into it); NOT NULL where declared, in a `WITHOUT ROWID` table, and "
        "in a `STRICT` one unless it is the rowid; generating for PostgreSQL makes key columns NOT NULL",
        "CREATE TABLE t (code TEXT PRIMARY KEY, name TEXT);",
    ),
    Construct(
        "sqlite", "`COLLATE NOCASE / RTRIM / BINARY` on a column", LITE, MODELLED,
        "a change rebuilds the table; dropped when a SQLite file is planned for PostgreSQL",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT COLLATE NOCASE);",
    ),
    Construct(
        "sqlite", "`GENERATED ALWAYS AS (…) VIRTUAL` / `STORED`", LITE, MODELLED,
        "a changed expression or kind, a generated column made plain or a plain one made generated rebuilds the "
        "table (the rebuild copies the values a column made plain had)",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER AS (a * 2), c INTEGER AS (a * 3) STORED);",
    ),
    Construct(
        "sqlite", "`INTEGER PRIMARY KEY AUTOINCREMENT`", LITE, MODELLED,
        "on the column (read from the stored DDL of a database); added or dropped by a rebuild; every rebuild carries its `sqlite_sequence` counter over, so a rowid is "
        "never used again; dropped when a SQLite file is planned for PostgreSQL",
        "CREATE TABLE log (id INTEGER PRIMARY KEY AUTOINCREMENT, msg TEXT);",
    ),
    Construct(
        "sqlite", "`AUTOINCREMENT` off a rowid table's `INTEGER PRIMARY KEY`", LITE, REFUSED,
        "SQLite refuses it",
        "CREATE TABLE log (id INT PRIMARY KEY AUTOINCREMENT, msg TEXT);",
        "AUTOINCREMENT on log.id: SQLite allows it only on the INTEGER PRIMARY KEY of a rowid table",
    ),
    Construct(
        "sqlite", "`BOOLEAN DEFAULT 1`, `BLOB DEFAULT x'00ff'`", LITE, MODELLED,
        "as written",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, on_ BOOLEAN DEFAULT 1, b BLOB DEFAULT x'00ff');",
    ),
    Construct(
        "sqlite", "`gen_random_uuid()` as a default", LITE, MODELLED,
        "written as a random version-4 uuid expression SQLite evaluates, read back as `gen_random_uuid()`",
        "CREATE TABLE t (id TEXT PRIMARY KEY DEFAULT (gen_random_uuid()));",
    ),
    Construct(
        "sqlite", "a default SQLite cannot evaluate (`md5(…)`, any PostgreSQL-only function)", LITE, REFUSED,
        "every insert relying on it would fail",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, h TEXT DEFAULT (md5('x')));",
        "SQLite cannot evaluate the default of t.h",
    ),
    Construct(
        "sqlite", "`CREATE TABLE … AS SELECT`", LITE, REFUSED,
        "write the table's columns",
        "CREATE TABLE t (id INTEGER PRIMARY KEY); CREATE TABLE u AS SELECT id FROM t;",
        "CREATE TABLE … AS SELECT is not supported",
    ),
    Construct(
        "sqlite", "`ALTER TABLE` other than `ADD COLUMN`", LITE, REFUSED,
        "a schema file describes the end state: write the table as it should be",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT); ALTER TABLE t DROP COLUMN a;",
        "ALTER TABLE t: only ADD COLUMN is read",
    ),
)  # fmt: skip

_DIALECTS = {PG: "PostgreSQL", LITE: "SQLite"}


def markdown(group: str) -> str:
    """The rows of ``group`` as docs/inputs.md lists them: one table, in the order above."""
    lines = ["| construct | dialect | status |", "|---|---|---|"]
    for row in CONSTRUCTS:
        if row.group == group:
            lines.append(f"| {row.construct} | {_DIALECTS[row.dialect]} | {row.status}: {row.reason} |")
    return "\n".join(lines) + "\n"


def rewrite(document: str) -> str:
    """``document`` (docs/inputs.md) with each group's table between the group's markers;
    a group without its markers is a :class:`ValueError`."""
    for group in GROUPS:
        start_marker, end_marker = markers(group)
        if start_marker not in document or end_marker not in document:
            raise ValueError(f"docs/inputs.md has no table of constructs for {group!r}: add {start_marker}")
        start = document.index(start_marker) + len(start_marker)
        end = document.index(end_marker, start)
        document = document[:start] + "\n" + markdown(group) + document[end:]
    return document
