"""The runtime every generated ``backfill.py`` runs: batches, pace, progress, options.

A migration's ``backfill.py`` holds only its tasks (the SQL of each, built by
``wesley_gen/render/python.py``) and the typed functions that turn a bound row into
its key; it checks :data:`RUNTIME_API` with :func:`require`, then runs its
:class:`Backfill`::

    python backfill.py --db URL [--batch-size N] [--batch-ms MS] [--dry-run]

Each task walks its table in batches by primary key (``rowid`` on SQLite and ctid page
ranges on PostgreSQL where there is none), one short transaction per batch (on PostgreSQL
the fill's ``UPDATE`` alone, so that its row locks end with it), and every
batch touches only rows that still need work: the column is NULL and the column it is
computed from is not.  Running it again changes nothing; running it after an
interruption continues where it stopped.

The first batch of each task has --batch-size rows (default 1000); later batches grow
(at most doubling) while a batch's statements take less than --batch-ms milliseconds
(default 20) and shrink when they take longer, so that the cost of each commit (a disk
sync) is shared by many rows without ever holding locks for long.  --batch-ms 0 keeps
every batch at --batch-size rows.  On PostgreSQL the session commits asynchronously
(``synchronous_commit = off``): a batch releases its rows when it commits, without waiting
for the WAL flush; a batch lost to a crash left its rows needing work, which a rerun fills.
Its writes go to the disk as it makes them (``backend_flush_after``), not in the kernel's bursts.
A batch starts once no more than :data:`WAL_BACKLOG_BYTES` of WAL wait for the disk, and
after a pause as long as that flush took when the disk was slow to take it: the backfill is
paced by the disk, never far ahead of it.  With --vacuum-rounds N (PostgreSQL), each
task vacuums its table after each N-th of its rows, so that the table does not grow by a new
version of every row.  A batch that waited too long for a row lock
(PostgreSQL's ``lock_timeout``, which ``migrate up`` sets through ``PGOPTIONS``) or was
chosen as a deadlock's victim is rolled back and tried again after a short doubling
pause (at most :data:`BATCH_LONGEST_PAUSE`), at most :data:`BATCH_RETRIES` times, one
line on stderr each.  Progress goes to stderr: the rows each task has to fill are counted
first, then shown filled of that count with the percentage, rate and time left (redrawn in
place on a terminal, else a line a second); --dry-run only counts them.  Exit status: 0 done, 1 a database error (or a script this
runtime cannot run), 2 bad usage, 130 interrupted (Ctrl-C or SIGTERM: the batch in flight
is rolled back, a second signal is ignored while that happens).

Versioning: a script states the API it was written for.  While :data:`RUNTIME_API`
stays the same, every name a script uses (:func:`require`, :data:`Row`,
:class:`KeysetTask`, :class:`PageTask`, :class:`Backfill`, their fields and
``Backfill.main``) keeps its
meaning; a change that would break a written script raises it, and this module then
refuses the older scripts in one line that says how to regenerate them.
"""

from __future__ import annotations

import argparse
import signal
import sqlite3
import sys
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Final, Protocol, TypeAlias, TypeVar
from urllib.parse import quote, unquote, urlsplit

from wesley_gen.errors import redact
from wesley_gen.interrupts import terminate_as_interrupt
from wesley_gen.progress import Progress as Shown
from wesley_gen.runtime import BACKFILL_API
from wesley_gen.runtime.vacuum import VACUUM_SESSION

if TYPE_CHECKING:
    import psycopg

__all__ = ["RUNTIME_API", "Backfill", "KeysetTask", "PageTask", "Row", "Task", "require"]

