"""Running migration folders against a database: up, down, status, history, verify.

A migration runs as its plan says: pre-check → expand.sql → backfill.py → swap check
→ swap.sql → post-check.  Each step that changes the schema is a transaction; if any
step fails, the database is put back as it was before that migration (SQLite: the
file as it was, from a copy taken first; PostgreSQL: the undo statements of what this
run did, from statements.json), the failure is recorded in the
history table, and the error names the step, the statement and the database's
message.  Every run appends to the history table (see :mod:`wesley_gen.run.history`).

One run at a time: ``up`` and ``down`` hold the database's lock
(:mod:`wesley_gen.run.lock`) from before they read the history until they are done,
so a second run finds the first one's work recorded, never half done.

Interlocks: a run must name its target (``test`` or ``working``); a working target
needs ``WESLEY_CONFIRM=I_ACKNOWLEDGE_WORKING_MUTATION``; the configured working
database can never be used as a test target; destructive migrations and lossy
rollbacks need ``force``.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import pairwise, takewhile
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import quote

from wesley_gen.database_url import DatabaseUrl, same_database
from wesley_gen.documents.contract import Contract, read_contract
from wesley_gen.documents.plan import PLAN_FILE, Plan, read_plan
from wesley_gen.errors import (
    DatabaseError,
    InputError,
    Location,
    ProblemFound,
    UsageError,
    WesleyGenError,
    first_line,
)
from wesley_gen.folders import migration_folders
from wesley_gen.interrupts import signals_held, terminate_as_interrupt
from wesley_gen.locks import lock_costs
from wesley_gen.model import Schema, checksum, to_dict
from wesley_gen.progress import Advance, Progress
from wesley_gen.reports import StepRecord
from wesley_gen.run.history import (
    APPLIED,
    BACKFILLED,
    EXPANDED,
    FAILED,
    IN_PROGRESS,
    INTERRUPTED,
    ROLLED_BACK,
    History,
    Run,
    applied,
)
from wesley_gen.run.lock import DEFAULT_TIMEOUT, Holder, Say, check_held, holder, run_lock
from wesley_gen.run.scripts import (
    BACKGROUND,
    Copying,
    Retrying,
    Timeouts,
    milliseconds,
    relation_bytes,
    scan_timeout,
)
from wesley_gen.runtime.vacuum import VACUUM_SESSION
from wesley_gen.statements import FILE_OF_STEP, DbObject, Statement, of_steps, read_manifest

CONFIRMATION = "I_ACKNOWLEDGE_WORKING_MUTATION"
TARGETS = ("test", "working")
# The steps of a migration, in the order ``up`` runs them.
STEPS = ("pre-check", "expand", "backfill", "vacuum", "swap check", "swap", "post-check")
# How swap.sql's leading statements that vacuum the backfilled tables begin: each of its
# session settings up to its value (a folder an earlier wesley-gen wrote with other values is
# recognised too), then each VACUUM.
VACUUM = (*(re.split(r",| =", setting, maxsplit=1)[0] for setting in VACUUM_SESSION), "VACUUM ")
_FILE_STEP = {"vacuum": "swap"}  # the statements.json step whose file a runner step runs
_STAGE_OF_STEP = {"pre-check": "pre", "swap check": "swap", "post-check": "post"}
_ROWS_DONE = re.compile(r"backfill done, (\d+) rows filled")
_LONGEST_BATCH = re.compile(r"longest batch (\d+) ms")
# backfill.py's lines: a task's rows so far ("users.email: 815,112/1,500,000 rows (54%), …") or
# its end ("users.email: done, 1500000 rows filled in 150 batches …"), and the rows it counted
# before filling any ("migration 0002_v2: 1500000 rows to fill by 2 tasks").
_FILLED = re.compile(r"^(.+?): (?:(done), (\d+) rows filled in |([\d,]+)/[\d,]+ rows[ ,])")
_TO_FILL = re.compile(r"^migration .+?: (\d+) rows to fill")


@dataclass(frozen=True, slots=True)
class MigrationFolder:
    id: str
    sequence: int
    path: Path
    plan: Plan
    statements: tuple[Statement, ...]  # statements.json: what the steps and the rollback execute

    @property
    def from_checksum(self) -> str:
        return self.plan.from_checksum

    @property
    def to_checksum(self) -> str:
        return self.plan.to_checksum

    @property
    def reversible(self) -> bool:
        return self.plan.reversible

    @property
    def destructive(self) -> int:
        return self.plan.destructive

    def text(self, name: str) -> str:
        return (self.path / name).read_text(encoding="utf-8")

    def lost(self) -> str:
        """What running the swap loses, from the plan's rollback hint."""
        return self.plan.step("swap").hint


def discover(folder: str | Path) -> list[MigrationFolder]:
    """The migration folders ``NNNN_slug`` of ``folder``, in order, checked to form one chain
    (a misnamed folder is an error: see :func:`wesley_gen.folders.migration_folders`)."""
    root = Path(folder)
    if not root.is_dir():
        raise UsageError("no such migrations folder", location=Location(str(root)))
    found: list[MigrationFolder] = []
    for entry in migration_folders(root):
        path = entry.path
        if not (path / PLAN_FILE).exists():
            raise InputError(f"a migration folder without {PLAN_FILE}", location=Location(str(path)))
        found.append(MigrationFolder(path.name, entry.sequence, path, read_plan(path), read_manifest(path)))
    found = _in_registry_order(root, found)
    for previous, current in pairwise(found):
        if current.sequence == previous.sequence:
            raise InputError(
                f"two migrations share the number {current.sequence:04d}: {previous.id} and {current.id}",
                location=Location(str(root)),
                hint="renumber one of them (two people added migrations at once)",
            )
        if current.from_checksum != previous.to_checksum:
            raise InputError(
                f"{current.id} starts from another schema than {previous.id} ends with",
                location=Location(str(current.path)),
                hint="regenerate it from the previous migration's schema.json",
            )
    return found


