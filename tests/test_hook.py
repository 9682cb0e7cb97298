"""The pre-commit hook (``wesley-gen check``) never passes falsely and says how to fix what it finds.

Each case is a temporary project with ``[tool.wesley-gen]`` in its pyproject.toml and every
command the real command line (in this process, tests/command.py); the hook cases also run through the real ``pre-commit`` package with
this repository's ``.pre-commit-hooks.yaml``.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.test_project import CONFIG, EMAIL, ROOT, V1, V2, run, wesley
from wesley_gen.folders import Folder
from wesley_gen.project import GENERATOR
from wesley_gen.project.accept import _carry_into_manifest, sql_statements
from wesley_gen.statements import read_manifest

ROW = """INSERT INTO "organizations" ("id", "name") VALUES ('o1', 'added by hand; kept');\n"""
SUMMARY = "wesley-gen: check failed:"
GOLDEN_FOLDERS = sorted(p for p in ROOT.glob("golden/*/expected/*") if p.is_dir())


def project_at(root: Path, *, migrate: bool = True) -> Path:
    root.mkdir(exist_ok=True)
    (root / "pyproject.toml").write_text(CONFIG)
    shutil.copy(V1, root / "schema.graphql")
    if migrate:
        made = wesley("new", "init", cwd=root)
        assert made.returncode == 0, made.stderr
    return root


def failure_lines(stderr: str) -> list[str]:
    """The lines of a failed check that name a problem (details are indented)."""
    return [line for line in stderr.splitlines() if line and not line.startswith((" ", SUMMARY))]


def as_printed(command: str, *extra: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command line as check prints it (this environment's wesley-gen may not be on PATH)."""
    program, *args = command.split()
    assert program == "wesley-gen", command
    return wesley(*args, *extra, cwd=cwd)


def add_row_to_expand(project: Path) -> Path:
    expand = project / "migrations" / "0001_init" / "expand.sql"
    expand.write_text(expand.read_text().replace("COMMIT;\n", ROW + "COMMIT;\n", 1))
    return expand


def test_check_without_migrations_names_each_change_and_the_command(tmp_path: Path) -> None:
    project = project_at(tmp_path, migrate=False)
    result = wesley("check", cwd=project)
    assert result.returncode == 1 and "ok:" not in result.stdout
    assert "schema.graphql: 3 changes not captured by any migration" in result.stderr
    assert "  + add_table  organizations: new table" in result.stderr
    (line,) = failure_lines(result.stderr)
    command = re.search(r"to fix: (wesley-gen new <name>)", line)
    assert command is not None
    # Without a name, new asks for the NAME the hint's <name> stands for.
    bare = as_printed("wesley-gen new", cwd=project)
    assert bare.returncode == 2 and "Missing argument 'NAME'" in bare.stderr
    # The command as printed, with a name for <name>, captures the schema.
    made = as_printed(command.group(1).replace("<name>", "init"), cwd=project)
    assert made.returncode == 0, made.stderr
    assert wesley("check", cwd=project).returncode == 0


def test_a_moved_schema_names_the_changes_and_the_command_that_captures_them(tmp_path: Path) -> None:
    project = project_at(tmp_path)
    shutil.copy(V2, project / "schema.graphql")
    result = wesley("check", cwd=project)
    assert result.returncode == 1
    assert "not captured by the newest migration, 0001_init" in result.stderr
    assert (
        "  - drop_column  " in result.stderr and "  ? possible_rename  users: bio -> email" in result.stderr
    )
    (line,) = failure_lines(result.stderr)
    command = line.split("to fix: ")[1].split("  (")[0]
    assert command == "wesley-gen new <name> --allow-destructive"
    made = as_printed(command.replace("<name>", "v2"), "--backfill", EMAIL, cwd=project)
    assert made.returncode == 0, made.stderr
    assert wesley("check", cwd=project).returncode == 0


