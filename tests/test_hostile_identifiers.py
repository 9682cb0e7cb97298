"""Names that break hand-written SQL, through a whole migration chain on both dialects.

Tables, columns, indexes and constraints are named with double and single quotes,
``;``, ``--``, spaces, parentheses, unicode and emoji, reserved words, exactly 63 and
more than 63 bytes, and (PostgreSQL) names that differ only in case.  A chain of
generated migrations adds columns, indexes and unique constraints, renames by hint,
changes types with and without ``--cast``, and drops; each runs with ``migrate up``
on a database holding rows, must leave exactly the schema its ``schema.json`` says
(the introspected checksum, and the names in ``pg_dump``), and each reversible one
comes back with ``migrate down``.

The cases measured on the code before identifiers became values are the unit tests
at the end: each failed there.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import command
from tests.database import execute, fetch
from tests.pgtools import Server, fresh_database, pg_dump_schema
from wesley_gen.database_url import DatabaseUrl
from wesley_gen.hints import Hints
from wesley_gen.identifiers import IndexKey, own_name, parse_index_key, quote
from wesley_gen.load import load_schema, load_text
from wesley_gen.model import Index, checksum
from wesley_gen.plan import Migration, Options, plan_migration
from wesley_gen.render.migration import render_migration
from wesley_gen.render.python import render_backfill
from wesley_gen.render.sql import render_sql
from wesley_gen.run.scripts import run_statements

LONG63 = "l" * 55 + "_63bytes"  # exactly PostgreSQL's limit
LONG64 = "m" * 56 + "_64bytes"  # one byte over: PostgreSQL keeps the first 63
assert len(LONG63.encode()) == 63 and len(LONG64.encode()) == 64
WEIRD = "we\"ird tab'le; -- (x)"
INJECTION = "a(id); DROP TABLE victim; --"
DUCKS = "🦆 ducks"
DUCKS_RENAMED = '🦆 ducks; "renamed"'
ITS = "it's"
QUOTED = 'Quote"d'
QUOTED_RENAMED = 'it\'s "renamed"'
T63 = "t" * 55 + "_63table"
T64 = "u" * 56 + "_64table"
I63 = "i" * 55 + "_63index"
CHECK_IT = 'check "it"'
IDX_SP_ACE = 'idx "sp ace"'


def q(name: str) -> str:
    return quote(name)


def _weird(extra: str = "", *, renamed: bool = False, typed: bool = False, gone: bool = True) -> str:
    """The table whose every column name is hostile."""
    wide = "bigint" if typed else "integer"
    if renamed:
        columns = [
            f"-- wesley:renamed-from {q(QUOTED)}\n    {q(QUOTED_RENAMED)} text",
            f"-- wesley:renamed-from {q('old name')}\n    {q('new name (renamed)')} text",
        ]
    else:
        columns = [f"{q(QUOTED)} text", f"{q('old name')} text"]
    columns = [
        f"{q('id')} integer PRIMARY KEY",
        f"{q('sp ace')} text",
        f"{q(INJECTION)} text",
        f"{q(ITS)} {wide}",
        f"{q('naïve')} integer",
        f"{q(LONG63)} {wide}",
        f"{q(LONG64)} text",
        *columns,
        *([f"{q('gone')} text"] if gone else []),
    ]
    return f"CREATE TABLE {q(WEIRD)} (\n    " + ",\n    ".join(columns) + extra + "\n);\n"


def versions(dialect: str) -> dict[str, str]:
    """The schema text of each version."""
    user = 'CREATE TABLE "user" ("id" integer PRIMARY KEY, "order" {wide} NOT NULL, "select" {wide}, "group" text);\n'
    narrow, wide = user.format(wide="integer"), user.format(wide="bigint")
    ducks = f"CREATE TABLE {q(DUCKS)} ({q('id')} integer PRIMARY KEY, {q('🦆')} text);\n"
    ducks_renamed = f"-- wesley:renamed-from {q(DUCKS)}\n" + ducks.replace(q(DUCKS), q(DUCKS_RENAMED))
    others = (
        "CREATE TABLE victim (id integer PRIMARY KEY);\n"
        f"CREATE TABLE {q(T63)} (id integer PRIMARY KEY, {q('x y')} text);\n"
        f"CREATE TABLE {q(T64)} (id integer PRIMARY KEY);\n"
    )

    def cased(version: int) -> str:
        """PostgreSQL only (SQLite folds case: there these names collide): "Case" becomes
        "CASE" by hint in v3, the table "mixed" goes in v5."""
        if dialect != "postgres":
            return ""
        column = '-- wesley:renamed-from "Case"\n    "CASE"' if version >= 3 else '"Case"'
        text = f'CREATE TABLE "Mixed" (\n    "id" integer PRIMARY KEY,\n    {column} text,\n    "case" text\n);\n'
        if version < 5:
            text += 'CREATE TABLE "mixed" ("id" integer PRIMARY KEY);\n'
        if version >= 2:
            key = '"CASE"' if version >= 3 else '"Case"'
            text += f'CREATE INDEX "Mixed_Case" ON "Mixed" ({key});\nCREATE UNIQUE INDEX "mixed_case" ON "Mixed" ("case");\n'
        return text

    keys = f",\n    {q('new; col')} text NOT NULL,\n    CONSTRAINT {q(CHECK_IT)} CHECK ({q('naïve')} >= 0)"
    unique = f",\n    CONSTRAINT {q('uq; --')} UNIQUE ({q(ITS)})"
    dropped_later = f"CREATE INDEX {q(IDX_SP_ACE)} ON {q(WEIRD)} ({q('sp ace')});\n"
    indexes = (
        f"CREATE INDEX {q('injection idx')} ON {q(WEIRD)} ({q(INJECTION)} DESC);\n"
        f'CREATE UNIQUE INDEX {q("select")} ON "user" ("select");\n'
        f"CREATE UNIQUE INDEX {q(I63)} ON {q(T63)} ({q('x y')} DESC NULLS LAST);\n"
    )
    duck_index = f"CREATE INDEX {q('🦆 idx')} ON {{table}} ({q('🦆')});\n"
    old_expression = f"CREATE INDEX {q('lower idx')} ON {q(WEIRD)} (lower({q('old name')}));\n"
    new_expression = (  # the upper index is added with the rename it reads
        f"CREATE INDEX {q('lower idx')} ON {q(WEIRD)} (lower({q('new name (renamed)')}));\n"
        f"CREATE INDEX {q('upper idx')} ON {q(WEIRD)} (upper({q('new name (renamed)')}));\n"
    )
    v2_indexes = dropped_later + indexes + duck_index.format(table=q(DUCKS)) + old_expression
    v3_indexes = dropped_later + indexes + duck_index.format(table=q(DUCKS_RENAMED)) + new_expression
    return {
        "v0": "-- nothing yet\n",
        "v1": narrow + _weird() + ducks + others + cased(1),
        "v2": narrow + _weird(keys + unique) + ducks + others + cased(2) + v2_indexes,
        # rename a table and three columns by hint, widen "order" and "select"
        "v3": wide + _weird(keys + unique, renamed=True) + ducks_renamed + others + cased(3) + v3_indexes,
        # the index and the unique constraint go again (both come back on rollback)
        "v4": wide + _weird(keys, renamed=True) + ducks_renamed.split("\n", 1)[1] + others + cased(4)
        + v3_indexes.removeprefix(dropped_later),
        # types change by --cast, a column and two tables go (all irreversible)
        "v5": wide + _weird(keys, renamed=True, typed=True, gone=False) + others + cased(5) + indexes
        + new_expression,
    }  # fmt: skip


CASTS = (
    f"{WEIRD}.{LONG63}=CAST({q(LONG63)} AS BIGINT) * 2",
    f"{WEIRD}.{ITS}=CAST({q(ITS)} AS BIGINT)",
)
CHAIN = (
    ("0001_create", "v0", "v1", ()),
    ("0002_add", "v1", "v2", ("--backfill", f"{WEIRD}.new; col='x'")),
    ("0003_rename_widen", "v2", "v3", ()),
    ("0004_drop_keys", "v3", "v4", ("--allow-destructive",)),
    ("0005_cast_drop", "v4", "v5", ("--allow-destructive", *(a for c in CASTS for a in ("--cast", c)))),
)


def wesley(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return command.wesley(*args, cwd=cwd, clean=True)


@pytest.fixture(params=["sqlite", "postgres"])
def chain(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, str, str]]:
    """The versions, the generated chain, and an empty database of the dialect."""
    dialect: str = request.param
    for name, text in versions(dialect).items():
        (tmp_path / f"{name}.sql").write_text(text, encoding="utf-8")
    for folder, old, new, extra in CHAIN:
        result = wesley(
            "generate", f"{old}.sql", f"{new}.sql", "-o", f"migrations/{folder}", "--dialect", dialect, *extra,
            cwd=tmp_path,
        )  # fmt: skip
        assert result.returncode == 0, (folder, result.stderr)
    if dialect == "sqlite":
        (tmp_path / "app.db").touch()
        yield tmp_path, f"sqlite:///{tmp_path / 'app.db'}", dialect
        return
    server: Server = request.getfixturevalue("pg_server")
    with fresh_database(server) as url:
        yield tmp_path, url, dialect


def dumped(name: str) -> str:
    """A name as pg_dump writes it: quoted only where it must be."""
    return name if re.fullmatch(r"[a-z_][a-z0-9_$]*", name) else q(name)


def converged(root: Path, url: str, folder: str) -> bool:
    """The live schema is the one the migration's schema.json describes."""
    target = load_schema(str(root / "migrations" / folder / "schema.json")).schema
    return checksum(load_schema(url).schema) == checksum(target)


