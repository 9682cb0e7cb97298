"""The fidelity corpus (tests/corpus): the oracle's own rules, and a fast slice of cases end to end.

The whole corpus runs in ``make proof`` (``bench/fidelity.py --check``, measured in
docs/fidelity.md).  Here a few cases per dialect run through the real command line (in
this process: ``oracle_in_process``, tests/conftest.py) on a real database, and each that
converged is rolled back (``migrate down``) and compared with the old schema.  ``migrate up``
runs with the contract's drift check, as a user runs it: the schema the contract expects
(read from the files) must be the one the database stores.  Every case of the slice records
what happens to it today: a case that fails today is an ``xfail(strict=True)`` naming why, so
the fix that makes it converge flips it (and must remove the mark).  A case that fails in
another way than recorded fails outright: the xfail only accepts ``KnownFailure``.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from tests.corpus import oracle
from tests.pgtools import Server

# The fast slice: case id -> None when it meets its expectation today, else why not (today's outcome).
SLICE: dict[str, str | None] = {
    "postgres/columns/add_not_null_with_default": None,
    "postgres/indexes/partial": None,
    "postgres/partitions/detached_while_parent_gains_column": None,  # the column the parent gains dropped after DETACH
    "postgres/sequences/serial_new_table": None,
    "postgres/schemas/move_table_between_schemas": None,
    "postgres/sequences/identity_add_to_column": None,
    "postgres/sequences/bigserial_to_serial": None,
    "postgres/keys/unique_nulls_not_distinct": None,
    "postgres/indexes/gist_inet_ops": None,
    "postgres/types/range_time": None,
    "postgres/user_types/domain_add_check": None,
    "postgres/user_types/composite_add_attribute": None,
    "postgres/keys/exclude_where": None,
    "postgres/checks/not_between_symmetric": None,
    "postgres/types/timestamp_precision_change": None,
    "sqlite/indexes/expression": None,
    "sqlite/indexes/partial_negated": None,  # NOT IN, IS NOT NULL written after the operand, as SQLite keeps it
    "sqlite/tables/strict_any": None,
    "sqlite/columns/affinity_type_names": None,  # STRING, BYTES, UNSIGNED BIG INT: read by affinity
    "sqlite/indexes/collated_column_first": None,  # introspection read (label NOCASE, kind) as (kind)
    "sqlite/tables/without_rowid_to_rowid_key_added": None,  # the backfill walks the key, not a rowid
    "sqlite/indexes/collate_lower_case": None,  # the oracle reads collation names case-blind
    "sqlite/checks/add": None,  # a rebuild keeps the rowid key without NOT NULL
    "sqlite/collations/change": None,
    "sqlite/defaults/null_added": None,  # SQLite stores DEFAULT NULL (dflt_value): a rebuild writes it
    "sqlite/defaults/null_dropped": None,
    "postgres/views/changed": None,
    "postgres/views/retyped_column": None,
    "postgres/functions/return_type_changed": None,
    "sqlite/triggers/on_rebuilt_table": None,
    "sqlite/views/quoted_name_new": None,  # a SQLite view is never parsed as PostgreSQL
    "postgres/unsupported/same_join_view_table_added": None,
    "sqlite/unsupported/same_view_index_added": None,
    "postgres/tables/storage_parameter_change": None,
    "postgres/collations/change_collation": None,
    "postgres/security/policy_using_loosened": None,
    "postgres/security/grant_all_to_some": None,
    "postgres/security/policy_loosened_refused": None,
    "postgres/security/policy_over_view_dropped": None,  # the policy is dropped before the view it reads
    "postgres/security/owner_changed_with_grants": None,  # ALTER … OWNER TO, the owner's grants kept
    "postgres/security/owner_to_grant_option_holder": None,  # the grant option joins the owner's own privileges
    "postgres/security/default_privileges_narrowed": None,  # ALTER DEFAULT PRIVILEGES migrated
    "postgres/security/schema_public_create_taken_from_public": None,  # REVOKE ALL, GRANT USAGE back
    "postgres/security/view_grant_option_retyped": None,  # the view's grant option comes back with it
    "postgres/security/function_grants_remade": None,  # PUBLIC's EXECUTE revoked again on the new function
    "postgres/security/grant_option_removed_dependent_kept": None,  # rolled back as the role's grant (SET ROLE)
    "postgres/security/view_grant_option_removed_dependent_kept": None,  # the view's grant too
    "postgres/security/grant_by_role_to_owner": None,  # the role's grant revoked as the role, the owner's given
    "postgres/security/function_grant_without_arguments": None,  # f resolved to f(integer)
    "postgres/security/schema_public_usage_revoked_from_public": None,  # read back from nspacl
    "postgres/generated/change_expression": None,  # SET EXPRESSION AS
    "postgres/partitions/multi_level_add": None,  # a leaf PARTITION OF a sub-partitioned table
    "postgres/partitions/index_on_parent": None,  # no CONCURRENTLY on a partitioned table
    "postgres/partitions/attach_partition": None,
    "postgres/inheritance/parent_add_column": None,  # changed on the parent only
    "postgres/generated/drop_expression_default_not_null": None,  # DROP EXPRESSION, then a plain column's
    "sqlite/tables/autoincrement_drop": None,  # a rebuild, with sqlite_sequence's row
    "postgres/indexes/storage_parameter_gin": None,  # ALTER INDEX … RESET / SET
    "postgres/columns/rename_frees_name": None,  # found by bench/heldout.py (docs/heldout.md)
    "postgres/columns/rename_not_null": None,
    "postgres/checks/varchar_array_cast": None,
    "sqlite/columns/rename_frees_name": None,
    "postgres/sequences/identity_add_column_renamed_table": None,  # numbered, then the identity attached
    "postgres/checks/is_not_normalized": None,  # IS NOT NFKD NORMALIZED read back from the catalog
    "postgres/triggers/state_replica": None,  # ALTER TABLE … ENABLE REPLICA TRIGGER, tgenabled read back
    "postgres/views/expression_retyped_under_view": None,  # dropped and made again, not OR REPLACE
    "postgres/views/granted_retyped_column": None,  # the grant given back to the view made again
    "postgres/functions/used_by_check_parameter_renamed": None,  # the check dropped around the function
    "postgres/user_types/range_type_exclude_new": None,  # a range type of one's own, EXCLUDE over it
    "postgres/types/network_change": None,  # macaddr to macaddr8 through a shadow column
    "postgres/partitions/index_changed_on_parent": None,  # dropped and made in the swap, no CONCURRENTLY
    "postgres/tables/drop": None,  # rollback refused without --force, then short only of the dropped table
    "sqlite/columns/drop": None,  # the same for a dropped column, on a table rebuilt back
    "postgres/inheritance/drop_parent": None,  # NO INHERIT: irreversible, INHERIT cannot undo it exactly
    "postgres/foreign_keys/period_drop": None,  # WITHOUT OVERLAPS and PERIOD dropped, a plain ADD in the swap
    "postgres/user_types/enum_dropped_with_function": None,  # the rollback makes the enum again, then the function
    "postgres/security/default_privileges_applied_to_new_table": None,  # ON TABLES / SEQUENCES at each CREATE
    "postgres/security/default_privileges_applied_to_serial": None,  # a serial's and an identity's sequence too
    "sqlite/foreign_keys/new_table_references_renamed_rebuilt_table": None,  # made in expand naming writers
    "postgres/types/extension_types_added": None,  # hstore, ltree, cube, seg, isn, vector(3) known by name
    # The contract's drift check agrees with the catalog: a literal typed by its column, as stored.
    "postgres/checks/timestamptz_literal_add": None,
    "postgres/checks/timestamptz_literal_typed_by_column": None,
    "postgres/checks/timestamp_to_timestamptz_literal_cast": None,
    "postgres/checks/date_literal_typed_by_column": None,
    "postgres/defaults/timestamptz_literal": None,
    "postgres/defaults/money_literal": None,
    "postgres/checks/similar_to": None,
    "postgres/views/literals_typed_by_column": None,  # n > 2::numeric, d > '2020-01-01'::date, b::numeric = 2.5
    "postgres/views/in_between_typed_by_column": None,  # = ANY (ARRAY[…]), <> ALL, BETWEEN as two comparisons
    "postgres/views/compared_column_integer_to_numeric": None,  # n > 2, then n > 2::numeric
    "postgres/views/check_option_new": None,  # WITH CHECK OPTION kept as the check_option option
    "postgres/views/star_and_unnamed_outputs": None,  # * expanded, unnamed outputs named
}


class KnownFailure(AssertionError):
    """A slice case failed today's recorded way."""


