r"""The phases of a migration: which step runs each change, in which order, under which names.

The planning stage between :mod:`wesley_gen.plan` (the classified changes) and the
renderers, pure and over immutable values:

* :class:`NameMap`: every table's and column's name before and after the renames.
  Renames run in the swap, so everything before it (the pre-check, expand, the
  backfill, the swap check) sees the old names and everything after it the new ones;
  the SQL renderers and the contract read this one map.
* :func:`plan_phases`: each change becomes :class:`Operation`\ s of the steps expand,
  swap, undo-swap and undo-expand (the backfill fills what expand added; the pre- and
  post-checks are the contract's).  A rule registered per change type and dialect
  (:data:`RULES`) decides, for example, that PostgreSQL adds a required column nullable
  in expand and makes it NOT NULL in the swap, builds an index ``CONCURRENTLY`` after
  expand's transaction, or that SQLite rebuilds a table it cannot alter.  PostgreSQL's
  swap runs in stages (:data:`STAGE_LAYOUT`): a transaction of catalog changes, then what
  would scan or build an index under its locks, each stage committed on its own.  The two
  rollback strategies are planners of their own: PostgreSQL undoes each change in place
  (:func:`_rollback_in_place`), SQLite rebuilds each changed table to its old definition
  (:func:`_rollback_by_rebuild`).
* Each operation declares the operations it depends on (a rename before what names its
  result, a table rebuild after everything else on its table) and
  :func:`in_dependency_order` sorts them, as Django's autodetector sorts its operations.

Renderers (:mod:`wesley_gen.render.sql`) only translate an operation into statements.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import wesley_gen.changes as ch
from wesley_gen.classify import ADDITIVE
from wesley_gen.identifiers import columns_read, parse_expression, rename_columns, sqlite_folded
from wesley_gen.load.objects import early, reads
from wesley_gen.model import CheckConstraint, ForeignKey, Index, Table, numbered, renamable, valued_default
from wesley_gen.plan import BackfillTask, Migration, PlannedChange

if TYPE_CHECKING:
    from sqlglot import exp


@dataclass(frozen=True, slots=True)
class NameMap:
    """Old and new names, and what the migration adds or converts.

    Changes listed after a rename use the new names; the pre-check, expand and the
    backfill run before any rename, so they see the old ones.  Between the backfill
    and the swap, a column whose type changes through a shadow column has its
    converted values in the shadow column.
    """

    table_before: Mapping[str, str]  # new table name → old
    table_after: Mapping[str, str]  # old table name → new
    column_before: Mapping[tuple[str, str], str]  # (new table, new column) → old column
    first_rename: int  # the position of the first rename among the changes (their count: none)
    added_tables: frozenset[str]
    added_columns: frozenset[tuple[str, str]]  # (new table, column) on existing tables
    shadows: Mapping[tuple[str, str], BackfillTask]  # (new table, new column) → its task
    rewritten: frozenset[tuple[str, str]]  # (new table, column) whose values or nullability change

    @property
    def freed(self) -> frozenset[tuple[str, str]]:
        """(new table, column) of the names a column rename gives up: free only after the swap's renames."""
        return frozenset((table, old) for (table, _), old in self.column_before.items())

    @classmethod
    def of(cls, migration: Migration) -> NameMap:
        table_before: dict[str, str] = {}
        column_before: dict[tuple[str, str], str] = {}
        renames = []
        tasks = {t.change_id: t for t in migration.backfills}
        shadows: dict[tuple[str, str], BackfillTask] = {}
        for index, planned in enumerate(migration.changes):
            change = planned.change
            if isinstance(change, ch.RenameTable):
                renames.append(index)
                table_before[change.new_name] = change.table
            elif isinstance(change, ch.RenameColumn):
                renames.append(index)
                column_before[change.table, change.new_name] = change.column
            if isinstance(change, ch.AlterColumnType) and planned.id in tasks:
                shadows[change.table, change.column] = tasks[planned.id]
        changes = [planned.change for planned in migration.changes]
        return cls(
            MappingProxyType(table_before),
            MappingProxyType({old: new for new, old in table_before.items()}),
            MappingProxyType(column_before),
            min(renames, default=len(changes)),
            frozenset(c.table for c in changes if isinstance(c, ch.AddTable)),
            frozenset((c.table, c.column) for c in changes if isinstance(c, ch.AddColumn)),
            MappingProxyType(shadows),
            frozenset(
                (c.table, c.column)
                for c in changes
                if isinstance(c, ch.AddColumn | ch.SetNotNull | ch.AlterColumnType)
            ),
        )

    # --- before the swap: expand, the backfill -------------------------------------------

    def table_before_renames(self, table: str) -> str:
        """A table's name while expand and the backfill run."""
        return self.table_before.get(table, table)

    def column_before_renames(self, table: str, column: str) -> str:
        return self.column_before.get((table, column), column)

    def after_renames(self, table: str, expression: exp.Expr) -> exp.Expr:
        """An expression written with the names columns have before the migration (a
        ``--cast``), as the swap runs it again: after the renames."""
        renamed = {old: new for (t, new), old in self.column_before.items() if t == table}
        return rename_columns(expression, renamed)

    def index_before_renames(self, table: str, index: Index) -> Index:
        """An index as expand must write it: the columns its keys and predicate read under
        their old names (inside expressions too: a transform of each parsed key)."""
        renamed = {new: old for (t, new), old in self.column_before.items() if t == table}
        keys = tuple(str(key.renamed(renamed)) for key in index.keys)
        where = index.where
        if where is not None and renamed:
            where = rename_columns(parse_expression(where), renamed).sql(dialect="postgres")
        return replace(index, columns=keys, where=where)

    def reference_before_renames(self, fk: ForeignKey) -> ForeignKey:
        """``fk`` as expand must write it: what it references under the names it has before
        the swap renames it (PostgreSQL then follows the rename)."""
        return replace(
            fk,
            ref_table=self.table_before_renames(fk.ref_table),
            ref_columns=tuple(self.column_before_renames(fk.ref_table, c) for c in fk.ref_columns),
        )

    # --- the contract's stages, for the change at a position ------------------------------

    def old_table(self, table: str, index: int) -> str:
        """The name at the pre-check of a table named ``table`` by the change at ``index``."""
        return self.table_before_renames(table) if index > self.first_rename else table

    def old_column(self, table: str, column: str, index: int) -> str:
        if index <= self.first_rename:
            return column
        return self.column_before_renames(table, column)

    def is_new(self, table: str, column: str) -> bool:
        """True for a column that does not exist, or does not hold its final values, at the pre-check."""
        return (table, column) in self.added_columns or (table, column) in self.shadows

    def swap_column(self, table: str, column: str, index: int) -> str:
        """A column's name between the backfill and the swap: its shadow, if it has one."""
        task = self.shadows.get((table, column))
        return task.column if task is not None else self.old_column(table, column, index)

    def column_map(self, table: Table, index: int, stage: str) -> dict[str, str]:
        """Every column of ``table`` (new names) → its name at ``stage``."""
        if stage == "post":
            return {c.name: c.name for c in table.columns}
        if stage == "swap":
            return {c.name: self.swap_column(table.name, c.name, index) for c in table.columns}
        return {c.name: self.old_column(table.name, c.name, index) for c in table.columns}