def test_hostile_names_survive_a_chain_up_and_down(chain: tuple[Path, str, str]) -> None:
    root, url, dialect = chain
    common = ["--db", url, "--migrations", "migrations", "--target", "test"]

    def up(to: str, *extra: str) -> None:
        result = wesley("migrate", "up", *common, "--to", to, *extra, cwd=root)
        assert result.returncode == 0, (to, result.stderr)
        assert converged(root, url, to), to

    def down(to: str, previous: str) -> None:
        result = wesley("migrate", "down", *common, "--to", to, "--force", "--reason", "test", cwd=root)
        assert result.returncode == 0, (to, result.stderr)
        assert converged(root, url, previous), to

    up("0001_create")
    execute(
        url,
        *(
            f'INSERT INTO "user" ("id", "order", "select", "group") VALUES ({n}, {n * 10}, {n}, \'g\')'
            for n in (1, 2, 3)
        ),
        *(
            f"INSERT INTO {q(WEIRD)} ({q('id')}, {q(ITS)}, {q(LONG63)}, "
            f"{q('naïve')}, {q('old name')}, {q('sp ace')}) VALUES ({n}, {n}, {n * 100}, {n}, 'Name{n}', 's')"
            for n in (1, 2, 3)
        ),
    )
    up("0002_add")
    up("0003_rename_widen")
    renamed = f"SELECT {q('new name (renamed)')}, {q('new; col')} FROM {q(WEIRD)} ORDER BY 1"
    assert fetch(url, renamed) == [("Name1", "x"), ("Name2", "x"), ("Name3", "x")]
    assert sorted(fetch(url, 'SELECT "order" FROM "user"')) == [(10,), (20,), (30,)]
    assert fetch(url, "SELECT count(*) FROM victim") == [(0,)]  # never dropped by a name
    up("0004_drop_keys")
    if dialect == "postgres":
        dump = pg_dump_schema(url)
        names = (
            WEIRD, INJECTION, LONG63, LONG64[:63], T63, T64[:63], I63, DUCKS_RENAMED, QUOTED_RENAMED,
            "new name (renamed)", "🦆 idx", "upper idx", "Mixed", "mixed", "CASE", "case", "select", CHECK_IT,
        )  # fmt: skip
        for name in names:
            assert dumped(name) in dump, name
        assert "__wesley" not in dump  # no shadow column, retired type or rebuild table left behind
    down("0004_drop_keys", "0003_rename_widen")
    down("0003_rename_widen", "0002_add")
    down("0002_add", "0001_create")
    up("0005_cast_drop", "--force")  # again from 0002 on, then the casts and the drops
    if dialect == "postgres":
        assert "__wesley" not in pg_dump_schema(url)
    assert sorted(fetch(url, f"SELECT {q(LONG63)}, {q(ITS)} FROM {q(WEIRD)}")) == [
        (200, 1), (400, 2), (600, 3),
    ]  # fmt: skip


