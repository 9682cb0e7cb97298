"""Schemas for tests: small builders for hand-made ones, hypothesis strategies for many.

``schemas()`` draws valid schemas (they pass ``wesley_gen.validate``): tables with
columns of many types, primary keys, uniques, indexes, checks, foreign keys between
the drawn tables (cycles included) and enums.  ``mutations(schema)`` draws a second
version of one: columns and tables added, dropped, retyped and renamed, keys and
indexes added and dropped, enum values added and removed, kept valid at every step.

Every table and column carries a ``uid``, so that renames are explicit in *both*
directions (a ``renamed_from`` annotation would only be read on the new side).  A
renamed table or column is otherwise left alone: changes name a table as it is called
when they run, so a change to a table renamed in the same diff names it differently
in the two directions.  Names a mutation adds are fresh (``n…`` tables, ``a…``
columns, ``r…``/``m…`` renames), never names the base schema had.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from hypothesis import strategies as st

from wesley_gen.changes import (
    AddCheck,
    AddColumn,
    AddEnum,
    AddEnumValue,
    AddForeignKey,
    AddIndex,
    AddPrimaryKey,
    AddSchema,
    AddTable,
    AddUnique,
    AlterColumnType,
    Change,
    DropCheck,
    DropColumn,
    DropDefault,
    DropEnum,
    DropEnumValue,
    DropForeignKey,
    DropIndex,
    DropNotNull,
    DropPrimaryKey,
    DropSchema,
    DropTable,
    DropUnique,
    RenameColumn,
    RenameTable,
    SetDefault,
    SetNotNull,
)
from wesley_gen.identifiers import schema_of
from wesley_gen.model import (
    CheckConstraint,
    Column,
    ColumnType,
    Enum,
    ForeignKey,
    Index,
    PrimaryKey,
    Schema,
    Table,
    UniqueConstraint,
    check_name,
    foreign_key_name,
    index_name,
    parse_type,
    primary_key_name,
    to_dict,
    unique_name,
)

# --- hand-made schemas ------------------------------------------------------------------


def col(
    name: str,
    type_: str = "integer",
    *,
    nullable: bool = True,
    default: str | None = None,
    generated: str | None = None,
    uid: str | None = None,
    renamed_from: str | None = None,
    tags: tuple[str, ...] = (),
) -> Column:
    """A column; ``type_`` is type text (``varchar(20)``) or an enum name."""
    return Column(name, parse_type(type_), nullable, default, generated, uid, renamed_from, tags)


def table(
    name: str,
    *columns: Column,
    pk: Sequence[str] = (),
    unique: Sequence[Sequence[str]] = (),
    index: Sequence[Sequence[str]] = (),
    unique_index: Sequence[Sequence[str]] = (),
    check: Sequence[tuple[str, str]] = (),
    fk: Sequence[tuple[str, str, str]] = (),
    uid: str | None = None,
    renamed_from: str | None = None,
    tags: tuple[str, ...] = (),
) -> Table:
    """A table with PostgreSQL's default constraint names.

    ``check`` holds (column, expression) pairs and ``fk`` (column, table, column)
    triples; primary-key columns are made NOT NULL.
    """
    columns = tuple(replace(c, nullable=False) if c.name in pk else c for c in columns)
    return Table(
        name,
        columns,
        primary_key=PrimaryKey(primary_key_name(name), tuple(pk)) if pk else None,
        uniques=tuple(UniqueConstraint(unique_name(name, cols), tuple(cols)) for cols in unique),
        checks=tuple(CheckConstraint(check_name(name, c), expression) for c, expression in check),
        foreign_keys=tuple(
            ForeignKey(foreign_key_name(name, (c,)), (c,), ref_table, (ref_column,))
            for c, ref_table, ref_column in fk
        ),
        indexes=(
            *(Index(index_name(name, cols), tuple(cols)) for cols in index),
            *(Index(index_name(name, cols), tuple(cols), unique=True) for cols in unique_index),
        ),
        uid=uid,
        renamed_from=renamed_from,
        tags=tags,
    )


def schema(*tables: Table, enums: Sequence[Enum] = ()) -> Schema:
    return Schema(tuple(tables), tuple(enums))


# --- strategies ----------------------------------------------------------------------------

TYPES = (
    "smallint", "integer", "bigint", "numeric(8,2)", "numeric(12,2)", "numeric", "real",
    "double precision", "text", "varchar(20)", "varchar(40)", "char(4)", "boolean", "uuid",
    "date", "timestamp(3)", "timestamp", "timestamptz", "json", "jsonb",
)  # fmt: skip
KEY_TYPES = ("integer", "bigint", "uuid", "text")
# Types a retyped column mostly moves between, so that many type changes are compatible.
FAMILIES = (
    ("smallint", "integer", "bigint", "numeric(8,2)", "numeric(12,2)", "numeric", "real", "double precision"),
    ("text", "varchar(20)", "varchar(40)", "char(4)"),
    ("date", "timestamp(3)", "timestamp", "timestamptz"),
    ("json", "jsonb"),
)
# Canonical defaults (as wesley_gen.expressions spells them) that fit each type.
_DEFAULTS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("smallint", "integer", "bigint"), ("0", "1")),
    **dict.fromkeys(("numeric", "real", "double precision"), ("0", "1.5")),
    **dict.fromkeys(("text", "varchar", "char"), ("'x'",)),
    "boolean": ("TRUE", "FALSE"),
    "uuid": ("GEN_RANDOM_UUID()",),
    **dict.fromkeys(("date", "timestamp", "timestamptz"), ("CURRENT_TIMESTAMP",)),
    **dict.fromkeys(("json", "jsonb"), ("'{}'",)),
}


def _type(text: str) -> ColumnType:
    return parse_type(text) if text in TYPES else ColumnType(text)


@st.composite
def _column(draw: st.DrawFn, name: str, enums: Sequence[str], *, key: bool = False) -> Column:
    column_type = _type(draw(st.sampled_from(KEY_TYPES if key else (*TYPES, *enums))))
    return Column(
        name,
        column_type,
        nullable=not key and draw(st.booleans()),
        default=draw(st.sampled_from((None, *_DEFAULTS.get(column_type.name, ())))),
        uid=f"uid-{name}",
        tags=draw(st.sampled_from(((), (), ("pii",)))),
    )


@dataclass
class _Draft:
    """A schema being drawn or mutated, kept valid after every step."""

    tables: dict[str, Table]
    enums: dict[str, Enum]
    schemas: set[str] = field(default_factory=set)  # PostgreSQL schemas besides public
    prefix: str = ""  # of every fresh name, so that a mutation never reuses a base name
    names: Iterator[int] = field(default_factory=itertools.count)

    @classmethod
    def of(cls, schema: Schema) -> _Draft:
        return cls(schema.tables_by_name(), schema.enums_by_name(), set(schema.schemas), prefix="x")

    def schema(self) -> Schema:
        return Schema(tuple(self.tables.values()), tuple(self.enums.values()), tuple(self.schemas))

    def in_a_schema(self, name: str) -> bool:
        """Whether the schema ``name`` (a table or enum) would be created in exists."""
        return schema_of(name) in {"public", *self.schemas}

    def fresh(self, prefix: str) -> str:
        return f"{self.prefix}{prefix}{next(self.names)}"

    def update(self, name: str, **changes: object) -> None:
        self.tables[name] = replace(self.tables[name], **changes)

    def key_targets(self) -> list[Table]:
        """Tables a new foreign key can reference: those with a one-column primary key."""
        return [t for t in self.tables.values() if t.primary_key and len(t.primary_key.columns) == 1]

    def referenced(self, table_name: str, column: str) -> bool:
        return any(
            (fk.ref_table == table_name and column in fk.ref_columns)
            or (t.name == table_name and column in fk.columns)
            for t in self.tables.values()
            for fk in t.foreign_keys
        )

    def forget_references(self, table_name: str, columns: Sequence[str] | None = None) -> None:
        """Drop the foreign keys that reference ``table_name`` (or those of its ``columns``)."""
        for name, t in list(self.tables.items()):
            kept = tuple(
                fk
                for fk in t.foreign_keys
                if fk.ref_table != table_name
                or (columns is not None and not set(columns) & set(fk.ref_columns))
            )
            if kept != t.foreign_keys:
                self.update(name, foreign_keys=kept)


def _add_foreign_key(draw: st.DrawFn, draft: _Draft, name: str) -> None:
    """Give table ``name`` a new column referencing another table's (or its own) key."""
    targets = draft.key_targets()
    if not targets:
        return
    target = draw(st.sampled_from(targets))
    assert target.primary_key is not None
    ref = target.column(target.primary_key.columns[0])
    assert ref is not None
    column_name = draft.fresh("f")
    column = Column(column_name, ref.type, draw(st.booleans()), uid=f"uid-{column_name}")
    fk = ForeignKey(foreign_key_name(name, (column_name,)), (column_name,), target.name, (ref.name,))
    t = draft.tables[name]
    draft.update(name, columns=(*t.columns, column), foreign_keys=(*t.foreign_keys, fk))