RUNTIME_API: Final = BACKFILL_API
DEFAULT_BATCH_SIZE: Final = 1000
DEFAULT_BATCH_MS: Final = 20
PROGRESS_EVERY_SECONDS: Final = 1.0
# Tries again of a batch that timed out on a lock or lost a deadlock: migrate up's lock
# timeout is short (50 ms), so a batch meeting a row the application holds a while longer
# (its commit waiting for the disk) times out now and then; it goes on trying.
BATCH_RETRIES: Final = 20
BATCH_BACKOFF_SECONDS: Final = 0.05  # the first pause before trying a batch again, doubling
BATCH_LONGEST_PAUSE: Final = 1.0  # seconds: the doubling stops here
WAL_BACKLOG_BYTES: Final = 2 * 1024 * 1024  # PostgreSQL: more WAL than this not on disk, and a batch waits
# PostgreSQL: a flush of that backlog slower than this says the disk is behind (a queue of the
# backfill's writes ahead of every commit's fsync), and the backfill pauses as long as the flush
# took, up to BATCH_LONGEST_PAUSE, so that the disk catches up.  The online benchmark's 3M-row
# backfill on a slow afternoon of this machine's disk (70 MB of WAL a second) stalled the
# application's commits up to 333 ms without the pause.
WAL_FLUSH_SLOW_SECONDS: Final = 0.02
# --vacuum-rounds N (PostgreSQL): the table is vacuumed after each N-th of the rows a task fills,
# so that the later batches write their rows' new versions into the space of the earlier ones'
# old versions instead of growing the table.  Unvacuumed, a table whose pages are full (one that
# was loaded, or has lived under a fillfactor of 100) ends the backfill nearly twice its size.
# The online benchmark's 1M-row table (100 MB), filled under 2 writers: 177 MB after the
# backfill, 114 MB with 4 rounds.  Its whole migrations under 4 writers updating random rows,
# 4 rounds, two runs each: 1M rows 24 and 26 s (28 to 42 s without); but 3M rows 139 and 161 s
# (108 and 112 s without): the writers' random updates leave most pages to be read again by
# each round.  So it is asked for, not done by default.
DEFAULT_VACUUM_ROUNDS: Final = 1  # one round: no vacuum between batches, swap.sql's only

Row: TypeAlias = Sequence[Any]  # a row as the driver returns it
T = TypeVar("T")


def require(api: int) -> None:
    """Stop a script written for another runtime API before it builds its tasks."""
    if api != RUNTIME_API:
        raise SystemExit(
            f"backfill.py: error: written for wesley-gen's backfill runtime API {api}, but the installed "
            f"wesley-gen has API {RUNTIME_API}: regenerate the migration folder with it "
            "(wesley-gen check --fix) or install the wesley-gen that wrote it"
        )


class BackfillError(Exception):
    """A database error: reported as one line, exit status 1."""


@dataclass(frozen=True)
class Task:
    """Fill one column of one table: where it is before the swap and where the swap leaves it."""

    change: str
    label: str
    reason: str
    table: Sequence[str]  # the table, as the dialect's column query takes it
    target: Sequence[str]  # the table as the swap leaves it
    column: str  # the column filled
    target_column: str  # its name after the swap
    needs: Sequence[str]  # every column the statements use
    count: str  # rows that still need work


@dataclass(frozen=True)
class KeysetTask(Task):
    """Walk the table in key order: the primary key, or SQLite's rowid."""

    first_bound: str  # the key of the first batch's last row, offset = batch size - 1
    next_bound: str  # the same after the last key filled
    fill_first: str  # key <= bound
    fill_range: str  # last < key <= bound
    fill_rest: str  # key > last: the final batch
    fill_all: str  # a table that fits in one batch
    key: Callable[[Row], Mapping[str, object]]  # a bound row → its key


@dataclass(frozen=True)
class PageTask(Task):
    """Walk a PostgreSQL table without a primary key in ctid order, window of pages by window."""

    relation: str  # the table, as regclass reads it
    pages: str  # the table's size and the page size
    window_bound: str  # the batch's last ctid in last < ctid < window end, offset = batch size - 1
    fill_upto: str  # last < ctid <= bound
    fill_window: str  # last < ctid < window end: fewer rows than a batch
    fill_rest: str  # ctid > last: the final batch


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def hidden(text: str, url: str) -> str:
    """``text`` without the password of ``url`` (as typed or decoded), nor any other password it shows."""
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    for secret in {password, unquote(password)} if password else ():
        text = text.replace(secret, "***")
    return redact(text)


