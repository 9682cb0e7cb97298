"""Running a migration's statements (``statements.json``) against a database.

The statements come as data, never as SQL text to split: each group of consecutive
statements runs in one transaction, and a statement that cannot run inside one
(``transaction: false``) runs alone in autocommit, as ``psql``/``sqlite3`` would run
the ``.sql`` files rendered from the same list.  A failure rolls its transaction back
and is reported with the statement and the database's message, and with the statements
that took effect before it, so that a restore undoes only those.

On PostgreSQL the runner, not the files, bounds the waits (:class:`Timeouts`): every
statement runs under ``lock_timeout`` — short (50 ms by default) for a group that takes a
lock blocking the application's writes, so that a statement queued behind a long
transaction for a strong lock never holds up the queries that arrive after it for
longer than that — and a group whose lock wait timed out is rolled back and tried again
as a whole (its transaction, never a part of it) after a jittered, doubling pause, a
bounded number of times.
"""

from __future__ import annotations

import random
import re
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from wesley_gen import identifiers
from wesley_gen.database_url import DatabaseUrl
from wesley_gen.errors import DatabaseError, Location, ProblemFound, first_line
from wesley_gen.locks import NONE, lock_costs
from wesley_gen.progress import Advance, Progress
from wesley_gen.statements import DbObject, Statement, transactions

if TYPE_CHECKING:
    import psycopg
    from sqlglot import exp


@dataclass(frozen=True, slots=True)
class ScriptFailure:
    statement: str
    message: str


@dataclass(frozen=True, slots=True)
class ScriptRun:
    """What running statements did: statements run, rows they wrote (DDL counts none), and
    one line for each time a group was tried again after a lock timeout."""

    statements: int
    rows: int
    retries: tuple[str, ...] = ()


class StatementFailed(ProblemFound):
    """A statement of a migration failed; its transaction was rolled back (exit 1).

    ``applied`` holds the statements that took effect: those of the groups that
    committed, and the failed statement itself when it ran outside a transaction and may
    have left something behind (a ``CONCURRENTLY`` build leaves an invalid index) unless
    it failed because its object existed already (then it made nothing)."""

    def __init__(
        self,
        script: str,
        failure: ScriptFailure,
        applied: Sequence[Statement] = (),
        retries: Sequence[str] = (),
    ) -> None:
        super().__init__(f"{failure.message} (in: {failure.statement})", location=Location(script))
        self.failure = failure
        self.applied = tuple(applied)
        self.retries = tuple(retries)


# Seconds a statement whose lock blocks the application's writes waits for it (PostgreSQL's
# lock_timeout).  While it waits, every query that arrives after it on the table queues behind
# its request, so this is what it can add to the application's slowest statement: the online
# benchmark's writers (docs/benchmarks.md) are held to 100 ms in all.  pgroll uses 500 ms.
DEFAULT_LOCK_TIMEOUT = 0.05
# Short waits fail more often on a busy table: enough retries, with pauses that start short
# and grow, that the statement still finds a moment when the table is free (~1 minute in all).
DEFAULT_LOCK_RETRIES = 20
DEFAULT_BACKOFF = 0.1
# Seconds a statement whose lock lets the application read and write (CREATE INDEX
# CONCURRENTLY, VALIDATE, VACUUM: SHARE UPDATE EXCLUSIVE) waits: nobody queues behind it, and
# longer than PostgreSQL's deadlock_timeout (1 s), after which an autovacuum in its way is
# cancelled, which a shorter wait would never see.
DEFAULT_WEAK_LOCK_TIMEOUT = 2.0
_LONGEST_PAUSE = 5.0  # seconds: the doubling pause between retries stops growing here
# PostgreSQL's statement_timeout of each statement when none is asked for (--statement-timeout),
# by what the statement does (locks.py).  One whose lock stops the application's writes and
# that only changes the catalog takes milliseconds: if it runs for seconds it is not what the
# plan expected (a rewrite, or a scan under that lock), so it is cut off before the queue of
# the application's queries behind it grows; its lock wait is bounded apart (lock_timeout, at
# most DEFAULT_WEAK_LOCK_TIMEOUT), so this is time spent working.
DEFAULT_CATALOG_STATEMENT_TIMEOUT = 10.0
# The others — one that reads or rewrites a table (VALIDATE, CREATE INDEX CONCURRENTLY, VACUUM,
# backfill.py's count), or whose lock lets the application go on — get time in proportion to
# the table and the tables its foreign keys reference: 10 minutes, plus a second per MB at a
# rate far below what any disk reads (a cold sequential scan reads hundreds of MB a second; an
# index build scans twice and sorts).  It never cuts off a build that makes progress, and stops
# one that crawls for hours — holding back every vacuum's horizon meanwhile — on a disk starved
# by something else.
SCAN_STATEMENT_TIMEOUT = 600.0
SCAN_BYTES_PER_SECOND = 1_000_000