def _new_table(draw: st.DrawFn, draft: _Draft, name: str, prefix: str) -> None:
    names = [f"{prefix}{i}" for i in range(draw(st.integers(1, 4)))]
    keyed = draw(st.booleans())
    columns = [draw(_column(n, list(draft.enums), key=keyed and i == 0)) for i, n in enumerate(names)]
    extras: dict[str, object] = {}
    if keyed:
        extras["primary_key"] = PrimaryKey(primary_key_name(name), (names[0],))
    if draw(st.booleans()):
        chosen = draw(st.sampled_from(names))
        extras["uniques"] = (UniqueConstraint(unique_name(name, (chosen,)), (chosen,)),)
    if draw(st.booleans()):
        chosen = draw(st.sampled_from(names))
        extras["indexes"] = (Index(index_name(name, (chosen,)), (chosen,), unique=draw(st.booleans())),)
    numbers = [c.name for c in columns if c.type.name in ("integer", "bigint", "smallint")]
    if numbers and draw(st.booleans()):
        chosen = draw(st.sampled_from(numbers))
        extras["checks"] = (CheckConstraint(check_name(name, chosen), f"{chosen} > 0"),)
    draft.tables[name] = Table(name, tuple(columns), uid=f"uid-{name}", **extras)


@st.composite
def schemas(draw: st.DrawFn, max_tables: int = 4) -> Schema:
    """A valid schema: 1 to ``max_tables`` tables ``t0``…, columns ``c0``…, enums ``e0``…."""
    draft = _Draft({}, {})
    for number in range(draw(st.integers(0, 2))):
        values = tuple(f"v{i}" for i in range(draw(st.integers(1, 3))))
        draft.enums[f"e{number}"] = Enum(f"e{number}", values)
    for number in range(draw(st.integers(1, max_tables))):
        _new_table(draw, draft, f"t{number}", "c")
    for name in sorted(draft.tables):
        for _ in range(draw(st.integers(0, 2))):
            _add_foreign_key(draw, draft, name)
    return draft.schema()


