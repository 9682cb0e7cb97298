"""The schema model: one immutable value whatever form a schema was written in.

Every loader produces a :class:`Schema`; every later stage reads one. Names and
types are normalised on the way in (``int4``/``INT``/``integer`` are one type,
constraints and indexes are kept sorted by name) so that the same schema written
two ways compares equal and has the same checksum.

Fields declared with ``compare=False`` are *annotations* (stable ids, rename hints,
Wesley metadata such as ``pii``): they travel with the model and into the snapshot,
but they are not part of the schema's identity, so they neither make two schemas
differ nor change the checksum.  Column order is kept for rendering, but it is not
part of the checksum either: a live database that appended a column at the end has
the same shape as a schema file that declares it in the middle.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from _json import make_encoder
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import repeat
from typing import Any

from wesley_gen.identifiers import PUBLIC, IndexKey, parse_index_key, schema_of

SCHEMA_FORMAT = "wesley-gen/schema@1"

# Canonical type name → the name PostgreSQL's catalog (``format_type``) prints where it
# differs; a spelling too, so TYPE_ALIASES reads it back (catalog_spellings inverts both).
CATALOG_NAMES: dict[str, str] = {
    "varchar": "character varying",
    "char": "character",
    "varbit": "bit varying",
    "time": "time without time zone",
    "timetz": "time with time zone",
    "timestamp": "timestamp without time zone",
    "timestamptz": "timestamp with time zone",
}
# Spelling (lower case, single spaces) → canonical type name.  The canonical names
# are PostgreSQL's own, because it is the richer of the two dialects.
TYPE_ALIASES: dict[str, str] = {
    "smallint": "smallint",
    "int2": "smallint",
    "tinyint": "smallint",
    "integer": "integer",
    "int": "integer",
    "int4": "integer",
    "mediumint": "integer",
    "bigint": "bigint",
    "int8": "bigint",
    "real": "real",
    "float4": "real",
    "double precision": "double precision",
    "double": "double precision",
    "float8": "double precision",
    "float": "double precision",
    "numeric": "numeric",
    "decimal": "numeric",
    "text": "text",
    "clob": "text",
    "varchar": "varchar",
    CATALOG_NAMES["varchar"]: "varchar",
    "nvarchar": "varchar",
    "char": "char",
    CATALOG_NAMES["char"]: "char",
    "bpchar": "char",
    "nchar": "char",
    "boolean": "boolean",
    "bool": "boolean",
    "uuid": "uuid",
    "date": "date",
    "time": "time",
    CATALOG_NAMES["time"]: "time",
    "timetz": "timetz",
    CATALOG_NAMES["timetz"]: "timetz",
    "timestamp": "timestamp",
    CATALOG_NAMES["timestamp"]: "timestamp",
    "datetime": "timestamp",
    "timestamptz": "timestamptz",
    CATALOG_NAMES["timestamptz"]: "timestamptz",
    "interval": "interval",
    "json": "json",
    "jsonb": "jsonb",
    "bytea": "bytea",
    "blob": "bytea",
    "inet": "inet",
    "cidr": "cidr",
    "macaddr": "macaddr",
    "money": "money",
    "xml": "xml",
    "tsvector": "tsvector",
    "bit": "bit",
    "varbit": "varbit",
    CATALOG_NAMES["varbit"]: "varbit",
    "citext": "citext",
    "oid": "oid",
}
# Built-in types whose one spelling is their name: geometric, network, text search, ranges
# and multiranges, and the system types a table may use; then the types of the extensions
# PostgreSQL ships (hstore, ltree, cube, seg, isn; citext above) and of pgvector, known by
# name like citext: made by CREATE EXTENSION in the schema's default schema (public).
_PLAIN_TYPES = (
    "point line lseg box path polygon circle macaddr8 tsquery jsonpath pg_lsn pg_snapshot "
    "txid_snapshot xid xid8 cid tid name regclass regcollation regconfig regdictionary "
    "regnamespace regoper regoperator regproc regprocedure regrole regtype "
    "int4range int8range numrange tsrange tstzrange daterange "
    "int4multirange int8multirange nummultirange tsmultirange tstzmultirange datemultirange"
)
# The types of extensions (citext above): also known qualified by the schema that CREATE
# EXTENSION … WITH SCHEMA put them in (``ext.citext``), a name kept as written (see extension_type).
EXTENSION_TYPES: frozenset[str] = frozenset(
    [
        "citext",
        "hstore",
        "ltree",
        "lquery",
        "ltxtquery",
        "cube",
        "seg",
        "ean13",
        "isbn",
        "isbn13",
        "ismn",
        "ismn13",
        "issn",
        "issn13",
        "upc",
        "vector",
        "halfvec",
        "sparsevec",
    ]
)
TYPE_ALIASES.update((name, name) for name in (*_PLAIN_TYPES.split(), *EXTENSION_TYPES))
# The built-in range and multirange types: what WITHOUT OVERLAPS and PERIOD take (besides one's own).
RANGE_TYPES: frozenset[str] = frozenset(n for n in _PLAIN_TYPES.split() if n.endswith("range"))
# interval restricted to fields (``interval day to second(3)``): each a type of its own, as
# ``format_type`` prints it; the bits of the field mask PostgreSQL keeps in the type modifier.
INTERVAL_FIELDS: dict[int, str] = {
    4: "year", 2: "month", 8: "day", 1024: "hour", 2048: "minute", 4096: "second",
    6: "year to month", 1032: "day to hour", 3080: "day to minute", 7176: "day to second",
    3072: "hour to minute", 7168: "hour to second", 6144: "minute to second",
}  # fmt: skip
TYPE_ALIASES.update((f"interval {fields}", f"interval {fields}") for fields in INTERVAL_FIELDS.values())
BUILTIN_TYPES: frozenset[str] = frozenset(TYPE_ALIASES.values())
# SQLite's types that are no PostgreSQL type: ``ANY`` (a STRICT table's column that keeps any
# value) and a column declared without a type (``UNTYPED``, the empty name: BLOB affinity).
SQLITE_ANY, UNTYPED = "any", ""
SQLITE_ONLY_TYPES: frozenset[str] = frozenset({SQLITE_ANY, UNTYPED})
# SQLite's table options, in the order its grammar lists them.
TABLE_OPTIONS = ("without rowid", "strict")
# Pseudo-types that declare an integer column with a sequence: the column is of the integer type.
SERIAL_TYPES: dict[str, str] = {"serial": "integer", "smallserial": "smallint", "bigserial": "bigint"}

# How many numeric parameters each type accepts; absent means none.
TYPE_PARAMETERS: dict[str, int] = {
    "varchar": 1,
    "char": 1,
    "bit": 1,
    "varbit": 1,
    "numeric": 2,
    "time": 1,
    "timetz": 1,
    "timestamp": 1,
    "timestamptz": 1,
    "interval": 1,
    **{f"interval {fields}": 1 for fields in INTERVAL_FIELDS.values() if fields.endswith("second")},
    # pgvector's dimensions
    "vector": 1,
    "halfvec": 1,
    "sparsevec": 1,
}
# Parameters that mean the same as leaving them out: PostgreSQL stores char as char(1) and
# bit as bit(1), so the catalog states them alike.
_IMPLICIT_PARAMETERS: dict[str, tuple[int, ...]] = {"char": (1,), "bit": (1,)}
# What a type without parameters holds, for comparisons: a time type without a precision
# keeps 6 fraction digits as (6) does, yet the catalog (and pg_dump) keep the two apart, so
# the model does too (``timestamp(6)`` is not ``timestamp``).
_DEFAULT_PRECISION: dict[str, tuple[int, ...]] = {
    **_IMPLICIT_PARAMETERS,
    "time": (6,),
    "timetz": (6,),
    "timestamp": (6,),
    "timestamptz": (6,),
    "interval": (6,),
    **{f"interval {fields}": (6,) for fields in INTERVAL_FIELDS.values() if fields.endswith("second")},
}
_TYPE_TEXT = re.compile(
    r"^\s*(?P<name>[a-z_\"][a-z0-9_ .\"]*?)\s*"
    r"(?:\(\s*(?P<params>[0-9\s,]*)\))?"
    r"(?P<suffix>\s+with(?:out)?\s+time\s+zone)?"
    r"(?P<array>(?:\s*\[\s*[0-9]*\s*\])*)\s*$",
    re.I,
)

_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_$]*")


@dataclass(frozen=True, slots=True, order=True)
class ColumnType:
    """A column type: canonical name, numeric parameters and array depth."""

    name: str
    params: tuple[int, ...] = ()
    array_dims: int = 0

    def __str__(self) -> str:
        if not self.params and not self.array_dims:
            return self.name  # most types: written for every column of every schema document
        text = self.name
        if self.params:
            text += "(" + ",".join(str(p) for p in self.params) + ")"
        return text + "[]" * self.array_dims

    @property
    def element(self) -> ColumnType:
        """The type without its array dimensions."""
        return ColumnType(self.name, self.params)

    @property
    def modifier(self) -> tuple[int, ...]:
        """The type modifier PostgreSQL keeps for it (atttypmod): its parameters, or the (1)
        that char and bit imply."""
        return self.params or _IMPLICIT_PARAMETERS.get(self.name, ())

    @property
    def is_builtin(self) -> bool:
        return self.name in BUILTIN_TYPES

    @property
    def base_name(self) -> str:
        """The type's name with an extension's schema left out: ``ext.citext`` (made by
        ``CREATE EXTENSION citext WITH SCHEMA ext``) is ``citext``; any other name as it is."""
        return extension_type(self.name) or self.name


# The default b-tree (and hash) operator class of the built-in types whose class is not named
# after the type: the others' is ``<name>_ops`` (``uuid_ops``), as pg_opclass.opcdefault says.
BTREE_OPCLASSES = {
    "smallint": "int2_ops", "integer": "int4_ops", "bigint": "int8_ops", "real": "float4_ops",
    "double precision": "float8_ops", "varchar": "text_ops", "char": "bpchar_ops", "boolean": "bool_ops",
    "cidr": "inet_ops",
}  # fmt: skip
# The default gin and gist operator classes of the built-in types that have one (a gist key on
# inet has none: ``inet_ops`` is named).
_GIN_OPCLASSES = {"jsonb": "jsonb_ops", "tsvector": "tsvector_ops"}
# Built-in types with no b-tree (geometric), or no hash, operator class at all.
_NO_BTREE = frozenset({"box", "circle", "point", "polygon", "line", "lseg", "path"})
_NO_HASH = _NO_BTREE | {"bit", "varbit", "money", "tsquery", "tsvector"}
_GIST_OPCLASSES = {
    "tsvector": "tsvector_ops", "tsquery": "tsquery_ops", "box": "box_ops", "point": "point_ops",
    "polygon": "poly_ops", "circle": "circle_ops",
}  # fmt: skip


def default_opclass(method: str, column_type: ColumnType) -> str | None:
    """The operator class PostgreSQL gives a key of the built-in ``column_type`` in an index
    ``USING method`` that names none (pg_opclass.opcdefault); ``None`` where this does not know it."""
    name = column_type.name
    if column_type.array_dims:
        return "array_ops" if method in ("btree", "hash", "gin") else None
    if not column_type.is_builtin:
        return None
    if name in RANGE_TYPES:
        kind = "multirange_ops" if name.endswith("multirange") else "range_ops"
        return kind if method in ("btree", "hash", "gist") else None
    if method in ("btree", "hash"):
        lacking = _NO_BTREE if method == "btree" else _NO_HASH
        return None if name in lacking else BTREE_OPCLASSES.get(name, f"{name}_ops")
    return {"gin": _GIN_OPCLASSES, "gist": _GIST_OPCLASSES}.get(method, {}).get(name)


def extension_type(name: str) -> str | None:
    """The extension's type a schema-qualified type name (``ext.citext``, canonical: unquoted
    schema, the type's name in lower case) names, or ``None``."""
    schema, dot, bare = name.rpartition(".")
    return bare if dot and schema and bare in EXTENSION_TYPES else None


