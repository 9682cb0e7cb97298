"""wesley-gen held at a chosen function, for tests that signal it mid-way without a race.

``python tests/paused.py MODULE:FUNCTION ARGS...`` runs ``wesley-gen ARGS...`` with
``MODULE.FUNCTION`` replaced: its first call prints ``PAUSED`` on stderr and reads stdin
to its end before going on.  A test starts it with ``stdin=PIPE``, waits for the line
(the state it wants to interrupt is then reached, and stays), signals the process, and
closes stdin to let a process it did not kill go on.  Callers must look the function up
through its module at call time (``testdb.seed(...)``, or an import inside a function).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

PAUSED = "paused: waiting for stdin to close"


def hold(target: str) -> None:
    module_name, _, name = target.partition(":")
    module = importlib.import_module(module_name)
    original = getattr(module, name)

    def paused(*args: Any, **kwargs: Any) -> Any:
        setattr(module, name, original)  # once
        print(f"{PAUSED} in {target}", file=sys.stderr, flush=True)
        sys.stdin.read()
        return original(*args, **kwargs)

    setattr(module, name, paused)


if __name__ == "__main__":
    hold(sys.argv[1])
    from wesley_gen.cli import main

    main(sys.argv[2:])
