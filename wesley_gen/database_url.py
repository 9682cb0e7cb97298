"""A database URL, parsed once: which dialect, which SQLite file, how to print it.

wesley-gen reads ``sqlite:///relative.db``, ``sqlite:////absolute.db`` and
``postgresql://…`` (or ``postgres://…``).  Every command that takes a URL reads it
through :meth:`DatabaseUrl.parse`, so that a URL means the same everywhere and is
refused everywhere with the same message.  The drivers get the URL as the user wrote
it (PostgreSQL reads its own options); only SQLite's file is taken out of it.
Nothing heavy is imported here: psycopg only when two PostgreSQL URLs are compared
(:func:`same_database`, which the target check, the run lock and test databases share).
psycopg comes with the ``postgres`` extra, so a PostgreSQL URL is refused here, with the
install line, when it is missing, rather than failing deep in a command.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from wesley_gen.errors import DatabaseError, Location, UsageError, WesleyGenError, redact

SQLITE_PREFIX = "sqlite:///"
_POSTGRES_PREFIXES = ("postgresql://", "postgres://")
SQLITE_HINT = "write sqlite:///relative/path.db or sqlite:////absolute/path.db"
POSTGRES_INSTALL = "pip install 'wesley-gen[postgres]'"


def is_database_url(source: str) -> bool:
    """Whether ``source`` names a database rather than a file (a bad URL is still a URL)."""
    return source.startswith(("sqlite://", *_POSTGRES_PREFIXES))


@dataclass(frozen=True, slots=True)
class DatabaseUrl:
    """A database URL the drivers can use; its text is never printed, only :attr:`redacted`."""

    text: str = field(repr=False)  # as the user wrote it, password included
    dialect: Literal["postgres", "sqlite"]
    path: str = ""  # SQLite: the file, as written after sqlite:/// and before ?options

    @classmethod
    def parse(cls, text: str, *, error: type[WesleyGenError] = UsageError) -> DatabaseUrl:
        """Read ``text``; anything else is ``error``, located at the URL (password hidden).

        ``error`` is :class:`~wesley_gen.errors.InputError` where the URL names a schema
        to load, the default :class:`~wesley_gen.errors.UsageError` where it is a flag.
        """
        location = Location(redact(text))
        if text.startswith(_POSTGRES_PREFIXES):
            if find_spec("psycopg") is None:
                raise DatabaseError(
                    "PostgreSQL needs the psycopg package, which the base install leaves out",
                    location=location,
                    hint=POSTGRES_INSTALL,
                )
            return cls(text, "postgres")
        if not text.startswith("sqlite:"):
            raise error(
                "not a database URL",
                location=location,
                hint="use sqlite:///path.db or postgresql://user@host/db",
            )
        if not text.startswith(SQLITE_PREFIX):
            raise error("not a SQLite URL", location=location, hint=SQLITE_HINT)
        path = _sqlite_path(text)
        if not path or path == ":memory:":
            raise error("a SQLite URL must name a database file", location=location)
        return cls(text, "sqlite", path)

    def __repr__(self) -> str:
        return f"DatabaseUrl({self.redacted!r})"

    @property
    def redacted(self) -> str:
        """The URL as it may be printed: its password replaced by ``***``."""
        return redact(self.text)

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    def sqlite_uri(self, mode: Literal["ro", "rw", "rwc"]) -> str:
        """The URI :func:`sqlite3.connect` opens the file with: ``ro`` and ``rw`` never create one."""
        return f"file:{quote(self.path)}?mode={mode}"

    def split_schema(self) -> tuple[str, str | None]:
        """The URL PostgreSQL connects with, without wesley-gen's own ``?schema=name``, and that name.

        ``schema`` picks which schema of the database is read and checked (``public`` unless
        given); libpq would refuse it as an unknown option.
        """
        parts = urlsplit(self.text)
        query = parse_qsl(parts.query, keep_blank_values=True)
        schemas = [value for key, value in query if key == "schema"]
        if not schemas:
            return self.text, None
        rest = urlencode([(k, v) for k, v in query if k != "schema"], safe="/")
        return urlunsplit(parts._replace(query=rest)), schemas[-1]

    @property
    def sqlite_file(self) -> Path:
        """The SQLite database file, as a path (relative to the working directory if written so)."""
        return Path(self.path)


def _sqlite_path(text: str) -> str:
    return text.removeprefix(SQLITE_PREFIX).partition("?")[0]


_LOOPBACK = {"localhost", "127.0.0.1", "::1", ""}


def same_database(a: DatabaseUrl | str, b: DatabaseUrl | str) -> bool:
    """Whether two URLs name one database, however they are written.

    SQLite: one file.  PostgreSQL: one host (``localhost`` and the loopback addresses
    are one), port and database name; user, password and options do not matter.
    """
    return _database_identity(a) == _database_identity(b)


def _database_identity(given: DatabaseUrl | str) -> tuple[str, ...]:
    url = given.text if isinstance(given, DatabaseUrl) else given  # a configured one is compared unparsed
    if url.startswith(SQLITE_PREFIX):
        return ("sqlite", str(Path(_sqlite_path(url)).resolve()))
    if find_spec("psycopg") is None:  # no PostgreSQL URL can be used, so none can be the same as another
        return ("text", url.rstrip("/"))
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(url)
    except ProgrammingError:  # not a connection string psycopg reads: compare the text
        return ("text", url.rstrip("/"))
    host = str(parts.get("host") or "").lower()
    host = "localhost" if host in _LOOPBACK else host
    database = str(parts.get("dbname") or parts.get("user") or "").rstrip("/")
    return ("postgres", host, str(parts.get("port") or 5432), database)
