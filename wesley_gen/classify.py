"""Classification: what each change risks for existing data.

Two tables of rules decide it, and they are the documentation and the test
parameters at once.  :data:`RULES` has one row per row of the design brief's change
table (first matching row wins); :data:`wesley_gen.type_rules.TYPE_RULES` decides type
changes: widening (additive), narrowing (a pre-check counts the rows that would break)
or neither, which the diff reports as an ``incompatible_type`` error unless the user
gives a ``--cast``.

Classes: ``additive`` (nothing existing can break), ``narrowing`` (existing rows can
violate the new shape: a pre-check counts them and stops the plan), ``destructive``
(data is removed), ``rename`` and ``access-widening`` (who may read or write grows: a grant,
a permissive policy, a policy loosened, row-level security off).  ``reversible`` is False when undoing the change
cannot bring the data back; ``backfill`` is True when data must be written before
the change completes (a new required column, a conversion that rewrites values).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wesley_gen.changes import AlterColumnType, Change, DropColumn, DropTable
from wesley_gen.load.objects import NO_PRIVILEGES, defaults_of, owner_of, owner_widens, privileges_in
from wesley_gen.model import ALL_PRIVILEGES, Column, ColumnType, numbered, valued_default
from wesley_gen.type_rules import (
    ACCESS_WIDENING as ACCESS_WIDENING,
)
from wesley_gen.type_rules import (
    ADDITIVE as ADDITIVE,
)
from wesley_gen.type_rules import (
    DESTRUCTIVE as DESTRUCTIVE,
)
from wesley_gen.type_rules import (
    NARROWING as NARROWING,
)
from wesley_gen.type_rules import (
    RENAME as RENAME,
)
from wesley_gen.type_rules import (
    SQLITE_STORAGE,
    TypeRule,
    incompatible_reason,
    type_rule,
)

SENSITIVE_TAGS = ("pii", "sensitive")


@dataclass(frozen=True, slots=True)
class Classification:
    change_class: str  # additive | narrowing | destructive | rename | access-widening
    reversible: bool
    backfill: bool
    reason: str


def _always(change: Any) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the change table: for changes of ``op`` (one or several) where ``when`` holds."""

    name: str
    op: str | tuple[str, ...]
    change_class: str
    reversible: bool
    backfill: bool
    reason: str  # a str.format template over the change, as ``c``
    when: Callable[[Any], bool] = _always

    @property
    def ops(self) -> tuple[str, ...]:
        return (self.op,) if isinstance(self.op, str) else self.op


_KEY_KINDS = ("primary_key", "unique", "check", "foreign_key", "index")


