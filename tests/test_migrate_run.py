"""``wesley-gen migrate``: a chain of migrations run, checked, recorded and rolled back.

Each test builds a migrations folder with the real ``generate`` command and drives
``migrate`` through the command line (in this process, tests/command.py; a run that is
killed or interrupted is a process of its own) against a real SQLite file or PostgreSQL
database holding rows.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.command import wesley as in_process
from tests.database import execute, fetch
from tests.hold.sitecustomize import HELD
from tests.pgtools import Server, fresh_database
from wesley_gen.load import load_schema, load_text
from wesley_gen.model import checksum

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = {
    "empty": "# no tables yet\n",
    "s1": 'type User @wes_table { id: ID! @wes_pk\n name: String!\n karma: Int! @wes_default(value: "0") }\n',
    "s2": 'type User @wes_table { id: ID! @wes_pk\n name: String!\n karma: Int! @wes_default(value: "0")\n'
    " email: String! }\n",
    "s3": 'type User @wes_table { id: ID! @wes_pk\n name: String!\n karma: BigInt! @wes_default(value: "0")\n'
    " email: String! }\n",
    "s4": 'type User @wes_table { id: ID! @wes_pk\n name: String!\n karma: BigInt! @wes_default(value: "0")\n'
    " email: String! @wes_unique }\n",
}
CHAIN = (
    ("0001_init", "empty", "s1", ()),
    ("0002_email", "s1", "s2", ("--backfill", "users.email=name || '@example.org'")),
    ("0003_karma", "s2", "s3", ()),
    ("0004_unique_email", "s3", "s4", ()),
)
ROWS = [(f"00000000-0000-0000-0000-{i:012d}", f"user{i}", i) for i in range(1, 6)]


def wesley(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command line in this process (tests/command.py); the runs to interrupt are real processes."""
    return in_process(*args, cwd=cwd, env=env, clean=True)


