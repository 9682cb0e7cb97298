"""One run at a time per database: the lock every run that changes a database holds throughout.

Two runs of one migration chain on one database at once undo each other's work (the
slower one takes the other's half-done migration for a crashed one and "resumes" or
restores it).  So ``migrate up``, ``migrate down``, ``rehearse`` and ``testdb seed``
hold this lock from before they read the history until they are done; a second run
waits up to its ``--lock-timeout`` and then gives up, naming the holder.

PostgreSQL: a session-level advisory lock, keyed to the history table (a hash of the
database and the schema it lives in), held by one connection kept open for the whole
run.  A process that dies loses its connection, and the server releases the lock
with it.  The holder is described by that connection's ``application_name``, which
any role can read in ``pg_stat_activity`` beside ``pg_locks``: nothing is written to
the database, so nothing is left behind to clean up or to mistake for a live run
(a holder row in a table would outlive a crash).  The name holds at most 63 bytes,
so a long host name is cut.

SQLite: an exclusive ``flock`` on ``<database>.wesley-lock`` beside the file, which
holds the holder as JSON.  The operating system releases the lock when its process
dies, so a file left by a crashed run is seen to be stale (nobody has it locked) and
is taken over.  The file is removed when the run ends; a run that locked a file
removed meanwhile retries on the new one.  SQLite's own locks only last a
transaction; this one lasts the run.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from wesley_gen.database_url import DatabaseUrl, same_database
from wesley_gen.errors import DatabaseError, Location, ProblemFound, first_line
from wesley_gen.identifiers import HISTORY_TABLE

DEFAULT_TIMEOUT = 60.0  # seconds a run waits for another to finish
LOCK_SUFFIX = ".wesley-lock"
_FIRST_POLL, _LONGEST_POLL = 0.05, 1.0  # SQLite: seconds between tries, growing
_HOLDER_READS = 50  # SQLite: tries to read a holder that is writing its file right now
_APPLICATION_NAME = re.compile(r"^wesley-gen (?P<run_id>\S+) (?P<started>\d+) (?P<pid>\d+)@(?P<host>.*)$")
_UNKNOWN = "unknown"

Say = Callable[[str], None]  # how a run tells the user what it does (migrate, rehearse)


@dataclass(frozen=True, slots=True)
class Holder:
    """The run that holds a database's lock, as a waiting run reports it."""

    run_id: str
    host: str
    pid: str
    started_at: str

    @classmethod
    def this_process(cls, run_id: str) -> Holder:
        started = datetime.now(UTC).isoformat(timespec="seconds")
        return cls(run_id, socket.gethostname() or _UNKNOWN, str(os.getpid()), started)

    def describe(self) -> str:
        return f"run {self.run_id} on host {self.host}, pid {self.pid}, started {self.started_at}"

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


class LockBusy(ProblemFound):
    """Another run held the lock for longer than this run would wait (exit 1)."""

    def __init__(self, url: DatabaseUrl, holder: Holder, waited: float) -> None:
        after = "at once (--lock-timeout 0)" if waited <= 0 else f"after waiting {waited:g} s"
        super().__init__(
            f"another wesley-gen run holds the lock: {holder.describe()}; gave up {after}",
            location=Location(url.redacted),
            hint="let it finish ('wesley-gen migrate status' shows it), or wait longer with --lock-timeout",
        )
        self.holder = holder


class LockLost(DatabaseError):
    """The run no longer holds its lock (its connection or lock file went away), exit 3."""


class _Lock(Protocol):
    def try_acquire(self) -> bool: ...
    def wait(self, seconds: float) -> bool: ...
    def holder(self) -> Holder | None: ...
    def held(self) -> bool: ...
    def release(self) -> None: ...


# --- holding and waiting ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Held:
    url: DatabaseUrl
    lock: _Lock


_held = threading.local()  # the locks this thread holds: a run's own steps take it again freely


def _holding() -> list[_Held]:
    found: list[_Held] | None = getattr(_held, "locks", None)
    if found is None:
        found = _held.locks = []
    return found


def _mine(url: DatabaseUrl) -> _Held | None:
    return next((held for held in _holding() if same_database(held.url, url)), None)


