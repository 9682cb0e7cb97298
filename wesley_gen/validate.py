"""Validation of a loaded schema: the rules every input form must pass.

Loaders build a :class:`~wesley_gen.model.Schema` plus a map from model keys to
source lines; :func:`validate` checks the schema and raises one
:class:`~wesley_gen.errors.InputError` at the first problem, placed on the line
where the offending thing was written.

Keys of the line map: ``("table", t)``, ``("column", t, c)``,
``("constraint", t, name)``, ``("index", t, name)``, ``("enum", e)``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence

from wesley_gen.errors import InputError, Location
from wesley_gen.identifiers import PUBLIC, schema_of, sqlite_folded
from wesley_gen.model import (
    BUILTIN_TYPES,
    MAX_IDENTIFIER,
    RANGE_TYPES,
    SQLITE_ONLY_TYPES,
    TYPE_PARAMETERS,
    Column,
    ColumnType,
    Domain,
    Enum,
    Exclusion,
    Index,
    Range,
    Schema,
    Table,
    clip_name,
    extension_type,
)

SourceLines = Mapping[tuple[str, ...], int]

_SAME_NAME = {
    True: "have the same name, and PostgreSQL keeps tables and indexes in one namespace",
    False: "have the same name to SQLite, which keeps tables and indexes in one namespace and ignores case",
}
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_$]*$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_INTEGER = re.compile(r"^-?\d+$")
_STRING = re.compile(r"^'((?:[^']|'')*)'$")
_BLOB_LITERAL = re.compile(r"^x'(?:[0-9a-f]{2})*'$", re.I)
_UUID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.I)
_DATE_LIKE = re.compile(
    r"^\d{4}-\d{2}-\d{2}|^\d{2}:\d{2}|^(now|today|tomorrow|yesterday|epoch|infinity|-infinity)$", re.I
)
_CALL = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*\s*\(.*\)$", re.S)
# What a default is when it is not an expression (an operator, a cast, AT TIME ZONE…): a literal
# or a name, the only defaults whose fit the type tells without the database.
_PLAIN = re.compile(
    r"^(?:'(?:[^']|'')*'|-?\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_$]*|x'[^']*'|'\{.*|ARRAY\[.*)$", re.I | re.S
)
# A money literal: PostgreSQL reads it in the locale's format (a currency sign, digit groups).
_MONEY = re.compile(r"^-?\$?\d[\d,]*(?:\.\d+)?$")
_TIME_KEYWORDS = frozenset(
    {"CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIMESTAMP", "LOCALTIME"}
)
_BOOLEAN_TEXT = frozenset({"t", "f", "true", "false", "yes", "no", "on", "off", "1", "0", "y", "n"})
_INTEGER_RANGE = {"smallint": 2**15, "integer": 2**31, "bigint": 2**63}
_TEXT_TYPES = frozenset({"text", "varchar", "char", "citext", "xml", "tsvector"})
_NUMERIC_TYPES = frozenset({"numeric", "real", "double precision"})
_TEMPORAL_TYPES = frozenset({"date", "time", "timetz", "timestamp", "timestamptz", "interval"})
# Type families an ordinary foreign key may mix (PostgreSQL accepts these pairs).
# A name of at most this many characters is at most 63 bytes in UTF-8 (4 bytes a character at most).
_SURELY_SHORT = MAX_IDENTIFIER // 4
_FK_FAMILIES = (
    frozenset({"smallint", "integer", "bigint"}),
    frozenset({"text", "varchar", "char", "citext"}),
    frozenset({"timestamp", "timestamptz"}),
)


def validate(
    schema: Schema,
    source: str,
    lines: SourceLines | None = None,
    *,
    strict_foreign_key_types: bool = False,
    dialect: str | None = None,
) -> None:
    """Raise :class:`InputError` for the first rule ``schema`` breaks.

    ``strict_foreign_key_types`` demands identical referencing and referenced
    types (Wesley's ``@wes_fk``); otherwise types of one family may mix.
    ``dialect`` adds the rules its names follow: PostgreSQL keeps at most 63 bytes
    of a name, SQLite tells names apart without regard to ASCII case.
    """
    checker = _Checker(schema, source, lines or {}, strict_foreign_key_types, dialect)
    checker.run()


class _Checker:
    def __init__(
        self, schema: Schema, source: str, lines: SourceLines, strict_fk: bool, dialect: str | None
    ) -> None:
        self.schema = schema
        self.source = source
        self.lines = lines
        self.strict_fk = strict_fk
        self.dialect = dialect
        self.tables = schema.tables_by_name()
        self.enums = schema.enums_by_name()
        self.user_types = schema.user_types()
        self.multiranges = {r.multirange: r.name for r in schema.ranges}  # each made by its range
        # A schema repeats a few types and defaults thousands of times: each is judged once.
        self.fitting_types: set[ColumnType] = set()
        self.fitting_defaults: set[tuple[str, ColumnType]] = set()
        self.columns: frozenset[str] = frozenset()  # of the table being checked

    def fail(self, key: tuple[str, ...], reason: str) -> InputError:
        line = self.lines.get(key)
        if line is None and len(key) > 2:
            line = self.lines.get(("table", key[1]))
        return InputError(reason, location=Location(self.source, line))

    def run(self) -> None:
        self.check_duplicates()
        for enum in self.schema.enums:
            self.check_enum(enum)
        self.check_user_types()
        index_owner: dict[tuple[str, str], str] = {}  # (schema, name) → table: one namespace per schema
        for table in self.schema.tables:
            self.check_table(table)
            for name in self.relation_names(table):
                key = (schema_of(table.name), name)
                if key in index_owner:
                    raise self.fail(
                        ("index", table.name, name),
                        f"index or constraint name {name!r} is used by both "
                        f"{index_owner[key]!r} and {table.name!r}",
                    )
                index_owner[key] = table.name
        if self.dialect is not None:
            self.check_relation_names()
        if self.dialect == "postgres":
            self.check_name_lengths()
        elif self.dialect == "sqlite":
            for table in self.schema.tables:
                self.check_unqualified(table)
                self.check_column_case(table)

    def check_unqualified(self, table: Table) -> None:
        """SQLite has no schemas: ``app.users`` would name a table of an attached database."""
        if schema_of(table.name) != PUBLIC:
            raise self.fail(
                ("table", table.name),
                f"table {table.name!r} is in schema {schema_of(table.name)!r}, and SQLite has no schemas",
            )

    def relation_key(self, table: Table, name: str) -> tuple[str, str]:
        """Where the dialect looks a table or index name up: its schema, and the name as compared."""
        schema = table.name.partition(".")[0] if "." in table.name else ""
        return (schema, sqlite_folded(name)) if self.dialect == "sqlite" else (schema, name)

    def check_relation_names(self) -> None:
        """Tables and indexes share one namespace per schema (in PostgreSQL, key constraints too).

        Runs after the checks for duplicates of one kind, so any name met twice here
        is a table meeting an index, or two names SQLite does not tell apart.
        """
        holders: dict[tuple[str, str], tuple[str, ...]] = {}  # the name as compared → its first holder
        postgres = self.dialect == "postgres"
        for table in self.schema.tables:
            schema, _, relation = table.name.rpartition(".")
            others = self.relation_names(table) if postgres else [i.name for i in table.indexes]
            named = [(("table", table.name), relation)] + [
                (("index", table.name, name), name) for name in others
            ]
            for key, name in named:
                compared = (schema, name if postgres else sqlite_folded(name))
                if compared in holders:
                    raise self.fail(
                        key, f"{_holder(key)} and {_holder(holders[compared])} {_SAME_NAME[postgres]}"
                    )
                holders[compared] = key

    def check_column_case(self, table: Table) -> None:
        """SQLite takes ``Foo`` and ``foo`` for one column."""
        seen: dict[str, str] = {}
        for column in table.columns:
            other = seen.setdefault(sqlite_folded(column.name), column.name)
            if other != column.name:
                raise self.fail(
                    ("column", table.name, column.name),
                    f"columns {other!r} and {column.name!r} of {table.name!r} differ only in case, "
                    "and SQLite takes them for one column",
                )

    def check_name_lengths(self) -> None:
        """PostgreSQL cuts a name longer than 63 bytes; a schema must not depend on the cut."""
        for enum in self.schema.enums:
            self.check_length(("enum", enum.name), "enum {!r}", enum.name)
            for value in enum.values:
                self.check_length(("enum", enum.name), "value of enum {!r}", value)
        for table in self.schema.tables:
            self.check_length(("table", table.name), "table", table.name.rpartition(".")[2])
            for column in table.columns:
                self.check_length(("column", table.name, column.name), "column of {!r}", column.name)
            for name in self.constraint_names(table):
                self.check_length(("constraint", table.name, name), "constraint on {!r}", name)
            for index in table.indexes:
                self.check_length(("index", table.name, index.name), "index on {!r}", index.name)

    def check_length(self, key: tuple[str, ...], what: str, name: str) -> None:
        """``what`` names the kind of name, ``{!r}`` standing for ``key[1]`` (its table or enum):
        formatted only for a name too long, since every name of a schema is checked."""
        if len(name) <= _SURELY_SHORT:
            return
        size = len(name.encode("utf-8"))
        if size > MAX_IDENTIFIER:
            raise self.fail(
                key,
                f"{what.format(key[1])} name {name!r} is {size} bytes, and PostgreSQL keeps only the first "
                f"{MAX_IDENTIFIER}: {clip_name(name)!r}",
            )

    @staticmethod
    def constraint_names(table: Table) -> list[str]:
        names = [u.name for u in table.uniques] + [c.name for c in table.checks]
        names += [f.name for f in table.foreign_keys]
        return names + ([table.primary_key.name] if table.primary_key else [])

    @staticmethod
    def relation_names(table: Table) -> list[str]:
        """Names that PostgreSQL keeps in one namespace per schema (they are indexes)."""
        names = [i.name for i in table.indexes] + [u.name for u in table.uniques]
        names += [x.name for x in table.exclusions]
        if table.primary_key is not None:
            names.append(table.primary_key.name)
        return names

    def check_duplicates(self) -> None:
        for name, count in Counter(t.name for t in self.schema.tables).items():
            if count > 1:
                raise self.fail(("table", name), f"duplicate table {name!r}")
        for name, count in Counter(e.name for e in self.schema.enums).items():
            if count > 1:
                raise self.fail(("enum", name), f"duplicate enum {name!r}")
        for name in set(self.tables) & set(self.enums):
            raise self.fail(("enum", name), f"{name!r} is both a table and an enum")
        kinds = Counter([*self.tables, *self.enums, *self.user_types, *self.multiranges])
        for name in sorted(n for n in (*self.user_types, *self.multiranges) if kinds[n] > 1):
            # A table's row type shares the namespace of types, as an enum does.
            raise self.fail(
                ("enum", self.multiranges.get(name, name)), f"{name!r} names both a type and a table or enum"
            )

    def check_user_types(self) -> None:
        """A domain's base and a composite's attributes are known types; no type contains itself."""
        for definition in self.user_types.values():
            if isinstance(definition, Domain):
                parts = [("base", definition.base)]
            elif isinstance(definition, Range):
                parts = [("subtype", definition.subtype)]
            else:
                parts = [(a.name, a.type) for a in definition.attributes]
            if not parts:
                raise self.fail(("enum", definition.name), f"type {definition.name!r} has no attributes")
            for part, part_type in parts:
                if not self.known(part_type.name) or part_type.name == definition.name:
                    raise self.fail(
                        ("enum", definition.name),
                        f"unknown type {part_type.name!r} for {part} of type {definition.name!r}",
                    )

    def known(self, name: str) -> bool:
        return (
            name in BUILTIN_TYPES
            or name in self.enums
            or name in self.user_types
            or name in self.multiranges
            or extension_type(name) is not None
        )

    def check_enum(self, enum: Enum) -> None:
        if not enum.values:
            raise self.fail(("enum", enum.name), f"enum {enum.name!r} has no values")
        for value, count in Counter(enum.values).items():
            if count > 1:
                raise self.fail(("enum", enum.name), f"enum {enum.name!r} lists {value!r} twice")

    def check_table(self, table: Table) -> None:
        if not table.columns and self.dialect == "sqlite":  # PostgreSQL allows it: CREATE TABLE t ()
            raise self.fail(
                ("table", table.name), f"table {table.name!r} has no columns, which SQLite refuses"
            )
        names = table.column_names()
        self.columns = frozenset(names)
        for name in _repeated(names):
            raise self.fail(("column", table.name, name), f"duplicate column {table.name}.{name}")
        for name in _repeated(self.constraint_names(table)):
            raise self.fail(
                ("constraint", table.name, name), f"duplicate constraint {name!r} on {table.name!r}"
            )
        for column in table.columns:
            self.check_type(table, column)
            self.check_default(table, column)
        if table.primary_key is not None:
            self.check_columns(
                table,
                ("constraint", table.name, table.primary_key.name),
                table.primary_key.columns,
                "primary key",
            )
        for unique in table.uniques:
            self.check_columns(
                table,
                ("constraint", table.name, unique.name),
                unique.columns,
                f"unique constraint {unique.name!r}",
            )
        keyed: tuple[Index | Exclusion, ...] = (*table.indexes, *table.exclusions)
        for index in keyed:
            kind = "index" if isinstance(index, Index) else "exclusion constraint"
            where = ("index", table.name, index.name)
            try:
                keys = index.keys
            except ValueError as error:
                raise self.fail(where, f"{kind} {index.name!r} on {table.name!r}: {error}") from None
            columns = tuple(k.column for k in keys if k.column is not None)
            self.check_columns(table, where, columns, f"{kind} {index.name!r}")
        for fk in table.foreign_keys:
            self.check_foreign_key(table, fk.name, fk.columns, fk.ref_table, fk.ref_columns)
        self.check_periods(table)

    def check_periods(self, table: Table) -> None:
        """The last column of a key WITHOUT OVERLAPS, and of both sides of a foreign key with
        PERIOD, is of a range or multirange type (or a domain over one), as PostgreSQL demands."""
        keys = [k for k in (table.primary_key, *table.uniques) if k is not None and k.without_overlaps]
        for key in keys:
            what = "primary key" if key is table.primary_key else f"unique constraint {key.name!r}"
            self.check_period(
                table, ("constraint", table.name, key.name), key.columns[-1], f"WITHOUT OVERLAPS of {what}"
            )
        for fk in (fk for fk in table.foreign_keys if fk.period):
            where = ("constraint", table.name, fk.name)
            self.check_period(table, where, fk.columns[-1], f"PERIOD of foreign key {fk.name!r}")
            self.check_period(
                self.tables[fk.ref_table], where, fk.ref_columns[-1], f"PERIOD of foreign key {fk.name!r}"
            )

    def check_period(self, table: Table, where: tuple[str, ...], name: str, what: str) -> None:
        column = table.column(name)
        assert column is not None  # the key's columns are checked before
        column_type = column.type
        while (
            isinstance(domain := self.user_types.get(column_type.name), Domain) and not column_type.array_dims
        ):
            column_type = domain.base  # PostgreSQL takes a domain over a range too
        if column_type.array_dims or not (
            column_type.name in RANGE_TYPES
            or isinstance(self.user_types.get(column_type.name), Range)
            or column_type.name in self.multiranges
        ):
            raise self.fail(
                where, f"{what}: column {table.name}.{name} is {column.type}, not a range or multirange type"
            )

    def check_columns(self, table: Table, key: tuple[str, ...], columns: tuple[str, ...], what: str) -> None:
        """``columns`` are columns of ``table``, the table :meth:`check_table` is checking."""
        if not columns and key[0] != "index":
            raise self.fail(key, f"{what} on {table.name!r} names no columns")
        for column in columns:
            if column not in self.columns:
                raise self.fail(key, f"{what} names missing column {table.name}.{column}")

    def check_foreign_key(
        self,
        table: Table,
        name: str,
        columns: tuple[str, ...],
        ref_table: str,
        ref_columns: tuple[str, ...],
    ) -> None:
        key = ("constraint", table.name, name)
        what = f"foreign key {name!r}"
        self.check_columns(table, key, columns, what)
        target = self.tables.get(ref_table)
        if target is None:
            raise self.fail(key, f"{what} on {table.name!r} references missing table {ref_table!r}")
        if len(ref_columns) != len(columns):
            raise self.fail(
                key, f"{what} on {table.name!r} has {len(columns)} columns but references {len(ref_columns)}"
            )
        for column_name, ref_name in zip(columns, ref_columns, strict=True):
            ref_column = target.column(ref_name)
            if ref_column is None:
                raise self.fail(key, f"{what} references missing column {ref_table}.{ref_name}")
            column = table.column(column_name)
            assert column is not None  # checked above
            if not self.types_match(column.type, ref_column.type):
                raise self.fail(
                    ("column", table.name, column_name),
                    f"{table.name}.{column_name} is {column.type} but references "
                    f"{ref_table}.{ref_name} of type {ref_column.type}",
                )

    def types_match(self, left: ColumnType, right: ColumnType) -> bool:
        if left == right:
            return True
        if self.strict_fk or left.array_dims != right.array_dims:
            return False
        return any(left.base_name in family and right.base_name in family for family in _FK_FAMILIES)

    def check_type(self, table: Table, column: Column) -> None:
        column_type = column.type
        if column_type in self.fitting_types:
            return
        key = ("column", table.name, column.name)
        sqlite_only = self.dialect != "postgres" and column_type.name in SQLITE_ONLY_TYPES
        if not self.known(column_type.name) and not sqlite_only:
            raise self.fail(key, f"unknown type {column_type.name!r} for column {table.name}.{column.name}")
        allowed = TYPE_PARAMETERS.get(column_type.base_name, 0)
        if len(column_type.params) > allowed:
            raise self.fail(
                key, f"type {column_type} of {table.name}.{column.name} takes at most {allowed} parameters"
            )
        if (
            column_type.name in {"varchar", "char", "bit", "varbit"}
            and column_type.params
            and column_type.params[0] < 1
        ):
            raise self.fail(
                key, f"type {column_type} of {table.name}.{column.name} needs a length of at least 1"
            )
        if (
            column_type.name == "numeric"
            and len(column_type.params) == 2
            and column_type.params[1] > column_type.params[0]
        ):
            raise self.fail(
                key, f"type {column_type} of {table.name}.{column.name} has a scale above its precision"
            )
        self.fitting_types.add(column_type)

    def check_default(self, table: Table, column: Column) -> None:
        if column.default is None or (column.default, column.type) in self.fitting_defaults:
            return
        reason = default_mismatch(
            column.default, column.type, self.enums.get(column.type.name), sqlite=self.dialect == "sqlite"
        )
        if reason is not None:
            raise self.fail(
                ("column", table.name, column.name),
                f"default {column.default} does not fit {table.name}.{column.name} ({column.type}): {reason}",
            )
        self.fitting_defaults.add((column.default, column.type))


def _holder(key: tuple[str, ...]) -> str:
    """What holds a table or index name, by its key: ``table 't'``, ``index 'i' on 't'``."""
    return f"table {key[1]!r}" if key[0] == "table" else f"index {key[2]!r} on {key[1]!r}"


def _repeated(names: Sequence[str]) -> list[str]:
    """The names met more than once, in the order first met."""
    if len(set(names)) == len(names):
        return []  # the usual case, told without counting
    return [name for name, count in Counter(names).items() if count > 1]


def default_mismatch(
    default: str, column_type: ColumnType, enum: Enum | None, *, sqlite: bool = False
) -> str | None:
    """Why a canonical default cannot be stored in ``column_type``, or ``None`` if it can.
    ``sqlite``: a SQLite schema's, where a boolean is written 0 or 1 and bytes as ``x'…'``."""
    if _CALL.match(default) or not _PLAIN.match(default) or default == "NULL":
        return None  # a function call or an expression: only the database can tell; NULL fits all
    if _IDENTIFIER.match(default) and default.upper() not in _TIME_KEYWORDS | {"TRUE", "FALSE"}:
        return "a default must be a constant, not a column reference"
    if column_type.array_dims:
        return None if default.startswith(("'{", "ARRAY[")) else "an array needs an array literal"
    string = _STRING.match(default)
    text = string.group(1).replace("''", "'") if string else None
    name = column_type.base_name
    if default.upper() in _TIME_KEYWORDS:
        return None if name in _TEMPORAL_TYPES | _TEXT_TYPES else "a time value for a non-time column"
    if enum is not None:
        if text is None or text not in enum.values:
            return f"not one of the enum's values {list(enum.values)}"
        return None
    if name in _INTEGER_RANGE:
        value = text if text is not None else default
        if not _INTEGER.match(value):
            return "not an integer"
        limit = _INTEGER_RANGE[name]
        return None if -limit <= int(value) < limit else f"out of range for {name}"
    if name == "money":
        return None if _MONEY.match(text if text is not None else default) else "not an amount of money"
    if name in _NUMERIC_TYPES:
        value = text if text is not None else default
        return None if _NUMBER.match(value) else "not a number"
    if name == "boolean":
        if default in {"TRUE", "FALSE"} or (text is not None and text.lower() in _BOOLEAN_TEXT):
            return None
        if sqlite and default in {"0", "1"}:
            return None
        return "not a boolean"
    if name in _TEXT_TYPES:
        if (
            text is not None
            and name in {"varchar", "char"}
            and column_type.params
            and len(text) > column_type.params[0]
        ):
            return f"longer than {column_type.params[0]} characters"
        return None
    if sqlite and name == "bytea" and _BLOB_LITERAL.match(default):
        return None
    if text is None:
        if not (_NUMBER.match(default) or _IDENTIFIER.match(default)):
            return None  # an expression over a call or a literal (now() + interval '7 days'): the database's to judge
        return f"a {name} default must be a quoted literal or a function call"
    if name == "uuid":
        return None if _UUID.match(text) else "not a UUID"
    if name in {"json", "jsonb"}:
        try:
            json.loads(text)
        except ValueError:
            return "not valid JSON"
        return None
    if name in _TEMPORAL_TYPES - {"interval"}:
        return None if _DATE_LIKE.match(text) else "not a date or time"
    return None
