"""Classification: what each change risks for existing data.

Two tables of rules decide it, and they are the documentation and the test
parameters at once.  :data:`RULES` has one row per row of the design brief's change
table (first matching row wins); :data:`TYPE_RULES` decides type changes: widening
(additive), narrowing (a pre-check counts the rows that would break) or neither,
which the diff reports as an ``incompatible_type`` error unless the user gives a
``--cast``.  Rules name the type pairs they were written for in ``examples``.

Classes: ``additive`` (nothing existing can break), ``narrowing`` (existing rows can
violate the new shape: a pre-check counts them and stops the plan), ``destructive``
(data is removed) and ``rename``.  ``reversible`` is False when undoing the change
cannot bring the data back; ``backfill`` is True when data must be written before
the change completes (a new required column, a conversion that rewrites values).

Converting any other type *to* text is deliberately not automatic: every value has a
text form, but the column would then compare, sort and validate as text, and the way
back is never automatic, so it needs an explicit ``--cast`` like any other conversion.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wesley_gen.changes import AlterColumnType, Change, DropColumn, DropTable
from wesley_gen.model import Column, ColumnType, precision

ADDITIVE, NARROWING, DESTRUCTIVE, RENAME = "additive", "narrowing", "destructive", "rename"
POSTGRES, SQLITE = frozenset({"postgres"}), frozenset({"sqlite"})
BOTH = POSTGRES | SQLITE
SENSITIVE_TAGS = ("pii", "sensitive")


@dataclass(frozen=True, slots=True)
class Classification:
    change_class: str  # additive | narrowing | destructive | rename
    reversible: bool
    backfill: bool
    reason: str


def _always(change: Any) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the change table: for changes of ``op`` (one or several) where ``when`` holds."""

    name: str
    op: str | tuple[str, ...]
    change_class: str
    reversible: bool
    backfill: bool
    reason: str  # a str.format template over the change, as ``c``
    when: Callable[[Any], bool] = _always

    @property
    def ops(self) -> tuple[str, ...]:
        return (self.op,) if isinstance(self.op, str) else self.op


_KEY_KINDS = ("primary_key", "unique", "check", "foreign_key", "index")


