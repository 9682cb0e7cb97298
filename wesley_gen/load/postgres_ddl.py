"""PostgreSQL DDL, read with pglast: PostgreSQL's own grammar through libpg_query.

The fast path is pglast's JSON parse tree (``parse_sql_json``): one C call for the
whole file, then plain dictionaries.  Expressions (defaults, checks, index keys and
predicates) are printed back to SQL from that tree by a small printer for the node
kinds schemas use; anything rarer is deparsed by pglast itself from its slower
object tree, so no expression is ever refused for being unusual.  Every printed
expression then goes through the shared canonical spelling.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import json
import keyword
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from wesley_gen.errors import InputError
from wesley_gen.expressions import (
    TOO_DEEP,
    ExpressionError,
    Spelled,
    absolute_timestamps,
    keep_spelling,
    normalize_default,
    normalize_expression,
    numeric_text,
)
from wesley_gen.identifiers import DOTTED_NAME_HINT, IndexKey, dotted_name_reason, schema_of
from wesley_gen.load.ddl import DdlBuilder, LineIndex, TableDraft, without_psql_meta_commands
from wesley_gen.load.objects import TRIGGER_STATES
from wesley_gen.load.opaque import (
    OWNER_STATEMENTS,
    POSTGRES_STATEMENTS,
    apply_grant,
    collation_definition,
    spoken_role,
)
from wesley_gen.load.text import deepest_line
from wesley_gen.model import (
    ALL_PRIVILEGES,
    BTREE_OPCLASSES,
    COLUMN_PRIVILEGES,
    INTERVAL_FIELDS,
    MAX_IDENTIFIER,
    PUBLIC_ROLE,
    SEQUENCE_RANGES,
    TABLE_PRIVILEGES,
    Attribute,
    CheckConstraint,
    Column,
    ColumnType,
    Composite,
    Domain,
    Identity,
    OtherObject,
    Policy,
    Range,
    RoleStatement,
    clip_name,
    multirange_name,
    normalize_type,
    object_name,
    sequence_options,
    serial_sequence,
    stated_not_null_name,
)
from wesley_gen.model import Sequence as SequenceDef

Node = dict[str, Any]
Path = tuple[str | int, ...]

# pg_constraint-style action letters in the parse tree → the model's action names.
_ACTIONS = {"a": "no action", "r": "restrict", "c": "cascade", "n": "set null", "d": "set default"}
_SERIALS = {
    "smallserial": "smallint",
    "serial2": "smallint",
    "serial": "integer",
    "serial4": "integer",
    "bigserial": "bigint",
    "serial8": "bigint",
}
# Statements outside the model and not compared (see load/opaque.py), by parse-tree node → how the
# warning names them.
_SKIPPED = {
    "VariableSetStmt": "SET",
    "SelectStmt": "SELECT",
    "GrantRoleStmt": "grants",
    "CreateTableAsStmt": "views",
    "RefreshMatViewStmt": "views",
    "RuleStmt": "rules",
    "CreateEventTrigStmt": "triggers",
    "CreatePublicationStmt": "publications",
    "CreateRoleStmt": "roles",
    "TransactionStmt": "transaction control",
    "DoStmt": "DO blocks",
    "CreateStatsStmt": "statistics",
    "InsertStmt": "data",
    "CopyStmt": "data",
}
_SKIPPED_SUBCOMMANDS = {
    "AT_ReplicaIdentity": "replication settings",
    "AT_SetStatistics": "statistics",
    "AT_SetStorage": "storage settings",
    "AT_SetOptions": "storage settings",
    "AT_ClusterOn": "storage settings",
}
# ALTER … OWNER TO of a relation → the kind an owner object names (ALTER TABLE: found by name).
_OWNED_RELATIONS = {
    "OBJECT_TABLE": "table",
    "OBJECT_VIEW": "view",
    "OBJECT_MATVIEW": "materialized view",
    "OBJECT_SEQUENCE": "sequence",
}
# ALTER TABLE … ENABLE / DISABLE TRIGGER name → the trigger's state (pg_trigger.tgenabled).
_TRIGGER_STATE = {name: letter for letter, name in TRIGGER_STATES.items()}
# Brackets outside strings, and the byte offsets the tree records; strings are skipped whole.
_TREE_TOKENS = re.compile(r'"(?:location|stmt_location)":(?P<offset>\d+)|"(?:[^"\\]|\\.)*"|[\[\]{}]')
_JSON_DEPTH = 500  # well inside what json.loads follows
# What ends a run of bytes that may be a name over 63 bytes (with whitespace), and a quoted
# name that long: only when there is one are the tokens looked at.
_NOT_IN_NAMES = bytes.maketrans(b"(),;.'\"", b"       ")
_LONG_QUOTED = re.compile(rb'"[^"]{64,}"')


class _Unprintable(Exception):
    """An expression node the fast printer does not know; pglast deparses it instead."""


def read_postgres_ddl(text: str, builder: DdlBuilder) -> None:
    """Feed every statement of ``text`` to ``builder``."""
    from pglast.parser import ParseError, parse_sql_json

    data = text.encode("utf-8")
    lines = LineIndex(data)
    sql, meta_commands = without_psql_meta_commands(text)
    cleaned = sql.encode("utf-8")  # byte offsets as pglast reports them, the same as ``data``'s
    for _ in range(meta_commands):
        builder.skip("psql meta-commands")
    try:
        tree = json.loads(tree_text := parse_sql_json(sql))
    except RecursionError:
        raise builder.error(TOO_DEEP, lines.line(_deepest_location(tree_text))) from None
    except ParseError as error:
        message, position = (*error.args, None)[:2]
        if isinstance(position, int):
            line = lines.line(_byte_offset(text, position - 1))
        else:  # "at end of input": where the text stops
            line = lines.line(len(data.rstrip()) - 1) if data.strip() else None
        reason = str(message) if str(message).startswith("syntax error") else f"syntax error: {message}"
        if str(message).startswith("memory exhausted"):  # the parser's stack, full of open brackets
            reason = TOO_DEEP
        raise builder.error(reason, line) from None
    if _may_cut_names(cleaned):
        builder.warnings.extend(_cut_names(cleaned.decode("utf-8"), builder.source))
    if dotted := _dotted_names(tree, tree_text):
        name, location = dotted[0]
        raise builder.error(dotted_name_reason(name), lines.line(location), hint=DOTTED_NAME_HINT)
    reader = _PostgresReader(builder, cleaned, lines)
    for statement in tree.get("stmts", ()):
        try:
            reader.statement(statement)
        except RecursionError:  # an expression too deep for the printer, before its depth is checked
            start = statement.get("stmt_location", 0)
            text_of = cleaned[start : start + statement.get("stmt_len", len(cleaned))].decode("utf-8")
            raise builder.error(TOO_DEEP, deepest_line(text_of, lines.line(start) or 1)) from None


# Where a parse tree holds the name of something the model names ``schema.name``: a dot
# inside such a name would read as a schema.  A relation's or a schema's name (a RangeVar's,
# CREATE SCHEMA's: found in the JSON text first, since they can be deep in a statement), and
# the name a CREATE FUNCTION / TYPE / DOMAIN / AGGREGATE … statement gives.
_DOTTED_RELATION = re.compile(r'"(?:relname|schemaname)":"(?:[^"\\]|\\.)*\.')
_RELATION_PARTS = ("schemaname", "relname")
_NAMES_GIVEN = ("funcname", "defnames", "domainname", "typeName")


def _dotted_names(tree: Node, tree_text: str) -> list[tuple[str, int]]:
    """Each name with a dot in it that the model would qualify, with the byte offset of the
    node it is in (of its statement when the node has none), in the order of the file."""
    found: list[tuple[str, int]] = []
    statements = [(statement, statement.get("stmt_location", 0)) for statement in tree.get("stmts", ())]
    for statement, at in statements:
        body = next(iter(statement["stmt"].values()))
        for key in _NAMES_GIVEN:
            names = body.get(key) if isinstance(body, dict) else None
            found += [
                (name, at) for name in map(_sval, names if isinstance(names, list) else ()) if "." in name
            ]
    stack: list[tuple[Any, int]] = statements if _DOTTED_RELATION.search(tree_text) else []
    while stack:
        node, at = stack.pop()
        if isinstance(node, list):
            stack.extend((item, at) for item in node)
        elif isinstance(node, dict):
            at = node["location"] if isinstance(node.get("location"), int) and node["location"] >= 0 else at
            for key, value in node.items():
                if key in _RELATION_PARTS and isinstance(value, str):
                    found += [(value, at)] if "." in value else []
                else:
                    stack.append((value, at))
    return sorted(found, key=lambda item: item[1])


def _sval(node: Any) -> str:
    """The text of a String node of a name list ('' for anything else)."""
    return str(node.get("String", {}).get("sval", "")) if isinstance(node, dict) else ""


def _may_cut_names(data: bytes) -> bool:
    """Whether ``data`` has a run of bytes long enough to be a name PostgreSQL cuts: the
    whole file split in C, four times faster than a regular expression tried at every byte."""
    longest = max(map(len, data.translate(_NOT_IN_NAMES).split()), default=0)
    return longest > MAX_IDENTIFIER or (b'"' in data and _LONG_QUOTED.search(data) is not None)


def _cut_names(text: str, source: str) -> Iterator[str]:
    """A warning for each name over 63 bytes, which PostgreSQL's parser (and so pglast's) cuts."""
    from pglast.parser import scan

    seen: set[str] = set()
    for token in scan(text):
        if token.name != "IDENT":
            continue
        written = text[token.start : token.end + 1]
        name = written[1:-1].replace('""', '"') if written.startswith('"') else written.lower()
        if len(name.encode("utf-8")) > MAX_IDENTIFIER and name not in seen:
            seen.add(name)
            line = text.count("\n", 0, token.start) + 1
            yield (
                f"{source}:{line}: the name {name!r} is {len(name.encode('utf-8'))} bytes; PostgreSQL keeps "
                f"the first {MAX_IDENTIFIER}, so it is read as {clip_name(name)!r}"
            )


def _deepest_location(tree_text: str) -> int | None:
    """The last ``location`` in a JSON parse tree before it nests deeper than Python's json reads."""
    depth = 0
    location = None
    for match in _TREE_TOKENS.finditer(tree_text):
        token = match.group(0)
        if token in "[{":
            depth += 1
            if depth > _JSON_DEPTH:
                break
        elif token in "]}":
            depth -= 1
        elif match.group("offset") is not None:  # not a string
            location = int(match.group("offset"))
    return location


def _byte_offset(text: str, char_offset: int) -> int:
    return len(text[: max(char_offset, 0)].encode("utf-8"))


@dataclass(frozen=True, slots=True)
class _Statement:
    """One statement's place in the file, for line numbers and the slow deparse path."""

    kind: str
    node: Node
    start: int
    length: int


