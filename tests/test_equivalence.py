"""One schema, every form: the example v1 loads to one model however it is written.

The forms are the Wesley SDL (schemas/v1.graphql), PostgreSQL DDL (schemas/v1.sql),
SQLite DDL (schemas/v1.sqlite.sql), a live PostgreSQL database built from v1.sql, a
live SQLite database built from v1.sqlite.sql, ``pg_dump --schema-only`` of that
PostgreSQL database (real-world DDL, read back through the PostgreSQL DDL loader),
and the snapshot JSON of the SDL model.  Every pair must be equal values with equal
checksums, and diff to no changes in either direction.

SQLite has no types of its own beyond storage classes: it keeps the declared type
text verbatim, so v1.sqlite.sql declares PostgreSQL's names (``UUID``,
``TIMESTAMPTZ``, ``BOOLEAN``, ``DOUBLE PRECISION``) and they read back as written
(SQLite gives them NUMERIC/REAL affinity, which the model does not record).
``now()`` is spelled ``CURRENT_TIMESTAMP``, which both dialects accept and which
normalises to the same default; ``gen_random_uuid()`` is not a SQLite function,
but a default is stored as text and only evaluated on insert, so it round-trips.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest

from tests.pgtools import Server, fresh_database, pg_dump_schema, run_ddl, sqlite_database
from wesley_gen.diff import diff_schemas
from wesley_gen.load import load_schema
from wesley_gen.model import Schema, canonical_json, checksum, to_dict

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
V1_SDL, V1_PG, V1_SQLITE = SCHEMAS / "v1.graphql", SCHEMAS / "v1.sql", SCHEMAS / "v1.sqlite.sql"

FORMS = ("sdl", "postgres_ddl", "sqlite_ddl", "postgres_live", "sqlite_live", "pg_dump", "snapshot")
Loader = Callable[[str], Schema]


@pytest.fixture(scope="module")
def v1_forms(pg_server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loader]:
    """Load a form of v1 by name; each is built and loaded once for the whole module."""
    folder = tmp_path_factory.mktemp("v1-forms")
    with fresh_database(pg_server) as pg_url:
        run_ddl(pg_url, V1_PG.read_text(encoding="utf-8"))

        def snapshot() -> str:
            path = folder / "v1.json"
            path.write_text(canonical_json(load_schema(str(V1_SDL)).schema), encoding="utf-8")
            return str(path)

        def dump() -> str:
            path = folder / "v1.dump.sql"
            path.write_text(pg_dump_schema(pg_url), encoding="utf-8")
            return str(path)

        sources: dict[str, tuple[Callable[[], str], str]] = {
            "sdl": (lambda: str(V1_SDL), "postgres"),
            "postgres_ddl": (lambda: str(V1_PG), "postgres"),
            "sqlite_ddl": (lambda: str(V1_SQLITE), "sqlite"),
            "postgres_live": (lambda: pg_url, "postgres"),
            "sqlite_live": (
                lambda: sqlite_database(folder / "v1.db", V1_SQLITE.read_text(encoding="utf-8")),
                "sqlite",
            ),
            "pg_dump": (dump, "postgres"),
            "snapshot": (snapshot, "postgres"),
        }

        @cache
        def source(form: str) -> str:
            return sources[form][0]()

        @cache
        def load(form: str) -> Schema:
            return load_schema(source(form), dialect=sources[form][1]).schema

        yield load


@pytest.mark.parametrize("form", FORMS)
def test_form_loads_to_the_sdl_model(v1_forms: Loader, form: str) -> None:
    expected, actual = v1_forms("sdl"), v1_forms(form)
    # The identity dictionaries first: on a mismatch pytest shows which part differs.
    assert to_dict(actual, annotations=False) == to_dict(expected, annotations=False)
    assert actual == expected  # column order too
    assert checksum(actual) == checksum(expected)


@pytest.mark.parametrize(("left", "right"), list(itertools.combinations(FORMS, 2)))
def test_every_pair_diffs_to_no_changes(v1_forms: Loader, left: str, right: str) -> None:
    a, b = v1_forms(left), v1_forms(right)
    assert a == b
    assert checksum(a) == checksum(b)
    for old, new in ((a, b), (b, a)):
        for dialect in ("postgres", "sqlite"):
            result = diff_schemas(old, new, dialect=dialect)
            assert result.changes == ()
            assert result.errors == ()
