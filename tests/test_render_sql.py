"""CREATE INDEX as rendered for each dialect: ordering only where it is not the default
(gin, gist, brin, hash and spgist refuse ``ASC``/``DESC``), and a key's collation and
operator class kept, checked on a real PostgreSQL too."""

from __future__ import annotations

import pytest

from tests.pgtools import run_ddl
from wesley_gen.model import Index
from wesley_gen.render.sql.ddl import create_index


@pytest.mark.parametrize(
    ("keys", "dialect", "sql"),
    [
        (("a",), "postgres", 'CREATE INDEX "i" ON "t"("a")'),
        (("a DESC", "b NULLS FIRST"), "postgres", 'CREATE INDEX "i" ON "t"("a" DESC, "b" NULLS FIRST)'),
        (("a DESC NULLS LAST",), "postgres", 'CREATE INDEX "i" ON "t"("a" DESC NULLS LAST)'),
        (
            ('"a" COLLATE "C" text_pattern_ops DESC',),
            "postgres",
            'CREATE INDEX "i" ON "t"("a" COLLATE "C" text_pattern_ops DESC)',
        ),
        (("a", "b DESC"), "sqlite", 'CREATE INDEX "i" ON "t"("a", "b" DESC)'),
    ],
)
def test_index_keys_name_only_what_is_not_the_default(keys: tuple[str, ...], dialect: str, sql: str) -> None:
    assert create_index(Index("i", keys), "t", dialect) == sql


INDEXES = [
    Index("t_tags", ("tags",), using="gin"),
    Index("t_doc", ('"doc" jsonb_path_ops',), using="gin"),
    Index("t_ip", ('"ip" inet_ops',), using="gist"),
    Index("t_at", ("at",), using="brin"),
    Index("t_n", ("n",), using="hash"),
    Index("t_ip_sp", ("ip",), using="spgist"),
    Index("t_name", ('"name" text_pattern_ops', "n DESC NULLS LAST")),
]


@pytest.mark.postgres
def test_every_access_method_builds_the_rendered_index(pg_url: str) -> None:
    run_ddl(pg_url, "CREATE TABLE t (tags text[], doc jsonb, ip inet, at timestamptz, n int, name text)")
    run_ddl(pg_url, ";\n".join(create_index(index, "t", "postgres") for index in INDEXES))
