"""What a migration needs to know of the objects kept by canonical definition (issue 15, point 4).

Views, materialized views, functions and procedures, triggers, comments, extensions and the
indexes of materialized views (PostgreSQL; views and triggers on SQLite) are not broken into
model values: each is an :class:`~wesley_gen.model.OtherObject`, compared by its canonical
definition (:mod:`wesley_gen.load.opaque`) and migrated whole, by the statement that creates
it.  One path serves every kind; what differs per kind is read here from the definition:

* :func:`reads`: the relations a view's query (or a SQLite trigger's body) names, the function
  a PostgreSQL trigger calls, so that a view over a column the migration retypes or drops is
  dropped first and created again after (a trigger with the function it calls);
* :func:`attached_to`: the relation a trigger, an index or a comment hangs on (it goes with it);
* :func:`replaced_in_place`: whether ``CREATE OR REPLACE`` (or ``COMMENT ON``, ``ALTER EXTENSION
  … SET SCHEMA``, ``ALTER TABLE … ENABLE/DISABLE TRIGGER``) turns one definition into the other,
  or the object is dropped and created.

A PostgreSQL trigger that does not fire as ``CREATE TRIGGER`` makes it (``pg_trigger.tgenabled``
other than ``O``) has the ``ALTER TABLE … DISABLE TRIGGER`` (``ENABLE REPLICA``, ``ENABLE ALWAYS``)
that sets its state as a second statement of its definition (:func:`with_trigger_state`), as
pg_dump writes it: the state compares, snapshots and migrates with the trigger.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from wesley_gen.model import (
    MAINTAIN_SINCE,
    NOT_NULL_NAMES_SINCE,
    OPTIONAL_PRIVILEGES,
    TABLE_PRIVILEGES,
    OtherObject,
    Schema,
    Table,
    grants_of,
)

# The kinds migrated, per dialect; the others stay refused when they differ (diff.check_others).
MIGRATED = {
    "postgres": frozenset(
        {
            "extension",
            "collation",
            "function",
            "procedure",
            "view",
            "materialized view",
            "index",
            "trigger",
            "comment",
            "grant",
            "owner",
            "default privileges",
        }
    ),
    "sqlite": frozenset({"view", "trigger"}),
}
# A grant is migrated when it names its target and role: ``on v to reader`` (a view's, a
# materialized view's, a sequence's), ``on function f(integer) to reader``, ``on schema app to
# reader``, ``on type mood to public``; one kept by its statement (``ON ALL TABLES IN SCHEMA``) is not.
_GRANT = re.compile(r"^on (?P<target>.+) to (?P<grantee>[^ ]+)(?: granted by (?P<grantor>[^ ]+))?$")
# Who owns an object when not the role that runs the migration: ``of table docs``, ``of function
# f(integer)``, ``of schema app`` (its definition: the role).
_OWNER = re.compile(
    r"^of (?P<what>materialized view|view|table|sequence|function|procedure|schema|type|domain|collation) (?P<target>.+)$"
)
# What a grant may be on besides a relation: the word its target starts with.
GRANT_TARGETS = ("function", "procedure", "schema", "type")
# The privilege PUBLIC holds on an object of a kind until revoked (the server's acldefault).
_PUBLIC_DEFAULTS = {"function": "EXECUTE", "procedure": "EXECUTE", "type": "USAGE"}


def public_default(kind: str, name: str) -> str | None:
    """The privilege PUBLIC holds on the object ``name`` of ``kind`` until revoked: its kind's, and
    USAGE on the public schema (as PostgreSQL 15 and later make a database)."""
    return "USAGE" if (kind, name) == ("schema", "public") else _PUBLIC_DEFAULTS.get(kind)


# A grant's definition when PUBLIC lost its default privilege and holds none.
NO_PRIVILEGES = "NONE"
_GRANT_OPTION = " WITH GRANT OPTION"
_PRIVILEGE = re.compile(r"(?P<name>[A-Z]+)(?: \((?P<columns>[^()]*)\))?")
# Kinds a migration creates before the tables (expand): a default, a check, a column's type or its
# collation may use them; dropped after the tables.
EARLY = frozenset({"extension", "collation", "function", "procedure"})
RELATIONS = frozenset({"view", "materialized view"})
DEPENDED_ON = RELATIONS | {"function", "procedure"}  # what a drop takes others with
_ON = re.compile(r"^(?P<own>.+?) on (?P<table>[^ ]+)$")
_WORD = re.compile(r"\w+")
# What a comment can be on and hang on a relation (longest first: ``materialized view`` before ``view``).
_COMMENTED = (
    "materialized view",
    "function",
    "procedure",
    "view",
    "table",
    "column",
    "trigger",
    "index",
    "constraint",
    "policy",
    "rule",
)


# pg_trigger.tgenabled → the ALTER TABLE subcommand that sets it (``O``, origin: what CREATE TRIGGER makes).
TRIGGER_STATES = {
    "O": "AT_EnableTrig",
    "D": "AT_DisableTrig",
    "R": "AT_EnableReplicaTrig",
    "A": "AT_EnableAlwaysTrig",
}

# How a change names each state (session_replication_role decides where ENABLE and REPLICA fire).
TRIGGER_STATE_WORDS = {
    "O": "enabled",
    "D": "disabled",
    "R": "enabled on replicas only",
    "A": "enabled always",
}


def with_trigger_state(definition: str, state: str) -> str:
    """A PostgreSQL trigger's canonical ``definition`` with the statement that gives it ``state``
    (a letter of :data:`TRIGGER_STATES`) after it, unless it is the state CREATE TRIGGER makes."""
    return definition if state == "O" else f"{definition}; {_state_statement(_statement(definition), state)}"


def trigger_state(item: OtherObject) -> str:
    """The state (a letter of :data:`TRIGGER_STATES`) a trigger's definition gives it."""
    statements = _statements(item.definition)
    if item.kind != "trigger" or len(statements) < 2:
        return "O"
    subtype = statements[-1].cmds[0].subtype.name
    return next(letter for letter, name in TRIGGER_STATES.items() if name == subtype)


