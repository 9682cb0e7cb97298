"""The rows that pass between the package's modules: one table's rows, and a whole seed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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


GENERATED = "generated"  # the source of generated rows (fixture rows name their file)