def test_comment_and_whitespace_edits_are_not_stale(tmp_path: Path) -> None:
    project = project_at(tmp_path)
    schema = project / "schema.graphql"
    schema.write_text("# who owns what\n\n" + schema.read_text().replace("\n", "\n\n") + "   \n# the end\n")
    result = wesley("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "changed only in comments or whitespace" in result.stderr and "check --fix" in result.stderr
    fixed = wesley("check", "--fix", cwd=project)
    assert fixed.returncode == 0 and "rewrote migrations/0001_init/source.json" in fixed.stdout
    # The new hash is recorded: the next check answers from hashes, loading no schema.
    timed = run(sys.executable, "-X", "importtime", "-m", "wesley_gen", "check", cwd=project)
    assert timed.returncode == 0 and "graphql" not in timed.stderr and "note" not in timed.stderr


def test_every_failure_line_says_how_to_fix_it_and_names_no_internal_file(tmp_path: Path) -> None:
    project = project_at(tmp_path)
    folder = project / "migrations" / "0001_init"
    (folder / "plan.json").write_text((folder / "plan.json").read_text() + " ")
    (folder / "swap.sql").unlink()
    (folder / "notes.txt").write_text("mine\n")
    shutil.copy(V2, project / "schema.graphql")
    result = wesley("check", cwd=project)
    assert result.returncode == 1
    lines = failure_lines(result.stderr)
    assert len(lines) == 4, result.stderr
    assert all("; to fix: " in line for line in lines), result.stderr
    assert "source.json" not in result.stderr
    assert result.stderr.splitlines()[-1] == f"{SUMMARY} 4 problems; each line above says how to fix it"
    assert any("plan.json: differs from what wesley-gen generates" in line for line in lines)


def test_a_broken_source_json_says_what_it_is_and_how_to_restore_it(tmp_path: Path) -> None:
    project = project_at(tmp_path)
    (project / "migrations" / "0001_init" / "source.json").write_text("{")
    result = wesley("check", cwd=project)
    assert result.returncode == 2
    assert "records how `wesley-gen new` made this folder" in result.stderr
    assert "git checkout -- migrations/0001_init/source.json" in result.stderr


def test_an_accepted_hand_edit_runs_is_explained_and_survives_fix(tmp_path: Path) -> None:
    project = project_at(tmp_path)
    expand = add_row_to_expand(project)
    refused = wesley("check", cwd=project)
    assert refused.returncode == 1
    accept = "wesley-gen check --accept migrations/0001_init/expand.sql"
    assert accept in refused.stderr
    accepted = as_printed(accept, cwd=project)
    assert accepted.returncode == 0, accepted.stderr
    assert "accepted the hand edit of migrations/0001_init/expand.sql" in accepted.stdout
    assert "may change the schema" not in accepted.stderr  # rows only
    source = json.loads((expand.parent / "source.json").read_text())
    assert sorted(source["accepted"]) == ["expand.sql", "statements.json"]
    # check --fix keeps it, and the no-op check still answers from hashes.
    edited = expand.read_bytes()
    assert wesley("check", "--fix", cwd=project).stdout == "ok: every migration is up to date\n"
    assert expand.read_bytes() == edited
    explained = wesley("explain", "migrations/0001_init", cwd=project)
    assert "**Edited by hand:**" in explained.stdout and "> - `expand.sql`" in explained.stdout
    # migrate runs statements.json: the edit is in it, so it runs.
    up = wesley("migrate", "up", "--db", "sqlite:///app.db", "--target", "test", cwd=project)
    assert up.returncode == 0, up.stderr
    rows = sqlite3.connect(project / "app.db").execute("SELECT name FROM organizations").fetchall()
    assert rows == [("added by hand; kept",)]
    # Edited again after it was accepted: named, with both ways out.
    expand.write_text(expand.read_text().replace("kept", "changed"))
    again = wesley("check", "--fix", cwd=project)
    assert again.returncode == 1 and "edited by hand since its last accepted edit" in again.stderr
    assert f"{accept} to accept this version too" in again.stderr


def test_an_accepted_edit_that_may_change_the_schema_is_named_with_what_to_do_instead(tmp_path: Path) -> None:
    """A statement the edit adds that makes an object (here an index) fails migrate's
    post-check, which compares the database with the captured schema: accept says so."""
    project = project_at(tmp_path)
    expand = project / "migrations" / "0001_init" / "expand.sql"
    index = 'CREATE INDEX "users_name_idx" ON "users" ("name")'
    expand.write_text(expand.read_text().replace("COMMIT;\n", f"{index};\nCOMMIT;\n", 1))
    accepted = wesley("check", "--accept", str(expand), cwd=project)
    assert accepted.returncode == 0, accepted.stderr
    line = 1 + expand.read_text().split(index)[0].count("\n")
    (note,) = [n for n in accepted.stderr.splitlines() if "may change the schema" in n]
    assert note.startswith(
        f"wesley-gen: note: migrations/0001_init/expand.sql:{line}: the accepted edit runs "
        '`CREATE INDEX "users_name_idx" ON "users" ("name")`, which may change the schema;'
    )
    assert note.endswith("declare it in schema.graphql and capture it with `wesley-gen new <name>` instead")
    up = wesley("migrate", "up", "--db", "sqlite:///app.db", "--target", "test", cwd=project)
    assert up.returncode == 1 and "post-check failed" in up.stderr  # what the note warns of


def test_accepting_the_file_as_generated_again_forgets_the_edit(tmp_path: Path) -> None:
    project = project_at(tmp_path)
    expand = add_row_to_expand(project)
    assert wesley("check", "--accept", str(expand), cwd=project).returncode == 0
    expand.write_text(expand.read_text().replace(ROW, ""))
    back = wesley("check", "--accept", str(expand), cwd=project)
    assert back.returncode == 0, back.stderr
    assert "accepted" not in json.loads((expand.parent / "source.json").read_text())
    assert "Edited by hand" not in wesley("explain", str(expand.parent), cwd=project).stdout


def test_an_accepted_edit_of_a_file_the_generator_now_writes_differently_is_named(tmp_path: Path) -> None:
    project = project_at(tmp_path)
    expand = add_row_to_expand(project)
    assert wesley("check", "--accept", str(expand), cwd=project).returncode == 0
    source_file = expand.parent / "source.json"
    source = json.loads(source_file.read_text())
    source["accepted"]["expand.sql"]["generated"] = "0" * 64  # as if made by another wesley-gen
    source_file.write_text(json.dumps(source))
    result = wesley("check", "--fix", cwd=project)  # --fix: no answer from hashes, and the edit stays
    assert result.returncode == 1
    assert (
        "expand.sql: edited by hand and accepted, but wesley-gen now generates something else"
        in result.stderr
    )
    assert "delete it, run `wesley-gen check --fix`" in result.stderr
    expand.unlink()
    fixed = wesley("check", "--fix", cwd=project)  # statements.json's edit came from it: it goes too
    assert fixed.returncode == 0, fixed.stderr
    assert "rewrote migrations/0001_init/statements.json" in fixed.stdout
    assert ROW.strip() not in expand.read_text()
    assert "accepted" not in json.loads(source_file.read_text())


def test_a_rename_marked_in_the_schema_file_stays_a_rename_after_later_migrations(tmp_path: Path) -> None:
    """schema.json does not keep renamed-from markers: source.json does, so that a folder
    regenerated from its snapshot is still a rename, not a drop and an add."""
    project = project_at(tmp_path)
    shutil.copy(V2, project / "schema.graphql")
    assert wesley("new", "v2", "--allow-destructive", "--backfill", EMAIL, cwd=project).returncode == 0
    schema = project / "schema.graphql"
    schema.write_text(
        re.sub(r"(type Post [^{]*\{\n)", r"\1  nickname: String\n", schema.read_text(), count=1)
    )
    assert wesley("new", "nickname", cwd=project).returncode == 0
    plan = project / "migrations" / "0003_nickname" / "plan.json"
    plan.write_text(plan.read_text() + " ")  # the slow path: every folder is regenerated
    result = wesley("check", cwd=project)
    assert failure_lines(result.stderr) == [
        "migrations/0003_nickname/plan.json: differs from what wesley-gen generates for this migration "
        "(edited by hand since wesley-gen wrote it); to fix: wesley-gen check --fix  (rewrites it), or "
        "wesley-gen check --accept migrations/0003_nickname/plan.json if the edit is meant"
    ]
    assert wesley("check", "--fix", cwd=project).returncode == 0
    assert '"rename_column"' in (project / "migrations" / "0002_v2" / "plan.json").read_text()


@pytest.mark.parametrize("release", ["0.0.9", None], ids=["recorded", "before-it-was-recorded"])
def test_a_folder_an_older_wesley_gen_wrote_is_named_so_and_fix_rewrites_it(
    tmp_path: Path, release: str | None
) -> None:
    """A file as an older release generated it, untouched since (source.json records its hash
    and the release, or no release when it predates that record), is not called a hand edit
    nor answered from its hashes: check says an older wesley-gen wrote it, and the command."""
    project = project_at(tmp_path)
    folder = project / "migrations" / "0001_init"
    backfill = folder / "backfill.py"
    older = backfill.read_text().replace("pip install wesley-gen", "pip install wesley-gen==0.0.9")
    backfill.write_text(older)  # what an older wesley-gen wrote, and recorded
    source = json.loads((folder / "source.json").read_text())
    source["files"]["backfill.py"] = hashlib.sha256(older.encode()).hexdigest()
    source.pop("generator")
    if release is not None:
        source["generator"] = release
    (folder / "source.json").write_text(json.dumps(source, indent=2, sort_keys=True) + "\n")
    result = wesley("check", cwd=project)
    assert result.returncode == 1
    assert failure_lines(result.stderr) == [
        f"wesley-gen: note: 0001_init was written by {'wesley-gen ' + release if release else 'an older wesley-gen'}, "
        f"so every check regenerates it; `wesley-gen check --fix` records this one ({GENERATOR}), so that the next "
        "check answers from hashes alone",
        "migrations/0001_init/backfill.py: written by an older wesley-gen: unchanged since it was written, "
        "and this wesley-gen generates it differently; to fix: wesley-gen check --fix  (rewrites it as this "
        "version generates it; a database it was applied to keeps what it applied)",
    ]
    assert wesley("check", "--fix", cwd=project).returncode == 0
    assert backfill.read_text() != older
    assert json.loads((folder / "source.json").read_text())["generator"] == GENERATOR
    again = run(sys.executable, "-X", "importtime", "-m", "wesley_gen", "check", cwd=project)
    assert again.returncode == 0 and "wesley_gen.project.check" not in again.stderr  # from hashes


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("schema.json", None, "the next migration starts from it"),
        ("source.json", None, "check's own record"),
        ("backfill.py", "def broken(:\n", "backfill.py:1: not Python"),
        ("contract.json", "{}", "contract.json: not a wesley-gen contract"),
    ],
)
def test_what_cannot_be_accepted_is_refused_with_a_reason(
    tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    project = project_at(tmp_path)
    path = project / "migrations" / "0001_init" / name
    if content is not None:
        path.write_text(content)
    result = wesley("check", "--accept", str(path), cwd=project)
    assert result.returncode == 2 and message in result.stderr, result.stderr


def test_only_a_file_of_a_migration_folder_can_be_accepted(tmp_path: Path) -> None:
    project = project_at(tmp_path)
    result = wesley("check", "--accept", "schema.graphql", cwd=project)
    assert result.returncode == 2 and "not a file of a migration folder" in result.stderr


@pytest.mark.parametrize("folder", GOLDEN_FOLDERS, ids=lambda p: f"{p.parts[-3]}-{p.name}")
def test_the_sql_files_read_back_as_the_statements_they_show(folder: Path) -> None:
    """What accept reads from an edited .sql file is, for the file as generated, exactly
    statements.json: text, step, transaction and grouping."""
    statements = read_manifest(folder)
    for name, steps in {"expand.sql": ("expand",), "swap.sql": ("swap",), "rollback.sql": ("undo-swap", "undo-expand")}.items():  # fmt: skip
        expected = [s for s in statements if s.step in steps]
        found = sql_statements((folder / name).read_text(), name, folder.name, name)
        assert [(sql, step, inside) for sql, step, inside, _ in found] == [
            (s.sql, s.step, s.transaction) for s in expected
        ]
        assert _partition([b for *_, b in found]) == _partition([s.group for s in expected])


@pytest.mark.parametrize("folder", GOLDEN_FOLDERS, ids=lambda p: f"{p.parts[-3]}-{p.name}")
def test_accepting_a_sql_file_as_generated_leaves_statements_json_as_generated(
    folder: Path, tmp_path: Path
) -> None:
    """Unchanged statements keep what they serve, a repeated text (a LOCK per change) too."""
    for name in ("expand.sql", "swap.sql", "rollback.sql"):
        copy = tmp_path / name / "0001_x"
        shutil.copytree(folder, copy)
        _carry_into_manifest(Folder(1, copy), name, folder.name)
        assert (copy / "statements.json").read_bytes() == (folder / "statements.json").read_bytes(), name


def _partition(groups: list[int]) -> list[int]:
    """Where each run of one group starts: the grouping, whatever the numbers."""
    return [i for i, group in enumerate(groups) if i == 0 or groups[i - 1] != group]


def test_an_edit_that_is_not_sql_is_located(tmp_path: Path) -> None:
    broken = "BEGIN;\nCREATE TABLE t (id int);\nCREATE TABEL u (id int);\nCOMMIT;\n"
    from wesley_gen.errors import InputError

    with pytest.raises(InputError, match=r"expand.sql:3: not valid SQL"):
        sql_statements(broken, "expand.sql", "postgres", "expand.sql")
    with pytest.raises(InputError, match=r"expand.sql:2: not valid SQL: the last statement has no"):
        sql_statements("BEGIN;\nSELECT 1\n", "expand.sql", "sqlite", "expand.sql")


def test_diff_fail_on_says_why_like_a_linter() -> None:
    v1, v2 = str(V1.relative_to(ROOT)), str(V2.relative_to(ROOT))
    result = wesley("diff", v1, v2, "--fail-on", "destructive", cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{v2}: destructive: drop_column posts.score: removes the column and its data; "
        "the column can be recreated, the data cannot",
        f"{v2}: destructive: drop_column users.bio: removes the column and its data; "
        "the column can be recreated, the data cannot; the data is tagged pii",
        "wesley-gen: diff failed: 2 change(s) of class destructive or worse (--fail-on destructive)",
    ]
    assert wesley("diff", v1, v2, cwd=ROOT).stderr == ""


def test_a_diff_with_errors_says_why_and_how(tmp_path: Path) -> None:
    old, new = tmp_path / "old.graphql", tmp_path / "new.graphql"
    old.write_text("type A @wes_table {\n  id: ID! @wes_pk\n  n: String\n}\n")
    new.write_text(old.read_text().replace("n: String", "n: Int"))
    result = wesley("diff", str(old), str(new), cwd=tmp_path)
    assert result.returncode == 1
    first, summary = result.stderr.splitlines()
    assert first.startswith(f"{new}: error: incompatible_type  as.n: text → integer") and "--cast" in first
    assert summary == "wesley-gen: diff failed: 1 error(s) (a rename or cast hint resolves each)"


# --- through the real pre-commit ---------------------------------------------------------------


@pytest.fixture(scope="module")
def hook(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], tuple[int, str]]:
    """A git repository of this package as pre-commit installs it, and a runner of the hook
    in a project; pre-commit's own home is shared by the cases, so it installs the hook once."""
    base = tmp_path_factory.mktemp("hook")
    pre_commit = Path(sys.executable).parent / "pre-commit"
    hook_repo, home = base / "hook-repo", str(base / "pre-commit-home")
    # What pre-commit installs, and no more: ROOT's .git above all, which in a git worktree is a
    # file naming the real repository, so that `git init` there would commit into the checkout.
    hook_repo.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, hook_repo / name)
    shutil.copytree(
        ROOT / "wesley_gen", hook_repo / "wesley_gen", ignore=shutil.ignore_patterns("__pycache__")
    )
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "hook"]):
        assert run(*command, cwd=hook_repo).returncode == 0
    rev = run("git", "rev-parse", "HEAD", cwd=hook_repo).stdout.strip()

    def run_hook(project: Path) -> tuple[int, str]:
        (project / ".pre-commit-config.yaml").write_text(
            f"repos:\n- repo: {hook_repo}\n  rev: {rev}\n  hooks:\n  - id: wesley-gen-check\n"
        )
        if not (project / ".git").exists():
            assert run("git", "init", "-q", cwd=project).returncode == 0
        assert run("git", "add", "-A", cwd=project).returncode == 0
        result = run(str(pre_commit), "run", "--all-files", cwd=project, PRE_COMMIT_HOME=home)
        return result.returncode, result.stdout + result.stderr

    return run_hook


