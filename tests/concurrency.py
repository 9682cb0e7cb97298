"""Two ``wesley-gen migrate up`` started together on one database, and what they must leave.

Shared by tests/test_migrate_lock.py (a few races per dialect, in ``make test``) and
bench/concurrent_runs.py (20 per dialect, ``make proof``).  A race starts from a copy
of one prepared database (the chain's first migration applied, ``ROWS`` users in it);
two real processes then run the rest of the chain at once.  The result is compared
with what one run alone leaves on another copy: the same schema, the same rows, the
same history (migration, direction, outcome per row), one winner that applied the
chain and one loser that either waited and found nothing to apply (exit 0) or gave up
on the lock naming the winner (exit 1).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tests.database import fetch
from tests.test_migrate_run import CHAIN, write_chain
from wesley_gen.database_url import DatabaseUrl
from wesley_gen.load import load_schema
from wesley_gen.model import checksum
from wesley_gen.run.history import History
from wesley_gen.run.testdb import database_url

ROWS = 5000
UP_TO_DATE = "up to date: nothing to apply"
# The documented message of a run that gave up waiting for the lock (docs/migrate.md).
LOCK_BUSY = re.compile(
    r"wesley-gen: error: .*: another wesley-gen run holds the lock: "
    r"run (?P<run_id>\S+) on host (?P<host>\S+), pid (?P<pid>\d+), started (?P<started>[^;\s]+)"
)


@dataclass(frozen=True, slots=True)
class State:
    """What a database holds after a run: schema checksum, the rows of ``users`` as text, the history."""

    schema: str
    rows: tuple[tuple[str, ...], ...]
    history: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True, slots=True)
class Race:
    """Two runs and the database they left."""

    state: State
    results: tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]
    winner_run_id: str | None  # the run id that applied the chain, from the history
    leftovers: tuple[str, ...]  # SQLite: files beside the database after both runs (lock file, restore point)


@dataclass(frozen=True, slots=True)
class Verdict:
    wrong_state: bool  # schema differs from one run's, or an exit status / message is not the documented one
    lost_rows: int  # rows of one run alone missing or changed
    inconsistent_history: bool

    @property
    def ok(self) -> bool:
        return not self.wrong_state and not self.lost_rows and not self.inconsistent_history


class Project:
    """The chain generated for one dialect and a prepared database to copy from.

    ``admin_url`` is the maintenance database of the PostgreSQL server (None for SQLite).
    """

    def __init__(self, root: Path, dialect: str, admin_url: str | None = None) -> None:
        self.root = root
        self.dialect = dialect
        self.admin_url = admin_url
        write_chain(root, dialect)
        self.template = self._create("template")
        first = self.up(self.template, "--to", CHAIN[0][0])
        assert first.returncode == 0, first.stderr
        _insert_users(self.template, ROWS)
        self.alone = self.one_run()

    def _create(self, label: str, template: str | None = None) -> str:
        if self.admin_url is None:
            path = self.root / f"{label}-{uuid.uuid4().hex[:8]}.db"
            if template is None:
                path.touch()
            else:
                shutil.copyfile(template.removeprefix("sqlite:///"), path)
            return f"sqlite:///{path}"
        import psycopg

        name = f"wesley_race_{label}_{uuid.uuid4().hex[:8]}"
        source = "" if template is None else f' TEMPLATE "{_name(template)}"'
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{source}'.encode())
        return database_url(self.admin_url, name)

    def drop(self, url: str) -> None:
        if self.admin_url is None:
            for path in self.root.glob(Path(url.removeprefix("sqlite:///")).name + "*"):
                path.unlink()
            return
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{_name(url)}" WITH (FORCE)'.encode())

    @contextmanager
    def copy(self) -> Iterator[str]:
        """A copy of the prepared database, removed afterwards."""
        url = self._create("copy", self.template)
        try:
            yield url
        finally:
            self.drop(url)

    def arguments(self, url: str, *extra: str) -> list[str]:
        return ["migrate", "up", "--db", url, "--migrations", "migrations", "--target", "test", *extra]

    def up(self, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
        return self.run(*self.arguments(url, *extra))

    def run(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        """A process of its own, never this one: the run lock is held per process, so a command
        run in the test's process would share a lock the test holds."""
        return subprocess.run(
            [sys.executable, "-m", "wesley_gen", *arguments],
            cwd=self.root,
            env=_without_wesley_settings(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=600,
        )

    def one_run(self) -> State:
        with self.copy() as url:
            result = self.up(url)
            assert result.returncode == 0, result.stderr
            return state_of(url)

    def race(self, *extra: str) -> Race:
        """Start two ``migrate up`` at once on a fresh copy; wait for both."""
        with self.copy() as url:
            environment = _without_wesley_settings()
            command = [sys.executable, "-m", "wesley_gen", *self.arguments(url, *extra)]
            processes = [
                subprocess.Popen(
                    command,
                    cwd=self.root,
                    env=environment,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for _ in range(2)
            ]
            outputs = [process.communicate(timeout=600) for process in processes]
            results = tuple(
                subprocess.CompletedProcess(command, process.returncode, out, err)
                for process, (out, err) in zip(processes, outputs, strict=True)
            )
            runs = History(DatabaseUrl.parse(url)).runs()
            winners = {r.run_id for r in runs if r.migration == CHAIN[-1][0] and r.outcome == "applied"}
            database = Path(url.removeprefix("sqlite:///"))
            leftovers = (
                () if self.admin_url else tuple(sorted(p.name for p in self.root.glob(database.name + "?*")))
            )
            return Race(state_of(url), (results[0], results[1]), next(iter(winners), None), leftovers)

    def verdict(self, race: Race) -> Verdict:
        """How ``race`` compares with one run alone, and whether both runs ended as documented."""
        alone, found = self.alone, race.state
        documented = sorted(_role(result, race.winner_run_id) for result in race.results) == [
            "loser",
            "winner",
        ]
        return Verdict(
            wrong_state=found.schema != alone.schema or not documented,
            lost_rows=(Counter(alone.rows) - Counter(found.rows)).total(),
            inconsistent_history=found.history != alone.history,
        )


def _name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _role(result: subprocess.CompletedProcess[str], winner: str | None) -> str:
    """``winner`` (applied the chain), ``loser`` (ended as documented) or ``wrong``."""
    if result.returncode == 0 and f"applied {CHAIN[-1][0]}" in result.stderr:
        return "winner"
    if result.returncode == 0 and UP_TO_DATE in result.stderr:
        return "loser"
    busy = LOCK_BUSY.search(result.stderr)
    if result.returncode == 1 and busy is not None and busy.group("run_id") == winner:
        return "loser"
    return "wrong"


def state_of(url: str) -> State:
    """The schema checksum, the rows of ``users`` and the history of the database at ``url``."""
    schema = load_schema(url).schema
    rows: list[tuple[object, ...]] = []
    if any(table.name == "users" for table in schema.tables):  # a lost table has no rows
        rows = fetch(url, "SELECT * FROM users ORDER BY id")
    history = tuple((r.migration, r.direction, r.outcome) for r in History(DatabaseUrl.parse(url)).runs())
    return State(checksum(schema), tuple(tuple(map(str, row)) for row in rows), history)


def _insert_users(url: str, count: int) -> None:
    rows = [(f"00000000-0000-0000-0000-{i:012d}", f"user{i}", i % 1000) for i in range(1, count + 1)]
    if url.startswith("sqlite:///"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        with conn:
            conn.executemany("INSERT INTO users (id, name, karma) VALUES (?, ?, ?)", rows)
        conn.close()
        return
    import psycopg

    with psycopg.connect(url) as pg, pg.cursor() as cursor:
        cursor.executemany(b"INSERT INTO users (id, name, karma) VALUES (%s, %s, %s)", rows)


def tally(verdicts: Sequence[Verdict]) -> dict[str, int]:
    """Counts over many races: wrong states, lost rows, inconsistent histories."""
    return {
        "races": len(verdicts),
        "wrong states": sum(v.wrong_state for v in verdicts),
        "rows lost or changed": sum(v.lost_rows for v in verdicts),
        "inconsistent histories": sum(v.inconsistent_history for v in verdicts),
    }


def _without_wesley_settings() -> dict[str, str]:
    """This environment without the ``WESLEY_`` settings a developer may have exported."""
    return {key: value for key, value in os.environ.items() if not key.startswith("WESLEY_")}