class _PostgresReader:
    def __init__(self, builder: DdlBuilder, data: bytes, lines: LineIndex) -> None:
        self.builder = builder
        self.data = data
        self.lines = lines
        self.current: _Statement | None = None

    def line(self, node: Node | None) -> int | None:
        """The line of a node's ``location`` (or of the statement when it has none)."""
        if node and len(node) == 1 and isinstance(inner := next(iter(node.values())), dict):
            node = inner  # an expression's kind wraps it: {"FuncCall": {..., "location": 12}}
        location = node.get("location", -1) if node else -1
        if location is None or location < 0:
            assert self.current is not None
            location = self.current.start
        return self.lines.line(location)

    def statement(self, raw: Node) -> None:
        ((kind, node),) = raw["stmt"].items()
        start = raw.get("stmt_location", 0)
        self.current = _Statement(kind, node, start, raw.get("stmt_len", len(self.data) - start))
        handler = _HANDLERS.get(kind)
        if handler is not None:
            handler(self, node)
        elif kind in POSTGRES_STATEMENTS and (
            kind != "CreateTableAsStmt" or node.get("objtype") == "OBJECT_MATVIEW"
        ):
            self.builder.others.postgres_statement(kind, self.statement_text(), self.lines.line(start))
        else:
            self.builder.skip(_SKIPPED.get(kind, "other statements"))

    def statement_text(self) -> str:
        """The text of the statement being read."""
        statement = self.current
        assert statement is not None
        return self.data[statement.start : statement.start + statement.length].decode("utf-8")

    # --- names and types --------------------------------------------------------

    @staticmethod
    def relation(node: Node) -> str:
        """A table's model name: ``public`` dropped, any other schema kept as a prefix."""
        schema = node.get("schemaname")
        name = node["relname"]
        return name if schema in (None, "public") else f"{schema}.{name}"

    def column_type(self, node: Node, where: str) -> tuple[ColumnType, str | None]:
        """A column type, plus the sequence default when it is a ``serial``."""
        if node.get("pct_type"):
            raise self.builder.error(f"%TYPE is not supported for {where}", self.line(node))
        params = []
        for modifier in node.get("typmods", ()):
            value = modifier.get("A_Const", {}).get("ival")
            if value is None:
                raise self.builder.error(f"unsupported type modifier for {where}", self.line(node))
            params.append(value.get("ival", 0))
        names = tuple(_string(n) for n in node.get("names", ()))
        return _resolve_type(names, tuple(params), len(node.get("arrayBounds", ())))

    # --- statements ---------------------------------------------------------------

    def create_table(self, node: Node) -> None:
        relation = node["relation"]
        if node.get("relpersistence") == "t" or relation.get("relpersistence") == "t":
            self.builder.skip("temporary tables")
            return
        name = self.relation(relation)
        parents = tuple(self.relation(parent["RangeVar"]) for parent in node.get("inhRelations", ()))
        bound = node.get("partbound")
        table = self.builder.create_table(
            name, self.line(relation), if_not_exists=bool(node.get("if_not_exists"))
        )
        if table is None:
            return
        if self.builder.others.role is not None:  # made under SET ROLE: that role's
            self.builder.others.set_owner("table", table.name, self.builder.others.role, self.line(relation))
        table.unlogged = relation.get("relpersistence") == "u"
        table.storage = self.storage(node.get("options", ()), f"table {name}")
        if bound is not None:
            self.attach(table, parents[0], bound, self.line(relation))
        else:
            table.inherits = parents
        if node.get("partspec") is not None:
            self.partition_key(table, node["partspec"])
        for position, element in enumerate(node.get("tableElts", ())):
            ((kind, body),) = element.items()
            path: Path = ("tableElts", position, kind)
            if kind == "ColumnDef" and bound is not None:
                raise self.builder.error(
                    f"column options in partition {name}: not supported yet (the columns are {parents[0]}'s)",
                    self.line(body),
                )
            if kind == "ColumnDef":
                self.column(table, body, path)
            elif kind == "Constraint":
                self.table_constraint(table, body, path)
            else:
                raise self.builder.error(
                    f"{_describe(kind)} in CREATE TABLE {name} is not supported", self.line(body)
                )
        self.default_grants(table, self.line(relation))

    def default_grants(self, table: TableDraft, line: int | None) -> None:
        """The grants a table the file makes takes from the default privileges set above it
        (``ALTER DEFAULT PRIVILEGES … GRANT … ON TABLES``), as PostgreSQL gives them at its
        ``CREATE TABLE``. What they take away (``REVOKE``) is a built-in default, which a table
        gives only its owner."""
        for grantee, given in self.builder.others.defaults_for("table", schema_of(table.name)):
            for option in (False, True):
                granted = sorted(p for (action, p), g in given.items() if action == "GRANT" and g == option)
                if granted:
                    self.builder.grant(table, grantee, [(p, None) for p in granted], line, grantable=option)

    def column(self, table: TableDraft, node: Node, path: Path) -> None:
        """A column with what its own constraints say; keys and checks go to the table."""
        name = node["colname"]
        where = f"{table.name}.{name}"
        column_type, serial = self.column_type(node["typeName"], where)
        nullable, default, generated, identity = serial is None, None, None, None
        named: str | None = None  # CONSTRAINT name NOT NULL
        if serial is not None:
            default = normalize_default(f"nextval('{serial_sequence(table.name, name)}'::regclass)")
        valued = "serial" if serial is not None else None  # what gave the column a value already
        keys: list[tuple[Node, Path]] = []
        for position, item in enumerate(node.get("constraints", ())):
            constraint = item["Constraint"]
            kind = constraint["contype"]
            if kind == "CONSTR_IDENTITY":
                nullable, identity = False, self.identity(constraint, table.name, name, column_type)
            elif kind == "CONSTR_NOTNULL":
                nullable, named = False, self.not_null(constraint, where)
            elif kind == "CONSTR_NULL":
                nullable, named = True, None
            elif kind.startswith("CONSTR_ATTR_"):  # DEFERRABLE and friends: of the key written before
                if keys:
                    keys[-1] = ({**keys[-1][0], **_DEFERRAL[kind]}, keys[-1][1])
                continue
            else:
                here = (*path, "constraints", position, "Constraint")
                if kind in {"CONSTR_DEFAULT", "CONSTR_GENERATED"}:
                    what = "a default" if kind == "CONSTR_DEFAULT" else "a generation expression"
                    if valued is not None:
                        raise self.builder.error(
                            f"column {where} has both {valued} and {what}", self.line(constraint)
                        )
                    valued = what
                if kind == "CONSTR_DEFAULT":
                    default = self.default(
                        constraint["raw_expr"], here, where, self.line(constraint), column_type
                    )
                elif kind == "CONSTR_GENERATED":
                    if constraint.get("generated_kind") == "v":  # PostgreSQL 18's default kind
                        raise self.builder.error(
                            f"virtual generated column {where}: not supported yet (write STORED)",
                            self.line(constraint),
                        )
                    generated = self.expression(constraint["raw_expr"], here, f"the expression of {where}")
                    default = None
                else:
                    keys.append((constraint, here))
        if identity is not None and valued is not None:
            raise self.builder.error(f"column {where} has both {valued} and an identity", self.line(node))
        collation = _collation(node.get("collClause"))
        self.builder.add_column(
            table,
            Column(
                name,
                column_type,
                nullable,
                default,
                generated,
                identity=identity,
                collation=collation,
                not_null_name=stated_not_null_name(table.name, name, named),
            ),
            self.line(node),
        )
        if serial is not None or identity is not None:  # its sequence, made with it
            sequence = serial_sequence(table.name, name)
            self.builder.others.default_privileges(
                "sequence", schema_of(table.name), sequence, self.line(node)
            )
        for constraint, here in keys:
            self.column_key(table, name, constraint, here)

    def not_null(self, node: Node, where: str) -> str | None:
        """The name a NOT NULL constraint is given (``None``: PostgreSQL's choice); PostgreSQL
        18's ``NO INHERIT`` and ``NOT VALID`` on one are refused, by name."""
        for option, found in (("NO INHERIT", node.get("is_no_inherit")), ("NOT VALID", not _valid(node))):
            if found:
                raise self.builder.error(f"NOT NULL {option} on {where}: not supported yet", self.line(node))
        name = node.get("conname")
        return str(name) if name is not None else None

    def column_key(self, table: TableDraft, column: str, node: Node, path: Path) -> None:
        """A key or check written on a column: a table constraint over that one column."""
        kind = node["contype"]
        line = self.line(node)
        if kind == "CONSTR_PRIMARY":
            self.builder.add_primary_key(table, node.get("conname"), (column,), line, **_key_options(node))
        elif kind == "CONSTR_UNIQUE":
            self.builder.add_unique(table, node.get("conname"), (column,), line, **_unique_options(node))
        elif kind == "CONSTR_CHECK":
            self.check(table, node, path)
        elif kind == "CONSTR_FOREIGN":
            self.foreign_key(table, node, (column,))
        else:
            raise self.builder.error(f"{_describe(kind)} on {table.name}.{column} is not supported", line)

    def table_constraint(self, table: TableDraft, node: Node, path: Path) -> None:
        kind = node["contype"]
        line = self.line(node)
        name = node.get("conname")
        keys = tuple(_string(k) for k in node.get("keys", ()))
        options = _key_options(node) if kind == "CONSTR_PRIMARY" else _unique_options(node)
        if kind in {"CONSTR_PRIMARY", "CONSTR_UNIQUE"} and node.get("indexname"):
            # USING INDEX: the index becomes the key's, renamed after the constraint when it has a name.
            keys, taken = self.builder.take_index(table.name, node["indexname"], line)
            name = name or node["indexname"]
            options |= {k: v for k, v in taken.items() if k in options}
        if kind == "CONSTR_PRIMARY":
            self.builder.add_primary_key(table, name, keys, line, **options)
        elif kind == "CONSTR_UNIQUE":
            self.builder.add_unique(table, name, keys, line, **options)
        elif kind == "CONSTR_CHECK":
            self.check(table, node, path)
        elif kind == "CONSTR_FOREIGN":
            self.foreign_key(table, node, tuple(_string(k) for k in node.get("fk_attrs", ())))
        elif kind == "CONSTR_EXCLUSION":
            self.exclusion(table, node, path)
        elif kind == "CONSTR_NOTNULL":  # PostgreSQL 18: [CONSTRAINT name] NOT NULL column
            named = self.not_null(node, f"{table.name}.{', '.join(keys)}")
            for column in keys:
                if self.builder.column(table, column, line).nullable:  # else it keeps its own
                    stated = stated_not_null_name(table.name, column, named)
                    self.builder.alter_column(table, column, line, nullable=False, not_null_name=stated)
        else:
            raise self.builder.error(f"{_describe(kind)} on table {table.name!r} is not supported", line)

    def check(self, table: TableDraft, node: Node, path: Path) -> None:
        name = node.get("conname")
        expr = node["raw_expr"]
        text = self.expression(expr, path, f"check constraint on {table.name!r}")
        columns = {_string(r["fields"][-1]) for r in _column_refs(expr)}
        options = {"no_inherit": bool(node.get("is_no_inherit")), "valid": _valid(node)}
        self.builder.add_check(table, name, text, columns, self.line(node), **options)

    def foreign_key(self, table: TableDraft, node: Node, columns: tuple[str, ...]) -> None:
        if node.get("fk_matchtype") == "p":
            raise self.builder.error("MATCH PARTIAL is not implemented by PostgreSQL", self.line(node))
        if node.get("pk_attrs") and bool(node.get("fk_with_period")) != bool(node.get("pk_with_period")):
            raise self.builder.error("a foreign key has PERIOD on both sides or on neither", self.line(node))
        self.builder.add_foreign_key(
            table,
            node.get("conname"),
            columns,
            self.relation(node["pktable"]),
            tuple(_string(k) for k in node.get("pk_attrs", ())),
            self.line(node),
            on_delete=_ACTIONS[node.get("fk_del_action", "a")],
            on_update=_ACTIONS[node.get("fk_upd_action", "a")],
            valid=_valid(node),
            match_full=node.get("fk_matchtype") == "f",
            delete_columns=tuple(_string(k) for k in node.get("fk_del_set_cols", ())),
            period=bool(node.get("fk_with_period")),
            **_deferral(node),
        )

    def alter_table(self, node: Node) -> None:
        relation = node["relation"]
        if node.get("objtype") == "OBJECT_INDEX" and [
            item["AlterTableCmd"]["subtype"] for item in node.get("cmds", ())
        ] == ["AT_AttachPartition"]:
            # pg_dump's ALTER INDEX parent_idx ATTACH PARTITION partition_idx: the partition's
            # index is the parent's, inherited, not one of its own.
            partition_command = node["cmds"][0]["AlterTableCmd"]["def"]["PartitionCmd"]
            self.builder.inherit_index(self.relation(partition_command["name"]), self.line(relation))
            return
        if node.get("objtype") == "OBJECT_INDEX" and all(
            item["AlterTableCmd"]["subtype"] in _STORAGE_SUBCOMMANDS for item in node.get("cmds", ())
        ):
            self.alter_index_storage(relation, node["cmds"])
            return
        commands = [item["AlterTableCmd"] for item in node.get("cmds", ())]
        if commands and all(c["subtype"] == "AT_ChangeOwner" for c in commands):
            self.change_owner(node.get("objtype", "OBJECT_TABLE"), relation, commands[-1]["newowner"])
            return
        if node.get("objtype") not in (None, "OBJECT_TABLE"):
            self.builder.skip(_describe(node["objtype"].removeprefix("OBJECT_")) + " changes")
            return
        name = self.relation(relation)
        for position, item in enumerate(node.get("cmds", ())):
            command = item["AlterTableCmd"]
            subtype = command["subtype"]
            path: Path = ("cmds", position, "AlterTableCmd")
            if subtype in _ROW_SECURITY:
                table = self.builder.table(name, self.line(relation))
                setattr(table, *_ROW_SECURITY[subtype])
                continue
            if subtype in _PARTITION_SUBCOMMANDS:
                self.partition_command(name, subtype, command, self.line(relation))
                continue
            if subtype in _SKIPPED_SUBCOMMANDS:
                self.builder.skip(_SKIPPED_SUBCOMMANDS[subtype])
                continue
            if subtype in _TRIGGER_STATE:
                if not self.builder.others.set_trigger_state(name, command["name"], _TRIGGER_STATE[subtype]):
                    raise self.builder.error(
                        f"ALTER TABLE {name}: no trigger {command['name']} on {name} to "
                        f"{_describe(subtype.removeprefix('AT_')).removesuffix(' trig')}",
                        self.line(relation),
                        hint="CREATE TRIGGER first: a schema file makes an object before it alters it",
                    )
                continue
            table = self.builder.table(name, self.line(relation))
            if subtype == "AT_AddConstraint":
                self.table_constraint(table, command["def"]["Constraint"], (*path, "def", "Constraint"))
            elif subtype == "AT_AddColumn":
                self.column(table, command["def"]["ColumnDef"], (*path, "def", "ColumnDef"))
            elif subtype == "AT_ColumnDefault":
                column = command["name"]
                where = f"{table.name}.{column}"
                expr = command.get("def")
                default = None
                if expr is not None:
                    column_type = self.builder.column_type_of(table, column, self.line(relation))
                    default = self.default(expr, (*path, "def"), where, self.line(expr), column_type)
                self.builder.alter_column(table, column, self.line(relation), default=default)
            elif subtype in {"AT_SetLogged", "AT_SetUnLogged"}:
                table.unlogged = subtype == "AT_SetUnLogged"
            elif subtype in _STORAGE_SUBCOMMANDS:
                table.storage = self.changed_storage(table.storage, command, f"table {name}")
            elif subtype == "AT_SetNotNull":  # a NOT NULL it has already keeps its name
                self.builder.alter_column(table, command["name"], self.line(relation), nullable=False)
            elif subtype == "AT_DropNotNull":
                self.builder.alter_column(
                    table, command["name"], self.line(relation), nullable=True, not_null_name=None
                )
            elif subtype == "AT_AddIdentity":
                column = self.builder.column(table, command["name"], self.line(relation))
                identity = self.identity(command["def"]["Constraint"], table.name, column.name, column.type)
                self.builder.alter_column(
                    table, column.name, self.line(relation), nullable=False, identity=identity
                )
            else:
                raise self.builder.error(
                    f"ALTER TABLE {name}: {_describe(subtype.removeprefix('AT_'))} is not supported",
                    self.line(relation),
                    hint="a schema file describes the end state: write the table as it should be",
                )

    def storage(self, options: Sequence[Node], where: str) -> tuple[str, ...]:
        """Storage parameters (``WITH (fillfactor=70)``) as the catalog keeps them: ``name=value``."""
        found: list[str] = []
        for item in options:
            option = item["DefElem"]
            if option.get("defnamespace"):
                raise self.builder.error(
                    f"{where}: the storage parameter {option['defnamespace']}.{option['defname']} is not "
                    "supported yet (it is the TOAST table's)",
                    self.line(option),
                )
            name, value = option["defname"], _option_value(option)
            if value is None:
                raise self.builder.error(f"{where}: cannot read the value of {name}", self.line(option))
            found = [p for p in found if p.partition("=")[0] != name] + [f"{name}={value}"]
        return tuple(found)

    def changed_storage(self, before: tuple[str, ...], command: Node, where: str) -> tuple[str, ...]:
        """``SET (…)`` / ``RESET (…)`` applied as PostgreSQL applies them: a parameter set again
        moves to the end, one reset goes."""
        options = command["def"]["List"]["items"]
        written = self.storage(options, where)
        names = {p.partition("=")[0] for p in written}
        kept = tuple(p for p in before if p.partition("=")[0] not in names)
        return kept + written if command["subtype"] == "AT_SetRelOptions" else kept

    # --- partitions and inheritance ------------------------------------------------

    def partition_key(self, table: TableDraft, spec: Node) -> None:
        """``PARTITION BY RANGE | LIST | HASH (columns)`` as pg_get_partkeydef prints it."""
        strategy = spec["strategy"].removeprefix("PARTITION_STRATEGY_")
        keys = []
        for item in spec.get("partParams", ()):
            element = item["PartitionElem"]
            if "name" not in element or element.get("collation") or element.get("opclass"):
                raise self.builder.error(
                    f"partition key of {table.name}: only plain columns are supported yet "
                    "(an expression, COLLATE or operator class is not)",
                    self.line(element),
                )
            keys.append(element["name"])
        table.partition_by = f"{strategy} ({', '.join(_catalog_identifier(k) for k in keys)})"
        table.partition_keys = tuple(keys)

    def attach(self, table: TableDraft, parent_name: str, bound: Node, line: int | None) -> None:
        """``table`` made a partition of ``parent_name`` (defined above) with ``bound``."""
        parent = self.builder.table(parent_name, line)
        if parent.partition_by is None:
            raise self.builder.error(f"{parent_name} is not a partitioned table", line)
        types = [self.builder.column_type_of(parent, key, line) for key in parent.partition_keys]
        table.partition_of = parent_name
        table.partition_bound = self.bound(bound, types, f"the bound of partition {table.name}")

    def bound(self, node: Node, types: list[ColumnType], where: str) -> str:
        """A partition bound as pg_get_expr prints it, each value in its key's output form."""
        if node.get("is_default"):
            return "DEFAULT"
        if node["strategy"] == "h":
            return f"FOR VALUES WITH (modulus {node['modulus']}, remainder {node.get('remainder', 0)})"

        def values(key: str) -> str:
            """The bound's values under ``key``, parenthesised: pg_get_expr's list of them."""
            found = [self.datum(d, t, where) for d, t in zip(node[key], itertools.cycle(types))]
            return "".join(("(", ", ".join(found), ")"))

        if node["strategy"] == "l":
            return " ".join(("FOR VALUES IN", values("listdatums")))
        return " ".join(("FOR VALUES FROM", values("lowerdatums"), "TO", values("upperdatums")))

    def datum(self, node: Node, column_type: ColumnType, where: str) -> str:
        """One bound value: MINVALUE / MAXVALUE, NULL, or a constant as its type prints it."""
        if "ColumnRef" in node:
            word = _string(node["ColumnRef"]["fields"][-1]).upper()
            if word in {"MINVALUE", "MAXVALUE"}:
                return word
        if "TypeCast" in node:
            node = node["TypeCast"]["arg"]
        constant = node.get("A_Const")
        if constant is None:
            raise self.builder.error(f"{where}: only constants are supported yet", self.line(node))
        if constant.get("isnull"):
            return "NULL"
        text = _constant_text(constant)
        try:
            return _bound_literal(text, column_type)
        except ValueError:
            raise self.builder.error(f"{where}: {text!r} is not a {column_type}", self.line(node)) from None

    def partition_command(self, name: str, subtype: str, command: Node, line: int | None) -> None:
        """ATTACH / DETACH PARTITION, INHERIT / NO INHERIT."""
        if subtype in {"AT_AddInherit", "AT_DropInherit"}:
            table = self.builder.table(name, line)
            parent = self.relation(command["def"]["RangeVar"])
            self.builder.table(parent, line)
            if subtype == "AT_AddInherit" and parent not in table.inherits:
                table.inherits = (*table.inherits, parent)
            elif subtype == "AT_DropInherit":
                if parent not in table.inherits:
                    raise self.builder.error(f"{name} does not inherit from {parent}", line)
                self.builder.let_go(table, parent)
            return
        partition_command = command["def"]["PartitionCmd"]
        partition = self.builder.table(self.relation(partition_command["name"]), line)
        if subtype == "AT_AttachPartition":
            self.attach(partition, name, partition_command["bound"], line)
            return
        if partition.partition_of != name:
            raise self.builder.error(f"{partition.name} is not a partition of {name}", line)
        self.builder.let_go(partition, name)

    def alter_index_storage(self, relation: Node, commands: Sequence[Node]) -> None:
        """``ALTER INDEX name SET (…) / RESET (…)`` on an index defined above."""
        name, line = relation["relname"], self.line(relation)
        storage = self.builder.index_storage(name, line)
        for item in commands:
            storage = self.changed_storage(storage, item["AlterTableCmd"], f"index {name}")
        self.builder.set_index_storage(name, storage)

    def create_index(self, node: Node) -> None:
        relation = node["relation"]
        table = self.relation(relation)
        if ("materialized view", table) in self.builder.others.objects:  # outside the model, as its view
            self.builder.others.postgres_statement("IndexStmt", self.statement_text(), self.line(relation))
            return
        name = node.get("idxname")
        where_text = f"index {name!r}" if name else f"an index on {table!r}"
        keys: list[str] = []
        name_parts: list[str] = []
        for position, item in enumerate(node.get("indexParams", ())):
            key, part = self.index_element(
                item["IndexElem"], ("indexParams", position, "IndexElem"), where_text
            )
            keys.append(str(key))
            name_parts.append(part)
        for item in node.get("indexIncludingParams", ()):
            name_parts.append(item["IndexElem"].get("name") or "expr")
        predicate = node.get("whereClause")
        self.builder.add_index(
            table,
            name,
            tuple(keys),
            tuple(name_parts),
            self.line(relation),
            unique=bool(node.get("unique")),
            using=node.get("accessMethod", "btree"),
            where=None if predicate is None else self.expression(predicate, ("whereClause",), where_text),
            include=tuple(item["IndexElem"]["name"] for item in node.get("indexIncludingParams", ())),
            nulls_not_distinct=bool(node.get("nulls_not_distinct")),
            storage=self.storage(node.get("options", ()), where_text),
        )

    def index_element(self, element: Node, path: Path, where: str) -> tuple[IndexKey, str]:
        """An index (or exclusion) key, and the part of a default name PostgreSQL takes from it."""
        descending, nulls_first = _ordering(element)
        collation, opclass = _catalog_name(element, "collation"), _catalog_name(element, "opclass")
        if "expr" in element:
            text = self.expression(element["expr"], (*path, "expr"), where)
            key = IndexKey(None, text, descending, nulls_first, collation, opclass)
            return key, figure_name(element["expr"]) or "expr"
        return IndexKey(element["name"], None, descending, nulls_first, collation, opclass), element["name"]

    def exclusion(self, table: TableDraft, node: Node, path: Path) -> None:
        """``EXCLUDE USING method (key WITH operator, …) [WHERE (predicate)]``."""
        where = f"an exclusion constraint on {table.name!r}"
        keys: list[tuple[str, str]] = []
        name_parts: list[str] = []
        for position, item in enumerate(node.get("exclusions", ())):
            element, operator = item["List"]["items"]
            here = (*path, "exclusions", position, "List", "items", 0, "IndexElem")
            key, part = self.index_element(element["IndexElem"], here, where)
            keys.append((str(key), ".".join(_string(o) for o in operator["List"]["items"])))
            name_parts.append(part)
        predicate = node.get("where_clause")
        self.builder.add_exclusion(
            table,
            node.get("conname"),
            tuple(keys),
            tuple(name_parts),
            self.line(node),
            using=node.get("access_method", "btree"),
            where=None if predicate is None else self.expression(predicate, (*path, "where_clause"), where),
        )

    def identity(self, node: Node, table: str, column: str, column_type: ColumnType) -> Identity:
        """``GENERATED ALWAYS|BY DEFAULT AS IDENTITY (options)`` of ``table.column``."""
        where = f"the identity of {table}.{column}"
        if column_type.name not in SEQUENCE_RANGES or column_type.array_dims:
            raise self.builder.error(
                f"{where}: an identity column must be smallint, integer or bigint", self.line(node)
            )
        settings = self.sequence_settings(node.get("options", ()), where)
        name = settings.pop("sequence_name", None)
        if name is not None and name != serial_sequence(table, column):
            self.builder.warnings.append(
                f"{self.builder.source}:{self.line(node)}: {where}: the sequence name {name!r} is not kept; "
                f"the migration names it {serial_sequence(table, column)!r}, as PostgreSQL does"
            )
        settings.pop("as", None)
        return Identity(node.get("generated_when") == "a", sequence_options(column_type.name, **settings))

    def sequence_settings(self, options: Sequence[Node], where: str) -> dict[str, Any]:
        """The options of CREATE/ALTER SEQUENCE or an identity, by ``sequence_options``'s
        names, plus ``as`` (the type), ``owned_by`` and ``sequence_name`` (a model name or
        ``None`` for ``OWNED BY NONE``); an option written as ``NO MINVALUE`` is left out."""
        settings: dict[str, Any] = {}
        for item in options:
            option = item["DefElem"]
            key, arg = option["defname"], option.get("arg")
            if key in _SEQUENCE_NUMBERS:
                if arg is not None:
                    settings[key] = _number(arg)
            elif key == "cycle":
                settings[key] = bool(arg is None or arg.get("Boolean", {}).get("boolval", False))
            elif key == "as":
                sequence_type, _ = self.column_type(arg["TypeName"], where)
                if sequence_type.name not in SEQUENCE_RANGES:
                    raise self.builder.error(
                        f"{where}: a sequence is smallint, integer or bigint", self.line(option)
                    )
                settings[key] = sequence_type.name
            elif key in {"owned_by", "sequence_name"}:
                names = [_string(n) for n in arg["List"]["items"]]
                settings[key] = None if names == ["none"] else ".".join(n for n in names if n != "public")
            elif key not in {"restart", "generated"}:  # RESTART moves the counter, not the definition
                raise self.builder.error(
                    f"{where}: the option {key.upper()} is not supported", self.line(option)
                )
        return settings

    def create_sequence(self, node: Node) -> None:
        if node["sequence"].get("relpersistence") in ("t", "u"):
            self.builder.skip("temporary and unlogged sequences")
            return
        name = self.relation(node["sequence"])
        line = self.line(node["sequence"])
        settings = self.sequence_settings(node.get("options", ()), f"sequence {name!r}")
        type_name = settings.pop("as", "bigint")
        owned_by = settings.pop("owned_by", None)
        sequence = SequenceDef(name, type_name, sequence_options(type_name, **settings), owned_by)
        made = name not in self.builder.sequences
        self.builder.add_sequence(sequence, line, if_not_exists=bool(node.get("if_not_exists")))
        if made:
            self.builder.others.default_privileges("sequence", schema_of(name), name, line)

    def alter_sequence(self, node: Node) -> None:
        name = self.relation(node["sequence"])
        line = self.line(node["sequence"])
        before = self.builder.sequence(name, line)
        settings = self.sequence_settings(node.get("options", ()), f"sequence {name!r}")
        type_name = settings.pop("as", before.type)
        owned_by = settings.pop("owned_by", before.owned_by)
        old = before.options
        written = {"increment": old.increment, "cache": old.cache, "cycle": old.cycle} | settings
        # Bounds and start the statement leaves alone stay, unless they were the old type's own.
        implied = sequence_options(before.type, increment=old.increment)
        for key in ("minvalue", "maxvalue", "start"):
            if key not in settings and getattr(old, key) != getattr(implied, key):
                written[key] = getattr(old, key)
        sequence = SequenceDef(name, type_name, sequence_options(type_name, **written), owned_by)
        self.builder.replace_sequence(sequence)

    def create_enum(self, node: Node) -> None:
        name = _type_model_name([_string(n) for n in node["typeName"]])
        assert self.current is not None
        self.builder.add_enum(
            name, tuple(_string(v) for v in node.get("vals", ())), self.lines.line(self.current.start)
        )

    def rename(self, node: Node) -> None:
        """``ALTER [MATERIALIZED] VIEW … RENAME COLUMN``: the view's column and the grants on it
        renamed; ``ALTER ROLE a RENAME TO b``: the file leaves role b, not a; any other rename is
        skipped, as before."""
        if node.get("renameType") == "OBJECT_ROLE":  # ALTER ROLE a RENAME TO b
            role = self.builder.roles.pop(node["subname"], None) or RoleStatement(
                node["subname"], created=False, line=self.line(None)
            )
            self.builder.roles[node["newname"]] = replace(role, name=node["newname"])
            self.builder.skip(_SKIPPED["CreateRoleStmt"])
        elif not self.builder.others.rename_view_column(self.statement_text()):
            self.builder.skip(_SKIPPED.get("RenameStmt", "other statements"))

    def set_schema(self, node: Node) -> None:
        """An object moved after its CREATE: skipping the move would keep it, in the model, in
        the schema it was made in, where the database built from the file no longer has it."""
        raise self.builder.error(
            "ALTER … SET SCHEMA is not supported yet (write the object in the schema it ends in)",
            self.line(node),
        )

    def alter_enum(self, node: Node) -> None:
        """``ALTER TYPE … ADD VALUE [IF NOT EXISTS] v [BEFORE | AFTER n]`` and ``RENAME VALUE``
        on an enum defined above: the values it ends with, as PostgreSQL orders them."""
        name = _type_model_name([_string(n) for n in node["typeName"]])
        line, where = self.line(None), f"enum {name}"
        values = list(self.builder.enum_values(name, line))
        new, old, neighbour = node["newVal"], node.get("oldVal"), node.get("newValNeighbor")
        for needed in (old, neighbour):
            if needed is not None and needed not in values:
                raise self.builder.error(f"{where}: {needed!r} is not one of its values", line)
        if new in values:
            if old is None and node.get("skipIfNewValExists"):
                return
            raise self.builder.error(f"{where}: {new!r} is one of its values already", line)
        if old is not None:
            values[values.index(old)] = new
        elif neighbour is None:
            values.append(new)
        else:
            values.insert(values.index(neighbour) + bool(node.get("newValIsAfter")), new)
        self.builder.replace_enum_values(name, tuple(values))

    def do_block(self, node: Node) -> None:
        """``DO``: code, skipped, but for the idiom "create the type if it is missing" (a block of
        ``CREATE TYPE`` / ``CREATE DOMAIN`` statements, each alone or under ``IF NOT EXISTS (…)``,
        with or without an exception handler, as Supabase projects write their enums): on the
        database a schema file builds the type is missing, so the statements run, and are read
        here as if written at the top level (else the type was unknown to the file's model, or,
        unused, found only in the database)."""
        from pglast.parser import ParseError, parse_plpgsql_json, parse_sql_json

        assert self.current is not None
        options = {o["DefElem"]["defname"]: _string(o["DefElem"]["arg"]) for o in node.get("args", ())}
        body = options.get("as")
        if body is None or options.get("language", "plpgsql").lower() != "plpgsql":
            self.builder.skip("DO blocks")
            return
        try:
            function = json.loads(
                parse_plpgsql_json(f"CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $wg$ {body} $wg$")
            )[0]["PLpgSQL_function"]
        except (ParseError, ValueError, KeyError, IndexError):
            self.builder.skip("DO blocks")
            return
        queries = _type_creations(function["action"]["PLpgSQL_stmt_block"].get("body", ()))
        start = self.current.start
        found = []
        for query in queries or ():
            at = self.data.find(query.encode("utf-8"), start)
            if at < 0:
                break
            found.append((query, at))
        if not queries or len(found) != len(queries):
            self.builder.skip("DO blocks")
            return
        statement = self.current
        for query, at in found:
            for raw in json.loads(parse_sql_json(query)).get("stmts", ()):
                moved = _shifted(raw, at)
                moved["stmt_location"] = raw.get("stmt_location", 0) + at
                moved.setdefault("stmt_len", len(query.encode("utf-8")))
                self.statement(moved)
        self.current = statement

    def drop(self, node: Node) -> None:
        """``DROP … [IF EXISTS]``: nothing when the object is not defined above (the builder's ``drop``)."""
        kind = _DROPPED.get(node["removeType"])
        if kind is None:
            self.builder.skip("other statements")
            return
        for item in node["objects"]:
            if "ObjectWithArgs" in item:
                names = [_string(n) for n in item["ObjectWithArgs"]["objname"]]
            elif "TypeName" in item:
                names = [_string(n) for n in item["TypeName"]["names"]]
            else:
                names = [_string(n) for n in _items(item)]
            if kind in {"trigger", "policy"}:  # [schema.]table.name: named as the model names them
                *table, own = names
                name = f"{own} on {'.'.join(table[1:] if table[0] == 'public' else table)}"
            else:
                name = ".".join(names[1:] if names[0] == "public" and len(names) > 1 else names)
            self.builder.drop(kind, name, self.line(None), if_exists=bool(node.get("missing_ok")))

    def create_schema(self, node: Node) -> None:
        """``CREATE SCHEMA [IF NOT EXISTS] name`` (or ``AUTHORIZATION role``, named after the role)."""
        line = self.line(None)
        name = node.get("schemaname") or node.get("authrole", {}).get("rolename")
        if name is None:
            raise self.builder.error("CREATE SCHEMA AUTHORIZATION names no schema: name it", line)
        if node.get("schemaElts"):
            raise self.builder.error(
                f"CREATE SCHEMA {name} with statements inside it is not supported yet: "
                "write each as a statement of its own, its names qualified",
                line,
            )
        self.builder.add_schema(name, line, if_not_exists=bool(node.get("if_not_exists")))

    def create_domain(self, node: Node) -> None:
        """``CREATE DOMAIN``: base type, NOT NULL, default and checks; unnamed checks named
        as PostgreSQL names them (``<domain>_check``, then ``…_check1``, …)."""
        name = _type_model_name([_string(n) for n in node["domainname"]])
        line = self.line(None)
        base, serial = self.column_type(node["typeName"], f"domain {name}")
        if serial is not None:
            raise self.builder.error(f"domain {name}: serial is not a type", line)
        nullable, default = True, None
        checks: list[CheckConstraint] = []
        for position, item in enumerate(node.get("constraints", ())):
            constraint = item["Constraint"]
            kind = constraint["contype"]
            path: Path = ("constraints", position, "Constraint")
            if kind in {"CONSTR_NOTNULL", "CONSTR_NULL"}:
                nullable = kind == "CONSTR_NULL"
            elif kind == "CONSTR_DEFAULT":
                default = self.default(
                    constraint["raw_expr"], path, f"domain {name}", self.line(constraint), base
                )
            elif kind == "CONSTR_CHECK":
                expression = self.expression(constraint["raw_expr"], path, f"a check of domain {name}")
                taken = {c.name for c in checks}
                checks.append(
                    CheckConstraint(constraint.get("conname") or _domain_check_name(name, taken), expression)
                )
            else:
                raise self.builder.error(f"{_describe(kind)} on domain {name} is not supported", line)
        self.builder.add_user_type(Domain(name, base, nullable, default, tuple(checks)), line)

    def create_composite(self, node: Node) -> None:
        relation = node["typevar"]
        name = self.relation(relation)
        attributes, lines = [], []
        for item in node.get("coldeflist", ()):
            column = item["ColumnDef"]
            column_type, serial = self.column_type(column["typeName"], f"{name}.{column['colname']}")
            if serial is not None:
                raise self.builder.error(f"type {name}: serial is not a type", self.line(column))
            attributes.append(Attribute(column["colname"], column_type))
            lines.append(self.line(column))
        self.builder.add_user_type(Composite(name, tuple(attributes)), self.line(relation), tuple(lines))

    def define(self, node: Node) -> None:
        """``CREATE COLLATION``: an object kept by its definition, spelled as the catalog's is
        (:func:`~wesley_gen.load.opaque.collation_definition`); other ``DefineStmt`` kinds
        (aggregates, operators, base types) are outside the model and skipped, but a shell type
        (``CREATE TYPE name;``) is refused: what it is made for, a range type's CANONICAL
        function or a base type, is not modelled."""
        if node.get("kind") == "OBJECT_TYPE" and "definition" not in node:
            name = _type_model_name([_string(n) for n in node.get("defnames", ())])
            raise self.builder.error(
                f"shell type {name} (CREATE TYPE {name};) is not supported yet: it is made for a C function "
                "(a range type's CANONICAL, a base type)",
                self.line(None),
            )
        if node.get("kind") != "OBJECT_COLLATION":
            self.builder.skip("other statements")
            return
        names = [_string(n) for n in node.get("defnames", ())]
        name = _type_model_name(names)
        options: dict[str, str] = {}
        for item in node.get("definition", ()):
            option = item["DefElem"]
            value = option.get("arg", {})
            if "TypeName" in value:  # provider = libc
                value = value["TypeName"]["names"][-1]
            if option["defname"] == "from" or "String" not in value:
                raise self.builder.error(
                    f"collation {name}: CREATE COLLATION … {option['defname'].upper()} is not supported yet",
                    self.line(None),
                    hint="state its provider and locale, as pg_dump writes it",
                )
            options[option["defname"].lower()] = str(value["String"]["sval"])
        locale = options.get("locale")
        definition = collation_definition(
            name,
            options.get("provider", "libc").lower(),
            lc_collate=options.get("lc_collate", locale),
            lc_ctype=options.get("lc_ctype", locale),
            locale=locale,
            deterministic=options.get("deterministic", "true").lower() not in ("false", "off", "no", "0"),
            rules=options.get("rules"),
        )
        schema = names[0] if len(names) > 1 else "public"
        self.builder.others.add(OtherObject("collation", schema, name, definition, self.line(None)))

    def create_range(self, node: Node) -> None:
        """``CREATE TYPE … AS RANGE``, brought to pg_dump's form (:class:`Range`): the
        multirange named as PostgreSQL names it where the statement does not, a default
        operator class left out."""
        name = _type_model_name([_string(n) for n in node["typeName"]])
        line = self.line(None)
        options: dict[str, list[str]] = {}
        subtype: ColumnType | None = None
        for item in node.get("params", ()):
            option = item["DefElem"]
            key, value = option["defname"].lower(), option.get("arg", {}).get("TypeName")
            if key not in _RANGE_OPTIONS or value is None:
                raise self.builder.error(f"range type {name}: option {key} is not supported", line)
            if key == "canonical":
                raise self.builder.error(
                    f"range type {name}: CANONICAL is not supported yet (a C function over a shell type)",
                    line,
                )
            if key == "subtype":
                subtype, serial = self.column_type(value, f"range type {name}")
                if serial is not None:
                    raise self.builder.error(f"range type {name}: serial is not a type", line)
            options[key] = [_string(n) for n in value["names"]]
        if subtype is None:
            raise self.builder.error(f"range type {name}: SUBTYPE is required", line)
        opclass = _unqualified(options.get("subtype_opclass"))
        multirange = options.get("multirange_type_name")
        definition = Range(
            name,
            subtype,
            _type_model_name(multirange) if multirange else multirange_name(name),
            None if opclass == BTREE_OPCLASSES.get(subtype.name, f"{subtype.name}_ops") else opclass,
            _unqualified(options.get("collation")),
            _unqualified(options.get("canonical")),
            _unqualified(options.get("subtype_diff")),
        )
        self.builder.add_user_type(definition, line)

    # --- row-level security, policies and grants ---------------------------------------

    def create_policy(self, node: Node) -> None:
        """``CREATE POLICY``: kept on its table (docs/inputs.md, "Row-level security")."""
        table = self.builder.table(self.relation(node["table"]), self.line(node["table"]))
        name = node["policy_name"]
        where = f"policy {name} on {table.name}"
        policy = Policy(
            name,
            node.get("cmd_name", "all"),
            bool(node.get("permissive")),
            self.roles(node.get("roles", ()), where),
            None if "qual" not in node else self.policy_expression(node, "qual", f"USING of {where}"),
            None
            if "with_check" not in node
            else self.policy_expression(node, "with_check", f"WITH CHECK of {where}"),
        )
        self.builder.add_policy(table, policy, self.line(node["table"]))

    def alter_policy(self, node: Node) -> None:
        """``ALTER POLICY``: new roles, USING or WITH CHECK for a policy created above."""
        table = self.builder.table(self.relation(node["table"]), self.line(node["table"]))
        name = node["policy_name"]
        where = f"policy {name} on {table.name}"
        changes: dict[str, Any] = {}
        if "roles" in node:
            changes["roles"] = self.roles(node["roles"], where)
        if "qual" in node:
            changes["using"] = self.policy_expression(node, "qual", f"USING of {where}")
        if "with_check" in node:
            changes["check"] = self.policy_expression(node, "with_check", f"WITH CHECK of {where}")
        self.builder.alter_policy(table, name, self.line(node["table"]), **changes)

    def policy_expression(self, node: Node, key: str, where: str) -> str:
        """A policy's ``USING`` or ``WITH CHECK`` (``key``), its own table's columns unqualified
        outside subqueries (``docs.owner`` is ``owner``), as ``pg_get_expr`` prints them."""
        own = _own_columns(node[key], node["table"])
        table = self.builder.find_table(self.relation(node["table"]))
        if table is None:
            return self.expression(own, (key,), where)
        scope = [(node["table"]["relname"], {c.name for c in self.builder.columns_of(table)})]
        return self.expression(
            own, (key,), where, lambda tree: _qualify_sublinks(tree, scope, self.relation_columns)
        )

    def relation_columns(self, relation: Any) -> set[str] | None:
        """The column names of a table of the file a subquery reads (a pglast RangeVar); None
        for anything else."""
        table = self.builder.find_table(
            self.relation({"schemaname": relation.schemaname, "relname": relation.relname})
        )
        return None if table is None else {c.name for c in self.builder.columns_of(table)}

    def roles(self, specs: Sequence[Node], where: str) -> tuple[str, ...]:
        """Role names of ``TO``/``FROM`` clauses; ``public`` for PUBLIC."""
        found = []
        for item in specs:
            spec = item["RoleSpec"]
            kind = spec["roletype"]
            if kind == "ROLESPEC_PUBLIC":
                found.append(PUBLIC_ROLE)
            elif kind == "ROLESPEC_CSTRING":
                found.append(spec["rolename"])
            else:
                spoken = kind.removeprefix("ROLESPEC_").replace("_", " ")
                raise self.builder.error(
                    f"{where}: {spoken} names whoever runs the statement: name the role", self.line(spec)
                )
        return tuple(found)

    def grantees(self, specs: Sequence[Node]) -> tuple[tuple[str | None, str], ...]:
        """The roles of a grant's ``TO``/``FROM``, each with its spelling: ``public`` for PUBLIC,
        ``None`` for ``CURRENT_USER`` where that is whoever runs the file (the owner, unless named)."""
        found: list[tuple[str | None, str]] = []
        for item in specs:
            spec = item["RoleSpec"]
            if spec["roletype"] == "ROLESPEC_PUBLIC":
                found.append((PUBLIC_ROLE, "PUBLIC"))
            else:
                spoken = spec.get("rolename") or spec["roletype"].removeprefix("ROLESPEC_")
                found.append((self.spoken_role(spec, "GRANT"), spoken))
        return tuple(found)

    def grant_role(self, node: Node) -> None:
        """``GRANT role TO member`` / ``REVOKE role FROM member``: the memberships that tell whether a
        policy moved between roles reaches fewer (:attr:`Schema.memberships`); roles are not
        migrated, so the statement is still skipped. A member inherits unless ``WITH INHERIT
        FALSE`` (or made ``NOINHERIT`` above, PostgreSQL 16's default for its grants); a revoke of
        any option takes the membership (no more is known of it)."""
        inherit = {
            option["DefElem"]["defname"]: option["DefElem"]
            .get("arg", {})
            .get("Boolean", {})
            .get("boolval", False)
            for option in node.get("opt", ())
        }.get("inherit")
        for granted in node.get("granted_roles", ()):
            role = granted["AccessPriv"].get("priv_name")
            for item in node.get("grantee_roles", ()):
                member = item["RoleSpec"].get("rolename")
                if role is None or member is None:  # CURRENT_USER and the like: not known here
                    continue
                if node.get("is_grant"):
                    self.builder.memberships[member, role] = (
                        inherit if inherit is not None else member not in self.builder.noinherit
                    )
                else:
                    self.builder.memberships.pop((member, role), None)
        self.builder.skip(_SKIPPED["GrantRoleStmt"])

    def create_role(self, node: Node) -> None:
        """``CREATE ROLE`` (``USER``, ``GROUP``): the role's attributes, compared with the other
        file's (:attr:`Schema.roles`), never migrated; a ``NOINHERIT`` role's memberships granted
        after it inherit nothing unless the grant says so."""
        options = {o["DefElem"]["defname"]: o["DefElem"].get("arg") for o in node.get("options", ())}
        if "inherit" in options and not (options["inherit"] or {}).get("Boolean", {}).get("boolval", False):
            self.builder.noinherit.add(node["role"])
        login = (
            {"canlogin": {"Boolean": {"boolval": True}}} if node.get("stmt_type") == "ROLESTMT_USER" else {}
        )
        self.builder.roles[node["role"]] = RoleStatement(
            node["role"], _role_attributes({}, login | options), line=self.line(None)
        )
        self.builder.skip(_SKIPPED["CreateRoleStmt"])

    def alter_role(self, node: Node) -> None:
        """``ALTER ROLE r …`` / ``ALTER ROLE r SET …``: the role's attributes as the file leaves them
        (a role the file does not create is kept as altered)."""
        name = (node.get("role") or {}).get("rolename")  # no role node: ALTER ROLE ALL
        if name is None:  # ALTER ROLE CURRENT_USER / ALL: whoever runs the file, every role
            raise self.builder.error(
                "ALTER ROLE naming no role (CURRENT_USER, ALL) is not supported", self.line(None)
            )
        role = self.builder.roles.get(name) or RoleStatement(name, created=False, line=self.line(None))
        known = dict(attribute.split("=", 1) for attribute in role.attributes)
        if "setstmt" in node:
            setting = node["setstmt"]
            where = f" in database {node['database']}" if node.get("database") else ""
            if setting.get("kind") == "VAR_RESET_ALL":  # every setting of the role (in that database)
                known = {k: v for k, v in known.items() if not (k.startswith("set ") and k.endswith(where))}
                options = {}
            else:
                value = (
                    ", ".join(_setting_values(setting)) if setting.get("kind") == "VAR_SET_VALUE" else None
                )
                options = {f"set {setting.get('name')}{where}": value}
        else:
            dropping = node.get("action") == -1  # ALTER GROUP g DROP USER u
            options = {
                ("-" if dropping else "") + o["DefElem"]["defname"]: o["DefElem"].get("arg")
                for o in node.get("options", ())
            }
        self.builder.roles[name] = replace(role, attributes=_role_attributes(known, options))
        self.builder.skip(_SKIPPED["CreateRoleStmt"])

    def drop_role(self, node: Node) -> None:
        """``DROP ROLE``: the role is no longer the file's."""
        for item in node.get("roles", ()):
            self.builder.roles.pop(item["RoleSpec"].get("rolename"), None)
        self.builder.skip(_SKIPPED["CreateRoleStmt"])

    def set_role(self, node: Node) -> None:
        """``SET ROLE`` / ``SET SESSION AUTHORIZATION`` (pg_dump's way of writing a grant a role
        holding WITH GRANT OPTION made) and their ``RESET``: who grants what follows; else skipped."""
        name = node.get("name")
        if name in ("role", "session_authorization") or node.get("kind") == "VAR_RESET_ALL":
            args = node.get("args", ())
            value = (
                str(args[0]["A_Const"]["sval"]["sval"])
                if node.get("kind") == "VAR_SET_VALUE" and args
                else None
            )
            self.builder.others.role = None if value == "none" else value
        self.builder.skip(_SKIPPED["VariableSetStmt"])

    def change_owner(self, objtype: str, relation: Node, spec: Node) -> None:
        """``ALTER TABLE/VIEW/MATERIALIZED VIEW/SEQUENCE … OWNER TO role``: the owner of a relation
        the file makes (``ALTER TABLE`` names a view too); the privileges the new owner held on
        a table are its owner's own (:meth:`FileObjects.set_owner`)."""
        name = self.relation(relation)
        others = self.builder.others
        what = _OWNED_RELATIONS.get(objtype)
        if objtype == "OBJECT_TABLE" and name not in self.builder.tables:
            what = next(
                (k for k in ("view", "materialized view", "sequence") if (k, name) in others.objects), what
            )
            what = "sequence" if name in self.builder.sequences else what
        if what is None:
            self.builder.skip("ownership")
            return
        role = self.spoken_role(spec, "OWNER TO")
        try:
            others.set_owner(what, name, role, self.line(relation))
        except InputError as error:
            raise self.builder.error(error.reason, self.line(relation)) from None
        table = self.builder.tables.get(name) if what == "table" else None
        if table is None or role is None:
            return
        # PostgreSQL's ACL rewrite: what the new owner held from the owner is its own now, and the
        # grants it made are the owner's.
        for key in [k for k in table.grants if k[3] == role or (k[0] == role and k[3] is None)]:
            grantable = table.grants.pop(key)
            if key[0] == role:
                others.merge_own("table", name, {(key[1], key[2]): grantable})
            else:
                made = (*key[:3], None)
                table.grants[made] = table.grants.get(made, False) or grantable

    def spoken_role(self, spec: Node, where: str) -> str | None:
        """The role a role specification names (``None``: whoever runs the file), located."""
        try:
            return spoken_role(spec["roletype"], spec.get("rolename"), self.builder.others.role, where)
        except InputError as error:
            raise self.builder.error(error.reason, self.line(spec)) from None

    def alter_owner(self, node: Node) -> None:
        """``ALTER FUNCTION/PROCEDURE/SCHEMA/TYPE/DOMAIN … OWNER TO``: read as an object's owner."""
        if node.get("objectType") not in OWNER_STATEMENTS:  # an owner of what the model does not hold
            self.builder.skip("ownership")
            return
        line = self.lines.line(self.current.start) if self.current is not None else None
        try:
            self.builder.others.postgres_statement("AlterOwnerStmt", self.statement_text(), line)
        except InputError as error:
            raise self.builder.error(error.reason, line) from None

    def grant(self, node: Node) -> None:
        """``GRANT``/``REVOKE`` on tables defined above: the table's grants; any other grant
        (a sequence, a view, a schema, a function) stays an object outside the model."""
        relations = [item["RangeVar"] for item in node.get("objects", ()) if "RangeVar" in item]
        on_tables = node.get("objtype") == "OBJECT_TABLE" and node.get("targtype") == "ACL_TARGET_OBJECT"
        tables = [r for r in relations if self.relation(r) in self.builder.tables] if on_tables else []
        if len(tables) < len(node.get("objects", ())):
            assert self.current is not None
            line = self.lines.line(self.current.start)
            text = self.without_tables() if tables else self.statement_text()
            try:
                self.builder.others.postgres_statement("GrantStmt", text, line)
            except InputError as error:  # a function it names without arguments, not resolved
                raise self.builder.error(error.reason, line) from None
            if not tables:
                return
        relations = tables
        grantees = self.grantees(node.get("grantees", ()))
        grantor = (
            self.spoken_role(node["grantor"], "GRANTED BY") if "grantor" in node else self.builder.others.role
        )
        privileges: list[tuple[str, str | None]] = []
        for item in node.get("privileges", ()):
            privilege = item["AccessPriv"].get("priv_name", ALL_PRIVILEGES).upper()
            columns = [_string(c) for c in item["AccessPriv"].get("cols", ())]
            privileges += [(privilege, c) for c in columns] if columns else [(privilege, None)]
        for relation in relations:
            table = self.builder.table(self.relation(relation), self.line(relation))
            owner = self.builder.others.owners.get(table.name)
            for grantee, spec in grantees:
                if grantee == owner and grantor in (None, owner):  # the owner's own privileges
                    self.own_grant(node, table.name, privileges or [(ALL_PRIVILEGES, None)])
                    continue
                if grantee is None:
                    raise self.builder.error(
                        f"GRANT: {spec} names whoever runs the statement, not the owner of {table.name} "
                        f"({owner}): name the role",
                        self.line(relation),
                    )
                if node.get("is_grant"):
                    self.builder.grant(
                        table,
                        grantee,
                        privileges or [(ALL_PRIVILEGES, None)],
                        self.line(relation),
                        grantable=bool(node.get("grant_option")),
                        grantor=None if grantor == owner else grantor,
                    )
                else:
                    self.builder.revoke(
                        table,
                        grantee,
                        privileges or [(ALL_PRIVILEGES, None)],
                        only_option=bool(node.get("grant_option")),
                        grantor=None if grantor == owner else grantor,
                    )

    def without_tables(self) -> str:
        """The ``GRANT``/``REVOKE`` being read on its relations that are not tables of the file
        (``GRANT SELECT ON docs, ids``: the view ``ids``; the table's grant is the model's)."""
        from pglast.parser import parse_sql
        from pglast.stream import RawStream

        statement: Any = parse_sql(self.statement_text())[0].stmt
        statement.objects = tuple(
            o
            for o in statement.objects
            if self.relation({"schemaname": o.schemaname, "relname": o.relname}) not in self.builder.tables
        )
        return str(RawStream()(statement))

    def own_grant(self, node: Node, name: str, privileges: list[tuple[str, str | None]]) -> None:
        """``GRANT``/``REVOKE`` of a table's privileges to or from its owner: its own privileges
        (pg_dump's ``REVOKE ALL ON TABLE t FROM owner`` and the grants after it)."""
        expanded = {
            (p, c)
            for privilege, c in privileges
            for p in (
                (COLUMN_PRIVILEGES if c is not None else TABLE_PRIVILEGES)
                if privilege == ALL_PRIVILEGES
                else (privilege,)
            )
        }
        held = self.builder.others.own_held("table", name)
        apply_grant(held, expanded, grant=bool(node.get("is_grant")), option=bool(node.get("grant_option")))

    # --- expressions --------------------------------------------------------------

    def expression(self, node: Node, path: Path, where: str, rewrite: _Rewrite | None = None) -> str:
        """The canonical text of the expression at ``path`` (below the statement) in the tree,
        keeping the text printed from the tree for PostgreSQL DDL (``rewrite``: what the slow
        path does to pglast's tree of it first)."""
        text = self.text(node, path, rewrite)
        try:
            canonical = normalize_expression(text)
        except ExpressionError as error:
            raise self.builder.error(f"cannot read {where}: {error}", self.line(node)) from None
        return Spelled(canonical, absolute_timestamps(text))

    def default(
        self, node: Node, path: Path, where: str, line: int | None, column_type: ColumnType
    ) -> str | None:
        """A default of a column (or domain) of ``column_type``: ``None`` where PostgreSQL keeps
        none (a NULL it cooks to a bare NULL constant)."""
        text = self.text(node, path)
        try:
            stored = self.stores_null(node, column_type)
            canonical = normalize_default(text, stored=stored)
            return keep_spelling(_unqualified_sequence(canonical), absolute_timestamps(text))
        except ExpressionError as error:
            raise self.builder.error(f"cannot read the default of {where}: {error}", line) from None

    def stores_null(self, node: Node, column_type: ColumnType) -> bool:
        """Whether PostgreSQL stores ``node``, when it is a NULL, as the default of a column of
        ``column_type``: it drops a default that cooks to a bare NULL constant
        (AddRelationNewConstraints), and keeps one a domain, a length coercion (varchar(n),
        numeric(p,s), char, bit, timestamp(p)…) or a cast to another type wraps."""
        constant = self.null_constant(node)
        if constant is None or self.is_domain(column_type):
            return True
        if constant == _UNTYPED:
            return _coerces_length(column_type)
        same = (constant.name, constant.array_dims) == (column_type.name, column_type.array_dims)
        return not same or column_type.modifier not in {(), constant.modifier}

    def null_constant(self, node: Node) -> ColumnType | None:
        """The type of the NULL constant that ``node`` (a NULL, or casts of one) cooks to
        (:data:`_UNTYPED` for a bare NULL); ``None``: not a constant (a cast that coerces)."""
        if node.get("A_Const", {}).get("isnull"):
            return _UNTYPED
        cast = node.get("TypeCast")
        if cast is None:
            return None
        inner = self.null_constant(cast["arg"])
        if inner is None:
            return None
        target = self.column_type(cast["typeName"], "a cast")[0]
        if self.is_domain(target):
            return None
        if inner == _UNTYPED:
            return None if _coerces_length(target) else target
        return None if self.stores_null(cast["arg"], target) else target

    def is_domain(self, column_type: ColumnType) -> bool:
        found = self.builder.user_types.get(column_type.name)
        return column_type.array_dims == 0 and found is not None and isinstance(found[0], Domain)

    def text(self, node: Node, path: Path, rewrite: _Rewrite | None = None) -> str:
        try:
            return print_expression(node)
        except _Unprintable:
            return self.deparse((*path, "raw_expr") if path[-1] == "Constraint" else path, rewrite)

    def deparse(self, path: Path, rewrite: _Rewrite | None = None) -> str:
        """The slow path: pglast's own deparser on the object tree of this one statement."""
        from pglast.parser import parse_sql

        node: Any = parse_sql(self.statement_text())[0].stmt
        for step in path:
            if isinstance(step, int):
                node = node[step]
            elif not step[:1].isupper():  # node-kind wrappers have no object of their own
                node = getattr(node, f"{step}_" if keyword.iskeyword(step) else step)
        if rewrite is not None:
            rewrite(node)
        return str(_stream()()(node))


