"""Wesley GraphQL SDL → :class:`~wesley_gen.model.Schema`.

Follows Wesley's own conventions (its ``schemas/directives.graphql``): object types
marked ``@wes_table`` are tables, every directive has a ``@wes_*`` form, a
``@wesley_*`` long form and, for the old ones, a bare legacy alias.  Structural
directives shape the model; Wesley's metadata directives are kept as tags.  Every
problem is an :class:`~wesley_gen.errors.InputError` at the line where it was
written, and the finished schema goes through the shared validation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from graphql import GraphQLError, GraphQLSyntaxError
from graphql.language import (
    BooleanValueNode,
    DirectiveDefinitionNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    EnumTypeExtensionNode,
    ExecutableDefinitionNode,
    FieldDefinitionNode,
    FloatValueNode,
    IntValueNode,
    Lexer,
    ListTypeNode,
    ListValueNode,
    NamedTypeNode,
    Node,
    NonNullTypeNode,
    NullValueNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    ObjectValueNode,
    ScalarTypeDefinitionNode,
    Source,
    StringValueNode,
    TokenKind,
    TypeDefinitionNode,
    TypeNode,
    ValueNode,
    parse,
    print_ast,
)
from graphql.language.ast import ConstDirectiveNode

from wesley_gen.errors import InputError, Location
from wesley_gen.expressions import ExpressionError, normalize_default, normalize_expression
from wesley_gen.identifiers import IndexKey, columns_read, literal, parse_expression
from wesley_gen.load.loaded import Loaded
from wesley_gen.load.text import deepest_line
from wesley_gen.load.wesley_rls import COMMANDS, RlsError, ambiguous_column, derive
from wesley_gen.load.wesley_tenant import HELPER_SCHEMA, VIEW, Helper, TenantError, TypeInfo
from wesley_gen.load.wesley_tenant import derive as derive_tenancy
from wesley_gen.model import (
    CheckConstraint,
    Column,
    ColumnType,
    Enum,
    ForeignKey,
    Index,
    OtherObject,
    Policy,
    PrimaryKey,
    Schema,
    Table,
    UniqueConstraint,
    check_name,
    foreign_key_name,
    index_name,
    normalize_type,
    object_name,
    parse_type,
    primary_key_name,
    unique_name,
)
from wesley_gen.validate import validate

# GraphQL scalar → column type, as Wesley's generator maps them (but ``BigInt``: see
# docs/wesley.md).  A declared ``scalar`` outside this map is text, as in Wesley's generator;
# ``[tool.wesley-gen] sdl-types`` maps any scalar or enum to a type of the user's choice.
SCALARS: dict[str, ColumnType] = {
    name: normalize_type(sql)
    for name, sql in {
        "ID": "uuid",
        "UUID": "uuid",
        "String": "text",
        "Int": "integer",
        "BigInt": "bigint",
        "Float": "double precision",
        "Decimal": "numeric",
        "Boolean": "boolean",
        "DateTime": "timestamptz",
        "Date": "date",
        "Time": "time",
        "JSON": "jsonb",
        "Inet": "inet",
        "CIDR": "cidr",
        "MacAddr": "macaddr",
    }.items()
}
FALLBACK_TYPE = normalize_type("text")

_TYPE, _FIELD = "type", "field"
_STRING, _STRINGS = "String", "[String]"
_VALUE = "String, Int, Float or Boolean"  # a default, as Wesley reads it: the literal's text
_JSON = "JSON"  # any value, kept as graphql prints it
_BOOLEAN = "Boolean"  # true or false, kept as its text
# @wes_rls's preset: a name, or {name:, options: {…}} (Wesley's builder keeps either, its generator reads both)
_PRESET = 'String or {name: "…", options: {…}}'
# Column types where a bare word given as a default is that word (see is_word_for_text).
_TEXT_TYPES = frozenset({"text", "varchar", "char", "citext"})
_ON_DELETE = {a.upper(): a for a in ("no action", "restrict", "cascade", "set null", "set default")}
# Relations Wesley's generator skips: a field with one of them is no column, whatever its type.
_VIRTUAL = frozenset({"hasMany", "hasOne"})
# GraphQL's own directives: allowed anywhere, no effect on the model.
_GRAPHQL_DIRECTIVES = frozenset({"deprecated", "specifiedBy", "oneOf"})
_SNAKE_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_INDEX_KEY = re.compile(r"^(?P<name>\S+?)(?:\s+(?P<order>asc|desc))?$", re.I)


@dataclass(frozen=True, slots=True)
class _Rule:
    """How one directive may be used: where, with which arguments, how often, and its spellings."""

    tag: str  # the canonical short name
    places: frozenset[str]
    arguments: Mapping[str, tuple[str, bool]] | None = None  # name → (kind, required); None: metadata
    repeatable: bool = False
    aliases: tuple[str, ...] = ()
    wesley: bool = True  # Wesley's own: also spelt @wes_<tag> and @wesley_<tag>

    @property
    def is_metadata(self) -> bool:
        return self.arguments is None

    @property
    def spellings(self) -> tuple[str, ...]:
        prefixed = (f"wes_{self.tag}", f"wesley_{self.tag}") if self.wesley else ()
        return (*prefixed, self.tag, *self.aliases)


_ON_TYPE, _ON_FIELD, _ANYWHERE = frozenset({_TYPE}), frozenset({_FIELD}), frozenset({_TYPE, _FIELD})
_STRUCTURAL = (
    _Rule("table", _ON_TYPE, {"name": (_STRING, False)}),
    _Rule("pk", _ON_FIELD, {}, aliases=("primaryKey",)),
    _Rule("fk", _ON_FIELD, {"ref": (_STRING, True), "onDelete": (_STRING, False)}, aliases=("foreignKey",)),
    _Rule("unique", _ON_FIELD, {}),
    _Rule(
        "index",
        _ANYWHERE,
        {
            "name": (_STRING, False),
            "using": (_STRING, False),
            "where": (_STRING, False),
            "columns": (_STRINGS, False),
            "fields": (_STRINGS, False),  # the spelling of Wesley's examples
            "unique": (_BOOLEAN, False),  # Wesley's generator reads it: CREATE UNIQUE INDEX
        },
        repeatable=True,
        aliases=("idx",),
    ),
    _Rule("default", _ON_FIELD, {"value": (_VALUE, False), "expr": (_VALUE, False)}),
    _Rule("check", _ON_FIELD, {"expr": (_STRING, True)}),
    _Rule("uid", _ANYWHERE, {"value": (_STRING, True)}),
    _Rule("renamedFrom", _ANYWHERE, {"name": (_STRING, True)}, wesley=False),
)
# Wesley's metadata directives: kept as tags, whatever their arguments.
_METADATA = tuple(
    _Rule(tag, _ANYWHERE, repeatable=True)
    for tag in ("pii", "sensitive", "critical", "weight", "hasMany", "hasOne", "belongsTo", "noRPC")
)
# The protocol (TTD) and CRDT directives of Wesley's directives.graphql, spelt @wes_<name> only:
# Wesley's protocol generators read them, its PostgreSQL generator does not. Tags, like metadata.
_PROTOCOL = tuple(
    _Rule(f"wes_{name}", _ANYWHERE, repeatable=True, wesley=False)
    for name in (
        "channel", "op", "rule", "invariant", "emission", "footprint", "requires", "produces", "emitsTo",
        "mustEmit", "codec", "registry", "stateField", "tick", "effect", "constraint", "version", "join",
    )
)  # fmt: skip
# Wesley's tenancy and ownership (wesley_tenant.py), as its directives.graphql declares them;
# @wes_owner's commands are refused there (Wesley's generator never reads them). @wes_grant
# names the roles of Wesley's RPC functions only: a tag, with a warning.
_SECURITY_RULES = (
    _Rule("tenant", _ON_TYPE, {"by": (_STRING, True)}),
    _Rule("owner", _ON_TYPE, dict.fromkeys(("column", *COMMANDS), (_STRING, False))),
    _Rule("grant", _ANYWHERE, {"roles": (_STRINGS, False)}),
)
# @wes_rls: derived into row-level security and policies (wesley_rls.py), its arguments as
# Wesley's directives.graphql declares them (the unread ones refused there).
_RLS_RULE = _Rule(
    "rls",
    _ON_TYPE,
    {
        **dict.fromkeys((*COMMANDS, "using", "check", "name"), (_STRING, False)),
        "preset": (_PRESET, False),
        **dict.fromkeys(("roles", *(f"{c}Roles" for c in COMMANDS)), (_STRINGS, False)),
        "options": (_JSON, False),
        "enabled": (_BOOLEAN, False),  # the form of Wesley's README: @wes_rls(enabled: true)
    },
    aliases=("rowLevelSecurity",),
)
_DIRECTIVES = {
    spelling: rule
    for rule in (*_STRUCTURAL, *_METADATA, *_PROTOCOL, *_SECURITY_RULES, _RLS_RULE)
    for spelling in rule.spellings
}
_TABLE_SPELLINGS = frozenset(name for name, rule in _DIRECTIVES.items() if rule.tag == "table")


def snake_case(name: str) -> str:
    """``createdAt`` → ``created_at``, ``HTTPStatus`` → ``http_status``."""
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def default_table_name(type_name: str) -> str:
    """Wesley's naive plural of the snake_case type name: ``User`` → ``users``."""
    name = snake_case(type_name)
    return name if name.endswith("s") else f"{name}s"


def _line(node: Node) -> int:
    """The node's first line, from its first token (``Source.get_location`` rescans the text)."""
    assert node.loc is not None  # parse() keeps locations
    return node.loc.start_token.line


@dataclass(frozen=True, slots=True)
class _Use:
    """One directive as written, its arguments checked against its rule."""

    spelling: str
    rule: _Rule
    line: int
    strings: Mapping[str, str]
    lists: Mapping[str, tuple[str, ...]]
    options: Mapping[str, str] = field(default_factory=dict)  # a preset's {options: {…}}

    def __str__(self) -> str:
        return f"@{self.spelling}"


@dataclass(slots=True)
class _ColumnDraft:
    name: str
    type: ColumnType
    nullable: bool
    default: str | None = None
    uid: str | None = None
    renamed_from: str | None = None
    tags: list[str] = field(default_factory=list)

    def build(self) -> Column:
        return Column(
            self.name,
            self.type,
            self.nullable,
            self.default,
            uid=self.uid,
            renamed_from=self.renamed_from,
            tags=tuple(sorted(set(self.tags))),
        )


@dataclass(slots=True)
class _TableDraft:
    type_name: str
    name: str
    columns: list[_ColumnDraft] = field(default_factory=list)
    column_of_field: dict[str, str] = field(default_factory=dict)
    primary_key: list[str] = field(default_factory=list)
    uniques: list[UniqueConstraint] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    # (column, index) of each @index on a field: the ones a key covers are left out when built
    field_indexes: list[tuple[str, Index]] = field(default_factory=list)
    check_drafts: list[tuple[str, int]] = field(default_factory=list)  # (canonical expression, line)
    checks: list[CheckConstraint] = field(default_factory=list)
    uid: str | None = None
    renamed_from: str | None = None
    tags: list[str] = field(default_factory=list)
    row_security: bool = False
    force_row_security: bool = False
    policies: list[Policy] = field(default_factory=list)

    def needed_field_indexes(self) -> list[Index]:
        """The indexes of ``@index`` on fields that Wesley's generator creates: not one that the
        primary key or a unique constraint already provides (a plain one on its first column),
        nor a second one on the same column and predicate."""
        covered = {*self.primary_key[:1], *(u.columns[0] for u in self.uniques)}
        seen: set[tuple[str, str | None]] = set()
        needed = []
        for column, index in self.field_indexes:
            if (index.where is None and column in covered) or (column, index.where) in seen:
                continue
            seen.add((column, index.where))
            needed.append(index)
        return needed

    def build(self) -> Table:
        primary_key = set(self.primary_key)
        return Table(
            self.name,
            tuple(
                replace(c, nullable=False).build() if c.name in primary_key else c.build()
                for c in self.columns
            ),
            PrimaryKey(primary_key_name(self.name), tuple(self.primary_key)) if self.primary_key else None,
            uniques=tuple(self.uniques),
            checks=tuple(self.checks),
            foreign_keys=tuple(self.foreign_keys),
            indexes=(*self.indexes, *self.needed_field_indexes()),
            uid=self.uid,
            renamed_from=self.renamed_from,
            tags=tuple(self.tags),
            row_security=self.row_security,
            force_row_security=self.force_row_security,
            policies=tuple(self.policies),
        )