# --- the databases ----------------------------------------------------------------------


class Cursor(Protocol):
    """What a statement returns, as psycopg 3 and sqlite3 both give it."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Row | None: ...

    def fetchall(self) -> Sequence[Row]: ...


class Connection(Protocol):
    """A driver's connection, as psycopg 3 and sqlite3 both give it."""

    def execute(self, sql: str, params: Sequence[Any], /) -> Cursor: ...

    def close(self) -> None: ...


class Database(ABC):
    """One connection in autocommit mode, a batch in :meth:`transaction` (each driver says what
    that is); the statements go through the driver's own ``execute``, the same call on both drivers."""

    schemes: ClassVar[tuple[str, ...]]
    example: ClassVar[str]
    columns_query: ClassVar[str]  # the column names of a table; no row when there is no such table
    _conn: Connection  # opened by each driver's __init__

    @abstractmethod
    def __init__(self, url: str) -> None: ...

    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]:
        """Where one batch's statements run; a batch that fails leaves nothing of its own
        (SQLite: one transaction; PostgreSQL: the batch writes in one statement)."""

    def one(self, sql: str, params: Sequence[object]) -> Row | None:
        return self._conn.execute(sql, params).fetchone()

    def all(self, sql: str, params: Sequence[object]) -> list[Row]:
        return list(self._conn.execute(sql, params).fetchall())

    def run(self, sql: str, params: Sequence[object]) -> int:
        return self._conn.execute(sql, params).rowcount

    def close(self) -> None:
        self._conn.close()

    @abstractmethod
    def errors(self) -> tuple[type[Exception], ...]:
        """The driver's errors, reported as one line."""

    def fold(self, name: str) -> str:
        """A column name as the catalog compares it."""
        return name

    def retryable(self, error: Exception) -> str | None:
        """Why a batch that failed with ``error`` may be tried again (None: it may not)."""
        return None

    @abstractmethod
    def flushed(self) -> None:
        """Wait, after a batch committed, until what it wrote is on disk."""

    def reclaim(self, task: Task) -> str | None:
        """Make the space of the old row versions the batches so far left reusable by the next
        ones; what was done, for the user (None: nothing, the database does not need it)."""
        return None


