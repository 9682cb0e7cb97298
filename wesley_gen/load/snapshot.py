"""wesley-gen's own snapshot JSON (``schema.json``, format ``wesley-gen/schema@1``) → model.

The snapshot is what :func:`wesley_gen.model.canonical_json` writes, annotations
included, so loading it gives the very model that was saved.  A hand-edited or
truncated file is an :class:`~wesley_gen.errors.InputError` naming the line (for
JSON syntax) or the table and key that is wrong, never a ``KeyError``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from wesley_gen.errors import InputError, Location, other_format_version
from wesley_gen.expressions import TooDeep, check_depth
from wesley_gen.identifiers import IndexKey
from wesley_gen.load.loaded import Loaded
from wesley_gen.load.text import deepest_line
from wesley_gen.model import (
    CONSTRAINT_OPTIONS,
    POLICY_COMMANDS,
    PUBLIC_ROLE,
    SCHEMA_FORMAT,
    Attribute,
    CheckConstraint,
    Column,
    ColumnType,
    Composite,
    Domain,
    Enum,
    Exclusion,
    ForeignKey,
    Grant,
    Identity,
    Index,
    OtherObject,
    Policy,
    PrimaryKey,
    Range,
    Schema,
    Sequence,
    SequenceOptions,
    Table,
    UniqueConstraint,
    parse_type,
)
from wesley_gen.validate import validate

ACTIONS = frozenset({"no action", "restrict", "cascade", "set null", "set default"})
_FORMAT_KEY = re.compile(r'"format"\s*:')
_REQUIRED = object()


class _Malformed(Exception):
    """A snapshot whose shape is wrong; the message says where."""


def load_snapshot(text: str, source: str) -> Loaded:
    """Load and validate a snapshot document.

    A snapshot is the model itself, written for either dialect, so no dialect's
    rules on names apply: they were checked when its schema was first loaded.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"invalid JSON: {error.msg}", location=Location(source, error.lineno)) from None
    except RecursionError:
        line = deepest_line(text)
        raise InputError("invalid JSON: nested too deeply", location=Location(source, line)) from None
    if not isinstance(data, dict) or data.get("format") != SCHEMA_FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        where = Location(source, _format_line(text))
        if other := other_format_version(found, SCHEMA_FORMAT, where):
            raise other
        raise InputError(
            f"not a wesley-gen schema snapshot (format {found!r}, expected {SCHEMA_FORMAT!r})",
            location=Location(source, _format_line(text)),
        )
    try:
        schema = schema_from_dict(data)
    except _Malformed as error:
        raise InputError(str(error), location=Location(source)) from None
    _check_expressions(schema, text, source)
    validate(schema, source)
    return Loaded(schema, source)


def _check_expressions(schema: Schema, text: str, source: str) -> None:
    """Refuse an expression nested deeper than the stages after loading follow."""
    for table in schema.tables:
        expressions = [c.default for c in table.columns] + [c.generated for c in table.columns]
        expressions += [c.expression for c in table.checks] + [i.where for i in table.indexes]
        expressions += [key for index in table.indexes for key in index.columns]
        expressions += [e for p in table.policies for e in (p.using, p.check)]
        for expression in filter(None, expressions):
            try:
                check_depth(expression)
            except TooDeep as error:
                found = text.find(json.dumps(expression, ensure_ascii=False))
                line = text.count("\n", 0, found) + 1 if found != -1 else None
                raise InputError(f"table {table.name!r}: {error}", location=Location(source, line)) from None


def _format_line(text: str) -> int:
    """The line of the ``"format"`` key, or of the document's start when it has none."""
    match = _FORMAT_KEY.search(text)
    start = match.start() if match else len(text) - len(text.lstrip())
    return text.count("\n", 0, start) + 1