def scan_timeout(size: int) -> float:
    """The statement_timeout of a scan of ``size`` bytes (:data:`SCAN_STATEMENT_TIMEOUT`)."""
    return SCAN_STATEMENT_TIMEOUT + size / SCAN_BYTES_PER_SECOND


# The migration's own sessions on PostgreSQL (statements, contract checks, backfill.py) run
# as background work beside the application:
# - they plan no parallel workers: a scan, VALIDATE or index build then takes one CPU of the
#   server, not three (PostgreSQL's defaults let a query or an index build start two workers
#   besides itself), and leaves the others to the application's commits;
# - they ask the kernel to write the data pages they dirty every 256 kB (``backend_flush_after``,
#   0 by default for backends).  A backfill, a VACUUM or an index build otherwise leaves hundreds
#   of MB in the page cache, which the kernel writes out all at once when they expire (30 s
#   later on Linux), while every commit of the application waits for its WAL flush behind them.
#   PostgreSQL's own background writers do the same (``bgwriter_flush_after``,
#   ``checkpoint_flush_after``); the setting does nothing where the kernel has no such call.
BACKGROUND = {
    "max_parallel_workers_per_gather": "0",
    "max_parallel_maintenance_workers": "0",
    "backend_flush_after": "256kB",
}


def as_background(conn: psycopg.Connection[Any]) -> None:
    """Give the session :data:`BACKGROUND`'s settings (for the session, not the transaction)."""
    for setting in BACKGROUND.items():
        conn.execute("SELECT set_config(%s, %s, false)", setting)


@dataclass(frozen=True, slots=True)
class Timeouts:
    """PostgreSQL: how long each statement may wait for a lock (``lock_timeout``: ``lock``
    for a statement whose lock blocks the application's writes, at least ``weak`` for the
    others; 0: no limit) and run (``statement_timeout``: ``statement`` for every statement, 0
    no limit, None by kind, see :meth:`run_limit`), and how many times a group whose lock wait
    timed out is tried again, after ``backoff`` seconds doubling each time."""

    lock: float = DEFAULT_LOCK_TIMEOUT
    retries: int = DEFAULT_LOCK_RETRIES
    statement: float | None = None
    backoff: float = DEFAULT_BACKOFF
    weak: float = DEFAULT_WEAK_LOCK_TIMEOUT

    def pause(self, attempt: int, rng: random.Random) -> float:
        """Before retry ``attempt`` (1, 2, …): doubling, jittered so that runs that timed
        out together do not come back together."""
        return min(_LONGEST_PAUSE, self.backoff * 2.0 ** (attempt - 1)) * rng.uniform(0.5, 1.0)

    def lock_wait(self, group: Sequence[Statement], *, last: bool = False) -> float:
        """The ``lock_timeout`` of one group: ``lock`` when one of its statements takes a lock
        that blocks writes (the queries after it would queue behind its request), else the
        longer ``weak`` wait.  The ``last`` try of a group (its retries used up) waits
        ``weak`` too: PostgreSQL cancels an autovacuum that holds the table only for a wait of
        deadlock_timeout (1 s), which no short wait reaches, so a long autovacuum would
        otherwise fail the migration; one stall of at most ``weak`` is the lesser harm."""
        if self.lock == 0:
            return 0.0
        blocking = bool(blocked_tables(group)) and not (last and self.retries)
        return self.lock if blocking else max(self.lock, self.weak)

    def run_limit(self, group: Sequence[Statement], size: Callable[[Sequence[str]], int]) -> float:
        """The ``statement_timeout`` of one group: ``statement`` when asked for; else
        :data:`DEFAULT_CATALOG_STATEMENT_TIMEOUT` when each of its statements only changes the
        catalog under a lock that blocks writes; else :func:`scan_timeout` of the largest table
        a statement scans or rewrites (``size``: the bytes of tables and the tables their
        foreign keys reference, by name; 0 when none does)."""
        if self.statement is not None:
            return self.statement
        costs = lock_costs((s.sql for s in group), "postgres", (s.group for s in group))
        if all(c.effect == NONE and c.blocks_writes for c in costs):
            return DEFAULT_CATALOG_STATEMENT_TIMEOUT
        scanned = [c.table for c in costs if c.effect != NONE]
        return scan_timeout(max((size([table]) if table is not None else 0 for table in scanned), default=0))