def trigger_state_statement(item: OtherObject) -> str:
    """The ``ALTER TABLE … ENABLE/DISABLE TRIGGER`` that gives a trigger its state."""
    return _state_statement(_statement(item.definition), trigger_state(item))


def _state_statement(created: Any, state: str) -> str:
    from pglast import ast
    from pglast.enums import AlterTableType, ObjectType
    from pglast.stream import RawStream

    command = ast.AlterTableCmd(subtype=getattr(AlterTableType, TRIGGER_STATES[state]), name=created.trigname)
    alter = ast.AlterTableStmt(relation=created.relation, cmds=(command,), objtype=ObjectType.OBJECT_TABLE)
    return str(RawStream()(alter))


def migrated(item: OtherObject, dialect: str) -> bool:
    """Whether a migration creates, replaces and drops ``item`` (else a difference is refused)."""
    return item.kind in MIGRATED.get(dialect, frozenset()) and (
        item.kind != "grant" or _GRANT.match(item.name) is not None
    )


# ALTER DEFAULT PRIVILEGES' objects: ``for role owner in schema app on tables to reader`` (no role:
# whoever runs the migration; no schema: the database's), holding ``GRANT SELECT; GRANT USAGE WITH
# GRANT OPTION; REVOKE EXECUTE`` (what it gives, and takes from the built-in defaults).
_DEFAULTS = re.compile(
    r"^(?:for role (?P<role>\S+) )?(?:in schema (?P<schema>\S+) )?on (?P<objects>.+) to (?P<grantee>\S+)$"
)


@dataclass(frozen=True, slots=True)
class Defaults:
    """A default privileges object read back: whose, where, on what kind of object, to whom, and
    what it gives (privilege → grantable) and takes away from the built-in defaults."""

    role: str | None
    schema: str | None
    objects: str
    grantee: str
    granted: dict[str, bool]
    revoked: frozenset[str]


def defaults_of(item: OtherObject) -> Defaults:
    """A default privileges object's parts (:data:`_DEFAULTS`)."""
    match = _DEFAULTS.match(item.name)
    assert match is not None, item.name
    granted: dict[str, bool] = {}
    revoked: set[str] = set()
    for part in item.definition.split("; ") if item.definition else ():
        action, _, body = part.partition(" ")
        words = body.removesuffix(_GRANT_OPTION).split(", ")
        if action == "REVOKE":
            revoked.update(words)
        else:
            granted.update(dict.fromkeys(words, body.endswith(_GRANT_OPTION)))
    return Defaults(
        match["role"], match["schema"], match["objects"], match["grantee"], granted, frozenset(revoked)
    )


