"""The GitHub Actions recipe in docs/ci.md, run step by step in a temporary project.

The ``run:`` steps are read from the YAML block of the document itself (installs
aside: the test's environment has wesley-gen already), so a command renamed in the
code and not in the recipe fails here.  The project is a git repository with a
``main`` branch and a pull-request branch that adds a migration, cloned the way
``actions/checkout`` with ``fetch-depth: 0`` leaves it (``origin/main`` exists).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
RECIPE = ROOT / "docs" / "ci.md"
CONFIG = '[project]\nname = "app"\nversion = "0"\n\n[tool.wesley-gen]\nschema = "schema.graphql"\ndialect = "postgres"\n'
V1 = (ROOT / "schemas" / "v1.graphql").read_text(encoding="utf-8")
V2 = V1.replace("  bio: String @wes_pii\n", "  bio: String @wes_pii\n  nickname: String\n")


def recipe_steps() -> list[str]:
    block = re.search(r"```yaml\n(name: schema\n.*?)```", RECIPE.read_text(encoding="utf-8"), re.S)
    assert block is not None, "docs/ci.md has no GitHub Actions job"
    workflow = yaml.safe_load(block.group(1))
    (job,) = workflow["jobs"].values()
    return [step["run"] for step in job["steps"] if "run" in step and "pip install" not in step["run"]]


def sh(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=600, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip


def test_the_ci_recipe_runs_as_written(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WESLEY_")}
    env |= {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}",
        "CI": "true",
        "RUNNER_TEMP": str(tmp_path / "runner"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "WESLEY_TESTDB_DIR": str(tmp_path / "testdbs"),
        "GIT_AUTHOR_NAME": "ci", "GIT_AUTHOR_EMAIL": "ci@example.org",
        "GIT_COMMITTER_NAME": "ci", "GIT_COMMITTER_EMAIL": "ci@example.org",
    }  # fmt: skip
    (tmp_path / "runner").mkdir()
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    (upstream / "pyproject.toml").write_text(CONFIG)
    (upstream / "schema.graphql").write_text(V1)
    init = sh(
        "git init -q -b main . && wesley-gen new init && git add -A && git commit -qm v1", upstream, env
    )
    assert init.returncode == 0, init.stderr
    pull_request = tmp_path / "checkout"
    assert sh(f"git clone -q {upstream} {pull_request}", tmp_path, env).returncode == 0
    (pull_request / "schema.graphql").write_text(V2)
    made = sh(
        "git checkout -qb nickname && wesley-gen new nickname && git add -A && git commit -qm v2",
        pull_request,
        env,
    )
    assert made.returncode == 0, made.stderr

    steps = recipe_steps()
    assert any("rehearse" in step for step in steps)
    for step in steps:
        result = sh(step, pull_request, env)
        assert result.returncode == 0, f"{step}\n{result.stdout}\n{result.stderr}"

    (report,) = (pull_request / "reports").glob("rehearsal-*.json")
    data = json.loads(report.read_text())
    assert data["outcome"] == "passed" and data["dialect"] == "postgres"
    assert data["seed"]["rows"] == 10000
    summary = (tmp_path / "summary.md").read_text()
    assert "wesley-gen rehearsal passed" in summary
    assert not [p for p in (tmp_path / "testdbs").iterdir() if not p.name.startswith(".")]
