"""Property: random migrations run for real on SQLite and PostgreSQL keep every value.

Each example draws a pair of schema versions from :func:`tests.strategies.schema_pairs`
(tables and columns added, dropped, retyped and renamed; primary keys, uniques,
indexes, checks and foreign keys added and dropped; on PostgreSQL enums and their
values too), with more type changes (:func:`_retype`: widening and narrowing inside a
type family), made fit for the dialect (:func:`_fit`), renames told one of three ways
(stable uids, ``renamed_from`` annotations, ``--rename`` hints), and rows for the old
version drawn to fit *both* versions: values in the range of the narrower type,
unique where either version has a unique key, positive where either has a check,
NULL only where both allow it, references to existing parent rows.  Then the old
schema is created, the rows are inserted, and the generated migration runs step by
step: pre-check, expand.sql, backfill.py (a subprocess, only when the plan has
backfills), swap check, swap.sql, post-check (contract stages evaluated in-process).
Afterwards the live schema diffs to nothing against the new version and every
surviving value reads the same (compared as values: ``5`` and ``5.00``, a date and its
midnight, JSON texts); for a reversible plan, rollback.sql brings back the old schema
with the same rows.

What the generator refuses on purpose is kept out of the drawn pairs rather than
filtered afterwards: an incompatible type change (it needs a ``--cast``) to ``text``
gets ``--cast t.c=CAST(c AS TEXT)`` where no key, index, reference or check depends on
the column, and goes back to the old type otherwise; a new required column whose
existing rows cannot all get a fitting value (a unique one filled with one constant,
a reference to a table that has no rows, a zero value its check rejects) gets fewer
rows, a ``--backfill`` hint, or becomes nullable.

``WESLEY_PROOF_EXAMPLES`` sets the number of examples per dialect (100; ``make proof``
runs 2000); ``WESLEY_PROOF_NO_SHRINK=1`` reports a failure as found, unshrunk (faster
when hunting).  ``--hypothesis-show-statistics`` shows how often each kind of change ran.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck, Phase, assume, currently_in_test_context, event, given, note, settings
from hypothesis import strategies as st
from sqlglot import exp

from tests.database import execute, text_rows
from tests.pgtools import Server, fresh_database
from tests.strategies import col, schema, schema_pairs, table
from tests.test_migrate_e2e import assert_no_changes
from wesley_gen.api.migrate import build_schema
from wesley_gen.changes import AddColumn
from wesley_gen.classify import classify
from wesley_gen.database_url import DatabaseUrl
from wesley_gen.diff import diff_schemas
from wesley_gen.documents.contract import Contract, read_contract
from wesley_gen.errors import ProblemFound
from wesley_gen.hints import ColumnRename, Hints
from wesley_gen.model import Column, ColumnType, Enum, PrimaryKey, Schema, Table, dumps, parse_type
from wesley_gen.plan import Migration, Options, plan_migration
from wesley_gen.render.contract import render_contract
from wesley_gen.render.migration import render_migration
from wesley_gen.render.sql import render_sql
from wesley_gen.run.contract import StageResult, evaluate
from wesley_gen.run.scripts import run_statements
from wesley_gen.statements import MANIFEST, manifest_document, of_steps, read_manifest
from wesley_gen.write import write_folder

EXAMPLES = int(os.environ.get("WESLEY_PROOF_EXAMPLES", "100"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target]
    + ([] if os.environ.get("WESLEY_PROOF_NO_SHRINK") else [Phase.shrink]),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
MAX_ROWS = 6
RENAME_MODES = ("uid", "annotation", "hint")


# --- the drawn case ---------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    old: Schema
    new: Schema
    hints: Hints
    rows: Mapping[str, tuple[dict[str, Any], ...]]  # old table → rows (column → value)
    tables: Mapping[str, str]  # old table → new table, for the tables both versions have
    columns: Mapping[tuple[str, str], str]  # (old table, old column) → new column, kept columns
    domains: Mapping[tuple[str, str], Domain]  # (old table, old column) → its values


# --- values ----------------------------------------------------------------------------

_INTEGER_RANGE = {"smallint": 2**15 - 1, "integer": 2**31 - 1, "bigint": 2**63 - 1}
_NUMBERS = {"smallint", "integer", "bigint", "numeric", "real", "double precision"}
_STRINGS = {"text", "varchar", "char"}
_TIMES = {"date", "timestamp", "timestamptz"}
_JSON = {"json", "jsonb"}
# No blank (char pads with blanks and drops trailing ones), no backslash (the rows are
# written as SQL literals by sqlglot, not by the generator).
_ALPHABET = "abcXYZ019'\"-_%é€ß"


@dataclass(frozen=True)
class Domain:
    """The values one column may hold under both versions, and how to compare them."""

    values: st.SearchStrategy[Any] | None  # None: no value fits
    size: int | None  # how many distinct values there are, when few
    normal: Callable[[str], Any]  # a value read back as text → a comparable value
    literal: Callable[[Any], exp.Expr]


def _text(value: Any) -> exp.Expr:
    return exp.Literal.string(str(value))


def _number(value: Any) -> exp.Expr:
    return exp.Literal.number(str(value))


def _boolean(value: Any) -> exp.Expr:
    return exp.true() if value else exp.false()


def _as_decimal(text: str) -> Any:
    return Decimal(text).normalize()


def _as_datetime(text: str) -> Any:
    found = datetime.fromisoformat(text.strip())
    return found.replace(tzinfo=None)


def _as_json(text: str) -> Any:
    return json.dumps(json.loads(text), sort_keys=True)


def _as_boolean(text: str) -> Any:
    return text.strip().lower() in {"1", "t", "true"}


def _same(text: str) -> Any:
    return text


def _number_domain(types: Sequence[ColumnType], positive: bool) -> Domain:
    whole = any(t.name in _INTEGER_RANGE or (t.name == "numeric" and len(t.params) == 1) for t in types)
    bound = 10**6 - 1
    for t in types:
        if t.name in _INTEGER_RANGE:
            bound = min(bound, _INTEGER_RANGE[t.name])
        elif t.name == "numeric" and t.params:
            scale = t.params[1] if len(t.params) > 1 else 0
            bound = min(bound, 10 ** (t.params[0] - scale) - 1)
        elif t.name == "real":
            bound = min(bound, 2**20)  # quarters up to here are exact in a float32
    if whole:
        values = st.integers(1 if positive else -bound, bound).map(Decimal)
    else:  # quarters: exact in every float type, and within numeric(p,2)
        values = st.integers(1 if positive else -bound * 4, bound * 4).map(lambda k: Decimal(k) / 4)
    return Domain(values, None, _as_decimal, _number)


def _string_domain(types: Sequence[ColumnType]) -> Domain:
    longest = min((t.params[0] for t in types if t.params), default=12)
    if any(t.name == "char" and not t.params for t in types):
        longest = 1
    values = st.text(_ALPHABET, max_size=min(longest, 12))
    return Domain(values, None, _same, _text)


def _time_domain(types: Sequence[ColumnType]) -> Domain:
    if any(t.name == "date" for t in types):
        days = st.integers(0, 40000).map(lambda d: date(1990, 1, 1) + timedelta(days=d))
        return Domain(days.map(date.isoformat), None, _as_datetime, _text)
    fraction = min((t.params[0] for t in types if t.params), default=6)
    step = 10 ** (6 - min(fraction, 3))
    moments = st.tuples(st.integers(0, 40000 * 86400), st.integers(0, 10**6 // step - 1)).map(
        lambda s: datetime(1990, 1, 1) + timedelta(seconds=s[0], microseconds=s[1] * step)
    )
    return Domain(moments.map(lambda m: m.isoformat(sep=" ")), None, _as_datetime, _text)


_JSON_VALUES = st.one_of(
    st.integers(-1000, 1000).map(lambda n: {"n": n}),
    st.text(_ALPHABET, max_size=5).map(lambda s: {"s": s}),
    st.lists(st.integers(0, 9), max_size=3),
    st.booleans().map(lambda b: {"b": b, "k": [1, "x"]}),
)


def _domain(types: Sequence[ColumnType], enums: list[set[str]] | None, positive: bool) -> Domain:
    names = {t.name for t in types}
    if names <= _NUMBERS:
        return _number_domain(types, positive)
    if names <= _STRINGS:
        return _string_domain(types)
    if names <= _TIMES:
        return _time_domain(types)
    if names <= _JSON:
        return Domain(_JSON_VALUES.map(lambda v: json.dumps(v, ensure_ascii=False)), None, _as_json, _text)
    if names == {"boolean"}:
        return Domain(st.booleans(), 2, _as_boolean, _boolean)
    if names == {"uuid"}:
        return Domain(st.uuids().map(str), None, _same, _text)
    if enums is not None:
        allowed = sorted(set.intersection(*enums))
        values = st.sampled_from(allowed) if allowed else None
        return Domain(values, len(allowed), _same, _text)
    raise AssertionError(f"no values for {sorted(names)}")


# --- fitting a drawn pair to what the dialects and the generator support -----------------


def _map_columns(schema: Schema, change: Callable[[Table, Column], Column | None]) -> Schema:
    tables = []
    for t in schema.tables:
        columns = tuple(change(t, c) or c for c in t.columns)
        tables.append(replace(t, columns=columns))
    return replace(schema, tables=tuple(tables))


def _keyed(t: Table) -> set[str]:
    """Columns in a key, a unique constraint, an index or a foreign key of ``t``."""
    found = set(t.primary_key.columns if t.primary_key else ())
    for item in (*t.uniques, *t.indexes, *t.foreign_keys):
        found.update(item.columns)
    return found


def _fit(old: Schema, new: Schema, dialect: str) -> tuple[Schema, Schema]:
    """What a database can hold.  SQLite: no enums (text instead), and no unique constraint
    that repeats the primary key (SQLite folds it into the key, and the generator refuses
    it).  PostgreSQL: no json in a key, an index or a reference (json has no equality
    operator; jsonb instead).  Both: no check ``c > 0`` on a column that is no number."""
    fitted = []
    for version in (old, new):
        if dialect == "sqlite":
            enums = {e.name for e in version.enums}

            def text(t: Table, c: Column, enums: set[str] = enums) -> Column | None:
                return replace(c, type=ColumnType("text")) if c.type.name in enums else None

            version = replace(_map_columns(version, text), enums=())
            tables = []
            for t in version.tables:
                key = t.primary_key.columns if t.primary_key else None
                tables.append(replace(t, uniques=tuple(u for u in t.uniques if u.columns != key)))
            version = replace(version, tables=tuple(tables))
        else:
            keyed = {(t.name, c) for t in version.tables for c in _keyed(t)}
            for t in version.tables:  # a foreign key's columns have its target's type
                for fk in t.foreign_keys:
                    if (fk.ref_table, fk.ref_columns[0]) in keyed:
                        keyed.add((t.name, fk.columns[0]))
                    if (t.name, fk.columns[0]) in keyed:
                        keyed.add((fk.ref_table, fk.ref_columns[0]))

            def jsonb(t: Table, c: Column, keyed: set[tuple[str, str]] = keyed) -> Column | None:
                if c.type.name == "json" and (t.name, c.name) in keyed:
                    return replace(c, type=ColumnType("jsonb"))
                return None

            version = _map_columns(version, jsonb)
        # A check "c > 0" stays on a number: a type taken back or changed to text drops it.
        tables = []
        for t in version.tables:
            numbers = {c.name for c in t.columns if c.type.name in _NUMBERS}
            checks = tuple(k for k in t.checks if _check_columns(replace(t, checks=(k,))) <= numbers)
            tables.append(replace(t, checks=checks))
        fitted.append(replace(version, tables=tuple(tables)))
    return fitted[0], fitted[1]


def _renames(old: Schema, new: Schema) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """From the uids: old table → new table (every kept table) and (old table, old column)
    → new column (every kept column)."""
    new_by_uid = {t.uid: t for t in new.tables}
    tables: dict[str, str] = {}
    columns: dict[tuple[str, str], str] = {}
    for t in old.tables:
        after = new_by_uid.get(t.uid)
        if after is None:
            continue
        tables[t.name] = after.name
        by_uid = {c.uid: c for c in after.columns}
        for c in t.columns:
            if c.uid in by_uid:
                columns[t.name, c.name] = by_uid[c.uid].name
    return tables, columns


def _without_uids(schema: Schema) -> Schema:
    return replace(
        schema,
        tables=tuple(
            replace(t, uid=None, columns=tuple(replace(c, uid=None) for c in t.columns))
            for t in schema.tables
        ),
    )


def _rename_hints(
    old: Schema, new: Schema, mode: str, tables: Mapping[str, str], columns: Mapping[tuple[str, str], str]
) -> tuple[Schema, Schema, Hints]:
    """The renames told by uids (as drawn), ``renamed_from`` annotations or ``--rename`` hints."""
    if mode == "uid":
        return old, new, Hints()
    table_renames = sorted((o, n) for o, n in tables.items() if o != n)
    column_renames = sorted((tables[t], o, n) for (t, o), n in columns.items() if o != n)
    old, new = _without_uids(old), _without_uids(new)
    if mode == "hint":
        hints = Hints(
            table_renames=tuple(table_renames),
            column_renames=tuple(ColumnRename(t, o, n) for t, o, n in column_renames),
        )
        return old, new, hints
    renamed_tables = {n: o for o, n in table_renames}
    renamed_columns = {(t, n): o for t, o, n in column_renames}
    new = replace(
        new,
        tables=tuple(
            replace(
                t,
                renamed_from=renamed_tables.get(t.name),
                columns=tuple(
                    replace(c, renamed_from=renamed_columns.get((t.name, c.name))) for c in t.columns
                ),
            )
            for t in new.tables
        ),
    )
    return old, new, Hints()


def _take_back_incompatible_types(
    old: Schema, new: Schema, tables: Mapping[str, str], columns: Mapping[tuple[str, str], str], dialect: str
) -> tuple[Schema, tuple[tuple[str, str, str], ...]]:
    """Type changes that need a --cast: to text, with ``--cast t.c=CAST(c AS TEXT)`` where
    nothing else depends on the type (a key, a reference, a check); otherwise back to the
    old type (and default), and the columns that reference them follow."""
    old_of = {(tables[t], n): (t, o) for (t, o), n in columns.items()}
    casts: list[tuple[str, str, str]] = []
    for _ in range(4):
        errors = diff_schemas(old, new, Hints(casts=tuple(casts)), dialect=dialect).errors  # renames by uid
        incompatible = {(e.table, e.column) for e in errors if e.kind == "incompatible_type"}
        for table_name, column_name in sorted(incompatible):
            t = new.table(table_name)
            c = t.column(column_name) if t else None
            if t is not None and c is not None and c.type == ColumnType("text") and not _bound(t, c.name):
                old_table, old_column = old_of[table_name, column_name]
                before = old.table(old_table)
                if before is not None and not _bound(before, old_column):
                    casts.append((table_name, column_name, f"CAST({old_column} AS TEXT)"))
                    incompatible.discard((table_name, column_name))

        def back(t: Table, c: Column, incompatible: set[Any] = incompatible) -> Column | None:
            if (t.name, c.name) not in incompatible:
                return None
            old_table, old_column = old_of[t.name, c.name]
            before = old.table(old_table)
            column = before.column(old_column) if before else None
            assert column is not None
            return replace(c, type=column.type, default=column.default)

        new = _map_columns(new, back)
        targets = {
            (t.name, fk.columns[0]): new.table(fk.ref_table).column(fk.ref_columns[0]).type  # type: ignore[union-attr]
            for t in new.tables
            for fk in t.foreign_keys
        }
        new = _map_columns(
            new,
            lambda t, c, targets=targets: (
                replace(c, type=targets[t.name, c.name])  # type: ignore[misc]
                if (t.name, c.name) in targets and targets[t.name, c.name] != c.type
                else None
            ),
        )
        if not incompatible:
            break
    return new, tuple(sorted(casts))


def _bound(t: Table, column: str) -> bool:
    """Whether a key, an index, a reference or a check of ``t`` names ``column``."""
    return column in _keyed(t) or column in _check_columns(t)


# Type families (as tests/strategies.py draws types): a retyped column mostly stays in one.
_FAMILIES = (
    ("smallint", "integer", "bigint", "numeric(8,2)", "numeric(12,2)", "numeric", "real", "double precision"),
    ("text", "varchar(20)", "varchar(40)", "char(4)"),
    ("date", "timestamp(3)", "timestamp", "timestamptz"),
    ("json", "jsonb"),
)


def _retype(
    draw: st.DrawFn,
    old: Schema,
    new: Schema,
    tables: Mapping[str, str],
    columns: Mapping[tuple[str, str], str],
) -> Schema:
    """More type changes than schema_pairs() draws: kept columns (renamed ones too) move
    within their family, widening or narrowing, or to text; columns in a foreign key keep
    their type."""
    referenced = {(t.name, column) for t in new.tables for fk in t.foreign_keys for column in fk.columns} | {
        (fk.ref_table, column) for t in new.tables for fk in t.foreign_keys for column in fk.ref_columns
    }
    kept = {(tables[t], n) for (t, _), n in columns.items()}
    chosen = {}
    for t in new.tables:
        for c in t.columns:
            if (t.name, c.name) not in kept or (t.name, c.name) in referenced:
                continue
            family = next((f for f in _FAMILIES if str(c.type) in f), None)
            if family is None or draw(st.integers(0, 2)):
                continue
            # text is in every family's reach: from another family it needs a --cast
            chosen[t.name, c.name] = parse_type(
                draw(st.sampled_from(tuple(dict.fromkeys((*family, "text")))))
            )

    def change(t: Table, c: Column) -> Column | None:
        new_type = chosen.get((t.name, c.name))
        if new_type is None:
            return None
        default = c.default
        if default is not None and "." in default and new_type.name in _INTEGER_RANGE:
            default = None  # 1.5 is no integer
        return replace(c, type=new_type, default=default)

    return _map_columns(new, change)


# --- the strategy ------------------------------------------------------------------------


def _check_columns(t: Table) -> set[str]:
    return {m.group(1) for k in t.checks if (m := re.fullmatch(r"(\w+) > 0", k.expression))}


def _unique_columns(t: Table) -> set[str]:
    found = {u.columns[0] for u in t.uniques if len(u.columns) == 1}
    found |= {i.columns[0] for i in t.indexes if i.unique and len(i.columns) == 1}
    if t.primary_key and len(t.primary_key.columns) == 1:
        found.add(t.primary_key.columns[0])
    return found


@dataclass
class _Column:
    """What the rows of one old column must respect."""

    domain: Domain
    unique: bool
    nullable: bool
    types: list[ColumnType]
    enums: list[set[str]] | None
    positive: bool
    parent: tuple[str, str] | None = None  # (old table, old column) it references


@dataclass
class _Plan:
    columns: dict[str, dict[str, _Column]] = field(default_factory=dict)  # old table → column → rules
    cap: dict[str, int] = field(default_factory=dict)  # old table → most rows
    needs: dict[str, set[str]] = field(default_factory=dict)  # old table → tables whose rows it needs


@st.composite
def cases(draw: st.DrawFn, dialect: str) -> Case:
    old, new = draw(schema_pairs())
    tables, columns = _renames(old, new)
    new = _retype(draw, old, new, tables, columns)
    old, new = _fit(old, new, dialect)
    new, casts = _take_back_incompatible_types(old, new, tables, columns, dialect)
    old, new = _fit(old, new, dialect)  # a type taken back may be json in a key again
    mode = draw(st.sampled_from(RENAME_MODES))
    old, new, hints = _rename_hints(old, new, mode, tables, columns)
    hints = replace(hints, casts=casts)
    cast_to_text = {(t, c) for t, c, _ in casts}
    converted = {(t, o) for (t, o), n in columns.items() if (tables[t], n) in cast_to_text}
    old_of = {n: o for o, n in tables.items()}

    # A new reference on a table with rows: a default is one value for every row, which
    # matches no parent row; required, it is filled with a parent row's key (below), unless
    # there is none to be had (a new table, a new column): then it becomes nullable.
    kept_new = {(tables[t], n): (t, o) for (t, o), n in columns.items()}

    def no_parent(t: Table, c: Column) -> Column | None:
        references = [fk for fk in t.foreign_keys if c.name in fk.columns]
        if t.name not in old_of or (t.name, c.name) in kept_new or not references:
            return None
        known = all((fk.ref_table, fk.ref_columns[0]) in kept_new for fk in references)
        return replace(c, default=None, nullable=c.nullable or not known)

    new = _map_columns(new, no_parent)
    result = diff_schemas(old, new, hints, dialect=dialect)
    assume(not result.errors)  # never seen: the pair was made to avoid them

    plan = _Plan()
    for t in old.tables:
        after = new.table(tables[t.name]) if t.name in tables else None
        # new column names → old ones; the columns the new version adds have no old name
        old_name_of = defaultdict(str, {n: o for (ot, o), n in columns.items() if ot == t.name})
        rules: dict[str, _Column] = {}
        cap = MAX_ROWS
        checked = _check_columns(t) | ({old_name_of[n] for n in _check_columns(after)} if after else set())
        unique_ones = _unique_columns(t) | (
            {old_name_of[n] for n in _unique_columns(after)} if after else set()
        )
        for c in t.columns:
            kept = columns.get((t.name, c.name)) if after is not None else None
            now = after.column(kept) if after is not None and kept else None
            types = [c.type] + ([now.type] if now and (t.name, c.name) not in converted else [])
            positive = c.name in checked
            enums = _enum_values(old, new, types)
            domain = _domain(types, enums, positive)
            if (t.name, c.name) in converted:  # compared as text, before and after
                domain = replace(domain, normal=_same)
            unique = c.name in unique_ones
            nullable = c.nullable and (now is None or now.nullable)
            rules[c.name] = _Column(domain, unique, nullable, types, enums, positive)
            if unique and domain.size is not None:
                cap = min(cap, domain.size)
            if domain.values is None and not nullable:
                cap = 0
        for fk in t.foreign_keys:
            rules[fk.columns[0]].parent = (fk.ref_table, fk.ref_columns[0])
        plan.columns[t.name] = rules
        plan.cap[t.name] = cap
    # A reference takes its values from the referenced key: the key's values must fit the
    # referencing column too (its new type, its checks).
    changed = True
    while changed:
        changed = False
        for rules in plan.columns.values():
            for rule in rules.values():
                if rule.parent is None:
                    continue
                referenced = plan.columns[rule.parent[0]][rule.parent[1]]
                if (rule.positive and not referenced.positive) or not set(rule.types) <= set(
                    referenced.types
                ):
                    referenced.positive = referenced.positive or rule.positive
                    referenced.types = sorted(set(referenced.types) | set(rule.types))
                    referenced.domain = _domain(referenced.types, referenced.enums, referenced.positive)
                    changed = True

    # New required columns filled by the backfill: one value for every existing row.
    fills: list[tuple[str, Column, Table]] = []
    for change in result.changes:
        if isinstance(change, AddColumn) and classify(change, dialect=dialect).backfill:
            target = new.table(change.table)
            assert target is not None
            fills.append((old_of[change.table], change.definition, target))
        default = change.definition.default if isinstance(change, AddColumn) else None
        if default not in (None, "GEN_RANDOM_UUID()") and change.table in old_of:
            target = new.table(change.table)  # one default for every row: one row, if unique
            assert target is not None and change.column is not None
            if change.column in _unique_columns(target):
                plan.cap[old_of[change.table]] = min(plan.cap[old_of[change.table]], 1)
    for old_table, column, target in fills:
        if column.name in _unique_columns(target):
            plan.cap[old_table] = min(plan.cap[old_table], 1)
        for fk in target.foreign_keys:  # filled with a parent row's key: there must be one
            if column.name not in fk.columns:
                continue
            if fk.ref_table != target.name:
                plan.needs.setdefault(old_table, set()).add(old_of[fk.ref_table])
            if column.name in _check_columns(target):  # and it must pass the check
                key = next(
                    o for (t, o), n in columns.items() if tables[t] == fk.ref_table and n == fk.ref_columns[0]
                )
                referenced = plan.columns[old_of[fk.ref_table]][key]
                referenced.positive = True
                referenced.domain = _domain(referenced.types, referenced.enums, True)

    rows = _draw_rows(draw, old, plan)

    backfills = []
    for old_table, column, target in fills:
        if not rows[old_table]:
            continue
        reference = next((fk for fk in target.foreign_keys if column.name in fk.columns), None)
        if reference is not None:  # the key of the parent's first row
            parent = old_of[reference.ref_table]
            key = next(o for (t, o), n in columns.items() if t == parent and n == reference.ref_columns[0])
            assert rows[parent], "the child has no rows then (see _draw_rows)"
            value = rows[parent][0][key]
            literal = plan.columns[parent][key].domain.literal(value)
            backfills.append((target.name, column.name, literal.sql(dialect)))
            continue
        positive = column.name in _check_columns(target)
        if positive or draw(st.booleans()):
            domain = _domain([column.type], _enum_values(old, new, [column.type]), positive)
            assume(domain.values is not None)
            assert domain.values is not None
            value = draw(domain.values)
            backfills.append((target.name, column.name, domain.literal(value).sql(dialect)))
    if backfills:
        hints = replace(hints, backfills=tuple(sorted(backfills)))

    domains = {(t, c): rule.domain for t, rules in plan.columns.items() for c, rule in rules.items()}
    kept_columns = {key: value for key, value in columns.items() if key[0] in tables}
    return Case(old, new, hints, rows, tables, kept_columns, domains)


def _enum_values(old: Schema, new: Schema, types: Sequence[ColumnType]) -> list[set[str]] | None:
    """The values of the enums ``types`` name, as each version declares them (None: no enum)."""
    found = [set(e.values) for t in types for v in (old, new) if (e := v.enum(t.name)) is not None]
    return found or None


def _draw_rows(draw: st.DrawFn, old: Schema, plan: _Plan) -> dict[str, tuple[dict[str, Any], ...]]:
    """Rows for every old table, parents (through required references) first."""
    rows: dict[str, tuple[dict[str, Any], ...]] = {}
    pending = sorted(plan.columns)
    while pending:
        ready = [
            name
            for name in pending
            if all(
                rule.parent[0] in rows or rule.parent[0] == name or rule.nullable
                for rule in plan.columns[name].values()
                if rule.parent is not None
            )
            and all(parent in rows for parent in plan.needs.get(name, ()))
        ]
        name = ready[0] if ready else pending[0]
        pending.remove(name)
        rules = plan.columns[name]
        cap = plan.cap[name] if ready else 0  # a cycle of required references: no rows
        if any(not rows.get(parent) for parent in plan.needs.get(name, ())):
            cap = 0
        for rule in rules.values():
            if rule.parent is None or rule.parent[0] == name:
                continue
            parent_rows = len(rows.get(rule.parent[0], ()))
            if not rule.nullable and parent_rows == 0:
                cap = 0
            if rule.unique:
                cap = min(cap, parent_rows + (1 if rule.nullable else 0))
        count = cap - draw(st.integers(0, cap))  # mostly the most rows that fit
        values: dict[str, list[Any]] = {}
        ordered = sorted(rules, key=lambda c: rules[c].parent is not None)  # referenced keys first
        for column in ordered:
            rule = rules[column]
            if rule.parent is not None:
                parent_table, parent_column = rule.parent
                if parent_table == name:
                    choices = list(values.get(parent_column, ()))
                else:
                    choices = [r[parent_column] for r in rows.get(parent_table, ())]
                values[column] = _references(draw, count, choices, rule)
                continue
            if rule.domain.values is None:
                values[column] = [None] * count
                continue
            element = st.one_of(st.none(), rule.domain.values) if rule.nullable else rule.domain.values
            if rule.unique:
                drawn = draw(
                    st.lists(
                        rule.domain.values,
                        min_size=count,
                        max_size=count,
                        unique_by=lambda v, n=rule.domain.normal: n(str(v)),
                    )
                )
                values[column] = [
                    None if rule.nullable and draw(st.integers(0, 4)) == 0 else v for v in drawn
                ]
            else:
                values[column] = draw(st.lists(element, min_size=count, max_size=count))
        rows[name] = tuple({c: values[c][i] for c in rules} for i in range(count))
    return rows


def _references(draw: st.DrawFn, count: int, choices: list[Any], rule: _Column) -> list[Any]:
    choices = [c for c in choices if c is not None]
    if rule.unique:
        picked = list(draw(st.permutations(choices)))[:count] if choices else []
        picked += [None] * (count - len(picked))
        return picked
    if not choices:
        return [None] * count
    element = st.sampled_from(choices)
    if rule.nullable:
        element = st.one_of(st.none(), element)
    return draw(st.lists(element, min_size=count, max_size=count))


# --- databases ----------------------------------------------------------------------------


def _insert(url: str, dialect: str, case: Case) -> None:
    statements = []
    for name in _insert_order(case):
        rows = case.rows[name]
        if not rows:
            continue
        t = case.old.table(name)
        assert t is not None
        names = [c.name for c in t.columns]
        tuples = [
            exp.tuple_(
                *(exp.null() if row[c] is None else case.domains[name, c].literal(row[c]) for c in names)
            )
            for row in rows
        ]
        insert = exp.insert(
            exp.values(tuples),
            exp.Table(this=exp.to_identifier(name, quoted=True)),
            columns=[exp.to_identifier(c, quoted=True) for c in names],
        )
        statements.append(insert.sql(dialect=dialect))
    execute(url, *statements, autocommit=True)


def _insert_order(case: Case) -> list[str]:
    """Parents first: references to rows inserted later are NULL (see _draw_rows)."""
    done: list[str] = []
    pending = sorted(case.rows)
    while pending:
        for name in pending:
            t = case.old.table(name)
            assert t is not None
            parents = {fk.ref_table for fk in t.foreign_keys if fk.ref_table != name}
            needed = {
                p
                for p in parents
                if any(
                    row[fk.columns[0]] is not None
                    for fk in t.foreign_keys
                    if fk.ref_table == p
                    for row in case.rows[name]
                )
            }
            if needed <= set(done):
                done.append(name)
                pending.remove(name)
                break
        else:
            raise AssertionError(f"cannot order {pending}")
    return done


def _values(
    url: str, table: str, columns: Sequence[str], normals: Sequence[Callable[[str], Any]]
) -> Counter[tuple[Any, ...]]:
    """The rows of ``table`` as comparable values, counted."""
    return Counter(
        tuple(None if v is None else n(v) for v, n in zip(row, normals, strict=True))
        for row in text_rows(url, table, columns)
    )


def _surviving(url: str, case: Case, *, after: bool) -> dict[str, Counter[tuple[Any, ...]]]:
    """Per kept table, its kept columns' values (read by old names, or new ones ``after``)."""
    found = {}
    for old_table, new_table in sorted(case.tables.items()):
        kept = sorted(c for (t, c) in case.columns if t == old_table)
        if not kept:
            continue
        names = [case.columns[old_table, c] for c in kept] if after else kept
        normals = [case.domains[old_table, c].normal for c in kept]
        found[old_table] = _values(url, new_table if after else old_table, names, normals)
    return found


