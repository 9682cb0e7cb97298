"""MigrationSpec export (``wesley-gen spec``) and the MigrationRegistry.

Every golden migration folder's spec validates against the published JSON Schema and
carries every statement of its scripts; the registry rejects duplicates, missing
dependencies and cycles (named in cycle order) and orders prerequisites first.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests import command
from wesley_gen.api.changes import generate_migration
from wesley_gen.errors import InputError, UsageError
from wesley_gen.hints import Hints
from wesley_gen.model import dumps
from wesley_gen.runtime.vacuum import BULK_WRITEBACK, VACUUM_RING
from wesley_gen.spec import (
    MigrationRegistry,
    RegistryError,
    SpecSettings,
    build_spec,
    migration_key,
    read_folder,
    registry_of,
    spec_of_folder,
)
from wesley_gen.statements import FILE_OF_STEP, read_manifest

ROOT = Path(__file__).resolve().parent.parent
SPEC_SCHEMA = json.loads(
    (ROOT / "docs" / "schema" / "migration-spec.schema.json").read_text(encoding="utf-8")
)
GOLDEN_FOLDERS = sorted(p.parent for p in ROOT.glob("golden/*/expected/*/plan.json"))
EXAMPLE = ROOT / "golden" / "example_v1_v2" / "expected"

SCHEMAS = {
    "empty": "# no tables yet\n",
    "s1": "type User @wes_table { id: ID! @wes_pk\n name: String! }\n",
    "s2": "type User @wes_table { id: ID! @wes_pk\n name: String!\n email: String }\n",
    "s3": "type User @wes_table { id: ID! @wes_pk\n name: String!\n email: String @wes_index }\n",
}
CHAIN = (("0001_init", "empty", "s1"), ("0002_email", "s1", "s2"), ("0003_email_index", "s2", "s3"))


def wesley(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return command.wesley(*args, cwd=cwd, clean=True)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with ``[tool.wesley-gen]`` owners and tags and a chain of three migrations."""
    root = tmp_path_factory.mktemp("project")
    (root / "pyproject.toml").write_text(
        '[tool.wesley-gen]\nschema = "s3.graphql"\nowners = ["team-data", "alice"]\ntags = ["billing"]\n',
        encoding="utf-8",
    )
    for name, text in SCHEMAS.items():
        (root / f"{name}.graphql").write_text(text, encoding="utf-8")
    for folder, old, new in CHAIN:
        generate_migration(
            str(root / f"{old}.graphql"),
            str(root / f"{new}.graphql"),
            str(root / "migrations" / folder),
            hints=Hints(),
            dialect="postgres",
        )
    return root


def spec(key: str, *dependencies: str, name: str | None = None, version: int | None = None) -> dict[str, Any]:
    """A minimal valid spec for registry tests: name and version from the key's id."""
    number, _, slug = key.rsplit(".", 1)[1].partition("_")
    return {
        "format": "wesley-gen/migration-spec@1",
        "meta": {
            "key": key,
            "name": name or slug,
            "version": int(number) if version is None else version,
            "description": f"test migration {key}",
            "dialect": "postgres",
            "owners": [],
            "tags": [],
            "stability": "experimental",
        },
        "plan": {
            "up": [{"kind": "schema", "description": "x", "sql": "SELECT 1;", "transactional": True}],
            "down": [],
        },
        "dependencies": list(dependencies),
    }


def keys(specs: list[Any]) -> list[str]:
    return [s["meta"]["key"] for s in specs]


# --- the document ------------------------------------------------------------------------------


def test_the_published_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SPEC_SCHEMA)


@pytest.mark.parametrize("folder", GOLDEN_FOLDERS, ids=lambda p: f"{p.parent.parent.name}-{p.name}")
def test_every_golden_spec_validates_and_keeps_every_statement(folder: Path) -> None:
    document = spec_of_folder(folder)
    jsonschema.Draft202012Validator(SPEC_SCHEMA).validate(document)
    assert dumps(spec_of_folder(folder)) == dumps(document)  # deterministic
    assert document["dependencies"] == []  # a golden folder is not in a migrations folder

    def sql(steps: list[dict[str, Any]]) -> list[str]:
        return [line for s in steps if s["kind"] == "schema" for line in s["sql"].split("\n")]

    def written(name: str) -> list[str]:
        return [f"{s.sql};" for s in read_manifest(folder) if FILE_OF_STEP[s.step] == name]

    assert sql(document["plan"]["up"]) == written("expand.sql") + written("swap.sql")
    assert sql(document["plan"]["down"]) == written("rollback.sql")
    for step in (*document["plan"]["up"], *document["plan"]["down"]):
        if step["kind"] == "schema" and not step["transactional"]:
            assert "\n" not in step["sql"], "a statement outside a transaction is a step of its own"
    contract = json.loads((folder / "contract.json").read_text(encoding="utf-8"))
    checks = [c["expression"] for s in document["plan"]["up"] for c in s.get("preChecks", [])]
    assertions = [s["assertion"] for s in document["plan"]["up"] if s["kind"] == "validation"]
    assert sorted(checks + assertions) == sorted(
        a["sql"] for stage in ("pre", "swap", "post") for a in contract[stage]["assertions"]
    )