def normalize_type(name: str, params: Iterable[int] = (), array_dims: int = 0) -> ColumnType:
    """Resolve a type spelling to its canonical :class:`ColumnType`.

    Names that are not built-in types (user types, or unknown names that validation
    will reject) keep their case, as a quoted name in PostgreSQL does (``"Status"``).
    """
    written = " ".join(name.replace('"', "").split())
    for prefix in ("pg_catalog.", "public."):
        if written.lower().startswith(prefix):
            written = written[len(prefix) :]
    spelled = written.lower()
    values = tuple(params)
    if spelled == "float" and values:
        # float(p): up to 24 bits of mantissa is real, more is double precision.
        return ColumnType("real" if values[0] <= 24 else "double precision", (), array_dims)
    canonical = TYPE_ALIASES.get(spelled, spelled if spelled in SERIAL_TYPES else written)
    canonical = SERIAL_TYPES.get(canonical, canonical)
    if _IMPLICIT_PARAMETERS.get(canonical) == values:
        values = ()
    if canonical == "numeric" and len(values) == 2 and values[1] == 0:
        values = values[:1]  # numeric(p) means numeric(p, 0)
    return ColumnType(canonical, values, array_dims)


@lru_cache(maxsize=4096)  # a schema repeats a few type spellings thousands of times
def parse_type(text: str) -> ColumnType:
    """Parse a type written as text (``varchar(255)``, ``int4[]``, ``timestamp(3) with time zone``).

    Raises ``ValueError`` for text that is not a type at all; blank text is SQLite's column
    without a declared type (:data:`UNTYPED`).
    """
    if not text.strip():
        return ColumnType(UNTYPED)
    match = _TYPE_TEXT.match(text)
    if match is None:
        raise ValueError(f"not a type: {text!r}")
    name = match.group("name")
    if match.group("suffix"):
        name = f"{name} {' '.join(match.group('suffix').split())}"
    params_text = match.group("params")
    params = tuple(int(p) for p in params_text.split(",") if p.strip()) if params_text else ()
    dims = match.group("array").count("[")
    return normalize_type(name, params, dims)


def catalog_spellings(column_type: ColumnType, dialect: str) -> list[str]:
    """Every way a live catalog may state a column of this type, the inverse of
    :func:`normalize_type`: PostgreSQL's ``format_type``, or SQLite's declared type in lower
    case without spaces (any spelling wesley-gen reads as this type)."""
    name, params = column_type.name, column_type.params
    implicit = _DEFAULT_PRECISION.get(name)  # either spelling holds what the type holds
    unwritten = ["", "(" + ",".join(str(p) for p in implicit) + ")" if implicit else ""]
    if dialect == "postgres":
        if not column_type.is_builtin:
            return [_catalog_name(name) + "[]" * min(column_type.array_dims, 1)]
        if name == "numeric" and len(params) == 1:
            params = (params[0], 0)
        variants = ["(" + ",".join(str(p) for p in params) + ")"] if params else unwritten
        # The parameters follow the first word: "time(3) with time zone".
        head, zone, rest = CATALOG_NAMES.get(name, name).partition(" with")
        spellings = [head + v + zone + rest for v in dict.fromkeys(variants)]
        if name == "char" and not params:
            spellings.append("bpchar")
        return [s + ("[]" if column_type.array_dims else "") for s in spellings]
    aliases = [alias for alias, canonical in TYPE_ALIASES.items() if canonical == name] or [name]
    aliases += [serial for serial, canonical in SERIAL_TYPES.items() if canonical == name]
    variants = ["(" + ",".join(str(p) for p in params) + ")"] if params else unwritten
    if name == "numeric" and len(params) == 1:
        variants.append(f"({params[0]},0)")
    found = [a.replace(" ", "") + v + "[]" * column_type.array_dims for a in aliases for v in variants]
    return list(dict.fromkeys(found))


def _catalog_name(name: str) -> str:
    """A user type's name as ``format_type`` prints it: a part quoted unless it is a plain lower-case name."""
    return ".".join(
        part if _PLAIN_NAME.fullmatch(part) else '"' + part.replace('"', '""') + '"'
        for part in name.split(".")
    )


# SQLite's built-in collations (lower case, as the model keeps SQLite's): PostgreSQL has none of them.
SQLITE_COLLATIONS = frozenset({"binary", "nocase", "rtrim"})

# Types wesley-gen declares its own way on SQLite: bytea as BLOB (``BYTEA`` would give the
# column NUMERIC affinity, and BLOB is how SQLite's documentation spells it).
_SQLITE_SPELLINGS = {"bytea": "blob"}


