"""Evaluating a ``contract.json`` stage against a live database.

:func:`evaluate` connects read-only (SQLite through the standard library, never
creating a file; PostgreSQL through psycopg 3, each query in its own read-only
transaction), compares the live schema with the stage's expected one, runs every
assertion of the stage and counts the rows of every table.  It returns frozen
values; deciding what a failure means (an exit code, a message) is the caller's
business.  An assertion whose query the database rejects has failed, with the
database's message: a ``--cast`` that cannot convert a row fails exactly that way.
A database that cannot be reached is a :class:`~wesley_gen.errors.DatabaseError`
(exit 3), its password redacted.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wesley_gen.database_url import DatabaseUrl
from wesley_gen.documents.contract import STAGES, Assertion, Contract, Stage
from wesley_gen.errors import DatabaseError, InputError, Location, UsageError, first_line
from wesley_gen.model import OtherObject, Schema, checksum, dumps, to_dict
from wesley_gen.progress import Advance
from wesley_gen.run.scripts import as_background

if TYPE_CHECKING:
    import psycopg
    from sqlglot import exp

    from wesley_gen.load.loaded import Loaded

COUNTS_FORMAT = "wesley-gen/row-counts@1"
PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"
CONNECT_TIMEOUT_SECONDS = 5
DIFF_LINES = 30  # at most this many lines of a schema difference are shown
_EXPECTED_SCHEMA = {"pre": "FROM", "post": "TO"}


@dataclass(frozen=True, slots=True)
class AssertionResult:
    """One assertion's outcome: ``count`` violating rows, or the database's ``error``."""

    id: str
    kind: str
    table: str
    column: str | None
    description: str
    status: str  # passed | failed | skipped
    count: int | None  # violating rows; None when the query failed or did not run
    error: str | None = None  # the database's message, or why the assertion was skipped
    enforced: bool = False  # passed without a scan: a validated constraint of the database holds it

    @property
    def failed(self) -> bool:
        return self.status == FAILED


@dataclass(frozen=True, slots=True)
class SchemaCheck:
    """The live schema against the stage's expected one (``FROM`` or ``TO``)."""

    expected: str  # "FROM" or "TO"
    expected_checksum: str
    found_checksum: str
    differences: tuple[str, ...]  # readable lines: "- missing", "+ unexpected", "~ different"

    @property
    def matches(self) -> bool:
        return self.expected_checksum == self.found_checksum


@dataclass(frozen=True, slots=True)
class StageResult:
    stage: str
    migration: str
    dialect: str
    source: str  # the database URL, password redacted
    schema: SchemaCheck | None  # None for the swap stage, which has no expected schema
    assertions: tuple[AssertionResult, ...]
    counts: Mapping[str, int] = field(default_factory=dict, hash=False)  # rows per table

    @property
    def failures(self) -> tuple[AssertionResult, ...]:
        return tuple(a for a in self.assertions if a.failed)

    @property
    def passed(self) -> bool:
        return (self.schema is None or self.schema.matches) and not self.failures


# --- evaluating a stage ---------------------------------------------------------------------