class PostgresDatabase(Database):
    """The PostgreSQL database at --db (psycopg 3)."""

    schemes = ("postgresql://", "postgres://")
    example = "postgresql://user:password@host:port/database"
    columns_query = "SELECT attname FROM pg_attribute WHERE attrelid = TO_REGCLASS(%s) AND attnum > 0 AND NOT attisdropped"

    def __init__(self, url: str) -> None:
        self.wal_backlog = WAL_BACKLOG_BYTES  # bytes of WAL not on disk a batch may leave
        self.flush_slow = WAL_FLUSH_SLOW_SECONDS  # a flush slower than this, and the backfill pauses
        try:
            import psycopg
        except ImportError:
            raise BackfillError("psycopg is not installed: pip install 'psycopg[binary]'") from None
        try:
            self._conn: psycopg.Connection[tuple[Any, ...]] = psycopg.connect(
                url, autocommit=True, application_name="wesley-gen backfill"
            )
            # A batch's commit does not wait for the disk: its row locks go as soon as it
            # commits, not after a WAL flush that the application's own commits queue
            # with.  A crash may lose the last batches; their rows still need work, which
            # the swap check finds and a rerun (every rerun fills what is left) fills.
            self._conn.execute("SET synchronous_commit = off", ())
            # swap.sql's vacuum settings: the vacuums between batches (:meth:`reclaim`) run at
            # its pace and with its ring, and the pages the batches and the vacuums dirty are
            # handed to the disk every 256 kB the session writes, not left for the kernel to
            # write back in a burst that the application's commits wait behind.
            for setting in VACUUM_SESSION:
                self._conn.execute(setting, ())
        except psycopg.Error as error:
            raise BackfillError(f"database could not be reached: {one_line(error)}") from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """No explicit transaction: a batch's statements (the bound's ``SELECT``, then the one
        ``UPDATE`` that fills) each commit on their own.  The ``UPDATE``'s row locks end with
        the statement, on the server; in a ``BEGIN`` … ``COMMIT`` they would last until this
        client's ``COMMIT`` arrived, and on a busy machine the client is late: application
        writes to the batch's rows waited up to 0.4 s on it (``idle in transaction``), twenty
        times the batch's own 20 ms.  The bound needs no snapshot shared with the fill: the
        fill takes the rows of the key range that still need work when it runs."""
        yield

    def errors(self) -> tuple[type[Exception], ...]:
        import psycopg

        return (psycopg.Error,)

    def retryable(self, error: Exception) -> str | None:
        return _TRANSIENT.get(getattr(error, "sqlstate", None) or "")

    def flushed(self) -> None:
        """The batch committed without waiting for the disk (its row locks went at once).  When
        more than ``wal_backlog`` bytes of WAL (:data:`WAL_BACKLOG_BYTES`) are not on disk yet, wait until they are,
        before the next batch: commit synchronously a transaction that writes a few bytes of WAL
        (a transactional logical-decoding message, prefix ``wesley-gen``: a transaction that
        wrote no WAL commits without a flush), which flushes everything before it.  The WAL
        writer keeps up on its own with a disk that does (it flushes every 1 MB), so this costs
        one query a batch; a slower disk holds the backfill to its pace, and an application
        commit, which must flush all WAL before its own commit record, never finds more than
        about that much ahead of it, not whatever piled up while the last flush ran.  A flush
        slower than ``flush_slow`` (:data:`WAL_FLUSH_SLOW_SECONDS`) found the disk behind: the
        backfill pauses as long as it took (at most :data:`BATCH_LONGEST_PAUSE`), at most half
        the disk's time its own while the disk is slow."""
        row = self._conn.execute(_BACKLOG, ()).fetchone()
        if row is not None and int(row[0]) > self.wal_backlog:
            with self._conn.transaction():
                self._conn.execute("SET LOCAL synchronous_commit = on", ())
                began = time.monotonic()
                self._conn.execute("SELECT pg_logical_emit_message(true, 'wesley-gen', '')", ())
                committing = time.monotonic()
            # The commit's time less a round trip to the server (the SELECT's): the flush's own.
            took = max(0.0, (time.monotonic() - committing) - (committing - began))
            if took > self.flush_slow:
                time.sleep(min(took, BATCH_LONGEST_PAUSE))

    def reclaim(self, task: Task) -> str | None:
        """``VACUUM`` the task's table (``SHARE UPDATE EXCLUSIVE``: the application's reads and
        writes go on), so that the old versions the batches left become free space.  Never
        waits: an autovacuum (or another vacuum) that holds the table makes it skip this round
        (``SKIP_LOCKED``), as does a role that may not vacuum the table; the server's warning
        says which.  ``TRUNCATE false`` as in swap.sql: cutting off empty pages at the end
        would take an ``ACCESS EXCLUSIVE`` lock."""
        began = time.monotonic()
        warnings: list[str] = []

        def heard(notice: psycopg.errors.Diagnostic) -> None:
            if notice.severity_nonlocalized == "WARNING":
                warnings.append(notice.message_primary or "")

        from psycopg import sql

        found = self._conn.execute(_RELATION, (task.table[0],)).fetchone()
        if found is None:
            return f"vacuum between batches skipped: no table {task.table[0]}"
        vacuum = sql.SQL("VACUUM (SKIP_LOCKED, TRUNCATE false) {}").format(sql.Identifier(*found))
        self._conn.add_notice_handler(heard)
        try:
            self._conn.execute(vacuum, ())
        finally:
            self._conn.remove_notice_handler(heard)
        if warnings:
            return f"vacuum between batches skipped: {'; '.join(warnings)}"
        return f"vacuumed {task.table[0]} between batches in {time.monotonic() - began:.1f} s"