@dataclass(slots=True)
class _Group:
    """A type's definition and its ``extend`` blocks, read as one."""

    name: str
    nodes: list[TypeDefinitionNode | ObjectTypeExtensionNode | EnumTypeExtensionNode]

    @property
    def line(self) -> int:
        return _line(self.nodes[0].name)  # the name's line, not a description's above it

    @property
    def directives(self) -> list[ConstDirectiveNode]:
        return [d for node in self.nodes for d in node.directives or ()]

    @property
    def fields(self) -> list[FieldDefinitionNode]:
        return [f for node in self.nodes for f in getattr(node, "fields", None) or ()]

    @property
    def values(self) -> list[str]:
        return [v.name.value for node in self.nodes for v in getattr(node, "values", None) or ()]


def load_sdl(
    text: str, source: str, *, dialect: str = "postgres", types: Mapping[str, str] | None = None
) -> Loaded:
    """Load and validate a Wesley GraphQL SDL document for ``dialect``'s rules on names.

    ``types`` maps GraphQL scalar and enum names to SQL types (``[tool.wesley-gen] sdl-types``),
    before :data:`SCALARS`: ``{"BigInt": "text"}`` reads a schema as Wesley's generator built it.
    """
    try:
        document = parse(Source(text, source))
    except GraphQLSyntaxError as error:
        if _is_blank(text):
            return Loaded(Schema(), source)
        line = error.locations[0].line if error.locations else None
        raise InputError(f"syntax error: {error.description}", location=Location(source, line)) from None
    except GraphQLError as error:  # e.g. nested too deeply for the parser
        line = error.locations[0].line if error.locations else deepest_line(text)
        raise InputError(f"cannot parse: {error.message}", location=Location(source, line)) from None
    reader = _SdlReader(source, dialect, _sql_types(types or {}, source))
    schema = reader.read(document)
    refusals = tuple(f"{error}: a migration to this schema is refused" for error in reader.refused)
    return Loaded(schema, source, (*reader.warnings, *refusals), refused=tuple(reader.refused))


def _sql_types(types: Mapping[str, str], source: str) -> dict[str, ColumnType]:
    """``sdl-types`` read as column types; a type that does not parse is a located error."""
    mapped = {}
    for name, sql in types.items():
        try:
            mapped[name] = parse_type(sql)
        except ValueError:
            raise InputError(
                f"[tool.wesley-gen] sdl-types: {name} = {sql!r} is not a SQL type", location=Location(source)
            ) from None
    return mapped


def _is_blank(text: str) -> bool:
    """True for a document of only whitespace and comments: an empty schema, not an error."""
    try:
        return Lexer(Source(text)).lookahead().kind is TokenKind.EOF
    except GraphQLSyntaxError:
        return False


