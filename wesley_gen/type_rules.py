"""Type changes: which old → new column types convert without losing a value.

The diff refuses a type change no rule covers (unless the user gives a ``--cast``),
classification takes each change's class and reason from its rule, and contracts build
the pre-check of each narrowing rule.  All three read this one table, so it sits before
them in the pipeline.  Rules name the type pairs they were written for in ``examples``;
the tests check each rule against them.

Converting any other type *to* text is deliberately not automatic: every value has a
text form, but the column would then compare, sort and validate as text, and the way
back is never automatic, so it needs an explicit ``--cast`` like any other conversion.

The change classes are named here, the first place that needs them; ``classify``
re-exports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wesley_gen.model import INTERVAL_FIELDS, ColumnType, precision

ADDITIVE, NARROWING, DESTRUCTIVE, RENAME = "additive", "narrowing", "destructive", "rename"
# Who may read or write grows: a grant, a permissive policy, a policy loosened, row-level
# security switched off (issue 15); refused like a destructive change unless allowed.
ACCESS_WIDENING = "access-widening"
POSTGRES, SQLITE = frozenset({"postgres"}), frozenset({"sqlite"})
BOTH = POSTGRES | SQLITE

_INTEGER_BYTES = {"smallint": 2, "integer": 4, "bigint": 8}
_INTEGER_DIGITS = {"smallint": 5, "integer": 10, "bigint": 19}
# Integer → float pairs where the float's mantissa holds every integer exactly.
_EXACT_IN_FLOAT = frozenset(
    {("smallint", "real"), ("smallint", "double precision"), ("integer", "double precision")}
)
_CHARACTER = frozenset({"char", "varchar", "text"})
_VARYING = frozenset({"varchar", "text"})
_FRACTIONAL_SECONDS = frozenset(
    {"time", "timetz", "timestamp", "timestamptz", "interval"}
    | {f"interval {fields}" for fields in INTERVAL_FIELDS.values() if fields.endswith("second")}
)
_TIMESTAMPS = frozenset({"timestamp", "timestamptz"})
# SQLite's storage classes for the types that share one: values keep their class whatever
# the declared type, and SQLite enforces no declared size.
SQLITE_STORAGE = {
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
# The same clock with and without a time zone: timestamp and timestamptz, time and timetz.
_ZONE_PAIRS = frozenset({("timestamp", "timestamptz"), ("time", "timetz")})


def _zone_changes(o: ColumnType, n: ColumnType) -> bool:
    return (o.name, n.name) in _ZONE_PAIRS or (n.name, o.name) in _ZONE_PAIRS


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
        lambda o, n: SQLITE_STORAGE.get(o.name, o.name) == SQLITE_STORAGE.get(n.name, n.name),
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
         ("interval(2)", "interval"), ("interval day to second(3)", "interval day to second")),
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
        "time to timetz", ADDITIVE, True,
        "values are given the UTC offset of the session time zone (use UTC)",
        _all(_names("time", "timetz"), _more_fraction_digits),
        (("time", "timetz"), ("time(3)", "timetz(6)")),
    ),
    TypeRule(
        "timetz to time", NARROWING, False,
        "the UTC offset is dropped and the time of day kept as written (10:00+05 becomes 10:00); "
        "nothing fails, but the offsets cannot come back",
        _all(_names("timetz", "time"), _more_fraction_digits),
        (("timetz", "time"), ("timetz(3)", "time")),
    ),
    TypeRule(
        "time zone change with fewer fractional seconds", NARROWING, False,
        "fractional seconds are rounded and the time zone changes meaning; "
        "the pre-check counts the rows that would change",
        _zone_changes,
        (("timestamp(6)", "timestamptz(3)"), ("timestamptz", "timestamp(0)"), ("time", "timetz(0)")),
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
        "macaddr to macaddr8", ADDITIVE, True,
        "{new} holds every {old} value (FF:FE inserted in the middle, as PostgreSQL's cast does)",
        _names("macaddr", "macaddr8"), (("macaddr", "macaddr8"),), dialects=POSTGRES,
    ),
    TypeRule(
        "macaddr8 to macaddr", NARROWING, True,
        "values whose 4th and 5th bytes are not FF:FE would fail; the pre-check counts them",
        _names("macaddr8", "macaddr"), (("macaddr8", "macaddr"),), dialects=POSTGRES,
    ),
    TypeRule(
        "cidr to inet", ADDITIVE, True, "{new} holds every {old} value as it is",
        _names("cidr", "inet"), (("cidr", "inet"),), in_place=POSTGRES, dialects=POSTGRES,
    ),
    TypeRule(
        "inet to cidr", NARROWING, True,
        "values with bits set right of their netmask (a host address in a network) would fail; "
        "the pre-check counts them",
        _names("inet", "cidr"), (("inet", "cidr"),), dialects=POSTGRES,
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