def _seconds(value: float) -> str:
    """``2s``, ``0.1s``: a timeout as the runner reports it."""
    return f"{value:g}s"


def blocked_tables(group: Sequence[Statement]) -> list[str]:
    """The tables whose writes ``group``'s locks would block, as its statements name them."""
    costs = lock_costs((s.sql for s in group), "postgres", (s.group for s in group))
    return list(dict.fromkeys(c.table for c in costs if c.blocks_writes and c.table is not None))


@dataclass(frozen=True, slots=True)
class Retrying:
    """How a run tries a group again: its timeouts, where it says so, how it waits."""

    timeouts: Timeouts
    say: Callable[[str], None]
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)


def run_statements(
    url: DatabaseUrl,
    statements: Sequence[Statement],
    *,
    name: str = "statements",
    retrying: Retrying | None = None,
    advance: Advance | None = None,
    copying: Copying | None = None,
) -> ScriptRun:
    """Run ``statements``, each group in one transaction (see the module docstring);
    ``retrying``: PostgreSQL's timeouts and retries (None: neither); ``advance(1)`` after
    each statement; ``copying``: the progress of a SQLite table rebuild's copy of its rows."""
    if url.is_sqlite:
        return _run(_SqliteConnection(url, copying), statements, name, None, advance)
    timeouts = retrying.timeouts if retrying is not None else None
    return _run(_PostgresConnection(url, timeouts), statements, name, retrying, advance)


class _GroupFailed(Exception):
    def __init__(self, running: str, error: Exception) -> None:
        super().__init__(running)
        self.running = running
        self.error = error


class _Stopped(Exception):
    """Statement ``at`` of a list run together failed with ``error``; those before it ran,
    writing ``rows`` rows each."""

    def __init__(self, at: int, error: Exception, rows: Sequence[int]) -> None:
        super().__init__(at)
        self.at = at
        self.error = error
        self.rows = tuple(rows)


def _run_group(
    conn: _Connection, group: Sequence[Statement], advance: Advance, limits: tuple[float, float] | None
) -> int:
    """Run one group (``limits``: its lock_timeout and statement_timeout, None: the session's); rows written.

    A transaction is sent whole (``BEGIN``, its statements, ``COMMIT``): its locks are held
    for the time the server takes, not for a round trip of a busy client per statement."""
    sqls = ["BEGIN", *(s.sql for s in group), "COMMIT"] if group[0].transaction else [group[0].sql]
    try:
        if limits is not None:
            conn.limit(*limits)
        rows = conn.execute_together(sqls)
    except conn.errors as error:  # setting the lock wait failed
        conn.rollback()
        raise _GroupFailed("BEGIN" if group[0].transaction else group[0].sql, error) from None
    except _Stopped as stopped:
        conn.rollback()
        for _ in range(max(stopped.at - 1, 0) if group[0].transaction else 0):  # those after BEGIN that ran
            advance(1)
        # What failed: COMMIT can fail too (deferred checks).
        raise _GroupFailed(sqls[stopped.at], stopped.error) from None
    for _ in group:
        advance(1)
    return sum(rows)