# The schema and name of a table given as the regclass text a task names it by (quoted).
_RELATION: Final = (
    "SELECT n.nspname, c.relname FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace"
    " WHERE c.oid = TO_REGCLASS(%s)"
)

# The bytes of WAL written and not yet on disk.
_BACKLOG: Final = "SELECT pg_current_wal_insert_lsn() - pg_current_wal_flush_lsn()"


# What a batch meets when the application holds the rows it wants: the batch gives its own up.
_TRANSIENT: Final = {"55P03": "lock timeout", "40P01": "deadlock"}


class SqliteDatabase(Database):
    """The SQLite database file at --db (never created)."""

    schemes = ("sqlite:///",)
    example = "sqlite:///relative/path.db or sqlite:////absolute/path.db"
    columns_query = "SELECT name FROM PRAGMA_TABLE_INFO(?, ?)"

    def __init__(self, url: str) -> None:
        path = url[len("sqlite:///") :].partition("?")[0]
        if not path or path == ":memory:":
            raise BackfillError("the URL must name a SQLite database file")
        if not Path(path).is_file():
            raise BackfillError(f"no SQLite database file at {path}")
        try:
            self._conn: sqlite3.Connection = sqlite3.connect(
                f"file:{quote(path)}?mode=rw", uri=True, isolation_level=None, timeout=30
            )
        except sqlite3.Error as error:
            raise BackfillError(f"database could not be opened: {one_line(error)}") from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def errors(self) -> tuple[type[Exception], ...]:
        return (sqlite3.Error,)

    def fold(self, name: str) -> str:
        return name.lower()  # SQLite matches names without regard to case

    def flushed(self) -> None:
        """Nothing to wait for: SQLite's commit has synced the batch (or the database does not sync)."""


DATABASES: Final[Mapping[str, type[Database]]] = {"postgres": PostgresDatabase, "sqlite": SqliteDatabase}


# --- batches ----------------------------------------------------------------------------


class Progress:
    """One task's progress on stderr, of the rows it has to fill (counted before any is filled): the
    rows filled, the percentage, the rate and the time left, redrawn in place on a terminal,
    else a line at most every :data:`PROGRESS_EVERY_SECONDS` (which ``migrate up`` relays);
    then a summary."""

    def __init__(self, label: str, total: int) -> None:
        self.label = label
        self.rows = 0
        self.batches = 0
        # The longest batch transaction, commit included: how long the backfill held locks.
        self.longest = 0.0
        self.started = time.monotonic()
        self.shown = Shown(label, total, "rows", say, every=PROGRESS_EVERY_SECONDS)

    def batch(self, rows: int, size: int, held: float) -> None:
        self.rows += max(rows, 0)
        self.batches += 1
        self.longest = max(self.longest, held)
        self.shown.advance(max(rows, 0))

    def done(self) -> None:
        self.shown.__exit__(None, None, None)  # the line drawn on a terminal is cleared
        elapsed = time.monotonic() - self.started
        say(
            f"{self.label}: done, {self.rows} rows filled in {self.batches} batches"
            f" (longest {self.longest * 1000:.0f} ms), {elapsed:.1f} s"
        )


class Pace:
    """Rows per batch: --batch-size at first, then sized so a batch's statements take about --batch-ms.

    Only the statements are timed: waiting for the lock and the commit's disk sync
    cost about the same whatever the batch size, so a slow disk must not shrink the
    batches (that would only add commits).
    """

    def __init__(self, size: int, target_ms: int) -> None:
        self.size = size
        self.target = target_ms / 1000

    def ratio(self, seconds: float) -> float:
        """How much bigger the next batch may be: at most double, less after a slow one."""
        if self.target <= 0:
            return 1.0
        return min(2.0, self.target / seconds) if seconds > 0 else 2.0

    def took(self, seconds: float) -> None:
        self.size = max(1, int(self.size * self.ratio(seconds)))


