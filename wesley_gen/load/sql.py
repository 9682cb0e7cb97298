"""SQL DDL → :class:`~wesley_gen.model.Schema`, in PostgreSQL's or SQLite's dialect.

Each dialect has its own reader (``postgres_ddl`` through pglast's JSON parse tree,
``sqlite_ddl`` through sqlglot) that feeds one :class:`DdlBuilder`.  The builder
owns what both dialects share: PostgreSQL's default names for unnamed constraints
and indexes, primary-key columns made NOT NULL, ``REFERENCES t`` meaning t's primary
key, the ``-- wesley:renamed-from`` comments, and the final validation at the
line where each part was written.  Statements outside the model are counted and
reported in one warning, so a real ``pg_dump --schema-only`` loads as it is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace

from wesley_gen.errors import InputError, Location
from wesley_gen.load import Loaded
from wesley_gen.model import (
    CheckConstraint,
    Column,
    Enum,
    ForeignKey,
    Index,
    PrimaryKey,
    Schema,
    Table,
    UniqueConstraint,
    check_name,
    foreign_key_name,
    primary_key_name,
    unique_name,
)
from wesley_gen.validate import validate

_MAX_IDENTIFIER = 63
_RENAME_MARKER = re.compile(r"--\s*wesley:renamed-from\s+(?P<name>\"[^\"]+\"|[A-Za-z_][\w$.]*)")


def load_sql(text: str, source: str, *, dialect: str = "postgres") -> Loaded:
    """Load and validate DDL ``text`` written in ``dialect`` (``postgres`` or ``sqlite``)."""
    builder = DdlBuilder(text, source)
    if dialect == "sqlite":
        from wesley_gen.load.sqlite_ddl import read_sqlite_ddl

        read_sqlite_ddl(text, builder)
    else:
        from wesley_gen.load.postgres_ddl import read_postgres_ddl

        read_postgres_ddl(text, builder)
    return builder.finish()


def identifier(name: str, quoted: bool) -> str:
    """A name as the model keeps it: unquoted names fold to lower case."""
    return name if quoted else name.lower()


@dataclass(slots=True)
class _Keyed:
    """An unnamed-until-finish constraint or index with the line it was written on."""

    name: str | None
    line: int | None


@dataclass(slots=True)
class _UniqueDraft(_Keyed):
    columns: tuple[str, ...] = ()


@dataclass(slots=True)
class _CheckDraft(_Keyed):
    expression: str = ""
    first_column: str | None = None


@dataclass(slots=True)
class _ForeignKeyDraft(_Keyed):
    columns: tuple[str, ...] = ()
    ref_table: str = ""
    ref_columns: tuple[str, ...] = ()  # empty: the referenced table's primary key
    on_delete: str = "no action"
    on_update: str = "no action"


@dataclass(slots=True)
class _IndexDraft(_Keyed):
    columns: tuple[str, ...] = ()
    name_parts: tuple[str, ...] = ()  # what PostgreSQL names an unnamed index after
    unique: bool = False
    using: str = "btree"
    where: str | None = None


@dataclass(slots=True)
class TableDraft:
    """A table as the statements so far have described it."""

    name: str
    line: int | None
    columns: list[Column] = field(default_factory=list)
    column_lines: dict[str, int | None] = field(default_factory=dict)
    primary_key: _UniqueDraft | None = None
    uniques: list[_UniqueDraft] = field(default_factory=list)
    checks: list[_CheckDraft] = field(default_factory=list)
    foreign_keys: list[_ForeignKeyDraft] = field(default_factory=list)
    renamed_from: str | None = None

    def column_index(self, name: str) -> int | None:
        return next((i for i, c in enumerate(self.columns) if c.name == name), None)


class DdlBuilder:
    """Collects tables, enums and indexes from DDL statements, then names and validates them."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.tables: dict[str, TableDraft] = {}
        self.enums: dict[str, tuple[Enum, int | None]] = {}
        self.indexes: list[tuple[str, _IndexDraft]] = []
        self.skipped: Counter[str] = Counter()
        self.warnings: list[str] = []
        self.renames = _rename_markers(text)

    # --- what readers call ----------------------------------------------------------

    def error(self, reason: str, line: int | None, hint: str | None = None) -> InputError:
        return InputError(reason, location=Location(self.source, line), hint=hint)

    def skip(self, what: str) -> None:
        """Count a statement outside the schema model (reported once, at the end)."""
        self.skipped[what] += 1

    def create_table(self, name: str, line: int | None, *, if_not_exists: bool = False) -> TableDraft | None:
        """A new table; ``None`` when ``IF NOT EXISTS`` meets one already defined."""
        if name in self.tables:
            if if_not_exists:
                return None
            raise self.error(f"duplicate table {name!r}", line)
        draft = TableDraft(name, line, renamed_from=self.rename_at(line))
        self.tables[name] = draft
        return draft

    def table(self, name: str, line: int | None) -> TableDraft:
        draft = self.tables.get(name)
        if draft is None:
            raise self.error(f"table {name!r} is not defined above this statement", line)
        return draft

    def add_enum(self, name: str, values: tuple[str, ...], line: int | None) -> None:
        if name in self.enums:
            raise self.error(f"duplicate enum {name!r}", line)
        self.enums[name] = (Enum(name, values), line)

    def add_column(self, table: TableDraft, column: Column, line: int | None) -> None:
        renamed_from = self.rename_at(line)
        if renamed_from is not None:
            column = replace(column, renamed_from=renamed_from)
        table.columns.append(column)
        table.column_lines[column.name] = line  # a duplicate is reported at its second line

    def alter_column(self, table: TableDraft, name: str, line: int | None, **changes: object) -> None:
        index = table.column_index(name)
        if index is None:
            raise self.error(f"column {table.name}.{name} is not defined above this statement", line)
        table.columns[index] = replace(table.columns[index], **changes)  # type: ignore[arg-type]

    def add_primary_key(
        self, table: TableDraft, name: str | None, columns: tuple[str, ...], line: int | None
    ) -> None:
        if table.primary_key is not None:
            raise self.error(f"table {table.name!r} has two primary keys", line)
        table.primary_key = _UniqueDraft(name, line, columns)

    def add_unique(
        self, table: TableDraft, name: str | None, columns: tuple[str, ...], line: int | None
    ) -> None:
        table.uniques.append(_UniqueDraft(name, line, columns))

    def add_check(
        self, table: TableDraft, name: str | None, expression: str, first_column: str | None, line: int | None
    ) -> None:
        table.checks.append(_CheckDraft(name, line, expression, first_column))

    def add_foreign_key(
        self,
        table: TableDraft,
        name: str | None,
        columns: tuple[str, ...],
        ref_table: str,
        ref_columns: tuple[str, ...],
        line: int | None,
        *,
        on_delete: str = "no action",
        on_update: str = "no action",
    ) -> None:
        table.foreign_keys.append(
            _ForeignKeyDraft(name, line, columns, ref_table, ref_columns, on_delete, on_update)
        )

    def add_index(
        self,
        table: str,
        name: str | None,
        columns: tuple[str, ...],
        name_parts: tuple[str, ...],
        line: int | None,
        *,
        unique: bool = False,
        using: str = "btree",
        where: str | None = None,
    ) -> None:
        self.indexes.append((table, _IndexDraft(name, line, columns, name_parts, unique, using, where)))

    def rename_at(self, line: int | None) -> str | None:
        """The old name a ``-- wesley:renamed-from`` comment on this line or the one above gives."""
        if line is None:
            return None
        return self.renames.get(line) or self.renames.get(line - 1)

    # --- the finished schema --------------------------------------------------------

    def finish(self) -> Loaded:
        lines: dict[tuple[str, ...], int] = {}
        taken: set[str] = set()  # names PostgreSQL keeps in one namespace: keys and indexes
        tables = [self.build_table(draft, lines, taken) for draft in self.tables.values()]
        by_table: dict[str, list[Index]] = {}
        for table_name, index in self.indexes:
            if table_name not in self.tables:
                raise self.error(f"index on table {table_name!r}, which is not defined", index.line)
            name = index.name or _choose(table_name, index.name_parts, "idx", taken)
            taken.add(name)
            if index.line is not None:
                lines["index", table_name, name] = index.line
            by_table.setdefault(table_name, []).append(
                Index(name, index.columns, unique=index.unique, using=index.using, where=index.where)
            )
        tables = [replace(t, indexes=tuple(by_table.get(t.name, ()))) for t in tables]
        for name, (_, line) in self.enums.items():
            if line is not None:
                lines["enum", name] = line
        schema = Schema(tuple(tables), tuple(enum for enum, _ in self.enums.values()))
        validate(schema, self.source, lines)
        if self.skipped:
            kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(self.skipped.items()))
            total = sum(self.skipped.values())
            self.warnings.append(
                f"{self.source}: skipped {total} statement{'s' if total != 1 else ''} "
                f"outside the schema model ({kinds})"
            )
        return Loaded(schema, self.source, tuple(self.warnings))

    def build_table(self, draft: TableDraft, lines: dict[tuple[str, ...], int], taken: set[str]) -> Table:
        if draft.line is not None:
            lines["table", draft.name] = draft.line
        for column, line in draft.column_lines.items():
            if line is not None:
                lines["column", draft.name, column] = line
        own: set[str] = {
            c.name
            for c in (*draft.uniques, *draft.checks, *draft.foreign_keys, draft.primary_key)
            if c is not None and c.name is not None
        }

        def name_of(item: _Keyed, default: str, *, relation: bool = False) -> str:
            name = item.name
            if name is None:
                name = _unique(default, own | taken)
            own.add(name)
            if relation:
                taken.add(name)
            if item.line is not None:
                lines["constraint", draft.name, name] = item.line
            return name

        primary_key = None
        key_columns: set[str] = set()
        if draft.primary_key is not None:
            pk = draft.primary_key
            primary_key = PrimaryKey(name_of(pk, primary_key_name(draft.name), relation=True), pk.columns)
            key_columns = set(pk.columns)
        uniques = [
            UniqueConstraint(name_of(u, unique_name(draft.name, u.columns), relation=True), u.columns)
            for u in draft.uniques
        ]
        checks = [
            CheckConstraint(name_of(c, check_name(draft.name, c.first_column)), c.expression)
            for c in draft.checks
        ]
        foreign_keys = [
            ForeignKey(
                name_of(f, foreign_key_name(draft.name, f.columns)),
                f.columns,
                f.ref_table,
                f.ref_columns or self.primary_key_of(f.ref_table),
                on_delete=f.on_delete,
                on_update=f.on_update,
            )
            for f in draft.foreign_keys
        ]
        columns = tuple(
            replace(c, nullable=False) if c.name in key_columns and c.nullable else c for c in draft.columns
        )
        return Table(
            draft.name,
            columns,
            primary_key,
            tuple(uniques),
            tuple(checks),
            tuple(foreign_keys),
            renamed_from=draft.renamed_from,
        )

    def primary_key_of(self, table: str) -> tuple[str, ...]:
        """``REFERENCES t`` without columns means t's primary key."""
        target = self.tables.get(table)
        if target is None or target.primary_key is None:
            return ()
        return target.primary_key.columns


