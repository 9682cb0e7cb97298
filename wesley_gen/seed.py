"""Seed data for a test database: generated rows, fixture files, and a fast writer.

:func:`seed_data` makes the rows (pure), :func:`read_fixtures` reads fixture files and
:func:`insert_seed` writes the rows to SQLite or PostgreSQL in one transaction.

Generated rows follow these rules:

* **Order.** Tables are filled parents first.  A nullable foreign key to a table that is
  filled later (a cycle) is NULL; a cycle of required foreign keys is an :class:`InputError`.
* **Keys are plain.** Primary-key and counter (``nextval``) columns get 1..N, deterministic
  uuids, ``'1'``..``'N'``, never an awkward value.  On PostgreSQL :func:`insert_seed` then
  moves their sequences past the largest value, so later inserts still work.
* **Awkward values**, because that is where migrations break, fill the first rows of every
  table: empty, accented, CJK and astral-plane text, quotes and backslashes, padded and
  multi-line text, max-length strings, each integer type's minimum and maximum, the largest
  ``numeric(p,s)`` and its smallest fraction, 0001-01-01 / 9999-12-31 / 2000-02-29, empty and
  nested JSON, empty bytes, and one NULL per nullable column.  Value *k* of a column's list goes
  to row *k*; the values its own checks or length refuse are left out.  No NaN or Infinity
  (SQLite stores NaN as NULL), no time that Python cannot read back.
* **Plain values differ row by row** wherever the type has room (text, numbers, dates, uuids,
  JSON…), unique or not, so a unique constraint that a later migration adds holds on generated
  rows; only booleans, enums, small check-bounded ranges and foreign keys repeat.  They are
  numbered draws, scattered by the seed, with awkward values (used once each) in between.
* **Unique sets** (primary key, unique constraints, unique indexes): every row is checked
  against every set; a row that collides is drawn again (up to 16 times, only the columns at
  fault), else left out.  A set with few possible values (a boolean, an enum, a bounded
  integer, a one-to-one foreign key) so caps its table, with a note.
* **Foreign keys** copy every column from one actual parent row (fixtures included); a self
  reference points at an earlier row or at the row itself.
* **Checks** are read with sqlglot.  Understood: a column compared with a literal or with a
  column of its kind, ``BETWEEN``, ``IN``, ``LIKE``, ``length``/``char_length(col) op n``,
  ``IS [NOT] NULL``, and AND / OR / NOT of those.  Their bounds steer the values and each row
  is evaluated against them.  A check that is not understood (a regular expression, arithmetic,
  a function) gives the columns it mentions plain values only (no awkward value, no NULL), and
  :func:`insert_seed` then skips, by a savepoint per row, the rows of that table the database
  refuses; the counts it returns say how many rows each table kept.
* **Deterministic**: every random choice comes from a ``random.Random`` seeded with text that
  names the seed, the table and the column, so the same schema, rows, seed and fixtures give the
  same rows in any process, and another seed gives other values (keys stay 1..N).

Fixture files are ``DIR/<table>.json`` (a JSON array of objects) or ``DIR/<table>.csv`` (UTF-8,
a header row of column names).  **In a CSV file an empty cell is NULL**: write an empty string in
a JSON file.  Values are converted to the column's type (``"12"`` → 12, ``"true"`` → TRUE, a JSON
object → JSON text, a JSON list → an array literal).  A table's fixture rows replace its
generated rows; a key missing from one row is NULL there, and a column that no row names is left
to the database's default.
"""

from __future__ import annotations

import csv
import json
import math
import operator
import random
import re
import sqlite3
import struct
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wesley_gen.errors import DatabaseError, InputError, Location, UsageError, WesleyGenError, redact
from wesley_gen.model import Column, ColumnType, ForeignKey, Schema, Table

if TYPE_CHECKING:
    import psycopg
    from psycopg import sql
    from sqlglot import exp


@dataclass(frozen=True, slots=True)
class TableRows:
    """The rows for one table, as Python values in ``columns`` order."""

    table: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]  # None, bool, int, float, Decimal, str, bytes
    source: str  # "generated" or the fixture file's path


@dataclass(frozen=True, slots=True)
class SeedData:
    tables: tuple[TableRows, ...]  # insertion order: parents before children
    notes: tuple[str, ...]  # one line each, e.g. why a table got fewer rows than asked


class Fixtures(dict[str, list[dict[str, Any]]]):
    """Fixture rows by table as :func:`read_fixtures` returns them; ``paths`` names each table's file."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: dict[str, str] = {}


GENERATED = "generated"
_ATTEMPTS = 16  # draws of one row before it is left out
_GIVE_UP = 50  # rows left out in a row before a table stops growing
_EXACT = Context(prec=400)  # numeric(1000, s) still divides exactly
_NO: Any = object()  # a value the column's type and checks leave no room for
_UNSET: Any = object()  # a foreign-key column no group has filled yet
_UUIDS = uuid.UUID("6f1d0c52-8d1e-4a5c-9a53-7b1f3c0e2d41")  # namespace of key uuids

_WORDS = (
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
    "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa",
)  # fmt: skip
_AWKWARD_TEXT = (
    "",
    "café naïve Ångström",
    "日本語のテキスト",
    "🦆 emoji 𝄞",
    'O\'Brien said "hi" \\ back\\slash',
    "  padded  ",
    "line one\nline two\ttabbed\r\n",
    "NULL",
    "\\N",
    "0",
    "Robert'); DROP TABLE students;--",
)
_LONG_TEXT = 200  # length of the long string a text column without a limit gets


class _Unreadable(Exception):
    """A check, or a part of one, that this module does not understand."""


# --- what a check says about one column -----------------------------------------------


@dataclass(slots=True)
class _Restriction:
    """Bounds a column's checks put on its values (keys in the column's comparison space)."""

    lo: Any = None
    lo_strict: bool = False
    hi: Any = None
    hi_strict: bool = False
    allowed: list[Any] | None = None
    min_len: int = 0
    max_len: int | None = None
    like: str | None = None
    not_null: bool = False

    def at_least(self, key: Any, strict: bool) -> None:
        if self.lo is None or key > self.lo or (key == self.lo and strict):
            self.lo, self.lo_strict = key, strict

    def at_most(self, key: Any, strict: bool) -> None:
        if self.hi is None or key < self.hi or (key == self.hi and strict):
            self.hi, self.hi_strict = key, strict

    def only(self, keys: list[Any]) -> None:
        self.allowed = keys if self.allowed is None else [k for k in self.allowed if k in keys]

    def length(self, op: str, n: Decimal) -> None:
        floor = int(n.to_integral_value(rounding=ROUND_FLOOR))
        ceiling = int(n.to_integral_value(rounding=ROUND_CEILING))
        low = {"gt": floor + 1, "ge": ceiling, "eq": ceiling}.get(op)
        high = {"lt": ceiling - 1, "le": floor, "eq": floor}.get(op)
        if low is not None:
            self.min_len = max(self.min_len, low)
        if high is not None:
            self.max_len = high if self.max_len is None else min(self.max_len, high)


# --- value kinds: how one column's values are made and compared ------------------------


class _Kind:
    """How values of one column type are made, compared in checks and told apart by uniques."""

    family = "other"  # columns of one family compare with each other; "other" never
    ordered = False  # <, <=, >, >= and BETWEEN are understood
    sized = False  # length() is understood

    def __init__(self) -> None:
        self.rng = random.Random(0)
        self.shift = 0
        self.allowed: list[Any] | None = None

    def key(self, value: Any) -> Any:
        return value

    def unique_key(self, value: Any) -> Any:
        """The value as the database's equality sees it."""
        return self.key(value)

    def literal(self, value: Any) -> Any:
        raise _Unreadable

    def length(self, value: Any) -> int:
        raise _Unreadable

    def from_key(self, key: Any) -> Any:
        return key

    def awkward(self) -> list[Any]:
        return []

    def restrict(self, restriction: _Restriction, rng: random.Random) -> None:
        self.rng = rng
        self.shift = rng.randrange(1 << 20)
        if restriction.allowed is not None:
            values = (self.from_key(k) for k in restriction.allowed)
            self.allowed = [v for v in values if v is not _NO]

    def roomy(self) -> bool:
        """Whether values can differ row by row, so that a unique constraint added later holds."""
        return self.allowed is None

    def pick(self, d: int | None) -> Any:
        """One of the values a check allows: any (d is None) or the d-th."""
        assert self.allowed is not None
        if not self.allowed:
            return _NO
        if d is None:
            return self.allowed[self.rng.randrange(len(self.allowed))]
        return self.allowed[(self.shift + d) % len(self.allowed)]

    def regular(self, d: int | None) -> Any:
        """A plain value: any (d is None), or the d-th of values that all differ."""
        return self.pick(d) if self.allowed is not None else self.make(d)

    def make(self, d: int | None) -> Any:
        raise NotImplementedError

    def plain(self, r: int) -> Any:
        """The key value of row r: simple and different for every row."""
        return self.regular(r)