def test_the_example_reads_as_the_plan_runs() -> None:
    document = spec_of_folder(EXAMPLE / "postgres")
    up = document["plan"]["up"]
    kinds = [s["kind"] for s in up]
    assert kinds[0] == "validation" and up[0]["description"].startswith("contract.json pre-1:")
    schema_steps = [s for s in up if s["kind"] == "schema"]
    expand = [s for s in schema_steps if s["description"].startswith("expand.sql")]
    cost_delay, ring, writeback, vacuum, swap, *stages = [
        s for s in schema_steps if s["description"].startswith("swap.sql")
    ]
    assert schema_steps == [*expand, cost_delay, ring, writeback, vacuum, swap, *stages]
    # swap.sql opens, outside a transaction, with the backfilled table vacuumed (before the checks)
    assert (cost_delay["sql"], ring["sql"], writeback["sql"], vacuum["sql"]) == (
        "SET vacuum_cost_delay = 5;",
        f"{VACUUM_RING};",
        f"{BULK_WRITEBACK};",
        'VACUUM (ANALYZE, TRUNCATE false) "users";',
    )
    assert not any(s["transactional"] for s in (cost_delay, ring, writeback, vacuum))
    # expand.sql: its transaction, then a leftover invalid index dropped and the index built
    assert [s["transactional"] for s in expand] == [True, False, False]
    assert expand[1]["sql"].startswith('DROP INDEX CONCURRENTLY IF EXISTS "posts_created_at_idx"')
    concurrent = expand[2]
    assert concurrent["sql"].startswith('CREATE INDEX CONCURRENTLY "posts_created_at_idx"')
    assert "CONCURRENTLY" in concurrent["description"]
    data = next(s for s in up if s["kind"] == "data")
    assert (data["script"], data["command"], data["retries"]) == (
        "backfill.py",
        "python backfill.py --db URL",
        3,
    )
    assert "c6 backfill users.email" in data["description"]
    assert kinds.index("data") < up.index(swap)  # backfill before the swap
    assert [c["description"].split(":")[0] for c in swap["preChecks"]] == [
        f"contract.json swap-{i}" for i in range(1, 5)
    ]
    assert "irreversible" in swap["description"]
    # The swap's transaction of catalog changes, then its stages, each committed on its own:
    # build (the unique key's index), constrain, validate (one check each), attach.
    assert [s["transactional"] for s in stages] == [False, False, True, True, True, True, True]
    assert not any(s.get("preChecks") for s in stages)
    assert stages[1]["sql"].startswith('CREATE UNIQUE INDEX CONCURRENTLY "users_email_key__wesley_key"')
    assert stages[2]["sql"].count("IS NOT NULL) NOT VALID;") == 3
    assert [s["sql"].split(" VALIDATE CONSTRAINT ")[1] for s in stages[3:6]] == [
        f'"users_{c}__wesley_not_null";' for c in ("email", "age", "karma")
    ]
    assert stages[6]["sql"].count("SET NOT NULL;") == 3
    assert 'UNIQUE USING INDEX "users_email_key__wesley_key"' in stages[6]["sql"]
    assert all(s["kind"] == "validation" for s in up[up.index(stages[-1]) + 1 :])
    assert document["meta"] | {"description": ""} == {
        "key": "app.db.0001_example_v1_v2",
        "name": "example_v1_v2",
        "version": 1,
        "description": "",
        "dialect": "postgres",
        "owners": [],
        "tags": [],
        "stability": "experimental",
    }
    assert (
        "NOT reversible: c1 drop_column posts.score, c2 drop_column users.bio"
        in document["meta"]["description"]
    )
    down = document["plan"]["down"]
    # Each part of rollback.sql drops the indexes its migration part built CONCURRENTLY first.
    assert [s["transactional"] for s in down] == [False, True, False, True]
    assert down[0]["sql"] == 'DROP INDEX CONCURRENTLY IF EXISTS "users_email_key__wesley_key";'
    assert down[2]["sql"] == 'DROP INDEX CONCURRENTLY IF EXISTS "posts_created_at_idx";'
    assert "undo expand.sql" in down[3]["description"]