def _everything(url: str, schema: Schema, case: Case) -> dict[str, Counter[tuple[Any, ...]]]:
    return {
        t.name: _values(
            url, t.name, [c.name for c in t.columns], [case.domains[t.name, c.name].normal for c in t.columns]
        )
        for t in schema.tables
    }


@pytest.fixture(scope="module")
def postgres_database(pg_server: Server) -> Iterator[str]:
    """One PostgreSQL database for every example; each starts with an empty public schema."""
    with fresh_database(pg_server) as url:
        yield url


def _reset_postgres(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(b"DROP SCHEMA public CASCADE")
        conn.execute(b"CREATE SCHEMA public")


# --- running a migration ----------------------------------------------------------------------


def _generate(case: Case, dialect: str, folder: Path) -> tuple[Migration, Contract]:
    migration = plan_migration(
        case.old, case.new, case.hints, dialect=dialect, migration_id=folder.name,
        options=Options(allow_destructive=True, allow_empty=True),
    )  # fmt: skip
    if migration.backfills:
        write_folder(folder, render_migration(migration))
        contract = read_contract(folder)
    else:  # nothing for backfill.py to do: skip rendering (and black-formatting) the Python files
        sql = render_sql(migration)
        contract = render_contract(migration)
        folder.mkdir()
        for name, text in (
            ("expand.sql", sql.expand),
            ("swap.sql", sql.swap),
            ("rollback.sql", sql.rollback),
            (MANIFEST, dumps(manifest_document(migration.id, dialect, sql.statements))),
        ):
            (folder / name).write_text(text, encoding="utf-8")
    return migration, contract


def _note(text: str) -> None:
    """Shown with a failing example (outside hypothesis, with a failing test's output)."""
    if currently_in_test_context():
        note(text)
    else:
        print(text)


def _event(text: str) -> None:
    if currently_in_test_context():
        event(text)


def _passed(result: StageResult) -> str:
    lines = [f"{result.stage} check failed"]
    if result.schema is not None and not result.schema.matches:
        lines += result.schema.differences
    lines += [f"{a.id} {a.description}: {a.count} {a.error or ''}" for a in result.failures]
    return "\n".join(lines)


def _script(url: str, folder: Path, *steps: str) -> None:
    run_statements(DatabaseUrl.parse(url), of_steps(read_manifest(folder), *steps), name=" and ".join(steps))


def _backfill(folder: Path, url: str) -> None:
    result = subprocess.run(
        [sys.executable, str(folder / "backfill.py"), "--db", url, "--batch-size", "3"],
        capture_output=True, text=True, check=False, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def _migrate(url: str, dialect: str, case: Case, folder: Path) -> None:
    _note(f"old: {case.old}\nnew: {case.new}\nhints: {case.hints}\nrows: {case.rows}")
    build_schema(url, case.old, dialect)
    _insert(url, dialect, case)
    before = _surviving(url, case, after=False)
    everything = _everything(url, case.old, case)
    try:
        migration, contract = _generate(case, dialect, folder)
    except ProblemFound as error:
        _note(f"refused: {error}")
        raise
    _note(f"changes: {[c.change for c in migration.changes]}")
    for what in sorted(
        {c.change.op for c in migration.changes} | {c.verdict.change_class for c in migration.changes}
    ):
        _event(what)  # --hypothesis-show-statistics shows how often each kind of change ran
    _event(f"{'some' if migration.backfills else 'no'} backfill")
    _event(f"{'some' if case.hints.casts else 'no'} --cast")
    _event(f"{'some' if any(case.rows.values()) else 'no'} rows")
    _event("reversible" if migration.reversible else "irreversible")
    _note("expand.sql:\n" + (folder / "expand.sql").read_text(encoding="utf-8"))
    _note("swap.sql:\n" + (folder / "swap.sql").read_text(encoding="utf-8"))

    pre = evaluate(contract, "pre", DatabaseUrl.parse(url))
    assert pre.passed, _passed(pre)
    counts = dict(pre.counts)
    _script(url, folder, "expand")
    if migration.backfills:
        _backfill(folder, url)
    swap = evaluate(contract, "swap", DatabaseUrl.parse(url), counts=counts)
    assert swap.passed, _passed(swap)
    _script(url, folder, "swap")
    post = evaluate(contract, "post", DatabaseUrl.parse(url), counts=counts)
    assert post.passed, _passed(post)

    assert_no_changes(url, case.new, dialect)
    assert _surviving(url, case, after=True) == before

    if migration.reversible:
        _note("rollback.sql:\n" + (folder / "rollback.sql").read_text(encoding="utf-8"))
        _script(url, folder, "undo-swap", "undo-expand")
        assert_no_changes(url, case.old, dialect)
        assert _everything(url, case.old, case) == everything


@PROPERTY
@given(case=cases("sqlite"))
def test_a_random_migration_keeps_every_value_on_sqlite(case: Case) -> None:
    with tempfile.TemporaryDirectory(prefix="wesley-proof-") as work:
        path = Path(work) / "app.db"
        path.touch()
        _migrate(f"sqlite:///{path}", "sqlite", case, Path(work) / "0001_proof")


@PROPERTY
@given(case=cases("postgres"))
def test_a_random_migration_keeps_every_value_on_postgres(case: Case, postgres_database: str) -> None:
    _reset_postgres(postgres_database)
    with tempfile.TemporaryDirectory(prefix="wesley-proof-") as work:
        _migrate(postgres_database, "postgres", case, Path(work) / "0001_proof")


# --- what the property found, kept as examples ----------------------------------------------


def _fixed(
    old: Schema, new: Schema, rows: Mapping[str, Sequence[dict[str, Any]]], hints: Hints | None = None
) -> Case:
    """A hand-made case: tables and columns match by name or by the ``--rename`` hints."""
    hints = hints or Hints()
    renamed = dict(hints.table_renames)
    tables = {
        t.name: renamed.get(t.name, t.name) for t in old.tables if new.table(renamed.get(t.name, t.name))
    }
    columns: dict[tuple[str, str], str] = {}
    domains: dict[tuple[str, str], Domain] = {}
    for t in old.tables:
        after = new.table(tables[t.name]) if t.name in tables else None
        moved = {r.old: r.new for r in hints.column_renames if r.table in (t.name, tables.get(t.name))}
        for c in t.columns:
            now = after.column(moved.get(c.name, c.name)) if after is not None else None
            if now is not None:
                columns[t.name, c.name] = now.name
            cast = now is not None and hints.cast_for(tables[t.name], now.name) is not None
            types = [c.type] + ([now.type] if now and not cast else [])
            domains[t.name, c.name] = _domain(types, _enum_values(old, new, types), False)
            if cast:  # compared as text
                domains[t.name, c.name] = replace(domains[t.name, c.name], normal=_same)
    all_rows = {t.name: tuple(rows.get(t.name, ())) for t in old.tables}
    return Case(old, new, hints, all_rows, tables, columns, domains)


def _run(case: Case, dialect: str, url: str, folder: Path) -> None:
    if dialect == "postgres":
        _reset_postgres(url)
    _migrate(url, dialect, case, folder)


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str], str]:
    def make(dialect: str) -> str:
        if dialect == "postgres":
            return str(request.getfixturevalue("postgres_database"))
        path = tmp_path / "app.db"
        path.touch()
        return f"sqlite:///{path}"

    return make


