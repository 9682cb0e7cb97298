"""The command line as a user meets it: exit codes, output formats, colour, usage errors.

Every test runs the real console entry point in a subprocess (``python -m wesley_gen``),
so import-time behaviour and exit codes are exactly what a shell sees.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import click
import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
V1, V2 = str(ROOT / "schemas" / "v1.graphql"), str(ROOT / "schemas" / "v2.graphql")
CAST_CASE = ROOT / "golden" / "string_to_int_with_cast"
HEAVY = ("sqlglot", "pglast", "graphql", "psycopg", "jinja2", "black")


def wesley(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wesley_gen", *args],
        capture_output=True, text=True, check=False, timeout=120, stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )  # fmt: skip


def test_diff_exits_0_and_prints_a_summary() -> None:
    result = wesley("diff", V1, V2)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("summary: 10 changes")


@pytest.mark.parametrize(("threshold", "code"), [("destructive", 1), ("narrowing", 1)])
def test_fail_on_a_class_present_exits_1(threshold: str, code: int) -> None:
    assert wesley("diff", V1, V2, "--fail-on", threshold).returncode == code


def test_fail_on_a_class_absent_exits_0() -> None:
    old, new = (
        str(ROOT / "golden" / "add_required_email" / "old.graphql"),
        str(ROOT / "golden" / "add_required_email" / "new.graphql"),
    )
    assert wesley("diff", old, new, "--fail-on", "narrowing").returncode == 0


def test_a_cast_turns_the_error_into_a_narrowing_change() -> None:
    old, new = str(CAST_CASE / "old.graphql"), str(CAST_CASE / "new.graphql")
    assert wesley("diff", old, new).returncode == 1
    cast = "--cast=products.stock=CAST(stock AS integer)"
    assert wesley("diff", old, new, cast).returncode == 0
    assert wesley("diff", old, new, cast, "--fail-on", "narrowing").returncode == 1


def test_json_output_is_the_published_format() -> None:
    result = wesley("diff", V1, V2, "--format", "json")
    document = json.loads(result.stdout)
    schema = json.loads((ROOT / "docs" / "schema" / "diff.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    assert result.stdout.endswith("}\n")


def test_text_is_plain_when_piped_and_coloured_on_a_terminal() -> None:
    assert "\x1b[" not in wesley("diff", V1, V2).stdout
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "wesley_gen", "diff", V1, V2],
        stdout=follower, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
        env={k: v for k, v in os.environ.items() if k != "NO_COLOR"},
    )  # fmt: skip
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    assert b"\x1b[" in b"".join(chunks)


def test_usage_errors_exit_2_with_one_line_and_a_hint() -> None:
    result = wesley("diff", V1)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("wesley-gen: error: ") and lines[1].startswith("  hint: ")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["up", "--target", "test"], ["status"]])
def test_migrate_without_a_database_names_both_ways_to_give_one(tmp_path: Path, command: list[str]) -> None:
    """No --db and no configured database is an error, never a database file of its own making."""
    (tmp_path / "migrations").mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "wesley_gen", "migrate", *command],
        cwd=tmp_path, capture_output=True, text=True, check=False, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("wesley-gen: error: no database to migrate")
    assert "--db URL" in result.stderr and "[tool.wesley-gen]" in result.stderr
    assert list(tmp_path.iterdir()) == [tmp_path / "migrations"]


def test_usage_errors_never_print_a_password() -> None:
    result = wesley("postgresql://alice:hunter2@db.example/app")
    assert result.returncode == 2
    assert "hunter2" not in result.stderr and "alice:***@" in result.stderr


def test_unreachable_database_exits_3_with_the_password_redacted() -> None:
    result = wesley("diff", "postgresql://alice:hunter2@127.0.0.1:1/app", V1)
    assert result.returncode == 3
    assert "hunter2" not in result.stderr
    assert result.stderr.startswith("wesley-gen: error: postgresql://alice:***@127.0.0.1:1/app")


def test_help_shows_examples_and_imports_no_heavy_library() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "wesley_gen", "--help"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0 and "Example" in result.stdout
    imported = {
        line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line
    }
    assert not imported & set(HEAVY), imported & set(HEAVY)


@pytest.mark.parametrize("command", ["diff", "generate", "verify"])
def test_every_command_documents_examples_and_exit_codes(command: str) -> None:
    result = wesley(command, "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout and "Exit codes" in result.stdout


def _failing(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``wesley-gen testdb list`` with ``listing`` replaced by a bug: a subgroup's command fails."""
    bug = "(_ for _ in ()).throw(RuntimeError('a bug\\n  on two lines'))"
    code = f"import wesley_gen.run.testdb as t; t.listing = lambda: {bug}; from wesley_gen.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, "testdb", "list"],
        capture_output=True, text=True, check=False, timeout=120, stdin=subprocess.DEVNULL,
        env={**os.environ, **env},
    )  # fmt: skip


