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

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from wesley_gen.documents import check, read_json
from wesley_gen.errors import InputError, Location

MANIFEST = "statements.json"
FORMAT = "wesley-gen/statements@1"
# Each step (docs/schema/statements.schema.json) and the file that shows its statements.
FILE_OF_STEP = {
    "expand": "expand.sql",
    "swap": "swap.sql",
    "undo-swap": "rollback.sql",
    "undo-expand": "rollback.sql",
}
_TITLE = "statement list"  # what an error calls the document


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
    if not path.exists():
        raise InputError(
            f"the migration folder has no {MANIFEST}",
            location=Location(str(path)),
            hint="regenerate it with this version of wesley-gen (`wesley-gen check --fix` in a project)",
        )
    return parse_manifest(read_json(path), str(path))


def parse_manifest(data: Any, source: str) -> tuple[Statement, ...]:
    """The statements of the ``statements@1`` document ``data`` read from ``source``, checked
    against its JSON Schema and then for what a schema cannot say: that each group runs
    as written (one transaction, or one statement alone in autocommit)."""
    check(data, kind="statements", format=FORMAT, source=source, title=_TITLE)
    statements = tuple(_statement(item) for item in data["statements"])
    problem = _grouping_problem(statements)
    if problem is not None:
        raise InputError(f"not a wesley-gen {_TITLE}: {problem}", location=Location(source))
    return statements


def _grouping_problem(statements: tuple[Statement, ...]) -> str | None:
    for group in transactions(statements):
        if not group[0].transaction and len(group) > 1:
            return f"group {group[0].group} runs outside a transaction but has several statements"
        if len({s.transaction for s in group}) > 1:
            return f"group {group[0].group} mixes statements in and outside a transaction"
    if len({s.group for s in statements}) != len(list(transactions(statements))):
        return "the statements of a group must be consecutive"
    return None


def _statement(item: Mapping[str, Any]) -> Statement:
    removes = item.get("removes")
    return Statement(
        item["sql"],
        item["step"],
        tuple(item["changes"]),
        item["group"],
        item["transaction"],
        None if removes is None else DbObject(removes["kind"], removes["name"], removes.get("table")),
    )
