"""wesley-gen's command line run inside the test process, as ``python -m wesley_gen`` runs it.

A subprocess pays the interpreter's start and the imports (sqlglot, pglast, graphql-core,
psycopg: half a second of CPU) on every call, which hundreds of calls in the suite add up
to minutes.  This runs the same entry point (``wesley_gen.cli.main``: usage errors, exit
codes, one-line errors) with its own working folder, environment, stdout and stderr, and
answers as ``subprocess.run`` does.  Tests about the process itself (signals, Ctrl-C,
what a fresh interpreter imports, the installed console script) keep a real subprocess.
"""

from __future__ import annotations

import contextlib
import gc
import os
import subprocess
import sys
import traceback
from collections.abc import Mapping
from pathlib import Path

from click.testing import CliRunner

from wesley_gen.cli import main


def wesley(
    *args: str,
    cwd: Path | str | None = None,
    env: Mapping[str, str | None] | None = None,
    clean: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run ``wesley-gen ARGS`` in ``cwd`` with ``env`` changed (None unsets a variable), stdin empty;
    ``clean``: without the session's ``WESLEY_`` variables, as a user's shell has none.

    An exception that escapes ``main`` is what Python prints for it, with exit status 1, as the
    interpreter would do; ``main`` raises the collector's thresholds for its own process, which
    here is the test session's, so they are restored.
    """
    if clean:
        env = {**dict.fromkeys(k for k in os.environ if k.startswith("WESLEY_")), **(env or {})}
    threshold = gc.get_threshold()
    code: int | str | None = 0
    with contextlib.chdir(cwd or Path.cwd()), CliRunner().isolation(env=env) as (out, err, _):
        try:
            main(list(args))
        except SystemExit as exit:
            code = exit.code
        except Exception:  # as an uncaught exception ends a process
            traceback.print_exc()
            code = 1
        finally:
            gc.set_threshold(*threshold)
            sys.stdout.flush()
            sys.stderr.flush()
        stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    if isinstance(code, str):  # SystemExit("message") prints it and exits 1
        stderr, code = stderr + code + "\n", 1
    return subprocess.CompletedProcess(["wesley-gen", *args], code or 0, stdout, stderr)
