"""What each generated statement costs the application while it runs: the lock it takes, and
whether it only changes the catalog, scans the table, or rewrites it.

Derived from the statement's kind with one table of rules per dialect (``_POSTGRES``,
``_SQLITE``), first match wins; docs/generate.md lists the same table.  The cost is the
reviewer's question "will this stall the application, and for how long?": a lock that
blocks reads and writes (PostgreSQL ``ACCESS EXCLUSIVE``, SQLite's database write lock)
is harmless for a catalog change and a stall for a scan or rewrite of a big table.  With
the tables' sizes (``explain --db``) :func:`estimate` turns the kind into rows and bytes,
and a SQLite rebuild into seconds at :data:`SQLITE_ROWS_PER_SECOND`.

Pure and light: ``explain`` imports it, so it reads SQL text with regular expressions,
never with a parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

# What a statement does to its table's rows while it holds its lock.
NONE, SCAN, REWRITE = "none", "scan", "rewrite"
EFFECTS = (NONE, SCAN, REWRITE)
# Locks that block the application's writes (and, for ACCESS EXCLUSIVE, its reads) while held.
BLOCKING = ("ACCESS EXCLUSIVE", "EXCLUSIVE", "SHARE ROW EXCLUSIVE", "SHARE", "database write lock")
SQLITE_WRITE = "database write lock"
# SQLite copies a rebuilt table at this many rows a second (a conservative round figure: on
# the benchmark machine a plain INSERT … SELECT of a 6-column table moved ~320,000 rows/s,
# and a whole swap that also rebuilds indexes and checks foreign keys, 1.2M rows in 27.5 s,
# ~44,000 rows/s; docs/generate.md).
SQLITE_ROWS_PER_SECOND = 50_000

_NAME = r'(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)'
_TABLE = rf"(?P<table>{_NAME}(?:\.{_NAME})?)"


@dataclass(frozen=True, slots=True)
class LockCost:
    """One statement's cost: the lock it takes, its effect on the table's rows, the table."""

    lock: str  # "none" when it locks no table
    effect: str  # one of EFFECTS
    table: str | None  # as the statement names it, unquoted
    note: str = ""  # why, when the kind alone does not say

    @property
    def blocks_writes(self) -> bool:
        return self.lock in BLOCKING

    def to_dict(self) -> dict[str, str | None]:
        found: dict[str, str | None] = {"lock": self.lock, "effect": self.effect, "table": self.table}
        return found | ({"note": self.note} if self.note else {})


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: str  # compiled when first tried (:func:`_compiled`)
    lock: str
    effect: str
    note: str = ""


def _rule(pattern: str, lock: str, effect: str, note: str = "") -> _Rule:
    return _Rule(pattern, lock, effect, note)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A rule's pattern, compiled once it is tried: a statement stops at the first rule that
    matches, and compiling all of them when the module is imported cost ``generate`` a fiftieth
    of a second (``diff`` does not import this module)."""
    return re.compile(pattern, re.I | re.S)