def owner_name(what: str, name: str) -> str:
    """How the owner of an object is named: ``of table docs``, ``of function f(integer)``."""
    return f"of {what} {name}"


# An owner object's role when whoever runs the migration owns the object: it has one only when its
# own privileges are not the default (a role named so is reserved: PostgreSQL's own keyword).
RUNNER = "CURRENT_USER"
# An owner's definition: the role, and its own privileges when not every one (pg_dump's ``REVOKE
# ALL … FROM owner`` and the ``GRANT``s after it): ``alice holding SELECT; UPDATE WITH GRANT OPTION``.
_HOLDING = " holding "


def owned_by(role: str | None) -> str:
    """What a publication's or event trigger's definition says of its owner: ``; owned by r``
    (nothing: whoever runs the migration owns it)."""
    return f"; owned by {role}" if role is not None else ""


def owner_definition(role: str | None, held: str | None = None) -> str:
    """An owner object's definition: ``role`` (``None``: whoever runs the migration) and what it
    holds of its own object when not every privilege (``held``: :func:`privileges_text`'s)."""
    return (role or RUNNER) + (f"{_HOLDING}{held}" if held is not None else "")


def owner_of(item: OtherObject) -> tuple[str | None, str | None]:
    """An owner object's role (``None``: whoever runs the migration) and own privileges (``None``:
    every one, as PostgreSQL gives an owner by default)."""
    role, _, held = item.definition.partition(_HOLDING)
    return (None if role == RUNNER else role), (held or None)


def owner_widens(before: str | None, after: str | None) -> bool:
    """Whether an owner holding ``after`` of its own object (``None``: every privilege) holds a
    privilege (a column's) it did not hold under ``before``; a grant option is no more, since an
    owner may grant whatever it holds (PostgreSQL treats it as holding every grant option)."""
    had = {(name, column) for name, column, _ in _held_set(before)}
    return not all(
        any((whole, on) in had for whole in {name, "ALL"} for on in {column, None})
        for name, column, _ in _held_set(after)
    )


def _held_set(held: str | None) -> set[tuple[str, str | None, bool]]:
    """An owner's privileges as (privilege, column, grantable) items; ``ALL`` for every one."""
    if held is None:
        return {("ALL", None, False)}
    return {
        (name, column, grantable)
        for grantable, items in privileges_in(held)
        for name, columns in items
        for column in columns or (None,)
    }


def model_targets(schema: Schema) -> set[str]:
    """The tables, sequences (not one a column owns: it goes with its table's owner), schemas and
    types of ``schema`` as an owner names them (``table docs``, ``domain app.positive``)."""
    found = {f"table {t.name}" for t in schema.tables}
    found |= {f"sequence {q.name}" for q in schema.sequences if q.owned_by is None}
    found |= {f"schema {name}" for name in schema.schemas} | {f"domain {d.name}" for d in schema.domains}
    types = (
        *(e.name for e in schema.enums),
        *(c.name for c in schema.composites),
        *(r.name for r in schema.ranges),
    )
    return found | {f"type {name}" for name in types}


def run_by(schema: Schema, role: str | None) -> Schema:
    """``schema`` as ``role`` sees it when it runs the migration (reads the database): what
    ``role`` owns has no owner object (one holding other privileges than every one is whoever
    runs the migration's), since what a file makes without ``OWNER TO`` is the role's that runs
    it, and a database names the owners other than the role it is read as; default privileges
    ``FOR ROLE`` it, and a publication or event trigger ``owned by`` it, are stated without the
    role, for the same reason; nor the grants to it on the tables it owns (its own privileges)."""
    if role is None:
        return schema
    kept = tuple(_as_run_by(o, role) for o in schema.others if o.kind != "owner" or o.definition != role)
    owners = {o.name: owner_of(o)[0] for o in schema.others if o.kind == "owner"}
    tables = tuple(
        replace(t, grants=tuple(g for g in t.grants if g.grantee != role))
        if owners.get(owner_name("table", t.name)) in (None, role)
        and any(g.grantee == role for g in t.grants)
        else t
        for t in schema.tables
    )  # a grant to the owner on its own table: its own privileges, which PostgreSQL lists as no grant
    if kept == schema.others and tables == schema.tables:
        return schema
    return replace(schema, others=kept, tables=tables)


