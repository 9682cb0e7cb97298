"""Objects kept by canonical definition, made, replaced and dropped (both dialects, one path).

An object is created by the statement its source states (:attr:`OtherObject.sql`), as
written.  On PostgreSQL the other statements are derived from that one's pglast parse tree
and deparsed: ``CREATE OR REPLACE`` is the same tree with its ``replace`` flag set, a drop
names what the tree creates (a function with its argument types, a trigger with its table),
a comment is dropped by ``COMMENT ON … IS NULL``, an extension moves by ``ALTER EXTENSION
… SET SCHEMA`` and a trigger changes state by ``ALTER TABLE … ENABLE/DISABLE TRIGGER`` (one made
in a state other than the one CREATE TRIGGER gives it is set to it after).  SQLite has no ``OR REPLACE``: an object is dropped by its name and made again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace as replace_item
from functools import partial
from typing import Any

import wesley_gen.changes as ch
from wesley_gen.errors import InputError
from wesley_gen.identifiers import command, ident, quote, table
from wesley_gen.load.objects import (
    DEPENDED_ON,
    NO_PRIVILEGES,
    RELATIONS,
    RUNNER,
    attached_to,
    calls,
    defaults_of,
    grant_parts,
    grant_target,
    grantable,
    grantor_of,
    migrated,
    own_name,
    owned,
    owner_definition,
    owner_of,
    privileges_in,
    public_default,
    reads,
    replaced_in_place,
    trigger_state,
    trigger_state_statement,
)
from wesley_gen.model import ALL_PRIVILEGES, PUBLIC_ROLE, TABLE_PRIVILEGES, OtherObject
from wesley_gen.phases import Operation
from wesley_gen.render.sql.registry import Context, Drop, renders
from wesley_gen.render.sql.security import as_grantor, maintain_where_it_exists

_BOTH = ("postgres", "sqlite")
# Roles a statement names by keyword: PUBLIC, and an owner that is whoever runs the migration.
_KEYWORD_ROLES = {PUBLIC_ROLE: "PUBLIC", RUNNER: "CURRENT_USER"}
# An owner object's kind → how GRANT names its target (a domain's privileges are its type's).
_GRANTED = {
    "function": "function",
    "procedure": "procedure",
    "schema": "schema",
    "type": "type",
    "domain": "type",
}
# pg_dump's own setting: a function body is checked when it runs, not when it is made, so a
# function may read a table the migration creates after it.
_UNCHECKED_BODIES = "SET LOCAL check_function_bodies = off"
# What a grant may give (``GRANT … ON name`` takes a sequence's USAGE too): written only from this list.
_PRIVILEGES = frozenset({*TABLE_PRIVILEGES, "USAGE", "EXECUTE", "CREATE", ALL_PRIVILEGES})
# The statements of a grant, by action and whether its target is a relation (``ON v``) or names
# its kind (``ON FUNCTION f(integer)``, ``ON SCHEMA app``, ``ON TYPE mood``).
_GRANTS = {
    ("grant", True): "GRANT {p} ON {t} TO {r}",
    ("grant", False): "GRANT {p} ON {k} {t}{a} TO {r}",
    ("grant option", True): "GRANT {p} ON {t} TO {r} WITH GRANT OPTION",
    ("grant option", False): "GRANT {p} ON {k} {t}{a} TO {r} WITH GRANT OPTION",
    ("revoke", True): "REVOKE {p} ON {t} FROM {r}",
    ("revoke", False): "REVOKE {p} ON {k} {t}{a} FROM {r}",
    ("revoke cascade", True): "REVOKE {p} ON {t} FROM {r} CASCADE",
    ("revoke cascade", False): "REVOKE {p} ON {k} {t}{a} FROM {r} CASCADE",
}


def _tree(item: OtherObject) -> Any:
    """The parse tree of the statement that makes ``item`` (a trigger's state comes after it)."""
    from pglast.parser import parse_sql

    return parse_sql(item.sql)[0].stmt


def _deparse(node: Any) -> str:
    from pglast.stream import RawStream

    return str(RawStream()(node))


def create(item: OtherObject, dialect: str) -> list[str]:
    """The statements that make ``item`` where it does not exist."""
    if dialect == "postgres" and item.kind in ("function", "procedure"):
        return [_UNCHECKED_BODIES, item.sql]
    if dialect == "postgres" and item.kind == "trigger" and trigger_state(item) != "O":
        return [
            _deparse(_tree(item)) if item.sql == item.definition else item.sql,
            trigger_state_statement(item),
        ]
    if item.kind == "owner":
        return _owned_by(item)
    if item.kind == "default privileges":
        given = defaults_of(item)
        made = [
            *(_defaults(item, "GRANT", given.granted, grantable) for grantable in (False, True)),
            _defaults(item, "REVOKE", dict.fromkeys(given.revoked, False), False),
        ]
        return [statement for statement in made if statement]
    if item.kind == "grant":
        if item.definition == NO_PRIVILEGES:  # PUBLIC's default privilege revoked
            return [_grant("revoke", item, [(ALL_PRIVILEGES, ())])]
        return as_grantor(
            grantor_of(item),
            [
                _grant("grant option" if grantable else "grant", item, privileges)
                for grantable, privileges in privileges_in(item.definition)
            ],
        )
    return [item.sql]


def _grant(action: str, item: OtherObject, privileges: list[tuple[str, tuple[str, ...]]]) -> str:
    """``GRANT`` or ``REVOKE`` (``action``, a key of :data:`_GRANTS`) of ``privileges`` (each with
    its columns) on a grant's target; of MAINTAIN on PostgreSQL 17+ only."""
    return maintain_where_it_exists(
        privileges, partial(_grant_statement, action, item), lambda privilege: privilege[0]
    )


def _grant_statement(
    action: str, item: OtherObject, privileges: Sequence[tuple[str, tuple[str, ...]]]
) -> str:
    from sqlglot import exp

    grantee = grant_parts(item)[1]
    kind, name = grant_target(item)
    if not {word for word, _ in privileges} <= _PRIVILEGES:
        raise InputError(f"{item}: unknown privilege in {item.definition!r}")
    words = [
        f"{word} ({', '.join(quote(c) for c in columns)})" if columns else word
        for word, columns in privileges
    ]
    role = exp.var(_KEYWORD_ROLES[grantee]) if grantee in _KEYWORD_ROLES else ident(grantee)
    privilege = exp.var(", ".join(words))
    if kind == "relation":
        return command(_GRANTS[action, True], p=privilege, t=table(name), r=role)
    arguments: exp.Expr = exp.Var(this="")  # a schema or a type: no argument list
    if kind in ("function", "procedure"):
        name, arguments = _arguments(name)
    target = ident(name) if kind == "schema" else table(name)
    return command(
        _GRANTS[action, False], p=privilege, k=exp.var(kind.upper()), t=target, a=arguments, r=role
    )


def _owned_by(item: OtherObject, *, reset: bool = False) -> list[str]:
    """``ALTER … OWNER TO`` the role of an owner object, and the owner's own privileges where they
    are not every one (or ``reset``: were not), as pg_dump writes them: ``REVOKE ALL … FROM owner``,
    then a ``GRANT`` of what it holds."""
    from sqlglot import exp

    role, held = owner_of(item)
    statements = [_owner(item, exp.var(RUNNER) if role is None else ident(role))]
    if held is None and not reset:
        return statements
    what, name = owned(item)
    target = (
        name if what in ("table", "view", "materialized view", "sequence") else f"{_GRANTED[what]} {name}"
    )
    grant = OtherObject("grant", item.schema, f"on {target} to {role or RUNNER}", held or ALL_PRIVILEGES)
    statements.append(_grant("revoke", grant, [(ALL_PRIVILEGES, ())]))
    for option, privileges in privileges_in(grant.definition):
        statements.append(_grant("grant option" if option else "grant", grant, privileges))
    return statements


def _owner(item: OtherObject, role: Any) -> str:
    """``ALTER … OWNER TO role`` of an owner object's target."""
    from sqlglot import exp

    what, name = owned(item)
    arguments: exp.Expr = exp.Var(this="")  # only a function's name has an argument list
    if what in ("function", "procedure"):
        name, arguments = _arguments(name)
    target = ident(name) if what == "schema" else table(name)
    return command("ALTER {k} {t}{a} OWNER TO {r}", k=exp.var(what.upper()), t=target, a=arguments, r=role)


_DEFAULT_PRIVILEGE_WORDS = frozenset({*_PRIVILEGES, "MAINTAIN"})
# The action clause of ALTER DEFAULT PRIVILEGES, by (a grant?, grantable?): a revoke takes the
# privilege whole, grant option with it.
_DEFAULT_PRIVILEGES_ACTIONS = {
    (True, False): "GRANT {p} ON {k} TO {g}",
    (True, True): "GRANT {p} ON {k} TO {g} WITH GRANT OPTION",
    (False, False): "REVOKE {p} ON {k} FROM {g}",
    (False, True): "REVOKE {p} ON {k} FROM {g}",
}


def _defaults(item: OtherObject, action: str, privileges: dict[str, bool], grantable: bool) -> str:
    """``ALTER DEFAULT PRIVILEGES … GRANT`` (or ``REVOKE``, ``action``) of the ``privileges`` whose
    grantability is ``grantable`` on the kind of objects of ``item``; empty where there is none;
    of MAINTAIN on PostgreSQL 17+ only."""
    chosen = sorted(p for p, g in privileges.items() if g == grantable)
    if not chosen:
        return ""
    if not set(chosen) <= _DEFAULT_PRIVILEGE_WORDS:
        raise InputError(f"{item}: unknown privilege in {item.definition!r}")
    return maintain_where_it_exists(
        chosen, lambda some: _defaults_statement(item, action, some, grantable), lambda privilege: privilege
    )


def _defaults_statement(item: OtherObject, action: str, chosen: Sequence[str], grantable: bool) -> str:
    from sqlglot import exp

    given = defaults_of(item)
    parts: dict[str, exp.Expr] = {
        "r": ident(given.role or "-"),
        "s": ident(given.schema or "-"),
        "p": exp.var(", ".join(chosen)),
        "k": exp.var(given.objects.upper()),
        "g": exp.var("PUBLIC") if given.grantee == PUBLIC_ROLE else ident(given.grantee),
    }
    clauses = (
        "ALTER DEFAULT PRIVILEGES",
        "FOR ROLE {r}" if given.role else "",
        "IN SCHEMA {s}" if given.schema else "",
        _DEFAULT_PRIVILEGES_ACTIONS[action == "GRANT", grantable],
    )
    return command(" ".join(clause for clause in clauses if clause), "postgres", **parts)


def _arguments(name: str) -> tuple[str, Any]:
    """A function's name without its argument types, and them as the list a statement names."""
    from sqlglot import exp

    called, _, listed = name.partition("(")
    types = [exp.DataType.build(t, dialect="postgres", udt=True) for t in listed.rstrip(")").split(", ") if t]
    return called, exp.Tuple(expressions=types)


def drop(item: OtherObject, dialect: str) -> str:
    """The statement that drops ``item`` if it exists (a rollback may find it gone); an owner's
    object goes back to the role that runs the migration (:func:`_dropped`)."""
    if dialect == "sqlite":
        template = "DROP VIEW IF EXISTS {n}" if item.kind == "view" else "DROP TRIGGER IF EXISTS {n}"
        return command(template, "sqlite", n=ident(own_name(item)))
    if item.kind == "grant":
        default = _public_default(item)
        if default and item.definition == NO_PRIVILEGES:  # back to the default
            return _grant("grant", item, [(default, ())])
        # Held grantable, it may have been granted on: PostgreSQL revokes it only CASCADE.
        return _grant("revoke cascade" if grantable(item) else "revoke", item, [(ALL_PRIVILEGES, ())])
    from pglast import ast
    from pglast.enums import DropBehavior, ObjectType

    node = _tree(item)
    kind = type(node).__name__
    if kind == "CommentStmt":
        node.comment = None
        return _deparse(node)
    if kind == "CreateFunctionStmt":
        arguments = tuple(
            p.argType
            for p in node.parameters or ()
            if p.mode.name not in ("FUNC_PARAM_OUT", "FUNC_PARAM_TABLE")
        )
        objects: tuple[Any, ...] = (ast.ObjectWithArgs(objname=node.funcname, objargs=arguments),)
        removed = ObjectType.OBJECT_PROCEDURE if node.is_procedure else ObjectType.OBJECT_FUNCTION
    elif kind == "CreateExtensionStmt":
        objects, removed = (ast.String(sval=node.extname),), ObjectType.OBJECT_EXTENSION
    elif kind == "CreateTrigStmt":
        objects, removed = (
            ((*_names(node.relation), ast.String(sval=node.trigname)),),
            ObjectType.OBJECT_TRIGGER,
        )
    elif kind == "IndexStmt":
        schema = (ast.String(sval=node.relation.schemaname),) if node.relation.schemaname else ()
        # An index written without a name has the one PostgreSQL gave it: the object's.
        objects, removed = ((*schema, ast.String(sval=own_name(item))),), ObjectType.OBJECT_INDEX
    elif kind == "DefineStmt":  # CREATE COLLATION
        objects, removed = (tuple(node.defnames),), ObjectType.OBJECT_COLLATION
    elif kind == "ViewStmt":
        objects, removed = (_names(node.view),), ObjectType.OBJECT_VIEW
    else:  # CREATE MATERIALIZED VIEW
        objects, removed = (_names(node.into.rel),), ObjectType.OBJECT_MATVIEW
    return _deparse(
        ast.DropStmt(
            objects=objects, removeType=removed, behavior=DropBehavior.DROP_RESTRICT, missing_ok=True
        )
    )


def _names(relation: Any) -> tuple[Any, ...]:
    from pglast import ast

    return tuple(ast.String(sval=part) for part in (relation.schemaname, relation.relname) if part)


def replace(before: OtherObject, after: OtherObject, dialect: str) -> list[str]:
    """The statements that turn ``before`` into ``after``: in place, or dropped and made again where
    the database cannot (SQLite; a rollback that takes the columns a view gained away again)."""
    if after.kind == "owner":
        return _owned_by(after, reset=owner_of(before)[1] is not None)
    if after.kind == "default privileges":
        return [*_dropped(before, dialect), *create(after, dialect)]
    if not replaced_in_place(before, after, dialect) or after.kind == "grant":
        return [*_dropped(before, dialect), *create(after, dialect)]
    node = _tree(after)
    kind = type(node).__name__
    if kind == "CreateTrigStmt":  # the same trigger in another state
        return [trigger_state_statement(after)]
    if kind == "CreateExtensionStmt":
        from pglast import ast
        from pglast.enums import ObjectType

        schema = next((o.arg.sval for o in node.options or () if o.defname == "schema"), "public")
        moved = ast.AlterObjectSchemaStmt(
            objectType=ObjectType.OBJECT_EXTENSION, object=ast.String(sval=node.extname), newschema=schema
        )
        return [_deparse(moved)]
    if kind in ("ViewStmt", "CreateFunctionStmt"):
        node.replace = True
        made = _deparse(node)
        return [_UNCHECKED_BODIES, made] if kind == "CreateFunctionStmt" else [made]
    return [after.sql]  # a comment: set anew


# What hangs on a relation or function made again, in the order it is given back (owner before grants).
_HANGING_ORDER = ("index", "trigger", "comment", "owner", "grant")


def remade_around(
    others: Iterable[OtherObject], blocks: Callable[[OtherObject], bool]
) -> tuple[list[str], list[str]]:
    """PostgreSQL: the statements that drop, before a change, the views, materialized views and
    functions of ``others`` that would block it (``blocks``), with those that read or call them
    in turn (readers first); and those that make them again after it, each after what it reads,
    then what hung on them (indexes, triggers, comments, owners, grants: gone with them)."""
    items = [o for o in others if migrated(o, "postgres")]
    held = [o for o in items if o.kind in DEPENDED_ON]

    def own(item: OtherObject) -> str:
        return item.name.split("(", 1)[0] if item.kind in ("function", "procedure") else item.name

    def used(item: OtherObject) -> frozenset[str]:
        return reads(item, "postgres") | calls(item, "postgres")

    chosen = [o for o in held if blocks(o)]
    growing = bool(chosen)
    while growing:
        names = {own(o) for o in chosen}
        more = [o for o in held if o not in chosen and used(o) & names]
        chosen += more
        growing = bool(more)
    ordered: list[OtherObject] = []
    visiting: list[OtherObject] = []

    def visit(item: OtherObject) -> None:
        if item not in ordered and item not in visiting:
            visiting.append(item)
            for other in chosen:
                if own(other) in used(item):
                    visit(other)
            ordered.append(item)

    for item in sorted(chosen, key=lambda o: (o.kind not in ("function", "procedure"), o.name)):
        visit(item)
    names = {own(o) for o in ordered} | {o.name for o in ordered}
    hanging = sorted(
        (o for o in items if o.kind in _HANGING_ORDER and attached_to(o) in names),
        key=lambda o: (_HANGING_ORDER.index(o.kind), o.name),
    )
    drops = [drop(o, "postgres") for o in reversed(ordered)]
    return drops, [statement for o in (*ordered, *hanging) for statement in create(o, "postgres")]


@renders(_BOTH, ch.CreateObject.op)
def create_object(op: Operation, context: Context) -> list[str]:
    return create(op.of(ch.CreateObject).definition, context.dialect)


@renders(_BOTH, ch.DropObject.op)
def drop_object(op: Operation, context: Context) -> list[str]:
    return _dropped(op.of(ch.DropObject).definition, context.dialect)


def _dropped(item: OtherObject, dialect: str) -> list[str]:
    """:func:`drop`'s statement; a grant a role made revoked as that role; default privileges
    undone: what they give revoked, what they take from the built-in defaults given back."""
    if item.kind == "owner":  # back to whoever runs the migration, with every privilege
        return _owned_by(
            replace_item(item, definition=owner_definition(None)), reset=owner_of(item)[1] is not None
        )
    if item.kind == "default privileges":
        given = defaults_of(item)
        undo = [
            _defaults(item, "REVOKE", dict.fromkeys(given.granted, False), False),
            _defaults(item, "GRANT", dict.fromkeys(given.revoked, False), False),
        ]
        return [statement for statement in undo if statement]
    default = _public_default(item) if item.kind == "grant" and item.definition != NO_PRIVILEGES else None
    back = [_grant("grant", item, [(default, ())])] if default else []  # all revoked: the default given back
    return as_grantor(grantor_of(item), [drop(item, dialect), *back])


def _public_default(item: OtherObject) -> str | None:
    """The privilege PUBLIC holds by default on the target of ``item``, a grant to PUBLIC by the
    owner (PUBLIC's default privilege is the owner's grant); else ``None``."""
    if grant_parts(item)[1] != PUBLIC_ROLE or grantor_of(item) is not None:
        return None
    return public_default(*grant_target(item))


@renders(_BOTH, ch.ReplaceObject.op)
def replace_object(op: Operation, context: Context) -> list[str]:
    """In place, or dropped and made again: then (PostgreSQL) with the views and functions that
    read it and no change of the migration makes again (a rollback taking back the columns a
    view gained in place), dropped before it and made again after it."""
    change = op.of(ch.ReplaceObject)
    before, after = change.before, change.definition
    statements = replace(before, after, context.dialect)
    if (
        context.dialect != "postgres"
        or after.kind not in RELATIONS
        or replaced_in_place(before, after, "postgres")
    ):
        return statements
    drops, creates = remade_around(_standing(context), lambda o: after.name in reads(o, "postgres"))
    return [*drops, *statements, *creates]


def _standing(context: Context) -> list[OtherObject]:
    """The objects the migration leaves as they are (alike in both versions, named by none of its
    changes): there whenever one of its changes runs, up or down."""
    changed = {
        (item.change.definition.kind, item.change.definition.name)
        for item in context.migration.changes
        if isinstance(item.change, ch.CreateObject | ch.DropObject | ch.ReplaceObject)
    }
    kept = {(o.kind, o.name, o.definition) for o in context.migration.new.others}
    return [
        o
        for o in context.migration.old.others
        if (o.kind, o.name, o.definition) in kept and (o.kind, o.name) not in changed
    ]


@renders("postgres", "drop_added_object")
def drop_added_object(op: Operation, context: Context) -> list[Drop]:
    """Undo expand: an extension or function it made (removed by name, never looked up first)."""
    return [Drop(drop(op.of(ch.CreateObject).definition, context.dialect), None)]


@renders("postgres", "restore_object")
def restore_object(op: Operation, context: Context) -> list[str]:
    """Undo expand: a function it replaced, as it was."""
    change = op.of(ch.ReplaceObject).reverse()
    return replace(change.before, change.definition, context.dialect)