class Reclaim:
    """When a task's table is vacuumed between its batches: after each ``rounds``-th of the rows
    it has to fill (--vacuum-rounds), never after its last batch (swap.sql vacuums then)."""

    def __init__(self, db: Database, task: Task, count: int, rounds: int) -> None:
        self.db = db
        self.task = task
        self.every = count // rounds if rounds > 1 else 0
        self.since = 0
        self.left = count  # the rows counted that no batch has filled yet

    def filled(self, rows: int) -> None:
        """A batch filled ``rows`` and more may follow: vacuum once a round's rows are filled,
        unless every row counted is (what is left is the last batch's, and swap.sql's vacuum).
        A vacuum that fails (its statement timeout, say) is said and not tried again: the
        batches go on, the table grows as it would have."""
        self.since += max(rows, 0)
        self.left -= max(rows, 0)
        if not self.every or self.since < self.every or self.left <= 0:
            return
        self.since = 0
        try:
            done = self.db.reclaim(self.task)
        except self.db.errors() as error:
            self.every = 0
            say(f"{self.task.label}: the vacuum between batches failed ({one_line(error)}); going on without")
            return
        if done:
            say(f"{self.task.label}: {done}")


def in_batch(db: Database, label: str, work: Callable[[], T]) -> tuple[T, float]:
    """``work`` in one batch transaction, tried again when the database gave it up for a
    lock it waited for (see the module docstring); its result and how long the
    transaction that committed took, commit included."""
    for attempt in range(1, BATCH_RETRIES + 2):
        began = time.monotonic()
        try:
            with db.transaction():
                done = work()
        except db.errors() as error:
            why = db.retryable(error)
            if why is None or attempt > BATCH_RETRIES:
                raise
            pause = min(BATCH_LONGEST_PAUSE, BATCH_BACKOFF_SECONDS * 2 ** (attempt - 1))
            say(f"{label}: batch rolled back ({why}), retry {attempt}/{BATCH_RETRIES} in {pause:.2f} s")
            time.sleep(pause)
            continue
        held = time.monotonic() - began
        db.flushed()
        return done, held
    raise AssertionError("unreachable: the last attempt returns or raises")


def fill_keyset(db: Database, task: KeysetTask, pace: Pace, progress: Progress, reclaim: Reclaim) -> None:
    """Batches in key order: find the key of the batch's last row needing work, fill up to it."""
    last: Mapping[str, object] | None = None

    def batch() -> tuple[Row | None, int, float]:
        started = time.monotonic()
        if last is None:
            row = db.one(task.first_bound, (pace.size - 1,))
        else:
            row = db.one(task.next_bound, (*last.values(), pace.size - 1))
        if row is None:
            rows = db.run(task.fill_all, ()) if last is None else db.run(task.fill_rest, tuple(last.values()))
        else:
            bound = tuple(task.key(row).values())
            if last is None:
                rows = db.run(task.fill_first, bound)
            else:
                rows = db.run(task.fill_range, (*last.values(), *bound))
        return row, rows, time.monotonic() - started

    while True:
        (row, rows, worked), held = in_batch(db, task.label, batch)
        progress.batch(rows, pace.size, held)
        if row is None:
            return
        reclaim.filled(rows)
        pace.took(worked)
        last = task.key(row)


def relation_pages(db: Database, task: PageTask) -> int:
    row = db.one(task.pages, (task.relation,))
    if row is None:
        raise BackfillError(f"{task.label}: the size of {task.relation} is unknown")
    return int(row[0]) // int(row[1])


def tid(page: int) -> str:
    """The position before the first row of ``page``."""
    return f"({page},0)"


def page_batch(
    db: Database, task: PageTask, last: str, window: str, size: int
) -> tuple[Row | None, int, float]:
    """One batch of :func:`fill_pages`: its bound row (None: the window ends it), rows filled, seconds."""
    started = time.monotonic()
    row = db.one(task.window_bound, (last, window, size - 1))
    if row is None:
        rows = db.run(task.fill_window, (last, window))
    else:
        rows = db.run(task.fill_upto, (last, str(row[0])))
    return row, rows, time.monotonic() - started


