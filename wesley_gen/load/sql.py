"""SQL DDL → :class:`~wesley_gen.model.Schema`, in PostgreSQL's or SQLite's dialect.

Each dialect has its own reader (``postgres_ddl`` through pglast's JSON parse tree,
``sqlite_ddl`` through sqlglot) that feeds one :class:`~wesley_gen.load.ddl.DdlBuilder`,
which owns what both dialects share and validates the result.  Only the reader of the
dialect asked for is imported.
"""

from __future__ import annotations

from wesley_gen.load.ddl import DdlBuilder
from wesley_gen.load.loaded import Loaded


def load_sql(text: str, source: str, *, dialect: str = "postgres") -> Loaded:
    """Load and validate DDL ``text`` written in ``dialect`` (``postgres`` or ``sqlite``)."""
    builder = DdlBuilder(text, source, dialect)
    if dialect == "sqlite":
        from wesley_gen.load.sqlite_ddl import read_sqlite_ddl

        read_sqlite_ddl(text, builder)
    else:
        from wesley_gen.load.postgres_ddl import read_postgres_ddl

        read_postgres_ddl(text, builder)
    return builder.finish()