# --- the cases measured before identifiers became values ---------------------------------


def _plan(old: str, new: str, dialect: str, hints: Hints | None = None) -> Migration:
    return plan_migration(
        load_text(old, "old.sql", suffix=".sql", dialect=dialect).schema,
        load_text(new, "new.sql", suffix=".sql", dialect=dialect).schema,
        hints or Hints(),
        dialect=dialect,
        migration_id="0002_x",
    )


@pytest.mark.parametrize("column", ["order", "select", "group", "user"])
def test_a_reserved_word_is_copied_as_a_quoted_column(column: str) -> None:
    old = f'CREATE TABLE t (id integer PRIMARY KEY, "{column}" integer);'
    migration = _plan(old, old.replace("integer)", "bigint)"), "postgres")
    script = render_backfill(migration)
    assert f'SET "{column}__wesley_new" = "{column}" WHERE' in script
    compile(script, "backfill.py", "exec")


def test_a_column_named_sp_ace_is_one_quoted_index_key() -> None:
    old = 'CREATE TABLE t (id integer PRIMARY KEY, "sp ace" text);'
    new = old + ' CREATE INDEX i ON t ("sp ace" DESC);'
    for dialect in ("postgres", "sqlite"):
        expand = render_sql(_plan(old, new, dialect)).expand
        assert '"t"("sp ace" DESC' in expand.replace(" (", "("), (dialect, expand)


