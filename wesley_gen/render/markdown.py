"""A plan (``wesley-gen/plan@1``) → the summary a reviewer reads: Markdown for a pull
request, plain text for a terminal.

Warnings come before anything else, riskiest first: changes that delete data, steps
that cannot be rolled back, narrowing changes with the row checks that run before
them, and values the generator chose on its own.  Then the table of changes, the
four steps with what each runs, its artifacts and its rollback hint, and the
checksums.  Both formats are built from the same collected facts, so they never
disagree.  Pure and light: it reads only the typed plan
(:class:`~wesley_gen.documents.plan.Plan`) and imports nothing heavy, so ``wesley-gen
explain`` starts fast.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wesley_gen.documents.diff import DiffChange
from wesley_gen.documents.plan import Plan, Step

FORMATS = ("markdown", "text")

# Riskiest first, as in ``wesley-gen diff``.
CLASS_ORDER = ("destructive", "narrowing", "rename", "additive")
DIALECT_NAMES = {"postgres": "PostgreSQL", "sqlite": "SQLite"}
SHORT_SHA = 12  # hex digits of an artifact's sha256 shown
COLLAPSE_OVER = 12  # Markdown folds a step's actions into <details> beyond this many
TEXT_WIDTH = 100

# Stage of a contract check → how a reviewer reads when it runs.
_STAGE_LABEL = {"pre": "pre-check", "swap": "before the swap"}
_CONTRACT_ACTION = re.compile(r"^contract\.json \((?P<stage>[a-z]+)\): (?P<text>.*)$", re.S)
_FILE_ACTION = re.compile(r"^(?P<file>[a-z_]+\.(?:json|py|sql))(?P<rest>(?: \([a-z]+\))?: .*)$", re.S)
_IRREVERSIBLE_ID = re.compile(r"(?:^irreversible: |; )(?P<id>c[0-9]+) ")


# ---------------------------------------------------------------------------------------
# The facts both formats show


@dataclass(frozen=True, slots=True)
class _Narrowing:
    change: DiffChange
    checks: tuple[tuple[str, str], ...]  # (when it runs, what it checks)


@dataclass(frozen=True, slots=True)
class _Irreversible:
    step: str
    changes: tuple[DiffChange, ...]  # empty when the hint names none: show the hint
    hint: str


@dataclass(frozen=True, slots=True)
class _Facts:
    migration_id: str
    dialect: str
    changes: tuple[DiffChange, ...]
    destructive: tuple[DiffChange, ...]
    irreversible: tuple[_Irreversible, ...]
    narrowing: tuple[_Narrowing, ...]
    invented: tuple[str, ...]
    steps: tuple[Step, ...]
    reversible: bool
    backfill: int
    checksum_from: str
    checksum_to: str

    @property
    def has_warnings(self) -> bool:
        return bool(self.destructive or self.irreversible or self.narrowing or self.invented)


def _facts(plan: Plan) -> _Facts:
    changes = plan.changes
    by_id = {c.id: c for c in changes}
    checks = [
        (_STAGE_LABEL[m["stage"]], m["text"])
        for step in plan.steps
        for action in step.actions
        if (m := _CONTRACT_ACTION.match(action)) and m["stage"] in _STAGE_LABEL
    ]
    irreversible = []
    for step in plan.steps:
        if step.reversible:
            continue
        named = tuple(by_id[i] for i in dict.fromkeys(_IRREVERSIBLE_ID.findall(step.hint)) if i in by_id)
        irreversible.append(_Irreversible(step.step, named, step.hint))
    return _Facts(
        migration_id=plan.migration_id,
        dialect=DIALECT_NAMES.get(plan.dialect, plan.dialect),
        changes=changes,
        destructive=tuple(c for c in changes if c.change_class == "destructive"),
        irreversible=tuple(irreversible),
        narrowing=tuple(
            _Narrowing(c, tuple(check for check in checks if _mentions(check[1], c)))
            for c in changes
            if c.change_class == "narrowing"
        ),
        invented=plan.warnings,
        steps=plan.steps,
        reversible=plan.reversible,
        backfill=plan.backfill,
        checksum_from=plan.from_checksum,
        checksum_to=plan.to_checksum,
    )


def _mentions(text: str, change: DiffChange) -> bool:
    """Whether a check's description names the change's column or constraint."""
    tokens = []
    if change.table and change.column:
        tokens.append(f"{change.table}.{change.column}")
    if change.name:
        tokens.append(change.name)
    return any(re.search(rf"(?<![\w.]){re.escape(token)}(?!\w)", text) for token in tokens)


def _target(change: DiffChange) -> tuple[str, str | None]:
    """What a change touches (``table.column``, a name, or a table) and the table a name is on."""
    table, column, name = change.table, change.column, change.name
    if table and column:
        return f"{table}.{column}", None
    if name:
        return str(name), str(table) if table else None
    return str(table or ""), None


def _lost(change: DiffChange) -> str:
    """A short note on what a destructive change deletes: a column's type, a table's columns."""
    definition = change.detail.get("definition")
    if not isinstance(definition, Mapping):
        return ""
    if change.op == "drop_table" and isinstance(definition.get("columns"), list):
        names = [str(c.get("name")) for c in definition["columns"] if isinstance(c, Mapping)]
        return f"{len(names)} column{'s' if len(names) != 1 else ''}: {', '.join(names)}"
    if definition.get("type"):
        return str(definition["type"])
    return ""


def _counts(facts: _Facts) -> str:
    changes = facts.changes
    total = f"{len(changes)} change{'s' if len(changes) != 1 else ''}"
    detail = ", ".join(
        f"{n} {cls}" for cls in CLASS_ORDER if (n := sum(1 for c in changes if c.change_class == cls))
    )
    return f"{total}: {detail}" if detail else total


def _backfills(facts: _Facts) -> str:
    n = facts.backfill
    return f"{n} column{'s' if n != 1 else ''} to backfill" if n else "nothing to backfill"


def _rollback_items(hint: str) -> list[str]:
    """An irreversible hint ``irreversible: c1 … (…); c2 … (…)`` as one item per change."""
    body = hint.removeprefix("irreversible: ")
    return [part.strip() for part in re.split(r"; (?=c[0-9]+ )", body) if part.strip()]


NO_CHANGES = "No changes: this migration leaves the schema exactly as it is; its steps only check that."
NO_WARNINGS = (
    "No warnings: no data is deleted, every step can be rolled back, no change can fail on "
    "existing rows, and the generator chose no value on its own."
)
# Each warning: its kind (bold in Markdown, capitals in text) and its headline.
IRREVERSIBLE = ("Irreversible", "rolling back cannot undo these changes")
INVENTED = ("Values chosen by the generator", "check them before merging")


def _destructive(n: int) -> tuple[str, str]:
    deletes = "change deletes" if n == 1 else "changes delete"
    return "Destructive", f"{n} {deletes} data that cannot be brought back"


def _narrowing(n: int) -> tuple[str, str]:
    could = "change could" if n == 1 else "changes could"
    return (
        "Narrowing",
        f"{n} {could} fail on existing rows; these row checks run first and stop the plan "
        "if any row would break",
    )


# ---------------------------------------------------------------------------------------
# The entry point


def render_explain(plan: Plan, *, format: str) -> str:
    """Render a ``wesley-gen/plan@1`` document as ``"markdown"`` or ``"text"``.

    Deterministic: the same plan gives the same text.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    facts = _facts(plan)
    lines = _markdown(facts) if format == "markdown" else _text(facts)
    return "\n".join(lines).rstrip("\n") + "\n"


