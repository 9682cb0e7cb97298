"""The renderers: one function per (action, dialect), found in a dispatch table.

As Alembic's ``renderers.dispatch_for`` and its dialect ``impl`` registry do, each
function that translates a planned :class:`~wesley_gen.phases.Operation` into
statements registers itself for its action and dialect with :func:`renders`; a new
operation or a third dialect is a new function, never a new branch.  Each dialect
also registers how its files are laid out around the statements (:class:`Dialect`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wesley_gen.phases import NameMap, Operation
from wesley_gen.plan import Migration, PlannedChange
from wesley_gen.statements import DbObject


@dataclass(frozen=True, slots=True)
class Context:
    """What every renderer may read besides the operation: the migration and its names."""

    migration: Migration
    names: NameMap

    @property
    def dialect(self) -> str:
        return self.migration.dialect

    @property
    def sequences(self) -> frozenset[str]:
        """The sequences either version creates itself: a column drawing from one is no ``serial``."""
        return frozenset(s.name for s in (*self.migration.old.sequences, *self.migration.new.sequences))


@dataclass(frozen=True, slots=True)
class Drop:
    """A statement of the undo of expand and the object it drops (a run that finds that
    object before it starts refuses: it would not be wesley-gen's)."""

    sql: str
    removes: DbObject | None


@dataclass(frozen=True, slots=True)
class Pending:
    """A statement as an operation renders it, before the file layout gives it its group."""

    sql: str
    items: tuple[PlannedChange, ...] = ()  # the changes it serves (none: machinery)
    outside: str | None = None  # "before" or "after" the file's transaction, when it cannot run in one
    removes: DbObject | None = None  # undo-expand: the object it drops
    stage: int = 0  # PostgreSQL's swap: the stage it runs in (phases.STAGE_LAYOUT)


Renderer = Callable[[Operation, Context], Sequence[str | Drop]]
# (action, dialect) → the function that renders such an operation.
RENDERERS: dict[tuple[str, str], Renderer] = {}


def renders(dialects: str | tuple[str, ...], *actions: str) -> Callable[[Renderer], Renderer]:
    """Register a renderer of ``actions`` on one dialect or several."""

    def register(renderer: Renderer) -> Renderer:
        for dialect in (dialects,) if isinstance(dialects, str) else dialects:
            for action in actions:
                if (action, dialect) in RENDERERS:
                    raise ValueError(f"two renderers of {action} on {dialect}")
                RENDERERS[action, dialect] = renderer
        return renderer

    return register


def render(op: Operation, context: Context) -> list[Pending]:
    """The statements of one planned operation."""
    return [
        Pending(s.sql, op.items, op.outside, s.removes, op.stage)
        if isinstance(s, Drop)
        else Pending(s, op.items, op.outside, stage=op.stage)
        for s in RENDERERS[op.action, context.dialect](op, context)
    ]