# --- planned operations -----------------------------------------------------------------

# The steps of the SQL files: expand.sql, swap.sql and the two parts of rollback.sql.
EXPAND, SWAP, UNDO_SWAP, UNDO_EXPAND = "expand", "swap", "undo-swap", "undo-expand"
# Where a statement that cannot run inside a transaction runs: alone, before or after it.
BEFORE, AFTER = "before", "after"
# The action of an operation that is a comment of rollback.sql: what cannot be undone.
IRREVERSIBLE = "irreversible"

# PostgreSQL's swap in stages.  Stage MAIN is its transaction: catalog changes only
# (renames, drops, shadow columns put in place).  The later stages run after it commits,
# in order, so that no scan or index build holds the transaction's ACCESS EXCLUSIVE
# locks: BUILD builds each index CONCURRENTLY (alone, in autocommit), CONSTRAIN adds
# checks NOT VALID (one short transaction), VALIDATE validates each in a transaction of
# its own (SHARE UPDATE EXCLUSIVE: writes go on), ATTACH sets NOT NULL with a validated
# check in place (no scan) and attaches the built unique indexes and foreign keys NOT
# VALID (one short transaction), VALIDATE_KEYS validates the foreign keys.
MAIN, BUILD, CONSTRAIN, VALIDATE, ATTACH, VALIDATE_KEYS = range(6)
ALONE, ONE_TRANSACTION, EACH_ITS_OWN = "alone", "transaction", "each"
STAGE_LAYOUT = MappingProxyType(
    {
        BUILD: ALONE,
        CONSTRAIN: ONE_TRANSACTION,
        VALIDATE: EACH_ITS_OWN,
        ATTACH: ONE_TRANSACTION,
        VALIDATE_KEYS: EACH_ITS_OWN,
    }
)
# The actions of the stages' operations (see the PostgreSQL renderers).
NOT_NULL = "not_null"  # CHECK (c IS NOT NULL) NOT VALID, VALIDATE, SET NOT NULL and the check dropped
BUILD_INDEX = "build_index"  # an index the swap needs, built CONCURRENTLY under its final name
RECREATE = "recreate"  # what dropping a column a shadow column replaces took with it
RENAME_CONSTRAINT, RENAME_INDEX = "rename_constraint", "rename_index"  # a twin kept, renamed
DROP_NOT_NULL_CHECK = "drop_not_null_check"  # undo: the check NOT_NULL may have left
DROP_KEY_INDEX = "drop_key_index"  # undo: the index a key was to be attached from
DROP_INDEX_CONCURRENTLY = "drop_index_concurrently"  # a dropped index; undo: one the swap built
# A trigger that keeps a backfilled column filled while the application writes, from
# expand (before the backfill starts) until the swap no longer needs it.
SYNC, DROP_SYNC = "sync", "drop_sync"
NUMBER_IDENTITY = "number_identity"  # a new identity column's rows numbered until the swap attaches it

C = TypeVar("C", bound=ch.Change)


@dataclass(frozen=True, slots=True)
class Operation:
    """One thing a step does for one or more changes; a renderer turns it into statements.

    ``action`` names what is done: a change's own ``op`` (its DDL, in place) or a planned
    variant such as ``expand_column`` (a column added nullable until the backfill) or
    ``rebuild_table`` (SQLite's table rebuild).  ``change`` is the change rendered (a
    rollback renders the reverse of the planned one).  ``after`` lists the keys of the
    operations of the same step it must follow; :func:`in_dependency_order` sorts by it.
    """

    key: str
    action: str
    step: str
    items: tuple[PlannedChange, ...]
    change: ch.Change | None = None
    outside: str | None = None  # BEFORE or AFTER the step's transaction, when it cannot run in one
    concurrently: bool = False  # PostgreSQL: CREATE INDEX CONCURRENTLY
    final: bool = True  # expand_column: with its NOT NULL and default (False: only once backfilled)
    table: str | None = None  # rebuild_table, restore_table: the table rebuilt
    stage: int = MAIN  # PostgreSQL's swap: the stage it runs in
    after: tuple[str, ...] = ()

    def of(self, kind: type[C]) -> C:
        """The change, known to be a ``kind``."""
        change = self.change
        assert isinstance(change, kind), f"{self.action} renders a {kind.__name__}, not {change!r}"
        return change


def operation(
    item: PlannedChange, action: str, step: str, change: ch.Change | None = None, **details: Any
) -> Operation:
    """An operation serving one change, keyed by the change, the action and its stage."""
    key = ":".join((item.id, action, step, str(details.get("stage", MAIN)), details.get("outside") or ""))
    return Operation(key, action, step, (item,), change or item.change, **details)


@dataclass(frozen=True, slots=True)
class Phases:
    """A migration planned: its name map and the operations of each step, in order."""

    names: NameMap
    expand: tuple[Operation, ...]
    swap: tuple[Operation, ...]
    undo_swap: tuple[Operation, ...]
    undo_expand: tuple[Operation, ...]


def in_dependency_order(operations: Sequence[Operation]) -> tuple[Operation, ...]:
    """``operations`` with each one after those it depends on, and otherwise in the order
    given (a stable topological sort, as Django's autodetector sorts its operations)."""
    known = {op.key for op in operations}
    waiting = {op.key: {key for key in op.after if key in known} for op in operations}
    done: set[str] = set()
    ordered: list[Operation] = []
    pending = list(operations)
    while pending:
        ready = next((op for op in pending if waiting[op.key] <= done), None)
        if ready is None:
            raise ValueError(
                "operations depend on each other in a cycle: " + ", ".join(o.key for o in pending)
            )
        ordered.append(ready)
        done.add(ready.key)
        pending.remove(ready)
    return tuple(ordered)


def _with_dependencies(operations: Sequence[Operation], facts: _Facts) -> list[Operation]:
    """Each operation with what it depends on: one that names a table or column by the
    name a rename listed before it gives (changes after a rename use the new names)
    follows that rename; a table rebuild follows every other operation on its table
    (under either name); a view, trigger or comment made follows every rebuild."""
    renames: dict[tuple[str, str | None], list[Operation]] = {}
    freeing: dict[tuple[str, str | None], list[Operation]] = {}  # a column added under a renamed-away name
    for op in operations:
        if isinstance(op.change, ch.RenameTable):
            renames.setdefault((op.change.new_name, None), []).append(op)
        elif isinstance(op.change, ch.RenameColumn):
            renames.setdefault((op.change.table, op.change.new_name), []).append(op)
            freeing.setdefault((op.change.table, op.change.column), []).append(op)
    found = []
    for op in operations:
        after: list[Operation] = []
        if op.action == REBUILD_TABLE:
            assert op.table is not None
            both = {op.table, facts.names.table_before_renames(op.table)}
            after = [o for o in operations if o.action != REBUILD_TABLE and _table_of(o) in both]
        elif isinstance(op.change, _OBJECTS_MADE):  # a view or trigger over the tables as rebuilt
            after = [o for o in operations if o.action == REBUILD_TABLE]
        elif op.change is not None and op.change.table is not None:
            named = renames.get((op.change.table, None), []) + renames.get(
                (op.change.table, op.change.column), []
            )
            after = [o for o in named if facts.place(o) < facts.place(op)]
            if isinstance(op.change, ch.AddColumn):
                after += freeing.get((op.change.table, op.change.column), [])
        found.append(replace(op, after=tuple(o.key for o in after if o.key != op.key)))
    return found


