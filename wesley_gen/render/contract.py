"""A migration → ``contract.json``: what must hold before, during and after it runs.

Three stages, each a list of assertions whose SQL returns one integer, the number
of rows that violate it (0: it holds):

* **pre** (before anything changes): the live schema is the migration's FROM
  schema, and no existing row would break a narrowing change (a NULL where NOT NULL
  is coming, duplicates under a new unique key, orphans under a new foreign key, a
  value a smaller type cannot hold, a ``--cast`` that fails).
* **swap** (after ``expand.sql`` and ``backfill.py``, before ``swap.sql``): the
  backfill left nothing undone, and the same narrowing checks for changes that
  involve what the migration itself added or converted (a unique key on a new,
  backfilled column).  Renames have not run yet, so names are the old ones.
* **post** (after the swap): the live schema is the TO schema; and of each table whose
  data the migration can change (see :func:`_post_checked`): it has its columns with their
  types and nullability; required columns hold no NULL; keys are unique; foreign keys have
  no orphans; checks hold; it keeps its row count if it survives.

Every query is a sqlglot expression rendered for the migration's dialect, so
identifiers are always quoted by the renderer; expressions the schema holds as SQL
text (checks, index keys, ``--cast``) are parsed with sqlglot and their column
references re-quoted and renamed as the stage sees them.  Pure: nothing here
touches a database (see :mod:`wesley_gen.run.contract`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from wesley_gen import identifiers
from wesley_gen.changes import (
    AddCheck,
    AddColumn,
    AddEnum,
    AddForeignKey,
    AddIndex,
    AddPrimaryKey,
    AddType,
    AddUnique,
    AlterColumnType,
    AlterDomain,
    AlterRowSecurity,
    Change,
    CreateObject,
    DropEnumValue,
    DropGrant,
    SetNotNull,
)
from wesley_gen.documents.contract import ROWS_BEFORE, Assertion, Contract, RowCount, Stage
from wesley_gen.identifiers import rename_columns
from wesley_gen.model import (
    ALL_PRIVILEGES,
    COLUMN_PRIVILEGES,
    PUBLIC_ROLE,
    TABLE_PRIVILEGES,
    ColumnType,
    Index,
    Schema,
    Table,
    catalog_spellings,
    checksum_of,
    compact_json,
    table_identity,
    to_dict,
)
from wesley_gen.phases import NameMap
from wesley_gen.plan import RETIRED_SUFFIX, BackfillTask, Migration
from wesley_gen.render.builder import Sql
from wesley_gen.type_rules import NARROWING, type_rule

if TYPE_CHECKING:
    from sqlglot import exp

_STAGE_DESCRIPTIONS = {
    "pre": "before anything changes: the database is the FROM schema and no row breaks a narrowing change",
    "swap": "after expand.sql and backfill.py, before swap.sql changes the schema (on PostgreSQL, after the VACUUMs "
    "it begins with): the backfill is complete and no row "
    "breaks a narrowing change on what the migration added or converted (names before renames)",
    "post": "after swap.sql: the database is the TO schema and its data satisfies it",
}
_INTEGER_RANGE = {
    "smallint": (-32768, 32767),
    "integer": (-2147483648, 2147483647),
    "bigint": (-9223372036854775808, 9223372036854775807),
}
# SQLite: the storage classes a number column keeps, and the types a text value must read
# back unchanged as to be stored as a number (SQLite's column affinity converts it then).
_SQLITE_NUMBERS = {
    **dict.fromkeys(("smallint", "integer", "bigint", "boolean"), (("integer",), ("INTEGER",))),
    **dict.fromkeys(("real", "double precision", "numeric"), (("integer", "real"), ("INTEGER", "REAL"))),
}
# The row count of one duplicate group: a name no user column is likely to have.
_GROUP_ROWS = "wesley_group_rows"
_SHOWN_COLUMNS = 6  # columns a table assertion's description lists before "… and N more"


def render_contract(migration: Migration) -> Contract:
    """The ``wesley-gen/contract@1`` document (``docs/schema/contract.schema.json``)."""
    sql = Sql(migration.dialect)
    names = NameMap.of(migration)
    pre: list[_Check] = []
    swap: list[_Check] = []
    for task in migration.backfills:
        swap += _backfill_checks(task, migration, names, sql)
    made = _functions_made(migration)
    types = _types_made(migration)
    for index, planned in enumerate(migration.changes):
        if planned.verdict.change_class != NARROWING:
            continue
        for stage, check in _narrowing_checks(planned.change, index, migration, names, sql):
            # A check that calls a function, or names a type (a --cast to a new enum), that
            # expand.sql makes can only be counted after it.
            text = _text(check, sql) if made or types else ""
            early = stage == "pre" and not any(p and p.search(text) for p in (made, types))
            (pre if early else swap).append(_replace_change(check, planned.id))
    pre += _own_name_checks(migration, sql)
    after = _Version.of(migration.new)
    before = _Version.of(migration.old, after)
    return Contract(
        migration.dialect,
        migration.id,
        before.checksum,
        after.checksum,
        _stage("pre", before, pre, sql),
        _stage("swap", None, swap, sql),
        _stage("post", after, list(_post_checks(migration, names, sql)), sql),
    )


def _functions_made(migration: Migration) -> re.Pattern[str] | None:
    """A call of a function or procedure the migration makes, as a pattern over a check's SQL."""
    from wesley_gen.load.objects import early, own_name

    names = sorted(
        {
            own_name(c.change.definition).rsplit(".", 1)[-1]
            for c in migration.changes
            if isinstance(c.change, CreateObject)
            and c.change.kind != "extension"
            and early(c.change.definition)
        }
    )
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\s*\(", re.I) if names else None


def _types_made(migration: Migration) -> re.Pattern[str] | None:
    """A type (enum, domain, composite or range) the migration makes, by name, as a pattern over a
    check's SQL; a word of the same name elsewhere only counts the check after expand too."""
    names = sorted(
        {
            c.change.name.rsplit(".", 1)[-1]
            for c in migration.changes
            if isinstance(c.change, AddEnum | AddType)
        }
    )
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", re.I) if names else None


def _text(check: _Check, sql: Sql) -> str:
    return check.query if isinstance(check.query, str) else sql.render(check.query.copy())


@dataclass(frozen=True, slots=True)
class _Version:
    """A schema a stage compares the database with, its identity form and checksum made once."""

    schema: Schema
    identity: dict[str, Any]
    checksum: str
    table_texts: tuple[str, ...]  # each table's compact JSON, of which the checksum is made

    @staticmethod
    def of(schema: Schema, other: _Version | None = None) -> _Version:
        """``other``: the version a migration goes to, whose tables' identity forms (and their
        texts) this one takes where the tables are equal, so that contract.json writes such a
        table's text once (:func:`~wesley_gen.model.dumps` copies a dictionary it meets again)
        and the checksum encodes it once.  Equal tables have equal identity forms: the
        fields equality leaves out are annotations, which the identity form leaves out too."""
        theirs = {} if other is None else {t.name: n for n, t in enumerate(other.schema.tables)}
        tables: list[dict[str, Any]] = []
        texts: list[str] = []
        for table in schema.tables:
            n = theirs.get(table.name)
            if other is not None and n is not None and other.schema.tables[n] == table:
                tables.append(other.identity["tables"][n])
                texts.append(other.table_texts[n])
            else:
                tables.append(table_identity(table))
                texts.append(compact_json(tables[-1]))
        identity = to_dict(replace(schema, tables=()), annotations=False) | {"tables": tables}
        return _Version(schema, identity, checksum_of(identity, texts), tuple(texts))


@dataclass(frozen=True, slots=True)
class _Check:
    kind: str
    table: str
    column: str | None
    description: str
    query: exp.Expr | str  # text: rendered already (the table check, see _table_check)
    change: str | None = None
    rows_before: str | None = None  # row_count: the table whose pre-check count it compares with


def _replace_change(check: _Check, change_id: str) -> _Check:
    return _Check(check.kind, check.table, check.column, check.description, check.query, change_id)


def _stage(name: str, version: _Version | None, checks: list[_Check], sql: Sql) -> Stage:
    assertions: list[Assertion] = []
    seen: set[tuple[str, str]] = set()
    for check in checks:
        query = check.query if isinstance(check.query, str) else sql.render(check.query)
        if (check.kind, query) in seen:
            continue  # two changes asking the same (NOT NULL and a conversion of one column)
        seen.add((check.kind, query))
        assertions.append(
            Assertion(
                f"{name}-{len(assertions) + 1}",
                check.kind,
                check.change,
                check.table,
                check.column,
                check.description,
                query,
                {} if check.rows_before is None else {ROWS_BEFORE: check.rows_before},
            )
        )
    return Stage(
        _STAGE_DESCRIPTIONS[name],
        None if version is None else version.identity,
        None if version is None else version.checksum,
        ()
        if version is None
        else tuple(
            RowCount(t.name, _shaped(_count_shape, sql, (t.name,), ())) for t in version.schema.tables
        ),
        tuple(assertions),
    )


def _all_of(conditions: Iterable[exp.Expr]) -> exp.Expr:
    from sqlglot import exp

    return exp.and_(*conditions, copy=False)


def _any_of(conditions: Iterable[exp.Expr]) -> exp.Expr:
    from sqlglot import exp

    return exp.or_(*conditions, copy=False)


def _is_null(value: exp.Expr) -> exp.Expr:
    from sqlglot import exp

    return exp.Is(this=value, expression=exp.Null())


def _not_null(value: exp.Expr) -> exp.Expr:
    return _not(_is_null(value))


def _not(condition: exp.Expr) -> exp.Expr:
    from sqlglot import exp

    return exp.not_(condition, copy=False)


def _cast(value: exp.Expr, to: exp.DataType) -> exp.Expr:
    from sqlglot import exp

    return exp.cast(value, to, copy=False)


def _number(value: int | str) -> exp.Expr:
    from sqlglot import exp

    text = str(value)
    literal = exp.Literal.number(text.lstrip("-"))
    return exp.Neg(this=literal) if text.startswith("-") else literal


def _nulls(sql: Sql, table: str, column: str) -> exp.Select:
    return sql.count(table, _is_null(sql.column(column, table)))


def _duplicates(sql: Sql, table: str, keys: list[exp.Expr], where: exp.Expr | None = None) -> exp.Expr:
    """Rows in groups that share a non-NULL key (NULLs never collide in a unique key)."""
    from sqlglot import exp

    rows = sql.ident(_GROUP_ROWS)
    conditions = [_not_null(k.copy()) for k in keys] + ([where] if where is not None else [])
    groups = (
        exp.select(exp.alias_(exp.Count(this=exp.Star()), rows, copy=False), copy=False)
        .from_(sql.table(table), copy=False)
        .where(_all_of(conditions), copy=False)
        .group_by(*[k.copy() for k in keys], copy=False)
        .having(exp.GT(this=exp.Count(this=exp.Star()), expression=_number(1)), copy=False)
    )
    total = exp.Coalesce(this=exp.Sum(this=sql.column(_GROUP_ROWS, "duplicates")), expressions=[_number(0)])
    subquery = exp.alias_(exp.Subquery(this=groups), sql.ident("duplicates"), table=True, copy=False)
    return exp.select(total, copy=False).from_(subquery, copy=False)


def _primary_key(sql: Sql, table: str, columns: list[str], without_overlaps: bool = False) -> exp.Expr:
    """NULL keys plus rows in duplicate groups (or, WITHOUT OVERLAPS, overlapping rows)."""
    from sqlglot import exp

    nulls = sql.count(table, _any_of(_is_null(sql.column(c, table)) for c in columns))
    duplicates = (
        _overlapping(sql, table, columns)
        if without_overlaps
        else _duplicates(sql, table, [sql.column(c, table) for c in columns])
    )
    return exp.select(
        exp.Add(this=exp.Subquery(this=nulls), expression=exp.Subquery(this=duplicates)), copy=False
    )


def _overlapping(sql: Sql, table: str, columns: Sequence[str]) -> exp.Expr:
    """A key WITHOUT OVERLAPS (PostgreSQL 18): rows whose period (the last column) is empty,
    which the key refuses, or overlaps another row's with the other columns equal."""
    from sqlglot import exp

    *equal, period = columns
    match = _all_of(
        [
            *(exp.EQ(this=sql.column(c, "other"), expression=sql.column(c, "mine")) for c in equal),
            exp.ArrayOverlaps(this=sql.column(period, "other"), expression=sql.column(period, "mine")),
            exp.NEQ(this=sql.column("ctid", "other"), expression=sql.column("ctid", "mine")),
        ]
    )
    other = exp.select(_number(1), copy=False).from_(sql.table(table, "other"), copy=False).where(match)
    empty = exp.Anonymous(this="isempty", expressions=[sql.column(period, "mine")])
    return (
        exp.select(exp.Count(this=exp.Star()), copy=False)
        .from_(sql.table(table, "mine"), copy=False)
        .where(_any_of([empty, exp.Exists(this=other)]), copy=False)
    )


def _uncovered(
    sql: Sql, table: str, columns: Sequence[str], ref_table: str, ref_columns: Sequence[str]
) -> exp.Expr:
    """A foreign key with PERIOD (PostgreSQL 18): rows whose key is complete but whose period
    the referenced rows' periods (those equal on the other columns) do not cover together."""
    from sqlglot import exp

    *equal, period = columns
    *ref_equal, ref_period = ref_columns
    match = _all_of(
        exp.EQ(this=sql.column(r, "parent"), expression=sql.column(c, "child"))
        for c, r in zip(equal, ref_equal, strict=True)
    )
    periods = exp.select(
        exp.Anonymous(this="range_agg", expressions=[sql.column(ref_period, "parent")]), copy=False
    ).from_(sql.table(ref_table, "parent"), copy=False)
    covered = exp.ArrayContainsAll(
        this=exp.Subquery(this=periods.where(match, copy=False) if equal else periods),
        expression=sql.column(period, "child"),
    )
    orphan = _all_of(
        [
            *(_not_null(sql.column(c, "child")) for c in columns),
            _not(exp.Coalesce(this=covered, expressions=[exp.false()])),
        ]
    )
    return (
        exp.select(exp.Count(this=exp.Star()), copy=False)
        .from_(sql.table(table, "child"), copy=False)
        .where(orphan, copy=False)
    )


def _orphans(sql: Sql, table: str, columns: list[str], ref_table: str, ref_columns: list[str]) -> exp.Expr:
    """Rows whose key is complete (MATCH SIMPLE) but matches no referenced row."""
    from sqlglot import exp

    match = _all_of(
        exp.EQ(this=sql.column(r, "parent"), expression=sql.column(c, "child"))
        for c, r in zip(columns, ref_columns, strict=True)
    )
    referenced = (
        exp.select(_number(1), copy=False)
        .from_(sql.table(ref_table, "parent"), copy=False)
        .where(match, copy=False)
    )
    orphan = _all_of(
        [*(_not_null(sql.column(c, "child")) for c in columns), _not(exp.Exists(this=referenced))]
    )
    return (
        exp.select(exp.Count(this=exp.Star()), copy=False)
        .from_(sql.table(table, "child"), copy=False)
        .where(orphan, copy=False)
    )


def _index_keys(sql: Sql, index: Index, columns: Mapping[str, str], table: str) -> list[exp.Expr]:
    """An index's keys (their values, without the ordering) as expressions over the stage's names."""
    from sqlglot import exp

    return [
        sql.column(columns.get(key.column, key.column), table)
        if key.column is not None
        else exp.paren(rename_columns(key.tree(), columns, table_name=table), copy=False)
        for key in index.keys
    ]


def _referenced_columns(sql: Sql, text: str, candidates: Iterable[str], what: str) -> set[str]:
    from sqlglot import exp

    names = set(candidates)
    return {c.name for c in sql.parse(text, what).find_all(exp.Column) if not c.table and c.name in names}


# --- the pre-check and the swap check of narrowing changes ------------------------------------


def _narrowing_checks(
    change: Change, index: int, migration: Migration, names: NameMap, sql: Sql
) -> Iterator[tuple[str, _Check]]:
    """(stage, check) for one narrowing change: "pre" when it only involves what exists
    before the migration, "swap" when it involves a column the migration adds or converts."""
    table_name = change.table
    if table_name is None:
        if isinstance(change, DropEnumValue):
            yield from (("pre", c) for c in _enum_value_checks(change, migration.old, sql))
        elif isinstance(change, AlterDomain):
            yield from (("pre", c) for c in _domain_checks(change, migration.old, sql))
        return
    if table_name in names.added_tables:
        return  # created by this migration: still empty, nothing can violate it
    table = migration.new.table(table_name)
    if table is None:
        return
    if isinstance(change, DropGrant | AlterRowSecurity):
        yield from (("pre", c) for c in _access_checks(change, table))
        return
    involved, ref = _involved(change, table, sql)
    ref_new = ref is not None and (
        ref[0] in names.added_tables or any(names.is_new(ref[0], c) for c in ref[1])
    )
    stage = "swap" if ref_new or any(names.is_new(table_name, c) for c in involved) else "pre"
    columns = names.column_map(table, index, stage)
    here = names.old_table(table_name, index)
    check = _constraint_check(change, index, table, here, columns, stage, migration, names, sql)
    if check is not None:
        yield stage, check


def _involved(change: Change, table: Table, sql: Sql) -> tuple[set[str], tuple[str, tuple[str, ...]] | None]:
    """The columns of ``table`` whose final values a change reads, and the referenced table and
    columns of a foreign key.  A type change reads the values as they are, so it involves none."""
    names = table.column_names()
    match change:
        case SetNotNull():
            return {change.column}, None
        case AddPrimaryKey() | AddUnique():
            return set(change.definition.columns), None
        case AddCheck():
            return _referenced_columns(sql, change.definition.expression, names, table.name), None
        case AddIndex():
            index = change.definition
            read = {c for key in index.keys for c in key.columns()}
            if index.where:
                read |= _referenced_columns(sql, index.where, names, table.name)
            return read & set(names), None
        case AddForeignKey():
            fk = change.definition
            return set(fk.columns), (fk.ref_table, fk.ref_columns)
    return set(), None


def _constraint_check(
    change: Change,
    index: int,
    table: Table,
    here: str,
    columns: Mapping[str, str],
    stage: str,
    migration: Migration,
    names: NameMap,
    sql: Sql,
) -> _Check | None:
    """The check for one narrowing change, over ``here`` (the table's name at ``stage``)."""

    match change:
        case SetNotNull():
            column = columns[change.column]
            return _Check(
                "not_null", here, column,
                f"no NULL in {here}.{column} (it becomes NOT NULL)", _nulls(sql, here, column),
            )  # fmt: skip
        case AddPrimaryKey():
            keys = [columns[c] for c in change.definition.columns]
            return _Check(
                "primary_key",
                here,
                _single(keys),
                f"no NULL or duplicate ({', '.join(keys)}) in {here} for the new primary key "
                f"{change.definition.name}",
                _primary_key(sql, here, keys, change.definition.without_overlaps),
            )
        case AddUnique():
            keys = [columns[c] for c in change.definition.columns]
            return _Check(
                "unique", here, _single(keys),
                f"no duplicate ({', '.join(keys)}) in {here} for the new unique constraint {change.definition.name}",
                _overlapping(sql, here, keys)
                if change.definition.without_overlaps
                else _duplicates(sql, here, [sql.column(k, here) for k in keys]),
            )  # fmt: skip
        case AddIndex() if change.definition.unique:
            idx = change.definition
            what = f"index {idx.name}"
            key_values = _index_keys(sql, idx, columns, here)
            where = sql.expression(idx.where, columns, here, what) if idx.where else None
            shown = ", ".join(_key_text(k, sql) for k in key_values)
            return _Check(
                "unique", here, _single_column(key_values),
                f"no duplicate ({shown}) in {here} for the new unique index {idx.name}"
                + (f" where {idx.where}" if idx.where else ""),
                _duplicates(sql, here, key_values, where),
            )  # fmt: skip
        case AddCheck():
            check = change.definition
            condition = sql.expression(check.expression, columns, here, f"check {check.name}")
            return _Check(
                "check", here, None,
                f"every row of {here} satisfies the new check {check.name}: {check.expression}",
                sql.count(here, _not(condition)),
            )  # fmt: skip
        case AddForeignKey() if not change.with_table:
            fk = change.definition
            ref_table = migration.new.table(fk.ref_table)
            if ref_table is None:
                return None
            ref_here = fk.ref_table if stage == "post" else names.old_table(fk.ref_table, index)
            ref_columns = names.column_map(ref_table, index, stage)
            keys = [columns[c] for c in fk.columns]
            refs = [ref_columns[c] for c in fk.ref_columns]
            return _Check(
                "foreign_key", here, _single(keys),
                f"every ({', '.join(keys)}) of {here} has a matching ({', '.join(refs)}) in {ref_here} "
                f"for the new foreign key {fk.name}",
                (_uncovered if fk.period else _orphans)(sql, here, keys, ref_here, refs),
            )  # fmt: skip
        case AlterColumnType():
            definition = table.column(change.column)
            required = definition is not None and not definition.nullable
            return _type_check(change, here, columns, required, sql)
    return None


def _single(keys: list[str]) -> str | None:
    return keys[0] if len(keys) == 1 else None


def _single_column(keys: list[exp.Expr]) -> str | None:
    from sqlglot import exp

    if len(keys) == 1 and isinstance(keys[0], exp.Column):
        return keys[0].name
    return None


def _key_text(key: exp.Expr, sql: Sql) -> str:
    from sqlglot import exp

    return key.name if isinstance(key, exp.Column) else sql.render(key.unnest())


def _enum_value_checks(change: DropEnumValue, old: Schema, sql: Sql) -> Iterator[_Check]:
    """Rows of every column of the enum (an array: that contains it) holding the value that goes."""
    from sqlglot import exp

    for table in old.tables:
        for column in table.columns:
            if column.type.name != change.enum:
                continue
            value = exp.Literal.string(change.value)
            ref = sql.column(column.name, table.name)
            if column.type.array_dims:
                texts = _cast(ref, exp.DataType.build("text[]", dialect="postgres"))
                condition: exp.Expr = exp.EQ(this=value, expression=exp.Any(this=exp.paren(texts)))
            else:
                condition = exp.EQ(this=_cast(ref, exp.DataType.build("text")), expression=value)
            yield _Check(
                "enum_value", table.name, column.name,
                f"no {table.name}.{column.name} holds '{change.value}', which {change.enum} loses",
                sql.count(table.name, condition),
            )  # fmt: skip


def _domain_checks(change: AlterDomain, old: Schema, sql: Sql) -> Iterator[_Check]:
    """Rows of every column of the domain that its new NOT NULL or an added check refuses
    (``VALUE`` in a domain check is the column's value)."""
    domain = change.definition
    for table in old.tables:
        for column in table.columns:
            if column.type != ColumnType(domain.name):
                continue
            ref = sql.column(column.name, table.name)
            if change.before.nullable and not domain.nullable:
                yield _Check(
                    "not_null", table.name, column.name,
                    f"no {table.name}.{column.name} is NULL, which domain {domain.name} refuses from now on",
                    sql.count(table.name, _is_null(ref)),
                )  # fmt: skip
            for check in change.added_checks:
                what = f"check {check.name} of domain {domain.name}"
                holds = sql.expression(check.expression, {"value": column.name}, table.name, what)
                yield _Check(
                    "check", table.name, column.name,
                    f"every {table.name}.{column.name} passes {what}: {check.expression}",
                    sql.count(table.name, _not(holds)),
                )  # fmt: skip


# --- type changes ---------------------------------------------------------------------------

Violation = Callable[["Sql", "exp.Expr", ColumnType, ColumnType], "exp.Expr"]


@dataclass(frozen=True, slots=True)
class TypeFit:
    """Which values of a narrowing type change fail or change, on which dialects."""

    what: str  # completes "no <table.column> value ...", a str.format template over old and new
    violation: Violation
    dialects: frozenset[str]


def _out_of_range(sql: Sql, value: exp.Expr, old: ColumnType, new: ColumnType) -> exp.Expr:
    from sqlglot import exp

    low, high = _INTEGER_RANGE[new.name]
    return _any_of(
        [
            exp.LT(this=value.copy(), expression=_number(low)),
            exp.GT(this=value.copy(), expression=_number(high)),
        ]
    )


def _rounded_out_of_range(sql: Sql, value: exp.Expr, old: ColumnType, new: ColumnType) -> exp.Expr:
    from sqlglot import exp

    return _out_of_range(sql, exp.Round(this=value), old, new)


def _fraction_or_out_of_range(sql: Sql, value: exp.Expr, old: ColumnType, new: ColumnType) -> exp.Expr:
    from sqlglot import exp

    changes = exp.NEQ(this=value.copy(), expression=exp.Round(this=value.copy()))
    return _any_of([changes, _rounded_out_of_range(sql, value, old, new)])


def _digits(new: ColumnType) -> tuple[int, int]:
    """(integer digits, scale) of a numeric, or of an integer type written as numeric."""
    precision, scale = (*new.params, 0)[:2]
    return precision - scale, scale


def _too_many_digits(sql: Sql, value: exp.Expr, old: ColumnType, new: ColumnType) -> exp.Expr:
    from sqlglot import exp

    digits, scale = _digits(new)
    rounded = exp.Round(this=value.copy(), decimals=_number(scale))
    return exp.GTE(this=exp.Abs(this=rounded), expression=_number("1" + "0" * digits))


def _rounded_or_too_many_digits(sql: Sql, value: exp.Expr, old: ColumnType, new: ColumnType) -> exp.Expr:
    from sqlglot import exp

    scale = _digits(new)[1] if new.params else 0
    rounded = exp.NEQ(this=value.copy(), expression=exp.Round(this=value.copy(), decimals=_number(scale)))
    return _any_of([rounded, _too_many_digits(sql, value, old, new)]) if new.params else rounded


def _too_long(sql: Sql, value: exp.Expr, old: ColumnType, new: ColumnType) -> exp.Expr:
    from sqlglot import exp

    return exp.GT(this=exp.Length(this=value.copy()), expression=_number(_length(new)))


def _length(column_type: ColumnType) -> int:
    return column_type.params[0] if column_type.params else 1


def _changes_as(target: Callable[[ColumnType, ColumnType], ColumnType]) -> Violation:
    """Values that come back different after a round trip through the ``target`` type."""

    def violation(sql: Sql, value: exp.Expr, old: ColumnType, new: ColumnType) -> exp.Expr:
        from sqlglot import exp

        there = _cast(value.copy(), sql.type(target(old, new)))
        back = _cast(there, sql.type(old))
        return exp.NEQ(this=back, expression=value.copy())

    return violation


def _not_ff_fe(sql: Sql, value: exp.Expr, old: ColumnType, new: ColumnType) -> exp.Expr:
    """A macaddr8 with other bytes than FF:FE in the middle (``08:00:2b:ff:fe:01:02:03``):
    PostgreSQL's cast to macaddr refuses it."""
    from sqlglot import exp

    middle = exp.Substring(
        this=_cast(value.copy(), exp.DataType.build("text")), start=_number(10), length=_number(5)
    )
    return exp.NEQ(this=middle, expression=exp.Literal.string("ff:fe"))


def _host_bits(sql: Sql, value: exp.Expr, old: ColumnType, new: ColumnType) -> exp.Expr:
    """An inet with bits set right of its netmask: not its own network, which cidr refuses."""
    from sqlglot import exp

    return exp.NEQ(this=value.copy(), expression=exp.Anonymous(this="network", expressions=[value.copy()]))


_BOTH, _POSTGRES = frozenset({"postgres", "sqlite"}), frozenset({"postgres"})

# One row per narrowing rule of type_rules.TYPE_RULES (tests keep the two tables in step);
# None: nothing can fail or change, so there is nothing to count.
TYPE_FITS: dict[str, TypeFit | None] = {
    "integer narrowing": TypeFit("is outside the range of {new}", _out_of_range, _BOTH),
    "integer to a narrow numeric": TypeFit(
        "has more integer digits than {new} allows", _too_many_digits, _BOTH
    ),
    "whole numeric to integer": TypeFit("is outside the range of {new}", _rounded_out_of_range, _BOTH),
    "fractional numeric to integer": TypeFit(
        "has a fraction or is outside the range of {new}", _fraction_or_out_of_range, _BOTH
    ),
    "numeric integer digits down": TypeFit(
        "has more integer digits than {new} allows", _too_many_digits, _BOTH
    ),
    "numeric scale down": TypeFit(
        "has more decimals or integer digits than {new} keeps", _rounded_or_too_many_digits, _BOTH
    ),
    "double precision to real": TypeFit(
        "changes when stored as real", _changes_as(lambda o, n: ColumnType("real")), _POSTGRES
    ),
    "float to integer": TypeFit(
        "has a fraction or is outside the range of {new}", _fraction_or_out_of_range, _BOTH
    ),
    "character length down": TypeFit("is longer than {new} allows", _too_long, _BOTH),
    "bit string length down": TypeFit("is longer than {new} allows", _too_long, _POSTGRES),
    "fractional seconds down": TypeFit(
        "has more fractional-second digits than {new} keeps", _changes_as(lambda o, n: n), _POSTGRES
    ),
    "timestamptz to timestamp": None,  # nothing fails: readers see local times
    "timetz to time": None,  # nothing fails: the offsets are dropped (the plan says irreversible)
    "time zone change with fewer fractional seconds": TypeFit(
        "has more fractional-second digits than {new} keeps",
        _changes_as(lambda o, n: ColumnType(o.name, n.params)),
        _POSTGRES,
    ),
    "macaddr8 to macaddr": TypeFit("has other bytes than FF:FE in its middle", _not_ff_fe, _POSTGRES),
    "inet to cidr": TypeFit("has bits set right of its netmask", _host_bits, _POSTGRES),
    "timestamp to date": TypeFit(
        "has a time of day, which {new} drops", _changes_as(lambda o, n: n), _POSTGRES
    ),
}


def _type_check(
    change: AlterColumnType, here: str, columns: Mapping[str, str], required: bool, sql: Sql
) -> _Check | None:
    column = columns[change.column]
    if change.cast is not None:
        return _cast_check(change, here, column, columns, required, sql)
    old, new = change.old_type, change.new_type
    rule = type_rule(old, new, sql.dialect)
    fit = TYPE_FITS.get(rule.name) if rule is not None else None
    if fit is None or sql.dialect not in fit.dialects or old.array_dims:
        return None
    value = sql.column(column, here)
    return _Check(
        "type_fit", here, column,
        f"no {here}.{column} value {fit.what.format(old=old, new=new)} ({old} → {new})",
        sql.count(here, fit.violation(sql, value, old, new)),
    )  # fmt: skip


def _cast_check(
    change: AlterColumnType, here: str, column: str, columns: Mapping[str, str], required: bool, sql: Sql
) -> _Check:
    """The --cast runs over every row, and a database error fails the check.  It counts the
    rows whose result the new type cannot hold, or that it leaves NULL in a required column.

    PostgreSQL converts the result to the new type as the swap will (an explicit cast to
    varchar(n) truncates silently, so lengths are counted).  SQLite converts nothing and
    raises no error; there the result must have a storage class the new type keeps.
    """
    from sqlglot import exp

    assert change.cast is not None
    converted = sql.expression(change.cast, columns, here, f"--cast {change.table}.{change.column}")
    new = change.new_type
    violations: list[exp.Expr] = []
    typed: exp.Expr = converted
    if sql.dialect == "postgres":
        typed = _cast(converted.copy(), sql.type(new))
        # Never true (a cast of a value is a value), but it makes the database convert every row.
        violations.append(_all_of([_is_null(typed.copy()), _not_null(converted.copy())]))
        if new.name in {"varchar", "char", "varbit"} and new.params and not new.array_dims:
            text = _cast(converted.copy(), exp.DataType.build("text"))
            violations.append(exp.GT(this=exp.Length(this=text), expression=_number(new.params[0])))
    elif new.name in _SQLITE_NUMBERS:
        violations.append(_not(_sqlite_number(converted, new.name)))
    else:
        violations.append(_all_of([_is_null(converted.copy()), _not_null(converted.copy())]))
    if required:
        violations.append(_is_null(typed.copy()))
    lost = " or a NULL result" if required else ""
    return _Check(
        "cast", here, column,
        f"--cast {change.cast} converts every {here}.{column} value to {new} "
        f"(a conversion error{lost} fails this check)",
        sql.count(here, _any_of(violations)),
    )  # fmt: skip


def _sqlite_number(value: exp.Expr, type_name: str) -> exp.Expr:
    """True when SQLite stores ``value`` as a number in a column of the type: it is one
    already (or NULL), or its text reads back unchanged through one of the number types."""
    from sqlglot import exp

    classes, types = _SQLITE_NUMBERS[type_name]
    text = exp.DataType.build("text", dialect="sqlite")
    typeof = exp.Anonymous(this="TYPEOF", expressions=[value.copy()])
    keeps: list[exp.Expr] = [typeof.isin(*(exp.Literal.string(c) for c in (*classes, "null")), copy=False)]
    for name in types:
        number = _cast(value.copy(), exp.DataType.build(name, dialect="sqlite"))
        keeps.append(exp.EQ(this=_cast(number, text), expression=_cast(value.copy(), text)))
    return exp.paren(_any_of(keeps), copy=False)


# --- wesley-gen's own objects ---------------------------------------------------------------------


def _own_name_checks(migration: Migration, sql: Sql) -> Iterator[_Check]:
    """Before expand: nothing has the name of a shadow column or retired enum type yet.

    The schemas were checked when the migration was generated; this checks the live
    database, so that a failed run's clean-up, which drops these objects by name, can
    only ever drop what this migration made.
    """
    from sqlglot import exp

    for task in migration.backfills:
        if task.source is None:
            continue
        if migration.dialect == "postgres":
            regclass = exp.Anonymous(
                this="to_regclass", expressions=[exp.Literal.string(identifiers.qualified(task.table))]
            )
            found = (
                exp.select(exp.Count(this=exp.Star()), copy=False)
                .from_("pg_attribute", copy=False)
                .where(
                    _all_of([
                        exp.EQ(this=exp.column("attrelid"), expression=regclass),
                        exp.EQ(this=exp.column("attname"), expression=exp.Literal.string(task.column)),
                        _not(exp.column("attisdropped")),
                    ]),
                    copy=False,
                )
            )  # fmt: skip
        else:  # SQLite compares column names without regard to case
            columns = exp.Table(
                this=exp.Anonymous(this="pragma_table_info", expressions=[exp.Literal.string(task.table)])
            )
            same = exp.EQ(
                this=exp.Lower(this=exp.column("name")),
                expression=exp.Lower(this=exp.Literal.string(task.column)),
            )
            found = exp.select(exp.Count(this=exp.Star()), copy=False).from_(columns, copy=False).where(same)
        yield _Check(
            "own_name", task.table, task.column,
            f"no column {task.table}.{task.column} exists yet: the migration adds it as the shadow of {task.source}",
            found, task.change_id,
        )  # fmt: skip
    for planned in migration.changes:
        if isinstance(planned.change, DropEnumValue):
            retired = migration.own_name(planned.change.enum, RETIRED_SUFFIX)
            regtype = exp.Anonymous(
                this="to_regtype", expressions=[exp.Literal.string(identifiers.qualified(retired))]
            )
            yield _Check(
                "own_name", retired, None,
                f"no type {retired} exists yet: the migration renames {planned.change.enum} to it while it "
                "makes the type anew",
                exp.select(exp.Count(this=regtype), copy=False), planned.id,
            )  # fmt: skip


# --- the swap check of the backfill ------------------------------------------------------------


def _backfill_checks(task: BackfillTask, migration: Migration, names: NameMap, sql: Sql) -> Iterator[_Check]:
    """Between the backfill and the swap: nothing left to fill or convert."""
    from sqlglot import exp

    index = next(i for i, c in enumerate(migration.changes) if c.id == task.change_id)
    change = migration.changes[index].change
    target = migration.new.table(task.target_table)
    column = target.column(task.target_column) if target is not None else None
    if isinstance(change, AddColumn):
        if change.definition.nullable:  # numbered by a sequence, and NULL allowed: a write may leave it so
            return
        here = task.table
        yield _Check(
            "not_null", here, task.column,
            f"no NULL left in {here}.{task.column} after the backfill (it becomes NOT NULL)",
            _nulls(sql, here, task.column), task.change_id,
        )  # fmt: skip
        return
    if not isinstance(change, AlterColumnType) or target is None:
        return
    here = names.old_table(change.table, index)
    source_columns = names.column_map(target, index, "pre")
    source = source_columns.get(change.column, change.column)
    value = exp.paren(rename_columns(task.value, source_columns, table_name=here), copy=False)
    waiting = _all_of([_is_null(sql.column(task.column, here)), _not_null(value)])
    yield _Check(
        "backfill_complete", here, task.column,
        f"the backfill converted every {here}.{source} value into {task.column}",
        sql.count(here, waiting), task.change_id,
    )  # fmt: skip
    if column is not None and not column.nullable:
        yield _Check(
            "not_null", here, task.column,
            f"no NULL in {here}.{task.column}, which becomes the required column {task.target_column}",
            _nulls(sql, here, task.column), task.change_id,
        )  # fmt: skip


# --- the post-check ----------------------------------------------------------------------------


def _post_checks(migration: Migration, names: NameMap, sql: Sql) -> Iterator[_Check]:

    new_name = {old: names.table_after.get(old, old) for old in migration.old.tables_by_name()}
    kept = {new: old for old, new in new_name.items() if migration.new.table(new) is not None}
    checked = _post_checked(migration)
    for table in migration.new.tables:
        if checked is not None and table.name not in checked:
            continue
        shape = _table_check(table, sql)
        if shape is not None:
            yield shape
        columns = {c.name: c.name for c in table.columns}
        # Required columns the migration adds, converts or makes NOT NULL: the table check reads
        # every other one's NOT NULL from the catalog, and the database enforces it.  The
        # primary key's own check counts NULL keys.
        key = set(table.primary_key.columns) if table.primary_key is not None else set()
        for column in table.columns:
            if (
                not column.nullable
                and column.name not in key
                and (table.name, column.name) in names.rewritten
            ):
                yield _Check(
                    "not_null", table.name, column.name,
                    f"no NULL in the required column {table.name}.{column.name}",
                    _nulls(sql, table.name, column.name),
                )  # fmt: skip
        if table.primary_key is not None:
            keys = list(table.primary_key.columns)
            yield _Check(
                "primary_key", table.name, _single(keys),
                f"primary key {table.primary_key.name} ({', '.join(keys)}) of {table.name} is unique and not NULL",
                _primary_key(sql, table.name, keys, without_overlaps=True)
                if table.primary_key.without_overlaps
                else _shaped(_primary_key_shape, sql, (table.name,), keys),
            )  # fmt: skip
        for unique in table.uniques:
            keys = list(unique.columns)
            yield _Check(
                "unique", table.name, _single(keys),
                f"unique constraint {unique.name} ({', '.join(keys)}) of {table.name} holds",
                _overlapping(sql, table.name, keys)
                if unique.without_overlaps
                else _duplicates(sql, table.name, [sql.column(k, table.name) for k in keys]),
            )  # fmt: skip
        for index in table.indexes:
            if not index.unique:
                continue
            what = f"index {index.name}"
            keys_ = _index_keys(sql, index, columns, table.name)
            where = sql.expression(index.where, columns, table.name, what) if index.where else None
            yield _Check(
                "unique", table.name, _single_column(keys_),
                f"unique index {index.name} ({', '.join(index.columns)}) of {table.name} holds"
                + (f" where {index.where}" if index.where else ""),
                _duplicates(sql, table.name, keys_, where),
            )  # fmt: skip
        for check in table.checks:
            condition = sql.expression(check.expression, columns, table.name, f"check {check.name}")
            yield _Check(
                "check", table.name, None,
                f"every row of {table.name} satisfies check {check.name}: {check.expression}",
                sql.count(table.name, _not(condition)),
            )  # fmt: skip
        for fk in table.foreign_keys:
            yield _Check(
                "foreign_key", table.name, _single(list(fk.columns)),
                f"every ({', '.join(fk.columns)}) of {table.name} has a matching ({', '.join(fk.ref_columns)}) "
                f"in {fk.ref_table} (foreign key {fk.name})",
                _uncovered(sql, table.name, fk.columns, fk.ref_table, fk.ref_columns)
                if fk.period
                else _shaped(_orphans_shape, sql, (table.name, fk.ref_table), (*fk.columns, *fk.ref_columns)),
            )  # fmt: skip
        if table.name in kept:
            yield _row_count_check(table.name, kept[table.name], sql)
    if migration.dialect == "postgres":
        secured = {c.table for c in (p.change for p in migration.changes) if c.op in _SECURITY_OPS}
        for table in migration.new.tables:
            if (
                table.name in secured
                or table.row_security
                or table.force_row_security
                or table.policies
                or table.grants
            ):
                yield from _security_checks(table)


# What a foreign key does to the referencing rows when the referenced ones are deleted or updated.
_ROWS_CHANGING_ACTIONS = frozenset({"cascade", "set null", "set default"})


def _post_checked(migration: Migration) -> frozenset[str] | None:
    """The tables (new names) whose data the post-check checks; None: every table.

    The post stage compares the whole live schema with the TO schema, so a table the migration
    leaves alone needs no check of its own but for its data, which only changes through a table
    that is changed: the tables a change names (and the backfill fills), the tables whose
    foreign keys reference one of those (a rebuilt or dropped table may leave orphans), and,
    through a foreign key that deletes or sets its rows, theirs in turn.  A change that names
    no table (a type, a function, a view) may change what any table's data means, so with one
    every table is checked.
    """
    if any(c.change.table is None for c in migration.changes):
        return None
    referencing: dict[str, list[tuple[str, bool]]] = {}
    for table in migration.new.tables:
        for fk in table.foreign_keys:
            changes_rows = not {fk.on_delete, fk.on_update}.isdisjoint(_ROWS_CHANGING_ACTIONS)
            referencing.setdefault(fk.ref_table, []).append((table.name, changes_rows))
    changed = migration.changed_tables()
    checked, reaching = set(changed), list(changed)
    while reaching:
        for child, changes_rows in referencing.get(reaching.pop(), ()):
            if child not in checked:
                checked.add(child)
                if changes_rows:
                    reaching.append(child)
    return frozenset(checked)


# --- row-level security, policies and grants (PostgreSQL) -------------------------------------

_SECURITY_OPS = frozenset(
    {"add_policy", "drop_policy", "alter_policy", "alter_row_security", "add_grant", "drop_grant"}
)
_POLICY_COMMANDS = {"all": "*", "select": "r", "insert": "a", "update": "w", "delete": "d"}
# The security checks: PostgreSQL text with marker literals that :func:`_filled` replaces by
# rendered literals, as the table check is filled.
_ROW_SECURITY_CHECK = """
    SELECT COUNT(*) FROM pg_catalog.pg_class WHERE oid = pg_catalog.to_regclass('wesley_gen_mark:t')
      AND (relrowsecurity, relforcerowsecurity) <> ('wesley_gen_mark:enabled', 'wesley_gen_mark:forced')
"""
_POLICY_CHECK = """
    SELECT 1 - COUNT(*) FROM pg_catalog.pg_policy AS p
    WHERE p.polrelid = pg_catalog.to_regclass('wesley_gen_mark:t') AND p.polname = 'wesley_gen_mark:name'
      AND p.polcmd = 'wesley_gen_mark:command' AND p.polpermissive = 'wesley_gen_mark:permissive'
      AND (p.polqual IS NOT NULL) = 'wesley_gen_mark:using' AND (p.polwithcheck IS NOT NULL) = 'wesley_gen_mark:check'
      AND ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(r)::text END
                FROM unnest(p.polroles) AS r ORDER BY 1) = CAST('wesley_gen_mark:roles' AS text[])
"""
# The privileges a role holds on the table (column '') and its columns, the owner's aside
# (implicit), against those expected; an expected one not required may be missing: the MAINTAIN
# of GRANT ALL, which PostgreSQL gives from 17 on only (a MAINTAIN granted alone is required).
_GRANT_CHECK = """
    WITH live AS (
        SELECT CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(a.grantee)::text END AS grantee,
               a.privilege_type AS privilege, '' AS col
        FROM pg_catalog.pg_class AS c, pg_catalog.aclexplode(c.relacl) AS a
        WHERE c.oid = pg_catalog.to_regclass('wesley_gen_mark:t') AND (a.grantee <> c.relowner OR a.grantor <> c.relowner)
        UNION ALL
        SELECT CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(a.grantee)::text END,
               a.privilege_type, t.attname::text
        FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_attribute AS t ON t.attrelid = c.oid,
             pg_catalog.aclexplode(t.attacl) AS a
        WHERE c.oid = pg_catalog.to_regclass('wesley_gen_mark:t') AND (a.grantee <> c.relowner OR a.grantor <> c.relowner) AND t.attnum > 0
    ), expected AS (
        SELECT * FROM unnest(CAST('wesley_gen_mark:grantees' AS text[]), CAST('wesley_gen_mark:privileges' AS text[]),
                             CAST('wesley_gen_mark:columns' AS text[]), CAST('wesley_gen_mark:required' AS boolean[]))
                      AS x (grantee, privilege, col, required)
    )
    SELECT (SELECT COUNT(*) FROM expected AS e WHERE e.required AND NOT EXISTS (
                SELECT 1 FROM live AS l WHERE (l.grantee, l.privilege, l.col) = (e.grantee, e.privilege, e.col)))
         + (SELECT COUNT(*) FROM live AS l WHERE NOT EXISTS (
                SELECT 1 FROM expected AS e WHERE (l.grantee, l.privilege, l.col) = (e.grantee, e.privilege, e.col)))
"""
_SECURITY_MARK = re.compile(r"'wesley_gen_mark:(\w+)'")


# The sessions connected now (other than this one) as roles a security change takes access from;
# a superuser's lose nothing (pg_has_role counts it a member of every role).
_SESSIONS = """
    SELECT COUNT(*) FROM pg_catalog.pg_stat_activity AS a
    JOIN pg_catalog.pg_roles AS r ON r.oid = a.usesysid, pg_catalog.pg_class AS c
    WHERE c.oid = pg_catalog.to_regclass('wesley_gen_mark:t') AND a.pid <> pg_catalog.pg_backend_pid()
      AND a.backend_type = 'client backend' AND NOT r.rolsuper AND ({who})
"""
# Who: a member of the role; anyone (PUBLIC) but the owner; or, row-level security switched on
# (forced), a role it will apply to that reads the table: not a superuser or BYPASSRLS, not the
# owner (the owner only).
_LOSING = {
    "role": "pg_catalog.pg_has_role(a.usesysid, 'wesley_gen_mark:role', 'MEMBER')",
    "public": "a.usesysid <> c.relowner",
    "enabled": "a.usesysid <> c.relowner AND NOT r.rolbypassrls"
    " AND pg_catalog.has_table_privilege(a.usesysid, c.oid, 'SELECT')",
    "forced": "a.usesysid = c.relowner AND NOT r.rolbypassrls",
}


def _access_checks(change: DropGrant | AlterRowSecurity, table: Table) -> Iterator[_Check]:
    """Tightening access (a grant revoked, row-level security enabled or forced) breaks the
    sessions using it: their next query fails or sees fewer rows.  The pre-check counts the
    sessions connected as the roles that lose access, so that a migration does not pull access
    from under a running application unseen (a grant that only loses its grant option aside)."""
    name = identifiers.qualified(change.table)
    proceed = "end those sessions (or stop what runs them) and migrate again"
    if isinstance(change, DropGrant):
        grant = change.definition
        kept = any(
            (g.grantee, g.column) == (grant.grantee, grant.column)
            and g.privilege in (grant.privilege, ALL_PRIVILEGES)
            for g in table.grants
        )
        if kept:
            return
        target = f"{change.table}.{grant.column}" if grant.column else change.table
        public = grant.grantee == PUBLIC_ROLE
        who = "any role but its owner" if public else f"{grant.grantee} (or a member)"
        yield _Check(
            "access_in_use", change.table, grant.column,
            f"no session is connected as {who}, which loses {grant.privilege} on {target}: its next query using it "
            f"fails; {proceed}",
            _filled(_SESSIONS.format(who=_LOSING["public" if public else "role"]), t=name, role=grant.grantee),
        )  # fmt: skip
        return
    (was_on, was_forced), (enabled, forced) = change.old, change.new
    for switched, key, who in ((enabled and not was_on, "enabled", "a role it applies to that reads it"),
                               (forced and not was_forced, "forced", "its owner")):  # fmt: skip
        if switched:
            yield _Check(
                "access_in_use", change.table, None,
                f"no session is connected as {who}, while row-level security of {change.table} is {key}: its "
                f"queries see only the rows a policy lets through; {proceed}",
                _filled(_SESSIONS.format(who=_LOSING[key]), t=name),
            )  # fmt: skip


def _array_text(values: list[str]) -> str:
    """A PostgreSQL array literal's text (``{"a","b"}``), each element quoted."""
    return "{" + ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "}"


def _filled(template: str, **values: str | bool) -> str:
    """``template`` with each marker replaced by its value as a literal (a string or a boolean)."""

    def literal(value: str | bool) -> str:
        if isinstance(value, bool):
            return _sql_of("true" if value else "false", "postgres")
        return _literal(value, "postgres")

    return " ".join(_SECURITY_MARK.sub(lambda m: literal(values[m.group(1)]), template).split())


def _security_checks(table: Table) -> Iterator[_Check]:
    """The table's row-level security switches, each policy (command, kind, roles, which clauses it
    has: the stage's schema check compares its expressions) and its grants, as declared."""
    name = identifiers.qualified(table.name)
    switches = (table.row_security, table.force_row_security)
    yield _Check(
        "row_security", table.name, None,
        f"row-level security of {table.name} is {'enabled' if switches[0] else 'disabled'} and "
        f"{'forced' if switches[1] else 'not forced'}",
        _filled(_ROW_SECURITY_CHECK, t=name, enabled=switches[0], forced=switches[1]),
    )  # fmt: skip
    for policy in table.policies:
        clauses = (("USING", policy.using), ("WITH CHECK", policy.check))
        shown = "".join(f" {word} ({text})" for word, text in clauses if text)
        yield _Check(
            "policy", table.name, None,
            f"policy {policy.name} on {table.name}: {'permissive' if policy.permissive else 'restrictive'} "
            f"FOR {policy.command} TO {policy.to}{shown}",
            _filled(
                _POLICY_CHECK, t=name, name=policy.name, command=_POLICY_COMMANDS[policy.command],
                permissive=policy.permissive, using=policy.using is not None, check=policy.check is not None,
                roles=_array_text(list(policy.roles)),
            ),
        )  # fmt: skip
    expected = sorted(
        {
            (g.grantee, p, g.column or "", p != "MAINTAIN" or g.privilege != ALL_PRIVILEGES)
            for g in table.grants
            for p in ((COLUMN_PRIVILEGES if g.column else TABLE_PRIVILEGES) if g.privilege == ALL_PRIVILEGES else (g.privilege,))
        }
    )  # fmt: skip
    yield _Check(
        "grant", table.name, None,
        f"{table.name} grants exactly: {', '.join(g.name for g in table.grants) or 'nothing'} (its owner aside)",
        _filled(
            _GRANT_CHECK, t=name, grantees=_array_text([e[0] for e in expected]),
            privileges=_array_text([e[1] for e in expected]), columns=_array_text([e[2] for e in expected]),
            required=_array_text(["true" if e[3] else "false" for e in expected]),
        ),
    )  # fmt: skip


def _row_count_check(table: str, before: str, sql: Sql) -> _Check:
    was = f" (as {before})" if before != table else ""
    return _Check(
        "row_count", table, None,
        f"{table} has as many rows as at the pre-check{was}",
        _shaped(_row_count_shape, sql, (table,), ()), rows_before=before,
    )  # fmt: skip


def _row_count_shape(sql: Sql, tables: list[str], columns: list[str]) -> exp.Expr:
    from sqlglot import exp

    difference = exp.Abs(
        this=exp.Sub(this=exp.Count(this=exp.Star()), expression=exp.Placeholder(this=ROWS_BEFORE))
    )
    return exp.select(difference, copy=False).from_(sql.table(tables[0]), copy=False)


# --- checks of one shape for every table: rendered once, names filled in ------------------------

# A shape's stand-in names, quoted as the renderer quotes every name: "wesley_gen_shape_<n>".
_SHAPE = "wesley_gen_shape"
_SHAPE_MARKS = re.compile(rf'"{_SHAPE}_(\d+)"')
_Shape = Callable[[Sql, list[str], list[str]], "exp.Expr"]


def _shaped(build: _Shape, sql: Sql, tables: Iterable[str], columns: Iterable[str]) -> str:
    """The text of ``build(sql, tables, columns)``, rendered once for each number of tables and
    columns with stand-in names, which are then replaced by the names quoted.

    Exact, since a quoted name renders the same wherever it stands (a table's schema and name
    are its own quoted parts, as a column's qualifier too); building and rendering a tree for
    each of a 1000-table schema's keys, foreign keys and row counts cost most of its contract."""
    tables, columns = tuple(tables), tuple(columns)
    text = _shape_text(build, sql.dialect, len(tables), len(columns))
    quoted = [
        *(identifiers.qualified(t, sql.dialect) for t in tables),
        *(identifiers.quoted(c, sql.dialect) for c in columns),
    ]
    return _SHAPE_MARKS.sub(lambda m: quoted[int(m.group(1))], text)


@lru_cache(maxsize=256)
def _shape_text(build: _Shape, dialect: str, tables: int, columns: int) -> str:
    marks = [f"{_SHAPE}_{n}" for n in range(tables + columns)]
    sql = Sql(dialect)
    return sql.render(build(sql, marks[:tables], marks[tables:]))


def _primary_key_shape(sql: Sql, tables: list[str], columns: list[str]) -> exp.Expr:
    return _primary_key(sql, tables[0], columns)


def _orphans_shape(sql: Sql, tables: list[str], columns: list[str]) -> exp.Expr:
    """A foreign key's orphans: its columns, then as many referenced columns."""
    half = len(columns) // 2
    return _orphans(sql, tables[0], columns[:half], tables[1], columns[half:])


def _count_shape(sql: Sql, tables: list[str], columns: list[str]) -> exp.Expr:
    return sql.count(tables[0])


# --- the table check: columns, types and nullability as the catalog states them -------------------

# How the table check reads the catalog: ``live`` lists the columns of table :t in schema :s as (name,
# type, not_null), with PostgreSQL's own spelling of types (format_type) or SQLite's declared
# type in lower case without spaces; ``expected`` (one placeholder row, replaced by one row
# per column) gives each column's name, the |-delimited spellings of its type, and whether
# it is NOT NULL.  The count is the expected columns without a live match plus the live
# columns that are not expected.  SQLite matches column names without regard to case (the
# model folds an unquoted ``lastIvl`` to ``lastivl``, SQLite keeps it as written).
_TABLE_CHECK = {
    "postgres": """
        WITH live AS (
            SELECT a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
                   a.attnotnull AS not_null
            FROM pg_catalog.pg_attribute AS a
            JOIN pg_catalog.pg_class AS c ON c.oid = a.attrelid
            JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
            WHERE n.nspname = :s AND c.relname = :t AND a.attnum > 0 AND NOT a.attisdropped
        ), expected (name, types, not_null) AS (VALUES (:n, :ty, :nn))
        SELECT (SELECT COUNT(*) FROM expected WHERE NOT EXISTS (
                    SELECT 1 FROM live WHERE live.name = expected.name
                    AND STRPOS(expected.types, '|' || live.type || '|') > 0
                    AND live.not_null = expected.not_null))
             + (SELECT COUNT(*) FROM live WHERE NOT EXISTS (
                    SELECT 1 FROM expected WHERE expected.name = live.name))
    """,
    "sqlite": """
        WITH live AS (
            SELECT name, LOWER(REPLACE(type, ' ', '')) AS type, ("notnull" OR pk > 0) AS not_null
            FROM pragma_table_xinfo(:t) WHERE hidden <> 1
        ), expected (name, types, not_null) AS (VALUES (:n, :ty, :nn))
        SELECT (SELECT COUNT(*) FROM expected WHERE NOT EXISTS (
                    SELECT 1 FROM live WHERE live.name = expected.name COLLATE NOCASE
                    AND INSTR(expected.types, '|' || live.type || '|') > 0
                    AND live.not_null = expected.not_null))
             + (SELECT COUNT(*) FROM live WHERE NOT EXISTS (
                    SELECT 1 FROM expected WHERE expected.name = live.name COLLATE NOCASE))
    """,
}


@lru_cache(maxsize=2)
def _table_template(dialect: str) -> exp.Expr:
    import sqlglot

    return sqlglot.parse_one(_TABLE_CHECK[dialect], read=dialect)


# Marks the places of the table check's text that :func:`_table_check` fills for each table.
_MARK = "wesley_gen_mark"
_MARKS = re.compile(rf"'{_MARK}:([ts])'|\('{_MARK}:rows'\)")


@lru_cache(maxsize=2)
def _table_text(dialect: str) -> str:
    """The table check rendered once for the dialect, with marker literals for the table's name,
    its schema and its expected rows (``VALUES ('…:rows')``).

    Filling the text is exact, since each part is rendered by the same renderer
    (:func:`_literal`); copying and rendering the template tree for each table cost most
    of a 1000-table contract's time.
    """
    from sqlglot import exp

    query = exp.replace_placeholders(
        _table_template(dialect).copy(),
        t=exp.Literal.string(f"{_MARK}:t"),
        s=exp.Literal.string(f"{_MARK}:s"),
        copy=False,
    )
    values = query.find(exp.Values)
    assert values is not None
    values.set("expressions", [exp.Tuple(expressions=[exp.Literal.string(f"{_MARK}:rows")])])
    return str(query.sql(dialect=dialect, copy=False))


@lru_cache(maxsize=4096)
def _literal(text: str, dialect: str) -> str:
    """:func:`~wesley_gen.identifiers.literal`, made once: column names and types repeat."""
    return identifiers.literal(text, dialect)


@lru_cache(maxsize=4)
def _sql_of(kind: str, dialect: str) -> str:
    """What a table check writes for a boolean or the current schema, as the renderer writes it."""
    from sqlglot import exp

    node = {"true": exp.Boolean(this=True), "false": exp.Boolean(this=False), "schema": exp.CurrentSchema()}
    return str(node[kind].sql(dialect=dialect))


@lru_cache(maxsize=1024)
def _spellings(column_type: ColumnType, declared: str | None, dialect: str) -> str:
    """Every catalog spelling of a column's type, ``|``-delimited (types repeat across tables)."""
    found = catalog_spellings(column_type, dialect) + ([declared.replace(" ", "")] if declared else [])
    return "|" + "|".join(found) + "|"


def _table_check(table: Table, sql: Sql) -> _Check | None:
    """One count for the whole table: expected columns missing or with another type or
    nullability, plus columns that should not be there (all of them, when the table is missing)."""
    if not table.columns:
        return None  # nothing to list; the schema check covers it
    dialect = sql.dialect
    # SQLite's catalog counts a key column NOT NULL (its declared nullability is the
    # schema check's business); a declared type is one of its column's spellings.
    key = set(table.primary_key.columns) if table.primary_key and dialect == "sqlite" else set()
    rows = ", ".join(
        f"({_literal(column.name, dialect)}, {_literal(_spellings(column.type, column.declared, dialect), dialect)},"
        f" {_sql_of('false' if column.nullable and column.name not in key else 'true', dialect)})"
        for column in table.columns
    )
    schema, name = identifiers.split_qualified(table.name)
    # A public table is looked up in the current schema, as its unqualified DDL created it.
    filled = {
        "t": _literal(name, dialect),
        "s": _sql_of("schema", dialect) if schema is None else _literal(schema, dialect),
    }
    query = _MARKS.sub(lambda m: filled[m.group(1)] if m.group(1) else rows, _table_text(dialect))
    shown = ", ".join(
        f"{c.name} {c.type}{'' if c.nullable else ' NOT NULL'}" for c in table.columns[:_SHOWN_COLUMNS]
    )
    if len(table.columns) > _SHOWN_COLUMNS:
        shown += f", … and {len(table.columns) - _SHOWN_COLUMNS} more"
    return _Check(
        "table", table.name, None,
        f"table {table.name} has exactly its {len(table.columns)} column(s), with their types and "
        f"nullability: {shown}",
        query,
    )  # fmt: skip