def evaluate(
    contract: Contract,
    stage: str,
    target: DatabaseUrl,
    *,
    counts: Mapping[str, int] | None = None,
    advance: Advance | None = None,
    count_rows: bool = True,
) -> StageResult:
    """Check one stage of ``contract`` against the database at ``target``.

    ``counts`` are the row counts of an earlier run of the "pre" stage; without them
    the "post" stage's row-count assertions are skipped.  ``advance(1)`` after each assertion.
    ``count_rows``: count the rows of every table of the stage (the result's ``counts``);
    a caller that reads no counts spares the database a scan of each table.
    """
    if stage not in STAGES:
        raise UsageError(f"unknown stage {stage!r}", hint=f"use one of {', '.join(STAGES)}")
    dialect = contract.dialect
    if target.dialect != dialect:
        raise UsageError(
            f"the contract is for {dialect} but {target.redacted} is a {target.dialect} database",
            hint="verify against the kind of database the migration was generated for",
        )
    section = contract.stage(stage)
    with read_only_connection(target) as database:
        live = _live_schema(section, target)
        schema = _schema_check(section, stage, live, target)
        tables = {t.name for t in live.schema.tables} if live is not None else set()
        enforced = _enforced(database, section, stage, schema, dialect)
        counted = _scan_once(
            database,
            [item.sql for item in section.row_counts if item.table in tables and count_rows]
            + [item.sql for item in section.assertions if not item.params and item not in enforced],
            dialect,
        )
        row_counts = {
            item.table: value
            for item in section.row_counts
            if item.table in tables and count_rows
            for value in [counted[item.sql] if item.sql in counted else _count(database, item.sql)]
            if value is not None
        }
        results = []
        for item in section.assertions:
            results.append(
                AssertionResult(
                    item.id, item.kind, item.table, item.column, item.description, PASSED, 0, enforced=True
                )
                if item in enforced
                else _run_assertion(database, item, counts, counted)
            )
            if advance is not None:
                advance(1)
    return StageResult(
        stage, contract.migration_id, dialect, target.redacted, schema, tuple(results), row_counts
    )


# The post stage's data assertions that a validated constraint of the table enforces: every one
# of them checks a key, unique constraint or index, check, foreign key or NOT NULL of the TO
# schema, which the stage's schema check found in the database as it is in the TO schema.
ENFORCED_KINDS = frozenset({"not_null", "primary_key", "unique", "check", "foreign_key"})
# The tables, of those named, whose every constraint is validated (PostgreSQL 18's NOT NULL
# constraints too), every index valid and every foreign key's triggers enabled (ALTER TABLE …
# DISABLE TRIGGER ALL lets rows past a validated foreign key): the database has proved every
# row of them meets their constraints, as the planner itself trusts them.  A table with
# partitions or inheriting children is left out: the checks count the children's rows too,
# which a parent's key, unique constraint or foreign key does not cover.
_ENFORCING_TABLES = """
    SELECT t.name FROM unnest(CAST(%(names)s AS text[]), CAST(%(tables)s AS text[])) AS t (name, regclass)
    WHERE pg_catalog.to_regclass(t.regclass) IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits AS h
                      WHERE h.inhparent = pg_catalog.to_regclass(t.regclass))
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint AS k
                      WHERE k.conrelid = pg_catalog.to_regclass(t.regclass) AND NOT k.convalidated)
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index AS i
                      WHERE i.indrelid = pg_catalog.to_regclass(t.regclass)
                        AND NOT (i.indisvalid AND i.indisready AND i.indislive))
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint AS k
                      JOIN pg_catalog.pg_trigger AS g ON g.tgconstraint = k.oid
                      WHERE k.conrelid = pg_catalog.to_regclass(t.regclass) AND k.contype = 'f'
                        AND g.tgenabled = 'D')
"""


def _enforced(
    database: _Database, section: Stage, stage: str, schema: SchemaCheck | None, dialect: str
) -> frozenset[Assertion]:
    """The post stage's assertions the database enforces, which need no scan (PostgreSQL, when the
    live schema is the TO schema): a full scan of a large table for each of them would only
    compete with the application's commits (docs/migrate.md) to find what cannot be there."""
    if stage != "post" or dialect != "postgres" or schema is None or not schema.matches:
        return frozenset()
    from wesley_gen import identifiers

    candidates = [a for a in section.assertions if a.kind in ENFORCED_KINDS and not a.params]
    names = sorted({a.table for a in candidates})
    if not names:
        return frozenset()
    regclasses = [identifiers.qualified(name) for name in names]
    try:
        held = set(database.texts(_ENFORCING_TABLES, {"names": names, "tables": regclasses}))
    except _QueryFailed:  # the catalog query refused: every assertion scans, as before
        return frozenset()
    return frozenset(a for a in candidates if a.table in held)


