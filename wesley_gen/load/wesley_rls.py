"""Wesley's ``@wes_rls`` as its PostgreSQL generator derives it (issue 15, point 2): row-level
security enabled and forced, and a policy per command written in the directive or by a preset.

Pure: the SDL reader gives the directive's arguments and the table's columns, and gets back
policies, the indexes a preset creates and the helper objects the ``tenant`` preset's policies
call (:mod:`wesley_gen.load.wesley_tenant`), or :class:`RlsError` with the one-line reason."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from wesley_gen.identifiers import IndexKey, quote
from wesley_gen.load.wesley_tenant import Helper, preset_helpers
from wesley_gen.model import PUBLIC_ROLE, Index, Policy

COMMANDS = ("select", "insert", "update", "delete")
# The arguments Wesley's directive declares but its generator never reads: refused, not dropped.
UNREAD = ("using", "check", "name", "options")
DEFAULT_ROLE = "authenticated"  # Wesley's roles when the directive names none


class RlsError(ValueError):
    """A ``@wes_rls`` use wesley-gen cannot derive as Wesley does; the message is the reason."""


@dataclass(frozen=True, slots=True)
class _Preset:
    """A preset of Wesley's ``RLSPresets``: its expression per command (``{column}`` filled
    with the table's column found by name), and the indexes it creates."""

    column_names: tuple[str, ...]  # field names: the first the type has is ``{column}``
    expressions: Mapping[str, str]
    partial_index: bool = False  # the index is ``WHERE column IS NULL`` (soft-delete)
    index: bool = True
    membership: bool = False  # calls the helper functions over Wesley's membership table (tenant)


_OWNER_NAMES = ("created_by", "owner_id", "user_id", "author_id")
_OWNER = "auth.uid() = {column}"
_MEMBER_OF = "wesley.is_member_of({column})"
_PRESETS = {
    "owner": _Preset(_OWNER_NAMES, dict.fromkeys(COMMANDS, _OWNER)),
    "public-read": _Preset(
        _OWNER_NAMES, {"select": "true", "insert": _OWNER, "update": _OWNER, "delete": _OWNER}
    ),
    "authenticated": _Preset((), dict.fromkeys(COMMANDS, "auth.uid() IS NOT NULL"), index=False),
    "soft-delete": _Preset(
        ("deleted_at", "deleted", "is_deleted"),
        {"select": "{column} IS NULL", "insert": "true", "update": "{column} IS NULL", "delete": "false"},
        partial_index=True,
    ),
    "tenant": _Preset(
        ("org_id", "organization_id", "tenant_id", "company_id"),
        {
            **dict.fromkeys(COMMANDS[:3], _MEMBER_OF),
            "delete": "wesley.has_role_in({column}, ARRAY['owner', 'admin'])",
        },
        membership=True,
    ),
}
# The table the tenant preset's functions read: Wesley's default (the directive cannot name another).
MEMBERSHIP_TABLE = "membership"
# Presets that need options Wesley's generator never passes on (it gives tenant's only): it
# throws on them, and wesley-gen refuses them the same.
_NEEDS_OPTIONS = {
    "admin-only": "membership_table",
    "hierarchical": "org_column, org_hierarchy_table",
    "time-window": "start_column, end_column",
}


@dataclass(frozen=True, slots=True)
class Derived:
    policies: tuple[Policy, ...]
    indexes: tuple[Index, ...]
    helpers: tuple[Helper, ...] = ()  # the functions and view the policies call (tenant)
    reads: str | None = None  # the table the helpers read, which the schema must have


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
) -> Derived:
    """The policies (and a preset's indexes) of one ``@wes_rls``; names spelt as Wesley's
    generator spells them, from the GraphQL type name (its ``table.uid`` reads an argument
    ``@uid`` does not have, so the suffix is always the lower-cased type name)."""
    unread = [a for a in UNREAD if a in strings or a in lists]
    if unread:
        raise RlsError(
            f"argument {unread[0]!r} is not read by Wesley's generator: give select:, insert:, update:, delete:"
        )
    preset = strings.get("preset")
    if preset is not None:
        return _from_preset(type_name, preset, fields, normalize)
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
    return Derived(tuple(policies), ())


def _from_preset(
    type_name: str, preset: str, fields: Mapping[str, str], normalize: Callable[[str], str]
) -> Derived:
    """A preset's policies, its ``{column}`` the first of its field names the type has (as
    Wesley's generator finds it), and its index on that column."""
    if preset in _NEEDS_OPTIONS:
        raise RlsError(
            f"@wes_rls(preset: {preset}) needs options ({_NEEDS_OPTIONS[preset]}) that Wesley's generator "
            "never passes: it refuses the preset too"
        )
    found = _PRESETS.get(preset)
    if found is None:
        known = ", ".join(sorted({*_PRESETS, *_NEEDS_OPTIONS}))
        raise RlsError(f"unknown @wes_rls preset {preset!r} (Wesley's presets: {known})")
    field_name = next((f for f in found.column_names if f in fields), None)
    column = fields[field_name] if field_name is not None else None
    if found.column_names and column is None:
        raise RlsError(f"@wes_rls(preset: {preset}) needs a column named {' or '.join(found.column_names)}")
    policies = tuple(
        _policy(
            f"policy_{type_name}_{preset}_{command}",
            command,
            normalize(expression.replace("{column}", quote(column or ""))),
            (PUBLIC_ROLE,),
        )
        for command, expression in found.expressions.items()
    )
    helpers = preset_helpers(MEMBERSHIP_TABLE) if found.membership else ()
    reads = MEMBERSHIP_TABLE if found.membership else None
    if column is None or not found.index:
        return Derived(policies, (), helpers, reads)
    # soft-delete's index covers the rows its SELECT policy shows
    where = next(p.using for p in policies if p.command == "select") if found.partial_index else None
    index = Index(f"idx_{type_name}_{field_name}", (str(IndexKey(column=column)),), where=where)
    return Derived(policies, (index,), helpers, reads)