DIALECTS = ["sqlite", "postgres"]
_ROWS = [{"id": 1, "n": 3}, {"id": 2, "n": 7}, {"id": 3, "n": 12}]


def test_postgres_keeps_a_unique_constraint_that_repeats_the_primary_key(
    database: Callable[[str], str], tmp_path: Path
) -> None:
    """CREATE TABLE leaves such a constraint out without a word: it is added after the table."""
    new = schema(table("t", col("id"), pk=["id"], unique=[["id"]]))
    _run(_fixed(Schema(), new, {}), "postgres", database("postgres"), tmp_path / "0001_x")


def test_sqlite_refuses_a_unique_constraint_that_repeats_the_primary_key() -> None:
    new = schema(table("t", col("id"), pk=["id"], unique=[["id"]]))
    with pytest.raises(ProblemFound, match="t_id_key"):
        plan_migration(Schema(), new, Hints(), dialect="sqlite", migration_id="0001_x")


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("key_name", ["t_pkey", "r_pkey"], ids=["same key", "key renamed too"])
def test_a_new_table_can_reference_a_table_the_migration_renames(
    dialect: str, key_name: str, database: Callable[[str], str], tmp_path: Path
) -> None:
    """expand.sql runs before the rename: the reference names the table as it is then, or,
    when the swap re-creates the referenced key, the key is added in the swap after it."""
    old = schema(table("t", col("id"), col("n"), pk=["id"]))
    renamed = table("r", col("id"), col("n"), pk=["id"])
    renamed = replace(renamed, primary_key=PrimaryKey(key_name, ("id",)))
    new = schema(renamed, table("c", col("x"), fk=[("x", "r", "id")]))
    case = _fixed(old, new, {"t": _ROWS}, Hints(table_renames=(("t", "r"),)))
    _run(case, dialect, database(dialect), tmp_path / "0001_x")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_renaming_a_referenced_table_keeps_the_foreign_keys_on_it(
    dialect: str, database: Callable[[str], str], tmp_path: Path
) -> None:
    """Its key is renamed in place (``t_pkey`` → ``r_pkey``, its index kept): the foreign key
    of ``c`` follows the rename, neither dropped (rows unchecked until it is back) nor added
    back and validated by a scan of ``c`` (issue 14, point 1)."""
    referencing = table("c", col("x"), fk=[("x", "t", "id")])
    old = schema(replace(table("t", col("id"), col("n"), pk=["id"]), primary_key=PrimaryKey("t_pkey", ("id",))),
                 referencing)  # fmt: skip
    renamed = replace(table("r", col("id"), col("n"), pk=["id"]), primary_key=PrimaryKey("r_pkey", ("id",)))
    new = schema(
        renamed, replace(referencing, foreign_keys=(replace(referencing.foreign_keys[0], ref_table="r"),))
    )
    case = _fixed(old, new, {"t": _ROWS, "c": [{"x": 1}, {"x": 3}]}, Hints(table_renames=(("t", "r"),)))
    migration = plan_migration(old, new, case.hints, dialect=dialect, migration_id="0001_x")
    assert [c.change.op for c in migration.changes] == ["drop_primary_key", "rename_table", "add_primary_key"]
    _run(case, dialect, database(dialect), tmp_path / "0001_x")


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(("before", "after"), [("integer", "numeric(12,2)"), ("numeric(12,2)", "integer")])
def test_a_kept_check_survives_a_type_change_and_its_rollback(
    dialect: str, before: str, after: str, database: Callable[[str], str], tmp_path: Path
) -> None:
    """PostgreSQL re-reads a check against the new type (``(n)::numeric > 0::numeric``)."""
    old = schema(table("t", col("id"), col("n", before), pk=["id"], check=[("n", "n > 0")]))
    new = schema(table("t", col("id"), col("n", after), pk=["id"], check=[("n", "n > 0")]))
    _run(_fixed(old, new, {"t": _ROWS}), dialect, database(dialect), tmp_path / "0001_x")


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(("before", "after"), [("integer", "bigint"), ("json", "jsonb")])
def test_a_new_index_on_a_column_converted_through_a_shadow_column(
    dialect: str, before: str, after: str, database: Callable[[str], str], tmp_path: Path
) -> None:
    """Built in expand, the index would be on the old column, which the swap drops."""
    old = schema(table("t", col("id"), col("n", before), pk=["id"]))
    new = schema(table("t", col("id"), col("n", after), pk=["id"], index=[["n"]]))
    rows = _ROWS if before == "integer" else [{"id": r["id"], "n": f'{{"n": {r["n"]}}}'} for r in _ROWS]
    _run(_fixed(old, new, {"t": rows}), dialect, database(dialect), tmp_path / "0001_x")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_an_index_rebuilt_under_its_own_name(
    dialect: str, database: Callable[[str], str], tmp_path: Path
) -> None:
    """A unique index that stops being unique keeps its name: PostgreSQL cannot build the new
    one concurrently in expand, before the swap drops the old one, so the swap builds it."""
    old = schema(table("t", col("id"), col("n"), pk=["id"], unique_index=[["n"]]))
    new = schema(table("t", col("id"), col("n"), pk=["id"], index=[["n"]]))
    _run(_fixed(old, new, {"t": _ROWS}), dialect, database(dialect), tmp_path / "0001_x")


