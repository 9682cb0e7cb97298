"""PostgreSQL: a new column numbered by a sequence (``serial``, a ``nextval`` default) is
added without rewriting its table (issue 14).

Added with its default, PostgreSQL would evaluate ``nextval`` for every existing row under
ACCESS EXCLUSIVE.  expand.sql adds it without one, then sets the default (new rows are
numbered from then on); the backfill numbers the existing rows in batches; the swap sets
NOT NULL through a validated check.  The table's file node stays the same throughout: no
rewrite.
"""

from __future__ import annotations

from pathlib import Path

from tests.database import execute, fetch
from tests.pgtools import Server, fresh_database
from tests.test_migrate_run import wesley
from tests.test_sync_trigger import run_backfill, run_steps
from wesley_gen.statements import of_steps, read_manifest

OLD = "CREATE TABLE t (id integer PRIMARY KEY, name text);\n"
NEW = (
    "CREATE SEQUENCE own_seq;\n"
    "CREATE TABLE t (id integer PRIMARY KEY, name text, n serial, d bigint NOT NULL DEFAULT nextval('own_seq'));\n"
)
FILE_NODE = "SELECT relfilenode FROM pg_class WHERE relname = 't'"


def test_existing_rows_are_numbered_in_batches_and_new_rows_by_the_default(
    tmp_path: Path, pg_server: Server
) -> None:
    (tmp_path / "old.sql").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.sql").write_text(NEW, encoding="utf-8")
    made = wesley("generate", "old.sql", "new.sql", "-o", "m", "--dialect", "postgres", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    folder = tmp_path / "m"
    added = [s.sql for s in of_steps(read_manifest(folder), "expand") if "ADD COLUMN" in s.sql]
    assert added and not any("NEXTVAL" in sql.upper() or "SERIAL" in sql.upper() for sql in added), added
    with fresh_database(pg_server) as url:
        execute(url, OLD, "INSERT INTO t SELECT i, 'n' || i FROM generate_series(1, 30) i")
        node = fetch(url, FILE_NODE)
        run_steps(folder, url, "expand")
        execute(url, "INSERT INTO t (id, name) VALUES (31, 'after expand')")  # the application, meanwhile
        assert fetch(url, "SELECT n IS NOT NULL AND d IS NOT NULL FROM t WHERE id = 31") == [(True,)]
        run_backfill(folder, url)
        run_steps(folder, url, "swap")
        execute(url, "INSERT INTO t (id, name) VALUES (32, 'after swap')")
        assert fetch(url, "SELECT count(*), count(DISTINCT n), count(DISTINCT d) FROM t") == [(32, 32, 32)]
        assert fetch(url, FILE_NODE) == node
        assert fetch(
            url,
            "SELECT attname FROM pg_attribute WHERE attrelid = 't'::regclass AND attnotnull AND attnum > 0 ORDER BY attnum",
        ) == [("id",), ("n",), ("d",)]
        owned = "SELECT pg_get_serial_sequence('t', 'n')"
        assert fetch(url, owned) == [("public.t_n_seq",)]
        run_steps(folder, url, "undo-swap", "undo-expand")
        assert fetch(url, "SELECT count(*) FROM pg_class WHERE relname IN ('t_n_seq', 'own_seq')") == [(0,)]