RULES: tuple[Rule, ...] = (
    Rule(
        "re-create a key", tuple(f"add_{kind}" for kind in _KEY_KINDS), ADDITIVE, True, False,
        "re-creates {c.same_as}, dropped first because of a rename or a change to what it depends on; "
        "the rows already satisfy it",
        when=lambda c: c.same_as is not None,
    ),
    Rule(
        "drop a key to re-create it", tuple(f"drop_{kind}" for kind in _KEY_KINDS), ADDITIVE, True, False,
        "dropped to be re-created as {c.same_as}",
        when=lambda c: c.same_as is not None,
    ),
    Rule("add table", "add_table", ADDITIVE, True, False, "new table; nothing existing depends on it"),
    Rule(
        "add generated column", "add_column", ADDITIVE, True, False,
        "generated column: the database computes it for existing rows",
        when=lambda c: c.definition.generated is not None,
    ),
    Rule(
        "add identity column", "add_column", ADDITIVE, True, True,
        "identity column: added without it (numbering every row would rewrite the table), existing "
        "rows numbered in batches by a sequence of its options, the identity attached once NOT NULL",
        when=lambda c: c.definition.identity is not None,
    ),
    Rule(
        "add column numbered by a sequence", "add_column", ADDITIVE, True, True,
        "numbered by {c.definition.default}: added without it (a volatile default would rewrite the "
        "table), the default set for new rows, existing rows numbered in batches",
        when=lambda c: numbered(c.definition),
    ),
    Rule(
        "add nullable column", "add_column", ADDITIVE, True, False,
        "nullable column: existing rows read NULL",
        when=lambda c: c.definition.nullable,
    ),
    Rule(
        "add column with default", "add_column", ADDITIVE, True, False,
        "existing rows get the default {c.definition.default}",
        when=lambda c: valued_default(c.definition) is not None,
    ),
    Rule(
        "add required column", "add_column", ADDITIVE, True, True,
        "required column without a server default: added nullable, backfilled, then set NOT NULL",
    ),
    Rule(
        "drop required column", "drop_column", DESTRUCTIVE, False, False,
        "removes a required field and its data; the column can be recreated, the data cannot",
        when=lambda c: not c.definition.nullable,
    ),
    Rule(
        "drop column", "drop_column", DESTRUCTIVE, False, False,
        "removes the column and its data; the column can be recreated, the data cannot",
    ),
    Rule(
        "drop table", "drop_table", DESTRUCTIVE, False, False,
        "removes the table and every row; the table can be recreated, the data cannot",
    ),
    Rule("rename table", "rename_table", RENAME, True, False, "renamed to {c.new_name} ({c.hint}); rows stay"),
    Rule(
        "redefine table", "redefine_table", NARROWING, True, False,
        "SQLite rebuilds the table to change {c.old} to {c.new}; a row that breaks a STRICT type "
        "or a unique key under the new collation stops the rebuild",
    ),
    Rule(
        "rename NOT NULL", "rename_not_null", ADDITIVE, True, False,
        "the column's NOT NULL constraint is named {c.new_name} (was {c.old_name}); rows stay",
    ),
    Rule(
        "change collation", "alter_column_collation", ADDITIVE, True, False,
        "values stay; comparisons and ordering follow {c.new_collation} (default: the type's), "
        "and the column's indexes are rebuilt",
    ),
    Rule(
        "attach partition", "add_parent", NARROWING, True, False,
        "{c.table} becomes the partition {c.bound} of {c.parent}: its rows read through {c.parent}; "
        "a row outside the bound stops the attach",
        when=lambda c: c.bound is not None,
    ),
    Rule(
        "inherit", "add_parent", ADDITIVE, True, False,
        "{c.table} inherits from {c.parent}: its rows read through {c.parent} too",
    ),
    Rule(
        "detach partition", "drop_parent", NARROWING, True, False,
        "{c.table} is no longer a partition of {c.parent}: its rows stay in it but no longer read "
        "through {c.parent}",
        when=lambda c: c.bound is not None,
    ),
    Rule(
        "no inherit", "drop_parent", NARROWING, False, False,
        "{c.table} no longer inherits from {c.parent}: its rows stay in it but no longer read "
        "through {c.parent}; its inherited columns become its own, and PostgreSQL cannot make them "
        "inherited only again (an INHERIT leaves them declared in {c.table} too)",
    ),
    Rule(
        "change table storage", "alter_table_storage", ADDITIVE, True, False,
        "how PostgreSQL stores the table changes (UNLOGGED, storage parameters); rows stay. "
        "SET LOGGED and SET UNLOGGED rewrite the table under a lock",
    ),
    Rule(
        "change index storage", "alter_index_storage", ADDITIVE, True, False,
        "index {c.name} keeps its entries; pages written from now on follow the new storage "
        "parameters (REINDEX applies them to the existing ones)",
    ),
    Rule(
        "rename column", "rename_column", RENAME, True, False,
        "renamed to {c.new_name} ({c.hint}); values stay",
    ),
    Rule(
        "convert a type with a cast", "alter_column_type", NARROWING, False, True,
        "{c.old_type} → {c.new_type} converted by --cast {c.cast}; the pre-check runs the cast "
        "on every row and stops the plan if any fails",
        when=lambda c: c.cast is not None,
    ),
    Rule(
        "set NOT NULL", "set_not_null", NARROWING, True, False,
        "existing NULLs would break it; the pre-check counts them",
    ),
    Rule("drop NOT NULL", "drop_not_null", ADDITIVE, True, False, "relaxing: NULL becomes allowed"),
    Rule(
        "set default", "set_default", ADDITIVE, True, False,
        "default {c.new_default} applies to future inserts; existing rows keep their values",
    ),
    Rule(
        "drop default", "drop_default", ADDITIVE, True, False,
        "future inserts no longer get {c.old_default}; existing rows keep their values",
    ),
    Rule(
        "change generation expression", "set_expression", ADDITIVE, True, False,
        "every row is computed again from {c.new_expression}; PostgreSQL rewrites the table under "
        "ACCESS EXCLUSIVE, the only way to change what a stored generated column holds",
    ),
    Rule(
        "drop generation expression", "drop_expression", ADDITIVE, False, False,
        "the column keeps its values and becomes writable; PostgreSQL cannot make a plain column "
        "generated again, so rolling back means dropping the column and adding it back by hand",
    ),
    Rule(
        "add identity", "add_identity", ADDITIVE, True, False,
        "future inserts draw values from a new sequence, moved past the largest value the column holds",
    ),
    Rule(
        "drop identity", "drop_identity", ADDITIVE, True, False,
        "future inserts must give a value; the column's sequence is dropped, existing rows keep theirs",
    ),
    Rule(
        "change identity", "alter_identity", ADDITIVE, True, False,
        "future inserts follow the new identity settings; existing rows keep their values",
    ),
    Rule("add sequence", "add_sequence", ADDITIVE, True, False, "new sequence; nothing existing uses it"),
    Rule(
        "drop sequence", "drop_sequence", ADDITIVE, True, False,
        "no column draws from it any more; a re-created sequence starts again from its start value",
    ),
    Rule(
        "change sequence", "alter_sequence", ADDITIVE, True, False,
        "values drawn from now on follow the new settings; values drawn already stay",
    ),
    Rule(
        "add primary key", "add_primary_key", NARROWING, True, False,
        "NULL or duplicate keys would break it; the pre-check counts them",
    ),
    Rule(
        "drop primary key", "drop_primary_key", ADDITIVE, True, False,
        "relaxing: rows no longer need a unique, non-NULL key",
    ),
    Rule(
        "add unique constraint", "add_unique", NARROWING, True, False,
        "existing duplicates would break it; the pre-check counts them",
    ),
    Rule("drop unique constraint", "drop_unique", ADDITIVE, True, False, "relaxing: duplicates become allowed"),
    Rule(
        "add check constraint", "add_check", NARROWING, True, False,
        "rows failing {c.definition.expression} would break it; the pre-check counts them",
    ),
    Rule(
        "drop check constraint", "drop_check", ADDITIVE, True, False,
        "relaxing: {c.definition.expression} is no longer enforced",
    ),
    Rule(
        "add foreign key with its table", "add_foreign_key", ADDITIVE, True, False,
        "added once {c.table} and {c.definition.ref_table} both exist; {c.table} is new and empty",
        when=lambda c: c.with_table,
    ),
    Rule(
        "add foreign key", "add_foreign_key", NARROWING, True, False,
        "rows without a matching {c.definition.ref_table} row would break it; the pre-check counts them",
    ),
    Rule(
        "drop foreign key with its table", "drop_foreign_key", ADDITIVE, True, False,
        "dropped ahead of {c.table}, which this migration drops too",
        when=lambda c: c.with_table,
    ),
    Rule(
        "drop foreign key", "drop_foreign_key", ADDITIVE, True, False,
        "relaxing: references to {c.definition.ref_table} are no longer enforced",
    ),
    Rule(
        "add unique index", "add_index", NARROWING, True, False,
        "existing duplicates would break it; the pre-check counts them",
        when=lambda c: c.definition.unique,
    ),
    Rule("add index", "add_index", ADDITIVE, True, False, "speeds up reads; no row can break it"),
    Rule("drop index", "drop_index", ADDITIVE, True, False, "relaxing: no row depends on it"),
    Rule("add schema", "add_schema", ADDITIVE, True, False, "new namespace; nothing existing is in it"),
    Rule(
        "drop schema", "drop_schema", DESTRUCTIVE, True, False,
        "removes the namespace {c.schema}; nothing this migration keeps is left in it",
    ),
    Rule(
        "add exclusion constraint", "add_exclusion", NARROWING, True, False,
        "rows that conflict under {c.definition.name} would break it; PostgreSQL checks every row as it adds it",
    ),
    Rule(
        "drop exclusion constraint", "drop_exclusion", ADDITIVE, True, False,
        "relaxing: conflicting rows become allowed",
    ),
    Rule("add enum", "add_enum", ADDITIVE, True, False, "new type; nothing existing uses it"),
    Rule(
        "drop enum", "drop_enum", DESTRUCTIVE, True, False,
        "removes the type and its values, which no column uses any more; the rollback creates it again",
    ),
    Rule(
        "add enum value", "add_enum_value", ADDITIVE, True, False,
        "new value '{c.value}'; existing rows keep theirs",
    ),
    Rule(
        "drop enum value", "drop_enum_value", NARROWING, True, False,
        "rows using '{c.value}' would break; the pre-check counts them",
    ),
    Rule("add type", "add_type", ADDITIVE, True, False, "new type; nothing existing uses it"),
    Rule(
        "drop type", "drop_type", DESTRUCTIVE, True, False,
        "removes the type, which no column uses any more; the rollback creates it again",
    ),
    Rule(
        "narrow a domain", "alter_domain", NARROWING, True, False,
        "values of {c.name} that fail its new checks or NOT NULL would break it; "
        "PostgreSQL checks every column of the domain as it alters it",
        when=lambda c: c.narrows,
    ),
    Rule("alter a domain", "alter_domain", ADDITIVE, True, False, "relaxing: no value of {c.name} can fail"),
    Rule(
        "drop composite attributes", "alter_composite", DESTRUCTIVE, False, False,
        "the dropped attributes' values are lost from every column of {c.name}",
        when=lambda c: bool(c.dropped),
    ),
    Rule(
        "remake a composite type", "alter_composite", ADDITIVE, True, False,
        "no column uses {c.name}: dropped and made again with its attributes in their new order "
        "(PostgreSQL adds an attribute last and cannot move one)",
        when=lambda c: c.reordered,
    ),
    Rule(
        "rename composite attributes", "alter_composite", RENAME, True, False,
        "attributes of {c.name} renamed (marked renamed-from in the new schema); values stay",
        when=lambda c: bool(c.renamed),
    ),
    Rule(
        "retype composite attributes", "alter_composite", ADDITIVE, True, False,
        "no column uses {c.name}: its attributes change type in place (ALTER ATTRIBUTE … TYPE)",
        when=lambda c: bool(c.retyped),
    ),
    Rule(
        "add composite attributes", "alter_composite", ADDITIVE, True, False,
        "new attributes of {c.name} are NULL in existing values",
    ),
    Rule(
        "replace a range type", "replace_range", ADDITIVE, True, False,
        "no column uses {c.name}: dropped and made again with its new definition",
    ),
    *(
        Rule(
            f"{what} with its table", op, ADDITIVE, True, False,
            "of {c.table}, which this migration " + ("drops" if op.startswith("drop") else "creates")
            + "; nobody can read it meanwhile",
            when=lambda c: c.with_table,
        )
        for what, op in (
            ("add policy", "add_policy"), ("drop policy", "drop_policy"), ("add grant", "add_grant"),
            ("drop grant", "drop_grant"), ("switch row-level security", "alter_row_security"),
        )
    ),
    Rule(
        "drop a policy to make it again", "drop_policy", ADDITIVE, True, False,
        "policy {c.name} on {c.table} is dropped while the function it calls is made again",
        when=lambda c: c.same_as is not None,
    ),
    Rule(
        "make a policy again", "add_policy", ADDITIVE, True, False,
        "policy {c.name} on {c.table} made again as it was, once the function it calls is",
        when=lambda c: c.same_as is not None,
    ),
    Rule(
        "add permissive policy as row-level security is switched on", "add_policy", NARROWING, True, False,
        "permissive policy {c.name} on {c.table}, whose row-level security this migration switches on: "
        "before it every row was open; {c.definition.to} keep the rows it allows (FOR {c.definition.command})",
        when=lambda c: c.opens and c.definition.permissive,
    ),
    Rule(
        "add permissive policy within the others", "add_policy", ADDITIVE, True, False,
        "permissive policy {c.name} on {c.table} lets {c.definition.to} reach no row that {c.covered} did "
        "not (FOR {c.definition.command}){c.replacing}",
        when=lambda c: c.within and c.definition.permissive,
    ),
    Rule(
        "add permissive policy", "add_policy", ACCESS_WIDENING, True, False,
        "permissive policy {c.name} lets {c.definition.to} reach more rows of {c.table} "
        "(FOR {c.definition.command}){c.replacing}",
        when=lambda c: c.definition.permissive,
    ),
    Rule(
        "add restrictive policy within the others", "add_policy", ADDITIVE, True, False,
        "restrictive policy {c.name} on {c.table} hides no row from {c.definition.to} that {c.covered} did "
        "not (FOR {c.definition.command}){c.replacing}",
        when=lambda c: c.within,
    ),
    Rule(
        "add restrictive policy", "add_policy", NARROWING, True, False,
        "restrictive policy {c.name} hides rows of {c.table} from {c.definition.to}; running queries "
        "may see fewer rows or fail to write{c.replacing}",
    ),
    Rule(
        "drop restrictive policy within the others", "drop_policy", ADDITIVE, True, False,
        "restrictive policy {c.name} on {c.table} goes, but {c.covered} hide every row it hid from "
        "{c.definition.to} (FOR {c.definition.command}){c.replacing}",
        when=lambda c: c.within and not c.definition.permissive,
    ),
    Rule(
        "drop restrictive policy", "drop_policy", ACCESS_WIDENING, True, False,
        "restrictive policy {c.name} no longer limits {c.definition.to} on {c.table}{c.replacing}",
        when=lambda c: not c.definition.permissive,
    ),
    Rule(
        "drop permissive policy within the others", "drop_policy", ADDITIVE, True, False,
        "permissive policy {c.name} on {c.table} goes, but {c.covered} let {c.definition.to} reach every "
        "row it did (FOR {c.definition.command}){c.replacing}",
        when=lambda c: c.within,
    ),
    Rule(
        "drop permissive policy", "drop_policy", NARROWING, True, False,
        "permissive policy {c.name} no longer lets {c.definition.to} reach rows of {c.table}; "
        "their queries may see fewer rows or fail to write{c.replacing}",
    ),
    Rule(
        "narrow a policy to members of its roles", "alter_policy", NARROWING, True, False,
        "policy {c.name} on {c.table} goes from {c.old.to} to {c.new.to} ({c.members}: members that have the "
        "privileges of the roles named instead): no role gains access; queries may see fewer rows",
        when=lambda c: c.members,
    ),
    Rule(
        "narrow a policy", "alter_policy", NARROWING, True, False,
        "policy {c.name} on {c.table} applies its old conditions and more; queries may see fewer rows",
        when=lambda c: c.narrows,
    ),
    Rule(
        "change a policy within the others", "alter_policy", NARROWING, True, False,
        "policy {c.name} on {c.table} changes, and {c.covered} keep the table's policies from letting "
        "more through; queries may see fewer rows",
        when=lambda c: c.within,
    ),
    Rule(
        "widen a policy", "alter_policy", ACCESS_WIDENING, True, False,
        "policy {c.name} on {c.table} changes roles or conditions in a way not proven narrower "
        "(only conditions AND-ed to the old ones are)",
    ),
    Rule(
        "relax row-level security", "alter_row_security", ACCESS_WIDENING, True, False,
        "row-level security of {c.table} goes from (enabled, forced) {c.old} to {c.new}: "
        "policies stop applying to some sessions",
        when=lambda c: (c.old[0] and not c.new[0]) or (c.old[1] and not c.new[1]),
    ),
    Rule(
        "enforce row-level security", "alter_row_security", NARROWING, True, False,
        "row-level security of {c.table} goes from (enabled, forced) {c.old} to {c.new}: rows no policy "
        "lets through vanish from running queries",
    ),
    Rule(
        "narrow a table grant to columns", "add_grant", NARROWING, True, False,
        "{c.definition.grantee} keeps {c.definition.privilege} on {c.table}.{c.definition.column} only "
        "(it held it on the whole table)",
        when=lambda c: c.same_as is not None and c.definition.column is not None and c.same_as != c.definition.name,
    ),
    Rule(
        "grant again without its grant option", "add_grant", NARROWING, True, False,
        "{c.definition.grantee} keeps {c.definition.privilege} on {c.table} but can no longer grant it",
        when=lambda c: c.same_as is not None,
    ),
    Rule(
        "add grant", "add_grant", ACCESS_WIDENING, True, False,
        "{c.definition.grantee} gains {c.definition.privilege}" + " on {c.table}",
    ),
    Rule(
        "drop grant", "drop_grant", NARROWING, True, False,
        "{c.definition.grantee} loses {c.definition.privilege} on {c.table}; its queries that use it fail",
    ),
    Rule(
        "default privileges that only take", "create_object", NARROWING, True, False,
        "default privileges {c.name}: objects made from now on lack {c.definition.definition} of the "
        "built-in defaults; callers relying on it fail on them",
        when=lambda c: c.kind == "default privileges" and not defaults_of(c.definition).granted,
    ),
    Rule(
        "default privileges", "create_object", ACCESS_WIDENING, True, False,
        "default privileges {c.name}: objects made from now on give {c.definition.definition}",
        when=lambda c: c.kind == "default privileges",
    ),
    Rule(
        "narrow default privileges", "replace_object", NARROWING, True, False,
        "default privileges {c.name}: {c.before.definition} becomes {c.definition.definition}; objects made "
        "from now on give less",
        when=lambda c: c.kind == "default privileges" and _defaults_narrowed(c.before, c.definition),
    ),
    Rule(
        "widen default privileges", "replace_object", ACCESS_WIDENING, True, False,
        "default privileges {c.name}: {c.before.definition} becomes {c.definition.definition}",
        when=lambda c: c.kind == "default privileges",
    ),
    Rule(
        "give the built-in defaults back", "drop_object", ACCESS_WIDENING, True, False,
        "default privileges {c.name} undone: objects made from now on give the built-in defaults again "
        "({c.definition.definition} undone)",
        when=lambda c: c.kind == "default privileges" and bool(defaults_of(c.definition).revoked),
    ),
    Rule(
        "undo default privileges", "drop_object", NARROWING, True, False,
        "default privileges {c.name} undone: objects made from now on no longer give {c.definition.definition}",
        when=lambda c: c.kind == "default privileges",
    ),
    Rule(
        "own a new object", "create_object", ADDITIVE, True, False,
        "{c.name} is {c.definition.definition}: the object is new or made again as it was, so nothing "
        "that existed changes hands",
        when=lambda c: c.kind == "owner" and c.recreated,
    ),
    Rule(
        "give an object to a role", "create_object", ACCESS_WIDENING, True, False,
        "{c.definition.definition} becomes the owner ({c.name}): it gains every privilege on it and may "
        "alter, drop and grant it, whatever was granted",
        when=lambda c: c.kind == "owner" and owner_of(c.definition)[0] is not None,
    ),
    Rule(
        "change an object's owner", "replace_object", ACCESS_WIDENING, True, False,
        "owner {c.name} goes from {c.before.definition} to {c.definition.definition}: the new owner gains "
        "every privilege on it and may alter, drop and grant it (the old one loses them)",
        when=lambda c: c.kind == "owner" and owner_of(c.definition)[0] not in (None, owner_of(c.before)[0]),
    ),
    Rule(
        "widen an owner's own privileges", ("create_object", "replace_object", "drop_object"), ACCESS_WIDENING,
        True, False,
        "the owner {c.name} holds more of it than before (its own privileges: {c.definition.definition}; "
        "an owner's privileges dropped are every one, as PostgreSQL gives them)",
        when=lambda c: c.kind == "owner" and _owner_widens(c),
    ),
    Rule(
        "take an object back from its owner", "drop_object", NARROWING, True, False,
        "{c.definition.definition} no longer owns it ({c.name}): the role that runs the migration does; "
        "{c.definition.definition} keeps only what is granted to it",
        when=lambda c: c.kind == "owner" and not c.recreated and owner_of(c.definition)[0] is not None,
    ),
    Rule(
        "narrow an owner's own privileges", ("create_object", "replace_object"), NARROWING, True, False,
        "owner {c.name}: {c.definition.definition} (the role that runs the migration where no role is named), "
        "holding no more of it than before",
        when=lambda c: c.kind == "owner",
    ),
    Rule(
        "grant again", "create_object", ADDITIVE, True, False,
        "grant {c.name}: given back as it was to the relation made again, on a new one over nothing that existed, "
        "or held as much from another role",
        when=lambda c: c.kind == "grant" and c.recreated,
    ),
    Rule(
        "revoke PUBLIC's default privilege", "create_object", NARROWING, True, False,
        "grant {c.name}: PUBLIC loses its default privilege; callers without a grant of their own fail",
        when=lambda c: c.kind == "grant" and c.definition.definition == NO_PRIVILEGES,
    ),
    Rule(
        "grant on a relation", "create_object", ACCESS_WIDENING, True, False,
        "grant {c.name} gives {c.definition.definition}",
        when=lambda c: c.kind == "grant",
    ),
    Rule(
        "grant again after a cascade", "replace_object", ADDITIVE, True, False,
        "grant {c.name}: given again as it was, after REVOKE … CASCADE of another role's grant option "
        "may have taken it",
        when=lambda c: c.kind == "grant" and c.before == c.definition,
    ),
    Rule(
        "narrow a grant on a relation", "replace_object", NARROWING, True, False,
        "grant {c.name}: {c.before.definition} becomes {c.definition.definition}; queries that use the rest fail",
        when=lambda c: c.kind == "grant" and _privileges_narrowed(c.before.definition, c.definition.definition),
    ),
    Rule(
        "widen a grant on a relation", "replace_object", ACCESS_WIDENING, True, False,
        "grant {c.name}: {c.before.definition} becomes {c.definition.definition}",
        when=lambda c: c.kind == "grant",
    ),
    Rule(
        "give PUBLIC its default privilege back", "drop_object", ACCESS_WIDENING, True, False,
        "grant {c.name}: PUBLIC gets its default privilege back (every role may use it)",
        when=lambda c: c.kind == "grant"
        and not c.recreated
        and not c.with_target
        and c.definition.definition == NO_PRIVILEGES,
    ),
    Rule(
        "revoke a grant on a relation", "drop_object", NARROWING, True, False,
        "grant {c.name} revoked ({c.definition.definition}); queries that use it fail",
        when=lambda c: c.kind == "grant" and not c.recreated,
    ),
    Rule("create object", "create_object", ADDITIVE, True, False, "new {c.kind}; nothing existing uses it"),
    Rule(
        "switch a trigger", "replace_object", ADDITIVE, True, False,
        "trigger {c.name} goes from {c.states} by ALTER TABLE; its definition is unchanged",
        when=lambda c: c.kind == "trigger",
    ),
    Rule(
        "replace object", "replace_object", ADDITIVE, True, False,
        "{c.kind} {c.name} replaced in place; what uses it keeps working",
    ),
    Rule(
        "drop object to re-create it", "drop_object", ADDITIVE, True, False,
        "{c.kind} {c.name} is dropped for the change and created again after it",
        when=lambda c: c.recreated,
    ),
    Rule(
        "drop object", "drop_object", DESTRUCTIVE, True, False,
        "removes {c.kind} {c.name}: whatever uses it breaks",
    ),
)  # fmt: skip