RULES: tuple[Rule, ...] = (
    Rule(
        "re-create a key", tuple(f"add_{kind}" for kind in _KEY_KINDS), ADDITIVE, True, False,
        "re-creates {c.same_as}, dropped first because of a rename or a change to what it depends on; "
        "the rows already satisfy it",
        when=lambda c: c.same_as is not None,
    ),
    Rule(
        "drop a key to re-create it", tuple(f"drop_{kind}" for kind in _KEY_KINDS), ADDITIVE, True, False,
        "dropped to be re-created as {c.same_as}",
        when=lambda c: c.same_as is not None,
    ),
    Rule("add table", "add_table", ADDITIVE, True, False, "new table; nothing existing depends on it"),
    Rule(
        "add generated column", "add_column", ADDITIVE, True, False,
        "generated column: the database computes it for existing rows",
        when=lambda c: c.definition.generated is not None,
    ),
    Rule(
        "add nullable column", "add_column", ADDITIVE, True, False,
        "nullable column: existing rows read NULL",
        when=lambda c: c.definition.nullable,
    ),
    Rule(
        "add column with default", "add_column", ADDITIVE, True, False,
        "existing rows get the default {c.definition.default}",
        when=lambda c: c.definition.default is not None,
    ),
    Rule(
        "add required column", "add_column", ADDITIVE, True, True,
        "required column without a server default: added nullable, backfilled, then set NOT NULL",
    ),
    Rule(
        "drop required column", "drop_column", DESTRUCTIVE, False, False,
        "removes a required field and its data; the column can be recreated, the data cannot",
        when=lambda c: not c.definition.nullable,
    ),
    Rule(
        "drop column", "drop_column", DESTRUCTIVE, False, False,
        "removes the column and its data; the column can be recreated, the data cannot",
    ),
    Rule(
        "drop table", "drop_table", DESTRUCTIVE, False, False,
        "removes the table and every row; the table can be recreated, the data cannot",
    ),
    Rule("rename table", "rename_table", RENAME, True, False, "renamed to {c.new_name} ({c.hint}); rows stay"),
    Rule(
        "rename column", "rename_column", RENAME, True, False,
        "renamed to {c.new_name} ({c.hint}); values stay",
    ),
    Rule(
        "convert a type with a cast", "alter_column_type", NARROWING, False, True,
        "{c.old_type} → {c.new_type} converted by --cast {c.cast}; the pre-check runs the cast "
        "on every row and stops the plan if any fails",
        when=lambda c: c.cast is not None,
    ),
    Rule(
        "set NOT NULL", "set_not_null", NARROWING, True, False,
        "existing NULLs would break it; the pre-check counts them",
    ),
    Rule("drop NOT NULL", "drop_not_null", ADDITIVE, True, False, "relaxing: NULL becomes allowed"),
    Rule(
        "set default", "set_default", ADDITIVE, True, False,
        "default {c.new_default} applies to future inserts; existing rows keep their values",
    ),
    Rule(
        "drop default", "drop_default", ADDITIVE, True, False,
        "future inserts no longer get {c.old_default}; existing rows keep their values",
    ),
    Rule(
        "add primary key", "add_primary_key", NARROWING, True, False,
        "NULL or duplicate keys would break it; the pre-check counts them",
    ),
    Rule(
        "drop primary key", "drop_primary_key", ADDITIVE, True, False,
        "relaxing: rows no longer need a unique, non-NULL key",
    ),
    Rule(
        "add unique constraint", "add_unique", NARROWING, True, False,
        "existing duplicates would break it; the pre-check counts them",
    ),
    Rule("drop unique constraint", "drop_unique", ADDITIVE, True, False, "relaxing: duplicates become allowed"),
    Rule(
        "add check constraint", "add_check", NARROWING, True, False,
        "rows failing {c.definition.expression} would break it; the pre-check counts them",
    ),
    Rule(
        "drop check constraint", "drop_check", ADDITIVE, True, False,
        "relaxing: {c.definition.expression} is no longer enforced",
    ),
    Rule(
        "add foreign key with its table", "add_foreign_key", ADDITIVE, True, False,
        "added once {c.table} and {c.definition.ref_table} both exist; {c.table} is new and empty",
        when=lambda c: c.with_table,
    ),
    Rule(
        "add foreign key", "add_foreign_key", NARROWING, True, False,
        "rows without a matching {c.definition.ref_table} row would break it; the pre-check counts them",
    ),
    Rule(
        "drop foreign key with its table", "drop_foreign_key", ADDITIVE, True, False,
        "dropped ahead of {c.table}, which this migration drops too",
        when=lambda c: c.with_table,
    ),
    Rule(
        "drop foreign key", "drop_foreign_key", ADDITIVE, True, False,
        "relaxing: references to {c.definition.ref_table} are no longer enforced",
    ),
    Rule(
        "add unique index", "add_index", NARROWING, True, False,
        "existing duplicates would break it; the pre-check counts them",
        when=lambda c: c.definition.unique,
    ),
    Rule("add index", "add_index", ADDITIVE, True, False, "speeds up reads; no row can break it"),
    Rule("drop index", "drop_index", ADDITIVE, True, False, "relaxing: no row depends on it"),
    Rule("add enum", "add_enum", ADDITIVE, True, False, "new type; nothing existing uses it"),
    Rule(
        "drop enum", "drop_enum", DESTRUCTIVE, False, False,
        "removes the type and its values; no column uses it any more",
    ),
    Rule(
        "add enum value", "add_enum_value", ADDITIVE, True, False,
        "new value '{c.value}'; existing rows keep theirs",
    ),
    Rule(
        "drop enum value", "drop_enum_value", NARROWING, True, False,
        "rows using '{c.value}' would break; the pre-check counts them",
    ),
)  # fmt: skip

_REBUILD = "SQLite does it by rebuilding the table"
_NOT_VALID = "PostgreSQL adds it NOT VALID, then VALIDATEs it without blocking writes"
_CONCURRENTLY = "PostgreSQL builds it CONCURRENTLY, outside a transaction"
# How a row ships on one dialect, appended to its reason.
DIALECT_NOTES: dict[tuple[str, str], str] = {
    ("add index", "postgres"): _CONCURRENTLY,
    ("add unique index", "postgres"): _CONCURRENTLY,
    ("add check constraint", "postgres"): _NOT_VALID,
    ("add foreign key", "postgres"): _NOT_VALID,
    ("add required column", "sqlite"): "SQLite sets NOT NULL by rebuilding the table",
    **{
        (name, "sqlite"): _REBUILD
        for name in (
            "set NOT NULL", "drop NOT NULL", "set default", "drop default",
            "add primary key", "drop primary key", "add unique constraint", "drop unique constraint",
            "add check constraint", "drop check constraint", "add foreign key",
            "add foreign key with its table", "drop foreign key", "convert a type with a cast",
        )
    },
}  # fmt: skip


