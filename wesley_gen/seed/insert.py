"""Writing seed rows to SQLite or PostgreSQL in one transaction: bulk first, row by row (skipping
refused rows) where the generator could not judge every constraint."""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from wesley_gen import identifiers
from wesley_gen.database_url import DatabaseUrl
from wesley_gen.errors import DatabaseError, InputError, Location, WesleyGenError
from wesley_gen.identifiers import ident
from wesley_gen.model import valued_default
from wesley_gen.progress import Advance
from wesley_gen.seed.analysis import analyze
from wesley_gen.seed.data import GENERATED, SeedData, TableRows

if TYPE_CHECKING:
    import psycopg
    from psycopg import sql

    from wesley_gen.model import Schema


def insert_seed(database: DatabaseUrl, data: SeedData, *, advance: Advance | None = None) -> dict[str, int]:
    """Insert ``data`` into ``database`` in one transaction; rows kept per table.  ``advance``
    is told each table's rows once they are written.

    Tables are written in bulk (COPY on PostgreSQL, executemany on SQLite).  A table whose
    checks or unique indexes the generator could not read, or whose parent lost rows, is
    written row by row when the bulk write fails, skipping the rows the database refuses:
    its count is then lower than its number of rows.  Anywhere else a refused row is an
    error (:class:`InputError` at the fixture file for fixture rows) and nothing is written.
    """
    from wesley_gen.load import load_schema

    schema = load_schema(database).schema
    careful = {t.name for t in schema.tables if analyze(t, schema).unreadable}
    parents = {
        t.name: {fk.ref_table for fk in t.foreign_keys if fk.ref_table != t.name} for t in schema.tables
    }
    counts: dict[str, int] = {}
    writer = _SqliteWriter(database) if database.is_sqlite else _PostgresWriter(database)
    try:
        with writer:
            for table in data.tables:
                lenient = table.table in careful or any(
                    counts.get(p, 0) < _size(data, p) for p in parents.get(table.table, ())
                )
                rows, last = _on_defaults(table, schema)
                counts[table.table] = writer.insert(rows, lenient=lenient) if rows.rows else 0
                if last is not None:
                    # Once the sequences are past the written keys, so that a counter default
                    # draws a free one.  A row a constraint refuses (a constant default that a
                    # unique key already holds) is skipped; a default that cannot be evaluated fails.
                    writer.finish(SeedData((rows,), ()))
                    counts[table.table] += writer.insert(last, lenient=True)
                if advance is not None:
                    advance(len(table.rows))
            writer.finish(data)
    except writer.failures as error:
        raise DatabaseError(f"cannot seed {database.redacted}: {_first_line(error)}") from None
    return counts


def _on_defaults(table: TableRows, schema: Schema) -> tuple[TableRows, TableRows | None]:
    """The rows to write as given, and the last generated row without the columns that have
    a default: written so, it makes the database evaluate every default once, as an
    application's insert would (``rehearse`` then fails on a default the database lacks).
    A column another table's foreign key references keeps its value, since child rows may
    point at it."""
    definition = schema.table(table.table)
    if table.source != GENERATED or definition is None or not table.rows:
        return table, None
    referenced = {(fk.ref_table, c) for t in schema.tables for fk in t.foreign_keys for c in fk.ref_columns}
    defaulted = {
        c.name
        for c in definition.columns
        if valued_default(c) is not None and c.generated is None and (table.table, c.name) not in referenced
    }
    keep = [i for i, name in enumerate(table.columns) if name not in defaulted]
    if not defaulted & set(table.columns) or not keep:
        return table, None
    last = table.rows[-1]
    relying = TableRows(
        table.table, tuple(table.columns[i] for i in keep), (tuple(last[i] for i in keep),), table.source
    )
    return replace(table, rows=table.rows[:-1]), relying


def _size(data: SeedData, table: str) -> int:
    return next((len(t.rows) for t in data.tables if t.table == table), 0)


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _refused(table: TableRows, error: Exception) -> WesleyGenError:
    """The error for a row the database refused outside a lenient table."""
    reason = _first_line(error)
    if table.source != GENERATED:
        return InputError(
            f"the database refused a fixture row of {table.table}: {reason}", location=Location(table.source)
        )
    return DatabaseError(f"the database refused a generated row of {table.table}: {reason}")


class _Writer:
    failures: tuple[type[Exception], ...] = ()  # the driver's errors

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self.close(commit=kind is None)

    def insert(self, table: TableRows, *, lenient: bool) -> int:
        raise NotImplementedError

    def finish(self, data: SeedData) -> None:
        """Work after the rows are in (PostgreSQL moves sequences)."""

    def close(self, *, commit: bool) -> None:
        raise NotImplementedError


