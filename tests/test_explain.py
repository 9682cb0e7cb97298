"""``wesley-gen explain``: a plan as a pull request description (Markdown) or terminal text.

Every golden ``expected/<dialect>/plan.json`` has its explain output beside it as a golden
(``explain.md``, ``explain.txt``); ``make golden`` rewrites them after a reviewed change.
Warnings come first, destructive ones before anything else.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

from tests import command
from tests.golden import GOLDEN, golden_file
from wesley_gen.documents.plan import Plan, parse_plan, read_plan
from wesley_gen.errors import InputError
from wesley_gen.locks import TableSize
from wesley_gen.model import dumps
from wesley_gen.render.markdown import FORMATS, render_explain
from wesley_gen.statements import read_manifest

HEAVY = ("sqlglot", "pglast", "graphql", "psycopg", "jinja2", "black")
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
    return command.wesley(*args, env={"NO_COLOR": "1"})


def test_every_generated_golden_has_a_plan() -> None:
    assert len(PLANS) >= 20
    assert {p.parent.parent.parent.name for p in PLANS} >= {"example_v1_v2", "only_removals", "identical"}


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("plan_file", PLANS, ids=case_id)
def test_explain_matches_its_golden(plan_file: Path, output_format: str, snapshot: SnapshotAssertion) -> None:
    """Rendered as the command does: with the folder's statements.json (rollback.sql included)."""
    rendered = render_explain(
        plan_of(plan_file), format=output_format, statements=read_manifest(plan_file.parent)
    )
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


LOOSENED = """CREATE TABLE t (id integer PRIMARY KEY, owner text{note});
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON t USING ({using});
"""


def test_a_loosened_policy_is_refused_unless_allowed_and_explained_before_anything_else(
    tmp_path: Path,
) -> None:
    """Issue 15's acceptance: a policy's USING loosened (OR added) is refused without
    --allow-access-widening; allowed, explain shows it first, before even a drop."""
    old, new = tmp_path / "old.sql", tmp_path / "new.sql"
    old.write_text(LOOSENED.format(note=", note text", using="owner = current_user"))
    new.write_text(LOOSENED.format(note="", using="owner = current_user OR owner = 'admin'"))
    folder = str(tmp_path / "m" / "0001_loosen")
    refused = wesley("generate", str(old), str(new), "-o", folder, "--allow-destructive")
    assert refused.returncode == 1
    assert "1 change(s) would widen who may read or write: alter_policy t own_rows" in refused.stderr
    assert "--allow-access-widening" in refused.stderr
    made = wesley(
        "generate", str(old), str(new), "-o", folder, "--allow-destructive", "--allow-access-widening"
    )
    assert made.returncode == 0, made.stderr
    first = content_after_title(wesley("explain", folder).stdout)
    assert first[:2] == [
        "> [!CAUTION]",
        "> **Access-widening:** 1 change widens who may read or write (policies, row-level security, grants)",
    ]
    assert first[3].startswith("> - c2 `alter_policy` `own_rows` on `t`")
    assert first[5].startswith("> **Destructive:**")
    text = content_after_title(wesley("explain", folder, "--format", "text").stdout)
    assert text[0].startswith("ACCESS-WIDENING: 1 change widens who may read or write")


@pytest.mark.parametrize("plan_file", PLANS, ids=case_id)
def test_warnings_come_first_riskiest_first(plan_file: Path) -> None:
    plan = plan_of(plan_file)
    text = render_explain(plan, format="text")
    heads = [line.split(":")[0] for line in text.splitlines() if line and line[0].isupper()]
    assert heads[0].startswith("Migration")
    order = [
        "DESTRUCTIVE",
        "IRREVERSIBLE",
        "NARROWING",
        "LOCKS",
        "SUGGESTIONS",
        "VALUES CHOSEN BY THE GENERATOR",
    ]
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
    values = first.index("> [!IMPORTANT]")
    assert first[values + 1] == "> **Values chosen by the generator:** check them before merging"
    assert first[values + 3].startswith("> - users.email: existing rows get ''")