# A relation's privileges that GRANT ALL gives on every server (MAINTAIN from PostgreSQL 17 on).
_RELATION_PRIVILEGES = frozenset(TABLE_PRIVILEGES) - OPTIONAL_PRIVILEGES


def as_server_keeps(schema: Schema, server_version: int) -> Schema:
    """``schema`` as a PostgreSQL server of ``server_version`` (``server_version_num``) keeps
    it: before 18 a NOT NULL constraint has no name (the name a file states is dropped), before
    17 there is no MAINTAIN privilege (a grant naming it is run without it)."""
    names, maintain = server_version >= NOT_NULL_NAMES_SINCE, server_version >= MAINTAIN_SINCE
    if names and maintain:
        return schema
    tables = tuple(_table_kept(t, names=names, maintain=maintain) for t in schema.tables)
    others = schema.others if maintain else tuple(filter(None, map(_without_maintain, schema.others)))
    if tables == schema.tables and others == schema.others:
        return schema
    return replace(schema, tables=tables, others=others)


def _table_kept(table: Table, *, names: bool, maintain: bool) -> Table:
    """``table`` as :func:`as_server_keeps` keeps it."""
    columns = table.columns if names else tuple(replace(c, not_null_name=None) for c in table.columns)
    grants = table.grants
    if not maintain:  # the seven others are ALL there: a role holding them holds ALL
        found = ((g.grantee, g.privilege, g.column, g.grantable, g.grantor) for g in table.grants)
        grants = grants_of((row for row in found if row[1] not in OPTIONAL_PRIVILEGES), maintain=False)
    if columns == table.columns and grants == table.grants:
        return table
    return replace(table, columns=columns, grants=grants)


def _without_maintain(item: OtherObject) -> OtherObject | None:
    """A grant, owner or default privileges object as a server without MAINTAIN holds it;
    ``None`` where MAINTAIN was all it gave."""
    if "MAINTAIN" not in item.definition:
        return item
    if item.kind == "default privileges":  # (load.opaque's default_privileges_text imports this module)
        groups = []
        for group in item.definition.split("; "):
            action, _, rest = group.partition(" ")
            listed, option, _ = rest.partition(_GRANT_OPTION)
            kept = [p for p in listed.split(", ") if p not in OPTIONAL_PRIVILEGES]
            groups += [f"{action} {', '.join(kept)}{option}"] if kept else []
        return replace(item, definition="; ".join(groups)) if groups else None
    if item.kind == "grant":
        granted = _privileges_without_maintain(item.definition)
        return replace(item, definition=granted) if granted != NO_PRIVILEGES else None
    if item.kind == "owner":
        role, held = owner_of(item)
        if held is None:
            return item
        own = _privileges_without_maintain(held)
        return replace(item, definition=owner_definition(role, None if own == "ALL" else own))
    return item


def _privileges_without_maintain(definition: str) -> str:
    """A grant's definition (:func:`privileges_text`'s) without MAINTAIN, the others folded
    into ALL as a relation's are."""
    held = [
        Privilege(name, column, grantable)
        for grantable, items in privileges_in(definition)
        for name, columns in items
        for column in columns or (None,)
        if name not in OPTIONAL_PRIVILEGES
    ]
    return privileges_text(held, _RELATION_PRIVILEGES)


def _as_run_by(item: OtherObject, role: str) -> OtherObject:
    """``item`` with ``role`` as whoever runs the migration (:func:`run_by`)."""
    if item.kind == "default privileges":
        return replace(item, name=item.name.removeprefix(f"for role {role} "))
    if item.kind == "owner" and owner_of(item)[0] == role:
        return replace(item, definition=owner_definition(None, owner_of(item)[1]))
    if item.kind in ("publication", "event trigger"):
        return replace(item, definition=item.definition.removesuffix(owned_by(role)))
    return item