def _in_registry_order(root: Path, found: list[MigrationFolder]) -> list[MigrationFolder]:
    """The folders in the order the MigrationSpec registry runs them: prerequisites first."""
    from wesley_gen.spec import migration_key, registry_of

    by_key = {migration_key(m.id): m for m in found}
    ordered = [
        by_key[spec["meta"]["key"]] for spec in registry_of(root).order() if spec["meta"]["key"] in by_key
    ]
    return ordered if len(ordered) == len(found) else found


# --- target and interlocks -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    url: DatabaseUrl
    kind: str  # test | working

    def banner(self) -> str:
        return f"wesley-gen: target {self.kind.upper()} database {self.url.redacted}"


def resolve_target(
    url: DatabaseUrl, kind: str | None, environ: Mapping[str, str], *, working_url: str | None
) -> Target:
    """Apply the interlocks: a named target, a confirmation for working, test ≠ working."""
    chosen = kind or environ.get("WESLEY_TARGET")
    if not chosen:
        raise ProblemFound(
            "no target: say whether this database is a disposable test database or a working one",
            hint="pass --target test|working (or set WESLEY_TARGET)",
        )
    if chosen not in TARGETS:
        raise UsageError(f"unknown target {chosen!r}", hint="use --target test or --target working")
    if chosen == "test" and working_url is not None and same_database(url, working_url):
        raise ProblemFound(
            f"{url.redacted} is the configured working database; it cannot be a test target",
            hint="use a disposable database for tests, or --target working",
        )
    if chosen == "working" and environ.get("WESLEY_CONFIRM") != CONFIRMATION:
        raise ProblemFound(
            "changing a working database needs a second confirmation",
            hint=f"set WESLEY_CONFIRM={CONFIRMATION}",
        )
    return Target(url, chosen)


# --- running ---------------------------------------------------------------------------


@dataclass
class RunReport:
    run_id: str
    direction: str
    target: Target
    migrations: list[str] = field(default_factory=list)
    steps: list[StepRecord] = field(default_factory=list)
    outcome: str = APPLIED
    error: str | None = None
    failed_step: str | None = None  # the step that failed, and what failed in it
    failure_detail: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "direction": self.direction,
            "target": self.target.kind,
            "database": self.target.url.redacted,
            "migrations": self.migrations,
            "outcome": self.outcome,
            "error": self.error,
            "steps": [
                {"step": s.step, "seconds": round(s.seconds, 3), "detail": s.detail, "migration": s.migration}
                for s in self.steps
            ],
        }


class MigrationFailed(ProblemFound):
    """A step failed; the failure was recorded, and the restore's outcome is in the message (exit 1)."""


@dataclass(frozen=True, slots=True)
class UpOptions:
    to: str | None = None
    dry_run: bool = False
    batch_size: int | None = None
    allow_contract_drift: bool = False
    force: bool = False
    through: str | None = None  # "backfill": stop the first pending migration before its swap
    vacuum_rounds: int = 1  # backfill.py's --vacuum-rounds (1: its default, no vacuum between batches)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _git_sha(folder: Path) -> str | None:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None


