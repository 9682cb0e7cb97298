"""The human view of a diff: one line a change, grouped by class, riskiest first.

It renders the same dictionary that ``--format json`` prints, so the two views can
never disagree.  Colour is applied by the caller's ``style`` function (a no-op off
a terminal).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Style = Callable[..., str]

# Riskiest first: a reviewer should see what can lose data before what cannot.
CLASS_ORDER = ("destructive", "narrowing", "rename", "additive")
_CLASS_STYLE: dict[str, dict[str, Any]] = {
    "destructive": {"fg": "red", "bold": True},
    "narrowing": {"fg": "yellow", "bold": True},
    "rename": {"fg": "cyan", "bold": True},
    "additive": {"fg": "green", "bold": True},
}
_MARK = {"destructive": "-", "narrowing": "!", "rename": ">", "additive": "+"}


def _plain(text: str, **_: Any) -> str:
    return text


def _target(item: dict[str, Any]) -> str:
    parts = [p for p in (item.get("table"), item.get("column")) if p]
    target = ".".join(parts)
    name = item.get("name")
    if name and name != item.get("column"):
        target = f"{target} {name}" if target else name
    return target


def render_diff_text(document: dict[str, Any], style: Style = _plain) -> str:
    """Render a ``wesley-gen/diff@1`` document as text lines ending in a summary."""
    lines: list[str] = []
    changes: list[dict[str, Any]] = document["changes"]
    for change_class in CLASS_ORDER:
        group = [c for c in changes if c["class"] == change_class]
        if not group:
            continue
        lines.append(style(f"{change_class} ({len(group)})", **_CLASS_STYLE[change_class]))
        width = max(len(c["op"]) for c in group)
        for change in group:
            flags = []
            if change["backfill"]:
                flags.append("backfill")
            if not change["reversible"]:
                flags.append("irreversible")
            suffix = f"  [{', '.join(flags)}]" if flags else ""
            lines.append(
                f"  {_MARK[change_class]} {change['op']:<{width}}  {_target(change)}: {change['reason']}{suffix}"
            )
    errors: list[dict[str, Any]] = document["errors"]
    if errors:
        lines.append(style(f"errors ({len(errors)})", fg="red", bold=True))
        lines.extend(f"  x {e['kind']}  {_target(e)}: {e['reason']}" for e in errors)
    suggestions: list[dict[str, Any]] = document["suggestions"]
    if suggestions:
        lines.append(style(f"suggestions ({len(suggestions)})", fg="blue", bold=True))
        lines.extend(
            f"  ? {s['kind']}  {s['table']}: {s['from']} -> {s['to']}: {s['reason']}" for s in suggestions
        )
    lines.append(summary_line(document))
    return "\n".join(lines) + "\n"


def summary_line(document: dict[str, Any]) -> str:
    changes: list[dict[str, Any]] = document["changes"]
    counts = {c: sum(1 for ch in changes if ch["class"] == c) for c in CLASS_ORDER}
    if not changes and not document["errors"]:
        head = "no changes"
    else:
        detail = ", ".join(f"{counts[c]} {c}" for c in CLASS_ORDER if counts[c])
        head = f"{len(changes)} change{'s' if len(changes) != 1 else ''}"
        if detail:
            head += f" ({detail})"
    n_errors = len(document["errors"])
    head += f", {n_errors} error{'s' if n_errors != 1 else ''}"
    old = document["from"]["checksum"].removeprefix("sha256:")[:12]
    new = document["to"]["checksum"].removeprefix("sha256:")[:12]
    return f"summary: {head}; from {old} to {new}"