def write_chain(folder: Path, dialect: str) -> None:
    """The schema versions in ``folder`` and the chain of migrations generated between them."""
    for name, text in SCHEMAS.items():
        (folder / f"{name}.graphql").write_text(text, encoding="utf-8")
    for migration, old, new, extra in CHAIN:
        result = wesley(
            "generate", f"{old}.graphql", f"{new}.graphql", "-o", f"migrations/{migration}",
            "--dialect", dialect, *extra, cwd=folder,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def chains(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The schema versions and the generated chain of a dialect, made once per module (deterministic)."""
    made: dict[str, Path] = {}

    def chain(dialect: str) -> Path:
        if dialect not in made:
            made[dialect] = tmp_path_factory.mktemp(f"chain-{dialect}")
            write_chain(made[dialect], dialect)
        return made[dialect]

    return chain


@pytest.fixture(params=["sqlite", "postgres"])
def project(
    request: pytest.FixtureRequest, tmp_path: Path, chains: Callable[[str], Path]
) -> Iterator[tuple[Path, str, str]]:
    """A folder with the schema versions and the generated chain (a copy), and an empty database."""
    dialect: str = request.param
    shutil.copytree(chains(dialect), tmp_path, dirs_exist_ok=True)
    if dialect == "sqlite":
        (tmp_path / "app.db").touch()
        yield tmp_path, f"sqlite:///{tmp_path / 'app.db'}", dialect
        return
    server: Server = request.getfixturevalue("pg_server")
    with fresh_database(server) as url:
        yield tmp_path, url, dialect


def rows_digest(url: str) -> str:
    """The users' rows, column by column in name order: a restore after the swap's
    transaction committed puts a converted column back last (as the schema does not care)."""
    users = load_schema(url).schema.table("users")
    assert users is not None
    columns = ", ".join(sorted(c.name for c in users.columns))
    found = fetch(url, f"SELECT {columns} FROM users ORDER BY id")
    return hashlib.sha256(repr([tuple(map(str, row)) for row in found]).encode()).hexdigest()


def schema_of(version: str) -> str:
    return checksum(load_text(SCHEMAS[version], f"{version}.graphql", suffix=".graphql").schema)


def live(url: str) -> str:
    return checksum(load_schema(url).schema)


def seed_users(url: str) -> None:
    for user_id, name, karma in ROWS:
        execute(url, f"INSERT INTO users (id, name, karma) VALUES ('{user_id}', '{name}', {karma})")


def test_a_chain_goes_up_and_comes_back_down(project: tuple[Path, str, str]) -> None:
    root, url, _ = project
    common = ["--db", url, "--migrations", "migrations", "--target", "test"]
    first = wesley("migrate", "up", *common, "--to", "0001_init", cwd=root)
    assert first.returncode == 0, first.stderr
    seed_users(url)
    result = wesley("migrate", "up", *common, "--report", "reports", cwd=root)
    assert result.returncode == 0, result.stderr
    assert live(url) == schema_of("s4")
    status = json.loads(
        wesley(
            "migrate", "status", "--db", url, "--migrations", "migrations", "--format", "json", cwd=root
        ).stdout
    )
    assert status["pending"] == [] and status["drift"] is False
    again = wesley("migrate", "up", *common, cwd=root)
    assert again.returncode == 0 and "nothing to apply" in again.stderr
    assert wesley("migrate", "verify", "--db", url, "--migrations", "migrations", cwd=root).returncode == 0
    reports = sorted(p.suffix for p in (root / "reports").iterdir())
    assert reports == [".json", ".md"]

    down = wesley("migrate", "down", *common, "--reason", "undo the unique key", cwd=root)
    assert down.returncode == 0, down.stderr
    assert live(url) == schema_of("s3")
    down = wesley("migrate", "down", *common, "--to", "0002_email", "--reason", "back to the start", cwd=root)
    assert down.returncode == 0, down.stderr
    assert live(url) == schema_of("s1")

    history = json.loads(wesley("migrate", "history", "--db", url, "--format", "json", cwd=root).stdout)
    assert (
        sum(1 for h in history if h["outcome"] == "expanded") == 4
    )  # one per migration, before its backfill
    history = [h for h in history if h["outcome"] != "expanded"]
    assert [(h["migration"], h["direction"], h["outcome"]) for h in history] == [
        ("0001_init", "up", "applied"),
        ("0002_email", "up", "applied"),
        ("0003_karma", "up", "applied"),
        ("0004_unique_email", "up", "applied"),
        ("0004_unique_email", "down", "rolled back"),
        ("0003_karma", "down", "rolled back"),
        ("0002_email", "down", "rolled back"),
    ]
    assert history[4]["reason"] == "undo the unique key" and history[6]["reason"] == "back to the start"
    assert all(h["run_id"] and h["target"] == "test" for h in history)


def test_a_failing_swap_statement_leaves_the_database_as_it_was(project: tuple[Path, str, str]) -> None:
    root, url, _ = project
    common = ["--db", url, "--migrations", "migrations", "--target", "test"]
    assert wesley("migrate", "up", *common, "--to", "0002_email", cwd=root).returncode == 0
    execute(
        url,
        "INSERT INTO users (id, name, karma, email) VALUES ('00000000-0000-0000-0000-000000000009', 'z', 9, 'z@x')",
    )
    before, digest = live(url), rows_digest(url)
    folder = root / "migrations" / "0003_karma"
    pristine = (folder / "statements.json").read_text()
    swap = [s for s in json.loads(pristine)["statements"] if s["step"] == "swap"]
    for position in range(len(swap)):
        (folder / "statements.json").write_text(pristine)
        insert_failing(folder, "swap", position)
        result = wesley("migrate", "up", *common, "--to", "0003_karma", cwd=root)
        assert result.returncode == 1, (position, result.stderr)
        assert RESTORED in result.stderr and "no_such_function_wesley" in result.stderr
        assert live(url) == before, position
        assert rows_digest(url) == digest, position
    (folder / "statements.json").write_text(pristine)
    history = json.loads(wesley("migrate", "history", "--db", url, "--format", "json", cwd=root).stdout)
    assert sum(1 for h in history if h["outcome"] == "failed") == len(swap)
    assert wesley("migrate", "up", *common, cwd=root).returncode == 0


RESTORED = "the database was restored"
FAILING = "SELECT no_such_function_wesley()"
# backfill.py replaced by a fault in the SQLite restore point (the copy taken before the migration).
COPY_FAULTS = {
    "the restore point is gone": "pathlib.Path(copy).unlink()",
    "the restore point is another database": "sqlite3.connect(copy).execute('CREATE TABLE stray (x integer)').connection.commit()",
}


def insert_failing(folder: Path, step: str, position: int = 0, sql: str = FAILING) -> None:
    """Put ``sql`` into the folder's statements.json before the ``position``-th statement of
    ``step``: in its transaction, for the same changes (a restore runs it), or alone."""
    manifest = folder / "statements.json"
    document = json.loads(manifest.read_text())
    statements = document["statements"]
    index = [i for i, s in enumerate(statements) if s["step"] == step][position]
    added = {k: v for k, v in statements[index].items() if k != "removes"} | {"sql": sql}
    if not added["transaction"]:
        added["group"] = max(s["group"] for s in statements) + 1  # a group of its own
    statements.insert(index, added)
    manifest.write_text(json.dumps(document))


def failing_swap(folder: Path) -> None:
    """Make the migration's swap fail at its first statement, so that it must be restored."""
    insert_failing(folder, "swap")


def last_run(root: Path, url: str) -> dict[str, str]:
    history = json.loads(wesley("migrate", "history", "--db", url, "--format", "json", cwd=root).stdout)
    return dict(history[-1])


def test_a_failing_restore_is_reported_and_recorded_not_hidden(project: tuple[Path, str, str]) -> None:
    """Faults in the clean-up path: the error says the migration failed AND the restore did;
    "restored" is never printed; the history records both."""
    root, url, dialect = project
    common = ["--db", url, "--migrations", "migrations", "--target", "test", "--to", "0003_karma"]
    assert wesley("migrate", "up", *common[:-2], "--to", "0001_init", cwd=root).returncode == 0
    seed_users(url)
    assert wesley("migrate", "up", *common[:-2], "--to", "0002_email", cwd=root).returncode == 0
    before, digest = live(url), rows_digest(url)
    folder = root / "migrations" / "0003_karma"
    failing_swap(folder)
    if dialect == "sqlite":
        for fault, code in COPY_FAULTS.items():
            (folder / "backfill.py").write_text(
                "import pathlib, sqlite3, sys\n"
                f"copy = sys.argv[2].removeprefix('sqlite:///') + '.before-0003_karma'\n{code}\n"
            )
            result = wesley("migrate", "up", *common, cwd=root)
            assert result.returncode == 1, (fault, result.stderr)
            assert "swap failed" in result.stderr and RESTORED not in result.stderr, (fault, result.stderr)
            assert last_run(root, url)["outcome"] == "failed"
            assert rows_digest(url) == digest, fault  # never an empty database from a missing copy
            if "gone" in fault:
                assert "the restore failed too" in result.stderr and "before-0003_karma" in result.stderr
            else:
                assert "did not bring the schema back: + table stray" in result.stderr
                assert "table stray" in last_run(root, url)["error"]
                execute(url, "DROP TABLE stray")
            assert live(url) == before, fault
        return
    pristine = (folder / "statements.json").read_text()
    undo = [s for s in json.loads(pristine)["statements"] if s["step"] == "undo-expand"]
    for position in range(len(undo)):
        (folder / "statements.json").write_text(pristine)
        failing_swap(folder)
        insert_failing(folder, "undo-expand", position)
        result = wesley("migrate", "up", *common, cwd=root)
        assert result.returncode == 1, (position, result.stderr)
        assert "swap failed" in result.stderr and "the restore failed too" in result.stderr, position
        assert "no_such_function_wesley" in result.stderr and RESTORED not in result.stderr, position
        recorded = last_run(root, url)
        assert recorded["outcome"] == "failed" and "the restore failed too" in recorded["error"], position
        execute(  # what the restore left
            url,
            "DROP TRIGGER IF EXISTS users_karma__wesley_sync ON users",
            "DROP FUNCTION IF EXISTS users_karma__wesley_sync()",
            'ALTER TABLE users DROP COLUMN IF EXISTS "karma__wesley_new"',
        )
        assert live(url) == before and rows_digest(url) == digest, position
    (folder / "statements.json").write_text(pristine)
    failing_swap(folder)
    insert_failing(folder, "undo-expand", sql="CREATE TABLE stray (x integer)")
    result = wesley("migrate", "up", *common, cwd=root)
    assert result.returncode == 1 and RESTORED not in result.stderr, result.stderr
    assert "did not bring the schema back: + table stray" in result.stderr, result.stderr
    assert "table stray" in last_run(root, url)["error"]


def test_a_sqlite_file_in_wal_mode_is_restored_with_the_rows_still_in_its_wal(tmp_path: Path) -> None:
    """The restore point is taken with the backup API, which reads the WAL too; a copy of the file would not."""
    for name, text in SCHEMAS.items():
        (tmp_path / f"{name}.graphql").write_text(text, encoding="utf-8")
    for folder, old, new, extra in CHAIN[:3]:
        result = wesley(
            "generate", f"{old}.graphql", f"{new}.graphql", "-o", f"migrations/{folder}", "--dialect", "sqlite",
            *extra, cwd=tmp_path,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
    url = f"sqlite:///{tmp_path / 'app.db'}"
    common = ["migrate", "up", "--db", url, "--migrations", "migrations", "--target", "test"]
    assert wesley(*common, "--to", "0002_email", cwd=tmp_path).returncode == 0
    keeper = sqlite3.connect(tmp_path / "app.db")  # open throughout: the WAL is never folded back
    try:
        keeper.execute("PRAGMA journal_mode = WAL")
        with keeper:
            keeper.execute(
                "INSERT INTO users (id, name, karma, email) VALUES ('00000000-0000-0000-0000-000000000042', 'w', 4, 'w@x')"
            )
        assert (tmp_path / "app.db-wal").stat().st_size > 0
        before, digest = live(url), rows_digest(url)
        failing_swap(tmp_path / "migrations" / "0003_karma")
        result = wesley(*common, cwd=tmp_path)
        assert result.returncode == 1 and RESTORED in result.stderr, result.stderr
        assert live(url) == before and rows_digest(url) == digest
        assert "w@x" in str(keeper.execute("SELECT email FROM users").fetchall())
    finally:
        keeper.close()
    assert not list(tmp_path.glob("*.before-*")) and not list(tmp_path.glob("*.wesley-lock"))


def test_duplicates_stop_the_swap_before_it_runs(project: tuple[Path, str, str]) -> None:
    root, url, _ = project
    common = ["--db", url, "--migrations", "migrations", "--target", "test"]
    assert wesley("migrate", "up", *common, "--to", "0003_karma", cwd=root).returncode == 0
    for n in (1, 2):
        execute(
            url,
            f"INSERT INTO users (id, name, karma, email) VALUES ('00000000-0000-0000-0000-00000000000{n}', 'n{n}', 1, 'same@x')",
        )
    before = live(url)
    result = wesley("migrate", "up", *common, cwd=root)
    assert result.returncode == 1
    assert "users_email_key" in result.stdout + result.stderr or "duplicate" in result.stdout + result.stderr
    assert live(url) == before


def test_interlocks_refuse_and_change_nothing(project: tuple[Path, str, str]) -> None:
    root, url, _ = project
    args = ["migrate", "up", "--db", url, "--migrations", "migrations"]
    no_target = wesley(*args, cwd=root)
    assert no_target.returncode == 1 and "--target" in no_target.stderr
    working = wesley(*args, "--target", "working", cwd=root)
    assert working.returncode == 1 and "WESLEY_CONFIRM" in working.stderr
    (root / "pyproject.toml").write_text(f'[tool.wesley-gen]\nworking-database = "{url}"\n')
    guarded = wesley(*args, "--target", "test", cwd=root)
    assert guarded.returncode == 1 and "working database" in guarded.stderr
    assert load_schema(url).schema.tables == ()
    confirmed = wesley(
        *args, "--target", "working", cwd=root, env={"WESLEY_CONFIRM": "I_ACKNOWLEDGE_WORKING_MUTATION"}
    )
    assert confirmed.returncode == 0, confirmed.stderr
    assert "WORKING" in confirmed.stderr


def test_drift_stops_up_unless_allowed(project: tuple[Path, str, str]) -> None:
    root, url, _ = project
    common = ["--db", url, "--migrations", "migrations", "--target", "test"]
    assert wesley("migrate", "up", *common, "--to", "0001_init", cwd=root).returncode == 0
    execute(url, "ALTER TABLE users ADD COLUMN nickname TEXT")
    status = wesley("migrate", "status", "--db", url, "--migrations", "migrations", cwd=root)
    assert status.returncode == 1 and "nickname" in status.stdout
    verify = wesley("migrate", "verify", "--db", url, "--migrations", "migrations", cwd=root)
    assert verify.returncode == 1 and "nickname" in verify.stdout
    stopped = wesley("migrate", "up", *common, cwd=root)
    assert stopped.returncode == 1 and "nickname" in stopped.stdout + stopped.stderr
    allowed = wesley("migrate", "up", *common, "--allow-contract-drift", "--to", "0002_email", cwd=root)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr


@pytest.mark.parametrize(
    ("document", "edit", "located"),
    [
        ("plan.json", lambda d: d["summary"].pop("rename"), "not a wesley-gen plan: $.summary: 'rename'"),
        (
            "contract.json",
            lambda d: d["pre"]["row_counts"].append({"table": "users"}),
            "not a wesley-gen contract: $.pre.row_counts[0]: 'sql' is a required property",
        ),
        (
            "statements.json",
            lambda d: d["statements"][0].pop("group"),
            "not a wesley-gen statement list: $.statements[0]: 'group' is a required property",
        ),
        # A format version this wesley-gen does not read: which wesley-gen wrote it, and the fix.
        (
            "plan.json",
            lambda d: d.update(format="wesley-gen/plan@0"),
            "written by an older wesley-gen (wesley-gen/plan@0; this wesley-gen reads wesley-gen/plan@1)",
        ),
        (
            "statements.json",
            lambda d: d.update(format="wesley-gen/statements@2"),
            "written by a newer wesley-gen (wesley-gen/statements@2; this wesley-gen reads "
            "wesley-gen/statements@1)",
        ),
    ],
)
def test_a_document_that_breaks_its_schema_is_refused_at_its_json_path(
    tmp_path: Path, chains: Callable[[str], Path], document: str, edit: Any, located: str
) -> None:
    """``migrate up`` and ``migrate verify`` read plan.json, contract.json and statements.json
    through their typed readers: a hand edit that breaks the published schema is one located
    line, exit 2."""
    shutil.copytree(chains("sqlite"), tmp_path, dirs_exist_ok=True)
    path = tmp_path / "migrations" / "0001_init" / document
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "app.db").touch()
    url = f"sqlite:///{tmp_path / 'app.db'}"
    for command in (["up", "--target", "test"], ["verify"]):
        result = wesley("migrate", *command, "--db", url, "--migrations", "migrations", cwd=tmp_path)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert result.stderr.splitlines()[0].startswith(
            f"wesley-gen: error: {Path('migrations') / '0001_init' / document}: {located}"
        ), result.stderr
        if "older" in located:
            assert "wesley-gen check --fix" in result.stderr
        if "newer" in located:
            assert "pip install -U wesley-gen" in result.stderr


def test_an_unreachable_database_exits_3_without_the_password(tmp_path: Path) -> None:
    (tmp_path / "migrations").mkdir()
    url = "postgresql://alice:hunter2@127.0.0.1:1/app"
    result = wesley("migrate", "status", "--db", url, "--migrations", "migrations", cwd=tmp_path)
    assert result.returncode == 3 and "hunter2" not in result.stderr


def _held_in_its_backfill(tmp_path: Path) -> tuple[subprocess.Popen[str], dict[str, str], list[str]]:
    """Two databases at 0001_init with 40,000 users; on ``killed``, ``up`` to 0002 is running,
    held in its backfill after 50 batches of 10 rows.  The process, the URLs and the args of ``up``."""
    process, urls, args = _held(tmp_path, {"HOLD_BACKFILL_AFTER": "50"}, "--batch-size", "10")
    conn = sqlite3.connect(tmp_path / "killed.db")
    filled = conn.execute("SELECT count(*) FROM users WHERE email IS NOT NULL").fetchone()[0]
    conn.close()
    assert filled == 50 * 10
    return process, urls, args


def _held(
    tmp_path: Path, hold: dict[str, str], *options: str
) -> tuple[subprocess.Popen[str], dict[str, str], list[str]]:
    """Two databases at 0001_init with 40,000 users; on ``killed``, ``up`` to 0002 (with
    ``options``) is running, held where ``hold`` (tests/hold) says, once it says so.  The
    process, the URLs and the args of ``up``."""
    for name, text in SCHEMAS.items():
        (tmp_path / f"{name}.graphql").write_text(text, encoding="utf-8")
    for folder, old, new, extra in CHAIN[:2]:
        result = wesley(
            "generate", f"{old}.graphql", f"{new}.graphql", "-o", f"migrations/{folder}", "--dialect", "sqlite",
            *extra, cwd=tmp_path,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
    urls = {}
    for name in ("killed", "calm"):
        url = urls[name] = f"sqlite:///{tmp_path / name}.db"
        args = ["migrate", "up", "--db", url, "--migrations", "migrations", "--target", "test"]
        assert wesley(*args, "--to", "0001_init", cwd=tmp_path).returncode == 0
        conn = sqlite3.connect(tmp_path / f"{name}.db")
        with conn:
            conn.executemany(
                "INSERT INTO users (id, name, karma) VALUES (?, ?, ?)",
                ((f"00000000-0000-0000-0000-{i:012d}", f"user{i}", i) for i in range(40_000)),
            )
        conn.close()
    args = ["migrate", "up", "--db", urls["killed"], "--migrations", "migrations", "--target", "test"]
    held = {"PYTHONPATH": str(ROOT / "tests" / "hold"), **hold}
    process = subprocess.Popen(
        [sys.executable, "-m", "wesley_gen", *args, *options],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
        start_new_session=True, env={k: v for k, v in os.environ.items() if not k.startswith("WESLEY_")} | held,
    )  # fmt: skip
    assert process.stderr is not None
    said = []
    for line in process.stderr:  # the held process's line (backfill.py's relayed by the runner)
        said.append(line)
        if HELD in line:
            break
    else:
        raise AssertionError("".join(said))
    return process, urls, args


def _completes_as_if_uninterrupted(
    tmp_path: Path, urls: dict[str, str], resumed: subprocess.CompletedProcess[str], *, resuming: bool = True
) -> None:
    """``resuming``: the run went on where the interrupted one stopped (else it started again)."""
    assert resumed.returncode == 0, resumed.stderr
    assert ("resuming" in resumed.stderr) == resuming
    calm = wesley(
        "migrate", "up", "--db", urls["calm"], "--migrations", "migrations", "--target", "test", cwd=tmp_path
    )
    assert calm.returncode == 0, calm.stderr
    assert rows_digest(urls["killed"]) == rows_digest(urls["calm"])
    assert live(urls["killed"]) == schema_of("s2")
    assert not list(tmp_path.glob("*.before-*")), "the restore copy outlived the migration"


def test_a_run_killed_during_its_backfill_completes_on_the_next_up(tmp_path: Path) -> None:
    """kill -9 after some batches; the next ``up`` resumes and the rows equal an uninterrupted run."""
    process, urls, args = _held_in_its_backfill(tmp_path)
    os.killpg(process.pid, signal.SIGKILL)  # the runner and its backfill.py
    process.communicate()
    _completes_as_if_uninterrupted(tmp_path, urls, wesley(*args, cwd=tmp_path))


@pytest.mark.parametrize("stop", ["ctrl-c", "sigterm"])
def test_after_an_interrupt_status_names_the_step_and_the_command_that_resumes_it(
    tmp_path: Path, stop: str
) -> None:
    """Ctrl-C (SIGINT to the terminal's process group), or SIGTERM to the runner alone (a
    deploy tool stopping it), in the middle of a backfill batch: backfill.py stops too and
    rolls its batch back, no restore copy is left, ``status`` says where the run stopped and
    prints the command, which completes it."""
    process, urls, _ = _held_in_its_backfill(tmp_path)
    if stop == "ctrl-c":
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGTERM)
    rest = process.communicate(timeout=120)[1]
    assert process.returncode == 130, rest
    if stop == "sigterm":  # the runner stopped backfill.py, and relays what it said (after
        # Ctrl-C the line can cross the runner's own interrupt and go unrelayed)
        assert "backfill.py: interrupted: run it again to continue where it stopped" in rest
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # no backfill.py left running in the run's process group
    conn = sqlite3.connect(tmp_path / "killed.db")
    filled = conn.execute("SELECT count(*) FROM users WHERE email IS NOT NULL").fetchone()[0]
    conn.close()
    assert filled == 50 * 10, "the batch in flight was not rolled back"
    assert not list(tmp_path.glob("*.before-*")), "a clean interrupt left its restore copy"

    status = wesley("migrate", "status", "--db", urls["killed"], "--migrations", "migrations", cwd=tmp_path)
    assert status.returncode == 1, status.stderr
    (line,) = [line for line in status.stdout.splitlines() if line.startswith("stopped: ")]
    assert line.startswith("stopped: 0002_email was interrupted during its backfill, run ")
    command = line.partition("; resume it: ")[2]
    assert command == f"wesley-gen migrate up --db {urls['killed']} --migrations migrations --target test"
    _completes_as_if_uninterrupted(tmp_path, urls, wesley(*command.split()[1:], cwd=tmp_path))


@pytest.mark.parametrize("stop", ["ctrl-c", "sigterm"])
def test_an_interrupt_after_the_swap_puts_the_database_back_and_leaves_no_copy(
    tmp_path: Path, stop: str
) -> None:
    """Ctrl-C or SIGTERM in the post-check, the SQLite swap committed: the database is put back
    from the restore copy taken before the migration, which is removed (the run says so);
    ``status`` says where the run stopped and prints the command, which runs it again."""
    process, urls, _ = _held(tmp_path, {"HOLD_POST_CHECK": "1"})
    assert live(urls["killed"]) == schema_of("s2"), "held before the swap committed"
    assert list(tmp_path.glob("killed.db.before-0002_email"))
    if stop == "ctrl-c":
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGTERM)
    rest = process.communicate(timeout=120)[1]
    assert process.returncode == 130, rest
    assert (
        "0002_email: interrupted during its post-check, after its swap: the database was restored from "
        "killed.db.before-0002_email, as it was before 0002_email, and the copy removed" in rest
    ), rest
    assert not list(tmp_path.glob("*.before-*")), "a clean interrupt left its restore copy"
    assert live(urls["killed"]) == live(urls["calm"])  # both at 0001_init, their rows alike
    assert rows_digest(urls["killed"]) == rows_digest(urls["calm"])

    status = wesley("migrate", "status", "--db", urls["killed"], "--migrations", "migrations", cwd=tmp_path)
    assert "pending  0002_email: interrupted during its post-check" in status.stdout, status.stdout
    (line,) = [line for line in status.stdout.splitlines() if line.startswith("stopped: ")]
    assert line.startswith("stopped: 0002_email was interrupted during its post-check, run ")
    assert "the database was put back as it was before 0002_email when it stopped" in status.stdout
    command = line.partition("; resume it: ")[2]
    assert command == f"wesley-gen migrate up --db {urls['killed']} --migrations migrations --target test"
    _completes_as_if_uninterrupted(tmp_path, urls, wesley(*command.split()[1:], cwd=tmp_path), resuming=False)


def test_the_history_statements_name_the_history_table() -> None:
    """run/history.py spells its table in constant statements: they must agree with the name."""
    from wesley_gen.identifiers import HISTORY_TABLE
    from wesley_gen.run.history import _CREATE, _INSERT, _SELECT

    for statement in (*_CREATE.values(), _SELECT, *_INSERT.values()):
        assert f" {HISTORY_TABLE} " in statement


def test_an_invalid_index_a_failed_concurrent_build_left_does_not_block_a_rerun(
    project: tuple[Path, str, str],
) -> None:
    """A CONCURRENTLY build that fails (or is killed) leaves an invalid index of its name;
    the statement before each build drops it, so the migration runs anyway."""
    root, url, dialect = project
    if dialect != "postgres":
        pytest.skip("SQLite builds no index CONCURRENTLY")
    common = ["--db", url, "--migrations", "migrations", "--target", "test"]
    assert wesley("migrate", "up", *common, "--to", "0003_karma", cwd=root).returncode == 0
    for user_id, name, karma in ROWS:
        execute(
            url,
            f"INSERT INTO users (id, name, karma, email) VALUES ('{user_id}', '{name}', {karma}, '{name}@x')",
        )
    # The unique key of 0004 comes from an index built CONCURRENTLY under this name; a
    # build of it that fails on duplicates leaves it invalid.
    with pytest.raises(Exception, match="could not create unique index"):
        execute(
            url,
            'CREATE UNIQUE INDEX CONCURRENTLY "users_email_key__wesley_key" ON users ((1))',
            autocommit=True,
        )
    invalid = fetch(
        url, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_email_key__wesley_key'::regclass"
    )
    assert invalid == [(False,)]
    result = wesley("migrate", "up", *common, cwd=root)
    assert result.returncode == 0, result.stderr
    assert live(url) == schema_of("s4")


def test_up_passes_vacuum_rounds_to_the_backfill(project: tuple[Path, str, str]) -> None:
    """``--vacuum-rounds`` reaches backfill.py, whose vacuums between batches (PostgreSQL only)
    are relayed."""
    root, url, dialect = project
    common = ["--db", url, "--migrations", "migrations", "--target", "test"]
    assert wesley("migrate", "up", *common, "--to", "0001_init", cwd=root).returncode == 0
    seed_users(url)
    result = wesley(
        "migrate", "up", *common, "--to", "0002_email", "--batch-size", "1", "--vacuum-rounds", "2", cwd=root
    )
    assert result.returncode == 0, result.stderr
    vacuums = [line for line in result.stderr.splitlines() if "between batches" in line]
    assert len(vacuums) == (2 if dialect == "postgres" else 0), result.stderr
    assert all(
        line.strip().startswith('users.email: vacuumed "users" between batches in ') for line in vacuums
    )


def test_a_deploy_sits_between_backfill_and_swap(project: tuple[Path, str, str]) -> None:
    """``--through backfill`` stops before the swap, recorded; status names the step; writes
    made meanwhile are filled (the trigger on PostgreSQL, the rebuild on SQLite); a later up
    goes on at the swap."""
    root, url, dialect = project
    common = ["--db", url, "--migrations", "migrations", "--target", "test"]
    assert wesley("migrate", "up", *common, "--to", "0001_init", cwd=root).returncode == 0
    seed_users(url)
    stopped = wesley("migrate", "up", *common, "--through", "backfill", cwd=root)
    assert stopped.returncode == 0, stopped.stderr
    assert "0002_email: backfilled, swap pending" in stopped.stderr
    shown = wesley("migrate", "status", "--db", url, "--migrations", "migrations", cwd=root)
    status = shown.stdout
    assert "pending  0002_email: backfilled, swap pending" in status
    assert "pending  0003_karma\n" in status
    # The shadow column and triggers the pause keeps are not drift: status says how to finish.
    assert shown.returncode == 0, status
    assert "drift" not in status, status
    (paused,) = [line for line in status.splitlines() if line.startswith("paused: ")]
    assert paused.startswith(
        "paused: 0002_email stopped after its backfill as asked (--through backfill), run "
    )
    finish = paused.partition("; finish it: ")[2]
    assert finish == f"wesley-gen migrate up --db {shlex.quote(url)} --migrations migrations --target test"
    state = json.loads(
        wesley(
            "migrate", "status", "--db", url, "--migrations", "migrations", "--format", "json", cwd=root
        ).stdout
    )
    assert (state["drift"], state["stopped"], state["paused"]["migration"]) == (False, None, "0002_email")
    assert state["paused"]["resume"] == finish
    if dialect == "postgres":
        assert fetch(url, "SELECT tgname FROM pg_trigger WHERE tgname LIKE '%wesley_sync'") == [
            ("users_email__wesley_sync",)
        ]
    again = wesley("migrate", "up", *common, "--through", "backfill", cwd=root)
    assert again.returncode == 0 and "nothing to do before the swap" in again.stderr
    # The application, which knows only the old schema, writes meanwhile.
    execute(
        url, "INSERT INTO users (id, name, karma) VALUES ('00000000-0000-0000-0000-000000000099', 'late', 1)"
    )
    finished = wesley("migrate", "up", *common, cwd=root)
    assert finished.returncode == 0, finished.stderr
    assert "stopped after the backfill" in finished.stderr
    assert live(url) == schema_of("s4")
    assert fetch(url, "SELECT email FROM users WHERE name = 'late'") == [("late@example.org",)]
    history = json.loads(wesley("migrate", "history", "--db", url, "--format", "json", cwd=root).stdout)
    assert [h["outcome"] for h in history if h["migration"] == "0002_email"] == [
        "expanded",
        "backfilled",
        "applied",
    ]


def test_rows_the_application_inserts_during_the_run_fail_only_a_sqlite_rebuilds_count(
    project: tuple[Path, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL runs online: no statement of the plan inserts or deletes a row, so a row
    count that moved is the application's and the post-check leaves counts out. SQLite
    rebuilds tables by copying rows: a count that moved fails the post-check."""
    from wesley_gen.api import migrate as api
    from wesley_gen.run import migrate as runner

    root, url, dialect = project
    common = ["--db", url, "--migrations", "migrations", "--target", "test"]
    assert wesley("migrate", "up", *common, "--to", "0001_init", cwd=root).returncode == 0
    seed_users(url)
    backfill = runner.Runner.backfill

    # SQLite has no trigger: the application that inserts during the run fills email itself.
    email = ("", "") if dialect == "postgres" else (", email", ", 'new@example.org'")

    def backfill_while_the_application_inserts(self: runner.Runner, *args: Any) -> None:
        backfill(self, *args)
        execute(
            url,
            f"INSERT INTO users (id, name, karma{email[0]})"
            f" VALUES ('00000000-0000-0000-0000-000000000098', 'new', 2{email[1]})",
        )

    monkeypatch.setattr(runner.Runner, "backfill", backfill_while_the_application_inserts)

    def up() -> None:
        api.migrate_up(
            url, str(root / "migrations"), target="test", to="0002_email", lock_timeout=5, say=lambda _: None
        )

    if dialect == "postgres":
        up()
        assert fetch(url, "SELECT email FROM users WHERE name = 'new'") == [("new@example.org",)]
    else:
        with pytest.raises(runner.MigrationFailed, match="row_count users"):
            up()