class Runner:
    """Runs migrations of one folder against one target, saying what it does through ``say``.

    ``lock_timeout``: seconds to wait for another run on the same database to finish;
    ``timeouts``: PostgreSQL's lock and statement timeouts and the retries of a group whose
    lock wait timed out (each retry is said, and kept in the history table's ``retries``).
    """

    def __init__(
        self,
        migrations: Sequence[MigrationFolder],
        target: Target,
        say: Say,
        *,
        lock_timeout: float = DEFAULT_TIMEOUT,
        timeouts: Timeouts | None = None,
    ) -> None:
        self.migrations = list(migrations)
        self.target = target
        self.say = say
        self.lock_timeout = lock_timeout
        self.retrying = Retrying(timeouts or Timeouts(), self._retried)
        self.retried: list[str] = []  # the retry lines of the migration being run
        self.history = History(target.url)
        self.report = RunReport(uuid.uuid4().hex[:12], "up", target)
        self.current = ""  # the migration whose steps are being reported
        root = self.migrations[0].path.parent if self.migrations else Path.cwd()
        self.git_sha = _git_sha(root)

    def record(
        self, migration: MigrationFolder, direction: str, started: str, outcome: str, **extra: Any
    ) -> None:
        self.history.record(
            Run(
                run_id=self.report.run_id,
                migration=migration.id,
                sequence=migration.sequence,
                direction=direction,
                from_checksum=migration.from_checksum if direction == "up" else migration.to_checksum,
                to_checksum=migration.to_checksum if direction == "up" else migration.from_checksum,
                snapshot=extra.get("snapshot"),
                started_at=started,
                finished_at=_now(),
                outcome=outcome,
                error=extra.get("error"),
                target=self.target.kind,
                git_sha=self.git_sha,
                reason=extra.get("reason"),
                retries="\n".join(self.retried) or None,
            )
        )

    def _retried(self, line: str) -> None:
        """A group tried again after a lock timeout: said, and kept for the history table."""
        self.retried.append(line)
        self.say(line)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the database's run lock (again, if this run holds it already)."""
        with run_lock(self.target.url, self.report.run_id, timeout=self.lock_timeout, say=self.say):
            yield

    def pending(self, to: str | None) -> list[MigrationFolder]:
        done = applied(self.history.runs())
        last = max((m.sequence for m in self.migrations if m.id in done), default=-1)
        pending = [m for m in self.migrations if m.sequence > last]
        if to is not None:
            if to not in {m.id for m in self.migrations}:
                raise UsageError(f"no migration {to!r}", hint="see 'wesley-gen migrate status'")
            pending = [m for m in pending if m.sequence <= _sequence_of(self.migrations, to)]
        return pending

    # --- up ---------------------------------------------------------------------------

    def up(self, options: UpOptions) -> RunReport:
        """Apply the pending migrations; what is pending is read once the lock is held.
        SIGTERM (a deploy tool stopping the process) stops the run as Ctrl-C does."""
        with terminate_as_interrupt(), self.locked():
            return self._up(options)

    def _up(self, options: UpOptions) -> RunReport:
        self.history.ensure()
        pending = self.pending(options.to)
        if not pending:
            found = status(self.migrations, self.target.url)
            if found.drift:
                raise ProblemFound(
                    "nothing to apply, but the live schema drifted from the last recorded one: "
                    + "; ".join(found.differences),
                    hint="see 'wesley-gen migrate status'",
                )
            self.say("up to date: nothing to apply")
            return self.report
        for migration in pending:
            if migration.destructive and not options.force:
                raise ProblemFound(
                    f"{migration.id} drops data ({migration.lost()})",
                    hint="pass --force once you have checked that the data may go",
                )
        if options.through is not None:
            # A deploy between the backfill and the swap: no swap runs, so the migrations
            # after the first one, which start from its swapped schema, wait too.
            pending = pending[:1]
        for migration in pending:
            self.apply(migration, options)
            self.report.migrations.append(migration.id)
        return self.report

    def apply(self, migration: MigrationFolder, options: UpOptions) -> None:
        from wesley_gen.run.contract import evaluate, failure_summary, render_result_text

        started = _now()
        before: Schema | None = None  # the schema to restore; None: the live one, read when the run starts
        contract = read_contract(migration.path)
        self.current = migration.id
        self.retried = []
        self.say(f"== {migration.id}")
        interrupted = self.interrupted(migration)
        backfilled = interrupted is not None and interrupted.outcome == BACKFILLED
        if backfilled and options.through is not None:
            self.say(f"{migration.id}: {IN_PROGRESS[BACKFILLED]}: nothing to do before the swap")
            self.report.outcome = BACKFILLED
            return
        if interrupted is not None:
            # A run stopped after expand.sql (killed, interrupted, or the machine went down)
            # or after the backfill (--through backfill): the backfill is resumable and the
            # rest has not run, so carry on from there.
            stopped = (
                "stopped after the backfill"
                if backfilled
                else interrupted.error or "stopped after expand.sql"
            )
            self.say(f"resuming {migration.id}: run {interrupted.run_id} {stopped}")
            recorded = json.loads(interrupted.snapshot or "{}")
            counts = recorded.get("counts", {})
            before = _schema_before(recorded, contract)
            expanded: dict[str, Any] | None = recorded
        else:
            counts = self.pre_check(migration, contract, options, started)
            if options.dry_run:
                self.say(f"dry run: {migration.id} would run expand.sql, backfill.py and swap.sql")
                return
            expanded = None
        if backfilled or not self.target.url.is_sqlite:
            # The pre-check's row counts hold only where nothing but the plan wrote: not after
            # a deploy sat between backfill and swap, and never on PostgreSQL, where no plan
            # statement inserts or deletes a row of a kept table and the application writes
            # while the plan runs (online). SQLite rebuilds tables by copying: compared.
            contract = replace(contract, post=contract.post.without("row_count"))
        # SQLite has no trigger to fill what was written since: the backfill again.
        refill = not backfilled or self.target.url.is_sqlite
        resuming = interrupted is not None
        copied = expanded is None or expanded.get("copy", True)
        with _Restore(
            self.target.url, migration, before, self.retrying, resuming=resuming, copied=copied
        ) as restore:
            try:
                if expanded is None:
                    self.step("expand", migration, restore)
                    expanded = {"counts": counts, "before": to_dict(restore.before, annotations=False)}
                    self.record(migration, "up", started, EXPANDED, snapshot=json.dumps(expanded))
                if refill:
                    self.backfill(migration, options)
                if options.through is not None:
                    # The triggers keep the backfilled columns filled until a later up swaps.
                    self.record(migration, "up", started, BACKFILLED, snapshot=json.dumps(expanded))
                    self.say(
                        f"{migration.id}: {IN_PROGRESS[BACKFILLED]}: run 'wesley-gen migrate up' to finish"
                    )
                    self.report.outcome = BACKFILLED
                    return
                # The backfilled tables vacuumed first (swap.sql's leading VACUUMs): the swap
                # check's scans then find no dead rows to prune and no hint bits to set.
                if _of_step(migration.statements, "vacuum"):
                    self.step("vacuum", migration, restore)
                swap_check = self.timed(
                    "swap check",
                    contract,
                    lambda advance: evaluate(contract, "swap", self.target.url, advance=advance),
                )
                if not swap_check.passed:
                    self.say(render_result_text(swap_check))
                    raise _StepFailed("swap check", failure_summary(swap_check, stage=False))
                self.step("swap", migration, restore)
                post = self.timed(
                    "post-check",
                    contract,
                    lambda advance: evaluate(
                        contract, "post", self.target.url, counts=counts, advance=advance, count_rows=False
                    ),
                )
                # Drift that was allowed at the pre-check is still there: only the shape
                # checks may differ then, every data assertion must still hold.
                tolerated = options.allow_contract_drift and all(a.kind == "table" for a in post.failures)
                if not post.passed and tolerated:
                    self.say("warning: the allowed drift is still there after the migration")
                elif not post.passed:
                    self.say(render_result_text(post))
                    raise _StepFailed("post-check", failure_summary(post, stage=False))
            except _StepFailed as failure:
                restored, outcome = restore.attempt() if failure.changed else restore.untouched()
                self.report.failed_step, self.report.failure_detail = failure.step, failure.message
                error = f"{failure.step} failed: {failure.message}; {outcome}"
                self.record(migration, "up", started, FAILED, error=error)
                self.report.outcome, self.report.error = FAILED, error
                hint = (
                    None
                    if restored
                    else "look at the database before anything else: see 'wesley-gen migrate status'"
                )
                raise MigrationFailed(f"{migration.id}: {error}", hint=hint) from None
            except KeyboardInterrupt:
                outcome, skipped = (
                    (BACKFILLED, () if refill else ("backfill",)) if backfilled else (EXPANDED, ())
                )
                self.stopped(migration, started, restore, expanded, outcome, skipped)
                raise
            restore.done()
        self.record(migration, "up", started, APPLIED, snapshot=migration.text("schema.json"))
        self.say(f"applied {migration.id}")

    def stopped(
        self,
        migration: MigrationFolder,
        started: str,
        restore: _Restore,
        expanded: dict[str, Any] | None,
        outcome: str,
        skipped: Sequence[str],
    ) -> None:
        """A clean interrupt (Ctrl-C): leave no restore copy behind, and record the
        step that was running for ``status`` and the next ``up``, which resumes there
        (``outcome``: where the run stood, expanded or backfilled; ``skipped``: the steps
        an earlier run did that this one did not run again).

        Before expand was recorded its transaction is gone, and the SQLite copy puts back
        anything else.  After it, a resumed run restores, if it must, by the undo part of
        rollback.sql as on PostgreSQL (the backfill writes only new and shadow columns).  A
        SQLite swap already committed is the one state the undo part cannot mend: the database
        is put back from the copy then (the signals that follow held until it is, and
        recorded), so that the next up runs the migration from its start; only a restore that
        fails keeps the copy, for the resumed run.
        """
        if expanded is None:
            if restore.copy is not None:
                restore.now()
            return
        vacuumed = () if _of_step(migration.statements, "vacuum") else ("vacuum",)  # none to run
        done = {"pre-check", "expand", *skipped, *vacuumed} | {
            s.step for s in self.report.steps if s.migration == migration.id
        }
        step = next((s for s in STEPS if s not in done), STEPS[-1])
        error = f"{INTERRUPTED}{step}"
        if restore.swapped and restore.copy is not None:
            copy = restore.copy.name
            with signals_held():
                restored, said = restore.attempt()
                if restored:
                    self.record(migration, "up", started, FAILED, error=error)
            if restored:
                self.say(
                    f"{migration.id}: interrupted during its {step}, after its swap: {said} from "
                    f"{copy}, as it was before {migration.id}, and the copy removed; the next "
                    "'wesley-gen migrate up' runs it from its start"
                )
                return
            self.say(f"{migration.id}: interrupted during its {step}, after its swap: {said}; {copy} is kept")
        else:
            restore.done()
        keep = {**expanded, "copy": bool(restore.swapped) and restore.copy is not None}
        self.record(migration, "up", started, outcome, snapshot=json.dumps(keep), error=error)

    def pre_check(
        self, migration: MigrationFolder, contract: Contract, options: UpOptions, started: str
    ) -> Mapping[str, int]:
        """Run the pre-check; refuse on a violation, on a role the migration names that the server
        lacks, or on drift unless it is allowed."""
        from wesley_gen.load.snapshot import schema_from_dict
        from wesley_gen.run.contract import evaluate, failure_summary, render_result_text
        from wesley_gen.run.roles import missing_roles, roles_hint

        schemas = [schema_from_dict(dict(s.schema)) for s in (contract.pre, contract.post) if s.schema]
        missing = missing_roles(self.target.url, schemas)
        if missing:
            detail = f"roles it names do not exist on the server: {', '.join(missing)}"
            self._refused(migration, started, detail, roles_hint(missing))
        pre = self.timed(
            "pre-check", contract, lambda advance: evaluate(contract, "pre", self.target.url, advance=advance)
        )
        drift_only = pre.schema is not None and not pre.schema.matches and not pre.failures
        if not pre.passed and not (drift_only and options.allow_contract_drift):
            self.say(render_result_text(pre))
            hint = "--allow-contract-drift proceeds despite schema drift" if drift_only else None
            self._refused(migration, started, failure_summary(pre, stage=False), hint)
        if drift_only:
            self.say("warning: the live schema drifted from the migration's FROM schema; going on as asked")
        counts: Mapping[str, int] = pre.counts
        return counts

    def _refused(self, migration: MigrationFolder, started: str, detail: str, hint: str | None) -> NoReturn:
        """Record and raise a pre-check's refusal: nothing has run."""
        error = f"pre-check failed: {detail}"
        self.record(migration, "up", started, FAILED, error=error)
        self.report.outcome, self.report.error = FAILED, error
        self.report.failed_step, self.report.failure_detail = "pre-check", detail
        raise MigrationFailed(f"{migration.id}: {error}", hint=hint)

    def interrupted(self, migration: MigrationFolder) -> Run | None:
        """The run of ``migration`` that stopped after expand.sql or the backfill, if its latest run did.

        Read under the lock, so that run is dead: a live one would still hold the lock.
        """
        runs = [r for r in self.history.runs() if r.migration == migration.id]
        return runs[-1] if runs and runs[-1].outcome in IN_PROGRESS else None

    def timed(self, step: str, contract: Contract, work: Callable[[Advance], Any]) -> Any:
        """Run a contract stage, showing its progress, keeping its time and results for the report."""
        began = time.perf_counter()
        total = len(contract.stage(_STAGE_OF_STEP[step]).assertions)
        with Progress(f"{step} {self.current}", total, "checks", self.say) as shown:
            result = work(shown.advance)
        shape = [] if result.schema is None else [result.schema.matches]
        outcomes = [not a.failed for a in result.assertions] + shape
        record = StepRecord(step, time.perf_counter() - began, stage_summary(result), self.current)
        record.checks = (sum(outcomes), len(outcomes))
        self.report.steps.append(record)
        return result

    def copying(self, what: str) -> Copying:
        """The progress of a SQLite rebuild's copy of a table's rows, during ``what`` (``swap 0002_v2``)."""
        return lambda table, rows: Progress(f"{what}, copying {table}", rows, "rows", self.say)

    def step(self, step: str, migration: MigrationFolder, restore: _Restore) -> None:
        """Run the statements of ``step``; expand refuses to start on objects it would create
        that exist already (a restore could not tell them from the database's own)."""
        from wesley_gen.run.scripts import StatementFailed, run_statements

        began = time.perf_counter()
        if step == "expand" and (taken := restore.taken()):
            raise _StepFailed(
                step,
                f"{', '.join(map(str, taken))} already in the database: the migration creates "
                f"{'it' if len(taken) == 1 else 'them'}, and wesley-gen drops only what it created",
                changed=False,
            )
        statements = _of_step(migration.statements, step)
        try:
            with Progress(f"{step} {migration.id}", len(statements), "statements", self.say) as shown:
                ran = run_statements(
                    self.target.url,
                    statements,
                    name=FILE_OF_STEP[_FILE_STEP.get(step, step)],
                    retrying=self.retrying,
                    advance=shown.advance,
                    copying=self.copying(f"{step} {migration.id}"),
                )
        except StatementFailed as error:
            restore.ran(step, error.applied, complete=False)
            raise _StepFailed(step, error.reason) from None
        restore.ran(step, statements, complete=True)
        seconds = time.perf_counter() - began
        detail = f"{ran.statements} statements" + (
            f", {len(ran.retries)} lock retries" if ran.retries else ""
        )
        self.report.steps.append(StepRecord(step, seconds, detail, self.current, ran.rows, seconds))

    def backfill(self, migration: MigrationFolder, options: UpOptions) -> None:
        """Run backfill.py as a user would, relaying its progress lines as they come."""
        began = time.perf_counter()
        command = [sys.executable, str(migration.path / "backfill.py"), "--db", self.target.url.text]
        if options.batch_size:  # a size asked for is kept for every batch
            command += ["--batch-size", str(options.batch_size), "--batch-ms", "0"]
        if options.vacuum_rounds > 1:
            command += ["--vacuum-rounds", str(options.vacuum_rounds)]
        lines: list[str] = []
        filled: dict[str, int] = {}  # rows so far, per task
        with (
            Progress(f"backfill {migration.id}", None, "rows", self.say) as shown,
            subprocess.Popen(
                command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                text=True,
                env=self._backfill_environment(migration),
            ) as process,
        ):
            assert process.stderr is not None
            try:
                for line in process.stderr:
                    lines.append(line.rstrip())
                    if counted := _TO_FILL.match(line):
                        shown.total = int(counted.group(1))
                    elif task := _FILLED.match(line):
                        done = task.group(2) is not None
                        rows_so_far = int((task.group(3) or task.group(4)).replace(",", ""))
                        shown.advance(rows_so_far - filled.get(task.group(1), 0))
                        filled[task.group(1)] = rows_so_far
                        if shown.terminal is not None and not done:
                            continue  # on a terminal the progress line says it
                    shown.above(f"  {line.rstrip()}")
            except KeyboardInterrupt:
                # Ctrl-C reached backfill.py too (the terminal signals the process group),
                # SIGTERM only this process: backfill.py takes either as Ctrl-C, once, rolls
                # its batch back and ends, saying so.
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
                for line in process.stderr:
                    shown.above(f"  {line.rstrip()}")
                raise
        rows = sum(int(m.group(1)) for line in lines if (m := _ROWS_DONE.search(line)))
        held = max(
            (int(m.group(1)) / 1000 for line in lines if (m := _LONGEST_BATCH.search(line))), default=0.0
        )
        if process.returncode != 0:
            raise _StepFailed("backfill", lines[-1] if lines else "backfill.py failed")
        seconds = time.perf_counter() - began
        detail = f"{rows} rows backfilled"
        self.report.steps.append(StepRecord("backfill", seconds, detail, self.current, rows, held))

    def _backfill_environment(self, migration: MigrationFolder) -> dict[str, str] | None:
        """PostgreSQL: each batch of backfill.py under the lock timeout (a batch waiting for a
        row the application holds gives its own rows up and is tried again, rather than
        making the application wait behind it), the statement timeout and no parallel workers
        (its count of the rows needing work scans the table), through libpq's ``PGOPTIONS``
        (backfill.py runs as a user would run it, without the runner's flags).  The statement
        timeout, when none is asked for: a scan's (:func:`scan_timeout`) of the largest table
        the expand step changed, the tables backfill.py fills and counts."""
        if self.target.url.is_sqlite:
            return None
        timeouts = self.retrying.timeouts
        statement = timeouts.statement
        if statement is None:
            expand = _of_step(migration.statements, "expand")
            changed = {
                c.table for c in lock_costs((s.sql for s in expand), "postgres") if c.table is not None
            }
            import psycopg

            try:
                with psycopg.connect(self.target.url.text, autocommit=True, connect_timeout=5) as conn:
                    largest = max((relation_bytes(conn, [t]) for t in sorted(changed)), default=0)
            except psycopg.Error as error:
                raise _StepFailed(
                    "backfill", f"the tables' sizes could not be read: {first_line(error)}"
                ) from None
            statement = scan_timeout(largest)
        settings = [
            f"-c lock_timeout={milliseconds(timeouts.lock)}",
            *(f"-c {k}={v}" for k, v in BACKGROUND.items()),
        ]
        settings += [f"-c statement_timeout={milliseconds(statement)}"] if statement else []
        return {**os.environ, "PGOPTIONS": " ".join(filter(None, (os.environ.get("PGOPTIONS"), *settings)))}

    # --- down -------------------------------------------------------------------------

    def down(self, to: str | None, *, force: bool, reason: str | None) -> RunReport:
        """Roll back; what is applied is read once the lock is held."""
        self.report.direction = "down"
        with terminate_as_interrupt(), self.locked():
            return self._down(to, force=force, reason=reason)

    def _down(self, to: str | None, *, force: bool, reason: str | None) -> RunReport:
        from wesley_gen.load import load_schema
        from wesley_gen.run.scripts import StatementFailed, run_statements

        done = applied(self.history.runs())
        stack = [m for m in self.migrations if m.id in done]
        if not stack:
            raise ProblemFound("nothing to roll back: no migration is applied")
        if to is None:
            chosen = stack[-1:]
        else:
            floor = _sequence_of(self.migrations, to)
            chosen = [m for m in stack if m.sequence >= floor]
        chosen.reverse()
        for migration in chosen:
            if not migration.reversible and not force:
                raise ProblemFound(
                    f"rolling back {migration.id} cannot bring its data back ({migration.lost()})",
                    hint="pass --force to roll back the structure anyway",
                )
        for migration in chosen:
            started = _now()
            self.retried = []
            self.say(f"== rolling back {migration.id}")
            try:
                undo = of_steps(migration.statements, "undo-swap", "undo-expand")
                run_statements(
                    self.target.url,
                    undo,
                    name="rollback.sql",
                    retrying=self.retrying,
                    copying=self.copying(f"rolling back {migration.id}"),
                )
            except StatementFailed as error:
                self.record(migration, "down", started, FAILED, error=error.reason, reason=reason)
                raise MigrationFailed(f"{migration.id}: rollback failed: {error.reason}") from None
            live = checksum(load_schema(self.target.url).schema)
            if live != migration.from_checksum and migration.reversible:
                self.say(f"warning: after rolling back {migration.id} the schema is not its FROM schema")
            self.record(migration, "down", started, ROLLED_BACK, reason=reason, snapshot=None)
            self.report.migrations.append(migration.id)
            self.say(f"rolled back {migration.id}")
        return self.report


