"""Library entry points: one function per command, with no printing and no exit codes.

Each returns a report that the CLI renders; programs that embed wesley-gen call them
directly.  Commands that run for a while say what they are doing through ``say`` (one
line at a time), as the runtime does.  The configuration (``[tool.wesley-gen]``) fills
in what the caller leaves out.

One module per group of commands, each importing only what its commands need, and
heavy imports inside the functions: the CLI imports a module when its command runs,
so ``--help`` and the pre-commit hook's no-op ``check`` pay for none of the others.

- :mod:`wesley_gen.api.changes`: ``diff``, ``generate``, ``explain``, ``spec``
- :mod:`wesley_gen.api.migrate`: ``verify``, ``migrate …``, ``rehearse``
- :mod:`wesley_gen.api.testdb`: ``testdb …``
- :mod:`wesley_gen.api.project`: ``new``, ``check``
"""

from __future__ import annotations

from collections.abc import Callable

Say = Callable[[str], None]