_ALTER = rf"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?{_TABLE}\s"
# PostgreSQL: the lock of each statement kind (https://www.postgresql.org/docs/current/explicit-locking.html,
# sql-altertable.html "Notes"); the first rule that matches wins, so the specific come first.
# The opening of a statement for servers of a version on (render.sql.ddl.since_server's block):
# its lock is that of the statement it opens on.
_SINCE_SERVER = r"DO \$wesley\$ BEGIN IF current_setting\('server_version_num'\)::integer >= \d+ THEN "
_POSTGRES = (
    _rule(r"^SET\s|^RESET\s|^SELECT\s", "none", NONE),
    _rule(
        rf"^LOCK TABLE {_TABLE} IN (?P<mode>[A-Z ]+?) MODE", "{mode}", NONE, "held until the transaction ends"
    ),
    _rule(
        rf"^CREATE (?:UNIQUE )?INDEX CONCURRENTLY (?:IF NOT EXISTS )?{_NAME} ON (?:ONLY )?{_TABLE}",
        "SHARE UPDATE EXCLUSIVE",
        SCAN,
        "built CONCURRENTLY: reads and writes go on during the scans",
    ),
    _rule(
        rf"^CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?{_NAME} ON (?:ONLY )?{_TABLE}",
        "SHARE",
        SCAN,
        "blocks writes while the index is built",
    ),
    # ALTER INDEX … SET/RESET locks the index alone, never its table; b-tree's parameters
    # take SHARE UPDATE EXCLUSIVE, the other methods' (GIN's fastupdate, …) ACCESS EXCLUSIVE.
    _rule(
        rf"^ALTER INDEX (?:IF EXISTS )?{_TABLE} (?:SET|RESET) "
        r"\((?:(?:fillfactor|deduplicate_items)(?: ?= ?'?\w+'?)?(?:, )?)+\)$",
        "SHARE UPDATE EXCLUSIVE",
        NONE,
        "on the index, not its table: nothing is rebuilt, pages written from now on follow it",
    ),
    _rule(
        rf"^ALTER INDEX (?:IF EXISTS )?{_TABLE} (?:SET|RESET) \(",
        "ACCESS EXCLUSIVE",
        NONE,
        "on the index, not its table (queries and writes that use the index wait); nothing is rebuilt",
    ),
    _rule(
        rf"^VACUUM (?:\([^)]*\) )?{_TABLE}",
        "SHARE UPDATE EXCLUSIVE",
        SCAN,
        "reads and writes go on; outside a transaction",
    ),
    _rule(r"^DROP INDEX CONCURRENTLY", "SHARE UPDATE EXCLUSIVE", NONE, "dropped CONCURRENTLY: writes go on"),
    _rule(r"^DROP INDEX", "ACCESS EXCLUSIVE", NONE),
    _rule(
        rf"^CREATE TABLE (?:IF NOT EXISTS )?{_NAME}(?:\.{_NAME})? PARTITION OF {_TABLE}",
        "ACCESS EXCLUSIVE",
        NONE,
        "on the parent: a new partition, made from the catalog (a DEFAULT partition is scanned)",
    ),
    _rule(
        rf"^CREATE TABLE (?:IF NOT EXISTS )?{_TABLE}",
        "ACCESS EXCLUSIVE",
        NONE,
        "a new table: no one uses it yet",
    ),
    _rule(rf"^DROP TABLE (?:IF EXISTS )?{_TABLE}", "ACCESS EXCLUSIVE", NONE),
    _rule(
        rf"^UPDATE (?:ONLY )?{_TABLE}",
        "ROW EXCLUSIVE",
        SCAN,
        "writes rows: blocks only writers of the same rows",
    ),
    _rule(rf"^(?:INSERT INTO|DELETE FROM) {_TABLE}", "ROW EXCLUSIVE", SCAN),
    _rule(rf"^CREATE (?:OR REPLACE )?TRIGGER .*? ON {_TABLE}", "SHARE ROW EXCLUSIVE", NONE),
    _rule(rf"^DROP TRIGGER (?:IF EXISTS )?{_NAME} ON {_TABLE}", "ACCESS EXCLUSIVE", NONE),
    _rule(rf"^COMMENT ON (?:TABLE|COLUMN) {_TABLE}", "SHARE UPDATE EXCLUSIVE", NONE),
    _rule(
        rf"^(?:CREATE|ALTER|DROP) POLICY {_NAME} ON {_TABLE}",
        "ACCESS EXCLUSIVE",
        NONE,
        "a catalog change: waits for the table's running queries",
    ),
    _rule(
        rf"^(?:{_SINCE_SERVER})?(?:GRANT|REVOKE|ALTER DEFAULT PRIVILEGES)\s",
        "none",
        NONE,
        "a catalog change: takes no table lock",
    ),  # a grant naming MAINTAIN is a block that names it from PostgreSQL 17 on only
    _rule(
        r"^CREATE MATERIALIZED VIEW\s.*\bWITH NO DATA$", "none", NONE, "a new materialized view, left empty"
    ),
    _rule(
        r"^CREATE MATERIALIZED VIEW\s",
        "ACCESS SHARE",
        SCAN,
        "runs its query: the tables it reads stay open to reads and writes",
    ),
    _rule(
        rf"^(?:CREATE\s+(?:OR\s+REPLACE\s+)?VIEW|DROP\s+(?:MATERIALIZED\s+)?VIEW\s+(?:IF\s+EXISTS\s+)?)\s*{_TABLE}",
        "ACCESS EXCLUSIVE",
        NONE,
        "on the view only, not on the tables it reads",
    ),
    _rule(r"^COMMENT ON\b", "SHARE UPDATE EXCLUSIVE", NONE, "on the object commented"),
    _rule(
        rf"{_ALTER}ATTACH PARTITION",
        "SHARE UPDATE EXCLUSIVE",
        SCAN,
        "on the parent (ACCESS EXCLUSIVE on the partition, scanned for a row outside its bound)",
    ),
    _rule(rf"{_ALTER}DETACH PARTITION", "ACCESS EXCLUSIVE", NONE, "on the parent and the partition"),
    _rule(
        rf"{_ALTER}(?:NO )?INHERIT ",
        "ACCESS EXCLUSIVE",
        NONE,
        "on the child; the parent: SHARE UPDATE EXCLUSIVE",
    ),
    _rule(
        rf"{_ALTER}VALIDATE CONSTRAINT",
        "SHARE UPDATE EXCLUSIVE",
        SCAN,
        "reads and writes go on during the scan",
    ),
    _rule(
        rf"{_ALTER}ADD CONSTRAINT {_NAME} FOREIGN KEY .* NOT VALID$",
        "SHARE ROW EXCLUSIVE",
        NONE,
        "NOT VALID: existing rows are checked later by VALIDATE",
    ),
    _rule(
        rf"{_ALTER}ADD CONSTRAINT {_NAME} FOREIGN KEY",
        "SHARE ROW EXCLUSIVE",
        SCAN,
        "checks every row, writes blocked",
    ),
    _rule(
        rf"{_ALTER}ADD CONSTRAINT .* NOT VALID$",
        "ACCESS EXCLUSIVE",
        NONE,
        "NOT VALID: existing rows are checked later",
    ),
    _rule(
        rf"{_ALTER}ADD CONSTRAINT {_NAME} (?:UNIQUE|PRIMARY KEY) USING INDEX",
        "ACCESS EXCLUSIVE",
        NONE,
        "uses an index already built",
    ),
    _rule(
        rf"{_ALTER}ADD CONSTRAINT {_NAME} (?:UNIQUE|PRIMARY KEY|EXCLUDE)",
        "ACCESS EXCLUSIVE",
        SCAN,
        "builds its index",
    ),
    _rule(rf"{_ALTER}ADD CONSTRAINT {_NAME} CHECK", "ACCESS EXCLUSIVE", SCAN, "checks every row"),
    _rule(
        rf"{_ALTER}(?:.*\bSET DATA TYPE\b|ALTER COLUMN {_NAME} TYPE\b)",
        "ACCESS EXCLUSIVE",
        REWRITE,
        "unless the types are binary-compatible",
    ),
    _rule(rf"{_ALTER}.*\bSET NOT NULL", "ACCESS EXCLUSIVE", SCAN, "checks every row for NULL"),
    _rule(
        rf"{_ALTER}ADD (?:COLUMN )?.*\bGENERATED ALWAYS AS \(.*\) STORED",
        "ACCESS EXCLUSIVE",
        REWRITE,
        "computes the column for every row",
    ),
    _rule(
        rf"{_ALTER}ALTER COLUMN {_NAME} SET EXPRESSION AS",
        "ACCESS EXCLUSIVE",
        REWRITE,
        "computes the generated column again for every row",
    ),
    _rule(
        rf"{_ALTER}ADD (?:COLUMN )?.*\bDEFAULT\b.*\b(?:GEN_RANDOM_UUID|RANDOM|CLOCK_TIMESTAMP|NEXTVAL|UUID_GENERATE_V4)\s*\(",
        "ACCESS EXCLUSIVE",
        REWRITE,
        "a volatile default is computed for every row",
    ),
    _rule(rf"{_ALTER}", "ACCESS EXCLUSIVE", NONE),
    # A renamed column's NOT NULL constraint renamed too, where the server has one (PostgreSQL 18).
    _rule(rf"^DO \$wesley\$ .*? THEN ALTER TABLE {_TABLE} RENAME CONSTRAINT", "ACCESS EXCLUSIVE", NONE),
    _rule(
        rf"^{_SINCE_SERVER}ALTER TABLE {_TABLE} ADD CONSTRAINT {_NAME} FOREIGN KEY .* NOT VALID;",
        "SHARE ROW EXCLUSIVE",
        SCAN,
        "NOT VALID from PostgreSQL 18 on; before, a partitioned table's key is added valid, its rows checked",
    ),
    _rule(
        r"^(?:CREATE(?: OR REPLACE)?|ALTER|DROP|COMMENT ON) (?:TYPE|DOMAIN|SCHEMA|SEQUENCE|FUNCTION|PROCEDURE|EXTENSION)\b",
        "none",
        NONE,
    ),
)
# SQLite: every write takes the one database write lock until its transaction ends
# (https://www.sqlite.org/lockingv3.html); in WAL mode readers go on.
_SQLITE = (
    _rule(r"^PRAGMA\b|^SELECT\s", "none", NONE),
    _rule(
        r"^(?:UPDATE|INSERT INTO) (?P<table>sqlite_sequence)\b",
        SQLITE_WRITE,
        NONE,
        "AUTOINCREMENT's counter carried over to the rebuilt table",
    ),
    _rule(
        rf"^INSERT INTO {_NAME}\s*\(.*?\)\s*SELECT .* FROM {_TABLE}",
        SQLITE_WRITE,
        REWRITE,
        "copies every row into the rebuilt table",
    ),
    _rule(rf"^CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?{_NAME} ON {_TABLE}", SQLITE_WRITE, SCAN),
    _rule(rf"^CREATE TABLE (?:IF NOT EXISTS )?{_TABLE}", SQLITE_WRITE, NONE),
    _rule(rf"^UPDATE {_TABLE}", SQLITE_WRITE, SCAN),
    _rule(rf"^DROP TABLE (?:IF EXISTS )?{_TABLE}", SQLITE_WRITE, NONE, "frees the table's pages"),
    _rule(rf"{_ALTER}DROP COLUMN", SQLITE_WRITE, REWRITE, "rewrites every row without the column"),
    _rule(rf"{_ALTER}ADD (?:COLUMN )?.*\b(?:CHECK|REFERENCES)\b", SQLITE_WRITE, SCAN, "checks every row"),
    _rule(rf"{_ALTER}", SQLITE_WRITE, NONE),
    _rule(r"^(?:DROP INDEX|CREATE TRIGGER|DROP TRIGGER|CREATE VIEW|DROP VIEW)\b", SQLITE_WRITE, NONE),
)
_RULES = {"postgres": _POSTGRES, "sqlite": _SQLITE}
_UNKNOWN = {"postgres": "ACCESS EXCLUSIVE", "sqlite": SQLITE_WRITE}

