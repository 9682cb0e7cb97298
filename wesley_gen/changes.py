"""The change operations a diff is made of: one frozen dataclass per operation.

As in Alembic's ``ops.py``, each operation carries what it needs to run *and* to
undo itself (a dropped column keeps its whole definition, a type change keeps the
old type), and ``reverse()`` builds the opposite operation from it.  ``reverse()``
exists even where undoing cannot bring data back: a :class:`DropColumn` reverses
into an :class:`AddColumn` of the old definition; whether the *data* survives is
the classification's ``reversible``, not a property of the structure.

``table`` is always the table's name at the moment the operation runs: operations
ordered before the renames use the old name, those after them the new one.
Definitions are as the schema that contains them states them.  A change never knows
how it is printed: rendering dispatches on the class.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any, ClassVar, Generic, TypeVar

from wesley_gen.expressions import conjuncts
from wesley_gen.model import (
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
    Sequence,
    Table,
    UniqueConstraint,
    UserType,
    reaches,
)

D = TypeVar("D", PrimaryKey, UniqueConstraint, CheckConstraint, ForeignKey, Index, Exclusion, Policy, Grant)


class _NoTable:
    """Mixins that answer ``None`` for what an operation is not about, so that every
    operation has ``table``, ``column`` and ``name`` (the constraint, index or enum)."""

    __slots__ = ()

    @property
    def table(self) -> None:
        return None


class _Paired:
    """An operation whose reverse is its pair (add ↔ drop, :data:`_OPPOSITES`) with the
    same fields: what one adds, the other drops."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Any]]

    def reverse(self) -> Change:
        return _OPPOSITES[type(self)](**{f.name: getattr(self, f.name) for f in fields(self)})


class _NoColumn:
    __slots__ = ()

    @property
    def column(self) -> None:
        return None


class _NoName:
    __slots__ = ()

    @property
    def name(self) -> None:
        return None


# --- tables ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _WholeTable(_NoColumn, _NoName, _Paired):
    """A table made or dropped whole: its definition."""

    definition: Table

    @property
    def table(self) -> str:
        return self.definition.name


@dataclass(frozen=True, slots=True)
class AddTable(_WholeTable):
    """Create a table with its columns, keys, checks, indexes and inline foreign keys."""

    op: ClassVar[str] = "add_table"


@dataclass(frozen=True, slots=True)
class DropTable(_WholeTable):
    op: ClassVar[str] = "drop_table"


@dataclass(frozen=True, slots=True)
class RenameTable(_NoColumn, _NoName):
    """Rename ``table`` to ``new_name``; ``hint`` says what told us it is a rename."""

    op: ClassVar[str] = "rename_table"
    table: str
    new_name: str
    hint: str = field(default="", compare=False)

    def reverse(self) -> RenameTable:
        return RenameTable(self.new_name, self.table, self.hint)


@dataclass(frozen=True, slots=True)
class RedefineTable(_NoColumn, _NoName):
    """Change what SQLite fixes when it creates a table: its options (``STRICT``, ``WITHOUT
    ROWID``), its columns' collations and the spelling of a declared type (``datetime`` for
    timestamp).  ``old`` and ``new`` state them as DDL clauses (``strict``, ``name collate
    nocase``, ``created datetime``); only a rebuild of the table changes them."""

    op: ClassVar[str] = "redefine_table"
    table: str
    old: tuple[str, ...]
    new: tuple[str, ...]

    def reverse(self) -> RedefineTable:
        return RedefineTable(self.table, self.new, self.old)


@dataclass(frozen=True, slots=True)
class AlterTableStorage(_NoColumn, _NoName):
    """PostgreSQL's ``UNLOGGED`` and storage parameters (``WITH (fillfactor=70)``) of a table:
    ``ALTER TABLE … SET LOGGED | UNLOGGED``, ``SET (…)``, ``RESET (…)``."""

    op: ClassVar[str] = "alter_table_storage"
    table: str
    old_unlogged: bool
    new_unlogged: bool
    old_storage: tuple[str, ...]
    new_storage: tuple[str, ...]

    def reverse(self) -> AlterTableStorage:
        return AlterTableStorage(
            self.table, self.new_unlogged, self.old_unlogged, self.new_storage, self.old_storage
        )


