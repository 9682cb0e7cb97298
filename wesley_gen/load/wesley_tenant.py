"""Wesley's tenancy and ownership, and the helper objects its security SQL calls, as its
PostgreSQL generator derives them (issue 15, point 2).

Wesley's ``TenantModel`` runs once over the whole schema when any type has ``@wes_tenant`` or
``@wes_owner``: it finds the membership type (a name containing ``member``, fields
``user_id``, ``org_id`` and ``role``), makes the view ``wesley_user_orgs`` over it with its
indexes, the helper functions ``wesley.is_member_of``, ``wesley.has_role_in`` and
``wesley.is_owner``, and on each ``@wes_tenant`` type row-level security with a policy per
command over the view (:func:`derive`).  ``@wes_owner`` brings the helper functions only.
The ``@wes_rls`` presets ``tenant``, ``admin-only`` and ``hierarchical`` make helpers of their
own (:func:`preset_helpers`, :func:`admin_helpers`, :func:`hierarchy_helpers`); when the tenant
preset and the tenant model are both present, the model's come last in Wesley's output and win.

The function bodies are Wesley's text to the byte: the server stores a body as written, and a
database Wesley built must compare equal.  Where Wesley's SQL cannot be applied (the schema
``wesley`` is never created; the type's name stands for its table) the derivation follows
what it evidently means (docs/wesley.md, "Differences").

Pure: the SDL reader gives the types and gets back :class:`Derived` or :class:`TenantError`.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from wesley_gen.identifiers import IndexKey, quote
from wesley_gen.model import Index, Policy

HELPER_SCHEMA = "wesley"  # where Wesley puts its helper functions (and never creates)
VIEW = "wesley_user_orgs"
# What the view and the functions read of the membership table.
MEMBERSHIP_COLUMNS = ("user_id", "org_id", "role", "deleted_at")
_MEMBER_FIELDS = (("user_id", "userId"), ("org_id", "orgId", "tenant_id", "tenantId"), ("role", "permission"))
_OWNER_FIELDS = ("created_by", "createdBy", "owner_id", "ownerId")  # the owner column of an INSERT
_PLAIN = re.compile(r"^[a-z_][a-z0-9_]*$")


class TenantError(ValueError):
    """A tenancy Wesley's generator writes SQL for that cannot be applied as the schema stands."""


@dataclass(frozen=True, slots=True)
class TypeInfo:
    """What the tenant model reads of a ``@wes_table`` type."""

    type_name: str
    table: str
    fields: Mapping[str, str]  # field name → column, in field order


@dataclass(frozen=True, slots=True)
class Helper:
    """An object Wesley creates beside the policies: its kind, name and creating statement."""

    kind: str  # "function" or "view"
    name: str
    sql: str


@dataclass(frozen=True, slots=True)
class Derived:
    """What the tenant model adds: per table (name) policies and indexes (and row-level
    security on the tables with policies), the membership table's indexes, the helpers."""

    policies: Mapping[str, tuple[Policy, ...]]
    indexes: Mapping[str, tuple[Index, ...]]
    helpers: tuple[Helper, ...]
    # The tenant policies read the view, which no membership type (nor the tenant preset) makes:
    # Wesley writes them all the same, and PostgreSQL refuses them.
    view_missing: bool = False


def fill(template: str, **names: str) -> str:
    """Constant SQL text with its ``{placeholders}`` replaced by names (quoted by the caller,
    :func:`wesley_gen.identifiers.quote`) or by Wesley's constant bodies."""
    for key, value in names.items():
        template = template.replace("{" + key + "}", value)
    return template


def _body(text: str, indent: str, end: str) -> str:
    """A function body as Wesley lays it out: a line break after ``$$``, every line of ``text``
    indented by ``indent``, ``end`` before the closing ``$$`` (a template literal's margin)."""
    return "\n" + textwrap.indent(text, indent) + end


