"""Who owns a test database folder, and whether that process still runs.

A folder names its owner in ``OWNER_FILE`` (a pid and that process's start time).
Both :mod:`wesley_gen.run.testdb` (which claims, releases and reaps folders) and
:mod:`wesley_gen.run.watchdog` (which tears down a folder whose owner is gone) read
it; this module imports only the standard library, so the watchdog stays cheap.
"""

from __future__ import annotations

import os
from pathlib import Path

OWNER_FILE = "owner"  # in a test database folder: the pid and start time of the process owning it


def identity(pid: int) -> str:
    """``pid`` and its start time, so that a pid reused by another process is not taken for the owner."""
    try:
        started = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        started = "-"  # no /proc (macOS), or no such process
    return f"{pid} {started}"


def orphaned(folder: Path) -> bool:
    """Whether ``folder`` has an owner and that owner is gone (no owner: kept, or being made)."""
    try:
        recorded = (folder / OWNER_FILE).read_text(encoding="utf-8").strip()
        pid = int(recorded.split()[0])
    except (OSError, ValueError, IndexError):
        return False
    return not alive(pid) or identity(pid) != recorded


def alive(pid: int) -> bool:
    """Whether ``pid`` runs; an exited process its parent has not reaped yet (a zombie) does not."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True  # no /proc (macOS): kill(0) is all there is
    return state != "Z"
