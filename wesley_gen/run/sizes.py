"""How big each table of a live database is: what ``explain --db`` weighs a statement's lock
against (``scans ~1.2M rows (~95 MB)``).

PostgreSQL: the planner's estimate, ``pg_class.reltuples`` and ``relpages`` times the block
size, read from the catalog without touching a table (a table never analysed, whose
``reltuples`` is -1, is counted instead).  SQLite keeps no estimate: each table's rows are
counted, and the bytes are not known.
"""

from __future__ import annotations

from wesley_gen.database_url import DatabaseUrl
from wesley_gen.errors import DatabaseError, Location, redact
from wesley_gen.identifiers import command, ident
from wesley_gen.locks import TableSize

_POSTGRES = """
    SELECT n.nspname, c.relname, c.reltuples::bigint,
           c.relpages::bigint * current_setting('block_size')::bigint
    FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname NOT LIKE 'pg\\_%%' AND n.nspname <> 'information_schema'
"""


def table_sizes(url: DatabaseUrl) -> dict[str, TableSize]:
    """Each table's size by its name as a statement names it (``users``; ``app.users`` outside
    the default schema)."""
    try:
        return _sqlite(url) if url.is_sqlite else _postgres(url)
    except Exception as error:  # the drivers' errors: one line, password hidden
        lines = str(error).strip().splitlines()
        reason = redact(lines[0] if lines else type(error).__name__)
        raise DatabaseError(
            f"cannot read the tables' sizes: {reason}", location=Location(url.redacted)
        ) from None


def _sqlite(url: DatabaseUrl) -> dict[str, TableSize]:
    import sqlite3

    conn = sqlite3.connect(url.sqlite_uri("ro"), uri=True)
    try:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            )
        ]
        return {
            name: TableSize(
                conn.execute(command("SELECT count(*) FROM {t}", "sqlite", t=ident(name))).fetchone()[0], None
            )
            for name in names
        }
    finally:
        conn.close()


def _postgres(url: DatabaseUrl) -> dict[str, TableSize]:
    import psycopg
    from psycopg import sql

    conninfo, schema = url.split_schema()
    default = schema or "public"
    found: dict[str, TableSize] = {}
    with psycopg.connect(conninfo, connect_timeout=10) as conn:
        for namespace, name, rows, size in conn.execute(_POSTGRES).fetchall():
            if rows < 0:  # never analysed: count it
                counted = conn.execute(
                    sql.SQL("SELECT count(*) FROM {}.{}").format(
                        sql.Identifier(namespace), sql.Identifier(name)
                    )
                ).fetchone()
                rows = counted[0] if counted else 0
            key = name if namespace == default else f"{namespace}.{name}"
            found[key] = TableSize(int(rows), int(size))
    return found