def _table_of(op: Operation) -> str | None:
    """The table an operation names once it ran (a renamed table: its new name)."""
    if isinstance(op.change, ch.RenameTable):
        return op.change.new_name
    return op.change.table if op.change is not None else op.table


def plan_phases(migration: Migration) -> Phases:
    """Every change of ``migration`` assigned to its steps, as operations in dependency order."""
    names = NameMap.of(migration)
    facts = _Facts.of(migration, names)
    planner = PLANNERS[migration.dialect]
    forward = planner.forward(facts)
    expand = [op for op in forward if op.step == EXPAND]
    swap = [op for op in forward if op.step == SWAP]
    # An index built at the head of the swap is undone as expand's are: the undo part of a
    # swap that failed before its transaction committed drops it.
    early = [op for op in swap if op.action == "expand_index"]
    undo_swap, undo_expand = planner.rollback(facts, {i.id for op in [*expand, *early] for i in op.items})
    ordered = in_dependency_order(_with_dependencies(swap, facts))
    return Phases(
        names,
        _triggers_first(in_dependency_order(_with_dependencies(expand, facts)), facts),
        tuple(sorted(ordered, key=lambda op: (op.stage, _RANK.get(op.action, 0)))),
        tuple(undo_swap),
        tuple(undo_expand),
    )


def _triggers_first(expand: Sequence[Operation], facts: _Facts) -> tuple[Operation, ...]:
    """expand's sync triggers made before its first statement that locks an existing table:
    compiling a trigger's function takes no lock on the table, so the ``ACCESS EXCLUSIVE``
    of the ``ADD COLUMN`` statements is not held while it is made (a plpgsql body is not
    resolved until it runs: it may name the columns expand adds after it)."""
    syncs = [op for op in expand if op.action == SYNC]
    rest = [op for op in expand if op.action != SYNC]
    existing = {t.name for t in facts.migration.old.tables}
    first = next(
        (
            at
            for at, op in enumerate(rest)
            if op.outside is None
            and facts.names.table_before_renames(getattr(op.change, "table", None) or "") in existing
        ),
        len(rest),
    )
    return (*rest[:first], *syncs, *rest[first:])


# --- what the planners know about a migration -------------------------------------------

REBUILD_TABLE, RESTORE_TABLE = "rebuild_table", "restore_table"  # SQLite: a table made anew
# A default SQL can add a column with: a literal (SQLite fills existing rows with it).
BARE_DEFAULTS = re.compile(r"^(?:-?[0-9.]+|'(?:[^']|'')*'|TRUE|FALSE|NULL|CURRENT_(?:TIMESTAMP|DATE|TIME))$")


def is_constant_default(text: str | None) -> bool:
    return text is None or (bool(BARE_DEFAULTS.match(text)) and not text.startswith("CURRENT_"))


def partitioned(migration: Migration, table: str) -> bool:
    """Whether ``table`` is a partitioned table in either version of ``migration``."""
    return any(
        t is not None and t.partition_by is not None
        for t in (migration.new.table(table), migration.old.table(table))
    )


@dataclass(frozen=True, slots=True)
class _Facts:
    """What the planning rules read besides the change they plan."""

    migration: Migration
    names: NameMap
    fills: frozenset[tuple[str, str]]  # new columns the backfill fills: NOT NULL waits for the swap
    shadowed: frozenset[tuple[str, str]]  # columns converted through a shadow column
    dropped_indexes: frozenset[str]  # an index rebuilt under its old name waits for the swap
    position: Mapping[str, int]  # change id → its place among the changes
    # SQLite: each table → the place of the first change its rebuild carries.
    rebuilt_from: Mapping[str, int] = field(default_factory=dict)
    # Tables (old names) read by a view the migration drops: their types change in the swap, after it.
    viewed: frozenset[str] = frozenset()
    # Objects (kind, name) the migration drops: one created again follows its drop in the swap.
    dropped_objects: frozenset[tuple[str, str]] = frozenset()
    # Tables (old names) the backfill fills: a new index on one is built after it.
    backfilled: frozenset[str] = frozenset()

    def partitioned(self, table: str) -> bool:
        """Whether ``table`` is a partitioned table (in either version): PostgreSQL builds or
        drops no index of one CONCURRENTLY and attaches no key to it USING INDEX."""
        return partitioned(self.migration, table)

    def place(self, op: Operation) -> int:
        """Where the first change an operation serves stands among the changes."""
        return min(self.position[item.id] for item in op.items)

    @classmethod
    def of(cls, migration: Migration, names: NameMap) -> _Facts:
        tasks = migration.backfills
        return cls(
            migration,
            names,
            frozenset((t.target_table, t.target_column) for t in tasks if t.source is None),
            frozenset((t.target_table, t.target_column) for t in tasks if t.source is not None),
            frozenset(c.change.name for c in migration.changes if isinstance(c.change, ch.DropIndex)),
            MappingProxyType({item.id: n for n, item in enumerate(migration.changes)}),
            viewed=frozenset(
                name
                for c in migration.changes
                if isinstance(c.change, ch.DropObject)
                for name in reads(c.change.definition, migration.dialect)
            ),
            dropped_objects=frozenset(
                (c.change.kind, c.change.name)
                for c in migration.changes
                if isinstance(c.change, ch.DropObject)
            ),
            backfilled=frozenset(t.table for t in tasks),
        )


Rule = Callable[[PlannedChange, _Facts], list[Operation]]
# (change type, dialect) → the rule that assigns such a change to its steps.
RULES: dict[tuple[type[ch.Change], str], Rule] = {}
DIALECTS = ("postgres", "sqlite")


def _rule(dialect: str, *kinds: type[ch.Change]) -> Callable[[Rule], Rule]:
    """Register a planning rule for changes of ``kinds`` on ``dialect``."""

    def register(rule: Rule) -> Rule:
        for kind in kinds:
            if (kind, dialect) in RULES:
                raise ValueError(f"two rules for {kind.__name__} on {dialect}")
            RULES[kind, dialect] = rule
        return rule

    return register


def _swap(item: PlannedChange, facts: _Facts) -> list[Operation]:
    """The change's own DDL, in the swap."""
    return [operation(item, item.change.op, SWAP)]


