"""``wesley-gen explain``: a plan as a pull request description (Markdown) or terminal text.

Every golden ``expected/<dialect>/plan.json`` has its explain output beside it as a golden
(``explain.md``, ``explain.txt``); ``make golden`` rewrites them after a reviewed change.
Warnings come first, destructive ones before anything else.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

from tests.golden import GOLDEN, golden_file
from wesley_gen.documents.plan import Plan, parse_plan, read_plan
from wesley_gen.errors import InputError
from wesley_gen.model import dumps
from wesley_gen.render.markdown import FORMATS, render_explain

HEAVY = ("sqlglot", "pglast", "graphql", "psycopg", "jinja2", "black", "deepdiff")
SUFFIX = {"markdown": "md", "text": "txt"}
PLANS = sorted(GOLDEN.glob("*/expected/*/plan.json"))
EXAMPLE = GOLDEN / "example_v1_v2" / "expected" / "postgres"
REMOVALS = GOLDEN / "only_removals" / "expected"


def plan_data(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def plan_of(path: Path) -> Plan:
    return read_plan(path)


def case_id(path: Path) -> str:
    return f"{path.parent.parent.parent.name}-{path.parent.name}"


def content_after_title(text: str) -> list[str]:
    lines = text.splitlines()
    return [line for line in lines[1:] if line.strip()]


def wesley(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wesley_gen", *args],
        capture_output=True, text=True, check=False, timeout=60, stdin=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip


def test_every_generated_golden_has_a_plan() -> None:
    assert len(PLANS) >= 20
    assert {p.parent.parent.parent.name for p in PLANS} >= {"example_v1_v2", "only_removals", "identical"}


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("plan_file", PLANS, ids=case_id)
def test_explain_matches_its_golden(plan_file: Path, output_format: str, snapshot: SnapshotAssertion) -> None:
    rendered = render_explain(plan_of(plan_file), format=output_format)
    target = plan_file.parent / f"explain.{SUFFIX[output_format]}"
    assert rendered == snapshot(extension_class=golden_file(target))


@pytest.mark.parametrize("dialect", ["postgres", "sqlite"])
def test_a_destructive_plan_warns_before_anything_else(dialect: str) -> None:
    plan = plan_of(REMOVALS / dialect / "plan.json")
    markdown = render_explain(plan, format="markdown")
    assert markdown.splitlines()[0] == "## Migration `0001_only_removals` (" + (
        "PostgreSQL)" if dialect == "postgres" else "SQLite)"
    )
    first = content_after_title(markdown)
    assert first[0] == "> [!CAUTION]"
    assert first[1].startswith("> **Destructive:** 4 changes delete data")
    assert "`authors.email`" in first[3] and "tagged pii" in first[3]
    text = render_explain(plan, format="text")
    assert content_after_title(text)[0].startswith("DESTRUCTIVE: 4 changes delete data")


@pytest.mark.parametrize("plan_file", PLANS, ids=case_id)
def test_warnings_come_first_riskiest_first(plan_file: Path) -> None:
    plan = plan_of(plan_file)
    text = render_explain(plan, format="text")
    heads = [line.split(":")[0] for line in text.splitlines() if line and line[0].isupper()]
    assert heads[0].startswith("Migration")
    order = ["DESTRUCTIVE", "IRREVERSIBLE", "NARROWING", "VALUES CHOSEN BY THE GENERATOR"]
    warnings = [h for h in heads if h in order]
    assert warnings == sorted(warnings, key=order.index)
    assert heads[1 : 1 + len(warnings)] == warnings, "a warning came after other content"
    assert ("DESTRUCTIVE" in warnings) == (plan.destructive > 0)
    assert ("NARROWING" in warnings) == any(c.change_class == "narrowing" for c in plan.changes)
    assert ("VALUES CHOSEN BY THE GENERATOR" in warnings) == bool(plan.warnings)
    sections = [h for h in heads if h in ("CHANGES", "STEPS", "CHECKSUMS")]
    assert sections == ["CHANGES", "STEPS", "CHECKSUMS"]


def test_narrowing_changes_list_the_row_checks_that_run_first() -> None:
    plan = plan_of(GOLDEN / "sqlite_affinity" / "expected" / "postgres" / "plan.json")
    lines = render_explain(plan, format="markdown").splitlines()
    change = next(i for i, line in enumerate(lines) if line.startswith("> - c1 `alter_column_type`"))
    assert lines[change + 1] == (
        ">   - pre-check: no events.counter value is outside the range of integer (bigint → integer)"
    )
    example = render_explain(plan_of(EXAMPLE / "plan.json"), format="markdown")
    assert ">   - before the swap: no duplicate (email) in users for the new unique constraint" in example


def test_values_the_generator_chose_are_a_warning() -> None:
    plan = plan_of(GOLDEN / "add_required_email" / "expected" / "postgres" / "plan.json")
    first = content_after_title(render_explain(plan, format="markdown"))
    assert first[:2] == ["> [!IMPORTANT]", "> **Values chosen by the generator:** check them before merging"]
    assert first[3].startswith("> - users.email: existing rows get ''")


def test_an_empty_migration_says_so() -> None:
    plan = plan_of(GOLDEN / "identical" / "expected" / "postgres" / "plan.json")
    assert content_after_title(render_explain(plan, format="markdown"))[0].startswith("No changes:")
    assert content_after_title(render_explain(plan, format="text"))[0].startswith("No changes:")


def test_the_steps_show_actions_short_artifacts_and_rollback_hints() -> None:
    markdown = render_explain(plan_of(EXAMPLE / "plan.json"), format="markdown")
    headings = [line for line in markdown.splitlines() if line.startswith("#### ")]
    assert headings == ["#### 1. pre-check", "#### 2. backfill", "#### 3. swap", "#### 4. post-check"]
    assert "Artifacts: `contract.json` (`e103dae38a20`)" in markdown
    assert "Rollback: nothing has changed yet" in markdown
    assert "Rollback: **irreversible**" in markdown
    assert "- `swap.sql`: c1 drop_column posts.score" in markdown
    assert markdown.rstrip().endswith(
        "- to: `sha256:22627800510fe097b167b402402549570d03f6b5652bfefe407104772dbbf5c8`"
    )


def test_markdown_table_cells_escape_pipes_and_markup() -> None:
    data = plan_data(EXAMPLE / "plan.json")
    data["changes"][0]["reason"] = "a | b, *not emphasis*, <b>not html</b>, `tick`, [no](link)"
    data["changes"][0]["column"] = "we|rd`col"
    plan = parse_plan(data, "plan.json")
    row = next(
        line for line in render_explain(plan, format="markdown").splitlines() if line.startswith("| c1 |")
    )
    unescaped = row.replace("\\|", "")
    assert unescaped.count("|") == 8, row  # seven cells
    assert r"a \| b, \*not emphasis\*, \<b>not html\</b>, \`tick\`, \[no\](link)" in row
    assert "``posts.we\\|rd`col``" in row


def test_text_has_no_markdown_syntax() -> None:
    for plan_file in PLANS:
        text = render_explain(plan_of(plan_file), format="text")
        for marker in ("**", "`", "> [!", "|---", "<details>", "\n#"):
            assert marker not in text, (plan_file, marker)
        assert all(len(line) <= 100 for line in text.splitlines() if " " in line.strip())


def test_output_is_deterministic_and_the_plan_is_not_changed() -> None:
    plan = plan_of(EXAMPLE / "plan.json")
    before = copy.deepcopy(plan)
    for output_format in FORMATS:
        assert render_explain(plan, format=output_format) == render_explain(
            copy.deepcopy(plan), format=output_format
        )
    assert plan == before


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render_explain(plan_of(EXAMPLE / "plan.json"), format="html")


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (lambda p: p.update(format="other"), 'expected "format": "wesley-gen/plan@1"'),
        (lambda p: p["steps"].pop(), "$.steps: an array of 3 item(s) is too short"),
        (lambda p: p["changes"][0].pop("class"), "$.changes[0]: 'class' is a required property"),
        (lambda p: p["migration"].pop("to"), "$.migration: 'to' is a required property"),
        (lambda p: p["steps"][2]["rollback"].update(hint=5), "$.steps[2].rollback.hint: 5 is not of type"),
        (lambda p: p["summary"].update(destructive=0), "$.summary: does not count its changes"),
    ],
)
def test_a_plan_that_breaks_its_schema_is_refused_at_its_json_path(mutate: Any, problem: str) -> None:
    plan = plan_data(EXAMPLE / "plan.json")
    parse_plan(copy.deepcopy(plan), "plan.json")
    mutate(plan)
    with pytest.raises(InputError) as caught:
        parse_plan(plan, "plan.json")
    assert str(caught.value).startswith(f"plan.json: not a wesley-gen plan: {problem}"), str(caught.value)


@pytest.mark.parametrize("plan_file", PLANS, ids=case_id)
def test_the_plan_reader_and_writer_round_trip(plan_file: Path) -> None:
    """Every golden plan reads back to a value that writes the same bytes."""
    assert dumps(read_plan(plan_file).to_dict()) == plan_file.read_text(encoding="utf-8")


# --- the command line -------------------------------------------------------------------


def test_cli_reads_a_folder_or_its_plan_file() -> None:
    from_folder = wesley("explain", str(EXAMPLE))
    from_file = wesley("explain", str(EXAMPLE / "plan.json"))
    assert from_folder.returncode == 0 and from_file.returncode == 0, from_folder.stderr + from_file.stderr
    assert from_folder.stdout == from_file.stdout == (EXAMPLE / "explain.md").read_text(encoding="utf-8")
    assert from_folder.stderr == ""


def test_cli_text_format() -> None:
    result = wesley("explain", str(EXAMPLE), "--format", "text")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (EXAMPLE / "explain.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["folder", "file"])
def test_cli_missing_plan_exits_2_with_one_line(tmp_path: Path, where: str) -> None:
    path = tmp_path / "0009_nothing" if where == "folder" else tmp_path / "plan.json"
    if where == "folder":
        path.mkdir()
    result = wesley("explain", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    expected = path / "plan.json" if where == "folder" else path
    assert lines[0] == f"wesley-gen: error: {expected}: no such file"


def test_cli_invalid_plan_exits_2_with_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "plan.json"
    broken.write_text('{"format": "wesley-gen/plan@1",\n', encoding="utf-8")
    result = wesley("explain", str(broken))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"wesley-gen: error: {broken}:2: not JSON: Expecting property name enclosed in double quotes"
    ]
    contract = GOLDEN / "example_v1_v2" / "expected" / "postgres" / "contract.json"
    result = wesley("explain", str(contract))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f'wesley-gen: error: {contract}: not a wesley-gen plan: expected "format": "wesley-gen/plan@1"'
    ]
    plan = plan_data(EXAMPLE / "plan.json")
    del plan["steps"][1]["rollback"]
    broken.write_text(json.dumps(plan), encoding="utf-8")
    result = wesley("explain", str(broken))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"wesley-gen: error: {broken}: not a wesley-gen plan: $.steps[1]: 'rollback' is a required property"
    ]


def test_cli_help_has_examples_and_exit_codes() -> None:
    result = wesley("explain", "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout and "Exit codes" in result.stdout


def test_cli_explain_imports_no_heavy_library() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "wesley_gen", "explain", str(EXAMPLE)],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0
    imported = {
        line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line
    }
    assert not imported & set(HEAVY), imported & set(HEAVY)
