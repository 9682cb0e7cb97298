"""wesley-gen's own snapshot JSON (``schema.json``, format ``wesley-gen/schema@1``) → model.

The snapshot is what :func:`wesley_gen.model.canonical_json` writes, annotations
included, so loading it gives the very model that was saved.  A hand-edited or
truncated file is an :class:`~wesley_gen.errors.InputError` naming the line (for
JSON syntax) or the table and key that is wrong, never a ``KeyError``.
"""

from __future__ import annotations

import json
from typing import Any

from wesley_gen.errors import InputError, Location
from wesley_gen.load import Loaded
from wesley_gen.model import (
    SCHEMA_FORMAT,
    CheckConstraint,
    Column,
    Enum,
    ForeignKey,
    Index,
    PrimaryKey,
    Schema,
    Table,
    UniqueConstraint,
    parse_type,
)
from wesley_gen.validate import validate


class _Malformed(Exception):
    """A snapshot whose shape is wrong; the message says where."""


def load_snapshot(text: str, source: str) -> Loaded:
    """Load and validate a snapshot document."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"invalid JSON: {error.msg}", location=Location(source, error.lineno)) from None
    if not isinstance(data, dict) or data.get("format") != SCHEMA_FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        raise InputError(
            f"not a wesley-gen schema snapshot (format {found!r}, expected {SCHEMA_FORMAT!r})",
            location=Location(source),
        )
    try:
        schema = schema_from_dict(data)
    except _Malformed as error:
        raise InputError(str(error), location=Location(source)) from None
    validate(schema, source)
    return Loaded(schema, source)


def schema_from_dict(data: dict[str, Any]) -> Schema:
    """The model of a snapshot dictionary (as :func:`wesley_gen.model.to_dict` writes it)."""
    enums = tuple(
        Enum(_get(e, "name", str, "enum"), tuple(_get(e, "values", list, "enum")))
        for e in _list(data, "enums")
    )
    return Schema(tuple(_table(t) for t in _list(data, "tables")), enums)


def _table(data: Any) -> Table:
    name = _get(data, "name", str, "table")
    where = f"table {name!r}"
    pk = data.get("primary_key")
    return Table(
        name,
        tuple(_column(c, name) for c in _get(data, "columns", list, where)),
        None if pk is None else PrimaryKey(_get(pk, "name", str, where), _names(pk, "columns", where)),
        tuple(
            UniqueConstraint(_get(u, "name", str, where), _names(u, "columns", where))
            for u in _list(data, "uniques")
        ),
        tuple(
            CheckConstraint(_get(c, "name", str, where), _get(c, "expression", str, where))
            for c in _list(data, "checks")
        ),
        tuple(
            ForeignKey(
                _get(f, "name", str, where),
                _names(f, "columns", where),
                _get(f, "ref_table", str, where),
                _names(f, "ref_columns", where),
                on_delete=f.get("on_delete", "no action"),
                on_update=f.get("on_update", "no action"),
            )
            for f in _list(data, "foreign_keys")
        ),
        tuple(
            Index(
                _get(i, "name", str, where),
                _names(i, "columns", where),
                unique=bool(i.get("unique", False)),
                using=i.get("using", "btree"),
                where=i.get("where"),
            )
            for i in _list(data, "indexes")
        ),
        uid=data.get("uid"),
        tags=tuple(data.get("tags", ())),
    )


def _column(data: Any, table: str) -> Column:
    name = _get(data, "name", str, f"a column of {table!r}")
    where = f"column {table}.{name}"
    type_text = _get(data, "type", str, where)
    try:
        column_type = parse_type(type_text)
    except ValueError:
        raise _Malformed(f"{where}: cannot read the type {type_text!r}") from None
    return Column(
        name,
        column_type,
        bool(data.get("nullable", True)),
        data.get("default"),
        data.get("generated"),
        uid=data.get("uid"),
        tags=tuple(data.get("tags", ())),
    )


def _get(data: Any, key: str, kind: type, where: str) -> Any:
    if not isinstance(data, dict):
        raise _Malformed(f"{where}: expected an object")
    value = data.get(key)
    if not isinstance(value, kind):
        raise _Malformed(f"{where}: {key!r} must be a {kind.__name__}")
    return value


def _list(data: Any, key: str) -> list[Any]:
    value = data.get(key, []) if isinstance(data, dict) else None
    if not isinstance(value, list):
        raise _Malformed(f"{key!r} must be a list")
    return value


def _names(data: Any, key: str, where: str) -> tuple[str, ...]:
    values = _get(data, key, list, where)
    if not all(isinstance(v, str) for v in values):
        raise _Malformed(f"{where}: {key!r} must list names")
    return tuple(values)
