"""Held-out check of Wesley SDL files: each file run the way a Wesley user adopting wesley-gen runs it.

The fixtures of ``tests/wesley`` are written by this project; this script takes GraphQL SDL
files written by others (Wesley's own examples and test fixtures: see docs/heldout.md, the files
stay out of the repository) and, for each, on the embedded PostgreSQL server of the tests (or
``WESLEY_TEST_PG_URL``):

1. ``load``: ``wesley-gen diff EMPTY FILE`` (the changes found, or why it stopped);
2. ``generate``: ``wesley-gen generate EMPTY FILE --allow-access-widening`` (Wesley's policies
   are to PUBLIC);
3. ``migrate``: a fresh database with what a Supabase database provides (the role
   ``authenticated``, ``auth.uid()``: tests/pgtools.py ``PLATFORM``), then ``migrate up``
   (``--allow-contract-drift``: the platform is not in the empty schema);
4. ``roundtrip``: the database read back (the platform's ``auth`` left out) and the file diff
   clean both ways;
5. ``rollback``: ``migrate down``, and the database then holds nothing but the platform.

Prints one line per step and a summary: how many files load and how many round-trip.

Usage: ``python bench/wesley_sdl.py FILE.graphql [FILE.graphql ...] [--json OUT]``
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.corpus, tests.pgtools

from tests.corpus.oracle import diff_changes, tail, wesley_gen  # noqa: E402
from tests.pgtools import (  # noqa: E402
    PLATFORM,
    Server,
    fresh_database,
    postgres_server,
    run_ddl,
    without_platform,
)
from wesley_gen.diff import diff_schemas  # noqa: E402
from wesley_gen.hints import Hints  # noqa: E402
from wesley_gen.load import load_schema  # noqa: E402
from wesley_gen.model import Schema, stored_by  # noqa: E402


def check(sdl: Path, server: Server, folder: Path) -> dict[str, str]:
    """Run the steps of the module docstring on one file; a failed step ends the file's run."""
    steps: dict[str, str] = {}

    def record(step: str, ok: bool, detail: str) -> bool:
        steps[step] = ("ok: " if ok else "FAILED: ") + detail
        print(f"  {'✓' if ok else '✗'} {step}: {detail}", flush=True)
        return ok

    print(f"== {sdl}", flush=True)
    empty = folder / "empty.graphql"
    empty.write_text("", encoding="utf-8")
    found = diff_changes(str(empty), str(sdl), "postgres")
    if not record(
        "load", isinstance(found, list), f"{len(found)} change(s)" if isinstance(found, list) else found
    ):
        return steps
    migrations = folder / "migrations"
    generated = wesley_gen(
        "generate", str(empty), str(sdl), "-o", str(migrations / "0001_wesley"),
        "--allow-access-widening", "--allow-empty",
    )  # fmt: skip
    if not record("generate", generated.returncode == 0, tail(generated).splitlines()[-1]):
        return steps
    with fresh_database(server) as url:
        run_ddl(url, PLATFORM)
        target = ("--db", url, "--migrations", str(migrations), "--target", "test", "--force")
        applied = wesley_gen("migrate", "up", *target, "--allow-contract-drift")
        if not record("migrate", applied.returncode == 0, tail(applied).replace("\n", " | ")[:400]):
            return steps
        schema, live = stored_by(load_schema(str(sdl)).schema, "postgres"), read(url)
        changes = [*diff_schemas(schema, live, Hints()).changes, *diff_schemas(live, schema, Hints()).changes]
        if not record(
            "roundtrip", not changes, "no changes either way" if not changes else describe(changes)
        ):
            return steps
        rolled = wesley_gen("migrate", "down", *target)
        if rolled.returncode != 0:
            record("rollback", False, tail(rolled).replace("\n", " | ")[:400])
            return steps
        left = list(diff_schemas(Schema(), read(url), Hints()).changes)
        record("rollback", not left, "nothing left" if not left else describe(left))
    return steps


def read(url: str) -> Schema:
    """The database's schema without the platform's."""
    return without_platform(load_schema(url).schema)


def describe(changes: list[object]) -> str:
    return f"{len(changes)} change(s): " + " | ".join(str(change) for change in changes)[:400]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="Wesley GraphQL SDL files")
    parser.add_argument("--json", type=Path, help="also write the outcomes to this file")
    options = parser.parse_args()
    outcomes: dict[str, dict[str, str]] = {}
    with postgres_server() as server:
        for sdl in options.files:
            folder = Path(tempfile.mkdtemp(prefix="wesley-sdl-"))
            try:
                outcomes[str(sdl)] = check(sdl, server, folder)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
    print("== summary")
    for sdl, steps in outcomes.items():
        failed = [step for step, verdict in steps.items() if not verdict.startswith("ok")]
        print(
            f"{'FAIL' if failed else 'PASS'} {sdl}: "
            + (f"failed {', '.join(failed)}" if failed else "every step ok")
        )
    loads = sum(steps["load"].startswith("ok") for steps in outcomes.values())
    trips = sum(steps.get("rollback", "").startswith("ok") for steps in outcomes.values())
    print(
        f"{len(outcomes)} files: {loads} load, {trips} round-trip (generate, migrate up, diff clean, migrate down)"
    )
    if options.json:
        options.json.write_text(json.dumps(outcomes, indent=1) + "\n")
    return 0 if trips == len(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