def fill_pages(db: Database, task: PageTask, pace: Pace, progress: Progress, reclaim: Reclaim) -> None:
    """Batches in ctid order, each looking for its bound in a window of pages.

    The window grows while it holds less than a batch and shrinks to what a batch
    used.  An updated row moves to a new place, often past the table's end, so a
    second pass walks the pages the first one added before the final unbounded batch.
    """
    last, page, span = tid(0), 0, 1
    for _ in range(2):
        end = relation_pages(db, task)
        while page < end:
            window = tid(page + span)
            batch = partial(page_batch, db, task, last, window, pace.size)
            (row, rows, seconds), held = in_batch(db, task.label, batch)
            progress.batch(rows, pace.size, held)
            reclaim.filled(rows)
            if row is None:
                last, page = window, page + span
                if pace.target > 0:
                    span = max(1, int(span * pace.ratio(seconds)))
                else:
                    span = min(2 * span, pace.size)
            else:
                bound = str(row[0])
                bound_page = int(bound.strip("()").split(",")[0])
                last, page, span = bound, bound_page, max(1, bound_page - page + 1)
                pace.took(seconds)
    rows, held = in_batch(db, task.label, lambda: db.run(task.fill_rest, (last,)))
    progress.batch(rows, pace.size, held)


def columns(db: Database, table: Sequence[str]) -> set[str] | None:
    """The column names of a table, None when there is no such table."""
    return {db.fold(str(row[0])) for row in db.all(db.columns_query, table)} or None


def ready(db: Database, task: Task) -> bool:
    """Whether the task can run: False when the swap has already run and left nothing to do.

    Raises BackfillError when the table is not yet as expand.sql leaves it.
    """
    present = columns(db, task.table)
    missing = [name for name in task.needs if present is None or db.fold(name) not in present]
    if not missing:
        return True
    names = ", ".join(repr(name) for name in missing)
    kept = task.column == task.target_column and tuple(task.table) == tuple(task.target)
    if not (kept and present is not None and db.fold(task.column) not in present):
        after = columns(db, task.target)
        if after is not None and db.fold(task.target_column) in after:
            say(f"{task.label}: {names} no longer there: the swap has already run, nothing to do")
            return False
    where = "the table does not exist" if present is None else f"no column {names}"
    raise BackfillError(f"{task.label}: {where}: run expand.sql first")


