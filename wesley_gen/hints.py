"""What the user tells wesley-gen that a schema cannot say: renames, casts, backfills.

Like Django's migration questioner, every decision the diff cannot make on its own
arrives here as one immutable value, built from command-line flags (and later from
project config), never as global state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wesley_gen.errors import UsageError


@dataclass(frozen=True, slots=True)
class ColumnRename:
    table: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Hints:
    table_renames: tuple[tuple[str, str], ...] = ()
    column_renames: tuple[ColumnRename, ...] = ()
    casts: tuple[tuple[str, str, str], ...] = ()  # (table, column, SQL expression)
    backfills: tuple[tuple[str, str, str], ...] = ()  # (table, column, SQL expression)

    @classmethod
    def from_flags(
        cls,
        renames: Iterable[str] = (),
        casts: Iterable[str] = (),
        backfills: Iterable[str] = (),
    ) -> Hints:
        table_renames: list[tuple[str, str]] = []
        column_renames: list[ColumnRename] = []
        for text in renames:
            old, new = _split_assignment(text, "--rename")
            if "." in old and "." in new:
                old_table, old_column = _split_column(old, "--rename")
                new_table, new_column = _split_column(new, "--rename")
                if old_table != new_table:
                    raise UsageError(
                        f"--rename {text}: a column rename stays in one table",
                        hint="rename the table with its own --rename OLD_TABLE=NEW_TABLE",
                    )
                column_renames.append(ColumnRename(new_table, old_column, new_column))
            elif "." not in old and "." not in new:
                table_renames.append((old, new))
            else:
                raise UsageError(f"--rename {text}: expected TABLE.OLD=TABLE.NEW or OLD_TABLE=NEW_TABLE")
        return cls(
            table_renames=tuple(sorted(set(table_renames))),
            column_renames=tuple(sorted(set(column_renames), key=lambda r: (r.table, r.old))),
            casts=_column_expressions(casts, "--cast"),
            backfills=_column_expressions(backfills, "--backfill"),
        )

    def cast_for(self, table: str, column: str) -> str | None:
        return next((e for t, c, e in self.casts if (t, c) == (table, column)), None)

    def backfill_for(self, table: str, column: str) -> str | None:
        return next((e for t, c, e in self.backfills if (t, c) == (table, column)), None)


def _split_assignment(text: str, flag: str) -> tuple[str, str]:
    left, sep, right = text.partition("=")
    if not sep or not left.strip() or not right.strip():
        raise UsageError(f"{flag} {text!r}: expected LEFT=RIGHT")
    return left.strip(), right.strip()


def _split_column(text: str, flag: str) -> tuple[str, str]:
    """``TABLE.COLUMN``, the table qualified when it is in another schema (``app.users.email``)."""
    table, sep, column = text.rpartition(".")
    if not sep or not table or not column or table.startswith(".") or table.endswith("."):
        raise UsageError(f"{flag}: {text!r} is not TABLE.COLUMN")
    return table, column


def _column_expressions(items: Iterable[str], flag: str) -> tuple[tuple[str, str, str], ...]:
    parsed: dict[tuple[str, str], str] = {}
    for text in items:
        target, expression = _split_assignment(text, flag)
        table, column = _split_column(target, flag)
        if (table, column) in parsed and parsed[(table, column)] != expression:
            raise UsageError(f"{flag} given twice for {table}.{column}")
        parsed[(table, column)] = expression
    return tuple((t, c, e) for (t, c), e in sorted(parsed.items()))
