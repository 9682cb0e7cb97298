"""Held-out check: real schema files written by other projects, run the way a user runs wesley-gen.

The corpus of ``tests/corpus`` is written by this project; this script takes schema files
that are not in the repository (``db/structure.sql`` of public Rails applications, say: see
docs/heldout.md for the ones tried) and, for each old/new pair, on the embedded PostgreSQL
server of the tests (or ``WESLEY_TEST_PG_URL``), or with ``--dialect sqlite`` on SQLite files:

1. ``diff``: ``wesley-gen diff old new`` (the changes found, or why it stopped);
2. ``generate``: ``wesley-gen generate old new --allow-destructive [ARGS]``;
3. ``build``: database A from old, database B from new, by the database itself;
4. ``roundtrip``: ``wesley-gen diff old.sql A`` and ``diff new.sql B`` must be empty
   (a schema file against the database built from it);
5. ``migrate``: ``wesley-gen migrate up --force`` on A (the contract's drift check included);
6. ``dump``: ``pg_dump --schema-only`` of A equal to B's (on SQLite: ``sqlite_schema`` and the
   PRAGMAs), as the fidelity oracle compares them (``tests/corpus/oracle.py``), with each kind of
   difference listed;
7. ``converged``: ``wesley-gen diff A new.sql`` says no changes;
8. ``rollback``: ``wesley-gen migrate down --force`` on A, and (printed, not judged: a dropped
   column comes back last and empty) whether A then dumps equal to a database built from old.

Prints one line per step and a summary line per pair; exits 1 when a step failed.

Usage: ``python bench/heldout.py OLD NEW [OLD NEW ...] [--args "--rename t.a=t.b"] [--keep]
[--setup-sql FILE]`` or a folder holding ``old.sql``, ``new.sql`` and optionally ``args`` (extra
``generate`` arguments, shell-quoted) in place of a pair.

``--setup-sql FILE`` (PostgreSQL): SQL run on the server's maintenance database before each pair,
for what a project's files take as given outside them, cluster-wide: roles above all (sqldef's
test setup makes the roles its grant and owner cases name). Write it so it may run again (``DO``
blocks that create a role only when ``pg_roles`` lacks it). The roles that appear in the cluster
while a pair runs (the setup's and those the files create) are dropped after the pair, so every
pair starts from the same cluster and a rerun finds none left over; roles that were there before
are left alone.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.corpus, tests.pgtools

from tests.corpus.oracle import (  # noqa: E402
    CaseError,
    PostgresTarget,
    SqliteTarget,
    Target,
    diff_changes,
    differences,
    tail,
    wesley_gen,
)


@dataclass(frozen=True)
class Pair:
    """Two versions of one schema file, and the ``generate`` arguments a user would give them."""

    old: Path
    new: Path
    args: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.old} -> {self.new}"


@dataclass
class Outcome:
    """Each step's verdict (``ok`` or why not), in order."""

    pair: Pair
    steps: dict[str, str] = field(default_factory=dict)

    def record(self, step: str, ok: bool, detail: str) -> bool:
        self.steps[step] = ("ok: " if ok else "FAILED: ") + detail
        print(f"  {'✓' if ok else '✗'} {step}: {detail}", flush=True)
        return ok

    @property
    def passed(self) -> bool:
        return all(verdict.startswith("ok") for verdict in self.steps.values())


def pairs(arguments: list[str], extra: tuple[str, ...]) -> list[Pair]:
    """The pairs named on the command line: folders, or paths two by two."""
    found: list[Pair] = []
    paths = [Path(argument) for argument in arguments]
    while paths:
        path = paths.pop(0)
        if path.is_dir():
            args_file = path / "args"
            args = tuple(shlex.split(args_file.read_text())) if args_file.exists() else ()
            found.append(Pair(path / "old.sql", path / "new.sql", args + extra))
        elif paths:
            found.append(Pair(path, paths.pop(0), extra))
        else:
            raise SystemExit(f"heldout: {path}: a pair needs a NEW file too")
    return found


def lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def describe(changes: list[str] | str, limit: int = 6) -> str:
    if isinstance(changes, str):
        return changes
    shown = "; ".join(changes[:limit])
    return f"{len(changes)} change(s): {shown}" + (" …" if len(changes) > limit else "")


def check(pair: Pair, target: Target, folder: Path) -> Outcome:
    """Run the steps of the module docstring on one pair; a failed step ends the pair's run where later steps need it."""
    outcome = Outcome(pair)
    print(f"== {pair.label} ({lines(pair.old)} -> {lines(pair.new)} lines)", flush=True)
    dialect = target.dialect
    found = diff_changes(str(pair.old), str(pair.new), dialect)
    outcome.record("diff", isinstance(found, list), describe(found, 3))
    migrations = folder / "migrations"
    # Files that differ only in spelling: the user writes the empty migration on purpose, and the
    # steps after it check that the two databases are indeed the same.
    empty = ("--allow-empty",) if found == [] else ()
    generated = wesley_gen(
        "generate", str(pair.old), str(pair.new), "-o", str(migrations / "0001_heldout"),
        "--dialect", dialect, "--allow-destructive", *empty, *pair.args,
    )  # fmt: skip
    if not outcome.record("generate", generated.returncode == 0, tail(generated).splitlines()[-1]):
        return outcome
    with target.database(folder, "a") as a_url, target.database(folder, "b") as b_url:
        try:
            target.build(a_url, pair.old.read_text(encoding="utf-8"))
            target.build(b_url, pair.new.read_text(encoding="utf-8"))
        except CaseError as error:
            outcome.record("build", False, str(error))
            return outcome
        outcome.record("build", True, f"{dialect} accepts both files")
        for label, path, url in (("old", pair.old, a_url), ("new", pair.new, b_url)):
            roundtrip = diff_changes(str(path), url, dialect, target.dev_db)
            outcome.record(
                f"roundtrip {label}", roundtrip == [], "empty" if roundtrip == [] else describe(roundtrip)
            )
        applied = wesley_gen(
            "migrate", "up", "--db", a_url, "--migrations", str(migrations), "--target", "test", "--force",
        )  # fmt: skip
        if not outcome.record("migrate", applied.returncode == 0, tail(applied).replace("\n", " | ")[:400]):
            return outcome
        migrated, expected = target.fingerprint(a_url), target.fingerprint(b_url)
        only_b = [entry for entry in expected if entry not in migrated]
        only_a = [entry for entry in migrated if entry not in expected]
        kinds = differences(only_b, only_a)
        outcome.record(
            "dump",
            migrated == expected,
            f"equal ({len(expected)} statements)"
            if migrated == expected
            else f"{len(only_b)} statement(s) only in B, {len(only_a)} only in migrated A: "
            + "; ".join(kinds[:6]),
        )
        if migrated != expected:
            for entry in only_b[:10]:
                print("      B only:  " + entry.replace("\n", " ")[:300])
            for entry in only_a[:10]:
                print("      A only:  " + entry.replace("\n", " ")[:300])
        after = diff_changes(a_url, str(pair.new), dialect, target.dev_db)
        outcome.record("converged", after == [], "no changes" if after == [] else describe(after))
        rolled = wesley_gen(
            "migrate", "down", "--db", a_url, "--migrations", str(migrations), "--target", "test", "--force",
        )  # fmt: skip
        if not outcome.record("rollback", rolled.returncode == 0, tail(rolled).replace("\n", " | ")[:400]):
            return outcome
        with target.database(folder, "c") as c_url:
            try:
                target.build(c_url, pair.old.read_text(encoding="utf-8"))
            except CaseError as error:  # the old file again, beside A: a role it creates exists by now
                print(f"    rollback dump not compared with old: {error}")
                return outcome
            back, old = target.fingerprint(a_url), target.fingerprint(c_url)
        kinds = differences([e for e in old if e not in back], [e for e in back if e not in old])
        # Informational: a dropped column comes back last and empty, so a rollback of a
        # destructive change is not expected to dump equal to the old schema.
        print(
            f"    rollback dump {'equal to' if back == old else 'differs from'} old: " + "; ".join(kinds[:4])
        )
    return outcome


