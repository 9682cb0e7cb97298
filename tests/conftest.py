"""Shared fixtures: one PostgreSQL server per test session, a fresh database per test.

The server starts only when a test first asks for ``pg_url`` and is stopped and
deleted at the end of the session, whatever the tests did.  PostgreSQL tests are
never skipped: without ``WESLEY_TEST_PG_URL`` the embedded server is started.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.pgtools import Server, fresh_database, postgres_server, sqlite_database

_started_in: list[float] = []


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    with postgres_server() as server:
        if server.started_in is not None:
            _started_in.append(server.started_in)
        yield server


@pytest.fixture
def pg_url(pg_server: Server) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped after the test."""
    with fresh_database(pg_server) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Callable[[str], str]:
    """Build a SQLite database file from DDL text and return its ``sqlite:///`` URL."""
    counter = iter(range(1_000_000))

    def build(ddl: str) -> str:
        return sqlite_database(tmp_path / f"db{next(counter)}.sqlite", ddl)

    return build


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for seconds in _started_in:
        terminalreporter.write_line(f"embedded PostgreSQL server started in {seconds:.2f} s")
