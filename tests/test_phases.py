"""The planning stage and the renderer registry (issue 12, points 1 and 2).

Every change type is planned on every dialect by a registered rule, every operation a
plan holds has a registered renderer for its dialect, and operations are ordered by
the dependencies they declare, not by where they happen to stand.
"""

from __future__ import annotations

import typing

import pytest

from tests.golden import GoldenCase
from tests.test_generate import GENERATED, migration_of
from wesley_gen.changes import Change
from wesley_gen.hints import Hints
from wesley_gen.load import load_text
from wesley_gen.phases import (
    ATTACH,
    CONSTRAIN,
    DIALECTS,
    IRREVERSIBLE,
    MAIN,
    REBUILD_TABLE,
    RULES,
    VALIDATE,
    NameMap,
    Operation,
    Phases,
    in_dependency_order,
    plan_phases,
)
from wesley_gen.plan import Migration, Options, plan_migration
from wesley_gen.render.sql import RENDERERS, render_sql
from wesley_gen.render.sql.registry import renders

CHANGE_TYPES = typing.get_args(Change)


def _plan(old: str, new: str, dialect: str, *renames: str) -> Migration:
    return plan_migration(
        load_text(old, "old.sql", suffix=".sql", dialect=dialect).schema,
        load_text(new, "new.sql", suffix=".sql", dialect=dialect).schema,
        Hints.from_flags(list(renames), [], []),
        dialect=dialect,
        migration_id="0002_x",
        options=Options(allow_destructive=True),
    )


def _operations(phases: Phases) -> list[Operation]:
    return [*phases.expand, *phases.swap, *phases.undo_swap, *phases.undo_expand]


# --- the registries -------------------------------------------------------------------------


def test_every_change_type_has_a_planning_rule_on_every_dialect() -> None:
    assert len(CHANGE_TYPES) == 58
    missing = [(kind.__name__, d) for d in DIALECTS for kind in CHANGE_TYPES if (kind, d) not in RULES]
    assert not missing


def test_every_change_type_renders_in_place_on_postgres() -> None:
    """PostgreSQL undoes a swap by rendering each change's reverse in place: every change
    type needs its own renderer there."""
    assert not [kind.op for kind in CHANGE_TYPES if (kind.op, "postgres") not in RENDERERS]


@pytest.mark.parametrize(("case", "dialect"), GENERATED, ids=lambda v: getattr(v, "name", v))
def test_every_planned_operation_has_a_renderer(case: GoldenCase, dialect: str) -> None:
    phases = plan_phases(migration_of(case, dialect))
    actions = {op.action for op in _operations(phases)} - {IRREVERSIBLE}
    assert not {a for a in actions if (a, dialect) not in RENDERERS}


def test_a_second_renderer_for_the_same_action_and_dialect_is_refused() -> None:
    with pytest.raises(ValueError, match="two renderers of add_table on postgres"):
        renders("postgres", "add_table")(lambda op, context: [])


# --- the dependency sort -----------------------------------------------------------------------


def _op(key: str, *after: str) -> Operation:
    return Operation(key, "add_table", "swap", (), after=after)


def test_an_operation_follows_what_it_depends_on_and_the_rest_keeps_its_order() -> None:
    ordered = in_dependency_order([_op("a"), _op("b", "d"), _op("c"), _op("d"), _op("e")])
    assert [op.key for op in ordered] == ["a", "c", "d", "b", "e"]


def test_a_dependency_outside_the_step_is_ignored() -> None:
    assert [op.key for op in in_dependency_order([_op("a", "elsewhere"), _op("b")])] == ["a", "b"]


def test_a_cycle_is_refused() -> None:
    with pytest.raises(ValueError, match="cycle"):
        in_dependency_order([_op("a", "b"), _op("b", "a")])


def test_what_names_a_renamed_table_follows_the_rename_wherever_it_stood() -> None:
    old = "CREATE TABLE t (id integer, n integer);"
    new = "CREATE TABLE u (id integer, n integer NOT NULL);"
    phases = plan_phases(_plan(old, new, "postgres", "t=u"))
    actions = [op.action for op in phases.swap]
    # NOT NULL in three stages after the swap's transaction: check NOT VALID, VALIDATE, SET NOT NULL.
    assert actions == ["rename_table", "not_null", "not_null", "not_null"]
    assert [op.stage for op in phases.swap] == [MAIN, CONSTRAIN, VALIDATE, ATTACH]
    assert phases.swap[1].after == (phases.swap[0].key,)
    assert [op.action for op in in_dependency_order(phases.swap[::-1])] == actions