def _owner_widens(change: Any) -> bool:
    """Whether an owner object's change leaves the owner holding more of its object: its own
    privileges gain one (an owner object dropped: every one), or the object goes back to whoever
    runs the migration holding more than the role it is taken from held."""
    role, held = owner_of(change.definition)
    if change.op == "drop_object":  # taken from a role: narrowing; the runner's own given back whole
        return role is None and owner_widens(held, None)
    before = owner_of(change.before)[1] if change.op == "replace_object" else None
    return owner_widens(before, held)


def _defaults_narrowed(before: Any, after: Any) -> bool:
    """Whether the default privileges ``after`` give no privilege (nor grant option) ``before``
    did not, and take every built-in default ``before`` took."""
    old, new = defaults_of(before), defaults_of(after)
    return new.revoked >= old.revoked and all(
        any(p in (word, ALL_PRIVILEGES) and (was or not grantable) for p, was in old.granted.items())
        for word, grantable in new.granted.items()
    )


def _privileges_narrowed(before: str, after: str) -> bool:
    """Whether every privilege of the grant ``after`` (``SELECT, UPDATE (a)``; ``ALL``; ``…
    WITH GRANT OPTION``; ``NONE``) is held by ``before`` (on the column's relation, or grantable)."""
    held = [
        (word, columns, grantable) for grantable, items in privileges_in(before) for word, columns in items
    ]
    return all(
        any(
            old in (word, ALL_PRIVILEGES)
            and (not old_columns or set(columns or ("",)) <= set(old_columns))
            and (was_grantable or not grantable)
            for old, old_columns, was_grantable in held
        )
        for grantable, items in privileges_in(after)
        for word, columns in items
    )