def test_a_column_name_cannot_add_a_statement() -> None:
    old = f"CREATE TABLE victim (id integer PRIMARY KEY); CREATE TABLE t (id integer PRIMARY KEY, {q(INJECTION)} text);"
    new = old + f" CREATE INDEX i ON t ({q(INJECTION)});"
    for dialect in ("postgres", "sqlite"):
        expand = render_sql(_plan(old, new, dialect)).expand
        statements = [line for line in expand.splitlines() if line.startswith("CREATE INDEX")]
        assert statements == [
            f'CREATE INDEX{" CONCURRENTLY" if dialect == "postgres" else ""} "i" ON "t"({q(INJECTION)});'
        ], expand


def test_an_expression_index_on_a_renamed_column_is_built_with_the_old_name() -> None:
    old = 'CREATE TABLE t (id integer PRIMARY KEY, "old name" text);'
    new = (
        'CREATE TABLE t (id integer PRIMARY KEY,\n -- wesley:renamed-from "old name"\n "new name" text);\n'
        'CREATE INDEX i ON t (lower("new name") DESC);'
    )
    for dialect in ("postgres", "sqlite"):
        expand = render_sql(_plan(old, new, dialect)).expand
        line = next(line for line in expand.splitlines() if line.startswith("CREATE INDEX"))
        assert 'LOWER("old name") DESC' in line and "new name" not in line, (dialect, expand)


