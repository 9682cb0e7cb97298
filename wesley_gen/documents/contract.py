"""The ``wesley-gen/contract@1`` document (``docs/schema/contract.schema.json``) as a typed value.

Three stages (pre, swap, post), each with the schema the live database must be
(none for swap), a row count query per table, and assertions whose SQL returns one
integer, the number of violating rows.  :mod:`wesley_gen.render.contract` builds
it; ``to_dict`` writes it, and :func:`read_contract` / :func:`parse_contract` are
what ``verify``, ``migrate``, ``rehearse`` and ``spec`` read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from wesley_gen.documents import check, read_json

CONTRACT_FILE = "contract.json"
CONTRACT_FORMAT = "wesley-gen/contract@1"
STAGES = ("pre", "swap", "post")
# Assertion kinds, each counting the rows (or, for ``table``, the columns) that violate it.
KINDS = (
    "table",  # the table has exactly its columns, with their types and nullability
    "not_null",  # NULLs in a column that is or becomes required
    "unique",  # rows in duplicate groups of a unique constraint or unique index
    "primary_key",  # NULL keys plus rows in duplicate groups
    "check",  # rows for which a check is false
    "foreign_key",  # non-NULL keys without a referenced row
    "type_fit",  # values a narrower type cannot hold or would change
    "cast",  # rows a --cast cannot convert (a database error fails the assertion)
    "enum_value",  # rows using an enum value that goes away
    "backfill_complete",  # rows the backfill has not converted yet
    "row_count",  # difference between the row count now and at the pre-check
    "own_name",  # objects that exist already under a name wesley-gen makes for its own use
    "row_security",  # 1 when a table's ENABLE/FORCE ROW LEVEL SECURITY differ from the schema's
    "policy",  # 1 when a policy is missing or has another command, kind, roles or clauses
    "grant",  # privileges granted other than the schema's (missing or extra)
    "access_in_use",  # sessions connected as a role a grant revoked or row-level security takes access from
)
# The parameter a row_count query takes: the table's row count at the pre-check.
ROWS_BEFORE = "rows_before"


@dataclass(frozen=True, slots=True)
class Assertion:
    id: str  # <stage>-<n>
    kind: str
    change: str | None  # the plan's change it guards; None for checks of the whole schema
    table: str  # as named when the stage runs
    column: str | None
    description: str
    sql: str  # returns the number of violations
    # Named query parameters → the table whose row count at the pre stage is the value.
    params: Mapping[str, str] = field(default_factory=dict, hash=False)

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "change": self.change,
            "table": self.table,
            "column": self.column,
            "description": self.description,
            "sql": self.sql,
        }
        if self.params:
            found["params"] = {name: {"stage": "pre", "table": t} for name, t in self.params.items()}
        return found


@dataclass(frozen=True, slots=True)
class RowCount:
    table: str
    sql: str


@dataclass(frozen=True, slots=True)
class Stage:
    description: str
    # The schema the live database must be, in its canonical JSON form without annotations
    # (``wesley-gen/schema@1``, which load/snapshot.py reads); None when the stage compares none.
    schema: Mapping[str, Any] | None = field(hash=False)
    checksum: str | None
    row_counts: tuple[RowCount, ...]
    assertions: tuple[Assertion, ...]

    def without(self, kind: str) -> Stage:
        """The stage without its assertions of ``kind``."""
        return replace(self, assertions=tuple(a for a in self.assertions if a.kind != kind))

    def to_dict(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "schema": None if self.schema is None else dict(self.schema),
            "checksum": self.checksum,
            "row_counts": [{"table": r.table, "sql": r.sql} for r in self.row_counts],
            "assertions": [a.to_dict() for a in self.assertions],
        }


@dataclass(frozen=True, slots=True)
class Contract:
    dialect: str
    migration_id: str
    from_checksum: str
    to_checksum: str
    pre: Stage
    swap: Stage
    post: Stage

    def stage(self, name: str) -> Stage:
        stage: Stage = getattr(self, name)
        return stage

    def to_dict(self) -> dict[str, Any]:
        """The document's JSON value: the one writer of ``wesley-gen/contract@1``."""
        return {
            "format": CONTRACT_FORMAT,
            "dialect": self.dialect,
            "migration": {
                "id": self.migration_id,
                "from": {"checksum": self.from_checksum},
                "to": {"checksum": self.to_checksum},
            },
            **{name: self.stage(name).to_dict() for name in STAGES},
        }


def read_contract(path: str | Path) -> Contract:
    """``contract.json``, or the one inside a migration folder, checked against its JSON Schema."""
    file = Path(path)
    if file.is_dir() or (not file.exists() and file.suffix != ".json"):
        file = file / CONTRACT_FILE
    return parse_contract(read_json(file, hint="give a folder written by 'wesley-gen generate'"), str(file))


def parse_contract(data: Any, source: str) -> Contract:
    """The contract document ``data`` read from ``source``, checked against its JSON Schema."""
    check(data, kind="contract", format=CONTRACT_FORMAT, source=source)
    migration = data["migration"]
    return Contract(
        data["dialect"],
        migration["id"],
        migration["from"]["checksum"],
        migration["to"]["checksum"],
        *(_stage(data[name]) for name in STAGES),
    )


def _stage(data: Mapping[str, Any]) -> Stage:
    return Stage(
        data["description"],
        data["schema"],
        data["checksum"],
        tuple(RowCount(r["table"], r["sql"]) for r in data["row_counts"]),
        tuple(
            Assertion(
                a["id"],
                a["kind"],
                a["change"],
                a["table"],
                a["column"],
                a["description"],
                a["sql"],
                {name: p["table"] for name, p in (a.get("params") or {}).items()},
            )
            for a in data["assertions"]
        ),
    )