def _no_migrations(project: Path) -> None:
    shutil.rmtree(project / "migrations")


def _comment_only(project: Path) -> None:
    schema = project / "schema.graphql"
    schema.write_text("# reviewed 2026-12\n" + schema.read_text() + "\n\n")


def _hand_edit_accepted(project: Path) -> None:
    add_row_to_expand(project)
    assert wesley("check", "--accept", "migrations/0001_init/expand.sql", cwd=project).returncode == 0


def _hand_edit(project: Path) -> None:
    add_row_to_expand(project)


def _stale(project: Path) -> None:
    shutil.copy(V2, project / "schema.graphql")


def _fixed(project: Path) -> None:
    plan = project / "migrations" / "0001_init" / "plan.json"
    plan.write_text(plan.read_text() + " ")
    assert wesley("check", "--fix", cwd=project).returncode == 0


@pytest.mark.parametrize(
    ("case", "code", "says"),
    [
        (_no_migrations, 1, ["not captured by any migration", "to fix: wesley-gen new <name>"]),
        (_comment_only, 0, ["Passed"]),
        (_hand_edit, 1, ["0001_init/expand.sql: differs", "check --accept migrations/0001_init/expand.sql"]),
        (_hand_edit_accepted, 0, ["Passed"]),
        (
            _stale,
            1,
            ["not captured by the newest migration, 0001_init", "- drop_column", "wesley-gen new <name>"],
        ),
        (_fixed, 0, ["Passed"]),
    ],
    ids=lambda value: value.__name__.strip("_") if callable(value) else None,
)
def test_the_pre_commit_hook(
    tmp_path: Path,
    hook: Callable[[Path], tuple[int, str]],
    case: Callable[[Path], None],
    code: int,
    says: list[str],
) -> None:
    project = project_at(tmp_path / "app")
    case(project)
    returncode, output = hook(project)
    assert returncode == code, output
    for text in says:
        assert text in output, output
