"""Live databases → :class:`~wesley_gen.model.Schema`, equal to what their DDL would load to.

SQLite is read through its table-valued pragma functions joined with
``sqlite_master``: one query per kind of fact for the whole database, never one
per table, so a thousand tables cost a handful of round trips.  What the pragmas
do not tell (check constraints, constraint names, generation expressions, index
predicates and key expressions) is read from the ``CREATE`` statements SQLite
stores, with the SQLite DDL loader, and only for the tables that need it.

PostgreSQL is read from ``pg_catalog`` with psycopg: one set-based query each for
columns, constraints, indexes and enums of every schema but the system's (only one when
the URL says ``?schema=name``; objects of a schema other than ``public`` are named
``schema.table``).

Both apply the model's conventions (default constraint names, lower-case foreign
key actions, normalised types and expressions), skip wesley-gen's own history
table, and end with the shared validation.  A database that cannot be reached is
a :class:`~wesley_gen.errors.DatabaseError` (exit 3) with the password redacted.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from wesley_gen.database_url import DatabaseUrl
from wesley_gen.errors import DatabaseError, InputError, Location, WesleyGenError, redact
from wesley_gen.expressions import (
    CATALOG_SETTINGS,
    ExpressionError,
    keep_spelling,
    normalize_default,
    normalize_expression,
)
from wesley_gen.identifiers import (
    HISTORY_TABLE,
    IndexKey,
    dotted_name_reason,
    in_schema,
    sqlite_folded,
    sqlite_spelling,
)
from wesley_gen.load.loaded import Loaded
from wesley_gen.load.sqlite_ddl import table_options
from wesley_gen.model import (
    MAINTAIN_SINCE,
    Attribute,
    CheckConstraint,
    Column,
    ColumnType,
    Composite,
    Domain,
    Enum,
    Exclusion,
    ForeignKey,
    Grant,
    Identity,
    Index,
    OtherObject,
    Policy,
    PrimaryKey,
    Range,
    Schema,
    SequenceOptions,
    Table,
    UniqueConstraint,
    UserType,
    declared_spelling,
    foreign_key_name,
    grants_of,
    implied_sequences,
    parse_type,
    primary_key_name,
    schema_with_types,
    sqlite_column_type,
    stated_not_null_name,
    unique_name,
)
from wesley_gen.model import Sequence as SequenceDef
from wesley_gen.validate import validate

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT_SECONDS = 5


# --- shared ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    """A table being assembled from several catalog queries."""

    name: str
    columns: list[Column] = field(default_factory=list)
    primary_key: PrimaryKey | None = None
    uniques: list[UniqueConstraint] = field(default_factory=list)
    checks: list[CheckConstraint] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
    keys_not_null: bool = True  # PostgreSQL's key columns are NOT NULL; SQLite's as declared
    options: tuple[str, ...] = ()  # SQLite's STRICT and WITHOUT ROWID
    unlogged: bool = False  # PostgreSQL's UNLOGGED
    storage: tuple[str, ...] = ()  # PostgreSQL's storage parameters
    row_security: bool = False
    force_row_security: bool = False
    policies: list[Policy] = field(default_factory=list)
    grants: tuple[Grant, ...] = ()
    partition_by: str | None = None  # PostgreSQL's partitioning and inheritance (see Table)
    partition_of: str | None = None
    partition_bound: str | None = None
    inherits: tuple[str, ...] = ()

    def build(self) -> Table:
        key = set(self.primary_key.columns) if self.primary_key and self.keys_not_null else set()
        return Table(
            self.name,
            tuple(replace(c, nullable=False) if c.name in key and c.nullable else c for c in self.columns),
            self.primary_key,
            tuple(self.uniques),
            tuple(self.checks),
            tuple(self.foreign_keys),
            tuple(self.indexes),
            exclusions=tuple(self.exclusions),
            options=self.options,
            unlogged=self.unlogged,
            storage=self.storage,
            row_security=self.row_security,
            force_row_security=self.force_row_security,
            policies=tuple(self.policies),
            grants=self.grants,
            partition_by=self.partition_by,
            partition_of=self.partition_of,
            partition_bound=self.partition_bound,
            inherits=self.inherits,
        )


class _Reader:
    """Turns catalog text (types, defaults, expressions) into model values, blaming ``source``."""

    def __init__(self, source: str, dialect: str) -> None:
        self.source = source
        self.dialect = dialect

    def error(self, reason: str) -> InputError:
        return InputError(reason, location=Location(self.source))

    def type(self, text: str, table: str, column: str) -> ColumnType:
        try:
            return sqlite_column_type(text) if self.dialect == "sqlite" else _parse_type(text)
        except ValueError:
            raise self.error(f"cannot read the type {text!r} of column {table}.{column}") from None

    def default(self, text: str | None, table: str, column: str) -> str | None:
        try:
            canonical = normalize_default(text, self.dialect, stored=True)
        except ExpressionError as error:
            raise self.error(f"cannot read the default of {table}.{column}: {error}") from None
        return self.spelled(canonical, text)

    def expression(self, text: str, where: str) -> str:
        try:
            canonical = normalize_expression(text, self.dialect)
        except ExpressionError as error:
            raise self.error(f"cannot read {where}: {error}") from None
        return self.spelled(canonical, text) or canonical

    def spelled(self, canonical: str | None, text: str | None) -> str | None:
        """PostgreSQL's catalog text kept with the canonical one, to write DDL with."""
        if self.dialect != "postgres" or text is None:
            return canonical
        return keep_spelling(canonical, text)


@lru_cache(maxsize=1024)
def _parse_type(text: str) -> ColumnType:
    """``parse_type`` with a cache: a big schema spells the same few types thousands of times."""
    return parse_type(text)


def _finish(
    tables: Iterable[_Draft],
    enums: Iterable[Enum],
    source: str,
    warnings: Sequence[str],
    schemas: tuple[str, ...] = (),
    others: Iterable[OtherObject] = (),
    user_types: Iterable[UserType] = (),
    dialect: str | None = None,
    sequences: Iterable[SequenceDef] = (),
) -> Loaded:
    """The schema, validated (by ``dialect``'s rules where given: SQLite's defaults)."""
    built = tuple(t.build() for t in tables)
    listed = tuple(sequences)
    implied = implied_sequences(built, listed)
    schema = replace(
        schema_with_types(built, enums, user_types),
        schemas=schemas,
        others=tuple(others),
        sequences=tuple(s for s in listed if s.name not in implied),
    )
    validate(schema, source, dialect=dialect)
    return Loaded(schema, source, tuple(warnings))


# --- SQLite ---------------------------------------------------------------------------

