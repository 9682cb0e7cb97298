"""Fixtures: reading ``DIR/<table>.json`` and ``DIR/<table>.csv`` files, and converting their
values to the column's type."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from wesley_gen.errors import InputError, Location
from wesley_gen.model import ColumnType, Schema, Table
from wesley_gen.seed.data import TableRows
from wesley_gen.seed.kinds import INTEGERS, array_literal


class Fixtures(dict[str, list[dict[str, Any]]]):
    """Fixture rows by table as :func:`read_fixtures` returns them; ``paths`` names each table's file."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: dict[str, str] = {}


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
            return array_literal(
                [_convert(column_type.element, v) if not isinstance(v, list) else v for v in value]
            )
        raise ValueError(f"expected a list or an array literal, not {value!r}")
    name = column_type.name
    if name in {"json", "jsonb"}:
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict | list):
        raise ValueError(f"expected a single value, not {json.dumps(value)[:40]}")
    if name in INTEGERS or name == "oid":
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
    bits = INTEGERS.get(name, 64)
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


def fixture_rows(table: Table, given: Sequence[Mapping[str, Any]], source: str) -> TableRows:
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
