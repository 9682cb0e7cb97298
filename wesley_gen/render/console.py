"""What the commands print on a terminal, from their reports' typed values or JSON forms.

Text is rendered from the same values ``--format json`` prints, so the two can never
disagree.  Each function returns whole lines, the last one ending in a newline.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from wesley_gen.database_url import DatabaseUrl
from wesley_gen.documents.diff import DiffChange, DiffDocument, class_counts
from wesley_gen.errors import redact

if TYPE_CHECKING:  # diff imports none of them: the plan's brings the lock rules (wesley_gen.locks)
    from wesley_gen.diff import DiffError
    from wesley_gen.documents.plan import Plan
    from wesley_gen.reports import Rehearsal

_CLASSES = ("additive", "narrowing", "destructive", "rename")


def terminal_style() -> Callable[..., str]:
    """``click.style`` when stdout is a terminal and NO_COLOR is not set; otherwise the text as it is."""
    import click

    colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ

    def style(text: str, **kwargs: Any) -> str:
        return click.style(text, **kwargs) if colour else text

    return style


def render_diff(document: DiffDocument, output_format: str) -> str:
    """The diff for tools (``json``: format wesley-gen/diff@1) or for people (``text``)."""
    if output_format == "json":
        from wesley_gen.model import dumps

        return dumps(document.to_dict())
    from wesley_gen.render.text import render_diff_text

    return render_diff_text(document, style=terminal_style())


def render_generated(folder: str, plan: Plan) -> str:
    """``generate``: the folder written, its changes by class, what is to backfill, whether it
    is reversible, and each step's actions and rollback hint."""
    reversible = "reversible" if plan.reversible else "NOT reversible"
    lines = [f"wrote {folder}: {_counts(plan)}; {plan.backfill} column(s) to backfill; {reversible}"]
    lines += [
        f"  {step.step:<10} {len(step.actions)} action(s); rollback: {step.hint}" for step in plan.steps
    ]
    return _text(lines)


def render_new(folder: str, plan: Plan) -> str:
    """``new``: the folder written and its changes by class."""
    return f"wrote {folder}: {_counts(plan)}\n"


def _counts(plan: Plan) -> str:
    counts = class_counts(plan.changes)
    widening = f", {counts['access-widening']} access-widening" if "access-widening" in counts else ""
    return ", ".join(f"{counts[k]} {k}" for k in _CLASSES) + widening


def render_status(url: DatabaseUrl, status: Mapping[str, Any], running: str | None) -> str:
    """``migrate status``: applied and pending migrations, drift, and the run holding the lock."""
    lines = [f"database: {url.redacted}"]
    lines += [f"  applied  {name}" for name in status["applied"]]
    steps = dict(status.get("steps", {}))
    stopped, paused = status.get("stopped"), status.get("paused")
    if stopped is not None and stopped["step"]:  # where it stopped, not only what it recorded last
        steps[stopped["migration"]] = f"interrupted during its {stopped['step']}"
    lines += [
        f"  pending  {name}" + (f": {steps[name]}" if name in steps else "") for name in status["pending"]
    ]
    if stopped is not None:
        step = f"during its {stopped['step']}" if stopped["step"] else "after its expand.sql (killed)"
        lines.append(
            f"stopped: {stopped['migration']} was interrupted {step}, run {stopped['run_id']} "
            f"started {stopped['started_at']}; resume it: {stopped['resume']}"
        )
        if stopped.get("restored"):
            lines.append(
                f"  the database was put back as it was before {stopped['migration']} when it stopped: "
                "the resumed run starts it again"
            )
        if stopped.get("kept_copy"):
            lines.append(
                f"  {stopped['kept_copy']} is the database as it was before {stopped['migration']}: "
                "its swap had committed, so the resumed run restores from it if its post-check "
                "fails, and removes it once it is done"
            )
    elif paused is not None:
        lines.append(
            f"paused: {paused['migration']} stopped after its backfill as asked (--through backfill), "
            f"run {paused['run_id']} started {paused['started_at']}; its shadow columns and sync "
            f"triggers stay until the swap; finish it: {paused['resume']}"
        )
    elif status["drift"]:
        lines.append("drift: the live schema differs from the last recorded snapshot:")
        lines += [f"  {line}" for line in status["differences"]]
    else:
        lines.append("no drift")
    if running is not None:
        lines.append(f"run in progress: {running}")
    return _text(lines)


def render_history(runs: Sequence[Mapping[str, Any]]) -> str:
    """``migrate history``: one line per run; a run's ``expanded`` or ``backfilled`` row only
    while it is its last."""
    latest = {run["migration"]: run for run in runs}
    lines = []
    for run in runs:
        if run["outcome"] in ("expanded", "backfilled") and latest[run["migration"]] is not run:
            continue  # a step of a run that went on to finish: its final row tells
        line = (
            f"{run['started_at']}  {run['migration']:<28} {run['direction']:<4} {run['outcome']:<11} "
            f"{run['target'] or '-'}"
        )
        if run["reason"]:
            line += f"  reason: {run['reason']}"
        if run["error"]:
            line += f"  error: {run['error']}"
        lines.append(line)
    return _text(lines or ["no runs recorded"])