_OWNED_BY = re.compile(r"; owned by (?P<role>\S+)$")


def named_roles(schema: Schema) -> frozenset[str]:
    """The roles ``schema`` names (PUBLIC aside): owners, grantees and grantors, the roles of
    policies and of default privileges; a database must hold them before it can be ``schema``."""
    found: set[str] = set()
    for table in schema.tables:
        found |= {r for p in table.policies for r in p.roles}
        found |= {g.grantee for g in table.grants} | {g.grantor for g in table.grants if g.grantor}
    for item in schema.others:
        if item.kind == "owner":
            found.add(owner_of(item)[0] or "")
        elif item.kind == "grant" and _GRANT.match(item.name):
            found |= {grant_parts(item)[1], grantor_of(item) or ""}
        elif item.kind == "default privileges":
            given = defaults_of(item)
            found |= {given.role or "", given.grantee}
        elif (match := _OWNED_BY.search(item.definition)) and item.kind in ("publication", "event trigger"):
            found.add(match["role"])
    return frozenset(found - {"", "public"})


def owned(item: OtherObject) -> tuple[str, str]:
    """An owner object's target as (kind, name): ``("table", "docs")``, ``("schema", "app")``."""
    match = _OWNER.match(item.name)
    assert match is not None, item.name
    return match["what"], match["target"]


def grant_parts(item: OtherObject) -> tuple[str, str]:
    """A migrated grant's relation and role: ``("app.v", "reader")`` of ``on app.v to reader``."""
    match = _GRANT.match(item.name)
    assert match is not None, item.name
    return match["target"], match["grantee"]


def grant_holder(grantee: str, grantor: str | None) -> str:
    """What follows ``to`` in a grant's name: the grantee, and the role that granted it when not
    the owner (``writer granted by reader``): a role's grant is another grant than the owner's."""
    return grantee if grantor is None else f"{grantee} granted by {grantor}"


def grantor_of(item: OtherObject) -> str | None:
    """The role that made a grant when not its target's owner (``None``: the owner, or not a
    migrated grant)."""
    match = _GRANT.match(item.name) if item.kind == "grant" else None
    return match["grantor"] if match else None


def grant_target(item: OtherObject) -> tuple[str, str]:
    """A migrated grant's target as (kind, name): ``("function", "f(integer)")``, ``("schema",
    "app")``, ``("relation", "app.v")``."""
    target = grant_parts(item)[0]
    word, _, rest = target.partition(" ")
    return (word, rest) if rest and word in GRANT_TARGETS else ("relation", target)


@dataclass(frozen=True, slots=True, order=True)
class Privilege:
    """One privilege a grant holds: ``SELECT``, ``UPDATE`` of a column, ``ALL``; grantable or not."""

    name: str
    column: str | None = None
    grantable: bool = False


def privileges_text(held: Iterable[Privilege], every: frozenset[str] = frozenset()) -> str:
    """A grant's definition: its privileges, the grantable ones after ``;`` with ``WITH GRANT
    OPTION`` (``INSERT, SELECT (a, b); UPDATE WITH GRANT OPTION``); ``ALL`` for a whole group of
    ``every`` (a relation's privileges, ``MAINTAIN`` aside: PostgreSQL 17's, in ALL from then on,
    stated when held alone); ``NONE`` for none."""
    held = set(held)
    groups = []
    for grantable in (False, True):
        mine = {p for p in held if p.grantable == grantable}
        whole = {p.name for p in mine if p.column is None}
        items = ["ALL"] if every and whole - {"MAINTAIN"} >= every else sorted(whole)
        columns: dict[str, list[str]] = {}
        for privilege in sorted(p for p in mine if p.column is not None):
            columns.setdefault(privilege.name, []).append(privilege.column or "")
        items += [f"{name} ({', '.join(names)})" for name, names in sorted(columns.items())]
        if items:
            groups.append(", ".join(items) + (_GRANT_OPTION if grantable else ""))
    return "; ".join(groups) or NO_PRIVILEGES


def grantable(item: OtherObject) -> bool:
    """Whether a grant holds a privilege ``WITH GRANT OPTION``: the role may have granted it on,
    and revoking it takes ``CASCADE`` (PostgreSQL: dependent privileges exist)."""
    return item.kind == "grant" and _GRANT_OPTION in item.definition