@dataclass(frozen=True, slots=True)
class AddParent(_NoColumn, _NoName, _Paired):
    """An existing table made a partition (``ALTER TABLE parent ATTACH PARTITION table bound``)
    or an inheriting table (``ALTER TABLE table INHERIT parent``, when ``bound`` is None)."""

    op: ClassVar[str] = "add_parent"
    table: str
    parent: str
    bound: str | None = None


@dataclass(frozen=True, slots=True)
class DropParent(_NoColumn, _NoName, _Paired):
    """A partition detached (``ALTER TABLE parent DETACH PARTITION table``) or an inheriting
    table's parent let go (``ALTER TABLE table NO INHERIT parent``): the table stays, with
    the columns it had."""

    op: ClassVar[str] = "drop_parent"
    table: str
    parent: str
    bound: str | None = None


@dataclass(frozen=True, slots=True)
class AlterIndexStorage(_NoColumn):
    """PostgreSQL: only the storage parameters of index ``name`` changed (``ALTER INDEX … SET
    (…)``, ``RESET (…)``): a catalog change, the index is not rebuilt."""

    op: ClassVar[str] = "alter_index_storage"
    table: str
    name: str
    old_storage: tuple[str, ...]
    new_storage: tuple[str, ...]

    def reverse(self) -> AlterIndexStorage:
        return AlterIndexStorage(self.table, self.name, self.new_storage, self.old_storage)


# --- columns -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _WholeColumn(_NoName, _Paired):
    """A column added or dropped whole: its table and definition."""

    table: str
    definition: Column

    @property
    def column(self) -> str:
        return self.definition.name


@dataclass(frozen=True, slots=True)
class AddColumn(_WholeColumn):
    op: ClassVar[str] = "add_column"


@dataclass(frozen=True, slots=True)
class DropColumn(_WholeColumn):
    op: ClassVar[str] = "drop_column"


@dataclass(frozen=True, slots=True)
class RenameColumn(_NoName):
    op: ClassVar[str] = "rename_column"
    table: str
    column: str
    new_name: str
    hint: str = field(default="", compare=False)

    def reverse(self) -> RenameColumn:
        return RenameColumn(self.table, self.new_name, self.column, self.hint)


@dataclass(frozen=True, slots=True)
class AlterColumnType(_NoName):
    """Change a column's type; ``cast`` is the user's conversion (``--cast``), if any.

    The cast converts one way only, so the reverse has none.
    """

    op: ClassVar[str] = "alter_column_type"
    table: str
    column: str
    old_type: ColumnType
    new_type: ColumnType
    cast: str | None = None

    def reverse(self) -> AlterColumnType:
        return AlterColumnType(self.table, self.column, self.new_type, self.old_type)


@dataclass(frozen=True, slots=True)
class AlterColumnCollation(_NoName):
    """PostgreSQL: a column's collation (``None``: its type's default), also set again after a
    type change, which resets it."""

    op: ClassVar[str] = "alter_column_collation"
    table: str
    column: str
    old_collation: str | None
    new_collation: str | None

    def reverse(self) -> AlterColumnCollation:
        return AlterColumnCollation(self.table, self.column, self.new_collation, self.old_collation)


@dataclass(frozen=True, slots=True)
class RenameNotNull(_NoName):
    """PostgreSQL 18: the NOT NULL constraint of a column that stays NOT NULL named anew
    (``old_name`` to ``new_name``, each as PostgreSQL has it)."""

    op: ClassVar[str] = "rename_not_null"
    table: str
    column: str
    old_name: str
    new_name: str

    def reverse(self) -> RenameNotNull:
        return RenameNotNull(self.table, self.column, self.new_name, self.old_name)


@dataclass(frozen=True, slots=True)
class SetNotNull(_NoName, _Paired):
    op: ClassVar[str] = "set_not_null"
    table: str
    column: str


@dataclass(frozen=True, slots=True)
class DropNotNull(_NoName, _Paired):
    op: ClassVar[str] = "drop_not_null"
    table: str
    column: str


