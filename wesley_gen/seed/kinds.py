"""Value kinds: how each column type's values are made, compared in checks and told apart by
uniques, with the awkward values each type gets in the first rows of a table."""

from __future__ import annotations

import json
import math
import random
import struct
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal, InvalidOperation
from typing import Any

from wesley_gen.model import ColumnType, Composite, Domain, Range, Schema

_EXACT = Context(prec=400)  # numeric(1000, s) still divides exactly
NO: Any = object()  # a value the column's type and checks leave no room for
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


class Unreadable(Exception):
    """A check, or a part of one, that this package does not understand."""


@dataclass(slots=True)
class Restriction:
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


class Kind:
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
        raise Unreadable

    def length(self, value: Any) -> int:
        raise Unreadable

    def from_key(self, key: Any) -> Any:
        return key

    def awkward(self) -> list[Any]:
        return []

    def restrict(self, restriction: Restriction, rng: random.Random) -> None:
        self.rng = rng
        self.shift = rng.randrange(1 << 20)
        if restriction.allowed is not None:
            values = (self.from_key(k) for k in restriction.allowed)
            self.allowed = [v for v in values if v is not NO]

    def roomy(self) -> bool:
        """Whether values can differ row by row, so that a unique constraint added later holds."""
        return self.allowed is None

    def pick(self, d: int | None) -> Any:
        """One of the values a check allows: any (d is None) or the d-th."""
        assert self.allowed is not None
        return self._nth(self.allowed, d)

    def _nth(self, values: Sequence[Any], d: int | None) -> Any:
        """Any of ``values`` (d is None) or the d-th, counted from the column's shift."""
        if not values:
            return NO
        if d is None:
            return values[self.rng.randrange(len(values))]
        return values[(self.shift + d) % len(values)]

    def regular(self, d: int | None) -> Any:
        """A plain value: any (d is None), or the d-th of values that all differ."""
        return self.pick(d) if self.allowed is not None else self.make(d)

    def make(self, d: int | None) -> Any:
        raise NotImplementedError

    def plain(self, r: int) -> Any:
        """The key value of row r: simple and different for every row."""
        return self.regular(r)


class Lattice(Kind):
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
                raise Unreadable from None
        raise Unreadable

    def from_key(self, key: Any) -> Any:
        steps = _EXACT.divide(Decimal(key), self.unit)
        if steps != steps.to_integral_value() or not self.lo <= steps <= self.hi:
            return NO
        return self.value(int(steps))

    def awkward(self) -> list[Any]:
        return list(self._awkward)

    def restrict(self, restriction: Restriction, rng: random.Random) -> None:
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
            return NO
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
            return self.allowed[r] if r < len(self.allowed) else NO
        size = self.hi - self.lo + 1
        return self.value(self.lo + (self.window[0] - self.lo + r) % size) if r < size else NO


def _steps(bound: Any, unit: Decimal, *, up: bool, strict: bool) -> int:
    """The first grid step at or above (``up``) or at or below a bound."""
    exact = _EXACT.divide(Decimal(bound), unit)
    k = int(exact.to_integral_value(rounding=ROUND_CEILING if up else ROUND_FLOOR))
    if strict and k == exact:
        k += 1 if up else -1
    return k


class _Integer(Lattice):
    spread = 10_000

    def __init__(self, low: int, high: int) -> None:
        super().__init__(low, high, [v for v in (low, high, 0, -1) if low <= v <= high])


class _Numeric(Lattice):
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


class _Money(Lattice):
    unit = Decimal("0.01")
    spread = 100_000

    def __init__(self) -> None:
        super().__init__(-(2**63), 2**63 - 1, [])
        self._awkward = [self.value(2**63 - 1), self.value(-(2**63)), Decimal("0.00"), Decimal("0.01")]

    def value(self, k: int) -> Any:
        return Decimal(k).scaleb(-2, _EXACT)


class _Float(Lattice):
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


class _Clock(Lattice):
    """Dates and times: ``key`` reads their text (None where it cannot), and so reads literals."""

    def literal(self, value: Any) -> Any:
        if not isinstance(value, str) or self.key(value.strip()) is None:
            raise Unreadable
        return self.key(value.strip())


class _Date(_Clock):
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


class _Timestamp(_Clock):
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


class _Time(_Clock):
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


class _Text(Kind):
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
            raise Unreadable
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

    def restrict(self, restriction: Restriction, rng: random.Random) -> None:
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
            return self.allowed[r] if r < len(self.allowed) else NO
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
                return NO
        if len(text) < self.min_len:
            text = core.zfill(self.min_len) if text == core else text.rjust(self.min_len, "_")
        return text


class _Bool(Kind):
    family = "bool"

    def roomy(self) -> bool:
        return False

    def literal(self, value: Any) -> Any:
        if isinstance(value, bool) or value in (0, 1):  # SQLite spells them 0 and 1
            return bool(value)
        raise Unreadable

    def make(self, d: int | None) -> Any:
        return self.rng.random() < 0.5 if d is None else (self.shift + d) % 2 == 1

    def plain(self, r: int) -> Any:
        return (r % 2 == 1) if r < 2 else NO