def _nothing(item: PlannedChange, facts: _Facts) -> list[Operation]:
    return []


def _index_columns(index: Index) -> set[str]:
    """The column names an index reads, in its keys and its predicate."""
    found = {name for key in index.keys for name in key.columns()}
    return found | (columns_read(parse_expression(index.where)) if index.where else set())


# --- PostgreSQL: alter in place; expand what breaks nothing, swap the rest ----------------

# Changes whose own DDL runs in the swap, as it is.
_IN_THE_SWAP = (
    *(
        ch.RenameTable,
        ch.DropTable,
        ch.RenameColumn,
        ch.DropColumn,
        ch.DropNotNull,
        ch.SetDefault,
        ch.DropDefault,
    ),
    # An EXCLUDE constraint has no NOT VALID and no USING INDEX: its index is built under the
    # ADD itself (allow-listed in tests/test_squawk.py).
    *(ch.AddExclusion, ch.DropExclusion),
    *(ch.DropEnum, ch.DropEnumValue, ch.DropSchema),
    *(ch.DropType, ch.AlterComposite),
    *(ch.DropIdentity, ch.AlterIdentity, ch.AlterSequence, ch.DropSequence),
    # A stored column's new expression is computed by a rewrite under ACCESS EXCLUSIVE: no
    # online alternative exists (adding a generated column rewrites the table as well).
    *(ch.SetExpression, ch.DropExpression),
)
_rule("postgres", *_IN_THE_SWAP)(_swap)
_rule("postgres", ch.RedefineTable)(_nothing)  # the diff refuses it on PostgreSQL
_rule("postgres", ch.AlterTableStorage, ch.AlterIndexStorage, ch.AlterColumnCollation, ch.RenameNotNull)(
    _swap
)
# ATTACH / DETACH PARTITION, INHERIT / NO INHERIT: what reads through the parent changes at the swap.
_rule("postgres", ch.AddParent, ch.DropParent)(_swap)
_rule("sqlite", ch.AddParent, ch.DropParent)(_nothing)  # plan refuses them on SQLite
# Row-level security, policies and grants: catalog changes in the swap's transaction, so that
# what a session may see changes at one instant, with the renames and drops it may read.
_SECURITY = (ch.AddPolicy, ch.DropPolicy, ch.AlterPolicy, ch.AlterRowSecurity, ch.AddGrant, ch.DropGrant)
_rule("postgres", *_SECURITY)(_swap)
_rule("sqlite", *_SECURITY)(_nothing)  # plan refuses them on SQLite
# SQLite: plan refuses UNLOGGED and storage parameters; the diff changes a collation by a rebuild.
_rule("sqlite", ch.AlterTableStorage, ch.AlterIndexStorage, ch.AlterColumnCollation, ch.RenameNotNull)(
    _nothing
)

# Within a stage of the swap: NOT NULL before a primary key is attached (else attaching
# it scans the table), keys before the foreign keys that may reference them.
# A trigger's function made again reads columns under their new names: after the renames.
_RANK = MappingProxyType(
    {
        NOT_NULL: 0,
        ch.AddIdentity.op: 1,
        ch.AddPrimaryKey.op: 1,
        ch.AddUnique.op: 1,
        ch.AddForeignKey.op: 2,
        SYNC: 3,
    }
)


def _in_stages(item: PlannedChange, action: str, *stages: int) -> list[Operation]:
    return [operation(item, action, SWAP, stage=stage) for stage in stages]


def _not_null(item: PlannedChange) -> list[Operation]:
    """SET NOT NULL without scanning the table under ACCESS EXCLUSIVE: PostgreSQL 12+ skips
    the scan when a validated ``CHECK (c IS NOT NULL)`` proves it."""
    return _in_stages(item, NOT_NULL, CONSTRAIN, VALIDATE, ATTACH)


_TWINS_ADDED = (ch.AddPrimaryKey, ch.AddUnique, ch.AddCheck, ch.AddIndex)
_TWINS_DROPPED = (ch.DropPrimaryKey, ch.DropUnique, ch.DropCheck, ch.DropIndex)


def kept_twin(change: ch.Change, facts: _Facts) -> bool:
    """Whether ``change`` drops or adds one of a pair that differs only in the name (a
    rename gave it a new one): the object is kept and renamed instead, its index with it.
    Not when either name is used on the other side (a rename would collide)."""
    if not isinstance(change, _TWINS_ADDED + _TWINS_DROPPED):
        return False
    if change.same_as is None or change.same_as == change.name:
        return False
    adding = isinstance(change, _TWINS_ADDED)
    old_name, new_name = (change.same_as, change.name) if adding else (change.name, change.same_as)
    old = facts.migration.old.table(
        facts.names.table_before_renames(change.table) if adding else change.table
    )
    new = facts.migration.new.table(
        change.table if adding else facts.names.table_after.get(change.table, change.table)
    )
    if old is None or new is None:
        return False
    return renamable(old, new, old_name, new_name)


@_rule("postgres", ch.DropPrimaryKey, ch.DropUnique, ch.DropCheck, ch.DropForeignKey, ch.DropIndex)
def _pg_drop_constraint(item: PlannedChange, facts: _Facts) -> list[Operation]:
    if kept_twin(item.change, facts):
        return []
    if isinstance(item.change, ch.DropIndex) and not facts.partitioned(item.change.table):
        # without blocking writes, before the transaction
        return [operation(item, DROP_INDEX_CONCURRENTLY, SWAP, outside=BEFORE)]
    return _swap(item, facts)


@_rule("postgres", ch.AddPrimaryKey, ch.AddUnique)
def _pg_add_key(item: PlannedChange, facts: _Facts) -> list[Operation]:
    """A key from a unique index built CONCURRENTLY, attached with ``USING INDEX``."""
    if kept_twin(item.change, facts):
        return [operation(item, RENAME_CONSTRAINT, SWAP)]
    if facts.partitioned(item.change.table or ""):  # made at once, on every partition
        return _swap(item, facts)
    if _temporal_key(item.change):
        # Its index is a GiST one, which cannot be built UNIQUE on its own and so cannot be
        # attached: the ADD builds it (allow-listed in tests/test_squawk.py).
        return _swap(item, facts)
    return _in_stages(item, item.change.op, BUILD, ATTACH)


def _temporal_key(change: ch.Change) -> bool:
    """A key added ``WITHOUT OVERLAPS`` (PostgreSQL 18): made by its ADD, in the swap."""
    return isinstance(change, ch.AddPrimaryKey | ch.AddUnique) and change.definition.without_overlaps


@_rule("postgres", ch.AddCheck)
def _pg_add_check(item: PlannedChange, facts: _Facts) -> list[Operation]:
    if kept_twin(item.change, facts):
        return [operation(item, RENAME_CONSTRAINT, SWAP)]
    change = item.change
    assert isinstance(change, ch.AddCheck)
    # A check the schema keeps NOT VALID is added so and never validated.
    return _in_stages(item, change.op, CONSTRAIN, *((VALIDATE,) if change.definition.valid else ()))