def stage_summary(result: Any) -> str:
    """One line of a contract stage's results: checks passed, the schema, the failed checks."""
    checks = result.assertions
    failed = [a.id for a in checks if a.failed]
    line = f"{len(checks) - len(failed)} of {len(checks)} checks passed"
    if result.schema is not None:
        line += f"; schema {'matches' if result.schema.matches else 'DIFFERS from'} {result.schema.expected}"
    if failed:
        line += f"; failed: {', '.join(failed)}"
    return line


def _of_step(statements: Sequence[Statement], step: str) -> tuple[Statement, ...]:
    """The statements a runner step runs: ``vacuum``, the VACUUMs swap.sql begins with (run
    before the swap check); ``swap``, the rest of swap.sql; else the statements of ``step``."""
    swap = of_steps(statements, "swap")
    settled = len(list(takewhile(lambda s: s.sql.startswith(VACUUM), swap)))
    if step == "vacuum":
        return swap[:settled]
    return swap[settled:] if step == "swap" else of_steps(statements, step)


def _sequence_of(migrations: Sequence[MigrationFolder], migration_id: str) -> int:
    for migration in migrations:
        if migration.id == migration_id:
            return migration.sequence
    raise UsageError(f"no migration {migration_id!r}", hint="see 'wesley-gen migrate status'")