class _SdlReader:
    """One pass over a parsed document; ``lines`` records where each model part was written."""

    def __init__(self, source: str, dialect: str, types: Mapping[str, ColumnType]) -> None:
        self.source = source
        self.dialect = dialect
        self.types = types
        self.warnings: list[str] = []
        self.refused: list[InputError] = []  # see refuse()
        self.table_types_read: list[
            TypeInfo
        ] = []  # every table's type, in document order (the tenant model's view)
        self.tenants: list[tuple[TypeInfo, str, _Use]] = []  # @wes_tenant: the type, its by: field
        self.owners: list[_Use] = []
        # The helper functions and views Wesley creates beside the policies, by (kind, name): the
        # last one written wins, as Wesley's CREATE OR REPLACE does; with the directive that made it.
        self.helpers: dict[tuple[str, str], tuple[Helper, _Use]] = {}
        self.reads: list[
            tuple[str, tuple[str, ...], str, _Use]
        ] = []  # (table, its columns, type, directive) a preset's helpers read
        self.written: list[tuple[Policy, str, _Use]] = []  # @wes_rls's policies of commands: type, directive
        self.scalars: dict[str, int] = {}  # declared scalar → its line
        self.lines: dict[tuple[str, ...], int] = {}
        self.objects: dict[str, _Group] = {}
        self.enums: dict[str, _Group] = {}
        self.other_types: set[str] = set()
        self.declared_directives: set[str] = set()
        self.table_names: dict[str, str] = {}  # GraphQL type name → table name
        self.table_types: dict[str, str] = {}  # table name → GraphQL type name
        self.enum_names: dict[str, str] = {}  # GraphQL enum name → model enum name

    def error(self, reason: str, line: int | None, hint: str | None = None) -> InputError:
        return InputError(reason, location=Location(self.source, line), hint=hint)

    def refuse(self, reason: str, line: int) -> None:
        """Keep what Wesley's generator writes SQL for that PostgreSQL refuses: the schema loads
        and diffs, and a migration to it is refused (:meth:`Loaded.buildable`)."""
        self.refused.append(
            self.error(
                reason,
                line,
                hint="Wesley's SQL for it fails on PostgreSQL too; the schema loads and diffs, "
                "but no migration can make it",
            )
        )

    def read(self, document: DocumentNode) -> Schema:
        self.collect(document)
        enums = [self.read_enum(group) for group in self.enums.values() if group.name not in self.types]
        tables: list[tuple[_Group, list[_Use]]] = []
        for group in self.objects.values():
            if any(d.name.value in _TABLE_SPELLINGS for d in group.directives):
                tables.append((group, self.claim_table(group)))
            else:
                self.check_foreign_directives(group.directives)
        built = self.with_tenancy([self.read_table(group, uses) for group, uses in tables])
        self.check_written(built)
        schema = Schema(
            tuple(built),
            tuple(enums),
            schemas=(HELPER_SCHEMA,) if any(h.kind == "function" for h, _ in self.helpers.values()) else (),
            others=self.helper_objects(built),
        )
        for table in schema.tables:  # a type of relations only: a mistake, though PostgreSQL allows the table
            if not table.columns:
                raise self.error(
                    f"table {table.name!r} has no columns", self.lines.get(("table", table.name))
                )
        validate(schema, self.source, self.lines, strict_foreign_key_types=True, dialect=self.dialect)
        return schema

    # --- the document's definitions ----------------------------------------------

    def collect(self, document: DocumentNode) -> None:
        """Sort definitions by kind; a type defined twice is an error at the second."""
        defined: set[str] = set()
        for node in document.definitions:
            if isinstance(node, ExecutableDefinitionNode):
                raise self.error("operations and fragments do not belong in a schema file", _line(node))
            if isinstance(node, DirectiveDefinitionNode):
                self.declared_directives.add(node.name.value)
                continue
            if isinstance(node, TypeDefinitionNode):
                name = node.name.value
                if name in defined:
                    raise self.error(f"duplicate type {name!r}", _line(node))
                defined.add(name)
            if isinstance(node, ObjectTypeDefinitionNode | ObjectTypeExtensionNode):
                self.objects.setdefault(node.name.value, _Group(node.name.value, [])).nodes.append(node)
            elif isinstance(node, EnumTypeDefinitionNode | EnumTypeExtensionNode):
                self.enums.setdefault(node.name.value, _Group(node.name.value, [])).nodes.append(node)
            elif isinstance(node, ScalarTypeDefinitionNode):
                self.scalars[node.name.value] = _line(node)
            elif isinstance(node, TypeDefinitionNode):
                self.other_types.add(node.name.value)

    def read_enum(self, group: _Group) -> Enum:
        self.check_foreign_directives(group.directives)
        name = snake_case(group.name)
        if ("enum", name) in self.lines:
            raise self.error(f"duplicate enum {name!r} (from enum {group.name})", group.line)
        self.enum_names[group.name] = name
        self.lines["enum", name] = group.line
        return Enum(name, tuple(group.values))

    def claim_table(self, group: _Group) -> list[_Use]:
        """Name the table a type maps to, before any table is read, so references resolve."""
        uses = self.directives(group.directives, _TYPE, group.name)
        table = next(u for u in uses if u.rule.tag == "table")
        name = table.strings.get("name") or default_table_name(group.name)
        owner = self.table_types.get(name)
        if owner is not None:
            raise self.error(
                f"duplicate table {name!r}: types {owner} and {group.name} both map to it", group.line
            )
        self.table_names[group.name] = name
        self.table_types[name] = group.name
        self.lines["table", name] = group.line
        return uses

    def check_foreign_directives(self, directives: Iterable[ConstDirectiveNode]) -> None:
        """On a type that is not a table, accept any directive the file declares or we know.

        An undeclared one is an error: a misspelt ``@wes_table`` would otherwise
        drop the whole table without a word.
        """
        for directive in directives:
            name = directive.name.value
            if name not in _DIRECTIVES and name not in self.declared_directives | _GRAPHQL_DIRECTIVES:
                raise self.error(f"unknown directive @{name}", _line(directive))

    # --- directives ---------------------------------------------------------------

    def directives(self, nodes: Iterable[ConstDirectiveNode], place: str, where: str) -> list[_Use]:
        """Check each directive against its rule; a non-repeatable one may appear once.

        One the file declares itself (``directive @tag(…) on OBJECT``) and wesley-gen does not
        know is the file's own, read by no generator: skipped, as Wesley's parser skips it. Only an
        undeclared unknown one is an error (a misspelt ``@wes_pk`` must not vanish).
        """
        uses: list[_Use] = []
        for node in nodes:
            name = node.name.value
            rule = _DIRECTIVES.get(name)
            if name in _GRAPHQL_DIRECTIVES or (rule is None and name in self.declared_directives):
                continue
            line = _line(node)
            if rule is None:
                raise self.error(
                    f"unknown directive @{name}",
                    line,
                    hint="wesley-gen knows @wes_table, @wes_pk, @wes_fk, @wes_unique, @wes_index, "
                    "@wes_default, @wes_check, @wes_uid, @renamedFrom and Wesley's metadata, security and "
                    "protocol directives (docs/wesley.md)",
                )
            if place not in rule.places:
                raise self.error(f"@{name} cannot be used on a {place} ({where})", line)
            earlier = next((u for u in uses if u.rule == rule), None)
            if earlier is not None and not rule.repeatable:
                raise self.error(f"@{name} repeats {earlier} on {where}", line)
            uses.append(self.use(node, rule, line))
        return uses

    def use(self, node: ConstDirectiveNode, rule: _Rule, line: int) -> _Use:
        """Read a directive's arguments, checked against its rule (metadata takes any)."""
        name = node.name.value
        given = {a.name.value: a.value for a in node.arguments or ()}
        expected = given.keys() if rule.arguments is None else rule.arguments.keys()
        unknown = sorted(given.keys() - expected)
        if unknown:
            takes = ", ".join(f"{a}:" for a in expected) or "no arguments"
            raise self.error(f"@{name} has no argument {unknown[0]!r}", line, hint=f"@{name} takes {takes}")
        strings: dict[str, str] = {}
        lists: dict[str, tuple[str, ...]] = {}
        options: dict[str, str] = {}
        for argument, (kind, required) in (rule.arguments or {}).items():
            value = given.get(argument)
            if value is None or isinstance(value, NullValueNode):
                if required:
                    raise self.error(f"@{name} needs the argument {argument!r}", line)
                continue
            if kind == _JSON:
                strings[argument] = print_ast(value)
                continue
            if kind == _PRESET and isinstance(value, ObjectValueNode):
                preset = _preset_object(value)
                if preset is None:
                    raise self.error(f"argument {argument!r} of @{name} must be a {kind}", line)
                strings[argument], options = preset
                continue
            if kind == _BOOLEAN:
                if not isinstance(value, BooleanValueNode):
                    raise self.error(f"argument {argument!r} of @{name} must be a {kind}", line)
                strings[argument] = "true" if value.value else "false"
                continue
            if kind == _VALUE:
                text = _literal(value)
                if text is None:
                    raise self.error(f"argument {argument!r} of @{name} must be a {kind}", line)
                strings[argument] = text
                continue
            texts = _strings(value)
            if texts is None or (kind in (_STRING, _PRESET) and not isinstance(value, StringValueNode)):
                raise self.error(f"argument {argument!r} of @{name} must be a {kind}", line)
            if kind in (_STRING, _PRESET):
                strings[argument] = texts[0]
            else:
                lists[argument] = texts
        return _Use(name, rule, line, strings, lists, options)

    # --- tables -------------------------------------------------------------------

    def read_table(self, group: _Group, type_uses: list[_Use]) -> Table:
        table = _TableDraft(group.name, self.table_names[group.name])
        seen_fields: set[str] = set()
        for node in group.fields:
            field_name = node.name.value
            line = _line(node.name)
            if field_name in seen_fields:
                raise self.error(f"duplicate field {group.name}.{field_name}", line)
            seen_fields.add(field_name)
            self.read_field(table, node, line)
        self.table_types_read.append(TypeInfo(group.name, table.name, dict(table.column_of_field)))
        for use in type_uses:
            _TYPE_EFFECTS[use.rule.tag](self, table, use)
        self.name_checks(table)
        return table.build()

    def name_checks(self, table: _TableDraft) -> None:
        """Name each ``@check`` as PostgreSQL names a table's unnamed check: ``t_col_check`` when
        it reads one column, ``t_check`` otherwise, with a number after a clash."""
        taken = {primary_key_name(table.name)} if table.primary_key else set()
        taken |= {u.name for u in table.uniques} | {k.name for k in table.foreign_keys}
        for expression, line in table.check_drafts:
            read = columns_read(parse_expression(expression))
            column = next(iter(read)) if len(read) == 1 else None
            name, counter = check_name(table.name, column), 0
            while name in taken:
                counter += 1
                name = object_name(table.name, column, f"check{counter}")
            taken.add(name)
            table.checks.append(CheckConstraint(name, expression))
            self.lines["constraint", table.name, name] = line

    def read_field(self, table: _TableDraft, node: FieldDefinitionNode, line: int) -> None:
        where = f"{table.type_name}.{node.name.value}"
        uses = self.directives(node.directives or (), _FIELD, where)
        name = snake_case(node.name.value)
        virtual = any(u.rule.tag in _VIRTUAL for u in uses)  # Wesley skips these whatever their type
        resolved = None if virtual else self.column_type(node.type, f"{table.name}.{name}", line)
        if resolved is None:  # a relation: navigation, not a column
            structural = next((u for u in uses if not u.rule.is_metadata), None)
            if structural is not None:
                raise self.error(
                    f"{structural} on {where}: a relation field is not a column",
                    structural.line,
                    hint='put it on the id field, e.g. authorId: ID! @wes_fk(ref: "User.id")',
                )
            return
        if name in table.column_of_field.values():
            raise self.error(f"duplicate column {table.name}.{name} (from field {where})", line)
        table.column_of_field[node.name.value] = name
        column = _ColumnDraft(name, *resolved)
        self.lines["column", table.name, name] = line
        for use in uses:
            _FIELD_EFFECTS[use.rule.tag](self, table, column, use)
        table.columns.append(column)

    def column_type(self, node: TypeNode, where: str, line: int) -> tuple[ColumnType, bool] | None:
        """The column type and nullability of a field type, or ``None`` for a relation.

        Only the outer ``!`` counts: ``[String!]`` is a nullable array of text.
        """
        nullable = not isinstance(node, NonNullTypeNode)
        dims = 0
        while not isinstance(node, NamedTypeNode):
            assert isinstance(node, NonNullTypeNode | ListTypeNode)
            dims += isinstance(node, ListTypeNode)
            node = node.type
        name = node.name.value
        if name in self.table_names:
            return None
        if name in self.types:
            return replace(self.types[name], array_dims=dims), nullable
        if name in self.enum_names:
            return ColumnType(self.enum_names[name], (), dims), nullable
        if name in SCALARS:
            return replace(SCALARS[name], array_dims=dims), nullable
        if name in self.scalars:
            self.unmapped_scalar(name)
            return replace(FALLBACK_TYPE, array_dims=dims), nullable
        if name in self.objects or name in self.other_types:
            raise self.error(
                f"type {name!r} for {where} is not a table, enum or scalar",
                line,
                hint=f"mark {name} @wes_table to make it a table, or store it as JSON",
            )
        raise self.error(
            f"unknown type {name!r} for {where}", line, hint=f"known scalars: {', '.join(SCALARS)}"
        )

    def unmapped_scalar(self, name: str) -> None:
        """Say once that a declared scalar without a type of its own is stored as text."""
        warning = (
            f"{self.source}:{self.scalars[name]}: scalar {name} is stored as text, as Wesley's generator "
            f'stores a scalar it does not know (map it in [tool.wesley-gen] sdl-types, e.g. {name} = "varchar(2048)")'
        )
        if warning not in self.warnings:
            self.warnings.append(warning)

    # --- what each directive does -------------------------------------------------

    def field_pk(self, table: _TableDraft, column: _ColumnDraft, use: _Use) -> None:
        if column.nullable:  # Wesley's parser refuses it too
            raise self.error(
                f"{use} on {table.name}.{column.name}: a primary key field must be non-null",
                use.line,
                hint="end its type with ! (ID!)",
            )
        if not table.primary_key:
            self.lines["constraint", table.name, primary_key_name(table.name)] = use.line
        table.primary_key.append(column.name)

    def field_fk(self, table: _TableDraft, column: _ColumnDraft, use: _Use) -> None:
        ref = use.strings["ref"]
        action = use.strings.get("onDelete", "NO ACTION")
        on_delete = _ON_DELETE.get(" ".join(action.upper().split()))
        if on_delete is None:
            raise self.error(
                f"{use}(onDelete: {action!r}) on {table.name}.{column.name}: not a foreign key action",
                use.line,
                hint=f"use one of {', '.join(_ON_DELETE)}",
            )
        target, dot, target_field = ref.partition(".")
        if not (target and dot and target_field) or "." in target_field:
            raise self.error(
                f"{use}(ref: {ref!r}) on {table.name}.{column.name}: expected Type.field", use.line
            )
        name = foreign_key_name(table.name, [column.name])
        table.foreign_keys.append(
            ForeignKey(
                name,
                (column.name,),
                self.table_names.get(target, target),
                (snake_case(target_field),),
                on_delete=on_delete,
            )
        )
        self.lines["constraint", table.name, name] = use.line

    def field_unique(self, table: _TableDraft, column: _ColumnDraft, use: _Use) -> None:
        name = unique_name(table.name, [column.name])
        table.uniques.append(UniqueConstraint(name, (column.name,)))
        self.lines["constraint", table.name, name] = use.line

    def field_index(self, table: _TableDraft, column: _ColumnDraft, use: _Use) -> None:
        if use.lists:
            raise self.error(
                f"{use}(columns:) belongs on the type, not on {table.name}.{column.name}", use.line
            )
        name = use.strings.get("name") or index_name(table.name, [column.name])
        table.field_indexes.append((column.name, self.index(table, name, (column.name,), use)))

    def field_check(self, table: _TableDraft, column: _ColumnDraft, use: _Use) -> None:
        """A check as Wesley writes it: a table constraint, named when the table is complete."""
        expression = use.strings["expr"]
        try:
            table.check_drafts.append((normalize_expression(expression), use.line))
        except ExpressionError:
            raise self.error(
                f"cannot parse check {expression!r} for {table.name}.{column.name}",
                use.line,
                hint='the expression is SQL over the table\'s columns: "price > 0"',
            ) from None

    def field_default(self, table: _TableDraft, column: _ColumnDraft, use: _Use) -> None:
        """``value:`` or ``expr:`` (Wesley reads either), a SQL expression either way."""
        given = [argument for argument in ("value", "expr") if argument in use.strings]
        if len(given) != 1:
            need = "needs the argument 'value' or 'expr'" if not given else "takes value: or expr:, not both"
            raise self.error(f"{use} on {table.name}.{column.name} {need}", use.line)
        value = use.strings[given[0]]
        try:
            column.default = normalize_default(value, "postgres")
            if given == ["value"] and self.is_word_for_text(column, column.default):
                column.default = normalize_default(literal(value.strip()), "postgres")
        except ExpressionError:
            raise self.error(
                f"cannot parse default {value!r} for {table.name}.{column.name}",
                use.line,
                hint='the value is a SQL expression: "now()", "0", "\'DRAFT\'"',
            ) from None

    def is_word_for_text(self, column: _ColumnDraft, default: str | None) -> bool:
        """True for ``@wes_default(value: "member")`` on a text or enum column: Wesley's parser
        reads the word as the value, and as SQL it would be a column, which no default may name."""
        if default is None or column.type.array_dims:
            return False
        if column.type.base_name not in _TEXT_TYPES and column.type.name not in self.enum_names.values():
            return False
        from sqlglot import exp

        return isinstance(parse_expression(default), exp.Column)

    def field_uid(self, table: _TableDraft, column: _ColumnDraft, use: _Use) -> None:
        column.uid = use.strings["value"]

    def field_renamed_from(self, table: _TableDraft, column: _ColumnDraft, use: _Use) -> None:
        column.renamed_from = snake_case(use.strings["name"])

    def field_tag(self, table: _TableDraft, column: _ColumnDraft, use: _Use) -> None:
        column.tags.append(use.rule.tag)

    def field_grant(self, table: _TableDraft, column: _ColumnDraft, use: _Use) -> None:
        self.rpc_grant(f"{table.type_name}.{column.name}", use)
        column.tags.append(use.rule.tag)

    def type_index(self, table: _TableDraft, use: _Use) -> None:
        fields = use.lists.get("columns") or use.lists.get("fields")
        if not fields:
            raise self.error(f'{use} on type {table.type_name} needs columns: ["field", ...]', use.line)
        columns, keys = [], []
        for text in fields:
            match = _INDEX_KEY.match(text.strip())
            if match is None:
                raise self.error(f"{use} on type {table.type_name}: bad column {text!r}", use.line)
            field_name, order = match.group("name"), match.group("order") or ""
            column = table.column_of_field.get(field_name, snake_case(field_name))
            columns.append(column)
            keys.append(str(IndexKey(column=column, descending=order.lower() == "desc")))
        name = use.strings.get("name") or index_name(table.name, columns)
        table.indexes.append(self.index(table, name, tuple(keys), use))

    def type_uid(self, table: _TableDraft, use: _Use) -> None:
        table.uid = use.strings["value"]

    def type_renamed_from(self, table: _TableDraft, use: _Use) -> None:
        old = use.strings["name"]
        table.renamed_from = old if _SNAKE_NAME.match(old) else default_table_name(old)

    def type_tag(self, table: _TableDraft, use: _Use) -> None:
        table.tags.append(use.rule.tag)

    def type_grant(self, table: _TableDraft, use: _Use) -> None:
        self.rpc_grant(table.type_name, use)
        table.tags.append(use.rule.tag)

    def rpc_grant(self, where: str, use: _Use) -> None:
        """``@wes_grant``: Wesley grants EXECUTE on its RPC functions (``create_<type>`` …) to
        these roles, and nothing on tables; wesley-gen generates no RPC function: say so."""
        self.warnings.append(
            f"{self.source}:{use.line}: {use} on {where}: the roles of Wesley's RPC functions (GRANT "
            "EXECUTE), which wesley-gen does not generate: no change to the schema"
        )

    def type_tenant(self, table: _TableDraft, use: _Use) -> None:
        """``@wes_tenant(by:)``: the tenant model's policies on this type (see :meth:`with_tenancy`)."""
        by = use.strings["by"]
        if by not in table.column_of_field:
            raise self.error(f'{use}(by: "{by}") on {table.type_name}: the type has no field {by}', use.line)
        self.tenants.append((TypeInfo(table.type_name, table.name, dict(table.column_of_field)), by, use))

    def type_owner(self, table: _TableDraft, use: _Use) -> None:
        """``@wes_owner``: the tenant model's helper functions, no policy of its own."""
        unread = [c for c in COMMANDS if c in use.strings]
        if unread:
            raise self.error(
                f"{use} on {table.type_name}: argument {unread[0]!r} is not read by Wesley's generator "
                "(@wes_owner makes no policy): write the policy with @wes_rls",
                use.line,
            )
        self.owners.append(use)

    def type_rls(self, table: _TableDraft, use: _Use) -> None:
        """``@wes_rls``: row-level security enabled and forced (Wesley's generator always emits
        both) and the policies it derives; a form it cannot derive is refused at its line."""

        def normalize(expression: str) -> str:
            try:
                return normalize_expression(expression)
            except ExpressionError:
                raise self.error(
                    f"{use} on {table.type_name}: cannot parse {expression!r}", use.line
                ) from None

        try:
            derived = derive(
                table.type_name, use.strings, use.lists, table.column_of_field, normalize, use.options
            )
        except RlsError as error:
            raise self.error(f"{use} on {table.type_name}: {error}", use.line) from None
        if derived.ignored:
            several = len(derived.ignored) > 1
            self.warnings.append(
                f"{self.source}:{use.line}: {use} on {table.type_name}: the argument{'s' * several} "
                f"{', '.join(derived.ignored)}{' beside a preset' if 'preset' in use.strings else ''} "
                f"{'are' if several else 'is'} not read by Wesley's generator: ignored (a preset's options go in "
                'preset: {name: "…", options: {…}})'
            )
        table.row_security = table.force_row_security = True
        table.policies.extend(derived.policies)
        if "preset" not in use.strings:
            self.written.extend((policy, table.type_name, use) for policy in derived.policies)
        taken = {index.name for index in table.indexes}
        for index in derived.indexes:
            if index.name not in taken:
                table.indexes.append(index)
                self.lines["index", table.name, index.name] = use.line
        self.helpers.update({(h.kind, h.name): (h, use) for h in derived.helpers})
        self.reads.extend((name, columns, table.type_name, use) for name, columns in derived.reads)

    def check_written(self, tables: list[Table]) -> None:
        """A policy written in ``@wes_rls`` whose subquery names a column two of its relations have
        (``SELECT dm.user_id FROM department_managers dm JOIN department_members em … WHERE
        em.user_id = user_id``): Wesley's generator copies the text into CREATE POLICY and PostgreSQL
        refuses it (``column reference "user_id" is ambiguous``), so a migration to it is refused."""
        columns = {t.name: frozenset(t.column_names()) for t in tables}
        for policy, type_name, use in self.written:
            expression = policy.using if policy.using is not None else policy.check
            found = ambiguous_column(expression or "", columns)
            if found is not None:
                name, relations = found
                self.refuse(
                    f"{use} on {type_name}: the {policy.command}: policy's column reference {name!r} is "
                    f"ambiguous: {' and '.join(relations)} both have it (PostgreSQL refuses the policy): "
                    f"qualify it ({relations[0]}.{name}, or {self.table_names[type_name]}.{name} for the row's own)",
                    use.line,
                )

    # --- Wesley's tenant model and helper objects ---------------------------------

    def with_tenancy(self, tables: list[Table]) -> list[Table]:
        """``tables`` with what Wesley's tenant model adds once every type is read (its policies,
        row-level security and indexes), the helpers' tables checked; the helpers recorded."""
        by_name = {t.name: t for t in tables}
        for name, columns, type_name, use in self.reads:
            found = by_name.get(name)
            lacks = [c for c in columns if c not in found.column_names()] if found else []
            if found is None or lacks:
                what = (
                    f"the schema has no table {name}" if found is None else f"it lacks the column {lacks[0]}"
                )
                self.refuse(
                    f"{use} on {type_name}: its functions read the table {name} ({', '.join(columns)}): {what}",
                    use.line,
                )
        uses = [u for _, _, u in self.tenants] + self.owners
        if not uses:
            return tables
        first = min(uses, key=lambda u: u.line)
        try:
            derived = derive_tenancy(
                self.table_types_read,
                [(info, by) for info, by, _ in self.tenants],
                ("view", VIEW) in self.helpers,
                normalize_expression,
            )
        except TenantError as error:
            raise self.error(f"{first}: {error}", first.line) from None
        if derived.view_missing:
            info, _, use = min(self.tenants, key=lambda t: t[2].line)
            self.refuse(
                f"{use} on {info.type_name}: its policies read the view {VIEW}, which nothing in the schema makes: "
                "it needs a membership type (a @wes_table whose name contains 'member', with fields user_id, "
                f'org_id, role and deleted_at) or a @wes_rls(preset: "tenant") with its membership table',
                use.line,
            )
        self.helpers.update({(h.kind, h.name): (h, first) for h in derived.helpers})
        rls = {info.table for info, _, _ in self.tenants}
        result = []
        for table in tables:
            taken = {index.name for index in table.indexes}
            indexes = [i for i in derived.indexes.get(table.name, ()) if i.name not in taken]
            for index in indexes:
                self.lines["index", table.name, index.name] = first.line
            secure = table.name in rls
            result.append(
                replace(
                    table,
                    indexes=(*table.indexes, *indexes),
                    policies=(*table.policies, *derived.policies.get(table.name, ())),
                    row_security=table.row_security or secure,
                    force_row_security=table.force_row_security or secure,
                )
            )
        return result

    def helper_objects(self, tables: list[Table]) -> tuple[OtherObject, ...]:
        """The helpers as the objects a SQL file creating them gives (functions, views), at the
        line of the directive that made each."""
        from wesley_gen.load.opaque import FileObjects

        objects = FileObjects()
        for helper, use in self.helpers.values():
            kind = "CreateFunctionStmt" if helper.kind == "function" else "ViewStmt"
            objects.postgres_statement(kind, helper.sql, use.line)
        return objects.result({t.name: dict.fromkeys(t.column_names(), "") for t in tables})

    def type_table(self, table: _TableDraft, use: _Use) -> None:
        """Nothing left to do: claim_table() named the table before any table was read."""

    def index(self, table: _TableDraft, name: str, keys: tuple[str, ...], use: _Use) -> Index:
        """An index as written: ``where:`` makes it partial (the predicate a SQL expression),
        ``unique: true`` a unique index."""
        where = use.strings.get("where")
        if where is not None:
            try:
                where = normalize_expression(where)
            except ExpressionError:
                raise self.error(f"{use} on {table.name}: cannot parse where {where!r}", use.line) from None
        self.lines["index", table.name, name] = use.line
        unique = use.strings.get("unique") == "true"
        return Index(name, keys, unique=unique, using=use.strings.get("using", "btree").lower(), where=where)


