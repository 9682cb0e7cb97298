"""The DDL builder both dialect readers feed (``postgres_ddl``, ``sqlite_ddl``).

It owns what both dialects share: PostgreSQL's default names for unnamed constraints
and indexes, primary-key columns made NOT NULL, ``REFERENCES t`` meaning t's primary
key, the ``-- wesley:renamed-from`` comments, and the final validation at the
line where each part was written.  Statements outside the model are counted and
reported in one warning, so a real ``pg_dump --schema-only`` loads as it is.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from wesley_gen.errors import InputError, Location
from wesley_gen.expressions import CONTEXT_TYPES, typed_by_columns, typed_default
from wesley_gen.identifiers import PUBLIC, IndexKey, parse_index_key, sqlite_folded, sqlite_spelling
from wesley_gen.load.loaded import Loaded
from wesley_gen.load.objects import model_targets
from wesley_gen.load.opaque import FileObjects
from wesley_gen.model import (
    ALL_PRIVILEGES,
    COLUMN_PRIVILEGES,
    CONSTRAINT_OPTIONS,
    MAX_IDENTIFIER,
    TABLE_PRIVILEGES,
    CheckConstraint,
    Column,
    ColumnType,
    Composite,
    Enum,
    Exclusion,
    ForeignKey,
    Index,
    Policy,
    PrimaryKey,
    RoleStatement,
    Schema,
    Sequence,
    Table,
    UniqueConstraint,
    UserType,
    clip_name,
    default_opclass,
    grants_of,
    implied_sequences,
    inherited,
    inherited_column,
    inherited_columns,
    object_name,
    parents_of,
    schema_with_types,
)
from wesley_gen.validate import validate

# What an EXCLUDE constraint may name: an access method, and operators (their characters only).
_METHOD = re.compile(r"[a-z_][a-z0-9_]*")
_OPERATOR = re.compile(r"[-+*/<>=~!@#%^&|`?]+")
# ``-- wesley:renamed-from old``, or sqldef's ``-- @renamed from=old`` (also in ``/* */``), so that
# a schema file kept for sqldef migrates with its renames.
_RENAME_MARKER = re.compile(
    r"(?:--|/\*)\s*(?:wesley:renamed-from\s+|@renamed\s+from=)(?P<name>\"(?:[^\"]|\"\")+\"|[A-Za-z_][\w$.]*)"
)


def split_name(table: str) -> tuple[str, str]:
    """A model table name → (schema, name in that schema); ``public`` is the empty schema."""
    schema, dot, name = table.partition(".")
    return (schema, name) if dot else ("", table)


@dataclass(slots=True, kw_only=True)
class _Keyed:
    """A constraint or index, unnamed until :meth:`DdlBuilder.finish` when not written with a name."""

    name: str | None
    line: int | None
    order: int  # PostgreSQL chooses default names statement by statement, in this order
    options: dict[str, Any] = field(default_factory=dict)  # the model's options (DEFERRABLE, ...)


@dataclass(slots=True, kw_only=True)
class _UniqueDraft(_Keyed):
    columns: tuple[str, ...] = ()
    include: tuple[str, ...] = ()  # INCLUDE columns: not part of the key, but of the default name
    in_create: bool = False  # written inside its CREATE TABLE statement
    absorbs: bool = True  # a primary key that makes a UNIQUE on the same columns redundant


@dataclass(slots=True, kw_only=True)
class _CheckDraft(_Keyed):
    expression: str = ""
    column: str | None = None  # the one column the expression reads, which names it


@dataclass(slots=True, kw_only=True)
class _ForeignKeyDraft(_Keyed):
    columns: tuple[str, ...] = ()
    ref_table: str = ""
    ref_columns: tuple[str, ...] = ()  # empty: the referenced table's primary key
    on_delete: str = "no action"
    on_update: str = "no action"


@dataclass(slots=True, kw_only=True)
class _IndexDraft(_Keyed):
    table: str = ""
    columns: tuple[str, ...] = ()
    name_parts: tuple[str, ...] = ()  # what PostgreSQL names an unnamed index after
    unique: bool = False
    using: str = "btree"
    where: str | None = None


@dataclass(slots=True, kw_only=True)
class _ExclusionDraft(_Keyed):
    columns: tuple[str, ...] = ()
    operators: tuple[str, ...] = ()
    name_parts: tuple[str, ...] = ()  # what PostgreSQL names an unnamed constraint after
    using: str = "gist"
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
    exclusions: list[_ExclusionDraft] = field(default_factory=list)
    renamed_from: str | None = None
    folds: bool = False  # SQLite's: a column is named without regard to case
    options: tuple[str, ...] = ()  # SQLite's STRICT and WITHOUT ROWID
    unlogged: bool = False  # PostgreSQL's UNLOGGED
    storage: tuple[str, ...] = ()  # PostgreSQL's storage parameters, ``name=value``
    row_security: bool = False  # PostgreSQL's ENABLE ROW LEVEL SECURITY
    force_row_security: bool = False  # and FORCE
    policies: dict[str, Policy] = field(default_factory=dict)
    # (grantee, privilege, column) → WITH GRANT OPTION; ALL stands expanded (see DdlBuilder.grant)
    grants: dict[tuple[str, str, str | None, str | None], bool] = field(default_factory=dict)
    # PostgreSQL's partitioning and inheritance (see Table), and the key's columns
    partition_by: str | None = None
    partition_of: str | None = None
    partition_bound: str | None = None
    inherits: tuple[str, ...] = ()
    partition_keys: tuple[str, ...] = ()

    @property
    def parents(self) -> tuple[str, ...]:
        return parents_of(self.partition_of, self.inherits)

    def column_index(self, name: str) -> int | None:
        if self.folds:
            name = self.spelled(name)
        return next((i for i, c in enumerate(self.columns) if c.name == name), None)

    def spelled(self, name: str) -> str:
        """A column name as SQLite resolves it, to the column's declared spelling."""
        return sqlite_spelling(name, (c.name for c in self.columns)) if self.folds else name


