"""Loaders: every form of a schema into one :class:`~wesley_gen.model.Schema`.

The argument decides the loader: ``*.graphql``/``*.gql`` (Wesley SDL),
``*.sql`` (DDL in ``dialect``), ``*.json`` (a wesley-gen snapshot),
``sqlite:///path`` and ``postgresql://…`` (a live database).  Each loader module
is imported only when its kind of input is asked for, so the heavy parsers never
slow down commands that do not need them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wesley_gen.errors import InputError, Location
from wesley_gen.model import Schema

DIALECTS = ("postgres", "sqlite")
SDL_SUFFIXES = (".graphql", ".gql")


@dataclass(frozen=True, slots=True)
class Loaded:
    """A loaded schema with what the user should hear about its source."""

    schema: Schema
    source: str
    warnings: tuple[str, ...] = ()


def is_database_url(source: str) -> bool:
    return source.startswith(("sqlite://", "postgresql://", "postgres://"))


def load_schema(source: str, *, dialect: str = "postgres") -> Loaded:
    """Load and validate the schema named by ``source`` (a path or a database URL)."""
    if source.startswith("sqlite://"):
        from wesley_gen.load.introspect import introspect_sqlite

        return introspect_sqlite(source)
    if source.startswith(("postgresql://", "postgres://")):
        from wesley_gen.load.introspect import introspect_postgres

        return introspect_postgres(source)
    path = Path(source)
    suffix = path.suffix.lower()
    if suffix not in (*SDL_SUFFIXES, ".sql", ".json"):
        raise InputError(
            "cannot tell the schema format from the file name",
            location=Location(source),
            hint="use a .graphql, .gql, .sql or .json file, or a sqlite:/// or postgresql:// URL",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", location=Location(source)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a schema file", location=Location(source)) from None
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text ({error.reason})", location=Location(source)) from None
    except OSError as error:
        raise InputError(error.strerror or "cannot be read", location=Location(source)) from None
    return load_text(text, source, suffix=suffix, dialect=dialect)


def load_text(text: str, source: str, *, suffix: str, dialect: str = "postgres") -> Loaded:
    """Load schema ``text`` whose format is given by a file ``suffix``."""
    if suffix in SDL_SUFFIXES:
        from wesley_gen.load.graphql import load_sdl

        return load_sdl(text, source)
    if suffix == ".sql":
        from wesley_gen.load.sql import load_sql

        return load_sql(text, source, dialect=dialect)
    if suffix == ".json":
        from wesley_gen.load.snapshot import load_snapshot

        return load_snapshot(text, source)
    raise InputError(f"unknown schema format {suffix!r}", location=Location(source))
