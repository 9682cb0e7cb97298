"""Benchmarks: wesley-gen beside a peer measured in the same run on the same input.

Builds a 1000-table x 22-column schema pair (about 5% of the tables altered:
added, dropped and retyped columns) as PostgreSQL and SQLite DDL files and as live
SQLite databases, then times whole processes:

* ``wesley-gen diff`` on the live SQLite pair vs Alembic's ``compare_metadata``
  (reflect the new database, compare against the old) — target: at least 5x faster.
  This is where reading a 1000-table database is timed: the unit tests only check
  that it is read whole, since a wall time asserted on a busy machine says nothing;
* ``wesley-gen diff`` on the PostgreSQL and the SQLite DDL file pair against the same
  Alembic run — target: at least 5x faster too (issue 16);
* ``wesley-gen generate`` beside ``diff`` on the SQLite and the PostgreSQL DDL pair —
  target: at most 1.5x (a line per pair, ``generate/diff``).

Every time is the median CPU time (user + system) of the whole process tree over a few
runs, since the machines that run it are shared; wall time is shown beside it.  Each
ratio is printed as it is measured, and all of them are written to docs/benchmarks.md.  Usage: ``python bench/run.py
[--tables N] [--runs N]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
VENV_BIN = Path(sys.executable).parent
WESLEY_GEN = [str(VENV_BIN / "wesley-gen")]

COLUMN_TYPES = [
    ("integer", "INTEGER", "0"),
    ("bigint", "BIGINT", None),
    ("text", "TEXT", "'n/a'"),
    ("varchar(120)", "VARCHAR(120)", None),
    ("boolean", "BOOLEAN", "false"),
    ("numeric(12,2)", "NUMERIC(12,2)", "0"),
    ("timestamptz", "TIMESTAMPTZ", "now()"),
    ("date", "DATE", None),
    ("double precision", "DOUBLE PRECISION", None),
    ("uuid", "UUID", None),
    ("jsonb", "JSONB", None),
]

ALEMBIC_SCRIPT = """
import sys
from sqlalchemy import MetaData, create_engine
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
old_url, new_url = sys.argv[1], sys.argv[2]
target = MetaData()
target.reflect(create_engine(new_url))
with create_engine(old_url).connect() as conn:
    diff = compare_metadata(MigrationContext.configure(conn), target)