# Our tables: not SQLite's own, not wesley-gen's history (the parameter); shadow tables
# are left out later.  The pragma joins also leave out virtual tables, whose columns are
# the module's business.
_SQLITE_TABLES = r"""
    SELECT m.name, m.sql FROM sqlite_master AS m
    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name <> ?
    ORDER BY m.name
"""
_SQLITE_COLUMNS = r"""
    SELECT m.name, c.cid, c.name, c.type, c."notnull", c.dflt_value, c.pk, c.hidden
    FROM sqlite_master AS m, pragma_table_xinfo(m.name) AS c
    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name <> ?
      AND m.sql NOT LIKE 'CREATE VIRTUAL %'
    ORDER BY m.name, c.cid
"""
_SQLITE_INDEXES = r"""
    SELECT m.name, l.name, l."unique", l.origin, l.partial, x.cid, x."desc", x.coll
    FROM sqlite_master AS m, pragma_index_list(m.name) AS l, pragma_index_xinfo(l.name) AS x
    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name <> ?
      AND m.sql NOT LIKE 'CREATE VIRTUAL %' AND x.key = 1
    ORDER BY m.name, l.name, x.seqno
"""
_SQLITE_FOREIGN_KEYS = r"""
    SELECT m.name, f.id, f."table", f."from", f."to", f.on_update, f.on_delete
    FROM sqlite_master AS m, pragma_foreign_key_list(m.name) AS f
    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name <> ?
      AND m.sql NOT LIKE 'CREATE VIRTUAL %'
    ORDER BY m.name, f.id, f.seq
"""
_SQLITE_INDEX_SQL = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
# Facts only the stored CREATE TABLE text holds; a table mentioning none skips the parse.
_NEEDS_DDL = re.compile(r"\b(?:CHECK|CONSTRAINT|COLLATE|DEFERRABLE|AUTOINCREMENT)\b", re.I)
_GENERATED_HIDDEN = (2, 3)  # pragma_table_xinfo.hidden: virtual / stored generated column
_EXPRESSION_KEY = -2  # pragma_index_xinfo.cid of an expression key


@dataclass(slots=True)
class _SqliteTable:
    """What the pragmas say about one table, before names are settled."""

    draft: _Draft
    sql: str
    by_cid: dict[int, str] = field(default_factory=dict)
    primary_key: list[tuple[int, str]] = field(default_factory=list)
    needs_ddl: bool = False
    incomplete_indexes: set[str] = field(default_factory=set)  # model names
    index_sql: list[str] = field(default_factory=list)


def introspect(url: DatabaseUrl) -> Loaded:
    """Read the schema of the live database at ``url``; reading never changes or creates one."""
    return _introspect_sqlite(url) if url.is_sqlite else _introspect_postgres(url)


def _introspect_sqlite(url: DatabaseUrl) -> Loaded:
    conn = _connect_sqlite(url)
    try:
        return _SqliteIntrospection(url.text, conn).run()
    except sqlite3.Error as error:
        raise DatabaseError(f"cannot read the database: {error}", location=Location(url.text)) from None
    finally:
        conn.close()


def _connect_sqlite(url: DatabaseUrl) -> sqlite3.Connection:
    try:
        return sqlite3.connect(url.sqlite_uri("ro"), uri=True)
    except sqlite3.Error as error:
        raise DatabaseError(
            f"database could not be reached: {error}",
            location=Location(url.text),
            hint="check the path: reading a database never creates one",
        ) from None


class _SqliteIntrospection:
    def __init__(self, url: str, conn: sqlite3.Connection) -> None:
        self.url = url
        self.conn = conn
        self.reader = _Reader(url, "sqlite")
        self.tables: dict[str, _SqliteTable] = {}  # by SQLite's own name
        self.folded: dict[str, _SqliteTable] = {}  # by sqlite_folded name, as SQLite resolves names
        self.index_sql: dict[str, str] = {}  # CREATE INDEX statements by index name
        self.warnings: list[str] = []

    def query(self, sql: str) -> list[Any]:
        """Rows of a pragma join that belong to one of our tables (first column: its name)."""
        return [row for row in self.conn.execute(sql, (HISTORY_TABLE,)) if row[0] in self.tables]

    def run(self) -> Loaded:
        found = self.conn.execute(_SQLITE_TABLES, (HISTORY_TABLE,)).fetchall()
        # A virtual table is an object of its own (load/opaque.py); its shadow tables are its.
        virtual = tuple(name for name, sql in found if sql.upper().startswith("CREATE VIRTUAL"))
        shadow_prefixes = tuple(f"{name}_" for name in virtual)
        for name, sql in found:
            if name in virtual or name.startswith(shadow_prefixes):
                continue
            draft = _Draft(
                name, keys_not_null=False, options=table_options(sql)
            )  # SQLite keeps names as written
            table = _SqliteTable(draft, sql, needs_ddl=bool(_NEEDS_DDL.search(sql)))
            self.tables[name] = self.folded[sqlite_folded(name)] = table
        self.index_sql = dict(self.conn.execute(_SQLITE_INDEX_SQL).fetchall())
        self.read_columns()
        self.read_indexes()
        self.read_foreign_keys()
        self.complete_from_ddl([t for t in self.tables.values() if t.needs_ddl])
        from wesley_gen.load.opaque import sqlite_objects

        others = sqlite_objects(self.conn)
        drafts = (t.draft for t in self.tables.values())
        return _finish(drafts, (), self.url, self.warnings, others=others, dialect="sqlite")

    def read_columns(self) -> None:
        for table_name, cid, column_name, type_text, not_null, default, pk, hidden in self.query(
            _SQLITE_COLUMNS
        ):
            table = self.tables[table_name]
            draft = table.draft
            table.by_cid[cid] = column_name
            if pk:
                table.primary_key.append((pk, column_name))
            if hidden in _GENERATED_HIDDEN:
                table.needs_ddl = True  # the generation expression is only in the DDL
            column_type = self.reader.type(type_text, draft.name, column_name)
            draft.columns.append(
                Column(
                    column_name,
                    column_type,
                    not not_null,
                    self.reader.default(default, draft.name, column_name),
                    declared=declared_spelling(type_text, column_type),
                    virtual=hidden == _GENERATED_HIDDEN[0],
                )
            )
        for table in self.tables.values():
            if table.primary_key:
                columns = tuple(name for _, name in sorted(table.primary_key))
                table.draft.primary_key = PrimaryKey(primary_key_name(table.draft.name), columns)

    def read_indexes(self) -> None:
        names: dict[tuple[str, str], list[str]] = defaultdict(list)
        keys: dict[tuple[str, str], list[str]] = defaultdict(list)
        facts: dict[tuple[str, str], tuple[bool, str, bool]] = {}
        for table_name, index, unique, origin, partial, cid, desc, collation in self.query(_SQLITE_INDEXES):
            # An expression, a predicate or a collation: the DDL has them (and the column's collation)
            incomplete = bool(partial) or cid == _EXPRESSION_KEY or collation.upper() != "BINARY"
            # one such key makes the whole index the DDL's to read, whichever key comes last
            earlier = facts.get((table_name, index))
            facts[table_name, index] = (
                bool(unique),
                origin,
                incomplete or (earlier is not None and earlier[2]),
            )
            name = self.tables[table_name].by_cid.get(cid, "")
            names[table_name, index].append(name)
            if not incomplete:
                keys[table_name, index].append(str(IndexKey(column=name, descending=bool(desc))))
        for (table_name, index), (unique, origin, incomplete) in facts.items():
            table = self.tables[table_name]
            columns = tuple(keys[table_name, index])
            if origin == "u":
                unique_columns = tuple(names[table_name, index])
                table.draft.uniques.append(
                    UniqueConstraint(unique_name(table.draft.name, unique_columns), unique_columns)
                )
            if origin != "c":
                continue  # a unique constraint's or the primary key's own index
            sql = self.index_sql.get(index, "")
            table.index_sql.append(sql)
            name = index
            if incomplete:
                table.needs_ddl = True
                table.incomplete_indexes.add(name)
            else:
                table.draft.indexes.append(Index(name, columns, unique=unique))

    def read_foreign_keys(self) -> None:
        grouped: dict[tuple[str, int], list[tuple[str, str, str | None, str, str]]] = defaultdict(list)
        for table_name, fk_id, ref, source, target, on_update, on_delete in self.query(_SQLITE_FOREIGN_KEYS):
            grouped[table_name, fk_id].append((ref, source, target, on_update, on_delete))
        for (table_name, _), parts in sorted(grouped.items()):
            table = self.tables[table_name]
            ref, _, _, on_update, on_delete = parts[0]
            referenced = self.folded.get(sqlite_folded(ref))
            columns = tuple(self.column_name(table.draft, source) for _, source, _, _, _ in parts)
            targets = [target for _, _, target, _, _ in parts]
            ref_table = referenced.draft.name if referenced else ref
            ref_columns = self.ref_columns(referenced, targets)
            # the clause as SQLite keeps it, spelled as written (see ForeignKey.written_as)
            written = (ref, *(t for t in targets if t is not None))
            declared = (ref_table, *(ref_columns if any(targets) else ()))
            table.draft.foreign_keys.append(
                ForeignKey(
                    foreign_key_name(table.draft.name, columns),
                    columns,
                    ref_table,
                    ref_columns,
                    on_delete=on_delete.lower(),
                    on_update=on_update.lower(),
                    written_as=written if written != declared else (),
                )
            )

    @staticmethod
    def column_name(draft: _Draft, name: str) -> str:
        """A column named as SQLite resolves it: without regard to case."""
        return sqlite_spelling(name, (c.name for c in draft.columns))

    def ref_columns(self, referenced: _SqliteTable | None, targets: list[str | None]) -> tuple[str, ...]:
        """Referenced columns; ``REFERENCES t`` without columns means t's primary key."""
        if referenced is None:
            return tuple(t or "" for t in targets)
        if all(t is None for t in targets):
            pk = referenced.draft.primary_key
            return pk.columns if pk else ()
        return tuple(self.column_name(referenced.draft, t or "") for t in targets)

    def complete_from_ddl(self, tables: list[_SqliteTable]) -> None:
        """Take what only the stored DDL holds from the SQLite DDL loader's reading of it."""
        if not tables:
            return
        parsed = _parse_sqlite_ddl(self.ddl_script(tables), self.url)
        for table in tables:
            written = parsed.table(table.draft.name)
            if written is None:
                raise self.reader.error(f"the stored definition of table {table.draft.name!r} did not load")
            _merge(table, written)

    def ddl_script(self, tables: list[_SqliteTable]) -> str:
        """The CREATE statements of ``tables``, their indexes, and every table their keys reach."""
        wanted = {t.draft.name for t in tables}
        pending = list(wanted)
        by_model = {t.draft.name: t for t in self.tables.values()}
        while pending:
            for fk in by_model[pending.pop()].draft.foreign_keys:
                if fk.ref_table in by_model and fk.ref_table not in wanted:
                    wanted.add(fk.ref_table)
                    pending.append(fk.ref_table)
        statements = [t.sql for t in self.tables.values() if t.draft.name in wanted]
        statements += [sql for t in tables for sql in t.index_sql]
        # The terminator on a line of its own: a stored statement may end in a line comment.
        return "".join(f"{statement}\n;\n" for statement in statements)