# What a rename marker can be attached to: a table, a table's column by position, or a
# composite type's attribute (the type's name, the attribute's position).
_Target = tuple[TableDraft, int | None] | tuple[str, int]


class DdlBuilder:
    """Collects tables, enums and indexes from DDL statements, then names and validates them."""

    def __init__(self, text: str, source: str, dialect: str = "postgres") -> None:
        self.source = source
        self.dialect = dialect
        self.tables: dict[str, TableDraft] = {}
        self.enums: dict[str, tuple[Enum, int | None]] = {}
        self.schemas: set[str] = set()  # declared by CREATE SCHEMA, besides public
        self.user_types: dict[str, tuple[UserType, int | None]] = {}
        self.sequences: dict[str, tuple[Sequence, int | None]] = {}
        self.indexes: list[_IndexDraft] = []
        self.skipped: Counter[str] = Counter()
        self.others = FileObjects()  # views, functions, triggers, ...: outside the model, compared opaquely
        self.warnings: list[str] = []
        # GRANT role TO member: (member, role) → whether the member inherits the role's privileges
        self.memberships: dict[tuple[str, str], bool] = {}
        self.noinherit: set[str] = set()  # roles made NOINHERIT: their memberships inherit nothing by default
        # CREATE / ALTER ROLE: compared between files, never migrated
        self.roles: dict[str, RoleStatement] = {}
        # SQLite keeps a name as written and matches it without regard to case (sqlite_spelling)
        self.folds = dialect == "sqlite"
        self.renames = _rename_markers(text, folded=not self.folds)
        # line → what starts on it, kept only when there are markers to attach
        self.targets: dict[int, list[_Target]] = defaultdict(list)
        self._order = itertools.count()
        self._creating: TableDraft | None = None  # the table whose CREATE TABLE is being read
        # PostgreSQL makes key columns NOT NULL; SQLite keeps what the column declares
        # (a NULL is allowed in a primary key column without NOT NULL), so its reader says so.
        self.keys_not_null = dialect != "sqlite"

    # --- what readers call ----------------------------------------------------------

    def error(self, reason: str, line: int | None, hint: str | None = None) -> InputError:
        return InputError(reason, location=Location(self.source, line), hint=hint)

    def skip(self, what: str) -> None:
        """Count a statement outside the schema model (reported once, at the end)."""
        self._creating = None
        self.skipped[what] += 1

    def drop(self, kind: str, name: str, line: int | None, *, if_exists: bool) -> None:
        """``DROP <kind> [IF EXISTS] name``. Of an object not defined above, with ``IF EXISTS``,
        nothing: a script clearing the way before it creates the object (Chinook's ``DROP TABLE
        IF EXISTS [Album]``). Of one defined above, refused: the model is read from what a file
        creates and alters, and skipping the drop kept the object (a false ``add_table``)."""
        self._creating = None
        if not self._defined(kind, name):
            if not if_exists:
                raise self.error(f"DROP {kind.upper()} {name}: no {kind} {name!r} is defined above", line)
            self.skip("drops of objects not defined above")
            return
        raise self.error(
            f"DROP {kind.upper()} {name} drops {'an' if kind[0] in 'aeiou' else 'a'} {kind} defined above "
            "this statement: not supported",
            line,
            hint="wesley-gen reads the schema a file creates; leave out both the object and its DROP",
        )

    def _defined(self, kind: str, name: str) -> bool:
        """Whether an object of ``kind`` (a DROP statement's: ``table``, ``index``, ``policy
        p on t`` …) is defined above, by the name a DROP statement gives it."""
        same = sqlite_folded if self.folds else str
        if kind == "table":
            return self.find_table(name) is not None
        if kind == "index":
            keys = [k.name for t in self.tables.values() for k in (t.primary_key, *t.uniques) if k and k.name]
            keys += [i.name for i in self.indexes if i.name]
            return any(same(n) == same(name) for n in keys)
        if kind == "sequence":
            return name in self.sequences
        if kind == "type":
            return name in self.enums or name in self.user_types
        if kind == "schema":
            return name in self.schemas
        if kind == "policy":
            policy, _, table = name.partition(" on ")
            draft = self.find_table(table)
            return draft is not None and policy in draft.policies

        # views, functions (named with their argument types), triggers (``tr on t``; SQLite's
        # DROP TRIGGER names no table), ...
        def base(n: str) -> str:
            n = n.split("(", 1)[0]
            return same(n.split(" on ", 1)[0] if " on " not in name else n)

        return any(k == kind and base(n) == base(name) for k, n in self.others.objects)

    def create_table(self, name: str, line: int | None, *, if_not_exists: bool = False) -> TableDraft | None:
        """A new table; ``None`` when ``IF NOT EXISTS`` meets one already defined."""
        self._creating = None
        # SQLite matches names without regard to case: IF NOT EXISTS skips "uSERs" made as USERS
        # (and validation refuses two tables of such names)
        if name in self.tables or (if_not_exists and self.spelled(name) in self.tables):
            if if_not_exists:
                return None
            raise self.error(f"duplicate table {name!r}", line)
        draft = TableDraft(name, line, folds=self.folds)
        self.tables[name] = draft
        self._creating = draft
        if line is not None and self.renames:
            self.targets[line].append((draft, None))
        return draft

    def table(self, name: str, line: int | None) -> TableDraft:
        """A table defined above, for a statement that changes it."""
        self._creating = None
        draft = self.find_table(name)
        if draft is None:
            raise self.error(f"table {name!r} is not defined above this statement", line)
        return draft

    def find_table(self, name: str) -> TableDraft | None:
        """The table ``name`` means, or ``None``."""
        return self.tables.get(self.spelled(name))

    def spelled(self, table: str) -> str:
        """A table name as the table was declared, where SQLite resolves it without regard to case."""
        return sqlite_spelling(table, self.tables) if self.folds else table

    def add_schema(self, name: str, line: int | None, *, if_not_exists: bool = False) -> None:
        """A ``CREATE SCHEMA``: kept even while empty, so that creating or dropping it is a change."""
        self._creating = None
        if name in self.schemas and not if_not_exists:
            raise self.error(f"duplicate schema {name!r}", line)
        if name != PUBLIC:
            self.schemas.add(name)

    def add_enum(self, name: str, values: tuple[str, ...], line: int | None) -> None:
        self._creating = None
        if name in self.enums:
            raise self.error(f"duplicate enum {name!r}", line)
        self.enums[name] = (Enum(name, values), line)

    def enum_values(self, name: str, line: int | None) -> tuple[str, ...]:
        """The values of an enum defined above (``ALTER TYPE … ADD VALUE`` changes them)."""
        if name not in self.enums:
            raise self.error(f"enum {name!r} is not defined above this statement", line)
        return self.enums[name][0].values

    def replace_enum_values(self, name: str, values: tuple[str, ...]) -> None:
        """The enum ``name`` (defined above) with the values a statement left it with."""
        enum, line = self.enums[name]
        self.enums[name] = (replace(enum, values=values), line)

    def add_user_type(
        self, definition: UserType, line: int | None, attribute_lines: tuple[int | None, ...] = ()
    ) -> None:
        """A domain or composite type (PostgreSQL); a composite's attributes start on ``attribute_lines``."""
        self._creating = None
        if definition.name in self.user_types:
            raise self.error(f"duplicate type {definition.name!r}", line)
        self.user_types[definition.name] = (definition, line)
        if self.renames:
            for position, at in enumerate(attribute_lines):
                if at is not None:
                    self.targets[at].append((definition.name, position))

    def add_sequence(self, sequence: Sequence, line: int | None, *, if_not_exists: bool = False) -> None:
        self._creating = None
        if sequence.name in self.sequences:
            if if_not_exists:
                return
            raise self.error(f"duplicate sequence {sequence.name!r}", line)
        self.sequences[sequence.name] = (sequence, line)

    def sequence(self, name: str, line: int | None) -> Sequence:
        """A sequence created above, for ALTER SEQUENCE."""
        self._creating = None
        if name not in self.sequences:
            raise self.error(f"sequence {name!r} is not defined above this statement", line)
        return self.sequences[name][0]

    def replace_sequence(self, sequence: Sequence) -> None:
        self.sequences[sequence.name] = (sequence, self.sequences[sequence.name][1])

    def column(self, table: TableDraft, name: str, line: int | None) -> Column:
        """A column defined above, for a statement that changes it."""
        index = self.changed_column_index(table, name)
        if index is None:
            raise self.error(f"column {table.name}.{name} is not defined above this statement", line)
        return table.columns[index]

    def add_column(self, table: TableDraft, column: Column, line: int | None) -> None:
        table.columns.append(column)
        table.column_lines[column.name] = line  # a duplicate is reported at its second line
        if line is not None and self.renames:
            self.targets[line].append((table, len(table.columns) - 1))

    def changed_column_index(self, table: TableDraft, name: str) -> int | None:
        """Where ``table``'s column ``name`` is among its own, for a statement that changes it: a
        column an inheriting table takes from a parent (pg_dump's ``ALTER TABLE ONLY child ALTER
        COLUMN id SET DEFAULT …``) becomes the table's own definition first, the parent's copied,
        which takes the parent's place in the column order (see ``inherited_columns``)."""
        index = table.column_index(name)
        if index is None and table.inherits:
            inherited = next((c for c in self.columns_of(table) if c.name == name), None)
            if inherited is not None:
                table.columns.append(inherited)
                index = len(table.columns) - 1
        return index

    def alter_column(self, table: TableDraft, name: str, line: int | None, **changes: object) -> None:
        index = self.changed_column_index(table, name)
        if index is None:
            raise self.error(f"column {table.name}.{name} is not defined above this statement", line)
        table.columns[index] = replace(table.columns[index], **changes)  # type: ignore[arg-type]

    def column_type_of(self, table: TableDraft, name: str, line: int | None) -> ColumnType:
        """The type of ``table``'s column ``name``, its own or one it inherits."""
        index = table.column_index(name)
        if index is not None:
            return table.columns[index].type
        inherited = next((c for c in self.columns_of(table) if c.name == name), None)
        if inherited is None:
            raise self.error(f"column {table.name}.{name} is not defined above this statement", line)
        return inherited.type

    def columns_of(self, table: TableDraft) -> list[Column]:
        """``table``'s columns so far, those its parents give it included, in PostgreSQL's order."""
        parents = [
            inherited_column(p, table.name, c)
            for p in table.parents
            if p in self.tables
            for c in self.columns_of(self.tables[p])
        ]
        own = {c.name for c in table.columns}
        inherited = list({c.name: c for c in parents if c.name not in own}.values())
        return [*table.columns, *inherited] if table.partition_of else [*inherited, *table.columns]

    def let_go(self, table: TableDraft, parent: str) -> None:
        """DETACH PARTITION / NO INHERIT: the columns ``parent`` gave ``table`` become its own."""
        columns = self.columns_of(table)
        if table.partition_of == parent:
            table.partition_of = table.partition_bound = None
        table.inherits = tuple(p for p in table.inherits if p != parent)
        table.columns = columns

    def inherit_index(self, name: str, line: int | None) -> None:
        """The index ``name`` on a partition (or the key it backs) made its parent's, inherited:
        no longer one of the partition's own."""
        index = next((i for i in self.indexes if i.name == name), None)
        if index is not None:
            self.indexes.remove(index)
            return
        for draft in self.tables.values():
            if draft.primary_key is not None and draft.primary_key.name == name:
                draft.primary_key = None
                return
            unique = next((u for u in draft.uniques if u.name == name), None)
            if unique is not None:
                draft.uniques.remove(unique)
                return
        raise self.error(f"index {name!r} is not defined above this statement", line)

    def add_primary_key(
        self,
        table: TableDraft,
        name: str | None,
        columns: tuple[str, ...],
        line: int | None,
        *,
        absorbs_unique: bool = True,
        include: tuple[str, ...] = (),
        **options: Any,
    ) -> None:
        """A primary key; ``absorbs_unique=False`` for one without an index of its own (SQLite's rowid)."""
        if table.primary_key is not None:
            raise self.error(f"table {table.name!r} has two primary keys", line)
        table.primary_key = _UniqueDraft(
            name=name,
            line=line,
            order=next(self._order),
            columns=columns,
            include=include,
            in_create=table is self._creating,
            absorbs=absorbs_unique,
            options=options,
        )

    def add_unique(
        self,
        table: TableDraft,
        name: str | None,
        columns: tuple[str, ...],
        line: int | None,
        *,
        include: tuple[str, ...] = (),
        **options: Any,
    ) -> None:
        table.uniques.append(
            _UniqueDraft(
                name=name,
                line=line,
                order=next(self._order),
                columns=columns,
                include=include,
                in_create=table is self._creating,
                options=options,
            )
        )

    def add_check(
        self,
        table: TableDraft,
        name: str | None,
        expression: str,
        columns: set[str],
        line: int | None,
        **options: Any,
    ) -> None:
        """A check over ``columns`` (all it reads): one column gives the default name ``t_col_check``."""
        (column,) = columns if len(columns) == 1 else (None,)
        table.checks.append(
            _CheckDraft(
                name=name,
                line=line,
                order=next(self._order),
                expression=expression,
                column=column,
                options=options,
            )
        )

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
        **options: Any,
    ) -> None:
        table.foreign_keys.append(
            _ForeignKeyDraft(
                name=name,
                line=line,
                order=next(self._order),
                columns=columns,
                ref_table=ref_table,
                ref_columns=ref_columns,
                on_delete=on_delete,
                on_update=on_update,
                options=options,
            )
        )

    def add_exclusion(
        self,
        table: TableDraft,
        name: str | None,
        keys: tuple[tuple[str, str], ...],
        name_parts: tuple[str, ...],
        line: int | None,
        *,
        using: str,
        where: str | None,
    ) -> None:
        """An EXCLUDE constraint: (key text, operator) pairs; ``name_parts`` as for an index."""
        for _, operator in keys:
            if not _OPERATOR.fullmatch(operator):
                raise self.error(
                    f"exclusion constraint on {table.name!r}: unsupported operator {operator!r}", line
                )
        if not _METHOD.fullmatch(using):
            raise self.error(f"exclusion constraint on {table.name!r}: unsupported method {using!r}", line)
        table.exclusions.append(
            _ExclusionDraft(
                name=name,
                line=line,
                order=next(self._order),
                columns=tuple(k for k, _ in keys),
                operators=tuple(o for _, o in keys),
                name_parts=name_parts,
                using=using,
                where=where,
            )
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
        **options: Any,
    ) -> None:
        """An index; ``name_parts`` are its key and INCLUDE columns as PostgreSQL names them."""
        self._creating = None
        self.indexes.append(
            _IndexDraft(
                name=name,
                line=line,
                order=next(self._order),
                table=table,
                columns=columns,
                name_parts=name_parts,
                unique=unique,
                using=using,
                where=where,
                options=options,
            )
        )

    def take_index(self, table: str, name: str, line: int | None) -> tuple[tuple[str, ...], dict[str, Any]]:
        """``PRIMARY KEY | UNIQUE USING INDEX name``: the unique index on ``table`` defined above
        becomes the constraint's; its key columns and options (INCLUDE, NULLS NOT DISTINCT)."""
        index = next((i for i in self.indexes if i.name == name and i.table == table), None)
        where = f"USING INDEX {name}"
        if index is None:
            raise self.error(f"{where}: no index {name!r} on {table!r} is defined above this statement", line)
        keys = [parse_index_key(k) for k in index.columns]
        plain = all(k.column is not None and k == IndexKey(k.column) for k in keys)
        if not index.unique or index.where is not None or index.using != "btree" or not plain:
            raise self.error(
                f"{where}: the index must be a unique b-tree index of plain columns in the default "
                "order, without a WHERE clause",
                line,
            )
        if index.options.get("storage"):
            raise self.error(
                f"{where}: an index with storage parameters is not supported yet: the key would not keep them",
                line,
            )
        self.indexes.remove(index)
        options = {k: v for k, v in index.options.items() if k in ("include", "nulls_not_distinct")}
        return tuple(k.column for k in keys if k.column is not None), options

    def index_storage(self, name: str, line: int | None) -> tuple[str, ...]:
        """The storage parameters of the index ``name`` defined above (``ALTER INDEX … SET``)."""
        index = next((i for i in self.indexes if i.name == name), None)
        if index is None:
            raise self.error(f"index {name!r} is not defined above this statement", line)
        storage: tuple[str, ...] = index.options.get("storage", ())
        return storage

    def set_index_storage(self, name: str, storage: tuple[str, ...]) -> None:
        index = next(i for i in self.indexes if i.name == name)
        index.options = {**index.options, "storage": storage}

    # --- row-level security ----------------------------------------------------------

    def add_policy(self, table: TableDraft, policy: Policy, line: int | None) -> None:
        self._creating = None
        if policy.name in table.policies:
            raise self.error(f"duplicate policy {policy.name!r} on table {table.name!r}", line)
        table.policies[policy.name] = policy

    def alter_policy(self, table: TableDraft, name: str, line: int | None, **changes: Any) -> None:
        self._creating = None
        if name not in table.policies:
            raise self.error(
                f"policy {name!r} on table {table.name!r} is not defined above this statement", line
            )
        table.policies[name] = replace(table.policies[name], **changes)

    @staticmethod
    def _privileges(
        table: TableDraft, privileges: list[tuple[str, str | None]]
    ) -> list[tuple[str, str | None]]:
        """``ALL`` expanded into each privilege it stands for (of the table, or of a column)."""
        found: list[tuple[str, str | None]] = []
        for privilege, column in privileges:
            every = COLUMN_PRIVILEGES if column is not None else TABLE_PRIVILEGES
            found += [(p, column) for p in every] if privilege == ALL_PRIVILEGES else [(privilege, column)]
        return found

    def grant(
        self,
        table: TableDraft,
        grantee: str,
        privileges: list[tuple[str, str | None]],
        line: int | None,
        *,
        grantable: bool,
        grantor: str | None = None,
    ) -> None:
        """GRANT: each privilege given to ``grantee`` by ``grantor`` (``None``: the owner; a grant
        option kept once given)."""
        self._creating = None
        for named in sorted({c for _, c in privileges if c is not None}):
            self.column(table, named, line)  # a column defined above
        for privilege, column in self._privileges(table, privileges):
            key = (grantee, privilege, column, grantor)
            table.grants[key] = table.grants.get(key, False) or grantable

    def revoke(
        self,
        table: TableDraft,
        grantee: str,
        privileges: list[tuple[str, str | None]],
        *,
        only_option: bool,
        grantor: str | None = None,
    ) -> None:
        """REVOKE: each privilege ``grantor`` gave ``grantee`` taken (a table's, from its columns
        too, as PostgreSQL does); ``only_option``: REVOKE GRANT OPTION FOR, the privilege stays."""
        self._creating = None
        for privilege, column in self._privileges(table, privileges):
            for key in [
                k
                for k in table.grants
                if k[:2] == (grantee, privilege) and column in (None, k[2]) and k[3] == grantor
            ]:
                if only_option:
                    table.grants[key] = False
                else:
                    del table.grants[key]

    # --- the finished schema --------------------------------------------------------

    def finish(self) -> Loaded:
        if self.folds:
            self.spell_as_declared()
        self.apply_renames()
        for index in self.indexes:
            if index.table not in self.tables:
                raise self.error(f"index on table {index.table!r}, which is not defined", index.line)
        for draft in self.tables.values():
            _drop_redundant_keys(draft)
        self.choose_names()
        lines: dict[tuple[str, ...], int] = {}
        by_table: dict[str, list[Index]] = {}
        for index in self.indexes:
            assert index.name is not None
            if index.line is not None:
                lines["index", index.table, index.name] = index.line
            by_table.setdefault(index.table, []).append(
                Index(
                    index.name,
                    (
                        _catalog_keys(index, self.tables[index.table])
                        if self.dialect == "postgres"  # SQLite has no operator classes
                        else index.columns
                    ),
                    unique=index.unique,
                    using=index.using,
                    where=index.where,
                    **index.options,
                )
            )
        tables = self.inherit_columns(
            [
                self.build_table(draft, lines, tuple(by_table.get(draft.name, ())))
                for draft in self.tables.values()
            ]
        )
        for name, (_, line) in (*self.enums.items(), *self.user_types.items()):
            if line is not None:
                lines["enum", name] = line
        for name, (sequence, line) in self.sequences.items():
            owner, _, column = (sequence.owned_by or "").rpartition(".")
            if sequence.owned_by is not None and (
                owner not in self.tables or self.tables[owner].column_index(column) is None
            ):
                raise self.error(
                    f"sequence {name!r} is owned by {sequence.owned_by}, which is not defined", line
                )
        implied = implied_sequences(tables, (s for s, _ in self.sequences.values()))
        schema = schema_with_types(
            tables, (enum for enum, _ in self.enums.values()), (d for d, _ in self.user_types.values())
        )
        schema = replace(
            schema,
            schemas=tuple(self.schemas),
            sequences=tuple(s for s, _ in self.sequences.values() if s.name not in implied),
            memberships=inherited(pair for pair, inherits in self.memberships.items() if inherits),
            roles=tuple(self.roles[name] for name in sorted(self.roles)),
        )
        others = self.others.result(
            {t.name: {c.name: "" if c.type.array_dims else c.type.name for c in t.columns} for t in tables}
        )
        schema = replace(schema, others=(*others, *self.others.owner_objects(model_targets(schema))))
        validate(schema, self.source, lines, dialect=self.dialect)
        if self.skipped:
            kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(self.skipped.items()))
            total = sum(self.skipped.values())
            self.warnings.append(
                f"{self.source}: skipped {total} statement{'s' if total != 1 else ''} "
                f"outside the schema model ({kinds})"
            )
        return Loaded(schema, self.source, tuple(self.warnings))

    def spell_as_declared(self) -> None:
        """SQLite: every table and column a key, index or check names, spelled as it was
        declared (SQLite keeps ``REFERENCES notes(id)`` as written but means ``Notes(ID)``)."""
        for index in self.indexes:  # its key columns: spelled by the reader (the table is above it)
            index.table = self.spelled(index.table)
        for draft in self.tables.values():
            for unique in (*((draft.primary_key,) if draft.primary_key else ()), *draft.uniques):
                unique.columns = tuple(map(draft.spelled, unique.columns))
            for check in draft.checks:
                check.column = None if check.column is None else draft.spelled(check.column)
            for fk in draft.foreign_keys:
                written = (fk.ref_table, *fk.ref_columns)
                fk.columns = tuple(map(draft.spelled, fk.columns))
                fk.ref_table = self.spelled(fk.ref_table)
                target = self.tables.get(fk.ref_table)
                if target is not None:
                    fk.ref_columns = tuple(map(target.spelled, fk.ref_columns))
                if written != (fk.ref_table, *fk.ref_columns):
                    fk.options = {**fk.options, "written_as": written}

    def inherit_columns(self, tables: list[Table]) -> list[Table]:
        """Partitions and inheriting tables with the columns of their parents (as those are at the
        end of the file: a column added to a parent reaches them); a partition attached with
        columns of its own keeps their order, the parent's others after them, and has none of
        its parent's checks as its own."""
        by_name = {t.name: t for t in tables}
        done: dict[str, Table] = {}

        def resolved(table: Table) -> Table:
            if table.name in done:
                return done[table.name]
            parents = [resolved(by_name[p]) for p in table.parents if p in by_name]
            columns, checks = table.columns, table.checks
            if table.partition_of is not None:
                own = {c.name for c in columns}
                columns += tuple(
                    inherited_column(p.name, table.name, c)
                    for p in parents
                    for c in p.columns
                    if c.name not in own
                )
                # pg_dump writes a partition's inherited checks in its CREATE TABLE: its parent's
                checks = tuple(c for c in checks if all(c not in p.checks for p in parents))
            elif parents:
                columns = inherited_columns(table, parents)
            if self.keys_not_null and table.primary_key is not None:
                key = set(table.primary_key.columns)
                columns = tuple(replace(c, nullable=False) if c.name in key else c for c in columns)
            changed = (columns, checks) != (table.columns, table.checks)
            done[table.name] = replace(table, columns=columns, checks=checks) if changed else table
            return done[table.name]

        for table in tables:
            missing = [p for p in table.parents if p not in by_name]
            if missing:
                draft = self.tables[table.name]
                raise self.error(
                    f"table {table.name} inherits from {missing[0]!r}, which is not defined", draft.line
                )
        return [resolved(t) for t in tables]

    def apply_renames(self) -> None:
        """Attach each ``-- wesley:renamed-from`` comment to exactly one table or column.

        A comment after a definition on the same line belongs to the last one that
        starts there; a comment on a line of its own to the first one on the next line.
        """
        for line, old_name in sorted(self.renames.items()):
            if self.targets.get(line):
                table, column = self.targets[line][-1]
            elif self.targets.get(line + 1):
                table, column = self.targets[line + 1][0]
            else:
                self.warnings.append(
                    f"{self.source}:{line}: ignored the rename marker of {old_name!r} "
                    "('-- wesley:renamed-from' or '@renamed from='): "
                    "it must be on, or on the line above, a column, a CREATE TABLE or a composite type's attribute"
                )
                continue
            if isinstance(table, str):  # a composite type's attribute
                definition, at = self.user_types[table]
                assert isinstance(definition, Composite) and column is not None
                attributes = list(definition.attributes)
                attributes[column] = replace(attributes[column], renamed_from=old_name)
                self.user_types[table] = (replace(definition, attributes=tuple(attributes)), at)
            elif column is None:
                table.renamed_from = old_name
            else:
                table.columns[column] = replace(table.columns[column], renamed_from=old_name)

    def choose_names(self) -> None:
        """Give unnamed keys, checks and indexes the names PostgreSQL would, in the order it would.

        Within a schema, index-backed names (keys and indexes) share one namespace with
        tables, and every constraint name is avoided by a new constraint's default name.
        """
        relations: defaultdict[str, set[str]] = defaultdict(set)
        constraints: defaultdict[str, set[str]] = defaultdict(set)
        for name in self.tables:
            schema, relation = split_name(name)
            relations[schema].add(relation)
        pending: list[tuple[_Keyed, str, str | None, str]] = []  # item, table, name2, label
        for draft in self.tables.values():
            if draft.primary_key is not None:
                pending.append((draft.primary_key, draft.name, None, "pkey"))
            for unique in draft.uniques:
                pending.append((unique, draft.name, "_".join(unique.columns + unique.include), "key"))
            for check in draft.checks:
                pending.append((check, draft.name, check.column, "check"))
            for key in draft.foreign_keys:
                pending.append((key, draft.name, "_".join(key.columns), "fkey"))
            for exclusion in draft.exclusions:
                pending.append(
                    (exclusion, draft.name, "_".join(_index_column_names(exclusion.name_parts)), "excl")
                )
        for index in self.indexes:
            pending.append((index, index.table, "_".join(_index_column_names(index.name_parts)), "idx"))
        for item, table, name2, label in sorted(pending, key=lambda entry: entry[0].order):
            schema, relation = split_name(table)
            spaces = []  # the namespaces this kind of name lives in
            if label in {"pkey", "key", "idx", "excl"}:
                spaces.append(relations[schema])  # an index
            if label != "idx":
                spaces.append(constraints[schema])  # a constraint
            if item.name is None:
                item.name = _choose(relation, name2, label, spaces)
            for space in spaces:
                space.add(item.name)

    def build_table(
        self, draft: TableDraft, lines: dict[tuple[str, ...], int], indexes: tuple[Index, ...]
    ) -> Table:
        if draft.line is not None:
            lines["table", draft.name] = draft.line
        for column, line in draft.column_lines.items():
            if line is not None:
                lines["column", draft.name, column] = line

        def name_of(item: _Keyed) -> str:
            assert item.name is not None  # named by choose_names
            if item.line is not None:
                lines["constraint", draft.name, item.name] = item.line
            return item.name

        primary_key = None
        key_columns: set[str] = set()
        if draft.primary_key is not None:
            pk = draft.primary_key
            primary_key = PrimaryKey(name_of(pk), pk.columns, pk.include, **pk.options)
            key_columns = set(draft.primary_key.columns)
        uniques = [UniqueConstraint(name_of(u), u.columns, u.include, **u.options) for u in draft.uniques]
        typed = self.context_columns(draft)
        checks = [
            CheckConstraint(
                name_of(c), typed_by_columns(c.expression, typed) if typed else c.expression, **c.options
            )
            for c in draft.checks
        ]
        foreign_keys = [
            ForeignKey(
                name_of(f),
                f.columns,
                f.ref_table,
                f.ref_columns or self.primary_key_of(draft.name, f),
                on_delete=f.on_delete,
                on_update=f.on_update,
                **f.options,
            )
            for f in draft.foreign_keys
        ]
        exclusions = [
            Exclusion(name_of(x), x.columns, x.operators, using=x.using, where=x.where)
            for x in draft.exclusions
        ]
        columns = tuple(
            replace(c, nullable=False) if c.name in key_columns and c.nullable and self.keys_not_null else c
            for c in draft.columns
        )
        if typed:
            columns = tuple(_typed_column(c, typed) for c in columns)
        return Table(
            draft.name,
            columns,
            primary_key,
            tuple(uniques),
            tuple(checks),
            tuple(foreign_keys),
            indexes,
            options=draft.options,
            unlogged=draft.unlogged,
            storage=draft.storage,
            renamed_from=draft.renamed_from,
            exclusions=tuple(exclusions),
            row_security=draft.row_security,
            force_row_security=draft.force_row_security,
            policies=tuple(draft.policies.values()),
            grants=grants_of((g, p, c, o, by) for (g, p, c, by), o in draft.grants.items()),
            partition_by=draft.partition_by,
            partition_of=draft.partition_of,
            partition_bound=draft.partition_bound,
            inherits=draft.inherits,
        )

    def context_columns(self, draft: TableDraft) -> dict[str, str]:
        """PostgreSQL: the date/time, money and integer columns of ``draft`` and of the tables
        it inherits or is a partition of, by name, whose type types the literals they meet
        (:func:`~wesley_gen.expressions.typed_by_columns`); none on SQLite, which keeps text."""
        if self.dialect != "postgres":
            return {}
        return {
            column.name: column.type.name
            for column in self.columns_of(draft)
            if column.type.name in CONTEXT_TYPES and not column.type.array_dims
        }

    def primary_key_of(self, table: str, key: _ForeignKeyDraft) -> tuple[str, ...]:
        """``REFERENCES t`` without columns means t's primary key."""
        target = self.tables.get(key.ref_table)
        if target is None:
            return ()  # validation reports the missing table
        if target.primary_key is None:
            raise self.error(
                f"foreign key {key.name!r} on {table!r} references {key.ref_table!r} without naming "
                f"columns, but {key.ref_table!r} has no primary key",
                key.line,
            )
        return target.primary_key.columns