# --- mutations -------------------------------------------------------------------------------

Mutation = Callable[[st.DrawFn, _Draft], None]


def _pick_table(draw: st.DrawFn, draft: _Draft, test: Callable[[Table], bool] = lambda t: True) -> str | None:
    names = sorted(n for n, t in draft.tables.items() if test(t))
    return draw(st.sampled_from(names)) if names else None


def _pick_column(
    draw: st.DrawFn, draft: _Draft, test: Callable[[Table, Column], bool] = lambda t, c: True
) -> tuple[str, Column] | None:
    found = sorted((t.name, c.name) for t in draft.tables.values() for c in t.columns if test(t, c))
    if not found:
        return None
    table_name, column_name = draw(st.sampled_from(found))
    column = draft.tables[table_name].column(column_name)
    assert column is not None
    return table_name, column


def _in_key(t: Table, c: Column) -> bool:
    return t.primary_key is not None and c.name in t.primary_key.columns


def add_table(draw: st.DrawFn, draft: _Draft) -> None:
    name = draft.fresh("n")
    _new_table(draw, draft, name, f"{name}_c")
    if draw(st.booleans()):
        _add_foreign_key(draw, draft, name)


def drop_table(draw: st.DrawFn, draft: _Draft) -> None:
    name = _pick_table(draw, draft)
    if name is not None and len(draft.tables) > 1:
        del draft.tables[name]
        draft.forget_references(name)


