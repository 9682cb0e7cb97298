"""The ``wesley-gen/diff@1`` document (``docs/schema/diff.schema.json``) as a typed value.

What ``wesley-gen diff --format json`` prints, and (its changes) what ``plan.json``
lists.  :mod:`wesley_gen.render.diff_json` builds it from a diff; ``to_dict`` writes
it and :func:`parse_diff` reads it back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wesley_gen.classify import ACCESS_WIDENING, ADDITIVE, DESTRUCTIVE, NARROWING, RENAME
from wesley_gen.documents import check

if TYPE_CHECKING:
    from wesley_gen.diff import DiffError, Suggestion

DIFF_FORMAT = "wesley-gen/diff@1"
CLASSES = (ADDITIVE, NARROWING, DESTRUCTIVE, RENAME)
# Counted only where there are some: documents without security changes stay as they were.
OPTIONAL_CLASSES = (ACCESS_WIDENING,)


@dataclass(frozen=True, slots=True)
class DiffChange:
    """One change with its id in executable order (``c1``, ``c2``, …) and its classification."""

    id: str
    op: str
    table: str | None
    column: str | None
    name: str | None  # the constraint, index or enum the change is about
    change_class: str
    reversible: bool
    backfill: bool
    reason: str
    detail: Mapping[str, Any] = field(default_factory=dict, hash=False)  # before/after, as JSON values

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "op": self.op,
            "table": self.table,
            "column": self.column,
            "name": self.name,
            "class": self.change_class,
            "reversible": self.reversible,
            "backfill": self.backfill,
            "reason": self.reason,
            "detail": dict(self.detail),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DiffChange:
        """A change as :meth:`to_dict` writes it; ``name`` and ``detail`` may be absent (plan@1)."""
        return cls(
            data["id"],
            data["op"],
            data["table"],
            data["column"],
            data.get("name"),
            data["class"],
            data["reversible"],
            data["backfill"],
            data["reason"],
            data.get("detail") or {},
        )


@dataclass(frozen=True, slots=True)
class Suggested:
    """A diff's suggestion as its documents write it (diff@1 and, since it carries them to the
    reviewer, plan@1): light, so that ``explain`` need not import the diff."""

    kind: str
    table: str | None
    from_: str
    to: str
    reason: str

    @classmethod
    def of(cls, suggestion: Suggestion | Suggested) -> Suggested:
        return cls(suggestion.kind, suggestion.table, suggestion.from_, suggestion.to, suggestion.reason)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "table": self.table,
            "from": self.from_,
            "to": self.to,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Suggested:
        return cls(data["kind"], data["table"], data["from"], data["to"], data["reason"])


@dataclass(frozen=True, slots=True)
class DiffDocument:
    dialect: str
    from_checksum: str
    to_checksum: str
    changes: tuple[DiffChange, ...]
    errors: tuple[DiffError, ...]  # the diff's own values: only their fields are written
    suggestions: tuple[Suggestion, ...]

    def to_dict(self) -> dict[str, Any]:
        """The document's JSON value: the one writer of ``wesley-gen/diff@1``."""
        return {
            "format": DIFF_FORMAT,
            "dialect": self.dialect,
            "from": {"checksum": self.from_checksum},
            "to": {"checksum": self.to_checksum},
            "changes": [c.to_dict() for c in self.changes],
            "errors": [
                {"kind": e.kind, "table": e.table, "column": e.column, "reason": e.reason}
                for e in self.errors
            ],
            "suggestions": [Suggested.of(s).to_dict() for s in self.suggestions],
            "summary": {**class_counts(self.changes), "errors": len(self.errors)},
        }


def class_counts(changes: tuple[DiffChange, ...]) -> dict[str, int]:
    """How many changes each class has, every class named (the summaries of diff@1 and plan@1)."""
    counts = {name: sum(1 for c in changes if c.change_class == name) for name in CLASSES + OPTIONAL_CLASSES}
    return {name: n for name, n in counts.items() if n or name not in OPTIONAL_CLASSES}


def parse_diff(data: Any, source: str) -> DiffDocument:
    """The diff document ``data`` read from ``source``, checked against its JSON Schema."""
    from wesley_gen.diff import DiffError, Suggestion

    check(data, kind="diff", format=DIFF_FORMAT, source=source)
    return DiffDocument(
        data["dialect"],
        data["from"]["checksum"],
        data["to"]["checksum"],
        tuple(DiffChange.from_dict(c) for c in data["changes"]),
        tuple(DiffError(e["kind"], e["table"], e["column"], e["reason"]) for e in data["errors"]),
        tuple(
            Suggestion(s["kind"], s["table"], s["from"], s["to"], s["reason"]) for s in data["suggestions"]
        ),
    )
