"""The fidelity oracle: does a generated migration take a real database exactly to the new schema?

Each corpus case (``tests/corpus/<dialect>/<group>/<name>.sql``) holds an old and a new
schema.  For each case, on a real database (the embedded PostgreSQL server of the tests,
or a SQLite file):

1. database A is built from the old schema and database B from the new one, by the
   database itself (a case the database rejects is a corpus bug: ``CaseError``);
2. ``wesley-gen generate old new --allow-destructive --allow-empty`` writes a migration,
   and ``wesley-gen migrate up --force`` applies it to A, with the contract's drift check:
   the schema the contract expects before and after (read from the files) must be the one
   the database stores, so a case the check stops is ``apply-failed`` with the check's
   differences (``allow_drift``, ``bench/fidelity.py --allow-contract-drift``, skips the
   check, to tell a failed DDL from a disagreement of the loader with the database);
3. A and B are compared by an independent oracle: ``pg_dump --schema-only`` text as a
   multiset of statements (dump noise removed: ``SET`` lines, comments, ``\\restrict``;
   owners and privileges are dumped), or on SQLite ``sqlite_schema`` and the
   ``PRAGMA`` tables (``table_xinfo``, ``index_list``, ``index_xinfo``,
   ``foreign_key_list``, ``table_list``) plus what only the stored DDL text holds (CHECKs,
   collations, generated expressions, table options), token-normalised;
4. ``wesley-gen diff A new`` must agree with the oracle, and ``wesley-gen diff new B``
   (a database built from a schema file against that file) must be empty;
5. a migration that converged (or moved a column) is rolled back with ``wesley-gen migrate
   down``, as a user would: a plan that declares a change irreversible must refuse without
   ``--force`` and is then rolled back with it.  A's fingerprint after the rollback must be
   A's fingerprint before the migration, except, for an irreversible plan, in what the
   irreversible changes name (rollback.sql only comments on them): ``ROLLBACKS``.

wesley-gen is used only through its command line, so this harness does not depend on
the package's internal layout.  The outcome of a case is one of ``OUTCOMES``.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent
ROOT = CORPUS.parent.parent
DIALECTS = ("postgres", "sqlite")
HISTORY_TABLE = "wesley_gen_history"  # what ``migrate up`` adds to A; not part of the schema
CLI_TIMEOUT = 120  # seconds; a bound against a hung command, not a timing

# Outcomes, best first; ``converged`` and ``refused-as-designed`` are what a case may expect.
OUTCOMES = (
    "converged",  # A migrated dumps equal to B, and wesley-gen's diff says so too
    "refused-as-designed",  # the case expects a refusal, and wesley-gen refused
    # The dumps differ only in the order of a table's columns (PostgreSQL cannot reorder them: a
    # column added, or changed through a shadow column, goes last), and wesley-gen's diff names
    # that order (a column_order suggestion) and nothing else: met only by a case that expects it.
    "column-moved",
    "false-diff",  # the dumps are equal, but wesley-gen's diff of A against new reports changes
    "diverged",  # the dumps differ, and wesley-gen's diff also sees a difference
    "false-equal",  # the dumps differ, but wesley-gen's diff of A against new says "no changes"
    "apply-failed",  # ``migrate up`` of the generated migration failed on A
    "generate-failed",  # ``generate`` refused or crashed (exit 1 or a traceback)
    "load-failed",  # ``generate`` could not read a schema (exit 2)
)
EXPECTABLE = ("converged", "refused-as-designed", "column-moved")

# Rollback outcomes (``Result.rollback`` is one of them, then ``: why`` for all but the first),
# best first.  A rollback runs only after a converged or column-moved forward run.
ROLLBACKS = (
    "verified",  # A rolled back dumps equal to A before the migration
    # The plan declares changes irreversible, ``down`` refused them without --force, and with it
    # A differs from before only in statements naming what those changes touch.
    "refused-irreversible",
    "column-moved",  # A rolled back differs from A before only in a table's column order
    "differs",  # A rolled back differs from A before: the first difference follows
    "failed",  # ``migrate down`` failed (or did not refuse an irreversible rollback)
)
ROLLBACK_NOT_RUN = "not run"


class CaseError(Exception):
    """A corpus case the database itself rejects, or that is malformed: the corpus must be fixed."""


@dataclass(frozen=True)
class Case:
    """One schema change: old and new DDL, and what should happen to it."""

    dialect: str
    group: str
    name: str
    path: Path
    title: str
    old: str
    new: str
    expect: str = "converged"
    args: tuple[str, ...] = ()
    needs: int = 0  # the oldest PostgreSQL server (server_version_num) that accepts the case's DDL

    @property
    def id(self) -> str:
        return f"{self.dialect}/{self.group}/{self.name}"


def read_case(path: Path) -> Case:
    """Parse a case file: header lines (``-- key: value``), then ``-- old`` and ``-- new`` sections.

    Known header keys: ``expect`` (``converged`` or ``refused-as-designed``), ``args``
    (extra ``generate`` arguments, shell-quoted) and ``needs`` (``PostgreSQL 18``: the oldest
    server whose grammar or catalog the case needs).  The first other comment line is the title.
    """
    import shlex

    relative = path.relative_to(CORPUS)
    if len(relative.parts) != 3:
        raise CaseError(f"{path}: expected <dialect>/<group>/<name>.sql")
    dialect, group, _ = relative.parts
    headers: dict[str, str] = {}
    title = ""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        marker = line.strip().lower()
        if marker in ("-- old", "-- new"):
            current = sections.setdefault(marker[3:], [])
            continue
        if current is not None:
            current.append(line)
            continue
        match = re.match(r"--\s*(expect|args|needs):\s*(.*)$", line.strip())
        if match:
            headers[match.group(1)] = match.group(2).strip()
        elif line.startswith("--") and not title:
            title = line.lstrip("-").strip()
    if set(sections) != {"old", "new"}:
        raise CaseError(f"{path}: needs an '-- old' and a '-- new' section")
    expect = headers.get("expect", "converged")
    if expect not in EXPECTABLE:
        raise CaseError(f"{path}: expect must be one of {EXPECTABLE}, not {expect!r}")
    needs = re.fullmatch(r"PostgreSQL (\d+)", headers.get("needs", "PostgreSQL 0"))
    if needs is None or (headers.get("needs") and dialect != "postgres"):
        raise CaseError(f"{path}: needs must be 'PostgreSQL <major version>' in a PostgreSQL case")
    return Case(
        dialect=dialect,
        group=group,
        name=path.stem,
        path=path,
        title=title,
        old="\n".join(sections["old"]).strip() + "\n",
        new="\n".join(sections["new"]).strip() + "\n",
        expect=expect,
        args=tuple(shlex.split(headers.get("args", ""))),
        needs=int(needs[1]) * 10000,
    )


def cases(dialect: str | None = None) -> list[Case]:
    """Every case of the corpus (of one dialect), in path order."""
    found = []
    for name in DIALECTS if dialect is None else (dialect,):
        found += [read_case(path) for path in sorted((CORPUS / name).glob("*/*.sql"))]
    return found


@dataclass
class Result:
    """What happened to one case; ``detail`` says why when it did not converge."""

    case: Case
    outcome: str
    detail: str = ""
    roundtrip: str = "not run"  # "empty", or why ``diff new B`` was not empty
    signature: str = ""  # what the failure is about, names and literals masked, to group failures
    differences: list[str] = field(default_factory=list)  # for a dump difference: each kind of it
    rollback: str = ROLLBACK_NOT_RUN  # one of ``ROLLBACKS``, with ``: why`` after all but "verified"
    rollback_detail: str = ""  # the dumps' differing lines after the rollback, or what down said

    @property
    def rollback_kind(self) -> str:
        """The rollback outcome without its reason: one of ``ROLLBACKS`` or ``ROLLBACK_NOT_RUN``."""
        return self.rollback.split(":", 1)[0]

    @property
    def rollback_signature(self) -> str:
        """What a rollback failure is about, names and literals masked, to group failures."""
        return _mask(self.rollback)[:160]

    def __post_init__(self) -> None:
        if not self.signature:
            line = next((text.strip() for text in self.detail.splitlines() if text.strip()), "")
            self.signature = f"{self.outcome}: {_mask(line)[:160]}"


def rollback_met(result: Result) -> bool:
    """Whether a case's rollback did what the tool promises: the old schema again, or, for a plan
    that declares changes irreversible, refused without ``--force`` and short only of those
    changes; a column order PostgreSQL cannot restore only where the case expects a moved column;
    no rollback where the forward run did not converge."""
    if result.outcome not in ("converged", "column-moved"):
        return result.rollback == ROLLBACK_NOT_RUN
    moved = result.rollback_kind == "column-moved" and result.case.expect == "column-moved"
    return result.rollback_kind in ("verified", "refused-irreversible") or moved


def _mask(line: str) -> str:
    line = re.sub(r"\s*\(in: .*", "", line)  # the failing statement: its names would split the group
    line = re.sub(r"/\S*/((?:old|new)\.sql)", r"\1", line)  # the case's temporary folder
    line = re.sub(r"(postgresql|sqlite)://\S+", r"\1://…", line)
    line = re.sub(r"sha256:[0-9a-f]+", "sha256:…", line)
    line = re.sub(r"'(?:[^']|'')*'", "'…'", line)
    line = re.sub(r'"[^"]*"', '"…"', line)
    line = re.sub(r"\b([a-z_]+)\.[a-z_0-9]+", r"\1.…", line)
    return re.sub(r"\b\d+\b", "N", line)


def differences(expected: list[str], migrated: list[str]) -> list[str]:
    """Each way the migrated dump differs from B's, as a short kind: failures alike read alike.

    A statement only B has is paired with the most similar one only A has, and the pair is
    reduced to the words that differ (``new has [inet_ops] where migrated has []``); a
    statement without a counterpart is named by its keywords (``migrated lacks: CREATE SEQUENCE``).
    """
    found: list[str] = []
    unpaired = list(migrated)
    for statement in expected:
        ratios = [
            difflib.SequenceMatcher(None, statement, other, autojunk=False).ratio() for other in unpaired
        ]
        if ratios and max(ratios) > 0.6:
            found.append(_pair_difference(statement, unpaired.pop(ratios.index(max(ratios)))))
        else:
            found.append(f"migrated lacks: {_kind(statement)}")
    found += [f"migrated has extra: {_kind(statement)}" for statement in unpaired]
    return list(dict.fromkeys(found))


def difference_signature(expected: list[str], migrated: list[str]) -> str:
    """The first of ``differences``: what a diverged case is grouped by."""
    return (differences(expected, migrated) or ["?"])[0]


def _pair_difference(statement: str, counterpart: str) -> str:
    new_words, old_words = _WORD.findall(statement), _WORD.findall(counterpart)
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, new_words, old_words, autojunk=False
    ).get_opcodes():
        if tag != "equal":
            removed += new_words[i1:i2]
            added += old_words[j1:j2]
    return f"new has [{' '.join(removed)[:70]}] where migrated has [{' '.join(added)[:70]}]"


def _kind(statement: str) -> str:
    """A statement's keywords (``ALTER TABLE ONLY ADD CONSTRAINT EXCLUDE``), or a SQLite fact's kind (``table check``)."""
    words = statement.split()
    if words and words[0] in ("table", "index", "view", "trigger"):
        facts = [word.rstrip(":") for word in words[2:5] if word.rstrip(":") in _SQLITE_FACTS]
        return " ".join([words[0], *facts[:1]])
    return " ".join(word for word in words[:8] if re.fullmatch(r"[A-Z][A-Z_]*", word))


_SQLITE_FACTS = ("column", "index", "foreign", "check", "options")
_WORD = re.compile(r"\w+(?:=\S+)?|'(?:[^']|'')*'|\S")


# -- running wesley-gen -------------------------------------------------------------------


ENVIRONMENT = {"WESLEY_TARGET": "test", "NO_COLOR": "1"}  # what each command runs with, in ROOT


def wesley_gen(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the ``wesley-gen`` command line of this interpreter's environment."""
    command = [sys.executable, "-m", "wesley_gen", *args]
    environment = {**os.environ, **ENVIRONMENT}
    return subprocess.run(
        command, capture_output=True, text=True, timeout=CLI_TIMEOUT, env=environment, cwd=ROOT
    )