def _set_options(key: _UniqueDraft) -> dict[str, Any]:
    """A key's options that are not the defaults: keys that differ in them are two indexes."""
    return {name: value for name, value in key.options.items() if value != CONSTRAINT_OPTIONS[name]}


def _drop_redundant_keys(draft: TableDraft) -> None:
    """Keys of one CREATE TABLE over the same columns as an earlier one are one index, as in the database.

    PostgreSQL (and SQLite) keep the primary key, or else the first such UNIQUE;
    an unnamed survivor takes the name of a named duplicate.
    """
    pk = draft.primary_key
    kept: list[_UniqueDraft] = [pk] if pk is not None and pk.in_create and pk.absorbs else []
    uniques = []
    for unique in draft.uniques:
        same = (unique.columns, unique.include, _set_options(unique))
        prior = (
            next((k for k in kept if (k.columns, k.include, _set_options(k)) == same), None)
            if unique.in_create
            else None
        )
        if prior is None:
            uniques.append(unique)
            if unique.in_create:
                kept.append(unique)
        elif prior.name is None:
            prior.name = unique.name
    draft.uniques = uniques


def _index_column_names(parts: tuple[str, ...]) -> list[str]:
    """Index column names as PostgreSQL makes them distinct: ``a, a`` → ``a, a1``."""
    names: list[str] = []
    for part in parts:
        name = part
        counter = 0
        while name in names:
            counter += 1
            suffix = str(counter)
            name = clip_name(part, MAX_IDENTIFIER - len(suffix)) + suffix
        names.append(name)
    return names