class _StepFailed(Exception):
    """A step failed; ``changed`` is False when it refused before running anything."""

    def __init__(self, step: str, message: str, *, changed: bool = True) -> None:
        super().__init__(message)
        self.step = step
        self.message = message
        self.changed = changed


class _Restore:
    """Puts the database back as it was before a migration, if the migration fails, and proves it.

    SQLite: a copy of the file taken with SQLite's backup API (consistent with a WAL
    file) before anything runs, kept beside it until the migration is done, so that a
    run resumed after a crash can still restore it; removed once the migration is
    applied or restored.  PostgreSQL: after a failed expand or swap (whose own
    transaction rolled back) the undo-expand statements; after a failed post-check (the
    swap committed) the undo-swap statements first.  Only what this run did is undone:
    the undo of a change runs only when the change's expand statements took effect in
    this run, or in the interrupted run it resumes, so a restore never drops an object
    that was there before or that someone else made meanwhile.  Both only while the run
    holds the database's lock.  ``before`` is the schema to come back to (None: the live one).
    """

    def __init__(
        self,
        url: DatabaseUrl,
        migration: MigrationFolder,
        before: Schema | None,
        retrying: Retrying | None = None,
        *,
        resuming: bool = False,
        copied: bool = True,
    ) -> None:
        self.url = url
        self.migration = migration
        self.retrying = retrying
        self.resuming = resuming
        self.copied = copied  # a resumed run: whether the interrupted one left its copy
        self.given = before
        self.before = Schema()  # set on entry
        self.copy: Path | None = None
        self.swapped: set[str] = set()  # the changes whose swap statements took effect
        self.expanded: set[str] = set()  # the changes whose expand statements took effect

    def __enter__(self) -> _Restore:
        from wesley_gen.load import load_schema

        check_held(self.url)
        self.before = self.given if self.given is not None else load_schema(self.url).schema
        if self.url.is_sqlite and self.copied:
            database = self.url.sqlite_file
            self.copy = database.with_name(f"{database.name}.before-{self.migration.id}")
            if not self.resuming:  # a resumed run restores the copy taken before its expand, or nothing
                _copy_sqlite(database, self.copy)
        return self

    def taken(self) -> tuple[DbObject, ...]:
        """The objects the undo of expand drops that exist already, before expand runs."""
        from wesley_gen.run.scripts import existing

        undo = of_steps(self.migration.statements, "undo-expand")
        return existing(self.url, [s.removes for s in undo if s.removes is not None])

    def ran(self, step: str, statements: Sequence[Statement], *, complete: bool) -> None:
        """Note what took effect: ``statements`` of ``step``, all of the step if ``complete``."""
        if step == "expand":
            self.expanded.update(c for s in statements for c in s.changes)
        if step == "swap":
            self.swapped.update(c for s in statements for c in s.changes)

    def now(self) -> tuple[DbObject, ...]:
        """Restore; the objects an undo would drop that are left in place, because this
        run did not create them."""
        from wesley_gen.run.scripts import existing, run_statements

        check_held(self.url)
        if self.copy is not None:
            _copy_sqlite(self.copy, self.url.sqlite_file)
            self.done()
            return ()
        statements = self.migration.statements
        expanded = self.expanded
        undo_expand = of_steps(statements, "undo-expand")
        if self.resuming or self.swapped:
            # expand.sql ran to its end, and the swap may have begun with the indexes it builds
            # after the backfill (undone with expand's, tolerating their absence).
            expanded = {c for s in undo_expand for c in s.changes}
        ours = [s for s in undo_expand if expanded.intersection(s.changes)]
        # PostgreSQL's swap is a transaction and stages after it: the undo of each change
        # whose swap statements took effect (those of a stage it did not reach tolerate it).
        undo_swap = [s for s in of_steps(statements, "undo-swap") if self.swapped.intersection(s.changes)]
        run_statements(self.url, (*undo_swap, *ours), name="rollback.sql", retrying=self.retrying)
        return existing(self.url, [s.removes for s in undo_expand if s.removes and s not in ours])

    def attempt(self) -> tuple[bool, str]:
        """Restore, then compare the live schema with the one before the run.

        Whether the schema is provably back, and what to tell the user: "the database
        was restored" only then; otherwise the restore's own failure, or what differs.
        """
        from wesley_gen.load import load_schema
        from wesley_gen.run.contract import schema_differences

        try:
            kept = self.now()
        except WesleyGenError as problem:
            return False, f"the restore failed too: {problem}"
        left = "".join(f"; left in place: {k}, which this run did not create" for k in kept)
        try:
            live = load_schema(self.url).schema
        except WesleyGenError as problem:
            return False, f"the schema after the restore could not be read: {problem}{left}"
        if checksum(live) == checksum(self.before):
            return True, f"the database was restored{left}"
        differences = schema_differences(
            to_dict(self.before, annotations=False), to_dict(live, annotations=False)
        )
        return False, "the restore did not bring the schema back: " + "; ".join(differences) + left

    def untouched(self) -> tuple[bool, str]:
        """The outcome of a run that refused before changing anything: nothing to restore."""
        self.done()
        return True, "nothing was changed"

    def done(self) -> None:
        """Remove the copy, and the files SQLite keeps beside a copy of a WAL database."""
        if self.copy is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                self.copy.with_name(self.copy.name + suffix).unlink(missing_ok=True)

    def __exit__(self, *exc: object) -> None:
        """Nothing: the copy outlives an interrupted run on purpose."""