def tail(process: subprocess.CompletedProcess[str]) -> str:
    """What a failed command said: its error lines (``error:``, ``FAIL``, a failed schema
    check's differences) first, then its last lines."""
    text = [line for line in (process.stderr.strip() or process.stdout.strip()).splitlines() if line.strip()]
    errors = [line for line in text if re.search(r"\berror:|Error:", line)]
    errors += [line for line in text if line.startswith("FAIL") and line not in errors]
    errors += [line.strip() for line in text if re.match(r"\s+[-+~] ", line)]
    shown = errors[:6] + [line for line in text[-4:] if line not in errors]
    return "\n".join(shown) if shown else f"exit {process.returncode}, no output"


def _change(change: object) -> str:
    """One change or error of ``diff --format json`` as ``op table.column: detail``."""
    if not isinstance(change, dict):
        return str(change)
    what = change.get("op") or change.get("kind") or "?"
    where = ".".join(
        str(part) for part in (change.get("table"), change.get("column") or change.get("name")) if part
    )
    detail = change.get("reason") if "kind" in change else json.dumps(change.get("detail"), sort_keys=True)
    return f"{what} {where}: {str(detail)[:160]}"


def diff_changes(old: str, new: str, dialect: str, dev_db: str | None = None) -> list[str] | str:
    """wesley-gen's changes from ``old`` to ``new`` (empty: equal), or why it could not compute them.

    ``dev_db``: the server to read a .sql file through when the other side is a database
    (what wesley-gen does by default with its embedded server; the harness's server saves
    starting one per case).
    """
    process = wesley_gen(
        "diff", old, new, "--dialect", dialect, "--format", "json", *(("--dev-db", dev_db) if dev_db else ())
    )
    try:
        document: dict[str, Any] = json.loads(process.stdout)
    except json.JSONDecodeError:
        return f"diff failed (exit {process.returncode}): {tail(process)}"
    ordered = [item for item in document.get("suggestions") or [] if item.get("kind") == COLUMN_ORDER]
    return [
        _change(item)
        for item in [*(document.get("errors") or []), *(document.get("changes") or []), *ordered]
    ]


