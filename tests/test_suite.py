"""The suite's own contract: no server outlives a killed session, and ``make test`` fails loudly.

A session's PostgreSQL server (``pg_server``) is owned by the pytest process: its
watchdog stops it when pytest dies, SIGKILL included, and the next session reaps it if
the watchdog died too.  Each case runs a tiny inner session that holds its server
until it is killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pgtools import kill_watchdog, postmasters, processes_naming, wait_until
from wesley_gen.run import testdb

ROOT = Path(__file__).resolve().parent.parent
HOLDING = """
import sys

def test_holds_its_server(pg_server):
    print("server up", flush=True)
    sys.stdin.read()  # until the outer test kills this session
"""


def holding_session(tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    """An inner session holding its server, and the folder its servers live in; it is up on return."""
    (tmp_path / "test_inner.py").write_text(HOLDING)
    temp = tmp_path / "tmp"  # the inner session's temporary folder: its servers live under it
    temp.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WESLEY_")} | {"TMPDIR": str(temp)}
    session = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "tests.conftest", "-s", "-q",
         str(tmp_path / "test_inner.py")],
        cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert session.stdout is not None
    output = []
    for line in session.stdout:
        output.append(line)
        if line.startswith("server up"):
            root = temp / f"wesley-gen-test-servers-{os.getuid()}"
            assert postmasters(root), "the session's server should be running now"
            return session, root
    raise AssertionError("".join(output))


@pytest.mark.parametrize("also_killed", ["", "watchdog"])
def test_a_killed_session_leaves_no_server(tmp_path: Path, also_killed: str) -> None:
    session, root = holding_session(tmp_path)
    if also_killed:
        kill_watchdog(root)
    session.kill()
    session.communicate()
    if also_killed:
        assert postmasters(root), "nothing stopped the server: the next start must"
        (folder,) = root.iterdir()
        assert testdb.reap(root) == [folder.name]  # as the next session's start does
    wait_until(lambda: not processes_naming(str(root)) and not list(root.iterdir()), "stopped and removed")


def test_sigterm_ends_a_session_like_ctrl_c(tmp_path: Path) -> None:
    """A cancelled CI job: fixtures are torn down before pytest exits, and the summary is printed."""
    session, root = holding_session(tmp_path)
    session.send_signal(signal.SIGTERM)
    rest, _ = session.communicate()
    assert session.returncode == 2, rest
    assert "KeyboardInterrupt" in rest and "no tests ran in" in rest.splitlines()[-1]
    assert not processes_naming(str(root)) and not list(root.iterdir())


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