@lru_cache(maxsize=1)
def _stream() -> type[Any]:
    """pglast's deparser, writing NORMALIZE(x, form) and (x IS form NORMALIZED) as they were
    written: grammar that PostgreSQL stores, and prints back, unlike the calls pglast writes."""
    from pglast import enums
    from pglast.printers import sfuncs
    from pglast.stream import RawStream

    def is_normalized(node: Any, output: Any) -> None:
        output.write("(")
        sfuncs.is_normalized(node, output)
        output.write(")")

    grammar = {"pg_catalog.normalize": sfuncs.normalize, "pg_catalog.is_normalized": is_normalized}

    class Stream(RawStream):
        def get_printer_for_function(self, name: str, node: Any = None) -> Any:
            if (
                name in grammar
                and node is not None
                and node.funcformat == enums.CoercionForm.COERCE_SQL_SYNTAX
                and sfuncs.can_use_special_syntax(grammar[name], node)
            ):
                return grammar[name]
            return super().get_printer_for_function(name, node)

    return Stream


# A role's attributes at PostgreSQL's default (CREATE ROLE's documentation), left out of its
# RoleStatement: CREATE ROLE r NOLOGIN is CREATE ROLE r.
_ROLE_DEFAULTS = {
    "superuser": "false",
    "createdb": "false",
    "createrole": "false",
    "inherit": "true",
    "canlogin": "false",
    "isreplication": "false",
    "bypassrls": "false",
    "connectionlimit": "-1",
}