def privileges_in(definition: str) -> list[tuple[bool, list[tuple[str, tuple[str, ...]]]]]:
    """A grant's definition read back: (grantable, [(privilege, its columns)]) per group."""
    if definition == NO_PRIVILEGES:
        return []
    groups = []
    for part in definition.split("; "):
        body = part.removesuffix(_GRANT_OPTION)
        items = [
            (m["name"], tuple(m["columns"].split(", ")) if m["columns"] else ())
            for m in _PRIVILEGE.finditer(body)
        ]
        groups.append((body != part, items))
    return groups


def own_name(item: OtherObject) -> str:
    """The object's own name: ``t_touch`` of ``t_touch on t``, ``add_one`` of ``add_one(integer)``."""
    match = _ON.match(item.name)
    name = match["own"] if match and item.kind in ("trigger", "index") else item.name
    return name.split("(", 1)[0]


def attached_to(item: OtherObject) -> str | None:
    """The relation a trigger, an index or a comment belongs to (dropped with it; a comment on a
    function: the function, ``add_one(integer)``), else ``None``."""
    if item.kind in ("trigger", "index"):
        match = _ON.match(item.name)
        return match["table"] if match else None
    if item.kind == "grant":
        return grant_target(item)[1] if _GRANT.match(item.name) else None
    if item.kind == "owner":
        return owned(item)[1]
    if item.kind == "comment":
        what, target = next(
            ((w, item.name.removeprefix(f"on {w} ")) for w in _COMMENTED if item.name.startswith(f"on {w} ")),
            ("", ""),
        )
        if what in RELATIONS or what in ("table", "function", "procedure"):
            return target
        if what == "column":
            return target.rsplit(".", 1)[0]
        match = _ON.match(target)
        return match["table"] if match and what else None
    return None


def reads(item: OtherObject, dialect: str) -> frozenset[str]:
    """The relations a view reads (PostgreSQL: the query's ``FROM``, or an SQL-standard function
    body's; SQLite: every word of a view or trigger, matched against relation names by the caller:
    more never breaks a migration)."""
    if dialect == "sqlite":
        return words(item)
    if item.kind == "trigger":
        return _function_called(item.definition)
    if item.kind not in RELATIONS and item.kind not in ("function", "procedure"):
        return frozenset()
    return _relations_read(item.definition)


def early(item: OtherObject, dialect: str = "postgres") -> bool:
    """Whether ``item`` is created before the tables (and dropped after them): an extension, or a
    function a default or a check may call.  A function whose SQL-standard body (``BEGIN ATOMIC``,
    ``RETURN``) reads a relation depends on it, as a view does: created after, dropped before."""
    return item.kind in EARLY and not reads(item, dialect)


def calls(item: OtherObject, dialect: str) -> frozenset[str]:
    """The functions a PostgreSQL view's query calls, by name without arguments (``twice``,
    ``app.twice``): a view is dropped before a function it calls and created after it.  SQLite
    has no functions of the schema's own (and its views are not PostgreSQL's grammar)."""
    if dialect != "postgres" or item.kind not in RELATIONS:
        return frozenset()
    return _functions_called(item.definition)


@lru_cache(maxsize=1024)
def _functions_called(definition: str) -> frozenset[str]:
    from pglast.visitors import Visitor

    found: set[str] = set()

    class _Calls(Visitor):
        def visit_FuncCall(self, ancestors: Any, node: Any) -> None:
            found.add(_function_name(node.funcname))

    _Calls()(_statement(definition).query)
    return frozenset(found)


@lru_cache(maxsize=1024)
def _function_called(definition: str) -> frozenset[str]:
    """The function a trigger calls, named as the function is (``touch()``, ``app.touch()``)."""

    return frozenset({_function_name(_statement(definition).funcname) + "()"})


def _function_name(funcname: Any) -> str:
    """A called function's name as the schema names it: ``public.`` left off (``twice``, ``app.twice``)."""
    names = [n.sval for n in funcname]
    return ".".join(names[1:] if names[0] == "public" and len(names) > 1 else names)