# A CHECK (col IS NOT NULL) that, once validated, lets PostgreSQL 12+ SET NOT NULL without a scan.
_NOT_NULL_CHECK = rf"{_ALTER}ADD CONSTRAINT (?P<name>{_NAME}) CHECK \((?P<column>{_NAME}) IS NOT NULL\)"
_VALIDATE = rf"{_ALTER}VALIDATE CONSTRAINT (?P<name>{_NAME})"
_CREATE_TABLE = re.compile(r"^CREATE TABLE ", re.I)
_DROP_CONSTRAINT = rf"{_ALTER}DROP CONSTRAINT (?:IF EXISTS )?(?P<name>{_NAME})"
_SET_NOT_NULL = rf"{_ALTER}ALTER COLUMN (?P<column>{_NAME}) SET NOT NULL$"


def unquote(name: str) -> str:
    """A name as the statement spells it, without its quotes (``"a"."b"`` → ``a.b``)."""
    parts = re.findall(rf"{_NAME}", name)
    return ".".join(p[1:-1].replace('""', '"') if p.startswith('"') else p.lower() for p in parts)


# PostgreSQL's table lock modes, weakest first: a transaction keeps the strongest it took.
_STRENGTH = (
    "none",
    "ACCESS SHARE",
    "ROW SHARE",
    "ROW EXCLUSIVE",
    "SHARE UPDATE EXCLUSIVE",
    "SHARE",
    "SHARE ROW EXCLUSIVE",
    "EXCLUSIVE",
    "ACCESS EXCLUSIVE",
)


