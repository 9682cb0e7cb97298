"""Create or refresh ``.venv`` (the Makefile's stamp target), once, even when two makes ask together.

Two ``make test`` started side by side in one checkout both find the stamp stale;
without a lock both would build the same virtual environment at once.  The second
waits for the first and then finds the stamp fresh.  Usage: ``python .ci/venv.py VENV``.
"""

from __future__ import annotations

import fcntl
import subprocess
import sys
from pathlib import Path


def main(venv: Path) -> None:
    stamp = venv / ".installed"
    venv.mkdir(exist_ok=True)
    with (venv / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or this process dies
        if stamp.exists() and stamp.stat().st_mtime >= Path("pyproject.toml").stat().st_mtime:
            return  # built by the make that held the lock before us
        python = str(venv / "bin" / "python")
        for command in (
            [sys.executable, "-m", "venv", str(venv)],
            [python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
            [python, "-m", "pip", "install", "--quiet", "-e", ".[dev]"],
        ):
            print(" ".join(command), flush=True)
            if subprocess.run(command, check=False).returncode != 0:
                raise SystemExit(f"failed: {' '.join(command)}")
        stamp.touch()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
