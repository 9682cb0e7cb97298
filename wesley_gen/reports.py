"""What runs report, as typed values: each step's timing, and the rehearsal report.

The runtime fills these in as a run goes; ``render/rehearsal.py`` is the one writer of
the rehearsal report (``rehearsal-<run id>.json``, format ``wesley-gen/rehearsal@1``,
``docs/schema/rehearsal.schema.json``, and its Markdown form).  They live before the
runtime and the renderers in the pipeline so that both can name them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

REHEARSAL_FORMAT = "wesley-gen/rehearsal@1"
PASSED, FAILED = "passed", "failed"
APPLIED, NOT_RUN, RUNNING, INTERRUPTED = "applied", "not run", "running", "interrupted"
RESTORED, DIFFERS, SKIPPED = "restored", "differs", "skipped"


@dataclass
class StepRecord:
    step: str
    seconds: float
    detail: str = ""
    migration: str = ""
    rows: int | None = None  # rows the step wrote
    held: float | None = None  # its longest transaction, in seconds: how long it held locks
    checks: tuple[int, int] | None = None  # contract checks passed, of how many (the schema is one)


@dataclass
class SeedRecord:
    before: str | None  # the migration the rows were seeded before; None: after the last
    rows: int  # generated rows asked for per table
    seed: int
    fixtures: str | None
    seconds: float = 0.0
    tables: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class MigrationRecord:
    id: str
    outcome: str = NOT_RUN
    destructive: str | None = None  # what the migration drops, when it drops data
    steps: list[StepRecord] = field(default_factory=list)

    @property
    def longest_transaction(self) -> StepRecord | None:
        held = [s for s in self.steps if s.held is not None]
        return max(held, key=lambda s: s.held or 0.0, default=None)


@dataclass
class RollbackRecord:
    id: str
    outcome: str  # restored | differs | failed | skipped
    seconds: float = 0.0
    detail: str = ""
    differences: list[str] = field(default_factory=list)
    # What this rollback could not verify: the data its irreversible changes dropped, and
    # the older migrations it leaves applied.  A rehearsal never reads "passed" without it.
    not_verified: list[str] = field(default_factory=list)


@dataclass
class Failure:
    migration: str | None
    step: str
    message: str


@dataclass
class Rehearsal:
    run_id: str
    dialect: str
    database: str  # redacted
    started_at: str
    seconds: float = 0.0
    seed: SeedRecord | None = None
    migrations: list[MigrationRecord] = field(default_factory=list)
    verify: list[str] = field(default_factory=list)  # one line per contract stage checked
    rollback: list[RollbackRecord] = field(default_factory=list)
    failure: Failure | None = None
    kept_url: str | None = None

    @property
    def outcome(self) -> str:
        return FAILED if self.failure is not None else PASSED

    @property
    def not_verified(self) -> list[str]:
        """Every part of the rollback that was not verified, each rollback's in turn."""
        return [line for record in self.rollback for line in record.not_verified]