_FieldEffect = Callable[[_SdlReader, _TableDraft, _ColumnDraft, _Use], None]
_TypeEffect = Callable[[_SdlReader, _TableDraft, _Use], None]
_METADATA_TAGS = [rule.tag for rule in (*_METADATA, *_PROTOCOL)]
_FIELD_EFFECTS: dict[str, _FieldEffect] = {
    **dict.fromkeys(_METADATA_TAGS, _SdlReader.field_tag),
    "grant": _SdlReader.field_grant,
    "check": _SdlReader.field_check,
    "pk": _SdlReader.field_pk,
    "fk": _SdlReader.field_fk,
    "unique": _SdlReader.field_unique,
    "index": _SdlReader.field_index,
    "default": _SdlReader.field_default,
    "uid": _SdlReader.field_uid,
    "renamedFrom": _SdlReader.field_renamed_from,
}
_TYPE_EFFECTS: dict[str, _TypeEffect] = {
    **dict.fromkeys(_METADATA_TAGS, _SdlReader.type_tag),
    "grant": _SdlReader.type_grant,
    "tenant": _SdlReader.type_tenant,
    "owner": _SdlReader.type_owner,
    "table": _SdlReader.type_table,
    "index": _SdlReader.type_index,
    "uid": _SdlReader.type_uid,
    "renamedFrom": _SdlReader.type_renamed_from,
    "rls": _SdlReader.type_rls,
}