def _schema_before(recorded: Mapping[str, Any], contract: Contract) -> Schema:
    """The schema an interrupted run started from: recorded with its ``expanded`` row, else its FROM schema."""
    from wesley_gen.load.snapshot import schema_from_dict

    return schema_from_dict(dict(recorded.get("before") or contract.pre.schema or {}))


def _copy_sqlite(source: Path, target: Path) -> None:
    """Copy a database with SQLite's backup API (consistent even while it is open elsewhere).

    The source is opened read-only: a missing restore point is an error, never an empty database.
    """
    try:
        origin = sqlite3.connect(f"file:{quote(str(source))}?mode=ro", uri=True)
        try:
            copy = sqlite3.connect(target)
            try:
                origin.backup(copy)
            finally:
                copy.close()
        finally:
            origin.close()
    except sqlite3.Error as error:
        raise DatabaseError(
            f"cannot be copied to {target.name}: {error}", location=Location(str(source))
        ) from None


# --- status ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Status:
    applied: tuple[str, ...]
    pending: tuple[str, ...]
    live_checksum: str
    recorded_checksum: str | None
    differences: tuple[str, ...]
    running: Holder | None = None  # the run holding the database's lock now
    # Pending migrations whose latest run stopped part way → the step they are at.
    steps: Mapping[str, str] = field(default_factory=dict)
    stopped: Run | None = None  # the run of a pending migration that was interrupted part way
    resume: str | None = None  # the command that resumes it (or finishes the paused one)
    # The run of a pending migration that stopped after its backfill as asked (--through
    # backfill): its shadow columns and triggers are meant to be there until `up` swaps.
    paused: Run | None = None
    # SQLite: the copy of the database from before the stopped run, kept when it was killed
    # after its swap committed (the restore point a failed post-check needs), until it is resumed.
    kept_copy: str | None = None
    # The stopped run put the database back as it was before its migration (SQLite, interrupted
    # after its swap): the command that resumes it runs the migration from its start.
    restored: bool = False
    # The live schema differs from the recorded snapshot as the database would show it (owners,
    # default operator classes, views respelled): not from recorded_checksum, the snapshot's own.
    changed: bool = False

    @property
    def drift(self) -> bool:
        """The live schema differs from the record, and no stopped or paused run explains it
        (a run that put the database back explains nothing)."""
        return (self.stopped is None or self.restored) and self.paused is None and self.changed

    def to_dict(self) -> dict[str, Any]:
        return {
            "applied": list(self.applied),
            "pending": list(self.pending),
            "live_checksum": self.live_checksum,
            "recorded_checksum": self.recorded_checksum,
            "drift": self.drift,
            "differences": list(self.differences),
            "running": None if self.running is None else self.running.to_dict(),
            "steps": dict(self.steps),
            "stopped": None
            if self.stopped is None
            else {**self._of(self.stopped), "kept_copy": self.kept_copy, "restored": self.restored},
            "paused": self._run(self.paused),
        }

    def _run(self, run: Run | None) -> dict[str, Any] | None:
        """A stopped or paused run: migration, run id, start, step (None after a kill, or
        paused) and the command that resumes or finishes it."""
        if run is None:
            return None
        return self._of(run)

    def _of(self, run: Run) -> dict[str, Any]:
        return {
            "migration": run.migration,
            "run_id": run.run_id,
            "started_at": run.started_at,
            "step": (run.error or "").removeprefix(INTERRUPTED) or None,
            "resume": self.resume,
        }


