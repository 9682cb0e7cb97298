"""Scratch PostgreSQL databases to read a DDL file through (the dev database of Atlas, the
shadow database of Prisma).

PostgreSQL rewrites what it stores: ``x BETWEEN 1 AND 10`` becomes
``(x >= 1) AND (x <= 10)``, ``IN (…)`` becomes ``= ANY (ARRAY[…])``, literals get casts.
Reading a schema file's text can only guess at that; running the file in an empty
database and reading the catalog back gives the server's own spelling, so a file and a
database built from it compare equal.  Each scratch database is created for one file
and dropped afterwards, on the embedded server (started once for all of them) or on a
server of the user's (``--dev-db URL``: its maintenance database, where wesley-gen may
create and drop databases).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from wesley_gen.database_url import DatabaseUrl
from wesley_gen.errors import DatabaseError, InputError, Location, first_line
from wesley_gen.load.ddl import without_psql_meta_commands
from wesley_gen.run import testdb

EMBEDDED = "embedded"


@contextmanager
def scratch_databases(count: int, server: str) -> Iterator[list[DatabaseUrl]]:
    """``count`` empty PostgreSQL databases on one server, dropped (and the embedded server
    stopped) afterwards, however the block ends.

    ``server``: ``"embedded"``, or the maintenance-database URL of a server of one's own.
    """
    with ExitStack() as stack:
        databases = []
        admin_url = None if server == EMBEDDED else server
        for _ in range(count):
            database = testdb.up("postgres", server_url=admin_url, owned=True)
            stack.callback(testdb.down, database)  # dropped in reverse order: the server stops last
            databases.append(database)
            if admin_url is None:  # the embedded server the first one started serves the others
                admin_url = testdb.database_url(database.url, "postgres")
        yield [DatabaseUrl.parse(d.url) for d in databases]


def execute_ddl(url: DatabaseUrl, text: str, source: str) -> None:
    """Run a schema file's DDL in the scratch database; a statement PostgreSQL refuses is an
    error at its line of ``source``."""
    import psycopg

    sql = without_psql_meta_commands(text)[0]  # the same lines as ``text``
    try:
        with psycopg.connect(url.text, autocommit=True) as conn:
            # A timestamptz literal without an offset is read as UTC, as the model reads it
            # (expressions.typed_literal), whatever the server's own time zone.
            conn.execute("SELECT set_config('TimeZone', 'UTC', false)")
            conn.execute(sql.encode("utf-8"))
    except psycopg.errors.OperationalError as error:
        raise DatabaseError(f"the scratch database failed: {first_line(error)}") from None
    except psycopg.Error as error:
        position = error.diag.statement_position
        line = sql.count("\n", 0, int(position) - 1) + 1 if position else None
        raise InputError(
            f"PostgreSQL refuses this schema file: {first_line(error)}",
            location=Location(source, line),
            hint="wesley-gen reads PostgreSQL .sql files through a scratch database (--dev-db); "
            "the file must run on an empty database",
        ) from None