def _literal(value: ValueNode) -> str | None:
    """A default as Wesley's generator writes it: a string as it is, a number or boolean as its text."""
    if isinstance(value, StringValueNode | IntValueNode | FloatValueNode):
        return value.value
    if isinstance(value, BooleanValueNode):
        return "true" if value.value else "false"
    return None


def _preset_object(value: ObjectValueNode) -> tuple[str, dict[str, str]] | None:
    """``{name: "time-window", options: {start_column: "starts_at", …}}`` as (name, options), or
    ``None`` for another shape."""
    given = {f.name.value: f.value for f in value.fields}
    name, options = given.pop("name", None), given.pop("options", None)
    if given or not isinstance(name, StringValueNode):
        return None
    if options is None:
        return name.value, {}
    if not isinstance(options, ObjectValueNode) or not all(
        isinstance(f.value, StringValueNode) for f in options.fields
    ):
        return None
    return name.value, {
        f.name.value: f.value.value for f in options.fields if isinstance(f.value, StringValueNode)
    }


def _strings(value: ValueNode) -> tuple[str, ...] | None:
    """A string or a list of strings as a tuple (GraphQL coerces one item to a list)."""
    if isinstance(value, StringValueNode):
        return (value.value,)
    if isinstance(value, ListValueNode) and all(isinstance(v, StringValueNode) for v in value.values):
        return tuple(v.value for v in value.values if isinstance(v, StringValueNode))
    return None
