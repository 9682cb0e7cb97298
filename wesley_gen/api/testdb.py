"""Library entry points of the ``testdb`` commands: disposable databases for tests and rehearsals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from wesley_gen.errors import WesleyGenError

if TYPE_CHECKING:
    from wesley_gen.run.testdb import TestDatabase


def testdb_up(dialect: str | None, run_id: str | None, *, server_url: str | None = None) -> TestDatabase:
    """Start a disposable database: ``dialect``, else the project's, else PostgreSQL."""
    from wesley_gen.config import find_config
    from wesley_gen.run.testdb import up

    config = find_config()
    chosen = dialect or config.dialect or "postgres"
    return up(chosen, run_id, server_url=server_url, working_url=config.working_database)


def testdb_find(run_id: str) -> TestDatabase:
    """The test database of ``run_id``."""
    from wesley_gen.config import find_config
    from wesley_gen.run.testdb import find

    return find(run_id, working_url=find_config().working_database)


@dataclass(frozen=True, slots=True)
class SeedReport:
    run_id: str
    inserted: dict[str, int]  # rows per table
    notes: tuple[str, ...]

    @property
    def rows(self) -> int:
        return sum(self.inserted.values())


def testdb_seed(
    run_id: str,
    *,
    rows: int,
    seed: int = 0,
    fixtures: str | None = None,
    lock_timeout: float,
    say: Callable[[str], None] | None = None,
) -> SeedReport:
    """Fill the test database of ``run_id``: fixtures, or generated rows that keep every constraint."""
    from wesley_gen.run.testdb import seed as fill

    database = testdb_find(run_id)
    inserted, notes = fill(
        database.database, rows=rows, seed=seed, fixtures=fixtures, lock_timeout=lock_timeout, say=say
    )
    if not inserted:
        notes = (*notes, "the test database has no tables yet: nothing was seeded (migrate it first)")
    return SeedReport(database.run_id, inserted, tuple(notes))


@dataclass(frozen=True, slots=True)
class Removed:
    run_id: str
    recorded: bool = True  # False: no record, only a folder was left to delete
    error: WesleyGenError | None = None  # why it could not be removed
    reaped: bool = False  # not asked for: its owning process had died, so it went on the way


@dataclass(frozen=True, slots=True)
class DownReport:
    removed: tuple[Removed, ...]  # the reaped ones, then one per run id asked for, in order

    @property
    def exit_code(self) -> int:
        return max((r.error.exit_code for r in self.removed if r.error is not None), default=0)


def testdb_down(run_ids: tuple[str, ...], *, done: Callable[[Removed], None]) -> DownReport:
    """Stop the test databases of ``run_ids``; every id is tried, whatever happened to the one before.

    ``done`` hears of each as soon as it is handled, so that what was removed is told
    even if a later one is interrupted.
    """
    from wesley_gen.config import find_config
    from wesley_gen.run.testdb import down, find, reap, remove_unrecorded, testdb_root

    working_url = find_config().working_database
    removed: list[Removed] = []

    def handled(outcome: Removed) -> None:
        removed.append(outcome)
        done(outcome)

    for stale in reap(testdb_root()) if testdb_root().is_dir() else ():
        handled(Removed(stale, reaped=True))
    for run_id in run_ids:
        try:
            if remove_unrecorded(run_id):
                handled(Removed(run_id, recorded=False))
                continue
            down(find(run_id, working_url=working_url))
        except WesleyGenError as error:
            handled(Removed(run_id, error=error))
            continue
        handled(Removed(run_id))
    return DownReport(tuple(removed))


@dataclass(frozen=True, slots=True)
class ListReport:
    databases: tuple[TestDatabase, ...]

    @property
    def rows(self) -> tuple[dict[str, Any], ...]:
        return tuple(asdict(d) for d in self.databases)


def testdb_list() -> ListReport:
    """The test databases that are up."""
    from wesley_gen.run.testdb import listing

    return ListReport(tuple(listing()))