def test_a_bug_in_a_subgroup_command_is_one_line_and_exit_70() -> None:
    result = _failing({"WESLEY_GEN_DEBUG": ""})
    assert result.returncode == 70, result.stderr
    assert result.stderr.splitlines() == [
        "wesley-gen: internal error: RuntimeError: a bug on two lines",
        "  hint: this is a bug in wesley-gen; rerun with WESLEY_GEN_DEBUG=1 for a traceback",
    ]
    debug = _failing({"WESLEY_GEN_DEBUG": "1"})
    assert "Traceback" in debug.stderr and "RuntimeError: a bug" in debug.stderr


def test_every_command_maps_its_errors_to_exit_codes() -> None:
    """Commands return their exit code; only the guarded command class turns errors into codes."""
    from wesley_gen.cli import _GuardedCommand

    unguarded = [c.name for c in _commands() if not isinstance(c, _GuardedCommand)]
    assert len(_commands()) == 18 and not unguarded, unguarded


def test_every_command_is_a_call_of_the_library() -> None:
    """cli.py parses, calls one api function and prints its report: each command's body names api."""
    import inspect

    without = [c.name for c in _commands() if c.callback and "api." not in inspect.getsource(c.callback)]
    assert not without, without


def test_the_cli_stays_a_thin_shell() -> None:
    """Rendering and defaults live in render/console.py and api/: cli.py stays under 400 lines."""
    import wesley_gen.cli

    assert len(Path(wesley_gen.cli.__file__).read_text(encoding="utf-8").splitlines()) < 400


def test_history_text_shows_an_expanded_step_only_while_it_is_the_last_row() -> None:
    from wesley_gen.render.console import render_history

    def row(migration: str, outcome: str, **extra: str) -> dict[str, str | None]:
        base = {"started_at": "T", "migration": migration, "direction": "up", "target": "test"}
        return base | {"outcome": outcome, "reason": None, "error": None} | extra

    runs = [row("0001_a", "expanded"), row("0001_a", "applied"), row("0002_b", "expanded", error="boom")]
    assert render_history(runs).splitlines() == [
        "T  0001_a                       up   applied     test",
        "T  0002_b                       up   expanded    test  error: boom",
    ]
    assert render_history([]) == "no runs recorded\n"


def test_status_text_redacts_the_url_and_names_the_run_holding_the_lock() -> None:
    from wesley_gen.database_url import DatabaseUrl
    from wesley_gen.render.console import render_status

    status = {"applied": ["0001_a"], "pending": ["0002_b"], "drift": True, "differences": ["table t is gone"]}
    url = DatabaseUrl.parse("postgresql://u:secret@h/db")
    assert render_status(url, status, "run r1 on host h").splitlines() == [
        "database: postgresql://u:***@h/db",
        "  applied  0001_a",
        "  pending  0002_b",
        "drift: the live schema differs from the last recorded snapshot:",
        "  table t is gone",
        "run in progress: run r1 on host h",
    ]


