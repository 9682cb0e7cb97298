"""The watchdog of a test database folder: ``python -m wesley_gen.run.watchdog FOLDER``.

Started by :func:`wesley_gen.run.testdb.up` with a pipe on its stdin whose writing
end only the owner of ``FOLDER`` holds.  End of file means the owner exited or gave
the folder up; if the folder still names an owner (its ``OWNER_FILE``), the
owner died without tearing it down — a SIGKILL, say — and the watchdog does it: the
server is stopped, the database dropped, the folder removed.  Only the standard library
is imported until then, so that watching costs next to nothing.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from wesley_gen.run.owner import OWNER_FILE


def main(folder: Path) -> None:
    sys.stdin.buffer.read()  # returns at end of file: the owner is gone, or let the folder go
    if not (folder / OWNER_FILE).exists():
        return
    from wesley_gen.errors import WesleyGenError
    from wesley_gen.run.testdb import tear_down

    with contextlib.suppress(WesleyGenError):  # else left to the next reaper; `testdb down` says why
        tear_down(folder)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