@pytest.mark.parametrize("dialect", ["postgres", "sqlite"])
def test_an_operator_index_key_is_built_in_parentheses(
    dialect: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """PostgreSQL takes a column or a function call bare, any other key only in parentheses:
    ``(100 / n)`` was written ``100 / n`` and the index could not be built."""
    old = "CREATE TABLE t (id integer PRIMARY KEY, n integer, m integer);"
    new = old + " CREATE INDEX ratio ON t ((100 / n)); CREATE INDEX total ON t ((n + m) DESC, lower('x'));"
    migration = _plan(old, new, dialect)
    scripts = render_sql(migration)
    assert '"t"((100 / ' in scripts.expand.replace(" (", "("), scripts.expand
    url = (
        request.getfixturevalue("pg_url") if dialect == "postgres" else f"sqlite:///{tmp_path / 'db.sqlite'}"
    )
    execute(url, old)
    run_statements(DatabaseUrl.parse(url), [s for s in scripts.statements if s.step == "expand"])
    assert checksum(load_schema(url).schema) == checksum(migration.new)


def test_a_63_byte_column_gets_a_distinct_shadow_within_the_limit() -> None:
    old = f"CREATE TABLE t (id integer PRIMARY KEY, {q(LONG63)} integer);"
    hints = Hints.from_flags(casts=[f"t.{LONG63}={q(LONG63)}::bigint"])
    migration = _plan(old, old.replace("integer)", "bigint)"), "postgres", hints)
    (task,) = migration.backfills
    assert task.column != LONG63 and task.column.endswith("__wesley_new")
    assert len(task.column.encode()) == 63
    rollback = render_sql(migration).rollback
    assert f"DROP COLUMN IF EXISTS {q(task.column)}" in rollback
    assert f"DROP COLUMN IF EXISTS {q(LONG63)}" not in rollback


def test_the_63_byte_column_changes_type_on_postgres(pg_url: str) -> None:
    """The measured case end to end: expand, backfill, swap on a live server."""
    old = f"CREATE TABLE t (id integer PRIMARY KEY, {q(LONG63)} integer);"
    hints = Hints.from_flags(casts=[f"t.{LONG63}={q(LONG63)}::bigint"])
    migration = _plan(old, old.replace("integer)", "bigint)"), "postgres", hints)
    files = render_migration(migration)
    execute(pg_url, old, "INSERT INTO t VALUES (1, 7)")
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as pg:
        pg.execute(files["expand.sql"])
    task = migration.backfills[0]
    execute(pg_url, f"UPDATE t SET {q(task.column)} = {q(LONG63)}")
    # swap.sql opens with a VACUUM, which runs outside a transaction: one statement at a time
    outside, begin, swap = files["swap.sql"].decode().partition("BEGIN;\n")
    with psycopg.connect(pg_url, autocommit=True) as pg:
        for line in outside.splitlines():
            if line and not line.startswith("--"):
                pg.execute(line)
        pg.execute(begin + swap)
    assert fetch(pg_url, f"SELECT id, {q(LONG63)} FROM t") == [(1, 7)]
    assert checksum(load_schema(pg_url).schema) == checksum(migration.new)


def test_an_own_name_either_schema_uses_is_refused_on_every_call() -> None:
    """The names the schemas use are gathered once per migration; each own name is checked
    against all of them (an index of the old schema, a table of the new one)."""
    from wesley_gen.errors import ProblemFound

    old = load_text(
        "CREATE TABLE t (id int PRIMARY KEY, a int);\nCREATE INDEX t_a__wesley_sync ON t (a);",
        "old.sql", suffix=".sql",
    ).schema  # fmt: skip
    new = load_text(
        "CREATE TABLE t (id int PRIMARY KEY, a int, b int);\nCREATE TABLE t__wesley_new (id int);",
        "new.sql", suffix=".sql",
    ).schema  # fmt: skip
    migration = plan_migration(old, new, Hints(), dialect="postgres", migration_id="m")
    assert migration.own_name("t", "__wesley_old") == "t__wesley_old"
    for _ in range(2):
        with pytest.raises(ProblemFound, match="t_a__wesley_sync: wesley-gen needs this name"):
            migration.own_name("t_a", "__wesley_sync")
        with pytest.raises(ProblemFound, match="t__wesley_new: wesley-gen needs this name"):
            migration.own_name("t", "__wesley_new")


def test_own_names_are_cut_with_a_hash_only_past_the_limit() -> None:
    assert own_name("karma", "__wesley_new", "postgres") == "karma__wesley_new"
    long = own_name(LONG63, "__wesley_new", "postgres")
    assert len(long.encode()) == 63 and long != LONG63 and long.endswith("__wesley_new")
    assert own_name(LONG63, "__wesley_new", "sqlite") == LONG63 + "__wesley_new"
    assert own_name(LONG63, "__wesley_new", "postgres") != own_name(
        LONG63[:-1] + "X", "__wesley_new", "postgres"
    )
    emoji = own_name("🦆" * 16, "__wesley_old", "postgres")  # 64 bytes: cut on a character boundary
    assert len(emoji.encode()) <= 63 and emoji.encode().decode() == emoji
    assert own_name("app." + LONG63, "__wesley_old", "postgres").startswith("app.")


def test_a_user_column_with_the_shadow_name_is_refused() -> None:
    from wesley_gen.errors import ProblemFound

    old = 'CREATE TABLE t (id integer PRIMARY KEY, a integer, "a__wesley_new" text);'
    with pytest.raises(ProblemFound, match="a__wesley_new"):
        _plan(old, old.replace("a integer", "a bigint"), "postgres")


@pytest.mark.parametrize(
    "key",
    [
        IndexKey(column="email"),
        IndexKey(column="sp ace", descending=True),
        IndexKey(column=INJECTION),
        IndexKey(column="Order", nulls_first=True),
        IndexKey(column="select"),
        IndexKey(column='Quote"d', descending=True, nulls_first=False),
        IndexKey(column="🦆"),
        IndexKey(expression='LOWER("sp ace")', descending=True),
    ],
    ids=str,
)
def test_an_index_key_round_trips_through_its_text(key: IndexKey) -> None:
    assert parse_index_key(str(key)) == key
    assert Index("i", (str(key),)).keys == (key,)


def test_an_old_snapshot_with_a_bare_column_key_still_reads(tmp_path: Path) -> None:
    import json

    from wesley_gen.model import canonical_json

    schema = load_text('CREATE TABLE t (id integer PRIMARY KEY, "sp ace" text); CREATE INDEX i ON t ("sp ace");',
                       "s.sql", suffix=".sql", dialect="postgres").schema  # fmt: skip
    data = json.loads(canonical_json(schema))
    assert data["tables"][0]["indexes"][0]["columns"] == ['"sp ace"']
    data["tables"][0]["indexes"][0]["columns"] = ["sp ace"]  # as wesley-gen wrote it before
    (tmp_path / "schema.json").write_text(json.dumps(data), encoding="utf-8")
    assert load_schema(str(tmp_path / "schema.json")).schema == schema


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_a_live_object_with_a_shadow_name_stops_the_pre_check(
    dialect: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A column the schema does not know (drift, allowed) under the shadow column's name:
    the pre-check refuses to run, and the column keeps its rows."""
    old = 'CREATE TABLE t (id integer PRIMARY KEY, "order" text);\n'
    (tmp_path / "v0.sql").write_text("-- nothing yet\n", encoding="utf-8")
    (tmp_path / "v1.sql").write_text(old, encoding="utf-8")
    (tmp_path / "v2.sql").write_text(old.replace("text)", "integer)"), encoding="utf-8")
    cast = ("--cast", 't.order=CAST("order" AS INTEGER)')
    for folder, a, b, extra in (("0001_create", "v0", "v1", ()), ("0002_cast", "v1", "v2", cast)):
        result = wesley("generate", f"{a}.sql", f"{b}.sql", "-o", f"migrations/{folder}", "--dialect", dialect,
                        *extra, cwd=tmp_path)  # fmt: skip
        assert result.returncode == 0, result.stderr
    if dialect == "sqlite":
        (tmp_path / "app.db").touch()
        url = f"sqlite:///{tmp_path / 'app.db'}"
    else:
        url = request.getfixturevalue("pg_url")
    common = ["--db", url, "--migrations", "migrations", "--target", "test"]
    assert wesley("migrate", "up", *common, "--to", "0001_create", cwd=tmp_path).returncode == 0
    execute(url, 'ALTER TABLE t ADD COLUMN "order__wesley_new" text', "INSERT INTO t VALUES (1, '2', 'mine')")
    result = wesley("migrate", "up", *common, "--allow-contract-drift", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "order__wesley_new" in result.stderr and "own_name" in result.stderr
    assert fetch(url, 'SELECT "order__wesley_new" FROM t') == [("mine",)]


ENUM_V1 = "CREATE TYPE status AS ENUM ('a', 'b'); CREATE TABLE t (id integer PRIMARY KEY, s status);"


def test_a_retired_enum_type_is_checked_for_in_the_live_database() -> None:
    from wesley_gen.render.contract import render_contract

    migration = plan_migration(
        load_text(ENUM_V1, "o.sql", suffix=".sql").schema,
        load_text(ENUM_V1.replace(", 'b'", ""), "n.sql", suffix=".sql").schema,
        Hints(),
        dialect="postgres",
        migration_id="0002_x",
        options=Options(allow_destructive=True),
    )
    (check,) = [a for a in render_contract(migration).pre.assertions if a.kind == "own_name"]
    assert check.table == "status__wesley_old"
    assert check.sql == "SELECT COUNT(TO_REGTYPE('\"status__wesley_old\"'))"


def test_a_schema_using_a_retired_type_name_is_refused() -> None:
    from wesley_gen.errors import ProblemFound

    taken = ENUM_V1 + ' CREATE TABLE "status__wesley_old" (id integer PRIMARY KEY);'
    migration = plan_migration(
        load_text(taken, "o.sql", suffix=".sql").schema,
        load_text(taken.replace(", 'b'", ""), "n.sql", suffix=".sql").schema,
        Hints(),
        dialect="postgres",
        migration_id="0002_x",
        options=Options(allow_destructive=True),
    )
    with pytest.raises(ProblemFound, match="status__wesley_old"):
        render_sql(migration)


def test_a_rename_hint_reads_a_quoted_name_with_quotes_in_it() -> None:
    text = f"CREATE TABLE t (id integer PRIMARY KEY,\n    -- wesley:renamed-from {q(QUOTED)}\n    {q(QUOTED_RENAMED)} text);"
    table = load_text(text, "s.sql", suffix=".sql").schema.tables[0]
    column = table.column(QUOTED_RENAMED)
    assert column is not None and column.renamed_from == QUOTED


_PLAIN_CHARS = "abcXYZ019_$ .,:|()[]"
_NEAR_PLAIN = st.text(alphabet=_PLAIN_CHARS + "'\"\\%é-\n", max_size=12)


@given(st.text(alphabet=_PLAIN_CHARS, max_size=12) | _NEAR_PLAIN, st.sampled_from(["postgres", "sqlite"]))
def test_names_and_literals_quoted_without_a_tree_are_what_the_renderer_writes(
    text: str, dialect: str
) -> None:
    """The short way of quoting plain text (no tree built) writes the renderer's bytes."""
    from sqlglot import exp

    from wesley_gen import identifiers

    assert identifiers.literal(text, dialect) == exp.Literal.string(text).sql(dialect=dialect)
    assert identifiers.quoted(text, dialect) == identifiers.ident(text).sql(dialect=dialect)
    assert identifiers.qualified(text, dialect) == identifiers.table(text).sql(dialect=dialect)
