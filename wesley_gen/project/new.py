"""``new``: the next migration folder of a project, and how any of its folders is rendered."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wesley_gen.config import ProjectConfig
from wesley_gen.documents import sha256 as _sha256
from wesley_gen.errors import Location, ProblemFound, UsageError
from wesley_gen.folders import Folder, migration_folders
from wesley_gen.project import GENERATOR, SOURCE, SOURCE_FORMAT, project_paths

if TYPE_CHECKING:
    from wesley_gen.documents.plan import Plan

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Flags:
    """What ``new`` was told, as recorded in ``source.json`` for regeneration."""

    dialect: str
    renames: tuple[str, ...] = ()
    casts: tuple[str, ...] = ()
    backfills: tuple[str, ...] = ()
    allow_destructive: bool = False
    # The schema file's renamed-from markers (table, column or None, old name): the snapshot
    # (schema.json) does not keep them, and without them a rename regenerates as drop + add.
    markers: tuple[tuple[str, str | None, str], ...] = ()
    allow_access_widening: bool = False

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "dialect": self.dialect,
            "rename": list(self.renames),
            "cast": list(self.casts),
            "backfill": list(self.backfills),
            "allow_destructive": self.allow_destructive,
        }
        if self.allow_access_widening:  # only when given: older source.json files stay as they are
            found["allow_access_widening"] = True
        if self.markers:
            found["renamed_from"] = [{"table": t, "column": c, "from": old} for t, c, old in self.markers]
        return found

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Flags:
        return cls(
            str(data["dialect"]),
            tuple(data.get("rename", ())),
            tuple(data.get("cast", ())),
            tuple(data.get("backfill", ())),
            bool(data.get("allow_destructive", False)),
            tuple((m["table"], m["column"], m["from"]) for m in data.get("renamed_from", ())),
            bool(data.get("allow_access_widening", False)),
        )


@dataclass(frozen=True, slots=True)
class NewReport:
    folder: Path
    plan: Plan  # what the folder's plan.json holds
    warnings: tuple[str, ...] = field(default=())


def new_migration(config: ProjectConfig, slug: str, flags: Flags) -> NewReport:
    """Write the next migration folder: the schema file against the latest snapshot."""
    from wesley_gen.load import load_schema

    if not _SLUG.match(slug):
        raise UsageError(
            f"bad migration name {slug!r}", hint="use lower-case letters, digits and underscores: add_email"
        )
    schema_file, root = project_paths(config)
    found = migration_folders(root)
    numbers = [f.sequence for f in found]
    if len(numbers) != len(set(numbers)):
        raise ProblemFound("two migrations share a number", hint="run 'wesley-gen check' to see which")
    loaded = load_schema(str(schema_file), dialect=flags.dialect).buildable()
    flags = replace(flags, markers=_markers(loaded.schema))
    sequence = (found[-1].sequence + 1) if found else 1
    folder = root / f"{sequence:04d}_{slug}"
    files, plan, warnings = render(
        found[-1] if found else None, loaded.schema, flags, folder.name, new_source=str(schema_file)
    )
    if not plan.changes:
        raise ProblemFound(
            "the schema has not changed since the latest migration: nothing to write",
            location=Location(str(schema_file)),
        )
    files[SOURCE] = source_document(flags, _sha256(schema_file.read_bytes()), _hashes(files))
    from wesley_gen.write import write_folder

    write_folder(folder, files)
    return NewReport(folder, plan, loaded.warnings + warnings)


def render(
    previous: Folder | None,
    new: Any,
    flags: Flags,
    migration_id: str,
    *,
    recorded: Flags | None = None,
    new_source: str | None = None,
) -> tuple[dict[str, bytes], Plan, tuple[str, ...]]:
    """The files of a migration from the previous snapshot to ``new``, and its plan; given the
    schema file ``new_source``, objects outside the model that differ from the snapshot's are refused."""
    from wesley_gen.diff import check_others
    from wesley_gen.hints import Hints
    from wesley_gen.load import load_schema
    from wesley_gen.model import Schema
    from wesley_gen.plan import Options, plan_migration
    from wesley_gen.render.migration import render_folder

    snapshot = str(previous.path / "schema.json") if previous else None
    old = load_schema(snapshot).schema if snapshot else Schema()
    used = recorded or flags
    others = (
        ()
        if new_source is None
        else check_others(old, new, snapshot or "(no migration yet)", new_source, dialect=used.dialect)
    )
    new = _marked(new, used.markers)
    migration = plan_migration(
        old,
        new,
        Hints.from_flags(used.renames, used.casts, used.backfills),
        dialect=used.dialect,
        migration_id=migration_id,
        options=Options(
            allow_destructive=used.allow_destructive,
            allow_empty=True,  # new says it itself
            allow_access_widening=used.allow_access_widening,
        ),
    )
    files, plan = render_folder(migration)
    return files, plan, others + migration.warnings


def _markers(schema: Any) -> tuple[tuple[str, str | None, str], ...]:
    """The renamed-from markers of a schema: (table, column or None, old name)."""
    found = [(t.name, None, t.renamed_from) for t in schema.tables if t.renamed_from]
    found += [(t.name, c.name, c.renamed_from) for t in schema.tables for c in t.columns if c.renamed_from]
    return tuple(found)


def _marked(schema: Any, markers: Sequence[tuple[str, str | None, str]]) -> Any:
    """``schema`` with the recorded renamed-from markers put back (as the schema file had them)."""
    if not markers:
        return schema
    tables = {table: old for table, column, old in markers if column is None}
    columns = {(table, column): old for table, column, old in markers if column is not None}
    return replace(
        schema,
        tables=tuple(
            replace(
                t,
                renamed_from=tables.get(t.name, t.renamed_from),
                columns=tuple(
                    replace(c, renamed_from=columns.get((t.name, c.name), c.renamed_from)) for c in t.columns
                ),
            )
            for t in schema.tables
        ),
    )


def _hashes(files: Mapping[str, bytes]) -> dict[str, str]:
    return {name: _sha256(content) for name, content in files.items()}


def source_document(
    flags: Flags, schema_sha: str, hashes: Mapping[str, str], accepted: Mapping[str, Any] | None = None
) -> bytes:
    """``source.json``: the release that generated the folder, the flags, the schema file's
    hash, every file's hash (an accepted hand edit's for an accepted file) and the accepted
    hand edits, when there are any."""
    from wesley_gen.model import dumps

    document: dict[str, Any] = {
        "format": SOURCE_FORMAT,
        "generator": GENERATOR,
        "flags": flags.to_dict(),
        "schema": {"sha256": schema_sha},
        "files": dict(sorted(hashes.items())),
    }
    if accepted:
        document["accepted"] = dict(sorted(accepted.items()))
    return dumps(document).encode()
