"""One run at a time: two ``migrate up`` on one database end as one run would.

Real processes race on a SQLite file and on a PostgreSQL database holding thousands
of rows (see tests/concurrency.py); the assertions hold whichever run wins and however
much the runs overlap.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.concurrency import Project, tally
from tests.pgtools import Server

RACES = 5


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    dialect: str = request.param
    root: Path = tmp_path_factory.mktemp(f"race-{dialect}")
    if dialect == "sqlite":
        yield Project(root, dialect)
        return
    server: Server = request.getfixturevalue("pg_server")
    project = Project(root, dialect, server.url)
    try:
        yield project
    finally:
        project.drop(project.template)


def test_two_runs_started_together_end_as_one_run(project: Project) -> None:
    verdicts = []
    for _ in range(RACES):
        verdicts.append(project.verdict(project.race()))
    assert tally(verdicts) == {
        "races": RACES,
        "wrong states": 0,
        "lost rows": 0,
        "inconsistent histories": 0,
    }