@contextmanager
def run_lock(
    url: DatabaseUrl, run_id: str, *, timeout: float = DEFAULT_TIMEOUT, say: Say | None = None
) -> Iterator[None]:
    """Hold the lock of the database at ``url`` for the ``with`` block.

    Waits up to ``timeout`` seconds (0: not at all) for another run to finish, then
    raises :class:`LockBusy` naming it.  Taken again by the same thread (a rehearsal
    seeding its database), it is the same lock.
    """
    if _mine(url) is not None:  # released by the outermost holder only
        yield
        return
    lock = _open(url, Holder.this_process(run_id))
    try:
        _acquire(lock, url, timeout, say or (lambda line: None))
    except BaseException:
        lock.release()
        raise
    entry = _Held(url, lock)
    _holding().append(entry)
    try:
        yield
    finally:
        _holding().remove(entry)
        lock.release()


def _acquire(lock: _Lock, url: DatabaseUrl, timeout: float, say: Say) -> None:
    deadline = time.monotonic() + timeout
    announced = False
    while not lock.try_acquire():
        holder = lock.holder()  # None: released between the try and the look, so try again
        left = deadline - time.monotonic()
        if holder is not None and left <= 0:
            raise LockBusy(url, holder, timeout)
        if holder is not None and not announced:
            say(f"waiting up to {timeout:g} s for another run to finish: {holder.describe()}")
            announced = True
        if lock.wait(max(left, 0.0)):
            return


def check_held(url: DatabaseUrl) -> None:
    """Raise :class:`LockLost` unless this thread holds the lock of ``url`` right now."""
    mine = _mine(url)
    if mine is None or not mine.lock.held():
        raise LockLost(
            "this run no longer holds the database's lock; another run may be working on it",
            location=Location(url.redacted),
        )


def holder(url: DatabaseUrl) -> Holder | None:
    """The run holding the lock of the database at ``url`` now, if any (what ``status`` shows)."""
    if url.is_sqlite:
        return _read_sidecar(_sidecar(url))
    import psycopg

    with _PostgresLock.connect(url, application_name="wesley-gen status") as conn:
        try:
            return _postgres_holder(conn)
        except psycopg.Error as error:
            raise DatabaseError(
                f"the lock could not be read: {first_line(error)}", location=Location(url.redacted)
            ) from None


def _open(url: DatabaseUrl, me: Holder) -> _Lock:
    if url.is_sqlite:
        return _SqliteLock(_sidecar(url), me)
    return _PostgresLock(url, me)


# --- SQLite: flock on a file beside the database -------------------------------------------


def _sidecar(url: DatabaseUrl) -> Path:
    database = url.sqlite_file.resolve()
    return database.with_name(database.name + LOCK_SUFFIX)


class _SqliteLock:
    def __init__(self, path: Path, me: Holder) -> None:
        self.path = path
        self.me = me
        self.fd: int | None = None
        self.poll = _FIRST_POLL

    def try_acquire(self) -> bool:
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            except OSError as error:
                raise DatabaseError(
                    f"cannot create the lock file: {error.strerror}", location=Location(str(self.path))
                ) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as error:
                os.close(fd)
                if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                    return False
                raise DatabaseError(
                    f"cannot lock the lock file: {error.strerror}", location=Location(str(self.path))
                ) from None
            if _same_file(fd, self.path):
                break
            os.close(fd)  # its holder removed it as we locked it: lock the file there now
        record = json.dumps(self.me.to_dict(), sort_keys=True).encode()
        os.ftruncate(fd, 0)
        os.pwrite(fd, record, 0)
        self.fd = fd
        return True

    def wait(self, seconds: float) -> bool:
        time.sleep(min(seconds, self.poll))
        self.poll = min(self.poll * 2, _LONGEST_POLL)
        return self.try_acquire()

    def holder(self) -> Holder | None:
        return _read_sidecar(self.path)

    def held(self) -> bool:
        return self.fd is not None and _same_file(self.fd, self.path)

    def release(self) -> None:
        if self.fd is None:
            return
        if _same_file(self.fd, self.path):
            self.path.unlink(missing_ok=True)  # while still locked: a waiter then sees it is gone
        os.close(self.fd)
        self.fd = None


def _same_file(fd: int, path: Path) -> bool:
    try:
        found = path.stat()
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (found.st_dev, found.st_ino) == (mine.st_dev, mine.st_ino)


