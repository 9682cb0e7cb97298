"""Accepting an intentional hand edit of a generated file: its hash recorded in the folder's
``source.json``, and an edited .sql file read back into ``statements.json`` (what
``migrate`` runs), so that the edit is what runs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from wesley_gen.config import ProjectConfig
from wesley_gen.documents import sha256 as _sha256
from wesley_gen.errors import InputError, Location, UsageError
from wesley_gen.folders import Folder, migration_folders
from wesley_gen.project import SOURCE, CheckReport, project_paths
from wesley_gen.project.check import FIX_COMMAND, read_source, regenerate, shown
from wesley_gen.project.new import Flags, source_document

# The steps of statements.json each .sql file shows (rollback.sql: undo-swap, then after
# the layout's EXPAND_UNDO line, undo-expand).
_SQL_STEPS = {"expand.sql": ("expand",), "swap.sql": ("swap",), "rollback.sql": ("undo-swap", "undo-expand")}
_BEGIN = {"BEGIN", "BEGIN TRANSACTION", "START TRANSACTION"}
_COMMIT = {"COMMIT", "END", "COMMIT TRANSACTION", "END TRANSACTION"}
_UNACCEPTABLE = {SOURCE: "it is check's own record", "schema.json": "the next migration starts from it"}
# The first words of a statement that may change the schema, which the post-check compares.
_SCHEMA_WORDS = ("CREATE", "ALTER", "DROP", "COMMENT", "GRANT", "REVOKE")


def accept_edits(config: ProjectConfig, paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """Record the hand edit of each generated file in ``paths`` as intended, in its folder's
    ``source.json`` (the file's hash and the hash of what the generator writes).  An edit
    of a .sql file is carried into ``statements.json``, which is what ``migrate`` runs, so
    that the edit runs.  The files accepted (statements.json too), as shown to the user, and
    a note for each statement the edits add that may change the schema."""
    schema_file, root = project_paths(config)
    found = {f.path.resolve(): f for f in migration_folders(root)}  # in their order
    done: list[str] = []
    notes: list[str] = []
    for raw in paths:
        path = Path(raw).resolve()
        folder = found.get(path.parent)
        if folder is None or not path.is_file():
            raise UsageError(
                f"{raw}: not a file of a migration folder",
                hint=f"name a generated file inside {shown(root)}/NNNN_slug/, e.g. its expand.sql",
            )
        if path.name in _UNACCEPTABLE:
            raise UsageError(
                f"{raw}: a hand edit of {path.name} cannot be accepted: {_UNACCEPTABLE[path.name]}",
                hint=f"`{FIX_COMMAND}` rewrites it",
            )
        accepted, noted = _accept(folder, path.name, list(found.values()), schema_file)
        done += accepted
        notes += noted
    return done, notes


def _accept(
    folder: Folder, name: str, folders: Sequence[Folder], schema_file: Path
) -> tuple[list[str], list[str]]:
    from wesley_gen.statements import MANIFEST

    source = read_source(folder)
    flags = Flags.from_dict(source["flags"])
    index = [f.path for f in folders].index(folder.path)
    newest = index == len(folders) - 1
    files, _ = regenerate(folders[: index + 1], schema_file, source, CheckReport(), newest=newest)
    if name not in files:
        raise UsageError(f"{shown(folder.path / name)}: not a file wesley-gen writes: nothing to accept")
    names, notes = [name], []
    if name in _SQL_STEPS:
        _carry_into_manifest(folder, name, flags.dialect)
        names.append(MANIFEST)
        notes = _schema_changes(folder.path / name, files[name].decode(), flags.dialect, schema_file)
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
    (folder.path / SOURCE).write_bytes(source_document(flags, source["schema"]["sha256"], hashes, accepted))
    note = f" (what `migrate` runs: the edit of {name} carried into it)"
    return [shown(folder.path / each) + ("" if each == name else note) for each in names], notes


def _schema_changes(path: Path, generated: str, dialect: str, schema_file: Path) -> list[str]:
    """A note for each statement of the edited .sql file at ``path`` that the generated one
    lacks and that may change the schema: the post-check compares the database with the
    schema this migration captured, so an object only the edit makes fails it at run time."""
    text = path.read_text(encoding="utf-8")
    before = {sql for sql, *_ in sql_statements(generated, path.name, dialect, str(path))}
    notes = []
    for sql, *_ in sql_statements(text, path.name, dialect, str(path)):
        if sql in before or not sql.lstrip().upper().startswith(_SCHEMA_WORDS):
            continue
        line = text.count("\n", 0, text.find(sql)) + 1
        statement = " ".join(sql.split())
        statement = statement if len(statement) <= 60 else statement[:59] + "…"
        notes.append(
            f"{shown(path)}:{line}: the accepted edit runs `{statement}`, which may change the schema; "
            f"the post-check of `migrate` compares the database with the schema this migration "
            f"captured from {shown(schema_file)} and fails on an object that file does not declare: "
            f"to make something new, declare it in {shown(schema_file)} and capture it with "
            f"`wesley-gen new <name>` instead"
        )
    return notes


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
    from wesley_gen.statements import MANIFEST, read_manifest

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
    from wesley_gen.statements import MANIFEST, Statement, manifest_document, parse_manifest, read_manifest

    path = folder.path / name
    steps = _SQL_STEPS[name]
    old = read_manifest(folder.path)
    data = read_json(folder.path / MANIFEST)
    parsed = sql_statements(path.read_text(encoding="utf-8"), name, dialect, str(path))
    made: list[Statement] = []
    used: set[int] = set()  # old statements kept: a text may appear twice (a LOCK per change)
    for sql, step, transaction, block in parsed:
        same = [s for s in old if s.step == step]
        index = next(
            (i for i, s in enumerate(old) if i not in used and s.step == step and s.sql == sql), None
        )
        kept = None if index is None else old[index]
        used.add(-1 if index is None else index)
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


def sql_statements(text: str, name: str, dialect: str, source: str) -> list[tuple[str, str, bool, int]]:
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