COLUMN_ORDER = "column_order"  # the suggestion wesley-gen's diff names a table's column order with


def same_but_column_order(expected: list[str], migrated: list[str]) -> bool:
    """Whether two dumps' differing statements are the same CREATE TABLEs with columns in another order."""

    def columns_sorted(statement: str) -> str:
        lines = statement.splitlines()
        if not statement.startswith("CREATE TABLE ") or len(lines) < 3:
            return statement
        body = sorted(line.strip().rstrip(",") for line in lines[1:-1])
        return "\n".join([lines[0], *body, lines[-1]])

    return sorted(map(columns_sorted, expected)) == sorted(map(columns_sorted, migrated))


# -- the databases ---------------------------------------------------------------------


class Target:
    """One dialect's databases: build one from DDL, fingerprint it for the oracle."""

    dialect = ""
    dev_db: str | None = None  # the server .sql files are read through when compared with a database

    def database(self, folder: Path, label: str) -> Any:  # a context manager yielding a URL
        raise NotImplementedError

    def build(self, url: str, ddl: str) -> None:
        raise NotImplementedError

    def fingerprint(self, url: str) -> list[str]:
        """The schema as sorted lines of text: equal lists mean equal schemas."""
        raise NotImplementedError

    def lacks(self, case: Case) -> str | None:
        """What this target's server lacks that ``case`` needs (a newer version, :attr:`Case.needs`;
        an extension it creates), or ``None``: a server of one's own may lack either."""
        return None