def schema_from_dict(data: dict[str, Any]) -> Schema:
    """The model of a snapshot dictionary (as :func:`wesley_gen.model.to_dict` writes it)."""
    return Schema(
        tuple(_table(t) for t in _list(data, "tables", "the snapshot")),
        tuple(_enum(e) for e in _list(data, "enums", "the snapshot")),
        _names(data, "schemas", "the snapshot", default=()),
        tuple(_other(o) for o in _list(data, "others", "the snapshot")),
        tuple(_domain(d) for d in _list(data, "domains", "the snapshot")),
        tuple(_composite(c) for c in _list(data, "composites", "the snapshot")),
        tuple(_sequence(s) for s in _list(data, "sequences", "the snapshot")),
        tuple(_range(r) for r in _list(data, "ranges", "the snapshot")),
    )


def _other(data: Any) -> OtherObject:
    kind = _get(data, "kind", str, "an object outside the model")
    name = _get(data, "name", str, f"a {kind}")
    where = f"{kind} {name!r}"
    statement = _get(data, "statement", str, where, default="")
    return OtherObject(
        kind,
        _get(data, "schema", str, where),
        name,
        _get(data, "definition", str, where),
        statement=statement,
    )


def _domain(data: Any) -> Domain:
    name = _get(data, "name", str, "a domain")
    where = f"domain {name!r}"
    return Domain(
        name,
        _type(_get(data, "base", str, where), where),
        _get(data, "nullable", bool, where, default=True),
        _get(data, "default", str, where, default=None),
        tuple(_check(c, where) for c in _list(data, "checks", where)),
    )


def _composite(data: Any) -> Composite:
    name = _get(data, "name", str, "a composite type")
    where = f"type {name!r}"
    attributes = []
    for item in _get(data, "attributes", list, where):
        attribute = _get(item, "name", str, f"an attribute of {where}")
        attributes.append(Attribute(attribute, _type(_get(item, "type", str, where), f"{where}.{attribute}")))
    return Composite(name, tuple(attributes))


def _range(data: Any) -> Range:
    name = _get(data, "name", str, "a range type")
    where = f"range type {name!r}"
    return Range(
        name,
        _type(_get(data, "subtype", str, where), where),
        _get(data, "multirange", str, where),
        *(
            _get(data, key, str, where, default=None)
            for key in ("opclass", "collation", "canonical", "subtype_diff")
        ),
    )


def _type(text: str, where: str) -> ColumnType:
    try:
        return parse_type(text)
    except ValueError:
        raise _Malformed(f"{where}: cannot read the type {text!r}") from None


def _sequence_options(data: Any, where: str) -> SequenceOptions:
    numbers = [_get(data, key, int, where) for key in ("start", "increment", "minvalue", "maxvalue", "cache")]
    if any(isinstance(n, bool) for n in numbers):
        raise _Malformed(f"{where}: sequence options must be numbers")
    start, increment, least, most, cache = numbers
    return SequenceOptions(
        start, increment, least, most, cache, _get(data, "cycle", bool, where, default=False)
    )


def _sequence(data: Any) -> Sequence:
    name = _get(data, "name", str, "a sequence")
    where = f"sequence {name!r}"
    owned_by = _get(data, "owned_by", str, where, default=None)
    return Sequence(name, _get(data, "type", str, where), _sequence_options(data, where), owned_by)


def _enum(data: Any) -> Enum:
    name = _get(data, "name", str, "an enum")
    where = f"enum {name!r}"
    return Enum(name, _names(data, "values", where))


def _table(data: Any) -> Table:
    name = _get(data, "name", str, "a table")
    where = f"table {name!r}"
    pk = _get(data, "primary_key", dict, where, default=None)
    columns = tuple(_column(c, name) for c in _get(data, "columns", list, where))
    names = {c.name for c in columns}
    return Table(
        name,
        columns,
        None if pk is None else _primary_key(pk, where),
        tuple(_unique(u, where) for u in _list(data, "uniques", where)),
        tuple(_check(c, where) for c in _list(data, "checks", where)),
        tuple(_foreign_key(f, where) for f in _list(data, "foreign_keys", where)),
        tuple(_index(i, where, names) for i in _list(data, "indexes", where)),
        options=_names(data, "options", where, default=()),
        unlogged=_get(data, "unlogged", bool, where, default=False),
        storage=_names(data, "storage", where, default=()),
        uid=_get(data, "uid", str, where, default=None),
        tags=_names(data, "tags", where, default=()),
        exclusions=tuple(_exclusion(x, where) for x in _list(data, "exclusions", where)),
        partition_by=_get(data, "partition_by", str, where, default=None),
        partition_of=_get(data, "partition_of", str, where, default=None),
        partition_bound=_get(data, "partition_bound", str, where, default=None),
        inherits=_names(data, "inherits", where, default=()),
        **_security(data, where),
    )


