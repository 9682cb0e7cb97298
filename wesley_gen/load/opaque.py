"""Objects outside the schema model, kept as opaque normalised definitions (issue 13, point 3).

Views, functions, triggers, comments, grants on what is not a table, extensions, rules,
event triggers and publications are not modelled yet (row-level security, policies and
a table's grants are: they live on the table); ignoring them would make a schema
that differs only in one of them look unchanged.  Each is read as an
:class:`~wesley_gen.model.OtherObject`: its kind, a name, and a definition spelled
one way whatever wrote it.  PostgreSQL definitions meet in pglast's deparsed
spelling: a statement of a schema file is parsed and deparsed, and what the catalog
prints (``pg_get_viewdef``, ``pg_get_functiondef``, ``pg_get_triggerdef``,
``aclexplode`` ...) is wrapped in the statement that creates it and
goes through the same path, after a few rewrites of what the server respells
(``'x'::text``, ``LIKE`` as ``~~``, ``public.`` and ``pg_catalog.`` prefixes,
qualified columns of a one-table query, default function options).  SQLite keeps
the text of a view or trigger as written; both sides are compared as tokens.

The file side is :class:`FileObjects` (fed statement by statement by the DDL
readers), the database side :func:`postgres_objects` and :func:`sqlite_objects`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from copy import deepcopy
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from wesley_gen.errors import InputError
from wesley_gen.identifiers import HISTORY_TABLE
from wesley_gen.load.objects import (
    Privilege,
    grant_holder,
    owned_by,
    owner_definition,
    owner_name,
    privileges_text,
    public_default,
    with_trigger_state,
)
from wesley_gen.model import TYPE_ALIASES, OtherObject, index_name, normalize_type, parse_type

if TYPE_CHECKING:
    import sqlite3

    import psycopg

# Parse-tree statement kinds read as opaque objects (the rest of the unmodelled ones are counted, skipped).
POSTGRES_STATEMENTS = frozenset(
    {
        "ViewStmt",
        "CreateTableAsStmt",
        "CreateFunctionStmt",
        "CreateTrigStmt",
        "CommentStmt",
        "GrantStmt",
        "CreateExtensionStmt",
        "RuleStmt",
        "CreateEventTrigStmt",
        "CreatePublicationStmt",
        "AlterDefaultPrivilegesStmt",
        "AlterPublicationStmt",
        "AlterOwnerStmt",
    }
)
_TEXT_TYPES = frozenset({"text", "varchar", "char", "name"})
# What Wesley's generator comments: every table, column and index, with ``uid: <its uid>``.
_WESLEY_UID_TARGETS = frozenset({"table", "column", "index"})
_WESLEY_UID = re.compile(r"uid: \S+\Z")
# Function options that say what leaving them out says (pg_get_functiondef prints none of them).
_DEFAULT_OPTIONS = {
    "volatility": "volatile",
    "strict": False,
    "security": False,
    "leakproof": False,
    "parallel": "unsafe",
    "cost": 100,
    "rows": 1000,
}
_COMMENT_KINDS = {
    "OBJECT_TABLE": "table",
    "OBJECT_COLUMN": "column",
    "OBJECT_VIEW": "view",
    "OBJECT_MATVIEW": "materialized view",
    "OBJECT_INDEX": "index",
    "OBJECT_SEQUENCE": "sequence",
    "OBJECT_FUNCTION": "function",
    "OBJECT_PROCEDURE": "function",
    "OBJECT_TYPE": "type",
    "OBJECT_DOMAIN": "type",
    "OBJECT_TABCONSTRAINT": "constraint",
    "OBJECT_TRIGGER": "trigger",
    "OBJECT_POLICY": "policy",
    "OBJECT_RULE": "rule",
    "OBJECT_SCHEMA": "schema",
}
# Every privilege an object of a kind can be granted, as GRANT ALL expands it (MAINTAIN: PostgreSQL 17+).
_ALL_PRIVILEGES = {
    "table": frozenset({"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"}),
    "sequence": frozenset({"SELECT", "UPDATE", "USAGE"}),
    "function": frozenset({"EXECUTE"}),
    "procedure": frozenset({"EXECUTE"}),
    "schema": frozenset({"USAGE", "CREATE"}),
    "type": frozenset({"USAGE"}),
}
# What GRANT ALL and REVOKE ALL take: a relation's MAINTAIN too (PostgreSQL 17's; ALL as written folds without it).
_GRANT_ALL = {**_ALL_PRIVILEGES, "table": _ALL_PRIVILEGES["table"] | {"MAINTAIN"}}
_COLUMN_PRIVILEGES = frozenset({"SELECT", "INSERT", "UPDATE", "REFERENCES"})  # GRANT ALL (c) ON v
_FOLDED = frozenset({"table", "sequence"})  # kinds whose every privilege is written ALL
# ALTER DEFAULT PRIVILEGES … ON <objects>: the words of each kind (pg_default_acl.defaclobjtype's letter).
_DEFAULT_OBJECTS = {
    "OBJECT_TABLE": "tables",
    "OBJECT_SEQUENCE": "sequences",
    "OBJECT_FUNCTION": "functions",
    "OBJECT_PROCEDURE": "functions",
    "OBJECT_ROUTINE": "functions",
    "OBJECT_TYPE": "types",
    "OBJECT_SCHEMA": "schemas",
    "OBJECT_LARGEOBJECT": "large objects",
}
_DEFAULT_LETTERS = {
    "r": "tables",
    "S": "sequences",
    "f": "functions",
    "T": "types",
    "n": "schemas",
    "L": "large objects",
}
# Every privilege of each kind of ALTER DEFAULT PRIVILEGES (GRANT ALL; MAINTAIN: PostgreSQL 17+).
_DEFAULT_ALL = {
    "tables": _ALL_PRIVILEGES["table"],
    "sequences": _ALL_PRIVILEGES["sequence"],
    "functions": _ALL_PRIVILEGES["function"],
    "types": _ALL_PRIVILEGES["type"],
    "schemas": _ALL_PRIVILEGES["schema"],
    "large objects": frozenset({"SELECT", "UPDATE"}),
}
# A role's default privileges on one kind: (action GRANT/REVOKE, privilege) → grantable.
DefaultHeld = dict[tuple[str, str], bool]
# GRANT/REVOKE … ON <kind>: the kinds a grant is migrated for (ON ROUTINE, ALL … IN SCHEMA: kept by statement).
_GRANT_KINDS = {
    "OBJECT_TABLE": "table",
    "OBJECT_SEQUENCE": "sequence",
    "OBJECT_FUNCTION": "function",
    "OBJECT_PROCEDURE": "procedure",
    "OBJECT_SCHEMA": "schema",
    "OBJECT_TYPE": "type",
    "OBJECT_DOMAIN": "type",
}
# A default privileges object's name (default_privileges_name): its parts.
_DEFAULTS_NAME = re.compile(
    r"^(?:for role (?P<role>.+?) )?(?:in schema (?P<schema>.+?) )?on (?P<objects>[a-z ]+?) to (?P<grantee>.+)$"
)
# The objects (ON TABLES …) whose default privileges an object of a grant kind takes when it is
# made: ON TABLES gives views and materialized views theirs too.
_DEFAULTS_OF_KIND = {
    "table": "tables",
    "sequence": "sequences",
    "function": "functions",
    "procedure": "functions",
}
# A target's privileges: (privilege, column) → grantable.
Held = dict[tuple[str, str | None], bool]
_QUERIES = frozenset({"view", "materialized view"})  # kinds whose definition needs the tables' columns
_OWNABLE = frozenset(
    {"view", "materialized view", "function", "procedure", "collation"}
)  # owned objects kept here
_RELATION_OWNED = frozenset({"table", "sequence", "view", "materialized view"})  # grants name them bare
# The kind of an owner object's target → the kind its grants are of (ON TABLE names views too; ON TYPE domains).
_GRANT_KIND = {"view": "table", "materialized view": "table", "domain": "type"}
# ALTER … OWNER TO (AlterOwnerStmt) → the kind an owner object names.
_OWNER_STATEMENTS = {
    "OBJECT_FUNCTION": "function",
    "OBJECT_PROCEDURE": "procedure",
    "OBJECT_SCHEMA": "schema",
    "OBJECT_TYPE": "type",
    "OBJECT_DOMAIN": "domain",
    "OBJECT_COLLATION": "collation",
}
# Objects compared but not migrated whose owner their definition states (``…; owned by r``, when not
# whoever runs the file): a different owner is a difference, refused by name with the object.
_DESCRIBED_OWNERS = {"OBJECT_PUBLICATION": "publication", "OBJECT_EVENT_TRIGGER": "event trigger"}
# ALTER … OWNER TO of the kinds read here (the others' objects are outside the model, and so their owners).
OWNER_STATEMENTS = frozenset({*_OWNER_STATEMENTS, *_DESCRIBED_OWNERS})


# --- PostgreSQL: one spelling for a statement ------------------------------------------


# A relation's columns and their types (the model's names; "" when not known): table or view → column → type.
Columns = Mapping[str, Mapping[str, str]]


def canonical(sql: str, columns: Columns | None = None) -> str:
    """The one spelling of a PostgreSQL statement: parsed, the server's respellings undone, deparsed.

    ``columns`` (relation → its columns' types in order, from a schema file) qualifies the
    unqualified columns of a query over several tables and expands its ``*``, as the server
    prints them, and types what the server types by a column: a literal compared with it
    (:func:`_typed_operands`)."""
    from pglast.parser import parse_sql
    from pglast.stream import RawStream

    (statement,) = parse_sql(sql)
    node: Any = statement.stmt
    assert node is not None
    kind = type(node).__name__
    query: Any = getattr(node, "query", None)  # a view's (ViewStmt, CreateTableAsStmt)
    if kind in ("ViewStmt", "CreateTableAsStmt") and type(query).__name__ == "SelectStmt":
        if not query.valuesLists:  # a VALUES view's: _values_select, below
            # ``CREATE VIEW v (a) AS SELECT x`` (and a materialized view's column list): the
            # server prints ``SELECT x AS a``
            listed = node.aliases if kind == "ViewStmt" else node.into.colNames
            _outputs_as_stored(query, columns or {}, {}, visible=True, listed=[n.sval for n in listed or ()])
            if kind == "ViewStmt":
                node.aliases = None
            else:
                node.into.colNames = None
        _unique_relation_names(query, set())
    elif kind == "CreateFunctionStmt":  # a BEGIN ATOMIC body's queries: sum(n) AS sum
        for body in node.sql_body or ():
            for item in body if isinstance(body, tuple) else ():
                for inner in [item] if type(item).__name__ == "SelectStmt" else _inner_queries(item):
                    _outputs_as_stored(inner, columns or {}, {}, visible=inner is item)
    _Canonical(columns or {})(node)
    if type(node).__name__ == "ViewStmt" and node.query.valuesLists:
        node.query = _values_select(node.query, [n.sval for n in node.aliases or ()])
        node.aliases = None
    return str(RawStream()(node))


def _values_select(values: Any, names: list[str]) -> Any:
    """A view's ``VALUES ('a', 1), ('b', 2)`` as the catalog's, once canonical: ``SELECT column1 AS
    name, … FROM (VALUES ('a'::text, 1), ('b', 2)) AS "*VALUES*"`` (the server types every
    string of several rows as text; the rewrites above keep the first row's cast only)."""
    from pglast import ast
    from pglast.parser import parse_sql

    first = values.valuesLists[0]
    if values.valuesLists[1:]:
        values.valuesLists = (
            tuple(
                _cast(item, "text", ast)
                if type(item).__name__ == "A_Const" and type(item.val).__name__ == "String"
                else item
                for item in first
            ),
            *values.valuesLists[1:],
        )
    columns = ", ".join(f"column{position}" for position in range(1, len(first) + 1))
    select: Any = parse_sql(f'SELECT {columns} FROM (VALUES (1)) AS "*VALUES*"')[0].stmt
    select.fromClause[0].subquery = values
    _outputs_as_stored(select, {}, {}, visible=True, listed=names)
    return select


def output_types(definition: str, columns: Columns) -> dict[str, str]:
    """A view's output columns and their types where its query says them (its set operation's
    left branch): a column of a relation it reads (its type in ``columns``) or a cast; "" for
    another expression."""
    from pglast.parser import parse_sql

    node: Any = parse_sql(definition)[0].stmt
    select = node.query  # a view's, a materialized view's (CREATE TABLE AS)
    while select.op.name != "SETOP_NONE":
        select = select.larg
    scope = _Scope(select, columns)
    typed = [
        scope.type_of(target.val)
        if type(target.val).__name__ == "ColumnRef"
        else _type_name(target.val.typeName)
        if type(target.val).__name__ == "TypeCast"
        else ""
        for target in select.targetList or ()
    ]
    listed = node.aliases if type(node).__name__ == "ViewStmt" else node.into.colNames
    names = [n.sval for n in listed or ()]
    names += [
        target.name or _figured_name(target.val)[0] for target in (select.targetList or ())[len(names) :]
    ]
    return dict(zip(names, typed, strict=False))


def view_query(definition: str) -> str:
    """The query of a view's or materialized view's canonical definition, as SQL (what a
    temporary view made to respell it is made of: :func:`with_query`)."""
    from pglast.parser import parse_sql
    from pglast.stream import RawStream

    node: Any = parse_sql(definition)[0].stmt
    return str(RawStream()(node.query))


def with_query(definition: str, query: str) -> str:
    """A view's or materialized view's canonical ``definition`` with its query replaced by
    ``query`` (``pg_get_viewdef``'s text of it), canonical as the catalog's definition is: the
    server's spelling of what the definition's query says, under the definition's own name and
    options."""
    from pglast.parser import parse_sql
    from pglast.stream import RawStream

    node: Any = parse_sql(definition)[0].stmt
    node.query = parse_sql(query)[0].stmt
    return canonical(str(RawStream()(node)))


def sql_body_replacement(definition: str) -> str | None:
    """``CREATE OR REPLACE`` of a function's or procedure's canonical ``definition`` when its body
    is SQL-standard (``BEGIN ATOMIC … END``, ``RETURN …``), which the server parses and stores as
    a tree and prints as it resolved it (``n`` as ``t.n``, a parameter ``k`` as ``f.k``): a
    comparison of such a body needs the server's spelling of both sides.  ``None`` for a body
    given as a string, which the server keeps as written."""
    from pglast.parser import parse_sql
    from pglast.stream import RawStream

    node: Any = parse_sql(definition)[0].stmt
    if type(node).__name__ != "CreateFunctionStmt" or node.sql_body is None:
        return None
    node.replace = True
    return str(RawStream()(node))


# --- a query's output columns as the server stores them ------------------------------------

# FigureColname's names of SQL value functions (pglast SVFOP_… → the name).
_VALUE_FUNCTION_NAMES = {
    "SVFOP_CURRENT_DATE": "current_date",
    "SVFOP_CURRENT_TIME": "current_time",
    "SVFOP_CURRENT_TIME_N": "current_time",
    "SVFOP_CURRENT_TIMESTAMP": "current_timestamp",
    "SVFOP_CURRENT_TIMESTAMP_N": "current_timestamp",
    "SVFOP_LOCALTIME": "localtime",
    "SVFOP_LOCALTIME_N": "localtime",
    "SVFOP_LOCALTIMESTAMP": "localtimestamp",
    "SVFOP_LOCALTIMESTAMP_N": "localtimestamp",
    "SVFOP_CURRENT_ROLE": "current_role",
    "SVFOP_CURRENT_USER": "current_user",
    "SVFOP_USER": "user",
    "SVFOP_SESSION_USER": "session_user",
    "SVFOP_CURRENT_CATALOG": "current_catalog",
    "SVFOP_CURRENT_SCHEMA": "current_schema",
}
_UNNAMED = "?column?"


def _figured_name(node: Any) -> tuple[str, int]:
    """The name PostgreSQL gives an output column written without one, and how sure it is of it
    (FigureColname: 2 a name, 1 a type's or a construct's, 0 none)."""
    kind = type(node).__name__
    if kind == "ColumnRef" and hasattr(node.fields[-1], "sval"):
        return node.fields[-1].sval, 2
    if kind == "A_Indirection":
        last = node.indirection[-1]
        return (last.sval, 2) if hasattr(last, "sval") else _figured_name(node.arg)
    if kind == "FuncCall":
        return node.funcname[-1].sval, 2
    if kind == "A_Expr" and node.kind.name == "AEXPR_NULLIF":
        return "nullif", 2
    if kind == "TypeCast":
        name, strength = _figured_name(node.arg)
        return (node.typeName.names[-1].sval, 1) if strength <= 1 else (name, strength)
    if kind == "CollateClause":
        return _figured_name(node.arg)
    if kind == "SubLink":
        linked = node.subLinkType.name
        if linked in ("EXISTS_SUBLINK", "ARRAY_SUBLINK"):
            return linked.split("_")[0].lower(), 2
        if linked == "EXPR_SUBLINK" and node.subselect.targetList:
            first = node.subselect.targetList[0]
            return (first.name, 2) if first.name else _figured_name(first.val)
    if kind == "CaseExpr":
        name, strength = _figured_name(node.defresult) if node.defresult is not None else (_UNNAMED, 0)
        return ("case", 1) if strength <= 1 else (name, strength)
    if kind in ("A_ArrayExpr", "RowExpr", "CoalesceExpr", "GroupingFunc"):
        return {"A_ArrayExpr": "array", "RowExpr": "row", "CoalesceExpr": "coalesce"}.get(kind, "grouping"), 2
    if kind == "MinMaxExpr":
        return ("greatest" if node.op.name == "IS_GREATEST" else "least"), 2
    if kind == "SQLValueFunction" and node.op.name in _VALUE_FUNCTION_NAMES:
        return _VALUE_FUNCTION_NAMES[node.op.name], 2
    return _UNNAMED, 0


def _leaves(select: Any) -> list[Any]:
    """The SELECTs of a set operation, left to right (the query itself when it is none)."""
    if select.op.name == "SETOP_NONE":
        return [select]
    return _leaves(select.larg) + _leaves(select.rarg)


def _outputs_as_stored(
    select: Any,
    columns: Columns,
    ctes: dict[str, tuple[str, ...]],
    *,
    visible: bool,
    listed: Sequence[str] = (),
) -> tuple[str, ...] | None:
    """Spell ``select``'s output columns as ``pg_get_viewdef`` prints them, in place: ``*`` is the
    columns it stands for (when they are known), a column written without a name is given the one
    PostgreSQL figures for it (``1`` → ``1 AS "?column?"`` where the names are visible,
    ``count(*) AS count``) or the name ``listed`` gives it (a view's column list), each SELECT of a
    set operation names its columns as the first one does, and ``x AS x`` is ``x``. Returns the output names (``None`` when some are unknown)."""
    from pglast import ast

    if select.withClause is not None:
        ctes = dict(ctes)
        for cte in select.withClause.ctes:
            named = _outputs_as_stored(cte.ctequery, columns, ctes, visible=True)
            if cte.aliascolnames:
                named = tuple(n.sval for n in cte.aliascolnames)
            if named is not None:
                ctes[cte.ctename] = named
    leaves = _leaves(select)
    names: tuple[str, ...] | None = None
    for position, leaf in enumerate(leaves):
        derived = dict(ctes)  # what FROM reads by name: the WITH queries and the subqueries
        for item in leaf.fromClause or ():
            if type(item).__name__ == "RangeSubselect":
                named = _outputs_as_stored(item.subquery, columns, ctes, visible=True)
                if item.alias is not None and named is not None:
                    derived[item.alias.aliasname] = named
        _expand_star(leaf, columns, derived, ast)
        targets: tuple[Any, ...] = leaf.targetList or ()
        if position == 0:
            for index, target in enumerate(targets):
                if index < len(listed):
                    target.name = listed[index]
                elif target.name is None and type(target.val).__name__ != "ColumnRef":
                    name = _figured_name(target.val)[0]
                    if visible or name != _UNNAMED:
                        target.name = name
            found = [target.name or _figured_name(target.val)[0] for target in targets]
            names = None if any(_is_star(target.val) for target in targets) else tuple(found)
        elif names is not None and len(names) == len(targets):
            for target, name in zip(targets, names, strict=True):
                target.name = name
        for target in targets:
            if _names_itself(target):
                target.name = None
        for inner in _inner_queries(leaf, top=True):  # subqueries (the ones above are named already)
            _outputs_as_stored(inner, columns, derived, visible=False)
    return names


def _expand_star(select: Any, columns: Columns, ctes: dict[str, tuple[str, ...]], ast: Any) -> None:
    """``SELECT *`` (or ``t.*``) over relations whose columns are known: the columns, in order,
    qualified when the query reads several relations, as the server stores it."""
    targets: tuple[Any, ...] = select.targetList or ()
    if not any(_is_star(target.val) for target in targets):
        return
    relations = []
    for relation in _from_items(select.fromClause or ()):
        if relation is None or (type(relation).__name__ == "RangeSubselect" and relation.alias is None):
            return
        label = relation.alias.aliasname if relation.alias else relation.relname
        if type(relation).__name__ == "RangeSubselect" or (
            relation.schemaname is None and relation.relname in ctes
        ):
            known: tuple[str, ...] | None = ctes.get(label)
        else:
            types = columns.get(_relation(relation)[1])
            known = None if types is None else tuple(types)
        if relation.alias and relation.alias.colnames and known is not None:
            given = tuple(n.sval for n in relation.alias.colnames)
            known = given + known[len(given) :]
        if known is None:
            return
        relations.append((label, known))
    several = len(relations) > 1
    expanded: list[Any] = []
    for target in targets:
        if not _is_star(target.val):
            expanded.append(target)
            continue
        qualifier = target.val.fields[0].sval if len(target.val.fields) == 2 else None
        for label, names in relations:
            if qualifier in (None, label):
                for name in names:
                    fields = (
                        (ast.String(sval=label), ast.String(sval=name))
                        if several
                        else (ast.String(sval=name),)
                    )
                    expanded.append(ast.ResTarget(val=ast.ColumnRef(fields=fields)))
    select.targetList = tuple(expanded)


def _unique_relation_names(select: Any, used: set[str]) -> None:
    """A table read again inside a subquery of a query that reads it is given the name the server
    gives it (``points`` in a subquery of a query over ``points`` is ``points points_1``), so the
    names of a query and of the queries around it differ."""
    from pglast import ast

    for leaf in _leaves(select):
        mine: set[str] = set()
        for relation in _from_items(leaf.fromClause or ()):
            if relation is None or type(relation).__name__ != "RangeVar":
                continue
            name = relation.alias.aliasname if relation.alias else relation.relname
            if relation.alias is None and name in used:
                number = 1
                while f"{name}_{number}" in used | mine:
                    number += 1
                name = f"{name}_{number}"
                relation.alias = ast.Alias(aliasname=name)
            mine.add(name)
        for inner in _inner_queries(leaf, top=True):
            _unique_relation_names(inner, used | mine)


def _inner_queries(node: Any, *, top: bool = False) -> list[Any]:
    """The queries nested in ``node`` (subqueries, WITH queries), the outermost only."""
    if isinstance(node, tuple):
        return [found for item in node for found in _inner_queries(item)]
    if node is None or not hasattr(node, "__slots__"):
        return []
    kind = type(node).__name__
    if kind == "SelectStmt" and not top:
        return [node]
    found: list[Any] = []
    for slot in _slots(node):
        if kind == "SelectStmt" and slot in ("larg", "rarg"):
            continue
        found += _inner_queries(getattr(node, slot, None))
    return found


def _from_items(node: Any) -> list[Any]:
    """The relations and subqueries a FROM clause reads, in order, plain joins walked; ``None``
    for anything else (a function, a join whose columns merge: ``USING``, ``NATURAL``)."""
    if isinstance(node, tuple):
        return [found for item in node for found in _from_items(item)]
    kind = type(node).__name__
    if kind in ("RangeVar", "RangeSubselect"):
        return [node]
    if kind == "JoinExpr" and not node.usingClause and not node.isNatural:
        return _from_items(node.larg) + _from_items(node.rarg)
    return [None]


def _names_itself(target: Any) -> bool:
    """Whether a select list entry is a column aliased by its own name (``x AS x``: the server prints ``x``)."""
    value = target.val
    return (
        target.name is not None
        and type(value).__name__ == "ColumnRef"
        and getattr(value.fields[-1], "sval", None) == target.name
    )


def _is_star(node: Any) -> bool:
    return type(node).__name__ == "ColumnRef" and type(node.fields[-1]).__name__ == "A_Star"


def _strip_schema(names: tuple[Any, ...]) -> tuple[Any, ...]:
    if len(names) > 1 and names[0].sval in ("public", "pg_catalog"):
        return names[1:]
    return names


def _type_name(node: Any) -> str:
    """A TypeName as the model spells its type, without modifiers: ``integer``, ``text[]``."""
    names = [name.sval for name in node.names]
    return str(normalize_type(".".join(names), (), len(node.arrayBounds or ())))


class _Canonical:
    """Rewrites a pglast tree in place into the spelling both sides share."""

    def __init__(self, columns: Columns) -> None:
        self.columns = columns

    def __call__(self, node: Any) -> None:
        from pglast import ast
        from pglast.visitors import Visitor

        rewrite = self

        class _Walk(Visitor):
            def visit(self, ancestors: Any, item: Any) -> Any:
                return rewrite.visit(item, ast)

        _Walk()(node)

    def visit(self, node: Any, ast: Any) -> Any:
        kind = type(node).__name__
        if kind == "RangeVar" and node.schemaname == "public":
            node.schemaname = None
        elif kind == "FuncCall":
            node.funcname = _strip_schema(node.funcname)
            last: Any = node.args[-1] if node.args else None
            if node.func_variadic and type(last).__name__ == "A_ArrayExpr" and last.elements:
                # f(a, VARIADIC ARRAY[x, y]), as the catalog prints a call of a VARIADIC
                # function, is the call f(a, x, y) (expressions.py spreads it likewise)
                node.args = (*node.args[:-1], *last.elements)
                node.func_variadic = False
        elif kind == "TypeName" and node.names:
            names = _strip_schema(node.names)
            canonical_name = TYPE_ALIASES.get(" ".join(n.sval for n in names).lower())
            node.names = (ast.String(sval=canonical_name),) if canonical_name else names
        elif kind == "TypeCast" and _is_text_cast(node):
            return node.arg  # the server casts literals and columns to text where it resolves them
        elif kind == "A_Expr":
            if node.kind.name in ("AEXPR_LIKE", "AEXPR_ILIKE"):
                node.kind = ast.A_Expr(kind=0).kind  # AEXPR_OP: LIKE is printed back as ~~
            # `duration > 0` over a float column: the server stores 0::double precision
            node.lexpr, node.rexpr = _uncast_number(node.lexpr), _uncast_number(node.rexpr)
            if node.kind.name == "AEXPR_NOT_DISTINCT":  # stored as NOT (a IS DISTINCT FROM b)
                node.kind = type(node.kind).AEXPR_DISTINCT
                return ast.BoolExpr(boolop=ast.BoolExpr(boolop=2).boolop, args=(node,))
        elif kind == "FunctionParameter":
            if node.mode.name == "FUNC_PARAM_DEFAULT":
                node.mode = type(node.mode).FUNC_PARAM_IN  # the catalog prints IN
            if _cast_to_own_type(node):  # `r role DEFAULT NULL`: the catalog prints NULL::role
                node.defexpr = node.defexpr.arg
        elif kind == "CaseExpr" and node.defresult is not None and _is_null(node.defresult):
            node.defresult = None  # the server writes out the ELSE NULL a CASE leaves out, cast
        elif kind == "SelectStmt":
            _output_names_as_expressions(node, self.columns)
            _unqualify_single_relation(node)
            _qualify_joined(node, self.columns, ast)
            _typed_operands(node, _Scope(node, self.columns), ast)
            for target in node.targetList or ():
                if _names_itself(target):  # ``n::integer AS n`` of an integer n, now ``n AS n``
                    target.name = None
        elif kind == "CreateFunctionStmt":
            node.replace = False
            node.funcname = _strip_schema(node.funcname)
            node.options = tuple(sorted(_function_options(node.options or ()), key=lambda o: o.defname))
        elif kind in ("ViewStmt", "CreateTrigStmt", "RuleStmt"):
            node.replace = False
            if kind == "ViewStmt":
                node.options = _view_options(node) or None
                node.withCheckOption = type(node.withCheckOption).NO_CHECK_OPTION
        elif kind == "VariableSetStmt" and node.name:  # a function's SET: the catalog spells TimeZone
            node.name = node.name.lower()  # a setting's name is case-insensitive
        elif kind == "IndexStmt":
            node.idxname = None  # the object's name holds it; an unnamed one is named as PostgreSQL names it
        elif kind == "IndexElem" and node.ordering.name == "SORTBY_ASC":
            node.ordering = type(node.ordering).SORTBY_DEFAULT
        if kind == "CreateTrigStmt":
            node.funcname = _strip_schema(node.funcname)
        elif kind == "CreateTableAsStmt":
            node.into.skipData = False  # WITH NO DATA: the data, not the definition
            node.if_not_exists = False  # how the file makes it, not what it is; pg_get_viewdef has none
        return None


def _uncast_number(node: Any) -> Any:
    """An operand that is a number cast to a type: the number (the server casts one to the
    other operand's type where it resolves the operator)."""
    cast = type(node).__name__ == "TypeCast" and type(node.arg).__name__ == "A_Const"
    return node.arg if cast and type(node.arg.val).__name__ in ("Integer", "Float") else node


def _is_null(node: Any) -> bool:
    """``NULL``, or ``NULL::type``."""
    if type(node).__name__ == "TypeCast":
        node = node.arg
    return type(node).__name__ == "A_Const" and bool(node.isnull)


def _cast_to_own_type(parameter: Any) -> bool:
    """Whether a function parameter's default is a constant cast to the parameter's own type,
    as the catalog prints a default given without one."""
    default, own = parameter.defexpr, parameter.argType
    if type(default).__name__ != "TypeCast" or type(default.arg).__name__ != "A_Const" or own is None:
        return False
    cast = default.typeName

    def spelled(type_name: Any) -> tuple[Any, ...]:
        names = " ".join(n.sval for n in _strip_schema(type_name.names)).lower()
        modifiers = tuple(str(m) for m in type_name.typmods or ())
        return (TYPE_ALIASES.get(names, names), modifiers, len(type_name.arrayBounds or ()))

    return spelled(cast) == spelled(own)


def _is_text_cast(node: Any) -> bool:
    type_name = node.typeName
    if type_name.typmods or type_name.arrayBounds:
        return False
    names = _strip_schema(type_name.names)
    spelled = TYPE_ALIASES.get(" ".join(n.sval for n in names).lower())
    return spelled in _TEXT_TYPES and type(node.arg).__name__ in ("A_Const", "ColumnRef")


def _function_options(options: Iterable[Any]) -> Iterable[Any]:
    for option in options:
        value = getattr(option.arg, "sval", None)
        if value is None:
            value = getattr(option.arg, "boolval", getattr(option.arg, "ival", None))
            if value is None and hasattr(option.arg, "fval"):
                value = float(option.arg.fval)
        if option.defname in _DEFAULT_OPTIONS and value == _DEFAULT_OPTIONS[option.defname]:
            continue
        if option.defname == "cost" and value == 1:  # the default of C and internal functions
            continue
        yield option


def _unqualify_single_relation(select: Any) -> None:
    """``t.id`` is ``id`` in a query over one table: the server prints it unqualified."""
    from_clause: tuple[Any, ...] = select.fromClause or ()
    if len(from_clause) != 1 or type(from_clause[0]).__name__ != "RangeVar":
        return
    relation = from_clause[0]
    names = {relation.relname, relation.alias.aliasname if relation.alias else None}
    for part in ("distinctClause", "targetList", "whereClause", "groupClause", "havingClause", "sortClause"):
        _unqualify(getattr(select, part), names)


def _view_option(name: str, value: str) -> Any:
    """A view's option ``name = value`` as the catalog's reloptions print it."""
    from pglast.parser import parse_sql

    node: Any = parse_sql(f"CREATE VIEW v WITH ({name} = {value}) AS SELECT 1")[0].stmt
    return node.options[0]


def _view_options(view: Any) -> tuple[Any, ...]:
    """A view's options as the catalog keeps them: ``WITH [LOCAL | CASCADED] CHECK OPTION`` is
    ``check_option``, a boolean option given without a value (``security_barrier``) is ``true``."""
    options = tuple(
        _view_option(option.defname, "true") if option.arg is None else option
        for option in view.options or ()
    )
    check = view.withCheckOption.name
    if check == "NO_CHECK_OPTION":
        return options
    return (*options, _view_option("check_option", "local" if check == "LOCAL_CHECK_OPTION" else "cascaded"))


class _Scope:
    """The relations a query reads (its FROM clause, joins walked): what a column of it is typed by."""

    def __init__(self, select: Any, columns: Columns) -> None:
        self.relations: dict[str, Mapping[str, str]] = {}
        for relation in _relations(select.fromClause or ()):
            label = relation.alias.aliasname if relation.alias else relation.relname
            self.relations[label] = columns.get(_relation(relation)[1], {})

    def type_of(self, node: Any) -> str:
        """A column reference's type, "" when not known (another query's, an unknown relation's)."""
        names = [str(getattr(part, "sval", "*")) for part in node.fields]
        if len(names) == 2 and names[0] in self.relations:
            return self.relations[names[0]].get(names[1], "")
        if len(names) != 1:
            return ""
        found = [types[names[0]] for types in self.relations.values() if names[0] in types]
        return found[0] if len(found) == 1 else ""


_COMPARISONS = frozenset({"=", "<>", "!=", "<", ">", "<=", ">="})
_INTEGER_TYPES = frozenset({"smallint", "integer", "bigint"})
_FLOAT_TYPES = frozenset({"real", "double precision"})


def _typed_operands(select: Any, scope: _Scope, ast: Any) -> None:
    """Type what the server types by a column, in a query of a schema file: a literal compared
    with a column (``n > 2`` of a numeric ``n`` is stored ``n > 2::numeric``, ``d > '2020-1-1'`` of a
    date ``d > '2020-01-01'::date``), or the column (``b = 2.5`` of a bigint ``b::numeric = 2.5``);
    ``IN`` lists and ``BETWEEN`` as the comparisons the server stores them as."""
    if not scope.relations:
        return

    between: list[Any] = []  # the conjunctions BETWEEN became: an enclosing AND takes their terms

    def walk(node: Any) -> Any:
        if isinstance(node, tuple):
            return tuple(walk(item) for item in node)
        kind = type(node).__name__
        if node is None or not hasattr(node, "__slots__") or kind in ("SelectStmt", "SubLink"):
            return node
        for slot in _slots(node):
            value = getattr(node, slot, None)
            if isinstance(value, tuple) or hasattr(value, "__slots__"):
                setattr(node, slot, walk(value))
        if kind == "A_Expr":
            typed = _typed_comparison(node, scope, ast)
            if type(typed).__name__ == "BoolExpr":
                between.append(typed)
            return typed
        if kind == "BoolExpr" and node.boolop.name == "AND_EXPR":
            node.args = tuple(
                term
                for arg in node.args
                for term in (arg.args if any(arg is made for made in between) else (arg,))
            )
        if kind == "TypeCast" and _redundant_cast(node, scope):
            return node.arg  # ``n::integer`` of an integer column: the server drops the cast
        return node

    for part in ("targetList", "whereClause", "havingClause", "fromClause"):
        setattr(select, part, walk(getattr(select, part)))


# Types without modifiers: a cast of a column of one to its own type changes nothing.
_PLAIN_TYPES = frozenset(
    {"smallint", "integer", "bigint", "real", "double precision", "text", "boolean", "date", "uuid"}
)


def _redundant_cast(cast: Any, scope: _Scope) -> bool:
    """Whether a cast is of a column to the column's own type (a type without modifiers)."""
    if type(cast.arg).__name__ != "ColumnRef" or cast.typeName.typmods or cast.typeName.arrayBounds:
        return False
    column = scope.type_of(cast.arg)
    return column in _PLAIN_TYPES and _type_name(cast.typeName) == column


def _typed_comparison(node: Any, scope: _Scope, ast: Any) -> Any:
    from pglast.enums import A_Expr_Kind, BoolExprType

    kind = node.kind.name
    operator = node.name[-1].sval if node.name else ""
    if (
        kind == "AEXPR_OP"
        and type(node.lexpr).__name__ == "A_Const"
        and type(node.rexpr).__name__ == "ColumnRef"
    ):
        column_side, literal_side = "rexpr", "lexpr"  # ``2 < n``
    else:
        column_side, literal_side = "lexpr", "rexpr"
    if type(getattr(node, column_side)).__name__ != "ColumnRef":
        return node
    column = scope.type_of(getattr(node, column_side))
    if not column:
        return node
    if kind == "AEXPR_IN" and all(type(item).__name__ == "A_Const" for item in node.rexpr):
        # ``n IN (1, 2)`` is stored ``n = ANY (ARRAY[1, 2])``, NOT IN ``<> ALL``
        items = [_typed_literal(item, column, ast, listed=True) for item in node.rexpr]
        if any(item is None for item in items):
            return node
        quantifier = A_Expr_Kind.AEXPR_OP_ANY if operator == "=" else A_Expr_Kind.AEXPR_OP_ALL
        return ast.A_Expr(
            kind=quantifier, name=node.name, lexpr=node.lexpr, rexpr=ast.A_ArrayExpr(elements=tuple(items))
        )
    if kind == "AEXPR_BETWEEN" and all(type(item).__name__ == "A_Const" for item in node.rexpr):
        low, high = (_typed_literal(item, column, ast) for item in node.rexpr)
        if low is None or high is None:
            return node
        return ast.BoolExpr(
            boolop=BoolExprType.AND_EXPR,
            args=(
                ast.A_Expr(
                    kind=A_Expr_Kind.AEXPR_OP, name=(ast.String(sval=">="),), lexpr=node.lexpr, rexpr=low
                ),
                ast.A_Expr(
                    kind=A_Expr_Kind.AEXPR_OP, name=(ast.String(sval="<="),), lexpr=node.lexpr, rexpr=high
                ),
            ),
        )
    literal = getattr(node, literal_side)
    if kind != "AEXPR_OP" or operator not in _COMPARISONS or type(literal).__name__ != "A_Const":
        return node
    if column in _INTEGER_TYPES and type(literal.val).__name__ == "Float":
        # no integer = numeric operator: the column is cast
        setattr(node, column_side, _cast(getattr(node, column_side), "numeric", ast))
        return node
    typed = _typed_literal(literal, column, ast)
    if typed is not None:
        setattr(node, literal_side, typed)
    return node


# An IN list's number, by its kind and the column's type, as the server stores it in the array it
# makes of the list: as it is, or cast to a type.
_LISTED_KEPT = frozenset({("Integer", "smallint"), ("Integer", "integer"), ("Float", "numeric")})
_LISTED_CAST = {
    ("Integer", "bigint"): "bigint",
    ("Integer", "numeric"): "numeric",
    ("Integer", "double precision"): "double precision",
    ("Float", "double precision"): "double precision",
    ("Float", "real"): "double precision",  # real > double precision: the literal stays double
}


def _typed_literal(constant: Any, column: str, ast: Any, *, listed: bool = False) -> Any:
    """A literal compared with a column of type ``column``, as the canonical form writes it; None
    when this does not know how the server types it.

    A number is the one spelling of number casts: an operand of a comparison is bare, as
    :func:`_uncast_number` leaves both sides (the server casts it to the column's type, or not);
    ``listed``, in an ``IN`` list (stored as an array, each item as the server typed it), as the
    server keeps it.  A string is cast to the column's type, its text as the server prints it."""
    from wesley_gen.expressions import TYPED_LITERALS, typed_literal

    value = constant.val
    kind = type(value).__name__
    if kind in ("Integer", "Float"):
        if not listed or (kind, column) in _LISTED_KEPT:
            return constant
        return _cast(constant, _LISTED_CAST[kind, column], ast) if (kind, column) in _LISTED_CAST else None
    if kind == "String" and column == "text":
        return constant
    if kind == "String" and column in TYPED_LITERALS - {"money"}:
        text = typed_literal(value.sval, column)
        return None if text is None else _cast(ast.A_Const(val=ast.String(sval=text)), column, ast)
    return None


def _cast(node: Any, type_name: str, ast: Any) -> Any:
    return ast.TypeCast(arg=node, typeName=ast.TypeName(names=(ast.String(sval=type_name),), typemod=-1))


def _output_names_as_expressions(select: Any, columns: Columns) -> None:
    """``GROUP BY``/``ORDER BY`` an output column's name or position is its expression: the server
    resolves them so and prints the expression (a constant stays a position). An ``ORDER BY`` name
    is the output column's first, a ``GROUP BY`` one the input column's: resolved only when the
    query reads tables whose columns are known and none of them has the name."""
    targets: tuple[Any, ...] = select.targetList or ()
    if not targets or select.op.name != "SETOP_NONE":
        return
    from_clause: tuple[Any, ...] = select.fromClause or ()
    relations = [_relation(relation)[1] for relation in _relations(from_clause)]
    inputs = (
        set().union(*(columns[name] for name in relations))
        if _only_tables(from_clause) and all(name in columns for name in relations)
        else None
    )

    def output(item: Any, group: bool) -> Any:
        kind = type(item).__name__
        if kind == "A_Const" and type(item.val).__name__ == "Integer" and 0 < item.val.ival <= len(targets):
            chosen = targets[item.val.ival - 1].val
            return item if type(chosen).__name__ == "A_Const" else deepcopy(chosen)
        if kind != "ColumnRef" or len(item.fields) != 1 or not hasattr(item.fields[0], "sval"):
            return item
        name = item.fields[0].sval
        if group and (inputs is None or name in inputs):
            return item
        named = [target.val for target in targets if target.name == name]
        return deepcopy(named[0]) if len(named) == 1 else item

    if select.groupClause:
        select.groupClause = tuple(output(item, True) for item in select.groupClause)
    for sort in select.sortClause or ():
        sort.node = output(sort.node, False)


def _only_tables(node: Any) -> bool:
    """Whether a FROM clause reads relations by name only (no subquery, function or VALUES)."""
    if isinstance(node, tuple):
        return all(_only_tables(item) for item in node)
    kind = type(node).__name__
    return kind == "RangeVar" or (kind == "JoinExpr" and _only_tables(node.larg) and _only_tables(node.rarg))


def _relations(node: Any) -> list[Any]:
    """The RangeVars of a FROM clause, joins walked."""
    if isinstance(node, tuple):
        return [found for item in node for found in _relations(item)]
    kind = type(node).__name__
    if kind == "RangeVar":
        return [node]
    if kind == "JoinExpr":
        return _relations(node.larg) + _relations(node.rarg)
    return []


def expanded_statement(sql: str, columns: Columns) -> str | None:
    """A file's view statement with its ``*`` expanded into the columns it reads now (``None``
    when it has none to expand): made again later (a rollback, a view made again around a
    change), ``SELECT *`` would read the columns the table has then, not the view's."""
    from pglast import ast
    from pglast.parser import parse_sql
    from pglast.stream import RawStream
    from pglast.visitors import Visitor

    (statement,) = parse_sql(sql)
    tree = statement.stmt
    assert tree is not None
    found = []

    class _Walk(Visitor):
        def visit(self, ancestors: Any, node: Any) -> None:
            if type(node).__name__ == "SelectStmt":
                written = node.targetList
                _expand_star(node, columns, {}, ast)
                found.append(node.targetList is not written)

    _Walk()(tree)
    return str(RawStream()(tree)) if any(found) else None


def _qualify_joined(select: Any, columns: Columns, ast: Any) -> None:
    """``x`` is ``u.x`` in a query over several tables when only ``u`` has it: the server prints it so."""
    relations = _relations(select.fromClause or ())
    if len(relations) < 2 or not columns:
        return
    owners: dict[str, list[str]] = defaultdict(list)
    for relation in relations:
        label = relation.alias.aliasname if relation.alias else relation.relname
        for column in columns.get(_relation(relation)[1], ()):
            owners[column].append(label)

    def qualify(node: Any) -> None:
        if isinstance(node, tuple):
            for item in node:
                qualify(item)
            return
        if node is None or not hasattr(node, "__slots__") or type(node).__name__ in ("SelectStmt", "SubLink"):
            return
        if type(node).__name__ == "ColumnRef":
            fields = node.fields
            if len(fields) == 1 and hasattr(fields[0], "sval") and len(owners.get(fields[0].sval, ())) == 1:
                node.fields = (ast.String(sval=owners[fields[0].sval][0]), fields[0])
            return
        for slot in _slots(node):
            qualify(getattr(node, slot, None))

    for part in (
        "distinctClause",
        "targetList",
        "whereClause",
        "groupClause",
        "havingClause",
        "sortClause",
        "fromClause",
    ):
        qualify(getattr(select, part))


def _unqualify(node: Any, names: set[str | None]) -> None:
    if isinstance(node, tuple):
        for item in node:
            _unqualify(item, names)
        return
    if node is None or not hasattr(node, "__slots__"):
        return
    if type(node).__name__ == "ColumnRef":
        fields = node.fields
        if len(fields) == 2 and getattr(fields[0], "sval", None) in names:
            node.fields = fields[1:]
        return
    if type(node).__name__ in ("SelectStmt", "SubLink"):
        return  # a subquery has its own FROM
    for slot in _slots(node):
        _unqualify(getattr(node, slot, None), names)


def _slots(node: Any) -> list[str]:
    return [slot for cls in type(node).__mro__ for slot in getattr(cls, "__slots__", ())]


# --- the file side ------------------------------------------------------------------------


def _relation(node: Any) -> tuple[str, str]:
    """(schema, model name) of a RangeVar: ``public`` objects go unqualified, as tables do."""
    schema = node.schemaname or "public"
    return schema, node.relname if schema == "public" else f"{schema}.{node.relname}"


def _qualified(names: Iterable[str]) -> tuple[str, str]:
    """(schema, model name) of a dotted name list."""
    parts = list(names)
    schema = parts[0] if len(parts) > 1 else "public"
    if parts[0] == "public" and len(parts) > 1:
        parts = parts[1:]
    return schema, ".".join(parts)


def function_identity(name: str, argument_types: Iterable[str]) -> str:
    """How a function is named: ``add_one(integer)`` (overloads differ by argument types)."""
    return f"{name}({', '.join(argument_types)})"


class FileObjects:
    """The opaque objects of a PostgreSQL or SQLite schema file, statement by statement."""

    def __init__(self) -> None:
        self.objects: dict[tuple[str, str], OtherObject] = {}
        self.grants: dict[tuple[str, str, str], Held] = {}  # (kind, target, grant_holder) → privileges
        self.grant_lines: dict[tuple[str, str, str], int | None] = {}
        self.defaults: dict[str, DefaultHeld] = {}  # a default privileges object's name → what it holds
        self.default_lines: dict[str, int | None] = {}
        self.text = ""  # the statement being read: what creates the objects it adds
        self.role: str | None = None  # SET ROLE's (the reader's): who grants, who owns what is made
        self.owners: dict[str, str] = {}  # an object made under SET ROLE → that role
        # (kind, name) → the role that owns it and the line that says so, when the file names one
        self.owned: dict[tuple[str, str], tuple[str, int | None]] = {}
        # a publication's or event trigger's owner (None: whoever runs the file), when the file names one
        self.described: dict[tuple[str, str], str | None] = {}
        # grant target → (grant kind, what its owner holds of it), once granted or revoked otherwise than every privilege
        self.own: dict[str, tuple[str, Held]] = {}
        self.trigger_states: dict[str, str] = {}  # trigger name → ALTER TABLE's state for it (TRIGGER_STATES)
        # publication name → (FOR ALL TABLES, its tables, publish option): ALTER PUBLICATION changes them
        self.publications: dict[str, tuple[bool, list[str], str | None]] = {}

    def add(self, item: OtherObject) -> None:
        self.objects[item.kind, item.name] = replace(item, statement=item.statement or self.text)
        if item.kind in _OWNABLE:
            self.owned.pop((item.kind, item.name), None)  # made anew: the maker's
            self.own.pop(_owner_target(item.kind, item.name), None)
        if item.kind in ("publication", "event trigger"):
            self.described[item.kind, item.name] = self.role
        if self.role is not None:
            self.owners[item.name] = self.role
            if item.kind in _OWNABLE:
                self.owned[item.kind, item.name] = (self.role, item.line)

    def set_owner(self, what: str, name: str, role: str | None, line: int | None) -> None:
        """``ALTER … OWNER TO role`` (``None``: the role that runs the file) of the object ``name``
        of kind ``what`` (``table``, ``view``, ``function``, ``schema`` …), as PostgreSQL rewrites
        its ACL: the old owner's own privileges become the new one's, merged with what the new
        owner held from the owner, and the grants the new owner made become the owner's."""
        if role is None:
            self.owned.pop((what, name), None)
            self.owners.pop(name, None)
        else:
            self.owned[what, name] = (role, line)
            self.owners[name] = role
        target = _owner_target(what, name)
        if _GRANT_KIND.get(what, what) not in _GRANT_ALL:
            return  # a collation: no privileges
        kind, held = self.own.pop(target, (_GRANT_KIND.get(what, what), None))
        mine = dict(held) if held is not None else _every_privilege(kind)
        for key in [k for k in self.grants if k[1] == target and role is not None]:
            grantee, _, grantor = key[2].partition(" granted by ")
            if key[2] == role:  # the new owner's grant from the owner: its own privileges now
                _merge(mine, self.grants.pop(key))
                self.grant_lines.pop(key, None)
            elif grantor == role:  # a grant the new owner made: the owner's grant now
                line_of = self.grant_lines.pop(key, None)
                into = self.grants.setdefault(
                    (key[0], target, grantee), _default_held(key[0], target, grantee)
                )
                self.grant_lines.setdefault((key[0], target, grantee), line_of)
                _merge(into, self.grants.pop(key))
        if held is not None or mine != _every_privilege(kind):
            self.own[target] = (kind, mine)

    def merge_own(self, kind: str, target: str, held: Held) -> None:
        """What a table's new owner held from the owner (or a table's owner is granted or revoked,
        ``GRANT … TO owner``): its own privileges now."""
        _merge(self.own.setdefault(target, (kind, _every_privilege(kind)))[1], held)

    def own_held(self, kind: str, target: str) -> Held:
        """The privileges the owner of ``target`` (an object of grant ``kind``) holds of it, to
        grant or revoke (every one until a ``REVOKE … FROM`` its owner)."""
        return self.own.setdefault(target, (kind, _every_privilege(kind)))[1]

    def owner_objects(self, targets: set[str]) -> list[OtherObject]:
        """The owner of each object the file made and names an owner of, or whose owner holds
        other privileges of it than every one (``targets``: the tables, sequences, schemas and
        types of the schema, as ``table docs``)."""
        named = {_owner_target(what, name): (what, name) for what, name in self.objects if what in _OWNABLE}
        named |= {
            _owner_target(what, name): (what, name)
            for what, _, name in (t.partition(" ") for t in sorted(targets))
        }
        found = []
        keys = set(self.owned) | {named[t] for t in self.own if t in named}
        for what, name in sorted(keys):
            if (what, name) not in self.objects and f"{what} {name}" not in targets:
                continue
            role, line = self.owned.get((what, name), (None, None))
            kind, held = self.own.get(_owner_target(what, name), (_GRANT_KIND.get(what, what), None))
            text = _own_text(kind, held)
            if role is None and text is None:
                continue
            schema = name if what == "schema" else _qualified(name.split("(", 1)[0].split(".", 1))[0]
            if (what, name) in self.objects:  # the schema it was made in: a view "V.Users" is public's
                schema = self.objects[what, name].schema
            found.append(
                OtherObject("owner", schema, owner_name(what, name), owner_definition(role, text), line)
            )
        return found

    def result(self, columns: Columns) -> tuple[OtherObject, ...]:
        """Every object, the grants (as they stand at the end) included;
        ``columns`` (table → its columns' types, in order) spells the queries of views, and each
        view's own columns the views after it that read it."""
        known = dict(columns)
        found = {}
        for key, item in self.objects.items():
            if item.kind in _QUERIES and item.schema != "main":
                written = expanded_statement(item.statement or item.definition, known) or item.statement
                item = replace(item, definition=canonical(item.definition, known), statement=written)
                known[item.name] = output_types(item.definition, known)
            elif item.kind == "trigger" and item.name in self.trigger_states:
                item = replace(
                    item, definition=with_trigger_state(item.definition, self.trigger_states[item.name])
                )
            found[key] = item
        for key, role in self.described.items():
            if key in found and role is not None:
                found[key] = replace(found[key], definition=found[key].definition + owned_by(role))
        for (kind, target, grantee), held in self.grants.items():
            granted = grant_object(kind, target, grantee, held, self.grant_lines[kind, target, grantee])
            if granted is not None:
                found["grant", granted.name] = granted
        for name, given in self.defaults.items():
            if given:
                found["default privileges", name] = OtherObject(
                    "default privileges",
                    "",
                    name,
                    default_privileges_text(name, given),
                    self.default_lines[name],
                )
        return tuple(found.values())

    # --- PostgreSQL -----------------------------------------------------------------

    def postgres_statement(self, kind: str, text: str, line: int | None) -> None:
        """Read one statement of a kind in :data:`POSTGRES_STATEMENTS`, or an index of a materialized view."""
        from pglast.parser import parse_sql

        (statement,) = parse_sql(text)
        node = statement.stmt
        handler = getattr(self, f"_{kind}")
        self.text = text.strip().rstrip(";")
        handler(node, text, line)
        self.text = ""

    def set_trigger_state(self, table: str, trigger: str, state: str) -> bool:
        """``ALTER TABLE table ENABLE/DISABLE TRIGGER trigger`` (``state``: a letter of
        TRIGGER_STATES); False when the file has made no such trigger (yet)."""
        name = f"{trigger} on {table}"
        if ("trigger", name) not in self.objects:
            return False
        self.trigger_states[name] = state
        return True

    def rename_view_column(self, text: str) -> bool:
        """``ALTER [MATERIALIZED] VIEW v RENAME COLUMN old TO new`` (``text``): the view's statement
        names the column ``new`` (in its column list, or as its output column's alias) and the
        grants on its columns follow, as PostgreSQL's do; False when it renames no column of a view
        the file has made."""
        from pglast.parser import parse_sql

        node: Any = parse_sql(text)[0].stmt
        if node.renameType.name != "OBJECT_COLUMN":
            return False
        name = _relation(node.relation)[1]
        key = next(((k, name) for k in _QUERIES if (k, name) in self.objects), None)
        if key is None:
            return False
        item = self.objects[key]
        tree = parse_sql(item.sql)[0].stmt
        if not _rename_output(tree, node.subname, node.newname):
            return False
        spelled = str(_stream()(tree))
        self.objects[key] = replace(item, definition=spelled, statement=spelled)
        for (kind, target, _), held in self.grants.items():
            if kind == "table" and target == name:
                for privilege, column in [p for p in held if p[1] == node.subname]:
                    held[privilege, node.newname] = held.pop((privilege, column))
        return True

    def _ViewStmt(self, node: Any, text: str, line: int | None) -> None:
        schema, name = _relation(node.view)
        made = ("view", name) not in self.objects  # CREATE OR REPLACE keeps its privileges
        self.add(OtherObject("view", schema, name, text, line))  # spelled by result(): columns needed
        if made:
            self.default_privileges("table", schema, name, line)

    def _CreateTableAsStmt(self, node: Any, text: str, line: int | None) -> None:
        schema, name = _relation(node.into.rel)
        self.add(OtherObject("materialized view", schema, name, text, line))
        self.default_privileges("table", schema, name, line)

    def _CreateFunctionStmt(self, node: Any, text: str, line: int | None) -> None:
        schema, name = _qualified(n.sval for n in node.funcname)
        arguments = [
            _type_name(parameter.argType)
            for parameter in node.parameters or ()
            if parameter.mode.name not in ("FUNC_PARAM_OUT", "FUNC_PARAM_TABLE")
        ]
        kind = "procedure" if node.is_procedure else "function"
        identity = function_identity(name, arguments)
        made = ("function", identity) not in self.objects and ("procedure", identity) not in self.objects
        self.add(OtherObject(kind, schema, identity, canonical(text), line))
        if made:  # CREATE OR REPLACE of one made above keeps its privileges
            self.default_privileges(kind, schema, f"{kind} {identity}", line)

    def defaults_for(self, kind: str, schema: str) -> Iterator[tuple[str, DefaultHeld]]:
        """Each grantee's default privileges set above (``ALTER DEFAULT PRIVILEGES [IN SCHEMA s]
        GRANT/REVOKE … ON TABLES/SEQUENCES/FUNCTIONS``, for the role that makes it) that an
        object of grant ``kind`` (:data:`_DEFAULTS_OF_KIND`) the file makes in ``schema`` takes,
        as PostgreSQL gives them at its ``CREATE``."""
        for name, given in self.defaults.items():
            found = _DEFAULTS_NAME.match(name)
            if (
                found is None
                or found["objects"] != _DEFAULTS_OF_KIND[kind]
                or found["role"] != self.role
                or found["schema"] not in (None, schema)
            ):
                continue
            yield found["grantee"], given

    def default_privileges(self, kind: str, schema: str, target: str, line: int | None) -> None:
        """The privileges an object kept here (a function or procedure, a view, a sequence)
        that the file makes takes from the default privileges set above it
        (:meth:`defaults_for`): without this, a file revoking EXECUTE from PUBLIC by default
        (Supabase's basejump) differed from the database built from it (every function's
        ``to public: NONE``) and the contract's pre-check failed."""
        for grantee, given in self.defaults_for(kind, schema):
            key = (kind, target, grant_holder(grantee, None))
            held = self.grants.setdefault(key, _default_held(kind, target, key[2]))
            self.grant_lines.setdefault(key, line)
            for (action, privilege), grantable in given.items():
                if action == "GRANT":
                    held[privilege, None] = held.get((privilege, None), False) or grantable
                else:
                    held.pop((privilege, None), None)

    def _IndexStmt(self, node: Any, text: str, line: int | None) -> None:
        schema, table = _relation(node.relation)
        keys = [element.name or "expr" for element in node.indexParams]
        name = node.idxname or index_name(node.relation.relname, keys)
        self.add(OtherObject("index", schema, f"{name} on {table}", canonical(text), line))

    def _CreateTrigStmt(self, node: Any, text: str, line: int | None) -> None:
        schema, table = _relation(node.relation)
        self.trigger_states.pop(f"{node.trigname} on {table}", None)  # made anew: it fires
        self.add(OtherObject("trigger", schema, f"{node.trigname} on {table}", canonical(text), line))

    def _RuleStmt(self, node: Any, text: str, line: int | None) -> None:
        schema, table = _relation(node.relation)
        self.add(OtherObject("rule", schema, f"{node.rulename} on {table}", canonical(text), line))

    def _CreateEventTrigStmt(self, node: Any, text: str, line: int | None) -> None:
        self.add(OtherObject("event trigger", "", node.trigname, canonical(text), line))

    def _CreatePublicationStmt(self, node: Any, text: str, line: int | None) -> None:
        tables = sorted(
            _relation(spec.pubtable.relation)[1] for spec in node.pubobjects or () if spec.pubtable
        )
        publish = next((o.arg.sval for o in node.options or () if o.defname == "publish"), None)
        self.publications[node.pubname] = (bool(node.for_all_tables), tables, publish)
        self.add(
            OtherObject(
                "publication", "", node.pubname, _publication(node.for_all_tables, tables, publish), line
            )
        )

    def _AlterPublicationStmt(self, node: Any, text: str, line: int | None) -> None:
        """``ALTER PUBLICATION … ADD / DROP / SET TABLE …`` or ``SET (publish = …)`` on a
        publication the file made (Supabase's migrations add tables so): the publication as
        it stands after it, still made by its CREATE statement."""
        made = self.objects.get(("publication", node.pubname))
        if made is None or node.pubname not in self.publications:
            return  # a publication the file does not make: outside the file's schema
        all_tables, tables, publish = self.publications[node.pubname]
        named = [_relation(spec.pubtable.relation)[1] for spec in node.pubobjects or () if spec.pubtable]
        action = _PUBLICATION_ACTIONS[int(node.action)]
        if named or action != "set":
            kept = [] if action == "set" else [t for t in tables if t not in named]
            tables = sorted(kept + ([] if action == "drop" else named))
        publish = next((o.arg.sval for o in node.options or () if o.defname == "publish"), publish)
        self.publications[node.pubname] = (all_tables, tables, publish)
        self.objects["publication", node.pubname] = replace(
            made, definition=_publication(all_tables, tables, publish)
        )

    def _CreateExtensionStmt(self, node: Any, text: str, line: int | None) -> None:
        if node.extname == "plpgsql":
            return  # in every database (pg_dump before PostgreSQL 11 wrote it); the catalog reader skips it too
        schema = next((o.arg.sval for o in node.options or () if o.defname == "schema"), "public")
        self.add(OtherObject("extension", "", node.extname, _extension(schema), line))

    def _CommentStmt(self, node: Any, text: str, line: int | None) -> None:
        objtype = node.objtype.name
        if objtype == "OBJECT_EXTENSION":
            return  # an extension's comment comes with the extension
        what = _COMMENT_KINDS.get(objtype, objtype.removeprefix("OBJECT_").lower().replace("_", " "))
        target = node.object
        if type(target).__name__ == "ObjectWithArgs":
            schema, name = _qualified(n.sval for n in target.objname)
            name = function_identity(name, [_type_name(t) for t in target.objargs or ()])
        elif type(target).__name__ == "TypeName":
            schema, name = _qualified(n.sval for n in target.names)
        elif isinstance(target, tuple):
            names = [n.sval for n in target]
            if what in ("trigger", "policy", "rule", "constraint"):
                schema, table = _qualified(names[:-1])
                name = f"{names[-1]} on {table}"
            elif what == "column":
                schema, table = _qualified(names[:-1])
                name = f"{table}.{names[-1]}"
            else:
                schema, name = _qualified(names)
        else:
            schema, name = "", getattr(target, "sval", str(target))
        key = f"on {what} {name}"
        if node.comment is None or wesley_uid_comment(what, node.comment):
            self.objects.pop(("comment", key), None)
        else:
            self.add(OtherObject("comment", schema, key, node.comment, line))

    def _GrantStmt(self, node: Any, text: str, line: int | None) -> None:
        """``GRANT``/``REVOKE`` on views, sequences, functions, procedures, schemas and types: each
        role's privileges as they stand at the end of the file (PUBLIC's default ones included)."""
        kind = _GRANT_KINDS.get(node.objtype.name) if node.targtype.name == "ACL_TARGET_OBJECT" else None
        targets = [self._grant_target(kind, item) for item in node.objects or ()] if kind else []
        if kind is None or None in targets:
            self.add(OtherObject("grant", "", canonical(text), "", line))  # named by its statement
            return
        privileges: set[tuple[str, str | None]] = set()
        for privilege in node.privileges or ():
            name = (privilege.priv_name or "all").upper()
            columns = [c.sval for c in privilege.cols or ()]
            every = _COLUMN_PRIVILEGES if columns else _GRANT_ALL[kind]
            names = every if name == "ALL" else {name}
            privileges |= {(n, c) for n in names for c in columns or [None]}
        if not node.privileges:
            privileges = {(n, None) for n in _GRANT_ALL[kind]}
        grantor = (  # GRANTED BY, else SET ROLE's
            spoken_role(node.grantor.roletype.name, node.grantor.rolename, self.role, "GRANTED BY")
            if node.grantor
            else self.role
        )
        for target in targets:
            assert target is not None
            owner = self.owners.get(target.split(" ", 1)[1] if kind not in _FOLDED else target)
            for grantee in node.grantees:
                who = _grantee(grantee, self.role)
                if who == owner and grantor in (
                    None,
                    owner,
                ):  # the owner's own (pg_dump: REVOKE ALL … FROM owner)
                    held = self.own_held(kind, target)
                elif who is None:
                    raise InputError(
                        f"{'GRANT' if node.is_grant else 'REVOKE'}: {_spoken(grantee)} names whoever runs the file, "
                        f"not the owner of {target} ({owner}): name the role"
                    )
                else:
                    key = (kind, target, grant_holder(who, None if grantor == owner else grantor))
                    held = self.grants.setdefault(key, _default_held(kind, target, key[2]))
                    self.grant_lines.setdefault(key, line)
                apply_grant(held, privileges, grant=node.is_grant, option=bool(node.grant_option))

    def _grant_target(self, kind: str, node: Any) -> str | None:
        """How a grant's name states its target (``v``, ``function f(integer)``, ``schema app``,
        ``type mood``); a function named without its arguments is the file's one function of that
        name, as PostgreSQL resolves it."""
        if kind not in ("function", "procedure") or not node.args_unspecified:
            return _grant_target(kind, node)
        return self._function(kind, node, "GRANT/REVOKE")

    def _function(self, kind: str, node: Any, where: str) -> str:
        """``function f(integer)`` of a function (or procedure) named without its argument types:
        the file's one function of that name, as PostgreSQL resolves it."""
        name = _qualified(n.sval for n in node.objname)[1]
        found = [n for k, n in self.objects if k == kind and n.split("(", 1)[0] == name]
        if len(found) != 1:
            problem = "is not unique" if found else "is not defined above"
            hint = "; name its argument types" if found else ""
            raise InputError(f"{where}: {kind} name {name} {problem}{hint}")
        return f"{kind} {found[0]}"

    def _AlterOwnerStmt(self, node: Any, text: str, line: int | None) -> None:
        """``ALTER FUNCTION/PROCEDURE/SCHEMA/TYPE/DOMAIN … OWNER TO role``: its owner (of an object
        the file makes: :meth:`owner_objects`)."""
        spec = node.newowner
        role = spoken_role(spec.roletype.name, spec.rolename, self.role, "OWNER TO")
        described = _DESCRIBED_OWNERS.get(node.objectType.name)
        if described is not None:  # a publication's, an event trigger's: stated in its definition
            self.described[described, node.object.sval] = role
            return
        what = _OWNER_STATEMENTS[node.objectType.name]
        target = node.object
        if what in ("function", "procedure"):
            named = _grant_target(what, target) if not target.args_unspecified else None
            name = (named or self._function(what, target, "OWNER TO")).split(" ", 1)[1]
        elif what == "schema":
            name = target.sval
        else:
            name = _qualified(n.sval for n in target)[1]
        self.set_owner(what, name, role, line)

    def _AlterDefaultPrivilegesStmt(self, node: Any, text: str, line: int | None) -> None:
        """``ALTER DEFAULT PRIVILEGES``: compared only (not migrated), one object per role, schema,
        kind of object and grantee, as a database lists them (:data:`_PG_DEFAULT_PRIVILEGES`)."""
        options = {o.defname: o.arg for o in node.options or ()}
        roles = [r.rolename for r in options.get("roles", ())] or [None]
        schemas = [n.sval for n in options.get("schemas", ())] or [None]
        action = node.action
        objects = _DEFAULT_OBJECTS.get(action.objtype.name, action.objtype.name.lower())
        every = _DEFAULT_ALL.get(objects, frozenset())
        privileges = {(p.priv_name or "all").upper() for p in action.privileges or ()} or {"ALL"}
        if "ALL" in privileges:
            privileges = set(every)
        for role in roles:
            for schema in schemas:
                for grantee in action.grantees:
                    who = _grantee(grantee, self.role)
                    if who is None:
                        raise InputError(
                            f"ALTER DEFAULT PRIVILEGES: {_spoken(grantee)} names whoever runs the file: name the role"
                        )
                    name = default_privileges_name(role, schema, objects, who)
                    held = self.defaults.setdefault(name, {})
                    self.default_lines.setdefault(name, line)
                    for privilege in privileges:
                        if action.is_grant:
                            held.pop(("REVOKE", privilege), None)
                            held["GRANT", privilege] = held.get(("GRANT", privilege), False) or bool(
                                action.grant_option
                            )
                        elif action.grant_option:
                            if ("GRANT", privilege) in held:
                                held["GRANT", privilege] = False
                        elif held.pop(("GRANT", privilege), None) is None and schema is None:
                            held["REVOKE", privilege] = False  # a built-in default taken away

    # --- SQLite ---------------------------------------------------------------------

    def sqlite_statement(self, kind: str, text: str, line: int | None) -> None:
        """A ``CREATE VIEW`` or ``CREATE TRIGGER`` statement (``kind``: view or trigger) of a SQLite file."""
        name, definition = sqlite_definition(kind, text)
        self.add(OtherObject(kind, "main", name, definition, line, text.strip().rstrip(";")))


def _stream() -> Any:
    from pglast.stream import RawStream

    return RawStream()


def _rename_output(tree: Any, old: str, new: str) -> bool:
    """Name the output column ``old`` of a view's (or materialized view's) statement ``new``: in
    its column list, else as the alias of the first branch's target; False without one."""
    names = tree.aliases if type(tree).__name__ == "ViewStmt" else tree.into.colNames
    if names and any(n.sval == old for n in names):
        for n in names:
            n.sval = new if n.sval == old else n.sval
        return True
    query = tree.query
    while query.op.name != "SETOP_NONE":
        query = query.larg
    for index, target in enumerate(query.targetList or ()):
        if index < len(names or ()):
            continue  # named by the column list
        fields: tuple[Any, ...] = target.val.fields if type(target.val).__name__ == "ColumnRef" else ()
        own = target.name or next((f.sval for f in fields[-1:] if type(f).__name__ == "String"), None)
        if own == old:
            target.name = new
            return True
    return False


def default_privileges_name(role: str | None, schema: str | None, objects: str, grantee: str) -> str:
    """How default privileges are named: ``in schema app on tables to reader``, ``for role owner
    on functions to public`` (no role: whoever runs the statement, the user a database is read as)."""
    parts = [
        f"for role {role}" if role else "",
        f"in schema {schema}" if schema else "",
        f"on {objects} to {grantee}",
    ]
    return " ".join(p for p in parts if p)


def default_privileges_text(name: str, held: DefaultHeld) -> str:
    """What default privileges (``name``d) give (``GRANT INSERT, SELECT``; grantable ones ``WITH
    GRANT OPTION``; ``ALL``: each of its kind's, MAINTAIN aside, where it has several) and take from the built-in
    defaults (``REVOKE EXECUTE``)."""
    every = _DEFAULT_ALL.get(name.rsplit(" to ", 1)[0].rsplit("on ", 1)[-1], frozenset())
    groups = []
    for action, grantable in (("GRANT", False), ("GRANT", True), ("REVOKE", False)):
        names = sorted(p for (a, p), g in held.items() if a == action and g == grantable)
        if len(every) > 1 and set(names) - {"MAINTAIN"} >= every:
            names = ["ALL"]
        if names:
            groups.append(f"{action} {', '.join(names)}" + (" WITH GRANT OPTION" if grantable else ""))
    return "; ".join(groups)


def spoken_role(kind: str, name: str | None, current: str | None, where: str) -> str | None:
    """The role a role specification of a file names (``kind``: pglast's ``ROLESPEC_…``;
    ``current``: the role ``SET ROLE`` made current, ``None``: whoever runs the file):
    ``CURRENT_USER`` and ``CURRENT_ROLE`` are ``current``; ``SESSION_USER`` is whoever runs the
    file (``None``) outside ``SET ROLE`` / ``SET SESSION AUTHORIZATION``, and unknown under one
    (the file does not say which of the two it was): an error."""
    if kind == "ROLESPEC_CSTRING":
        return name
    if kind in ("ROLESPEC_CURRENT_USER", "ROLESPEC_CURRENT_ROLE"):
        return current
    if kind == "ROLESPEC_SESSION_USER" and current is None:
        return None
    spoken = kind.removeprefix("ROLESPEC_").replace("_", " ")
    raise InputError(
        f"{where} {spoken}: under SET ROLE {current} the session's role is not known: name the role"
        if current is not None
        else f"{where} {spoken} names no role"
    )


def _grantee(node: Any, current: str | None) -> str | None:
    """The role a grant's ``TO``/``FROM`` names: ``public``, a role, ``current`` for ``CURRENT_USER``
    (``None``: whoever runs the file)."""
    if node.roletype.name == "ROLESPEC_PUBLIC":
        return "public"
    return spoken_role(node.roletype.name, node.rolename, current, "GRANT")


def _spoken(node: Any) -> str:
    """A role specification as written: ``CURRENT_USER``, ``alice``."""
    return (
        str(node.rolename)
        if node.roletype.name == "ROLESPEC_CSTRING"
        else node.roletype.name.removeprefix("ROLESPEC_")
    )


def _grant_target(kind: str, node: Any) -> str | None:
    """How a grant's name states its target (``v``, ``function f(integer)``, ``schema app``,
    ``type mood``); a function's with its argument types."""
    if kind in ("table", "sequence"):
        return _relation(node)[1]
    if kind == "schema":
        return f"schema {node.sval}"
    if kind == "type":
        return f"type {_qualified(n.sval for n in node)[1]}"
    name = _qualified(n.sval for n in node.objname)[1]
    return f"{kind} {function_identity(name, [_type_name(t) for t in node.objargs or ()])}"


def _default_held(kind: str, target: str, grantee: str) -> Held:
    """What ``grantee`` holds on ``target`` (an object of ``kind``) before any grant: PUBLIC's
    default privilege (USAGE on the public schema, as a database is made since PostgreSQL 15)."""
    default = public_default(kind, target.removeprefix(f"{kind} ")) if grantee == "public" else None
    return {(default, None): False} if default else {}


def _every_privilege(kind: str) -> Held:
    """What an owner holds of its object of grant ``kind`` by default: every privilege, no grant
    option (a relation's MAINTAIN too, as PostgreSQL 17's acldefault)."""
    return dict.fromkeys(((p, None) for p in _GRANT_ALL[kind]), False)


def _merge(into: Held, held: Held) -> None:
    """``held`` added to ``into``, a grant option kept where either has it (PostgreSQL's merged ACL items)."""
    for privilege, grantable in held.items():
        into[privilege] = into.get(privilege, False) or grantable


def _own_text(kind: str, held: Held | None) -> str | None:
    """An owner's own privileges as its definition states them; ``None``: every one (the default)."""
    every = _ALL_PRIVILEGES[kind] if kind in _FOLDED else frozenset()

    def text(privileges: Held) -> str:
        return privileges_text((Privilege(p, c, g) for (p, c), g in privileges.items()), every)

    if held is None or text(held) == text(_every_privilege(kind)):
        return None
    return text(held)


def _owner_target(what: str, name: str) -> str:
    """How a grant names the target of the owner object of ``name`` (of kind ``what``)."""
    return name if what in _RELATION_OWNED else f"{'type' if what == 'domain' else what} {name}"


def apply_grant(held: Held, privileges: set[tuple[str, str | None]], *, grant: bool, option: bool) -> None:
    """A ``GRANT`` (``option``: ``WITH GRANT OPTION``) or ``REVOKE`` (``option``: ``GRANT OPTION
    FOR``, the privilege stays) of ``privileges`` applied to ``held``; a privilege revoked on the
    whole relation takes its columns' too, as PostgreSQL does."""
    if grant:
        held.update({p: held.get(p, False) or option for p in privileges})
        return
    for taken in {p for p in held if p in privileges or (p[0], None) in privileges}:
        if option:
            held[taken] = False
        else:
            del held[taken]


def grant_object(
    kind: str, target: str, grantee: str, held: Held, line: int | None = None
) -> OtherObject | None:
    """The grant object of what ``grantee`` holds on ``target`` (an object of ``kind``): ``None``
    when it holds what any role holds by default (nothing; PUBLIC: its default privilege)."""
    if held == _default_held(kind, target, grantee):
        return None
    every = _ALL_PRIVILEGES[kind] if kind in _FOLDED else frozenset()
    definition = privileges_text((Privilege(p, c, g) for (p, c), g in held.items()), every)
    named = target.split(" ", 1)[1] if kind not in _FOLDED else target
    schema = _qualified(named.split("(", 1)[0].split(".", 1))[0] if kind != "schema" else named
    return OtherObject("grant", schema, f"on {target} to {grantee}", definition, line)


# pglast's AlterPublicationAction, in its order: AP_AddObjects, AP_DropObjects, AP_SetObjects.
_PUBLICATION_ACTIONS = ("add", "drop", "set")


def _publication(for_all_tables: bool, tables: list[str], publish: str | None) -> str:
    """What a publication publishes, of which tables (a description, compared as text)."""
    actions = ", ".join(sorted(a.strip() for a in (publish or "insert, update, delete, truncate").split(",")))
    return f"publishes {actions} of: {'all tables' if for_all_tables else ', '.join(tables)}"


def _extension(schema: str) -> str:
    return "" if schema == "public" else f"in schema {schema}"


# --- SQLite: stored text as tokens -----------------------------------------------------------

_SQLITE_TOKEN = re.compile(
    r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\w+|<=|>=|<>|!=|==|\|\||\S"""
)


def _sqlite_tokens(sql: str) -> list[str]:
    found = []
    for token in _SQLITE_TOKEN.findall(re.sub(r"--[^\n]*|/\*.*?\*/", " ", sql, flags=re.S)):
        if token[0] in '"`[':
            found.append(token[1:-1].replace('""', '"').lower())
        elif token[0] == "'":
            found.append(token)
        else:
            found.append(token.lower())
    return found


def sqlite_definition(kind: str, sql: str) -> tuple[str, str]:
    """(name, definition) of a SQLite ``CREATE VIEW``, ``CREATE TRIGGER`` or ``CREATE VIRTUAL TABLE``,
    as SQLite would store it: tokens, without ``TEMP``, ``IF NOT EXISTS`` and a ``main.`` schema (a
    trigger is named with its table)."""
    words = _sqlite_tokens(sql.strip().rstrip(";"))
    words = [w for i, w in enumerate(words) if not (i == 1 and w in ("temp", "temporary"))]
    at = 3 if kind == "virtual table" else 2  # the name's place: CREATE VIRTUAL TABLE name
    if words[at : at + 3] == ["if", "not", "exists"]:
        words = words[:at] + words[at + 3 :]
    if words[at + 1 : at + 2] == ["."] and words[at] in ("main", "temp"):
        words = words[:at] + words[at + 2 :]
    name = words[at]
    if kind == "trigger":
        on = words.index("on") if "on" in words else -1
        table = words[on + 1] if on >= 0 else "?"
        if words[on + 2 : on + 3] == ["."]:
            table = words[on + 3]
        name = f"{name} on {table}"
    return name, " ".join(words)


# --- the database side ------------------------------------------------------------------------

# Views and materialized views as the statements that create them: the catalog's query in
# the statement's words, composed by the server, to be parsed (never run).
_PG_VIEWS = """
    SELECT c.relkind, c.relname,
           format('CREATE %%s %%I.%%I', CASE c.relkind WHEN 'v' THEN 'VIEW' ELSE 'MATERIALIZED VIEW' END,
                  n.nspname, c.relname)
           || coalesce(' WITH (' || array_to_string(c.reloptions, ', ') || ')', '')
           || ' AS ' || pg_get_viewdef(c.oid, true)
    FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
    WHERE c.relnamespace = %(oid)s AND c.relkind IN ('v', 'm')
      AND NOT EXISTS (SELECT FROM pg_depend AS d WHERE d.objid = c.oid AND d.deptype = 'e')
"""
# Indexes of materialized views (a table's are part of the model).
_PG_VIEW_INDEXES = """
    SELECT ic.relname, c.relname, pg_get_indexdef(i.indexrelid)
    FROM pg_index AS i JOIN pg_class AS c ON c.oid = i.indrelid JOIN pg_class AS ic ON ic.oid = i.indexrelid
    WHERE c.relnamespace = %(oid)s AND c.relkind = 'm'
"""
_PG_FUNCTIONS = """
    SELECT p.proname, p.prokind, oidvectortypes(p.proargtypes), pg_get_functiondef(p.oid)
    FROM pg_proc AS p
    WHERE p.pronamespace = %(oid)s AND p.prokind IN ('f', 'p', 'w')
      -- an extension's, or a range type's constructors (made and dropped with their type)
      AND NOT EXISTS (SELECT FROM pg_depend AS d WHERE d.objid = p.oid AND d.deptype IN ('e', 'i'))
"""
_PG_TRIGGERS = """
    SELECT t.tgname, c.relname, pg_get_triggerdef(t.oid, true), t.tgenabled
    FROM pg_trigger AS t JOIN pg_class AS c ON c.oid = t.tgrelid
    WHERE c.relnamespace = %(oid)s AND NOT t.tgisinternal
"""
_PG_COLLATIONS = """
    SELECT c.collname, c.collprovider, c.collcollate, c.collctype,
           coalesce(to_jsonb(c) ->> 'colllocale', to_jsonb(c) ->> 'colliculocale'), c.collisdeterministic,
           to_jsonb(c) ->> 'collicurules'
    FROM pg_collation AS c
    WHERE c.collnamespace = %(oid)s
      AND NOT EXISTS (SELECT FROM pg_depend AS d WHERE d.objid = c.oid AND d.deptype = 'e')
"""
_PG_RULES = """
    SELECT r.rulename, c.relname, pg_get_ruledef(r.oid, true)
    FROM pg_rewrite AS r JOIN pg_class AS c ON c.oid = r.ev_class
    WHERE c.relnamespace = %(oid)s AND r.rulename <> '_RETURN'
"""
_PG_EXTENSIONS = """
    SELECT e.extname, n.nspname, format('CREATE EXTENSION %%I SCHEMA %%I', e.extname, n.nspname)
    FROM pg_extension AS e JOIN pg_namespace AS n ON n.oid = e.extnamespace
    WHERE e.extname <> 'plpgsql' AND e.extnamespace = %(oid)s
"""
_PG_EVENT_TRIGGERS = """
    SELECT evtname, NULLIF(pg_get_userbyid(evtowner), current_user),
           format('CREATE EVENT TRIGGER %%I ON %%s', evtname, evtevent)
           || coalesce(' WHEN TAG IN (' || (SELECT string_agg(quote_literal(t), ', ') FROM unnest(evttags) AS t)
                       || ')', '')
           || format(' EXECUTE FUNCTION %%s()', evtfoid::regproc)
    FROM pg_event_trigger
"""
# Default privileges (ALTER DEFAULT PRIVILEGES) of this schema, and the database-wide ones (schema
# NULL): each (role, schema, kind letter, grantee, GRANT or REVOKE, privilege, grantable); a
# database-wide entry holds a whole ACL: what it adds to the built-in default (acldefault, whose
# letter for sequences is 's'), and what it takes; the role's own privileges are implicit.
_PG_DEFAULT_PRIVILEGES = """
    SELECT pg_get_userbyid(d.defaclrole), n.nspname, d.defaclobjtype,
           CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee) END, a.action,
           a.privilege_type, a.is_grantable
    FROM pg_default_acl AS d LEFT JOIN pg_namespace AS n ON n.oid = d.defaclnamespace,
    LATERAL (
        SELECT 'GRANT' AS action, * FROM (
            SELECT * FROM aclexplode(d.defaclacl)
            EXCEPT SELECT * FROM aclexplode(CASE WHEN d.defaclnamespace = 0 THEN acldefault(CASE d.defaclobjtype WHEN 'S' THEN 's' ELSE d.defaclobjtype END, d.defaclrole) END)
        ) AS g
        UNION ALL
        SELECT 'REVOKE', * FROM (
            SELECT * FROM aclexplode(CASE WHEN d.defaclnamespace = 0 THEN acldefault(CASE d.defaclobjtype WHEN 'S' THEN 's' ELSE d.defaclobjtype END, d.defaclrole) END)
            EXCEPT SELECT * FROM aclexplode(d.defaclacl)
        ) AS r
    ) AS a
    WHERE (d.defaclnamespace = %(oid)s OR (d.defaclnamespace = 0 AND %(schema)s = 'public'))
      AND a.grantee <> d.defaclrole
"""
_PG_PUBLICATIONS = """
    SELECT p.pubname, NULLIF(pg_get_userbyid(p.pubowner), current_user), p.puballtables,
           concat_ws(', ', CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,
                     CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END),
           ARRAY(SELECT CASE WHEN t.schemaname = 'public' THEN t.tablename
                             ELSE t.schemaname || '.' || t.tablename END
                 FROM pg_publication_tables AS t WHERE t.pubname = p.pubname AND NOT p.puballtables)
    FROM pg_publication AS p
"""
# Comments on the schema's own objects (not an extension's), each with what it is attached to.
_PG_COMMENTS = """
    SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index'
                          WHEN 'S' THEN 'sequence' ELSE 'table' END, c.relname, NULL, d.description,
           (SELECT format('COMMENT ON %%s %%s IS %%L', CASE o.type WHEN 'table column' THEN 'COLUMN' WHEN 'table constraint' THEN 'CONSTRAINT' ELSE upper(o.type) END, o.identity, d.description) FROM pg_identify_object(d.classoid, d.objoid, d.objsubid) AS o)
    FROM pg_description AS d JOIN pg_class AS c ON d.classoid = 'pg_class'::regclass AND c.oid = d.objoid
    WHERE c.relnamespace = %(oid)s AND d.objsubid = 0
    UNION ALL
    SELECT 'column', c.relname || '.' || a.attname, NULL, d.description,
           (SELECT format('COMMENT ON %%s %%s IS %%L', CASE o.type WHEN 'table column' THEN 'COLUMN' WHEN 'table constraint' THEN 'CONSTRAINT' ELSE upper(o.type) END, o.identity, d.description) FROM pg_identify_object(d.classoid, d.objoid, d.objsubid) AS o)
    FROM pg_description AS d JOIN pg_class AS c ON d.classoid = 'pg_class'::regclass AND c.oid = d.objoid
    JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum = d.objsubid
    WHERE c.relnamespace = %(oid)s AND d.objsubid > 0
    UNION ALL
    SELECT 'function', p.proname, oidvectortypes(p.proargtypes), d.description,
           (SELECT format('COMMENT ON %%s %%s IS %%L', CASE o.type WHEN 'table column' THEN 'COLUMN' WHEN 'table constraint' THEN 'CONSTRAINT' ELSE upper(o.type) END, o.identity, d.description) FROM pg_identify_object(d.classoid, d.objoid, d.objsubid) AS o)
    FROM pg_description AS d JOIN pg_proc AS p ON d.classoid = 'pg_proc'::regclass AND p.oid = d.objoid
    WHERE p.pronamespace = %(oid)s
      AND NOT EXISTS (SELECT FROM pg_depend AS x WHERE x.objid = p.oid AND x.deptype = 'e')
    UNION ALL
    SELECT 'type', t.typname, NULL, d.description,
           (SELECT format('COMMENT ON %%s %%s IS %%L', CASE o.type WHEN 'table column' THEN 'COLUMN' WHEN 'table constraint' THEN 'CONSTRAINT' ELSE upper(o.type) END, o.identity, d.description) FROM pg_identify_object(d.classoid, d.objoid, d.objsubid) AS o)
    FROM pg_description AS d JOIN pg_type AS t ON d.classoid = 'pg_type'::regclass AND t.oid = d.objoid
    WHERE t.typnamespace = %(oid)s
      AND NOT EXISTS (SELECT FROM pg_depend AS x WHERE x.objid = t.oid AND x.deptype = 'e')
    UNION ALL
    SELECT 'constraint', con.conname || ' on ' || c.relname, NULL, d.description,
           (SELECT format('COMMENT ON %%s %%s IS %%L', CASE o.type WHEN 'table column' THEN 'COLUMN' WHEN 'table constraint' THEN 'CONSTRAINT' ELSE upper(o.type) END, o.identity, d.description) FROM pg_identify_object(d.classoid, d.objoid, d.objsubid) AS o)
    FROM pg_description AS d JOIN pg_constraint AS con
      ON d.classoid = 'pg_constraint'::regclass AND con.oid = d.objoid
    JOIN pg_class AS c ON c.oid = con.conrelid
    WHERE c.relnamespace = %(oid)s
    UNION ALL
    SELECT 'trigger', t.tgname || ' on ' || c.relname, NULL, d.description,
           (SELECT format('COMMENT ON %%s %%s IS %%L', CASE o.type WHEN 'table column' THEN 'COLUMN' WHEN 'table constraint' THEN 'CONSTRAINT' ELSE upper(o.type) END, o.identity, d.description) FROM pg_identify_object(d.classoid, d.objoid, d.objsubid) AS o)
    FROM pg_description AS d JOIN pg_trigger AS t ON d.classoid = 'pg_trigger'::regclass AND t.oid = d.objoid
    JOIN pg_class AS c ON c.oid = t.tgrelid
    WHERE c.relnamespace = %(oid)s
    UNION ALL
    SELECT 'policy', p.polname || ' on ' || c.relname, NULL, d.description,
           (SELECT format('COMMENT ON %%s %%s IS %%L', CASE o.type WHEN 'table column' THEN 'COLUMN' WHEN 'table constraint' THEN 'CONSTRAINT' ELSE upper(o.type) END, o.identity, d.description) FROM pg_identify_object(d.classoid, d.objoid, d.objsubid) AS o)
    FROM pg_description AS d JOIN pg_policy AS p ON d.classoid = 'pg_policy'::regclass AND p.oid = d.objoid
    JOIN pg_class AS c ON c.oid = p.polrelid
    WHERE c.relnamespace = %(oid)s
    UNION ALL
    SELECT 'schema', n.nspname, NULL, d.description,
           (SELECT format('COMMENT ON %%s %%s IS %%L', CASE o.type WHEN 'table column' THEN 'COLUMN' WHEN 'table constraint' THEN 'CONSTRAINT' ELSE upper(o.type) END, o.identity, d.description) FROM pg_identify_object(d.classoid, d.objoid, d.objsubid) AS o)
    FROM pg_description AS d JOIN pg_namespace AS n ON d.classoid = 'pg_namespace'::regclass AND n.oid = d.objoid
    WHERE n.oid = %(oid)s AND n.nspname <> 'public'
"""
# Each privilege of views, materialized views, sequences (and their columns; not the history
# table's sequence, wesley-gen's own), functions,
# procedures, this schema and its types: (kind, name, arguments, grantee, privilege, column,
# grantable, whether the row is the owner's own privilege (granted by itself: it only says the ACL
# is set; one another role granted the owner is a grant like any other); the grantor when not the owner).
_PG_GRANTS = """
    SELECT CASE c.relkind WHEN 'S' THEN 'sequence' ELSE 'table' END, c.relname, NULL,
           CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee) END,
           a.privilege_type, NULL, a.is_grantable, a.grantee = c.relowner AND a.grantor = c.relowner,
           CASE WHEN a.grantor <> c.relowner THEN pg_get_userbyid(a.grantor) END
    FROM pg_class AS c, aclexplode(c.relacl) AS a
    WHERE c.relnamespace = %(oid)s AND c.relacl IS NOT NULL AND c.relkind IN ('v', 'm', 'S', 'f')
      AND NOT EXISTS (SELECT FROM pg_depend AS d JOIN pg_class AS o ON o.oid = d.refobjid
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')
                        AND d.refclassid = 'pg_class'::regclass AND o.relname = %(history)s)
    UNION ALL
    SELECT 'table', c.relname, NULL,
           CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee) END,
           a.privilege_type, t.attname, a.is_grantable, a.grantee = c.relowner AND a.grantor = c.relowner,
           CASE WHEN a.grantor <> c.relowner THEN pg_get_userbyid(a.grantor) END
    FROM pg_class AS c JOIN pg_attribute AS t ON t.attrelid = c.oid, aclexplode(t.attacl) AS a
    WHERE c.relnamespace = %(oid)s AND t.attacl IS NOT NULL AND t.attnum > 0 AND c.relkind IN ('v', 'm', 'f')
    UNION ALL
    SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, p.proname, oidvectortypes(p.proargtypes),
           CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee) END,
           a.privilege_type, NULL, a.is_grantable, a.grantee = p.proowner AND a.grantor = p.proowner,
           CASE WHEN a.grantor <> p.proowner THEN pg_get_userbyid(a.grantor) END
    FROM pg_proc AS p, aclexplode(p.proacl) AS a
    WHERE p.pronamespace = %(oid)s AND p.proacl IS NOT NULL AND p.prokind IN ('f', 'p')
      AND NOT EXISTS (SELECT FROM pg_depend AS d WHERE d.objid = p.oid AND d.deptype = 'e')
    UNION ALL
    SELECT 'schema', n.nspname, NULL,
           CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee) END,
           a.privilege_type, NULL, a.is_grantable, a.grantee = n.nspowner AND a.grantor = n.nspowner,
           CASE WHEN a.grantor <> n.nspowner THEN pg_get_userbyid(a.grantor) END
    FROM pg_namespace AS n, aclexplode(n.nspacl) AS a
    WHERE n.oid = %(oid)s AND n.nspacl IS NOT NULL
    UNION ALL
    SELECT 'type', t.typname, NULL,
           CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee) END,
           a.privilege_type, NULL, a.is_grantable, a.grantee = t.typowner AND a.grantor = t.typowner,
           CASE WHEN a.grantor <> t.typowner THEN pg_get_userbyid(a.grantor) END
    FROM pg_type AS t LEFT JOIN pg_class AS c ON c.oid = t.typrelid, aclexplode(t.typacl) AS a
    WHERE t.typnamespace = %(oid)s AND t.typacl IS NOT NULL AND (t.typtype IN ('e', 'd', 'r') OR c.relkind = 'c')
      AND NOT EXISTS (SELECT FROM pg_depend AS d WHERE d.objid = t.oid AND d.deptype = 'e')