@lru_cache(maxsize=1024)
def _relations_read(definition: str) -> frozenset[str]:
    from pglast.visitors import Visitor

    found: set[str] = set()

    class _Relations(Visitor):
        def visit_RangeVar(self, ancestors: Any, node: Any) -> None:
            schema = node.schemaname or "public"
            found.add(node.relname if schema == "public" else f"{schema}.{node.relname}")

    statement = _statement(definition)
    body = statement.query if hasattr(statement, "query") else statement.sql_body
    if body is not None:
        _Relations()(body)
    return frozenset(found)


def needs(
    item: OtherObject, dialect: str, tables: Collection[str], columns: Collection[tuple[str, str]]
) -> str | None:
    """Which of ``tables`` and ``columns`` (table, column) ``item`` cannot be made without: the one
    it hangs on or reads, or a column its definition names (a word of it); ``None`` for none."""
    host = attached_to(item)
    related = set(reads(item, dialect)) | ({host} if host else set())
    for table in sorted(related & set(tables)):
        return f"table {table}"
    named = words(item)
    for table, column in sorted(columns):
        if table in related and (column in named or item.name == f"on column {table}.{column}"):
            return f"column {table}.{column}"
    return None


def words(item: OtherObject) -> frozenset[str]:
    """Every word of the definition: the columns it may name (more never breaks a migration)."""
    return frozenset(_WORD.findall(item.definition))


def _statement(definition: str) -> Any:
    """The parse tree of a definition's statement (a PostgreSQL trigger's state comes after it)."""
    return _statements(definition)[0]


@lru_cache(maxsize=1024)
def _statements(definition: str) -> tuple[Any, ...]:
    from pglast.parser import parse_sql

    return tuple(statement.stmt for statement in parse_sql(definition))


def replaced_in_place(before: OtherObject, after: OtherObject, dialect: str) -> bool:
    """Whether ``before`` becomes ``after`` without dropping it: PostgreSQL replaces a view that
    keeps its columns (new ones may follow), a function that keeps its result and parameters, a
    comment, a grant's privileges, an extension's schema.  SQLite has no ``OR REPLACE``; a trigger, a materialized view
    and an index are dropped and created (in the same transaction)."""
    if dialect != "postgres" or before.kind != after.kind:
        return False
    if after.kind in ("comment", "extension", "grant", "owner", "default privileges"):
        return True
    if after.kind == "view":
        old, new = view_columns(before.definition), view_columns(after.definition)
        kept = old is not None and new is not None and new[: len(old)] == old
        # The statements as written: the canonical definitions drop casts to text, which retype a column.
        return kept and _keeps_types(before.sql, after.sql)
    if after.kind in ("function", "procedure"):
        return _signature(before.definition) == _signature(after.definition)
    if after.kind == "trigger":  # the same trigger in another state: ALTER TABLE … ENABLE/DISABLE TRIGGER
        return bool(_statement(before.definition) == _statement(after.definition))
    return False


def loses_columns(before: OtherObject, after: OtherObject) -> bool:
    """Whether a view dropped and created again comes back without a column it had (or unknown)."""
    if before.kind not in RELATIONS:
        return before.kind in ("function", "procedure")  # its callers may break on the new result
    old, new = view_columns(before.definition), view_columns(after.definition)
    return old is None or new is None or not set(old) <= set(new)


@lru_cache(maxsize=1024)
def view_columns(definition: str) -> tuple[str, ...] | None:
    """A view's column names in order, when the definition states them all (no ``*``)."""

    node = _statement(definition)
    aliases = getattr(node, "aliases", None) or getattr(getattr(node, "into", None), "colNames", None)
    if aliases:
        return tuple(a.sval for a in aliases)
    query = node.query
    while getattr(query, "op", None) is not None and query.op.name != "SETOP_NONE":
        query = query.larg
    names = []
    for target in query.targetList or ():
        if target.name:
            names.append(target.name)
            continue
        fields = getattr(target.val, "fields", None)
        if not fields or not hasattr(fields[-1], "sval"):
            return None  # an expression or a star: its name is the server's choice
        names.append(fields[-1].sval)
    return tuple(names)