_REBUILD = "SQLite does it by rebuilding the table"
_NOT_VALID = "PostgreSQL adds it NOT VALID, then VALIDATEs it without blocking writes"
_CONCURRENTLY = "PostgreSQL builds it CONCURRENTLY, outside a transaction"
# How a row ships on one dialect, appended to its reason.
DIALECT_NOTES: dict[tuple[str, str], str] = {
    ("add index", "postgres"): _CONCURRENTLY,
    ("add unique index", "postgres"): _CONCURRENTLY,
    ("add check constraint", "postgres"): _NOT_VALID,
    ("add foreign key", "postgres"): _NOT_VALID,
    ("add required column", "sqlite"): "SQLite sets NOT NULL by rebuilding the table",
    **{
        (name, "sqlite"): _REBUILD
        for name in (
            "set NOT NULL", "drop NOT NULL", "set default", "drop default",
            "add primary key", "drop primary key", "add unique constraint", "drop unique constraint",
            "add check constraint", "drop check constraint", "add foreign key",
            "add foreign key with its table", "drop foreign key", "convert a type with a cast",
        )
    },
}  # fmt: skip


def _type_reason(rule: TypeRule, old: ColumnType, new: ColumnType, dialect: str, in_place: bool) -> str:
    storage = SQLITE_STORAGE.get(old.name, old.name)
    reason = f"{old} → {new}: " + rule.reason.format(old=old, new=new, storage=storage)
    if dialect == "sqlite":
        return f"{reason}; SQLite changes a declared type by rebuilding the table"
    if in_place:
        return f"{reason}; in place, no table rewrite"
    return f"{reason}; PostgreSQL rewrites the table for it, so it ships as shadow column, batched copy, swap"