def sqlite_type_text(column_type: ColumnType) -> str:
    """How wesley-gen declares ``column_type`` on SQLite, in lower case."""
    text = str(column_type)
    spelled = _SQLITE_SPELLINGS.get(column_type.name)
    return text if spelled is None else spelled + text[len(column_type.name) :]


# SQLite's column affinity rules (https://sqlite.org/datatype3.html, 3.1), in order: the first
# substring of the declared type that matches decides; none of them is NUMERIC affinity.
_SQLITE_AFFINITIES = (
    (("int",), "integer"),
    (("char", "clob", "text"), "text"),
    (("blob",), "bytea"),
    (("real", "floa", "doub"), "real"),
)


def sqlite_column_type(declared: str) -> ColumnType:
    """The type a SQLite declared type stands for: the type wesley-gen reads it as, or, for a
    name that is no type of its own (``STRING``, ``BYTES``, ``UNSIGNED BIG INT``: SQLite accepts
    any name), the type of its affinity, which is all SQLite makes of it."""
    column_type = parse_type(declared.lower())  # SQLite has no user types: every type name is case-blind
    if column_type.name in BUILTIN_TYPES or column_type.name in SQLITE_ONLY_TYPES:
        return column_type
    name = column_type.name
    found = (affine for parts, affine in _SQLITE_AFFINITIES if any(part in name for part in parts))
    return ColumnType(next(found, "numeric"))


@lru_cache(maxsize=4096)
def declared_spelling(text: str, column_type: ColumnType) -> str | None:
    """SQLite's declared type ``text`` (lower case, spaced as one) where it is not how
    wesley-gen declares ``column_type``; ``None`` where it is.  SQLite keeps a declared type
    as written, and its affinity and rowid rules read it (``INT PRIMARY KEY`` is no rowid)."""
    written = re.sub(r"\s*([(),])\s*", r"\1", " ".join(text.lower().split()))
    return None if written == sqlite_type_text(column_type) else written


def precision(column_type: ColumnType) -> tuple[int, ...]:
    """Parameters with PostgreSQL's implicit defaults filled in, for comparisons."""
    return column_type.params or _DEFAULT_PRECISION.get(column_type.name, ())


# --- sequences ----------------------------------------------------------------------

# The integer types a sequence counts in, and each one's range (PostgreSQL's defaults).
SEQUENCE_RANGES: dict[str, tuple[int, int]] = {
    "smallint": (-(2**15), 2**15 - 1),
    "integer": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}


@dataclass(frozen=True, slots=True)
class SequenceOptions:
    """A sequence's options with PostgreSQL's defaults filled in (:func:`sequence_options`),
    so that ``CREATE SEQUENCE s`` and a catalog's ``START 1 INCREMENT 1 ...`` compare equal."""

    start: int
    increment: int
    minvalue: int
    maxvalue: int
    cache: int = 1
    cycle: bool = False


def sequence_options(
    type_name: str,
    *,
    start: int | None = None,
    increment: int | None = None,
    minvalue: int | None = None,
    maxvalue: int | None = None,
    cache: int | None = None,
    cycle: bool = False,
) -> SequenceOptions:
    """The options a sequence of ``type_name`` has when only those given are written,
    as ``CREATE SEQUENCE`` fills them in: an ascending one counts from 1 up to the type's
    largest value, a descending one from -1 down to its smallest."""
    low, high = SEQUENCE_RANGES.get(type_name, SEQUENCE_RANGES["bigint"])
    step = 1 if increment is None else increment
    least = minvalue if minvalue is not None else (1 if step > 0 else low)
    most = maxvalue if maxvalue is not None else (high if step > 0 else -1)
    first = start if start is not None else (least if step > 0 else most)
    return SequenceOptions(first, step, least, most, 1 if cache is None else cache, cycle)


def sequence_clauses(options: SequenceOptions, type_name: str) -> list[str]:
    """The clauses of ``CREATE SEQUENCE`` (or an identity) that state ``options``: only
    those that differ from what leaving them out gives."""
    implied = sequence_options(type_name, increment=options.increment)
    clauses = [f"INCREMENT BY {options.increment}"] if options.increment != 1 else []
    if options.minvalue != implied.minvalue:
        clauses.append(f"MINVALUE {options.minvalue}")
    if options.maxvalue != implied.maxvalue:
        clauses.append(f"MAXVALUE {options.maxvalue}")
    starts_at = options.minvalue if options.increment > 0 else options.maxvalue
    if options.start != starts_at:
        clauses.append(f"START WITH {options.start}")
    if options.cache != 1:
        clauses.append(f"CACHE {options.cache}")
    if options.cycle:
        clauses.append("CYCLE")
    return clauses


@dataclass(frozen=True, slots=True)
class Identity:
    """``GENERATED ALWAYS|BY DEFAULT AS IDENTITY``: the column's own sequence, of its type."""

    always: bool
    options: SequenceOptions


@dataclass(frozen=True, slots=True)
class Sequence:
    """A sequence the schema creates itself (``CREATE SEQUENCE``); those a ``serial`` or
    identity column implies belong to their column (see :func:`implied_sequences`).
    ``owned_by`` is ``table.column``: dropping that column drops the sequence."""

    name: str
    type: str
    options: SequenceOptions
    owned_by: str | None = None


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: ColumnType
    nullable: bool = True
    default: str | None = None
    generated: str | None = None
    uid: str | None = field(default=None, compare=False)
    renamed_from: str | None = field(default=None, compare=False)
    tags: tuple[str, ...] = field(default=(), compare=False)
    # COLLATE: SQLite's as written, lower case; PostgreSQL's by its catalog name ("C", app.bytewise)
    collation: str | None = None
    declared: str | None = None  # SQLite's declared type where not the type's own (declared_spelling)
    virtual: bool = False  # SQLite: a generated column computed when read (PostgreSQL's are STORED)
    identity: Identity | None = None  # last: positional construction predates it
    # SQLite: INTEGER PRIMARY KEY AUTOINCREMENT, a rowid never used again (sqlite_sequence keeps the largest)
    autoincrement: bool = False
    # PostgreSQL 18: the name of the column's NOT NULL constraint where it is not the one
    # PostgreSQL chooses, ``<table>_<column>_not_null`` (see not_null_name): one written
    # (CONSTRAINT n NOT NULL), or a partition's taken from its parent
    not_null_name: str | None = None


@dataclass(frozen=True, slots=True)
class PrimaryKey:
    name: str
    columns: tuple[str, ...]
    include: tuple[str, ...] = ()  # INCLUDE: stored in the key's index, not part of the key
    deferrable: bool = False
    initially_deferred: bool = False
    # PostgreSQL 18's WITHOUT OVERLAPS on the last column (a range): a GiST key, equal on the
    # others and not overlapping on it
    without_overlaps: bool = False


@dataclass(frozen=True, slots=True)
class UniqueConstraint:
    name: str
    columns: tuple[str, ...]
    include: tuple[str, ...] = ()
    nulls_not_distinct: bool = False  # NULLS NOT DISTINCT: two NULLs count as duplicates
    deferrable: bool = False
    initially_deferred: bool = False
    without_overlaps: bool = False  # see PrimaryKey


@dataclass(frozen=True, slots=True)
class CheckConstraint:
    name: str
    expression: str
    no_inherit: bool = False  # NO INHERIT: child tables do not get it
    valid: bool = True  # False: NOT VALID, existing rows were never checked


@dataclass(frozen=True, slots=True)
class ForeignKey:
    name: str
    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]
    on_delete: str = "no action"
    on_update: str = "no action"
    deferrable: bool = False
    initially_deferred: bool = False
    valid: bool = True
    match_full: bool = False  # MATCH FULL: all key columns NULL or none (MATCH SIMPLE otherwise)
    delete_columns: tuple[str, ...] = ()  # ON DELETE SET NULL | SET DEFAULT (columns): only those are set
    # PostgreSQL 18's PERIOD on the last column of both sides: a temporal key, the referenced
    # rows' ranges together cover the referencing row's
    period: bool = False
    # SQLite: the referenced table and columns as the REFERENCES clause spells them, where that
    # is not as they were declared (SQLite keeps the clause as written: PRAGMA foreign_key_list)
    written_as: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Index:
    """An index; ``columns`` are its keys' canonical texts (see :class:`IndexKey`), which
    is how ``schema.json`` keeps them: ``email``, ``"sp ace" DESC``, ``LOWER(email)``."""

    name: str
    columns: tuple[str, ...]
    unique: bool = False
    using: str = "btree"
    where: str | None = None
    include: tuple[str, ...] = ()
    nulls_not_distinct: bool = False
    storage: tuple[str, ...] = ()  # PostgreSQL's storage parameters (WITH (fillfactor=70)), see Table.storage

    @property
    def keys(self) -> tuple[IndexKey, ...]:
        """The keys as values: a column or an expression, and the ordering."""
        return tuple(parse_index_key(text) for text in self.columns)


