"""Project mode: the migrations folder of a project, kept in step with its schema file.

``new`` (:mod:`.new`) writes the next migration ``NNNN_slug`` from the schema file
against the latest migration's snapshot.  Each folder it writes holds a
``source.json``: the flags it was generated with (renames, casts, backfills, the
dialect, the schema file's renamed-from markers), the SHA-256 of the schema file it was
generated from, the SHA-256 of every file it wrote, and the hand edits accepted since
(:mod:`.accept`).  ``check`` uses it twice:

* the fast path (:func:`quick_check`, here): when the schema file and every file of
  every folder still have their recorded hashes, nothing can be stale, and the answer
  comes without importing any parser, renderer or formatter, nor the rest of this
  package;
* otherwise (:mod:`.check`) the schema file is compared with the newest snapshot as a
  loaded schema (naming each change no migration captures), and every folder is
  regenerated in memory and compared byte for byte, naming each stale, hand-edited or
  missing file; ``--fix`` rewrites them, never an accepted edit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from wesley_gen.config import ProjectConfig
from wesley_gen.documents import sha256 as _sha256
from wesley_gen.errors import UsageError
from wesley_gen.folders import migration_folders

SOURCE = "source.json"
SOURCE_FORMAT = "wesley-gen/source@1"
# The release whose generator writes a folder, recorded in its source.json as "generator":
# pyproject.toml's version (tests/test_project.py holds them equal; importlib.metadata
# would cost the fast path ~100 ms).  A folder another release wrote is never answered
# from its hashes: a newer generator may write its files differently.
GENERATOR = "0.2.0"


def project_paths(config: ProjectConfig) -> tuple[Path, Path]:
    if config.root is None or config.schema is None:
        raise UsageError(
            "no project: [tool.wesley-gen] with a schema key was not found in a pyproject.toml here or above",
            hint='add [tool.wesley-gen] schema = "schema.graphql" to pyproject.toml',
        )
    return Path(config.path(config.schema)), Path(config.path(config.migrations))


# --- the fast path: hashes only -------------------------------------------------------


def quick_check(config: ProjectConfig) -> bool:
    """True when nothing can be stale: every recorded hash still holds.  Light imports only."""
    schema_file, root = project_paths(config)
    found = migration_folders(root)
    numbers = [f.sequence for f in found]
    if not found or len(numbers) != len(set(numbers)):
        return False
    for folder in found:
        try:
            source = json.loads((folder.path / SOURCE).read_text(encoding="utf-8"))
            if source.get("generator") != GENERATOR:
                return False
            for name, digest in source["files"].items():
                if _sha256((folder.path / name).read_bytes()) != digest:
                    return False
            present = {p.name for p in folder.path.iterdir()} - {SOURCE}
            if present != set(source["files"]):
                return False
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return False
    try:
        latest = json.loads((found[-1].path / SOURCE).read_text(encoding="utf-8"))
        return bool(latest["schema"]["sha256"] == _sha256(schema_file.read_bytes()))
    except (OSError, ValueError, KeyError, TypeError):
        return False


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing ``check`` found: where, what, the command or step that fixes it, and the
    lines that detail it (the changes a migration has yet to capture)."""

    where: str
    what: str
    fix: str
    detail: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    quick: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems
