"""The suite's own contract: no server outlives a killed session, and ``make test`` fails loudly.

A session's PostgreSQL server (``pg_server``) is owned by the pytest process: its
watchdog stops it when pytest dies, SIGKILL included, and the next session reaps it if
the watchdog died too.  Each case runs a tiny inner session that holds its server
until it is killed.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pgtools import kill_watchdog, postmasters, processes_naming, wait_until
from wesley_gen.run import testdb

ROOT = Path(__file__).resolve().parent.parent
HOLDING = """
import os
import pathlib
import time

def test_holds_its_server(pg_server):
    pathlib.Path(os.environ["HOLDING_FLAG"]).touch()  # a worker's output never reaches its session's
    time.sleep(3600)  # until the outer test kills this session
"""
# An inner session as ``make suite`` runs it (its tests shared among worker processes, each with
# its own server), or all in pytest's own process.
WORKERS = pytest.mark.parametrize("workers", [0, 2], ids=["in-process", "2-workers"])


def holding_session(tmp_path: Path, workers: int) -> tuple[subprocess.Popen[str], Path]:
    """An inner session holding its server, and the folder its servers live in; it is up on return."""
    (tmp_path / "test_inner.py").write_text(HOLDING)
    temp = tmp_path / "tmp"  # the inner session's temporary folder: its servers live under it
    temp.mkdir()
    flag = tmp_path / "up"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WESLEY_", "PYTEST_XDIST"))}
    session = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "tests.conftest", "-q",
         "-n", str(workers), str(tmp_path / "test_inner.py")],
        cwd=ROOT, env=env | {"TMPDIR": str(temp), "HOLDING_FLAG": str(flag)},
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,  # a group of its own, for a kill of it whole
    )  # fmt: skip
    wait_until(lambda: flag.exists() or session.poll() is not None, "holding its server")
    assert flag.exists(), session.communicate()[0]
    root = temp / f"wesley-gen-test-servers-{os.getuid()}"
    assert postmasters(root), "the session's server should be running now"
    return session, root


@WORKERS
@pytest.mark.parametrize("also_killed", ["", "watchdog"])
def test_a_killed_session_leaves_no_server(tmp_path: Path, also_killed: str, workers: int) -> None:
    """SIGKILL of pytest and its workers at once: no fixture is torn down."""
    session, root = holding_session(tmp_path, workers)
    if also_killed:
        kill_watchdog(root)
    os.killpg(session.pid, signal.SIGKILL)
    session.communicate()
    if also_killed:
        assert postmasters(root), "nothing stopped the server: the next start must"
        (folder,) = root.iterdir()
        assert testdb.reap(root) == [folder.name]  # as the next session's start does
    wait_until(lambda: not processes_naming(str(root)) and not list(root.iterdir()), "stopped and removed")


@WORKERS
def test_sigterm_ends_a_session_like_ctrl_c(tmp_path: Path, workers: int) -> None:
    """A cancelled CI job: the session stops, its servers with it, and the summary is printed.
    In pytest's own process, the fixtures are torn down before it exits; a worker's session is
    ended with it, and what its fixtures did not stop its watchdog does."""
    session, root = holding_session(tmp_path, workers)
    session.send_signal(signal.SIGTERM)
    rest, _ = session.communicate()
    assert session.returncode == 2, rest
    assert "KeyboardInterrupt" in rest and re.search(r" in [0-9.]+s\b", rest.splitlines()[-1]), rest
    if not workers:
        assert not processes_naming(str(root)) and not list(root.iterdir())
    wait_until(lambda: not processes_naming(str(root)) and not list(root.iterdir()), "stopped and removed")


def test_ci_runs_make_test_and_fails_with_it(tmp_path: Path) -> None:
    """``.ci/run`` is ``make test``, and its exit status is make's (5, say: no tests collected)."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "make").write_text(f'#!/bin/sh\necho "$@" > {tmp_path / "args"}\nexit 5\n')
    (fake / "make").chmod(0o755)
    env = os.environ | {"PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run([str(ROOT / ".ci" / "run")], env=env, capture_output=True, check=False)
    assert result.returncode == 5
    assert (tmp_path / "args").read_text() == "test\n"


def test_make_suite_fails_when_no_test_is_collected(tmp_path: Path) -> None:
    """The tests ``make test`` runs: exit 5 of pytest fails make, and the summary line is printed."""
    result = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "suite", f"TESTS={tmp_path}"],
        cwd=ROOT, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode != 0, result.stdout
    assert "no tests ran in" in result.stdout.splitlines()[-1]