@_rule("postgres", ch.AlterDomain)
def _pg_alter_domain(item: PlannedChange, facts: _Facts) -> list[Operation]:
    """A check the domain gains is added NOT VALID in the swap's transaction (no scan of the
    columns of the domain under its lock) and validated in a stage of its own."""
    change = item.change
    assert isinstance(change, ch.AlterDomain)
    validated = [operation(item, change.op, SWAP, stage=VALIDATE)] if change.added_checks else []
    return [*_swap(item, facts), *validated]


@_rule("postgres", ch.AddIdentity)
def _pg_add_identity(item: PlannedChange, facts: _Facts) -> list[Operation]:
    """In the swap's transaction; in the attach stage, after its NOT NULL, when the column
    becomes NOT NULL in the same migration (an identity column must be NOT NULL first)."""
    change = item.change
    assert isinstance(change, ch.AddIdentity)
    required = any(
        isinstance(c.change, ch.SetNotNull)
        and (c.change.table, c.change.column) == (change.table, change.column)
        for c in facts.migration.changes
    )
    return _in_stages(item, change.op, ATTACH) if required else _swap(item, facts)


@_rule("postgres", ch.SetNotNull)
def _pg_set_not_null(item: PlannedChange, facts: _Facts) -> list[Operation]:
    return _not_null(item)


def is_key_column(table: Table, column: str) -> bool:
    """A column of the primary key or a foreign key: a shadow column cannot replace it
    (its references hold on to it), it is converted in place instead."""
    if table.primary_key is not None and column in table.primary_key.columns:
        return True
    return any(column in fk.columns for fk in table.foreign_keys)


@_rule("postgres", ch.AddSequence)
def _pg_add_sequence(item: PlannedChange, facts: _Facts) -> list[Operation]:
    """Made in expand, before the tables whose defaults draw from it; given to the column
    that owns it in the swap, once every column exists."""
    change = item.change
    assert isinstance(change, ch.AddSequence)
    owned = [operation(item, "own_sequence", SWAP)] if change.definition.owned_by is not None else []
    return [operation(item, "expand_sequence", EXPAND), *owned]


@_rule("postgres", ch.AddSchema, ch.AddEnum, ch.AddType, ch.ReplaceRange)
def _pg_add_enum(item: PlannedChange, facts: _Facts) -> list[Operation]:
    return [operation(item, item.change.op, EXPAND)]


@_rule("postgres", ch.AddEnumValue)
def _pg_add_enum_value(item: PlannedChange, facts: _Facts) -> list[Operation]:
    # Committed before the transaction that may use the value.
    return [operation(item, item.change.op, EXPAND, outside=BEFORE)]


@_rule("postgres", ch.AddTable)
def _expand_table(item: PlannedChange, facts: _Facts) -> list[Operation]:
    return [operation(item, "expand_table", EXPAND)]


@_rule("postgres", ch.AddColumn)
def _pg_add_column(item: PlannedChange, facts: _Facts) -> list[Operation]:
    change = item.change
    assert isinstance(change, ch.AddColumn)
    final = (change.table, change.column) not in facts.fills
    if final and _after_freed_name(change, facts):
        # Its name is a column's the swap renames away (``a`` renamed ``b``, a new ``a``):
        # it can only be added once that rename ran, in the swap's transaction; and the new
        # columns after it too, so that the table's columns stand in the new version's order.
        return [operation(item, change.op, SWAP)]
    if final:
        return [operation(item, "expand_column", EXPAND)]
    added = change.definition
    if added.identity is not None:
        # Added without it (PostgreSQL would number every row, rewriting the table under
        # ACCESS EXCLUSIVE); a sequence of its options numbers new rows (its default) and,
        # through the backfill, existing ones; once NOT NULL, the identity is attached and
        # continues from that sequence, which goes.
        identity = ch.AddIdentity(change.table, change.column, added.identity)
        return [
            operation(item, "expand_column", EXPAND, final=False),
            operation(item, NUMBER_IDENTITY, EXPAND),
            *_not_null(item),
            operation(item, ch.AddIdentity.op, SWAP, identity, stage=ATTACH),
        ]
    if numbered(added):
        # Added without its default (which PostgreSQL would evaluate for every row, rewriting
        # the table under ACCESS EXCLUSIVE), then given it, its sequence made first, so that
        # new rows are numbered; the backfill numbers the existing ones, in batches.
        assert added.default is not None
        default = ch.SetDefault(change.table, change.column, None, added.default)
        return [
            operation(item, "expand_column", EXPAND, final=False),
            operation(item, ch.SetDefault.op, EXPAND, default),
            *([] if added.nullable else _not_null(item)),
        ]
    # Filled by the backfill, and by a trigger for rows written meanwhile (the application
    # does not know the column yet) until NOT NULL is set, once the backfill filled it.
    # The trigger stays until NOT NULL is set, for what the application writes meanwhile;
    # when its value reads a column the swap renames, its function is made again in the
    # swap's transaction, after the renames, to read the new names; when it reads one the
    # swap drops, the trigger goes in that transaction too (it could no longer compute it).
    task = next(t for t in facts.migration.backfills if t.change_id == item.id)
    read = columns_read(task.value)
    table = facts.names.table_before_renames(change.table)
    renamed = {old for (t, _), old in facts.names.column_before.items() if t == change.table}
    dropped = {
        c.change.column
        for c in facts.migration.changes
        if isinstance(c.change, ch.DropColumn) and c.change.table == table
    }
    if read & dropped:
        until = [operation(item, DROP_SYNC, SWAP)]
    else:
        again = [operation(item, SYNC, SWAP)] if renamed & read else []
        until = [*again, operation(item, DROP_SYNC, SWAP, stage=ATTACH)]
    # A default it has gives no value (a stored DEFAULT NULL: model.valued_default): set in
    # expand, as the column was added without it.
    defaults = (
        [] if added.default is None else [ch.SetDefault(change.table, change.column, None, added.default)]
    )
    return [
        operation(item, "expand_column", EXPAND, final=False),
        *(operation(item, ch.SetDefault.op, EXPAND, d) for d in defaults),
        operation(item, SYNC, EXPAND),
        *_not_null(item),
        *until,
    ]


def _after_freed_name(change: ch.AddColumn, facts: _Facts) -> bool:
    """Whether ``change`` adds a column named as one the swap renames away, or one after it."""
    table = facts.migration.new.table(change.table)
    assert table is not None
    names = [column.name for column in table.columns]
    freed = [names.index(c) for t, c in facts.names.freed if t == change.table and c in names]
    return bool(freed) and names.index(change.column) >= min(freed)