def _classify_type_change(change: AlterColumnType, dialect: str) -> Classification:
    rule = type_rule(change.old_type, change.new_type, dialect)
    if rule is None:
        # The diff reports this as an error; a reverse() of a cast conversion lands here.
        reason = incompatible_reason(change.table, change.column, change.old_type, change.new_type)
        return Classification(NARROWING, False, True, reason)
    in_place = dialect in rule.in_place and not change.old_type.array_dims
    # A rewrite goes through a shadow column on PostgreSQL, which can write it in batches
    # beside the old column (narrowings too); SQLite rebuilds the table anyway.
    backfill = not in_place and (rule.change_class == ADDITIVE or dialect == "postgres")
    reason = _type_reason(rule, change.old_type, change.new_type, dialect, in_place)
    return Classification(rule.change_class, rule.reversible, backfill, reason)


def rule_for(change: Change) -> Rule:
    """The first row of :data:`RULES` that matches ``change``."""
    return next(rule for rule in RULES if change.op in rule.ops and rule.when(change))


def _sensitive_note(change: Change) -> str:
    """Say so when the data a change removes was tagged ``pii`` or ``sensitive``."""
    columns: tuple[Column, ...] = ()
    tags: tuple[str, ...] = ()
    if isinstance(change, DropColumn):
        columns = (change.definition,)
    elif isinstance(change, DropTable):
        columns, tags = change.definition.columns, change.definition.tags
    tagged = sorted(
        {t for t in tags if t in SENSITIVE_TAGS} | {t for c in columns for t in c.tags if t in SENSITIVE_TAGS}
    )
    return f"; the data is tagged {' and '.join(tagged)}" if tagged else ""


def classify(change: Change, *, dialect: str) -> Classification:
    """Class, reversibility, backfill and a one-line reason for ``change`` on ``dialect``."""
    if isinstance(change, AlterColumnType) and change.cast is None:
        return _classify_type_change(change, dialect)
    rule = rule_for(change)
    reason = rule.reason.format(c=change) + _sensitive_note(change)
    note = DIALECT_NOTES.get((rule.name, dialect))
    if note:
        reason = f"{reason}; {note}"
    return Classification(rule.change_class, rule.reversible, rule.backfill, reason)