def add_column(draw: st.DrawFn, draft: _Draft) -> None:
    name = _pick_table(draw, draft)
    if name is not None:
        column = draw(_column(draft.fresh("a"), list(draft.enums)))
        draft.update(name, columns=(*draft.tables[name].columns, column))


def drop_column(draw: st.DrawFn, draft: _Draft) -> None:
    picked = _pick_column(draw, draft, lambda t, c: len(t.columns) > 1)
    if picked is None:
        return
    name, column = picked
    t = draft.tables[name]
    uses = lambda columns: column.name in columns  # noqa: E731
    if t.primary_key and uses(t.primary_key.columns):
        draft.forget_references(name)
        t = draft.tables[name]
    draft.update(
        name,
        columns=tuple(c for c in t.columns if c.name != column.name),
        primary_key=None if t.primary_key and uses(t.primary_key.columns) else t.primary_key,
        uniques=tuple(u for u in t.uniques if not uses(u.columns)),
        indexes=tuple(i for i in t.indexes if not uses(i.columns)),
        checks=tuple(k for k in t.checks if k.name != check_name(name, column.name)),
        foreign_keys=tuple(fk for fk in t.foreign_keys if not uses(fk.columns)),
    )
    draft.forget_references(name, (column.name,))


def retype_column(draw: st.DrawFn, draft: _Draft) -> None:
    picked = _pick_column(draw, draft, lambda t, c: not draft.referenced(t.name, c.name))
    if picked is None:
        return
    name, column = picked
    family = next((f for f in FAMILIES if str(column.type) in f), TYPES)
    choices = KEY_TYPES if _in_key(draft.tables[name], column) else (*TYPES, *draft.enums)
    if draw(st.integers(0, 3)):
        choices = tuple(t for t in family if t in choices) or choices
    new_type = _type(draw(st.sampled_from(choices)))
    default = draw(st.sampled_from((None, *_DEFAULTS.get(new_type.name, ()))))
    _replace_column(draft, name, replace(column, type=new_type, default=default))


def _replace_column(draft: _Draft, name: str, column: Column) -> None:
    t = draft.tables[name]
    draft.update(name, columns=tuple(column if c.name == column.name else c for c in t.columns))


def toggle_null(draw: st.DrawFn, draft: _Draft) -> None:
    picked = _pick_column(draw, draft, lambda t, c: not _in_key(t, c))
    if picked is not None:
        _replace_column(draft, picked[0], replace(picked[1], nullable=not picked[1].nullable))


def change_default(draw: st.DrawFn, draft: _Draft) -> None:
    picked = _pick_column(draw, draft)
    if picked is not None:
        name, column = picked
        default = draw(st.sampled_from((None, *_DEFAULTS.get(column.type.name, ()))))
        _replace_column(draft, name, replace(column, default=default))


def toggle_primary_key(draw: st.DrawFn, draft: _Draft) -> None:
    name = _pick_table(draw, draft)
    if name is None:
        return
    t = draft.tables[name]
    if t.primary_key is not None:
        draft.forget_references(name)
        draft.update(name, primary_key=None)
        return
    column = draw(st.sampled_from(t.columns))
    _replace_column(draft, name, replace(column, nullable=False))
    draft.update(name, primary_key=PrimaryKey(primary_key_name(name), (column.name,)))