def test_an_empty_migration_says_so() -> None:
    plan = plan_of(GOLDEN / "identical" / "expected" / "postgres" / "plan.json")
    assert content_after_title(render_explain(plan, format="markdown"))[0].startswith("No changes:")
    assert content_after_title(render_explain(plan, format="text"))[0].startswith("No changes:")


def test_the_steps_are_named_for_what_they_run_with_checks_sql_and_rollback_hints() -> None:
    """No hashes in the Markdown body, each check one line without its file's prefix, each
    step's SQL folded in <details> with each statement's lock (issue 16 point 5)."""
    markdown = render_explain(plan_of(EXAMPLE / "plan.json"), format="markdown")
    headings = [line for line in markdown.splitlines() if line.startswith("#### ")]
    assert headings == [
        "#### 1. pre-check",
        "#### 2. expand, then backfill (the plan's backfill step)",
        "#### 3. swap",
        "#### 4. post-check",
    ]
    assert not re.search(r"sha256|[0-9a-f]{12}", markdown)
    assert "contract.json (post)" not in markdown and "Checks (`contract.json`):" in markdown
    assert "- no NULL in the required column users.email" in markdown
    assert "Rollback: nothing has changed yet" in markdown and "Rollback: **irreversible**" in markdown
    assert "`swap.sql` runs:\n\n- c1 drop_column posts.score" in markdown
    swap = markdown[markdown.index("#### 3. swap") : markdown.index("#### 4. post-check")]
    assert "<details><summary>SQL: 31 statements, each with its lock</summary>\n\n```sql\n" in swap
    validate = 'ALTER TABLE "users" VALIDATE CONSTRAINT "users_age__wesley_not_null";'
    assert (
        f"-- c7: SHARE UPDATE EXCLUSIVE on users, scans the table (reads and writes go on during the scan)\n{validate}"
        in swap
    )
    proven = "-- c7: ACCESS EXCLUSIVE on users, catalog only (a validated CHECK (… IS NOT NULL) proves it: no scan)"
    assert f'{proven}\nALTER TABLE "users" ALTER COLUMN "age" SET NOT NULL;' in swap
    text = render_explain(plan_of(EXAMPLE / "plan.json"), format="text")
    assert "  2. expand, then backfill (the plan's backfill step)" in text
    assert "       -- c10: SHARE UPDATE EXCLUSIVE on posts, scans the table (built CONCURRENTLY" in text


def test_a_drop_shows_the_diffs_rename_suggestion_carried_through_the_plan() -> None:
    data = plan_data(EXAMPLE / "plan.json")
    renames = [s for s in data["suggestions"] if s["kind"] == "possible_rename"]
    assert renames == [
        {
            "kind": "possible_rename",
            "table": "users",
            "from": "bio",
            "to": "email",
            "reason": "users.bio is dropped and users.email added, both text; if it is a rename, "
            "pass --rename users.bio=users.email",
        }
    ]
    lines = render_explain(plan_of(EXAMPLE / "plan.json"), format="markdown").splitlines()
    drop = lines.index(next(line for line in lines if line.startswith("> - c2 `drop_column` `users.bio`")))
    assert lines[drop + 1].startswith(">   - possible_rename: users.bio is dropped and users.email added")
    loose = parse_plan({**data, "suggestions": [{**renames[0], "from": "other"}]}, "plan.json")
    markdown = render_explain(loose, format="markdown")
    assert "> **Suggestions:**" in markdown and "> - possible_rename: users.bio" in markdown