def _param(case_id: str) -> object:
    why = SLICE[case_id]
    marks = [pytest.mark.postgres] if case_id.startswith("postgres/") else []
    if why is not None:
        marks.append(pytest.mark.xfail(strict=True, raises=KnownFailure, reason=why))
    return pytest.param(case_id, marks=marks, id=case_id)


@pytest.fixture
def case_server(request: pytest.FixtureRequest) -> Callable[[str], str | None]:
    """The PostgreSQL server's URL for a postgres case (started only when one asks), None for SQLite."""

    def server_for(dialect: str) -> str | None:
        if dialect != "postgres":
            return None
        server: Server = request.getfixturevalue("pg_server")
        return server.url

    return server_for


@pytest.mark.usefixtures("oracle_in_process")
@pytest.mark.parametrize("case_id", [_param(case_id) for case_id in SLICE])
def test_slice_case_meets_its_expectation(case_id: str, case_server: Callable[[str], str | None]) -> None:
    (case,) = [case for case in oracle.cases() if case.id == case_id]
    with oracle.harness(case.dialect, case_server(case.dialect)) as harness:
        lacking = harness.target.lacks(case)
        if lacking:  # a server of one's own (WESLEY_TEST_PG_URL): older, or without an extension
            pytest.skip(f"needs {lacking}")
        result = harness.run(case)
    met = (result.outcome, result.roundtrip) == (case.expect, "empty")
    rolled_back = oracle.rollback_met(result)
    known = SLICE[case_id]
    if not (met and rolled_back) and known is not None and known.startswith(f"{result.outcome}:"):
        raise KnownFailure(f"{known}\n{result.detail}")
    assert met, f"{result.outcome}: {result.detail}\nroundtrip: {result.roundtrip}"
    assert rolled_back, f"rollback {result.rollback}\n{result.rollback_detail}"