def _run_assertion(
    database: _Database, item: Assertion, counts: Mapping[str, int] | None, counted: Mapping[str, int]
) -> AssertionResult:
    def result(status: str, count: int | None, error: str | None = None) -> AssertionResult:
        return AssertionResult(
            item.id, item.kind, item.table, item.column, item.description, status, count, error
        )

    params: dict[str, int] = {}
    for name, table in item.params.items():
        if counts is None or table not in counts:
            why = (
                f"no row count of {table} from the pre-check"
                if counts is not None
                else "no pre-check row counts"
            )
            return result(SKIPPED, None, f"{why} (pass the file written by --counts at the pre-check)")
        params[name] = int(counts[table])
    try:
        count = (
            counted[item.sql]
            if item.sql in counted
            else database.scalar(item.sql, params or None, item.table)
        )
    except _QueryFailed as error:
        return result(FAILED, None, error.message)
    return result(PASSED if count == 0 else FAILED, count)


def _scan_once(database: _Database, queries: Sequence[str], dialect: str) -> dict[str, int]:
    """The counts of ``queries`` that count rows of one table (``SELECT COUNT(*) FROM t
    [WHERE condition]``), each table scanned once for all of them: ``SELECT COUNT(*) FILTER
    (WHERE …), … FROM t``.

    Every scan of a large table is time in which the application's commits share the
    server with it (docs/migrate.md): a stage's checks of one table read it once, not once
    per check.  A combined query the database rejects (one condition that fails on some
    row) answers nothing here, so that each query then runs alone and reports its own count
    or error, as it would without this.
    """
    import sqlglot
    from sqlglot import exp

    by_table: dict[str, tuple[exp.Table, dict[str, exp.Expr]]] = {}  # the table, its queries' conditions
    for query in queries:
        try:
            tree = sqlglot.parse_one(query, read=dialect)
        except sqlglot.errors.ParseError:
            continue
        table = _counted_table(tree)
        if table is not None:
            condition = tree.args["where"].this if tree.args.get("where") else exp.true()
            by_table.setdefault(table.sql(dialect), (table, {}))[1][query] = condition
    counted: dict[str, int] = {}
    for table, conditions in by_table.values():
        if len(conditions) < 2:
            continue
        counts = [
            exp.Filter(this=exp.Count(this=exp.Star()), expression=exp.Where(this=condition))
            for condition in conditions.values()
        ]
        try:
            values = database.counts(exp.select(*counts).from_(table).sql(dialect))
        except _QueryFailed:
            continue
        counted.update(zip(conditions, values, strict=True))
    return counted


def _counted_table(tree: exp.Expr) -> exp.Table | None:
    """The table of ``SELECT COUNT(*) FROM table [WHERE …]`` (no alias, join or other clause),
    or None for any other query."""
    from sqlglot import exp

    clauses = {key for key, value in tree.args.items() if value}
    if not isinstance(tree, exp.Select) or clauses - {"expressions", "from_", "where"}:
        return None
    counts, source = tree.expressions, tree.args.get("from_")
    single = len(counts) == 1 and isinstance(counts[0], exp.Count) and isinstance(counts[0].this, exp.Star)
    table = source.this if source is not None else None
    if not single or not isinstance(table, exp.Table) or table.alias or counts[0].args.get("distinct"):
        return None
    return table


def _count(database: _Database, sql: str) -> int | None:
    try:
        return database.scalar(sql, None)
    except _QueryFailed:
        return None


# --- the schema check -------------------------------------------------------------------------


def _live_schema(section: Stage, url: DatabaseUrl) -> Loaded | None:
    """The live schema, read once, when the stage compares with it or counts rows."""
    if section.schema is None and not section.row_counts:
        return None
    from wesley_gen.load import load_schema

    return load_schema(url)


def _schema_check(section: Stage, stage: str, live: Loaded | None, target: DatabaseUrl) -> SchemaCheck | None:
    from wesley_gen.load.snapshot import schema_from_dict

    expected = section.schema
    if expected is None or live is None:
        return None
    found_checksum = checksum(live.schema)
    expected_checksum = section.checksum or ""
    given = schema_from_dict(dict(expected))
    mine, unspelled = as_live_shows(given, live, target)
    if mine is not given:
        expected, expected_checksum = to_dict(mine, annotations=False), checksum(mine)
    differences: tuple[str, ...] = ()
    if found_checksum != expected_checksum:
        differences = schema_differences(expected, to_dict(live.schema, annotations=False)) + unspelled
        if not differences:  # same content, a checksum from elsewhere: say so rather than nothing
            differences = (f"~ checksum: expected {expected_checksum}, found {found_checksum}",)
    return SchemaCheck(_EXPECTED_SCHEMA[stage], expected_checksum, found_checksum, differences)