@dataclass(frozen=True, slots=True)
class Exclusion:
    """``EXCLUDE USING using (key WITH operator, …) [WHERE (where)]``: no two rows whose keys all
    match by their operators.  ``columns`` are the keys' canonical texts, as an :class:`Index`
    keeps them; ``operators`` one per key (``&&``, ``=``).  PostgreSQL only."""

    name: str
    columns: tuple[str, ...]
    operators: tuple[str, ...]
    using: str = "gist"
    where: str | None = None

    @property
    def keys(self) -> tuple[IndexKey, ...]:
        return tuple(parse_index_key(text) for text in self.columns)


# Options of keys, checks, foreign keys and indexes a snapshot states only where they are not
# the default (so that a schema without them keeps its JSON and checksum): name → default.
CONSTRAINT_OPTIONS: dict[str, Any] = {
    "include": (),
    "nulls_not_distinct": False,
    "deferrable": False,
    "initially_deferred": False,
    "no_inherit": False,
    "valid": True,
    "match_full": False,
    "storage": (),
    "delete_columns": (),
    "without_overlaps": False,
    "period": False,
    "written_as": (),
}


def constraint_options(item: Any) -> dict[str, Any]:
    """The options of ``item`` that differ from their defaults, as JSON values."""
    found = {}
    for name, default in CONSTRAINT_OPTIONS.items():
        value = getattr(item, name, default)
        if value != default:
            found[name] = list(value) if isinstance(value, tuple) else value
    return found


def _by_name(items: Iterable[Any]) -> tuple[Any, ...]:
    if isinstance(items, tuple) and len(items) < 2:
        return items  # nothing to sort: most tables have no or one of each kind
    return tuple(sorted(items, key=_name))


def _name(item: Any) -> Any:
    return item.name


# --- row-level security (PostgreSQL) ----------------------------------------------

# A policy's command (``FOR …``), as pg_policies names it in lower case.
POLICY_COMMANDS = ("all", "select", "insert", "update", "delete")
PUBLIC_ROLE = "public"  # the pseudo-role every role is a member of (``TO PUBLIC``)
# Every privilege of a table (GRANT ALL expands to them; PostgreSQL 17 adds MAINTAIN, which
# ALL then holds too) and of a column.
TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "MAINTAIN")
COLUMN_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "REFERENCES")
OPTIONAL_PRIVILEGES = frozenset({"MAINTAIN"})  # not before PostgreSQL 17: ALL holds without it there
MAINTAIN_SINCE = 170000  # the server_version_num that has MAINTAIN
NOT_NULL_NAMES_SINCE = 180000  # the server_version_num whose NOT NULL constraints have names
ALL_PRIVILEGES = "ALL"


@dataclass(frozen=True, slots=True)
class Policy:
    """``CREATE POLICY name ON table AS PERMISSIVE|RESTRICTIVE FOR command TO roles USING (…)
    WITH CHECK (…)``: which rows ``roles`` see (``using``) and may write (``check``) once the
    table's row-level security is enabled.  Expressions in the canonical spelling of
    :mod:`wesley_gen.expressions`, like checks; ``roles`` sorted, ``public`` for PUBLIC (alone:
    it takes in every role)."""

    name: str
    command: str = "all"
    permissive: bool = True
    roles: tuple[str, ...] = (PUBLIC_ROLE,)
    using: str | None = None
    check: str | None = None

    def __post_init__(self) -> None:
        # PUBLIC among other roles is PUBLIC alone: PostgreSQL ignores the others.
        roles = (PUBLIC_ROLE,) if PUBLIC_ROLE in self.roles else tuple(sorted(set(self.roles)))
        object.__setattr__(self, "roles", roles or (PUBLIC_ROLE,))

    @property
    def to(self) -> str:
        """The roles as ``TO`` lists them, for messages."""
        return ", ".join(self.roles)


@dataclass(frozen=True, slots=True)
class Grant:
    """One privilege on a table (or one of its columns) granted to a role: ``GRANT SELECT ON t
    TO reader``, ``GRANT UPDATE (email) ON t TO app``.  A role holding every privilege holds
    ``ALL`` (:func:`grants_of`).  The owner's own privileges are implicit, never a grant.
    ``grantor``: the role that granted it when not the table's owner (a role holding the privilege
    WITH GRANT OPTION granted it on: ``GRANTED BY``), so that a rollback gives it back as granted."""

    grantee: str
    privilege: str
    column: str | None = None
    grantable: bool = False  # WITH GRANT OPTION
    grantor: str | None = None  # None: the owner

    @property
    def name(self) -> str:
        """How messages name it: ``SELECT (email) to reader`` (``… granted by lead``)."""
        on = f" ({self.column})" if self.column is not None else ""
        by = f" granted by {self.grantor}" if self.grantor is not None else ""
        return f"{self.privilege}{on} to {self.grantee}{by}"

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.column or "", self.grantee, self.privilege)


def reaches(role: str, member: str, memberships: frozenset[tuple[str, str]]) -> bool:
    """Whether a policy or grant to ``role`` applies to ``member``: the same role, PUBLIC, or
    ``member`` has ``role``'s privileges (``memberships``, closed under inheritance)."""
    return role in (member, PUBLIC_ROLE) or (member, role) in memberships