def _run(
    conn: _Connection,
    statements: Sequence[Statement],
    name: str,
    retrying: Retrying | None,
    advance: Advance | None,
) -> ScriptRun:
    groups = list(transactions(statements))
    done: set[int] = set()
    tries: dict[int, int] = {}  # retries so far, by the index of the group that timed out
    retried: list[str] = []
    rows, index, counted = 0, 0, 0

    def advanced(n: int) -> None:
        nonlocal counted
        counted += n
        if advance is not None:
            advance(n)

    def applied(*more: int) -> list[Statement]:
        return [s for i in sorted({*done, *more}) for s in groups[i]]

    try:
        while index < len(groups):
            group = groups[index]
            limits = None
            if retrying is not None:
                last = tries.get(index, 0) == retrying.timeouts.retries
                limits = (
                    retrying.timeouts.lock_wait(group, last=last),
                    retrying.timeouts.run_limit(group, conn.table_bytes),
                )
            waits = limits[0] if limits is not None else None
            why = _in_the_way(conn, retrying, group, tries.get(index, 0))
            if retrying is not None and why:  # not queued: the application's writes would queue behind it
                tries[index] = tries.get(index, 0) + 1
                retried.append(_wait(retrying, name, group[0].group, why, tries[index]))
                continue
            try:
                rows += _run_group(conn, group, advanced, limits)
            except _GroupFailed as failed:
                timed_out = retrying is not None and conn.lock_timed_out(failed.error)
                if retrying is not None and timed_out and tries.get(index, 0) < retrying.timeouts.retries:
                    tries[index] = tries.get(index, 0) + 1
                    why = _timed_out(waits or 0.0, failed.running)
                    line = _wait(retrying, name, group[0].group, why, tries[index])
                    retried.append(line)
                    index = _retry_from(groups, index)
                    advanced(sum(len(g) for g in groups[:index]) - counted)  # what is run again counts again
                    continue
                message = conn.message(failed.error)
                if retrying is not None and timed_out:
                    message = f"{_timed_out(waits or 0.0, failed.running)}, gave up after {tries.get(index, 0)} retries"
                left = (index,) if not group[0].transaction and not conn.exists(failed.error) else ()
                failure = ScriptFailure(failed.running, message)
                raise StatementFailed(name, failure, applied(*left), retried) from None
            done.add(index)
            index += 1
    finally:
        conn.close()
    return ScriptRun(len(applied()), rows, tuple(retried))


def _in_the_way(conn: _Connection, retrying: Retrying | None, group: Sequence[Statement], tried: int) -> str:
    """What holds a table whose writes ``group`` would block, that its try would only queue
    behind, holding up the application's writes for the whole short wait: an autovacuum (see
    :meth:`_PostgresConnection.autovacuuming`).  Asked before each try with a lock wait, but
    the last, which waits past deadlock_timeout to have it cancelled."""
    if retrying is None or not retrying.timeouts.lock or tried >= retrying.timeouts.retries:
        return ""
    vacuumed = conn.autovacuuming(blocked_tables(group))
    return f"autovacuum is working on {vacuumed}" if vacuumed else ""


def _wait(retrying: Retrying, name: str, group: int, why: str, attempt: int) -> str:
    """Say that group ``group`` is tried again and ``why``, and pause; the line said."""
    pause = retrying.timeouts.pause(attempt, retrying.rng)
    line = f"{name} group {group}: {why}, retry {attempt}/{retrying.timeouts.retries} in {pause:.1f}s"
    retrying.say(line)
    retrying.sleep(pause)
    return line


def _timed_out(waited: float, sql: str) -> str:
    """``lock timeout on users (ALTER TABLE … ADD CONSTRAINT … CHECK) after 0.05s``: the table
    and the kind of statement, which say whose lock it waited for and why."""
    return f"lock timeout on {_locked(sql)} ({statement_kind(sql)}) after {_seconds(waited)}"


# Words that only lead to the next name: a kind does not end with them.
_CONNECTORS = frozenset({"ON", "TO", "FROM", "AS"})
# The statements whose kind goes on after the first name: what they do to it.
_ACTIONS = ("ALTER ", "LOCK ")


def statement_kind(sql: str) -> str:
    """A statement's kind in its own words, names left out: its leading keywords, and for
    ``ALTER``/``LOCK`` what it does (at most two more runs of keywords, a name between runs
    shown as …): ``ALTER TABLE … ALTER COLUMN … SET NOT NULL``, ``CREATE UNIQUE INDEX
    CONCURRENTLY``, ``UPDATE``.  Generated SQL spells keywords in capitals and quotes names;
    an unquoted name in capitals would read as a keyword, which only lengthens the kind."""
    runs: list[list[str]] = [[]]
    most = 3 if sql.lstrip().upper().startswith(_ACTIONS) else 1
    for word in sql.split():
        if word.isalpha() and word.isupper():
            runs[-1].append(word)
            continue
        if not (word[0] == '"' or word[0].isalpha() or word[0] == "_") or len(runs) == most:
            break  # a value, a parenthesis or an operator: the kind is said
        if runs[-1]:
            runs.append([])
        if "(" in word:
            break  # a name with its column list: "users"("email")
    kept = [run for run in runs if run]
    if len(kept) > 1 and set(kept[-1]) <= _CONNECTORS:
        kept.pop()
    return " … ".join(" ".join(run) for run in kept) or (sql.split() or ["statement"])[0].upper()