_VIEW_KINDS = ("view", "materialized view")
_FUNCTION_KINDS = ("function", "procedure")


def as_live_shows(expected: Schema, live: Loaded, url: DatabaseUrl) -> tuple[Schema, tuple[str, ...]]:
    """``expected`` as the live database (``live``, read from ``url``) would show it: owned by
    the role that runs it, no owner; the extensions' default operator classes left out
    (:func:`~wesley_gen.load.as_listed_by`); views and SQL-standard function bodies spelled by
    its server, with a line for each it could not spell (:func:`respelled_views`,
    :func:`respelled_functions`)."""
    from wesley_gen.load import as_listed_by

    listed = as_listed_by(expected, live.role, live.default_opclasses, live.server_version)
    views, view_notes = respelled_views(listed, live.schema, url)
    spelled, function_notes = respelled_functions(views, live.schema, url)
    return spelled, (*view_notes, *function_notes)


def respelled_views(expected: Schema, live: Schema, url: DatabaseUrl) -> tuple[Schema, tuple[str, ...]]:
    """``expected`` with the definition of each view and materialized view the live database
    holds with another text spelled by the live database's server (PostgreSQL), and a line for
    each whose text the server could not give, compared as written.

    The server stores a view's query as it resolved it: a call to a function of several
    signatures as the one it chose (``jsonb_extract_path_text(p, VARIADIC ARRAY['a'])``), the
    casts it adds (``to_timestamp(x::double precision)``), which only it knows.  The expected
    query made into a temporary view on the same server (its own version, rolled back at once:
    :func:`~wesley_gen.load.introspect.respell_view_queries`) is spelled as the live one is; a
    view whose query differs still differs.  ``expected`` itself when nothing is respelled."""
    if url.is_sqlite:  # SQLite keeps a view's text as written: both sides are that
        return expected, ()
    from wesley_gen.load.introspect import respell_view_queries
    from wesley_gen.load.opaque import view_query, with_query

    def respell(differing: Mapping[str, OtherObject]) -> tuple[dict[str, str], dict[str, str]]:
        texts, refused = respell_view_queries(
            url, {k: view_query(o.definition) for k, o in differing.items()}
        )
        return {k: with_query(differing[k].definition, text) for k, text in texts.items()}, refused

    return _respelled_by_server(expected, live, _VIEW_KINDS, respell)


def respelled_functions(expected: Schema, live: Schema, url: DatabaseUrl) -> tuple[Schema, tuple[str, ...]]:
    """``expected`` with each function and procedure whose body is SQL-standard (``BEGIN ATOMIC``,
    ``RETURN``) and whose definition the live database holds with another text spelled by the
    live server: it stores such a body as it resolved it (``n = n + k`` as ``n = t.n + bump.k``).
    The expected definition is made there by ``CREATE OR REPLACE`` and read back, in a
    transaction rolled back at once (:func:`~wesley_gen.load.introspect.respell_functions`); a
    line for each the server refused, compared as written."""
    if url.is_sqlite:  # SQLite has no functions
        return expected, ()
    from wesley_gen.load.introspect import respell_functions
    from wesley_gen.load.opaque import sql_body_replacement

    def respell(differing: Mapping[str, OtherObject]) -> tuple[dict[str, str], dict[str, str]]:
        replacements = {
            (o.kind, o.name): (o.schema, statement)
            for o in differing.values()
            if (statement := sql_body_replacement(o.definition)) is not None
        }
        if not replacements:  # bodies given as strings: the server keeps them as written
            return {}, {}
        texts, refused = respell_functions(url, replacements)
        return (
            {f"{kind} {name}": text for (kind, name), text in texts.items()},
            {f"{kind} {name}": why for (kind, name), why in refused.items()},
        )

    return _respelled_by_server(expected, live, _FUNCTION_KINDS, respell)