def _parse_sqlite_ddl(script: str, url: str) -> Schema:
    from wesley_gen.load.sql import load_sql

    try:
        return load_sql(script, url, dialect="sqlite").schema
    except WesleyGenError as error:
        raise InputError(error.reason, location=Location(url)) from None


def _merge(table: _SqliteTable, written: Table) -> None:
    """Checks, constraint names, generation expressions, collations, AUTOINCREMENT, foreign
    keys' timing (DEFERRABLE) and incomplete indexes from the DDL."""
    draft = table.draft
    draft.checks = list(written.checks)
    if draft.primary_key is not None and written.primary_key is not None:
        draft.primary_key = replace(draft.primary_key, name=written.primary_key.name)
    draft.uniques = _renamed(draft.uniques, written.uniques, lambda u: u.columns)
    draft.foreign_keys = _renamed(draft.foreign_keys, written.foreign_keys, lambda f: f.columns)
    timing = {f.columns: (f.deferrable, f.initially_deferred) for f in written.foreign_keys}
    draft.foreign_keys = [
        replace(f, deferrable=timing[f.columns][0], initially_deferred=timing[f.columns][1])
        if f.columns in timing
        else f
        for f in draft.foreign_keys
    ]
    generated = {c.name: c.generated for c in written.columns if c.generated is not None}
    collations = {c.name: c.collation for c in written.columns}
    draft.columns = [
        replace(c, generated=generated[c.name], default=None) if c.name in generated else c
        for c in draft.columns
    ]
    counted = {c.name for c in written.columns if c.autoincrement}
    draft.columns = [
        replace(c, collation=collations.get(c.name), autoincrement=c.name in counted) for c in draft.columns
    ]
    draft.indexes += [i for i in written.indexes if i.name in table.incomplete_indexes]


_Named = TypeVar("_Named", UniqueConstraint, ForeignKey)


def _renamed(
    found: list[_Named], written: Iterable[_Named], key: Callable[[_Named], tuple[str, ...]]
) -> list[_Named]:
    """``found`` constraints carrying the names the DDL gave to constraints on the same columns."""
    names = {key(item): item.name for item in written}
    return [replace(item, name=names.get(key(item), item.name)) for item in found]


# --- PostgreSQL -----------------------------------------------------------------------