@dataclass(frozen=True, slots=True)
class SetDefault(_NoName):
    """Set a column's default; ``old_default`` is the one it replaces (``None``: none)."""

    op: ClassVar[str] = "set_default"
    table: str
    column: str
    old_default: str | None
    new_default: str

    def reverse(self) -> SetDefault | DropDefault:
        if self.old_default is None:
            return DropDefault(self.table, self.column, self.new_default)
        return SetDefault(self.table, self.column, self.new_default, self.old_default)


@dataclass(frozen=True, slots=True)
class DropDefault(_NoName):
    op: ClassVar[str] = "drop_default"
    table: str
    column: str
    old_default: str

    def reverse(self) -> SetDefault:
        return SetDefault(self.table, self.column, None, self.old_default)


@dataclass(frozen=True, slots=True)
class SetExpression(_NoName):
    """PostgreSQL 17+: a generated column's expression replaced (``ALTER COLUMN … SET
    EXPRESSION AS``; a stored column is recomputed for every row).  ``old_expression``
    ``None`` makes a plain column generated, which PostgreSQL cannot do in place: it is only
    ever the reverse of a :class:`DropExpression`, which classify marks irreversible."""

    op: ClassVar[str] = "set_expression"
    table: str
    column: str
    old_expression: str | None
    new_expression: str

    def reverse(self) -> SetExpression | DropExpression:
        if self.old_expression is None:
            return DropExpression(self.table, self.column, self.new_expression)
        return SetExpression(self.table, self.column, self.new_expression, self.old_expression)


@dataclass(frozen=True, slots=True)
class DropExpression(_NoName):
    """A stored generated column becomes a plain one that keeps its values (``ALTER COLUMN …
    DROP EXPRESSION``)."""

    op: ClassVar[str] = "drop_expression"
    table: str
    column: str
    old_expression: str

    def reverse(self) -> SetExpression:
        return SetExpression(self.table, self.column, None, self.old_expression)


@dataclass(frozen=True, slots=True)
class AddIdentity(_NoName, _Paired):
    """Make a column an identity column (``ADD GENERATED … AS IDENTITY``), with its sequence."""

    op: ClassVar[str] = "add_identity"
    table: str
    column: str
    identity: Identity


@dataclass(frozen=True, slots=True)
class DropIdentity(_NoName, _Paired):
    """The column stops being an identity column; its sequence goes with it."""

    op: ClassVar[str] = "drop_identity"
    table: str
    column: str
    identity: Identity


@dataclass(frozen=True, slots=True)
class AlterIdentity(_NoName):
    """``ALWAYS`` ↔ ``BY DEFAULT``, or the options of the identity's sequence."""

    op: ClassVar[str] = "alter_identity"
    table: str
    column: str
    old: Identity
    new: Identity

    def reverse(self) -> AlterIdentity:
        return AlterIdentity(self.table, self.column, self.new, self.old)


# --- sequences -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _WholeSequence(_NoTable, _NoColumn, _Paired):
    """A sequence made or dropped whole: its definition."""

    definition: Sequence

    @property
    def name(self) -> str:
        return self.definition.name


@dataclass(frozen=True, slots=True)
class AddSequence(_WholeSequence):
    op: ClassVar[str] = "add_sequence"


@dataclass(frozen=True, slots=True)
class DropSequence(_WholeSequence):
    op: ClassVar[str] = "drop_sequence"


@dataclass(frozen=True, slots=True)
class AlterSequence(_NoTable, _NoColumn):
    """A sequence's type, options or owner changed (``ALTER SEQUENCE``)."""

    op: ClassVar[str] = "alter_sequence"
    old: Sequence
    new: Sequence

    @property
    def name(self) -> str:
        return self.new.name

    def reverse(self) -> AlterSequence:
        return AlterSequence(self.new, self.old)


# --- keys, checks, foreign keys and indexes -----------------------------------------


@dataclass(frozen=True, slots=True)
class _OnTable(_NoColumn, _Paired, Generic[D]):
    """An operation on one named constraint or index of ``table``.

    ``same_as`` pairs a drop and an add whose definitions differ only in the name,
    because a rename changed the name the schema gives it (``customers_pkey`` becomes
    ``clients_pkey``): the other name of the pair.  The rows already satisfy it.
    """

    table: str
    definition: D
    same_as: str | None = None

    @property
    def name(self) -> str:
        return self.definition.name