@_rule("postgres", ch.AlterColumnType)
def _pg_alter_column_type(item: PlannedChange, facts: _Facts) -> list[Operation]:
    change = item.change
    assert isinstance(change, ch.AlterColumnType)
    if facts.migration.shadow_of(item.id) is not None:
        # Expand adds the shadow column, the backfill fills it, the swap puts it in place
        # and makes anew what the old column had (a key column is converted in place).
        # The trigger keeps the shadow column equal to the converted value of every row
        # written from expand on, so the swap has nothing to catch up.
        ops = [
            operation(item, "add_shadow", EXPAND),
            operation(item, SYNC, EXPAND),
            operation(item, DROP_SYNC, SWAP),
            operation(item, "swap_shadow", SWAP),
        ]
        target = facts.migration.new.table(change.table)
        column = target.column(change.column) if target else None
        if target is None or column is None or is_key_column(target, column.name):
            return ops
        # NOT NULL kept (made anew on the shadow column): a SetNotNull change of its own sets a new one.
        own = any(
            isinstance(c.change, ch.SetNotNull)
            and c.change.column == change.column
            and c.change.table == change.table
            for c in facts.migration.changes
        )
        required = [] if column.nullable or own else _not_null(item)
        return [*ops, *required, *_in_stages(item, RECREATE, BUILD, CONSTRAIN, VALIDATE, ATTACH)]
    if (
        item.verdict.change_class == ADDITIVE
        and facts.names.table_before_renames(change.table) not in facts.viewed
    ):
        return [operation(item, "widen_type", EXPAND)]
    return _swap(item, facts)  # with the column's checks made anew (after the views over it are dropped)


@_rule("postgres", ch.CreateObject, ch.ReplaceObject)
def _pg_create_object(item: PlannedChange, facts: _Facts) -> list[Operation]:
    """Extensions and functions in expand, before the tables, defaults and checks that use them
    (a function dropped to be made again: in the swap, after its drop); views, triggers, indexes
    of materialized views and comments in the swap, once the columns they read are in place."""
    change = item.change
    assert isinstance(change, ch.CreateObject | ch.ReplaceObject)
    made_early = early(change.definition) and (change.kind, change.name) not in facts.dropped_objects
    return [operation(item, change.op, EXPAND if made_early else SWAP)]


_rule("postgres", ch.DropObject)(_swap)
_rule("sqlite", ch.CreateObject, ch.DropObject, ch.ReplaceObject)(_swap)
_OBJECTS_MADE = (ch.CreateObject, ch.ReplaceObject)


@_rule("postgres", ch.AddIndex)
def _pg_add_index(item: PlannedChange, facts: _Facts) -> list[Operation]:
    change = item.change
    assert isinstance(change, ch.AddIndex)
    if change.table in facts.names.added_tables:
        return []  # created with its table
    index = change.definition
    if facts.partitioned(change.table):
        # Built by one CREATE INDEX, which recurses to every partition: none is CONCURRENTLY;
        # in the swap's transaction after the drop where it replaces an index of its name.
        if index.name in facts.dropped_indexes:
            return _swap(item, facts)
        return [operation(item, "expand_index", EXPAND)]
    if (
        not index.unique
        and change.same_as is None
        and index.name not in facts.dropped_indexes
        and not any((change.table, c) in facts.shadowed for c in _index_columns(index))
    ):
        # Without blocking writes, once expand's transaction made its table and columns; on
        # a table the backfill fills, after the backfill (at the head of the swap, before its
        # transaction): every row version the backfill writes would otherwise add an entry
        # to the index too, WAL that the application's commits queue behind.
        if facts.names.table_before_renames(change.table) in facts.backfilled:
            return [operation(item, "expand_index", SWAP, concurrently=True, outside=BEFORE)]
        return [operation(item, "expand_index", EXPAND, concurrently=True, outside=AFTER)]
    if kept_twin(change, facts):
        return [operation(item, RENAME_INDEX, SWAP)]
    return [operation(item, BUILD_INDEX, SWAP, stage=BUILD)]  # once the swap's transaction committed


@_rule("postgres", ch.AddForeignKey)
def _pg_add_foreign_key(item: PlannedChange, facts: _Facts) -> list[Operation]:
    change = item.change
    assert isinstance(change, ch.AddForeignKey)
    if change.with_table and change.definition.ref_table in facts.names.added_tables:
        return [operation(item, change.op, EXPAND)]
    # A late key to a table that exists: its target is renamed or re-keyed in the swap.
    # A key the schema keeps NOT VALID is added so and never validated.
    return _in_stages(item, change.op, ATTACH, *((VALIDATE_KEYS,) if change.definition.valid else ()))


# --- SQLite: ALTER TABLE where it can, a rebuild of the table everywhere else -------------


def _rebuild(item: PlannedChange, table: str) -> Operation:
    """A mark: the rebuild of ``table`` carries this change (the planner merges the marks)."""
    return operation(item, REBUILD_TABLE, SWAP, table=table)


_rule("sqlite", ch.RenameTable, ch.RenameColumn, ch.DropIndex, ch.DropTable)(_swap)
_rule(
    "sqlite", ch.AddEnum, ch.DropEnum, ch.AddEnumValue, ch.DropEnumValue,
    ch.AddType, ch.DropType, ch.AlterDomain, ch.AlterComposite, ch.ReplaceRange, ch.AddExclusion, ch.DropExclusion,
)(_nothing)  # SQLite has no enum, domain or composite types and no EXCLUDE (plan refuses all but enums)  # fmt: skip
_rule("sqlite", ch.AddSchema, ch.DropSchema)(_nothing)
# nor ALTER of a generated column: the diff changes one by a rebuild (RedefineTable)
_rule("sqlite", ch.SetExpression, ch.DropExpression)(
    _nothing
)  # nor schemas: validation refuses a qualified name
# SQLite has no sequences or identity columns: a schema that has them is refused before
# planning (plan.py), so only their removal reaches here, and there is nothing to remove.
_rule(
    "sqlite",
    ch.AddIdentity,
    ch.DropIdentity,
    ch.AlterIdentity,
    ch.AddSequence,
    ch.DropSequence,
    ch.AlterSequence,
)(_nothing)


@_rule(
    "sqlite",
    ch.AddPrimaryKey,
    ch.AddUnique,
    ch.AddCheck,
    ch.SetNotNull,
    ch.DropNotNull,
    ch.SetDefault,
    ch.DropDefault,
    ch.RedefineTable,
)
def _sqlite_rebuilt(item: PlannedChange, facts: _Facts) -> list[Operation]:
    assert item.change.table is not None
    return [_rebuild(item, item.change.table)]


@_rule("sqlite", ch.DropForeignKey, ch.DropPrimaryKey, ch.DropUnique, ch.DropCheck, ch.DropColumn)
def _sqlite_dropped(item: PlannedChange, facts: _Facts) -> list[Operation]:
    # Drops run before the renames and name the table as it was; its rebuild runs after
    # them, under the new name.
    table = item.change.table
    assert table is not None
    return [_rebuild(item, facts.names.table_after.get(table, table))]


_rule("sqlite", ch.AddTable)(_expand_table)


@_rule("sqlite", ch.AddForeignKey)
def _sqlite_add_foreign_key(item: PlannedChange, facts: _Facts) -> list[Operation]:
    change = item.change
    assert isinstance(change, ch.AddForeignKey)
    if change.with_table:
        return []  # SQLite creates a table with every foreign key, cycles included
    return _sqlite_rebuilt(item, facts)