def _security(data: Any, table: str) -> dict[str, Any]:
    """A table's row-level security switches, policies and grants (absent: none)."""
    switches = _names(data, "row_security", table, default=())
    if set(switches) - {"enabled", "forced"}:
        raise _Malformed(f"{table}: 'row_security' lists only 'enabled' and 'forced'")
    policies = []
    for item in _list(data, "policies", table):
        name = _get(item, "name", str, f"a policy of {table}")
        where = f"{table}, policy {name!r}"
        command = _get(item, "command", str, where, default="all")
        if command not in POLICY_COMMANDS:
            raise _Malformed(
                f"{where}: 'command' must be one of {', '.join(POLICY_COMMANDS)}, not {command!r}"
            )
        policies.append(
            Policy(
                name,
                command,
                _get(item, "permissive", bool, where, default=True),
                _names(item, "roles", where, default=(PUBLIC_ROLE,)),
                _get(item, "using", str, where, default=None),
                _get(item, "check", str, where, default=None),
            )
        )
    grants = [
        Grant(
            _get(item, "grantee", str, f"a grant of {table}"),
            _get(item, "privilege", str, f"a grant of {table}"),
            _get(item, "column", str, f"a grant of {table}", default=None),
            _get(item, "grantable", bool, f"a grant of {table}", default=False),
            _get(item, "grantor", str, f"a grant of {table}", default=None),
        )
        for item in _list(data, "grants", table)
    ]
    return {
        "row_security": "enabled" in switches,
        "force_row_security": "forced" in switches,
        "policies": tuple(policies),
        "grants": tuple(grants),
    }


def _exclusion(data: Any, table: str) -> Exclusion:
    name = _get(data, "name", str, f"an exclusion constraint of {table}")
    where = f"{table}, exclusion constraint {name!r}"
    columns, operators = _names(data, "columns", where), _names(data, "operators", where)
    if len(columns) != len(operators):
        raise _Malformed(f"{where}: 'columns' and 'operators' must be as long as each other")
    return Exclusion(
        name,
        columns,
        operators,
        using=_get(data, "using", str, where, default="gist"),
        where=_get(data, "where", str, where, default=None),
    )


def _options(data: Any, where: str, *names: str) -> dict[str, Any]:
    """The constraint options ``names`` a snapshot states (each absent one is its default)."""
    found: dict[str, Any] = {}
    for name in names:
        default = CONSTRAINT_OPTIONS[name]
        if isinstance(default, tuple):
            found[name] = _names(data, name, where, default=())
        else:
            found[name] = _get(data, name, bool, where, default=default)
    return found


def _primary_key(data: Any, table: str) -> PrimaryKey:
    where = f"{table}, primary key"
    options = _options(data, where, "include", "deferrable", "initially_deferred", "without_overlaps")
    return PrimaryKey(_get(data, "name", str, where), _names(data, "columns", where), **options)


def _unique(data: Any, table: str) -> UniqueConstraint:
    name = _get(data, "name", str, f"a unique constraint of {table}")
    where = f"{table}, unique constraint {name!r}"
    options = _options(
        data, where, "include", "nulls_not_distinct", "deferrable", "initially_deferred", "without_overlaps"
    )
    return UniqueConstraint(name, _names(data, "columns", where), **options)


def _check(data: Any, table: str) -> CheckConstraint:
    name = _get(data, "name", str, f"a check constraint of {table}")
    where = f"{table}, check constraint {name!r}"
    options = _options(data, where, "no_inherit", "valid")
    return CheckConstraint(name, _get(data, "expression", str, where), **options)


