"""The diff: two schema models in, an executable list of change operations out.

Like Django's migration autodetector, the work is done by named passes that run in
a fixed order, each a short method (see :data:`PASSES`): what goes away first (so
nothing still depends on it), then renames, then what is created, altered and
constrained, and what is dropped last.  Inside a pass, ties are broken by names, so
the output is the same on every run, on every machine, whatever the input order.

Renames are never guessed.  They come only from explicit hints: ``renamed_from``
annotations and stable ``uid``s in the schemas, and ``--rename`` flags (``Hints``,
the questioner's answers).  A same-typed column dropped and another added in one
table becomes a :class:`Suggestion`, and an incompatible type change without a
``--cast`` a :class:`DiffError`; neither is a change.

Everything here is pure: schemas and hints in, values out.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple, TypeGuard

from wesley_gen.changes import (
    AddCheck,
    AddColumn,
    AddEnum,
    AddEnumValue,
    AddExclusion,
    AddForeignKey,
    AddGrant,
    AddIdentity,
    AddIndex,
    AddParent,
    AddPolicy,
    AddPrimaryKey,
    AddSchema,
    AddSequence,
    AddTable,
    AddType,
    AddUnique,
    AlterColumnCollation,
    AlterColumnType,
    AlterComposite,
    AlterDomain,
    AlterIdentity,
    AlterIndexStorage,
    AlterPolicy,
    AlterRowSecurity,
    AlterSequence,
    AlterTableStorage,
    Change,
    CreateObject,
    DropCheck,
    DropColumn,
    DropDefault,
    DropEnum,
    DropEnumValue,
    DropExclusion,
    DropExpression,
    DropForeignKey,
    DropGrant,
    DropIdentity,
    DropIndex,
    DropNotNull,
    DropObject,
    DropParent,
    DropPolicy,
    DropPrimaryKey,
    DropSchema,
    DropSequence,
    DropTable,
    DropType,
    DropUnique,
    RedefineTable,
    RenameColumn,
    RenameNotNull,
    RenameTable,
    ReplaceObject,
    ReplaceRange,
    SetDefault,
    SetExpression,
    SetNotNull,
    covering,
)
from wesley_gen.errors import InputError, Location, UsageError
from wesley_gen.expressions import normalize_expression
from wesley_gen.hints import Hints
from wesley_gen.identifiers import (
    columns_read,
    parse_expression,
    parse_index_key,
    rename_columns,
    schema_of,
    sqlite_folded,
)
from wesley_gen.model import (
    ALL_PRIVILEGES,
    COLUMN_PRIVILEGES,
    TABLE_PRIVILEGES,
    CheckConstraint,
    Column,
    Composite,
    Domain,
    Exclusion,
    ForeignKey,
    Grant,
    Index,
    OtherObject,
    Policy,
    PrimaryKey,
    Range,
    Schema,
    Table,
    UniqueConstraint,
    UserType,
    not_null_constraint,
    range_dict,
    renamable,
    sequence_options,
    serial_sequence,
    sqlite_type_text,
    stored_by,
    type_parts,
)
from wesley_gen.model import Sequence as SequenceDefinition
from wesley_gen.type_rules import (
    incompatible_reason,
    type_rule,
)

_NO_HINTS = Hints()

Constraint = PrimaryKey | UniqueConstraint | CheckConstraint | ForeignKey | Index | Exclusion


@dataclass(frozen=True, slots=True)
class DiffError:
    """A difference that cannot become a change without the user's help."""

    kind: str
    table: str | None
    column: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Something that looks like a rename; never applied without a hint."""

    kind: str
    table: str | None
    from_: str
    to: str
    reason: str


@dataclass(frozen=True, slots=True)
class DiffResult:
    changes: tuple[Change, ...]
    errors: tuple[DiffError, ...]
    suggestions: tuple[Suggestion, ...]


def diff_schemas(
    old: Schema, new: Schema, hints: Hints = _NO_HINTS, *, dialect: str = "postgres"
) -> DiffResult:
    """Every change from ``old`` to ``new``, in an order that can be executed.

    Both are compared as ``dialect``'s database keeps them (:func:`stored_by`).  Raises
    :class:`UsageError` for a hint that names something the schemas lack.
    """
    return _Autodetector(stored_by(old, dialect), stored_by(new, dialect), hints, dialect).run()


# --- objects outside the model ------------------------------------------------------------


def check_others(
    old: Schema, new: Schema, old_source: str, new_source: str, *, dialect: str = "postgres"
) -> tuple[str, ...]:
    """Refuse a difference in objects the model does not cover and the diff does not migrate
    (policies, grants, rules, ...; views, functions, triggers, comments and extensions are
    migrated, :class:`_Objects`).

    Each added, dropped or changed one is named in one :class:`InputError` (exit 2),
    placed at the first; those equal on both sides are named, by kind, in the warning
    returned, so that they are never mistaken for objects the migration takes care of.
    """
    from wesley_gen.load.objects import migrated

    _check_roles(old, new, old_source, new_source)
    before = {(o.kind, o.name): o for o in old.others if not migrated(o, dialect)}
    after = {(o.kind, o.name): o for o in new.others if not migrated(o, dialect)}
    differing: list[tuple[OtherObject, str, str]] = []
    for key in sorted(before.keys() | after.keys()):
        was, now = before.get(key), after.get(key)
        if now is None:
            assert was is not None
            differing.append((was, "dropped", old_source))
        elif was is None:
            differing.append((now, "added", new_source))
        elif was.definition != now.definition:
            differing.append((now, "changed", new_source))
    if differing:
        first, _, source = differing[0]
        named = "; ".join(f"{item} differs ({how})" for item, how, _ in differing)
        changed = next(((before[o.kind, o.name], o) for o, how, _ in differing if how == "changed"), None)
        shown = (
            ""
            if changed is None
            else f" ({changed[1]}: was {changed[0].definition[:160]!r}, now {changed[1].definition[:160]!r})"
        )
        raise InputError(
            f"not supported yet: {named}",
            location=Location(source, first.line),
            hint="wesley-gen does not migrate grants ON ALL … IN SCHEMA or ON ROUTINE, rules, "
            "event triggers or publications yet "
            f"(nor, on SQLite, more than views and triggers): make them the same in both versions and "
            f"change them by hand{shown}",
        )
    if not after:
        return ()
    counts = Counter(item.kind for item in after.values())
    kinds = ", ".join(f"{count} {_plural(kind, count)}" for kind, count in sorted(counts.items()))
    return (f"{new_source}: not migrated, the same in both versions (outside the schema model): {kinds}",)


def _check_roles(old: Schema, new: Schema, old_source: str, new_source: str) -> None:
    """Refuse two schema files that leave a role otherwise (``CREATE`` / ``ALTER`` / ``DROP ROLE``):
    roles belong to the cluster, not to the database a migration changes, and wesley-gen makes,
    alters and drops none. A source that states no roles (a database, a snapshot) is not compared."""
    if old.roles is None or new.roles is None:
        return
    before = {role.name: role for role in old.roles}
    after = {role.name: role for role in new.roles}
    differing = []
    for name in sorted(before.keys() | after.keys()):
        was, now = before.get(name), after.get(name)
        if was == now:
            continue
        if now is None:
            assert was is not None
            differing.append((f"role {name} differs (dropped; was {was})", old_source, was.line))
        elif was is None:
            differing.append((f"role {name} differs (added: {now})", new_source, now.line))
        else:
            differing.append((f"role {name} differs (was {was}, now {now})", new_source, now.line))
    if differing:
        _, source, line = differing[0]
        raise InputError(
            "not supported yet: " + "; ".join(text for text, _, _ in differing),
            location=Location(source, line),
            hint="wesley-gen does not create, alter or drop roles (they belong to the cluster, not to "
            "the database a migration changes): change the role outside the migration, and state it "
            "the same way in both versions (or in neither)",
        )


def _plural(kind: str, count: int) -> str:
    if count == 1 or kind.endswith(("security", "privileges")):
        return kind
    if kind.endswith("y"):
        return kind[:-1] + "ies"
    return kind + "es" if kind.endswith(("x", "s")) else kind + "s"


# --- objects kept by canonical definition ------------------------------------------------


class _Objects:
    """The changes of views, functions, triggers, comments and extensions (:mod:`wesley_gen.load.objects`).

    An object only one side has is created or dropped; one whose definition changes is replaced
    in place where the database can, else dropped and created again.  A view that reads a
    ``touched`` table (or another view dropped here), and what hangs on a view dropped here, is
    dropped before the change and created again after it, even when its definition stays.
    """

    def __init__(
        self,
        old: Schema,
        new: Schema,
        dialect: str,
        touched: frozenset[str],
        columns: frozenset[tuple[str, str]],
        rebuilt: frozenset[str] = frozenset(),
    ) -> None:
        from wesley_gen.load.objects import migrated, model_targets

        self.dialect = dialect
        self.before = {(o.kind, o.name): o for o in old.others if migrated(o, dialect)}
        self.after = {(o.kind, o.name): o for o in new.others if migrated(o, dialect)}
        # What exists before the migration: a grant on a relation made over none of it opens nothing.
        self.existing = {t.name for t in old.tables} | {q.name for q in old.sequences}
        self.existing |= {name for kind, name in self.before if kind in ("view", "materialized view")}
        # What else a grant may be on: functions and procedures, schemas, types (by the grant's target).
        self.existing |= _grant_targets(old)
        self.remaining = _grant_targets(new)  # what a grant's target may be after the migration
        self.kept = model_targets(new)  # the tables, sequences, schemas and types an owner may be of
        self.had = model_targets(old) | {f"{kind} {name}" for kind, name in self.before}
        self.recreated = self._recreated(touched, columns, rebuilt)
        self.rebuilt = rebuilt

    def on_rebuilt(self, change: CreateObject | ReplaceObject) -> bool:
        """Whether ``change`` gives back a grant on a type made again (after it is)."""
        from wesley_gen.load.objects import grant_target

        grant = change.definition
        if grant.kind != "grant":
            return False
        kind, name = grant_target(grant)
        return kind == "type" and name in self.rebuilt

    def _recreated(
        self, touched: frozenset[str], columns: frozenset[tuple[str, str]], rebuilt: frozenset[str]
    ) -> set[tuple[str, str]]:
        """Objects on both sides dropped and created again: not replaceable in place, or depending
        on a touched table (a trigger: on one of its touched ``columns``) or on an object dropped here."""
        from wesley_gen.load.objects import DEPENDED_ON, attached_to, calls, reads, replaced_in_place, words

        found = {
            key
            for key, was in self.before.items()
            if key in self.after
            and was.definition != self.after[key].definition
            and not replaced_in_place(was, self.after[key], self.dialect)
        }
        gone = {
            name for kind, name in found | (self.before.keys() - self.after.keys()) if kind in DEPENDED_ON
        } | rebuilt  # a type made again (an enum that loses a value) takes its grants with it
        sqlite = self.dialect == "sqlite"
        growing = True
        while growing:
            growing = False
            for key, was in sorted(self.before.items()):
                if key in found or key not in self.after:
                    continue
                host = attached_to(was)
                # On a touched table: SQLite's rebuild drops its triggers, a shadow column its comments.
                on_touched = host in touched and (
                    sqlite
                    or was.kind == "comment"
                    or (was.kind == "trigger" and any((host, w) in columns for w in words(was)))
                )
                called = calls(was, self.dialect) & {name.split("(", 1)[0] for name in gone}
                if host in gone or on_touched or called or reads(was, self.dialect) & (touched | gone):
                    found.add(key)
                    growing = True
                    if was.kind in DEPENDED_ON:
                        gone.add(was.name)
        return found

    def remade_functions(self) -> set[str]:
        """Functions and procedures dropped and made again, by name without arguments (``twice``)."""
        return {name.split("(", 1)[0] for kind, name in self.recreated if kind in ("function", "procedure")}

    def drops(self, *, early: bool) -> Iterator[DropObject]:
        """Objects dropped: ``early`` kinds (extensions, functions) after the tables that may use
        them, the rest first, what hangs on or reads another before it (an early one created
        again: :meth:`drops_remade`)."""
        from wesley_gen.load.objects import early as made_early

        return self._drops(
            [
                key
                for key, was in self.before.items()
                if (
                    key not in self.after
                    and made_early(was, self.dialect) == early
                    and not self._owner_gone(was)
                )
                or (key in self.recreated and not early and not made_early(was, self.dialect))
            ]
        )

    def _owner_gone(self, item: OtherObject) -> bool:
        """Whether ``item`` is the owner of a table, sequence, schema or type this migration drops:
        it goes with it (a rollback that cannot make the table again has no owner to give back)."""
        from wesley_gen.load.objects import owned

        if item.kind != "owner":
            return False
        what, name = owned(item)
        return what in _MODEL_OWNED and f"{what} {name}" not in self.kept

    def drops_remade(self) -> Iterator[DropObject]:
        """Functions and procedures dropped to be made again (their new version is made in the swap)."""
        from wesley_gen.load.objects import early

        return self._drops(
            [key for key, was in self.before.items() if key in self.recreated and early(was, self.dialect)]
        )

    def _drops(self, chosen: list[tuple[str, str]]) -> Iterator[DropObject]:
        from wesley_gen.load.objects import loses_columns

        for key in reversed(self._ordered(chosen, self.before)):
            was, now = self.before[key], self.after.get(key)
            kept = now is not None and (was.definition == now.definition or not loses_columns(was, now))
            yield DropObject(was, recreated=kept, with_target=now is None and self._target_dropped(was))

    def creates(self, kinds: tuple[str, ...], *, early: bool) -> Iterator[CreateObject | ReplaceObject]:
        """Objects of ``kinds`` created or replaced, each after the relations it reads: the ones
        made before the tables (``early``), or the others."""
        from wesley_gen.load.objects import early as made_early

        chosen = [
            key
            for key, now in self.after.items()
            if key[0] in kinds and made_early(now, self.dialect) == early
        ]
        for key in self._ordered(chosen, self.after):
            was, now = self.before.get(key), self.after[key]
            if was is None or key in self.recreated:
                given = (
                    self._carried(was, now)
                    or self._opens_nothing(now)
                    or self._held_from_another(now)
                    or self._owns_new(now)
                )
                yield CreateObject(now, recreated=given)
            elif was.definition != now.definition:
                yield ReplaceObject(was, now)

    def regrants(self) -> Iterator[ReplaceObject]:
        """Grants kept as they were on a relation whose grant held ``WITH GRANT OPTION`` by another
        role is revoked (its ``REVOKE … CASCADE`` may take them: the model does not say who
        granted them): given again after it, in place."""
        from wesley_gen.load.objects import attached_to, grant_parts, grantable, migrated

        revoked: dict[str | None, set[str]] = {}  # relation → roles whose grant option goes
        for key, was in self.before.items():
            if grantable(was) and migrated(was, self.dialect) and self.after.get(key) != was:
                revoked.setdefault(attached_to(was), set()).add(grant_parts(was)[1])
        for key, was in sorted(self.before.items()):
            if key[0] != "grant" or not migrated(was, self.dialect) or key in self.recreated:
                continue
            if self.after.get(key) == was and revoked.get(attached_to(was), set()) - {grant_parts(was)[1]}:
                yield ReplaceObject(was, was)

    def _carried(self, was: OtherObject | None, now: OtherObject) -> bool:
        """Whether ``now`` is ``was`` made again as it was: a grant on a view made again that
        renames a column is the same grant with that column renamed."""
        from wesley_gen.load.objects import attached_to, rename_grant_columns, renamed_columns

        if was is None or was == now:
            return was == now
        target = attached_to(now) if now.kind == "grant" else None
        if target is None:
            return False
        views = [
            (self.before.get((k, target)), self.after.get((k, target))) for k in ("view", "materialized view")
        ]
        renamed = next((renamed_columns(b, a) for b, a in views if b is not None and a is not None), {})
        return replace(was, definition=rename_grant_columns(was.definition, renamed)) == now

    def _held_from_another(self, grant: OtherObject) -> bool:
        """Whether ``grant``'s grantee held each of its privileges on its target before, granted by
        another role (the owner gives again what the role that loses its grant option gave)."""
        from wesley_gen.load.objects import grant_parts, migrated, privileges_in

        if grant.kind != "grant" or not migrated(grant, self.dialect):
            return False

        def each(definition: str) -> set[tuple[str, tuple[str, ...], bool]]:
            held = {(w, c, g) for g, items in privileges_in(definition) for w, c in items}
            return held | {(w, c, False) for w, c, _ in held}  # a grant option holds the privilege too

        wanted = each(grant.definition)
        return any(
            was.name != grant.name
            and grant_parts(was) == grant_parts(grant)
            and wanted <= each(was.definition)
            for (kind, _), was in self.before.items()
            if kind == "grant" and migrated(was, self.dialect)
        )

    def _owns_new(self, item: OtherObject) -> bool:
        """Whether ``item`` is the owner of an object this migration makes: nothing that existed
        changes hands."""
        from wesley_gen.load.objects import owned

        return item.kind == "owner" and " ".join(owned(item)) not in self.had

    def _target_dropped(self, grant: OtherObject) -> bool:
        """Whether ``grant`` is on a function, procedure, schema or type this migration drops."""
        from wesley_gen.load.objects import grant_parts

        target = grant_parts(grant)[0] if grant.kind == "grant" else ""
        return target in self.existing - self.remaining and " " in target

    def _opens_nothing(self, grant: OtherObject) -> bool:
        """Whether ``grant`` is on a relation this migration makes that reads nothing existing (a
        new sequence; a new view over new tables): nobody gains access to data that was there."""
        from wesley_gen.load.objects import attached_to, grant_parts, grant_target, reads

        if grant.kind != "grant":
            return False
        if grant_target(grant)[0] != "relation":  # a new function, schema or type: nothing existing in it
            return grant_parts(grant)[0] not in self.existing
        target = attached_to(grant)
        made = self.after.get(("view", target or "")) or self.after.get(("materialized view", target or ""))
        read = reads(made, self.dialect) if made is not None else frozenset()
        return target not in self.existing and not read & self.existing

    def _ordered(
        self, keys: list[tuple[str, str]], side: dict[tuple[str, str], OtherObject]
    ) -> list[tuple[str, str]]:
        """``keys`` by kind (extensions, functions, relations, indexes, triggers, comments), each
        relation (or function whose body reads one) after those it reads and the functions it
        calls, ties by name."""
        from wesley_gen.load.objects import RELATIONS, calls, early, grantor_of, reads

        rank = {kind: n for n, kind in enumerate(_OBJECT_ORDER)}
        readers = {
            key
            for key in keys
            if key[0] in RELATIONS
            or (key[0] in ("function", "procedure") and not early(side[key], self.dialect))
        }
        relations = {side[key].name: key for key in readers if key[0] in RELATIONS}
        relations |= {side[key].name.split("(", 1)[0]: key for key in readers if key[0] not in RELATIONS}
        ordered: list[tuple[str, str]] = []
        visiting: set[tuple[str, str]] = set()

        def visit(key: tuple[str, str]) -> None:
            if key in ordered or key in visiting:
                return
            visiting.add(key)
            if key in readers:
                used = reads(side[key], self.dialect) | calls(side[key], self.dialect)
                for name in sorted(used & relations.keys()):
                    visit(relations[name])
            ordered.append(key)

        # A grant a role made after that role's own (its grant option); dropped before it.
        for key in sorted(keys, key=lambda k: (rank[k[0]], grantor_of(side[k]) is not None, k[1])):
            visit(key)
        return sorted(ordered, key=lambda k: rank["view"] if k in readers else rank[k[0]])


def _grant_targets(schema: Schema) -> set[str]:
    """The functions, procedures, schemas and types of ``schema`` as a grant names its target."""
    found = {f"{o.kind} {o.name}" for o in schema.others if o.kind in ("function", "procedure")}
    found |= {f"schema {name}" for name in schema.schemas}
    return found | {f"type {name}" for name in (*schema.user_types(), *(e.name for e in schema.enums))}


_MODEL_OWNED = frozenset({"table", "sequence", "schema", "type", "domain"})  # owners of model objects


# Objects a policy may read (and a materialized view's indexes, made and dropped with it).
_RELATION_KINDS = ("view", "materialized view", "index")
# Made after the policies (a comment may be on one), an owner before the grants, default privileges
# last (an object the migration makes gets the grants its schema states, not those they would add).
_HANGING_KINDS = ("trigger", "comment", "owner", "grant", "default privileges")
_NAME = re.compile(r"[\w.]+")
_OBJECT_ORDER = (
    "extension", "collation", "function", "procedure", "view", "materialized view", "index", "trigger",
    "comment", "owner", "grant", "default privileges",
)  # fmt: skip


# --- renames --------------------------------------------------------------------------

_FLAG, _ANNOTATION, _UID, _CASE = "flag", "annotation", "uid", "case"


@dataclass(frozen=True, slots=True)
class _Claim:
    """One statement that ``old`` was renamed to ``new``, and where it came from."""

    old: str
    new: str
    source: str  # _FLAG, _ANNOTATION, _UID or _CASE
    hint: str  # how the reason cites it


def _resolve_renames(
    what: Callable[[str], str],
    old_names: Collection[str],
    new_names: Collection[str],
    claims: Iterable[_Claim],
    *,
    qualified: bool,
) -> dict[str, tuple[str, str]]:
    """Check rename claims against both schemas: ``{new name: (old name, hint)}``;
    ``qualified``: the names are schema-qualified (tables), and a rename keeps the schema
    (a column's name is only its own: ``"special.column"`` has no schema).

    A ``renamed_from`` annotation whose new name the old schema already has is stale
    (that rename happened before) and ignored; every other claim must name an old
    thing that exists and a new one that exists, and must not collide with another.
    The new name may belong to an old thing that is dropped (drops run first), not to
    one that is itself renamed: chains and swaps would need a temporary name.
    """
    chosen: dict[str, tuple[str, str]] = {}
    taken: dict[str, str] = {}
    for claim in claims:
        old, new = claim.old, claim.new
        if old == new or (claim.source == _ANNOTATION and new in old_names):
            continue
        if claim.source == _CASE and (new in chosen or old in taken):
            continue  # another claim says what became of it
        label = claim.hint if claim.source == _FLAG else f"{what(new)} renamed from {old}"
        if old not in old_names:
            raise UsageError(f"{label}: the old schema has no {what(old)}")
        if new not in new_names:
            raise UsageError(f"{label}: the new schema has no {what(new)}")
        if chosen.get(new, (old, ""))[0] != old:
            raise UsageError(f"conflicting renames: {what(new)} from both {chosen[new][0]} and {old}")
        if taken.get(old, new) != new:
            raise UsageError(f"conflicting renames: {what(old)} to both {taken[old]} and {new}")
        chosen.setdefault(new, (old, claim.hint))
        taken[old] = new
    for new, (old, _) in sorted(chosen.items()):
        if qualified and schema_of(old) != schema_of(new):
            raise UsageError(
                f"cannot rename {what(old)} to {new}: moving it into another schema is not supported",
                hint="drop it and create it in the other schema, or keep it in its schema",
            )
        if new in taken:
            raise UsageError(
                f"cannot rename {what(old)} to {new}: {what(new)} is itself renamed to {taken[new]}, "
                "and renames in a chain or a swap are not supported",
                hint="rename through a temporary name in an earlier migration",
            )
    return chosen


def _uid_claims(old_items: Iterable[Table | Column], new_items: Iterable[Table | Column]) -> list[_Claim]:
    old_by_uid = {item.uid: item.name for item in old_items if item.uid is not None}
    return [
        _Claim(old_by_uid[item.uid], item.name, _UID, f"same uid {item.uid!r}")
        for item in new_items
        if item.uid is not None and item.uid in old_by_uid
    ]


def _case_claims(old_names: Collection[str], new_names: Collection[str]) -> list[_Claim]:
    """SQLite: a name that changes only in the case of its letters is the same table or column
    to SQLite, which matches names without regard to case, so it is renamed to the new
    spelling (never dropped and made anew); checked after every other claim."""
    gone = {sqlite_folded(n): n for n in old_names if n not in new_names}
    return [
        _Claim(gone[sqlite_folded(n)], n, _CASE, "SQLite matches names without regard to case")
        for n in sorted(new_names)
        if n not in old_names and sqlite_folded(n) in gone
    ]


def _annotation_claims(new_items: Iterable[Table | Column]) -> list[_Claim]:
    return [
        _Claim(item.renamed_from, item.name, _ANNOTATION, "marked renamed-from in the new schema")
        for item in new_items
        if item.renamed_from is not None
    ]


class _Pair:
    """A table present in both schemas (under one name, or renamed), its columns matched."""

    __slots__ = (
        "columns",
        "new",
        "new_columns",
        "old",
        "old_columns",
        "old_names",
        "renamed_columns",
        "unchanged",
    )

    def __init__(
        self,
        old: Table,
        new: Table,
        columns: dict[str, str],
        renamed_columns: tuple[tuple[str, str, str], ...],
    ) -> None:
        self.old, self.new = old, new
        self.columns = columns  # old column name → new column name, for every kept column
        self.renamed_columns = renamed_columns  # (old, new, hint), by old name
        self.old_names = {n: o for o, n in columns.items()}
        self.old_columns = {c.name: c for c in old.columns}
        self.new_columns = {c.name: c for c in new.columns}
        # The same table, its columns kept by name: most pairs of a big schema.  Compared once
        # here, so that the passes over columns skip it.
        self.unchanged = not renamed_columns and old == new

    @property
    def keeps_names(self) -> bool:
        return self.old.name == self.new.name and not self.renamed_columns

    def old_column(self, new_column: str) -> Column | None:
        """The old version of the column now called ``new_column``."""
        old_name = self.old_names.get(new_column)
        return None if old_name is None else self.old_columns[old_name]

    def kept_columns(self) -> Iterator[tuple[Column, Column]]:
        """(old, new) versions of every kept column, by new name."""
        for name in sorted(self.old_names):
            yield self.old_columns[self.old_names[name]], self.new_columns[name]


def _rename_key(key: str, columns: Mapping[str, str]) -> str:
    """An index key (a column or an expression, and its ordering) with its columns renamed."""
    return str(parse_index_key(key).renamed(columns))


# --- ordering tables by their foreign keys ------------------------------------------------


def _topological(
    after: Mapping[str, Collection[str]],
    break_cycle: Callable[[Mapping[str, set[str]]], str] | None = None,
) -> list[tuple[str, set[str]]]:
    """Every name once, each after the names in ``after[name]``; ties broken by name.

    When every remaining name still waits (a cycle), ``break_cycle`` picks the next one
    from what each remaining name still waits for.  Returns each name with what it was
    still waiting for when it came (empty unless ``break_cycle`` picked it).
    """
    waiting = {name: set(before) for name, before in after.items()}
    followers: dict[str, set[str]] = defaultdict(set)
    for name, before in after.items():
        for other in before:
            followers[other].add(name)
    ready = sorted(name for name, before in waiting.items() if not before)
    order: list[tuple[str, set[str]]] = []
    while len(order) < len(after):
        if ready:
            name = heapq.heappop(ready)
        else:
            assert break_cycle is not None, f"a cycle among {sorted(n for n, w in waiting.items() if w)}"
            name = break_cycle({n: w for n, w in waiting.items() if w})
        order.append((name, waiting[name]))
        waiting[name] = set()
        for follower in sorted(followers[name]):
            if name in waiting[follower]:
                waiting[follower].discard(name)
                if not waiting[follower]:
                    heapq.heappush(ready, follower)
    return order


def _creation_order(
    tables: Mapping[str, Table], inline: Callable[[ForeignKey], bool]
) -> tuple[list[Table], list[tuple[str, ForeignKey]]]:
    """Tables ordered so that each follows the tables its foreign keys reference.

    Returns the definitions to create (without the keys that must wait) and the
    waiting keys.  A key waits when it references a table outside ``tables`` and
    ``inline`` says no, or when it closes a cycle: then the smallest-named table whose
    missing references all lie on cycles back to it is created first without them.
    Dropping uses the same definitions, so both directions break the same keys.
    """
    deps = {
        name: {fk.ref_table for fk in table.foreign_keys if fk.ref_table in tables and fk.ref_table != name}
        | {parent for parent in table.parents if parent in tables}  # a partition after its parent
        for name, table in tables.items()
    }
    dependants: dict[str, set[str]] = defaultdict(set)
    for name, refs in deps.items():
        for ref in refs:
            dependants[ref].add(name)

    def on_a_cycle(waiting: Mapping[str, set[str]]) -> str:
        """The first table whose missing references all depend, in turn, on it."""

        def reaches_back(name: str) -> bool:
            seen, stack = {name}, [name]
            while stack:
                for dependant in dependants[stack.pop()]:
                    if dependant in waiting and dependant not in seen:
                        seen.add(dependant)
                        stack.append(dependant)
            return waiting[name] <= seen

        return min(name for name in waiting if reaches_back(name))

    order: list[Table] = []
    late_keys: list[tuple[str, ForeignKey]] = []
    for name, late in _topological(deps, on_a_cycle):
        keep: list[ForeignKey] = []
        for fk in tables[name].foreign_keys:
            if fk.ref_table in late or (fk.ref_table not in tables and not inline(fk)):
                late_keys.append((name, fk))
            else:
                keep.append(fk)
        order.append(replace(tables[name], foreign_keys=tuple(keep)))
    return order, late_keys


def _dependants_first(tables: list[Table]) -> list[Table]:
    """Drop order: each table once every table whose foreign keys reference it is gone.

    ``tables`` come from :func:`_creation_order`, so their keys form no cycle.
    """
    by_name = {t.name: t for t in tables}
    referenced_by: dict[str, set[str]] = {name: set() for name in by_name}
    for table in tables:
        for fk in table.foreign_keys:
            if fk.ref_table in by_name and fk.ref_table != table.name:
                referenced_by[fk.ref_table].add(table.name)
        for parent in table.parents:  # a partition before its parent
            if parent in by_name:
                referenced_by[parent].add(table.name)
    return [by_name[name] for name, _ in _topological(referenced_by)]


# --- the passes -------------------------------------------------------------------------

# The executable order, as Django's autodetector runs its passes: what goes away first
# (keys before what they reference, dependants before what they depend on), then the
# renames, then new schemas and what is created, changed and constrained; enum values and
# enums once no column uses them, and last the schemas nothing is left in.  Objects kept by
# canonical definition (:class:`_Objects`) bracket it: views, triggers and comments dropped
# first and created last, extensions and functions created before the tables and dropped after.  Dropping before renaming means every definition a change
# carries names things as they are called when it runs, in both directions: run
# backwards, the reverses undo the migration step by step.
PASSES = (
    "drop_objects",
    "drop_policies_on_views",
    "drop_relations",
    "drop_foreign_keys",
    "drop_constraints",
    "drop_security",
    "drop_parents",
    "drop_columns",
    "drop_tables",
    "drop_remade_routines",
    "drop_renamed_keys",
    "rename_tables",
    "rename_columns",
    "add_renamed_keys",
    "add_schemas",
    "add_extensions",
    "add_enums",
    "add_sequences",
    "add_types",
    "alter_types",
    "add_routines",
    "replace_ranges",
    "add_ranges_over_functions",
    "add_tables",
    "add_columns",
    "alter_columns",
    "alter_sequences",
    "add_parents",
    "add_constraints",
    "add_security",
    "add_relations",
    "add_policies_on_views",
    "add_objects",
    "drop_ranges_over_functions",
    "drop_routines",
    "drop_sequences",
    "drop_types",
    "drop_enums",
    "add_grants_on_rebuilt_types",
    "drop_extensions",
    "drop_schemas",
)

# Constraint kinds in the order they are added; dropping runs it backwards.
_KINDS: tuple[tuple[str, type[Any], type[Any]], ...] = (
    ("primary_key", AddPrimaryKey, DropPrimaryKey),
    ("uniques", AddUnique, DropUnique),
    ("checks", AddCheck, DropCheck),
    ("indexes", AddIndex, DropIndex),
    ("exclusions", AddExclusion, DropExclusion),
    ("foreign_keys", AddForeignKey, DropForeignKey),
)


def _not_null_of(table: Table, column: str, table_name: str | None = None) -> str | None:
    """The name of the NOT NULL constraint of ``table.column``, if it has one, with ``table``
    called ``table_name`` (a name it has in another version) where given."""
    found = table.column(column)
    return None if found is None or found.nullable else not_null_constraint(table_name or table.name, found)


def _partitioning(table: Table) -> str:
    return "not partitioned" if table.partition_by is None else f"partitioned by {table.partition_by}"


def _items(table: Table, kind: str) -> tuple[Constraint, ...]:
    if kind == "primary_key":
        return () if table.primary_key is None else (table.primary_key,)
    items: tuple[Constraint, ...] = getattr(table, kind)
    return items


class _Autodetector:
    """One diff: matches tables and columns, then runs :data:`PASSES` in order."""

    def __init__(self, old: Schema, new: Schema, hints: Hints, dialect: str) -> None:
        self.old, self.new, self.hints, self.dialect = old, new, hints, dialect
        self.old_tables = old.tables_by_name()
        self.new_tables = new.tables_by_name()
        self.errors: list[DiffError] = []
        self.table_renames = self._table_renames()
        self.pairs = self._pairs()
        self.pair_by_old = {p.old.name: p for p in self.pairs}
        self.pair_by_new = {p.new.name: p for p in self.pairs}
        self.added = {n: t for n, t in self.new_tables.items() if n not in self.pair_by_new}
        self.dropped = {n: t for n, t in self.old_tables.items() if n not in self.pair_by_old}
        # Per kind, what changes on tables in both schemas: dropped (old definitions,
        # under the old table name) and added (new definitions, under the new name).
        self.dropped_items: dict[str, list[_Keyed]] = {kind: [] for kind, _, _ in _KINDS}
        self.added_items: dict[str, list[_Keyed]] = {kind: [] for kind, _, _ in _KINDS}
        # Keys renamed in place (twins kept, see _compare_constraints): dropped once the tables
        # whose foreign keys reference them are, added back as soon as the renames ran, before
        # a new table or foreign key references them.
        self.renamed_keys_dropped: dict[str, list[_Keyed]] = {kind: [] for kind, _, _ in _KINDS}
        self.renamed_keys_added: dict[str, list[_Keyed]] = {kind: [] for kind, _, _ in _KINDS}
        # Per table (new name): column sets of unique keys that are dropped or added.
        self.moved_keys: dict[str, set[frozenset[str]]] = defaultdict(set)
        self.restored_indexes: list[AlterIndexStorage] = []  # only their storage parameters change
        for pair in self.pairs:
            self._compare_constraints(pair)
        self._recreate_dependent_foreign_keys()
        self._check_casts()
        self.parents_gone, self.parents_came = self._parent_changes()
        self.old_enums, self.new_enums = old.enums_by_name(), new.enums_by_name()
        self.alterable_enums = self._alterable_enums()
        self.created, self.late_keys = _creation_order(self.added, lambda fk: self._stable_target(fk, "new"))
        self.destroyed, self.early_keys = _creation_order(
            self.dropped, lambda fk: self._stable_target(fk, "old")
        )
        self.objects = _Objects(
            old, new, dialect, self._touched_tables(), self._touched_columns(), self._rebuilt_enums()
        )
        self._recreate_function_users()
        self._recreate_checks_on_retyped_inherited()

    def run(self) -> DiffResult:
        changes = [change for name in PASSES for change in getattr(self, name)()]
        return DiffResult(tuple(changes), tuple(self.errors), tuple(self._suggestions()))

    def _touched_tables(self) -> frozenset[str]:
        """Tables (old names) whose change breaks a view over them: on PostgreSQL a column dropped
        or retyped (ALTER COLUMN TYPE refuses a column a view reads), a table dropped; on SQLite
        every changed table (a rebuild drops it with its triggers, and renaming the copy into its
        place fails while a view names the table)."""
        found = set(self.dropped)
        for pair in self.pairs:
            if pair.unchanged:
                continue
            if self.dialect == "sqlite":
                changed = pair.old != pair.new or not pair.keeps_names
            else:
                changed = len(pair.columns) < len(pair.old.columns) or any(
                    before.type != after.type for before, after in pair.kept_columns()
                )
            if changed:
                found.add(pair.old.name)
        return frozenset(found)

    def _touched_columns(self) -> frozenset[tuple[str, str]]:
        """Columns (old table, old column) dropped or retyped: a PostgreSQL trigger that names one
        (``UPDATE OF n``, ``WHEN (NEW.n …)``) blocks both, so it is dropped and created again."""
        return frozenset(
            (pair.old.name, column.name)
            for pair in self.pairs
            if not pair.unchanged
            for column in pair.old.columns
            if column.name not in pair.columns
            or column.type != pair.new_columns[pair.columns[column.name]].type
        )

    # objects kept by canonical definition ------------------------------------------------

    def drop_objects(self) -> Iterator[Change]:
        """Triggers and comments; the rest (views first) in drop_relations, once no policy reads them."""
        return (c for c in self.objects.drops(early=False) if c.kind in _HANGING_KINDS)

    def drop_relations(self) -> Iterator[Change]:
        return (c for c in self.objects.drops(early=False) if c.kind not in _HANGING_KINDS)

    def add_extensions(self) -> Iterator[Change]:
        return self.objects.creates(("extension",), early=True)

    def add_routines(self) -> Iterator[Change]:
        """Collations, functions and procedures: after the types, before the tables that use them."""
        return self.objects.creates(("collation", "function", "procedure"), early=True)

    def add_relations(self) -> Iterator[Change]:
        """Views and their indexes, and functions whose SQL-standard body reads a table."""
        return self.objects.creates((*_RELATION_KINDS, "function", "procedure"), early=False)

    def add_objects(self) -> Iterator[Change]:
        yield from (
            c for c in self.objects.creates(_HANGING_KINDS, early=False) if not self.objects.on_rebuilt(c)
        )
        yield from self.objects.regrants()

    def add_grants_on_rebuilt_types(self) -> Iterator[Change]:
        """Grants on an enum made again (it lost a value): given back once it is."""
        return (c for c in self.objects.creates(("grant",), early=False) if self.objects.on_rebuilt(c))

    def drop_remade_routines(self) -> Iterator[Change]:
        """Functions made again: dropped once the checks, indexes and defaults calling them are."""
        for pair, column in self.remade_defaults:
            assert column.default is not None
            yield DropDefault(pair.old.name, column.name, column.default)
        yield from self.objects.drops_remade()

    def drop_routines(self) -> Iterator[Change]:
        return (c for c in self.objects.drops(early=True) if c.kind != "extension")

    def drop_extensions(self) -> Iterator[Change]:
        return (c for c in self.objects.drops(early=True) if c.kind == "extension")

    # matching ------------------------------------------------------------------------

    def _table_renames(self) -> dict[str, tuple[str, str]]:
        claims = [_Claim(o, n, _FLAG, f"--rename {o}={n}") for o, n in self.hints.table_renames]
        claims += _annotation_claims(self.new.tables)
        claims += _uid_claims(self.old.tables, self.new.tables)
        if self.dialect == "sqlite":
            claims += _case_claims(self.old_tables, self.new_tables)
        return _resolve_renames(
            lambda n: f"table {n}", self.old_tables, self.new_tables, claims, qualified=True
        )

    def _pairs(self) -> list[_Pair]:
        renamed_away = {old for old, _ in self.table_renames.values()}
        old_name = {new: old for new, (old, _) in self.table_renames.items()}
        old_name.update(
            (n, n)
            for n in self.new_tables
            if n in self.old_tables and n not in renamed_away and n not in old_name
        )
        flags: dict[str, list[_Claim]] = defaultdict(list)
        for rename in self.hints.column_renames:
            table = rename.table if rename.table in old_name else self._new_name(rename.table)
            flag = f"--rename {rename.table}.{rename.old}={rename.table}.{rename.new}"
            if table is None:
                raise UsageError(f"{flag}: no table {rename.table} in both schemas")
            flags[table].append(_Claim(rename.old, rename.new, _FLAG, flag))
        return [
            self._pair(self.old_tables[old_name[name]], self.new_tables[name], flags[name], self.dialect)
            for name in sorted(old_name)
        ]

    def _new_name(self, old_table: str) -> str | None:
        return next((new for new, (old, _) in self.table_renames.items() if old == old_table), None)

    @staticmethod
    def _pair(old: Table, new: Table, flags: list[_Claim], dialect: str) -> _Pair:
        claims = flags + _annotation_claims(new.columns) + _uid_claims(old.columns, new.columns)
        old_names, new_names = old.column_names(), new.column_names()
        if dialect == "sqlite":
            claims += _case_claims(old_names, new_names)
        renames = _resolve_renames(
            lambda c: f"column {new.name}.{c}", old_names, new_names, claims, qualified=False
        )
        renamed_away = {o for o, _ in renames.values()}
        columns = {o: n for n, (o, _) in renames.items()}
        columns.update(
            (c, c) for c in new_names if c in old_names and c not in renamed_away and c not in renames
        )
        renamed = tuple(sorted((o, n, hint) for n, (o, hint) in renames.items()))
        return _Pair(old, new, columns, renamed)

    def _check_casts(self) -> None:
        for table, column, _ in self.hints.casts:
            pair = self.pair_by_new.get(table)
            before = None if pair is None else pair.old_column(column)
            after = None if pair is None else pair.new_columns.get(column)
            if before is None or after is None:
                raise UsageError(f"--cast {table}.{column}: no column {table}.{column} in both schemas")
            if before.type == after.type:
                raise UsageError(f"--cast {table}.{column}: the column's type does not change")

    def _rebuilt_enums(self) -> frozenset[str]:
        """Enums that lose a value: made again under their name (their grants with them)."""
        return frozenset(
            name
            for name in self.alterable_enums
            if set(self.old_enums[name].values) - set(self.new_enums[name].values)
        )

    def _alterable_enums(self) -> set[str]:
        """Enums in both schemas whose kept values keep their order: no database can reorder them."""
        alterable = set()
        for name in sorted(self.old_enums.keys() & self.new_enums.keys()):
            old, new = self.old_enums[name].values, self.new_enums[name].values
            kept_old, kept_new = [v for v in old if v in new], [v for v in new if v in old]
            if kept_old == kept_new:
                alterable.add(name)
                continue
            reason = (
                f"the values {', '.join(kept_old)} change order to {', '.join(kept_new)}; "
                "reordering the values of an enum is not supported"
            )
            self.errors.append(DiffError("enum_reorder", None, None, f"enum {name}: {reason}"))
        return alterable

    # constraints -----------------------------------------------------------------------

    def _renamed(self, item: Constraint, pair: _Pair) -> Constraint:
        """An old constraint or index as it reads after the renames (names unchanged)."""
        columns = pair.columns
        include = tuple(columns.get(c, c) for c in getattr(item, "include", ()))
        if isinstance(item, PrimaryKey | UniqueConstraint):
            return replace(item, columns=tuple(columns.get(c, c) for c in item.columns), include=include)
        if isinstance(item, Index):
            return replace(
                item, columns=tuple(_rename_key(k, columns) for k in item.columns), include=include
            )
        if isinstance(item, Exclusion):
            return replace(item, columns=tuple(_rename_key(k, columns) for k in item.columns))
        if isinstance(item, ForeignKey):
            target = self.pair_by_old.get(item.ref_table)
            if pair.keeps_names and (target is None or target.keeps_names):
                return item  # as the replace below would make it again
            ref_columns = target.columns if target else {}
            return replace(
                item,
                columns=tuple(columns.get(c, c) for c in item.columns),
                delete_columns=tuple(columns.get(c, c) for c in item.delete_columns),
                ref_table=target.new.name if target else item.ref_table,
                ref_columns=tuple(ref_columns.get(c, c) for c in item.ref_columns),
            )
        return item

    def _compare_constraints(self, pair: _Pair) -> None:
        """What is dropped and added, and which drop/add pairs differ only in the name."""
        targets = [self.pair_by_old.get(fk.ref_table) for fk in pair.old.foreign_keys]
        if pair.unchanged and all(t and t.keeps_names for t in targets):
            return  # the common case, and nothing to rename in it
        for kind, _, _ in _KINDS:
            old_items = {i.name: i for i in _items(pair.old, kind)}
            new_items = {i.name: i for i in _items(pair.new, kind)}
            renamed = {name: self._renamed(item, pair) for name, item in old_items.items()}
            gone = [n for n in sorted(old_items) if renamed[n] != new_items.get(n)]
            came = [n for n in sorted(new_items) if renamed.get(n) != new_items[n]]
            if kind == "indexes":
                restored = {n for n in gone if n in new_items and _only_storage(renamed[n], new_items[n])}
                old_indexes = {i.name: i for i in pair.old.indexes}
                new_indexes = {i.name: i for i in pair.new.indexes}
                self.restored_indexes += [
                    AlterIndexStorage(pair.new.name, n, old_indexes[n].storage, new_indexes[n].storage)
                    for n in sorted(restored)
                ]
                gone, came = [n for n in gone if n not in restored], [n for n in came if n not in restored]
            twins: dict[str, str] = {}
            for name in gone:
                twin = next(
                    (
                        n
                        for n in came
                        if n not in twins.values() and replace(renamed[name], name=n) == new_items[n]
                    ),
                    None,
                )
                if twin is not None:
                    twins[name] = twin
            back = {new: old for old, new in twins.items()}
            # A key renamed in place (a twin, as a renamed table's key) keeps its index: the
            # foreign keys on it stay (no drop, no add NOT VALID and validating scan after).
            kept = {n for n, twin in twins.items() if renamable(pair.old, pair.new, n, twin)}
            for n in gone:
                renamed_key = n in kept and _is_key(old_items[n])
                dropped = self.renamed_keys_dropped if renamed_key else self.dropped_items
                dropped[kind].append(_Keyed(pair.old.name, old_items[n], twins.get(n)))
            for n in came:
                renamed_key = back.get(n) in kept and _is_key(new_items[n])
                added = self.renamed_keys_added if renamed_key else self.added_items
                added[kind].append(_Keyed(pair.new.name, new_items[n], back.get(n)))
            moved = [renamed[n] for n in gone if n not in kept]
            moved += [new_items[n] for n in came if back.get(n) not in kept]
            self.moved_keys[pair.new.name].update(frozenset(k.columns) for k in moved if _is_key(k))

    def _recreate_dependent_foreign_keys(self) -> None:
        """An unchanged foreign key whose referenced key or columns change is dropped
        before them and added back after them: no database drops a key still in use."""
        for pair in self.pairs:
            old_keys = {fk.name: fk for fk in pair.old.foreign_keys}
            for fk in pair.new.foreign_keys:
                before = old_keys.get(fk.name)
                if before is None or self._renamed(before, pair) != fk or self._stable_target(fk, "new"):
                    continue
                self.dropped_items["foreign_keys"].append(_Keyed(pair.old.name, before, fk.name))
                self.added_items["foreign_keys"].append(_Keyed(pair.new.name, fk, fk.name))

    def _recreate_checks_on_retyped_inherited(self) -> None:
        """An unchanged check of a table that reads a column whose type its parent changes is
        dropped before the change and added back after it: the parent's ALTER TABLE converts the
        column in place for the table too (see plan._backfills), and keeps the check as it was,
        its literals cast to the old type (``d >= '2015-01-01'::timestamp`` where the new schema
        has ``::timestamptz``), which the canonical form does not show."""
        for pair in self._changed_pairs():
            retyped: set[str] = set()
            for parent in set(pair.old.parents) & set(pair.new.parents):
                before, after = self.old_tables.get(parent), self.new_tables.get(parent)
                if before is None or after is None:
                    continue
                for column in after.columns:
                    was = before.column(column.name)
                    if was is not None and was.type != column.type:
                        retyped.add(column.name)
            if not retyped:
                continue
            moved = {k.definition.name for k in self.dropped_items["checks"] if k.table == pair.old.name}
            old_checks = {c.name: c for c in pair.old.checks}
            for check in pair.new.checks:
                before_check = old_checks.get(check.name)
                if before_check is None or check.name in moved:
                    continue
                if columns_read(parse_expression(check.expression)) & retyped:
                    self.dropped_items["checks"].append(_Keyed(pair.old.name, before_check, check.name))
                    self.added_items["checks"].append(_Keyed(pair.new.name, check, check.name))

    def _recreate_function_users(self) -> None:
        """An unchanged check, index or default that calls a function dropped to be made again (its
        result or parameters change) is dropped before it and added back after: PostgreSQL drops no
        function still in use."""
        remade = self.objects.remade_functions()
        self.remade_defaults = (
            [
                (pair, column)
                for pair in self.pairs
                for column in pair.new.columns
                if column.default is not None
                and pair.old_column(column.name) is not None
                and pair.old_column(column.name) == column
                and _called(column.default) & remade
            ]
            if remade
            else []
        )
        if not remade:
            return
        for pair in self.pairs:
            for kind in ("checks", "indexes"):
                moved = {k.definition.name for k in self.dropped_items[kind] if k.table == pair.old.name}
                old_items = {i.name: i for i in _items(pair.old, kind)}
                for item in _items(pair.new, kind):
                    before = old_items.get(item.name)
                    if before is None or item.name in moved or not _calls(item) & remade:
                        continue
                    self.dropped_items[kind].append(_Keyed(pair.old.name, before, item.name))
                    self.added_items[kind].append(_Keyed(pair.new.name, item, item.name))

    def _stable_target(self, fk: ForeignKey, side: str) -> bool:
        """Whether what ``fk`` references stays as it is while the migration runs.

        ``side`` says which schema ``fk`` comes from.  A new table's key is created
        inline, a dropped table's key dropped with it, and an unchanged key left alone,
        only when the referenced columns keep their types and no unique key over them
        is dropped or added.
        """
        pair = (self.pair_by_new if side == "new" else self.pair_by_old).get(fk.ref_table)
        if pair is None:
            return True
        columns = fk.ref_columns
        if side == "old":
            if any(c not in pair.columns for c in columns):
                return False
            columns = tuple(pair.columns[c] for c in columns)
        for column in columns:
            before, after = pair.old_column(column), pair.new_columns.get(column)
            if before is None or after is None or before.type != after.type:
                return False
        return frozenset(columns) not in self.moved_keys[pair.new.name]

    # passes ----------------------------------------------------------------------------

    def drop_foreign_keys(self) -> Iterator[Change]:
        """Foreign keys that go away or change, and those of dropped tables that must go first."""
        for table, fk, same_as in sorted(self.dropped_items["foreign_keys"], key=_by_table_and_name):
            yield DropForeignKey(table, fk, same_as)
        for table, fk in sorted(self.early_keys, key=_by_table_and_name):
            yield DropForeignKey(table, fk, with_table=True)

    def drop_constraints(self) -> Iterator[Change]:
        return _drops(self.dropped_items)

    def drop_renamed_keys(self) -> Iterator[Change]:
        """Keys renamed in place: a drop just before the renames and an add just after them
        (a rename on PostgreSQL), once nothing dropped references them and before anything
        new does."""
        return _drops(self.renamed_keys_dropped)

    def rename_tables(self) -> Iterator[Change]:
        for new, (old, hint) in sorted(self.table_renames.items(), key=lambda item: item[1]):
            yield RenameTable(old, new, hint)

    def rename_columns(self) -> Iterator[Change]:
        for pair in self.pairs:
            for old, new, hint in pair.renamed_columns:
                yield RenameColumn(pair.new.name, old, new, hint)

    def add_renamed_keys(self) -> Iterator[Change]:
        """The other half of the keys renamed in place (see drop_renamed_keys)."""
        return _additions(self.renamed_keys_added)

    def add_schemas(self) -> Iterator[Change]:
        yield from (AddSchema(name) for name in self.new.schemas if name not in self.old.schemas)

    def add_enums(self) -> Iterator[Change]:
        for enum in self.new.enums:
            before = self.old_enums.get(enum.name)
            if before is None:
                yield AddEnum(enum)
            elif enum.name in self.alterable_enums:
                merged = merged_values(before.values, enum.values)
                yield from (AddEnumValue(enum.name, v, p) for v, p in merged if v not in before.values)

    def add_types(self) -> Iterator[Change]:
        """Domains before composites (an attribute may be of a domain), each kind by name; a
        range type that names a function in :meth:`add_ranges_over_functions`."""
        before, late = self.old.user_types(), _after_functions(self.new)
        yield from (AddType(d) for d in self.new.user_types().values() if d.name not in before.keys() | late)

    def replace_ranges(self) -> Iterator[Change]:
        """Range types that differ and that nothing uses: dropped and made again (PostgreSQL
        cannot alter one), after the functions they may name are made and before the columns
        that may use them are added."""
        before = {r.name: r for r in self.old.ranges}
        for new in self.new.ranges:
            old = before.get(new.name)
            if old is not None and old != new and not self._users(old):
                yield ReplaceRange(old, new)

    def add_ranges_over_functions(self) -> Iterator[Change]:
        """Range types with a SUBTYPE_DIFF function of the schema, and the types over them:
        after the functions are made."""
        before, late = self.old.user_types(), _after_functions(self.new)
        yield from (AddType(d) for d in self.new.user_types().values() if d.name in late - before.keys())

    def alter_types(self) -> Iterator[Change]:
        """Domains and composites in both schemas that differ: ALTER DOMAIN, ALTER TYPE; a
        changed range type refused where something uses it (see :meth:`replace_ranges`)."""
        after = self.new.user_types()
        for old in self.old.user_types().values():
            new = after.get(old.name)
            if new is None or new == old:
                continue
            if isinstance(old, Domain) and isinstance(new, Domain) and old.base == new.base:
                yield AlterDomain(old, new)
            elif isinstance(old, Composite) and isinstance(new, Composite):
                yield from self._alter_composite(old, new)
            elif isinstance(old, Range) and isinstance(new, Range) and not self._users(old):
                continue  # replaced in replace_ranges
            else:
                users = self._users(old) if type(old) is type(new) else []
                reason = (
                    f"type {old.name}: {_type_kind(old)} {_type_shape(old)} becomes {_type_kind(new)} "
                    f"{_type_shape(new)}, which PostgreSQL cannot alter"
                    + (f", and {', '.join(users)} use{'s' if len(users) == 1 else ''} it" if users else "")
                    + "; give the new one another name"
                )
                self.errors.append(DiffError("type_change", None, None, reason))

    def _alter_composite(self, old: Composite, new: Composite) -> Iterator[Change]:
        """ALTER TYPE … RENAME / ADD / DROP / ALTER ATTRIBUTE; an attribute order those cannot
        give (PostgreSQL adds one last) remakes an unused composite and is refused for one in use."""
        before = {a.name for a in old.attributes}
        after = {a.name for a in new.attributes}
        renamed = tuple(
            (a.renamed_from, a.name)
            for a in new.attributes
            if a.renamed_from in before - after and a.name not in before
        )
        users = self._users(old)
        change = AlterComposite(old, new, unused=not users, renamed=renamed)
        if change.reordered and users:
            self.errors.append(
                DiffError(
                    "type_change",
                    None,
                    None,
                    f"type {old.name}: the attributes {_type_shape(old)} become {_type_shape(new)}, an order "
                    f"PostgreSQL cannot give them (it adds an attribute last and cannot move one), and "
                    f"{', '.join(users)} use{'s' if len(users) == 1 else ''} it; mark a renamed attribute "
                    "'-- wesley:renamed-from <old name>', keep the others in their order and add new ones last, "
                    "or give the new type another name",
                )
            )
            return
        yield change

    def _users(self, definition: UserType) -> list[str]:
        """What uses ``definition`` (a range: or its multirange) in the old schema (columns,
        arrays, other types over it): what a DROP TYPE would have to take along, and what
        keeps a composite's attributes from changing type."""
        names = {definition.name, definition.multirange if isinstance(definition, Range) else definition.name}
        used = [
            f"column {table.name}.{column.name}"
            for table in self.old.tables
            for column in table.columns
            if column.type.name in names
        ]
        used += [
            f"type {other.name}"
            for other in self.old.user_types().values()
            if any(part.name in names for part in type_parts(other))
        ]
        return used

    def add_sequences(self) -> Iterator[Change]:
        yield from (AddSequence(s) for s in self.new.sequences if self._stated(self.old, s.name) is None)

    def alter_sequences(self) -> Iterator[Change]:
        names = dict.fromkeys(s.name for s in (*self.new.sequences, *self.old.sequences))
        for name in names:
            before, sequence = self._stated(self.old, name), self._stated(self.new, name)
            if before is None or sequence is None:
                continue
            # PostgreSQL keeps a sequence's owner through renames of its table and column.
            before = replace(before, owned_by=self._owner_after_renames(before.owned_by))
            if before != sequence:
                yield AlterSequence(before, sequence)

    def _stated(self, schema: Schema, name: str) -> SequenceDefinition | None:
        """The sequence ``name`` of ``schema``: one it creates itself, or the one a ``serial``
        column of a table both versions have implies (a file may write the same sequence either
        way: ``CREATE SEQUENCE … AS integer`` for a ``bigint`` column is its own, the same
        sequence without ``AS`` the column's; from one to the other it is altered, not made anew)."""
        stated = schema.sequence(name)
        if stated is not None:
            return stated
        for table in schema.tables:
            if self.old.table(table.name) is None or self.new.table(table.name) is None:
                continue
            for column in table.columns:
                if (
                    column.identity is None
                    and column.default == f"NEXTVAL('{name}')"
                    and serial_sequence(table.name, column.name) == name
                ):
                    kind = column.type.name
                    return SequenceDefinition(
                        name, kind, sequence_options(kind), f"{table.name}.{column.name}"
                    )
        return None

    def _owner_after_renames(self, owned_by: str | None) -> str | None:
        """``table.column`` as the renames of this diff name it."""
        if owned_by is None:
            return None
        table, _, column = owned_by.rpartition(".")
        pair = next((pair for pair in self.pairs if pair.old.name == table), None)
        return owned_by if pair is None else f"{pair.new.name}.{pair.columns.get(column, column)}"

    def drop_sequences(self) -> Iterator[Change]:
        yield from (DropSequence(s) for s in self.old.sequences if self._stated(self.new, s.name) is None)

    def add_tables(self) -> Iterator[Change]:
        yield from (AddTable(definition) for definition in self.created)

    def add_columns(self) -> Iterator[Change]:
        for pair in self._changed_pairs():
            inherited = self._inherited(pair, "new")
            for column in pair.new.columns:  # in declaration order: PostgreSQL appends each at the end
                if column.name not in pair.old_names and column.name not in inherited:
                    yield AddColumn(pair.new.name, column)

    def _changed_pairs(self) -> Iterator[_Pair]:
        """The pairs whose columns may differ (see :attr:`_Pair.unchanged`)."""
        return (pair for pair in self.pairs if not pair.unchanged)

    def _inherited(self, pair: _Pair, side: str) -> set[str]:
        """The columns of ``pair``'s table that a parent it keeps gives it (on ``side``'s
        schema): an ALTER TABLE of the parent reaches them, the table's own would fail."""
        tables = self.new_tables if side == "new" else self.old_tables
        table = pair.new if side == "new" else pair.old
        kept = set(pair.old.parents) & set(pair.new.parents)
        return {c.name for p in table.parents if p in kept and p in tables for c in tables[p].columns}

    def _own_change(self, pair: _Pair, column: str) -> bool:
        """Whether a change to ``column``, which ``pair``'s table inherits, is the table's own (a
        default or NOT NULL set on it alone, as pg_dump's ``ALTER TABLE ONLY child``): the parents
        that give it the column keep theirs as it was, so no ALTER TABLE of theirs reaches it."""
        given = [
            (self.old_tables[p].column(column), self.new_tables[p].column(column))
            for p in set(pair.old.parents) & set(pair.new.parents)
            if p in self.old_tables and p in self.new_tables
        ]
        return all(before == after for before, after in given)

    def _parent_changes(self) -> tuple[list[DropParent], list[AddParent]]:
        """The parents tables let go of and take, by name; a changed partition key or bound
        is refused (rows would have to move)."""
        gone: list[DropParent] = []
        came: list[AddParent] = []
        for pair in self.pairs:
            old, new = pair.old, pair.new
            if old.partition_by != new.partition_by:
                reason = (
                    f"table {new.name}: {_partitioning(old)} becomes {_partitioning(new)}; PostgreSQL "
                    "cannot change a table's partitioning in place (its rows would have to move): "
                    "create the new table under another name and move the rows"
                )
                self.errors.append(DiffError("partitioning", new.name, None, reason))
            if (
                old.partition_of is not None
                and (old.partition_of, old.partition_bound)
                != (
                    new.partition_of,
                    new.partition_bound,
                )
                and new.partition_of is not None
            ):
                reason = (
                    f"partition {new.name}: {old.partition_bound} of {old.partition_of} becomes "
                    f"{new.partition_bound} of {new.partition_of}; a bound cannot be altered in place "
                    "(rows may have to move): detach the partition, move its rows and attach it again by hand"
                )
                self.errors.append(DiffError("partition_bound", new.name, None, reason))
                continue
            gone += [
                DropParent(old.name, p, old.partition_bound if p == old.partition_of else None)
                for p in old.parents
                if p not in new.parents
            ]
            came += [
                AddParent(new.name, p, new.partition_bound if p == new.partition_of else None)
                for p in new.parents
                if p not in old.parents
            ]
        return gone, came

    def drop_parents(self) -> Iterator[Change]:
        return iter(self.parents_gone)

    def add_parents(self) -> Iterator[Change]:
        return iter(self.parents_came)

    def alter_columns(self) -> Iterator[Change]:
        for pair in self.pairs:
            if not pair.unchanged:  # else no column and no SQLite option differs
                inherited = self._inherited(pair, "new")
                for before, after in pair.kept_columns():
                    if before != after and (
                        after.name not in inherited or self._own_change(pair, after.name)
                    ):
                        yield from self._alter_column(pair.new.name, before, after)
                yield from self._redefine(pair)
            for remade, column in self.remade_defaults:
                if remade is pair:
                    assert column.default is not None
                    yield SetDefault(pair.new.name, column.name, None, column.default)
            old, new = pair.old, pair.new
            if (old.unlogged, old.storage) != (new.unlogged, new.storage):
                yield AlterTableStorage(new.name, old.unlogged, new.unlogged, old.storage, new.storage)
            yield from (i for i in self.restored_indexes if i.table == new.name)

    def _redefine(self, pair: _Pair) -> Iterator[Change]:
        """SQLite's table options, and the collations, declared type spellings, generation and
        AUTOINCREMENT of the columns kept, where they differ (PostgreSQL has none of them but
        the generation, which it alters in place, and changes its collations in place)."""
        recollated = [
            (b, a) for b, a in pair.kept_columns() if b.collation != a.collation and self.dialect == "sqlite"
        ]
        respelled = [(b, a) for b, a in pair.kept_columns() if b.declared != a.declared and b.type == a.type]
        regenerated = [
            (b, a)
            for b, a in pair.kept_columns()
            if (b.generated, b.virtual) != (a.generated, a.virtual) and self.dialect == "sqlite"
        ]
        counted = [(b, a) for b, a in pair.kept_columns() if b.autoincrement != a.autoincrement]
        if pair.old.options == pair.new.options and not (recollated or respelled or regenerated or counted):
            return
        if self.dialect == "postgres":
            reason = "changing a table's SQLite options is only supported on SQLite"
            self.errors.append(DiffError("redefine_table", pair.new.name, None, reason))
            return
        old = [f"{a.name} collate {b.collation or 'none'}" for b, a in recollated]
        new = [f"{a.name} collate {a.collation or 'none'}" for _, a in recollated]
        old += [f"{a.name} {b.declared or sqlite_type_text(b.type)}" for b, a in respelled]
        new += [f"{a.name} {a.declared or sqlite_type_text(a.type)}" for _, a in respelled]
        old += [f"{a.name} {_generation(b)}" for b, a in regenerated]
        new += [f"{a.name} {_generation(a)}" for _, a in regenerated]
        old += [f"{a.name} {'autoincrement' if b.autoincrement else 'no autoincrement'}" for b, a in counted]
        new += [f"{a.name} {'autoincrement' if a.autoincrement else 'no autoincrement'}" for _, a in counted]
        yield RedefineTable(pair.new.name, (*pair.old.options, *old), (*pair.new.options, *new))

    def _alter_column(self, table: str, old: Column, new: Column) -> Iterator[Change]:
        """Nullability relaxed first, tightened last; a default the type change would
        have to convert is dropped before it and the new one set after it."""
        column = new.name
        if (old.generated, old.virtual) != (new.generated, new.virtual) and self.dialect == "sqlite":
            return  # the table's rebuild makes it anew (_redefine)
        if old.generated is not None and new.generated is None:
            yield DropExpression(table, column, old.generated)
        elif old.generated != new.generated:
            if old.generated is None:
                reason = (
                    "PostgreSQL cannot make an existing column generated; "
                    "drop it and add the generated column under another name"
                )
                self.errors.append(DiffError("generated_column", table, column, reason))
                return
            assert new.generated is not None
            yield SetExpression(table, column, old.generated, new.generated)
        retyped = old.type != new.type
        if old.identity is not None and new.identity is None:
            yield DropIdentity(table, column, old.identity)
        if new.nullable and not old.nullable:
            yield DropNotNull(table, column)
        if old.default != new.default and old.default is not None and (retyped or new.default is None):
            yield DropDefault(table, column, old.default)
        if retyped:
            yield from self._alter_type(table, old, new)
        if self.dialect == "postgres" and (
            old.collation != new.collation or (retyped and new.collation is not None)
        ):  # ALTER COLUMN TYPE resets the collation to the type's
            yield AlterColumnCollation(table, column, old.collation, new.collation)
        if old.default != new.default and new.default is not None:
            replaced = None if retyped else old.default
            yield SetDefault(table, column, replaced, new.default)
        if old.nullable and not new.nullable:
            yield SetNotNull(table, column)
        elif not old.nullable and not new.nullable and self.dialect == "postgres":
            yield from self._rename_not_null(table, old, new)
        if old.identity is None and new.identity is not None:
            yield AddIdentity(table, column, new.identity)
        elif old.identity is not None and new.identity is not None and old.identity != new.identity:
            yield AlterIdentity(table, column, old.identity, new.identity)

    def _rename_not_null(self, table: str, old: Column, new: Column) -> Iterator[Change]:
        """PostgreSQL 18: a NOT NULL constraint named anew, as ``old`` (under its new name, as a
        table or column rename leaves PostgreSQL's own name) and ``new`` name it.  A partition's
        or inheriting table's constraint that is its parent's in both versions follows the
        parent's; any other rename in a hierarchy is refused by name (PostgreSQL renames an
        inherited constraint only on its parent, and then in every child, where it must have
        the same name)."""
        before = not_null_constraint(table, replace(old, name=new.name))
        after = not_null_constraint(table, new)
        if before == after:
            return
        pair = self.pair_by_new[table]
        given = [self._parent_not_null(p, new.name) for p in pair.new.parents]
        if given and given[0] == (before, after):
            return  # the parent's constraint, renamed with it
        children = [
            (_not_null_of(t, new.name), expected)
            for tables, parent, expected in (
                (self.old_tables, pair.old.name, before),
                (self.new_tables, table, after),
            )
            for t in tables.values()
            if parent in t.parents
        ]
        if not given and all(name in (None, expected) for name, expected in children):
            yield RenameNotNull(table, new.name, before, after)
            return
        reason = (
            f"{table}.{new.name}: its NOT NULL constraint {before} is named {after} in the new version; "
            "PostgreSQL renames a NOT NULL constraint of a partition or inheriting table only on its parent "
            "and then in every child, where it has the same name: rename it by hand"
        )
        self.errors.append(DiffError("not_null_name", table, new.name, reason))

    def _parent_not_null(self, parent: str, column: str) -> tuple[str, str] | None:
        """The names of the NOT NULL constraint of ``parent.column`` before and after, where
        the parent has one in both versions."""
        pair = self.pair_by_new.get(parent)
        if pair is None:
            return None
        # PostgreSQL's own name before is the one under the parent's new name (renamed with it)
        before, after = _not_null_of(pair.old, column, pair.new.name), _not_null_of(pair.new, column)
        return None if before is None or after is None else (before, after)

    def _alter_type(self, table: str, old: Column, new: Column) -> Iterator[Change]:
        cast = self.hints.cast_for(table, new.name)
        if cast is None and type_rule(old.type, new.type, self.dialect) is None:
            reason = incompatible_reason(table, new.name, old.type, new.type)
            self.errors.append(DiffError("incompatible_type", table, new.name, reason))
            return
        yield AlterColumnType(table, new.name, old.type, new.type, cast)

    def add_constraints(self) -> Iterator[Change]:
        yield from _additions(self.added_items)
        for table, fk in sorted(self.late_keys, key=_by_table_and_name):
            yield AddForeignKey(table, fk, with_table=True)

    def drop_security(self) -> Iterator[Change]:
        return (c for c in self._security_dropped() if not self._reads_view(c, self.old))

    def drop_policies_on_views(self) -> Iterator[Change]:
        """A policy that reads a view (Wesley's ``wesley_user_orgs``) goes before the view does."""
        return (c for c in self._security_dropped() if self._reads_view(c, self.old))

    def add_security(self) -> Iterator[Change]:
        return (c for c in self._security_added() if not self._reads_view(c, self.new))

    def add_policies_on_views(self) -> Iterator[Change]:
        """A policy that reads a view is made once the view is."""
        return (c for c in self._security_added() if self._reads_view(c, self.new))

    @staticmethod
    def _reads_view(change: Change, schema: Schema) -> bool:
        """Whether a policy made, altered or dropped names a view or materialized view of ``schema``."""
        if isinstance(change, AlterPolicy):
            policy = change.new
        elif isinstance(change, AddPolicy | DropPolicy):
            policy = change.definition
        else:
            return False
        words = set(_NAME.findall(f"{policy.using or ''} {policy.check or ''}"))
        views = {o.name for o in schema.others if o.kind in _RELATION_KINDS}
        return bool(words & views)

    def _security_dropped(self) -> Iterator[Change]:
        """Policies and grants that go or are made anew, before the columns and tables they may
        read are dropped; a dropped table's all, so that its rollback puts them back."""
        for table in sorted(self.dropped.values(), key=lambda t: t.name):
            yield from (DropPolicy(table.name, p, with_table=True) for p in table.policies)
            yield from (DropGrant(table.name, g, with_table=True) for g in table.grants)
            if table.row_security or table.force_row_security:
                switches = (table.row_security, table.force_row_security)
                yield AlterRowSecurity(table.name, switches, (False, False), with_table=True)
        remade = self.objects.remade_functions()
        for pair in self.pairs:
            after = {p.name: p for p in pair.new.policies}
            _, dropped = _replacements(pair, self.old.memberships)
            for policy in pair.old.policies:
                now = after.get(policy.name)
                if now is None or _remade(policy, now):
                    within, replaces = dropped[policy.name]
                    yield DropPolicy(pair.old.name, policy, within=within, replaces=replaces)
                elif _policy_calls(now, remade) and _renamed_policy(policy, pair) == now:
                    yield DropPolicy(pair.old.name, policy, policy.name)  # around its function's drop
            kept = _each_privilege(pair.new.grants)
            held = {_renamed_grant(g, pair) for g in _each_privilege(pair.old.grants)}
            # A grant a role made goes before that role's own (the rollback gives it back after).
            for grant in sorted(
                _each_privilege(pair.old.grants), key=lambda g: (g.grantor is None, _grant_order(g))
            ):
                if _renamed_grant(grant, pair) not in kept:
                    yield DropGrant(pair.old.name, grant, regrant=_cascaded(grant, pair, kept & held))

    def _security_added(self) -> Iterator[Change]:
        """Row-level security switched, policies made or altered, grants given: once every table
        and column they may read exists (a new table's too, as changes of their own)."""
        remade = self.objects.remade_functions()
        for table in self.created:
            if table.row_security or table.force_row_security:
                switches = (table.row_security, table.force_row_security)
                yield AlterRowSecurity(table.name, (False, False), switches, with_table=True)
            yield from (AddPolicy(table.name, p, with_table=True) for p in table.policies)
            yield from (AddGrant(table.name, g, with_table=True) for g in table.grants)
        for pair in self.pairs:
            old, new = pair.old, pair.new
            if (old.row_security, old.force_row_security) != (new.row_security, new.force_row_security):
                yield AlterRowSecurity(
                    new.name,
                    (old.row_security, old.force_row_security),
                    (new.row_security, new.force_row_security),
                )
            before = {p.name: _renamed_policy(p, pair) for p in old.policies}
            opens = new.row_security and not old.row_security
            made, _ = _replacements(pair, self.old.memberships)
            for policy in new.policies:
                was = before.get(policy.name)
                if was is None or _remade(was, policy):
                    within, replaces = made[policy.name]
                    yield AddPolicy(new.name, policy, opens=opens, within=within, replaces=replaces)
                elif was == policy and _policy_calls(policy, remade):
                    yield AddPolicy(new.name, policy, policy.name)
                elif was != policy:
                    # permissive: its new form within the old policies; restrictive: its old form within the new
                    known = self.old.memberships
                    within = (
                        covering(policy, tuple(before.values()), known)
                        if policy.permissive
                        else covering(was, new.policies, known)
                    )
                    yield AlterPolicy(new.name, was, policy, within, known)
            kept = {_renamed_grant(g, pair) for g in _each_privilege(old.grants)}
            # A grant a role makes comes after that role's own (its grant option).
            for grant in sorted(
                _each_privilege(new.grants) - kept, key=lambda g: (g.grantor is not None, _grant_order(g))
            ):
                # Granted again without its grant option (revoked above): the option is what changes.
                again = not grant.grantable and replace(grant, grantable=True) in kept
                # A column's privilege the role held on the whole table (as grantable): nothing widens.
                held = replace(grant, column=None)
                narrowed = grant.column is not None and any(
                    replace(held, grantable=option) in kept for option in {grant.grantable, True}
                )
                # Held as granted by another role (given again by the owner): nothing widens either.
                other = next((k for k in kept if replace(k, grantor=grant.grantor) == grant), None)
                same = grant.name if again else held.name if narrowed else other.name if other else None
                yield AddGrant(new.name, grant, same)

    def drop_columns(self) -> Iterator[Change]:
        for pair in self._changed_pairs():
            inherited = self._inherited(pair, "old")
            for column in sorted(pair.old.columns, key=lambda c: c.name):
                if column.name not in pair.columns and column.name not in inherited:
                    yield DropColumn(pair.old.name, column)

    def drop_tables(self) -> Iterator[Change]:
        yield from (DropTable(definition) for definition in _dependants_first(self.destroyed))

    def drop_types(self) -> Iterator[Change]:
        """Composites before domains (the reverse of :meth:`add_types`), once no column uses
        them; the types of :meth:`drop_ranges_over_functions` before."""
        after, late = self.new.user_types(), _after_functions(self.old)
        yield from (
            DropType(d) for d in reversed(self.old.user_types().values()) if d.name not in after.keys() | late
        )

    def drop_ranges_over_functions(self) -> Iterator[Change]:
        """Range types with a SUBTYPE_DIFF function of the schema, and the types over them:
        before the functions are dropped (the reverse of :meth:`add_ranges_over_functions`)."""
        after, late = self.new.user_types(), _after_functions(self.old)
        yield from (
            DropType(d) for d in reversed(self.old.user_types().values()) if d.name in late - after.keys()
        )

    def drop_enums(self) -> Iterator[Change]:
        for enum in self.old.enums:
            after = self.new_enums.get(enum.name)
            if enum.name in self.alterable_enums:
                assert after is not None
                merged = merged_values(enum.values, after.values)
                yield from (
                    DropEnumValue(enum.name, v, p) for v, p in reversed(merged) if v not in after.values
                )
        yield from (DropEnum(enum) for enum in self.old.enums if enum.name not in self.new_enums)

    def drop_schemas(self) -> Iterator[Change]:
        """Last: once the tables and types in them are dropped (DROP SCHEMA refuses a non-empty one)."""
        yield from (DropSchema(name) for name in reversed(self.old.schemas) if name not in self.new.schemas)

    # suggestions -------------------------------------------------------------------------

    def _suggestions(self) -> Iterator[Suggestion]:
        yield from self._column_orders()
        for pair in self._changed_pairs():
            table = pair.new.name
            added = sorted(
                (c for c in pair.new.columns if c.name not in pair.old_names), key=lambda c: c.name
            )
            dropped = sorted(
                (c for c in pair.old.columns if c.name not in pair.columns), key=lambda c: c.name
            )
            for gone in dropped:
                for column in (c for c in added if c.type == gone.type):
                    yield Suggestion(
                        "possible_rename",
                        table,
                        gone.name,
                        column.name,
                        f"{table}.{gone.name} is dropped and {table}.{column.name} added, both {gone.type}; "
                        f"if it is a rename, pass --rename {table}.{gone.name}={table}.{column.name}",
                    )
        for old_name in sorted(self.dropped):
            for name in sorted(self.added):
                # A table cannot be renamed into another schema; --rename names public tables only.
                if _shape(self.dropped[old_name]) == _shape(self.added[name]) and schema_of(
                    old_name
                ) == schema_of(name):
                    how = f"pass --rename {old_name}={name}"
                    if "." in name:
                        how = f"mark the new table with the comment '-- wesley:renamed-from {old_name}'"
                    yield Suggestion(
                        "possible_rename",
                        None,
                        old_name,
                        name,
                        f"table {old_name} is dropped and {name} added with the same columns; if it is a rename, {how}",
                    )

    def _column_orders(self) -> Iterator[Suggestion]:
        """Tables whose kept columns stand in another order: no change makes it (PostgreSQL cannot
        reorder columns, and a column added or changed through a shadow column goes last), but a
        reviewer sees it, as pg_dump shows it."""
        for pair in self._changed_pairs():
            inherited = self._inherited(pair, "new")  # where they stand is the parent's
            before = [
                pair.columns[c.name]
                for c in pair.old.columns
                if c.name in pair.columns and pair.columns[c.name] not in inherited
            ]
            after = [c.name for c in pair.new.columns if c.name in pair.old_names and c.name not in inherited]
            if before != after:
                yield Suggestion(
                    "column_order",
                    pair.new.name,
                    ", ".join(before),
                    ", ".join(after),
                    f"the columns of {pair.new.name} stand in another order; no migration reorders them "
                    "(PostgreSQL cannot: a column added, or changed through a shadow column, goes last)",
                )


_CALL = re.compile(r"([\w.]+)\s*\(")


def _called(text: str) -> set[str]:
    """The names ``text`` calls (``twice`` of ``TWICE(n)``: the canonical spelling upper-cases them)."""
    return {name.lower().removeprefix("public.") for name in _CALL.findall(text)}


def _policy_calls(policy: Policy, functions: set[str]) -> bool:
    """Whether ``policy``'s ``USING`` or ``WITH CHECK`` calls one of ``functions``."""
    return bool(functions) and any(_called(text) & functions for text in (policy.using, policy.check) if text)


def _calls(item: Constraint) -> set[str]:
    """The names a check's expression or an index's keys and predicate call."""
    if isinstance(item, CheckConstraint):
        texts: tuple[str, ...] = (item.expression,)
    else:
        texts = (*(str(key) for key in getattr(item, "columns", ())), getattr(item, "where", None) or "")
    return {name for text in texts for name in _called(text)}


class _Keyed(NamedTuple):
    """A constraint or index of ``table``; ``same_as`` as in :class:`changes._OnTable`."""

    table: str
    definition: Any  # of the kind whose list holds it: the operation it becomes needs that type
    same_as: str | None = None


def _remade(old: Policy, new: Policy) -> bool:
    """Whether a policy is dropped and created again: ALTER POLICY changes neither its command nor
    its kind, and cannot take a USING or WITH CHECK away."""
    kind = (old.command, old.permissive) != (new.command, new.permissive)
    return (
        kind or (old.using is not None and new.using is None) or (old.check is not None and new.check is None)
    )


def _each_privilege(grants: Iterable[Grant]) -> set[Grant]:
    """Grants with ``ALL`` spelled out, so that ALL and some of its privileges compare privilege
    by privilege (ALL becoming SELECT, INSERT revokes the others)."""
    found: set[Grant] = set()
    for grant in grants:
        every = COLUMN_PRIVILEGES if grant.column is not None else TABLE_PRIVILEGES
        privileges = every if grant.privilege == ALL_PRIVILEGES else (grant.privilege,)
        found |= {replace(grant, privilege=p) for p in privileges}
    return found


def _cascaded(grant: Grant, pair: _Pair, kept: set[Grant]) -> tuple[Grant, ...]:
    """What ``REVOKE … CASCADE`` of a grantable ``grant`` may take that the new schema keeps
    unchanged (``kept``): the same privilege on the same table or column held by other roles (the
    model does not say who granted them: all of them; PostgreSQL's cascade from a table-level
    privilege leaves the column grants made with it)."""
    if not grant.grantable:
        return ()
    column = _renamed_grant(grant, pair).column
    taken = (
        g for g in kept if g.grantee != grant.grantee and (g.privilege, g.column) == (grant.privilege, column)
    )
    return tuple(sorted(taken, key=_grant_order))


def _grant_order(grant: Grant) -> tuple[tuple[str, str, str], bool]:
    return grant.key, grant.grantable


def _renamed_grant(grant: Grant, pair: _Pair) -> Grant:
    """An old grant as it reads after the column renames (PostgreSQL keeps a column's grants)."""
    if grant.column is None:
        return grant
    return replace(grant, column=pair.columns.get(grant.column, grant.column))


_Covered = dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # policy name → (within, replaces)


def _replacements(pair: _Pair, memberships: frozenset[tuple[str, str]]) -> tuple[_Covered, _Covered]:
    """For each policy of ``pair`` made and each dropped (the old ones as they read after the
    column renames), by name: the other version's policies that cover it (:func:`covering`:
    the table's policies as a whole let no more through for it), and its replacements: the
    policies dropped (for one made) or made (for one dropped) that cover it or that it covers."""
    before = {p.name: _renamed_policy(p, pair) for p in pair.old.policies}
    after = {p.name: p for p in pair.new.policies}
    made = tuple(p for p in after.values() if p.name not in before or _remade(before[p.name], p))
    dropped = tuple(p for p in before.values() if p.name not in after or _remade(p, after[p.name]))

    def partners(policy: Policy, others: tuple[Policy, ...]) -> tuple[str, ...]:
        return tuple(
            o.name
            for o in others
            if covering(policy, (o,), memberships) or covering(o, (policy,), memberships)
        )

    return (
        {p.name: (covering(p, tuple(before.values()), memberships), partners(p, dropped)) for p in made},
        {p.name: (covering(p, tuple(after.values()), memberships), partners(p, made)) for p in dropped},
    )


def _renamed_policy(policy: Policy, pair: _Pair) -> Policy:
    """An old policy as it reads after the column renames (PostgreSQL rewrites its expressions)."""
    renamed = {o: n for o, n, _ in pair.renamed_columns}
    if not renamed:
        return policy

    def rename(text: str | None) -> str | None:
        if text is None:
            return None
        return normalize_expression(rename_columns(parse_expression(text), renamed).sql(dialect="postgres"))

    return replace(policy, using=rename(policy.using), check=rename(policy.check))


def _only_storage(old: Any, new: Any) -> bool:
    """Whether two versions of an index differ in their storage parameters alone."""
    return isinstance(old, Index) and isinstance(new, Index) and replace(old, storage=new.storage) == new


def _generation(column: Column) -> str:
    """How a column is generated, as its DDL clause says it."""
    if column.generated is None:
        return "not generated"
    return f"as ({column.generated}) {'virtual' if column.virtual else 'stored'}"


def _additions(items: Mapping[str, list[_Keyed]]) -> Iterator[Change]:
    """The adds of ``items`` (per kind, as ``_Autodetector.added_items``): in ``_KINDS`` order, then by table and name."""
    for kind, add, _ in _KINDS:
        for table, item, same_as in sorted(items[kind], key=_by_table_and_name):
            yield add(table, item, same_as)


def _drops(items: Mapping[str, list[_Keyed]]) -> Iterator[Change]:
    """The drops of ``items`` but foreign keys (per kind): in ``_KINDS`` order backwards."""
    for kind, _, drop in reversed(_KINDS[:-1]):
        for table, item, same_as in sorted(items[kind], key=_by_table_and_name):
            yield drop(table, item, same_as)


def _by_table_and_name(item: Sequence[Any]) -> tuple[str, str]:
    return item[0], item[1].name


def _is_key(item: Constraint) -> TypeGuard[PrimaryKey | UniqueConstraint | Index]:
    """Whether a foreign key can reference ``item``."""
    return isinstance(item, PrimaryKey | UniqueConstraint) or (isinstance(item, Index) and item.unique)


def _after_functions(schema: Schema) -> set[str]:
    """The user types made after the functions (and dropped before them): range types that
    name a function of the schema as CANONICAL or SUBTYPE_DIFF, and the types over those."""
    functions = {o.name.partition("(")[0] for o in schema.others if o.kind == "function"}
    late = {r.name for r in schema.ranges if {r.canonical, r.subtype_diff} & functions}
    multiranges = {r.multirange for r in schema.ranges if r.name in late}
    for definition in schema.user_types().values():  # in the order they are made
        if any(part.name in late | multiranges for part in type_parts(definition)):
            late.add(definition.name)
    return late


def _type_kind(definition: UserType) -> str:
    if isinstance(definition, Range):
        return "a range type"
    return "a domain" if isinstance(definition, Domain) else "a composite type"


def _type_shape(definition: UserType) -> str:
    """What cannot change in place: a domain's base type, a composite's attributes, a range's
    definition (PostgreSQL has no ALTER for any of its options)."""
    if isinstance(definition, Domain):
        return f"over {definition.base}"
    if isinstance(definition, Range):
        return (
            "("
            + ", ".join(f"{k} = {v}" for k, v in range_dict(definition).items() if k != "name" and v)
            + ")"
        )
    return "(" + ", ".join(f"{a.name} {a.type}" for a in definition.attributes) + ")"


def merged_values(old: tuple[str, ...], new: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """The values of both versions of an enum in one order, each with the value before it.

    The order keeps both versions' orders (values both keep are in the same order).
    Where one version has values the other lacks at the same place, the group whose
    first value sorts first goes first, so the order is the same whichever version is
    the old one.  Values are added along it and dropped backwards along it, each placed
    after the value before it: diff(b, a) then holds exactly the reverses of diff(a, b),
    and the reverses run backwards restore the old order.
    """
    merged: list[str] = []
    at_old = at_new = 0
    for kept in [*(v for v in old if v in new), None]:
        end_old = len(old) if kept is None else old.index(kept, at_old)
        end_new = len(new) if kept is None else new.index(kept, at_new)
        for group in sorted((old[at_old:end_old], new[at_new:end_new]), key=lambda g: g[:1]):
            merged += group
        at_old, at_new = end_old + 1, end_new + 1
        if kept is not None:
            merged.append(kept)
    return [(value, merged[i - 1] if i else None) for i, value in enumerate(merged)]


def _shape(table: Table) -> frozenset[tuple[str, str]]:
    return frozenset((c.name, str(c.type)) for c in table.columns)
