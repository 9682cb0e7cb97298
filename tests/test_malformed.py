"""Every malformed input in tests/malformed/ fails cleanly through the real command.

A case is a schema file plus a ``<name>.expect`` sidecar::

    line: 7            # or "-" when the source has no lines
    message: duplicate column
    dialect: sqlite    # optional

The command must exit 2 and print one ``wesley-gen: error: FILE:LINE: …`` line
containing the message, and never a traceback.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_malformed_input_fails_with_location(case: Path) -> None:
    expect = _expectation(case)
    args = [sys.executable, "-m", "wesley_gen", "diff", str(case), str(case)]
    if "dialect" in expect:
        args += ["--dialect", expect["dialect"]]
    result = subprocess.run(args, capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    error_lines = [line for line in lines if line.startswith("wesley-gen: error: ")]
    assert len(error_lines) == 1, result.stderr
    location = str(case) if expect["line"] == "-" else f"{case}:{expect['line']}:"
    assert location in error_lines[0], result.stderr
    assert expect["message"] in error_lines[0], result.stderr