# Catalog functions print names relative to search_path: with only ``public`` on it,
# ``nextval('users_id_seq'::regclass)`` reads as the DDL loaders write it, and
# objects of any other schema come out qualified, as the model names them.
_PG_SEARCH_PATH = "SELECT set_config('search_path', 'public', true)"
# Every schema but PostgreSQL's own (pg_catalog, pg_toast, pg_temp_N…: names starting with
# pg_ are reserved to the system) and information_schema; only one when ``?schema=`` names it.
_PG_SCHEMAS = r"""
    SELECT oid, nspname FROM pg_namespace
    WHERE nspname NOT LIKE 'pg\_%%' AND nspname <> 'information_schema'
      AND (%(schema)s::name IS NULL OR nspname = %(schema)s::name)
"""
# The first schema, relation, type or function read whose name has a dot in it (refused).
_PG_DOTTED_NAMES = """
    SELECT kind, name FROM (
        SELECT 'schema', nspname FROM pg_namespace WHERE oid = ANY(%(oids)s)
        UNION ALL
        SELECT 'relation', relname FROM pg_class WHERE relnamespace = ANY(%(oids)s) AND relkind <> 'i'
        UNION ALL
        SELECT 'type', typname FROM pg_type WHERE typnamespace = ANY(%(oids)s) AND typtype <> 'b'
        UNION ALL
        SELECT 'function', proname FROM pg_proc WHERE pronamespace = ANY(%(oids)s)
    ) AS named (kind, name)
    WHERE strpos(name, '.') > 0
    ORDER BY kind, name
    LIMIT 1
"""
_PG_ENUMS = """
    SELECT t.oid, n.nspname, t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
    FROM pg_type AS t
    JOIN pg_namespace AS n ON n.oid = t.typnamespace
    JOIN pg_enum AS e ON e.enumtypid = t.oid
    GROUP BY t.oid, n.nspname, t.typname
"""
_PG_DOMAINS = """
    SELECT t.typnamespace, t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,
           ARRAY(SELECT con.conname::text FROM pg_constraint AS con
                 WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname),
           ARRAY(SELECT pg_get_expr(con.conbin, 0) FROM pg_constraint AS con
                 WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname)
    FROM pg_type AS t
    WHERE t.typtype = 'd' AND t.typnamespace = ANY(%(oids)s::oid[])
"""
_PG_COMPOSITES = """
    SELECT t.typnamespace, t.typname, a.attname, format_type(a.atttypid, a.atttypmod)
    FROM pg_type AS t
    JOIN pg_class AS c ON c.oid = t.typrelid AND c.relkind = 'c'
    JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE t.typtype = 'c' AND t.typnamespace = ANY(%(oids)s::oid[])
    ORDER BY t.typnamespace, t.typname, a.attnum
"""
# A range type in pg_dump's form: the operator class only where not the subtype's default, the
# collation only where not the subtype's, each name without pg_catalog or public.
_PG_RANGES = """
    SELECT t.typnamespace, t.typname, format_type(r.rngsubtype, NULL), mn.nspname, m.typname,
           CASE WHEN NOT oc.opcdefault THEN
                CASE WHEN ocn.nspname IN ('pg_catalog', 'public') THEN oc.opcname::text
                     ELSE ocn.nspname || '.' || oc.opcname END END,
           CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation THEN
                CASE WHEN cn.nspname IN ('pg_catalog', 'public') THEN co.collname::text
                     ELSE cn.nspname || '.' || co.collname END END,
           CASE WHEN cp.oid IS NOT NULL THEN
                CASE WHEN cpn.nspname IN ('pg_catalog', 'public') THEN cp.proname::text
                     ELSE cpn.nspname || '.' || cp.proname END END,
           CASE WHEN dp.oid IS NOT NULL THEN
                CASE WHEN dpn.nspname IN ('pg_catalog', 'public') THEN dp.proname::text
                     ELSE dpn.nspname || '.' || dp.proname END END
    FROM pg_range AS r
    JOIN pg_type AS t ON t.oid = r.rngtypid
    JOIN pg_type AS st ON st.oid = r.rngsubtype
    JOIN pg_type AS m ON m.oid = r.rngmultitypid
    JOIN pg_namespace AS mn ON mn.oid = m.typnamespace
    JOIN pg_opclass AS oc ON oc.oid = r.rngsubopc
    JOIN pg_namespace AS ocn ON ocn.oid = oc.opcnamespace
    LEFT JOIN pg_collation AS co ON co.oid = r.rngcollation
    LEFT JOIN pg_namespace AS cn ON cn.oid = co.collnamespace
    LEFT JOIN pg_proc AS cp ON cp.oid = r.rngcanonical
    LEFT JOIN pg_namespace AS cpn ON cpn.oid = cp.pronamespace
    LEFT JOIN pg_proc AS dp ON dp.oid = r.rngsubdiff
    LEFT JOIN pg_namespace AS dpn ON dpn.oid = dp.pronamespace
    WHERE t.typnamespace = ANY(%(oids)s::oid[])
"""
_PG_COLUMNS = """
    SELECT c.relnamespace, c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
           CASE WHEN t.typtype = 'e' THEN t.oid WHEN et.typtype = 'e' THEN et.oid END,
           et.oid IS NOT NULL, a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attgenerated,
           a.attidentity, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
           -- the column's collation where it is not its type's: named as the schema file names it
           CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN
                CASE WHEN cn.nspname IN ('pg_catalog', 'public') THEN co.collname::text
                     ELSE cn.nspname || '.' || co.collname END END,
           -- PostgreSQL 18's NOT NULL constraint (none on older servers): its name, NOT VALID, NO INHERIT
           nn.conname, NOT nn.convalidated, nn.connoinherit
    FROM pg_class AS c
    LEFT JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_constraint AS nn ON nn.conrelid = c.oid AND nn.contype = 'n' AND nn.conkey[1] = a.attnum
    LEFT JOIN pg_type AS t ON t.oid = a.atttypid
    LEFT JOIN pg_type AS et ON et.oid = t.typelem AND t.typcategory = 'A'
    LEFT JOIN pg_attrdef AS d ON d.adrelid = c.oid AND d.adnum = a.attnum
    LEFT JOIN pg_collation AS co ON co.oid = a.attcollation
    LEFT JOIN pg_namespace AS cn ON cn.oid = co.collnamespace
    -- an identity column's sequence: internal to the column
    LEFT JOIN LATERAL (SELECT s.* FROM pg_depend AS dep JOIN pg_sequence AS s ON s.seqrelid = dep.objid
                       WHERE dep.classid = 'pg_class'::regclass AND dep.refobjid = c.oid
                         AND dep.refobjsubid = a.attnum AND dep.deptype = 'i') AS s ON a.attidentity <> ''
    WHERE c.relnamespace = ANY(%(oids)s::oid[]) AND c.relkind IN ('r', 'p')
      AND c.relname <> %(history)s
    ORDER BY c.relnamespace, c.relname, a.attnum
"""
# Constraint columns by name, in key order (conkey / confkey hold attnums).
_PG_CONSTRAINTS = """
    SELECT c.relnamespace, c.relname, con.conname, con.contype,
           ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(num, ord)
                 JOIN pg_attribute AS a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord),
           fn.nspname, fc.relname,
           ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(num, ord)
                 JOIN pg_attribute AS a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord),
           con.confdeltype, con.confupdtype, pg_get_expr(con.conbin, con.conrelid),
           con.condeferrable, con.condeferred, con.connoinherit, con.convalidated, con.confmatchtype,
           -- a key's INCLUDE columns and NULLS NOT DISTINCT, from its index (the column is PostgreSQL 15's)
           ARRAY(SELECT a.attname::text FROM pg_index AS ci
                 CROSS JOIN LATERAL unnest(ci.indkey::int2[]) WITH ORDINALITY AS k(num, ord)
                 JOIN pg_attribute AS a ON a.attrelid = ci.indrelid AND a.attnum = k.num
                 WHERE ci.indexrelid = con.conindid AND con.contype IN ('p', 'u') AND k.ord > ci.indnkeyatts
                 ORDER BY k.ord),
           COALESCE((SELECT (to_jsonb(ci) ->> 'indnullsnotdistinct')::boolean FROM pg_index AS ci
                     WHERE ci.indexrelid = con.conindid AND con.contype = 'u'), false),
           -- ON DELETE SET NULL | SET DEFAULT (columns): PostgreSQL 15's confdelsetcols
           ARRAY(SELECT a.attname::text
                 FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(to_jsonb(con) -> 'confdelsetcols') = 'array'
                                                     THEN to_jsonb(con) -> 'confdelsetcols' END)
                      WITH ORDINALITY AS k(num, ord)
                 JOIN pg_attribute AS a ON a.attrelid = con.conrelid AND a.attnum = k.num::int2 ORDER BY k.ord),
           -- a key's WITHOUT OVERLAPS, a foreign key's PERIOD: PostgreSQL 18's conperiod
           COALESCE((to_jsonb(con) ->> 'conperiod')::boolean, false)
    FROM pg_constraint AS con
    JOIN pg_class AS c ON c.oid = con.conrelid
    LEFT JOIN pg_class AS fc ON fc.oid = con.confrelid
    LEFT JOIN pg_namespace AS fn ON fn.oid = fc.relnamespace
    WHERE c.relnamespace = ANY(%(oids)s::oid[]) AND c.relkind IN ('r', 'p')
      AND c.relname <> %(history)s AND con.contype IN ('p', 'u', 'f', 'c', 'x')
      -- a table's own: not one a partition inherits from its parent (or a foreign key's twin on
      -- each partition of the table it references), not a check only inherited
      AND con.conparentid = 0 AND con.conislocal
    ORDER BY c.relnamespace, c.relname, con.conname
"""
# The default operator classes of index methods that are not built in (an extension's, as
# pgvector's ivfflat ``vector_l2_ops``): Loaded.default_opclasses. Names quoted as _PG_INDEXES
# quotes them.
_PG_EXTENSION_DEFAULT_OPCLASSES = """
    SELECT am.amname, format_type(opc.opcintype, NULL), quote_ident(ns.nspname), quote_ident(opc.opcname)
    FROM pg_opclass AS opc
    JOIN pg_am AS am ON am.oid = opc.opcmethod
    JOIN pg_namespace AS ns ON ns.oid = opc.opcnamespace
    WHERE opc.opcdefault AND ns.nspname <> 'pg_catalog'
"""
_PG_INDEXES = """
    SELECT c.relnamespace, c.relname, ic.relname, i.indisunique, am.amname, pg_get_expr(i.indpred, i.indrelid),
           i.indkey::int2[], i.indoption::int2[],
           ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true)
                 FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k),
           -- a key's collation when it is not its column's (or, for an expression, the default)
           ARRAY(SELECT CASE WHEN k.coll = 0 OR k.coll = COALESCE(a.attcollation, 100) THEN NULL
                             ELSE co.collname END
                 FROM unnest(i.indcollation::oid[]) WITH ORDINALITY AS k(coll, n)
                 LEFT JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n - 1]
                 LEFT JOIN pg_collation AS co ON co.oid = k.coll
                 ORDER BY k.n),
           -- a key's operator class when it is not a default one (as pg_dump prints it)
           ARRAY(SELECT CASE WHEN opc.opcdefault THEN NULL
                             WHEN ns.nspname IN ('pg_catalog', 'public') THEN quote_ident(opc.opcname)
                             ELSE quote_ident(ns.nspname) || '.' || quote_ident(opc.opcname) END
                 FROM unnest(i.indclass::oid[]) WITH ORDINALITY AS k(opclass, n)
                 JOIN pg_opclass AS opc ON opc.oid = k.opclass
                 JOIN pg_namespace AS ns ON ns.oid = opc.opcnamespace
                 ORDER BY k.n),
           ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true)
                 FROM generate_series(i.indnkeyatts + 1, i.indnatts) AS k ORDER BY k),
           COALESCE((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false), COALESCE(ic.reloptions, '{}')
    FROM pg_index AS i
    JOIN pg_class AS c ON c.oid = i.indrelid
    JOIN pg_class AS ic ON ic.oid = i.indexrelid
    JOIN pg_am AS am ON am.oid = ic.relam
    WHERE c.relnamespace = ANY(%(oids)s::oid[]) AND c.relkind IN ('r', 'p')
      AND c.relname <> %(history)s
      -- an invalid index (a failed CONCURRENTLY build) is no part of the schema: queries do not
      -- use it, and the build that left it drops it before it runs again
      AND i.indisvalid
      -- a partition's index attached to its parent's is the parent's, inherited
      AND NOT ic.relispartition
      AND NOT EXISTS (SELECT FROM pg_constraint AS con
                      WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                        AND con.contype IN ('p', 'u'))
    ORDER BY c.relnamespace, c.relname, ic.relname
"""
# Partitioned tables (their key), partitions (parent and bound) and inheriting tables (parents).
_PG_PARTITIONING = """
    SELECT c.relnamespace, c.relname, CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
           c.relispartition, pg_get_expr(c.relpartbound, c.oid),
           ARRAY(SELECT pn.nspname::text FROM pg_inherits AS i
                 JOIN pg_class AS p ON p.oid = i.inhparent JOIN pg_namespace AS pn ON pn.oid = p.relnamespace
                 WHERE i.inhrelid = c.oid ORDER BY i.inhseqno),
           ARRAY(SELECT p.relname::text FROM pg_inherits AS i JOIN pg_class AS p ON p.oid = i.inhparent
                 WHERE i.inhrelid = c.oid ORDER BY i.inhseqno)
    FROM pg_class AS c
    WHERE c.relnamespace = ANY(%(oids)s::oid[]) AND c.relkind IN ('r', 'p') AND c.relname <> %(history)s
      AND (c.relkind = 'p' OR EXISTS (SELECT FROM pg_inherits AS i WHERE i.inhrelid = c.oid))
"""
# Tables that are UNLOGGED or have storage parameters (WITH (fillfactor=70)).
_PG_TABLE_STORAGE = """
    SELECT c.relnamespace, c.relname, c.relpersistence = 'u', COALESCE(c.reloptions, '{}')
    FROM pg_class AS c
    WHERE c.relnamespace = ANY(%(oids)s::oid[]) AND c.relkind IN ('r', 'p')
      AND c.relname <> %(history)s AND (c.relpersistence = 'u' OR c.reloptions IS NOT NULL)
"""
# Exclusion constraints by table and name, with one operator per key; their keys, method and
# predicate are read with the index behind each (named as the constraint), by _PG_INDEXES.
_PG_EXCLUSIONS = """
    SELECT c.relnamespace, c.relname, con.conname,
           ARRAY(SELECT op.oprname::text FROM unnest(con.conexclop) WITH ORDINALITY AS e(oid, n)
                 JOIN pg_operator AS op ON op.oid = e.oid ORDER BY e.n)
    FROM pg_constraint AS con
    JOIN pg_class AS c ON c.oid = con.conrelid
    WHERE c.relnamespace = ANY(%(oids)s::oid[]) AND con.contype = 'x'
"""
# Sequences of the schema but those of identity columns (internal to them); a serial
# column's comes too, owned by its column (an automatic dependency), and is folded back
# into the column by ``implied_sequences``.
_PG_SEQUENCES = """
    SELECT c.relnamespace, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
           s.seqcache, s.seqcycle, ons.nspname, oc.relname, a.attname
    FROM pg_sequence AS s
    JOIN pg_class AS c ON c.oid = s.seqrelid
    LEFT JOIN pg_depend AS d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
         AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
    LEFT JOIN pg_class AS oc ON oc.oid = d.refobjid
    LEFT JOIN pg_namespace AS ons ON ons.oid = oc.relnamespace
    LEFT JOIN pg_attribute AS a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
    WHERE c.relnamespace = ANY(%(oids)s::oid[]) AND d.deptype IS DISTINCT FROM 'i'
      AND (oc.relname IS NULL OR oc.relname <> %(history)s)
    ORDER BY c.relnamespace, c.relname
"""
# Row-level security: the switches of each table that has one on, its policies (roles by
# name, 0 is PUBLIC; expressions as the server prints them), and what its ACL grants but the
# owner's own privileges (implicit): a grant to the owner by another role is a grant like any other.
_PG_ROW_SECURITY = """
    SELECT c.relnamespace, c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class AS c
    WHERE c.relnamespace = ANY(%(oids)s::oid[]) AND c.relkind IN ('r', 'p')
      AND (c.relrowsecurity OR c.relforcerowsecurity)
"""
_PG_POLICIES = """
    SELECT c.relnamespace, c.relname, p.polname, p.polcmd, p.polpermissive,
           ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r) END FROM unnest(p.polroles) AS r),
           pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
    FROM pg_policy AS p JOIN pg_class AS c ON c.oid = p.polrelid
    WHERE c.relnamespace = ANY(%(oids)s::oid[])
"""
_PG_GRANTS = """
    SELECT c.relnamespace, c.relname, NULL, CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee) END,
           a.privilege_type, a.is_grantable, CASE WHEN a.grantor <> c.relowner THEN pg_get_userbyid(a.grantor) END
    FROM pg_class AS c, aclexplode(c.relacl) AS a
    WHERE c.relnamespace = ANY(%(oids)s::oid[]) AND c.relkind IN ('r', 'p') AND (a.grantee <> c.relowner OR a.grantor <> c.relowner)
      AND c.relname <> %(history)s
    UNION ALL
    SELECT c.relnamespace, c.relname, t.attname, CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee) END,
           a.privilege_type, a.is_grantable, CASE WHEN a.grantor <> c.relowner THEN pg_get_userbyid(a.grantor) END
    FROM pg_class AS c JOIN pg_attribute AS t ON t.attrelid = c.oid, aclexplode(t.attacl) AS a
    WHERE c.relnamespace = ANY(%(oids)s::oid[]) AND c.relkind IN ('r', 'p') AND (a.grantee <> c.relowner OR a.grantor <> c.relowner)
      AND t.attnum > 0 AND NOT t.attisdropped AND c.relname <> %(history)s
"""
# (member, role) for each role some role is a member of and each other role that has its
# privileges (pg_has_role USAGE: inherited, through other roles too), superusers aside (they have
# every role's and row-level security does not apply to them): Schema.memberships.
_PG_MEMBERSHIPS = """
    SELECT m.rolname, r.rolname FROM pg_roles AS m, pg_roles AS r
    WHERE m.oid <> r.oid AND NOT m.rolsuper AND r.oid IN (SELECT roleid FROM pg_auth_members)
      AND pg_has_role(m.oid, r.oid, 'USAGE')
"""
_PG_POLICY_COMMANDS = {"*": "all", "r": "select", "a": "insert", "w": "update", "d": "delete"}
# pg_constraint.confdeltype / confupdtype → the model's action names.
_PG_ACTIONS = {"a": "no action", "r": "restrict", "c": "cascade", "n": "set null", "d": "set default"}
# pg_index.indoption bits, per key.
_INDOPTION_DESC, _INDOPTION_NULLS_FIRST = 1, 2


