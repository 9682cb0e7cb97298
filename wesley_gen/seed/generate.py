"""Generating rows: the order tables are filled in, one table's seeder (keys, awkward and plain
values, foreign-key groups, unique sets, checks) and :func:`seed_data` for a whole schema."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from wesley_gen.errors import InputError, UsageError
from wesley_gen.model import Column, ForeignKey, Schema, Table
from wesley_gen.progress import Advance
from wesley_gen.seed.analysis import analyze
from wesley_gen.seed.data import GENERATED, SeedData, TableRows
from wesley_gen.seed.fixtures import Fixtures, fixture_rows
from wesley_gen.seed.kinds import NO, Kind, Listed
from wesley_gen.seed.partitions import seeded_through_parent

_ATTEMPTS = 16  # draws of one row before it is left out
_GIVE_UP = 50  # rows left out in a row before a table stops growing
_SHOWN_EVERY = 1000  # rows generated between two advances of the progress
_UNSET: Any = object()  # a foreign-key column no group has filled yet


def seed_data(
    schema: Schema,
    *,
    rows: int,
    seed: int = 0,
    fixtures: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    advance: Advance | None = None,
) -> SeedData:
    """Rows for every table of ``schema``: ``rows`` generated per table, or its fixture rows.

    Pure: the same arguments give the same :class:`SeedData` in any process.  ``advance(n)``
    as rows are generated, of the :func:`rows_to_generate` total.
    """
    if rows < 0:
        raise UsageError(f"the number of rows must be 0 or more, not {rows}")
    given = fixtures or {}
    unknown = sorted(set(given) - {t.name for t in schema.tables})
    if unknown:
        raise InputError(f"fixtures for {unknown[0]!r}, which is not a table of the schema")
    paths = given.paths if isinstance(given, Fixtures) else {}
    produced: dict[str, TableRows] = {}
    notes: list[str] = []
    for table in _order(schema):
        if table.name in given:
            made = fixture_rows(table, given[table.name], paths.get(table.name, f"fixtures for {table.name}"))
        else:
            wanted = 0 if seeded_through_parent(table) else rows
            made, table_notes = _TableSeeder(table, schema, produced, wanted, seed).run(advance)
            notes += table_notes
        produced[table.name] = made
    return SeedData(tuple(produced.values()), tuple(notes))


def rows_to_generate(schema: Schema, rows: int, fixtures: Mapping[str, object] | None = None) -> int:
    """How many rows :func:`seed_data` generates at most: ``rows`` for each table without
    fixtures that is not filled through its partitioned parent."""
    given = fixtures or {}
    return sum(rows for t in schema.tables if t.name not in given and not seeded_through_parent(t))


# --- the order tables are filled in ---------------------------------------------------


def _order(schema: Schema) -> list[Table]:
    """Tables parents first; a nullable foreign key may point forward, a required one never."""
    tables = schema.tables_by_name()

    def required(table: Table, fk: ForeignKey) -> bool:
        return all(not (c := table.column(n)) or not c.nullable for n in fk.columns)

    def waits_for(table: Table, *, all_keys: bool) -> set[str]:
        return {
            fk.ref_table
            for fk in table.foreign_keys
            if fk.ref_table != table.name and fk.ref_table in tables and (all_keys or required(table, fk))
        }

    done: list[Table] = []
    names: set[str] = set()
    remaining = list(schema.tables)
    while remaining:
        ready = [t for t in remaining if waits_for(t, all_keys=True) <= names] or [
            t for t in remaining if waits_for(t, all_keys=False) <= names
        ]
        if not ready:
            raise InputError(
                f"required foreign keys form a cycle: {_cycle(remaining, required)}; no order of inserts can satisfy them",
                hint="make one of the foreign-key columns nullable (or the constraint deferrable and seed by hand)",
            )
        done.append(ready[0])
        names.add(ready[0].name)
        remaining.remove(ready[0])
    return done


def _cycle(tables: list[Table], required: Callable[[Table, ForeignKey], bool]) -> str:
    by_name = {t.name: t for t in tables}
    path = [tables[0].name]
    while True:
        table = by_name[path[-1]]
        parent = next(
            fk.ref_table
            for fk in table.foreign_keys
            if required(table, fk) and fk.ref_table in by_name and fk.ref_table != table.name
        )
        if parent in path:
            loop = [*path[path.index(parent) :], parent]
            return " → ".join(loop)
        path.append(parent)


# --- generating one table -------------------------------------------------------------


@dataclass(slots=True)
class _Group:
    """A foreign key: child positions filled together from one parent row."""

    name: str
    positions: tuple[int, ...]
    pool: list[tuple[Any, ...]]
    nullable: bool
    rng: random.Random
    own: tuple[int, ...] | None = None  # a self reference: positions of the referenced columns
    distinct: bool = False
    null_row: int = -1
    perm: list[int] = field(default_factory=list)
    digit: int = 0
    by_fixed: dict[tuple[int, ...], dict[tuple[Any, ...], list[tuple[Any, ...]]]] = field(
        default_factory=dict
    )

    def matching(self, fixed: list[tuple[int, Any]]) -> list[tuple[Any, ...]]:
        """Parent rows that agree with the columns another foreign key filled already."""
        if self.own is not None:
            return [p for p in self.pool if all(p[j] == v for j, v in fixed)]
        slots = tuple(j for j, _ in fixed)
        index = self.by_fixed.get(slots)
        if index is None:
            index = {}
            for parent in self.pool:
                index.setdefault(tuple(parent[j] for j in slots), []).append(parent)
            self.by_fixed[slots] = index
        return index.get(tuple(v for _, v in fixed), [])


def _pool(parent: TableRows, columns: tuple[str, ...]) -> list[tuple[Any, ...]] | None:
    """Distinct non-NULL values of ``columns`` over the parent's rows; None when it lacks one."""
    if not all(c in parent.columns for c in columns):
        return None
    positions = [parent.columns.index(c) for c in columns]
    seen: dict[tuple[Any, ...], None] = {}
    for row in parent.rows:
        values = tuple(row[p] for p in positions)
        if all(v is not None for v in values):
            seen.setdefault(values)
    return list(seen)