class SqliteTarget(Target):
    dialect = "sqlite"

    @contextmanager
    def database(self, folder: Path, label: str) -> Iterator[str]:
        yield f"sqlite:///{folder / f'{label}.db'}"

    def build(self, url: str, ddl: str) -> None:
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            conn.executescript(ddl)
        except sqlite3.Error as error:
            raise CaseError(f"SQLite rejects the DDL: {error}") from error
        finally:
            conn.close()

    def fingerprint(self, url: str) -> list[str]:
        return sqlite_fingerprint(Path(url.removeprefix("sqlite:///")))


class PostgresTarget(Target):
    dialect = "postgres"

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.dev_db = server_url
        self._version: int | None = None
        self._extensions: frozenset[str] = frozenset()

    def lacks(self, case: Case) -> str | None:
        if self._version is None:
            import psycopg

            with psycopg.connect(self.server_url, autocommit=True) as conn:
                self._version = conn.info.server_version
                self._extensions = frozenset(
                    n for (n,) in conn.execute("SELECT name FROM pg_available_extensions")
                )
        if case.needs > self._version:
            return f"PostgreSQL {case.needs // 10000}"
        created = re.findall(r'CREATE EXTENSION (?:IF NOT EXISTS )?"?(\w+)', case.old + case.new, re.I)
        missing = sorted(set(created) - self._extensions)
        return f"the extension {missing[0]}" if missing else None

    @contextmanager
    def database(self, folder: Path, label: str) -> Iterator[str]:
        from tests.pgtools import Server, fresh_database

        with fresh_database(Server(self.server_url, None)) as url:
            yield url

    def build(self, url: str, ddl: str) -> None:
        import psycopg

        if not ddl.strip():
            return
        try:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(ddl.encode("utf-8"))
        except psycopg.Error as error:
            raise CaseError(f"PostgreSQL rejects the DDL: {error}") from error

    def fingerprint(self, url: str) -> list[str]:
        from tests.pgtools import pg_dump_schema

        return dump_statements(pg_dump_schema(url, owners=True))