def _foreign_key(data: Any, table: str) -> ForeignKey:
    name = _get(data, "name", str, f"a foreign key of {table}")
    where = f"{table}, foreign key {name!r}"
    actions = {}
    for key in ("on_delete", "on_update"):
        action = _get(data, key, str, where, default="no action")
        if action not in ACTIONS:
            raise _Malformed(f"{where}: {key!r} must be one of {', '.join(sorted(ACTIONS))}, not {action!r}")
        actions[key] = action
    return ForeignKey(
        name,
        _names(data, "columns", where),
        _get(data, "ref_table", str, where),
        _names(data, "ref_columns", where),
        on_delete=actions["on_delete"],
        on_update=actions["on_update"],
        **_options(
            data,
            where,
            "deferrable",
            "initially_deferred",
            "valid",
            "match_full",
            "delete_columns",
            "period",
            "written_as",
        ),
    )


def _index(data: Any, table: str, columns: set[str]) -> Index:
    name = _get(data, "name", str, f"an index of {table}")
    where = f"{table}, index {name!r}"
    # Snapshots written before keys were canonical SQL hold a column such as `sp ace`
    # as its bare name: a key that is exactly a column's name is that column.
    keys = tuple(
        str(IndexKey(column=key)) if key in columns else key for key in _names(data, "columns", where)
    )
    return Index(
        name,
        keys,
        unique=_get(data, "unique", bool, where, default=False),
        using=_get(data, "using", str, where, default="btree"),
        where=_get(data, "where", str, where, default=None),
        **_options(data, where, "include", "nulls_not_distinct", "storage"),
    )


def _column(data: Any, table: str) -> Column:
    name = _get(data, "name", str, f"a column of table {table!r}")
    where = f"column {table}.{name}"
    return Column(
        name,
        _type(_get(data, "type", str, where), where),
        _get(data, "nullable", bool, where, default=True),
        _get(data, "default", str, where, default=None),
        _get(data, "generated", str, where, default=None),
        collation=_get(data, "collation", str, where, default=None),
        declared=_get(data, "declared", str, where, default=None),
        virtual=_get(data, "virtual", bool, where, default=False),
        autoincrement=_get(data, "autoincrement", bool, where, default=False),
        not_null_name=_get(data, "not_null_name", str, where, default=None),
        identity=_identity(data, where),
        uid=_get(data, "uid", str, where, default=None),
        tags=_names(data, "tags", where, default=()),
    )


def _identity(data: Any, where: str) -> Identity | None:
    found = _get(data, "identity", dict, where, default=None)
    if found is None:
        return None
    return Identity(_get(found, "always", bool, where), _sequence_options(found, f"{where}, identity"))


_KINDS = {int: "a number", str: "a string", bool: "true or false", list: "a list", dict: "an object"}


def _get(data: Any, key: str, kind: type, where: str, *, default: Any = _REQUIRED) -> Any:
    """``data[key]``, which must be of ``kind``; absent or ``null`` gives ``default`` if there is one."""
    if not isinstance(data, dict):
        raise _Malformed(f"{where}: expected an object, found {_describe(data)}")
    value = data.get(key)
    if value is None and default is not _REQUIRED:
        return default
    if not isinstance(value, kind):
        missing = "is missing" if key not in data else f"is {_describe(value)}"
        nullable = " or null" if default is None else ""
        raise _Malformed(f"{where}: {key!r} must be {_KINDS[kind]}{nullable}, but {missing}")
    return value


def _list(data: Any, key: str, where: str) -> list[Any]:
    """An optional list (absent means empty)."""
    value: list[Any] = _get(data, key, list, where, default=[])
    return value


def _names(data: Any, key: str, where: str, *, default: Any = _REQUIRED) -> tuple[str, ...]:
    values = _get(data, key, list, where, default=default)
    if not all(isinstance(v, str) for v in values):
        raise _Malformed(f"{where}: {key!r} must be a list of strings")
    return tuple(values)


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return {str: "a string", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__
    )