@dataclass(frozen=True, slots=True)
class AddPrimaryKey(_OnTable[PrimaryKey]):
    op: ClassVar[str] = "add_primary_key"


@dataclass(frozen=True, slots=True)
class DropPrimaryKey(_OnTable[PrimaryKey]):
    op: ClassVar[str] = "drop_primary_key"


@dataclass(frozen=True, slots=True)
class AddUnique(_OnTable[UniqueConstraint]):
    op: ClassVar[str] = "add_unique"


@dataclass(frozen=True, slots=True)
class DropUnique(_OnTable[UniqueConstraint]):
    op: ClassVar[str] = "drop_unique"


@dataclass(frozen=True, slots=True)
class AddCheck(_OnTable[CheckConstraint]):
    op: ClassVar[str] = "add_check"


@dataclass(frozen=True, slots=True)
class DropCheck(_OnTable[CheckConstraint]):
    op: ClassVar[str] = "drop_check"


@dataclass(frozen=True, slots=True)
class AddForeignKey(_OnTable[ForeignKey]):
    """Add a foreign key.

    ``with_table`` marks a key of a table created by the same migration that could not
    be created inline (it closes a cycle, or the key it references is itself changing):
    the table is still empty, so nothing can violate it.
    """

    op: ClassVar[str] = "add_foreign_key"
    with_table: bool = False


@dataclass(frozen=True, slots=True)
class DropForeignKey(_OnTable[ForeignKey]):
    """Drop a foreign key; ``with_table``: its table is dropped by the same migration."""

    op: ClassVar[str] = "drop_foreign_key"
    with_table: bool = False


@dataclass(frozen=True, slots=True)
class AddIndex(_OnTable[Index]):
    op: ClassVar[str] = "add_index"


@dataclass(frozen=True, slots=True)
class DropIndex(_OnTable[Index]):
    op: ClassVar[str] = "drop_index"


# --- schemas -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _WholeSchema(_NoTable, _NoColumn, _Paired):
    """A PostgreSQL schema (namespace) made or dropped: only its name; what lives in it
    comes and goes by changes of its own, made after it is created and before it is dropped."""

    schema: str

    @property
    def name(self) -> str:
        return self.schema


@dataclass(frozen=True, slots=True)
class AddSchema(_WholeSchema):
    op: ClassVar[str] = "add_schema"


@dataclass(frozen=True, slots=True)
class DropSchema(_WholeSchema):
    op: ClassVar[str] = "drop_schema"


@dataclass(frozen=True, slots=True)
class AddExclusion(_OnTable[Exclusion]):
    op: ClassVar[str] = "add_exclusion"


# --- enums ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DropExclusion(_OnTable[Exclusion]):
    op: ClassVar[str] = "drop_exclusion"


# --- row-level security (PostgreSQL) ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _PolicyChange(_OnTable[Policy]):
    """A policy made or dropped.  ``within``: the table's policies of the other version (the old
    one for a policy made, the new one for a policy dropped) that cover it at every command and
    role it applies to (:func:`covering`), so that the table's policies as a whole let no more
    through for it: a permissive policy made lets no row through they did not, one dropped loses
    no row they do not keep; a restrictive one made holds back no row they did not, one dropped
    frees no row they do not hold back.  ``replaces``: the policies this migration drops (for a
    policy made) or makes (for a policy dropped) that cover it or that it covers: what it
    replaces, or is replaced by."""

    with_table: bool = False
    opens: bool = False
    within: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()

    @property
    def covered(self) -> str:
        """``within`` for a reason, each name quoted."""
        return _names(self.within)

    @property
    def replacing(self) -> str:
        """``replaces`` as the end of a reason: ``""`` when it replaces nothing."""
        if not self.replaces:
            return ""
        return f"; {'replaced by' if isinstance(self, DropPolicy) else 'it replaces'} {_names(self.replaces)}"


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(repr(name) for name in names)


@dataclass(frozen=True, slots=True)
class AddPolicy(_PolicyChange):
    """``CREATE POLICY``; ``with_table``: of a table this migration creates (nobody reads it yet);
    ``same_as``: the same policy made again (a function it calls was dropped to be made again);
    ``opens``: on a table whose row-level security this migration switches on (every row was
    open before it, so the policy can only keep some of them open)."""

    op: ClassVar[str] = "add_policy"


