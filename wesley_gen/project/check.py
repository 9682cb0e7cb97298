"""``check`` off the fast path: the schema file against the newest snapshot, and every folder
regenerated in memory and compared with what is on disk."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from wesley_gen.config import ProjectConfig
from wesley_gen.documents import sha256 as _sha256
from wesley_gen.errors import InputError, Location, other_format_version
from wesley_gen.folders import Folder, migration_folders
from wesley_gen.project import GENERATOR, SOURCE, SOURCE_FORMAT, CheckReport, Problem, project_paths
from wesley_gen.project.new import Flags, render, source_document

NEW_COMMAND = "wesley-gen new <name>"
FIX_COMMAND = "wesley-gen check --fix"
ACCEPT_COMMAND = "wesley-gen check --accept {}"


def check_project(config: ProjectConfig, *, fix: bool = False) -> CheckReport:
    """Regenerate every folder in memory and compare; with ``fix``, rewrite stale files.

    The schema file is compared with the newest migration's snapshot (or with an empty
    schema when there is none) as a loaded schema, so an edit of comments or whitespace
    alone captures nothing and fails nothing."""
    from wesley_gen.load import load_schema

    schema_file, root = project_paths(config)
    found = migration_folders(root)
    report = CheckReport()
    numbers = [f.sequence for f in found]
    for number in sorted({n for n in numbers if numbers.count(n) > 1}):
        same = [f for f in found if f.sequence == number]
        report.problems.append(
            Problem(
                str(root),
                f"two migrations share the number {number:04d}: {', '.join(f.id for f in same)}",
                f"renumber the newer one: rename {shown(same[-1].path)} to {found[-1].sequence + 1:04d}_"
                f"{same[-1].id.split('_', 1)[1]}",
            )
        )
    if report.problems:
        return report
    if not found:
        loaded = load_schema(str(schema_file), dialect=config.dialect or "postgres").schema
        _uncaptured(schema_file, None, loaded, config.dialect or "postgres", report)
        return report
    for index, folder in enumerate(found):
        source = read_source(folder)
        flags = Flags.from_dict(source["flags"])
        newest = index == len(found) - 1
        files, recorded_sha = regenerate(found[: index + 1], schema_file, source, report, newest=newest)
        accepted = dict(source.get("accepted", {}))
        hashes = _compare(folder, files, accepted, source.get("files", {}), report, fix=fix)
        expected = source_document(flags, recorded_sha, hashes, accepted)
        if (folder.path / SOURCE).read_bytes() != expected:
            if fix:
                (folder.path / SOURCE).write_bytes(expected)
                report.fixed.append(f"{shown(folder.path / SOURCE)} (the hashes a no-op check answers from)")
            elif recorded_sha != source["schema"]["sha256"]:
                report.notes.append(
                    f"{shown(schema_file)} changed only in comments or whitespace since {folder.id}: "
                    f"nothing to capture; `{FIX_COMMAND}` records its new hash, so that the next check "
                    "answers from hashes alone"
                )
            elif (written_by := source.get("generator")) != GENERATOR:
                report.notes.append(
                    f"{folder.id} was written by "
                    + (f"wesley-gen {written_by}" if written_by else "an older wesley-gen")
                    + f", so every check regenerates it; `{FIX_COMMAND}` records this one ({GENERATOR}), "
                    "so that the next check answers from hashes alone"
                )
    return report


def regenerate(
    folders: Sequence[Folder],
    schema_file: Path,
    source: Mapping[str, Any],
    report: CheckReport,
    *,
    newest: bool,
) -> tuple[dict[str, bytes], str]:
    """The files the generator writes for the last of ``folders``, and the schema file hash
    its source.json should record.  The ``newest`` folder of the project is made from the
    schema file (a rename marker lives only there, not in the snapshot) unless the file
    holds changes it does not capture, which ``report`` then names; any other folder is
    made from its own snapshot."""
    from wesley_gen.load import load_schema

    folder, flags, recorded_sha = folders[-1], Flags.from_dict(source["flags"]), source["schema"]["sha256"]
    target = None
    if newest:
        target = load_schema(str(schema_file), dialect=flags.dialect).schema
        schema_sha = _sha256(schema_file.read_bytes())
        if schema_sha != recorded_sha:
            snapshot = load_schema(str(folder.path / "schema.json")).schema
            if _uncaptured(schema_file, folder, target, flags.dialect, report, old=snapshot):
                target = None  # the folder itself is judged against its own snapshot
            else:
                recorded_sha = schema_sha
    if target is None:
        target = load_schema(str(folder.path / "schema.json"), dialect=flags.dialect).schema
    previous = folders[-2] if len(folders) > 1 else None
    files, _, _ = render(previous, target, flags, folder.id, recorded=flags)
    return files, recorded_sha


def _uncaptured(
    schema_file: Path, folder: Folder | None, new: Any, dialect: str, report: CheckReport, *, old: Any = None
) -> bool:
    """Add a problem naming every change from the newest snapshot (``old``; none: an empty
    schema) to ``new`` that no migration captures; True when there is one."""
    from wesley_gen.diff import diff_schemas
    from wesley_gen.model import Schema
    from wesley_gen.render.diff_json import diff_document
    from wesley_gen.render.text import change_lines

    before = old if old is not None else Schema()
    document = diff_document(before, new, diff_schemas(before, new, dialect=dialect), dialect=dialect)
    if not document.changes and not document.errors:
        return False
    count = len(document.changes) + len(document.errors)
    newest = f"the newest migration, {folder.id}" if folder else "any migration (there is none yet)"
    options = " --allow-destructive" if any(c.change_class == "destructive" for c in document.changes) else ""
    report.problems.append(
        Problem(
            shown(schema_file),
            f"{count} change{'s' if count != 1 else ''} not captured by {newest}",
            f"{NEW_COMMAND}{options}  (<name>: what the change does, e.g. add_email)",
            tuple(change_lines(document)),
        )
    )
    return True


def shown(path: Path) -> str:
    """``path`` as a command line a user can paste: relative to here when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_source(folder: Folder) -> dict[str, Any]:
    path = folder.path / SOURCE
    restore = (
        f"{SOURCE} records how `wesley-gen new` made this folder (its flags and the hash of each file): "
        f"restore it from version control (git checkout -- {shown(path)})"
    )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"no {SOURCE}: this folder was not written by `wesley-gen new`",
            location=Location(str(folder.path)),
            hint=f"{restore}, or move a folder written by `generate` out of the migrations folder",
        ) from None
    except json.JSONDecodeError as error:
        raise InputError(
            f"invalid JSON: {error.msg}", location=Location(str(path), error.lineno), hint=restore
        ) from None
    if not isinstance(data, dict) or data.get("format") != SOURCE_FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        if other := other_format_version(found, SOURCE_FORMAT, Location(str(path))):
            raise other
        raise InputError(f"not a {SOURCE_FORMAT} document", location=Location(str(path)), hint=restore)
    return data