def _stronger(held: str, lock: str) -> bool:
    rank = {name: n for n, name in enumerate(_STRENGTH)}
    return rank.get(held, 0) > rank.get(lock, 0)


def lock_costs(
    statements: Iterable[str], dialect: str, groups: Iterable[int] | None = None
) -> tuple[LockCost, ...]:
    """The cost of each statement, in order.  In order because an earlier statement can make a
    later one cheap: a validated ``CHECK (c IS NOT NULL)`` spares ``SET NOT NULL`` its scan,
    and a table an earlier statement created has no rows and no users yet.  ``groups``
    (statements.json's): a statement runs under the strongest lock an earlier statement of
    its transaction took on its table, held until the transaction ends."""
    checks: dict[str, tuple[str, str]] = {}  # constraint → (table, column) it proves NOT NULL
    proven: set[tuple[str, str]] = set()
    created: set[str] = set()  # tables the statements create: no one uses them yet
    held: dict[str, str] = {}  # table → the strongest lock its transaction holds so far
    costs = []
    texts = list(statements)
    marks = list(groups) if groups is not None else list(range(len(texts)))  # alone, unless grouped
    last = None
    for sql, group in zip(texts, marks, strict=True):
        if group != last:
            held, last = {}, group
        text = " ".join(sql.split())
        cost = lock_cost(text, dialect)
        if cost.table is not None and _stronger(held.get(cost.table, "none"), cost.lock):
            under = f"under the {held[cost.table]} lock an earlier statement of its transaction took"
            cost = LockCost(held[cost.table], cost.effect, cost.table, under)
        if cost.table is not None:
            held[cost.table] = cost.lock
        if _CREATE_TABLE.match(text):
            created.add(str(cost.table))
        elif cost.table in created:
            cost = LockCost(cost.lock, NONE, cost.table, "a table this migration creates: no one uses it yet")
        if dialect == "postgres":
            if found := _compiled(_NOT_NULL_CHECK).match(text):
                checks[unquote(found["name"])] = (unquote(found["table"]), unquote(found["column"]))
            elif (found := _compiled(_VALIDATE).match(text)) and unquote(found["name"]) in checks:
                proven.add(checks[unquote(found["name"])])
            elif (found := _compiled(_DROP_CONSTRAINT).match(text)) and unquote(found["name"]) in checks:
                proven.discard(checks.pop(unquote(found["name"])))
            elif (found := _compiled(_SET_NOT_NULL).match(text)) and (
                unquote(found["table"]),
                unquote(found["column"]),
            ) in proven:
                cost = LockCost(
                    cost.lock, NONE, cost.table, "a validated CHECK (… IS NOT NULL) proves it: no scan"
                )
        costs.append(cost)
    return tuple(costs)