"""

# The owner of each table, view, materialized view, sequence (not one a column owns: it goes with
# its table), function, procedure, type and domain of this schema, and of the schema itself (not
# public): (kind, name, arguments, owner, whether the owner is the user the database is read as,
# what the owner holds of it (privilege/grantable, its columns' privilege/grantable/column), and
# what it holds by default (acldefault), as pg_dump compares them).
_PG_OWNERS = """
    WITH owned(kind, name, arguments, owner, acl, letter, relation) AS (
        SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence'
                    ELSE 'table' END, c.relname, NULL, c.relowner, c.relacl,
               CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END, c.oid
        FROM pg_class AS c
        WHERE c.relnamespace = %(oid)s AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relname <> %(history)s
          AND NOT EXISTS (SELECT FROM pg_depend AS d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                            AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i'))))
        UNION ALL
        SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, p.proname,
               oidvectortypes(p.proargtypes), p.proowner, p.proacl, 'f', NULL
        FROM pg_proc AS p
        WHERE p.pronamespace = %(oid)s AND p.prokind IN ('f', 'p', 'w')
          AND NOT EXISTS (SELECT FROM pg_depend AS d WHERE d.objid = p.oid AND d.deptype IN ('e', 'i'))
        UNION ALL
        SELECT 'schema', n.nspname, NULL, n.nspowner, n.nspacl, 'n', NULL
        FROM pg_namespace AS n
        WHERE n.oid = %(oid)s AND n.nspname <> 'public'
        UNION ALL
        SELECT CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END, t.typname, NULL, t.typowner, t.typacl, 'T', NULL
        FROM pg_type AS t LEFT JOIN pg_class AS c ON c.oid = t.typrelid
        WHERE t.typnamespace = %(oid)s AND (t.typtype IN ('e', 'd', 'r') OR c.relkind = 'c')
          AND NOT EXISTS (SELECT FROM pg_depend AS d WHERE d.objid = t.oid AND d.deptype = 'e')
        UNION ALL
        SELECT 'collation', c.collname, NULL, c.collowner, NULL, NULL, NULL
        FROM pg_collation AS c
        WHERE c.collnamespace = %(oid)s
          AND NOT EXISTS (SELECT FROM pg_depend AS d WHERE d.objid = c.oid AND d.deptype = 'e')
    )
    SELECT o.kind, o.name, o.arguments, pg_get_userbyid(o.owner), o.owner = (SELECT oid FROM pg_roles WHERE rolname = current_user),
           ARRAY(SELECT a.privilege_type || '/' || a.is_grantable
                 FROM aclexplode(coalesce(o.acl, acldefault(o.letter::"char", o.owner))) AS a
                 WHERE a.grantee = o.owner AND a.grantor = o.owner),
           ARRAY(SELECT a.privilege_type || '/' || a.is_grantable || '/' || t.attname
                 FROM pg_attribute AS t, aclexplode(t.attacl) AS a
                 WHERE t.attrelid = o.relation AND t.attnum > 0 AND NOT t.attisdropped
                   AND a.grantee = o.owner AND a.grantor = o.owner),
           ARRAY(SELECT a.privilege_type || '/' || a.is_grantable FROM aclexplode(acldefault(o.letter::"char", o.owner)) AS a)
    FROM owned AS o
"""


def postgres_objects(conn: psycopg.Connection[Any], params: dict[str, Any]) -> list[OtherObject]:
    """The opaque objects of one schema (``params``: its ``oid`` and ``schema`` name) of a live database,
    plus the database's event triggers and publications when the schema is ``public``."""
    schema: str = params["schema"]
    params = {**params, "history": HISTORY_TABLE}  # its sequence's grants (default privileges) are its own

    def query(sql: str) -> list[Any]:
        return conn.execute(sql.encode(), params).fetchall()

    def named(name: str) -> str:
        return name if schema == "public" else f"{schema}.{name}"

    found: list[OtherObject] = []
    for relkind, name, statement in query(_PG_VIEWS):
        kind = "view" if relkind == "v" else "materialized view"
        found.append(OtherObject(kind, schema, named(name), canonical(statement), statement=statement))
    for name, table, definition in query(_PG_VIEW_INDEXES):
        found.append(
            OtherObject(
                "index", schema, f"{name} on {named(table)}", canonical(definition), statement=definition
            )
        )
    for name, prokind, arguments, definition in query(_PG_FUNCTIONS):
        identity = function_identity(named(name), _catalog_types(arguments))
        kind = "procedure" if prokind == "p" else "function"
        found.append(OtherObject(kind, schema, identity, canonical(definition), statement=definition))
    for name, table, definition, state in query(_PG_TRIGGERS):
        spelled = with_trigger_state(canonical(definition), state)
        found.append(
            OtherObject("trigger", schema, f"{name} on {named(table)}", spelled, statement=definition)
        )
    for name, provider, collate, ctype, locale, deterministic, rules in query(_PG_COLLATIONS):
        spelled = collation_definition(
            named(name),
            _COLLATION_PROVIDERS.get(provider, provider),
            lc_collate=collate,
            lc_ctype=ctype,
            locale=locale,
            deterministic=deterministic,
            rules=rules,
        )
        found.append(OtherObject("collation", schema, named(name), spelled))
    for name, table, definition in query(_PG_RULES):
        found.append(OtherObject("rule", schema, f"{name} on {named(table)}", canonical(definition)))
    for name, namespace, statement in query(_PG_EXTENSIONS):
        found.append(OtherObject("extension", "", name, _extension(namespace), statement=statement))
    for kind, name, arguments, description, statement in query(_PG_COMMENTS):
        if wesley_uid_comment(kind, description):
            continue
        target = named(name) if kind != "schema" else name
        if kind == "function":
            target = function_identity(target, _catalog_types(arguments))
        elif " on " in name:
            own, table = name.split(" on ", 1)
            target = f"{own} on {named(table)}"
        found.append(OtherObject("comment", schema, f"on {kind} {target}", description, statement=statement))
    for kind, name, arguments, owner, mine, held, columns, default in query(_PG_OWNERS):
        target = name if kind == "schema" else named(name)
        if kind in ("function", "procedure"):
            target = function_identity(target, _catalog_types(arguments))
        grant_kind = "sequence" if kind == "sequence" else _GRANT_KIND.get(kind, kind)
        own = (
            _own_text(grant_kind, {**_acl_items(held), **_acl_items(columns)})
            if grant_kind in _GRANT_ALL
            else None
        )
        if own is not None and own == _own_text(grant_kind, _acl_items(default)):
            own = None  # the server's default (MAINTAIN, PostgreSQL 17's, counted or not)
        if own is not None or not mine:
            definition = owner_definition(None if mine else owner, own)
            found.append(OtherObject("owner", schema, owner_name(kind, target), definition))
    found += _catalog_grants(query(_PG_GRANTS), named)
    found += _catalog_defaults(query(_PG_DEFAULT_PRIVILEGES), conn.execute(b"SELECT current_user").fetchone())
    if schema == "public":
        for name, owner, statement in query(_PG_EVENT_TRIGGERS):
            found.append(OtherObject("event trigger", "", name, canonical(statement) + owned_by(owner)))
        for name, owner, all_tables, publish, tables in query(_PG_PUBLICATIONS):
            described = _publication(all_tables, sorted(tables), publish) + owned_by(owner)
            found.append(OtherObject("publication", "", name, described))
    return found


def public_schema_warning(others: Iterable[OtherObject], server_version: int) -> str | None:
    """What to say of a server older than PostgreSQL 15 (``server_version``: ``server_version_num``)
    whose PUBLIC holds CREATE on the public schema, that server's default: the model states the
    schema as PostgreSQL 15 and later make it (PUBLIC: USAGE), as a file means it, so CREATE reads
    as a grant a file lacks, and a migration to the file revokes it, as PostgreSQL 15 did."""
    held = next(
        (o.definition for o in others if o.kind == "grant" and o.name == "on schema public to public"), ""
    )
    if server_version >= 150000 or "CREATE" not in held:
        return None
    return (
        f"PostgreSQL {server_version // 10000} gives PUBLIC CREATE on schema public by default; it is read as "
        "a grant (a schema file means PostgreSQL 15 and later's public schema, where PUBLIC holds USAGE only)"
    )


def _acl_items(items: Iterable[str]) -> Held:
    """``privilege/grantable[/column]`` texts of :data:`_PG_OWNERS` as held privileges."""
    held: Held = {}
    for item in items:
        privilege, grantable, *column = item.split("/", 2)
        held[privilege, column[0] if column else None] = grantable == "true"
    return held


def _catalog_grants(rows: list[Any], named: Any) -> list[OtherObject]:
    """The grant objects of :data:`_PG_GRANTS`' rows: a set ACL without PUBLIC's default privilege
    is PUBLIC's ``NONE`` (``REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC``)."""
    held: dict[tuple[str, str, str], Held] = {}
    for kind, name, arguments, grantee, privilege, column, grantable, owner, grantor in rows:
        if kind in ("function", "procedure"):
            target = f"{kind} {function_identity(named(name), _catalog_types(arguments))}"
        elif kind in ("table", "sequence"):
            target = named(name)
        else:
            target = f"{kind} {name if kind == 'schema' else named(name)}"
        public = held.setdefault((kind, target, "public"), {})  # an ACL is set: PUBLIC holds what it lists
        if not owner:
            who = grant_holder(grantee, grantor)
            into = public if who == "public" else held.setdefault((kind, target, who), {})
            into[privilege, column] = into.get((privilege, column), False) or grantable
    found = (
        grant_object(kind, target, grantee, privileges)
        for (kind, target, grantee), privileges in held.items()
    )
    return [item for item in found if item is not None]


def _catalog_defaults(rows: list[Any], user: Any) -> list[OtherObject]:
    """The default privileges objects of :data:`_PG_DEFAULT_PRIVILEGES`' rows, named as a file
    names them (the role left out when it is the user the database is read as)."""
    held: dict[str, DefaultHeld] = {}
    for role, schema, letter, grantee, action, privilege, grantable in rows:
        objects = _DEFAULT_LETTERS.get(letter, letter)
        name = default_privileges_name(None if user and role == user[0] else role, schema, objects, grantee)
        into = held.setdefault(name, {})
        into[action, privilege] = into.get((action, privilege), False) or grantable
    return [
        OtherObject("default privileges", "", name, default_privileges_text(name, privileges))
        for name, privileges in held.items()
    ]


_COLLATION_PROVIDERS = {"c": "libc", "i": "icu", "b": "builtin"}


def collation_definition(
    name: str,
    provider: str,
    *,
    lc_collate: str | None = None,
    lc_ctype: str | None = None,
    locale: str | None = None,
    deterministic: bool = True,
    rules: str | None = None,
) -> str:
    """A ``CREATE COLLATION`` spelled one way, as pg_dump writes it: the provider always, a libc
    collation's ``locale`` when its LC_COLLATE and LC_CTYPE agree (else both), ``deterministic``
    and ``rules`` only when not the default.  ``name`` is the model's (``app.c`` outside public)."""
    from pglast.stream import maybe_double_quote_name

    def literal(text: str | None) -> str:
        return "'" + (text or "").replace("'", "''") + "'"

    parts = [f"provider = {provider}"]
    if provider == "libc" and lc_collate != lc_ctype:
        parts += [f"lc_collate = {literal(lc_collate)}", f"lc_ctype = {literal(lc_ctype)}"]
    else:
        parts.append(f"locale = {literal(lc_collate if provider == 'libc' else locale)}")
    if not deterministic:
        parts.append("deterministic = false")
    if rules:
        parts.append(f"rules = {literal(rules)}")
    qualified = ".".join(maybe_double_quote_name(part) for part in name.split(".", 1))
    return f"CREATE COLLATION {qualified} ({', '.join(parts)})"


def wesley_uid_comment(target: str, comment: str) -> bool:
    """True for the ``uid: …`` comment Wesley's generator writes on every table, column and index.

    It is Wesley's identity annotation, what ``@wes_uid`` states in the schema, not a schema
    object: a database Wesley built must compare equal to its SDL (docs/wesley.md), and
    annotations are not identity.  Any other comment stays an object outside the model.
    """
    return target in _WESLEY_UID_TARGETS and _WESLEY_UID.match(comment) is not None


def _catalog_types(text: str) -> list[str]:
    """``oidvectortypes`` output (``integer, character varying``) as the model spells the types."""
    return [str(parse_type(part)) for part in text.split(", ")] if text else []


_SQLITE_OBJECTS = r"""
    SELECT CASE type WHEN 'table' THEN 'virtual table' ELSE type END, sql FROM sqlite_master
    WHERE (type IN ('view', 'trigger') OR (type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'))
      AND sql IS NOT NULL
"""


def sqlite_objects(conn: sqlite3.Connection) -> list[OtherObject]:
    """The views, triggers and virtual tables of a live SQLite database."""
    found = []
    for kind, sql in conn.execute(_SQLITE_OBJECTS).fetchall():
        name, definition = sqlite_definition(kind, sql)
        found.append(OtherObject(kind, "main", name, definition, statement=sql))
    return found
