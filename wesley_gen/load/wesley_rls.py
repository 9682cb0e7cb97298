"""Wesley's ``@wes_rls`` as its PostgreSQL generator derives it (issue 15, point 2): row-level
security enabled and forced, and a policy per command written in the directive or by a preset.

Pure: the SDL reader gives the directive's arguments and the table's columns, and gets back
policies, the indexes a preset creates and the helper objects the ``tenant`` preset's policies
call (:mod:`wesley_gen.load.wesley_tenant`), or :class:`RlsError` with the one-line reason."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from wesley_gen.identifiers import IndexKey, quote
from wesley_gen.load.wesley_tenant import Helper, admin_helpers, fill, hierarchy_helpers, preset_helpers
from wesley_gen.model import PUBLIC_ROLE, Index, Policy

COMMANDS = ("select", "insert", "update", "delete")
# The arguments Wesley's directive declares but its generator never reads, refused: each says
# what a policy should be, which the file would not get.
UNREAD = ("using", "check", "name")
# Beside a preset, Wesley's generator reads nothing but the preset: the commands, their roles
# and a top-level options: (anywhere) are ignored as Wesley ignores them, with a warning.
_ROLES = ("roles", *(f"{c}Roles" for c in COMMANDS))
DEFAULT_ROLE = "authenticated"  # Wesley's roles when the directive names none


class RlsError(ValueError):
    """A ``@wes_rls`` use wesley-gen cannot derive as Wesley does; the message is the reason."""


@dataclass(frozen=True, slots=True)
class _Preset:
    """A preset of Wesley's ``RLSPresets``: its expression per command over its options
    (``{owner_column}`` …), the column options it indexes, and the helpers its policies call."""

    expressions: Mapping[str, str]
    indexed: tuple[str, ...] = ()  # column options: an index ``idx_<Type>_<option value>`` on each
    partial: bool = False  # soft-delete: the index is ``WHERE <column> IS NULL``
    helpers: Callable[[Mapping[str, str]], tuple[Helper, ...]] | None = None
    reads: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # table option → columns read


_OWNER = "auth.uid() = {owner_column}"
_MEMBER_OF = "wesley.is_member_of({tenant_column})"
_IN_TREE = "wesley.in_org_tree({org_column})"
# NOW() BETWEEN s AND e, as the server stores it (it keeps no BETWEEN)
_IN_WINDOW = "now() >= {start_column} AND now() <= {end_column}"
_MEMBERS = ("user_id", "org_id", "role")
_PRESETS = {
    "owner": _Preset(dict.fromkeys(COMMANDS, _OWNER), ("owner_column",)),
    "public-read": _Preset(
        {"select": "true", "insert": _OWNER, "update": _OWNER, "delete": _OWNER}, ("owner_column",)
    ),
    "authenticated": _Preset(dict.fromkeys(COMMANDS, "auth.uid() IS NOT NULL")),
    "soft-delete": _Preset(
        {
            "select": "{deleted_at_column} IS NULL",
            "insert": "true",
            "update": "{deleted_at_column} IS NULL",
            "delete": "false",
        },
        ("deleted_at_column",),
        partial=True,
    ),
    "tenant": _Preset(
        {
            **dict.fromkeys(COMMANDS[:3], _MEMBER_OF),
            "delete": "wesley.has_role_in({tenant_column}, ARRAY['owner', 'admin'])",
        },
        ("tenant_column",),
        helpers=lambda o: preset_helpers(o["membership_table"]),
        reads={"membership_table": (*_MEMBERS, "deleted_at")},
    ),
    "admin-only": _Preset(
        dict.fromkeys(COMMANDS, "wesley.is_admin()"),
        helpers=lambda o: admin_helpers(o["membership_table"]),
        reads={"membership_table": ("user_id", "role")},
    ),
    "time-window": _Preset(
        {**dict.fromkeys(COMMANDS[:3], _IN_WINDOW), "delete": "false"}, ("start_column", "end_column")
    ),
    "hierarchical": _Preset(
        {**dict.fromkeys(COMMANDS[:3], _IN_TREE), "delete": "wesley.is_org_admin({org_column})"},
        ("org_column",),
        helpers=lambda o: hierarchy_helpers(o["membership_table"], o["org_hierarchy_table"]),
        reads={"membership_table": _MEMBERS, "org_hierarchy_table": ("id", "parent_id")},
    ),
}
# The options Wesley's generator fills in when the preset's options leave them out: a column
# found by field name (the first the type has), the tenant preset's membership table.
_FOUND = {
    "owner_column": ("created_by", "owner_id", "user_id", "author_id"),
    "tenant_column": ("org_id", "organization_id", "tenant_id", "company_id"),
    "deleted_at_column": ("deleted_at", "deleted", "is_deleted"),
}
_FOUND_FOR = {
    "owner": "owner_column",
    "public-read": "owner_column",
    "tenant": "tenant_column",
    "soft-delete": "deleted_at_column",
}
MEMBERSHIP_TABLE = "membership"  # the tenant preset's membership table when its options name none
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True, slots=True)
class Derived:
    policies: tuple[Policy, ...]
    indexes: tuple[Index, ...]
    helpers: tuple[Helper, ...] = ()  # the functions and view the policies call
    reads: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (table, columns) the helpers read
    ignored: tuple[str, ...] = ()  # the arguments given that Wesley's generator does not read


def _policy(name: str, command: str, expression: str, roles: tuple[str, ...]) -> Policy:
    """Wesley's policy for one command: SELECT and DELETE filter with USING, INSERT checks,
    UPDATE does both with the same expression."""
    using = expression if command != "insert" else None
    check = expression if command in ("insert", "update") else None
    return Policy(name, command, True, roles, using, check)


def derive(
    type_name: str,
    strings: Mapping[str, str],
    lists: Mapping[str, tuple[str, ...]],
    fields: Mapping[str, str],
    normalize: Callable[[str], str],
    options: Mapping[str, str] | None = None,
) -> Derived:
    """The policies (and a preset's indexes and helpers) of one ``@wes_rls``; names spelt as
    Wesley's generator spells them, from the GraphQL type name (its ``table.uid`` reads an
    argument ``@uid`` does not have, so the suffix is always the lower-cased type name).
    ``options``: those of ``preset: {name:, options: {…}}``, the form Wesley's generator reads.
    ``enabled: true`` (Wesley's README) says what the directive alone says: security on, no policy of its own."""
    if strings.get("enabled") == "false":
        raise RlsError(
            "enabled: false: Wesley's generator enables row-level security for any @wes_rls, "
            "whatever enabled: says: remove the directive to leave it off"
        )
    unread = [a for a in UNREAD if a in strings or a in lists]
    if unread:
        raise RlsError(
            f"argument {unread[0]!r} is not read by Wesley's generator: give select:, insert:, update:, delete:"
        )
    preset = strings.get("preset")
    ignored = ("options", *COMMANDS, *_ROLES) if preset is not None else ("options",)
    ignored = tuple(a for a in ignored if a in strings or a in lists)
    if preset is not None:
        try:
            derived = _from_preset(type_name, preset, fields, normalize, dict(options or {}))
        except RlsError as error:
            if "options" not in ignored:
                raise
            raise RlsError(
                f"{error} (its options: beside the preset are not read: write preset: "
                f'{{name: "{preset}", options: {{…}}}})'
            ) from None
        return replace(derived, ignored=ignored)
    suffix = type_name.lower()
    policies = []
    for command in COMMANDS:
        expression = strings.get(command)
        if expression is None:
            continue
        roles = lists.get(f"{command}Roles") or lists.get("roles") or (DEFAULT_ROLE,)
        roles = tuple(PUBLIC_ROLE if r.lower() == PUBLIC_ROLE else r for r in roles)
        policies.append(
            _policy(f"policy_{type_name}_{command}_{suffix}", command, normalize(expression), roles)
        )
    return Derived(tuple(policies), (), ignored=ignored)


def _from_preset(
    type_name: str,
    preset: str,
    fields: Mapping[str, str],
    normalize: Callable[[str], str],
    options: dict[str, str],
) -> Derived:
    """A preset applied as Wesley's ``RLSPresets`` applies it: its options (given, or found as
    Wesley's generator finds them), every placeholder filled, the column options indexed."""
    found = _PRESETS.get(preset)
    if found is None:
        raise RlsError(
            f"unknown @wes_rls preset {preset!r} (Wesley's presets: {', '.join(sorted(_PRESETS))})"
        )
    if preset in _FOUND_FOR and _FOUND_FOR[preset] not in options:
        names = _FOUND[_FOUND_FOR[preset]]
        field_name = next((f for f in names if f in fields), None)
        if field_name is None:
            raise RlsError(f"@wes_rls(preset: {preset}) needs a column named {' or '.join(names)}")
        options[_FOUND_FOR[preset]] = field_name
    if preset == "tenant":
        options.setdefault("membership_table", MEMBERSHIP_TABLE)
    placeholders = _PLACEHOLDER.findall(" ".join(found.expressions.values()))
    needed = list(dict.fromkeys([*placeholders, *found.indexed, *found.reads]))
    missing = [o for o in needed if o not in options]
    if missing:
        raise RlsError(
            f"@wes_rls(preset: {preset}) needs options ({', '.join(missing)}), which Wesley's generator reads "
            f'only from preset: {{name: "{preset}", options: {{…}}}}: it refuses the preset without them'
        )
    columns = {o: _column(preset, o, options[o], fields) for o in needed if o.endswith("_column")}
    quoted = {o: quote(c) for o, c in columns.items()}
    policies = tuple(
        _policy(
            f"policy_{type_name}_{preset}_{command}",
            command,
            normalize(expression.format_map(quoted)),
            (PUBLIC_ROLE,),
        )
        for command, expression in found.expressions.items()
    )
    indexes = tuple(
        Index(
            f"idx_{type_name}_{options[o]}",
            (str(IndexKey(column=columns[o])),),
            where=normalize(fill("{column} IS NULL", column=quoted[o])) if found.partial else None,
        )
        for o in found.indexed
    )
    helpers = found.helpers(options) if found.helpers else ()
    reads = tuple((options[o], read) for o, read in found.reads.items())
    return Derived(policies, indexes, helpers, reads)


def _column(preset: str, option: str, value: str, fields: Mapping[str, str]) -> str:
    """The column an option names: a field of the type (its column), or a column itself."""
    if value in fields:
        return fields[value]
    if value in fields.values():
        return value
    raise RlsError(f"@wes_rls(preset: {preset}) option {option}: the type has no field or column {value!r}")


def ambiguous_column(
    expression: str, columns: Mapping[str, frozenset[str]]
) -> tuple[str, tuple[str, ...]] | None:
    """The first column named without its relation in a subquery of the policy ``expression``
    that two or more relations of that subquery's ``FROM`` have (``columns``: each table's), with
    those relations as the subquery names them: PostgreSQL resolves a bare name in the innermost
    query first and refuses it there (``column reference "user_id" is ambiguous``), so the
    policy cannot be made. ``None`` when there is none; a relation that is no table of
    ``columns`` (a function, a derived table) counts as lacking every column, a ``JOIN … USING``
    column and a natural join's are not ambiguous."""
    from sqlglot import exp, parse_one
    from sqlglot.errors import SqlglotError
    from sqlglot.optimizer.scope import traverse_scope

    try:
        tree = parse_one(f"SELECT ({expression})", read="postgres")
    except SqlglotError:  # read once already, as the canonical text: nothing to find in what cannot be
        return None
    for scope in traverse_scope(tree):
        select = scope.expression
        joins = (select.args.get("joins") or []) if isinstance(select, exp.Select) else []
        if any(j.args.get("method") or j.args.get("kind") == "NATURAL" for j in joins):
            continue
        merged = {u.name for j in joins for u in j.args.get("using") or []}
        tables = {
            alias: columns.get(source.name, frozenset())
            for alias, source in scope.sources.items()
            if isinstance(source, exp.Table) and source.db in ("", "public")
        }
        for column in scope.columns:
            if column.table or column.name in merged or column.find_ancestor(exp.Select) is not select:
                continue
            having = tuple(alias for alias, names in tables.items() if column.name in names)
            if len(having) > 1:
                return column.name, having
    return None