class _Lattice(_Kind):
    """Ordered values on a grid: value = k steps of ``unit`` (in key space)."""

    ordered = True
    family = "number"
    unit = Decimal(1)
    start = 1  # where plain values begin, in steps
    spread = 1000  # how far random values reach from there

    def __init__(self, k_min: int, k_max: int, awkward: Sequence[Any]) -> None:
        super().__init__()
        self.lo, self.hi = k_min, k_max
        self.window = (k_min, k_max)
        self.stride = 1
        self._awkward = list(awkward)

    def value(self, k: int) -> Any:
        return k

    def literal(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return value
        if isinstance(value, str):
            try:
                return Decimal(value.strip())
            except InvalidOperation:
                raise _Unreadable from None
        raise _Unreadable

    def from_key(self, key: Any) -> Any:
        steps = _EXACT.divide(Decimal(key), self.unit)
        if steps != steps.to_integral_value() or not self.lo <= steps <= self.hi:
            return _NO
        return self.value(int(steps))

    def awkward(self) -> list[Any]:
        return list(self._awkward)

    def restrict(self, restriction: _Restriction, rng: random.Random) -> None:
        if restriction.lo is not None:
            self.lo = max(self.lo, _steps(restriction.lo, self.unit, up=True, strict=restriction.lo_strict))
        if restriction.hi is not None:
            self.hi = min(self.hi, _steps(restriction.hi, self.unit, up=False, strict=restriction.hi_strict))
        super().restrict(restriction, rng)
        start = min(max(self.start, self.lo), self.hi)
        top = min(self.hi, start + self.spread)
        self.window = (max(self.lo, top - self.spread), top)
        width = max(1, top - self.window[0] + 1)
        self.shift = rng.randrange(width)
        self.stride = rng.randrange(width // 3, width) | 1 if width > 2 else 1
        while math.gcd(self.stride, width) != 1:  # a stride coprime with the width visits every value
            self.stride += 1

    def roomy(self) -> bool:
        return super().roomy() and self.hi - self.lo >= 10_000

    def make(self, d: int | None) -> Any:
        if self.lo > self.hi:
            return _NO
        low, high = self.window
        if d is None:
            return self.value(self.rng.randint(low, high))
        # The d-th value: window-sized blocks, each a scattered permutation of its values.
        width = high - low + 1
        block, offset = divmod(d, width)
        k = low + block * width + (offset * self.stride + self.shift) % width
        return self.value(self.lo + (k - self.lo) % (self.hi - self.lo + 1))

    def plain(self, r: int) -> Any:
        if self.allowed is not None:
            return self.allowed[r] if r < len(self.allowed) else _NO
        size = self.hi - self.lo + 1
        return self.value(self.lo + (self.window[0] - self.lo + r) % size) if r < size else _NO


def _steps(bound: Any, unit: Decimal, *, up: bool, strict: bool) -> int:
    """The first grid step at or above (``up``) or at or below a bound."""
    exact = _EXACT.divide(Decimal(bound), unit)
    k = int(exact.to_integral_value(rounding=ROUND_CEILING if up else ROUND_FLOOR))
    if strict and k == exact:
        k += 1 if up else -1
    return k


class _Integer(_Lattice):
    spread = 10_000

    def __init__(self, low: int, high: int) -> None:
        super().__init__(low, high, [v for v in (low, high, 0, -1) if low <= v <= high])


class _Numeric(_Lattice):
    spread = 100_000

    def __init__(self, params: tuple[int, ...]) -> None:
        if params:
            digits, self.scale = params[0], params[1] if len(params) > 1 else 0
            self.unit = Decimal(1).scaleb(-self.scale, _EXACT)
            top = 10**digits - 1
            super().__init__(-top, top, [])
            self._awkward = [self.value(top), self.value(-top), Decimal(0)]
            if self.scale > 0:
                self._awkward += [self.value(1), self.value(-1)]
        else:
            self.scale, self.unit = 2, Decimal("0.01")
            super().__init__(-(10**20), 10**20, [])
            self._awkward = [
                Decimal("123456789012345678901234567890.123456789012"),
                Decimal("-0.000000000000000000001"),
                Decimal(0),
                Decimal(-(10**30)),
            ]

    def value(self, k: int) -> Any:
        return Decimal(k).scaleb(-self.scale, _EXACT)


class _Money(_Lattice):
    unit = Decimal("0.01")
    spread = 100_000

    def __init__(self) -> None:
        super().__init__(-(2**63), 2**63 - 1, [])
        self._awkward = [self.value(2**63 - 1), self.value(-(2**63)), Decimal("0.00"), Decimal("0.01")]

    def value(self, k: int) -> Any:
        return Decimal(k).scaleb(-2, _EXACT)


class _Float(_Lattice):
    """Grid values k/1024 are exact in a double, and in a ``real`` up to 16384 (uniques compare rounded)."""

    unit = Decimal(1) / 1024
    start = 0
    spread = 1 << 20

    def __init__(self, single: bool) -> None:
        self.single = single
        big, tiny = (3.4e38, 1e-37) if single else (1.7976931348623157e308, 2.2250738585072014e-308)
        super().__init__(-(2**40), 2**40, [0.0, -0.0, big, -big, tiny, 0.1, 1 / 3])

    def value(self, k: int) -> Any:
        return k / 1024

    def unique_key(self, value: Any) -> Any:
        return float(struct.unpack("f", struct.pack("f", value))[0]) if self.single else float(value)


_EPOCH = datetime(1, 1, 1)
_MICRO = timedelta(microseconds=1)


def _fraction(text: str, digits: int) -> str:
    """``text`` (ending in six fractional digits) cut to a time precision."""
    head, _, tail = text.partition(".")
    return head if digits == 0 else f"{head}.{tail[:digits]}"


class _Date(_Lattice):
    family = "date"
    start = date(2000, 1, 1).toordinal()
    spread = 365 * 25

    def __init__(self) -> None:
        super().__init__(1, date.max.toordinal(), ["0001-01-01", "9999-12-31", "2000-02-29", "1970-01-01"])

    def value(self, k: int) -> Any:
        return date.fromordinal(k).isoformat()

    def key(self, value: Any) -> Any:
        try:
            return date.fromisoformat(value).toordinal()
        except (TypeError, ValueError):
            return None  # a fixture's spelling: the database judges it

    def literal(self, value: Any) -> Any:
        if not isinstance(value, str):
            raise _Unreadable
        try:
            return date.fromisoformat(value.strip()).toordinal()
        except ValueError:
            raise _Unreadable from None


class _Timestamp(_Lattice):
    """Keys are microseconds since 0001-01-01 (UTC with a time zone); steps are seconds."""

    family = "timestamp"
    unit = Decimal(1_000_000)
    start = (datetime(2020, 1, 1) - _EPOCH) // timedelta(seconds=1)
    spread = 5 * 365 * 86_400

    def __init__(self, digits: int, zoned: bool) -> None:
        self.zoned = zoned
        top = (datetime(9999, 12, 31, 23, 59, 59) - _EPOCH) // timedelta(seconds=1)
        if zoned:  # a day from either end: any session time zone still reads them
            awkward = [
                "0001-01-02 00:00:00+00",
                _fraction("9999-12-30 23:59:59.999999", digits) + "+00",
                "2000-02-29 23:30:00+05:30",
                "1970-01-01 00:00:00+00",
            ]
        else:
            awkward = [
                "0001-01-01 00:00:00",
                _fraction("9999-12-31 23:59:59.999999", digits),
                _fraction("2000-02-29 12:34:56.789012", digits),
                "1970-01-01 00:00:00",
            ]
        super().__init__(0, top, awkward)

    def value(self, k: int) -> Any:
        return (_EPOCH + timedelta(seconds=k)).isoformat(" ") + ("+00" if self.zoned else "")

    def key(self, value: Any) -> Any:
        try:
            moment = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return None
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        return (moment - _EPOCH) // _MICRO

    def literal(self, value: Any) -> Any:
        if not isinstance(value, str) or self.key(value.strip()) is None:
            raise _Unreadable
        return self.key(value.strip())


class _Time(_Lattice):
    family = "time"
    unit = Decimal(1_000_000)
    start = 9 * 3600
    spread = 8 * 3600

    def __init__(self, digits: int) -> None:
        awkward = ["00:00:00", _fraction("23:59:59.999999", digits), _fraction("12:34:56.789012", digits)]
        super().__init__(0, 86_399, awkward)

    def value(self, k: int) -> Any:
        return f"{k // 3600:02d}:{k // 60 % 60:02d}:{k % 60:02d}"

    def key(self, value: Any) -> Any:
        try:
            moment = time.fromisoformat(value)
        except (TypeError, ValueError):
            return None
        return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1_000_000 + moment.microsecond

    def literal(self, value: Any) -> Any:
        if not isinstance(value, str) or self.key(value.strip()) is None:
            raise _Unreadable
        return self.key(value.strip())


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        n, rest = divmod(n, 36)
        text = digits[rest] + text
        if n == 0:
            return text


def _like_fill(pattern: str, filler: str) -> str:
    """A string ``LIKE pattern`` accepts: the first ``%`` becomes ``filler``."""
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            out.append(pattern[i + 1])
            i += 1
        elif char == "%":
            out.append(filler)
            filler = ""
        else:
            out.append("x" if char == "_" else char)
        i += 1
    return "".join(out)


def _like_regex(pattern: str, fold: bool) -> re.Pattern[str]:
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 1
        else:
            out.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        i += 1
    return re.compile("".join(out), re.S | (re.I if fold else 0))


class _Text(_Kind):
    family = "text"
    sized = True

    def __init__(self, limit: int | None, *, padded: bool, folded: bool, email: bool) -> None:
        super().__init__()
        self.limit = limit
        self.padded = padded  # char(n): trailing spaces do not count
        self.folded = folded  # citext: case does not count
        self.email = email
        self.min_len, self.max_len = 0, limit
        self.like: str | None = None
        self.capacity = 1 << 62

    def key(self, value: Any) -> Any:
        if self.padded:
            value = value.rstrip(" ")
        return value.lower() if self.folded else value

    def literal(self, value: Any) -> Any:
        if not isinstance(value, str):
            raise _Unreadable
        return self.key(value)

    def length(self, value: Any) -> int:
        return len(value.rstrip(" ") if self.padded else value)

    def awkward(self) -> list[Any]:
        values = list(_AWKWARD_TEXT)
        size = _LONG_TEXT if self.limit is None else self.limit
        if size <= 2000:  # longer ones would not fit in a btree index entry
            values.append(("Zé日🦆" * size)[:size] if size <= _LONG_TEXT else "x" * size)
        if self.limit is not None:
            values = [v[: self.limit] for v in values]
        return [v.rstrip(" ") for v in values] if self.padded else values

    def restrict(self, restriction: _Restriction, rng: random.Random) -> None:
        super().restrict(restriction, rng)
        self.min_len = restriction.min_len
        if restriction.max_len is not None:
            self.max_len = restriction.max_len if self.limit is None else min(self.limit, restriction.max_len)
        self.like = restriction.like
        # Short columns: numbered values wrap within what fits (uniques then cap the table).
        self.capacity = 36**self.max_len if self.max_len is not None and self.max_len < 12 else 1 << 62

    def roomy(self) -> bool:
        return super().roomy() and self.capacity >= 10_000

    def make(self, d: int | None) -> Any:
        rng = self.rng
        word = _WORDS[rng.randrange(len(_WORDS))]
        core = None if d is None else _base36((self.shift + d) % self.capacity)
        if self.like is not None:
            text = _like_fill(self.like, word if core is None else f"{word}-{core}")
        elif self.email:
            text = f"{word}.{rng.randrange(10_000) if core is None else core}@example.com"
        elif core is not None:
            text = f"{word}-{core}"
        else:
            text = f"{word} {_WORDS[rng.randrange(len(_WORDS))]} {rng.randrange(1000)}"
        return self._fit(text, core)

    def plain(self, r: int) -> Any:
        if self.allowed is not None:
            return self.allowed[r] if r < len(self.allowed) else _NO
        text = str(r + 1)
        if self.max_len is not None and len(text) > self.max_len:
            text = _base36(r + 1)
        return self._fit(_like_fill(self.like, text) if self.like else text, text)

    def _fit(self, text: str, core: str | None) -> Any:
        if self.max_len is not None and len(text) > self.max_len:
            if core is None:
                text = text[: self.max_len].rstrip(" ")
            elif len(core) <= self.max_len:
                text = core
            else:
                return _NO
        if len(text) < self.min_len:
            text = core.zfill(self.min_len) if text == core else text.rjust(self.min_len, "_")
        return text


class _Bool(_Kind):
    family = "bool"

    def roomy(self) -> bool:
        return False

    def literal(self, value: Any) -> Any:
        if isinstance(value, bool) or value in (0, 1):  # SQLite spells them 0 and 1
            return bool(value)
        raise _Unreadable

    def make(self, d: int | None) -> Any:
        return self.rng.random() < 0.5 if d is None else (self.shift + d) % 2 == 1

    def plain(self, r: int) -> Any:
        return (r % 2 == 1) if r < 2 else _NO


class _Enum(_Kind):
    family = "enum"

    def __init__(self, labels: tuple[str, ...]) -> None:
        super().__init__()
        self.labels = labels

    def literal(self, value: Any) -> Any:
        if isinstance(value, str) and value in self.labels:
            return value
        raise _Unreadable

    def roomy(self) -> bool:
        return False

    def awkward(self) -> list[Any]:
        return [self.labels[-1]] if self.labels else []

    def make(self, d: int | None) -> Any:
        if not self.labels:
            return _NO
        if d is None:
            return self.labels[self.rng.randrange(len(self.labels))]
        return self.labels[(self.shift + d) % len(self.labels)]

    def plain(self, r: int) -> Any:
        return self.labels[r] if r < len(self.labels) else _NO


class _Uuid(_Kind):
    family = "uuid"

    def __init__(self, table: str) -> None:
        super().__init__()
        self.table = table

    def key(self, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value

    def literal(self, value: Any) -> Any:
        if isinstance(value, str):
            return value.lower()
        raise _Unreadable

    def awkward(self) -> list[Any]:
        return ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"]

    def make(self, d: int | None) -> Any:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def plain(self, r: int) -> Any:
        return str(uuid.uuid5(_UUIDS, f"{self.table}/{r + 1}"))


class _Json(_Kind):
    def __init__(self, binary: bool) -> None:
        super().__init__()
        self.binary = binary

    def unique_key(self, value: Any) -> Any:
        if not self.binary:
            return value
        try:
            return json.dumps(json.loads(value), sort_keys=True)
        except ValueError:
            return value

    def awkward(self) -> list[Any]:
        nested = {"ключ": "值 🦆", "nested": {"a": [1, 2.5, True, None, 'say "hi"\\'], "": {}}}
        return ["{}", "[]", "null", '""', "0", json.dumps(nested, ensure_ascii=False), "[[[[[]]]]]"]

    def make(self, d: int | None) -> Any:
        number = self.rng.randrange(1_000_000) if d is None else self.shift + d
        return json.dumps({"id": number, "tag": _WORDS[self.rng.randrange(len(_WORDS))]})


class _Bytes(_Kind):
    sized = True

    def length(self, value: Any) -> int:
        return len(value)

    def awkward(self) -> list[Any]:
        return [b"", b"\x00", bytes(range(256)), b"'\\\"\n"]

    def make(self, d: int | None) -> Any:
        if d is None:
            return self.rng.randbytes(self.rng.randrange(1, 16))
        return b"seed-" + (self.shift + d).to_bytes(8, "big")


class _Listed(_Kind):
    """A type without comparisons here: fixed awkward values, numbered plain ones."""

    def __init__(
        self, awkward: Sequence[Any], make: Callable[[int], Any], *, plain_unique: bool, room: int = 1 << 62
    ) -> None:
        super().__init__()
        self._awkward = list(awkward)
        self._make = make
        self.plain_unique = plain_unique  # awkward values differ from plain ones as the database compares
        self.room = room  # how many different numbered values there are

    def awkward(self) -> list[Any]:
        return list(self._awkward)

    def roomy(self) -> bool:
        return super().roomy() and self.room >= 10_000

    def make(self, d: int | None) -> Any:
        return self._make(self.rng.randrange(1_000_000) if d is None else self.shift + d)


def _inet(k: int) -> str:
    if k < 1 << 24:
        return f"10.{k >> 16 & 255}.{k >> 8 & 255}.{k & 255}"
    return f"2001:db8:{k >> 32 & 0xFFFF:x}:{k >> 16 & 0xFFFF:x}:{k & 0xFFFF:x}::1"


def _mac(k: int) -> str:
    return ":".join(f"{b:02x}" for b in (2, *(k % (1 << 40)).to_bytes(5, "big")))


def _listed(name: str, params: tuple[int, ...]) -> _Listed | None:
    """The rule for each type that has no comparisons here: awkward values, numbered values."""
    digits = params[0] if params else 6
    if name == "timetz":
        return _Listed(
            ["00:00:00+00", _fraction("23:59:59.999999", digits) + "-12", "12:34:56+05:30"],
            lambda k: f"{k // 3600 % 24:02d}:{k // 60 % 60:02d}:{k % 60:02d}+00",
            plain_unique=False,
            room=86_400,
        )
    if name == "interval":
        return _Listed(
            ["00:00:00", "-1 days", "1 year 2 mons 3 days 04:05:06.789", "1000 years"],
            lambda k: f"{k} minutes",
            plain_unique=False,  # '1 day' equals '24 hours' there
        )
    if name == "inet":
        awkward = ["0.0.0.0", "255.255.255.255", "::1", "192.168.0.1/24", "::ffff:10.0.0.1"]
        return _Listed(awkward, _inet, plain_unique=False)
    if name == "cidr":
        awkward = ["0.0.0.0/0", "::/0", "192.168.0.0/16", "2001:db8::/32"]
        return _Listed(awkward, lambda k: f"{_inet(k)}/{32 if k < 1 << 24 else 128}", plain_unique=False)
    if name == "macaddr":
        return _Listed(["00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"], _mac, plain_unique=True)
    if name == "bit":
        width = params[0] if params else 1
        return _Listed(
            ["0" * width, "1" * width],
            lambda k: format(k % (1 << width), "b").zfill(width),
            plain_unique=False,
            room=1 << width,
        )
    if name == "varbit":
        longest = params[0] if params else 64
        return _Listed(
            ["", "1" * longest],
            lambda k: format(k % (1 << longest), "b"),
            plain_unique=False,
            room=1 << longest,
        )
    if name == "tsvector":
        return _Listed([""], lambda k: f"{_WORDS[k % len(_WORDS)]} w{k}", plain_unique=True)
    return None


def _array_item(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = "\\x" + value.hex() if isinstance(value, bytes) else str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _array_literal(items: Any) -> str:
    """A PostgreSQL array literal from a (nested) Python list."""
    if isinstance(items, list | tuple):
        return "{" + ",".join(_array_literal(item) for item in items) + "}"
    return _array_item(items)


class _Array(_Kind):
    def __init__(self, element: _Kind, dims: int) -> None:
        super().__init__()
        self.element, self.dims = element, dims

    def restrict(self, restriction: _Restriction, rng: random.Random) -> None:
        super().restrict(restriction, rng)
        self.element.restrict(_Restriction(), rng)

    def roomy(self) -> bool:
        return self.element.roomy()

    def awkward(self) -> list[Any]:
        if self.dims > 1:
            return ["{}", "{" * self.dims + "NULL" + "}" * self.dims]
        firsts = [v for v in self.element.awkward()[:4] if v is not _NO]
        return ["{}", "{NULL}", *(_array_literal([v]) for v in firsts), _array_literal(firsts)]

    def make(self, d: int | None) -> Any:
        def shape(level: int, first: bool) -> Any:
            if level == self.dims:
                value = self.element.regular(d if first else None)
                return None if value is _NO else value
            count = 2 if self.dims > 1 else self.rng.randrange(1, 4)
            return [shape(level + 1, first and i == 0) for i in range(count)]

        return _array_literal(shape(0, True))


_INTEGERS = {"smallint": 16, "integer": 32, "bigint": 64}


def _kind(column_type: ColumnType, schema: Schema, table: str, column: str) -> _Kind | None:
    """The kind for a column type; None for types this module does not make values of (xml, …)."""
    if column_type.array_dims:
        element = _kind(column_type.element, schema, table, column)
        return None if element is None else _Array(element, column_type.array_dims)
    name, params = column_type.name, column_type.params
    if name in _INTEGERS:
        bits = _INTEGERS[name]
        return _Integer(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    digits = params[0] if params else 6
    simple: dict[str, Callable[[], _Kind]] = {
        "oid": lambda: _Integer(0, 2**32 - 1),
        "numeric": lambda: _Numeric(params),
        "money": _Money,
        "real": lambda: _Float(True),
        "double precision": lambda: _Float(False),
        "date": _Date,
        "timestamp": lambda: _Timestamp(digits, False),
        "timestamptz": lambda: _Timestamp(digits, True),
        "time": lambda: _Time(digits),
        "boolean": _Bool,
        "uuid": lambda: _Uuid(table),
        "json": lambda: _Json(False),
        "jsonb": lambda: _Json(True),
        "bytea": _Bytes,
    }
    if name in simple:
        return simple[name]()
    if name in {"text", "varchar", "char", "citext"}:
        limit = params[0] if params and name in {"varchar", "char"} else 1 if name == "char" else None
        email = "mail" in column.lower() and (limit is None or limit >= 32)
        return _Text(limit, padded=name == "char", folded=name == "citext", email=email)
    enum = schema.enum(name)
    if enum is not None:
        return _Enum(enum.values)
    return _listed(name, params)


# --- checks: compiled predicates and the bounds they put on columns ---------------------

_Row = Sequence[Any]
_Predicate = Callable[[_Row], Any]  # SQL three-valued: True, False or None
_COMPARE: dict[str, tuple[str, Callable[[Any, Any], bool]]] = {
    "EQ": ("eq", operator.eq),
    "NEQ": ("ne", operator.ne),
    "GT": ("gt", operator.gt),
    "GTE": ("ge", operator.ge),
    "LT": ("lt", operator.lt),
    "LTE": ("le", operator.le),
}
_FLIP = {"eq": "eq", "ne": "ne", "gt": "lt", "ge": "le", "lt": "gt", "le": "ge"}
_OPS: dict[str, Callable[[Any, Any], bool]] = dict(_COMPARE.values())


class _LengthKind(_Lattice):
    """What ``length(col)`` returns: a count compared with number literals."""

    def __init__(self) -> None:
        super().__init__(0, 2**31 - 1, [])


_LENGTH = _LengthKind()


@dataclass(frozen=True, slots=True)
class _Operand:
    get: _Predicate | None  # None: a literal
    kind: _Kind | None = None
    column: str | None = None  # a bare column (not length(column))
    length_of: str | None = None
    literal: Any = None


def _literal(node: exp.Expr) -> Any:
    from sqlglot import exp

    if isinstance(node, exp.Paren):
        return _literal(node.this)
    if isinstance(node, exp.Literal):
        return node.this if node.is_string else Decimal(node.this)
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal) and not node.this.is_string:
        return -Decimal(node.this.this)
    if isinstance(node, exp.Boolean):
        return bool(node.this)
    raise _Unreadable


def _operand(node: exp.Expr, columns: Mapping[str, tuple[int, _Kind]]) -> _Operand:
    from sqlglot import exp

    if isinstance(node, exp.Paren):
        return _operand(node.this, columns)
    if isinstance(node, exp.Column):
        if node.table or node.name not in columns:
            raise _Unreadable
        position, kind = columns[node.name]
        key = kind.key

        def get(row: _Row) -> Any:
            value = row[position]
            return None if value is None else key(value)

        return _Operand(get, kind, column=node.name)
    if isinstance(node, exp.Length):
        inner = _operand(node.this, columns)
        if inner.column is None or inner.kind is None or not inner.kind.sized:
            raise _Unreadable
        position, kind = columns[inner.column]
        size = kind.length

        def get_length(row: _Row) -> Any:
            value = row[position]
            return None if value is None else size(value)

        return _Operand(get_length, _LENGTH, length_of=inner.column)
    return _Operand(None, literal=_literal(node))


def _comparison(op: str, left: _Operand, right: _Operand) -> _Predicate:
    if left.get is None:
        left, right, op = right, left, _FLIP[op]
    if left.get is None or left.kind is None:
        raise _Unreadable
    kind, get, check = left.kind, left.get, _OPS[op]
    if op not in {"eq", "ne"} and not kind.ordered:
        raise _Unreadable
    if right.get is None:
        constant = kind.literal(right.literal)
        return lambda row: None if (value := get(row)) is None else check(value, constant)
    other = right.get
    if right.kind is None or right.kind.family != kind.family or kind.family == "other":
        raise _Unreadable

    def compare(row: _Row) -> Any:
        a, b = get(row), other(row)
        return None if a is None or b is None else check(a, b)

    return compare


def _and(a: Any, b: Any) -> Any:
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def _or(a: Any, b: Any) -> Any:
    if a is True or b is True:
        return True
    return None if a is None or b is None else False


def _compile(node: exp.Expr, columns: Mapping[str, tuple[int, _Kind]]) -> _Predicate:
    """A check as a Python predicate over a row; raises :class:`_Unreadable` for anything else."""
    from sqlglot import exp

    if isinstance(node, exp.Paren):
        return _compile(node.this, columns)
    if isinstance(node, exp.And | exp.Or):
        a, b = _compile(node.this, columns), _compile(node.expression, columns)
        join = _and if isinstance(node, exp.And) else _or
        return lambda row: join(a(row), b(row))
    if isinstance(node, exp.Not):
        inner = _compile(node.this, columns)
        return lambda row: None if (value := inner(row)) is None else not value
    if isinstance(node, exp.Boolean):
        constant = bool(node.this)
        return lambda row: constant
    if isinstance(node, exp.Is) and isinstance(node.expression, exp.Null):
        target = _operand(node.this, columns)
        if target.column is None:
            raise _Unreadable
        position, negate = columns[target.column][0], bool(node.args.get("negate"))
        return lambda row: (row[position] is not None) if negate else (row[position] is None)
    if isinstance(node, exp.Column):
        target = _operand(node, columns)
        if target.kind is None or target.kind.family != "bool" or target.get is None:
            raise _Unreadable
        return target.get
    kind_name = type(node).__name__
    if kind_name in _COMPARE:
        return _comparison(
            _COMPARE[kind_name][0], _operand(node.this, columns), _operand(node.expression, columns)
        )
    if isinstance(node, exp.Between):
        subject = _operand(node.this, columns)
        low = _comparison("ge", subject, _operand(node.args["low"], columns))
        high = _comparison("le", subject, _operand(node.args["high"], columns))
        return lambda row: _and(low(row), high(row))
    if isinstance(node, exp.In):
        subject = _operand(node.this, columns)
        if subject.get is None or subject.kind is None or node.args.get("query") or node.args.get("unnest"):
            raise _Unreadable
        kind, get = subject.kind, subject.get
        items = [i for i in node.expressions if not isinstance(i, exp.Null)]
        has_null = len(items) < len(node.expressions)
        members = [kind.literal(_literal(i)) for i in items]

        def within(row: _Row) -> Any:
            value = get(row)
            if value is None:
                return None
            return True if value in members else (None if has_null else False)

        return within
    if isinstance(node, exp.Like | exp.ILike):
        subject = _operand(node.this, columns)
        pattern = _literal(node.expression)
        if subject.kind is None or subject.kind.family != "text" or not isinstance(pattern, str):
            raise _Unreadable
        text, regex = subject.get, _like_regex(pattern, isinstance(node, exp.ILike))
        assert text is not None
        return lambda row: None if (value := text(row)) is None else regex.fullmatch(value) is not None
    raise _Unreadable


def _conjuncts(node: exp.Expr) -> Iterator[exp.Expr]:
    from sqlglot import exp

    while isinstance(node, exp.Paren):
        node = node.this
    if isinstance(node, exp.And):
        yield from _conjuncts(node.this)
        yield from _conjuncts(node.expression)
    else:
        yield node


def _unguarded(node: exp.Expr) -> exp.Expr:
    """``col IS NULL OR x`` says about col's other values what x says."""
    from sqlglot import exp

    if not isinstance(node, exp.Or):
        return node
    guard: exp.Expr
    rest: exp.Expr
    for guard, rest in ((node.this, node.expression), (node.expression, node.this)):
        while isinstance(guard, exp.Paren):
            guard = guard.this
        if (
            isinstance(guard, exp.Is)
            and isinstance(guard.expression, exp.Null)
            and not guard.args.get("negate")
            and isinstance(guard.this, exp.Column)
            and {c.name for c in rest.find_all(exp.Column)} == {guard.this.name}
        ):
            return rest
    return node


def _restrict(node: exp.Expr, columns: Mapping[str, tuple[int, _Kind]], out: dict[str, _Restriction]) -> None:
    """Record the bounds a check's top-level conjuncts put on single columns."""
    for part in _conjuncts(node):
        for atom in _conjuncts(_unguarded(part)):
            with suppress(_Unreadable):
                _restrict_atom(atom, columns, out)


def _restrict_atom(
    atom: exp.Expr, columns: Mapping[str, tuple[int, _Kind]], out: dict[str, _Restriction]
) -> None:
    from sqlglot import exp

    if isinstance(atom, exp.Is) and atom.args.get("negate") and isinstance(atom.expression, exp.Null):
        target = _operand(atom.this, columns)
        if target.column is not None:
            out[target.column].not_null = True
        return
    if isinstance(atom, exp.Column) or (isinstance(atom, exp.Not) and isinstance(atom.this, exp.Column)):
        column = atom if isinstance(atom, exp.Column) else atom.this
        target = _operand(column, columns)
        if target.column is not None and target.kind is not None and target.kind.family == "bool":
            out[target.column].only([not isinstance(atom, exp.Not)])
        return
    if isinstance(atom, exp.Between):
        subject = _operand(atom.this, columns)
        _restrict_compare("ge", subject, _operand(atom.args["low"], columns), out)
        _restrict_compare("le", subject, _operand(atom.args["high"], columns), out)
    elif isinstance(atom, exp.In):
        subject = _operand(atom.this, columns)
        if subject.column is not None and subject.kind is not None:
            kind = subject.kind
            out[subject.column].only(
                [kind.literal(_literal(i)) for i in atom.expressions if not isinstance(i, exp.Null)]
            )
    elif isinstance(atom, exp.Like):
        subject, pattern = _operand(atom.this, columns), _literal(atom.expression)
        if subject.column is not None and isinstance(pattern, str) and out[subject.column].like is None:
            out[subject.column].like = pattern
    elif type(atom).__name__ in _COMPARE:
        op = _COMPARE[type(atom).__name__][0]
        _restrict_compare(op, _operand(atom.this, columns), _operand(atom.expression, columns), out)


def _restrict_compare(op: str, left: _Operand, right: _Operand, out: dict[str, _Restriction]) -> None:
    if left.get is None:
        left, right, op = right, left, _FLIP[op]
    if right.get is not None or left.kind is None:
        return  # two columns: only the row check knows
    key = left.kind.literal(right.literal)
    if left.length_of is not None:
        if op != "ne":
            out[left.length_of].length(op, Decimal(key))
        return
    if left.column is None:
        return
    restriction = out[left.column]
    if op == "eq":
        restriction.only([key])
    elif op in {"gt", "ge"} and left.kind.ordered:
        restriction.at_least(key, op == "gt")
    elif op in {"lt", "le"} and left.kind.ordered:
        restriction.at_most(key, op == "lt")


# --- one table's plan -----------------------------------------------------------------


@dataclass(slots=True)
class _Check:
    name: str
    test: _Predicate
    columns: frozenset[str]


@dataclass(slots=True)
class _Analysis:
    """What a table's definition says about its values, before any value is drawn."""

    columns: list[Column]  # written, in table order
    kinds: dict[str, _Kind]
    checks: list[_Check]
    restrictions: dict[str, _Restriction]
    unique_sets: list[tuple[str, tuple[str, ...]]]
    plain: set[str]  # columns an unread check or expression index mentions
    unreadable: list[str]  # constraints the database alone can judge
    notes: list[str] = field(default_factory=list)


def _analyze(table: Table, schema: Schema) -> _Analysis:
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    columns: list[Column] = []
    kinds: dict[str, _Kind] = {}
    notes: list[str] = []
    for column in table.columns:
        if column.generated is not None:
            continue
        kind = _kind(column.type, schema, table.name, column.name)
        if kind is None:
            if column.nullable or column.default is not None:
                notes.append(
                    f"{table.name}.{column.name}: type {column.type} is not generated (left to its default)"
                )
                continue
            kind = _Listed([], lambda k: str(k + 1), plain_unique=True)
        columns.append(column)
        kinds[column.name] = kind
    context = {c.name: (i, kinds[c.name]) for i, c in enumerate(columns)}
    restrictions = {c.name: _Restriction() for c in columns}
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
            test = _compile(tree, context)
        except _Unreadable:
            unreadable.append(f"check {check.name}")
            plain |= mentioned
            continue
        checks.append(_Check(check.name, test, mentioned))
        _restrict(tree, context, restrictions)
    unique_sets: list[tuple[str, tuple[str, ...]]] = []
    if table.primary_key is not None:
        unique_sets.append(("primary key", table.primary_key.columns))
    unique_sets += [(f"unique {u.name}", u.columns) for u in table.uniques]
    for index in table.indexes:
        if not index.unique:
            continue
        names: list[str] = []
        for item in index.columns:
            if table.column(item) is not None:
                names.append(item)
                continue
            unreadable.append(f"unique index {index.name}")
            with suppress(SqlglotError):
                found = [c.name for c in sqlglot.parse_one(item, read="postgres").find_all(exp.Column)]
                plain.update(found)
                names += found
        unique_sets.append((f"unique index {index.name}", tuple(dict.fromkeys(names))))
    readable_sets = []
    for label, names_ in unique_sets:
        if names_ and all(n in context for n in names_):
            readable_sets.append((label, names_))
        else:
            unreadable.append(label)
    return _Analysis(columns, kinds, checks, restrictions, readable_sets, plain, unreadable, notes)


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
        self.analysis = plan = _analyze(table, schema)
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
        self.keys: list[tuple[int, _Kind]] = []
        self.values: list[tuple[int, _Kind, bool, list[Any]]] = []
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

    def _awkward(self, position: int, column: Column, kind: _Kind, distinct: set[str]) -> list[Any]:
        """The column's awkward values that its type, checks and uniques accept, NULL among them."""
        name = column.name
        if name in self.analysis.plain:
            return []
        is_distinct = name in distinct
        if is_distinct and isinstance(kind, _Listed) and not kind.plain_unique:
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
            if value is not _NO and accepted(value):
                kept.setdefault(kind.unique_key(value) if is_distinct else (type(value), repr(value)), value)
        result = list(kept.values())
        restriction = self.analysis.restrictions[name]
        if column.nullable and not restriction.not_null and accepted(None):
            result.append(None)
        turn = position % len(result) if result else 0
        return result[turn:] + result[:turn]  # rows mix the awkward values of different columns

    def run(self) -> tuple[TableRows, list[str]]:
        plan, table = self.analysis, self.table
        rows: list[tuple[Any, ...]] = []
        seen: list[set[tuple[Any, ...]]] = [set() for _ in self.uniques]
        failures: Counter[str] = Counter()
        blocked = next((g for g in self.groups if g.own is None and not g.pool and not g.nullable), None)
        if blocked is not None and self.wanted:
            failures[f"no parent row for {blocked.name}"] = self.wanted
        if not plan.columns and self.wanted:
            failures["every column is generated"] = self.wanted
        in_a_row = 0
        for r in range(self.wanted if blocked is None and plan.columns else 0):
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
        missing = next((p for p, v in enumerate(values) if v is _NO), None)
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


# --- fixtures -------------------------------------------------------------------------

_TRUE = {"true", "t", "yes", "y", "on", "1"}
_FALSE = {"false", "f", "no", "n", "off", "0"}


def _convert(column_type: ColumnType, value: Any) -> Any:
    """A fixture value (JSON native or CSV text) as the column's Python value; ValueError if it cannot be."""
    if value is None:
        return None
    if column_type.array_dims:
        if isinstance(value, str):
            return value
        if isinstance(value, list):
            return _array_literal(
                [_convert(column_type.element, v) if not isinstance(v, list) else v for v in value]
            )
        raise ValueError(f"expected a list or an array literal, not {value!r}")
    name = column_type.name
    if name in {"json", "jsonb"}:
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict | list):
        raise ValueError(f"expected a single value, not {json.dumps(value)[:40]}")
    if name in _INTEGERS or name == "oid":
        return _to_int(name, value)
    if name in {"numeric", "money"}:
        if isinstance(value, bool):
            raise ValueError(f"not a number: {value!r}")
        try:
            return Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
    if name in {"real", "double precision"}:
        if isinstance(value, bool):
            raise ValueError(f"not a number: {value!r}")
        return float(value)
    if name == "boolean":
        return _to_bool(value)
    if name == "bytea":
        if isinstance(value, bytes):
            return value
        text = str(value)
        return bytes.fromhex(text[2:]) if text.startswith("\\x") else text.encode("utf-8")
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _to_int(name: str, value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f"not an integer: {value!r}")
    if isinstance(value, float | Decimal):
        if value != int(value):
            raise ValueError(f"not an integer: {value!r}")
        number = int(value)
    elif isinstance(value, int):
        number = value
    else:
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValueError(f"not an integer: {value!r}") from None
    bits = _INTEGERS.get(name, 64)
    low, high = (0, 2**32 - 1) if name == "oid" else (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    if not low <= number <= high:
        raise ValueError(f"{number} is out of range for {name}")
    return number


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"not a boolean: {value!r} (use true or false)")


def _fixture_rows(table: Table, given: Sequence[Mapping[str, Any]], source: str) -> TableRows:
    named = {name for row in given for name in row}
    columns = [c for c in table.columns if c.name in named]
    unknown = sorted(named - {c.name for c in table.columns})
    if unknown:
        raise InputError(f"table {table.name} has no column {unknown[0]!r}", location=Location(source))
    generated = [c.name for c in columns if c.generated is not None]
    if generated:
        raise InputError(
            f"column {table.name}.{generated[0]} is generated: fixtures cannot set it",
            location=Location(source),
        )
    rows = []
    for number, given_row in enumerate(given, start=1):
        values = []
        for column in columns:
            try:
                values.append(_convert(column.type, given_row.get(column.name)))
            except ValueError as error:
                raise InputError(
                    f"row {number}, column {column.name}: {error}", location=Location(source)
                ) from None
        rows.append(tuple(values))
    return TableRows(table.name, tuple(c.name for c in columns), tuple(rows), source)


def read_fixtures(folder: str | Path, schema: Schema) -> dict[str, list[dict[str, Any]]]:
    """Read ``DIR/<table>.json`` and ``DIR/<table>.csv`` files; other files are ignored.

    Returns a :class:`Fixtures` (the rows by table, with each table's file path).  A CSV empty
    cell is NULL.  Raises :class:`InputError` at the file and line for an unknown table or
    column, bad JSON or CSV, a value the column's type cannot take, or a table given twice.
    """
    root = Path(folder)
    if not root.is_dir():
        raise InputError("no such fixtures folder", location=Location(str(root)))
    tables = schema.tables_by_name()
    found: dict[str, Path] = {}
    for path in sorted(root.iterdir()):
        if path.suffix.lower() not in {".json", ".csv"} or not path.is_file():
            continue
        name = path.stem
        if name not in tables:
            raise InputError(
                f"no table {name!r} in the schema for fixture file {path.name}",
                location=Location(str(path)),
                hint="name the file after a table: DIR/<table>.json or DIR/<table>.csv",
            )
        if name in found:
            raise InputError(
                f"table {name} has two fixture files, {found[name].name} and {path.name}",
                location=Location(str(path)),
            )
        found[name] = path
    fixtures = Fixtures()
    for name, path in found.items():
        table = tables[name]
        records = _read_json(path) if path.suffix.lower() == ".json" else _read_csv(path, table)
        fixtures[name] = [_checked(table, path, line, record) for line, record in records]
        fixtures.paths[name] = str(path)
    return fixtures


def _checked(table: Table, path: Path, line: int, record: dict[str, Any]) -> dict[str, Any]:
    for name, value in record.items():
        column = table.column(name)
        where = Location(str(path), line)
        if column is None:
            raise InputError(f"table {table.name} has no column {name!r}", location=where)
        if column.generated is not None:
            raise InputError(
                f"column {table.name}.{name} is generated: fixtures cannot set it", location=where
            )
        try:
            _convert(column.type, value)
        except ValueError as error:
            raise InputError(f"column {name}: {error}", location=where) from None
    return record


def _read_json(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """The objects of a JSON array, each with the line it starts on."""
    text = path.read_text(encoding="utf-8-sig")

    def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in pairs]
        twice = next((k for k in keys if keys.count(k) > 1), None)
        if twice is not None:
            raise ValueError(f"key {twice!r} appears twice in one object")
        return dict(pairs)

    decoder = json.JSONDecoder(object_pairs_hook=unique_keys)
    space = re.compile(r"[ \t\n\r]*")

    def line(at: int) -> int:
        return text.count("\n", 0, at) + 1

    def fail(reason: str, at: int) -> InputError:
        return InputError(reason, location=Location(str(path), line(at)))

    at = space.match(text, 0).end()  # type: ignore[union-attr]
    if text[at : at + 1] != "[":
        raise fail("expected a JSON array of objects", at)
    at = space.match(text, at + 1).end()  # type: ignore[union-attr]
    records: list[tuple[int, dict[str, Any]]] = []
    while text[at : at + 1] != "]":
        try:
            value, end = decoder.raw_decode(text, at)
        except json.JSONDecodeError as error:
            raise InputError(f"bad JSON: {error.msg}", location=Location(str(path), error.lineno)) from None
        except ValueError as error:
            raise fail(str(error), at) from None
        if not isinstance(value, dict):
            raise fail(f"expected an object, not {type(value).__name__}", at)
        records.append((line(at), value))
        at = space.match(text, end).end()  # type: ignore[union-attr]
        if text[at : at + 1] == ",":
            at = space.match(text, at + 1).end()  # type: ignore[union-attr]
        elif text[at : at + 1] != "]":
            raise fail("bad JSON: expected ',' or ']'", at)
    if text[at + 1 :].strip():
        raise fail("bad JSON: text after the array", at + 1)
    return records


def _read_csv(path: Path, table: Table) -> list[tuple[int, dict[str, Any]]]:
    """Rows of a CSV file with a header row; an empty cell is None (NULL)."""
    records: list[tuple[int, dict[str, Any]]] = []
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.reader(file)
        try:
            header = next(reader, None)
            if not header:
                raise InputError("expected a header row of column names", location=Location(str(path), 1))
            twice = next((h for h in header if header.count(h) > 1), None)
            if twice is not None:
                raise InputError(
                    f"column {twice!r} appears twice in the header", location=Location(str(path), 1)
                )
            unknown = next((h for h in header if table.column(h) is None), None)
            if unknown is not None:
                raise InputError(
                    f"table {table.name} has no column {unknown!r}", location=Location(str(path), 1)
                )
            start = reader.line_num + 1
            for cells in reader:
                if cells:
                    if len(cells) != len(header):
                        raise InputError(
                            f"expected {len(header)} cells, found {len(cells)}",
                            location=Location(str(path), start),
                        )
                    records.append(
                        (start, {h: (c if c != "" else None) for h, c in zip(header, cells, strict=True)})
                    )
                start = reader.line_num + 1
        except csv.Error as error:
            raise InputError(f"bad CSV: {error}", location=Location(str(path), reader.line_num)) from None
    return records


# --- the whole schema -----------------------------------------------------------------


def seed_data(
    schema: Schema,
    *,
    rows: int,
    seed: int = 0,
    fixtures: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
) -> SeedData:
    """Rows for every table of ``schema``: ``rows`` generated per table, or its fixture rows.

    Pure: the same arguments give the same :class:`SeedData` in any process.
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
            made = _fixture_rows(
                table, given[table.name], paths.get(table.name, f"fixtures for {table.name}")
            )
        else:
            made, table_notes = _TableSeeder(table, schema, produced, rows, seed).run()
            notes += table_notes
        produced[table.name] = made
    return SeedData(tuple(produced.values()), tuple(notes))


# --- writing to a database ------------------------------------------------------------


def insert_seed(url: str, data: SeedData) -> dict[str, int]:
    """Insert ``data`` into the database at ``url`` in one transaction; rows kept per table.

    Tables are written in bulk (COPY on PostgreSQL, executemany on SQLite).  A table whose
    checks or unique indexes the generator could not read, or whose parent lost rows, is
    written row by row when the bulk write fails, skipping the rows the database refuses:
    its count is then lower than its number of rows.  Anywhere else a refused row is an
    error (:class:`InputError` at the fixture file for fixture rows) and nothing is written.
    """
    from wesley_gen.load import load_schema

    sqlite = url.startswith("sqlite:///")
    if not sqlite and not url.startswith(("postgresql://", "postgres://")):
        raise UsageError(f"cannot seed {redact(url)}: expected sqlite:///PATH or postgresql://…")
    schema = load_schema(url, dialect="sqlite" if sqlite else "postgres").schema
    careful = {t.name for t in schema.tables if _analyze(t, schema).unreadable}
    parents = {
        t.name: {fk.ref_table for fk in t.foreign_keys if fk.ref_table != t.name} for t in schema.tables
    }
    counts: dict[str, int] = {}
    writer = _SqliteWriter(url) if sqlite else _PostgresWriter(url)
    try:
        with writer:
            for table in data.tables:
                lenient = table.table in careful or any(
                    counts.get(p, 0) < _size(data, p) for p in parents.get(table.table, ())
                )
                counts[table.table] = writer.insert(table, lenient=lenient) if table.rows else 0
            writer.finish(data)
    except writer.failures as error:
        raise DatabaseError(f"cannot seed {redact(url)}: {_first_line(error)}") from None
    return counts


def _size(data: SeedData, table: str) -> int:
    return next((len(t.rows) for t in data.tables if t.table == table), 0)


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _refused(table: TableRows, error: Exception) -> WesleyGenError:
    """The error for a row the database refused outside a lenient table."""
    reason = _first_line(error)
    if table.source != GENERATED:
        return InputError(
            f"the database refused a fixture row of {table.table}: {reason}", location=Location(table.source)
        )
    return DatabaseError(f"the database refused a generated row of {table.table}: {reason}")


class _Writer:
    failures: tuple[type[Exception], ...] = ()  # the driver's errors

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self.close(commit=kind is None)

    def insert(self, table: TableRows, *, lenient: bool) -> int:
        raise NotImplementedError

    def finish(self, data: SeedData) -> None:
        """Work after the rows are in (PostgreSQL moves sequences)."""

    def close(self, *, commit: bool) -> None:
        raise NotImplementedError


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_value(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


class _SqliteWriter(_Writer):
    failures = (sqlite3.Error,)

    def __init__(self, url: str) -> None:
        from urllib.parse import quote

        path = url.removeprefix("sqlite:///")
        try:
            self.conn: sqlite3.Connection = sqlite3.connect(
                f"file:{quote(path)}?mode=rw", uri=True, isolation_level=None
            )
        except sqlite3.Error as error:
            raise DatabaseError(f"cannot open {redact(url)}: {error}") from None
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("BEGIN")

    def insert(self, table: TableRows, *, lenient: bool) -> int:
        statement = (
            f"INSERT INTO {_quote(table.table)} ({', '.join(_quote(c) for c in table.columns)}) "
            f"VALUES ({', '.join('?' for _ in table.columns)})"
        )
        rows = [tuple(_sqlite_value(v) for v in row) for row in table.rows]
        refused = (sqlite3.IntegrityError, sqlite3.DataError)
        if not lenient:
            try:
                self.conn.executemany(statement, rows)
            except refused as error:
                raise _refused(table, error) from None
            return len(rows)
        self.conn.execute("SAVEPOINT seed_table")
        try:
            self.conn.executemany(statement, rows)
            return len(rows)
        except refused:
            self.conn.execute("ROLLBACK TO seed_table")
        finally:
            self.conn.execute("RELEASE seed_table")
        kept = 0
        for row in rows:
            with suppress(*refused):  # a failed statement is undone alone, the transaction stays
                self.conn.execute(statement, row)
                kept += 1
        return kept

    def close(self, *, commit: bool) -> None:
        try:
            self.conn.execute("COMMIT" if commit else "ROLLBACK")
        finally:
            self.conn.close()


def _pg_text(value: Any) -> str | None:
    """A value as the text PostgreSQL casts to the column's type."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return "\\x" + value.hex()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _PostgresWriter(_Writer):
    def __init__(self, url: str) -> None:
        import psycopg

        self.psycopg = psycopg
        self.failures = (psycopg.Error,)
        try:
            self.conn: psycopg.Connection[Any] = psycopg.connect(url)
        except psycopg.OperationalError as error:
            raise DatabaseError(f"cannot connect to {redact(url)}: {error}") from None
        # This opens the one transaction; each `conn.transaction()` below is a savepoint in it.
        self.conn.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def _name(self, table: str) -> sql.Identifier:
        from psycopg import sql

        schema, dot, name = table.rpartition(".")
        return sql.Identifier(schema, name) if dot else sql.Identifier(name)

    def insert(self, table: TableRows, *, lenient: bool) -> int:
        from psycopg import sql

        psycopg = self.psycopg
        columns = sql.SQL(", ").join(sql.Identifier(c) for c in table.columns)
        copy = sql.SQL("COPY {} ({}) FROM STDIN").format(self._name(table.table), columns)
        try:
            with self.conn.transaction(), self.conn.cursor() as cursor, cursor.copy(copy) as writer:
                for row in table.rows:
                    writer.write_row(row)
            return len(table.rows)
        except psycopg.OperationalError:
            raise
        except (psycopg.IntegrityError, psycopg.DataError) as error:
            if not lenient:
                raise _refused(table, error) from None
        except psycopg.Error:
            if not lenient:
                raise
        return self._row_by_row(table, columns)

    def _row_by_row(self, table: TableRows, columns: sql.Composable) -> int:
        """Insert each row in its own subtransaction (a savepoint), keeping those the database accepts.

        The rows go to a temporary table as text first, and one server-side loop inserts
        them in order, so a refused row costs no round trip.
        """
        from psycopg import sql

        name = self._name(table.table)
        types = dict(
            self.conn.execute(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [name.as_string(self.conn)],
            ).fetchall()
        )
        slots = [sql.Identifier(f"c{i}") for i in range(len(table.columns))]
        self.conn.execute(
            sql.SQL("CREATE TEMPORARY TABLE wesley_seed_rows (ord integer, {}) ON COMMIT DROP").format(
                sql.SQL(", ").join(sql.SQL("{} text").format(slot) for slot in slots)
            )
        )
        with self.conn.cursor() as cursor, cursor.copy("COPY wesley_seed_rows FROM STDIN") as copy:
            for number, row in enumerate(table.rows):
                copy.write_row([number, *(_pg_text(v) for v in row)])
        values = sql.SQL(", ").join(
            sql.SQL("r.{}::{}").format(slot, sql.SQL(types[column]))
            for slot, column in zip(slots, table.columns, strict=True)
        )
        count = sql.SQL("SELECT count(*) FROM {}").format(name)
        before = self.conn.execute(count).fetchone()
        self.conn.execute(
            sql.SQL(
                "DO $seed$ DECLARE r record; BEGIN"
                " FOR r IN SELECT * FROM wesley_seed_rows ORDER BY ord LOOP"
                " BEGIN INSERT INTO {} ({}) OVERRIDING SYSTEM VALUE VALUES ({});"
                " EXCEPTION WHEN OTHERS THEN NULL; END;"
                " END LOOP; END $seed$"
            ).format(name, columns, values)
        )
        after = self.conn.execute(count).fetchone()
        self.conn.execute("DROP TABLE wesley_seed_rows")
        assert before is not None and after is not None
        return int(after[0]) - int(before[0])

    def finish(self, data: SeedData) -> None:
        """Move every sequence that feeds a written column past the column's largest value."""
        from psycopg import sql

        for table in data.tables:
            if not table.rows:
                continue
            name = self._name(table.table)
            found = self.conn.execute(
                "SELECT a.attname, COALESCE(pg_get_serial_sequence(%(t)s, a.attname),"
                " substring(pg_get_expr(d.adbin, d.adrelid) from '^nextval\\(''(.*)''::regclass\\)$'))"
                " FROM pg_attribute AS a LEFT JOIN pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                " WHERE a.attrelid = %(t)s::regclass AND a.attnum > 0 AND NOT a.attisdropped"
                " AND a.atttypid IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype)",
                {"t": name.as_string(self.conn)},
            ).fetchall()
            for column, sequence in found:
                if sequence is None or column not in table.columns:
                    continue
                self.conn.execute(
                    sql.SQL(
                        "SELECT setval(%s::regclass, GREATEST(m, 1), m >= 1)"
                        " FROM (SELECT max({})::bigint AS m FROM {}) AS s WHERE m IS NOT NULL"
                    ).format(sql.Identifier(column), name),
                    [sequence],
                )

    def close(self, *, commit: bool) -> None:
        try:
            if commit:
                self.conn.commit()
            else:
                self.conn.rollback()
        finally:
            self.conn.close()
