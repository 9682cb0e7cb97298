"""The roles a migration's schemas name, and whether a PostgreSQL server has them.

wesley-gen does not manage roles: a migration that gives an object to a role, grants to it or
names it in a policy needs the role to exist.  ``migrate up`` says which are missing before it
runs anything; ``rehearse`` makes them on its own disposable server (NOLOGIN: they only name
owners and grantees there) and, on a server of the user's, says which to make.
"""

from __future__ import annotations

from collections.abc import Iterable

from wesley_gen.database_url import DatabaseUrl
from wesley_gen.identifiers import command, ident
from wesley_gen.load.objects import named_roles
from wesley_gen.model import Schema


def missing_roles(url: DatabaseUrl, schemas: Iterable[Schema]) -> list[str]:
    """The roles ``schemas`` name that the PostgreSQL server at ``url`` lacks, sorted (none
    on SQLite, which has no roles: psycopg, an extra, is imported only for PostgreSQL)."""
    if url.is_sqlite:
        return []
    wanted = sorted(frozenset().union(*(named_roles(s) for s in schemas)))
    if not wanted:
        return []
    import psycopg

    with psycopg.connect(url.text, autocommit=True, connect_timeout=5) as conn:
        found = conn.execute(
            b"SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY(%s)", (wanted,)
        ).fetchall()
    return sorted(set(wanted) - {name for (name,) in found})


def roles_hint(missing: Iterable[str]) -> str:
    """What to do about roles a server lacks: make them (wesley-gen does not manage roles)."""
    made = "; ".join(command("CREATE ROLE {r}", "postgres", r=ident(r)) for r in missing)
    return f"create them first ({made}): wesley-gen does not manage roles"


def create_roles(url: DatabaseUrl, roles: Iterable[str]) -> None:
    """``CREATE ROLE … NOLOGIN`` of each of ``roles`` on the server at ``url`` (a disposable one)."""
    import psycopg

    with psycopg.connect(url.text, autocommit=True, connect_timeout=5) as conn:
        for role in roles:
            conn.execute(command("CREATE ROLE {r} NOLOGIN", "postgres", r=ident(role)).encode("utf-8"))