_NAME = r'(?:"(?:[^"]|"")*"|[\w$]+)(?:\.(?:"(?:[^"]|"")*"|[\w$]+))?'
_LOCKED = (
    re.compile(rf"\bON\s+(?:ONLY\s+)?({_NAME})", re.IGNORECASE),
    re.compile(
        rf"\b(?:TABLE|INDEX|DOMAIN|TYPE|SEQUENCE|FROM)\s+(?:(?:IF\s+EXISTS|ONLY|CONCURRENTLY)\s+)*({_NAME})",
        re.IGNORECASE,
    ),
)


def _locked(sql: str) -> str:
    """The object a statement waits for, as it names it (the table, mostly), without quotes."""
    for pattern in _LOCKED:
        if found := pattern.search(sql):
            return found.group(1).replace('"', "")
    return "its objects"


def _retry_from(groups: Sequence[Sequence[Statement]], index: int) -> int:
    """Where to try again from: the group itself, or, for a ``CREATE INDEX CONCURRENTLY``
    whose lock wait timed out (it leaves an invalid index behind), the drop of that
    leftover the plan put just before it."""
    build = groups[index]
    if index and not build[0].transaction and "INDEX CONCURRENTLY" in build[0].sql.upper():
        before = groups[index - 1]
        if len(before) == 1 and before[0].sql.upper().startswith("DROP INDEX CONCURRENTLY IF EXISTS"):
            return index - 1
    return index


class _Connection(Protocol):
    @property
    def errors(self) -> type[Exception]:
        """What the driver raises for a statement that fails."""

    def execute(self, sql: str) -> int:
        """Run one statement in autocommit mode (or in the transaction begun); rows written."""

    def execute_together(self, sqls: Sequence[str]) -> list[int]:
        """Run ``sqls`` in order, sent at once where the driver can; rows each wrote.
        Raises :class:`_Stopped` at the first that fails (the rest do not run)."""

    def rollback(self) -> None:
        """End an open transaction, if any, undoing it."""

    def message(self, error: Exception) -> str: ...

    def exists(self, error: Exception) -> bool:
        """Whether ``error`` says the object a statement creates exists already."""

    def lock_timed_out(self, error: Exception) -> bool:
        """Whether ``error`` is a lock wait that ran out of time (PostgreSQL's lock_timeout)."""

    def limit(self, waits: float, runs: float) -> None:
        """Set how long the next statements wait for a lock and run (PostgreSQL's lock_timeout
        and statement_timeout)."""

    def table_bytes(self, tables: Sequence[str]) -> int:
        """The bytes of ``tables`` (named as statements name them) and of the tables their
        foreign keys reference, indexes included (0 for a table not found)."""

    def autovacuuming(self, tables: Sequence[str]) -> str:
        """Which of ``tables`` (named as statements name them) an autovacuum holds now, with its
        pid (``accounts (pid 123)``); empty when none does."""

    def close(self) -> None: ...


# The progress of copying ``total`` rows of a table (named without quotes), for rows as they are copied.
Copying = Callable[[str, int], Progress]
# SQLite: a table rebuild's copy of its rows, as render/sql/sqlite.py writes it: every row of
# one table into the table's new shape, named with plan.REBUILD_SUFFIX (run does not import
# plan); _in_parts checks the rest.
REBUILT = "__wesley_rebuild"
_COPY = re.compile(r'INSERT INTO ("(?:[^"]|"")+)" \(.*\) SELECT .* FROM ("(?:[^"]|"")+")', re.DOTALL)
COPY_PART = 50_000  # rows, about: a copy of more is run in parts (rowid ranges), to show progress
_ROWID = ("rowid", "_rowid_", "oid")  # its names, unless a column takes them