@dataclass(frozen=True, slots=True)
class DropPolicy(_PolicyChange):
    """``DROP POLICY``; ``with_table``: of a table this migration drops; ``same_as``: made again
    after; ``opens``: the reverse of an :class:`AddPolicy` that had it (row-level security is
    switched off with the drop)."""

    op: ClassVar[str] = "drop_policy"


@dataclass(frozen=True, slots=True)
class AlterPolicy(_NoColumn):
    """``ALTER POLICY``: new roles, USING or WITH CHECK (a new command or kind is a drop and an add).
    ``within``: the table's other policies that keep the change from widening (:func:`covering`):
    of a permissive policy, the old version's that let through every row its new form does; of
    a restrictive one, the new version's that hold back every row its old form did."""

    op: ClassVar[str] = "alter_policy"
    table: str
    old: Policy
    new: Policy
    within: tuple[str, ...] = ()
    # The role memberships known where the migration runs (:attr:`Schema.memberships`).
    memberships: frozenset[tuple[str, str]] = field(default=frozenset(), compare=False)

    @property
    def name(self) -> str:
        return self.new.name

    def reverse(self) -> AlterPolicy:
        return AlterPolicy(self.table, self.new, self.old, memberships=self.memberships)

    @property
    def narrows(self) -> bool:
        """Whether the new policy provably lets no more through than the old: a permissive one
        applies to no role the old did not reach (each of its roles one of the old, or a member
        of one that has its privileges: ``TO a`` becoming ``TO b`` where ``GRANT a TO b``), a
        restrictive one to no fewer; and each expression is the old one with conditions
        ``AND``-ed to it (:func:`lets_no_more`).  Anything else, an unknown membership included,
        is not proven narrower."""
        old, new = self.old, self.new
        fewer, more = (new.roles, old.roles) if new.permissive else (old.roles, new.roles)
        roles = all(any(reaches(wide, role, self.memberships) for wide in more) for role in fewer)
        return roles and all(
            lets_no_more(after, before) for before, after in ((old.using, new.using), (old.check, new.check))
        )

    @property
    def covered(self) -> str:
        """``within`` for a reason, each name quoted."""
        return _names(self.within)

    @property
    def members(self) -> str:
        """The roles a narrowed permissive policy names anew, each a member of a role it named
        (a restrictive one: the roles it no longer names), for a reason; ``""`` when none."""
        old, new = self.old, self.new
        gained = [
            r
            for r in (new.roles if new.permissive else old.roles)
            if r not in (old if new.permissive else new).roles
        ]
        return ", ".join(gained) if self.narrows else ""


COMMANDS = ("select", "insert", "update", "delete")
_TRUE, _FALSE = "TRUE", "FALSE"  # the canonical spelling of the constants (wesley_gen.expressions)


def lets_no_more(narrow: str | None, wide: str | None) -> bool:
    """Whether the expression ``narrow`` lets no row through that ``wide`` does not: the same,
    ``wide`` with conditions ``AND``-ed to it (``TRUE`` adds none), ``FALSE`` among its terms, or
    ``wide`` ``TRUE``.  ``None`` (no expression) is only the same as ``None``."""
    if narrow == wide:
        return True
    if narrow is None or wide is None:
        return False
    terms = conjuncts(narrow)
    return _FALSE in terms or conjuncts(wide) - {_TRUE} <= terms


def _gate(policy: Policy, command: str) -> tuple[str | None, str | None]:
    """What ``policy`` tests for ``command`` (one of :data:`COMMANDS`): the rows it reads
    (USING) and the rows it writes (WITH CHECK, else the USING expression: PostgreSQL applies it
    to new rows too), ``None`` for what the command does not test."""
    reads = policy.using if command != "insert" else None
    writes = (
        (policy.check if policy.check is not None else policy.using)
        if command in ("insert", "update")
        else None
    )
    return reads, writes


def _applies(policy: Policy, command: str, role: str, memberships: frozenset[tuple[str, str]]) -> bool:
    return policy.command in ("all", command) and any(reaches(r, role, memberships) for r in policy.roles)