def toggle_unique(draw: st.DrawFn, draft: _Draft) -> None:
    picked = _pick_column(draw, draft)
    if picked is None:
        return
    name, column = picked
    unique = UniqueConstraint(unique_name(name, (column.name,)), (column.name,))
    uniques = draft.tables[name].uniques
    draft.update(
        name, uniques=tuple(u for u in uniques if u != unique) if unique in uniques else (*uniques, unique)
    )


def toggle_index(draw: st.DrawFn, draft: _Draft) -> None:
    picked = _pick_column(draw, draft)
    if picked is None:
        return
    name, column = picked
    index_named = index_name(name, (column.name,))
    indexes = draft.tables[name].indexes
    if any(i.name == index_named for i in indexes):
        draft.update(name, indexes=tuple(i for i in indexes if i.name != index_named))
    else:
        unique = draw(st.booleans())
        draft.update(name, indexes=(*indexes, Index(index_named, (column.name,), unique=unique)))


def toggle_check(draw: st.DrawFn, draft: _Draft) -> None:
    picked = _pick_column(draw, draft, lambda t, c: c.type.name in ("integer", "bigint", "smallint"))
    if picked is None:
        return
    name, column = picked
    check = CheckConstraint(check_name(name, column.name), f"{column.name} > 0")
    checks = draft.tables[name].checks
    kept = tuple(k for k in checks if k.name != check.name)
    draft.update(name, checks=kept if kept != checks else (*checks, check))


def toggle_foreign_key(draw: st.DrawFn, draft: _Draft) -> None:
    name = _pick_table(draw, draft)
    if name is None:
        return
    t = draft.tables[name]
    if t.foreign_keys and draw(st.booleans()):
        gone = draw(st.sampled_from(t.foreign_keys))
        draft.update(name, foreign_keys=tuple(fk for fk in t.foreign_keys if fk != gone))
    else:
        _add_foreign_key(draw, draft, name)


def _pick_enum(draw: st.DrawFn, draft: _Draft) -> str | None:
    return draw(st.sampled_from(sorted(draft.enums))) if draft.enums else None


def add_or_drop_enum(draw: st.DrawFn, draft: _Draft) -> None:
    name = _pick_enum(draw, draft)
    used = {c.type.name for t in draft.tables.values() for c in t.columns}
    if name is not None and name not in used and draw(st.booleans()):
        del draft.enums[name]
    else:
        added = draft.fresh("en")
        draft.enums[added] = Enum(added, tuple(f"{added}_v{i}" for i in range(draw(st.integers(1, 3)))))


def add_enum_value(draw: st.DrawFn, draft: _Draft) -> None:
    """Insert a value anywhere (databases cannot reorder values, so mutations never do)."""
    name = _pick_enum(draw, draft)
    if name is not None:
        values = draft.enums[name].values
        at = draw(st.integers(0, len(values)))
        draft.enums[name] = Enum(name, (*values[:at], draft.fresh("w"), *values[at:]))


def drop_enum_value(draw: st.DrawFn, draft: _Draft) -> None:
    name = _pick_enum(draw, draft)
    if name is not None and len(draft.enums[name].values) > 1:
        gone = draw(st.sampled_from(draft.enums[name].values))
        draft.enums[name] = Enum(name, tuple(v for v in draft.enums[name].values if v != gone))


MUTATIONS: tuple[Mutation, ...] = (
    add_table, drop_table, add_column, drop_column, retype_column, toggle_null, change_default,
    toggle_primary_key, toggle_unique, toggle_index, toggle_check, toggle_foreign_key, add_or_drop_enum,
    add_enum_value, drop_enum_value,
)  # fmt: skip