def test_a_sqlite_rebuild_follows_every_operation_on_its_table() -> None:
    old = "CREATE TABLE t (id integer, n integer); CREATE TABLE z (id integer);"
    new = "CREATE TABLE u (id integer, n integer NOT NULL); CREATE TABLE z (id integer);"
    phases = plan_phases(_plan(old, new, "sqlite", "t=u"))
    rename, rebuild = phases.swap
    assert (rename.action, rebuild.action, rebuild.table) == ("rename_table", REBUILD_TABLE, "u")
    assert rebuild.after == (rename.key,)
    assert [op.action for op in in_dependency_order(phases.swap[::-1])] == ["rename_table", REBUILD_TABLE]


# --- the steps and the name map --------------------------------------------------------------------


def test_an_index_on_an_existing_table_is_built_concurrently_after_expand_on_postgres_only() -> None:
    old = "CREATE TABLE t (id integer PRIMARY KEY, n integer);"
    new = old + " CREATE INDEX t_n ON t (n);"
    postgres = plan_phases(_plan(old, new, "postgres")).expand
    sqlite = plan_phases(_plan(old, new, "sqlite")).expand
    assert [(op.action, op.concurrently, op.outside) for op in postgres] == [("expand_index", True, "after")]
    assert [(op.action, op.concurrently, op.outside) for op in sqlite] == [("expand_index", False, None)]


def test_an_index_on_a_table_the_backfill_fills_is_built_after_it_on_postgres() -> None:
    """Built in expand, it would take an entry for every row version the backfill writes."""
    old = "CREATE TABLE t (id integer PRIMARY KEY, n integer, m integer);"
    new = "CREATE TABLE t (id integer PRIMARY KEY, n bigint, m integer); CREATE INDEX t_m ON t (m);"
    phases = plan_phases(_plan(old, new, "postgres"))
    assert [op.action for op in phases.expand] == ["sync", "add_shadow"]
    built = [(op.action, op.concurrently, op.outside) for op in phases.swap if op.action == "expand_index"]
    assert built == [("expand_index", True, "before")]
    assert [op.action for op in phases.undo_expand if op.outside == "before"] == ["drop_added_index"]


def test_the_name_map_translates_both_ways() -> None:
    old = "CREATE TABLE t (id integer PRIMARY KEY, n integer);"
    new = "CREATE TABLE u (id integer PRIMARY KEY, m integer);"
    names = NameMap.of(_plan(old, new, "postgres", "t=u", "u.n=u.m"))
    assert names.table_before_renames("u") == "t"
    assert names.table_after["t"] == "u"
    assert names.column_before_renames("u", "m") == "n"
    assert names.old_table("u", names.first_rename + 1) == "t"
    assert names.old_table("u", names.first_rename) == "u"  # named before any rename ran


# --- PostgreSQL's swap in stages: no scan or index build under the transaction's locks ------


def test_a_postgres_swap_validates_each_constraint_in_a_transaction_of_its_own() -> None:
    """NOT VALID then VALIDATE in one transaction would hold the ADD's lock through the scan."""
    old = "CREATE TABLE p (id integer PRIMARY KEY); CREATE TABLE t (id integer PRIMARY KEY, n integer, p integer);"
    new = (
        "CREATE TABLE p (id integer PRIMARY KEY); CREATE TABLE t (id integer PRIMARY KEY, n integer NOT NULL"
        " CHECK (n > 0), p integer REFERENCES p (id), CONSTRAINT t_n_key UNIQUE (n));"
    )
    statements = [s for s in render_sql(_plan(old, new, "postgres")).statements if s.step == "swap"]
    groups: dict[int, list[str]] = {}
    for s in statements:
        groups.setdefault(s.group, []).append(s.sql)
    validations = [g for g in groups.values() if any("VALIDATE" in sql for sql in g)]
    assert len(validations) == 3 and all(
        len(g) == 1 for g in validations
    )  # NOT NULL's check, the check, the key
    built = [s for s in statements if s.sql.startswith("CREATE UNIQUE INDEX CONCURRENTLY")]
    assert len(built) == 1 and not built[0].transaction
    sqls = [s.sql for s in statements]
    assert not any(" UNIQUE (" in sql for sql in sqls)  # attached USING INDEX, never built under the lock
    assert sqls.index('ALTER TABLE "t" ALTER COLUMN "n" SET NOT NULL') > min(
        i for i, sql in enumerate(sqls) if "VALIDATE" in sql
    )


def test_a_check_a_domain_gains_is_validated_after_the_swaps_transaction() -> None:
    """ALTER DOMAIN ADD CONSTRAINT scans every column of the domain: NOT VALID in the
    transaction, VALIDATE in one of its own; the rollback adds the old check back at once."""
    old = "CREATE DOMAIN pos AS integer CONSTRAINT pos_check CHECK (VALUE > 0); CREATE TABLE t (n pos);"
    new = "CREATE DOMAIN pos AS integer CONSTRAINT pos_check CHECK (VALUE >= 0); CREATE TABLE t (n pos);"
    rendered = render_sql(_plan(old, new, "postgres"))
    statements = [s for s in rendered.statements if s.step == "swap"]
    added, validated = (
        next(s for s in statements if marker in s.sql) for marker in ("ADD CONSTRAINT", "VALIDATE CONSTRAINT")
    )
    assert added.sql.endswith("CHECK (value >= 0) NOT VALID") and validated.group > added.group
    assert validated.sql == 'ALTER DOMAIN "pos" VALIDATE CONSTRAINT "pos_check"'
    assert 'ADD CONSTRAINT "pos_check" CHECK (value > 0);' in rendered.rollback


