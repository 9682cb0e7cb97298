"""Proof: two ``wesley-gen migrate up`` on one database at once, many times per dialect.

Each race copies a database holding the first migration of a four-migration chain and
5,000 users (tests/concurrency.py), starts two real ``migrate up`` processes together
and compares what they leave with what one run alone leaves: the schema, every row,
the history (migration, direction, outcome of every row), and whether both runs
ended as docs/migrate.md says (one applies the chain; the other waits and finds it
up to date, or with ``--lock-timeout 0`` gives up naming the winner).  Odd races use
``--lock-timeout 0``.  PostgreSQL runs on the embedded server of the tests (or
``WESLEY_TEST_PG_URL``).

Prints, per dialect, the races run and the count of wrong states, rows lost or changed and
inconsistent histories; exits 1 unless all are 0.  Usage: ``python
bench/concurrent_runs.py [--races N] [--dialect sqlite|postgres ...]`` (``make proof``).
To measure another checkout's runtime, put it first on ``PYTHONPATH`` (the races'
processes import ``wesley_gen`` from there) and pass ``--no-give-up`` if it has no
``--lock-timeout``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.concurrency, tests.pgtools

from tests.concurrency import Project, Verdict, tally  # noqa: E402

DIALECTS = ("sqlite", "postgres")


@contextmanager
def project(dialect: str, folder: Path) -> Iterator[Project]:
    if dialect == "sqlite":
        yield Project(folder, dialect)
        return
    from tests.pgtools import postgres_server

    with postgres_server() as server:
        prepared = Project(folder, dialect, server.url)
        try:
            yield prepared
        finally:
            prepared.drop(prepared.template)


def races(dialect: str, count: int, *, give_up: bool) -> dict[str, int]:
    verdicts: list[Verdict] = []
    waited = gave_up = 0
    with (
        tempfile.TemporaryDirectory(prefix="wesley-race-") as folder,
        project(dialect, Path(folder)) as prepared,
    ):
        for number in range(count):
            race = prepared.race(*(("--lock-timeout", "0") if give_up and number % 2 else ()))
            verdict = prepared.verdict(race)
            verdicts.append(verdict)
            waited += any("waiting up to" in r.stderr for r in race.results)
            gave_up += any(r.returncode == 1 for r in race.results)
            if not verdict.ok:
                for result in race.results:
                    print(f"  race {number}: exit {result.returncode}: {result.stderr.strip()[-400:]}")
    return {
        **tally(verdicts),
        "losers that waited": waited,
        "runs that exited 1": gave_up,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--races", type=int, default=20)
    parser.add_argument("--dialect", action="append", choices=DIALECTS)
    parser.add_argument("--no-give-up", action="store_true", help="no race passes --lock-timeout 0")
    arguments = parser.parse_args()
    failed = False
    for dialect in arguments.dialect or DIALECTS:
        began = time.perf_counter()
        counts = races(dialect, arguments.races, give_up=not arguments.no_give_up)
        print(f"{dialect}: " + ", ".join(f"{name} {value}" for name, value in counts.items()))
        print(f"  ({time.perf_counter() - began:.0f} s)")
        failed |= any(
            counts[name] for name in ("wrong states", "rows lost or changed", "inconsistent histories")
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