def _rename_table(draw: st.DrawFn, draft: _Draft, name: str) -> None:
    new_name = draft.fresh("r")
    t = draft.tables.pop(name)
    renamed = replace(t, name=new_name)
    if t.primary_key and draw(st.booleans()):  # as a loader names an unnamed key
        renamed = replace(renamed, primary_key=replace(t.primary_key, name=primary_key_name(new_name)))
    draft.tables[new_name] = renamed
    for other in list(draft.tables.values()):
        draft.update(
            other.name,
            foreign_keys=tuple(
                replace(fk, ref_table=new_name) if fk.ref_table == name else fk for fk in other.foreign_keys
            ),
        )


def _rename_column(draft: _Draft, name: str, old: str, new: str) -> None:
    """Rename a column the way a database does: keys, indexes, checks and references follow."""
    swap = lambda columns: tuple(new if c == old else c for c in columns)  # noqa: E731
    t = draft.tables[name]
    draft.update(
        name,
        columns=tuple(replace(c, name=new) if c.name == old else c for c in t.columns),
        primary_key=t.primary_key and replace(t.primary_key, columns=swap(t.primary_key.columns)),
        uniques=tuple(replace(u, columns=swap(u.columns)) for u in t.uniques),
        indexes=tuple(replace(i, columns=swap(i.columns)) for i in t.indexes),
        checks=tuple(replace(k, expression=re.sub(rf"\b{old}\b", new, k.expression)) for k in t.checks),
        foreign_keys=tuple(replace(fk, columns=swap(fk.columns)) for fk in t.foreign_keys),
    )
    for other in list(draft.tables.values()):
        draft.update(
            other.name,
            foreign_keys=tuple(
                replace(fk, ref_columns=swap(fk.ref_columns)) if fk.ref_table == name else fk
                for fk in other.foreign_keys
            ),
        )


@st.composite
def mutations(draw: st.DrawFn, base: Schema, max_steps: int = 4, renames: bool = True) -> Schema:
    """A valid next version of ``base``: up to ``max_steps`` mutations, then renames of
    tables or columns that the mutations left alone (when ``renames``)."""
    draft = _Draft.of(base)
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=max_steps)):
        mutation(draw, draft)
    if renames:
        untouched = sorted(n for n, t in draft.tables.items() if base.table(n) == t)
        for name in untouched:
            if draw(st.integers(0, 3)) == 0:
                _rename_table(draw, draft, name)
        for name in sorted(draft.tables):
            before = base.table(name)
            kept = [c.name for c in draft.tables[name].columns if before and before.column(c.name) == c]
            for column in kept:
                if draw(st.integers(0, 7)) == 0:
                    _rename_column(draft, name, column, draft.fresh("m"))
    return draft.schema()


def schema_pairs(max_steps: int = 4, renames: bool = True) -> st.SearchStrategy[tuple[Schema, Schema]]:
    """(base, mutated) pairs."""
    return schemas().flatmap(lambda base: st.tuples(st.just(base), mutations(base, max_steps, renames)))


# --- applying changes to a model ---------------------------------------------------------------
#
# A small interpreter that runs changes against a Schema the way a database would, and
# fails where a database would refuse: a foreign key to a table, column or key that is
# not there (yet), dropping a table, column or key something still uses, a change whose
# "before" is not what is there.  Applying diff(a, b) to a must give b.


def apply_changes(start: Schema, changes: Iterable[Change]) -> Schema:
    draft = _Draft.of(start)
    for number, change in enumerate(changes, start=1):
        try:
            _apply(draft, change)
        except AssertionError as error:
            raise AssertionError(f"change {number} ({change}) cannot run: {error}") from None
    return draft.schema()


def same_structure(left: Schema, right: Schema) -> bool:
    """Equal as the checksum sees them: names, types, keys; not column order or annotations."""
    return to_dict(left, annotations=False) == to_dict(right, annotations=False)


