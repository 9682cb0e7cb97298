"""Loaders: every form of a schema into one :class:`~wesley_gen.model.Schema`.

The argument decides the loader: ``*.graphql``/``*.gql`` (Wesley SDL),
``*.sql`` (DDL in ``dialect``), ``*.json`` (a wesley-gen snapshot),
``sqlite:///path`` and ``postgresql://…`` (a live database).  Each loader module
is imported only when its kind of input is asked for, so the heavy parsers never
slow down commands that do not need them.
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from wesley_gen.database_url import DatabaseUrl, is_database_url
from wesley_gen.errors import InputError, Location, UsageError
from wesley_gen.identifiers import PUBLIC
from wesley_gen.load.loaded import Loaded
from wesley_gen.model import Schema

DIALECTS = ("postgres", "sqlite")
SDL_SUFFIXES = (".graphql", ".gql")


def load_schema(source: str | DatabaseUrl, *, dialect: str = "postgres") -> Loaded:
    """Load and validate the schema named by ``source`` (a path or a database URL)."""
    if isinstance(source, str) and is_database_url(source):
        source = DatabaseUrl.parse(source, error=InputError)
    if isinstance(source, DatabaseUrl):
        from wesley_gen.load.introspect import introspect

        return introspect(source)
    suffix = Path(source).suffix.lower()
    if suffix not in (*SDL_SUFFIXES, ".sql", ".json"):
        raise InputError(
            "cannot tell the schema format from the file name",
            location=Location(source),
            hint="use a .graphql, .gql, .sql or .json file, or a sqlite:/// or postgresql:// URL",
        )
    return load_text(read_schema_file(source), source, suffix=suffix, dialect=dialect)


def read_schema_file(source: str) -> str:
    """The text of the schema file ``source``; a missing or unreadable file is a located error."""
    path = Path(source)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", location=Location(source)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a schema file", location=Location(source)) from None
    except OSError as error:
        raise InputError(error.strerror or "cannot be read", location=Location(source)) from None
    from wesley_gen.load.text import decode

    return decode(data, source)


def load_pair(old: str, new: str, *, dialect: str = "postgres") -> tuple[Loaded, Loaded]:
    """Load two schema versions, one after the other in this process: a worker process
    reading the second file would save wall time on an idle machine but cost a fifth more
    CPU (starting it, sending a 1000-table schema back), the time a shared machine or CI
    counts."""
    return same_runner(load_schema(old, dialect=dialect), load_schema(new, dialect=dialect))


def same_runner(old: Loaded, new: Loaded) -> tuple[Loaded, Loaded]:
    """Two versions as a database among them lists them (:func:`as_listed_by`): a file's
    ``OWNER TO`` the role it is read as is no owner, an index key naming its extension's default
    operator class has none."""
    from dataclasses import replace

    role = old.role or new.role
    defaults = old.default_opclasses | new.default_opclasses
    versions = [v for v in (old.server_version, new.server_version) if v is not None]
    version = min(versions, default=None)  # two databases: what the older server keeps
    if role is None and not defaults and version is None:
        return old, new
    return (
        replace(old, schema=as_listed_by(old.schema, role, defaults, version)),
        replace(new, schema=as_listed_by(new.schema, role, defaults, version)),
    )


def as_listed_by(
    schema: Schema,
    role: str | None,
    default_opclasses: Collection[tuple[str, str, str]],
    server_version: int | None = None,
) -> Schema:
    """``schema`` (from a file or a migration's record) as a database read as ``role``, whose
    extensions make ``default_opclasses`` the defaults, on a PostgreSQL server of
    ``server_version``, lists it: what ``role`` owns has no owner
    (:func:`~wesley_gen.load.objects.run_by`), an index key naming its type's default operator
    class has none (:func:`~wesley_gen.load.ddl.without_catalog_default_opclasses`), nor what
    an older server does not keep (:func:`~wesley_gen.load.objects.as_server_keeps`)."""
    from wesley_gen.load.ddl import without_catalog_default_opclasses
    from wesley_gen.load.objects import as_server_keeps, run_by

    listed = without_catalog_default_opclasses(run_by(schema, role), default_opclasses)
    return listed if server_version is None else as_server_keeps(listed, server_version)


def keep_schemas(
    pair: tuple[Loaded, Loaded], schemas: Sequence[str], *, dialect: str
) -> tuple[Loaded, Loaded]:
    """Both versions cut down to the PostgreSQL ``schemas`` (``--schema``; none given: all of
    them). A name neither version has is a mistake, not an empty diff."""
    if not schemas:
        return pair
    if dialect == "sqlite":
        raise UsageError("--schema: SQLite has no schemas", hint="leave --schema out for SQLite")
    from dataclasses import replace

    from wesley_gen.model import only_schemas

    known = {PUBLIC, *pair[0].schema.schemas, *pair[1].schema.schemas}
    missing = [name for name in schemas if name not in known]
    if missing:
        raise UsageError(
            f"--schema {missing[0]}: neither schema version has a schema {missing[0]!r}",
            hint="schema names are case-sensitive; public is named public",
        )
    old, new = pair
    return replace(old, schema=only_schemas(old.schema, schemas)), replace(
        new, schema=only_schemas(new.schema, schemas)
    )


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while a parse tree is built and read (and while
    ``generate`` plans and renders: its documents are as many containers again).

    A large schema's parse tree is millions of short-lived containers and no
    cycles; the collector would otherwise rescan it again and again, which
    doubles the time a 1000-table file takes to load.

    What the load built is then moved to the oldest generation at once
    (``gc.freeze`` and ``gc.unfreeze`` do it without a scan): the schema lives as
    long as the command, and the young generations' next passes would otherwise
    walk all of it, a tenth of a second for a 1000-table pair.  Any garbage among it
    is still collected, by the next full collection.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def load_text(text: str, source: str, *, suffix: str, dialect: str = "postgres") -> Loaded:
    """Load schema ``text`` whose format is given by a file ``suffix``."""
    from wesley_gen.load.text import check_text, too_deep

    check_text(text, source)
    try:
        with without_cycle_collection():
            return _load_text(text, source, suffix=suffix, dialect=dialect)
    except RecursionError:
        # The readers place this error at its statement; this is the net under them.
        raise too_deep(source, text) from None


def _load_text(text: str, source: str, *, suffix: str, dialect: str) -> Loaded:
    if suffix in SDL_SUFFIXES:
        from wesley_gen.config import find_config
        from wesley_gen.load.graphql import load_sdl

        return load_sdl(text, source, dialect=dialect, types=find_config().sdl_types)
    if suffix == ".sql":
        from wesley_gen.load.sql import load_sql

        return load_sql(text, source, dialect=dialect)
    if suffix == ".json":
        from wesley_gen.load.snapshot import load_snapshot

        return load_snapshot(text, source)
    raise InputError(f"unknown schema format {suffix!r}", location=Location(source))
