"""Date/time literals in checks and defaults: the file, the generated contract and the catalog
agree whatever the session's time zone (``TimeZone``) on the server.

wesley-gen reads a ``timestamptz`` literal without an offset as UTC
(``expressions.typed_literal``), writes it in DDL with the offset
(``expressions.absolute_timestamps``), and reads the catalog with ``TimeZone`` UTC
(``expressions.CATALOG_SETTINGS``): PostgreSQL itself would read the literal in the session's
zone and print the stored instant in it."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from tests.command import wesley
from tests.pgtools import Server

SCHEMA = """\
CREATE TABLE events (
  id integer PRIMARY KEY,
  starts timestamptz NOT NULL DEFAULT '2015-01-01',
  day date,
  CONSTRAINT events_starts_check CHECK (starts >= '2015-01-01 00:00:00'::timestamp with time zone AND starts < '2016-01-01'),
  CONSTRAINT events_day_check CHECK (day BETWEEN '2015-1-1' AND '2015-12-31')
);
"""


@pytest.mark.postgres
def test_a_timestamptz_literal_migrates_to_the_same_instant_in_any_session_time_zone(
    tmp_path: Path, pg_server: Server, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty, schema = tmp_path / "empty.sql", tmp_path / "schema.sql"
    empty.write_text("", encoding="utf-8")
    schema.write_text(SCHEMA, encoding="utf-8")
    monkeypatch.setenv("PGTZ", "Asia/Kolkata")  # libpq's: every session of wesley-gen starts in it
    migrations = tmp_path / "migrations"
    generated = wesley("generate", str(empty), str(schema), "-o", str(migrations / "0001_events"))
    assert generated.returncode == 0, generated.stderr
    # with the contract's drift check: the live schema is the TO schema
    up = wesley(
        "migrate", "up", "--db", pg_url, "--migrations", str(migrations), "--target", "test", "--force",
        "--lock-timeout", "0",
    )  # fmt: skip
    assert up.returncode == 0, up.stdout + up.stderr
    with psycopg.connect(pg_url) as conn:
        conn.execute("SET TimeZone = 'UTC'")
        stored = conn.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'events_starts_check'"
        ).fetchone()
    assert stored is not None
    assert "'2015-01-01 00:00:00+00'" in stored[0]  # midnight UTC, not midnight in Kolkata
    for dev_db in ("off", pg_server.url):  # the file read as text, and through a scratch database
        compared = wesley("diff", str(schema), pg_url, "--dev-db", dev_db)
        assert compared.returncode == 0, compared.stderr
        assert "no changes" in compared.stdout