def _unique(name: str, taken: set[str]) -> str:
    """PostgreSQL's way out of a name clash: a number at the end, within 63 characters."""
    if name not in taken:
        return name
    counter = 1
    while True:
        suffix = str(counter)
        candidate = name[: _MAX_IDENTIFIER - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        counter += 1


def _choose(table: str, parts: tuple[str, ...], suffix: str, taken: set[str]) -> str:
    """An index name as PostgreSQL chooses one: table, key names, suffix, made unique."""
    base = "_".join([table.rpartition(".")[2], *parts])
    return _unique(f"{base[: _MAX_IDENTIFIER - len(suffix) - 1]}_{suffix}", taken)


def _rename_markers(text: str) -> dict[int, str]:
    """Line number → old name, for every ``-- wesley:renamed-from old_name`` comment."""
    if "wesley:renamed-from" not in text:
        return {}
    markers: dict[int, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _RENAME_MARKER.search(line)
        if match is not None:
            name = match.group("name")
            markers[number] = name[1:-1] if name.startswith('"') else name.lower()
    return markers


class LineIndex:
    """Byte offsets into UTF-8 text (as pglast reports them) → 1-based line numbers."""

    def __init__(self, data: bytes) -> None:
        self.starts = [0] + [match.end() for match in re.finditer(b"\n", data)]

    def line(self, offset: int | None) -> int | None:
        return None if offset is None else bisect_right(self.starts, offset)
