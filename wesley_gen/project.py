"""Project mode: the migrations folder of a project, kept in step with its schema file.

``new`` writes the next migration ``NNNN_slug`` from the schema file against the
latest migration's snapshot.  Each folder it writes holds a ``source.json``: the
flags it was generated with (renames, casts, backfills, the dialect), the SHA-256
of the schema file it was generated from, and the SHA-256 of every file it wrote.
``check`` uses it twice:

* the fast path (:func:`quick_check`): when the schema file and every file of every
  folder still have their recorded hashes, nothing can be stale, and the answer
  comes without importing any parser, renderer or formatter;
* otherwise every folder is regenerated in memory from its inputs (the previous
  folder's ``schema.json``, or an empty schema, and its own ``schema.json`` or, for
  the latest, the schema file) and compared byte for byte, naming each stale,
  hand-edited or missing file; ``--fix`` rewrites them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wesley_gen.config import ProjectConfig
from wesley_gen.documents import sha256 as _sha256
from wesley_gen.errors import InputError, Location, ProblemFound, UsageError
from wesley_gen.folders import Folder, migration_folders

if TYPE_CHECKING:
    from wesley_gen.documents.plan import Plan

SOURCE = "source.json"
SOURCE_FORMAT = "wesley-gen/source@1"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_]*$")


def _paths(config: ProjectConfig) -> tuple[Path, Path]:
    if config.root is None or config.schema is None:
        raise UsageError(
            "no project: [tool.wesley-gen] with a schema key was not found in a pyproject.toml here or above",
            hint='add [tool.wesley-gen] schema = "schema.graphql" to pyproject.toml',
        )
    return Path(config.path(config.schema)), Path(config.path(config.migrations))


# --- the fast path: hashes only -------------------------------------------------------


def quick_check(config: ProjectConfig) -> bool:
    """True when nothing can be stale: every recorded hash still holds.  Light imports only."""
    schema_file, root = _paths(config)
    found = migration_folders(root)
    numbers = [f.sequence for f in found]
    if not found or len(numbers) != len(set(numbers)):
        return False
    for folder in found:
        try:
            source = json.loads((folder.path / SOURCE).read_text(encoding="utf-8"))
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


# --- new ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Flags:
    """What ``new`` was told, as recorded in ``source.json`` for regeneration."""

    dialect: str
    renames: tuple[str, ...] = ()
    casts: tuple[str, ...] = ()
    backfills: tuple[str, ...] = ()
    allow_destructive: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "dialect": self.dialect,
            "rename": list(self.renames),
            "cast": list(self.casts),
            "backfill": list(self.backfills),
            "allow_destructive": self.allow_destructive,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Flags:
        return cls(
            str(data["dialect"]),
            tuple(data.get("rename", ())),
            tuple(data.get("cast", ())),
            tuple(data.get("backfill", ())),
            bool(data.get("allow_destructive", False)),
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
            f"bad slug {slug!r}", hint="use lower-case letters, digits and underscores: add_email"
        )
    schema_file, root = _paths(config)
    found = migration_folders(root)
    numbers = [f.sequence for f in found]
    if len(numbers) != len(set(numbers)):
        raise ProblemFound("two migrations share a number", hint="run 'wesley-gen check' to see which")
    loaded = load_schema(str(schema_file), dialect=flags.dialect)
    sequence = (found[-1].sequence + 1) if found else 1
    folder = root / f"{sequence:04d}_{slug}"
    files, plan, warnings = _render(found[-1] if found else None, loaded.schema, flags, folder.name)
    if not plan.changes:
        raise ProblemFound(
            "the schema has not changed since the latest migration: nothing to write",
            location=Location(str(schema_file)),
        )
    files[SOURCE] = _source(flags, schema_file.read_bytes(), files)
    from wesley_gen.write import write_folder

    write_folder(folder, files)
    return NewReport(folder, plan, loaded.warnings + warnings)


def _render(
    previous: Folder | None, new: Any, flags: Flags, migration_id: str, *, recorded: Flags | None = None
) -> tuple[dict[str, bytes], Plan, tuple[str, ...]]:
    """The files of a migration from the previous snapshot to ``new``, and its plan."""
    from wesley_gen.hints import Hints
    from wesley_gen.load import load_schema
    from wesley_gen.model import Schema
    from wesley_gen.plan import Options, plan_migration
    from wesley_gen.render.migration import render_folder

    old = load_schema(str(previous.path / "schema.json")).schema if previous else Schema()
    used = recorded or flags
    migration = plan_migration(
        old,
        new,
        Hints.from_flags(used.renames, used.casts, used.backfills),
        dialect=used.dialect,
        migration_id=migration_id,
        options=Options(allow_destructive=used.allow_destructive, allow_empty=True),  # new says it itself
    )
    files, plan = render_folder(migration)
    return files, plan, migration.warnings


def _source(flags: Flags, schema_bytes: bytes, files: Mapping[str, bytes]) -> bytes:
    from wesley_gen.model import dumps

    document = {
        "format": SOURCE_FORMAT,
        "flags": flags.to_dict(),
        "schema": {"sha256": _sha256(schema_bytes)},
        "files": {name: _sha256(content) for name, content in sorted(files.items())},
    }
    return dumps(document).encode()


# --- check ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CheckReport:
    problems: list[str] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)
    quick: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def check_project(config: ProjectConfig, *, fix: bool = False) -> CheckReport:
    """Regenerate every folder in memory and compare; with ``fix``, rewrite stale files."""
    from wesley_gen.load import load_schema

    schema_file, root = _paths(config)
    found = migration_folders(root)
    report = CheckReport()
    numbers = [f.sequence for f in found]
    for number in sorted({n for n in numbers if numbers.count(n) > 1}):
        same = ", ".join(f.id for f in found if f.sequence == number)
        report.problems.append(f"two migrations share the number {number:04d}: {same} (renumber one)")
    if report.problems:
        return report
    for index, folder in enumerate(found):
        source = _read_source(folder)
        flags = Flags.from_dict(source["flags"])
        latest = index == len(found) - 1
        target_file = schema_file if latest else folder.path / "schema.json"
        changed = False
        if latest and _sha256(schema_file.read_bytes()) != source["schema"]["sha256"]:
            target = load_schema(str(schema_file), dialect=flags.dialect).schema
            committed = load_schema(str(folder.path / "schema.json")).schema
            from wesley_gen.model import checksum

            if checksum(target) != checksum(committed):
                report.problems.append(
                    f"schema changed since the latest migration ({folder.id}): run `wesley-gen new`"
                )
                target_file, changed = folder.path / "schema.json", True
        target = load_schema(str(target_file), dialect=flags.dialect).schema
        previous = found[index - 1] if index else None
        files, _, _ = _render(previous, target, flags, folder.id, recorded=flags)
        # source.json records the schema file's hash: only the latest folder's can move on.
        if latest and not changed:
            files[SOURCE] = _source(flags, schema_file.read_bytes(), files)
        else:
            files[SOURCE] = (folder.path / SOURCE).read_bytes()
        _compare(folder, files, report, fix=fix)
    return report


def _read_source(folder: Folder) -> dict[str, Any]:
    path = folder.path / SOURCE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            "no source.json: this folder was not written by 'wesley-gen new'",
            location=Location(str(folder.path)),
        ) from None
    except json.JSONDecodeError as error:
        raise InputError(f"invalid JSON: {error.msg}", location=Location(str(path), error.lineno)) from None
    if not isinstance(data, dict) or data.get("format") != SOURCE_FORMAT:
        raise InputError(f"not a {SOURCE_FORMAT} document", location=Location(str(path)))
    return data


def _compare(folder: Folder, files: Mapping[str, bytes], report: CheckReport, *, fix: bool) -> None:
    present = {p.name for p in folder.path.iterdir() if p.is_file()}
    for name, content in sorted(files.items()):
        path = folder.path / name
        if name not in present:
            problem = f"{path}: missing"
        elif path.read_bytes() != content:
            problem = f"{path}: stale or edited by hand (it is not what the generator writes)"
        else:
            continue
        if fix:
            path.write_bytes(content)
            report.fixed.append(str(path))
        else:
            report.problems.append(problem)
    for name in sorted(present - set(files)):
        report.problems.append(f"{folder.path / name}: not a generated file")
