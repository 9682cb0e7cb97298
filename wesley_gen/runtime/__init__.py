"""What generated scripts import at run time, with only the package installed.

A migration folder's ``backfill.py`` holds that migration's tasks and nothing else; the
batching, progress, options and database access it runs are here, in one module per
script kind, each with an API version the script checks before it uses anything
(``RUNTIME_API`` in :mod:`wesley_gen.runtime.backfill`, stated here as ``BACKFILL_API`` so that
``generate`` reads it without importing the runtime).  These modules import the
standard library, ``wesley_gen.errors``, ``wesley_gen.interrupts`` and this package only, so that a script starts fast.
"""

from typing import Final

BACKFILL_API: Final = 1  # the backfill runtime's API version (its RUNTIME_API)