def _introspect_postgres(url: DatabaseUrl) -> Loaded:
    """Read every schema of the PostgreSQL database at ``url`` but the system's (only one with
    ``?schema=name``)."""
    import psycopg

    _, schema = url.split_schema()
    conn = _connect_postgres(url)
    try:
        with conn:
            # One read-only snapshot for all the queries: a concurrent migration cannot tear the result.
            conn.read_only = True
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            _catalog_settings(conn)
            return _PostgresIntrospection(url.redacted, schema, conn).run()
    except psycopg.Error as error:
        raise _database_error("cannot read the database", error, url.redacted) from None


# A view made to respell a query, temporary (gone with the session) and made in a transaction
# that is rolled back: nothing of it outlives the statement that reads it.
_RESPELLED = "wesley_gen_respelled"


def respell_view_queries(
    url: DatabaseUrl, queries: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Each of ``queries`` (a view's query, by a name) as the PostgreSQL server at ``url`` stores
    it: ``pg_get_viewdef``'s text of a temporary view made of it, read as the introspection reads
    a view (same settings, same search path), so that the server spells both sides of a
    comparison: the calls as it resolved them, the casts it adds.  Nothing is kept: each view is
    made and read inside a transaction that is rolled back.  Returns the respelled queries and,
    for those the server refused (a relation it lacks, a read-only or standby server, no
    ``TEMPORARY`` privilege), its one-line reason."""
    import psycopg
    from psycopg import sql

    respelled: dict[str, str] = {}
    refused: dict[str, str] = {}
    with _rolled_back(url) as conn:
        for name, query in queries.items():
            make = sql.SQL("CREATE TEMPORARY VIEW {} AS {}").format(
                sql.Identifier(_RESPELLED), sql.SQL(query)
            )
            try:
                with conn.transaction():  # a savepoint: the view goes, and so does a refusal
                    conn.execute(make)
                    row = conn.execute(_PG_RESPELLED, {"view": f"pg_temp.{_RESPELLED}"}).fetchone()
                    if row is None or row[0] is None:
                        refused[name] = "the server gave no text of the temporary view"
                    else:
                        respelled[name] = str(row[0])
                    raise psycopg.Rollback()
            except psycopg.Error as error:
                refused[name] = _reason(error)
    return respelled, refused


@contextmanager
def _rolled_back(url: DatabaseUrl) -> Iterator[psycopg.Connection[Any]]:
    """A connection to ``url`` in a transaction that is rolled back whatever happens, set up as
    the introspection reads (its settings, its search path); a database error is a
    :class:`DatabaseError` naming the database."""
    import psycopg

    conn = _connect_postgres(url)
    try:
        with conn, conn.transaction(force_rollback=True):
            _catalog_settings(conn)
            conn.execute(_PG_SEARCH_PATH)
            yield conn
    except psycopg.Error as error:
        raise _database_error("cannot read the database", error, url.redacted) from None


_PG_RESPELLED = "SELECT pg_get_viewdef(CAST(%(view)s AS regclass), true)"


def respell_functions(
    url: DatabaseUrl, replacements: Mapping[tuple[str, str], tuple[str, str]]
) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    """Each function or procedure of ``replacements`` ((kind, model name) → (its schema, the
    ``CREATE OR REPLACE`` of its expected definition)) as the PostgreSQL server at ``url`` would
    store it: made by that statement and read back as the introspection reads it, inside a
    transaction that is rolled back, so that nothing is kept.  A SQL-standard body is stored as
    the server resolved it, which only the server can spell.  Returns the canonical definitions
    and, for those the server refused (a type it lacks, a result it cannot change in place, a
    read-only server, not the owner), its one-line reason."""
    import psycopg

    from wesley_gen.load.opaque import postgres_objects

    respelled: dict[tuple[str, str], str] = {}
    refused: dict[tuple[str, str], str] = {}
    with _rolled_back(url) as conn:
        for key, (schema, statement) in replacements.items():
            try:
                with conn.transaction():  # a savepoint: the function goes back, and so does a refusal
                    conn.execute(statement.encode())
                    row = conn.execute(_PG_SCHEMA_OID, {"schema": schema}).fetchone()
                    read = postgres_objects(conn, {"oid": row[0] if row else 0, "schema": schema})
                    found = [o.definition for o in read if (o.kind, o.name) == key]
                    if found:
                        respelled[key] = found[0]
                    else:
                        refused[key] = "the server listed no such function after making it"
                    raise psycopg.Rollback()
            except psycopg.Error as error:
                refused[key] = _reason(error)
    return respelled, refused


_PG_SCHEMA_OID = "SELECT oid FROM pg_namespace WHERE nspname = %(schema)s"


def _connect_postgres(url: DatabaseUrl) -> psycopg.Connection[Any]:
    import psycopg

    conninfo, _ = url.split_schema()
    try:
        return psycopg.connect(conninfo, connect_timeout=CONNECT_TIMEOUT_SECONDS)
    except psycopg.Error as error:
        raise _database_error("database could not be reached", error, url.redacted) from None


def _catalog_settings(conn: psycopg.Connection[Any]) -> None:
    """The settings a catalog is read with (:data:`CATALOG_SETTINGS`), for the session."""
    for name, value in CATALOG_SETTINGS.items():
        conn.execute("SELECT set_config(%s, %s, false)", (name, value))


def _database_error(what: str, error: Exception, source: str) -> DatabaseError:
    return DatabaseError(f"{what}: {_reason(error)}", location=Location(source))


def _reason(error: Exception) -> str:
    """One line, password hidden: libpq's messages run over several lines and may echo the URL."""
    lines = str(error).strip().splitlines()
    return redact(lines[0] if lines else type(error).__name__)


class _PostgresIntrospection:
    def __init__(self, source: str, schema: str | None, conn: psycopg.Connection[Any]) -> None:
        self.source = source
        self.schema = schema  # the one schema ``?schema=`` names, or None for all
        self.conn = conn
        self.reader = _Reader(source, "postgres")
        self.tables: dict[str, _Draft] = {}  # by model name
        self.namespaces: dict[int, str] = {}  # oid → name, of the schemas read
        self.warnings: list[str] = []
        self.params: dict[str, Any] = {"schema": schema, "history": HISTORY_TABLE}

    def query(self, sql: str) -> list[Any]:
        return self.conn.execute(sql.encode(), self.params).fetchall()

    def run(self) -> Loaded:
        self.query(_PG_SEARCH_PATH)
        self.namespaces = dict(self.query(_PG_SCHEMAS))
        if self.schema is not None and not self.namespaces:
            raise self.reader.error(f"the database has no schema {self.schema!r}")
        self.params["oids"] = list(self.namespaces)
        for kind, name in self.query(_PG_DOTTED_NAMES):
            raise self.reader.error(dotted_name_reason(name, kind))
        enums = {oid: (namespace, name, values) for oid, namespace, name, values in self.query(_PG_ENUMS)}
        self.read_columns(enums)
        for namespace, table, unlogged, storage in self.query(_PG_TABLE_STORAGE):
            draft = self.draft(namespace, table)
            draft.unlogged, draft.storage = unlogged, tuple(storage)
        self.read_constraints()
        self.read_indexes()
        self.read_security()
        self.read_partitioning()
        read = set(self.namespaces.values())
        own_enums = [
            Enum(in_schema(ns, name), tuple(values)) for ns, name, values in enums.values() if ns in read
        ]
        from wesley_gen.load.opaque import postgres_objects, public_schema_warning

        others = [
            item
            for oid, name in self.namespaces.items()
            for item in postgres_objects(self.conn, {"oid": oid, "schema": name})
        ]
        loaded = _finish(
            self.tables.values(),
            own_enums,
            self.source,
            self.warnings,
            tuple(read),
            others,
            (*self.domains(), *self.composites(), *self.ranges()),
            sequences=self.read_sequences(),
        )
        (role,) = self.conn.execute(b"SELECT current_user").fetchone() or (None,)
        said = public_schema_warning(loaded.schema.others, self.conn.info.server_version)
        memberships = frozenset((member, of) for member, of in self.query(_PG_MEMBERSHIPS))
        return replace(
            loaded,
            schema=replace(loaded.schema, memberships=memberships),
            role=role,
            server_version=self.conn.info.server_version,
            default_opclasses=frozenset(
                (method, type_name, name)
                for method, type_name, namespace, opclass in self.query(_PG_EXTENSION_DEFAULT_OPCLASSES)
                for name in (opclass, f"{namespace}.{opclass}")
            ),
            warnings=(*loaded.warnings, *([f"{self.source}: {said}"] if said else [])),
        )

    def read_security(self) -> None:
        """Row-level security, policies and grants of each table."""
        for namespace, table, enabled, forced in self.query(_PG_ROW_SECURITY):
            draft = self.draft(namespace, table)
            draft.row_security, draft.force_row_security = enabled, forced
        for namespace, table, name, command, permissive, roles, using, check in self.query(_PG_POLICIES):
            draft = self.draft(namespace, table)
            where = f"policy {name!r} on {draft.name}"
            draft.policies.append(
                Policy(
                    name,
                    _PG_POLICY_COMMANDS[command],
                    permissive,
                    tuple(roles),
                    None if using is None else self.reader.expression(using, f"USING of {where}"),
                    None if check is None else self.reader.expression(check, f"WITH CHECK of {where}"),
                )
            )
        rows: dict[str, list[tuple[str, str, str | None, bool, str | None]]] = defaultdict(list)
        for namespace, table, column, grantee, privilege, grantable, grantor in self.query(_PG_GRANTS):
            rows[self.draft(namespace, table).name].append((grantee, privilege, column, grantable, grantor))
        for table, found in rows.items():
            self.tables[table].grants = grants_of(
                found, maintain=self.conn.info.server_version >= MAINTAIN_SINCE
            )

    def read_partitioning(self) -> None:
        """Partition keys, partitions' parents and bounds, INHERITS."""
        for namespace, table, key, partition, bound, schemas, parents in self.query(_PG_PARTITIONING):
            draft = self.draft(namespace, table)
            names = tuple(in_schema(*parent) for parent in zip(schemas, parents, strict=True))
            draft.partition_by = key
            if partition:
                draft.partition_of, draft.partition_bound = names[0], bound
            else:
                draft.inherits = names

    def domains(self) -> Iterator[Domain]:
        for namespace, name, base, not_null, default, check_names, checks in self.query(_PG_DOMAINS):
            where = f"domain {name!r}"
            model_name = in_schema(self.namespaces[namespace], name)
            yield Domain(
                model_name,
                self.reader.type(base, "domain", model_name),
                not not_null,
                self.reader.default(default, "domain", model_name),
                tuple(
                    CheckConstraint(check, self.reader.expression(text, f"check {check!r} of {where}"))
                    for check, text in zip(check_names, checks, strict=True)
                ),
            )

    def composites(self) -> Iterator[Composite]:
        rows = self.query(_PG_COMPOSITES)
        for (namespace, name), attributes in itertools.groupby(rows, key=lambda row: (row[0], row[1])):
            model_name = in_schema(self.namespaces[namespace], name)
            yield Composite(
                model_name,
                tuple(Attribute(a, self.reader.type(text, model_name, a)) for _, _, a, text in attributes),
            )

    def ranges(self) -> Iterator[Range]:
        for namespace, name, subtype, multi_namespace, multi, *options in self.query(_PG_RANGES):
            model_name = in_schema(self.namespaces[namespace], name)
            yield Range(
                model_name,
                self.reader.type(subtype, "range type", model_name),
                in_schema(multi_namespace, multi),
                *options,
            )

    def read_sequences(self) -> list[SequenceDef]:
        found = []
        for namespace, name, type_text, *options_row, owner_namespace, owner, column in self.query(
            _PG_SEQUENCES
        ):
            type_name = _parse_type(type_text).name
            options = _sequence_options(options_row)
            owned_by = None if owner is None else f"{in_schema(owner_namespace, owner)}.{column}"
            qualified = in_schema(self.namespaces[namespace], name)
            found.append(SequenceDef(qualified, type_name, options, owned_by))
        return found

    def draft(self, namespace: int, table: str) -> _Draft:
        name = in_schema(self.namespaces[namespace], table)
        if name not in self.tables:
            self.tables[name] = _Draft(name)
        return self.tables[name]

    def read_columns(self, enums: dict[int, tuple[str, str, list[str]]]) -> None:
        for row in self.query(_PG_COLUMNS):
            namespace, table, name, type_text, enum_oid, is_array, not_null, expression, generation = row[:9]
            identity_of = row[9]
            draft = self.draft(namespace, table)
            if name is None:
                continue  # a table without columns, which validation rejects
            if enum_oid is not None:
                enum_namespace, enum_name, _ = enums[enum_oid]
                column_type = ColumnType(in_schema(enum_namespace, enum_name), (), int(is_array))
            else:
                column_type = self.reader.type(type_text, draft.name, name)
            # attgenerated is "s" (stored) or "v" (virtual): then pg_attrdef holds the expression.
            if generation == "v":
                raise self.reader.error(f"virtual generated column {draft.name}.{name}: not supported yet")
            where = f"the expression of {draft.name}.{name}"
            generated = self.reader.expression(expression, where) if generation else None
            default = None if generated else self.reader.default(expression, draft.name, name)
            identity = None
            if identity_of:  # "a" (always) or "d" (by default)
                identity = Identity(identity_of == "a", _sequence_options(row[10:16]))
            not_null_name, not_valid, no_inherit = row[17:20]
            for option, found in (("NOT VALID", not_valid), ("NO INHERIT", no_inherit)):
                if found:
                    raise self.reader.error(f"NOT NULL {option} on {draft.name}.{name}: not supported yet")
            draft.columns.append(
                Column(
                    name,
                    column_type,
                    not not_null,
                    default,
                    generated,
                    identity=identity,
                    collation=row[16],
                    not_null_name=stated_not_null_name(draft.name, name, not_null_name),
                )
            )

    def read_constraints(self) -> None:
        for row in self.query(_PG_CONSTRAINTS):
            namespace, table, name, kind, columns = row[:5]
            ref_namespace, ref_table, ref_columns, on_delete, on_update, check = row[5:11]
            deferrable, deferred, no_inherit, valid, match, include, nulls_not_distinct, delete_columns = row[
                11:19
            ]
            period = row[19]
            deferral = {"deferrable": deferrable, "initially_deferred": deferred}
            draft = self.draft(namespace, table)
            if kind == "p":
                draft.primary_key = PrimaryKey(
                    name, tuple(columns), tuple(include), **deferral, without_overlaps=period
                )
            elif kind == "u":
                draft.uniques.append(
                    UniqueConstraint(
                        name,
                        tuple(columns),
                        tuple(include),
                        nulls_not_distinct,
                        **deferral,
                        without_overlaps=period,
                    )
                )
            elif kind == "c":
                expression = self.reader.expression(check, f"check constraint {name!r}")
                draft.checks.append(CheckConstraint(name, expression, no_inherit, valid))
            elif kind == "f":
                draft.foreign_keys.append(
                    ForeignKey(
                        name,
                        tuple(columns),
                        in_schema(ref_namespace, ref_table),
                        tuple(ref_columns),
                        on_delete=_PG_ACTIONS[on_delete],
                        on_update=_PG_ACTIONS[on_update],
                        valid=valid,
                        match_full=match == "f",
                        delete_columns=tuple(delete_columns),
                        period=period,
                        **deferral,
                    )
                )

    def read_indexes(self) -> None:
        exclusions = {(ns, table, name): ops for ns, table, name, ops in self.query(_PG_EXCLUSIONS)}
        for row in self.query(_PG_INDEXES):
            namespace, table, name, unique, method, predicate, attnums, options, keys, collations = row[:10]
            opclasses, include, nulls_not_distinct, storage = row[10:]
            draft = self.draft(namespace, table)
            operators = exclusions.get((namespace, table, name))
            where = f"index {name!r}" if operators is None else f"exclusion constraint {name!r}"
            columns = tuple(
                self.index_key(key, attnum, option, (collation, opclass), where)
                for key, attnum, option, collation, opclass in zip(
                    keys, attnums, options, collations, opclasses, strict=False
                )
            )
            condition = None if predicate is None else self.reader.expression(predicate, where)
            if operators is not None:
                draft.exclusions.append(
                    Exclusion(name, columns, tuple(operators), using=method, where=condition)
                )
            else:
                include_columns = tuple(_unquote(column) for column in include)
                options = {
                    "include": include_columns,
                    "nulls_not_distinct": nulls_not_distinct,
                    "storage": tuple(storage),
                }
                draft.indexes.append(
                    Index(name, columns, unique=unique, using=method, where=condition, **options)
                )

    def index_key(
        self, key: str, attnum: int, option: int, names: tuple[str | None, str | None], where: str
    ) -> str:
        """A key as the model writes it: a column name or expression, its non-default
        collation and operator class (``names``), and its ordering."""
        descending = bool(option & _INDOPTION_DESC)
        nulls_first = bool(option & _INDOPTION_NULLS_FIRST)
        if attnum:
            return str(IndexKey(_unquote(key), None, descending, nulls_first, *names))
        return str(IndexKey(None, self.reader.expression(key, where), descending, nulls_first, *names))


def _sequence_options(row: Sequence[Any]) -> SequenceOptions:
    """pg_sequence's start, increment, min, max, cache and cycle, in that order."""
    start, increment, least, most, cache, cycle = row
    return SequenceOptions(int(start), int(increment), int(least), int(most), int(cache), bool(cycle))


def _unquote(identifier: str) -> str:
    if identifier.startswith('"') and identifier.endswith('"'):
        return identifier[1:-1].replace('""', '"')
    return identifier