# --- type changes ------------------------------------------------------------------

_INTEGER_BYTES = {"smallint": 2, "integer": 4, "bigint": 8}
_INTEGER_DIGITS = {"smallint": 5, "integer": 10, "bigint": 19}
# Integer → float pairs where the float's mantissa holds every integer exactly.
_EXACT_IN_FLOAT = frozenset(
    {("smallint", "real"), ("smallint", "double precision"), ("integer", "double precision")}
)
_CHARACTER = frozenset({"char", "varchar", "text"})
_VARYING = frozenset({"varchar", "text"})
_FRACTIONAL_SECONDS = frozenset({"time", "timetz", "timestamp", "timestamptz", "interval"})
_TIMESTAMPS = frozenset({"timestamp", "timestamptz"})
# SQLite's storage classes for the types that share one: values keep their class whatever
# the declared type, and SQLite enforces no declared size.
_SQLITE_STORAGE = {
    **dict.fromkeys(("smallint", "integer", "bigint"), "INTEGER"),
    **dict.fromkeys(("real", "double precision"), "REAL"),
    **dict.fromkeys(("text", "varchar", "char"), "TEXT"),
}
_UNBOUNDED = float("inf")


def _length(t: ColumnType) -> float:
    """Maximum length in characters (or bits); unbounded when the type has no limit."""
    limits = precision(t)
    return limits[0] if limits else _UNBOUNDED


def _numeric(t: ColumnType) -> tuple[float, float]:
    """(integer digits, scale) of a numeric; unconstrained numeric is unbounded in both."""
    if not t.params:
        return _UNBOUNDED, _UNBOUNDED
    scale = t.params[1] if len(t.params) > 1 else 0
    return t.params[0] - scale, scale


def _fraction_digits(t: ColumnType) -> int:
    return precision(t)[0]


def _names(old: frozenset[str] | str, new: frozenset[str] | str) -> Callable[[ColumnType, ColumnType], bool]:
    """A matcher for changes from a type named in ``old`` to one named in ``new``."""
    old_names = frozenset({old}) if isinstance(old, str) else old
    new_names = frozenset({new}) if isinstance(new, str) else new
    return lambda o, n: o.name in old_names and n.name in new_names


def _all(*tests: Callable[[ColumnType, ColumnType], bool]) -> Callable[[ColumnType, ColumnType], bool]:
    return lambda o, n: all(test(o, n) for test in tests)


_INTEGERS = frozenset(_INTEGER_BYTES)
_ints = _names(_INTEGERS, _INTEGERS)
_numerics = _names("numeric", "numeric")
_characters = _names(_CHARACTER, _CHARACTER)
_bits = _names("varbit", "varbit")
_same_temporal = _all(_names(_FRACTIONAL_SECONDS, _FRACTIONAL_SECONDS), lambda o, n: o.name == n.name)
_timestamps = _all(_names(_TIMESTAMPS, _TIMESTAMPS), lambda o, n: o.name != n.name)


def _longer(o: ColumnType, n: ColumnType) -> bool:
    return _length(n) >= _length(o)


def _more_fraction_digits(o: ColumnType, n: ColumnType) -> bool:
    return _fraction_digits(n) >= _fraction_digits(o)


@dataclass(frozen=True, slots=True)
class TypeRule:
    """One kind of type change; ``in_place``: dialects that change the type without rewriting rows."""

    name: str
    change_class: str
    reversible: bool
    reason: str  # a str.format template with {old}, {new} and {storage}
    applies: Callable[[ColumnType, ColumnType], bool]
    examples: tuple[tuple[str, str], ...]
    in_place: frozenset[str] = frozenset()
    dialects: frozenset[str] = BOTH