class _SqliteConnection:
    def __init__(self, url: DatabaseUrl, copying: Copying | None = None) -> None:
        self.copying = copying
        try:
            self.conn = sqlite3.connect(url.sqlite_uri("rw"), uri=True, isolation_level=None)
        except sqlite3.Error as error:
            raise DatabaseError(
                f"database could not be opened: {error}", location=Location(url.text)
            ) from None

    @property
    def errors(self) -> type[Exception]:
        return sqlite3.Error

    def execute(self, sql: str) -> int:
        return max(self.conn.execute(sql).rowcount, 0)

    def execute_together(self, sqls: Sequence[str]) -> list[int]:
        rows: list[int] = []
        for sql in sqls:
            try:
                copy = _COPY.fullmatch(sql) if self.copying is not None else None
                if copy is None or copy.group(1) != copy.group(2)[:-1] + REBUILT:
                    rows.append(self.execute(sql))
                else:
                    rows.append(self.copy(sql, copy.group(2)))
            except sqlite3.Error as error:
                raise _Stopped(len(rows), error, rows) from None
        return rows

    def copy(self, sql: str, table: str) -> int:
        """Run a rebuild's copy of ``table``'s rows (``table`` quoted), showing how many are
        copied: a large table in parts, rowid ranges in rowid order (the order of the whole
        table's scan), within the same transaction, so the swap stays one; rows written.  A
        table without a rowid, or of a few rows, or a copy not as the plan writes it, is
        copied in one statement, as written."""
        from sqlglot import exp

        assert self.copying is not None
        name = table[1:-1].replace('""', '"')
        taken = {
            row[0].lower() for row in self.conn.execute("SELECT name FROM pragma_table_xinfo(?)", (name,))
        }
        rowid = next((exp.column(alias) for alias in _ROWID if alias not in taken), None)
        source = identifiers.table(name)
        total = self.conn.execute(
            exp.select(exp.Count(this=exp.Star())).from_(source).sql("sqlite")
        ).fetchone()[0]
        part = _in_parts(sql, rowid) if rowid is not None and total > COPY_PART else None
        if part is None or rowid is None:
            return self.execute(sql)
        ends = (exp.select(exp.func(end, rowid)).from_(source).subquery() for end in ("min", "max"))
        try:  # each end its own query: SQLite reads one end of the b-tree for it
            low, high = self.conn.execute(exp.select(*ends).sql("sqlite")).fetchone()
        except sqlite3.OperationalError:  # WITHOUT ROWID: no such column (the transaction goes on)
            return self.execute(sql)
        width = -(-(high - low + 1) // -(-total // COPY_PART))  # the rowids of a part, ceiling
        rows = 0
        with self.copying(name, total) as shown:
            for start in range(low, high + 1, width):
                copied = max(self.conn.execute(part, (start, min(start + width - 1, high))).rowcount, 0)
                rows += copied
                shown.advance(copied)
        return rows

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def message(self, error: Exception) -> str:
        return str(error)

    def exists(self, error: Exception) -> bool:
        return "already exists" in str(error)

    def lock_timed_out(self, error: Exception) -> bool:
        return False  # SQLite has no lock_timeout: a writer waits for its busy timeout

    def limit(self, waits: float, runs: float) -> None:
        """SQLite has no lock_timeout (never called: SQLite runs get no timeouts)."""

    def table_bytes(self, tables: Sequence[str]) -> int:
        return 0  # never asked: SQLite runs get no timeouts

    def autovacuuming(self, tables: Sequence[str]) -> str:
        return ""  # never asked, as table_bytes

    def close(self) -> None:
        self.conn.close()


# What a copy in parts must not have: a part would give other rows than the whole.
_WHOLE_ONLY = (
    "where",
    "group",
    "having",
    "distinct",
    "limit",
    "offset",
    "order",
    "joins",
    "windows",
    "qualify",
)


def _in_parts(sql: str, rowid: exp.Column) -> str | None:
    """``sql`` (a rebuild's copy) for one part: ``… WHERE rowid >= ? AND rowid <= ?``; None
    when sqlglot would not write ``sql`` back as it is, or a part would give other rows."""
    import sqlglot
    from sqlglot import exp

    try:
        tree = sqlglot.parse_one(sql, read="sqlite")
    except sqlglot.errors.ParseError:
        return None
    select = tree.expression if isinstance(tree, exp.Insert) else None
    if (
        tree.sql("sqlite") != sql
        or not isinstance(select, exp.Select)
        or any(select.args.get(key) for key in _WHOLE_ONLY)
        or any(e.find(exp.AggFunc, exp.Window) for e in select.expressions)
    ):
        return None
    select.where(exp.and_(rowid >= exp.Placeholder(), rowid <= exp.Placeholder()), copy=False)
    return tree.sql("sqlite")


# duplicate_table (relations: tables, indexes), duplicate_column, duplicate_object
_DUPLICATE = frozenset({"42P07", "42701", "42710"})


class _PostgresConnection:
    def __init__(self, url: DatabaseUrl, timeouts: Timeouts | None = None) -> None:
        import psycopg

        self.limits: tuple[float, float] | None = None  # the session's lock_timeout and statement_timeout
        try:
            self.conn = psycopg.connect(url.text, autocommit=True, connect_timeout=5)
            if timeouts is not None:  # for the session: every statement, in or out of a transaction
                as_background(self.conn)
        except psycopg.Error as error:
            raise DatabaseError(
                f"database could not be reached: {first_line(error)}", location=Location(url.redacted)
            ) from None

    @property
    def errors(self) -> type[Exception]:
        import psycopg

        return psycopg.Error

    def execute(self, sql: str) -> int:
        return max(self.conn.execute(sql.encode("utf-8")).rowcount, 0)

    def execute_together(self, sqls: Sequence[str]) -> list[int]:
        """In one pipeline: the server runs each statement as soon as the one before it
        ends; after a failure it skips the rest (until the pipeline's sync)."""
        import psycopg

        if len(sqls) == 1:
            try:
                return [self.execute(sqls[0])]
            except psycopg.Error as error:
                raise _Stopped(0, error, []) from None
        cursors = []
        try:
            with self.conn.pipeline():
                for sql in sqls:
                    cursors.append(self.conn.execute(sql.encode("utf-8")))
        except psycopg.Error as error:
            ok = (psycopg.pq.ExecStatus.COMMAND_OK, psycopg.pq.ExecStatus.TUPLES_OK)
            ran = [c for c in cursors if c.pgresult is not None and c.pgresult.status in ok]
            raise _Stopped(len(ran), error, [max(c.rowcount, 0) for c in ran]) from None
        return [max(c.rowcount, 0) for c in cursors]

    def rollback(self) -> None:
        import psycopg

        if self.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            self.conn.execute(b"ROLLBACK")

    def message(self, error: Exception) -> str:
        return first_line(error)

    def exists(self, error: Exception) -> bool:
        return getattr(error, "sqlstate", None) in _DUPLICATE

    def lock_timed_out(self, error: Exception) -> bool:
        return getattr(error, "sqlstate", None) == LOCK_NOT_AVAILABLE

    def limit(self, waits: float, runs: float) -> None:
        if (waits, runs) != self.limits:
            self.conn.execute(
                "SELECT set_config('lock_timeout', %s, false), set_config('statement_timeout', %s, false)",
                (milliseconds(waits), milliseconds(runs)),
            )
            self.limits = (waits, runs)

    def table_bytes(self, tables: Sequence[str]) -> int:
        return relation_bytes(self.conn, tables)

    def autovacuuming(self, tables: Sequence[str]) -> str:
        """An autovacuum's lock (SHARE UPDATE EXCLUSIVE) conflicts with every lock that blocks
        writes, and PostgreSQL cancels it only for a lock request that waited deadlock_timeout
        (1 s by default): each try queued behind it would hold up the application's writes for
        the whole lock_timeout, and time out.  So a group is not tried while one holds its table."""
        if not tables:
            return ""
        try:
            found = self.conn.execute(_AUTOVACUUMING, {"tables": list(tables)}).fetchall()
        except self.errors:  # a look that failed leaves the try to its lock wait, as before
            return ""
        return ", ".join(f"{table} (pid {pid})" for table, pid in found)

    def close(self) -> None:
        self.conn.close()


LOCK_NOT_AVAILABLE = "55P03"  # what a statement raises when its lock_timeout runs out

# The tables named (as in _RELATION_BYTES) that an autovacuum worker holds a lock on, with its pid.
_AUTOVACUUMING = """
    SELECT DISTINCT c.relname, l.pid
    FROM pg_catalog.pg_locks AS l
    JOIN pg_catalog.pg_stat_activity AS a ON a.pid = l.pid
    JOIN pg_catalog.pg_class AS c ON c.oid = l.relation
    JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
    WHERE l.locktype = 'relation' AND l.granted AND a.backend_type = 'autovacuum worker'
      AND (n.nspname || '.' || c.relname = ANY(%(tables)s)
           OR (n.nspname = current_schema() AND c.relname = ANY(%(tables)s)))
    ORDER BY 1, 2
"""

# The tables named (``users``, or ``app.users`` outside the current schema), the tables their
# foreign keys reference (a VALIDATE of one scans both), each with its indexes and TOAST.
_RELATION_BYTES = """
    WITH named AS (
        SELECT c.oid FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'm')
          AND (n.nspname || '.' || c.relname = ANY(%(tables)s)
               OR (n.nspname = current_schema() AND c.relname = ANY(%(tables)s)))
    )
    SELECT COALESCE(SUM(pg_catalog.pg_total_relation_size(r.oid)), 0)::bigint FROM (
        SELECT oid FROM named
        UNION SELECT k.confrelid FROM pg_catalog.pg_constraint AS k
        WHERE k.contype = 'f' AND k.conrelid IN (SELECT oid FROM named)
    ) AS r
"""


def relation_bytes(conn: psycopg.Connection[Any], tables: Sequence[str]) -> int:
    """The bytes of ``tables`` and of the tables their foreign keys reference (see :data:`_RELATION_BYTES`)."""
    row = conn.execute(_RELATION_BYTES, {"tables": list(tables)}).fetchone()
    return int(row[0]) if row else 0


def milliseconds(value: float) -> str:
    """A timeout as PostgreSQL's settings take it (``0ms``: none)."""
    return f"{round(value * 1000)}ms"


# --- ownership: what exists before a run ------------------------------------------------------

# Each query casts names to PostgreSQL's ``name`` type, which cuts them to the server's
# identifier limit exactly as DDL does: a name the server would truncate onto an existing
# object is found to exist.
# The schema is the one given, or the search path's first (``n.nspname = COALESCE(...)``).
_EXISTS = {
    "table": "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = COALESCE(%(schema)s::name, current_schema()) AND c.relname = %(name)s::name",
    "column": "SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = COALESCE(%(schema)s::name, current_schema())"
    " AND c.relname = %(table)s::name AND a.attname = %(name)s::name"
    " AND a.attnum > 0 AND NOT a.attisdropped",
    "type": "SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
    " WHERE n.nspname = COALESCE(%(schema)s::name, current_schema()) AND t.typname = %(name)s::name",
    "constraint": "SELECT 1 FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = COALESCE(%(schema)s::name, current_schema())"
    " AND c.relname = %(table)s::name AND k.conname = %(name)s::name",
}
_EXISTS["schema"] = "SELECT 1 FROM pg_namespace WHERE nspname = %(name)s::name"
# The trigger that keeps a backfilled column filled, and its function.
_EXISTS["trigger"] = (
    "SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = COALESCE(%(schema)s::name, current_schema())"
    " AND c.relname = %(table)s::name AND t.tgname = %(name)s::name"
)
_EXISTS["function"] = (
    "SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
    " WHERE n.nspname = COALESCE(%(schema)s::name, current_schema()) AND p.proname = %(name)s::name"
)
# Tables, indexes and sequences share one namespace of relations.  An invalid index is one a
# failed CONCURRENTLY build left behind: the statement before the build drops it, so it is not
# counted as the database's own.
_EXISTS["sequence"] = _EXISTS["table"]
_EXISTS["index"] = (
    "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = COALESCE(%(schema)s::name, current_schema()) AND c.relname = %(name)s::name"
    " AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indexrelid = c.oid AND NOT i.indisvalid)"
)


def existing(url: DatabaseUrl, objects: Sequence[DbObject]) -> tuple[DbObject, ...]:
    """Those of ``objects`` that exist in the PostgreSQL database at ``url`` now.

    Only PostgreSQL migrations remove objects one by one (``removes`` in statements.json);
    a failed SQLite run puts the file back as it was instead, so none is looked up there.
    """
    if not objects or url.is_sqlite:
        return ()
    conn = _PostgresConnection(url)
    try:
        return tuple(o for o in objects if conn.conn.execute(_EXISTS[o.kind].encode(), _where(o)).fetchone())
    except conn.errors as error:
        raise DatabaseError(
            f"cannot read the catalog: {conn.message(error)}", location=Location(url.redacted)
        ) from None
    finally:
        conn.close()


def _where(found: DbObject) -> dict[str, str | None]:
    """The schema, table and bare name the queries of ``_EXISTS`` take."""
    qualified = found.table or found.name
    schema, dot, _ = qualified.rpartition(".")
    table = found.table.rpartition(".")[2] if found.table else None
    name = found.name if found.table else found.name.rpartition(".")[2]
    return {"schema": schema if dot else None, "table": table, "name": name}
