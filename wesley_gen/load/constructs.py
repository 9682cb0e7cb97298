"""Constructs whose status the code states once: modelled, or refused with the reason.

One row per construct and dialect, each with a schema that has it.  tests/test_constructs.py
holds every row to what the code does (a refused example fails to load or to generate with
the row's message; a modelled one loads and generates), and docs/inputs.md lists the rows
as :func:`markdown` writes them between :data:`MARKERS` (``make docs`` rewrites that part,
the test checks it).

Not yet every construct of docs/inputs.md: the rows here are those the loaders refuse by
name and those modelled since; a construct moves here when its status changes.
"""

from __future__ import annotations

from dataclasses import dataclass

MODELLED, REFUSED = "modelled", "refused"
# The lines of docs/inputs.md around the table :func:`markdown` writes.
MARKERS = (
    "<!-- generated from wesley_gen/load/constructs.py by `make docs`: do not edit -->",
    "<!-- end of the generated table -->",
)


@dataclass(frozen=True, slots=True)
class Construct:
    """``construct`` as the documentation names it; ``status`` MODELLED or REFUSED, ``reason``
    what the migration does with it or why it is refused; ``example`` a schema that has it;
    ``message`` a refused example's error (part of it)."""

    construct: str
    dialect: str
    status: str
    reason: str
    example: str
    message: str = ""


CONSTRUCTS: tuple[Construct, ...] = (
    Construct(
        "`GENERATED ALWAYS AS (…) STORED`", "postgres", MODELLED,
        "added with its column; a new expression is `SET EXPRESSION AS` (PostgreSQL 17+, rewrites the "
        "table), a dropped one `DROP EXPRESSION` (irreversible)",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer GENERATED ALWAYS AS (a * 2) STORED);",
    ),
    Construct(
        "`GENERATED ALWAYS AS (…) VIRTUAL`", "postgres", REFUSED,
        "not supported yet (PostgreSQL 18's virtual generated columns)",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer GENERATED ALWAYS AS (a * 2) VIRTUAL);",
        "virtual generated column t.b: not supported yet",
    ),
    Construct(
        "index storage parameters `WITH (fillfactor = …)`", "postgres", MODELLED,
        "changed alone: `ALTER INDEX … RESET / SET (…)`, the index is not rebuilt",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer); CREATE INDEX t_a_idx ON t (a) WITH (fillfactor = 70);",
    ),
    Construct(
        "`toast.*` storage parameters", "postgres", REFUSED,
        "not supported yet (they are the TOAST table's)",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer) WITH (toast.autovacuum_enabled = off);",
        "the storage parameter toast.autovacuum_enabled is not supported yet",
    ),
    Construct(
        "`PARTITION BY`", "postgres", REFUSED,
        "not supported yet",
        "CREATE TABLE events (id integer, at date) PARTITION BY RANGE (at);",
        "partitioned table events: not supported yet",
    ),
    Construct(
        "`INHERITS`", "postgres", REFUSED,
        "not supported yet",
        "CREATE TABLE t (id integer PRIMARY KEY, a integer); CREATE TABLE child (b integer) INHERITS (t);",
        "not supported yet",
    ),
    Construct(
        "`CREATE COLLATION`", "postgres", REFUSED,
        "not supported yet",
        "CREATE COLLATION bytewise (provider = libc, locale = 'C');",
        "collation bytewise: CREATE COLLATION is not supported yet",
    ),
    Construct(
        "`CREATE TYPE … AS RANGE`", "postgres", REFUSED,
        "range types of your own are outside the model (the built-in ranges are modelled)",
        "CREATE TYPE floatrange AS RANGE (subtype = float8);",
        "CREATE TYPE floatrange AS RANGE is not supported",
    ),
    Construct(
        "`GENERATED ALWAYS AS (…) VIRTUAL` / `STORED`", "sqlite", MODELLED,
        "any change to a generated column rebuilds the table",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER AS (a * 2), c INTEGER AS (a * 3) STORED);",
    ),
    Construct(
        "`INTEGER PRIMARY KEY AUTOINCREMENT`", "sqlite", MODELLED,
        "added or dropped by a rebuild; every rebuild carries its `sqlite_sequence` counter over",
        "CREATE TABLE log (id INTEGER PRIMARY KEY AUTOINCREMENT, msg TEXT);",
    ),
    Construct(
        "`AUTOINCREMENT` off a rowid table's `INTEGER PRIMARY KEY`", "sqlite", REFUSED,
        "SQLite refuses it",
        "CREATE TABLE log (id INT PRIMARY KEY AUTOINCREMENT, msg TEXT);",
        "AUTOINCREMENT on log.id: SQLite allows it only on the INTEGER PRIMARY KEY of a rowid table",
    ),
)  # fmt: skip

_DIALECTS = {"postgres": "PostgreSQL", "sqlite": "SQLite"}


def markdown() -> str:
    """The rows as docs/inputs.md lists them: one table, PostgreSQL's rows first."""
    lines = ["| construct | dialect | status |", "|---|---|---|"]
    for row in sorted(CONSTRUCTS, key=lambda c: (c.dialect, c.status, c.construct)):
        lines.append(f"| {row.construct} | {_DIALECTS[row.dialect]} | {row.status}: {row.reason} |")
    return "\n".join(lines) + "\n"