def _choose(name1: str, name2: str | None, label: str, spaces: list[set[str]]) -> str:
    """PostgreSQL's way out of a name clash: a number after the label (``_key1``), made to fit."""
    name = object_name(name1, name2, label)
    counter = 0
    while any(name in space for space in spaces):
        counter += 1
        name = object_name(name1, name2, f"{label}{counter}")
    return name


def _rename_markers(text: str, *, folded: bool) -> dict[int, str]:
    """Line number → old name, for every ``-- wesley:renamed-from old_name`` comment (or
    sqldef's ``@renamed from=``); an unquoted name is ``folded`` to lower case (PostgreSQL) or
    kept as written (SQLite)."""
    if "wesley:renamed-from" not in text and "@renamed" not in text:
        return {}
    markers: dict[int, str] = {}
    for number, line in enumerate(text.split("\n"), start=1):  # lines as the readers count them
        match = _RENAME_MARKER.search(line)
        if match is not None:
            name = match.group("name")
            quoted = name.startswith('"')
            markers[number] = name[1:-1].replace('""', '"') if quoted else name.lower() if folded else name
    return markers


_PSQL_META_COMMAND = re.compile(r"^[ \t]*\\[^\n]*", re.M)  # \restrict, \connect, ... in pg_dump output


def without_psql_meta_commands(text: str) -> tuple[str, int]:
    """``text`` with its psql meta-commands (pg_dump 18's ``\\restrict KEY``, ``\\connect``)
    blanked out, and how many there were: they are psql's, not SQL, and neither pglast nor a
    server reads them. Each is blanked byte for byte (a space per UTF-8 byte), so that the byte
    offsets pglast reports and the lines of the text stay where they were."""
    cleaned, count = _PSQL_META_COMMAND.subn(lambda match: " " * len(match.group(0).encode("utf-8")), text)
    return cleaned, count