class _Enum(Kind):
    family = "enum"

    def __init__(self, labels: tuple[str, ...]) -> None:
        super().__init__()
        self.labels = labels

    def literal(self, value: Any) -> Any:
        if isinstance(value, str) and value in self.labels:
            return value
        raise Unreadable

    def roomy(self) -> bool:
        return False

    def awkward(self) -> list[Any]:
        return [self.labels[-1]] if self.labels else []

    def make(self, d: int | None) -> Any:
        return self._nth(self.labels, d)

    def plain(self, r: int) -> Any:
        return self.labels[r] if r < len(self.labels) else NO


class _Uuid(Kind):
    family = "uuid"

    def __init__(self, table: str) -> None:
        super().__init__()
        self.table = table

    def key(self, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value

    def literal(self, value: Any) -> Any:
        if isinstance(value, str):
            return value.lower()
        raise Unreadable

    def awkward(self) -> list[Any]:
        return ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"]

    def make(self, d: int | None) -> Any:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def plain(self, r: int) -> Any:
        return str(uuid.uuid5(_UUIDS, f"{self.table}/{r + 1}"))


class _Json(Kind):
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


class _Bytes(Kind):
    sized = True

    def length(self, value: Any) -> int:
        return len(value)

    def awkward(self) -> list[Any]:
        return [b"", b"\x00", bytes(range(256)), b"'\\\"\n"]

    def make(self, d: int | None) -> Any:
        if d is None:
            return self.rng.randbytes(self.rng.randrange(1, 16))
        return b"seed-" + (self.shift + d).to_bytes(8, "big")


class Listed(Kind):
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


def _listed(name: str, params: tuple[int, ...]) -> Listed | None:
    """The rule for each type that has no comparisons here: awkward values, numbered values."""
    digits = params[0] if params else 6
    if name == "timetz":
        return Listed(
            ["00:00:00+00", _fraction("23:59:59.999999", digits) + "-12", "12:34:56+05:30"],
            lambda k: f"{k // 3600 % 24:02d}:{k // 60 % 60:02d}:{k % 60:02d}+00",
            plain_unique=False,
            room=86_400,
        )
    if name.partition(" ")[0] == "interval":  # with fields too: PostgreSQL rounds a value to them
        return Listed(
            ["00:00:00", "-1 days", "1 year 2 mons 3 days 04:05:06.789", "1000 years"],
            lambda k: f"{k} minutes",
            plain_unique=False,  # '1 day' equals '24 hours' there
        )
    if name == "inet":
        awkward = ["0.0.0.0", "255.255.255.255", "::1", "192.168.0.1/24", "::ffff:10.0.0.1"]
        return Listed(awkward, _inet, plain_unique=False)
    if name == "cidr":
        awkward = ["0.0.0.0/0", "::/0", "192.168.0.0/16", "2001:db8::/32"]
        return Listed(awkward, lambda k: f"{_inet(k)}/{32 if k < 1 << 24 else 128}", plain_unique=False)
    if name == "macaddr":
        return Listed(["00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"], _mac, plain_unique=True)
    if name == "bit":
        width = params[0] if params else 1
        return Listed(
            ["0" * width, "1" * width],
            lambda k: format(k % (1 << width), "b").zfill(width),
            plain_unique=False,
            room=1 << width,
        )
    if name == "varbit":
        longest = params[0] if params else 64
        return Listed(
            ["", "1" * longest],
            lambda k: format(k % (1 << longest), "b"),
            plain_unique=False,
            room=1 << longest,
        )
    if name == "tsvector":
        return Listed([""], lambda k: f"{_WORDS[k % len(_WORDS)]} w{k}", plain_unique=True)
    return None


def _array_item(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = "\\x" + value.hex() if isinstance(value, bytes) else str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def array_literal(items: Any) -> str:
    """A PostgreSQL array literal from a (nested) Python list."""
    if isinstance(items, list | tuple):
        return "{" + ",".join(array_literal(item) for item in items) + "}"
    return _array_item(items)


class _Over(Kind):
    """Values made of another kind's (an array's elements, a range's bounds), which no check
    of the column restricts."""

    def __init__(self, element: Kind) -> None:
        super().__init__()
        self.element = element

    def restrict(self, restriction: Restriction, rng: random.Random) -> None:
        super().restrict(restriction, rng)
        self.element.restrict(Restriction(), rng)

    def roomy(self) -> bool:
        return self.element.roomy()


class _Array(_Over):
    def __init__(self, element: Kind, dims: int) -> None:
        super().__init__(element)
        self.dims = dims

    def awkward(self) -> list[Any]:
        if self.dims > 1:
            return ["{}", "{" * self.dims + "NULL" + "}" * self.dims]
        firsts = [v for v in self.element.awkward()[:4] if v is not NO]
        return ["{}", "{NULL}", *(array_literal([v]) for v in firsts), array_literal(firsts)]

    def make(self, d: int | None) -> Any:
        def shape(level: int, first: bool) -> Any:
            if level == self.dims:
                value = self.element.regular(d if first else None)
                return None if value is NO else value
            count = 2 if self.dims > 1 else self.rng.randrange(1, 4)
            return [shape(level + 1, first and i == 0) for i in range(count)]

        return array_literal(shape(0, True))


class _Range(_Over):
    """A range over its subtype's values (the element): ``[low,high)`` from two of them in
    order (one value twice, ``[v,v]``, where the subtype has no order here, text say: its
    collation decides)."""

    def awkward(self) -> list[Any]:
        return ["empty", "(,)"]

    def make(self, d: int | None) -> Any:
        """The d-th range overlaps no other (a temporal key, an EXCLUDE with &&): made of the
        subtype's plain values, which ascend where it is ordered; any two values else."""
        made = NO if d is None else self.between(self.element.plain(2 * d), self.element.plain(2 * d + 1))
        if made is NO:
            made = self.between(self.element.regular(None), self.element.regular(None))
        return made

    def between(self, low: Any, high: Any) -> Any:
        if low is NO or high is NO:
            return NO
        if not self.element.ordered or self.element.key(low) is None or self.element.key(high) is None:
            return f"[{_array_item(low)},{_array_item(low)}]"
        low, high = sorted((low, high), key=self.element.key)
        closing = "]" if self.element.key(low) == self.element.key(high) else ")"
        return f"[{_array_item(low)},{_array_item(high)}{closing}"


class _Multirange(_Range):
    """A multirange of one range of the subtype's (``{}`` among the awkward values)."""

    def awkward(self) -> list[Any]:
        return ["{}", "{(,)}"]

    def between(self, low: Any, high: Any) -> Any:
        made = super().between(low, high)
        return NO if made is NO else "{" + made + "}"


class _Null(Kind):
    """An attribute of a type this module makes no values of: NULL."""

    def make(self, d: int | None) -> Any:
        return None


class _Composite(Kind):
    """A composite type's row literal ``(a,b)``, each attribute made by its own kind."""

    def __init__(self, attributes: list[Kind]) -> None:
        super().__init__()
        self.attributes = attributes

    def restrict(self, restriction: Restriction, rng: random.Random) -> None:
        super().restrict(restriction, rng)
        for attribute in self.attributes:
            attribute.restrict(Restriction(), rng)

    def roomy(self) -> bool:
        return any(a.roomy() for a in self.attributes)

    def make(self, d: int | None) -> Any:
        values = [a.regular(d) for a in self.attributes]
        return "(" + ",".join("" if v is NO or v is None else _array_item(v) for v in values) + ")"


# The built-in range types' subtypes; a multirange is made of the ranges of its name's range.
_RANGE_SUBTYPES = {
    "int4range": "integer", "int8range": "bigint", "numrange": "numeric",
    "daterange": "date", "tsrange": "timestamp", "tstzrange": "timestamptz",
}  # fmt: skip
_MULTIRANGES = {name.replace("range", "multirange"): name for name in _RANGE_SUBTYPES}


def _user_type_kind(name: str, schema: Schema, table: str, column: str) -> Kind | None:
    """The kind of a range, multirange or composite type (built-in or one's own), or of a
    domain over any type (its base's: the domain's checks are the database's to judge)."""
    if name in _RANGE_SUBTYPES or name in _MULTIRANGES:
        subtype = ColumnType(_RANGE_SUBTYPES[_MULTIRANGES.get(name, name)])
        multi = name in _MULTIRANGES
    else:
        definition = schema.user_types().get(name)
        over = next((r for r in schema.ranges if r.multirange == name), None)
        if isinstance(definition, Domain):
            return column_kind(definition.base, schema, table, column)
        if isinstance(definition, Composite):
            kinds = [column_kind(a.type, schema, table, column) for a in definition.attributes]
            return _Composite([k if k is not None else _Null() for k in kinds])
        made = definition if isinstance(definition, Range) else over
        if made is None:
            return None
        subtype, multi = made.subtype, over is not None
    element = column_kind(subtype, schema, table, column)
    if element is None:
        return None
    return _Multirange(element) if multi else _Range(element)


INTEGERS = {"smallint": 16, "integer": 32, "bigint": 64}


def column_kind(column_type: ColumnType, schema: Schema, table: str, column: str) -> Kind | None:
    """The kind for a column type; None for types this module does not make values of (xml, …)."""
    if column_type.array_dims:
        element = column_kind(column_type.element, schema, table, column)
        return None if element is None else _Array(element, column_type.array_dims)
    name, params = column_type.base_name, column_type.params
    if name in INTEGERS:
        bits = INTEGERS[name]
        return _Integer(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    digits = params[0] if params else 6
    simple: dict[str, Callable[[], Kind]] = {
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
    return _listed(name, params) or _user_type_kind(name, schema, table, column)