def covering(
    policy: Policy, others: tuple[Policy, ...], memberships: frozenset[tuple[str, str]] = frozenset()
) -> tuple[str, ...]:
    """The policies of ``others`` of ``policy``'s kind that cover it wherever it applies (each
    command of its, each role it names; PUBLIC: only a policy to PUBLIC applies to every role),
    by name in their order; ``()`` when some command and role are left uncovered.

    A permissive policy is covered by one that lets through every row it does (PostgreSQL ORs
    the permissive policies: it adds no row); a restrictive one by one that holds back every row
    it does (PostgreSQL ANDs them: it removes none).  Proven by :func:`lets_no_more` on what
    each tests for the command; a policy to a role applies to the members that have its
    privileges (``memberships``: those known where the migration runs; none known, a role's own
    policies only)."""
    commands = COMMANDS if policy.command == "all" else (policy.command,)
    found: set[str] = set()
    for command in commands:
        gate = _gate(policy, command)
        for role in policy.roles:
            match = [
                other.name
                for other in others
                if other.permissive == policy.permissive
                and _applies(other, command, role, memberships)
                and all(
                    lets_no_more(*(pair if policy.permissive else pair[::-1]))
                    for pair in zip(gate, _gate(other, command), strict=True)
                )
            ]
            if not match:
                return ()
            found.update(match)
    return tuple(other.name for other in others if other.name in found)


@dataclass(frozen=True, slots=True)
class AlterRowSecurity(_NoColumn, _NoName):
    """``ENABLE``/``DISABLE`` and ``FORCE``/``NO FORCE ROW LEVEL SECURITY``: (enabled, forced) before
    and after; ``with_table``: the table is created or dropped by this migration."""

    op: ClassVar[str] = "alter_row_security"
    table: str
    old: tuple[bool, bool]
    new: tuple[bool, bool]
    with_table: bool = False

    def reverse(self) -> AlterRowSecurity:
        return AlterRowSecurity(self.table, self.new, self.old, self.with_table)


@dataclass(frozen=True, slots=True)
class AddGrant(_OnTable[Grant]):
    """``GRANT``; ``with_table``: on a table this migration creates; ``regrant``: its pair's only
    (a grant gives nothing back)."""

    op: ClassVar[str] = "add_grant"
    with_table: bool = False
    regrant: tuple[Grant, ...] = ()


@dataclass(frozen=True, slots=True)
class DropGrant(_OnTable[Grant]):
    """``REVOKE``; ``with_table``: on a table this migration drops.  A grantable privilege is
    revoked ``CASCADE`` (PostgreSQL refuses it while the role has granted it on: dependent
    privileges exist), which takes what the role granted too: ``regrant`` are the grants of that
    privilege to other roles the new schema keeps, granted again after it (by the owner)."""

    op: ClassVar[str] = "drop_grant"
    with_table: bool = False
    regrant: tuple[Grant, ...] = ()


# --- enums ---------------------------------------------------------------------------


T = TypeVar("T", Enum, Domain, Composite, Range, Domain | Composite | Range)


@dataclass(frozen=True, slots=True)
class _WholeType(_NoTable, _NoColumn, _Paired, Generic[T]):
    """A type (an enum, a domain, a composite, a range) made or dropped whole: its definition."""

    definition: T

    @property
    def name(self) -> str:
        return self.definition.name


@dataclass(frozen=True, slots=True)
class AddEnum(_WholeType[Enum]):
    op: ClassVar[str] = "add_enum"


@dataclass(frozen=True, slots=True)
class DropEnum(_WholeType[Enum]):
    op: ClassVar[str] = "drop_enum"


@dataclass(frozen=True, slots=True)
class AddEnumValue(_NoTable, _NoColumn):
    """Add ``value`` to ``enum`` right after ``after`` (``None``: as the first value)."""

    op: ClassVar[str] = "add_enum_value"
    enum: str
    value: str
    after: str | None

    @property
    def name(self) -> str:
        return self.enum

    def reverse(self) -> DropEnumValue:  # typed: rendering converts the columns back with it
        return DropEnumValue(self.enum, self.value, self.after)