class LineIndex:
    """Offsets → 1-based line numbers: byte offsets into UTF-8 text (as pglast reports them)
    or character offsets into a ``str``; the lines are counted once, not per lookup."""

    def __init__(self, data: bytes | str) -> None:
        lines = data.split(b"\n") if isinstance(data, bytes) else data.split("\n")
        self.starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))

    def line(self, offset: int | None) -> int | None:
        return None if offset is None else self.at(offset)

    def at(self, offset: int) -> int:
        return bisect_right(self.starts, offset)


def _typed_column(column: Column, typed: Mapping[str, str]) -> Column:
    """``column`` with its default and generation expression typed by the table's columns
    (:func:`typed_default`, :func:`typed_by_columns`); the same object when neither changes,
    which is nearly always (a copy of every column cost the 1000-table pair a tenth of its load)."""
    default = typed_default(column.default, column.type.name)
    generated = column.generated and typed_by_columns(column.generated, typed)
    if default is column.default and generated is column.generated:
        return column
    return replace(column, default=default, generated=generated)


def _catalog_keys(index: _IndexDraft, table: TableDraft) -> tuple[str, ...]:
    """An index's keys as the catalog (and pg_dump) lists them: without an operator class
    PostgreSQL gives the column's type anyway (``USING gin (tags jsonb_ops)`` is ``gin (tags)``),
    and without a collation that is the column's own (``name COLLATE mixed`` on a column
    ``COLLATE mixed``, ``COLLATE "default"`` on one with none)."""

    def column_of(name: str) -> Column | None:
        at = table.column_index(name)
        return None if at is None else table.columns[at]

    def type_of(name: str) -> ColumnType | None:
        column = column_of(name)
        return None if column is None else column.type

    keys = []
    for text in index.columns:
        key = parse_index_key(text)
        plain = _without_default_opclass(key, index.using, type_of)
        column = None if plain.column is None or plain.collation is None else column_of(plain.column)
        if column is not None and plain.collation == (column.collation or "default"):
            plain = replace(plain, collation=None)
        keys.append(text if plain == key else str(plain))
    return tuple(keys)