TYPE_RULES: tuple[TypeRule, ...] = (
    TypeRule(
        "SQLite: same storage class", ADDITIVE, True,
        "SQLite stores both as {storage} and enforces no declared size, so no value can change",
        lambda o, n: _SQLITE_STORAGE.get(o.name, o.name) == _SQLITE_STORAGE.get(n.name, n.name),
        (("bigint", "integer"), ("varchar(40)", "varchar(10)"), ("text", "varchar(255)"),
         ("double precision", "real"), ("numeric(12,2)", "numeric(8,2)"), ("timestamp(6)", "timestamp(0)")),
        in_place=SQLITE, dialects=SQLITE,
    ),
    TypeRule(
        "integer widening", ADDITIVE, True, "{new} holds every {old} value",
        _all(_ints, lambda o, n: _INTEGER_BYTES[n.name] > _INTEGER_BYTES[o.name]),
        (("integer", "bigint"), ("smallint", "integer"), ("smallint", "bigint")),
    ),
    TypeRule(
        "integer narrowing", NARROWING, True,
        "values outside the {new} range would fail; the pre-check counts them",
        _ints, (("bigint", "integer"), ("integer", "smallint")),
    ),
    TypeRule(
        "integer to a wide enough numeric", ADDITIVE, True, "{new} holds every {old} value",
        _all(_names(_INTEGERS, "numeric"), lambda o, n: _numeric(n)[0] >= _INTEGER_DIGITS[o.name]),
        (("integer", "numeric"), ("integer", "numeric(12,2)"), ("bigint", "numeric(19)")),
    ),
    TypeRule(
        "integer to a narrow numeric", NARROWING, True,
        "values with more integer digits than {new} allows would fail; the pre-check counts them",
        _names(_INTEGERS, "numeric"), (("integer", "numeric(5)"), ("bigint", "numeric(12,2)")),
    ),
    TypeRule(
        "whole numeric to integer", NARROWING, True,
        "values outside the {new} range would fail; the pre-check counts them",
        _all(_names("numeric", _INTEGERS), lambda o, n: _numeric(o)[1] == 0),
        (("numeric(5)", "integer"), ("numeric(19)", "bigint")),
    ),
    TypeRule(
        "fractional numeric to integer", NARROWING, False,
        "fractions are rounded away and values outside the {new} range fail; "
        "the pre-check counts the rows that would change",
        _names("numeric", _INTEGERS), (("numeric(12,2)", "integer"), ("numeric", "bigint")),
    ),
    TypeRule(
        "numeric precision up at the same scale", ADDITIVE, True, "{new} holds every {old} value",
        _all(_numerics, lambda o, n: not n.params or (
            _numeric(n)[1] == _numeric(o)[1] and _numeric(n)[0] >= _numeric(o)[0])),
        (("numeric(8,2)", "numeric(12,2)"), ("numeric(8,2)", "numeric"), ("numeric(5)", "numeric(9)")),
        in_place=POSTGRES,
    ),
    TypeRule(
        "numeric scale up", ADDITIVE, True, "{new} keeps every digit of every {old} value",
        _all(_numerics, lambda o, n: _numeric(n)[0] >= _numeric(o)[0] and _numeric(n)[1] >= _numeric(o)[1]),
        (("numeric(8,2)", "numeric(10,4)"), ("numeric(6)", "numeric(9,3)")),
    ),
    TypeRule(
        "numeric integer digits down", NARROWING, True,
        "values with more integer digits than {new} allows would fail; the pre-check counts them",
        _all(_numerics, lambda o, n: _numeric(n)[1] >= _numeric(o)[1]),
        (("numeric(12,2)", "numeric(8,2)"), ("numeric(10,2)", "numeric(9,3)")),
    ),
    TypeRule(
        "numeric scale down", NARROWING, False,
        "values are rounded to fewer decimals and too large values fail; "
        "the pre-check counts the rows that would change",
        _numerics, (("numeric(10,4)", "numeric(8,2)"), ("numeric", "numeric(12,2)")),
    ),
    TypeRule(
        "real to double precision", ADDITIVE, True, "{new} holds every {old} value exactly",
        _names("real", "double precision"), (("real", "double precision"),),
    ),
    TypeRule(
        "double precision to real", NARROWING, False,
        "values are rounded to 6 significant digits and out-of-range values fail; "
        "the pre-check counts the rows that would change",
        _names("double precision", "real"), (("double precision", "real"),),
    ),
    TypeRule(
        "integer to float, exactly", ADDITIVE, True, "{new} holds every {old} value exactly",
        lambda o, n: (o.name, n.name) in _EXACT_IN_FLOAT,
        (("smallint", "real"), ("integer", "double precision")),
    ),
    TypeRule(
        "float to integer", NARROWING, False,
        "fractions are rounded away and values outside the {new} range fail; "
        "the pre-check counts the rows that would change",
        lambda o, n: (n.name, o.name) in _EXACT_IN_FLOAT,
        (("double precision", "integer"), ("real", "smallint")),
    ),
    TypeRule(
        "character length up", ADDITIVE, True, "{new} holds every {old} value",
        _all(_names(_VARYING, _VARYING), _longer),
        (("varchar(20)", "varchar(64)"), ("varchar(200)", "text"), ("text", "varchar")),
        in_place=POSTGRES,
    ),
    TypeRule(
        "char to varchar or text", ADDITIVE, True,
        "values keep their text, without the blanks char padded them with",
        _all(_names("char", _VARYING), _longer), (("char(10)", "varchar(20)"), ("char(2)", "text")),
    ),
    TypeRule(
        "char length up", ADDITIVE, True, "values are padded with blanks to the new length",
        _all(_names("char", "char"), _longer), (("char(2)", "char(8)"),),
    ),
    TypeRule(
        "character length down", NARROWING, True,
        "values that do not fit {new} would fail; the pre-check counts them",
        _characters,
        (("text", "varchar(20)"), ("varchar(64)", "varchar(20)"), ("varchar(20)", "char(20)"), ("char(8)", "char(2)")),
    ),
    TypeRule(
        "bit string length up", ADDITIVE, True, "{new} holds every {old} value",
        _all(_bits, _longer), (("varbit(8)", "varbit(16)"), ("varbit(8)", "varbit")), in_place=POSTGRES,
    ),
    TypeRule(
        "bit string length down", NARROWING, True,
        "values longer than {new} allows would fail; the pre-check counts them",
        _bits, (("varbit(16)", "varbit(8)"), ("varbit", "varbit(8)")),
    ),
    TypeRule(
        "fractional seconds up", ADDITIVE, True, "{new} keeps every digit of every {old} value",
        _all(_same_temporal, _more_fraction_digits),
        (("timestamp(3)", "timestamp"), ("time(0)", "time(3)"), ("timestamptz(0)", "timestamptz"),
         ("interval(2)", "interval")),
        in_place=POSTGRES,
    ),
    TypeRule(
        "fractional seconds down", NARROWING, False,
        "fractional seconds are rounded to fewer digits; the pre-check counts the rows that would change",
        _same_temporal, (("timestamp", "timestamp(3)"), ("timetz(6)", "timetz(0)")),
    ),
    TypeRule(
        "timestamp to timestamptz", ADDITIVE, True,
        "values are read as local time in the session time zone (use UTC)",
        _all(_names("timestamp", "timestamptz"), _more_fraction_digits),
        (("timestamp", "timestamptz"), ("timestamp(3)", "timestamptz(6)")),
    ),
    TypeRule(
        "timestamptz to timestamp", NARROWING, True,
        "the time zone is dropped: values become local time in the session time zone (use UTC); "
        "nothing fails, but readers see local times",
        _all(_names("timestamptz", "timestamp"), _more_fraction_digits),
        (("timestamptz", "timestamp"), ("timestamptz(3)", "timestamp")),
    ),
    TypeRule(
        "time zone change with fewer fractional seconds", NARROWING, False,
        "fractional seconds are rounded and the time zone changes meaning; "
        "the pre-check counts the rows that would change",
        _timestamps, (("timestamp(6)", "timestamptz(3)"), ("timestamptz", "timestamp(0)")),
    ),
    TypeRule(
        "date to timestamp", ADDITIVE, True, "each date becomes midnight of that day",
        _names("date", _TIMESTAMPS), (("date", "timestamp"), ("date", "timestamptz(0)")),
    ),
    TypeRule(
        "timestamp to date", NARROWING, False,
        "the time of day is dropped; the pre-check counts the rows that would change",
        _names(_TIMESTAMPS, "date"), (("timestamp", "date"), ("timestamptz(3)", "date")),
    ),
    TypeRule(
        "json to jsonb", ADDITIVE, True,
        "jsonb keeps every value, though not its formatting, key order or duplicate keys",
        _names("json", "jsonb"), (("json", "jsonb"),),
    ),
    TypeRule(
        "jsonb to json", ADDITIVE, True, "json keeps jsonb's text form exactly",
        _names("jsonb", "json"), (("jsonb", "json"),),
    ),
)  # fmt: skip


