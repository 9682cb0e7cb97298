"""The one writer of a rehearsal report: ``rehearsal-<run id>.json`` and ``.md``.

The Markdown form is written to be pasted as a pull-request comment.  It reads from
the report's JSON form, so the two reports can never disagree: the outcome first, then
one table row per migration with its timings, rows and longest lock-holding
transaction, then seeding, verification and rollback.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from wesley_gen.reports import REHEARSAL_FORMAT, MigrationRecord, Rehearsal, SeedRecord, StepRecord

_STEPS = ("pre-check", "expand", "backfill", "vacuum", "swap check", "swap", "post-check")
_DIALECT_NAMES = {"postgres": "PostgreSQL", "sqlite": "SQLite"}


def write_rehearsal(folder: str | Path, rehearsal: Rehearsal) -> tuple[Path, Path]:
    """``rehearsal-<run id>.json`` and ``.md`` in ``folder``, each written whole or not at all."""
    document = rehearsal_document(rehearsal)
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, text in (
        ("json", json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"),
        ("md", render_rehearsal_markdown(document)),
    ):
        path = root / f"rehearsal-{rehearsal.run_id}.{suffix}"
        partial = path.with_name(path.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
        written.append(path)
    return written[0], written[1]


def rehearsal_document(rehearsal: Rehearsal) -> dict[str, Any]:
    """The ``wesley-gen/rehearsal@1`` document of ``rehearsal`` (times rounded to the millisecond)."""
    return {
        "format": REHEARSAL_FORMAT,
        "run_id": rehearsal.run_id,
        "outcome": rehearsal.outcome,
        "dialect": rehearsal.dialect,
        "database": rehearsal.database,
        "kept": rehearsal.kept_url is not None,
        "started_at": rehearsal.started_at,
        "seconds": round(rehearsal.seconds, 3),
        "seed": None if rehearsal.seed is None else _seed(rehearsal.seed),
        "migrations": [_migration(m) for m in rehearsal.migrations],
        "verify": rehearsal.verify,
        "rollback": [
            {
                "id": r.id,
                "outcome": r.outcome,
                "seconds": round(r.seconds, 3),
                "detail": r.detail,
                "differences": r.differences,
                "not_verified": r.not_verified,
            }
            for r in rehearsal.rollback
        ],
        "failure": None
        if rehearsal.failure is None
        else {
            "migration": rehearsal.failure.migration,
            "step": rehearsal.failure.step,
            "message": rehearsal.failure.message,
        },
    }


def _seed(seed: SeedRecord) -> dict[str, Any]:
    return {
        "rows": seed.rows,
        "seed": seed.seed,
        "fixtures": seed.fixtures,
        "before": seed.before,
        "seconds": round(seed.seconds, 3),
        "tables": dict(sorted(seed.tables.items())),
        "notes": seed.notes,
    }


def _migration(record: MigrationRecord) -> dict[str, Any]:
    longest = record.longest_transaction
    return {
        "id": record.id,
        "outcome": record.outcome,
        "destructive": record.destructive,
        "steps": [_step(s) for s in record.steps],
        "longest_transaction": None
        if longest is None
        else {"step": longest.step, "seconds": round(longest.held or 0.0, 3)},
    }


def _step(record: StepRecord) -> dict[str, Any]:
    return {
        "step": record.step,
        "seconds": round(record.seconds, 3),
        "rows": record.rows,
        "held_seconds": None if record.held is None else round(record.held, 3),
        "checks": None
        if record.checks is None
        else dict(zip(("passed", "total"), record.checks, strict=True)),
        "detail": record.detail,
    }


def render_rehearsal_markdown(report: Mapping[str, Any]) -> str:
    """The Markdown form of a ``wesley-gen/rehearsal@1`` document."""
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
    not_verified = [line for item in report["rollback"] for line in item.get("not_verified", ())]
    if not_verified:
        lines += ["**Not verified** (rolling back cannot bring these back, so no rollback checks them):", ""]
        lines += [f"- {line}" for line in not_verified]
        lines.append("")
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