def renamed_columns(before: OtherObject, after: OtherObject) -> dict[str, str]:
    """The columns a view (or materialized view) made again renames: old name → new, where the
    column at the same place is computed by the same expression over the same ``FROM`` (the first
    branch's, which names them) under another name (``SELECT id, a`` → ``SELECT id, a AS alpha``)."""
    old, new = view_columns(before.definition), view_columns(after.definition)
    if old is None or new is None:
        return {}
    (old_from, old_fields), (new_from, new_fields) = (
        _typed_parts(before.definition)[0],
        _typed_parts(after.definition)[0],
    )
    if old_from != new_from:
        return {}
    return {
        was: now
        for was, now, computed, same in zip(old, new, old_fields, new_fields, strict=False)
        if was != now and computed == same and was not in new
    }


def rename_grant_columns(definition: str, renamed: dict[str, str]) -> str:
    """A grant's definition with the columns of its relation renamed (``renamed``: old → new)."""
    held = [
        Privilege(name, column, grantable)
        for grantable, items in privileges_in(definition)
        for name, columns in items
        for column in columns or (None,)
    ]
    if not renamed or not any(p.column in renamed for p in held):
        return definition
    # Whole-relation privileges are folded already (ALL stays ALL): only the columns move.
    return privileges_text(
        replace(p, column=renamed.get(p.column, p.column)) if p.column else p for p in held
    )


def _keeps_types(before: str, after: str) -> bool:
    """Whether a view's columns keep their types: ``CREATE OR REPLACE VIEW`` cannot change one.
    Types are not known without the database, so they count as kept only where each column the
    view had is computed by the same expression over the same ``FROM`` (every branch of a
    ``UNION``): a changed expression (``n::bigint``, ``n + 1.5``) drops and creates the view."""
    old, new = _typed_parts(before), _typed_parts(after)
    return len(old) == len(new) and all(
        o[0] == n[0] and n[1][: len(o[1])] == o[1] for o, n in zip(old, new, strict=True)
    )


@lru_cache(maxsize=1024)
def _typed_parts(definition: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each branch of a view's query as (its ``FROM`` clause or ``VALUES`` rows, its output
    expressions), deparsed."""
    from pglast.stream import RawStream

    def spelled(node: Any) -> str:
        return str(RawStream()(node)) if node is not None else ""

    parts = []
    pending = [_statement(definition).query]
    while pending:
        query = pending.pop()
        if getattr(query, "op", None) is not None and query.op.name != "SETOP_NONE":
            pending += [query.rarg, query.larg]
            continue
        fields = tuple(spelled(target.val) for target in query.targetList or ())
        sources = (*(query.fromClause or ()), *(query.valuesLists or ()))  # VALUES: its rows' types
        parts.append((" ".join(spelled(f) for f in sources), fields))
    return tuple(parts)


@lru_cache(maxsize=1024)
def _signature(definition: str) -> str:
    """What ``CREATE OR REPLACE FUNCTION`` must keep: the result and the parameters' names and modes."""
    from pglast.stream import RawStream

    node = _statement(definition)
    parameters = [
        (p.name, p.mode.name, RawStream()(p.argType), p.defexpr is not None) for p in node.parameters or ()
    ]
    result = RawStream()(node.returnType) if node.returnType is not None else ""
    return repr((node.is_procedure, result, parameters))


@lru_cache(maxsize=1024)
def _signature_types(definition: str) -> frozenset[str]:
    """The types a function's parameters and result name (``mood``, ``app.mood``): what
    PostgreSQL records it depends on, so that a type dropped under it takes it or is refused."""
    node = _statement(definition)
    named = [p.argType for p in node.parameters or ()] + [node.returnType]
    return frozenset(
        ".".join(parts[1:] if parts[0] in ("public", "pg_catalog") and len(parts) > 1 else parts)
        for type_name in named
        if type_name is not None
        for parts in [[n.sval for n in type_name.names]]
    )


def uses_type(item: OtherObject, name: str) -> bool:
    """Whether a PostgreSQL view, materialized view or function depends on the type ``name``: a
    function's parameter or result of it, a view's query naming it (a cast: every word of it, as
    more never breaks a migration)."""
    if item.kind in ("function", "procedure"):
        return name in _signature_types(item.definition)
    return item.kind in RELATIONS and name.rpartition(".")[2] in words(item)
