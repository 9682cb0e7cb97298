"""How wesley-gen's sessions vacuum a table the backfill filled, on PostgreSQL.

swap.sql begins with these settings before its ``VACUUM`` of each backfilled table, and
backfill.py's session sets them for the vacuums it runs between batches: one pace, one ring,
one writeback policy, written once.  Standard library only (see :mod:`wesley_gen.runtime`).
"""

from typing import Final

# Milliseconds slept each time the vacuum's cost reaches vacuum_cost_limit (200 by default: 10
# pages dirtied): 2,000 pages (16 MB) dirtied a second at most, 2.5 times slower than
# autovacuum's default pace (autovacuum_vacuum_cost_delay = 2).  Every fsync of the WAL (each
# commit's) waits for the disk to take the data writes queued before it.  On the online
# benchmark's 3M-row table, the slowest write during the vacuum was 8 to 44 ms in 10 runs at
# this pace; at autovacuum's, 7 to 19 ms in 11 runs of 13, and 88 and 170 ms in the other two
# (the vacuum taking 30 s instead of 60 to 70).
VACUUM_PACE: Final = "SET vacuum_cost_delay = 5"
# The buffers the vacuum may dirty before it reuses one (PostgreSQL 16+; the server caps it at an
# eighth of shared_buffers; a server without the setting is left as it is).  In its default
# 2 MB ring, each buffer it dirties comes round again within 256 pages, and the vacuum must
# flush the WAL up to that page before writing it: a WAL flush every few milliseconds, which
# the application's commits queue behind (writers stalled up to 215 ms at 3M rows; 43-60 ms
# with the larger ring, the online benchmark's diagnostic runs).
VACUUM_RING: Final = (
    "SELECT set_config('vacuum_buffer_usage_limit', '256MB', false) FROM pg_settings"
    " WHERE name = 'vacuum_buffer_usage_limit'"
)
# After every 256 kB this session writes out of shared buffers, the kernel is asked to start
# writing them to the disk (as the checkpointer's checkpoint_flush_after does; a session's own
# is 0, off, by default).  Left in the page cache, the pages a backfill or a vacuum dirtied are
# written back by the kernel in bursts, about 30 s later (vm.dirty_expire_centisecs), and the
# application's commits wait for their WAL's fsync behind them: the server's slowest write during
# the 3M-row online benchmark's vacuum 13 and 47 ms in two runs, under 10 and 18 ms with it.
BULK_WRITEBACK: Final = "SET backend_flush_after = '256kB'"
# The session settings of a vacuum of a backfilled table, in the order swap.sql states them.
VACUUM_SESSION: Final = (VACUUM_PACE, VACUUM_RING, BULK_WRITEBACK)
