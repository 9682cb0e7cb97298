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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wesley_gen.config import ProjectConfig
from wesley_gen.documents import sha256 as _sha256
from wesley_gen.errors import InputError, Location, ProblemFound, UsageError
from wesley_gen.folders import Folder, migration_folders
from wesley_gen.statements import MANIFEST, Statement, manifest_document, parse_manifest, read_manifest

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
    # The schema file's renamed-from markers (table, column or None, old name): the snapshot
    # (schema.json) does not keep them, and without them a rename regenerates as drop + add.
    markers: tuple[tuple[str, str | None, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "dialect": self.dialect,
            "rename": list(self.renames),
            "cast": list(self.casts),
            "backfill": list(self.backfills),
            "allow_destructive": self.allow_destructive,
        }
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
    flags = replace(flags, markers=_markers(loaded.schema))
    sequence = (found[-1].sequence + 1) if found else 1
    folder = root / f"{sequence:04d}_{slug}"
    files, plan, warnings = _render(found[-1] if found else None, loaded.schema, flags, folder.name)
    if not plan.changes:
        raise ProblemFound(
            "the schema has not changed since the latest migration: nothing to write",
            location=Location(str(schema_file)),
        )
    files[SOURCE] = _source(flags, _sha256(schema_file.read_bytes()), _hashes(files))
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
    new = _marked(new, used.markers)
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


def _source(
    flags: Flags, schema_sha: str, hashes: Mapping[str, str], accepted: Mapping[str, Any] | None = None
) -> bytes:
    """``source.json``: the flags, the schema file's hash, every file's hash (an accepted
    hand edit's for an accepted file) and the accepted hand edits, when there are any."""
    from wesley_gen.model import dumps

    document: dict[str, Any] = {
        "format": SOURCE_FORMAT,
        "flags": flags.to_dict(),
        "schema": {"sha256": schema_sha},
        "files": dict(sorted(hashes.items())),
    }
    if accepted:
        document["accepted"] = dict(sorted(accepted.items()))
    return dumps(document).encode()


# --- check ----------------------------------------------------------------------------

NEW_COMMAND = "wesley-gen new <name>"
FIX_COMMAND = "wesley-gen check --fix"
ACCEPT_COMMAND = "wesley-gen check --accept {}"


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


def check_project(config: ProjectConfig, *, fix: bool = False) -> CheckReport:
    """Regenerate every folder in memory and compare; with ``fix``, rewrite stale files.

    The schema file is compared with the newest migration's snapshot (or with an empty
    schema when there is none) as a loaded schema, so an edit of comments or whitespace
    alone captures nothing and fails nothing."""
    from wesley_gen.load import load_schema

    schema_file, root = _paths(config)
    found = migration_folders(root)
    report = CheckReport()
    numbers = [f.sequence for f in found]
    for number in sorted({n for n in numbers if numbers.count(n) > 1}):
        same = [f for f in found if f.sequence == number]
        report.problems.append(
            Problem(
                str(root),
                f"two migrations share the number {number:04d}: {', '.join(f.id for f in same)}",
                f"renumber the newer one: rename {_shown(same[-1].path)} to {found[-1].sequence + 1:04d}_"
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
        source = _read_source(folder)
        flags = Flags.from_dict(source["flags"])
        newest = index == len(found) - 1
        files, recorded_sha = _regenerate(found[: index + 1], schema_file, source, report, newest=newest)
        accepted = dict(source.get("accepted", {}))
        hashes = _compare(folder, files, accepted, report, fix=fix)
        expected = _source(flags, recorded_sha, hashes, accepted)
        if (folder.path / SOURCE).read_bytes() != expected:
            if fix:
                (folder.path / SOURCE).write_bytes(expected)
                report.fixed.append(_shown(folder.path / SOURCE))
            elif recorded_sha != source["schema"]["sha256"]:
                report.notes.append(
                    f"{_shown(schema_file)} changed only in comments or whitespace since {folder.id}: "
                    f"nothing to capture; `{FIX_COMMAND}` records its new hash, so that the next check "
                    "answers from hashes alone"
                )
    return report


def _regenerate(
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
    files, _, _ = _render(previous, target, flags, folder.id, recorded=flags)
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
            _shown(schema_file),
            f"{count} change{'s' if count != 1 else ''} not captured by {newest}",
            f"{NEW_COMMAND}{options}  (<name>: what the change does, e.g. add_email)",
            tuple(change_lines(document)),
        )
    )
    return True


def _shown(path: Path) -> str:
    """``path`` as a command line a user can paste: relative to here when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _read_source(folder: Folder) -> dict[str, Any]:
    path = folder.path / SOURCE
    restore = (
        f"{SOURCE} records how `wesley-gen new` made this folder (its flags and the hash of each file): "
        f"restore it from version control (git checkout -- {_shown(path)})"
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
        raise InputError(f"not a {SOURCE_FORMAT} document", location=Location(str(path)), hint=restore)
    return data


def _compare(
    folder: Folder, files: Mapping[str, bytes], accepted: dict[str, Any], report: CheckReport, *, fix: bool
) -> dict[str, str]:
    """Compare the folder with what the generator writes (an accepted hand edit stands for
    its file); report or, with ``fix``, rewrite what differs.  The hash each file should have;
    ``accepted`` loses the edits of files that are gone (``fix`` writes them as generated),
    and statements.json the edit it took from .sql files when their edits are all gone."""
    present = {p.name for p in folder.path.iterdir() if p.is_file()}
    for name in set(accepted) - present:
        del accepted[name]  # gone: fix writes it as generated
    for name, edit in list(accepted.items()):
        if edit.get("from") and not set(edit["from"]) & set(accepted):
            del accepted[name]  # carried from .sql edits that are all gone
    hashes = {}
    for name, content in sorted(files.items()):
        path = folder.path / name
        shown = _shown(path)
        edit = accepted.get(name)
        hashes[name] = _sha256(content) if edit is None else edit["sha256"]
        if name not in present:
            problem = Problem(shown, "missing", f"{FIX_COMMAND}  (writes it as generated)")
        elif edit is not None:
            on_disk = _sha256(path.read_bytes())
            if on_disk != edit["sha256"]:
                report.problems.append(
                    Problem(
                        shown,
                        "edited by hand since its last accepted edit",
                        f"{ACCEPT_COMMAND.format(shown)} to accept this version too, or "
                        f"git checkout -- {shown} to go back to the accepted one",
                    )
                )
            elif edit["generated"] != _sha256(content):
                report.problems.append(
                    Problem(
                        shown,
                        "edited by hand and accepted, but wesley-gen now generates something else for it",
                        f"delete it, run `{FIX_COMMAND}`, redo the edit on the new file and "
                        f"`{ACCEPT_COMMAND.format(shown)}`",
                    )
                )
            continue
        elif path.read_bytes() != content:
            problem = Problem(
                shown,
                "differs from what wesley-gen generates for this migration (stale, or edited by hand)",
                f"{FIX_COMMAND}  (rewrites it), or {ACCEPT_COMMAND.format(shown)} if the edit is meant",
            )
        else:
            continue
        if fix:
            path.write_bytes(content)
            report.fixed.append(shown)
        else:
            report.problems.append(problem)
    for name in sorted(present - set(files) - {SOURCE}):
        shown = _shown(folder.path / name)
        report.problems.append(
            Problem(shown, "not a file wesley-gen writes", f"move it out of {_shown(folder.path)}")
        )
    return hashes


# --- accept: an intentional hand edit of a generated file ----------------------------

# The steps of statements.json each .sql file shows (rollback.sql: undo-swap, then after
# the layout's EXPAND_UNDO line, undo-expand).
_SQL_STEPS = {"expand.sql": ("expand",), "swap.sql": ("swap",), "rollback.sql": ("undo-swap", "undo-expand")}
_BEGIN = {"BEGIN", "BEGIN TRANSACTION", "START TRANSACTION"}
_COMMIT = {"COMMIT", "END", "COMMIT TRANSACTION", "END TRANSACTION"}
_UNACCEPTABLE = {SOURCE: "it is check's own record", "schema.json": "the next migration starts from it"}


def accept_edits(config: ProjectConfig, paths: Sequence[str]) -> list[str]:
    """Record the hand edit of each generated file in ``paths`` as intended, in its folder's
    ``source.json`` (the file's hash and the hash of what the generator writes).  An edit
    of a .sql file is carried into ``statements.json``, which is what ``migrate`` runs, so
    that the edit runs.  The files accepted (statements.json too), as shown to the user."""
    schema_file, root = _paths(config)
    found = {f.path.resolve(): f for f in migration_folders(root)}  # in their order
    done: list[str] = []
    for raw in paths:
        path = Path(raw).resolve()
        folder = found.get(path.parent)
        if folder is None or not path.is_file():
            raise UsageError(
                f"{raw}: not a file of a migration folder",
                hint=f"name a generated file inside {_shown(root)}/NNNN_slug/, e.g. its expand.sql",
            )
        if path.name in _UNACCEPTABLE:
            raise UsageError(
                f"{raw}: a hand edit of {path.name} cannot be accepted: {_UNACCEPTABLE[path.name]}",
                hint=f"`{FIX_COMMAND}` rewrites it",
            )
        done += _accept(folder, path.name, list(found.values()), schema_file)
    return done


def _accept(folder: Folder, name: str, folders: Sequence[Folder], schema_file: Path) -> list[str]:
    source = _read_source(folder)
    flags = Flags.from_dict(source["flags"])
    index = [f.path for f in folders].index(folder.path)
    newest = index == len(folders) - 1
    files, _ = _regenerate(folders[: index + 1], schema_file, source, CheckReport(), newest=newest)
    if name not in files:
        raise UsageError(f"{_shown(folder.path / name)}: not a file wesley-gen writes: nothing to accept")
    names = [name]
    if name in _SQL_STEPS:
        _carry_into_manifest(folder, name, flags.dialect)
        names.append(MANIFEST)
    _validate(folder.path / name)
    accepted: dict[str, Any] = dict(source.get("accepted", {}))
    hashes = dict(source["files"])
    for each in names:
        on_disk = _sha256((folder.path / each).read_bytes())
        hashes[each] = on_disk
        carried = sorted({*accepted.get(each, {}).get("from", ()), name}) if each != name else []
        if on_disk == _sha256(files[each]):
            accepted.pop(each, None)  # back to what is generated: nothing edited any more
        else:
            accepted[each] = {"sha256": on_disk, "generated": _sha256(files[each])}
            accepted[each] |= {"from": carried} if carried else {}
    (folder.path / SOURCE).write_bytes(_source(flags, source["schema"]["sha256"], hashes, accepted))
    return [_shown(folder.path / each) for each in names]


def hand_edits(folder: Path) -> list[str]:
    """The files of a migration folder whose hand edit was accepted (what ``explain`` shows)."""
    try:
        return sorted(json.loads((folder / SOURCE).read_text(encoding="utf-8")).get("accepted", {}))
    except (OSError, ValueError, AttributeError):
        return []


def _validate(path: Path) -> None:
    """An accepted file must still be what its reader takes: located errors, never a run that fails later."""
    from wesley_gen.documents.contract import read_contract
    from wesley_gen.documents.plan import read_plan

    if path.suffix == ".py":
        try:
            compile(path.read_bytes(), str(path), "exec")
        except SyntaxError as error:
            raise InputError(f"not Python: {error.msg}", location=Location(str(path), error.lineno)) from None
    elif path.name == MANIFEST:
        read_manifest(path.parent)
    elif path.name == "plan.json":
        read_plan(path)
    elif path.name == "contract.json":
        read_contract(path)


def _carry_into_manifest(folder: Folder, name: str, dialect: str) -> None:
    """Replace the statements ``name`` shows in statements.json with those the edited file holds.

    A statement whose text is unchanged keeps what it serves (its change ids, the object
    it removes); an edited or added one serves the changes of the statement it replaces
    (by position, else the step's last)."""
    from wesley_gen.documents import read_json

    path = folder.path / name
    steps = _SQL_STEPS[name]
    old = read_manifest(folder.path)
    data = read_json(folder.path / MANIFEST)
    parsed = _sql_statements(path.read_text(encoding="utf-8"), name, dialect, str(path))
    made: list[Statement] = []
    for sql, step, transaction, block in parsed:
        same = [s for s in old if s.step == step]
        kept = next((s for s in same if s.sql == sql), None)
        position = sum(1 for s in made if s.step == step)
        model = kept or (same[min(position, len(same) - 1)] if same else None)
        made.append(
            Statement(
                sql, step, model.changes if model else (), -block, transaction, kept.removes if kept else None
            )
        )
    order = ("expand", "swap", "undo-swap", "undo-expand")
    before = [s for s in old if order.index(s.step) < order.index(steps[0])]
    after = [s for s in old if order.index(s.step) > order.index(steps[-1])]
    statements, groups, last = [], 0, None
    for s in (*before, *made, *after):
        if s.group != last:
            groups, last = groups + 1, s.group
        statements.append(replace(s, group=groups))
    document = manifest_document(data["migration"], data["dialect"], statements)
    parse_manifest(document, str(path))  # the groups must still run as written
    from wesley_gen.model import dumps

    (folder.path / MANIFEST).write_bytes(dumps(document).encode())


def _sql_statements(text: str, name: str, dialect: str, source: str) -> list[tuple[str, str, bool, int]]:
    """Each statement of a .sql file as wesley-gen lays it out: its text (no ``;``), its
    step, whether it runs in a transaction (between ``BEGIN;`` and ``COMMIT;``) and the
    number of its transaction, or of itself when it runs alone."""
    from wesley_gen.render.sql.layout import EXPAND_UNDO

    steps = _SQL_STEPS[name]
    marker = text.find(EXPAND_UNDO)
    found, block, inside = [], 0, False
    for start, end in _split(text, dialect, source):
        sql = text[start:end]
        keyword = " ".join(sql.upper().split())
        if keyword in _BEGIN:
            inside, block = True, block + 1
        elif keyword in _COMMIT:
            inside = False
        else:
            block += 0 if inside else 1
            step = steps[-1] if 0 <= marker < start else steps[0]
            found.append((sql, step, inside, block))
    return found


def _split(text: str, dialect: str, source: str) -> list[tuple[int, int]]:
    """Where each statement of ``text`` starts and ends (without its ``;``): PostgreSQL's
    own parser splits it, SQLite's ``complete_statement`` does for SQLite."""
    if dialect == "postgres":
        from pglast import parser

        try:
            return [(s.start, s.stop) for s in parser.split(text, with_parser=True, only_slices=True)]
        except parser.ParseError as error:
            at = error.args[1] if len(error.args) > 1 and isinstance(error.args[1], int) else 0
            line = text.count("\n", 0, at) + 1
            raise InputError(f"not valid SQL: {error.args[0]}", location=Location(source, line)) from None
    import sqlite3

    spans, start = [], 0
    for end in (i for i, char in enumerate(text) if char == ";"):
        if sqlite3.complete_statement(text[start : end + 1]):
            spans.append((_skip_comments(text, start), end))
            start = end + 1
    if (rest := _skip_comments(text, start)) < len(text):
        line = text.count("\n", 0, rest) + 1
        raise InputError("not valid SQL: the last statement has no `;`", location=Location(source, line))
    return spans


def _skip_comments(text: str, start: int) -> int:
    """The first position from ``start`` that is neither blank nor inside a comment."""
    while True:
        rest = text[start:]
        stripped = rest.lstrip()
        start += len(rest) - len(stripped)
        if stripped.startswith("--"):
            newline = text.find("\n", start)
            start = len(text) if newline < 0 else newline + 1
        elif stripped.startswith("/*"):
            close = text.find("*/", start)
            start = len(text) if close < 0 else close + 2
        else:
            return start