def _respelled_by_server(
    expected: Schema,
    live: Schema,
    kinds: tuple[str, ...],
    respell: Callable[[Mapping[str, OtherObject]], tuple[dict[str, str], dict[str, str]]],
) -> tuple[Schema, tuple[str, ...]]:
    """``expected`` with each object of ``kinds`` that the live database holds with another
    definition given the definition ``respell`` has the live server make of it (by ``"kind
    name"``), and a line for each the server refused (``respell``'s second mapping: why),
    compared as written.  ``expected`` itself when nothing is respelled."""
    found = {(o.kind, o.name): o.definition for o in live.others if o.kind in kinds}
    differing = {
        f"{o.kind} {o.name}": o
        for o in expected.others
        if o.kind in kinds and found.get((o.kind, o.name), o.definition) != o.definition
    }
    if not differing:
        return expected, ()
    definitions, refused = respell(differing)
    notes = tuple(
        f"~ {k}: compared as written: the server could not respell the expected definition ({why})"
        for k, why in sorted(refused.items())
    )
    if not definitions:
        return expected, notes
    spelled = {id(differing[k]): replace(differing[k], definition=text) for k, text in definitions.items()}
    return replace(expected, others=tuple(spelled.get(id(o), o) for o in expected.others)), notes


def schema_differences(expected: Mapping[str, Any], found: Mapping[str, Any]) -> tuple[str, ...]:
    """Readable lines for what differs between two canonical schema dictionaries:
    ``- column users.email: text NOT NULL`` (expected, missing), ``+ …`` (found, not
    expected), ``~ column users.email: nullable expected false, found true``."""
    lines = list(_differences(_keyed(expected), _keyed(found), ()))
    lines.sort(key=lambda line: (line[2:], line[0]))
    if len(lines) > DIFF_LINES:
        lines = [*lines[:DIFF_LINES], f"… and {len(lines) - DIFF_LINES} more difference(s)"]
    return tuple(lines)


def _differences(
    expected: Mapping[str, Any], found: Mapping[str, Any], path: tuple[str, ...]
) -> Iterator[str]:
    """The lines of :func:`schema_differences`, by walking two keyed schemas side by side."""
    for key in expected.keys() | found.keys():
        here = (*path, key)
        if key not in found:
            yield f"- {_where(here)}: {_brief(expected[key])}"
        elif key not in expected:
            yield f"+ {_where(here)}: {_brief(found[key])}"
        elif isinstance(expected[key], dict) and isinstance(found[key], dict):
            yield from _differences(expected[key], found[key], here)
        elif expected[key] != found[key]:
            yield f"~ {_where(path)}: {key} expected {_brief(expected[key])}, found {_brief(found[key])}"


_KINDS = {
    "columns": "column",
    "uniques": "unique constraint",
    "checks": "check",
    "foreign_keys": "foreign key",
    "indexes": "index",
}