def _keys(t: Table) -> list[frozenset[str]]:
    pk = [frozenset(t.primary_key.columns)] if t.primary_key else []
    return (
        pk + [frozenset(u.columns) for u in t.uniques] + [frozenset(i.columns) for i in t.indexes if i.unique]
    )


def _check_reference(draft: _Draft, fk: ForeignKey) -> None:
    target = draft.tables.get(fk.ref_table)
    assert target is not None, f"{fk.name} references missing table {fk.ref_table}"
    assert all(target.column(c) for c in fk.ref_columns), f"{fk.name} references missing columns"
    assert frozenset(fk.ref_columns) in _keys(target), f"{fk.name} references no key of {fk.ref_table}"


def _check_unused_key(draft: _Draft, t: Table, columns: Sequence[str]) -> None:
    """A key can go when no foreign key needs it, or another key covers the same columns."""
    if _keys(t).count(frozenset(columns)) > 1:
        return
    for other in draft.tables.values():
        for fk in other.foreign_keys:
            used = fk.ref_table == t.name and frozenset(fk.ref_columns) == frozenset(columns)
            assert not used, f"{other.name}.{fk.name} still uses the key on {t.name}({', '.join(columns)})"


def _current(draft: _Draft, name: str, items: str, definition: Any) -> Any:
    t = draft.tables[name]
    found = next((i for i in getattr(t, items) if i.name == definition.name), None)
    assert found == definition, f"{name} has {found}, not {definition}"
    return t