# -- the corpus itself ----------------------------------------------------------------------


def test_corpus_cases_parse_with_unique_ids_and_cover_both_dialects() -> None:
    cases = oracle.cases()
    ids = Counter(case.id for case in cases)
    assert [case_id for case_id, count in ids.items() if count > 1] == []
    per_dialect = Counter(case.dialect for case in cases)
    assert per_dialect["postgres"] >= 300 and per_dialect["sqlite"] >= 80, per_dialect  # issue 13
    assert all(case.title and case.new.strip() for case in cases)
    assert set(SLICE) <= set(ids)


def test_a_case_names_the_oldest_server_its_ddl_runs_on() -> None:
    """A case of PostgreSQL 18's grammar, or of an extension a server of one's own lacks, is
    skipped there, not a corpus error that stops the run; the others need no particular server."""
    needs = {case.id: case.needs for case in oracle.cases("postgres") if case.needs}
    assert needs["postgres/keys/temporal_pk_add"] == 180000
    assert needs["postgres/security/maintain_granted"] == 170000
    assert "postgres/columns/add_integer" not in needs
    older = oracle.PostgresTarget("postgresql://localhost/unused")
    older._version, older._extensions = 150018, frozenset({"btree_gist"})  # as read from a server
    temporal = oracle.Case(
        "postgres", "keys", "k", Path("k.sql"), "t", "CREATE EXTENSION btree_gist;", "", needs=180000
    )
    assert older.lacks(temporal) == "PostgreSQL 18" and older.lacks(replace(temporal, needs=0)) is None
    vector = replace(temporal, needs=0, new='CREATE EXTENSION IF NOT EXISTS "vector";')
    assert older.lacks(vector) == "the extension vector"


