"""Every shell example of README.md and docs/*.md, run as written in a temporary project.

The convention the documents follow (docs/README.md says it for writers):

- a `` ```sh `` block is run, command by command; each must exit 0, unless its line ends
  in a comment ``# exits N``;
- a `` ```console `` block is run the same way; its commands start with ``$ `` and the
  lines after a command are output it must print (each matches a whole line of its stdout
  or stderr, ``…`` standing for anything);
- a block that needs a live PostgreSQL server says so after the language,
  `` ```sh postgres ``: it runs against the test server, whose URL replaces
  ``postgresql://app@db/app`` and is ``$URL``;
- a command's shape with ``[OPTIONS]`` is not an example: it is a `` ```text `` block.

The blocks of one document run in order in one project (a copy of ``schemas/`` plus the
few files :data:`FILES` lists, and what :data:`SETUP` runs first), so an example may use
what an earlier one made.  Installs and ``make`` are the only commands not run here:
:data:`NOT_RUN` says where each is tested instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PG_PLACEHOLDER = "postgresql://app@db/app"
# Commands that begin so are not run here, and where they are tested instead.
NOT_RUN = {
    "pip install": "tests/test_install.py installs the built wheel in a fresh venv",
    "pipx install": "tests/test_install.py installs the built wheel in a fresh venv",
    "make ": "the Makefile's targets are this suite and CI (.ci/run)",
}
# Placeholders in the examples and what they stand for in the test project.
PLACEHOLDERS = {'--reason "…"': '--reason "docs example"', "<name>": "add_nickname"}

# Files of the test project beyond schemas/: the inputs the examples name.
OLD = "type User @wes_table { id: ID! @wes_pk  name: String! }\n"
NEW = "type User @wes_table { id: ID! @wes_pk  display_name: String! }\n"
PROJECT = '[project]\nname = "app"\nversion = "0"\n\n[tool.wesley-gen]\nschema = "schema.graphql"\ndialect = "postgres"\n'
V1 = (ROOT / "schemas" / "v1.graphql").read_text(encoding="utf-8")
NICKNAME = V1.replace("  bio: String @wes_pii\n", "  bio: String @wes_pii\n  nickname: String\n")
FILES = {
    "README.md": {
        "old.graphql": OLD,
        "new.graphql": NEW,
        "old.sql": "CREATE TABLE products (id integer PRIMARY KEY, stock text);\n",
        "new.sql": "CREATE TABLE products (id integer PRIMARY KEY, stock integer);\n",
        "schema.graphql": V1,
    },
    # A database Wesley built (its uid comments too), its SDL, and the SDL's next version.
    "docs/wesley.md": {
        "wesley.sql": (
            'CREATE TABLE "users" ("id" uuid NOT NULL, "name" text NOT NULL, CONSTRAINT "users_pkey" PRIMARY KEY ("id"));\n'
            "COMMENT ON TABLE \"users\" IS 'uid: users';\n"
            'COMMENT ON COLUMN "users"."name" IS \'uid: users.name\';\n'
        ),
        "schema.graphql": "type User @wes_table { id: ID! @wes_pk  name: String! }\n",
        "next.graphql": "type User @wes_table { id: ID! @wes_pk  name: String!  email: String }\n",
    },
    # A project whose two migrations pass a rehearsal, and a fixture for one of its tables.
    "docs/rehearse.md": {
        "pyproject.toml": PROJECT,
        "schema.graphql": V1,
        "nickname.graphql": NICKNAME,
        "tests/fixtures/organizations.json": '[{"id": "00000000-0000-0000-0000-0000000000a1", "name": "Acme"}]\n',
    },
}
# Commands run before a document's examples, as the reader would have run them.
SETUP = {
    "docs/rehearse.md": [
        "wesley-gen new init",
        "cp nickname.graphql schema.graphql",
        "wesley-gen new add_nickname",
    ],
    "docs/generate.md": [
        "wesley-gen generate schemas/empty.graphql schemas/v1.graphql -o migrations/0001_v1",
        "wesley-gen generate schemas/v1.graphql schemas/v2.graphql -o migrations/0002_user_email"
        " --allow-destructive --backfill \"users.email=lower(name) || '@example.com'\"",
        "wesley-gen migrate up --db $URL --migrations migrations --target test --to 0001_v1",
    ],
    "docs/wesley.md": [
        "python -c \"import os, psycopg; psycopg.connect(os.environ['URL'], autocommit=True)"
        ".execute(open('wesley.sql').read())\"",
    ],
}
# Commands run just before the first example of a document that begins so: what the reader
# did in between (the document says it in words).
BETWEEN = {
    ("docs/wesley.md", 'wesley-gen generate "postgresql://app@db/app"'): ["cp next.graphql schema.graphql"],
}


@dataclass(frozen=True, slots=True)
class Example:
    """One command of a document, with the exit code and the output lines the document shows."""

    where: str  # file:line
    command: str
    exit_code: int = 0
    output: tuple[str, ...] = ()
    postgres: bool = False


def examples(document: Path, *, run_installs: bool = False) -> list[Example]:
    """The commands of every ``sh``/``console``/``bash`` block of ``document``, in order
    (the installs too if ``run_installs``: tests/test_install.py runs them)."""
    not_run = tuple(p for p in NOT_RUN if not (run_installs and p.startswith(("pip", "pipx"))))
    text = document.read_text(encoding="utf-8")
    name = str(document.relative_to(ROOT))
    found: list[Example] = []
    for block in re.finditer(r"^( *)```(sh|console|bash)\b([^\n]*)\n(.*?)^ *```", text, re.M | re.S):
        indent, language, words, body = block.groups()
        first = text.count("\n", 0, block.start()) + 2
        lines = [line.removeprefix(indent) for line in body.splitlines()]
        found += _commands(
            name, first, lines, console=language == "console", postgres="postgres" in words, not_run=not_run
        )
    return found


def _commands(
    name: str, first: int, lines: list[str], *, console: bool, postgres: bool, not_run: tuple[str, ...]
) -> list[Example]:
    commands: list[tuple[int, list[str], list[str]]] = []  # line number, command lines, output lines
    continued = False
    for number, line in enumerate(lines, first):
        if continued:
            commands[-1][1].append(line)
        elif console and not line.startswith("$ "):
            if commands and line.strip():
                commands[-1][2].append(line.rstrip())
            continue
        elif line.strip() and not line.lstrip().startswith("#"):
            commands.append((number, [line.removeprefix("$ ") if console else line], []))
        else:
            continue
        continued = line.endswith("\\")
    result = []
    for number, command_lines, output in commands:
        command = "\n".join(command_lines)
        if command.startswith(not_run):
            continue
        exits = re.search(r"#\s*exits (\d+)\s*$", command)
        result.append(
            Example(f"{name}:{number}", command, int(exits.group(1)) if exits else 0, tuple(output), postgres)
        )
    return result


def _matches(expected: str, output: list[str]) -> bool:
    pattern = re.compile(".*".join(re.escape(part) for part in expected.strip().split("…")))
    return any(pattern.fullmatch(line.strip()) for line in output)


def _documents_with_examples() -> list[str]:
    return [str(d.relative_to(ROOT)) for d in DOCUMENTS if examples(d)]


def test_the_convention_is_followed() -> None:
    """PostgreSQL examples are marked; a synopsis (``[OPTIONS]``) is a text block, not an example."""
    for document in DOCUMENTS:
        for example in examples(document):
            if PG_PLACEHOLDER in example.command or "$URL" in example.command:
                assert example.postgres, (
                    f"{example.where}: a PostgreSQL example: mark its block `sh postgres`"
                )
            assert "[--" not in example.command, f"{example.where}: a synopsis: make its block `text`"


def test_every_document_with_commands_is_run() -> None:
    assert {"README.md", "docs/getting-started.md", "docs/generate.md", "docs/rehearse.md"} <= set(
        _documents_with_examples()
    )


@pytest.mark.parametrize("document", _documents_with_examples())
def test_the_examples_run_as_documented(
    document: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    found = examples(ROOT / document)
    url = str(request.getfixturevalue("pg_url")) if any(e.postgres for e in found) else ""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "schemas", project / "schemas")
    for relative, content in FILES.get(document, {}).items():
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_text(content, encoding="utf-8")
    setup = [Example(f"setup of {document}", command) for command in SETUP.get(document, [])]
    for (where, begins), commands in BETWEEN.items():
        if where == document:
            first = next(i for i, e in enumerate(found) if e.command.startswith(begins))
            found[first:first] = [Example(f"before {found[first].where}", command) for command in commands]
    env = {k: v for k, v in os.environ.items() if not k.startswith("WESLEY_")}
    env |= {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}",
        "CI": "true",
        "URL": url,
        "WESLEY_TESTDB_DIR": str(tmp_path / "testdbs"),
    }  # fmt: skip
    try:
        run_examples([*setup, *found], project, env, {PG_PLACEHOLDER: url, **PLACEHOLDERS})
    finally:  # a rehearsal --keep or testdb up leaves a server up: down every run the examples made
        subprocess.run(
            ["bash", "-c", "wesley-gen testdb list | awk '{print $1}' | xargs -r wesley-gen testdb down"],
            cwd=project, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=300, check=False,
        )  # fmt: skip


def run_examples(
    run: list[Example], project: Path, env: dict[str, str], placeholders: dict[str, str]
) -> None:
    """Run the commands in order in one shell in ``project``, each output to a file of its own,
    stopping at the first unexpected exit code; then check exit codes and shown output."""
    outputs = Path(tempfile.mkdtemp(prefix="outputs-", dir=project.parent))
    script = ["set +e"]
    for number, example in enumerate(run):
        command = example.command
        for placeholder, value in placeholders.items():
            command = command.replace(placeholder, value)
        script += [
            "{ " + command,
            f"}} >{outputs}/{number}.out 2>&1 </dev/null; echo $? >{outputs}/{number}.rc",
            f'[ "$(cat {outputs}/{number}.rc)" = {example.exit_code} ] || exit 0',
        ]
    subprocess.run(
        ["bash", "-c", "\n".join(script)], cwd=project, env=env, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=1200, check=False,
    )  # fmt: skip
    for number, example in enumerate(run):
        rc_file = outputs / f"{number}.rc"
        assert rc_file.exists(), f"{example.where}: not reached"
        printed = (outputs / f"{number}.out").read_text(encoding="utf-8", errors="replace")
        shown = f"{example.where}: $ {example.command}\n{printed}"
        assert int(rc_file.read_text()) == example.exit_code, f"exit {rc_file.read_text().strip()}: {shown}"
        for line in example.output:
            assert _matches(line, printed.splitlines()), f"{example.where}: no line {line!r} in: {shown}"


def test_the_pinned_hook_and_the_changelog_name_the_current_version() -> None:
    """docs/ci.md pins the hook by the tag `v<version>`, which CHANGELOG.md describes."""
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert re.search(rf"^\s*rev: v{re.escape(version)}$", (ROOT / "docs" / "ci.md").read_text(), re.M)
    assert re.search(rf"^## {re.escape(version)} — ", (ROOT / "CHANGELOG.md").read_text(), re.M)


@pytest.mark.parametrize(
    "broken",
    [
        Example("doc.md:1", "exit 3"),
        Example("doc.md:1", "true  # exits 1", exit_code=1),
        Example("doc.md:1", "echo hello", output=("goodbye",)),
    ],
)
def test_a_broken_example_fails(broken: Example, tmp_path: Path) -> None:
    """The runner does not pass an example whose exit code or shown output is not what it prints."""
    works = Example("doc.md:0", "echo ok", output=("o…",))
    run_examples([works], tmp_path, dict(os.environ), {})
    with pytest.raises(AssertionError):
        run_examples([works, broken], tmp_path, dict(os.environ), {})