def test_status_of_a_run_stopped_after_its_backfill_names_the_step_it_stopped_in() -> None:
    """The history row a run interrupted in its swap leaves says 'expanded' (the resumed run
    fills again what was written since): the pending line says where it stopped instead."""
    from wesley_gen.database_url import DatabaseUrl
    from wesley_gen.render.console import render_status

    resume = "wesley-gen migrate up --db sqlite:///app.db --migrations migrations --target test"
    stopped = {"migration": "0001_b", "run_id": "r1", "started_at": "T", "step": "swap", "resume": resume}
    status = {"applied": [], "pending": ["0001_b", "0002_c"], "drift": False, "differences": [],
              "steps": {"0001_b": "expanded, backfill pending"}, "stopped": stopped}  # fmt: skip
    assert render_status(DatabaseUrl.parse("sqlite:///app.db"), status, None).splitlines() == [
        "database: sqlite:///app.db",
        "  pending  0001_b: interrupted during its swap",
        "  pending  0002_c",
        f"stopped: 0001_b was interrupted during its swap, run r1 started T; resume it: {resume}",
    ]
    stopped |= {"step": "post-check", "kept_copy": "app.db.before-0001_b"}
    assert render_status(DatabaseUrl.parse("sqlite:///app.db"), status, None).splitlines()[-1] == (
        "  app.db.before-0001_b is the database as it was before 0001_b: its swap had committed, so the "
        "resumed run restores from it if its post-check fails, and removes it once it is done"
    )


def _commands() -> list[click.Command]:
    """Every command that runs something: the leaves of the command tree."""
    from wesley_gen.cli import cli

    def leaves(group: click.Group) -> list[click.Command]:
        found: list[click.Command] = []
        for command in group.commands.values():
            found += leaves(command) if isinstance(command, click.Group) else [command]
        return found

    return leaves(cli)


def test_testdb_down_tells_each_id_before_trying_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An interruption midway keeps the lines of the ids already removed."""
    import wesley_gen.run.testdb as testdb
    from wesley_gen.cli import main

    def remove_unrecorded(run_id: str) -> bool:
        if run_id == "second":
            raise KeyboardInterrupt
        return True

    monkeypatch.chdir(tmp_path)
    # A folder of its own: the reaping before the ids would otherwise meet other runs' leftovers.
    monkeypatch.setenv(testdb.ROOT_VARIABLE, str(tmp_path / "testdbs"))
    monkeypatch.setattr(testdb, "remove_unrecorded", remove_unrecorded)
    with pytest.raises(SystemExit) as exited:
        main(["testdb", "down", "first", "second", "third"])
    assert exited.value.code == 130
    out, err = capsys.readouterr()
    assert out == "test database first had not been recorded; its folder is gone\n"
    assert err == "wesley-gen: interrupted\n"


def test_rehearse_says_its_outcome_and_last_the_url_it_kept() -> None:
    from wesley_gen.render.console import render_rehearsed
    from wesley_gen.reports import Failure, Rehearsal, RollbackRecord

    kept = Rehearsal("r1", "sqlite", "sqlite:///t.db", "T", seconds=1.25, kept_url="sqlite:///t.db")
    kept.rollback = [
        RollbackRecord(
            "0002_b", "restored", not_verified=["0002_b: t.c and its values", "0001_a: its rollback"]
        )
    ]
    assert render_rehearsed(kept, 2) == [
        ("rehearsal passed: 2 migrations up and verified, 1 rolled back (1.2 s)", False),
        ("rehearsal: not verified: 0002_b: t.c and its values", False),
        ("rehearsal: not verified: 0001_a: its rollback", False),
        ("wesley-gen: kept the test database (remove it: wesley-gen testdb down r1)", True),
        ("sqlite:///t.db", False),
    ]
    failed = Rehearsal(
        "r2", "postgres", "-", "T", failure=Failure("0001_a", "swap", "postgresql://u:pw@h/db down")
    )
    assert render_rehearsed(failed, 1) == [
        ("wesley-gen: rehearsal failed at 0001_a swap: postgresql://u:***@h/db down", True)
    ]
