"""What every loader returns: a schema with what the user should hear about its source.

In a module of its own so that ``load/__init__`` (which picks a loader) and the
loaders (which build the value) both import it and neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from wesley_gen.errors import WesleyGenError

if TYPE_CHECKING:  # the model is imported by the loaders; `check` and `--help` need only the name
    from wesley_gen.model import Schema


@dataclass(frozen=True, slots=True)
class Loaded:
    """A loaded schema with what the user should hear about its source."""

    schema: Schema
    source: str
    warnings: tuple[str, ...] = ()
    # The role a database was read as (``current_user``): its objects have no owner object.
    role: str | None = None
    # The operator classes a database's extensions make the default of their index methods,
    # (method, type, class), the class also schema-qualified: a file naming one has it anyway
    # (ddl.without_catalog_default_opclasses).
    default_opclasses: frozenset[tuple[str, str, str]] = frozenset()
    # A PostgreSQL database's ``server_version_num``: what its server keeps of a file's schema
    # (:func:`~wesley_gen.load.objects.as_server_keeps`) depends on it.
    server_version: int | None = None
    # What the source states that no database can be made with (SQL PostgreSQL refuses: Wesley's
    # tenant policies over a view nothing makes), each at its line: it loads and diffs, and a
    # migration to it is refused.
    refused: tuple[WesleyGenError, ...] = ()

    def buildable(self) -> Loaded:
        """This, when a migration may make it; else the first of :attr:`refused` is raised."""
        if self.refused:
            raise self.refused[0]
        return self
