"""What generated scripts import at run time, with only the package installed.

A migration folder's ``backfill.py`` holds that migration's tasks and nothing else; the
batching, progress, options and database access it runs are here, in one module per
script kind, each with an API version the script checks before it uses anything
(``RUNTIME_API`` in :mod:`wesley_gen.runtime.backfill`).  These modules import the
standard library, ``wesley_gen.errors`` and ``wesley_gen.interrupts`` only, so that a script starts fast.
"""