def lock_cost(sql: str, dialect: str) -> LockCost:
    """The cost of one statement by its kind alone (see :func:`lock_costs` for the context)."""
    text = " ".join(sql.split())
    for rule in _RULES[dialect]:
        found = _compiled(rule.pattern).search(text)
        if found is None:
            continue
        groups = found.groupdict()
        table = unquote(groups["table"]) if groups.get("table") else None
        lock = rule.lock.format(mode=" ".join(groups.get("mode", "").upper().split()))
        return LockCost(lock, rule.effect, table, rule.note)
    return LockCost(
        _UNKNOWN[dialect], SCAN, None, "a statement kind wesley-gen does not know: assume the worst"
    )


# --- estimates from the tables' sizes (explain --db) --------------------------------------


@dataclass(frozen=True, slots=True)
class TableSize:
    """A table's size as the database estimates it (PostgreSQL ``pg_class``) or counts it (SQLite)."""

    rows: int
    bytes: int | None  # None when the database does not say (SQLite)


def estimate(cost: LockCost, sizes: Mapping[str, TableSize], dialect: str) -> str:
    """``scans ~1.2M rows (~95 MB)``, or for a SQLite rebuild how long the write lock is held;
    empty when the statement reads no rows or its table's size is not known."""
    if cost.effect == NONE or cost.table is None or cost.table not in sizes:
        return ""
    size = sizes[cost.table]
    verb = "scans" if cost.effect == SCAN else "rewrites"
    text = f"{verb} ~{_amount(size.rows)} rows"
    if size.bytes is not None:
        text += f" (~{_bytes(size.bytes)})"
    if dialect == "sqlite" and cost.lock == SQLITE_WRITE:
        seconds = size.rows / SQLITE_ROWS_PER_SECOND
        text += f": holds the write lock ~{_seconds(seconds)} (at ~{SQLITE_ROWS_PER_SECOND:,} rows/s)"
    return text


def rate_note(cost: LockCost, dialect: str) -> str:
    """Without sizes: how long a SQLite rebuild holds the write lock, per row count."""
    if dialect == "sqlite" and cost.effect == REWRITE:
        return f"holds the write lock ~1 s per {SQLITE_ROWS_PER_SECOND:,} rows"
    return ""


def _amount(n: int) -> str:
    for limit, suffix in ((1_000_000_000, "G"), (1_000_000, "M"), (1_000, "k")):
        if n >= limit:
            return f"{n / limit:.1f}".removesuffix(".0") + suffix
    return str(n)


def _bytes(n: int) -> str:
    for limit, suffix in ((1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "kB")):
        if n >= limit:
            return f"{n / limit:.0f} {suffix}" if n >= 10 * limit else f"{n / limit:.1f} {suffix}"
    return f"{n} bytes"


def _seconds(s: float) -> str:
    if s < 1:
        return f"{s * 1000:.0f} ms"
    return f"{s:.0f} s" if s >= 10 else f"{s:.1f} s"