def _role_option(arg: Node | None) -> str | None:
    """A role option's value as text: as a storage parameter's, a list of roles (``IN ROLE a, b``)
    by their names, sorted."""
    if arg is not None and "List" in arg:
        return ", ".join(
            sorted(str(item["RoleSpec"].get("rolename")) for item in arg["List"].get("items", ()))
        )
    return _option_value({"arg": arg})


def _setting_values(setting: Node) -> list[str]:
    """The values of ``ALTER ROLE … SET name = value, …``."""
    values = []
    for arg in setting.get("args", ()):
        try:
            values.append(_constant_text(arg.get("A_Const", {})))
        except ValueError:  # not a constant: the node, where it stands in the file left out
            values.append(json.dumps(_without_locations(arg), sort_keys=True))
    return values


def _without_locations(node: Any) -> Any:
    """A parse-tree node without its ``location`` fields (offsets in the file, not meaning)."""
    if isinstance(node, dict):
        return {k: _without_locations(v) for k, v in node.items() if k != "location"}
    if isinstance(node, list | tuple):
        return [_without_locations(v) for v in node]
    return node


def _role_attributes(known: dict[str, str], options: dict[str, Any]) -> tuple[str, ...]:
    """``known`` (``name`` → value) with ``options`` applied, as sorted ``name=value``, defaults left
    out. An option given a value that is no parse-tree node (a setting's text) is taken as written;
    ``None`` removes it (``ALTER ROLE … RESET``)."""
    merged = dict(known)
    for name, arg in options.items():
        value = arg if isinstance(arg, str) or arg is None else _role_option(arg)
        if name == "password" and value is not None:  # compared, never shown
            value = "sha256:" + hashlib.sha256(value.encode()).hexdigest()[:12]
        if value is None or _ROLE_DEFAULTS.get(name) == value:
            merged.pop(name, None)
        else:
            merged[name] = value
    return tuple(f"{name}={value}" for name, value in sorted(merged.items()))