_SECURE_FUNCTION = (
    "CREATE FUNCTION wesley.{signature} RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER AS $${body}$$"
)
_OWNER_FUNCTION = (
    "CREATE FUNCTION wesley.is_owner(p_created_by uuid) RETURNS boolean LANGUAGE sql IMMUTABLE AS $${body}$$"
)
# Wesley's bodies, unindented (the space after ``auth.uid()`` where a line follows is Wesley's).
_MEMBER_OF = (
    "SELECT EXISTS (\n  SELECT 1 FROM {source}\n  WHERE user_id = auth.uid() AND org_id = p_org_id\n)\n"
)
_HAS_ROLE = (
    "SELECT EXISTS (\n  SELECT 1 FROM {source}\n  WHERE user_id = auth.uid() \n"
    "    AND org_id = p_org_id\n    AND role = ANY(p_roles)\n)\n"
)
_IS_ADMIN = "SELECT EXISTS (\n  SELECT 1 FROM {source}\n  WHERE user_id = auth.uid() \n    AND role IN ('admin', 'owner')\n)\n"
_IS_ORG_ADMIN = (
    "SELECT EXISTS (\n  SELECT 1 FROM {source}\n  WHERE user_id = auth.uid() \n"
    "    AND org_id = p_org_id\n    AND role IN ('admin', 'owner')\n)\n"
)
_IN_ORG_TREE = (
    "WITH RECURSIVE org_tree AS (\n  SELECT org_id FROM {source}\n  WHERE user_id = auth.uid()\n  UNION ALL\n"
    "  SELECT c.id FROM {hierarchy} c\n  JOIN org_tree p ON c.parent_id = p.org_id\n)\n"
    "SELECT p_org_id IN (SELECT org_id FROM org_tree)\n"
)
_IS_OWNER = "SELECT p_created_by = auth.uid()\n"
_PRESET_VIEW = (
    "CREATE VIEW wesley_user_orgs AS SELECT user_id, org_id, role FROM {source} WHERE deleted_at IS NULL"
)
_MODEL_VIEW = "CREATE VIEW wesley_user_orgs AS SELECT m.user_id, m.org_id, m.role FROM {source} AS m WHERE m.deleted_at IS NULL"
_TENANT_MEMBER = "EXISTS (SELECT 1 FROM wesley_user_orgs uo WHERE uo.user_id = auth.uid() AND uo.org_id = {table}.{column})"
_TENANT_OWNER = "{member} AND {owner} = auth.uid()"
_PRESET_INDENT, _PRESET_END = " " * 18, " " * 16  # RLSPresets' template literals


def _secure(name: str, signature: str, body: str, indent: str, end: str, **names: str) -> Helper:
    """One of Wesley's ``STABLE SECURITY DEFINER`` helpers, its body over ``names``."""
    return Helper(
        "function",
        name,
        fill(_SECURE_FUNCTION, signature=signature, body=_body(fill(body, **names), indent, end)),
    )


def _membership_functions(source: str, indent: str, end: str) -> tuple[Helper, Helper]:
    return (
        _secure("is_member_of", "is_member_of(p_org_id uuid)", _MEMBER_OF, indent, end, source=source),
        _secure(
            "has_role_in", "has_role_in(p_org_id uuid, p_roles text[])", _HAS_ROLE, indent, end, source=source
        ),
    )


def admin_helpers(membership: str) -> tuple[Helper, ...]:
    """The ``admin-only`` preset's ``wesley.is_admin()``: an admin or owner in any organisation."""
    source = _sql_name(membership)
    return (_secure("is_admin", "is_admin()", _IS_ADMIN, _PRESET_INDENT, _PRESET_END, source=source),)


def hierarchy_helpers(membership: str, hierarchy: str) -> tuple[Helper, ...]:
    """The ``hierarchical`` preset's ``wesley.in_org_tree`` (the user's organisations and every
    one below them, by ``parent_id``) and ``wesley.is_org_admin``."""
    names = {"source": _sql_name(membership), "hierarchy": _sql_name(hierarchy)}
    return (
        _secure(
            "in_org_tree", "in_org_tree(p_org_id uuid)", _IN_ORG_TREE, _PRESET_INDENT, _PRESET_END, **names
        ),
        _secure(
            "is_org_admin", "is_org_admin(p_org_id uuid)", _IS_ORG_ADMIN, _PRESET_INDENT, _PRESET_END, **names
        ),
    )


def _sql_name(name: str) -> str:
    """A table name as Wesley writes it in SQL text (bare), quoted only where it must be."""
    return name if _PLAIN.match(name) else quote(name)


def preset_helpers(membership: str) -> tuple[Helper, ...]:
    """The ``tenant`` preset's functions (reading the membership table itself) and view, as
    Wesley's ``RLSPresets`` writes them: bodies indented by its template literal's margin."""
    source = _sql_name(membership)
    return (
        *_membership_functions(source, _PRESET_INDENT, _PRESET_END),
        Helper("view", VIEW, fill(_PRESET_VIEW, source=source)),
    )


