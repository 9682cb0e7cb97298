"""The Markdown report of a rehearsal, written to be pasted as a pull-request comment.

It reads from the report's JSON form (``rehearsal-<run id>.json``), so the two
reports can never disagree: the outcome first, then one table row per migration with
its timings, rows and longest lock-holding transaction, then seeding, verification
and rollback.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

_STEPS = ("pre-check", "expand", "backfill", "swap check", "swap", "post-check")
_DIALECT_NAMES = {"postgres": "PostgreSQL", "sqlite": "SQLite"}


def render_rehearsal_markdown(report: Mapping[str, Any]) -> str:
    passed = report["outcome"] == "passed"
    migrations = report["migrations"]
    dialect = _DIALECT_NAMES.get(report["dialect"], report["dialect"])
    seed = report["seed"]
    rows = f", {seed['rows']:,} rows a table" if seed else ""
    lines = [
        f"### {'✅' if passed else '❌'} wesley-gen rehearsal {report['outcome']}: "
        f"{len(migrations)} migration{'s' if len(migrations) != 1 else ''} on {dialect}{rows}",
        "",
        f"Run `{report['run_id']}` · {report['seconds']:.1f} s · database `{report['database']}`"
        + (" (kept)" if report["kept"] else ", torn down"),
        "",
    ]
    failure = report["failure"]
    if failure is not None:
        where = " · ".join(part for part in (failure["migration"], failure["step"]) if part)
        lines += [f"**Failed at {where}:**", "", "```text", failure["message"], "```", ""]
    lines += _migration_table(migrations)
    if seed:
        lines += ["", "<details><summary>Seed data</summary>", ""]
        before = f"before `{seed['before']}`" if seed["before"] else "after the last migration"
        fixtures = f", fixtures from `{seed['fixtures']}`" if seed["fixtures"] else ""
        lines.append(f"Seeded {before} with seed {seed['seed']}{fixtures} in {seed['seconds']:.1f} s.")
        lines += ["", "| table | rows |", "|---|---:|"]
        lines += [f"| `{table}` | {count:,} |" for table, count in seed["tables"].items()]
        lines += [f"- {note}" for note in seed["notes"]]
        lines += ["", "</details>"]
    if report["verify"]:
        lines += ["", "**Verify:** " + " · ".join(report["verify"])]
    if report["rollback"]:
        lines += ["", "**Rollback** (newest first; each must restore its schema and rows):", ""]
        lines += ["| migration | result | seconds | detail |", "|---|---|---:|---|"]
        for item in report["rollback"]:
            lines.append(
                f"| `{item['id']}` | {item['outcome']} | {item['seconds']:.3f} | {_cell(item['detail'])} |"
            )
            lines += [f"|  |  |  | {_cell(d)} |" for d in item["differences"]]
    return "\n".join(lines) + "\n"


def _migration_table(migrations: Sequence[Mapping[str, Any]]) -> list[str]:
    header = (
        "| migration | result | " + " | ".join(_STEPS) + " | checks | rows written | longest transaction |"
    )
    lines = [header, "|---|---|" + "---:|" * len(_STEPS) + "---:|---:|---|"]
    for item in migrations:
        seconds = {step["step"]: step["seconds"] for step in item["steps"]}
        cells = [f"{seconds[s]:.3f} s" if s in seconds else "" for s in _STEPS]
        written = sum(step["rows"] or 0 for step in item["steps"])
        counted = [step["checks"] for step in item["steps"] if step["checks"]]
        checks = f"{sum(c['passed'] for c in counted)}/{sum(c['total'] for c in counted)}" if counted else ""
        longest = item["longest_transaction"]
        held = f"{longest['seconds'] * 1000:.0f} ms ({longest['step']})" if longest else ""
        result = item["outcome"] + (" ⚠ drops data" if item["destructive"] else "")
        lines.append(
            f"| `{item['id']}` | {result} | " + " | ".join(cells) + f" | {checks} | {written:,} | {held} |"
        )
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