_Handler = Callable[[_PostgresReader, Node], None]
_HANDLERS: dict[str, _Handler] = {
    "RenameStmt": _PostgresReader.rename,
    "CreateStmt": _PostgresReader.create_table,
    "AlterTableStmt": _PostgresReader.alter_table,
    "IndexStmt": _PostgresReader.create_index,
    "CreateEnumStmt": _PostgresReader.create_enum,
    "AlterEnumStmt": _PostgresReader.alter_enum,
    "AlterObjectSchemaStmt": _PostgresReader.set_schema,
    "CreateSchemaStmt": _PostgresReader.create_schema,
    "CreateDomainStmt": _PostgresReader.create_domain,
    "CompositeTypeStmt": _PostgresReader.create_composite,
    "CreateRangeStmt": _PostgresReader.create_range,
    "DefineStmt": _PostgresReader.define,
    "CreateSeqStmt": _PostgresReader.create_sequence,
    "AlterSeqStmt": _PostgresReader.alter_sequence,
    "CreatePolicyStmt": _PostgresReader.create_policy,
    "AlterPolicyStmt": _PostgresReader.alter_policy,
    "GrantStmt": _PostgresReader.grant,
    "GrantRoleStmt": _PostgresReader.grant_role,
    "CreateRoleStmt": _PostgresReader.create_role,
    "AlterRoleStmt": _PostgresReader.alter_role,
    "AlterRoleSetStmt": _PostgresReader.alter_role,
    "DropRoleStmt": _PostgresReader.drop_role,
    "AlterOwnerStmt": _PostgresReader.alter_owner,
    "VariableSetStmt": _PostgresReader.set_role,
    "DropStmt": _PostgresReader.drop,
    "DoStmt": _PostgresReader.do_block,
}
_CREATES_TYPE = re.compile(r"^\s*CREATE\s+(?:TYPE|DOMAIN)\b", re.I)
_GUARD = re.compile(r"^\s*NOT\s+EXISTS\s*\(", re.I)