def inherited(direct: Iterable[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    """(member, role) pairs closed under inheritance: a member of a member of ``role`` has its
    privileges too."""
    closed = set(direct)
    while True:
        more = {(m, r2) for m, r in closed for m2, r2 in closed if m2 == r} - closed
        if not more:
            return frozenset((m, r) for m, r in closed if m != r)
        closed |= more


def grants_of(
    found: Iterable[tuple[str, str, str | None, bool, str | None]], *, maintain: bool = True
) -> tuple[Grant, ...]:
    """(grantee, privilege, column, grantable, grantor) rows → grants, a role's complete set of a
    table's (or a column's) privileges from one grantor folded into ``ALL``, as GRANT ALL writes it.

    ``maintain``: whether the source has PostgreSQL 17's MAINTAIN (a file; a database of 17 or
    later), so that a table's seven other privileges without it are not ALL there (GRANT ALL
    would give MAINTAIN too); a database older than 17 holds those seven for ALL."""
    by_target: dict[tuple[str, str | None, bool, str | None], set[str]] = {}
    for grantee, privilege, column, grantable, grantor in found:
        by_target.setdefault((grantee, column, grantable, grantor), set()).add(privilege.upper())
    grants = []
    for (grantee, column, grantable, grantor), privileges in by_target.items():
        every = set(COLUMN_PRIVILEGES if column is not None else TABLE_PRIVILEGES)
        if ALL_PRIVILEGES in privileges or privileges >= every - (set() if maintain else OPTIONAL_PRIVILEGES):
            privileges = {ALL_PRIVILEGES}
        grants += [Grant(grantee, p, column, grantable, grantor) for p in privileges]
    return tuple(grants)


def parents_of(partition_of: str | None, inherits: tuple[str, ...]) -> tuple[str, ...]:
    """The tables a table takes its inherited columns from: its partition parent, or INHERITS'."""
    return (partition_of,) if partition_of is not None else inherits


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: PrimaryKey | None = None
    uniques: tuple[UniqueConstraint, ...] = ()
    checks: tuple[CheckConstraint, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    indexes: tuple[Index, ...] = ()
    uid: str | None = field(default=None, compare=False)
    renamed_from: str | None = field(default=None, compare=False)
    tags: tuple[str, ...] = field(default=(), compare=False)
    exclusions: tuple[Exclusion, ...] = ()
    options: tuple[str, ...] = ()  # SQLite's table options (:data:`TABLE_OPTIONS`), in that order
    unlogged: bool = False  # PostgreSQL's UNLOGGED: not written to the write-ahead log
    # PostgreSQL's storage parameters (``WITH (fillfactor=70)``) as ``name=value``, in the order
    # written: the order the catalog keeps and pg_dump prints.
    storage: tuple[str, ...] = ()
    # PostgreSQL's row-level security: ENABLE (``row_security``), FORCE (``force_row_security``:
    # the owner too), the policies, and the privileges granted on the table and its columns.
    row_security: bool = False
    force_row_security: bool = False
    policies: tuple[Policy, ...] = ()
    grants: tuple[Grant, ...] = ()
    # PostgreSQL's declarative partitioning: a partitioned table's key as pg_get_partkeydef prints
    # it (``RANGE (at)``); a partition's parent and bound as pg_get_expr prints it (``FOR VALUES
    # FROM ('2024-01-01') TO ('2025-01-01')``, ``DEFAULT``).  A partition's columns are its
    # parent's; its constraints and indexes are its own only (those it inherits are the parent's).
    partition_by: str | None = None
    partition_of: str | None = None
    partition_bound: str | None = None
    # INHERITS (parents): in order; the columns inherited come first, as PostgreSQL orders them.
    inherits: tuple[str, ...] = ()

    @property
    def parents(self) -> tuple[str, ...]:
        return parents_of(self.partition_of, self.inherits)

    def __post_init__(self) -> None:
        # Constraint and index order is never meaningful: keep them sorted so
        # that equal schemas are equal values.
        for name in ("uniques", "checks", "foreign_keys", "indexes", "exclusions", "policies"):
            object.__setattr__(self, name, _by_name(getattr(self, name)))
        if self.grants or not isinstance(self.grants, tuple):  # an empty tuple is sorted already
            object.__setattr__(
                self,
                "grants",
                tuple(sorted(set(self.grants), key=lambda g: (g.key, g.grantable, g.grantor or ""))),
            )
        if self.tags or not isinstance(self.tags, tuple):
            object.__setattr__(self, "tags", tuple(sorted(set(self.tags))))

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def constraint_names(self) -> frozenset[str]:
        """The names of its constraints and indexes (PostgreSQL: one namespace per schema
        for indexes, one per table for constraints; both are checked)."""
        keys = (self.primary_key,) if self.primary_key else ()
        items = (*keys, *self.uniques, *self.checks, *self.foreign_keys, *self.indexes)
        return frozenset(i.name for i in items)


def renamable(old: Table, new: Table, old_name: str, new_name: str) -> bool:
    """Whether the constraint or index ``old_name`` of ``old`` can be renamed ``new_name`` as
    ``new`` names it: neither name is used on the other side (a rename would collide)."""
    return old_name not in new.constraint_names() and new_name not in old.constraint_names()


@dataclass(frozen=True, slots=True)
class Enum:
    name: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OtherObject:
    """An object the model does not cover yet (a view, function, trigger, policy, comment, grant, ...).

    Kept as an opaque, normalised ``definition`` so that a schema differing only in one
    is reported, never taken as unchanged: ``diff`` and ``generate`` refuse a difference,
    and name the ones equal on both sides.  ``name`` is how messages name it
    (``reports.monthly``, ``t_touch on t``, ``on column t.id``); ``schema`` is the one it
    lives in (``""`` for a database-wide object).  A kind that becomes modelled leaves
    this class for a model value of its own.
    """

    kind: str
    schema: str
    name: str
    definition: str
    line: int | None = field(default=None, compare=False)  # where a schema file defines it
    # The statement that creates it as its source states it (a file's text, the catalog's
    # composition): what a migration runs.  Not identity: sources spell it differently.
    statement: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.kind} {self.name}"

    @property
    def sql(self) -> str:
        """What creates it: its statement, or its definition where the source kept none."""
        return self.statement or self.definition


@dataclass(frozen=True, slots=True)
class Domain:
    """``CREATE DOMAIN``: a base type with its own default, NOT NULL and checks (``VALUE`` in
    a check is the value being checked). PostgreSQL only."""

    name: str
    base: ColumnType
    nullable: bool = True
    default: str | None = None
    checks: tuple[CheckConstraint, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "checks", _by_name(self.checks))


@dataclass(frozen=True, slots=True)
class Attribute:
    """One attribute of a composite type; ``renamed_from`` as a column's (a ``-- wesley:renamed-from``
    marker of the new schema), not part of its identity."""

    name: str
    type: ColumnType
    renamed_from: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Composite:
    """``CREATE TYPE name AS (...)``: a row type, its attributes in order. PostgreSQL only."""

    name: str
    attributes: tuple[Attribute, ...]


@dataclass(frozen=True, slots=True)
class Range:
    """``CREATE TYPE name AS RANGE (...)``: a range over ``subtype`` and the multirange type
    PostgreSQL makes with it, in pg_dump's form (``opclass`` only where not the subtype's
    default, ``collation`` only where not the subtype's, functions without ``pg_catalog``).
    PostgreSQL only."""

    name: str
    subtype: ColumnType
    multirange: str
    opclass: str | None = None
    collation: str | None = None
    canonical: str | None = None
    subtype_diff: str | None = None


def multirange_name(range_name: str) -> str:
    """The multirange type PostgreSQL names for a range type without ``MULTIRANGE_TYPE_NAME``:
    the first ``range`` in the name becomes ``multirange``, else ``_multirange`` is appended
    (makeMultirangeTypeName), in the range's schema."""
    schema, dot, bare = range_name.rpartition(".")
    at = bare.find("range")
    made = bare[:at] + "multi" + bare[at:] if at >= 0 else bare + "_multirange"
    return f"{schema}{dot}{made}"


UserType = Domain | Composite | Range


def type_parts(definition: UserType) -> list[ColumnType]:
    """The types a user type is made of: a domain's base, a range's subtype, a composite's attributes."""
    if isinstance(definition, Domain):
        return [definition.base]
    if isinstance(definition, Range):
        return [definition.subtype]
    return [a.type for a in definition.attributes]


@dataclass(frozen=True, slots=True)
class RoleStatement:
    """A role as a schema file leaves it (``CREATE ROLE``, then ``ALTER ROLE``): its attributes
    as ``name=value``, sorted, those at PostgreSQL's default left out (``CREATE ROLE r NOLOGIN``
    is ``CREATE ROLE r``); ``created`` is false for a role the file alters without creating."""

    name: str
    attributes: tuple[str, ...] = ()
    created: bool = True
    line: int | None = field(default=None, compare=False)

    def __str__(self) -> str:
        made = "" if self.created else "altered, not created: "
        shown = ("password=(hidden)" if a.startswith("password=") else a for a in self.attributes)
        return made + (", ".join(shown) or "default attributes")


@dataclass(frozen=True, slots=True)
class Schema:
    """Tables and enums, and the PostgreSQL schemas (namespaces) besides ``public``.

    ``schemas`` holds every schema a table or enum lives in and those declared empty
    (``CREATE SCHEMA app;``), sorted; ``public`` is implicit, so a schema written
    without schemas has none and keeps the form and checksum it always had."""

    tables: tuple[Table, ...] = ()
    enums: tuple[Enum, ...] = ()
    schemas: tuple[str, ...] = ()
    others: tuple[OtherObject, ...] = ()
    domains: tuple[Domain, ...] = ()
    composites: tuple[Composite, ...] = ()
    sequences: tuple[Sequence, ...] = ()
    ranges: tuple[Range, ...] = ()
    # Role memberships the source states, (member, role) for each role whose privileges the member
    # has (inherited, directly or through others: PostgreSQL applies a policy TO role to them):
    # a file's GRANT role TO member, a database's pg_auth_members. Roles are no part of the schema
    # (not compared, not migrated, not in the checksum): they tell whether a policy moved from one
    # role to another reaches fewer roles (:func:`reaches`).
    memberships: frozenset[tuple[str, str]] = field(default=frozenset(), compare=False, hash=False)
    # The roles a schema file creates or alters (CREATE / ALTER / DROP ROLE), by name; None for a
    # source that states none (a database, whose roles belong to the cluster; a snapshot). Not
    # compared, not migrated, not in the checksum: two files that differ in them are refused by
    # name (:func:`wesley_gen.diff.check_others`), never taken as equal.
    roles: tuple[RoleStatement, ...] | None = field(default=None, compare=False, hash=False)
    # The tables by name, made on the first table(): the renderers look up hundreds of tables.
    _tables: dict[str, Table] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        for name in ("tables", "enums", "domains", "composites", "sequences", "ranges"):
            object.__setattr__(self, name, _by_name(getattr(self, name)))
        used = {schema_of(t.name) for t in self.tables} | {schema_of(e.name) for e in self.enums}
        used |= {schema_of(name) for name in self.user_types()} | {schema_of(s.name) for s in self.sequences}
        object.__setattr__(self, "schemas", tuple(sorted((set(self.schemas) | used) - {PUBLIC})))
        object.__setattr__(self, "others", tuple(sorted(self.others, key=lambda o: (o.kind, o.name))))

    def user_types(self) -> dict[str, UserType]:
        """The types a column may name besides built-ins and enums, in the order they can be
        made: each after the user types it is made of (a range may be over a domain, a domain
        over a range or its multirange, an attribute of any), else domains, then ranges, then
        composites, by name."""
        listed: list[UserType] = [*self.domains, *self.ranges, *self.composites]
        by_name = {t.name: t for t in listed}
        by_name |= {r.multirange: r for r in self.ranges}  # a multirange is made with its range
        found: dict[str, UserType] = {}
        visiting: set[str] = set()

        def visit(definition: UserType) -> None:
            if definition.name in found or definition.name in visiting:
                return
            visiting.add(definition.name)
            for part in type_parts(definition):
                made_of = by_name.get(part.name)
                if made_of is not None:
                    visit(made_of)
            found[definition.name] = definition

        for definition in listed:
            visit(definition)
        return found

    def table(self, name: str) -> Table | None:
        if not self._tables:
            for table in self.tables:
                self._tables.setdefault(table.name, table)  # the first of a name, as ever
        return self._tables.get(name)

    def enum(self, name: str) -> Enum | None:
        return next((e for e in self.enums if e.name == name), None)

    def tables_by_name(self) -> dict[str, Table]:
        return {t.name: t for t in self.tables}

    def enums_by_name(self) -> dict[str, Enum]:
        return {e.name: e for e in self.enums}

    def sequence(self, name: str) -> Sequence | None:
        return next((s for s in self.sequences if s.name == name), None)


def numbered(column: Column) -> bool:
    """Whether ``column``'s default draws from a sequence (a ``serial``, a ``nextval``): a
    volatile default, which PostgreSQL evaluates for every existing row when the column is
    added with it, rewriting the table."""
    return (
        column.identity is None
        and column.generated is None
        and column.default is not None
        and column.default.upper().startswith("NEXTVAL(")
    )


def valued_default(column: Column) -> str | None:
    """``column``'s default where it gives a value: a ``DEFAULT NULL`` that PostgreSQL stores
    (on a varchar(n) or domain column, say) gives none, as no default does."""
    return None if column.default == "NULL" else column.default


def implied_sequences(tables: Iterable[Table], sequences: Iterable[Sequence]) -> set[str]:
    """The names among ``sequences`` that a ``serial`` column states already: named as
    PostgreSQL names the column's sequence, owned by it, of its type, with the default
    options, and the column's default draws from it.  A database holds such a column as
    a column and a sequence; a schema file may write it either way."""
    found = set()
    for sequence in sequences:
        owner, _, column_name = (sequence.owned_by or "").rpartition(".")
        table = next((t for t in tables if t.name == owner), None)
        column = table.column(column_name) if table is not None else None
        if (
            column is not None
            and sequence.name == serial_sequence(owner, column_name)
            and column.type == ColumnType(sequence.type)
            and sequence.options == sequence_options(sequence.type)
            and column.default == f"NEXTVAL('{sequence.name}')"
        ):
            found.add(sequence.name)
    return found


def schema_with_types(
    tables: Iterable[Table], enums: Iterable[Enum], user_types: Iterable[UserType]
) -> Schema:
    """A schema from its user types in one list, as loaders read them (domains, composites and ranges mixed)."""
    defined = tuple(user_types)
    return Schema(
        tuple(tables),
        tuple(enums),
        domains=tuple(d for d in defined if isinstance(d, Domain)),
        composites=tuple(c for c in defined if isinstance(c, Composite)),
        ranges=tuple(r for r in defined if isinstance(r, Range)),
    )


# --- default names, as PostgreSQL chooses them ------------------------------------

MAX_IDENTIFIER = 63  # bytes: PostgreSQL's NAMEDATALEN - 1


def clip_name(name: str, length: int = MAX_IDENTIFIER) -> str:
    """The first ``length`` bytes of ``name`` in UTF-8, less any character cut in two (as PostgreSQL cuts)."""
    return name.encode("utf-8")[:length].decode("utf-8", errors="ignore")


def object_name(name1: str, name2: str | None, label: str) -> str:
    """A name built as PostgreSQL's ``makeObjectName`` builds it.

    ``name1_name2_label`` within 63 bytes: the longer of the two names is cut
    first, and never inside a character.
    """
    available = MAX_IDENTIFIER - len(label) - 1 - (1 if name2 is not None else 0)
    keep_first, keep_second = len(name1.encode("utf-8")), len((name2 or "").encode("utf-8"))
    while keep_first + keep_second > available:
        if keep_first > keep_second:
            keep_first -= 1
        else:
            keep_second -= 1
    parts = [clip_name(name1, keep_first)]
    if name2 is not None:
        parts.append(clip_name(name2, keep_second))
    return "_".join([*parts, label])


def serial_sequence(table: str, column: str) -> str:
    """The sequence a ``serial`` column ``table.column`` creates and owns, as PostgreSQL
    names it (in the table's schema)."""
    schema, dot, relation = table.rpartition(".")
    return schema + dot + object_name(relation, column, "seq")


def not_null_name(table: str, column: str) -> str:
    """The name PostgreSQL 18 gives the NOT NULL constraint of ``table.column`` that names
    none (``ChooseConstraintName``: ``<table>_<column>_not_null``, cut as makeObjectName cuts)."""
    return object_name(table.rpartition(".")[2], column, "not_null")


def not_null_constraint(table: str, column: Column) -> str:
    """The name of the NOT NULL constraint of ``column`` (NOT NULL) of ``table``."""
    return column.not_null_name or not_null_name(table, column.name)


def stated_not_null_name(table: str, column: str, name: str | None) -> str | None:
    """What :attr:`Column.not_null_name` keeps of ``name``, the name of the NOT NULL
    constraint of ``table.column``: nothing where it is PostgreSQL's choice (or ``None``)."""
    return None if name is None or name == not_null_name(table, column) else name


def inherited_column(parent: str, child: str, column: Column) -> Column:
    """``column`` of ``parent`` as ``child``, which inherits it (a partition made ``PARTITION
    OF``, a table made ``INHERITS``), has it: its NOT NULL constraint is the parent's, under
    the parent's name (and stays so when the child is detached)."""
    if column.nullable:
        return column
    name = stated_not_null_name(child, column.name, not_null_constraint(parent, column))
    return column if name == column.not_null_name else replace(column, not_null_name=name)


def primary_key_name(table: str) -> str:
    return object_name(table, None, "pkey")


def unique_name(table: str, columns: Iterable[str]) -> str:
    return object_name(table, "_".join(columns) or None, "key")


def foreign_key_name(table: str, columns: Iterable[str]) -> str:
    return object_name(table, "_".join(columns) or None, "fkey")


def check_name(table: str, column: str | None) -> str:
    return object_name(table, column or None, "check")


def index_name(table: str, columns: Iterable[str]) -> str:
    return object_name(table, "_".join(re.sub(r"\W+", "_", c).strip("_") for c in columns) or None, "idx")


# --- canonical JSON and checksum ---------------------------------------------------


def stored_by(schema: Schema, dialect: str) -> Schema:
    """What ``dialect``'s database keeps of ``schema``: PostgreSQL makes every key column NOT
    NULL and has none of SQLite's column facts (a declared type's spelling, a SQLite
    collation, a VIRTUAL generated column, AUTOINCREMENT).  So a SQLite DDL file planned for PostgreSQL compares with
    what PostgreSQL will hold."""
    if dialect != "postgres":
        return schema
    tables = tuple(_stored_table(t) for t in schema.tables)
    if all(stored is table for stored, table in zip(tables, schema.tables, strict=True)):
        return schema  # already as PostgreSQL keeps it (a PostgreSQL file, or a second call)
    return replace(schema, tables=tables)


def _stored_table(table: Table) -> Table:
    """:func:`stored_by` of one table: the table itself when no column changes."""
    keys = table.primary_key.columns if table.primary_key is not None else ()
    columns = tuple(_stored_column(c, c.name in keys) for c in table.columns)
    if all(stored is column for stored, column in zip(columns, table.columns, strict=True)):
        return table
    return replace(table, columns=columns)


def _stored_column(column: Column, key: bool) -> Column:
    nullable = column.nullable and not key
    collation = None if column.collation in SQLITE_COLLATIONS else column.collation  # SQLite's own
    if (
        nullable == column.nullable
        and collation == column.collation
        and column.declared is None
        and not column.virtual
        and not column.autoincrement
    ):
        return column
    return replace(
        column, nullable=nullable, declared=None, collation=collation, virtual=False, autoincrement=False
    )


def _column_dict(column: Column, *, annotations: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": column.name,
        "type": str(column.type),
        "nullable": column.nullable,
        "default": column.default,
        "generated": column.generated,
    }
    for key in (
        "collation",
        "declared",
        "virtual",
        "autoincrement",
        "not_null_name",
    ):  # only when set: older snapshots stay byte-identical
        if getattr(column, key):
            data[key] = getattr(column, key)
    if column.identity is not None:  # only when there is one: older snapshots stay byte-identical
        data["identity"] = {"always": column.identity.always, **_options_dict(column.identity.options)}
    if annotations:
        if column.uid is not None:
            data["uid"] = column.uid
        if column.tags:
            data["tags"] = list(column.tags)
    return data


def _table_dict(table: Table, *, annotations: bool) -> dict[str, Any]:
    columns = table.columns if annotations else sorted(table.columns, key=lambda c: c.name)
    pk = table.primary_key
    data: dict[str, Any] = {
        "name": table.name,
        "columns": [_column_dict(c, annotations=annotations) for c in columns],
        "primary_key": None
        if pk is None
        else {"name": pk.name, "columns": list(pk.columns), **constraint_options(pk)},
        "uniques": [
            {"name": u.name, "columns": list(u.columns), **constraint_options(u)} for u in table.uniques
        ],
        "checks": [
            {"name": c.name, "expression": c.expression, **constraint_options(c)} for c in table.checks
        ],
        "foreign_keys": [foreign_key_dict(fk) for fk in table.foreign_keys],
        "indexes": [
            {
                "name": i.name,
                "columns": list(i.columns),
                "unique": i.unique,
                "using": i.using,
                "where": i.where,
                **constraint_options(i),
            }
            for i in table.indexes
        ],
    }
    if table.exclusions:  # only when there are some, so that other tables keep their checksum
        data["exclusions"] = [
            {"name": x.name, "columns": list(x.columns), "operators": list(x.operators), "using": x.using,
             "where": x.where}
            for x in table.exclusions
        ]  # fmt: skip
    if table.options:  # only when set: snapshots without them stay byte-identical
        data["options"] = list(table.options)
    if table.unlogged:
        data["unlogged"] = True
    if table.storage:
        data["storage"] = list(table.storage)
    data.update(partitioning_dict(table))
    data.update(security_dict(table))
    if annotations:
        if table.uid is not None:
            data["uid"] = table.uid
        if table.tags:
            data["tags"] = list(table.tags)
    return data


def partitioning_dict(table: Table) -> dict[str, Any]:
    """A table's partitioning and inheritance in the snapshot's form: only what is set, so that
    other tables keep their JSON and checksum."""
    data: dict[str, Any] = {}
    for key in ("partition_by", "partition_of", "partition_bound"):
        if getattr(table, key) is not None:
            data[key] = getattr(table, key)
    if table.inherits:
        data["inherits"] = list(table.inherits)
    return data


def inherited_columns(table: Table, parents: Iterable[Table]) -> tuple[Column, ...]:
    """``table``'s columns as PostgreSQL orders them once it inherits from ``parents``: each
    parent's columns first (a column of two parents, or one the table states too, merged in the
    first place it appears: NOT NULL if any says so, the table's own definition otherwise
    winning), then the table's own."""
    own = {c.name: c for c in table.columns}
    merged: dict[str, Column] = {}
    for parent in parents:
        for column in parent.columns:
            if column.name not in merged:
                stated = own.get(column.name)
                if stated is not None and not stated.nullable:  # a NOT NULL of its own, its name
                    merged[column.name] = stated
                    continue
                given = inherited_column(parent.name, table.name, column)  # the parent's NOT NULL
                merged[column.name] = (
                    given
                    if stated is None
                    else replace(stated, nullable=given.nullable, not_null_name=given.not_null_name)
                )
    merged.update((c.name, c) for c in table.columns if c.name not in merged)
    return tuple(merged.values())


def security_dict(table: Table) -> dict[str, Any]:
    """A table's row-level security, policies and grants in the snapshot's form: only what is
    set, so that a table without them keeps its JSON and checksum."""
    data: dict[str, Any] = {}
    switches = [w for w, on in (("enabled", table.row_security), ("forced", table.force_row_security)) if on]
    if switches:
        data["row_security"] = switches
    if table.policies:
        data["policies"] = [policy_dict(p) for p in table.policies]
    if table.grants:
        data["grants"] = [
            {"grantee": g.grantee, "privilege": g.privilege, "column": g.column}
            | ({"grantable": True} if g.grantable else {})
            | ({"grantor": g.grantor} if g.grantor is not None else {})
            for g in table.grants
        ]
    return data


def policy_dict(policy: Policy) -> dict[str, Any]:
    return {
        "name": policy.name,
        "command": policy.command,
        "permissive": policy.permissive,
        "roles": list(policy.roles),
        "using": policy.using,
        "check": policy.check,
    }


def domain_dict(domain: Domain) -> dict[str, Any]:
    return {
        "name": domain.name,
        "base": str(domain.base),
        "nullable": domain.nullable,
        "default": domain.default,
        "checks": [{"name": c.name, "expression": c.expression} for c in domain.checks],
    }


def composite_dict(composite: Composite) -> dict[str, Any]:
    return {
        "name": composite.name,
        "attributes": [{"name": a.name, "type": str(a.type)} for a in composite.attributes],
    }


def range_dict(definition: Range) -> dict[str, Any]:
    return {
        "name": definition.name,
        "subtype": str(definition.subtype),
        "multirange": definition.multirange,
        "opclass": definition.opclass,
        "collation": definition.collation,
        "canonical": definition.canonical,
        "subtype_diff": definition.subtype_diff,
    }


def foreign_key_dict(fk: ForeignKey) -> dict[str, Any]:
    """A foreign key in the snapshot's canonical form."""
    data: dict[str, Any] = {
        "name": fk.name,
        "columns": list(fk.columns),
        "ref_table": fk.ref_table,
        "ref_columns": list(fk.ref_columns),
        "on_delete": fk.on_delete,
        "on_update": fk.on_update,
    }
    return data | constraint_options(fk)  # only where set: older snapshots stay the same


def _options_dict(options: SequenceOptions) -> dict[str, Any]:
    return {
        "start": options.start,
        "increment": options.increment,
        "minvalue": options.minvalue,
        "maxvalue": options.maxvalue,
        "cache": options.cache,
        "cycle": options.cycle,
    }


def to_dict(schema: Schema, *, annotations: bool = True) -> dict[str, Any]:
    """The canonical dictionary form; ``annotations=False`` is the identity form.
    ``schemas`` is written only when there are some besides ``public``; ``others``, domains,
    composites and sequences only when there are any, so a schema of tables and enums keeps the
    form (and checksum) it always had."""
    data: dict[str, Any] = {
        "format": SCHEMA_FORMAT,
        "enums": [{"name": e.name, "values": list(e.values)} for e in schema.enums],
        "tables": [_table_dict(t, annotations=annotations) for t in schema.tables],
    }
    if schema.schemas:
        data["schemas"] = list(schema.schemas)
    if schema.others:
        data["others"] = [
            {"kind": o.kind, "schema": o.schema, "name": o.name, "definition": o.definition}
            | ({"statement": o.statement} if annotations and o.statement not in ("", o.definition) else {})
            for o in schema.others
        ]
    if schema.domains:
        data["domains"] = [domain_dict(d) for d in schema.domains]
    if schema.composites:
        data["composites"] = [composite_dict(c) for c in schema.composites]
    if schema.ranges:
        data["ranges"] = [range_dict(r) for r in schema.ranges]
    if schema.sequences:
        data["sequences"] = [
            {"name": s.name, "type": s.type, "owned_by": s.owned_by, **_options_dict(s.options)}
            for s in schema.sequences
        ]
    return data


def only_schemas(schema: Schema, names: Iterable[str]) -> Schema:
    """``schema`` cut down to the tables, types and schemas of the PostgreSQL schemas
    ``names`` (``public`` included by its name): what ``--schema`` compares."""
    kept = set(names)
    return Schema(
        tuple(t for t in schema.tables if schema_of(t.name) in kept),
        tuple(e for e in schema.enums if schema_of(e.name) in kept),
        tuple(s for s in schema.schemas if s in kept),
        tuple(o for o in schema.others if o.schema in kept or o.schema in ("", "main")),
        tuple(d for d in schema.domains if schema_of(d.name) in kept),
        tuple(c for c in schema.composites if schema_of(c.name) in kept),
        tuple(s for s in schema.sequences if schema_of(s.name) in kept),
        tuple(r for r in schema.ranges if schema_of(r.name) in kept),
    )


def dumps(data: Any) -> str:
    """Deterministic JSON as wesley-gen writes every file: sorted, 2-space, final newline.

    The same text as ``json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)``,
    written by :func:`_indented` in a fraction of the time (the standard library's
    indented encoder is its slow pure-Python one); anything it does not write (a key
    that is not a string…) goes to ``json.dumps`` itself.
    """
    parts: list[str] = []
    try:
        _indented(data, "\n", parts, {})
    except _NotPlain:
        return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    parts.append("\n")
    return "".join(parts)


class _NotPlain(Exception):
    """A value :func:`_indented` leaves to ``json.dumps``."""


_JSON_STRING = json.encoder.encode_basestring  # the C encoder when there is one, as json.dumps uses
_JSON_CONSTANTS = {True: "true", False: "false", None: "null"}


# A key's JSON text and ": ", made once: the same few keys repeat throughout a document.
_JSON_KEYS: dict[str, str] = {}


def _key_text(key: Any) -> str:
    if not isinstance(key, str):
        raise _NotPlain
    if len(_JSON_KEYS) >= 4096:
        _JSON_KEYS.clear()
    text = _JSON_KEYS[key] = _JSON_STRING(key) + ": "
    return text


# What a record (a dictionary of scalars: a column, a constraint) holds; bool is an int.  The C
# encoder writes their subclasses (a default's spelling…) as json.dumps does: by their value.
_SCALARS = (str, int, float, type(None))
# By indentation: the C encoder whose item separator is a newline and that indentation.
_RECORD_ENCODERS: dict[str, make_encoder] = {}


def _is_record(value: Any) -> bool:
    return type(value) is dict and bool(value) and all(map(isinstance, value.values(), repeat(_SCALARS)))


def _records(records: list[Any] | tuple[Any, ...], newline: str, inner: str) -> str:
    """A list of records (a table's columns) as ``json.dumps`` indents it, written by the C encoder
    in one call: its item separator indents the records' keys, and where one record ends and the
    next begins (``},`` then a newline, the only place a newline can follow ``},`` since a JSON
    string holds none) is indented as the list's items are.  The encoder writes keys and values
    exactly as ``json.dumps`` does."""
    keys = inner + "  "
    encoder = _RECORD_ENCODERS.get(keys)
    if encoder is None:
        encoder = _RECORD_ENCODERS[keys] = make_encoder(
            None, json.JSONEncoder().default, _JSON_STRING, None, ": ", "," + keys, True, False, True
        )
    text = "".join(encoder(records, 0))  # [{"a": 1,<keys>"b": 2},<keys>{"a": 3, ...}]
    body = text[2:-2].replace("}," + keys + "{", inner + "}," + inner + "{" + keys)
    return "[" + inner + "{" + keys + body + inner + "}" + newline + "]"


def _indented(value: Any, newline: str, parts: list[str], written: dict[tuple[int, str], str]) -> None:
    """Append ``value`` as indented JSON; ``newline`` is a newline and the current indentation.

    ``written``: the text of each dictionary in a list, by its identity and indentation, so
    that one met again (a table both schemas of a contract share) is copied.
    """
    if isinstance(value, str):
        parts.append(_JSON_STRING(value))
    elif value is None or value is True or value is False:
        parts.append(_JSON_CONSTANTS[value])
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(float.__repr__(value) if math.isfinite(value) else json.dumps(value))
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        opening = "{" + inner
        for key in sorted(value):
            text = _JSON_KEYS.get(key) or _key_text(key)
            item = value[key]
            # strings and constants, most of the values, written here rather than by a call each
            if type(item) is str:
                parts.append(opening + text + _JSON_STRING(item))
            elif item is None or item is True or item is False:
                parts.append(opening + text + _JSON_CONSTANTS[item])
            else:
                parts.append(opening + text)
                _indented(item, inner, parts, written)
            opening = "," + inner
        parts.append(newline + "}")
    elif isinstance(value, list | tuple):
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        if all(map(_is_record, value)):
            parts.append(_records(value, newline, inner))
            return
        opening = "[" + inner
        for item in value:
            if type(item) is str:
                parts.append(opening + _JSON_STRING(item))
            elif type(item) is dict:
                parts.append(opening)
                key = (id(item), inner)
                if key in written:
                    parts.append(written[key])
                else:
                    start = len(parts)
                    _indented(item, inner, parts, written)
                    # its text made one part, which a second meeting appends whole
                    parts[start:] = [written[key]] = ["".join(parts[start:])]
            else:
                parts.append(opening)
                _indented(item, inner, parts, written)
            opening = "," + inner
        parts.append(newline + "]")
    else:
        raise _NotPlain  # json.dumps refuses it in its own words


def canonical_json(schema: Schema, identity: Mapping[str, Any] | None = None) -> str:
    """The snapshot text of a schema (``schema.json``), annotations included.

    ``identity``: the schema's identity form made already (``to_dict(schema, annotations=False)``:
    a contract's post schema), whose dictionaries of a table without annotations this takes,
    its columns in their order.
    """
    if identity is None:
        return dumps(to_dict(schema))
    tables = [_annotated(t, i) for t, i in zip(schema.tables, identity["tables"], strict=True)]
    return dumps(to_dict(replace(schema, tables=())) | {"tables": tables})


def _annotated(table: Table, identity: dict[str, Any]) -> dict[str, Any]:
    """``_table_dict(table, annotations=True)``, from the table's identity form when it can."""
    if table.uid is not None or table.tags or any(c.uid is not None or c.tags for c in table.columns):
        return _table_dict(table, annotations=True)
    columns = {c["name"]: c for c in identity["columns"]}
    return identity | {"columns": [columns[c.name] for c in table.columns]}


def checksum(schema: Schema) -> str:
    """``sha256:<hex>`` of the schema's identity: structure only, columns by name."""
    return checksum_of(to_dict(schema, annotations=False))


def checksum_of(identity: dict[str, Any], table_texts: Iterable[str] | None = None) -> str:
    """:func:`checksum` of a schema whose identity form (``to_dict(schema, annotations=False)``)
    is at hand already; ``table_texts``, each of its tables' :func:`compact_json` made already
    (a table two versions share is encoded once).

    ``tables`` is the last key of the sorted identity form, so its text ends the encoded
    dictionary: ``"tables":[`` and the tables' texts joined by ``,``, as ``json.dumps`` joins them.
    """
    head = "" if table_texts is None else compact_json(identity | {"tables": []})
    if table_texts is not None and head.endswith(_NO_TABLES):
        text = head.removesuffix(_NO_TABLES) + '"tables":[' + ",".join(table_texts) + "]}"
    else:
        text = compact_json(identity)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


_NO_TABLES = '"tables":[]}'
# json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False), its encoder made once
compact_json = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def table_identity(table: Table) -> dict[str, Any]:
    """One table of a schema's identity form (``to_dict(schema, annotations=False)["tables"]``)."""
    return _table_dict(table, annotations=False)


def iter_columns(schema: Schema) -> Iterator[tuple[Table, Column]]:
    for table in schema.tables:
        for column in table.columns:
            yield table, column
