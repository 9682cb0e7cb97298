"""A plan (``wesley-gen/plan@1``) → the summary a reviewer reads: Markdown for a pull
request, plain text for a terminal.

Warnings come before anything else, riskiest first: changes that delete data (each
with the diff's suggestion, e.g. that a drop may be a rename), steps that cannot be
rolled back, narrowing changes with the row checks that run before them, statements
that block writes while they scan or rewrite a table (with the table's size when
``explain --db`` gives it), other suggestions, and values the generator chose on its
own.  Then the table of changes and the four steps, each named for what it runs, with
its checks one line each, its SQL with each statement's lock (collapsed in Markdown),
and its rollback hint.  The Markdown shows no hashes (the plan and the text keep
them).  Both formats are built from the same collected facts, so they never disagree.
Pure and light: it reads only typed documents (:class:`~wesley_gen.documents.plan.Plan`,
the folder's statements) and imports nothing heavy, so ``wesley-gen explain`` starts fast.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wesley_gen.documents.diff import DiffChange, Suggested
from wesley_gen.documents.plan import Plan, Step, StepStatement, step_statements
from wesley_gen.locks import NONE, REWRITE, TableSize, estimate, rate_note
from wesley_gen.statements import Statement

FORMATS = ("markdown", "text")

# Riskiest first, as in ``wesley-gen diff``.
CLASS_ORDER = ("access-widening", "destructive", "narrowing", "rename", "additive")
DIALECT_NAMES = {"postgres": "PostgreSQL", "sqlite": "SQLite"}
COLLAPSE_OVER = 12  # Markdown folds a step's list of actions into <details> beyond this many
TEXT_WIDTH = 100
SHOWN_SQL = 90  # characters of a statement quoted in a warning

# Stage of a contract check → how a reviewer reads when it runs.
_STAGE_LABEL = {"pre": "pre-check", "swap": "before the swap"}
_CONTRACT_ACTION = re.compile(r"^contract\.json \((?P<stage>[a-z]+)\): (?P<text>.*)$", re.S)
_FILE_ACTION = re.compile(
    r"^(?P<file>[a-z_]+\.(?:json|py|sql))(?: \((?P<stage>[a-z]+)\))?: (?P<text>.*)$", re.S
)
_IRREVERSIBLE_ID = re.compile(r"(?:^irreversible: |; )(?P<id>c[0-9]+) ")
# What each file's actions are, as a heading over them (the file is named once, not per line).
_GROUP_HEAD = {
    "contract.json": "Checks (contract.json)",
    "expand.sql": "expand.sql runs",
    "backfill.py": "backfill.py fills",
    "swap.sql": "swap.sql runs",
}
_FILE_NAME = re.compile(r"\b[a-z_]+\.(?:json|py|sql)\b")
_EFFECT = {NONE: "catalog only", "scan": "scans the table", REWRITE: "rewrites the table"}


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
class _Blocking:
    """A statement that blocks the application's writes while it scans or rewrites a table."""

    step: str
    statement: StepStatement
    size: str  # the estimate from the table's size, or how to read one; may be empty


@dataclass(frozen=True, slots=True)
class _Facts:
    migration_id: str
    dialect: str  # as people name it
    engine: str  # as the plan names it
    changes: tuple[DiffChange, ...]
    widening: tuple[DiffChange, ...]  # who may read or write grows: shown first
    destructive: tuple[DiffChange, ...]
    irreversible: tuple[_Irreversible, ...]
    narrowing: tuple[_Narrowing, ...]
    blocking: tuple[_Blocking, ...]
    suggested: Mapping[str, tuple[Suggested, ...]]  # a destructive change's id → its suggestions
    suggestions: tuple[Suggested, ...]  # those no destructive change is about
    invented: tuple[str, ...]
    steps: tuple[Step, ...]
    sql: Mapping[str, tuple[StepStatement, ...]]  # backfill, swap, rollback → what they run
    sizes: Mapping[str, TableSize]
    reversible: bool
    backfill: int
    checksum_from: str
    checksum_to: str

    @property
    def has_warnings(self) -> bool:
        return bool(
            self.widening
            or self.destructive
            or self.irreversible
            or self.narrowing
            or self.blocking
            or self.suggestions
            or self.invented
        )