def test_statements_that_block_writes_while_scanning_are_a_warning_with_sizes() -> None:
    # The example's lock-aware plan has none (its shadow column is kept in sync by a trigger,
    # not caught up under a lock); type_widening changes types in place.
    assert "**Locks:**" not in render_explain(plan_of(EXAMPLE / "plan.json"), format="markdown")
    plan = plan_of(GOLDEN / "type_widening/expected/postgres/plan.json")
    markdown = render_explain(plan, format="markdown")
    assert (
        "> **Locks:** 4 statements block the application's writes while scanning or rewriting a table"
        in markdown
    )
    assert '> - backfill: `ALTER TABLE "accounts" ALTER COLUMN "bio" SET DATA TYPE TEXT' in markdown
    sized = render_explain(plan, format="markdown", sizes={"accounts": TableSize(1_234_567, 99_614_720)})
    assert r"(unless the types are binary-compatible); **rewrites \~1.2M rows (\~95 MB)**" in sized
    sqlite = render_explain(plan_of(GOLDEN / "example_v1_v2/expected/sqlite/plan.json"), format="text")
    assert "holds the write lock ~1 s per 50,000 rows" in sqlite
    sized = render_explain(
        plan_of(GOLDEN / "example_v1_v2/expected/sqlite/plan.json"),
        format="text",
        sizes={"users": TableSize(1_200_000, None)},
    )
    assert "rewrites ~1.2M rows: holds the write lock ~24 s (at ~50,000 rows/s)" in " ".join(sized.split())


def test_a_plan_written_before_statements_and_suggestions_still_reads() -> None:
    """plan@1 grew optional fields: an older plan without them reads and explains."""
    data = plan_data(EXAMPLE / "plan.json")
    del data["suggestions"]
    for step in data["steps"]:
        del step["statements"]
    plan = parse_plan(data, "plan.json")
    assert plan.suggestions == () and all(step.statements == () for step in plan.steps)
    assert "<details><summary>SQL" not in render_explain(plan, format="markdown")


def test_explain_shows_the_sql_that_runs_an_accepted_edit_included(tmp_path: Path) -> None:
    folder = tmp_path / "0001_example"
    shutil.copytree(EXAMPLE, folder)
    manifest = json.loads((folder / "statements.json").read_text(encoding="utf-8"))
    manifest["statements"][0]["sql"] = 'CREATE TABLE "comments" ("id" UUID NOT NULL) -- edited'
    (folder / "statements.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = wesley("explain", str(folder))
    assert result.returncode == 0, result.stderr
    assert 'CREATE TABLE "comments" ("id" UUID NOT NULL) -- edited;' in result.stdout
    assert "#### Rollback (rollback.sql, run by `wesley-gen migrate down`)" in result.stdout


def test_cli_db_estimates_from_the_sqlite_tables_row_count(tmp_path: Path) -> None:
    import sqlite3

    database = tmp_path / "app.db"
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)")
        conn.executemany("INSERT INTO users VALUES (?)", ((n,) for n in range(2500)))
    sqlite = GOLDEN / "example_v1_v2" / "expected" / "sqlite"
    result = wesley("explain", str(sqlite), "--format", "text", "--db", f"sqlite:///{database}")
    assert result.returncode == 0, result.stderr
    assert "rewrites ~2.5k rows: holds the write lock ~50 ms (at ~50,000 rows/s)" in " ".join(
        result.stdout.split()
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


WIDENING = GOLDEN / "type_widening" / "expected" / "postgres"


def test_cli_db_estimates_from_postgres_planner_statistics(pg_url: str) -> None:
    """``explain --db``: pg_class.reltuples and relpages, after ANALYZE (a never-analysed table is counted)."""
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE accounts (id integer PRIMARY KEY, age integer, pad text)")
        conn.execute("INSERT INTO accounts SELECT n, n, repeat('x', 100) FROM generate_series(1, 20000) AS n")
        result = wesley("explain", str(WIDENING), "--format", "text", "--db", pg_url)
        assert result.returncode == 0, result.stderr
        assert "rewrites ~20k rows" in result.stdout  # counted: never analysed
        conn.execute("ANALYZE accounts")
        result = wesley("explain", str(WIDENING), "--db", pg_url)
    assert result.returncode == 0, result.stderr
    assert re.search(r"\*\*rewrites \\~20k rows \(\\~[0-9.]+ MB\)\*\*", result.stdout), result.stdout[:3000]