@dataclass(frozen=True)
class Backfill:
    """One migration's backfill, as its script states it: the tasks, in the order they run."""

    migration: str
    dialect: str  # a key of DATABASES
    tasks: Sequence[KeysetTask | PageTask]

    def run(self, db: Database, batch_size: int, batch_ms: int, vacuum_rounds: int) -> None:
        """Count the rows each task has to fill, then fill them, task by task."""
        started = time.monotonic()
        counted = self.counted(db)
        if self.tasks:
            say(
                f"migration {self.migration}: {sum(count for _, count in counted)} rows to fill"
                f" by {len(self.tasks)} tasks"
            )
        total, longest = 0, 0.0
        for task, count in counted:
            progress = Progress(task.label, count)
            pace = Pace(batch_size, batch_ms)
            try:
                say(f"{task.label}: {task.reason} ({task.change}): {count} rows to fill")
                reclaim = Reclaim(db, task, count, vacuum_rounds)
                if isinstance(task, PageTask):
                    fill_pages(db, task, pace, progress, reclaim)
                else:
                    fill_keyset(db, task, pace, progress, reclaim)
            except db.errors() as error:
                raise BackfillError(f"{task.label}: {one_line(error)}") from None
            progress.done()
            total += progress.rows
            longest = max(longest, progress.longest)
        elapsed = time.monotonic() - started
        if self.tasks:
            say(
                f"migration {self.migration}: backfill done, {total} rows filled by {len(self.tasks)} tasks"
                f" (longest batch {longest * 1000:.0f} ms), {elapsed:.1f} s"
            )
        else:
            say(f"migration {self.migration}: nothing to backfill")

    def counted(self, db: Database) -> list[tuple[KeysetTask | PageTask, int]]:
        """Each task that can run (the swap may have left none to run), and the rows it has to fill."""
        counts: list[tuple[KeysetTask | PageTask, int]] = []
        for task in self.tasks:
            try:
                if not ready(db, task):
                    continue
                row = db.one(task.count, ())
            except db.errors() as error:
                raise BackfillError(f"{task.label}: {one_line(error)}") from None
            counts.append((task, 0 if row is None else int(row[0])))
        return counts

    def dry_run(self, db: Database) -> None:
        """Count the rows each task would fill; write nothing."""
        counted = self.counted(db)
        for task, count in counted:
            print(f"{task.label}: {count} rows need work ({task.change}: {task.reason})")
        print(
            f"migration {self.migration}: {sum(count for _, count in counted)} rows need work in {len(self.tasks)} tasks"
            " (dry run: nothing written)"
        )

    def main(self, argv: Sequence[str] | None = None) -> int:
        """``backfill.py``'s command line: run (or count) the tasks on the database at --db; the exit status."""
        database = DATABASES[self.dialect]
        args = _parser(self.migration, self.dialect, database).parse_args(argv)
        url: str = args.db
        try:
            # SIGTERM (the runner stopped, a deploy tool) as Ctrl-C: the batch rolls back.
            with terminate_as_interrupt(signal.SIGINT, signal.SIGTERM):
                db = database(url)
                try:
                    if args.dry_run:
                        self.dry_run(db)
                    else:
                        self.run(db, args.batch_size, args.batch_ms, args.vacuum_rounds)
                finally:
                    db.close()
        except BackfillError as error:
            print(f"backfill.py: error: {hidden(one_line(error), url)}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            say("backfill.py: interrupted: run it again to continue where it stopped")
            return 130
        return 0


# --- the command line -------------------------------------------------------------------


def whole_number(least: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"must be at least {least}, not {value}")
        return value

    return parse


def _parser(migration: str, dialect: str, database: type[Database]) -> argparse.ArgumentParser:
    """The options of ``backfill.py``; a --db of another dialect is bad usage (exit 2)."""

    def url(text: str) -> str:
        if not text.startswith(database.schemes):
            raise argparse.ArgumentTypeError(
                f"this backfill was generated for {dialect}: expected {database.example}"
            )
        return text

    parser = argparse.ArgumentParser(
        prog="backfill.py",
        description=f"Backfill of migration {migration} ({dialect}), generated by wesley-gen.",
    )
    parser.add_argument(
        "--db", required=True, type=url, metavar="URL", help=f"the database: {database.example}"
    )
    parser.add_argument(
        "--batch-size",
        type=whole_number(1),
        default=DEFAULT_BATCH_SIZE,
        metavar="N",
        help=f"rows in the first batch of each task (default {DEFAULT_BATCH_SIZE})",
    )
    parser.add_argument(
        "--batch-ms",
        type=whole_number(0),
        default=DEFAULT_BATCH_MS,
        metavar="MS",
        help="grow or shrink batches so that their statements take about MS milliseconds; "
        f"0 keeps every batch at --batch-size rows (default {DEFAULT_BATCH_MS})",
    )
    parser.add_argument(
        "--vacuum-rounds",
        type=whole_number(1),
        default=DEFAULT_VACUUM_ROUNDS,
        metavar="N",
        help="PostgreSQL: vacuum each task's table after each N-th of its rows, so that it does not "
        "end the backfill nearly twice its size; each round reads again the pages changed since the "
        f"last (default {DEFAULT_VACUUM_ROUNDS}: no vacuum between batches)",
    )
    parser.add_argument("--dry-run", action="store_true", help="count the rows needing work; write nothing")
    return parser