def test_the_baseline_names_every_case_with_a_known_outcome() -> None:
    import json

    baseline = json.loads((oracle.CORPUS / "baseline.json").read_text(encoding="utf-8"))
    assert set(baseline) == {case.id for case in oracle.cases()}
    assert set(baseline.values()) <= set(oracle.OUTCOMES)


def test_a_case_file_has_a_title_headers_and_two_sections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sqlite" / "demo"
    folder.mkdir(parents=True)
    path = folder / "one.sql"
    path.write_text(
        "-- a column with a cast\n-- expect: refused-as-designed\n-- args: --cast 't.n=CAST(n AS text)'\n"
        "-- old\nCREATE TABLE t (n INTEGER);\n-- new\nCREATE TABLE t (n TEXT);\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(oracle, "CORPUS", tmp_path)
    case = oracle.read_case(path)
    assert (case.id, case.title, case.expect) == (
        "sqlite/demo/one",
        "a column with a cast",
        "refused-as-designed",
    )
    assert case.args == ("--cast", "t.n=CAST(n AS text)")
    assert (case.old, case.new) == ("CREATE TABLE t (n INTEGER);\n", "CREATE TABLE t (n TEXT);\n")


# -- the oracle's normal forms ----------------------------------------------------------------


def test_dump_statements_drop_noise_keep_bodies_and_ignore_order_and_the_history_table() -> None:
    dump = (
        "--\n-- PostgreSQL database dump\n--\n\\restrict abc\nSET statement_timeout = 0;\n"
        "SELECT pg_catalog.set_config('search_path', '', false);\n\n"
        "CREATE TABLE public.t (\n    id integer\n);\n\n"
        "CREATE FUNCTION public.f() RETURNS integer\n    LANGUAGE sql\n    AS $$SELECT 1;\nSELECT 2;$$;\n\n"
        "CREATE FUNCTION public.g() RETURNS bigint\n    LANGUAGE sql\n    BEGIN ATOMIC\n SELECT sum(t.n) AS sum\n"
        "    FROM public.t;\nEND;\n\n"
        "CREATE TABLE public.wesley_gen_history (\n    id integer\n);\n\\unrestrict abc\n"
    )
    statements = oracle.dump_statements(dump)
    assert statements == sorted(
        [
            "CREATE TABLE public.t (\n    id integer\n);",
            "CREATE FUNCTION public.f() RETURNS integer\n    LANGUAGE sql\n    AS $$SELECT 1;\nSELECT 2;$$;",
            "CREATE FUNCTION public.g() RETURNS bigint\n    LANGUAGE sql\n    BEGIN ATOMIC\n SELECT sum(t.n) AS sum\n"
            "    FROM public.t;\nEND;",
        ]
    )


def _fingerprint(tmp_path: Path, name: str, ddl: str) -> list[str]:
    path = tmp_path / f"{name}.db"
    conn = sqlite3.connect(path)
    conn.executescript(ddl)
    conn.close()
    return oracle.sqlite_fingerprint(path)


def test_sqlite_fingerprint_ignores_spelling_but_not_meaning(tmp_path: Path) -> None:
    plain = _fingerprint(tmp_path, "a", "CREATE TABLE t (id INTEGER PRIMARY KEY, n integer CHECK (n > 0));")
    respelled = _fingerprint(
        tmp_path, "b", 'create table "t" ("id" INTEGER primary key,\n  "n" INTEGER check ( n > 0 ));'
    )
    assert plain == respelled
    for name, ddl in {
        "check": "CREATE TABLE t (id INTEGER PRIMARY KEY, n integer CHECK (n >= 0));",
        "collate": "CREATE TABLE t (id INTEGER PRIMARY KEY, n integer COLLATE NOCASE CHECK (n > 0));",
        "strict": "CREATE TABLE t (id INTEGER PRIMARY KEY, n integer CHECK (n > 0)) STRICT;",
        "notnull": "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, n integer CHECK (n > 0));",
        "default": "CREATE TABLE t (id INTEGER PRIMARY KEY, n integer DEFAULT 1 CHECK (n > 0));",
    }.items():
        assert _fingerprint(tmp_path, name, ddl) != plain, name


def test_sqlite_fingerprint_ignores_where_a_fact_is_written_but_not_the_fact(tmp_path: Path) -> None:
    """Table options in either order, and a foreign key's timing on its column or in a table
    constraint, are one schema; dropping DEFERRABLE is another."""
    parent = "CREATE TABLE p (id INTEGER PRIMARY KEY);"
    ddl = {
        "inline": "CREATE TABLE c (k TEXT PRIMARY KEY, p_id INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED)"
        " STRICT, WITHOUT ROWID;",
        "table": "CREATE TABLE c (k TEXT PRIMARY KEY, p_id INTEGER, FOREIGN KEY (p_id) REFERENCES p (id)"
        " DEFERRABLE INITIALLY DEFERRED) WITHOUT ROWID, STRICT;",
        "immediate": "CREATE TABLE c (k TEXT PRIMARY KEY, p_id INTEGER REFERENCES p (id)) STRICT, WITHOUT ROWID;",
    }
    inline, table, immediate = (_fingerprint(tmp_path, name, parent + text) for name, text in ddl.items())
    assert inline == table != immediate


def test_sqlite_fingerprint_of_indexes_ignores_asc_and_default_parentheses(tmp_path: Path) -> None:
    one = _fingerprint(tmp_path, "a", "CREATE TABLE t (n INTEGER DEFAULT 0); CREATE INDEX i ON t (n);")
    two = _fingerprint(
        tmp_path, "b", 'CREATE TABLE t (n INTEGER DEFAULT (0)); CREATE INDEX "i" ON "t" ("n" ASC);'
    )
    three = _fingerprint(tmp_path, "c", "CREATE TABLE t (n INTEGER DEFAULT 0); CREATE INDEX i ON t (n DESC);")
    assert one == two != three


def test_sqlite_fingerprint_of_an_index_leaves_its_comments_out(tmp_path: Path) -> None:
    """SQLite keeps a comment inside CREATE INDEX in the text it stores (sqldef's
    ``/* @renamed from=… */``); the index a migration makes has none and is the same index."""
    table = "CREATE TABLE t (n INTEGER, s TEXT);"
    bare = _fingerprint(tmp_path, "a", table + "CREATE INDEX i ON t (n) WHERE s <> '--x';")
    commented = _fingerprint(
        tmp_path, "b", table + "CREATE INDEX i /* @renamed from=j */ ON t (n) -- why\n WHERE s <> '--x';"
    )
    other = _fingerprint(tmp_path, "c", table + "CREATE INDEX i ON t (n) WHERE s <> '--y';")
    assert bare == commented != other


def test_a_failure_signature_names_what_differs() -> None:
    signature = oracle.difference_signature(
        ["CREATE INDEX t_ip_idx ON public.t USING gist (ip inet_ops);"],
        ["CREATE INDEX t_ip_idx ON public.t USING gist (ip);"],
    )
    assert signature == "new has [inet_ops] where migrated has []"
    assert oracle.differences(
        ["CREATE SEQUENCE public.s\n START WITH 1;", "table t check: n > 0"], ["x"]
    ) == [
        "migrated lacks: CREATE SEQUENCE START WITH",
        "migrated lacks: table check",
        "migrated has extra: ",
    ]