def status(migrations: Sequence[MigrationFolder], url: DatabaseUrl) -> Status:
    """Applied and pending migrations, whether the live schema drifted from the record, and
    the run in progress (a schema caught in the middle of a migration differs, of course)."""
    from wesley_gen.load import load_schema
    from wesley_gen.load.snapshot import schema_from_dict
    from wesley_gen.run.contract import as_live_shows, schema_differences

    running = holder(url)
    runs = History(url).runs()
    done = applied(runs)
    read = load_schema(url)
    live = read.schema
    recorded: str | None = None
    differences: tuple[str, ...] = ()
    changed = False
    snapshots = [r for r in runs if r.succeeded and r.snapshot is not None]
    last = max(done.values(), key=lambda r: r.sequence, default=None)
    if last is not None and last.snapshot is not None:
        snapshot = schema_from_dict(json.loads(last.snapshot))
        recorded = checksum(snapshot)
        expected, unspelled = as_live_shows(snapshot, read, url)
        changed = checksum(expected) != checksum(live)
        if changed:
            differences = (
                schema_differences(to_dict(expected, annotations=False), to_dict(live, annotations=False))
                + unspelled
            )
    elif snapshots:
        recorded = None
    pending = tuple(m.id for m in migrations if m.id not in done)
    latest = {run.migration: run for run in runs}
    steps = {
        m: IN_PROGRESS[latest[m].outcome] for m in pending if m in latest and latest[m].outcome in IN_PROGRESS
    }
    # Killed or interrupted; else a run that stopped after the backfill as it was asked to.
    stopped = next(
        (latest[m] for m in steps if latest[m].outcome == EXPANDED or latest[m].error is not None), None
    )
    # Interrupted, and the database put back: the migration starts again.
    restored = next(
        (
            latest[m]
            for m in pending
            if m in latest and latest[m].outcome == FAILED and (latest[m].error or "").startswith(INTERRUPTED)
        ),
        None,
    )
    stopped = stopped or restored
    paused = next((latest[m] for m in steps), None) if stopped is None else None
    resume = None
    if (resumable := stopped or paused) is not None and migrations:
        folder = migrations[0].path.parent
        where = f"--db {shlex.quote(url.redacted)} --migrations {shlex.quote(str(folder))}"
        resume = f"wesley-gen migrate up {where} --target {resumable.target or 'test'}"
    kept_copy = None
    if stopped is not None and url.is_sqlite:
        copy = url.sqlite_file.with_name(f"{url.sqlite_file.name}.before-{stopped.migration}")
        kept_copy = str(copy) if copy.exists() else None
    return Status(
        tuple(m.id for m in migrations if m.id in done),
        pending,
        checksum(live),
        recorded,
        differences,
        running,
        steps,
        None if running is not None else stopped,
        resume,
        None if running is not None else paused,
        kept_copy,
        stopped is not None and stopped is restored,
        changed,
    )