def _sqlite_value(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


class _SqliteWriter(_Writer):
    failures = (sqlite3.Error,)

    def __init__(self, url: DatabaseUrl) -> None:
        try:
            self.conn: sqlite3.Connection = sqlite3.connect(
                url.sqlite_uri("rw"), uri=True, isolation_level=None
            )
        except sqlite3.Error as error:
            raise DatabaseError(f"cannot open {url.redacted}: {error}") from None
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("BEGIN")

    def insert(self, table: TableRows, *, lenient: bool) -> int:
        from sqlglot import exp

        statement = exp.Insert(
            this=exp.Schema(
                this=identifiers.table(table.table), expressions=[ident(c) for c in table.columns]
            ),
            expression=exp.Values(
                expressions=[exp.Tuple(expressions=[exp.Placeholder() for _ in table.columns])]
            ),
        ).sql(dialect="sqlite")
        rows = [tuple(_sqlite_value(v) for v in row) for row in table.rows]
        refused = (sqlite3.IntegrityError, sqlite3.DataError)
        if not lenient:
            try:
                self.conn.executemany(statement, rows)
            except refused as error:
                raise _refused(table, error) from None
            return len(rows)
        self.conn.execute("SAVEPOINT seed_table")
        try:
            self.conn.executemany(statement, rows)
            return len(rows)
        except refused:
            self.conn.execute("ROLLBACK TO seed_table")
        finally:
            self.conn.execute("RELEASE seed_table")
        kept = 0
        for row in rows:
            with suppress(*refused):  # a failed statement is undone alone, the transaction stays
                self.conn.execute(statement, row)
                kept += 1
        return kept

    def close(self, *, commit: bool) -> None:
        try:
            self.conn.execute("COMMIT" if commit else "ROLLBACK")
        finally:
            self.conn.close()


def _pg_text(value: Any) -> str | None:
    """A value as the text PostgreSQL casts to the column's type."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return "\\x" + value.hex()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _PostgresWriter(_Writer):
    def __init__(self, url: DatabaseUrl) -> None:
        import psycopg

        self.psycopg = psycopg
        self.failures = (psycopg.Error,)
        try:
            self.conn: psycopg.Connection[Any] = psycopg.connect(url.text)
        except psycopg.OperationalError as error:
            raise DatabaseError(f"cannot connect to {url.redacted}: {error}") from None
        # This opens the one transaction; each `conn.transaction()` below is a savepoint in it.
        self.conn.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def _name(self, table: str) -> sql.Identifier:
        from psycopg import sql

        schema, dot, name = table.rpartition(".")
        return sql.Identifier(schema, name) if dot else sql.Identifier(name)

    def insert(self, table: TableRows, *, lenient: bool) -> int:
        from psycopg import sql

        psycopg = self.psycopg
        columns = sql.SQL(", ").join(sql.Identifier(c) for c in table.columns)
        copy = sql.SQL("COPY {} ({}) FROM STDIN").format(self._name(table.table), columns)
        try:
            with self.conn.transaction(), self.conn.cursor() as cursor, cursor.copy(copy) as writer:
                for row in table.rows:
                    writer.write_row(row)
            return len(table.rows)
        except psycopg.OperationalError:
            raise
        except (psycopg.IntegrityError, psycopg.DataError) as error:
            if not lenient:
                raise _refused(table, error) from None
        except psycopg.Error:
            if not lenient:
                raise
        return self._row_by_row(table, columns)

    def _row_by_row(self, table: TableRows, columns: sql.Composable) -> int:
        """Insert each row in its own subtransaction (a savepoint), keeping those the database accepts.

        The rows go to a temporary table as text first, and one server-side loop inserts
        them in order, so a refused row costs no round trip.
        """
        from psycopg import sql

        name = self._name(table.table)
        types = dict(
            self.conn.execute(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [name.as_string(self.conn)],
            ).fetchall()
        )
        slots = [sql.Identifier(f"c{i}") for i in range(len(table.columns))]
        self.conn.execute(
            sql.SQL("CREATE TEMPORARY TABLE wesley_seed_rows (ord integer, {}) ON COMMIT DROP").format(
                sql.SQL(", ").join(sql.SQL("{} text").format(slot) for slot in slots)
            )
        )
        with self.conn.cursor() as cursor, cursor.copy("COPY wesley_seed_rows FROM STDIN") as copy:
            for number, row in enumerate(table.rows):
                copy.write_row([number, *(_pg_text(v) for v in row)])
        values = sql.SQL(", ").join(
            sql.SQL("r.{}::{}").format(slot, sql.SQL(types[column]))
            for slot, column in zip(slots, table.columns, strict=True)
        )
        count = sql.SQL("SELECT count(*) FROM {}").format(name)
        before = self.conn.execute(count).fetchone()
        self.conn.execute(
            sql.SQL(
                "DO $seed$ DECLARE r record; BEGIN"
                " FOR r IN SELECT * FROM wesley_seed_rows ORDER BY ord LOOP"
                " BEGIN INSERT INTO {} ({}) OVERRIDING SYSTEM VALUE VALUES ({});"
                " EXCEPTION WHEN OTHERS THEN NULL; END;"
                " END LOOP; END $seed$"
            ).format(name, columns, values)
        )
        after = self.conn.execute(count).fetchone()
        self.conn.execute("DROP TABLE wesley_seed_rows")
        assert before is not None and after is not None
        return int(after[0]) - int(before[0])

    def finish(self, data: SeedData) -> None:
        """Move every sequence that feeds a written column past the column's largest value."""
        from psycopg import sql

        for table in data.tables:
            if not table.rows:
                continue
            name = self._name(table.table)
            found = self.conn.execute(
                "SELECT a.attname, COALESCE(pg_get_serial_sequence(%(t)s, a.attname),"
                " substring(pg_get_expr(d.adbin, d.adrelid) from '^nextval\\(''(.*)''::regclass\\)$'))"
                " FROM pg_attribute AS a LEFT JOIN pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                " WHERE a.attrelid = %(t)s::regclass AND a.attnum > 0 AND NOT a.attisdropped"
                " AND a.atttypid IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype)",
                {"t": name.as_string(self.conn)},
            ).fetchall()
            for column, sequence in found:
                if sequence is None or column not in table.columns:
                    continue
                self.conn.execute(
                    sql.SQL(
                        "SELECT setval(%s::regclass, GREATEST(m, 1), m >= 1)"
                        " FROM (SELECT max({})::bigint AS m FROM {}) AS s WHERE m IS NOT NULL"
                    ).format(sql.Identifier(column), name),
                    [sequence],
                )

    def close(self, *, commit: bool) -> None:
        try:
            if commit:
                self.conn.commit()
            else:
                self.conn.rollback()
        finally:
            self.conn.close()
