"""PostgreSQL's row-level security, policies and grants: one renderer per action.

Each change is a catalog change run in the swap's transaction (``wesley_gen.phases``);
its reverse, which rollback.sql runs, is rendered by the same functions.  Names are quoted
by :mod:`wesley_gen.identifiers`; a policy's expressions are written as the schema holds
them (PostgreSQL's own text where it gave one); privileges and commands are keywords of
fixed lists, checked before they are written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

import wesley_gen.changes as ch
from wesley_gen.errors import InputError
from wesley_gen.identifiers import command, ddl_expression, ident
from wesley_gen.identifiers import table as table_ref
from wesley_gen.model import (
    ALL_PRIVILEGES,
    MAINTAIN_SINCE,
    POLICY_COMMANDS,
    PUBLIC_ROLE,
    TABLE_PRIVILEGES,
    Grant,
    Policy,
)
from wesley_gen.phases import Operation
from wesley_gen.render.sql.ddl import since_server
from wesley_gen.render.sql.registry import Context, renders

if TYPE_CHECKING:
    from sqlglot import exp

D = "postgres"
_PRIVILEGES = frozenset({*TABLE_PRIVILEGES, ALL_PRIVILEGES})
_KINDS = {True: "AS PERMISSIVE", False: "AS RESTRICTIVE"}
_GRANT = {False: "GRANT {p} ON TABLE {t} TO {r}", True: "GRANT {p} ON TABLE {t} TO {r} WITH GRANT OPTION"}


def _words(text: str) -> exp.Expr:
    from sqlglot import exp

    return exp.var(text)


def _roles(roles: tuple[str, ...]) -> exp.Expr:
    """``PUBLIC`` or each role quoted, comma-separated."""
    return _words(", ".join("PUBLIC" if r == PUBLIC_ROLE else ident(r).sql(dialect=D) for r in roles))


def _clauses(policy: Policy, *, create: bool) -> exp.Expr:
    """What follows ``ON table``: kind and command (CREATE only), roles, USING, WITH CHECK."""
    if policy.command not in POLICY_COMMANDS:
        raise InputError(f"policy {policy.name}: unknown command {policy.command!r}")
    parts = []
    if create:
        parts += [_KINDS[policy.permissive], "FOR", policy.command.upper()]
    parts.append("TO " + _roles(policy.roles).sql(dialect=D))
    for keyword, text in (("USING", policy.using), ("WITH CHECK", policy.check)):
        if text is not None:
            parts.append(f"{keyword} ({ddl_expression(text, D, bracketed=True).sql(dialect=D)})")
    return _words(" ".join(parts))


@renders(D, ch.AddPolicy.op)
def add_policy(op: Operation, context: Context) -> list[str]:
    change = op.of(ch.AddPolicy)
    policy = change.definition
    return [
        command(
            "CREATE POLICY {n} ON {t} {c}", n=ident(policy.name), t=table_ref(change.table),
            c=_clauses(policy, create=True),
        )
    ]  # fmt: skip


@renders(D, ch.DropPolicy.op)
def drop_policy(op: Operation, context: Context) -> list[str]:
    change = op.of(ch.DropPolicy)
    return [command("DROP POLICY {n} ON {t}", n=ident(change.name), t=table_ref(change.table))]


@renders(D, ch.AlterPolicy.op)
def alter_policy(op: Operation, context: Context) -> list[str]:
    change = op.of(ch.AlterPolicy)
    return [
        command(
            "ALTER POLICY {n} ON {t} {c}", n=ident(change.name), t=table_ref(change.table),
            c=_clauses(change.new, create=False),
        )
    ]  # fmt: skip


@renders(D, ch.AlterRowSecurity.op)
def alter_row_security(op: Operation, context: Context) -> list[str]:
    change = op.of(ch.AlterRowSecurity)
    statements = []
    (was_on, was_forced), (on, forced) = change.old, change.new
    if was_on != on:
        template = (
            "ALTER TABLE {t} ENABLE ROW LEVEL SECURITY"
            if on
            else "ALTER TABLE {t} DISABLE ROW LEVEL SECURITY"
        )
        statements.append(command(template, t=table_ref(change.table)))
    if was_forced != forced:
        template = (
            "ALTER TABLE {t} FORCE ROW LEVEL SECURITY"
            if forced
            else "ALTER TABLE {t} NO FORCE ROW LEVEL SECURITY"
        )
        statements.append(command(template, t=table_ref(change.table)))
    return statements


def _privilege(grant: Grant) -> exp.Expr:
    """``SELECT`` or ``UPDATE ("email")``: a privilege of the fixed list, on the table or a column."""
    if grant.privilege not in _PRIVILEGES:
        raise InputError(f"grant {grant.name}: unknown privilege {grant.privilege!r}")
    on = "" if grant.column is None else f" ({ident(grant.column).sql(dialect=D)})"
    return _words(grant.privilege + on)


@renders(D, ch.AddGrant.op)
def add_grant(op: Operation, context: Context) -> list[str]:
    change = op.of(ch.AddGrant)
    return _granted(change.table, change.definition)


def _granted(table: str, grant: Grant) -> list[str]:
    return as_grantor(
        grant.grantor,
        [
            _maintained(
                grant,
                command(
                    _GRANT[grant.grantable],
                    p=_privilege(grant),
                    t=table_ref(table),
                    r=_roles((grant.grantee,)),
                ),
            )
        ],
    )


def _maintained(grant: Grant, statement: str) -> str:
    """A grant's (or its revoke's) statement, of MAINTAIN on PostgreSQL 17+ only."""
    return _since_maintain(statement) if grant.privilege == "MAINTAIN" else statement


P = TypeVar("P")


def maintain_where_it_exists(
    privileges: Sequence[P], statement: Callable[[Sequence[P]], str], word: Callable[[P], str]
) -> str:
    """The ``statement`` of ``privileges`` (each named by ``word``); where one is MAINTAIN, run on
    PostgreSQL 17 and later only, and before it the ``statement`` of the others, if any."""
    others = [privilege for privilege in privileges if word(privilege) != "MAINTAIN"]
    if len(others) == len(privileges):
        return statement(privileges)
    return _since_maintain(statement(privileges), statement(others) if others else None)


def _since_maintain(statement: str, older: str | None = None) -> str:
    """``statement``, which names MAINTAIN, run on PostgreSQL 17 and later only; before, ``older``
    (the same without MAINTAIN), if any: an older server refuses the word ("unrecognized
    privilege type") and has nothing of it to give or take (its GRANT ALL is the other seven)."""
    return since_server(MAINTAIN_SINCE, statement, older)


def as_grantor(grantor: str | None, statements: list[str]) -> list[str]:
    """``statements`` run as a grant's grantor when not the owner (``None``): ``SET ROLE``, as
    pg_dump's ``SET SESSION AUTHORIZATION`` (PostgreSQL takes ``GRANTED BY`` on an object only for
    the current user), so that the grant is made, or revoked, as that role's."""
    if grantor is None:
        return statements
    return [command("SET ROLE {g}", g=_roles((grantor,))), *statements, "RESET ROLE"]


@renders(D, ch.DropGrant.op)
def drop_grant(op: Operation, context: Context) -> list[str]:
    change = op.of(ch.DropGrant)
    grant = change.definition
    template = (
        "REVOKE {p} ON TABLE {t} FROM {r} CASCADE" if grant.grantable else "REVOKE {p} ON TABLE {t} FROM {r}"
    )
    revoke = _maintained(
        grant, command(template, p=_privilege(grant), t=table_ref(change.table), r=_roles((grant.grantee,)))
    )
    return [
        *as_grantor(grant.grantor, [revoke]),
        *(s for g in change.regrant for s in _granted(change.table, g)),
    ]