def test_sqlite_pragmas_are_steps_of_their_own_outside_the_transaction() -> None:
    swap = [
        s for s in spec_of_folder(EXAMPLE / "sqlite")["plan"]["up"]
        if s["kind"] == "schema" and s["description"].startswith("swap.sql")
    ]  # fmt: skip
    assert [(s["sql"].split("\n")[0], s["transactional"]) for s in swap] == [
        ("PRAGMA foreign_keys = OFF;", False),
        (swap[1]["sql"].split("\n")[0], True),
        ("PRAGMA foreign_keys = ON;", False),
    ]
    assert swap[1]["preChecks"], "the swap checks guard the transaction, not the PRAGMA"


def test_the_schema_rejects_a_step_of_one_kind_with_fields_of_another() -> None:
    validator = jsonschema.Draft202012Validator(SPEC_SCHEMA)
    good = spec("app.db.0001_a")
    assert validator.is_valid(good)
    for step in (
        {"kind": "schema", "description": "x", "transactional": True},
        {"kind": "schema", "description": "x", "sql": "SELECT 1;", "transactional": True, "assertion": "x"},
        {"kind": "validation", "description": "x", "sql": "SELECT 0"},
        {"kind": "data", "description": "x"},
        {
            "kind": "schema",
            "description": "x",
            "sql": "x",
            "transactional": True,
            "preChecks": [{"sql": "x"}],
        },
    ):
        assert not validator.is_valid({**good, "plan": {"up": [step], "down": []}}), step
    assert not validator.is_valid({**good, "dependencies": ["not-a-key"]})


def test_an_id_that_is_not_nnnn_slug_is_refused(tmp_path: Path) -> None:
    files = read_folder(EXAMPLE / "postgres")
    plan = json.loads(files["plan.json"])
    plan["migration"]["id"] = "v2"
    with pytest.raises(InputError, match="'v2' is not NNNN_slug"):
        build_spec({**files, "plan.json": json.dumps(plan)})
    with pytest.raises(UsageError, match="invalid key context"):
        SpecSettings(context="a.b")


def test_a_statement_list_that_cannot_run_as_written_is_refused() -> None:
    files = read_folder(EXAMPLE / "postgres")
    alone = {"sql": "SELECT 1", "step": "swap", "changes": [], "group": 1, "transaction": False}
    document = {"format": "wesley-gen/statements@1", "migration": "0001_x", "dialect": "postgres"}
    broken = json.dumps({**document, "statements": [alone, alone]})
    with pytest.raises(InputError, match="runs outside a transaction but has several statements") as caught:
        build_spec({**files, "statements.json": broken}, source="m")
    assert str(caught.value).startswith(f"{Path('m') / 'statements.json'}: not a wesley-gen statement list")


# --- migrations folders -----------------------------------------------------------------------


def test_a_migration_depends_on_the_one_before_it(project: Path) -> None:
    settings = SpecSettings(context="billing", namespace="pg", owners=("alice",))
    first = spec_of_folder(project / "migrations" / "0001_init", settings)
    second = spec_of_folder(project / "migrations" / "0002_email", settings)
    assert first["dependencies"] == []
    assert second["dependencies"] == ["billing.pg.0001_init"]
    assert second["meta"]["key"] == migration_key("0002_email", settings) == "billing.pg.0002_email"
    assert second["meta"]["owners"] == ["alice"]


def test_registry_of_a_migrations_folder_orders_the_chain(project: Path) -> None:
    registry = registry_of(project / "migrations")
    assert keys(registry.order()) == [f"app.db.{folder}" for folder, _, _ in CHAIN]
    assert keys(registry.list()) == ["app.db.0002_email", "app.db.0003_email_index", "app.db.0001_init"]
    assert registry.dependencies("app.db.0003_email_index") == ("app.db.0002_email",)
    for document in registry.list():
        jsonschema.Draft202012Validator(SPEC_SCHEMA).validate(document)


# --- the registry ------------------------------------------------------------------------------


def test_a_duplicate_key_is_refused() -> None:
    registry = MigrationRegistry()
    registry.register(spec("app.db.0001_a"))
    with pytest.raises(RegistryError, match=r"^duplicate migration key app\.db\.0001_a"):
        registry.register(spec("app.db.0001_a", name="other"))
    assert len(registry) == 1


def test_a_missing_dependency_names_both_keys() -> None:
    registry = MigrationRegistry()
    registry.register(spec("app.db.0002_b", "app.db.0001_a"))
    with pytest.raises(RegistryError) as caught:
        registry.order()
    assert str(caught.value) == "migration app.db.0002_b depends on app.db.0001_a, which is not registered"
    assert isinstance(caught.value, InputError)