def _type_creations(body: Sequence[Node]) -> list[str] | None:
    """The ``CREATE TYPE`` / ``CREATE DOMAIN`` queries of a DO block's body, each alone, under
    ``IF NOT EXISTS (…) THEN`` or in an inner block (with its exception handlers); ``None`` when
    the block does anything else."""
    queries: list[str] = []
    for item in body:
        ((kind, statement),) = item.items()
        if kind == "PLpgSQL_stmt_execsql":
            query = statement["sqlstmt"]["PLpgSQL_expr"]["query"]
            if not _CREATES_TYPE.match(query):
                return None
            queries.append(query)
        elif kind == "PLpgSQL_stmt_block":  # BEGIN … EXCEPTION WHEN duplicate_object …: its body runs
            inner = _type_creations(statement.get("body", ()))
            if inner is None:
                return None
            queries.extend(inner)
        elif kind == "PLpgSQL_stmt_if":
            condition = statement["cond"]["PLpgSQL_expr"]["query"]
            if statement.get("elsif_list") or statement.get("else_body") or not _GUARD.match(condition):
                return None
            inner = _type_creations(statement.get("then_body", ()))
            if inner is None:
                return None
            queries.extend(inner)
        elif kind != "PLpgSQL_stmt_return" or statement:
            return None
    return queries


def _shifted(node: Any, offset: int) -> Any:
    """A parse tree of a statement read on its own, its locations moved ``offset`` bytes on (to
    where the statement stands in the file)."""
    if isinstance(node, dict):
        return {
            key: value + offset
            if key in {"location", "stmt_location"} and isinstance(value, int) and value >= 0
            else _shifted(value, offset)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_shifted(item, offset) for item in node]
    return node


# DROP statements' object kinds → how the builder (and its messages) name them.
_DROPPED = {
    "OBJECT_TABLE": "table",
    "OBJECT_FOREIGN_TABLE": "table",
    "OBJECT_VIEW": "view",
    "OBJECT_MATVIEW": "materialized view",
    "OBJECT_INDEX": "index",
    "OBJECT_SEQUENCE": "sequence",
    "OBJECT_TYPE": "type",
    "OBJECT_DOMAIN": "type",
    "OBJECT_FUNCTION": "function",
    "OBJECT_PROCEDURE": "procedure",
    "OBJECT_TRIGGER": "trigger",
    "OBJECT_POLICY": "policy",
    "OBJECT_SCHEMA": "schema",
}
# ALTER TABLE's row-level security switches → the table's field and its value.
_ROW_SECURITY: dict[str, tuple[str, bool]] = {
    "AT_EnableRowSecurity": ("row_security", True),
    "AT_DisableRowSecurity": ("row_security", False),
    "AT_ForceRowSecurity": ("force_row_security", True),
    "AT_NoForceRowSecurity": ("force_row_security", False),
}
# A column constraint's DEFERRABLE clauses come as constraints of their own after it.
_DEFERRAL: dict[str, dict[str, bool]] = {
    "CONSTR_ATTR_DEFERRABLE": {"deferrable": True},
    "CONSTR_ATTR_NOT_DEFERRABLE": {"deferrable": False},
    "CONSTR_ATTR_DEFERRED": {"deferrable": True, "initdeferred": True},
    "CONSTR_ATTR_IMMEDIATE": {"initdeferred": False},
}


def _type_model_name(names: list[str]) -> str:
    """A type's model name: ``public`` dropped, any other schema kept as a prefix."""
    return ".".join(names[1:] if names[0] == "public" and len(names) > 1 else names)


_RANGE_OPTIONS = frozenset(
    {"subtype", "subtype_opclass", "collation", "canonical", "subtype_diff", "multirange_type_name"}
)


def _unqualified(names: list[str] | None) -> str | None:
    """An object's name as the model keeps it (a collation, a range type's functions),
    ``pg_catalog`` and ``public`` dropped, case kept."""
    if not names:
        return None
    return ".".join(names[1:] if len(names) > 1 and names[0] in {"pg_catalog", "public"} else names)


def _domain_check_name(domain: str, taken: set[str]) -> str:
    """The name PostgreSQL gives an unnamed domain check: ``<domain>_check``, then a number."""
    bare = domain.rpartition(".")[2]
    for number in itertools.count():
        name = object_name(bare, None, f"check{number or ''}")
        if name not in taken:
            return name
    raise AssertionError("unreachable")


