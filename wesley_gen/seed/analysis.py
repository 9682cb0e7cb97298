"""One table's plan: its written columns and their kinds, the checks it understands, the
bounds they put on columns, its unique sets, and the constraints only the database can judge."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field

from wesley_gen.identifiers import column as identifier_column
from wesley_gen.model import Column, Domain, Schema, Table, valued_default
from wesley_gen.seed.checks import Predicate, compile_check, restrict
from wesley_gen.seed.kinds import Kind, Listed, Restriction, Unreadable, column_kind
from wesley_gen.seed.partitions import partition_condition


@dataclass(slots=True)
class _Check:
    name: str
    test: Predicate
    columns: frozenset[str]


@dataclass(slots=True)
class Analysis:
    """What a table's definition says about its values, before any value is drawn."""

    columns: list[Column]  # written, in table order
    kinds: dict[str, Kind]
    checks: list[_Check]
    restrictions: dict[str, Restriction]
    unique_sets: list[tuple[str, tuple[str, ...]]]
    plain: set[str]  # columns an unread check or expression index mentions
    unreadable: list[str]  # constraints the database alone can judge
    notes: list[str] = field(default_factory=list)


def analyze(table: Table, schema: Schema) -> Analysis:
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    columns: list[Column] = []
    kinds: dict[str, Kind] = {}
    notes: list[str] = []
    for column in table.columns:
        if column.generated is not None:
            continue
        kind = column_kind(column.type, schema, table.name, column.name)
        if kind is None:
            if column.nullable or valued_default(column) is not None:
                notes.append(
                    f"{table.name}.{column.name}: type {column.type} is not generated (left to its default)"
                )
                continue
            kind = Listed([], lambda k: str(k + 1), plain_unique=True)
        columns.append(column)
        kinds[column.name] = kind
    context = {c.name: (i, kinds[c.name]) for i, c in enumerate(columns)}
    restrictions = {c.name: Restriction() for c in columns}
    checks: list[_Check] = []
    plain: set[str] = set()
    unreadable: list[str] = []
    for check in table.checks:
        try:
            tree = sqlglot.parse_one(check.expression, read="postgres")
        except SqlglotError:
            unreadable.append(f"check {check.name}")
            continue
        mentioned = frozenset(c.name for c in tree.find_all(exp.Column))
        try:
            test = compile_check(tree, context)
        except Unreadable:
            unreadable.append(f"check {check.name}")
            plain |= mentioned
            continue
        checks.append(_Check(check.name, test, mentioned))
        restrict(tree, context, restrictions)
    bounds = partition_condition(table, schema, context)
    if bounds is not None:
        condition, hull = bounds
        try:
            test = compile_check(condition, context)
        except Unreadable:
            unreadable.append("partition bounds")
        else:
            mentioned = frozenset(c.name for c in condition.find_all(exp.Column))
            checks.append(_Check("partition bounds", test, mentioned))
            for narrowing in (condition, hull):
                if narrowing is not None:
                    restrict(narrowing, context, restrictions)
    for column in table.columns:
        if column.generated is not None:
            checks += _keep_in_range(column, context, restrictions)
    # A domain's checks, like periods that must not overlap, are the database's to judge:
    # plain values rarely break them.
    for name, domain in sorted({(c.name, _checked_domain(c.type.name, schema)) for c in columns}):
        if domain is not None:
            unreadable.append(f"checks of domain {domain}")
            plain.add(name)
    for label, periods in _without_overlaps(table):
        unreadable.append(label)
        plain.update(periods)
    unique_sets: list[tuple[str, tuple[str, ...]]] = []
    if table.primary_key is not None:
        unique_sets.append(("primary key", table.primary_key.columns))
    unique_sets += [(f"unique {u.name}", u.columns) for u in table.uniques]
    for index in table.indexes:
        if not index.unique:
            continue
        names: list[str] = []
        for key in index.keys:
            if key.column is not None and table.column(key.column) is not None:
                names.append(key.column)
                continue
            unreadable.append(f"unique index {index.name}")
            with suppress(SqlglotError):
                found = sorted(key.columns())
                plain.update(found)
                names += found
        unique_sets.append((f"unique index {index.name}", tuple(dict.fromkeys(names))))
    readable_sets = []
    for label, names_ in unique_sets:
        if names_ and all(n in context for n in names_):
            readable_sets.append((label, names_))
        else:
            unreadable.append(label)
    return Analysis(columns, kinds, checks, restrictions, readable_sets, plain, unreadable, notes)


def _checked_domain(name: str, schema: Schema) -> str | None:
    """The domain (``name`` or one under it) whose checks a value of type ``name`` must pass."""
    domain = schema.user_types().get(name)
    while isinstance(domain, Domain):
        if domain.checks:
            return domain.name
        domain = schema.user_types().get(domain.base.name)
    return None


def _without_overlaps(table: Table) -> list[tuple[str, tuple[str, ...]]]:
    """The exclusion constraints and the keys WITHOUT OVERLAPS of ``table``, and their columns."""
    found = [
        (f"exclusion constraint {x.name}", tuple(k.column for k in x.keys if k.column))
        for x in table.exclusions
    ]
    keys = [k for k in (table.primary_key, *table.uniques) if k is not None and k.without_overlaps]
    return found + [(f"key {k.name} (WITHOUT OVERLAPS)", k.columns) for k in keys]


# What a generated column's expression may read of a numeric column: small values, so that
# ``a * 2`` or ``a + 1`` never leaves the generated column's type.
_GENERATED_RANGE = 10_000


def _keep_in_range(
    column: Column, context: dict[str, tuple[int, Kind]], restrictions: dict[str, Restriction]
) -> list[_Check]:
    """Each numeric column a generated column's expression reads, bounded to ±``_GENERATED_RANGE``
    as a check would bound it (the seed's extreme values, such as the type's largest, overflow
    ``a * 2``)."""
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    assert column.generated is not None
    try:
        tree = sqlglot.parse_one(column.generated, read="postgres")
    except SqlglotError:
        return []
    bounds = []
    for name in sorted({c.name for c in tree.find_all(exp.Column)}):
        if name in context and context[name][1].family == "number":
            bound = exp.Between(
                this=identifier_column(name),
                low=exp.Neg(this=exp.Literal.number(_GENERATED_RANGE)),
                high=exp.Literal.number(_GENERATED_RANGE),
            )
            restrict(bound, context, restrictions)
            bounds.append(
                _Check(
                    f"{column.name} generated from {name}", compile_check(bound, context), frozenset({name})
                )
            )
    return bounds