class _TableSeeder:
    def __init__(
        self, table: Table, schema: Schema, produced: Mapping[str, TableRows], rows: int, seed: int
    ) -> None:
        self.table, self.wanted = table, rows
        self.analysis = plan = analyze(table, schema)
        self.notes = list(plan.notes)
        if plan.unreadable:
            mentioned = ", ".join(sorted(plan.plain & set(plan.kinds))) or "none"
            self.notes.append(
                f"{table.name}: {', '.join(plan.unreadable)} not understood; plain values for {mentioned}, "
                "and rows the database refuses are skipped"
            )
        self.rng = random.Random(f"{seed}/{table.name}")
        self.position = {c.name: i for i, c in enumerate(plan.columns)}
        distinct = {n for _, names in plan.unique_sets for n in names}
        self.groups = self._groups(schema, produced, distinct, seed)
        in_groups = {p for g in self.groups for p in g.positions}
        pk = set(table.primary_key.columns) if table.primary_key else set()
        self.keys: list[tuple[int, Kind]] = []
        self.values: list[tuple[int, Kind, bool, list[Any]]] = []
        for j, column in enumerate(plan.columns):
            if j in in_groups:
                continue
            kind = plan.kinds[column.name]
            kind.restrict(plan.restrictions[column.name], random.Random(f"{seed}/{table.name}/{column.name}"))
            counter = (column.default or "").upper().startswith("NEXTVAL(")
            if column.name in pk or counter:
                self.keys.append((j, kind))
            else:
                numbered = column.name in distinct or kind.roomy()
                self.values.append((j, kind, numbered, self._awkward(j, column, kind, distinct)))
        sets = list(plan.unique_sets)
        # Roomy columns are kept distinct like a unique column: a migration may add one.
        singles = {names for _, names in sets if len(names) == 1}
        sets += [
            (f"distinct {plan.columns[j].name}", (plan.columns[j].name,))
            for j, kind, _, _ in self.values
            if kind.roomy() and (plan.columns[j].name,) not in singles
        ]
        self.uniques = [
            (label, tuple(self.position[n] for n in names), [plan.kinds[n].unique_key for n in names])
            for label, names in sets
        ]

    def _groups(
        self, schema: Schema, produced: Mapping[str, TableRows], distinct: set[str], seed: int
    ) -> list[_Group]:
        table, groups = self.table, list[_Group]()
        for fk in table.foreign_keys:
            if not all(c in self.position for c in fk.columns):
                continue
            nullable = all(c.nullable for c in (table.column(n) for n in fk.columns) if c is not None)
            rng = random.Random(f"{seed}/{table.name}/{fk.name}")
            group = _Group(fk.name, tuple(self.position[c] for c in fk.columns), [], nullable, rng)
            group.distinct = any(c in distinct for c in fk.columns)
            if fk.ref_table == table.name:
                if not all(c in self.position for c in fk.ref_columns):
                    continue
                group.own = tuple(self.position[c] for c in fk.ref_columns)
            else:
                parent = produced.get(fk.ref_table)
                pool = None if parent is None else _pool(parent, fk.ref_columns)
                where = f"{table.name}.({', '.join(fk.columns)})"
                if parent is None and schema.table(fk.ref_table) is not None:
                    self.notes.append(
                        f"{where}: NULL in every row: {fk.ref_table} is filled later (foreign-key cycle)"
                    )
                elif parent is None:
                    self.notes.append(f"{where}: refers to {fk.ref_table}, which is not in the schema")
                elif pool is None:
                    self.notes.append(
                        f"{where}: {fk.ref_table} rows lack ({', '.join(fk.ref_columns)}) to refer to"
                    )
                group.pool = pool or []
                group.perm = list(range(len(group.pool)))
                rng.shuffle(group.perm)
            if nullable and not self.analysis.plain & set(fk.columns):
                group.null_row = len(groups) % 3
            groups.append(group)
        return groups

    def _awkward(self, position: int, column: Column, kind: Kind, distinct: set[str]) -> list[Any]:
        """The column's awkward values that its type, checks and uniques accept, NULL among them."""
        name = column.name
        if name in self.analysis.plain:
            return []
        is_distinct = name in distinct
        if is_distinct and isinstance(kind, Listed) and not kind.plain_unique:
            values: list[Any] = []
        else:
            values = kind.awkward()
        own_checks = [c.test for c in self.analysis.checks if c.columns == {name}]
        row: list[Any] = [None] * len(self.analysis.columns)

        def accepted(value: Any) -> bool:
            row[position] = value
            return all(test(row) is not False for test in own_checks)

        kept: dict[Any, Any] = {}
        for value in values:
            if value is not NO and accepted(value):
                kept.setdefault(kind.unique_key(value) if is_distinct else (type(value), repr(value)), value)
        result = list(kept.values())
        restriction = self.analysis.restrictions[name]
        if column.nullable and not restriction.not_null and accepted(None):
            result.append(None)
        turn = position % len(result) if result else 0
        return result[turn:] + result[:turn]  # rows mix the awkward values of different columns

    def run(self, advance: Advance | None = None) -> tuple[TableRows, list[str]]:
        """The table's rows, ``advance(n)`` every few rows drawn (the rows wanted in all, at the end)."""
        plan, table = self.analysis, self.table
        rows: list[tuple[Any, ...]] = []
        seen: list[set[tuple[Any, ...]]] = [set() for _ in self.uniques]
        failures: Counter[str] = Counter()
        blocked = next((g for g in self.groups if g.own is None and not g.pool and not g.nullable), None)
        if blocked is not None and self.wanted:
            failures[f"no parent row for {blocked.name}"] = self.wanted
        if not plan.columns and self.wanted:
            failures["every column is generated"] = self.wanted
        in_a_row = told = 0
        for r in range(self.wanted if blocked is None and plan.columns else 0):
            if advance is not None and r - told >= _SHOWN_EVERY:
                advance(r - told)
                told = r
            values: list[Any] | None = None
            redo: Sequence[int] = ()
            for attempt in range(_ATTEMPTS):
                values, reason, redo = self._draw(r, attempt, values, redo)
                if reason:
                    continue
                keys = [self._unique_key(values, ps, fs) for _, ps, fs in self.uniques]
                clash = next((i for i, k in enumerate(keys) if k is not None and k in seen[i]), None)
                if clash is None:
                    break
                label, redo, _ = self.uniques[clash]
                reason = f"{label} ({', '.join(plan.columns[p].name for p in redo)})"
            else:
                failures[reason] += 1
                in_a_row += 1
                if in_a_row >= _GIVE_UP:
                    break
                continue
            in_a_row = 0
            for i, k in enumerate(keys):
                seen[i].add(k)
            rows.append(tuple(values))
            for group in self.groups:
                if group.own is not None:
                    own = tuple(values[p] for p in group.own)
                    if None not in own:
                        group.pool.append(own)
        if advance is not None:
            advance(self.wanted - told)  # a table that stopped short is done all the same
        notes = self.notes
        if failures:
            reasons = "; ".join(f"{why}: {count} rows left out" for why, count in sorted(failures.items()))
            notes.append(f"{table.name}: {len(rows)} rows instead of {self.wanted} ({reasons})")
        return TableRows(table.name, tuple(c.name for c in plan.columns), tuple(rows), GENERATED), notes

    @staticmethod
    def _unique_key(
        values: list[Any], positions: tuple[int, ...], keys: Sequence[Callable[[Any], Any]]
    ) -> Any:
        """What a unique set compares for this row; None when a NULL exempts the row."""
        if len(positions) == 1:
            value = values[positions[0]]
            return None if value is None else keys[0](value)
        found = tuple(values[p] for p in positions)
        if None in found:
            return None
        return tuple(key(v) for key, v in zip(keys, found, strict=True))

    def _draw(
        self, r: int, attempt: int, previous: list[Any] | None, redo: Sequence[int]
    ) -> tuple[list[Any], str, Sequence[int]]:
        """A candidate for row r: its values, why it fails ("" if it does not) and the positions to draw again.

        The first attempt draws every column; later ones draw again only the columns of the
        constraint that failed, so the row keeps its other (awkward) values.
        """
        if previous is None:
            d = r
            values: list[Any] = [_UNSET] * len(self.analysis.columns)
            for position, kind in self.keys:
                values[position] = kind.plain(r)
            for position, kind, numbered, awkward in self.values:
                values[position] = awkward[r] if r < len(awkward) else kind.regular(d if numbered else None)
            groups = self.groups
        else:
            d = self.rng.randrange(1 << 40)
            values, again = list(previous), set(redo)
            for position, kind, numbered, _ in self.values:
                if position in again:
                    values[position] = kind.regular(d if numbered else None)
            groups = [g for g in self.groups if again & set(g.positions)]
            for group in groups:
                for p in group.positions:
                    values[p] = _UNSET
        missing = next((p for p, v in enumerate(values) if v is NO), None)
        if missing is not None:
            return (
                values,
                f"{self.analysis.columns[missing].name}: no value fits its type and checks",
                (missing,),
            )
        carry, rest = 0, d
        for group in groups:
            if group.distinct and group.own is None and group.pool:
                rest, digit = divmod(rest, len(group.pool))
                group.digit = (digit + carry) % len(group.pool)
                carry += digit
        for group in groups:
            chosen = self._choose(group, r, attempt, values)
            if chosen is None and not group.nullable:
                return values, f"no parent row for {group.name}", group.positions
            for j, p in enumerate(group.positions):
                values[p] = None if chosen is None else chosen[j]
        for check in self.analysis.checks:
            if check.test(values) is False:
                return values, f"check {check.name}", [self.position[c] for c in sorted(check.columns)]
        return values, "", ()

    def _choose(self, group: _Group, r: int, attempt: int, values: list[Any]) -> tuple[Any, ...] | None:
        """The parent row a foreign key points at in this row; None for NULL."""
        if attempt == 0 and r == group.null_row:
            return None
        fixed = [
            (j, values[p])
            for j, p in enumerate(group.positions)
            if values[p] is not _UNSET and values[p] is not None
        ]
        if group.own is not None:
            own = tuple(values[p] for p in group.own)
            pool = group.matching(fixed) if fixed else group.pool
            own_ok = all(v is not None and v is not _UNSET for v in own) and all(
                own[j] == v for j, v in fixed
            )
            if pool and (not own_ok or (attempt == 0 and group.rng.random() < 0.8)):
                return pool[group.rng.randrange(len(pool))]
            return own if own_ok else None
        if fixed:
            pool = group.matching(fixed)
            return pool[group.rng.randrange(len(pool))] if pool else None
        if not group.pool:
            return None
        if group.distinct:
            return group.pool[group.perm[group.digit]]
        return group.pool[group.rng.randrange(len(group.pool))]