def _collation(clause: Node | None) -> str | None:
    """A column's ``COLLATE`` as the model names it: its schema dropped where it is
    ``pg_catalog`` or ``public``, its case kept (``"C"``)."""
    return None if clause is None else _unqualified([_string(n) for n in clause.get("collname", ())])


_PARTITION_SUBCOMMANDS = frozenset(
    {"AT_AttachPartition", "AT_DetachPartition", "AT_AddInherit", "AT_DropInherit"}
)


@lru_cache(maxsize=1)
def _quoted_words() -> frozenset[str]:
    """The key words quote_ident quotes: all but the unreserved ones."""
    from pglast.keywords import COL_NAME_KEYWORDS, RESERVED_KEYWORDS, TYPE_FUNC_NAME_KEYWORDS

    return frozenset(RESERVED_KEYWORDS | COL_NAME_KEYWORDS | TYPE_FUNC_NAME_KEYWORDS)


def _catalog_identifier(name: str) -> str:
    """A name as PostgreSQL's quote_ident prints it: bare where it can be."""
    if re.fullmatch(r"[a-z_][a-z0-9_$]*", name) and name not in _quoted_words():
        return name
    return '"' + name.replace('"', '""') + '"'


def _constant_text(constant: Node) -> str:
    """An A_Const's value as written."""
    for kind, field_name in (("ival", "ival"), ("fval", "fval"), ("sval", "sval"), ("boolval", "boolval")):
        if kind in constant:
            value = constant[kind].get(field_name, 0 if kind == "ival" else False)
            return str(value).lower() if isinstance(value, bool) else str(value)
    raise ValueError(constant)


# The type of a NULL written without a cast: PostgreSQL's unknown.
_UNTYPED = ColumnType("unknown")


def _coerces_length(column_type: ColumnType) -> bool:
    """Whether a value is fitted to ``column_type`` by a length coercion function (varchar(n),
    numeric(p,s)…): an interval's input function applies its modifier itself."""
    return bool(column_type.modifier) and not column_type.name.startswith("interval")


_INTEGERS = frozenset({"smallint", "integer", "bigint"})
# A date or timestamp in ISO order (PostgreSQL reads others too: those are kept as written).
_MOMENT = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def _bound_literal(text: str, column_type: ColumnType) -> str:
    """A bound value as pg_get_expr prints it for a key of ``column_type`` (ruleutils'
    get_const_expr): the type's output text, bare only for a non-negative integer and a
    numeric that reads as a float constant (a digit first, a point or exponent in it); dates
    and timestamps in ISO form; everything else a quoted string."""
    name = column_type.name
    if column_type.array_dims == 0 and name in _INTEGERS:
        value = int(text)
        return str(value) if name == "integer" and value >= 0 else f"'{value}'"
    if column_type.array_dims == 0 and name == "numeric":
        shown = numeric_text(text, column_type.params)
        return shown if shown[0].isdigit() and "." in shown else f"'{shown}'"
    moment = _MOMENT.fullmatch(text.strip())
    if column_type.array_dims == 0 and name in {"date", "timestamp"} and moment:
        year, month, day, hour, minute, second = (int(part or 0) for part in moment.groups())
        stamp = datetime.datetime(year, month, day, hour, minute, second)  # ValueError: not a date
        text = stamp.date().isoformat() if name == "date" else stamp.isoformat(" ")
    elif column_type.array_dims == 0 and name == "boolean":
        return "true" if text.lower() in {"true", "t", "yes", "on", "1"} else "false"
    return "'" + text.replace("'", "''") + "'"


_STORAGE_SUBCOMMANDS = frozenset({"AT_SetRelOptions", "AT_ResetRelOptions"})


def _option_value(option: Node) -> str | None:
    """A storage parameter's value as PostgreSQL keeps it (``defGetString``): a number or word
    as written, a string's text, ``true`` when none is written."""
    arg = option.get("arg")
    if arg is None:
        return "true"
    ((kind, body),) = arg.items()
    if kind == "Integer":
        return str(body.get("ival", 0))
    if kind == "Float":
        return str(body["fval"])
    if kind == "String":
        return str(body.get("sval", ""))
    if kind == "Boolean":
        return "true" if body.get("boolval") else "false"
    if kind == "TypeName":
        return ".".join(_string(n) for n in body.get("names", ()))
    return None


def _deferral(node: Node) -> dict[str, bool]:
    return {"deferrable": bool(node.get("deferrable")), "initially_deferred": bool(node.get("initdeferred"))}


def _key_options(node: Node) -> dict[str, Any]:
    """A primary key's INCLUDE columns, DEFERRABLE state and WITHOUT OVERLAPS."""
    return {
        "include": tuple(_string(k) for k in node.get("including", ())),
        "without_overlaps": bool(node.get("without_overlaps")),
        **_deferral(node),
    }


def _unique_options(node: Node) -> dict[str, Any]:
    return {**_key_options(node), "nulls_not_distinct": bool(node.get("nulls_not_distinct"))}


def _valid(node: Node) -> bool:
    """False for ``NOT VALID`` added to an existing table (CREATE TABLE checks its rows, none, at once)."""
    return bool(node.get("initially_valid")) or not node.get("skip_validation")


_SEQUENCE_NUMBERS = frozenset({"start", "increment", "minvalue", "maxvalue", "cache"})


def _number(node: Node) -> int:
    """An integer option: ``Integer`` (0 is written without its ``ival``), or ``Float`` past 32 bits."""
    if "Float" in node:
        return int(node["Float"]["fval"])
    return int(node.get("Integer", {}).get("ival", 0))


@lru_cache(maxsize=1024)
@lru_cache(maxsize=4096)  # a schema repeats a few type spellings thousands of times
def _resolve_type(
    names: tuple[str, ...], params: tuple[int, ...], dims: int
) -> tuple[ColumnType, str | None]:
    """The model type of a parsed type name; ``serial`` also names the integer type it stands for."""
    serial = _SERIALS.get(names[-1]) if len(names) == 1 else None
    if serial is not None:
        return ColumnType(serial, (), dims), serial
    if names[-1] == "interval" and params:
        # The first modifier is the field mask (all fields: no restriction), then the precision.
        fields = INTERVAL_FIELDS.get(params[0])
        names, params = (*names[:-1], f"interval {fields}") if fields else names, params[1:]
    # PostgreSQL reads integer[][] and integer[3] as integer[]: arrays have no declared dimensions.
    return normalize_type(".".join(names), params, min(dims, 1)), None


def _string(node: Node) -> str:
    return str(node["String"]["sval"])


_FIXED_NAMES = {
    "A_ArrayExpr": "array",
    "CoalesceExpr": "coalesce",
    "RowExpr": "row",
    "GroupingFunc": "grouping",
    "XmlSerialize": "xmlserialize",
}


def figure_name(node: Node) -> str | None:
    """The name PostgreSQL gives an expression (``FigureColname``), as used in index names.

    ``lower(email)`` is ``lower``, ``(price::int)`` is ``price``, ``(a + 1)::text`` is
    ``text``; an expression without one (an operator) is ``None``, which PostgreSQL
    spells ``expr``.
    """
    name, _ = _figure(node)
    return name


def _figure(node: Node) -> tuple[str | None, int]:
    """``FigureColnameInternal``: a name and how strongly the expression suggests it (0-2)."""
    ((kind, body),) = node.items()
    if kind == "ColumnRef":
        names = [_string(f) for f in body.get("fields", ()) if "String" in f]
        return (names[-1], 2) if names else (None, 0)
    if kind == "A_Indirection":  # the last field selected, else what is subscripted
        fields = [_string(step) for step in body.get("indirection", ()) if "String" in step]
        return (fields[-1], 2) if fields else _figure(body["arg"])
    if kind == "FuncCall":
        return _string(body["funcname"][-1]), 2
    if kind == "A_Expr":
        return ("nullif", 2) if body.get("kind") == "AEXPR_NULLIF" else (None, 0)
    if kind == "TypeCast":
        name, strength = _figure(body["arg"])
        if strength <= 1:
            return _string(body["typeName"]["names"][-1]), 1
        return name, strength
    if kind == "CollateClause":
        return _figure(body["arg"])
    if kind == "CaseExpr":
        name, strength = _figure(body["defresult"]) if body.get("defresult") else (None, 0)
        return (name, strength) if strength > 1 else ("case", 1)
    if kind == "MinMaxExpr":
        return ("greatest" if body.get("op") == "IS_GREATEST" else "least"), 2
    if kind == "SQLValueFunction":
        keyword_text = _SQL_VALUES.get(body.get("op", ""))
        return (keyword_text.lower(), 2) if keyword_text else (None, 0)
    if kind == "SubLink":
        link = body.get("subLinkType")
        if link == "EXISTS_SUBLINK":
            return "exists", 2
        if link == "ARRAY_SUBLINK":
            return "array", 2
        return None, 0
    if kind in _FIXED_NAMES:
        return _FIXED_NAMES[kind], 2
    return None, 0


def _describe(kind: str) -> str:
    """``CONSTR_EXCLUSION`` → ``exclusion constraint``, ``TableLikeClause`` → ``table like clause``."""
    if kind.startswith("CONSTR_"):
        return kind.removeprefix("CONSTR_").lower().replace("_", " ") + " constraint"
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", kind).replace("_", " ")
    return words.lower()


def _ordering(element: Node) -> tuple[bool, bool]:
    """(descending, NULLs first) of an index key; NULLs sort first by default when descending."""
    descending = element.get("ordering") == "SORTBY_DESC"
    nulls = element.get("nulls_ordering", "SORTBY_NULLS_DEFAULT")
    if nulls == "SORTBY_NULLS_DEFAULT":
        return descending, descending
    return descending, nulls == "SORTBY_NULLS_FIRST"


def _catalog_name(element: Node, field: str) -> str | None:
    """An index key's collation or operator class name, its schema dropped where it is
    ``pg_catalog`` or ``public`` (as the introspection writes it)."""
    names = [_string(node) for node in element.get(field, ())]
    if len(names) > 1 and names[0] in {"pg_catalog", "public"}:
        names = names[1:]
    return ".".join(names) or None


def _column_refs(node: Any) -> Iterator[Node]:
    """Column references in the order PostgreSQL's tree walk meets them."""
    if isinstance(node, dict):
        if "ColumnRef" in node and isinstance(node["ColumnRef"], dict):
            fields = node["ColumnRef"].get("fields", ())
            if fields and "String" in fields[-1]:
                yield node["ColumnRef"]
            return
        for value in node.values():
            yield from _column_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _column_refs(value)


_SEQUENCE_CALL = re.compile(r"^NEXTVAL\('public\.")


def _unqualified_sequence(default: str | None) -> str | None:
    """``nextval('public.s'::regclass)`` as pg_dump writes it reads as the catalog prints it."""
    return None if default is None else _SEQUENCE_CALL.sub("NEXTVAL('", default)


# --- the fast expression printer ------------------------------------------------------


def _own_columns(node: Any, relation: Node) -> Any:
    """``node`` (a JSON parse tree, copied) with the columns qualified by ``relation``
    (``t.c``, ``public.t.c``) unqualified; a subquery (``SubLink``) is kept as written, since
    another relation there may take the bare name."""
    if isinstance(node, list):
        return [_own_columns(item, relation) for item in node]
    if not isinstance(node, dict):
        return node
    fields = node.get("ColumnRef", {}).get("fields")
    if fields and all("String" in f for f in fields) and len(fields) in (2, 3):
        names = [f["String"]["sval"] for f in fields]
        schema = relation.get("schemaname") or "public"
        if names[-2] == relation["relname"] and (len(names) == 2 or names[0] == schema):
            return {"ColumnRef": {**node["ColumnRef"], "fields": fields[-1:]}}
    return {key: value if key == "SubLink" else _own_columns(value, relation) for key, value in node.items()}


_Scope = list[
    tuple[str, set[str]]
]  # (the name a column is qualified with, the relation's columns), innermost first
_Rewrite = Callable[[Any], None]


def _qualify_sublinks(node: Any, scope: _Scope, columns: Callable[[Any], set[str] | None]) -> None:
    """In pglast's tree ``node``, the bare columns of each subquery qualified by the relation
    each resolves to (the subquery's own tables first, then the policy's table), as
    ``pg_get_expr`` prints a policy: ``(SELECT accounts.owner FROM accounts WHERE
    account_user.account_id = accounts.id)``. A subquery reading anything but the file's
    tables is left as written."""
    if type(node).__name__ == "SubLink":
        _qualify_sublink(node, scope, columns)
        return
    for child in _children(node):
        _qualify_sublinks(child, scope, columns)


def _qualify_sublink(sublink: Any, scope: _Scope, columns: Callable[[Any], set[str] | None]) -> None:
    select = sublink.subselect
    inner = _from_scope(select, columns) if type(select).__name__ == "SelectStmt" else None
    if inner is not None:
        _qualify_columns(select, [*inner, *scope], columns)


def _children(node: Any) -> list[Any]:
    """The tree nodes directly below a pglast node (through lists)."""
    found = []
    for name in getattr(type(node), "__slots__", ()):
        value = getattr(node, name, None)
        for item in value if isinstance(value, tuple | list) else (value,):
            if hasattr(type(item), "__slots__") and type(item).__module__ == "pglast.ast":
                found.append(item)
    return found