# ---------------------------------------------------------------------------------------
# Markdown (GitHub-flavoured)

_MD_ESCAPE = re.compile(r"[\\`*\[\]<~]")


def _md(text: str) -> str:
    """Text safe in Markdown: no emphasis, code, links or HTML by accident.

    Underscores inside words (``users_email_key``) cannot start emphasis on GitHub, so
    they stay as they are and the raw text stays readable.
    """
    text = _MD_ESCAPE.sub(lambda m: "\\" + m.group(), " ".join(str(text).split()))

    def underscores(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        return m.group() if before.isalnum() and after.isalnum() else m.group().replace("_", r"\_")

    return re.sub(r"_+", underscores, text)


def _code(text: str) -> str:
    """``text`` as a code span, whatever backticks it holds."""
    text = " ".join(str(text).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cell(markdown: str) -> str:
    """Already-rendered Markdown made safe inside a table cell."""
    return markdown.replace("|", r"\|")


def _md_target(change: DiffChange) -> str:
    target, table = _target(change)
    return f"{_code(target)} on {_code(table)}" if table else _code(target)


def _md_change(change: DiffChange) -> str:
    return f"{change.id} {_code(change.op)} {_md_target(change)}"


def _md_action(action: str) -> str:
    match = _FILE_ACTION.match(action)
    if match is None:
        return _md(action)
    rest = match["rest"]
    return f"{_code(match['file'])}{' ' if rest.startswith(' ') else ''}{_md(rest)}"


def _md_alert(alert: str, head: tuple[str, str], items: Sequence[str]) -> list[str]:
    lines = [f"> [!{alert}]", f"> **{head[0]}:** {head[1]}", ">"]
    return [*lines, *(f"> {item}" for item in items), ""]


def _md_warnings(facts: _Facts) -> list[str]:
    if not facts.changes:
        return [NO_CHANGES, ""]
    if not facts.has_warnings:
        return [NO_WARNINGS, ""]
    lines: list[str] = []
    if facts.destructive:
        items = []
        for change in facts.destructive:
            lost = _lost(change)
            note = f" ({_md(lost)})" if lost else ""
            items.append(f"- {_md_change(change)}{note}: {_md(change.reason)}")
        lines += _md_alert("CAUTION", _destructive(len(facts.destructive)), items)
    if facts.irreversible:
        items = []
        for step in facts.irreversible:
            if step.changes:
                items.append(f"- **{step.step}**: {', '.join(_md_change(c) for c in step.changes)}")
            else:
                items.append(f"- **{step.step}**: {_md(step.hint)}")
        lines += _md_alert("WARNING", IRREVERSIBLE, items)
    if facts.narrowing:
        items = []
        for narrowing in facts.narrowing:
            items.append(f"- {_md_change(narrowing.change)}: {_md(narrowing.change.reason)}")
            items += [f"  - {when}: {_md(check)}" for when, check in narrowing.checks]
        lines += _md_alert("WARNING", _narrowing(len(facts.narrowing)), items)
    if facts.invented:
        lines += _md_alert("IMPORTANT", INVENTED, [f"- {_md(w)}" for w in facts.invented])
    return lines


def _yes_no(value: Any, *, alarm: bool = False) -> str:
    if value:
        return "yes"
    return "**no**" if alarm else "no"


def _md_changes(facts: _Facts) -> list[str]:
    lines = ["### Changes", ""]
    if not facts.changes:
        return [*lines, "None.", ""]
    reversible = "reversible" if facts.reversible else "**not reversible**"
    lines += [f"{_counts(facts)} · {_backfills(facts)} · {reversible}", ""]
    lines += [
        "| id | op | target | class | reversible | backfill | reason |",
        "|---|---|---|---|---|---|---|",
    ]
    for change in facts.changes:
        cls = f"**{change.change_class}**" if change.change_class == "destructive" else change.change_class
        cells = (
            change.id,
            _code(change.op),
            _md_target(change),
            cls,
            _yes_no(change.reversible, alarm=True),
            _yes_no(change.backfill),
            _md(change.reason),
        )
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return [*lines, ""]


def _md_steps(facts: _Facts) -> list[str]:
    lines = ["### Steps", ""]
    for number, step in enumerate(facts.steps, start=1):
        lines += [f"#### {number}. {step.step}", ""]
        actions = [f"- {_md_action(a)}" for a in step.actions]
        if not actions:
            lines += ["Nothing to do.", ""]
        elif len(actions) > COLLAPSE_OVER:
            lines += [
                f"<details><summary>Runs {len(actions)} actions</summary>",
                "",
                *actions,
                "",
                "</details>",
            ]
            lines.append("")
        else:
            lines += ["Runs:", "", *actions, ""]
        artifacts = ", ".join(f"{_code(a.path)} ({_code(a.sha256[:SHORT_SHA])})" for a in step.artifacts)
        lines += [f"Artifacts: {artifacts or 'none'}", ""]
        if step.reversible:
            lines += [f"Rollback: {_md(step.hint)}", ""]
        else:
            lines += ["Rollback: **irreversible**", ""]
            lines += [f"- {_md(item)}" for item in _rollback_items(step.hint)]
            lines.append("")
    return lines


def _md_checksums(facts: _Facts) -> list[str]:
    same = " (the same schema)" if facts.checksum_from == facts.checksum_to else ""
    return [
        "### Checksums",
        "",
        f"- from: {_code(facts.checksum_from)}",
        f"- to: {_code(facts.checksum_to)}{same}",
    ]


def _markdown(facts: _Facts) -> list[str]:
    title = f"## Migration {_code(facts.migration_id)} ({_md(facts.dialect)})"
    return [
        title,
        "",
        *_md_warnings(facts),
        *_md_changes(facts),
        *_md_steps(facts),
        *_md_checksums(facts),
    ]


# ---------------------------------------------------------------------------------------
# Plain text (a terminal)


def _wrap(text: str, indent: str, hang: str = "") -> list[str]:
    """``text`` wrapped at TEXT_WIDTH: first line after ``indent``, the rest after ``indent + hang``."""
    return textwrap.wrap(
        " ".join(str(text).split()),
        width=TEXT_WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + hang,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def _text_target(change: DiffChange) -> str:
    target, table = _target(change)
    return f"{target} on {table}" if table else target


def _text_change(change: DiffChange) -> str:
    return f"{change.id} {change.op} {_text_target(change)}"


def _text_section(head: tuple[str, str], items: Sequence[str]) -> list[str]:
    """A warning: its kind in capitals and its headline, then its items."""
    return [*_wrap(f"{head[0].upper()}: {head[1]}", "", "  "), *items, ""]


def _text_warnings(facts: _Facts) -> list[str]:
    if not facts.changes:
        return [*_wrap(NO_CHANGES, ""), ""]
    if not facts.has_warnings:
        return [*_wrap(NO_WARNINGS, ""), ""]
    lines: list[str] = []
    if facts.destructive:
        items = []
        for change in facts.destructive:
            lost = _lost(change)
            note = f" ({lost})" if lost else ""
            items += _wrap(f"- {_text_change(change)}{note}: {change.reason}", "  ", "  ")
        lines += _text_section(_destructive(len(facts.destructive)), items)
    if facts.irreversible:
        items = []
        for step in facts.irreversible:
            named = ", ".join(_text_change(c) for c in step.changes) if step.changes else step.hint
            items += _wrap(f"- {step.step}: {named}", "  ", "  ")
        lines += _text_section(IRREVERSIBLE, items)
    if facts.narrowing:
        items = []
        for narrowing in facts.narrowing:
            change = narrowing.change
            items += _wrap(f"- {_text_change(change)}: {change.reason}", "  ", "  ")
            for when, check in narrowing.checks:
                items += _wrap(f"{when}: {check}", "      ", "  ")
        lines += _text_section(_narrowing(len(facts.narrowing)), items)
    if facts.invented:
        items = [line for w in facts.invented for line in _wrap(f"- {w}", "  ", "  ")]
        lines += _text_section(INVENTED, items)
    return lines


def _text_changes(facts: _Facts) -> list[str]:
    lines = ["CHANGES"]
    if not facts.changes:
        return [*lines, "  none", ""]
    reversible = "reversible" if facts.reversible else "IRREVERSIBLE"
    lines += _wrap(f"{_counts(facts)}; {_backfills(facts)}; {reversible}", "  ", "  ")
    lines.append("")
    header = ("id", "op", "target", "class", "reversible", "backfill")
    rows = [
        (
            c.id,
            c.op,
            _text_target(c),
            c.change_class,
            "yes" if c.reversible else "NO",
            "yes" if c.backfill else "no",
        )
        for c in facts.changes
    ]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        return ("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))).rstrip()

    lines.append(line(header))
    for row, change in zip(rows, facts.changes, strict=True):
        lines.append(line(row))
        lines += _wrap(change.reason, "      ")
    return [*lines, ""]


def _text_steps(facts: _Facts) -> list[str]:
    lines = ["STEPS"]
    for number, step in enumerate(facts.steps, start=1):
        lines.append(f"  {number}. {step.step}")
        if step.actions:
            lines.append("     runs:")
            for action in step.actions:
                lines += _wrap(f"- {action}", "       ", "  ")
        else:
            lines.append("     runs: nothing")
        artifacts = ", ".join(f"{a.path} {a.sha256[:SHORT_SHA]}" for a in step.artifacts)
        lines += _wrap(f"artifacts: {artifacts or 'none'}", "     ", "  ")
        if step.reversible:
            lines += _wrap(f"rollback: {step.hint}", "     ", "  ")
        else:
            lines.append("     rollback: IRREVERSIBLE")
            for item in _rollback_items(step.hint):
                lines += _wrap(f"- {item}", "       ", "  ")
        lines.append("")
    return lines


def _text_checksums(facts: _Facts) -> list[str]:
    same = " (the same schema)" if facts.checksum_from == facts.checksum_to else ""
    return ["CHECKSUMS", f"  from  {facts.checksum_from}", f"  to    {facts.checksum_to}{same}"]


def _text(facts: _Facts) -> list[str]:
    return [
        f"Migration {facts.migration_id} ({facts.dialect})",
        "",
        *_text_warnings(facts),
        *_text_changes(facts),
        *_text_steps(facts),
        *_text_checksums(facts),
    ]
