"""The migration folders of a migrations folder: ``NNNN_slug``, found one way everywhere.

``migrate``, ``new``/``check`` and ``spec`` all list a migrations folder through
:func:`migration_folders`, so a folder none of them would run is an error for all of
them rather than skipped by some: files, and names starting with ``.`` or ``_``
(``.git``, ``__pycache__``, generate's staging folders), are ignored; any other
folder must be named ``NNNN_slug``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from wesley_gen.errors import InputError, Location

MIGRATION_ID = re.compile(r"^(?P<sequence>[0-9]{4,})_(?P<slug>[A-Za-z0-9_]+)$")


@dataclass(frozen=True, slots=True)
class Folder:
    sequence: int
    path: Path

    @property
    def id(self) -> str:
        return self.path.name


def migration_folders(root: Path) -> list[Folder]:
    """The migration folders of ``root`` by number, then name (none when ``root`` is missing)."""
    if not root.is_dir():
        return []
    found = []
    for path in root.iterdir():
        if not path.is_dir() or path.name.startswith((".", "_")):
            continue  # README.md, .git, __pycache__: not migrations, and never mistaken for one
        match = MIGRATION_ID.match(path.name)
        if match is None:
            raise InputError(
                "a folder in the migrations folder whose name is not NNNN_slug",
                location=Location(str(path)),
                hint="rename it (for example 0002_add_email), or move it out of the migrations folder",
            )
        found.append(Folder(int(match.group("sequence")), path))
    return sorted(found, key=lambda folder: (folder.sequence, folder.path.name))
