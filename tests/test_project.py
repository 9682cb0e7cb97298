"""Project mode as a new user meets it: ``new``, ``check`` and the pre-commit hook.

A temporary git repository with ``[tool.wesley-gen]`` in its pyproject.toml; every
command runs the real command line in this process (tests/command.py), the import checks
in a fresh interpreter, the hook through the real ``pre-commit`` package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import command

ROOT = Path(__file__).resolve().parent.parent
V1, V2 = ROOT / "schemas" / "v1.graphql", ROOT / "schemas" / "v2.graphql"
CONFIG = '[project]\nname = "app"\nversion = "0"\n\n[tool.wesley-gen]\nschema = "schema.graphql"\ndialect = "sqlite"\n'
EMAIL = "users.email=lower(name) || '@example.org'"


def run(*args: str, cwd: Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WESLEY_")} | extra_env
    return subprocess.run(
        list(args), capture_output=True, text=True, check=False, timeout=600, cwd=cwd, env=env,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip


def wesley(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command line in this process (tests/command.py); ``run`` starts a real one where it matters."""
    return command.wesley(*args, cwd=cwd, clean=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    shutil.copy(V1, tmp_path / "schema.graphql")
    assert wesley("new", "init", cwd=tmp_path).returncode == 0
    return tmp_path


def test_new_numbers_folders_and_refuses_an_unchanged_schema(project: Path) -> None:
    assert sorted(p.name for p in (project / "migrations").iterdir()) == ["0001_init"]
    again = wesley("new", "again", cwd=project)
    assert again.returncode == 1 and "not changed" in again.stderr
    shutil.copy(V2, project / "schema.graphql")
    refused = wesley("new", "v2", cwd=project)
    assert refused.returncode == 1 and "destructive" in refused.stderr
    made = wesley("new", "v2", "--allow-destructive", "--backfill", EMAIL, cwd=project)
    assert made.returncode == 0, made.stderr
    assert sorted(p.name for p in (project / "migrations").iterdir()) == ["0001_init", "0002_v2"]


def test_check_names_what_is_wrong_and_fix_restores_it(project: Path) -> None:
    assert wesley("check", cwd=project).returncode == 0
    shutil.copy(V2, project / "schema.graphql")
    moved = wesley("check", cwd=project)
    assert moved.returncode == 1 and "to fix: wesley-gen new <name>" in moved.stderr
    assert wesley("new", "v2", "--allow-destructive", "--backfill", EMAIL, cwd=project).returncode == 0
    plan = project / "migrations" / "0002_v2" / "plan.json"
    original = plan.read_bytes()
    plan.write_text(plan.read_text().replace('"swap"', '"swapped"'))
    (project / "migrations" / "0001_init" / "swap.sql").unlink()
    edited = wesley("check", cwd=project)
    assert edited.returncode == 1
    assert "0002_v2/plan.json" in edited.stderr and "0001_init/swap.sql: missing" in edited.stderr
    fixed = wesley("check", "--fix", cwd=project)
    assert fixed.returncode == 0, fixed.stderr
    assert plan.read_bytes() == original
    assert wesley("check", cwd=project).returncode == 0


def test_two_migrations_with_one_number_are_an_error(project: Path) -> None:
    shutil.copytree(project / "migrations" / "0001_init", project / "migrations" / "0001_other")
    result = wesley("check", cwd=project)
    assert result.returncode == 1 and "0001_init, 0001_other" in result.stderr


def test_a_noop_check_imports_no_parser(project: Path) -> None:
    result = run(sys.executable, "-X", "importtime", "-m", "wesley_gen", "check", cwd=project)
    assert result.returncode == 0
    imported = {
        line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line
    }
    assert not imported & {"sqlglot", "graphql", "pglast", "black", "jinja2", "psycopg", "jsonschema"}
    modules = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    # Nor the model and the change classes (about half of check's time when they crept in),
    # nor the other commands' entry points and the loaders (~15 ms more when api was one module).
    assert not modules & {
        "wesley_gen.model",
        "wesley_gen.changes",
        "wesley_gen.classify",
        "importlib.resources",
        "wesley_gen.api.changes",
        "wesley_gen.api.migrate",
        "wesley_gen.load",
        "wesley_gen.hints",
        "wesley_gen.database_url",
        # Nor project mode beyond its fast path: new, the slow check and accept are modules of
        # their own (about 4 ms of compiling when they were one module with the fast path).
        "wesley_gen.project.new",
        "wesley_gen.project.check",
        "wesley_gen.project.accept",
        "wesley_gen.statements",
        "wesley_gen.render.console",
    }


def test_the_generator_source_json_records_is_this_release() -> None:
    """GENERATOR stands for the package's version on check's fast path: they must agree."""
    import tomllib

    from wesley_gen.project import GENERATOR

    with (ROOT / "pyproject.toml").open("rb") as file:
        assert tomllib.load(file)["project"]["version"] == GENERATOR


def test_unknown_config_key_is_named(project: Path) -> None:
    (project / "pyproject.toml").write_text(CONFIG + 'working-databse = "x"\n')
    result = wesley("check", cwd=project)
    assert result.returncode == 2 and "working-databse" in result.stderr


@pytest.mark.parametrize("command", [("check",), ("new", "add_email"), ("spec", "migrations/0001_init")])
def test_a_misnamed_migration_folder_is_an_error_for_every_command(
    project: Path, command: tuple[str, ...]
) -> None:
    """new, check and spec list migrations as migrate does: a folder `0002` (no slug) is
    refused at its path, not skipped (check passed and new numbered past it)."""
    (project / "migrations" / "0002").mkdir()
    result = wesley(*command, cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"wesley-gen: error: {project / 'migrations' / '0002'}: " in result.stderr