def verify_state(migrations: Sequence[MigrationFolder], url: DatabaseUrl) -> list[Any]:
    """The contracts that describe the database now, evaluated; nothing is changed.

    The latest applied migration's post-check (row counts aside: nothing to compare them
    with) and the next pending migration's pre-check.
    """
    from wesley_gen.run.contract import evaluate

    done = applied(History(url).runs())
    results = []
    last = max((m for m in migrations if m.id in done), key=lambda m: m.sequence, default=None)
    if last is not None:
        contract = read_contract(last.path)
        results.append(evaluate(replace(contract, post=contract.post.without("row_count")), "post", url))
    following = [m for m in migrations if m.id not in done and (last is None or m.sequence > last.sequence)]
    if following:
        results.append(evaluate(read_contract(following[0].path), "pre", url))
    return results


def write_report(folder: str | Path, report: RunReport) -> tuple[Path, Path]:
    """``run-<id>.json`` and ``run-<id>.md`` in ``folder``."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    data = report.to_dict()
    json_path = root / f"run-{report.run_id}.json"
    json_path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    lines = [
        f"# wesley-gen run {report.run_id} ({report.direction})",
        "",
        f"- target: **{report.target.kind}** `{report.target.url.redacted}`",
        f"- outcome: **{report.outcome}**" + (f": {report.error}" if report.error else ""),
        f"- migrations: {', '.join(report.migrations) or 'none'}",
        "",
        "| migration | step | seconds | detail |",
        "|---|---|---|---|",
        *(f"| {s.migration} | {s.step} | {s.seconds:.3f} | {s.detail} |" for s in report.steps),
    ]
    md_path = root / f"run-{report.run_id}.md"
    md_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return json_path, md_path