def test_a_three_migration_cycle_is_named_in_cycle_order() -> None:
    registry = MigrationRegistry()
    # a depends on c, c on b, b on a; a fourth migration waits on the cycle without being on it
    for document in (
        spec("app.db.0004_d", "app.db.0001_a"),
        spec("app.db.0002_b", "app.db.0001_a"),
        spec("app.db.0001_a", "app.db.0003_c"),
        spec("app.db.0003_c", "app.db.0002_b"),
    ):
        registry.register(document)
    with pytest.raises(RegistryError) as caught:
        registry.order()
    assert str(caught.value) == (
        "dependency cycle: app.db.0001_a -> app.db.0003_c -> app.db.0002_b -> app.db.0001_a"
    )
    assert "\n" not in str(caught.value)


def test_a_migration_depending_on_itself_is_a_cycle() -> None:
    registry = MigrationRegistry()
    registry.register(spec("app.db.0001_a", "app.db.0001_a"))
    with pytest.raises(RegistryError, match=r"dependency cycle: app\.db\.0001_a -> app\.db\.0001_a$"):
        registry.order()


def test_a_diamond_runs_prerequisites_first_and_ties_by_key() -> None:
    registry = MigrationRegistry()
    # z.db.0001_root sorts last by key but everything depends on it
    for document in (
        spec("app.db.0004_join", "app.db.0003_right", "app.db.0002_left"),
        spec("app.db.0003_right", "z.db.0001_root"),
        spec("app.db.0002_left", "z.db.0001_root"),
        spec("z.db.0001_root"),
        spec("app.db.0005_alone"),
    ):
        registry.register(document)
    assert keys(registry.order()) == [
        "app.db.0005_alone",
        "z.db.0001_root",
        "app.db.0002_left",
        "app.db.0003_right",
        "app.db.0004_join",
    ]
    ordered = keys(registry.order())
    for document in registry.list():
        for dependency in document["dependencies"]:
            assert ordered.index(dependency) < ordered.index(document["meta"]["key"])


def test_list_sorts_by_name_then_version_and_get_finds_by_key() -> None:
    registry = MigrationRegistry()
    for document in (
        spec("app.db.0003_users"),
        spec("app.db.0001_users"),
        spec("app.db.0002_accounts"),
        spec("core.db.2025_01_add_users", name="add_users", version=1),  # the seed's key form
    ):
        registry.register(document)
    assert [(s["meta"]["name"], s["meta"]["version"]) for s in registry.list()] == [
        ("accounts", 2),
        ("add_users", 1),
        ("users", 1),
        ("users", 3),
    ]
    found = registry.get("core.db.2025_01_add_users")
    assert found is not None and found["meta"]["name"] == "add_users"
    assert registry.get("app.db.0009_missing") is None
    with pytest.raises(RegistryError, match=r"no migration registered with key app\.db\.0009_missing"):
        registry.dependencies("app.db.0009_missing")
    assert "app.db.0001_users" in registry


def test_a_document_without_a_key_is_not_registered() -> None:
    registry = MigrationRegistry()
    with pytest.raises(RegistryError, match="not a MigrationSpec"):
        registry.register({"meta": {"name": "x", "version": 1}, "plan": {"up": []}})
    with pytest.raises(RegistryError, match="not a MigrationSpec"):
        registry.register({**spec("app.db.0001_a"), "dependencies": "app.db.0000_z"})


# --- the command line --------------------------------------------------------------------------


def test_cli_writes_the_spec_with_owners_and_tags_from_the_project(project: Path) -> None:
    result = wesley("spec", "migrations/0002_email", cwd=project)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    jsonschema.Draft202012Validator(SPEC_SCHEMA).validate(document)
    assert document["meta"]["owners"] == ["team-data", "alice"]
    assert document["meta"]["tags"] == ["billing"]
    assert document["dependencies"] == ["app.db.0001_init"]
    assert result.stdout == dumps(document)  # sorted keys, 2-space indent, final newline
    assert wesley("spec", "migrations/0002_email", cwd=project).stdout == result.stdout

    written = project / "spec.json"
    result = wesley("spec", "migrations/0002_email", "-o", str(written), "--stability", "beta", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {written}: app.db.0002_email\n"
    assert json.loads(written.read_text(encoding="utf-8"))["meta"]["stability"] == "beta"


def test_cli_exits_2_for_a_folder_without_plan_json(tmp_path: Path) -> None:
    result = wesley("spec", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert (
        result.stderr.splitlines()[0]
        == f"wesley-gen: error: {tmp_path}: not a migration folder: it has no plan.json"
    )


def test_cli_exits_2_for_a_bad_key_part() -> None:
    result = wesley("spec", str(EXAMPLE / "postgres"), "--namespace", "a.b")
    assert result.returncode == 2
    assert "invalid key namespace 'a.b'" in result.stderr