@_rule("sqlite", ch.AddColumn)
def _sqlite_add_column(item: PlannedChange, facts: _Facts) -> list[Operation]:
    change = item.change
    assert isinstance(change, ch.AddColumn)
    column = change.definition
    # SQLite adds a column only with a constant default (or none): with CURRENT_TIMESTAMP
    # and the like the rebuild fills the rows instead. A DEFAULT NULL gives no value
    # (model.valued_default): SQLite refuses it on a NOT NULL column added to a table.
    default = valued_default(column)
    simple = (
        (column.nullable and default is None) or (default is not None and is_constant_default(default))
    ) and column.generated is None
    if _after_freed_name(change, facts):
        return [_rebuild(item, change.table)]  # made with the table, after the swap's rename
    expand = operation(item, "expand_column", EXPAND, final=simple)
    return [expand] if simple else [expand, _rebuild(item, change.table)]


@_rule("sqlite", ch.AlterColumnType)
def _sqlite_alter_column_type(item: PlannedChange, facts: _Facts) -> list[Operation]:
    shadow = [operation(item, "add_shadow", EXPAND)] if facts.migration.shadow_of(item.id) else []
    return [*shadow, *_sqlite_rebuilt(item, facts)]


@_rule("sqlite", ch.AddIndex)
def _sqlite_add_index(item: PlannedChange, facts: _Facts) -> list[Operation]:
    change = item.change
    assert isinstance(change, ch.AddIndex)
    if change.table in facts.names.added_tables:
        return []  # created with its table
    # An index dropped under its name in any letter case frees it only in the swap: SQLite
    # matches index names without regard to case.
    freed = {sqlite_folded(name) for name in facts.dropped_indexes}
    if not change.definition.unique and sqlite_folded(change.definition.name) not in freed:
        return [operation(item, "expand_index", EXPAND)]
    if facts.rebuilt_from.get(change.table, len(facts.position)) < facts.position[item.id]:
        return []  # the rebuild of its table, under way, creates it
    return _swap(item, facts)


# --- the planners: forward, and the two rollback strategies -------------------------------


def _forward(facts: _Facts) -> list[Operation]:
    dialect = facts.migration.dialect
    return [op for item in facts.migration.changes for op in RULES[type(item.change), dialect](item, facts)]


def _sqlite_forward(facts: _Facts) -> list[Operation]:
    """The rules' operations, with the rebuild marks of each table merged into one rebuild
    after every other operation of the swap (tables in name order)."""
    marks = [op for op in _forward(facts) if op.action == REBUILD_TABLE]
    first: dict[str, int] = {}
    for op in marks:
        assert op.table is not None
        first.setdefault(op.table, facts.position[op.items[0].id])
    # Again, now that the rules know which tables a rebuild makes anew (only AddIndex asks,
    # and it never marks a rebuild, so the marks stay the same).
    forward = _forward(replace(facts, rebuilt_from=MappingProxyType(first)))
    rebuilds: dict[str, list[PlannedChange]] = {}
    for op in forward:
        if op.action == REBUILD_TABLE:
            assert op.table is not None
            rebuilds.setdefault(op.table, []).extend(op.items)
    merged = [
        Operation(":".join((REBUILD_TABLE, table)), REBUILD_TABLE, SWAP, tuple(items), table=table)
        for table, items in sorted(rebuilds.items())
        if facts.migration.new.table(table) is not None  # not dropped later in the same migration
    ]
    return [op for op in forward if op.action != REBUILD_TABLE] + merged


# The undo of an expand-phase change on PostgreSQL, under the names tables have before the swap.
_UNDO_EXPAND = {
    ch.AddTable.op: "drop_added_table",
    ch.AddColumn.op: "drop_added_column",
    ch.AddIndex.op: "drop_added_index",
    ch.AddEnum.op: "drop_added_type",
    ch.AddSchema.op: "drop_added_schema",
    ch.AddType.op: "drop_added_user_type",
    ch.ReplaceRange.op: "restore_range",  # the old definition back in place
    ch.AddSequence.op: "drop_added_sequence",
    ch.AddEnumValue.op: "drop_added_enum_value",
    ch.AddForeignKey.op: "drop_added_foreign_key",
    ch.AlterColumnType.op: "narrow_type",  # an in-place widening: back to the old type
    ch.CreateObject.op: "drop_added_object",
    ch.ReplaceObject.op: "restore_object",  # the old definition back in place
}


def _rollback_in_place(facts: _Facts, expanded: set[str]) -> tuple[list[Operation], list[Operation]]:
    """PostgreSQL's rollback, in two parts: undo what swap.sql did (each change reversed, in
    place), then undo what expand.sql did.  The second part also stands alone (every
    statement tolerates a state where its object is already gone), so a run that failed
    before or during the swap is undone by running just that part."""
    undo_swap: list[Operation] = []
    undo_expand: list[Operation] = []
    for item in reversed(facts.migration.changes):
        if _with_dropped_table(item.change, facts) or _with_dropped_column(item.change, facts):
            continue  # its table or column stays dropped: the drop's own irreversible note says so
        shadow = facts.migration.shadow_of(item.id)
        planned = {op.action for op in RULES[type(item.change), "postgres"](item, facts) if op.step == SWAP}
        if shadow is not None:  # not swapped yet: drop the shadow (swapped: its reverse)
            undo_expand.append(operation(item, "drop_shadow", UNDO_EXPAND))
        if NOT_NULL in planned and item.verdict.reversible and not isinstance(item.change, ch.AddColumn):
            # A swap that stopped between its stages may have left the check behind.
            undo_swap.append(operation(item, DROP_NOT_NULL_CHECK, UNDO_SWAP))
        if not item.verdict.reversible:
            undo_swap.append(operation(item, IRREVERSIBLE, UNDO_SWAP))
        elif item.id in expanded and shadow is None:
            outside = BEFORE if item.change.op == ch.AddIndex.op else None  # DROP INDEX CONCURRENTLY
            undo_expand.append(operation(item, _UNDO_EXPAND[item.change.op], UNDO_EXPAND, outside=outside))
        elif renamed := planned & {RENAME_CONSTRAINT, RENAME_INDEX}:
            undo_swap.append(operation(item, renamed.pop(), UNDO_SWAP))
        elif kept_twin(item.change, facts):
            continue  # its twin's rename is undone
        elif BUILD_INDEX in planned:
            undo_swap.append(operation(item, DROP_INDEX_CONCURRENTLY, UNDO_SWAP, outside=BEFORE))
        elif isinstance(item.change, ch.DropIndex) and not facts.partitioned(item.change.table):
            # built again once the transaction is undone (a partitioned table's, in it: below)
            undo_swap.append(operation(item, BUILD_INDEX, UNDO_SWAP, item.change.reverse(), outside=AFTER))
        else:
            if {ch.AddPrimaryKey.op, ch.AddUnique.op} & planned and not _temporal_key(item.change):
                # An index built for the key that the swap did not attach yet.
                undo_swap.append(operation(item, DROP_KEY_INDEX, UNDO_SWAP, outside=BEFORE))
            reverse = item.change.reverse()
            undo_swap += (
                _undo_shadow(item, reverse, planned)
                if shadow
                else [operation(item, reverse.op, UNDO_SWAP, reverse)]
            )
    return undo_swap, undo_expand


