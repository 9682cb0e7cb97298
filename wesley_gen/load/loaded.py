"""What every loader returns: a schema with what the user should hear about its source.

In a module of its own so that ``load/__init__`` (which picks a loader) and the
loaders (which build the value) both import it and neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

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
