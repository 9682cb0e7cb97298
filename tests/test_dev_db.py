"""Reading a PostgreSQL schema file through a scratch database (``--dev-db``): a file and the
database built from it compare equal, whatever PostgreSQL does to their expressions."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from tests.command import wesley
from tests.pgtools import Server
from wesley_gen.api.changes import dev_server
from wesley_gen.errors import UsageError

# PostgreSQL stores each of these differently from how it is written.
RESPELLED = """\
CREATE TABLE t (
  id integer PRIMARY KEY,
  x integer CHECK (x BETWEEN 1 AND 10),
  y text DEFAULT 'a' CHECK (y IN ('a', 'b')),
  z numeric DEFAULT 1.50,
  w text CHECK (substring(w from 1 for 2) <> 'ab')
);
CREATE INDEX t_lower ON t (lower(y)) WHERE x > 2;
"""


def _databases(server: Server) -> set[str]:
    with psycopg.connect(server.url, autocommit=True) as conn:
        return {row[0] for row in conn.execute("SELECT datname FROM pg_database")}


@pytest.mark.postgres
def test_a_file_compares_equal_to_the_database_built_from_it(
    tmp_path: Path, pg_server: Server, pg_url: str
) -> None:
    schema = tmp_path / "schema.sql"
    schema.write_text(RESPELLED, encoding="utf-8")
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(RESPELLED.encode())
    before = _databases(pg_server)

    as_text = wesley("diff", str(schema), pg_url, "--dev-db", "off")
    assert "t_w_check" in as_text.stdout  # SUBSTRING read as text is not what PostgreSQL stored
    through = wesley("diff", str(schema), pg_url, "--dev-db", pg_server.url)
    assert through.returncode == 0, through.stderr
    assert "no changes" in through.stdout
    assert _databases(pg_server) == before  # the scratch database is gone


@pytest.mark.postgres
def test_a_pg_dump_file_with_psql_meta_commands_runs_in_the_scratch_database(
    tmp_path: Path, pg_server: Server, pg_url: str
) -> None:
    # pg_dump 18 wraps its output in \restrict KEY ... \unrestrict KEY, which psql reads and a
    # server refuses; a line after them that PostgreSQL refuses is still named by its number.
    dump = tmp_path / "dump.sql"
    dump.write_text(f"\\restrict k3y\n{RESPELLED}\\unrestrict k3y\n", encoding="utf-8")
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(RESPELLED.encode())
    result = wesley("diff", str(dump), pg_url, "--dev-db", pg_server.url)
    assert result.returncode == 0, result.stderr
    assert "no changes" in result.stdout
    dump.write_text("\\restrict k3y\nCREATE TABLE b (id no_such_type);\n", encoding="utf-8")
    refused = wesley("diff", str(dump), pg_url, "--dev-db", pg_server.url)
    assert f"{dump}:2: PostgreSQL refuses this schema file" in refused.stderr


@pytest.mark.postgres
def test_a_statement_postgresql_refuses_is_an_error_at_its_line(tmp_path: Path, pg_server: Server) -> None:
    schema = tmp_path / "schema.sql"
    schema.write_text("CREATE TABLE a (id integer);\n\nCREATE TABLE b (id no_such_type);\n", encoding="utf-8")
    before = _databases(pg_server)
    result = wesley("diff", str(schema), str(schema), "--dev-db", pg_server.url)
    assert result.returncode == 2
    assert (
        f'{schema}:3: PostgreSQL refuses this schema file: type "no_such_type" does not exist'
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert _databases(pg_server) == before


def test_when_files_go_through_a_scratch_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no project config around
    database = "postgresql://app@db/app"
    assert dev_server("a.sql", database, dialect="postgres", dev_db=None) == "embedded"
    assert dev_server("a.sql", "b.sql", dialect="postgres", dev_db=None) is None  # two files: as text
    assert dev_server("a.sql", database, dialect="postgres", dev_db="off") is None
    assert dev_server("a.sql", "b.sql", dialect="sqlite", dev_db="embedded") is None
    assert dev_server("a.sql", "b.sql", dialect="postgres", dev_db=database) == database
    with pytest.raises(UsageError, match="must be a PostgreSQL server"):
        dev_server("a.sql", "b.sql", dialect="postgres", dev_db="sqlite:///x.db")
    (tmp_path / "pyproject.toml").write_text('[tool.wesley-gen]\ndev-database = "off"\n', encoding="utf-8")
    assert dev_server("a.sql", database, dialect="postgres", dev_db=None) is None
    assert dev_server("a.sql", database, dialect="postgres", dev_db="embedded") == "embedded"
