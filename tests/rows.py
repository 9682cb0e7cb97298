"""Deterministic rows for a schema, inserted into a real database by the end-to-end tests.

Row ``i`` of a table gets, per column, a value that fits its type and length, is
unique across rows (so unique keys hold), and references an existing parent row
through every required foreign key (parents are filled first; a nullable foreign
key is left NULL, which also breaks cycles).  ``values`` overrides the generic value
of a column ("table.column" → values, taken in turn), for cases whose checks or
casts need particular text.  Values are written as SQL literals built by sqlglot,
so both dialects take them without driver-specific adapters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from sqlglot import exp

from tests.database import execute, text_rows
from wesley_gen.model import Column, Schema, Table


def _generic(table: Table, column: Column, i: int) -> Any:
    name = column.type.name
    if column.type.array_dims:
        return "{}"
    if name in {"smallint", "integer", "bigint"}:
        return i
    if name in {"numeric", "real", "double precision", "money"}:
        return i + 0.25
    if name == "boolean":
        return i % 2 == 0
    if name == "uuid":
        return f"00000000-0000-0000-0000-{i:012d}"
    if name == "date":
        return (date(2024, 1, 1) + timedelta(days=i)).isoformat()
    if name in {"timestamp", "timestamptz"}:
        return f"{(date(2024, 1, 1) + timedelta(days=i)).isoformat()} 12:00:00"
    if name in {"time", "timetz"}:
        return f"{i % 24:02d}:00:00"
    if name in {"json", "jsonb"}:
        return f'{{"n": {i}}}'
    text = f"{column.name}-{i}"
    if column.type.params:
        text = text[-column.type.params[0] :]
    return text


def _literal(value: Any) -> exp.Expr:
    if value is None:
        return exp.null()
    if isinstance(value, bool):
        return exp.true() if value else exp.false()
    if isinstance(value, int | float):
        return exp.Literal.number(value)
    return exp.Literal.string(str(value))


def _order(schema: Schema) -> list[Table]:
    """Parents before children, through required foreign keys."""
    done: list[Table] = []
    pending = list(schema.tables)
    while pending:
        for table in pending:
            parents = {
                fk.ref_table
                for fk in table.foreign_keys
                if fk.ref_table != table.name and not all(table.column(c).nullable for c in fk.columns)  # type: ignore[union-attr]
            }
            if parents <= {t.name for t in done}:
                done.append(table)
                pending.remove(table)
                break
        else:
            raise AssertionError(f"foreign keys of {[t.name for t in pending]} form a required cycle")
    return done


def seed_statements(
    schema: Schema, dialect: str, *, rows: int = 20, values: Mapping[str, Sequence[Any]] | None = None
) -> list[str]:
    """INSERT statements filling every table of ``schema`` with ``rows`` rows."""
    overrides = values or {}
    statements = []
    for table in _order(schema):
        references = {}
        for fk in table.foreign_keys:
            for column, ref in zip(fk.columns, fk.ref_columns, strict=True):
                references[column] = (fk.ref_table, ref)
        for i in range(1, rows + 1):
            names, row = [], []
            for column in table.columns:
                if column.generated is not None:
                    continue
                key = f"{table.name}.{column.name}"
                if key in overrides:
                    given = overrides[key]
                    value = given[(i - 1) % len(given)]
                elif column.name in references:
                    if column.nullable:
                        value = None
                    else:
                        parent, ref = references[column.name]
                        target = schema.table(parent)
                        assert target is not None
                        ref_column = target.column(ref)
                        assert ref_column is not None
                        value = _generic(
                            target, ref_column, 1 if parent == table.name else (i - 1) % rows + 1
                        )
                elif schema.enum(column.type.name) is not None:
                    enum = schema.enum(column.type.name)
                    assert enum is not None
                    value = enum.values[i % len(enum.values)]
                else:
                    value = _generic(table, column, i)
                names.append(column.name)
                row.append(_literal(value))
            insert = exp.insert(
                exp.values([exp.tuple_(*row)]),
                exp.Table(this=exp.to_identifier(table.name, quoted=True)),
                columns=[exp.to_identifier(n, quoted=True) for n in names],
            )
            statements.append(insert.sql(dialect=dialect))
    return statements


def seed(url: str, schema: Schema, dialect: str, **options: Any) -> None:
    """Insert the rows of :func:`seed_statements` into the database at ``url``."""
    execute(url, *seed_statements(schema, dialect, **options))


def table_rows(url: str, table: str, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    """The values of ``columns`` of every row of ``table``, as text, in a stable order."""
    return sorted(text_rows(url, table, columns), key=repr)