def keys_without_default_opclasses(
    keys: tuple[str, ...],
    using: str,
    type_of: Callable[[str], ColumnType | None],
    defaults: Collection[tuple[str, str, str]] = (),
) -> tuple[str, ...]:
    """Index ``keys`` (``USING using``) without the operator classes that are their column's
    type's default: the built-in ones (:func:`~wesley_gen.model.default_opclass`) and
    ``defaults``, (method, type, class) triples a database's catalog names (an extension's:
    ``ivfflat``'s ``vector_l2_ops``)."""
    kept = []
    for text in keys:
        key = parse_index_key(text)
        plain = _without_default_opclass(key, using, type_of, defaults)
        kept.append(text if plain == key else str(plain))
    return tuple(kept)


def _without_default_opclass(
    key: IndexKey,
    using: str,
    type_of: Callable[[str], ColumnType | None],
    defaults: Collection[tuple[str, str, str]] = (),
) -> IndexKey:
    """``key`` without its operator class when that is its column's type's default (see
    :func:`keys_without_default_opclasses`)."""
    column_type = None if key.column is None or key.opclass is None else type_of(key.column)
    if column_type is not None and (
        key.opclass == default_opclass(using, column_type)
        or (using, column_type.name, key.opclass) in defaults
    ):
        return replace(key, opclass=None)
    return key


def without_catalog_default_opclasses(schema: Schema, defaults: Collection[tuple[str, str, str]]) -> Schema:
    """``schema`` (read from a file) with its index keys' operator classes left out where a
    database's catalog says they are the default (``defaults``: see
    :func:`keys_without_default_opclasses`), as that database lists the same index: a file
    cannot know an extension's defaults, the database the extension is in does."""
    if not defaults:
        return schema
    tables = []
    for table in schema.tables:
        types = {c.name: c.type for c in table.columns}
        indexes = tuple(
            replace(i, columns=keys_without_default_opclasses(i.columns, i.using, types.get, defaults))
            for i in table.indexes
        )
        tables.append(table if indexes == table.indexes else replace(table, indexes=indexes))
    if all(a is b for a, b in zip(tables, schema.tables, strict=True)):
        return schema
    return replace(schema, tables=tuple(tables))