# -- the oracle's normal forms --------------------------------------------------------------

_DOLLAR_TAG = re.compile(r"\$[A-Za-z_0-9]*\$")


def dump_statements(dump: str) -> list[str]:
    """A ``pg_dump --schema-only`` as its sorted statements, dump noise and the history table removed."""
    statements: list[str] = []
    current: list[str] = []
    quoted = False
    atomic = False  # in a SQL-standard body (BEGIN ATOMIC … END;), whose statements end in ";" too
    for line in dump.splitlines():
        if not current and not quoted:
            stripped = line.strip()
            if (
                not stripped
                or stripped.startswith(("--", "SET ", "\\"))
                or stripped.startswith("SELECT pg_catalog.set_config")
            ):
                continue
        current.append(line.rstrip())
        if len(_DOLLAR_TAG.findall(line)) % 2:
            quoted = not quoted
        if not quoted and line.strip() in ("BEGIN ATOMIC", "END;"):
            atomic = line.strip() == "BEGIN ATOMIC"
        if not quoted and not atomic and line.rstrip().endswith(";"):
            statements.append("\n".join(current))
            current = []
    if current:
        statements.append("\n".join(current))
    return sorted(statement for statement in statements if HISTORY_TABLE not in statement)


_TOKEN = re.compile(
    r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|--[^\n]*|/\*.*?(?:\*/|$)|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\w+|<=|>=|<>|!=|==|\|\||\S""",
    re.S,
)


def tokens(sql: str) -> list[str]:
    """SQLite DDL as tokens: keywords and identifiers lower-cased and unquoted, literals kept,
    comments left out (SQLite keeps them in the text it stores, but they say nothing)."""
    found = []
    for token in _TOKEN.findall(sql):
        if token.startswith(("--", "/*")):
            continue
        if token[0] in '"`[':
            token = token[1:-1].replace('""', '"')
            found.append(token.lower())
        elif token[0] == "'":
            found.append(token)
        else:
            found.append(token.lower())
    return found


def _unwrap(words: list[str]) -> list[str]:
    """Drop parentheses around a whole expression: ``(0)`` and ``0`` are one default."""
    while len(words) >= 2 and words[0] == "(" and _closing(words, 0) == len(words) - 1:
        words = words[1:-1]
    return words


def _closing(words: list[str], start: int) -> int:
    depth = 0
    for index in range(start, len(words)):
        depth += {"(": 1, ")": -1}.get(words[index], 0)
        if depth == 0:
            return index
    return len(words) - 1


def _split_items(words: list[str]) -> list[list[str]]:
    """The comma-separated items of a parenthesised list (its outer parentheses excluded)."""
    items: list[list[str]] = [[]]
    depth = 0
    for word in words:
        if word == "," and depth == 0:
            items.append([])
            continue
        depth += {"(": 1, ")": -1}.get(word, 0)
        items[-1].append(word)
    return [item for item in items if item]


_TABLE_CONSTRAINTS = {"constraint", "primary", "unique", "check", "foreign"}


def table_text_facts(sql: str) -> dict[str, Any]:
    """What only a SQLite table's stored DDL says: CHECKs, collations, generated columns, options."""
    words = tokens(sql)
    start = words.index("(")
    end = _closing(words, start)
    checks: list[str] = []
    columns: dict[str, dict[str, str]] = {}
    for item in _split_items(words[start + 1 : end]):
        facts: dict[str, str] = {}
        index = 0
        while index < len(item):
            word = item[index]
            following = item[index + 1] if index + 1 < len(item) else ""
            if word == "check" and following == "(":
                close = _closing(item, index + 1)
                checks.append(" ".join(_unwrap(item[index + 1 : close + 1])))
                index = close + 1
                continue
            if word == "as" and following == "(" and item[0] not in _TABLE_CONSTRAINTS:
                close = _closing(item, index + 1)
                facts["generated"] = " ".join(_unwrap(item[index + 1 : close + 1]))
                facts["stored"] = "stored" if "stored" in item[close + 1 :] else "virtual"
                index = close + 1
                continue
            if word == "collate" and following:
                facts["collate"] = following
            if word in ("autoincrement", "deferrable") or (word == "initially" and following):
                facts[word] = following if word == "initially" else "yes"
            if word == "(":
                index = _closing(item, index) + 1
                continue
            index += 1
        # A foreign key's timing belongs to the key (named by its columns), wherever it is written.
        timing = {key: facts.pop(key) for key in ("deferrable", "initially") if key in facts}
        if item[0] not in _TABLE_CONSTRAINTS:
            if facts:
                columns[item[0]] = facts
            if timing:
                columns[f"(foreign key {item[0]})"] = timing
        elif timing and "foreign" in item:
            start = item.index("foreign") + 2
            keys = " ".join(word for word in item[start + 1 : _closing(item, start)] if word != ",")
            columns[f"(foreign key {keys})"] = timing
    return {
        "checks": sorted(checks),
        "columns": columns,
        "options": sorted(option.strip() for option in " ".join(words[end + 1 :]).split(",")),
    }


def sqlite_fingerprint(path: Path) -> list[str]:
    """A SQLite schema as sorted ``object: fact`` lines, from ``sqlite_schema`` and the PRAGMA tables."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    lines: list[str] = []
    try:
        rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema").fetchall()
        for row in rows:
            kind, name, table, sql = row["type"], row["name"], row["tbl_name"], row["sql"]
            if HISTORY_TABLE in (name, table) or name.startswith("sqlite_"):
                continue
            if kind != "table":
                words = [
                    word for word in tokens(sql or "") if kind != "index" or word != "asc"
                ]  # ASC: the default
                lines.append(f"{kind} {name}: on {table}: {' '.join(words)}")
                continue
            lines += _table_lines(conn, name, sql)
    finally:
        conn.close()
    return sorted(lines)


def _table_lines(conn: sqlite3.Connection, table: str, sql: str) -> list[str]:
    quoted = '"' + table.replace('"', '""') + '"'
    prefix = f"table {table}"
    lines = []
    for column in conn.execute(f"PRAGMA table_xinfo({quoted})"):
        default = column["dflt_value"]
        default = None if default is None else " ".join(_unwrap(tokens(default)))
        kind = " ".join(tokens(column["type"] or ""))
        lines.append(
            f"{prefix} column {column['cid']} {column['name']}: type={kind!r} notnull={column['notnull']} "
            f"default={default!r} pk={column['pk']} hidden={column['hidden']}"
        )
    for listed in conn.execute("PRAGMA table_list").fetchall():
        if listed["name"] == table and listed["schema"] == "main":
            lines.append(f"{prefix}: type={listed['type']} strict={listed['strict']} wr={listed['wr']}")
    for index in conn.execute(f"PRAGMA index_list({quoted})").fetchall():
        name = index["name"]
        shown = re.sub(r"_\d+$", "_*", name) if name.startswith("sqlite_autoindex_") else name
        # A collation's name is read without regard to case (sqlite3_create_collation); the
        # pragma reports it as the column declares it, NOCASE or nocase.
        keys = [
            f"{key['name']}{' DESC' if key['desc'] else ''} {key['coll'].lower()}{'' if key['key'] else ' (aux)'}"
            for key in conn.execute(f'PRAGMA index_xinfo("{name.replace(chr(34), chr(34) * 2)}")')
        ]
        lines.append(
            f"{prefix} index {shown}: unique={index['unique']} origin={index['origin']} "
            f"partial={index['partial']} keys={keys}"
        )
    keys_by_id: dict[int, list[sqlite3.Row]] = {}
    for key in conn.execute(f"PRAGMA foreign_key_list({quoted})"):
        keys_by_id.setdefault(key["id"], []).append(key)
    for parts in keys_by_id.values():
        first = parts[0]
        lines.append(
            f"{prefix} foreign key {[part['from'] for part in parts]} -> {first['table']}"
            f"{[part['to'] for part in parts]}: on update {first['on_update']}, on delete {first['on_delete']}, "
            f"match {first['match']}"
        )
    facts = table_text_facts(sql)
    lines += [f"{prefix} check: {check}" for check in facts["checks"]]
    lines += [f"{prefix} column {name}: {facts_}" for name, facts_ in sorted(facts["columns"].items())]
    lines.append(f"{prefix} options: {facts['options']}")
    return lines


# -- one case -------------------------------------------------------------------------------


@dataclass
class Harness:
    """Runs cases of one dialect on its ``Target``."""

    target: Target
    keep: bool = False  # keep each case's folder (migration files), for a look
    # Run ``migrate up`` with ``--allow-contract-drift`` (no pre- and post-check of the whole
    # schema against the contract's): then a case is apply-failed only by failed DDL.
    allow_drift: bool = False
    folders: list[Path] = field(default_factory=list)

    def run(self, case: Case) -> Result:
        folder = Path(tempfile.mkdtemp(prefix=f"wesley-fidelity-{case.name}-"))
        try:
            return self._run(case, folder)
        finally:
            if self.keep:
                self.folders.append(folder)
            else:
                shutil.rmtree(folder, ignore_errors=True)

    def _run(self, case: Case, folder: Path) -> Result:
        target = self.target
        old, new = folder / "old.sql", folder / "new.sql"
        old.write_text(case.old, encoding="utf-8")
        new.write_text(case.new, encoding="utf-8")
        with target.database(folder, "a") as a_url, target.database(folder, "b") as b_url:
            target.build(a_url, case.old)
            target.build(b_url, case.new)
            original = target.fingerprint(a_url)
            result = self._migrate(case, folder, a_url, b_url)
            if result.outcome in ("converged", "column-moved"):
                result.rollback, result.rollback_detail = self._roll_back(folder, a_url, original)
            roundtrip = diff_changes(str(new), b_url, case.dialect, target.dev_db)
            result.roundtrip = "empty" if roundtrip == [] else _mask(_describe(roundtrip).split("; ")[0])
            return result

    def _migrate(self, case: Case, folder: Path, a_url: str, b_url: str) -> Result:
        migrations = folder / "migrations"
        generated = wesley_gen(
            "generate", str(folder / "old.sql"), str(folder / "new.sql"), "-o", str(migrations / "0001_case"),
            "--dialect", case.dialect, "--allow-destructive", "--allow-empty", *case.args,
        )  # fmt: skip
        if generated.returncode != 0:
            if (
                case.expect == "refused-as-designed"
                and generated.returncode in (1, 2)
                and "Traceback" not in generated.stderr
            ):
                return Result(case, "refused-as-designed", tail(generated))
            outcome = "load-failed" if generated.returncode == 2 else "generate-failed"
            return Result(case, outcome, tail(generated))
        applied = wesley_gen(
            "migrate", "up", "--db", a_url, "--migrations", str(migrations), "--target", "test",
            "--force", *(("--allow-contract-drift",) if self.allow_drift else ()), "--lock-timeout", "0",
        )  # fmt: skip
        if applied.returncode != 0:
            return Result(case, "apply-failed", tail(applied))
        migrated, expected = self.target.fingerprint(a_url), self.target.fingerprint(b_url)
        changes = diff_changes(a_url, str(folder / "new.sql"), case.dialect, self.target.dev_db)
        if migrated == expected:
            if changes == []:
                return Result(case, "converged")
            ops = (
                sorted({change.split(" ", 1)[0] for change in changes})
                if isinstance(changes, list)
                else ["diff failed"]
            )
            return Result(
                case,
                "false-diff",
                f"wesley-gen: {_describe(changes)}",
                signature=f"false-diff: {', '.join(ops)}",
            )
        only_b = [entry for entry in expected if entry not in migrated]
        only_a = [entry for entry in migrated if entry not in expected]
        shown = [
            f"{mark} {line}"
            for mark, side in (("-", only_b), ("+", only_a))
            for entry in side
            for line in entry.splitlines()
        ]
        outcome = "false-equal" if changes == [] else "diverged"
        if (
            isinstance(changes, list)
            and changes
            and all(change.startswith(f"{COLUMN_ORDER} ") for change in changes)
            and same_but_column_order(only_b, only_a)
        ):
            outcome = "column-moved"
        kinds = differences(only_b, only_a)
        return Result(
            case, outcome, "\n".join(shown), signature=f"{outcome}: {(kinds or ['?'])[0]}", differences=kinds
        )

    def _roll_back(self, folder: Path, a_url: str, original: list[str]) -> tuple[str, str]:
        """Roll the applied migration back as a user would; compare A with A before it.

        Returns the rollback outcome (``ROLLBACKS``, with its reason) and its detail.
        """
        migrations = folder / "migrations"
        plan = json.loads((migrations / "0001_case" / "plan.json").read_text(encoding="utf-8"))
        irreversible = [change for change in plan["changes"] if not change["reversible"]]
        down = (
            "migrate", "down", "--db", a_url, "--migrations", str(migrations), "--target", "test",
            "--lock-timeout", "0",
        )  # fmt: skip
        if irreversible:
            refused = wesley_gen(*down)
            if refused.returncode != 1:
                return "failed: down without --force did not refuse an irreversible rollback", tail(refused)
        process = wesley_gen(*down, *(("--force",) if irreversible else ()))
        if process.returncode != 0:
            return f"failed: {tail(process).splitlines()[0]}", tail(process)
        rolled = self.target.fingerprint(a_url)
        if rolled == original:
            return "verified", ""
        only_original = [entry for entry in original if entry not in rolled]
        only_rolled = [entry for entry in rolled if entry not in original]
        shown = "\n".join(
            f"{mark} {line}"
            for mark, side in (("-", only_original), ("+", only_rolled))
            for entry in side
            for line in entry.splitlines()
        )
        # A statement names what an irreversible change touches: its table or object, as a word
        # or as the start of a name derived from it (``t_pkey``, ``t_id_seq``).
        touched = [
            re.compile(rf"(?<![\w$]){re.escape(_last_part(change[key]))}(?![^\W_]|\$)", re.IGNORECASE)
            for change in irreversible
            for key in ("table", "name")
            if change[key]
        ]
        unexplained = [
            entry for entry in only_original + only_rolled if not any(name.search(entry) for name in touched)
        ]
        if irreversible and not unexplained:
            first = irreversible[0]
            where = ".".join(str(first[key]) for key in ("table", "column", "name") if first[key])
            return f"refused-irreversible: {first['op']} {where}: {first['reason']}", shown
        if same_but_column_order(only_original, only_rolled):
            return "column-moved: rolled back with a table's columns in another order", shown
        unexplained_original = [entry for entry in only_original if entry in unexplained]
        unexplained_rolled = [entry for entry in only_rolled if entry in unexplained]
        first_difference = difference_signature(unexplained_original, unexplained_rolled)
        # differences() speaks of B ("new") and migrated A; here they are A before and A rolled back.
        first_difference = first_difference.replace("new has", "old has").replace("migrated", "rolled back")
        return f"differs: {first_difference}", shown


def _last_part(name: str) -> str:
    """``public.t`` as ``t``: dumps name a table with its schema, SQLite without one."""
    return str(name).rsplit(".", 1)[-1].strip('"')


def _describe(changes: list[str] | str) -> str:
    return changes if isinstance(changes, str) else "; ".join(changes)[:600]


@contextmanager
def harness(
    dialect: str, server_url: str | None = None, *, keep: bool = False, allow_drift: bool = False
) -> Iterator[Harness]:
    """A harness for ``dialect``; PostgreSQL needs a server (the tests' ``pg_server`` or ``postgres_server()``)."""
    if dialect == "sqlite":
        yield Harness(SqliteTarget(), keep, allow_drift=allow_drift)
        return
    if server_url is not None:
        yield Harness(PostgresTarget(server_url), keep, allow_drift=allow_drift)
        return
    from tests.pgtools import postgres_server

    with postgres_server() as server:
        yield Harness(PostgresTarget(server.url), keep, allow_drift=allow_drift)