def render_testdbs(databases: Iterable[Mapping[str, Any]]) -> str:
    """``testdb list``: run id, dialect, created, URL (password redacted)."""
    lines = [f"{d['run_id']}  {d['dialect']:8}  {d['created_at']}  {redact(d['url'])}" for d in databases]
    return _text(lines or ["no test databases"])


def render_removed(run_id: str, *, recorded: bool, reaped: bool) -> str:
    """``testdb down``: the line of one test database removed."""
    if reaped:
        return f"test database {run_id} is gone: the process that owned it had died\n"
    if not recorded:
        return f"test database {run_id} had not been recorded; its folder is gone\n"
    return f"test database {run_id} is gone\n"


def render_rehearsed(rehearsal: Rehearsal, migrations: int) -> list[tuple[str, bool]]:
    """``rehearse``: its outcome, then the test database it kept; each line with whether it is
    progress (stderr) rather than what a script reads (stdout).  The kept URL comes last, so
    that ``| tail -1`` is it."""
    failure = rehearsal.failure
    if failure is not None:
        where = " ".join(part for part in (failure.migration, failure.step) if part)
        lines = [(f"wesley-gen: rehearsal failed at {where}: {redact(failure.message)}", True)]
    else:
        rolled = sum(1 for r in rehearsal.rollback if r.outcome == "restored")
        summary = f"{migrations} migrations up and verified, {rolled} rolled back ({rehearsal.seconds:.1f} s)"
        lines = [(f"rehearsal passed: {summary}", False)]
        lines += [(f"rehearsal: not verified: {line}", False) for line in rehearsal.not_verified]
    if rehearsal.kept_url:
        down = f"wesley-gen testdb down {rehearsal.run_id}"
        lines += [
            (f"wesley-gen: kept the test database (remove it: {down})", True),
            (rehearsal.kept_url, False),
        ]
    return lines


class Problem(Protocol):
    """What ``check`` found (:class:`wesley_gen.project.Problem`)."""

    @property
    def where(self) -> str: ...
    @property
    def what(self) -> str: ...
    @property
    def fix(self) -> str: ...
    @property
    def detail(self) -> tuple[str, ...]: ...


def render_check(
    problems: Sequence[Problem], *, fixed: Sequence[str], accepted: Sequence[str], notes: Sequence[str]
) -> list[tuple[str, bool]]:
    """``check``: the files rewritten and accepted, then one line per problem with how to fix
    it (the changes a migration has yet to capture below it), like a linter, and a summary;
    each line with whether it goes to stderr."""
    lines = [(f"rewrote {path}", False) for path in fixed]
    lines += [(f"accepted the hand edit of {path}", False) for path in accepted]
    lines += (
        [("`wesley-gen explain` lists the accepted files under 'Edited by hand'", False)] if accepted else []
    )
    lines += [(f"wesley-gen: note: {note}", True) for note in notes]
    for problem in problems:
        lines.append((f"{problem.where}: {problem.what}; to fix: {problem.fix}", True))
        lines += [(f"  {line}", True) for line in problem.detail]
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        lines.append((f"wesley-gen: check failed: {count}; each line above says how to fix it", True))
    return lines


def render_fail_on(
    offending: Sequence[DiffChange], errors: Sequence[DiffError], source: str, fail_on: str | None
) -> str:
    """``diff`` that exits 1: why, like a linter: one line per offending change or error
    (``v2.graphql: destructive: drop_column users.bio: <reason>``) and a summary."""
    from wesley_gen.render.text import error_line, target_line

    lines = [f"{source}: {c.change_class}: {target_line(c)}" for c in offending]
    lines += [f"{source}: error: {error_line(e)}" for e in errors]
    parts = (
        [f"{len(offending)} change(s) of class {fail_on} or worse (--fail-on {fail_on})"] if offending else []
    )
    parts += [f"{len(errors)} error(s) (a rename or cast hint resolves each)"] if errors else []
    lines.append(f"wesley-gen: diff failed: {' and '.join(parts)}")
    return _text(lines)


def with_hand_edits(explained: str, files: Sequence[str], *, format: str) -> str:
    """``explain``'s text with, below its heading, the files whose hand edit was accepted:
    what runs is not what the generator wrote, and a reviewer must read those files."""
    if not files:
        return explained
    head, _, rest = explained.partition("\n\n")
    what = "these files differ from what wesley-gen generates; the edits were accepted with "
    what += "`wesley-gen check --accept` and are what runs"
    if format == "markdown":
        section = ["> [!IMPORTANT]", f"> **Edited by hand:** {what}", ">"]
        section += [f"> - `{name}`" for name in files]
    else:
        section = [f"EDITED BY HAND: {what}", *(f"  - {name}" for name in files)]
    return f"{head}\n\n{_text(section)}\n{rest}"


def render_counts_written(path: str) -> str:
    """``verify --counts`` at the pre stage: where the row counts went."""
    return f"row counts written to {path}\n"


def _text(lines: Sequence[str]) -> str:
    return "".join(f"{line}\n" for line in lines)