def _read_sidecar(path: Path) -> Holder | None:
    """The holder recorded in a lock file that is locked now; None when nobody holds it."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            pass  # locked: its holder is alive
        else:
            return None  # a file left by a run that died: stale
        for _ in range(_HOLDER_READS):  # the holder writes its record right after locking
            try:
                return Holder(**json.loads(os.pread(fd, 4096, 0)))
            except (ValueError, TypeError):
                time.sleep(0.01)
        return Holder(_UNKNOWN, _UNKNOWN, _UNKNOWN, _UNKNOWN)
    finally:
        os.close(fd)


# --- PostgreSQL: a session-level advisory lock ---------------------------------------------


class _PostgresLock:
    def __init__(self, url: DatabaseUrl, me: Holder) -> None:
        # Limited to 63 bytes by the server: the host comes last, so only it is ever cut.
        started = int(datetime.fromisoformat(me.started_at).timestamp())
        name = f"wesley-gen {me.run_id} {started} {me.pid}@{me.host}".encode("ascii", "replace")[:63].decode()
        self.url = url
        self.conn = self.connect(url, application_name=name)
        self.key = _key(self.conn)

    @staticmethod
    def connect(url: DatabaseUrl, *, application_name: str) -> Any:
        import psycopg

        try:
            return psycopg.connect(
                url.text, autocommit=True, connect_timeout=5, application_name=application_name
            )
        except psycopg.Error as error:
            raise DatabaseError(
                f"database could not be reached: {first_line(error)}", location=Location(url.redacted)
            ) from None

    def try_acquire(self) -> bool:
        return bool(self._scalar("SELECT pg_try_advisory_lock(%s)", self.key))

    def wait(self, seconds: float) -> bool:
        """Try again and again, with backoff, until the lock is free or ``seconds`` have passed.

        Not ``pg_advisory_lock`` waiting on the server: a statement waiting there holds a
        snapshot, and the holder's ``CREATE/DROP INDEX CONCURRENTLY`` waits for every
        transaction with a snapshot to end, so each would wait for the other (a deadlock the
        server cannot see: the holder's lock and its index build are two connections)."""
        deadline = time.monotonic() + seconds
        pause = 0.01
        while not self.try_acquire():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(pause, left))
            pause = min(pause * 2, 0.25)
        return True

    def holder(self) -> Holder | None:
        return _postgres_holder(self.conn)

    def held(self) -> bool:
        import psycopg

        try:
            return bool(self._scalar(_HELD_BY_ME, *_lock_tag(self.key)))
        except (psycopg.Error, DatabaseError):
            return False

    def release(self) -> None:
        """Close the connection: the server releases the lock with its session."""
        self.conn.close()

    def _scalar(self, sql: str, *params: Any) -> Any:
        import psycopg

        try:
            row = self.conn.execute(sql.encode(), params or None).fetchone()
        except psycopg.Error as error:
            raise DatabaseError(
                f"the lock's connection failed: {first_line(error)}", location=Location(self.url.redacted)
            ) from None
        return None if row is None else row[0]


_HELD_BY_ME = """SELECT count(*) > 0 FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND classid = %s::bigint::oid AND objid = %s::bigint::oid AND objsubid = 1"""
_HOLDER = """SELECT a.application_name, a.pid FROM pg_locks l
    JOIN pg_stat_activity a ON a.pid = l.pid
    WHERE l.locktype = 'advisory' AND l.granted
      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND l.classid = %s::bigint::oid AND l.objid = %s::bigint::oid AND l.objsubid = 1"""


def _key(conn: Any) -> int:
    """The lock's key: a stable 64-bit hash of the database and the history table's schema."""
    database, schema = conn.execute(b"SELECT current_database(), current_schema()").fetchone()
    text = f"wesley-gen\0{database}\0{schema or ''}.{HISTORY_TABLE}".encode()
    return int.from_bytes(hashlib.sha256(text).digest()[:8], "big", signed=True)


def _lock_tag(key: int) -> tuple[int, int]:
    """How ``pg_locks`` shows a bigint advisory key: its high and low 32 bits."""
    return (key >> 32) & 0xFFFFFFFF, key & 0xFFFFFFFF


def _postgres_holder(conn: Any) -> Holder | None:
    """The holder, from the application name of the session holding the lock (visible to any role)."""
    row = conn.execute(_HOLDER.encode(), _lock_tag(_key(conn))).fetchone()
    if row is None:
        return None
    name, backend = row
    found = _APPLICATION_NAME.match(name or "")
    if found is None:  # not a wesley-gen session: say what the server knows
        return Holder(_UNKNOWN, _UNKNOWN, f"{_UNKNOWN} (server process {backend})", _UNKNOWN)
    started = datetime.fromtimestamp(int(found["started"]), UTC).isoformat(timespec="seconds")
    return Holder(found["run_id"], found["host"] or _UNKNOWN, found["pid"], started)