def _facts(plan: Plan, statements: Sequence[Statement] | None, sizes: Mapping[str, TableSize]) -> _Facts:
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
    destructive = tuple(c for c in changes if c.change_class == "destructive")
    suggested = {c.id: tuple(s for s in plan.suggestions if _about(s, c)) for c in destructive}
    attached = {s for found in suggested.values() for s in found}
    # What runs: the folder's statements.json (hand edits accepted included) when there is one.
    if statements is not None:
        sql = step_statements(statements, plan.dialect)
    else:
        sql = {step.step: step.statements for step in plan.steps if step.statements}
    blocking = tuple(
        _Blocking(name, item, estimate(item.cost, sizes, plan.dialect) or rate_note(item.cost, plan.dialect))
        for name in ("backfill", "swap")
        for item in sql.get(name, ())
        if item.cost.blocks_writes and item.cost.effect != NONE
    )
    return _Facts(
        migration_id=plan.migration_id,
        dialect=DIALECT_NAMES.get(plan.dialect, plan.dialect),
        engine=plan.dialect,
        changes=changes,
        widening=tuple(c for c in changes if c.change_class == "access-widening"),
        destructive=destructive,
        irreversible=tuple(irreversible),
        narrowing=tuple(
            _Narrowing(c, tuple(check for check in checks if _mentions(check[1], c)))
            for c in changes
            if c.change_class == "narrowing"
        ),
        blocking=blocking,
        suggested={k: v for k, v in suggested.items() if v},
        suggestions=tuple(s for s in plan.suggestions if s not in attached),
        invented=plan.warnings,
        steps=plan.steps,
        sql=sql,
        sizes=sizes,
        reversible=plan.reversible,
        backfill=plan.backfill,
        checksum_from=plan.from_checksum,
        checksum_to=plan.to_checksum,
    )


def _about(suggestion: Suggested, change: DiffChange) -> bool:
    """Whether a suggestion is about what a destructive change drops (a column or a table)."""
    if change.op == "drop_column":
        return suggestion.table == change.table and suggestion.from_ == change.column
    if change.op == "drop_table":
        return suggestion.table is None and suggestion.from_ == change.table
    return False


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


def _title(step: Step) -> str:
    """A step named for what it runs: the plan's backfill step runs expand.sql first."""
    if step.step != "backfill":
        return step.step
    files = {m["file"] for a in step.actions if (m := _FILE_ACTION.match(a))}
    does = [word for word, file in (("expand", "expand.sql"), ("backfill", "backfill.py")) if file in files]
    named = ", then ".join(does) or "backfill"
    return named if named == "backfill" else f"{named} (the plan's backfill step)"


def _groups(actions: Sequence[str]) -> list[tuple[str, list[str]]]:
    """A step's actions grouped under the file they come from, in order, the file named once."""
    groups: list[tuple[str, list[str]]] = []
    for action in actions:
        match = _FILE_ACTION.match(action)
        head = _GROUP_HEAD.get(match["file"], match["file"]) if match else ""
        if match and match["file"] == "contract.json" and match["stage"] == "swap":
            head = "Checks (contract.json), before swap.sql changes the schema"
        text = match["text"] if match else action
        if groups and groups[-1][0] == head:
            groups[-1][1].append(text)
        else:
            groups.append((head, [text]))
    return groups


def _lock_words(item: StepStatement, sizes: Mapping[str, TableSize], dialect: str) -> str:
    """``c7: ACCESS EXCLUSIVE on users, scans the table (why); scans ~1.2M rows (~95 MB)``."""
    cost = item.cost
    changes = f"{', '.join(item.changes)}: " if item.changes else ""
    if cost.lock == "none":
        words = "no table lock"
    else:
        words = f"{cost.lock}{f' on {cost.table}' if cost.table else ''}, {_EFFECT[cost.effect]}"
    if cost.note:
        words += f" ({cost.note})"
    size = estimate(cost, sizes, dialect)
    return changes + words + (f"; {size}" if size else "")


def _short_sql(sql: str) -> str:
    text = " ".join(sql.split())
    return text if len(text) <= SHOWN_SQL else text[: SHOWN_SQL - 1].rstrip() + "…"


NO_CHANGES = "No changes: this migration leaves the schema exactly as it is; its steps only check that."
NO_WARNINGS = (
    "No warnings: no data is deleted, every step can be rolled back, no change can fail on "
    "existing rows, no statement blocks writes while it scans or rewrites a table, and the "
    "generator chose no value on its own."
)
# Each warning: its kind (bold in Markdown, capitals in text) and its headline.
IRREVERSIBLE = ("Irreversible", "rolling back cannot undo these changes")
INVENTED = ("Values chosen by the generator", "check them before merging")
SUGGESTIONS = ("Suggestions", "the diff's hints; nothing is applied without them")


