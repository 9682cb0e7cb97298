"""Where a partitioned table's rows can go: PostgreSQL refuses a row that no partition takes,
so the seeder fills a partitioned table through its root only, each row meeting its
partitions' bounds (read from the bound as pg_get_expr prints it).

A range or list key of one column is understood, at every level of sub-partitions; a hash
key, or a level with a ``DEFAULT`` partition, takes every row.  A range key of several
columns is not read: such a table is seeded as before, and the database judges its rows."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from wesley_gen.model import Schema, Table
from wesley_gen.seed.kinds import Kind, Unreadable

if TYPE_CHECKING:
    from sqlglot import exp

# Each list of values with its parentheses: read by sqlglot as one bracketed expression.
_KEY = re.compile(r"(RANGE|LIST|HASH) (\(.*\))", re.S)
_RANGE = re.compile(r"FOR VALUES FROM (\(.*\)) TO (\(.*\))", re.S)
_LIST = re.compile(r"FOR VALUES IN (\(.*\))", re.S)
_UNBOUNDED = frozenset({"MINVALUE", "MAXVALUE"})


def seeded_through_parent(table: Table) -> bool:
    """A partition holds only the rows its root's seeding routes to it."""
    return table.partition_of is not None


def partition_condition(
    table: Table, schema: Schema, columns: Mapping[str, tuple[int, Kind]]
) -> tuple[exp.Expr, exp.Expr | None] | None:
    """What a row of ``table`` must meet to fit one of its partitions, and the hull of a
    top-level range (``key >= lowest AND key < highest``: bounds the seeder draws within,
    where the condition alone would leave most draws outside); ``None``: every row fits."""
    from sqlglot.errors import SqlglotError

    try:
        found = _condition(table, schema)
        return None if found is None else (found, _hull(table, schema, columns))
    except (Unreadable, SqlglotError):
        return None  # seeded as before: the database judges the rows


def _key(table: Table) -> tuple[str, exp.Column] | None:
    """The method and the one key column of a partitioned table; ``None``: not partitioned."""
    from sqlglot import exp

    match = _KEY.fullmatch(table.partition_by or "")
    if match is None:
        return None
    keys = _values(match[2])
    if len(keys) != 1 or not isinstance(keys[0], exp.Column):
        raise Unreadable
    return match[1], keys[0]


def _values(bracketed: str) -> list[exp.Expr]:
    """``(a, b)`` → its items; ``(a)`` → ``[a]``."""
    import sqlglot
    from sqlglot import exp

    found = sqlglot.parse_one(bracketed, read="postgres")
    return list(found.expressions) if isinstance(found, exp.Tuple) else [found.unnest()]


def _children(table: Table, schema: Schema) -> list[Table]:
    return [t for t in schema.tables if t.partition_of == table.name]


def _condition(table: Table, schema: Schema) -> exp.Expr | None:
    from sqlglot import exp

    key = _key(table)
    if key is None:
        return None
    method, column = key
    parts: list[exp.Expr] = []
    for child in _children(table, schema):
        own = _bound(method, column, child.partition_bound or "")
        if own is None:
            return None  # a DEFAULT or hash partition: every row fits this level
        below = _condition(child, schema) if child.partition_by else None
        parts.append(own if below is None else exp.and_(own, below))
    if not parts:
        raise Unreadable  # no partition at all: nothing fits, nothing to seed from
    return exp.or_(*parts) if len(parts) > 1 else parts[0]


def _bound(method: str, column: exp.Column, bound: str) -> exp.Expr | None:
    from sqlglot import exp

    present = exp.Is(this=column.copy(), expression=exp.Null()).not_()
    if method == "RANGE" and (found := _RANGE.fullmatch(bound)):
        (low,), (high,) = _values(found[1]), _values(found[2])
        sides: list[exp.Expr] = [present]
        if _name(low) not in _UNBOUNDED:
            sides.append(exp.GTE(this=column.copy(), expression=low))
        if _name(high) not in _UNBOUNDED:
            sides.append(exp.LT(this=column.copy(), expression=high))
        return exp.and_(*sides)
    if method == "LIST" and (found := _LIST.fullmatch(bound)):
        items = _values(found[1])
        values = [i for i in items if not isinstance(i, exp.Null)]
        listed = exp.and_(present, exp.In(this=column.copy(), expressions=values)) if values else None
        if len(values) == len(items):
            assert listed is not None
            return listed
        missing = exp.Is(this=column.copy(), expression=exp.Null())
        return missing if listed is None else exp.or_(missing, listed)
    return None


def _name(node: exp.Expr) -> str:
    return node.name.upper() if type(node).__name__ == "Column" else ""


def _hull(table: Table, schema: Schema, columns: Mapping[str, tuple[int, Kind]]) -> exp.Expr | None:
    """The lowest FROM and highest TO of a one-column range key's partitions; every value of
    a list key's partitions."""
    from sqlglot import exp

    key = _key(table)
    assert key is not None
    method, column = key
    if column.name not in columns:
        return None
    if method == "LIST":
        listed = [_LIST.fullmatch(child.partition_bound or "") for child in _children(table, schema)]
        if not all(listed):
            return None
        items = [item for found in listed if found for item in _values(found[1])]
        values = [i for i in items if not isinstance(i, exp.Null)]
        within = exp.In(this=column.copy(), expressions=values)
        missing = exp.Is(this=column.copy(), expression=exp.Null())
        return within if len(values) == len(items) else exp.or_(missing, within)
    if method != "RANGE":
        return None
    kind = columns[column.name][1]
    lows: list[tuple[Any, exp.Expr]] = []
    highs: list[tuple[Any, exp.Expr]] = []
    for child in _children(table, schema):
        found = _RANGE.fullmatch(child.partition_bound or "")
        if found is None:
            return None
        (low,), (high,) = _values(found[1]), _values(found[2])
        lows.append((None if _name(low) else _literal(kind, low), low))
        highs.append((None if _name(high) else _literal(kind, high), high))
    sides: list[exp.Expr] = []
    if all(value is not None for value, _ in lows):
        sides.append(exp.GTE(this=column.copy(), expression=min(lows, key=lambda v: v[0])[1].copy()))
    if all(value is not None for value, _ in highs):
        sides.append(exp.LT(this=column.copy(), expression=max(highs, key=lambda v: v[0])[1].copy()))
    return exp.and_(*sides) if sides else None


def _literal(kind: Kind, node: exp.Expr) -> Any:
    from sqlglot import exp

    if isinstance(node, exp.Neg):
        return kind.literal(f"-{node.this.this}")
    if not isinstance(node, exp.Literal):
        raise Unreadable
    return kind.literal(node.this)
