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

from typing import Any

import wesley_gen.changes as ch
from wesley_gen.errors import InputError
from wesley_gen.identifiers import command, ident, table
from wesley_gen.load.objects import (
    grant_parts,
    own_name,
    replaced_in_place,
    trigger_state,
    trigger_state_statement,
)
from wesley_gen.model import ALL_PRIVILEGES, PUBLIC_ROLE, TABLE_PRIVILEGES, OtherObject
from wesley_gen.phases import Operation
from wesley_gen.render.sql.registry import Context, Drop, renders

_BOTH = ("postgres", "sqlite")
# pg_dump's own setting: a function body is checked when it runs, not when it is made, so a
# function may read a table the migration creates after it.
_UNCHECKED_BODIES = "SET LOCAL check_function_bodies = off"
# What a grant on a view, a materialized view or a sequence may give (``GRANT … ON name`` takes
# a sequence's USAGE too): written only from this list.
_PRIVILEGES = frozenset({*TABLE_PRIVILEGES, "USAGE", ALL_PRIVILEGES})


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
    if item.kind == "grant":
        return [_grant("GRANT {p} ON {t} TO {r}", item, item.definition)]
    return [item.sql]


def _grant(template: str, item: OtherObject, privileges: str) -> str:
    """``GRANT`` or ``REVOKE`` of ``privileges`` (``SELECT, UPDATE``) on a grant's relation."""
    from sqlglot import exp

    target, grantee = grant_parts(item)
    words = [word.strip() for word in privileges.split(",")]
    if not set(words) <= _PRIVILEGES:
        raise InputError(f"{item}: unknown privilege in {privileges!r}")
    role = exp.var("PUBLIC") if grantee == PUBLIC_ROLE else ident(grantee)
    return command(template, p=exp.var(", ".join(words)), t=table(target), r=role)


def drop(item: OtherObject, dialect: str) -> str:
    """The statement that drops ``item`` if it exists (a rollback may find it gone)."""
    if dialect == "sqlite":
        template = "DROP VIEW IF EXISTS {n}" if item.kind == "view" else "DROP TRIGGER IF EXISTS {n}"
        return command(template, "sqlite", n=ident(own_name(item)))
    if item.kind == "grant":
        return _grant("REVOKE {p} ON {t} FROM {r}", item, ALL_PRIVILEGES)
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
        objects, removed = ((*schema, ast.String(sval=node.idxname)),), ObjectType.OBJECT_INDEX
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
    if not replaced_in_place(before, after, dialect) or after.kind == "grant":
        return [drop(before, dialect), *create(after, dialect)]
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


@renders(_BOTH, ch.CreateObject.op)
def create_object(op: Operation, context: Context) -> list[str]:
    return create(op.of(ch.CreateObject).definition, context.dialect)


@renders(_BOTH, ch.DropObject.op)
def drop_object(op: Operation, context: Context) -> list[str]:
    return [drop(op.of(ch.DropObject).definition, context.dialect)]


@renders(_BOTH, ch.ReplaceObject.op)
def replace_object(op: Operation, context: Context) -> list[str]:
    change = op.of(ch.ReplaceObject)
    return replace(change.before, change.definition, context.dialect)


@renders("postgres", "drop_added_object")
def drop_added_object(op: Operation, context: Context) -> list[Drop]:
    """Undo expand: an extension or function it made (removed by name, never looked up first)."""
    return [Drop(drop(op.of(ch.CreateObject).definition, context.dialect), None)]


@renders("postgres", "restore_object")
def restore_object(op: Operation, context: Context) -> list[str]:
    """Undo expand: a function it replaced, as it was."""
    change = op.of(ch.ReplaceObject).reverse()
    return replace(change.before, change.definition, context.dialect)