def _from_scope(select: Any, columns: Callable[[Any], set[str] | None]) -> _Scope | None:
    found: _Scope = []
    if select.op.name != "SETOP_NONE":
        return None
    for item in select.fromClause or ():
        names = columns(item) if type(item).__name__ == "RangeVar" else None
        if names is None:
            return None
        found.append((item.alias.aliasname if item.alias else item.relname, names))
    return found


def _qualify_columns(node: Any, scope: _Scope, columns: Callable[[Any], set[str] | None]) -> None:
    """The bare columns below ``node`` (of a subquery) qualified by the relation of ``scope``
    each resolves to."""
    for child in _children(node):
        _qualify_column(child, scope, columns)


def _qualify_column(node: Any, scope: _Scope, columns: Callable[[Any], set[str] | None]) -> None:
    from pglast import ast

    kind = type(node).__name__
    if kind == "SubLink":
        if node.testexpr is not None:  # x IN (SELECT …): x is of the query around it
            _qualify_column(node.testexpr, scope, columns)
        _qualify_sublink(node, scope, columns)
    elif kind == "ColumnRef" and len(node.fields) == 1 and type(node.fields[0]).__name__ == "String":
        name = node.fields[0].sval
        owner = next((qualifier for qualifier, names in scope if name in names), None)
        if owner is not None:
            node.fields = (ast.String(sval=owner), *node.fields)
    elif kind != "RangeVar":
        _qualify_columns(node, scope, columns)


def print_expression(node: Node) -> str:
    """SQL text for a parse-tree expression, fully parenthesised; raises ``_Unprintable``."""
    ((kind, body),) = node.items()
    printer = _PRINTERS.get(kind)
    if printer is None:
        raise _Unprintable(kind)
    return printer(body)


def _quote_identifier(name: str) -> str:
    return name if re.fullmatch(r"[a-z_][a-z0-9_$]*", name) else '"' + name.replace('"', '""') + '"'


def _quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _constant(body: Node) -> str:
    if body.get("isnull"):
        return "NULL"
    if "ival" in body:
        return str(body["ival"].get("ival", 0))
    if "fval" in body:
        return str(body["fval"]["fval"])
    if "sval" in body:
        return _quote_literal(body["sval"].get("sval", ""))
    if "boolval" in body:
        return "TRUE" if body["boolval"].get("boolval") else "FALSE"
    if "bsval" in body:  # B'0101' and X'F' are stored, and printed back, as '0101' and '1111'
        text = body["bsval"]["bsval"]
        if text[:1] == "x":
            return _quote_literal("".join(f"{int(digit, 16):04b}" for digit in text[1:]))
        return _quote_literal(text[1:])
    raise _Unprintable("A_Const")


def _type_name(node: Node) -> str:
    if node.get("typmods") or node.get("pct_type"):
        raise _Unprintable("TypeName")
    names = tuple(_string(n) for n in node.get("names", ()))
    return _spelled_type(names, len(node.get("arrayBounds", ())))


@lru_cache(maxsize=256)
def _spelled_type(names: tuple[str, ...], dims: int) -> str:
    """A cast's type as the model spells it, but ``bpchar``: without a length it is a blank-padded
    string of any length, and ``char`` is ``char(1)`` (``'JPN'::bpchar`` is ``JPN``, ``'JPN'::char``
    is ``J``); the catalog prints it ``bpchar``."""
    if names and names[-1].lower() == "bpchar":
        return "bpchar" + "[]" * dims
    return str(normalize_type(".".join(names), (), dims))


def _cast(body: Node) -> str:
    return f"CAST({print_expression(body['arg'])} AS {_type_name(body['typeName'])})"


def _column_ref(body: Node) -> str:
    parts = []
    for field in body["fields"]:
        if "A_Star" in field:
            raise _Unprintable("A_Star")
        parts.append(_quote_identifier(_string(field)))
    return ".".join(parts)


def _arguments(nodes: Sequence[Node]) -> str:
    return ", ".join(print_expression(n) for n in nodes)


def _function(body: Node) -> str:
    names = [_string(n) for n in body["funcname"]]
    args = body.get("args", ())
    if (
        body.get("funcformat") == "COERCE_SQL_SYNTAX"
        and names == ["pg_catalog", "timezone"]
        and len(args) == 2
    ):
        return f"({print_expression(args[1])} AT TIME ZONE {print_expression(args[0])})"
    if (
        body.get("funcformat") == "COERCE_SQL_SYNTAX"
        and names == ["pg_catalog", "overlaps"]
        and len(args) == 4
    ):
        # pglast's deparser writes the call, which PostgreSQL stores (and dumps) as another expression.
        first, second = _arguments(args[:2]), _arguments(args[2:])
        return f"(({first}) OVERLAPS ({second}))"
    if body.get("funcformat") == "COERCE_SQL_SYNTAX" and names == ["pg_catalog", "normalize"]:
        # NORMALIZE(x, NFKC) is grammar: pglast's deparser writes pg_catalog.normalize(x, 'NFKC'),
        # a plain call to PostgreSQL, stored and printed unlike the catalog's NORMALIZE(x, NFKC).
        form = [str(arg["A_Const"]["sval"]["sval"]) for arg in args[1:]]
        return f"NORMALIZE({', '.join([print_expression(args[0]), *form])})"
    if body.get("funcformat") == "COERCE_SQL_SYNTAX" and names == ["pg_catalog", "is_normalized"]:
        # x IS NFC NORMALIZED, grammar too: printed as PostgreSQL prints it back (pglast's deparser
        # writes the call, which PostgreSQL stores as a call).
        form = [str(arg["A_Const"]["sval"]["sval"]) for arg in args[1:]]
        return f"({' '.join([print_expression(args[0]), 'IS', *form, 'NORMALIZED'])})"
    if body.get("funcformat") not in (None, "COERCE_EXPLICIT_CALL") or any(
        body.get(key) for key in ("agg_order", "agg_filter", "over", "agg_within_group", "func_variadic")
    ):
        raise _Unprintable("FuncCall")
    if names[0] == "pg_catalog":
        names = names[1:]
    name = ".".join(_quote_identifier(n) for n in names)
    if body.get("agg_star"):
        return f"{name}(*)"
    distinct = "DISTINCT " if body.get("agg_distinct") else ""
    return f"{name}({distinct}{_arguments(args)})"


def _indirection(body: Node) -> str:
    """Subscripts and field selections: ``tags[1]``, ``tags[1:2]``, ``(address).city``."""
    arg: Node = body["arg"]
    steps: list[Node] = body.get("indirection", ())
    text = print_expression(arg)
    if "ColumnRef" not in arg or any("String" in step for step in steps):
        text = f"({text})"
    for step in steps:
        if "String" in step:
            text += "." + _quote_identifier(_string(step))
            continue
        if "A_Indices" not in step:
            raise _Unprintable("A_Indirection")
        indices = step["A_Indices"]
        upper = print_expression(indices["uidx"]) if indices.get("uidx") else ""
        if indices.get("is_slice"):
            lower = print_expression(indices["lidx"]) if indices.get("lidx") else ""
            text += f"[{lower}:{upper}]"
        else:
            text += f"[{upper}]"
    return text


_SQL_VALUES = {
    "SVFOP_CURRENT_DATE": "CURRENT_DATE",
    "SVFOP_CURRENT_TIME": "CURRENT_TIME",
    "SVFOP_CURRENT_TIMESTAMP": "CURRENT_TIMESTAMP",
    "SVFOP_LOCALTIME": "LOCALTIME",
    "SVFOP_LOCALTIMESTAMP": "LOCALTIMESTAMP",
    "SVFOP_CURRENT_ROLE": "CURRENT_ROLE",
    "SVFOP_CURRENT_USER": "CURRENT_USER",
    "SVFOP_USER": "USER",
    "SVFOP_SESSION_USER": "SESSION_USER",
    "SVFOP_CURRENT_CATALOG": "CURRENT_CATALOG",
    "SVFOP_CURRENT_SCHEMA": "CURRENT_SCHEMA",
}


def _sql_value(body: Node) -> str:
    keyword_text = _SQL_VALUES.get(body.get("op", ""))
    if keyword_text is None or body.get("typmod", -1) not in (-1, None):
        raise _Unprintable("SQLValueFunction")
    return keyword_text


def _operator(body: Node) -> str:
    names = [_string(n) for n in body.get("name", ())]
    if len(names) == 2 and names[0] == "pg_catalog":
        return names[1]  # OPERATOR(pg_catalog.>) is the built-in >
    if len(names) != 1:
        raise _Unprintable("A_Expr")  # OPERATOR(schema.op)
    return names[0]


def _items(node: Node) -> list[Node]:
    if "List" in node:
        return list(node["List"].get("items", ()))
    return [node]


_LIKE = {"~~": "LIKE", "!~~": "NOT LIKE", "~~*": "ILIKE", "!~~*": "NOT ILIKE"}
# BETWEEN as written: PostgreSQL's parser expands it into comparisons (transformAExprBetween),
# and so does the canonical text (expressions._as_stored), so that it compares with the catalog's.
_BETWEEN = {
    "AEXPR_BETWEEN": "BETWEEN",
    "AEXPR_NOT_BETWEEN": "NOT BETWEEN",
    "AEXPR_BETWEEN_SYM": "BETWEEN SYMMETRIC",
    "AEXPR_NOT_BETWEEN_SYM": "NOT BETWEEN SYMMETRIC",
}


def _a_expr(body: Node) -> str:
    kind = body["kind"]
    operator = _operator(body)
    right: Node = body["rexpr"]
    left: Node = body.get("lexpr", {})
    if kind == "AEXPR_OP":
        if not left:
            return f"({operator} {print_expression(right)})"
        return f"({print_expression(left)} {operator} {print_expression(right)})"
    if kind in {"AEXPR_OP_ANY", "AEXPR_OP_ALL"}:
        quantifier = "ANY" if kind == "AEXPR_OP_ANY" else "ALL"
        return f"({print_expression(left)} {operator} {quantifier}({print_expression(right)}))"
    if kind == "AEXPR_IN":
        negated = "NOT IN" if operator == "<>" else "IN"
        return f"({print_expression(left)} {negated} ({_arguments(_items(right))}))"
    if kind in {"AEXPR_LIKE", "AEXPR_ILIKE"} and operator in _LIKE:
        return f"({print_expression(left)} {_LIKE[operator]} {print_expression(right)})"
    if kind in _BETWEEN:
        low, high = _items(right)
        bounds = f"{print_expression(low)} AND {print_expression(high)}"
        return f"({print_expression(left)} {_BETWEEN[kind]} {bounds})"
    if kind in {"AEXPR_DISTINCT", "AEXPR_NOT_DISTINCT"}:
        negated = "NOT " if kind == "AEXPR_NOT_DISTINCT" else ""
        return f"({print_expression(left)} IS {negated}DISTINCT FROM {print_expression(right)})"
    if kind == "AEXPR_NULLIF":
        return f"NULLIF({print_expression(left)}, {print_expression(right)})"
    raise _Unprintable(kind)


def _bool_expr(body: Node) -> str:
    args = [print_expression(a) for a in body.get("args", ())]
    operator = body["boolop"]
    if operator == "NOT_EXPR":
        return f"(NOT {args[0]})"
    joiner = " AND " if operator == "AND_EXPR" else " OR "
    return "(" + joiner.join(args) + ")"


def _null_test(body: Node) -> str:
    test = "IS NULL" if body["nulltesttype"] == "IS_NULL" else "IS NOT NULL"
    return f"({print_expression(body['arg'])} {test})"


def _boolean_test(body: Node) -> str:
    test = body["booltesttype"].replace("_", " ")  # IS_TRUE → IS TRUE, IS_NOT_UNKNOWN → ...
    return f"({print_expression(body['arg'])} {test})"


def _array(body: Node) -> str:
    return f"ARRAY[{_arguments(body.get('elements', ()))}]"


def _coalesce(body: Node) -> str:
    return f"COALESCE({_arguments(body['args'])})"


def _min_max(body: Node) -> str:
    name = "GREATEST" if body["op"] == "IS_GREATEST" else "LEAST"
    return f"{name}({_arguments(body['args'])})"


def _case(body: Node) -> str:
    parts = ["CASE"]
    if body.get("arg") is not None:
        parts.append(print_expression(body["arg"]))
    for item in body.get("args", ()):
        when = item["CaseWhen"]
        parts.append(f"WHEN {print_expression(when['expr'])} THEN {print_expression(when['result'])}")
    if body.get("defresult") is not None:
        parts.append(f"ELSE {print_expression(body['defresult'])}")
    parts.append("END")
    return " ".join(parts)


_PRINTERS: dict[str, Callable[[Node], str]] = {
    "A_Const": _constant,
    "TypeCast": _cast,
    "ColumnRef": _column_ref,
    "FuncCall": _function,
    "SQLValueFunction": _sql_value,
    "A_Expr": _a_expr,
    "BoolExpr": _bool_expr,
    "NullTest": _null_test,
    "BooleanTest": _boolean_test,
    "A_ArrayExpr": _array,
    "CoalesceExpr": _coalesce,
    "MinMaxExpr": _min_max,
    "CaseExpr": _case,
    "A_Indirection": _indirection,
}
