"""The human view of a diff: one line a change, grouped by class, riskiest first.

It renders the same typed document that ``--format json`` writes, so the two views
can never disagree.  Colour is applied by the caller's ``style`` function (a no-op
off a terminal).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from wesley_gen.documents.diff import DiffChange, DiffDocument, class_counts

if TYPE_CHECKING:
    from wesley_gen.diff import DiffError, Suggestion

Style = Callable[..., str]

# Riskiest first: who gains access, then what can lose data, before what cannot.
CLASS_ORDER = ("access-widening", "destructive", "narrowing", "rename", "additive")
_CLASS_STYLE: dict[str, dict[str, Any]] = {
    "access-widening": {"fg": "magenta", "bold": True},
    "destructive": {"fg": "red", "bold": True},
    "narrowing": {"fg": "yellow", "bold": True},
    "rename": {"fg": "cyan", "bold": True},
    "additive": {"fg": "green", "bold": True},
}
_MARK = {"access-widening": "*", "destructive": "-", "narrowing": "!", "rename": ">", "additive": "+"}


def _plain(text: str, **_: Any) -> str:
    return text


def _target(table: str | None, column: str | None, name: str | None = None) -> str:
    target = ".".join(p for p in (table, column) if p)
    if name and name != column:
        target = f"{target} {name}" if target else name
    return target


def render_diff_text(document: DiffDocument, style: Style = _plain) -> str:
    """Render a ``wesley-gen/diff@1`` document as text lines ending in a summary."""
    lines: list[str] = []
    for change_class in CLASS_ORDER:
        group = [c for c in document.changes if c.change_class == change_class]
        if not group:
            continue
        lines.append(style(f"{change_class} ({len(group)})", **_CLASS_STYLE[change_class]))
        width = max(len(c.op) for c in group)
        lines.extend(f"  {change_line(change, width)}" for change in group)
    if document.errors:
        lines.append(style(f"errors ({len(document.errors)})", fg="red", bold=True))
        lines.extend(f"  x {error_line(e)}" for e in document.errors)
    if document.suggestions:
        lines.append(style(f"suggestions ({len(document.suggestions)})", fg="blue", bold=True))
        lines.extend(f"  {_suggestion_line(s)}" for s in document.suggestions)
    lines.append(summary_line(document))
    return "\n".join(lines) + "\n"


def change_line(change: DiffChange, width: int = 0) -> str:
    """One change as the diff lists it: ``- drop_column  users.bio: <reason>  [irreversible]``."""
    flags = []
    if change.backfill:
        flags.append("backfill")
    if not change.reversible:
        flags.append("irreversible")
    suffix = f"  [{', '.join(flags)}]" if flags else ""
    target = _target(change.table, change.column, change.name)
    return f"{_MARK[change.change_class]} {change.op:<{width}}  {target}: {change.reason}{suffix}"


def target_line(change: DiffChange) -> str:
    """A change in a linter's line: ``drop_column users.bio: <reason>``."""
    return f"{change.op} {_target(change.table, change.column, change.name)}: {change.reason}"


def error_line(error: DiffError) -> str:
    """An error as the diff lists it after its ``x``: ``incompatible_type  users.age: <reason>``."""
    return f"{error.kind}  {_target(error.table, error.column)}: {error.reason}"


def _suggestion_line(suggestion: Suggestion) -> str:
    return (
        f"? {suggestion.kind}  {suggestion.table}: {suggestion.from_} -> {suggestion.to}: {suggestion.reason}"
    )


def change_lines(document: DiffDocument) -> list[str]:
    """Every change riskiest first, then the errors and the suggestions, one line each as the
    diff prints them, without the class headings (what ``check`` names as not captured)."""
    changes = sorted(document.changes, key=lambda c: CLASS_ORDER.index(c.change_class))
    width = max((len(c.op) for c in changes), default=0)
    return [
        *(change_line(c, width) for c in changes),
        *(f"x {error_line(e)}" for e in document.errors),
        *(_suggestion_line(s) for s in document.suggestions),
    ]


def summary_line(document: DiffDocument) -> str:
    changes = document.changes
    counts = class_counts(changes)
    if not changes and not document.errors:
        head = "no changes"
    else:
        detail = ", ".join(f"{counts[c]} {c}" for c in CLASS_ORDER if counts.get(c))
        head = f"{len(changes)} change{'s' if len(changes) != 1 else ''}"
        if detail:
            head += f" ({detail})"
    n_errors = len(document.errors)
    head += f", {n_errors} error{'s' if n_errors != 1 else ''}"
    old = document.from_checksum.removeprefix("sha256:")[:12]
    new = document.to_checksum.removeprefix("sha256:")[:12]
    return f"summary: {head}; from {old} to {new}"