def type_rule(old: ColumnType, new: ColumnType, dialect: str) -> TypeRule | None:
    """The rule for changing ``old`` to ``new`` on ``dialect``; ``None``: incompatible.

    Arrays follow their element types; the number of dimensions cannot change.
    """
    if old.array_dims != new.array_dims:
        return None
    old_element, new_element = old.element, new.element
    return next(
        (rule for rule in TYPE_RULES if dialect in rule.dialects and rule.applies(old_element, new_element)),
        None,
    )


def incompatible_reason(table: str, column: str, old: ColumnType, new: ColumnType) -> str:
    """Why ``old`` → ``new`` is refused, and the ``--cast`` that would allow it."""
    if new.element.name in _CHARACTER and not new.array_dims:
        why = (
            "every value has a text form, but the column would compare, sort and validate as text, "
            "and the way back needs a cast too"
        )
    else:
        why = "no automatic conversion keeps every value"
    return (
        f"{old} → {new}: {why}; give --cast {table}.{column}=EXPR "
        f"(for example --cast '{table}.{column}=CAST({column} AS {new})')"
    )


def _type_reason(rule: TypeRule, old: ColumnType, new: ColumnType, dialect: str, in_place: bool) -> str:
    storage = _SQLITE_STORAGE.get(old.name, old.name)
    reason = f"{old} → {new}: " + rule.reason.format(old=old, new=new, storage=storage)
    if dialect == "sqlite":
        return f"{reason}; SQLite changes a declared type by rebuilding the table"
    if in_place:
        return f"{reason}; in place, no table rewrite"
    if rule.change_class == ADDITIVE:
        return f"{reason}; PostgreSQL rewrites the table for it, so it ships as shadow column, batched copy, swap"
    return reason