@dataclass(frozen=True, slots=True)
class DropEnumValue(_NoTable, _NoColumn):
    """Drop ``value`` from ``enum``; ``after`` is where it stood, to put it back."""

    op: ClassVar[str] = "drop_enum_value"
    enum: str
    value: str
    after: str | None

    @property
    def name(self) -> str:
        return self.enum

    def reverse(self) -> AddEnumValue:
        return AddEnumValue(self.enum, self.value, self.after)


# --- domains, composite and range types (PostgreSQL) ---------------------------------------------


@dataclass(frozen=True, slots=True)
class AddType(_WholeType[UserType]):
    op: ClassVar[str] = "add_type"


@dataclass(frozen=True, slots=True)
class DropType(_WholeType[UserType]):
    op: ClassVar[str] = "drop_type"


@dataclass(frozen=True, slots=True)
class _AlteredType(_NoTable, _NoColumn, Generic[T]):
    """A type altered in place: ``before`` → ``definition``; the reverse alters it back."""

    before: T
    definition: T

    @property
    def name(self) -> str:
        return self.definition.name

    def reverse(self) -> Change:
        return type(self)(self.definition, self.before)  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class AlterDomain(_AlteredType[Domain]):
    """A domain's default, NOT NULL or checks changed (its base type stays)."""

    op: ClassVar[str] = "alter_domain"

    @property
    def added_checks(self) -> tuple[CheckConstraint, ...]:
        return tuple(c for c in self.definition.checks if c not in self.before.checks)

    @property
    def narrows(self) -> bool:
        """Whether a value the domain allowed before may fail now."""
        return bool(self.added_checks) or (self.before.nullable and not self.definition.nullable)


@dataclass(frozen=True, slots=True)
class AlterComposite(_AlteredType[Composite]):
    """A composite type's attributes renamed (``renamed``: old → new name, from the new
    schema's ``-- wesley:renamed-from`` markers), added, dropped or (``unused``: no column or
    type uses the composite, so PostgreSQL allows it) changed in type in place.  PostgreSQL
    adds an attribute last and cannot move one: where that would not give the new order
    (:attr:`reordered`), an unused composite is dropped and made again."""

    op: ClassVar[str] = "alter_composite"
    unused: bool = False
    renamed: tuple[tuple[str, str], ...] = ()

    def reverse(self) -> Change:
        back = tuple((new, old) for old, new in self.renamed)
        return AlterComposite(self.definition, self.before, self.unused, back)

    @property
    def _was(self) -> tuple[Attribute, ...]:
        """The old attributes under their new names, once renamed."""
        names = dict(self.renamed)
        return tuple(replace(a, name=names.get(a.name, a.name)) for a in self.before.attributes)

    @property
    def retyped(self) -> tuple[Attribute, ...]:
        """Attributes (as they become) whose type changes in place: ALTER ATTRIBUTE … TYPE."""
        if not self.unused:
            return ()
        was = {a.name: a.type for a in self._was}
        return tuple(a for a in self.definition.attributes if was.get(a.name, a.type) != a.type)

    @property
    def dropped(self) -> tuple[Attribute, ...]:
        kept = {a.name for a in self.retyped}
        return tuple(a for a in self._was if a not in self.definition.attributes and a.name not in kept)

    @property
    def added(self) -> tuple[Attribute, ...]:
        kept = {a.name for a in self.retyped}
        return tuple(a for a in self.definition.attributes if a not in self._was and a.name not in kept)

    @property
    def reordered(self) -> bool:
        """Whether the attributes would stand in another order than the new definition's
        after the renames, drops, in-place type changes and additions (each added last)."""
        dropped = set(self.dropped)
        order = [a.name for a in self._was if a not in dropped] + [a.name for a in self.added]
        return order != [a.name for a in self.definition.attributes]


@dataclass(frozen=True, slots=True)
class ReplaceRange(_AlteredType[Range]):
    """A range type no column uses, changed: dropped and made again (PostgreSQL has no ALTER
    for any of a range type's options)."""

    op: ClassVar[str] = "replace_range"


# --- schema objects with a canonical definition (views, functions, triggers, comments, extensions) ---


class _OnObject(_NoTable, _NoColumn):
    """An operation on one object kept by its canonical definition: named as it is, and of its kind."""

    __slots__ = ()
    definition: OtherObject

    @property
    def name(self) -> str:
        return self.definition.name

    @property
    def kind(self) -> str:
        return self.definition.kind