def _compare(
    folder: Folder,
    files: Mapping[str, bytes],
    accepted: dict[str, Any],
    recorded: Mapping[str, str],
    report: CheckReport,
    *,
    fix: bool,
) -> dict[str, str]:
    """Compare the folder with what the generator writes (an accepted hand edit stands for
    its file); report or, with ``fix``, rewrite what differs.  The hash each file should have;
    ``accepted`` loses the edits of files that are gone (``fix`` writes them as generated),
    and statements.json the edit it took from .sql files when their edits are all gone.
    ``recorded``: the hash source.json holds for each file as wesley-gen wrote it, which
    tells a file an older wesley-gen wrote (untouched, generated differently now) from a
    hand edit."""
    present = {p.name for p in folder.path.iterdir() if p.is_file()}
    for name in set(accepted) - present:
        del accepted[name]  # gone: fix writes it as generated
    for name, edit in list(accepted.items()):
        if edit.get("from") and not set(edit["from"]) & set(accepted):
            del accepted[name]  # carried from .sql edits that are all gone
    hashes = {}
    for name, content in sorted(files.items()):
        path = folder.path / name
        where = shown(path)
        edit = accepted.get(name)
        hashes[name] = _sha256(content) if edit is None else edit["sha256"]
        if name not in present:
            problem = Problem(where, "missing", f"{FIX_COMMAND}  (writes it as generated)")
        elif edit is not None:
            on_disk = _sha256(path.read_bytes())
            if on_disk != edit["sha256"]:
                report.problems.append(
                    Problem(
                        where,
                        "edited by hand since its last accepted edit",
                        f"{ACCEPT_COMMAND.format(where)} to accept this version too, or "
                        f"git checkout -- {where} to go back to the accepted one",
                    )
                )
            elif edit["generated"] != _sha256(content):
                report.problems.append(
                    Problem(
                        where,
                        "edited by hand and accepted, but wesley-gen now generates something else for it",
                        f"delete it, run `{FIX_COMMAND}`, redo the edit on the new file and "
                        f"`{ACCEPT_COMMAND.format(where)}`",
                    )
                )
            continue
        elif (written := path.read_bytes()) != content and recorded.get(name) == _sha256(written):
            problem = Problem(
                where,
                "written by an older wesley-gen: unchanged since it was written, and this wesley-gen "
                "generates it differently",
                f"{FIX_COMMAND}  (rewrites it as this version generates it; a database it was applied "
                "to keeps what it applied)",
            )
        elif written != content:
            problem = Problem(
                where,
                "differs from what wesley-gen generates for this migration (edited by hand since "
                "wesley-gen wrote it)",
                f"{FIX_COMMAND}  (rewrites it), or {ACCEPT_COMMAND.format(where)} if the edit is meant",
            )
        else:
            continue
        if fix:
            path.write_bytes(content)
            report.fixed.append(where)
        else:
            report.problems.append(problem)
    for name in sorted(present - set(files) - {SOURCE}):
        where = shown(folder.path / name)
        report.problems.append(
            Problem(where, "not a file wesley-gen writes", f"move it out of {shown(folder.path)}")
        )
    return hashes