def _keyed(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical dictionary with every list of named things turned into a mapping by
    name, and lists of values into text, so that a difference names what differs."""

    def named(items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        return {item["name"]: _flat({k: v for k, v in item.items() if k != "name"}) for item in items}

    return {
        "enums": {e["name"]: ", ".join(e["values"]) for e in schema.get("enums", [])},
        "tables": {
            t["name"]: {
                "primary_key": _flat(t["primary_key"]) if t.get("primary_key") else None,
                **{kind: named(t.get(kind, [])) for kind in _KINDS},
            }
            for t in schema.get("tables", [])
        },
        # Views, functions, triggers, comments, ...: each present with its canonical definition.
        "objects": {f"{o['kind']} {o['name']}": o["definition"] for o in schema.get("others", [])},
    }


def _flat(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: ", ".join(v) if isinstance(v, list) else v for k, v in item.items()}


def _where(path: Sequence[Any]) -> str:
    """``['tables', 'users', 'columns', 'email']`` → ``column users.email``."""
    parts = [str(p) for p in path]
    if parts[:1] == ["enums"]:
        return "enum " + ".".join(parts[1:]) if len(parts) > 1 else "enums"
    if parts[:1] == ["objects"]:
        return " ".join(parts[1:]) or "objects"  # ``view reports.monthly``
    if len(parts) < 2:
        return "tables"
    table = parts[1]
    if len(parts) == 2:
        return f"table {table}"
    kind = parts[2]
    if kind == "primary_key":
        return f"primary key of {table}" + "".join(f" {p}" for p in parts[3:])
    label = _KINDS.get(kind, kind)
    if len(parts) == 3:
        return f"{label}s of {table}"
    return f"{label} {table}.{parts[3]}" + "".join(f" {p}" for p in parts[4:])


def _brief(value: Any) -> str:
    """A short readable form of a value from the keyed schema."""
    if isinstance(value, dict) and "type" in value and "nullable" in value:
        text = str(value["type"]) + ("" if value["nullable"] else " NOT NULL")
        if value.get("default") is not None:
            text += f" DEFAULT {value['default']}"
        if value.get("generated") is not None:
            text += f" GENERATED {value['generated']}"
        return text
    if isinstance(value, dict) and set(value) == {"primary_key", *_KINDS}:
        columns = value.get("columns") or {}
        return f"a table of {len(columns)} column(s): " + ", ".join(columns)
    if isinstance(value, dict) and "using" in value:
        where = f" WHERE {value['where']}" if value.get("where") else ""
        return f"{'unique ' if value.get('unique') else ''}{value['using']} ({value['columns']}){where}"
    if isinstance(value, dict) and "ref_table" in value:
        return f"({value['columns']}) → {value['ref_table']} ({value['ref_columns']})"
    if isinstance(value, dict) and set(value) == {"name", "columns"}:
        return f"{value['name']} ({value['columns']})"
    if isinstance(value, dict) and set(value) == {"columns"}:
        return f"({value['columns']})"
    if isinstance(value, str):
        return value
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return text if len(text) <= 100 else text[:99] + "…"


# --- row counts between the pre- and the post-check --------------------------------------------


def write_counts(path: str | Path, result: StageResult) -> None:
    """Write the row counts of a stage's result for a later "post" stage to compare with."""
    document = {
        "format": COUNTS_FORMAT,
        "migration": result.migration,
        "stage": result.stage,
        "counts": dict(sorted(result.counts.items())),
    }
    try:
        Path(path).write_text(dumps(document), encoding="utf-8")
    except OSError as error:
        raise InputError(
            f"cannot write the row counts: {error.strerror or error}", location=Location(str(path))
        ) from None


def read_counts(path: str | Path, *, migration: str | None = None) -> dict[str, int]:
    """Read row counts written by :func:`write_counts` (for ``migration``, when given)."""
    where = Location(str(path))
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            "no such file", location=where, hint="run the pre stage with --counts FILE first"
        ) from None
    except json.JSONDecodeError as error:
        raise InputError(f"not JSON: {error.msg}", location=Location(str(path), error.lineno)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot be read ({error})", location=where) from None
    counts = document.get("counts") if isinstance(document, dict) else None
    if (
        not isinstance(document, dict)
        or document.get("format") != COUNTS_FORMAT
        or not isinstance(counts, dict)
        or not all(isinstance(k, str) and type(v) is int for k, v in counts.items())
    ):
        raise InputError(f"not a row counts file (format {COUNTS_FORMAT})", location=where)
    if migration is not None and document.get("migration") != migration:
        raise InputError(
            f"the row counts are of migration {document.get('migration')}, not {migration}", location=where
        )
    return dict(counts)


# --- the databases -----------------------------------------------------------------------------


class _QueryFailed(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Database:
    """A read-only connection that answers integers: one per query, or a row of them."""

    def __init__(
        self,
        row: Callable[[str, Mapping[str, int] | None], Sequence[Any] | None],
        rows: Callable[[str, Mapping[str, Any]], Sequence[Sequence[Any]]] | None = None,
        memory: Callable[[str], None] | None = None,
    ) -> None:
        self._row = row
        self._rows = rows
        self._memory = memory

    def texts(self, sql: str, params: Mapping[str, Any]) -> list[str]:
        """The first column of every row of a catalog query (PostgreSQL only)."""
        if self._rows is None:
            raise _QueryFailed("not a PostgreSQL database")
        return [str(row[0]) for row in self._rows(sql, params)]

    def scalar(self, sql: str, params: Mapping[str, int] | None, table: str | None = None) -> int:
        """The one number ``sql`` answers; ``table``: the table it checks, whose size sets the
        memory of the query's hash or sort (PostgreSQL, :data:`_CHECK_MEMORY`)."""
        if table is not None and self._memory is not None:
            self._memory(table)
        return self.counts(sql, params)[0]

    def counts(self, sql: str, params: Mapping[str, int] | None = None) -> tuple[int, ...]:
        found: Sequence[Any] = self._row(sql, params) or (None,)
        try:
            return tuple(int(value) for value in found)
        except (TypeError, ValueError):
            value = found[0] if len(found) == 1 else tuple(found)
            raise _QueryFailed(f"the query returned {value!r}, not a number of rows") from None


@contextmanager
def read_only_connection(url: DatabaseUrl) -> Iterator[_Database]:
    """A read-only connection to ``url`` that answers one number per query."""
    if url.is_sqlite:
        with _sqlite(url) as database:
            yield database
    else:
        with _postgres(url) as database:
            yield database


@contextmanager
def _sqlite(url: DatabaseUrl) -> Iterator[_Database]:
    try:
        conn = sqlite3.connect(url.sqlite_uri("ro"), uri=True)
    except sqlite3.Error as error:
        raise DatabaseError(
            f"database could not be reached: {error}",
            location=Location(url.text),
            hint="check the path: verifying a database never creates one",
        ) from None

    def first_row(sql: str, params: Mapping[str, int] | None) -> Sequence[Any] | None:
        try:
            row: Sequence[Any] | None = conn.execute(sql, dict(params or {})).fetchone()
        except sqlite3.Error as error:
            raise _QueryFailed(first_line(error)) from None
        return row

    try:
        yield _Database(first_row)
    finally:
        conn.close()


@contextmanager
def _postgres(url: DatabaseUrl) -> Iterator[_Database]:
    import psycopg

    conninfo, search_path = url.split_schema()
    source = url.redacted
    try:
        conn = psycopg.connect(conninfo, connect_timeout=CONNECT_TIMEOUT_SECONDS)
    except psycopg.Error as error:
        raise DatabaseError(
            f"database could not be reached: {first_line(error)}", location=Location(source)
        ) from None
    as_background(conn)
    conn.commit()  # the settings for the session, past the rollback after each query
    conn.read_only = True

    def all_rows(sql: str, params: Mapping[str, Any] | None) -> Sequence[Sequence[Any]]:
        try:
            if search_path is not None:
                _set_search_path(conn, search_path)
            rows = conn.execute(sql, dict(params) if params else None).fetchall()
        except psycopg.OperationalError as error:
            if conn.broken:
                raise DatabaseError(
                    f"the database went away: {first_line(error)}", location=Location(source)
                ) from None
            conn.rollback()
            raise _QueryFailed(first_line(error)) from None
        except psycopg.Error as error:
            conn.rollback()
            raise _QueryFailed(first_line(error)) from None
        conn.rollback()  # every query in its own read-only transaction
        return rows

    def first_row(sql: str, params: Mapping[str, int] | None) -> Sequence[Any] | None:
        return next(iter(all_rows(sql, params)), None)

    def memory(table: str) -> None:
        from wesley_gen import identifiers

        try:
            if search_path is not None:
                _set_search_path(conn, search_path)
            conn.execute(_CHECK_MEMORY, {"table": identifiers.qualified(table)})
        except psycopg.Error:  # the server's own work_mem then, as before
            conn.rollback()
            return
        conn.commit()  # for the session: the check's own transaction is rolled back after it

    try:
        yield _Database(first_row, all_rows, memory)
    finally:
        conn.close()


# The memory of a check's hash or sort (work_mem, for the session, before each check): the
# table's size, between the server's own work_mem and its maintenance_work_mem (what it lets a
# maintenance operation such as an index build use).  A unique key's GROUP BY or a foreign
# key's anti-join over a large table spills to temporary files at the default work_mem (4 MB):
# writes that share the disk with the application's commits (the online benchmark's slowest
# writes during the pre-check, docs/benchmarks.md).
_CHECK_MEMORY = """
    SELECT pg_catalog.set_config('work_mem', greatest(
        (SELECT s.reset_val::bigint FROM pg_catalog.pg_settings AS s WHERE s.name = 'work_mem'),
        least(coalesce(pg_catalog.pg_table_size(pg_catalog.to_regclass(%(table)s)), 0) / 1024,
              (SELECT s.setting::bigint FROM pg_catalog.pg_settings AS s WHERE s.name = 'maintenance_work_mem'))
    ) || 'kB', false)
"""


def _set_search_path(conn: psycopg.Connection[Any], schema: str) -> None:
    from psycopg import sql

    conn.execute(sql.SQL("SET LOCAL search_path TO {}").format(sql.Identifier(schema)))


# --- the result as text ----------------------------------------------------------------------

Style = Callable[..., str]


def _plain(text: str, **_: Any) -> str:
    return text


def render_result_text(result: StageResult, *, style: Style = _plain, symbols: bool = False) -> str:
    """One line per check (``ok``/``FAIL``/``skip``, or ✓/✗/○ with ``symbols``), the schema
    differences under a failed schema check, and a summary line."""
    marks = (
        {PASSED: "✓", FAILED: "✗", SKIPPED: "○"}
        if symbols
        else {PASSED: "ok", FAILED: "FAIL", SKIPPED: "skip"}
    )
    colours = {PASSED: "green", FAILED: "red", SKIPPED: "yellow"}
    width = max(len(m) for m in marks.values())

    def mark(status: str) -> str:
        return style(marks[status].ljust(width), fg=colours[status], bold=status == FAILED)

    lines = [f"{result.migration}: stage {result.stage} on {result.source}"]
    if result.schema is not None:
        check = result.schema
        status = PASSED if check.matches else FAILED
        lines.append(f"{mark(status)} schema is the {check.expected} schema ({check.expected_checksum})")
        if not check.matches:
            lines.append(
                f"{' ' * width}   differs (- expected but missing, + found but not expected, ~ different):"
            )
            lines += [f"{' ' * width}     {line}" for line in check.differences]
    for item in result.assertions:
        line = f"{mark(item.status)} {item.id} {item.description}"
        if item.status == FAILED:
            line += f": {item.error}" if item.error else f": {_violations(item)}"
        elif item.status == SKIPPED:
            line += f" ({item.error})"
        elif item.enforced:
            line += " (enforced: the table's constraints are validated, no scan)"
        lines.append(line)
    total = len(result.assertions) + (1 if result.schema is not None else 0)
    failed = len(result.failures) + (1 if result.schema is not None and not result.schema.matches else 0)
    skipped = sum(1 for a in result.assertions if a.status == SKIPPED)
    summary = f"{total - failed - skipped} passed, {failed} failed, {skipped} skipped"
    lines.append(style(summary, fg="red" if failed else "green", bold=True))
    return "\n".join(lines) + "\n"


def _violations(item: AssertionResult) -> str:
    if item.kind == "table":
        return f"{item.count} column(s) missing, extra or different"
    if item.kind == "row_count":
        return f"{item.count} row(s) more or fewer"
    return f"{item.count} violating row(s)"


def failure_summary(result: StageResult, *, stage: bool = True) -> str:
    """One line naming every failed check, for the error message; ``stage`` says which stage first."""
    named = []
    if result.schema is not None and not result.schema.matches:
        named.append(f"the live schema is not the {result.schema.expected} schema")
    for item in result.failures:
        where = f"{item.table}.{item.column}" if item.column else item.table
        detail = "error" if item.error else _violations(item)
        named.append(f"{item.id} {item.kind} {where} ({detail}): {item.description}")
    failed = "; ".join(named)
    return f"stage {result.stage} of {result.migration} failed: {failed}" if stage else failed