def _with_dropped_table(change: ch.Change, facts: _Facts) -> bool:
    """Whether a change only clears the way for dropping its table (a policy, grant, row
    security or foreign key that goes with it): rollback cannot give it back, since the
    table itself is not made again."""
    with_table = getattr(change, "with_table", False)
    return with_table and change.table is not None and change.table not in facts.names.added_tables


def _with_dropped_column(change: ch.Change, facts: _Facts) -> bool:
    """Whether a change drops an index or a constraint over a column that the migration drops
    for good: rollback cannot make it again, since the column does not come back."""
    if not isinstance(
        change, ch.DropIndex | ch.DropPrimaryKey | ch.DropUnique | ch.DropCheck | ch.DropForeignKey
    ):
        return False
    dropped = {
        c.change.column
        for c in facts.migration.changes
        if isinstance(c.change, ch.DropColumn) and c.change.table == change.table and not c.verdict.reversible
    }
    definition = change.definition
    if isinstance(definition, Index):
        read = _index_columns(definition) | set(definition.include)
    elif isinstance(definition, CheckConstraint):
        read = columns_read(parse_expression(definition.expression))
    else:
        read = set(definition.columns)
    return bool(read & dropped)


def _undo_shadow(item: PlannedChange, reverse: ch.Change, planned: set[str]) -> list[Operation]:
    """The old type back in place, and what the old column had, whichever stage the swap
    reached: what it made again is dropped and made once more (the type change rebuilds
    the table's indexes anyway), and NOT NULL is set again (a no-op once it holds)."""
    change = item.change
    assert isinstance(change, ch.AlterColumnType)
    if RECREATE not in planned:
        return [operation(item, reverse.op, UNDO_SWAP, reverse)]
    required = ch.SetNotNull(change.table, change.column)
    return [
        operation(item, RECREATE, UNDO_SWAP, outside=BEFORE),
        operation(item, reverse.op, UNDO_SWAP, reverse),
        operation(item, RECREATE, UNDO_SWAP),
        *([operation(item, required.op, UNDO_SWAP, required)] if NOT_NULL in planned else []),
        operation(item, RECREATE, UNDO_SWAP, outside=AFTER),
    ]


# What undoes a change on SQLite without rebuilding its table ("" for nothing to undo).
_UNDONE_ALONE = {
    ch.RenameTable.op: ch.RenameTable.op,  # its reverse
    ch.RenameColumn.op: ch.RenameColumn.op,
    ch.AddTable.op: "drop_added_table",
    ch.AddIndex.op: "drop_added_index",
    ch.AddEnum.op: "",
    ch.AddSchema.op: "",
    ch.AddType.op: "",
    ch.AddEnumValue.op: "",
    **dict.fromkeys(
        (ch.AddIdentity.op, ch.DropIdentity.op, ch.AlterIdentity.op, ch.AddSequence.op, ch.DropSequence.op),
        "",
    ),
    ch.AlterSequence.op: "",
    ch.AlterTableStorage.op: "",
    ch.AddParent.op: "",
    ch.DropParent.op: "",
    **dict.fromkeys((kind.op for kind in _SECURITY), ""),  # SQLite has none (plan refuses them)
    ch.AlterIndexStorage.op: "",
    ch.AlterColumnCollation.op: "",
    ch.RenameNotNull.op: "",  # the diff names none on SQLite
    ch.SetExpression.op: "",
    ch.DropExpression.op: "",
}


def _rollback_by_rebuild(facts: _Facts, expanded: set[str]) -> tuple[list[Operation], list[Operation]]:
    """SQLite's rollback, all of it one part: renames undone, new tables, indexes, views and
    triggers dropped, every other table the migration changed rebuilt to its old definition,
    and last the views and triggers of the old version made again."""
    migration = facts.migration
    undo: list[Operation] = []
    made: list[Operation] = []  # views and triggers made again: once their tables are restored
    rebuild: dict[str, list[PlannedChange]] = {}  # old table name → the changes it undoes
    for item in reversed(migration.changes):
        change = item.change
        if isinstance(change, ch.CreateObject | ch.DropObject | ch.ReplaceObject) and item.verdict.reversible:
            reverse = change.reverse()
            (made if isinstance(reverse, _OBJECTS_MADE) else undo).append(
                operation(item, reverse.op, UNDO_SWAP, reverse)
            )
            continue
        action = _UNDONE_ALONE.get(change.op)
        if isinstance(change, ch.AddForeignKey) and change.with_table:
            action = ""  # dropped with its table
        if not item.verdict.reversible:
            undo.append(operation(item, IRREVERSIBLE, UNDO_SWAP))
        elif action:
            undo.append(
                operation(item, action, UNDO_SWAP, change.reverse() if action == change.op else change)
            )
        elif action is None and change.table is not None:
            rebuild.setdefault(facts.names.table_before_renames(change.table), []).append(item)
    by_id = {item.id: item for item in migration.changes}
    for task in migration.backfills:
        if task.source is not None and by_id[task.change_id] not in rebuild.get(task.table, []):
            rebuild.setdefault(task.table, []).append(by_id[task.change_id])
    restored = {
        name
        for name in rebuild
        if migration.old.table(name) is not None and name not in facts.names.added_tables
    }
    # A column rename on a table restored anyway is undone by the restore's copy: renamed back
    # on its own first, it could take a name a column the migration added still holds.
    folded = [
        op
        for op in undo
        if isinstance(op.change, ch.RenameColumn)
        and facts.names.table_before_renames(op.change.table) in restored
    ]
    for op in folded:
        rebuild[facts.names.table_before_renames(op.of(ch.RenameColumn).table)].append(op.items[0])
    undo = [op for op in undo if op not in folded]
    for old_name, items in sorted(rebuild.items()):
        if old_name not in restored:
            continue
        served = tuple(sorted(items, key=lambda i: facts.position[i.id]))
        undo.append(
            Operation(":".join((RESTORE_TABLE, old_name)), RESTORE_TABLE, UNDO_SWAP, served, table=old_name)
        )
    return undo + made, []


@dataclass(frozen=True, slots=True)
class Planner:
    """How one dialect plans: the operations of expand and swap, and its rollback strategy."""

    forward: Callable[[_Facts], list[Operation]]
    rollback: Callable[[_Facts, set[str]], tuple[list[Operation], list[Operation]]]


PLANNERS = {
    "postgres": Planner(_forward, _rollback_in_place),
    "sqlite": Planner(_sqlite_forward, _rollback_by_rebuild),
}
