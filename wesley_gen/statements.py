"""``statements.json``: every SQL statement of a migration folder, as data.

The runtime executes this list and nothing else; ``expand.sql``, ``swap.sql`` and
``rollback.sql`` are rendered from the same list for people and for ``psql``/``sqlite3``,
so the two can never disagree, and no SQL text is ever split to find its statements
(a default ``'line1`` + newline + ``line2'`` is one statement).

Each statement says (``docs/schema/statements.schema.json``):

* ``step``: ``expand`` (expand.sql), ``swap`` (swap.sql), ``undo-swap`` (the part of
  rollback.sql that undoes an applied swap; on SQLite, whose rollback rebuilds each
  table to its old definition, all of rollback.sql) and ``undo-expand`` (the part of
  rollback.sql that alone undoes expand.sql: what a failed run on PostgreSQL runs);
* ``changes``: the ids of the plan's changes it serves (none for machinery such as
  SQLite's ``PRAGMA foreign_keys``);
* ``group`` and ``transaction``: consecutive statements of one group run in one
  transaction; a statement that cannot run inside one (PostgreSQL ``CREATE INDEX
  CONCURRENTLY`` and ``ALTER TYPE … ADD VALUE``, SQLite ``PRAGMA foreign_keys``) has
  ``transaction: false`` and a group of its own, and runs alone in autocommit;
* ``removes`` (undo-expand only): the object the statement drops, so that a run can
  refuse to start when that object already exists (it would not be wesley-gen's).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from wesley_gen.errors import InputError, Location

MANIFEST = "statements.json"
FORMAT = "wesley-gen/statements@1"
STEPS = ("expand", "swap", "undo-swap", "undo-expand")
FILE_OF_STEP = {
    "expand": "expand.sql",
    "swap": "swap.sql",
    "undo-swap": "rollback.sql",
    "undo-expand": "rollback.sql",
}
KINDS = ("table", "column", "index", "type", "constraint")


@dataclass(frozen=True, slots=True)
class DbObject:
    """A database object by its model name; ``table`` for columns, indexes and constraints."""

    kind: str
    name: str
    table: str | None = None

    def __str__(self) -> str:
        where = f"{self.table}.{self.name}" if self.table else self.name
        return f"{self.kind} {where}"

    def to_dict(self) -> dict[str, str]:
        found = {"kind": self.kind, "name": self.name}
        return found | ({"table": self.table} if self.table else {})


@dataclass(frozen=True, slots=True)
class Statement:
    sql: str  # without the final semicolon
    step: str
    changes: tuple[str, ...]
    group: int
    transaction: bool = True
    removes: DbObject | None = None

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "sql": self.sql,
            "step": self.step,
            "changes": list(self.changes),
            "group": self.group,
            "transaction": self.transaction,
        }
        return found | ({"removes": self.removes.to_dict()} if self.removes else {})


def manifest_document(migration_id: str, dialect: str, statements: Sequence[Statement]) -> dict[str, Any]:
    """The ``wesley-gen/statements@1`` document."""
    return {
        "format": FORMAT,
        "migration": migration_id,
        "dialect": dialect,
        "statements": [s.to_dict() for s in statements],
    }


def of_steps(statements: Iterable[Statement], *steps: str) -> tuple[Statement, ...]:
    """The statements of ``steps``, in the order they run."""
    return tuple(s for s in statements if s.step in steps)


def transactions(statements: Iterable[Statement]) -> Iterator[tuple[Statement, ...]]:
    """Consecutive statements of one group: each runs as one transaction, or alone in autocommit."""
    for _, group in groupby(statements, key=lambda s: s.group):
        yield tuple(group)


# --- the typed reader ------------------------------------------------------------------------


def read_manifest(folder: str | Path) -> tuple[Statement, ...]:
    """The statements of a migration folder, checked to be what wesley-gen writes."""
    path = Path(folder) / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            f"the migration folder has no {MANIFEST}",
            location=Location(str(path)),
            hint="regenerate it with this version of wesley-gen (`wesley-gen check --fix` in a project)",
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read it: {error}", location=Location(str(path))) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"invalid JSON: {error.msg}", location=Location(str(path), error.lineno)) from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply", location=Location(str(path))) from None
    try:
        return parse_manifest(data)
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(f"not a wesley-gen statement list: {error}", location=Location(str(path))) from None


def parse_manifest(data: Mapping[str, Any]) -> tuple[Statement, ...]:
    """The statements of a ``statements@1`` document; ``ValueError`` names what is wrong."""
    if data.get("format") != FORMAT:
        raise ValueError(f"format {data.get('format')!r}, expected {FORMAT!r}")
    statements = tuple(_statement(item) for item in data["statements"])
    for group in transactions(statements):
        if not group[0].transaction and len(group) > 1:
            raise ValueError(f"group {group[0].group} runs outside a transaction but has several statements")
        if len({s.transaction for s in group}) > 1:
            raise ValueError(f"group {group[0].group} mixes statements in and outside a transaction")
    if len({s.group for s in statements}) != len(list(transactions(statements))):
        raise ValueError("the statements of a group must be consecutive")
    return statements


def _statement(item: Mapping[str, Any]) -> Statement:
    step = item["step"]
    if step not in STEPS:
        raise ValueError(f"unknown step {step!r}")
    removes = item.get("removes")
    target = None
    if removes is not None:
        if removes["kind"] not in KINDS:
            raise ValueError(f"unknown object kind {removes['kind']!r}")
        target = DbObject(str(removes["kind"]), str(removes["name"]), removes.get("table"))
    if not isinstance(item["sql"], str) or not isinstance(item["transaction"], bool):
        raise ValueError("a statement needs its sql text and whether it runs in a transaction")
    return Statement(
        item["sql"],
        step,
        tuple(str(c) for c in item["changes"]),
        int(item["group"]),
        item["transaction"],
        target,
    )