def _apply(draft: _Draft, change: Change) -> None:
    table_name = change.table
    if table_name is not None and not isinstance(change, AddTable):
        assert table_name in draft.tables, f"no table {table_name}"
    t = draft.tables.get(table_name) if table_name else None
    match change:
        case AddTable(definition=new):
            assert new.name not in draft.tables, "table exists"
            assert draft.in_a_schema(new.name), "its schema does not exist"
            draft.tables[new.name] = new
            for fk in new.foreign_keys:
                _check_reference(draft, fk)
        case DropTable(definition=old):
            assert t is not None and t.column_names() == old.column_names(), "another table"
            for other in draft.tables.values():
                used = other.name != t.name and any(fk.ref_table == t.name for fk in other.foreign_keys)
                assert not used, f"{other.name} still references it"
            del draft.tables[t.name]
        case RenameTable(table=old_name, new_name=new_name):
            assert new_name not in draft.tables, "name taken"
            renamed = replace(draft.tables.pop(old_name), name=new_name)
            draft.tables[new_name] = renamed
            for other in list(draft.tables.values()):
                draft.update(
                    other.name,
                    foreign_keys=tuple(
                        replace(fk, ref_table=new_name) if fk.ref_table == old_name else fk
                        for fk in other.foreign_keys
                    ),
                )
        case AddColumn(table=name, definition=column):
            assert t is not None and t.column(column.name) is None, "column exists"
            draft.update(name, columns=(*t.columns, column))
        case DropColumn(table=name, definition=column):
            assert t is not None and t.column(column.name) == column, f"not {column}"
            uses = [
                i.name
                for i in (t.primary_key, *t.uniques, *t.indexes, *t.foreign_keys)
                if i and column.name in i.columns
            ]
            uses += [
                f"{o.name}.{fk.name}"
                for o in draft.tables.values()
                for fk in o.foreign_keys
                if fk.ref_table == name and column.name in fk.ref_columns
            ]
            assert not uses, f"still used by {uses}"
            draft.update(name, columns=tuple(c for c in t.columns if c.name != column.name))
        case RenameColumn(table=name, column=old, new_name=new):
            assert t is not None and t.column(old) and not t.column(new), "cannot rename"
            _rename_column(draft, name, old, new)
        case AlterColumnType(table=name, column=column_name, old_type=old_type, new_type=new_type):
            column = t.column(column_name) if t else None
            assert column is not None and column.type == old_type, f"type is not {old_type}"
            _replace_column(draft, name, replace(column, type=new_type))
        case SetNotNull(table=name, column=column_name) | DropNotNull(table=name, column=column_name):
            column = t.column(column_name) if t else None
            assert column is not None and column.nullable == isinstance(change, SetNotNull), "nullability"
            _replace_column(draft, name, replace(column, nullable=not column.nullable))
        case (
            SetDefault(table=name, column=column_name, old_default=old)
            | DropDefault(table=name, column=column_name, old_default=old)
        ):
            column = t.column(column_name) if t else None
            assert column is not None and column.default == old, f"default is not {old}"
            new_default = change.new_default if isinstance(change, SetDefault) else None
            _replace_column(draft, name, replace(column, default=new_default))
        case AddPrimaryKey(table=name, definition=key):
            assert t is not None and t.primary_key is None, "has a primary key"
            draft.update(name, primary_key=key)
        case DropPrimaryKey(table=name, definition=key, same_as=twin):
            assert t is not None and t.primary_key == key, "another primary key"
            if twin is None:  # a twin is renamed in place, its index kept: what uses it stays
                _check_unused_key(draft, t, key.columns)
            draft.update(name, primary_key=None)
        case (
            AddUnique(table=name, definition=item)
            | AddCheck(table=name, definition=item)
            | AddIndex(table=name, definition=item)
            | AddForeignKey(table=name, definition=item)
        ):
            items = _ITEMS[type(change)]
            assert t is not None and all(i.name != item.name for i in getattr(t, items)), "name taken"
            draft.update(name, **{items: (*getattr(t, items), item)})
            if isinstance(item, ForeignKey):
                _check_reference(draft, item)
        case (
            DropUnique(table=name, definition=item)
            | DropCheck(table=name, definition=item)
            | DropIndex(table=name, definition=item)
            | DropForeignKey(table=name, definition=item)
        ):
            items = _ITEMS[type(change)]
            t = _current(draft, name, items, item)
            unique = isinstance(item, UniqueConstraint) or (isinstance(item, Index) and item.unique)
            if unique and change.same_as is None:  # a twin: renamed in place, as above
                _check_unused_key(draft, t, item.columns)
            draft.update(name, **{items: tuple(i for i in getattr(t, items) if i.name != item.name)})
        case AddSchema(schema=name):
            assert name not in draft.schemas, "schema exists"
            draft.schemas.add(name)
        case DropSchema(schema=name):
            left = [o for o in (*draft.tables, *draft.enums) if schema_of(o) == name]
            assert name in draft.schemas and not left, f"still holds {left}"
            draft.schemas.remove(name)
        case AddEnum(definition=enum):
            assert enum.name not in draft.enums, "enum exists"
            assert draft.in_a_schema(enum.name), "its schema does not exist"
            draft.enums[enum.name] = enum
        case DropEnum(definition=enum):
            assert draft.enums.get(enum.name) == enum, "another enum"
            users = [
                f"{o.name}.{c.name}"
                for o in draft.tables.values()
                for c in o.columns
                if c.type.name == enum.name
            ]
            assert not users, f"still used by {users}"
            del draft.enums[enum.name]
        case AddEnumValue(enum=name, value=value, after=after):
            values = draft.enums[name].values
            assert value not in values and (after is None or after in values), "cannot place it"
            at = 0 if after is None else values.index(after) + 1
            draft.enums[name] = Enum(name, (*values[:at], value, *values[at:]))
        case DropEnumValue(enum=name, value=value, after=after):
            values = draft.enums[name].values
            at = values.index(value)
            assert (values[at - 1] if at else None) == after, "not where it was"
            draft.enums[name] = Enum(name, tuple(v for v in values if v != value))


_ITEMS: dict[type[Any], str] = {
    AddUnique: "uniques", DropUnique: "uniques", AddCheck: "checks", DropCheck: "checks",
    AddIndex: "indexes", DropIndex: "indexes", AddForeignKey: "foreign_keys", DropForeignKey: "foreign_keys",
}  # fmt: skip
