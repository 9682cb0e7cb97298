"""The ``wesley-gen/plan@1`` document (``docs/schema/plan.schema.json``) as a typed value.

``plan.json`` names a migration (its id and the checksums of the schemas it goes
from and to), its classified changes, and always the four steps pre-check →
backfill → swap → post-check, each with its actions, the artifacts it uses (with
their SHA-256) and a rollback hint that says what is lost where something is.
:mod:`wesley_gen.render.migration` builds it; ``to_dict`` writes it, and
:func:`read_plan` / :func:`parse_plan` are what ``migrate``, ``explain`` and
``spec`` read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wesley_gen.documents import check, read_json
from wesley_gen.documents.diff import DiffChange, Suggested, class_counts
from wesley_gen.errors import InputError, Location
from wesley_gen.locks import LockCost, lock_costs
from wesley_gen.statements import Statement

PLAN_FILE = "plan.json"
PLAN_FORMAT = "wesley-gen/plan@1"
STEPS = ("pre-check", "backfill", "swap", "post-check")


@dataclass(frozen=True, slots=True)
class Artifact:
    path: str  # a file of the migration folder
    sha256: str


@dataclass(frozen=True, slots=True)
class StepStatement:
    """A statement a step runs (as statements.json has it when generated) and its lock cost:
    what a reviewer weighs against the size of the table."""

    sql: str
    changes: tuple[str, ...]
    cost: LockCost

    def to_dict(self) -> dict[str, Any]:
        return {"sql": self.sql, "changes": list(self.changes), **self.cost.to_dict()}

    @classmethod
    def from_dict(cls, data: Any) -> StepStatement:
        cost = LockCost(data["lock"], data["effect"], data["table"], data.get("note", ""))
        return cls(data["sql"], tuple(data["changes"]), cost)


# Which statements (statements.json's steps) each plan step runs; "rollback" is rollback.sql.
RUNS = {"backfill": ("expand",), "swap": ("swap",), "rollback": ("undo-swap", "undo-expand")}


def step_statements(statements: Sequence[Statement], dialect: str) -> dict[str, tuple[StepStatement, ...]]:
    """The statements of each step of :data:`RUNS` with their lock cost.  expand and swap are
    costed as one sequence (an index the swap builds on a table expand created is cheap),
    rollback.sql on its own."""
    found: dict[str, tuple[StepStatement, ...]] = {}
    for steps in (("backfill", "swap"), ("rollback",)):
        chosen = [s for s in statements if any(s.step in RUNS[name] for name in steps)]
        costed = [
            (s, StepStatement(s.sql, s.changes, cost))
            for s, cost in zip(
                chosen, lock_costs([s.sql for s in chosen], dialect, [s.group for s in chosen]), strict=True
            )
        ]
        for name in steps:
            found[name] = tuple(item for s, item in costed if s.step in RUNS[name])
    return found


@dataclass(frozen=True, slots=True)
class Step:
    """What one step does: the actions a reader sees, the files it runs, how to undo it, and
    (since plan@1 grew it; absent in older plans) each statement it runs with its lock."""

    step: str
    actions: tuple[str, ...]
    artifacts: tuple[Artifact, ...]
    reversible: bool
    hint: str
    statements: tuple[StepStatement, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "actions": list(self.actions),
            "artifacts": [{"path": a.path, "sha256": a.sha256} for a in self.artifacts],
            "rollback": {"reversible": self.reversible, "hint": self.hint},
            "statements": [s.to_dict() for s in self.statements],
        }


@dataclass(frozen=True, slots=True)
class Plan:
    dialect: str
    migration_id: str
    from_checksum: str
    to_checksum: str
    changes: tuple[DiffChange, ...]
    warnings: tuple[str, ...]
    steps: tuple[Step, ...]  # the four of STEPS, in that order
    backfill: int  # columns backfill.py fills
    suggestions: tuple[Suggested, ...] = ()  # the diff's, e.g. a drop that may be a rename

    @property
    def reversible(self) -> bool:
        """True when rollback.sql brings every value back."""
        return all(c.reversible for c in self.changes)

    @property
    def destructive(self) -> int:
        return class_counts(self.changes)["destructive"]

    def step(self, name: str) -> Step:
        return self.steps[STEPS.index(name)]

    def to_dict(self) -> dict[str, Any]:
        """The document's JSON value: the one writer of ``wesley-gen/plan@1``."""
        summary: dict[str, Any] = class_counts(self.changes)
        summary["reversible"] = self.reversible
        summary["backfill"] = self.backfill
        return {
            "format": PLAN_FORMAT,
            "dialect": self.dialect,
            "migration": {
                "id": self.migration_id,
                "from": {"checksum": self.from_checksum},
                "to": {"checksum": self.to_checksum},
            },
            "summary": summary,
            "changes": [c.to_dict() for c in self.changes],
            "warnings": list(self.warnings),
            "suggestions": [s.to_dict() for s in self.suggestions],
            "steps": [s.to_dict() for s in self.steps],
        }


def read_plan(path: str | Path) -> Plan:
    """``plan.json``, or the one inside a migration folder, checked against its JSON Schema."""
    file = Path(path)
    if file.is_dir():
        file = file / PLAN_FILE
    return parse_plan(read_json(file), str(file))


def parse_plan(data: Any, source: str) -> Plan:
    """The plan document ``data`` read from ``source``, checked against its JSON Schema.

    The summary is not read: it is counted from the changes (what :meth:`Plan.to_dict`
    writes), so the two cannot disagree.
    """
    check(data, kind="plan", format=PLAN_FORMAT, source=source)
    migration = data["migration"]
    plan = Plan(
        data["dialect"],
        migration["id"],
        migration["from"]["checksum"],
        migration["to"]["checksum"],
        tuple(DiffChange.from_dict(c) for c in data["changes"]),
        tuple(data["warnings"]),
        tuple(
            Step(
                s["step"],
                tuple(s["actions"]),
                tuple(Artifact(a["path"], a["sha256"]) for a in s["artifacts"]),
                s["rollback"]["reversible"],
                s["rollback"]["hint"],
                tuple(StepStatement.from_dict(x) for x in s.get("statements", ())),
            )
            for s in data["steps"]
        ),
        data["summary"]["backfill"],
        tuple(Suggested.from_dict(x) for x in data.get("suggestions", ())),
    )
    if plan.to_dict()["summary"] != data["summary"]:
        raise InputError(
            "not a wesley-gen plan: $.summary: does not count its changes", location=Location(source)
        )
    return plan