def test_rolling_back_an_added_and_a_dropped_enum_value_restores_the_type(
    database: Callable[[str], str], tmp_path: Path
) -> None:
    """The undo of the added value re-creates the type with the old values, not the new ones."""
    old = schema(table("t", col("id"), col("e", "e"), pk=["id"]), enums=[Enum("e", ("v0", "v1"))])
    new = schema(table("t", col("id"), col("e", "e"), pk=["id"]), enums=[Enum("e", ("w", "v0"))])
    rows = [{"id": 1, "e": "v0"}, {"id": 2, "e": "v0"}]
    _run(_fixed(old, new, {"t": rows}), "postgres", database("postgres"), tmp_path / "0001_x")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_new_required_uuid_column_gets_a_random_uuid_per_existing_row(
    dialect: str, database: Callable[[str], str], tmp_path: Path
) -> None:
    """SQLite spells gen_random_uuid() as UUID(), which it cannot run: a rebuild fills the rows
    with random bytes instead, a different value for each row (the column is unique)."""
    old = schema(table("t", col("id"), col("n"), pk=["id"]))
    new = schema(
        table("t", col("id"), col("n"), col("u", "uuid", nullable=False, default="GEN_RANDOM_UUID()"),
              pk=["id"], unique=[["u"]])
    )  # fmt: skip
    _run(_fixed(old, new, {"t": _ROWS}), dialect, database(dialect), tmp_path / "0001_x")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_new_nullable_column_with_a_default_that_is_no_constant(
    dialect: str, database: Callable[[str], str], tmp_path: Path
) -> None:
    """SQLite's ADD COLUMN refuses DEFAULT CURRENT_TIMESTAMP: the table is rebuilt instead."""
    old = schema(table("t", col("id"), col("n"), pk=["id"]))
    new = schema(
        table("t", col("id"), col("n"), col("at", "timestamptz", default="CURRENT_TIMESTAMP"), pk=["id"])
    )
    _run(_fixed(old, new, {"t": _ROWS}), dialect, database(dialect), tmp_path / "0001_x")