def _model_helpers(view: bool) -> tuple[Helper, ...]:
    """The tenant model's functions; the two that read the view only when there is one
    (PostgreSQL refuses a SQL function over a relation that does not exist)."""
    owner = Helper("function", "is_owner", fill(_OWNER_FUNCTION, body=_body(_IS_OWNER, "  ", "")))
    return (*_membership_functions(VIEW, "  ", ""), owner) if view else (owner,)


def _membership_type(types: Sequence[TypeInfo]) -> TypeInfo | None:
    """The membership type as Wesley's tenant model finds it: the last whose name contains
    ``member`` with a user, an organisation and a role field."""
    found = None
    for info in types:
        if "member" in info.type_name.lower() and all(
            any(name in info.fields for name in names) for names in _MEMBER_FIELDS
        ):
            found = info
    return found


def _missing_columns(columns: Collection[str]) -> list[str]:
    """The columns the view and the functions read that a membership table lacks."""
    return [c for c in MEMBERSHIP_COLUMNS if c not in columns]


def derive(
    types: Sequence[TypeInfo],
    tenants: Sequence[tuple[TypeInfo, str]],
    preset_view: bool,
    normalize: Callable[[str], str],
) -> Derived:
    """The tenant model of a schema with ``@wes_tenant`` (each type with its ``by:`` field) or
    ``@wes_owner``; ``preset_view``: a ``tenant`` preset made the view already.  Without a
    membership type the tenant policies are Wesley's all the same (over a view nothing makes:
    ``view_missing``), and the functions that would read the view are left out."""
    member = _membership_type(types)
    lacks = _missing_columns(member.fields.values()) if member is not None else []
    if member is not None and lacks:
        raise TenantError(
            f"the membership type {member.type_name} lacks the column {lacks[0]}, which Wesley's view {VIEW} "
            f"reads ({', '.join(MEMBERSHIP_COLUMNS)})"
        )
    helpers: list[Helper] = []
    indexes: dict[str, tuple[Index, ...]] = {}
    if member is not None:
        table, prefix = _sql_name(member.table), f"idx_{member.type_name.lower()}"
        helpers.append(Helper("view", VIEW, fill(_MODEL_VIEW, source=table)))
        indexes[member.table] = (
            Index(f"{prefix}_user_org", ("user_id", "org_id"), where=normalize("deleted_at IS NULL")),
            Index(f"{prefix}_user_id", ("user_id",)),
            Index(f"{prefix}_org_id", ("org_id",)),
        )
    helpers.extend(_model_helpers(member is not None or preset_view))
    policies: dict[str, tuple[Policy, ...]] = {}
    for info, by in tenants:
        policies[info.table], found = _tenant_policies(info, by, normalize)
        indexes[info.table] = indexes.get(info.table, ()) + found
    return Derived(policies, indexes, tuple(helpers), bool(tenants) and member is None and not preset_view)


def _tenant_policies(
    info: TypeInfo, by: str, normalize: Callable[[str], str]
) -> tuple[tuple[Policy, ...], tuple[Index, ...]]:
    """A ``@wes_tenant`` type's policies (SELECT, INSERT, UPDATE: Wesley's default makes no
    DELETE policy) to PUBLIC, and the indexes on its tenant and owner columns."""
    column = info.fields[by]
    member = fill(_TENANT_MEMBER, table=quote(info.table), column=quote(column))
    owner = next((f for f in info.fields if f in _OWNER_FIELDS), None)
    # The server prints the owner column unqualified: the policy's own table is the only one in scope.
    insert = fill(_TENANT_OWNER, member=member, owner=quote(info.fields[owner])) if owner else member
    suffix, name = info.type_name.lower(), f"policy_{info.type_name}_tenant"
    policies = (
        Policy(f"{name}_select_{suffix}", "select", using=normalize(member)),
        Policy(f"{name}_insert_{suffix}", "insert", check=normalize(insert)),
        Policy(f"{name}_update_{suffix}", "update", using=normalize(member), check=normalize(member)),
    )
    keys = [(by, column)] + ([(owner, info.fields[owner])] if owner else [])
    indexes = tuple(
        Index(f"idx_{suffix}_{field.lower()}", (str(IndexKey(column=col)),)) for field, col in keys
    )
    return policies, indexes