def _classify_type_change(change: AlterColumnType, dialect: str) -> Classification:
    rule = type_rule(change.old_type, change.new_type, dialect)
    if rule is None:
        # The diff reports this as an error; a reverse() of a cast conversion lands here.
        reason = incompatible_reason(change.table, change.column, change.old_type, change.new_type)
        return Classification(NARROWING, False, True, reason)
    in_place = dialect in rule.in_place and not change.old_type.array_dims
    backfill = rule.change_class == ADDITIVE and not in_place
    reason = _type_reason(rule, change.old_type, change.new_type, dialect, in_place)
    return Classification(rule.change_class, rule.reversible, backfill, reason)


def rule_for(change: Change) -> Rule:
    """The first row of :data:`RULES` that matches ``change``."""
    return next(rule for rule in RULES if change.op in rule.ops and rule.when(change))


def _sensitive_note(change: Change) -> str:
    """Say so when the data a change removes was tagged ``pii`` or ``sensitive``."""
    columns: tuple[Column, ...] = ()
    tags: tuple[str, ...] = ()
    if isinstance(change, DropColumn):
        columns = (change.definition,)
    elif isinstance(change, DropTable):
        columns, tags = change.definition.columns, change.definition.tags
    tagged = sorted(
        {t for t in tags if t in SENSITIVE_TAGS} | {t for c in columns for t in c.tags if t in SENSITIVE_TAGS}
    )
    return f"; the data is tagged {' and '.join(tagged)}" if tagged else ""


def classify(change: Change, *, dialect: str) -> Classification:
    """Class, reversibility, backfill and a one-line reason for ``change`` on ``dialect``."""
    if isinstance(change, AlterColumnType) and change.cast is None:
        return _classify_type_change(change, dialect)
    rule = rule_for(change)
    reason = rule.reason.format(c=change) + _sensitive_note(change)
    note = DIALECT_NOTES.get((rule.name, dialect))
    if note:
        reason = f"{reason}; {note}"
    return Classification(rule.change_class, rule.reversible, rule.backfill, reason)