print(len(diff))
"""


@dataclass(frozen=True)
class Column:
    name: str
    pg_type: str
    sqlite_type: str
    default: str | None
    not_null: bool


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    fk_target: str | None


def build_schema(tables: int, seed: int) -> list[Table]:
    rng = random.Random(seed)
    result = []
    for t in range(tables):
        columns = [Column("id", "bigint", "INTEGER", None, True)]
        if t > 0:
            columns.append(Column("parent_id", "bigint", "INTEGER", None, False))
        while len(columns) < 22:
            pg_type, sqlite_type, default = rng.choice(COLUMN_TYPES)
            with_default = default is not None and rng.random() < 0.5
            columns.append(
                Column(
                    f"c{len(columns):02d}_{pg_type.split('(')[0].split()[0]}",
                    pg_type,
                    sqlite_type,
                    default if with_default else None,
                    rng.random() < 0.4,
                )
            )
        parent = f"t{rng.randrange(t):04d}" if t > 0 else None
        result.append(Table(f"t{t:04d}", tuple(columns), parent))
    return result


def alter(schema: list[Table], seed: int) -> list[Table]:
    """About 5% of tables change: a column added, one dropped, one retyped."""
    rng = random.Random(seed)
    changed = set(rng.sample(range(len(schema)), max(1, len(schema) // 20)))
    result = []
    for index, table in enumerate(schema):
        if index not in changed:
            result.append(table)
            continue
        columns = list(table.columns)
        kind = index % 3
        if kind == 0:
            columns.append(Column("added_note", "text", "TEXT", None, False))
        elif kind == 1:
            columns.pop()
        else:
            columns = [
                Column(c.name, "bigint", "BIGINT", c.default, c.not_null) if c.pg_type == "integer" else c
                for c in columns
            ]
        result.append(Table(table.name, tuple(columns), table.fk_target))
    return result


def render_ddl(schema: Sequence[Table], dialect: str) -> str:
    statements = []
    for table in schema:
        lines = []
        for column in table.columns:
            col_type = column.pg_type if dialect == "postgres" else column.sqlite_type
            line = f"    {column.name} {col_type}"
            if column.name == "id":
                line += " PRIMARY KEY"
            if column.not_null and column.name != "id":
                line += " NOT NULL"
            if column.default is not None:
                default = column.default
                if dialect == "sqlite" and default == "now()":
                    default = "CURRENT_TIMESTAMP"
                line += f" DEFAULT {default}"
            lines.append(line)
        if table.fk_target:
            lines.append(f"    FOREIGN KEY (parent_id) REFERENCES {table.fk_target} (id)")
        statements.append(f"CREATE TABLE {table.name} (\n" + ",\n".join(lines) + "\n);")
        indexed = table.columns[2].name
        statements.append(f"CREATE INDEX {table.name}_{indexed}_idx ON {table.name} ({indexed});")
    return "\n\n".join(statements) + "\n"


def build_sqlite(path: Path, ddl: str) -> None:
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as conn:
        conn.executescript(ddl)


@dataclass(frozen=True)
class Timing:
    """A command's median CPU time (user + system, of its whole process tree: a worker it
    forks counts) and median wall time.  Targets are judged on CPU time: on a shared
    machine wall time measures the neighbours as much as the command."""

    cpu: float
    wall: float


def time_command(
    args: Sequence[str], runs: int, cwd: Path | None = None, ok: tuple[int, ...] = (0, 1)
) -> Timing:
    """:func:`time_commands` of one command."""
    return time_commands([args], runs, cwd, ok)[0]


def time_commands(
    commands: Sequence[Sequence[str]], runs: int, cwd: Path | None = None, ok: tuple[int, ...] = (0, 1)
) -> list[Timing]:
    """Medians over ``runs`` whole-process runs of each command, after one warm-up run of each;
    the commands take turns, a run of each per round, so that a machine whose speed drifts
    during the benchmark (a shared virtual machine: the same command was seen to take 1.9 s
    and 2.6 s of CPU minutes apart) slows the commands compared alike.  An exit code not in
    ``ok`` stops the benchmark (``diff`` exits 1 when there are changes)."""
    cpu: list[list[float]] = [[] for _ in commands]
    wall: list[list[float]] = [[] for _ in commands]
    for attempt in range(runs + 1):
        for index, args in enumerate(commands):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            result = subprocess.run(args, capture_output=True, text=True, check=False, cwd=cwd)
            elapsed = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if result.returncode not in ok:
                raise SystemExit(
                    f"benchmark command failed ({result.returncode}): {' '.join(args)}\n{result.stderr}"
                )
            if attempt:
                cpu[index].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
                wall[index].append(elapsed)
    return [Timing(statistics.median(c), statistics.median(w)) for c, w in zip(cpu, wall, strict=True)]


def time_noop_check(runs: int) -> Timing:
    """``wesley-gen check`` in a project where nothing changed."""
    project = WORK / "check-project"
    project.mkdir(parents=True, exist_ok=True)
    (project / "pyproject.toml").write_text(
        '[project]\nname = "app"\nversion = "0"\n\n[tool.wesley-gen]\nschema = "schema.graphql"\n',
        encoding="utf-8",
    )
    shutil.copy(ROOT / "schemas" / "v1.graphql", project / "schema.graphql")
    subprocess.run([*WESLEY_GEN, "new", "init"], cwd=project, check=True, capture_output=True)
    return time_command([*WESLEY_GEN, "check"], runs, cwd=project, ok=(0,))


def generate_vs_diff(files: dict[tuple[str, str], Path], runs: int, failures: list[str]) -> list[str]:
    """``generate`` beside ``diff`` on the same pair, whole processes: at most 1.5x (issue 16).

    Two pairs: the SQLite DDL files of the 1000-table schema, and the PostgreSQL ones (the
    large DDL pair: every table gets its type catalog and post-check, so generate's own
    rendering is timed on 1000 tables).
    """
    lines = [
        "",
        "## `generate` beside `diff`",
        "",
        "The same pair, whole processes (generate writes a migration folder: SQL, contract, backfill.py,",
        "catalog.py, plan.json). CPU time; wall time in parentheses.",
        "",
        "| pair | wesley-gen diff | wesley-gen generate | generate / diff | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for label, dialect in (("SQLite DDL files", "sqlite"), ("PostgreSQL DDL files", "postgres")):
        pair = [str(files[("old", dialect)]), str(files[("new", dialect)]), "--dialect", dialect]
        output = WORK / f"generated-{dialect}"
        diff, generate = time_commands(
            [
                [*WESLEY_GEN, "diff", *pair],
                [*WESLEY_GEN, "generate", *pair, "-o", str(output), "--overwrite", "--allow-destructive"],
            ],
            runs,
        )
        ratio = generate.cpu / diff.cpu
        met = ratio <= 1.5
        if not met:
            failures.append(f"generate/diff on the {label}")
        lines.append(
            f"| {label} | {_shown(diff)} | {_shown(generate)} | {ratio:.2f}x | at most 1.5x | {_met(met)} |"
        )
        print(f"generate/diff ({label}): {ratio:.2f} (target at most 1.5)", flush=True)
    return lines


def _shown(timing: Timing) -> str:
    return f"{timing.cpu:.3f} s ({timing.wall:.3f} s)"


def _met(met: bool) -> str:
    return "yes" if met else "NO"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    options = parser.parse_args()

    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    # Bytecode as an installed package has it: with PYTHONDONTWRITEBYTECODE set, every run
    # would otherwise compile wesley-gen's modules again (its peers' are compiled).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "wesley_gen")], check=True)
    old = build_schema(options.tables, seed=1)
    new = alter(old, seed=2)
    files = {}
    for version, schema in (("old", old), ("new", new)):
        for dialect in ("postgres", "sqlite"):
            path = WORK / f"{version}.{dialect}.sql"
            path.write_text(render_ddl(schema, dialect), encoding="utf-8")
            files[(version, dialect)] = path
        build_sqlite(WORK / f"{version}.db", files[(version, "sqlite")].read_text(encoding="utf-8"))
    size_kb = files[("old", "postgres")].stat().st_size // 1024

    old_db, new_db = f"sqlite:///{WORK / 'old.db'}", f"sqlite:///{WORK / 'new.db'}"
    rows = [
        ("live SQLite pair", [old_db, new_db, "--format", "json"]),
        (
            f"PostgreSQL DDL files ({size_kb} KB each)",
            [str(files[("old", "postgres")]), str(files[("new", "postgres")])],
        ),
        (
            "SQLite DDL files",
            [str(files[("old", "sqlite")]), str(files[("new", "sqlite")]), "--dialect", "sqlite"],
        ),
    ]
    python_pass = time_command([sys.executable, "-c", "pass"], options.runs)

    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` ({options.tables} tables x 22 columns, about 5% of tables altered; "
        f"median of {options.runs} whole-process runs after a warm-up; "
        "the commands compared take turns, a run of each per round).",
        "",
        "Times are CPU time (user + system) of the whole process and any it starts,",
        "so that a busy machine does not decide the result; wall time is shown in parentheses.",
        "",
        f"Machine: {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}. `python -c pass`: {_shown(python_pass)}.",
        "",
        "Peer: Alembic `compare_metadata`, reflecting the new live SQLite database and comparing it "
        "with the old one, as a whole process on the same pair.",
        "",
        "| input | wesley-gen diff | Alembic | Alembic / wesley-gen | target | met |",
        "|---|---|---|---|---|---|",
    ]
    failures = []
    alembic, *diffs = time_commands(
        [[sys.executable, "-c", ALEMBIC_SCRIPT, old_db, new_db]]
        + [[*WESLEY_GEN, "diff", *args] for _, args in rows],
        options.runs,
    )
    for (label, _), timing in zip(rows, diffs, strict=True):
        ratio = alembic.cpu / timing.cpu
        met = ratio >= 5.0
        if not met:
            failures.append(label)
        lines.append(
            f"| {label} | {_shown(timing)} | {_shown(alembic)} | {ratio:.1f}x "
            f"| at least 5x faster than Alembic | {_met(met)} |"
        )
        print(f"Alembic/diff ({label}): {ratio:.1f} (target at least 5)", flush=True)
    lines += generate_vs_diff(files, options.runs, failures)
    check = time_noop_check(options.runs)
    ratio = check.cpu / python_pass.cpu
    met = ratio <= 8
    if not met:
        failures.append("no-op check")
    lines += [
        "",
        "## No-op `wesley-gen check`",
        "",
        "A project with the example schema and one migration, nothing changed: `check` answers from",
        "recorded hashes without importing a parser. Peer: `python -c pass` on the same machine.",
        "",
        "| wesley-gen check | python -c pass | ratio | target | met |",
        "|---|---|---|---|---|",
        f"| {_shown(check)} | {_shown(python_pass)} | {ratio:.1f}x | at most 8x | {_met(met)} |",
    ]
    report = "\n".join(lines) + "\n"
    options.output.write_text(report, encoding="utf-8")
    print(report)
    if failures:
        print(f"targets missed: {', '.join(failures)}", file=sys.stderr)


if __name__ == "__main__":
    main()
