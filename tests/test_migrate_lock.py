"""One run at a time: two ``migrate up`` on one database end as one run would.

Real processes race on a SQLite file and on a PostgreSQL database holding thousands
of rows (see tests/concurrency.py); the assertions hold whichever run wins and however
much the runs overlap.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.concurrency import LOCK_BUSY, UP_TO_DATE, Project, tally
from tests.pgtools import Server
from wesley_gen.database_url import DatabaseUrl
from wesley_gen.run.history import History
from wesley_gen.run.lock import LOCK_SUFFIX, LockBusy, holder, run_lock

# One race of each kind (waiting for the lock, giving up at once) per dialect: the many
# interleavings are make proof's (bench/concurrent_runs.py, 20 races per dialect).
RACES = 2
# A process that takes the lock, says so, and waits to be killed.
HOLD = """import sys
from wesley_gen.database_url import DatabaseUrl
from wesley_gen.run.lock import run_lock
with run_lock(DatabaseUrl.parse(sys.argv[1]), "doomed000001"):
    print("held", flush=True)
    sys.stdin.read()
"""


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    dialect: str = request.param
    root: Path = tmp_path_factory.mktemp(f"race-{dialect}")
    if dialect == "sqlite":
        yield Project(root, dialect)
        return
    server: Server = request.getfixturevalue("pg_server")
    project = Project(root, dialect, server.url)
    try:
        yield project
    finally:
        project.drop(project.template)


def test_two_runs_started_together_end_as_one_run(project: Project) -> None:
    """One race waits for the lock (long enough for a loaded machine), the other gives up at once."""
    verdicts = []
    for number in range(RACES):
        race = project.race("--lock-timeout", "0" if number % 2 else "600")
        verdicts.append(project.verdict(race))
        assert race.leftovers == (), "a lock file or restore point outlived the runs"
    assert tally(verdicts) == {
        "races": RACES,
        "wrong states": 0,
        "rows lost or changed": 0,
        "inconsistent histories": 0,
    }


def test_a_run_gives_up_on_a_held_lock_naming_its_holder(project: Project) -> None:
    with project.copy() as url:
        recorded = History(DatabaseUrl.parse(url)).runs()
        status = ["migrate", "status", "--db", url, "--migrations", "migrations"]
        with run_lock(DatabaseUrl.parse(url), "heldbytest01"):
            for extra in (("--lock-timeout", "0"), ("--lock-timeout", "0.3")):
                result = project.up(url, *extra)
                assert result.returncode == 1, result.stderr
                busy = LOCK_BUSY.search(result.stderr)
                assert busy is not None, result.stderr
                assert busy["run_id"] == "heldbytest01" and busy["pid"] == str(os.getpid())
                assert busy["host"] == socket.gethostname()
            assert "waiting up to 0.3 s for another run to finish: run heldbytest01" in result.stderr
            assert "gave up after waiting 0.3 s" in result.stderr
            down = project.run("migrate", "down", *project.arguments(url, "--lock-timeout", "0")[2:])
            assert down.returncode == 1 and "run heldbytest01" in down.stderr
            shown = project.run(*status)
            assert (
                f"run in progress: run heldbytest01 on host {socket.gethostname()}, pid {os.getpid()}"
                in shown.stdout
            )
            found = json.loads(project.run(*status, "--format", "json").stdout)
            assert found["running"]["run_id"] == "heldbytest01"
            assert History(DatabaseUrl.parse(url)).runs() == recorded  # the runs that gave up wrote nothing
        assert "run in progress" not in project.run(*status).stdout
        applied = project.up(url, "--lock-timeout", "0")
        assert applied.returncode == 0, applied.stderr


def test_a_lock_left_by_a_killed_process_does_not_block_the_next_run(project: Project) -> None:
    """SQLite: the OS releases a dead process's flock, its lock file is stale; PostgreSQL:
    the server releases the lock with the dead process's session."""
    with project.copy() as url:
        process = subprocess.Popen(
            [sys.executable, "-c", HOLD, url], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None and process.stdout.readline() == "held\n"
        held = holder(DatabaseUrl.parse(url))
        assert held is not None and held.run_id == "doomed000001" and held.pid == str(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        if project.dialect == "sqlite":
            sidecar = Path(url.removeprefix("sqlite:///") + LOCK_SUFFIX)
            assert "doomed000001" in sidecar.read_text()  # left behind by the dead process
            assert holder(DatabaseUrl.parse(url)) is None  # and seen to be stale
        result = project.up(url)  # PostgreSQL may take a moment to notice: the default wait covers it
        assert result.returncode == 0, result.stderr
        assert UP_TO_DATE not in result.stderr and "applied 0004_unique_email" in result.stderr


def test_the_lock_is_the_same_lock_within_a_thread_and_another_lock_in_another_thread(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    failures: list[BaseException] = []

    def other_run() -> None:
        try:
            with run_lock(DatabaseUrl.parse(url), "otherthread1", timeout=0):
                pass
        except LockBusy as error:
            failures.append(error)

    with (
        run_lock(DatabaseUrl.parse(url), "thisthread01"),
        run_lock(DatabaseUrl.parse(url), "thisthread01", timeout=0),
    ):  # a run's own step
        thread = threading.Thread(target=other_run)
        thread.start()
        thread.join()
    assert len(failures) == 1 and "run thisthread01" in str(failures[0])
    assert not (tmp_path / f"app.db{LOCK_SUFFIX}").exists()


def test_seeding_gives_up_on_a_held_lock_after_its_lock_timeout(project: Project) -> None:
    """`testdb seed --lock-timeout` is honoured like migrate's: a run holding the database
    (another process here) makes the seeding give up at once, naming it, writing nothing."""
    from wesley_gen.run.testdb import seed

    with project.copy() as url:
        process = subprocess.Popen(
            [sys.executable, "-c", HOLD, url], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        try:
            assert process.stdout is not None and process.stdout.readline() == "held\n"
            with pytest.raises(LockBusy, match="run doomed000001"):
                seed(DatabaseUrl.parse(url), rows=5, seed=1, lock_timeout=0)
        finally:
            process.kill()
            process.wait(timeout=60)
