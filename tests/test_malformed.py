"""Every malformed input in tests/malformed/ fails cleanly through the command line.

A case is a schema file plus a ``<name>.expect`` sidecar::

    line: 7            # or "-" when the source has no lines
    message: duplicate column
    dialect: sqlite    # optional

Every case runs the command line in this process (tests/command.py); one also runs it as
a process of its own. The command must exit 2 and print one ``wesley-gen: error: FILE:LINE: …`` line
containing the message, and never a traceback.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.command import wesley

CASES = Path(__file__).parent / "malformed"


def _cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.suffix != ".expect")


def _expectation(case: Path) -> dict[str, str]:
    sidecar = case.with_suffix(".expect")
    fields: dict[str, str] = {}
    for raw in sidecar.read_text(encoding="utf-8").splitlines():
        key, sep, value = raw.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    return fields


def test_there_are_enough_cases() -> None:
    assert len(_cases()) >= 25


def _fails_with_location(case: Path, result: subprocess.CompletedProcess[str]) -> None:
    expect = _expectation(case)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    error_lines = [line for line in lines if line.startswith("wesley-gen: error: ")]
    assert len(error_lines) == 1, result.stderr
    location = str(case) if expect["line"] == "-" else f"{case}:{expect['line']}:"
    assert location in error_lines[0], result.stderr
    assert expect["message"] in error_lines[0], result.stderr


def _arguments(case: Path) -> list[str]:
    dialect = _expectation(case).get("dialect")
    return ["diff", str(case), str(case), *(["--dialect", dialect] if dialect else [])]


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_malformed_input_fails_with_location(case: Path) -> None:
    """The command line's entry point in this process (tests/command.py): an exception that
    escapes it prints a traceback and exits 1, as the interpreter would."""
    _fails_with_location(case, wesley(*_arguments(case)))


def test_malformed_input_fails_alike_in_a_process_of_its_own() -> None:
    """The real ``python -m wesley_gen``, once: the same line and exit status as in process."""
    case = _cases()[0]
    result = subprocess.run(
        [sys.executable, "-m", "wesley_gen", *_arguments(case)],
        capture_output=True, text=True, check=False, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    _fails_with_location(case, result)
    inside = wesley(*_arguments(case))
    assert (result.returncode, result.stderr) == (inside.returncode, inside.stderr)