def roles(server_url: str) -> set[str]:
    """The names of the cluster's roles."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        return {name for (name,) in conn.execute("SELECT rolname FROM pg_roles")}


@contextmanager
def cluster_setup(target: Target, setup_sql: str | None) -> Iterator[None]:
    """Run ``setup_sql`` on the server before a pair; afterwards drop the roles made meanwhile.

    The pair's databases are dropped by then, so the roles own nothing and hold no privilege
    (but in the maintenance database: ``DROP OWNED`` there first).
    """
    if not isinstance(target, PostgresTarget):
        yield
        return
    import psycopg
    from psycopg import sql

    before = roles(target.server_url)
    try:
        if setup_sql:
            try:
                target.build(target.server_url, setup_sql)
            except CaseError as error:
                raise SystemExit(f"heldout: --setup-sql: {error}") from error
        yield
    finally:
        with psycopg.connect(target.server_url, autocommit=True) as conn:
            for name in sorted(roles(target.server_url) - before):
                role = sql.Identifier(name)
                try:
                    conn.execute(sql.SQL("DROP OWNED BY {0}").format(role))
                    conn.execute(sql.SQL("DROP ROLE {0}").format(role))
                except psycopg.Error as error:
                    print(f"  heldout: role {name} left in the cluster: {error}".rstrip(), flush=True)


@contextmanager
def targets(dialect: str) -> Iterator[Target]:
    """The databases to build and migrate: SQLite files, or the embedded PostgreSQL server (started once)."""
    if dialect == "sqlite":
        yield SqliteTarget()
        return
    from tests.pgtools import postgres_server

    with postgres_server() as server:
        yield PostgresTarget(server.url)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="OLD NEW pairs, or folders holding old.sql and new.sql")
    parser.add_argument("--args", default="", help="extra generate arguments for every pair (shell-quoted)")
    parser.add_argument("--keep", action="store_true", help="keep each pair's migration folder")
    parser.add_argument("--json", type=Path, help="also write the outcomes to this file")
    parser.add_argument("--dialect", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument(
        "--setup-sql",
        type=Path,
        help="SQL run on the PostgreSQL server before each pair (roles the files name); "
        "the roles made while a pair runs are dropped after it",
    )
    options = parser.parse_args()
    if options.setup_sql and options.dialect != "postgres":
        parser.error("--setup-sql needs --dialect postgres")
    setup_sql = options.setup_sql.read_text(encoding="utf-8") if options.setup_sql else None
    chosen = pairs(options.paths, tuple(shlex.split(options.args)))
    outcomes: list[Outcome] = []
    with targets(options.dialect) as target:
        for pair in chosen:
            folder = Path(tempfile.mkdtemp(prefix="wesley-heldout-"))
            try:
                with cluster_setup(target, setup_sql):
                    outcomes.append(check(pair, target, folder))
            finally:
                if options.keep:
                    print(f"  (kept {folder})")
                else:
                    shutil.rmtree(folder, ignore_errors=True)
    print("== summary")
    for outcome in outcomes:
        failed = [step for step, verdict in outcome.steps.items() if not verdict.startswith("ok")]
        print(
            f"{'PASS' if outcome.passed else 'FAIL'} {outcome.pair.label}: "
            + (f"failed {', '.join(failed)}" if failed else "every step ok")
        )
    if options.json:
        options.json.write_text(
            json.dumps(
                [{"pair": outcome.pair.label, "steps": outcome.steps} for outcome in outcomes], indent=1
            )
            + "\n"
        )
    return 0 if all(outcome.passed for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