@dataclass(frozen=True, slots=True)
class _WholeObject(_OnObject, _Paired):
    """An object made or dropped whole."""

    definition: OtherObject


@dataclass(frozen=True, slots=True)
class CreateObject(_WholeObject):
    """``recreated``: the object gives no one more than before: made again as it was after a
    :class:`DropObject` of it (a grant given back to a view created again), a grant on a
    relation the migration makes over nothing that existed, or a grant of what its grantee held
    from another role (given by the owner once that role loses its grant option)."""

    op: ClassVar[str] = "create_object"
    recreated: bool = False
    with_target: bool = False  # a grant made with the function, schema or type it is on (a rollback's)


@dataclass(frozen=True, slots=True)
class DropObject(_WholeObject):
    """``recreated``: a :class:`CreateObject` of the same object follows (a view dropped around a
    change of a column it reads, or an object PostgreSQL or SQLite cannot replace in place)."""

    op: ClassVar[str] = "drop_object"
    recreated: bool = False
    with_target: bool = False  # a grant whose function, schema or type this migration drops too


@dataclass(frozen=True, slots=True)
class ReplaceObject(_OnObject):
    """``before`` replaced by ``definition`` in place (``CREATE OR REPLACE``, a new comment, an
    extension moved to another schema); what uses it keeps working."""

    op: ClassVar[str] = "replace_object"
    before: OtherObject
    definition: OtherObject

    def reverse(self) -> ReplaceObject:
        return ReplaceObject(self.definition, self.before)

    @property
    def states(self) -> str:
        """A trigger's state before and after, in words (``enabled to disabled``)."""
        from wesley_gen.load.objects import TRIGGER_STATE_WORDS, trigger_state

        return " to ".join(TRIGGER_STATE_WORDS[trigger_state(o)] for o in (self.before, self.definition))


Change = (
    AddTable
    | DropTable
    | RenameTable
    | RedefineTable
    | AlterTableStorage
    | AddParent
    | DropParent
    | AlterIndexStorage
    | AddColumn
    | DropColumn
    | RenameColumn
    | AlterColumnType
    | AlterColumnCollation
    | RenameNotNull
    | SetNotNull
    | DropNotNull
    | SetDefault
    | DropDefault
    | SetExpression
    | DropExpression
    | AddIdentity
    | DropIdentity
    | AlterIdentity
    | AddSequence
    | DropSequence
    | AlterSequence
    | AddPrimaryKey
    | DropPrimaryKey
    | AddUnique
    | DropUnique
    | AddCheck
    | DropCheck
    | AddForeignKey
    | DropForeignKey
    | AddIndex
    | DropIndex
    | AddExclusion
    | DropExclusion
    | AddEnum
    | DropEnum
    | AddEnumValue
    | DropEnumValue
    | AddSchema
    | DropSchema
    | AddType
    | DropType
    | AlterDomain
    | AlterComposite
    | ReplaceRange
    | AddPolicy
    | DropPolicy
    | AlterPolicy
    | AlterRowSecurity
    | AddGrant
    | DropGrant
    | CreateObject
    | DropObject
    | ReplaceObject
)
# Each operation of a pair and the other, which reverses it.
_OPPOSITES: dict[type, type[Change]] = {
    kind: opposite
    for add, drop in (
        (AddTable, DropTable),
        (AddParent, DropParent),
        (AddColumn, DropColumn),
        (SetNotNull, DropNotNull),
        (AddIdentity, DropIdentity),
        (AddSequence, DropSequence),
        (AddPrimaryKey, DropPrimaryKey),
        (AddUnique, DropUnique),
        (AddCheck, DropCheck),
        (AddForeignKey, DropForeignKey),
        (AddIndex, DropIndex),
        (AddExclusion, DropExclusion),
        (AddEnum, DropEnum),
        (AddSchema, DropSchema),
        (AddType, DropType),
        (AddPolicy, DropPolicy),
        (AddGrant, DropGrant),
        (CreateObject, DropObject),
    )
    for kind, opposite in ((add, drop), (drop, add))
}
CHANGE_TYPES: tuple[type[Change], ...] = Change.__args__
