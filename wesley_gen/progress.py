"""Progress of a long step: how much of a known total is done, the rate, and the time left.

A swap of a large table or the seeding of a rehearsal runs for tens of seconds; without a
sign of life it looks hung.  On a terminal one line is redrawn in place (at most a few times
a second) and cleared when the step ends, so the output that stays is what it was before;
anywhere else (a CI log, a pipe) a whole line every few seconds, and none for a step that
ends sooner, so short runs and tests print exactly what they did.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

LOG_EVERY = 5.0  # seconds between two lines when not on a terminal
_REDRAW_EVERY = 0.2  # seconds between two redraws on a terminal

Advance = Callable[[int], None]  # n more units done


class Progress:
    """``with Progress("swap 0002_v2", 12, "statements", say) as shown: … shown.advance(1)``;
    ``say`` takes the lines written when not on a terminal (None: none), at most one every
    ``every`` seconds."""

    def __init__(
        self,
        what: str,
        total: int | None,
        unit: str,
        say: Callable[[str], None] | None,
        *,
        terminal: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
        every: float | None = None,
    ) -> None:
        self.what, self.total, self.unit, self.say = what, total, unit, say
        self.every = every
        stream = terminal if terminal is not None else sys.stderr
        self.terminal = stream if stream.isatty() else None
        self.clock = clock
        self.done = 0
        self.started = self.shown = clock()
        self.drawn = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.terminal is not None and self.drawn:
            self.terminal.write("\r\x1b[2K")  # clear the line: what stays is the step's own output
            self.terminal.flush()

    def above(self, line: str) -> None:
        """Say ``line`` above the progress line (which the next advance draws again)."""
        if self.terminal is not None and self.drawn:
            self.terminal.write("\r\x1b[2K")
            self.terminal.flush()
            self.drawn = False
        if self.say is not None:
            self.say(line)

    def advance(self, n: int) -> None:
        self.done += n
        if self.total == 0:
            return  # nothing to do: nothing to show
        now = self.clock()
        if self.terminal is not None and now - self.shown >= _REDRAW_EVERY:
            self.terminal.write(f"\r\x1b[2K{self.line(now)}")
            self.terminal.flush()
            self.shown, self.drawn = now, True
        elif self.terminal is None and self.say is not None and now - self.shown >= self._every():
            self.say(self.line(now))
            self.shown = now

    def _every(self) -> float:
        return LOG_EVERY if self.every is None else self.every

    def line(self, now: float) -> str:
        """``swap 0002_v2: 3/12 statements (25%), 0.5 statements/s, 18 s left``."""
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        if self.total is None:  # not known: what is done, and how fast
            return f"{self.what}: {self.done:,} {self.unit}, {_rate(rate)} {self.unit}/s"
        text = f"{self.what}: {self.done:,}/{self.total:,} {self.unit}"
        if self.total:
            text += f" ({100 * self.done // self.total}%)"
        text += f", {_rate(rate)} {self.unit}/s"
        if rate > 0 and self.total >= self.done:
            text += f", {_duration((self.total - self.done) / rate)} left"
        return text


def _rate(rate: float) -> str:
    """``0.5``, ``12.3``, ``40,230``: a tenth only where it says something."""
    return f"{rate:,.0f}" if rate >= 100 else f"{rate:.1f}"


def _duration(seconds: float) -> str:
    """``42 s``, ``3 min 05 s``, ``1 h 02 min``."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


class Steps:
    """The overall line of a run made of a few long steps (a rehearsal), said as each begins:
    ``rehearsal: step 3 of 11: migrate up 0002_v2 (12 s elapsed)``.

    Said on a terminal and in a log alike, whatever the time since the last: the steps are
    few, each can run long with no progress of its own (a verify, a rollback's comparison of
    every row), and the lines in between are the steps' own.  No time left is given: the
    steps differ too much for those done to tell it."""

    def __init__(
        self,
        what: str,
        total: int,
        say: Callable[[str], None],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.what, self.total, self.say, self.clock = what, total, say, clock
        self.done = 0
        self.started = clock()

    def begin(self, step: str) -> None:
        """Say that ``step`` begins; a step left out (the run stopped early) is not counted."""
        self.done += 1
        elapsed = _duration(self.clock() - self.started)
        self.say(f"{self.what}: step {self.done} of {self.total}: {step} ({elapsed} elapsed)")

    def last(self, step: str) -> None:
        """Say that the last step, which runs whatever happened before it, begins."""
        self.done = self.total - 1
        self.begin(step)