def test_rolling_back_dropped_enum_values_puts_the_first_one_first(
    database: Callable[[str], str], tmp_path: Path
) -> None:
    """The first value comes back before the first value the type has then, not the old second."""
    old = schema(table("t", col("id"), col("e", "e"), pk=["id"]), enums=[Enum("e", ("v0", "v1", "v2"))])
    new = schema(table("t", col("id"), col("e", "e"), pk=["id"]), enums=[Enum("e", ("v2",))])
    rows = [{"id": 1, "e": "v2"}, {"id": 2, "e": None}]
    _run(_fixed(old, new, {"t": rows}), "postgres", database("postgres"), tmp_path / "0001_x")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_cast_of_a_column_the_migration_renames(
    dialect: str, database: Callable[[str], str], tmp_path: Path
) -> None:
    """The --cast names the column as the backfill sees it (before the rename); the swap, which
    converts the rows written since, runs it after the rename."""
    old = schema(table("t", col("id"), col("n"), pk=["id"]))
    new = schema(table("t", col("id"), col("m", "text"), pk=["id"]))
    hints = Hints(column_renames=(ColumnRename("t", "n", "m"),), casts=(("t", "m", "CAST(n AS TEXT)"),))
    _run(_fixed(old, new, {"t": _ROWS}, hints), dialect, database(dialect), tmp_path / "0001_x")


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("dropped", ["column", "check"])
def test_a_drop_on_a_table_the_migration_renames(
    dialect: str, dropped: str, database: Callable[[str], str], tmp_path: Path
) -> None:
    """The drop names the table as it was; SQLite's rebuild for it runs after the rename."""
    old = schema(table("t", col("id"), col("n"), col("x"), pk=["id"], check=[("n", "n > 0")]))
    before = old.tables[0]  # renamed, its key and check keep their names: nothing else rebuilds it
    renamed = replace(before, name="r", checks=())
    if dropped == "column":
        renamed = replace(before, name="r", columns=before.columns[:2])
    new = schema(renamed)
    rows = [{**r, "x": r["n"]} for r in _ROWS]
    hints = Hints(table_renames=(("t", "r"),))
    _run(_fixed(old, new, {"t": rows}, hints), dialect, database(dialect), tmp_path / "0001_x")
