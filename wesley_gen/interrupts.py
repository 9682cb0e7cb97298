"""SIGTERM as Ctrl-C: a deploy tool, a process manager or a cancelled CI job stops a process
with SIGTERM, and a run stopped so must unwind exactly as after Ctrl-C — the transaction
in flight rolled back, where the run stopped recorded, its temporary files removed —
instead of dying where it stands.

Standard library only: the backfill runtime (:mod:`wesley_gen.runtime`) imports it too.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


@contextmanager
def terminate_as_interrupt(*signals: signal.Signals) -> Iterator[None]:
    """Within the block, the first of ``signals`` (default SIGTERM) raises KeyboardInterrupt
    where the program is; the ones after it are ignored, so that a second signal — a tool
    that sends SIGTERM to a process and then to its group, a second Ctrl-C — does not cut
    short the cleanup the first one started.  Outside the main thread (where Python cannot
    set a handler) the block runs with the signals as they are."""
    handled = signals or (signal.SIGTERM,)
    fired = False

    def interrupt(signum: int, frame: FrameType | None) -> None:
        # Not SIG_IGN after the first: a signal already pending then would end the
        # process with "Signal N ignored due to race condition".
        nonlocal fired
        if not fired:
            fired = True
            raise KeyboardInterrupt

    try:
        previous = [(each, signal.signal(each, interrupt)) for each in handled]
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        for each, handler in previous:
            signal.signal(each, handler)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while something must not be left half-made (a test server
    recorded or gone, a database put back from its copy).

    A signal that arrives meanwhile is delivered afterwards.
    """
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    except (AttributeError, ValueError):  # no pthread_sigmask (Windows), or not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