def test_a_renamed_table_keeps_its_primary_key() -> None:
    old = "CREATE TABLE customers (id integer, CONSTRAINT customers_pkey PRIMARY KEY (id));"
    new = "CREATE TABLE clients (id integer, CONSTRAINT clients_pkey PRIMARY KEY (id));"
    sql = render_sql(_plan(old, new, "postgres", "customers=clients"))
    assert 'RENAME CONSTRAINT "customers_pkey" TO "clients_pkey"' in sql.swap
    assert "PRIMARY KEY" not in sql.swap
    assert 'RENAME CONSTRAINT "clients_pkey" TO "customers_pkey"' in sql.rollback


def test_a_key_built_concurrently_keeps_its_include_nulls_and_deferral() -> None:
    old = "CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);"
    new = (
        "CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer,"
        " CONSTRAINT t_a_key UNIQUE NULLS NOT DISTINCT (a) INCLUDE (b) DEFERRABLE INITIALLY DEFERRED);"
    )
    swap = render_sql(_plan(old, new, "postgres")).swap
    built = next(line for line in swap.splitlines() if line.startswith("CREATE UNIQUE INDEX CONCURRENTLY"))
    assert 'INCLUDE ("b")' in built and "NULLS NOT DISTINCT" in built
    assert 'UNIQUE USING INDEX "t_a_key__wesley_key" DEFERRABLE INITIALLY DEFERRED;' in swap


def test_a_check_the_schema_keeps_not_valid_is_never_validated() -> None:
    old = "CREATE TABLE t (id integer PRIMARY KEY, n integer);"
    new = "CREATE TABLE t (id integer PRIMARY KEY, n integer); ALTER TABLE t ADD CONSTRAINT t_n CHECK (n > 0) NOT VALID;"
    phases = plan_phases(_plan(old, new, "postgres"))
    assert [op.stage for op in phases.swap] == [CONSTRAIN]
    swap = render_sql(_plan(old, new, "postgres")).swap
    assert "CHECK (n > 0) NOT VALID" in swap and "VALIDATE" not in swap


def test_an_identity_on_a_column_made_not_null_follows_its_not_null() -> None:
    old = "CREATE TABLE t (id integer PRIMARY KEY, n bigint);"
    new = "CREATE TABLE t (id integer PRIMARY KEY, n bigint GENERATED BY DEFAULT AS IDENTITY);"
    phases = plan_phases(_plan(old, new, "postgres"))
    assert [(op.action, op.stage) for op in phases.swap][-2:] == [
        ("not_null", ATTACH),
        ("add_identity", ATTACH),
    ]
    assert 'ALTER COLUMN "n" DROP IDENTITY IF EXISTS' in render_sql(_plan(old, new, "postgres")).rollback


def test_an_index_whose_key_changes_is_dropped_once_each_way() -> None:
    old = "CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);\nCREATE INDEX t_idx ON t (a);\n"
    scripts = render_sql(_plan(old, old.replace("(a);", "(a, b);"), "postgres"))
    for script in (scripts.swap, scripts.rollback):
        assert script.count('DROP INDEX CONCURRENTLY IF EXISTS "t_idx"') == 1
        assert script.index("DROP INDEX CONCURRENTLY") < script.index('CREATE INDEX CONCURRENTLY "t_idx"')


def test_what_goes_with_a_dropped_table_is_not_given_back_without_it() -> None:
    """The table stays dropped after a rollback (its data cannot come back), so the policy,
    grant, row security and foreign key that were dropped with it are not made again either:
    their statements would name a table that does not exist."""
    old = (
        "CREATE TABLE t (id integer PRIMARY KEY);\n"
        "CREATE TABLE docs (id integer PRIMARY KEY, owner text NOT NULL, t_id integer REFERENCES t);\n"
        "ALTER TABLE docs ENABLE ROW LEVEL SECURITY;\n"
        "CREATE POLICY own ON docs USING (owner = current_user);\n"
        "GRANT SELECT ON docs TO PUBLIC;\n"
    )
    new = "CREATE TABLE t (id integer PRIMARY KEY);\n"
    scripts = render_sql(_plan(old, new, "postgres"))
    assert 'DROP POLICY "own" ON "docs";' in scripts.swap
    statements = [line for line in scripts.rollback.splitlines() if not line.startswith("--")]
    assert statements == []
    assert "drop_table docs: irreversible" in scripts.rollback