def _widening(n: int) -> tuple[str, str]:
    widens = "change widens" if n == 1 else "changes widen"
    return "Access-widening", f"{n} {widens} who may read or write (policies, row-level security, grants)"


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


def _locks(n: int) -> tuple[str, str]:
    blocks = "statement blocks" if n == 1 else "statements block"
    return "Locks", f"{n} {blocks} the application's writes while scanning or rewriting a table"


# ---------------------------------------------------------------------------------------
# The entry point


def render_explain(
    plan: Plan,
    *,
    format: str,
    statements: Sequence[Statement] | None = None,
    sizes: Mapping[str, TableSize] | None = None,
) -> str:
    """Render a ``wesley-gen/plan@1`` document as ``"markdown"`` or ``"text"``.

    ``statements`` are the folder's statements.json (what runs, an accepted hand edit
    included; without them the SQL the plan recorded when generated); ``sizes`` each
    table's size, for estimates (``explain --db``).  Deterministic: the same input gives
    the same text.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    facts = _facts(plan, statements, sizes or {})
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


def _md_alert(alert: str, head: tuple[str, str], items: Sequence[str]) -> list[str]:
    lines = [f"> [!{alert}]", f"> **{head[0]}:** {head[1]}", ">"]
    return [*lines, *(f"> {item}" for item in items), ""]


def _md_blocking(blocking: _Blocking) -> str:
    item, cost = blocking.statement, blocking.statement.cost
    changes = f" ({', '.join(item.changes)})" if item.changes else ""
    line = f"- {blocking.step}: {_code(_short_sql(item.sql))}{changes}: {_md(cost.lock)}"
    line += (
        f" on {_code(cost.table)}, {_md(_EFFECT[cost.effect])}"
        if cost.table
        else f", {_md(_EFFECT[cost.effect])}"
    )
    if cost.note:
        line += f" ({_md(cost.note)})"
    return line + (f"; **{_md(blocking.size)}**" if blocking.size else "")


def _md_warnings(facts: _Facts) -> list[str]:
    if not facts.changes:
        return [NO_CHANGES, ""]
    if not facts.has_warnings:
        return [NO_WARNINGS, ""]
    lines: list[str] = []
    if facts.widening:
        items = [f"- {_md_change(c)}: {_md(c.reason)}" for c in facts.widening]
        lines += _md_alert("CAUTION", _widening(len(facts.widening)), items)
    if facts.destructive:
        items = []
        for change in facts.destructive:
            lost = _lost(change)
            note = f" ({_md(lost)})" if lost else ""
            items.append(f"- {_md_change(change)}{note}: {_md(change.reason)}")
            items += [f"  - {_md(s.kind)}: {_md(s.reason)}" for s in facts.suggested.get(change.id, ())]
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
    if facts.blocking:
        lines += _md_alert("WARNING", _locks(len(facts.blocking)), [_md_blocking(b) for b in facts.blocking])
    if facts.suggestions:
        items = [f"- {_md(s.kind)}: {_md(s.reason)}" for s in facts.suggestions]
        lines += _md_alert("NOTE", SUGGESTIONS, items)
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
        alarming = change.change_class in ("destructive", "access-widening")
        cls = f"**{change.change_class}**" if alarming else change.change_class
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


def _md_sql(summary: str, statements: Sequence[StepStatement], facts: _Facts) -> list[str]:
    """Statements as one SQL block, each under a comment with its changes and lock, folded."""
    body: list[str] = []
    for item in statements:
        body += [f"-- {_lock_words(item, facts.sizes, facts.engine)}", f"{item.sql.strip()};"]
    longest = max((len(run) for run in re.findall(r"`+", "\n".join(body))), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"<details><summary>{summary}</summary>", "", f"{fence}sql", *body, fence, "", "</details>", ""]


def _md_steps(facts: _Facts) -> list[str]:
    lines = ["### Steps", ""]
    for number, step in enumerate(facts.steps, start=1):
        lines += [f"#### {number}. {_md(_title(step))}", ""]
        groups = _groups(step.actions)
        if not groups:
            lines += ["Nothing to do.", ""]
        for head, items in groups:
            listed = [f"- {_md(item)}" for item in items]
            label = _FILE_NAME.sub(lambda m: _code(m.group()), head) if head else "Runs"
            if len(listed) > COLLAPSE_OVER:
                summary = f"{label}: {len(listed)}"
                lines += [f"<details><summary>{summary}</summary>", "", *listed, "", "</details>", ""]
            else:
                lines += [f"{label}:", "", *listed, ""]
        sql = facts.sql.get(step.step, ())
        if sql:
            n = len(sql)
            lines += _md_sql(f"SQL: {n} statement{'s' if n != 1 else ''}, each with its lock", sql, facts)
        if step.reversible:
            lines += [f"Rollback: {_md(step.hint)}", ""]
        else:
            lines += ["Rollback: **irreversible**", ""]
            lines += [f"- {_md(item)}" for item in _rollback_items(step.hint)]
            lines.append("")
    rollback = facts.sql.get("rollback", ())
    if rollback:
        lines += ["#### Rollback (rollback.sql, run by `wesley-gen migrate down`)", ""]
        lines += _md_sql(f"SQL: {len(rollback)} statements, each with its lock", rollback, facts)
    return lines


def _markdown(facts: _Facts) -> list[str]:
    title = f"## Migration {_code(facts.migration_id)} ({_md(facts.dialect)})"
    return [
        title,
        "",
        *_md_warnings(facts),
        *_md_changes(facts),
        *_md_steps(facts),
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


def _text_blocking(blocking: _Blocking) -> str:
    item, cost = blocking.statement, blocking.statement.cost
    changes = f" ({', '.join(item.changes)})" if item.changes else ""
    on = f" on {cost.table}" if cost.table else ""
    line = f"- {blocking.step}: {_short_sql(item.sql)}{changes}: {cost.lock}{on}, {_EFFECT[cost.effect]}"
    if cost.note:
        line += f" ({cost.note})"
    return line + (f"; {blocking.size}" if blocking.size else "")


def _text_warnings(facts: _Facts) -> list[str]:
    if not facts.changes:
        return [*_wrap(NO_CHANGES, ""), ""]
    if not facts.has_warnings:
        return [*_wrap(NO_WARNINGS, ""), ""]
    lines: list[str] = []
    if facts.widening:
        items = [
            line for c in facts.widening for line in _wrap(f"- {_text_change(c)}: {c.reason}", "  ", "  ")
        ]
        lines += _text_section(_widening(len(facts.widening)), items)
    if facts.destructive:
        items = []
        for change in facts.destructive:
            lost = _lost(change)
            note = f" ({lost})" if lost else ""
            items += _wrap(f"- {_text_change(change)}{note}: {change.reason}", "  ", "  ")
            for s in facts.suggested.get(change.id, ()):
                items += _wrap(f"{s.kind}: {s.reason}", "      ", "  ")
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
    if facts.blocking:
        items = [line for b in facts.blocking for line in _wrap(_text_blocking(b), "  ", "  ")]
        lines += _text_section(_locks(len(facts.blocking)), items)
    if facts.suggestions:
        items = [line for s in facts.suggestions for line in _wrap(f"- {s.kind}: {s.reason}", "  ", "  ")]
        lines += _text_section(SUGGESTIONS, items)
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


def _text_sql(statements: Sequence[StepStatement], facts: _Facts) -> list[str]:
    lines = ["     sql:"]
    for item in statements:
        lines += _wrap(f"-- {_lock_words(item, facts.sizes, facts.engine)}", "       ", "-- ")
        lines += _wrap(f"{item.sql.strip()};", "       ", "  ")
    return lines


def _text_steps(facts: _Facts) -> list[str]:
    lines = ["STEPS"]
    for number, step in enumerate(facts.steps, start=1):
        lines.append(f"  {number}. {_title(step)}")
        groups = _groups(step.actions)
        if not groups:
            lines.append("     runs: nothing")
        for head, items in groups:
            lines.append(f"     {head[:1].lower() + head[1:] or 'runs'}:")
            for item in items:
                lines += _wrap(f"- {item}", "       ", "  ")
        sql = facts.sql.get(step.step, ())
        if sql:
            lines += _text_sql(sql, facts)
        artifacts = ", ".join(f"{a.path} {a.sha256[:12]}" for a in step.artifacts)
        lines += _wrap(f"artifacts: {artifacts or 'none'}", "     ", "  ")
        if step.reversible:
            lines += _wrap(f"rollback: {step.hint}", "     ", "  ")
        else:
            lines.append("     rollback: IRREVERSIBLE")
            for item in _rollback_items(step.hint):
                lines += _wrap(f"- {item}", "       ", "  ")
        lines.append("")
    rollback = facts.sql.get("rollback", ())
    if rollback:
        lines += ["  rollback.sql (wesley-gen migrate down)", *_text_sql(rollback, facts), ""]
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
