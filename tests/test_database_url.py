"""The one reader of database URLs: dialect, SQLite file, redacted form, refusals."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from wesley_gen.database_url import DatabaseUrl, is_database_url
from wesley_gen.errors import InputError, UsageError, WesleyGenError


@pytest.mark.parametrize(
    ("text", "dialect", "path"),
    [
        ("sqlite:///app.db", "sqlite", "app.db"),
        ("sqlite:///dir/app.db?mode=ro", "sqlite", "dir/app.db"),
        ("sqlite:////abs/app.db", "sqlite", "/abs/app.db"),
        ("postgresql://app@db/app", "postgres", ""),
        ("postgres://app:secret@db:5433/app?sslmode=require", "postgres", ""),
    ],
)
def test_parse_reads_dialect_and_file(text: str, dialect: str, path: str) -> None:
    url = DatabaseUrl.parse(text)
    assert (url.text, url.dialect, url.path) == (text, dialect, path)
    assert url.is_sqlite == (dialect == "sqlite")
    assert is_database_url(text)


def test_the_password_is_never_shown() -> None:
    url = DatabaseUrl.parse("postgresql://someone:hunter2@db/app")
    assert url.redacted == "postgresql://someone:***@db/app"
    assert "hunter2" not in repr(url)
    assert "hunter2" not in str(url)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("mysql://app@db/app", "not a database URL"),
        ("app.db", "not a database URL"),
        ("sqlite://host/x.db", "not a SQLite URL"),
        ("sqlite:app.db", "not a SQLite URL"),
        ("sqlite:///", "a SQLite URL must name a database file"),
        ("sqlite:///:memory:", "a SQLite URL must name a database file"),
        ("sqlite:///?mode=ro", "a SQLite URL must name a database file"),
    ],
)
def test_anything_else_is_refused_at_the_url(text: str, reason: str) -> None:
    with pytest.raises(UsageError) as caught:
        DatabaseUrl.parse(text)
    assert caught.value.reason == reason
    assert str(caught.value) == f"{text}: {reason}"
    assert caught.value.exit_code == 2


def test_a_refusal_hides_the_password_and_takes_the_callers_class() -> None:
    with pytest.raises(InputError) as caught:
        DatabaseUrl.parse("mysql://someone:hunter2@db/app", error=InputError)
    assert "hunter2" not in str(caught.value)
    assert isinstance(caught.value, WesleyGenError)


def test_sqlite_uri_opens_the_file_and_never_creates_one(tmp_path: Path) -> None:
    missing = DatabaseUrl.parse(f"sqlite:///{tmp_path / 'a b%.db'}")
    with pytest.raises(sqlite3.OperationalError):
        sqlite3.connect(missing.sqlite_uri("ro"), uri=True)
    sqlite3.connect(missing.sqlite_uri("rwc"), uri=True).close()
    assert missing.sqlite_file == tmp_path / "a b%.db"
    assert missing.sqlite_file.exists()


def test_importing_it_stays_light() -> None:
    """Every command reads a URL; none should pay for a driver or a parser to do so."""
    probe = "import sys, wesley_gen.database_url; print(sorted({'psycopg', 'sqlglot'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
