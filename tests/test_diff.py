"""The diff engine: executable order, renames from hints only, suggestions, errors,
determinism, and the ``wesley-gen/diff@1`` document.

Orders are checked twice: as the exact sequence a reader should see, and by running
the changes through the model interpreter in tests/strategies.py, which refuses what
a database would refuse.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.strategies import apply_changes, col, same_structure, schema, table
from wesley_gen.changes import (
    CHANGE_TYPES,
    AddForeignKey,
    AlterColumnType,
    Change,
    DropExpression,
    DropForeignKey,
    RedefineTable,
    RenameColumn,
    RenameTable,
    SetExpression,
)
from wesley_gen.classify import classify
from wesley_gen.diff import PASSES, DiffResult, Suggestion, diff_schemas
from wesley_gen.errors import UsageError
from wesley_gen.hints import Hints
from wesley_gen.model import Column, Enum, Schema, Table, checksum
from wesley_gen.render.diff_json import diff_document

ROOT = Path(__file__).resolve().parent.parent
DIFF_SCHEMA = json.loads((ROOT / "docs" / "schema" / "diff.schema.json").read_text(encoding="utf-8"))


def users(*columns: Column, **options: Any) -> Table:
    return table("users", col("id"), *columns, pk=["id"], **options)


NAME = col("name", "text", nullable=False)
BASE = schema(users(NAME, col("age")))


def ops(changes: tuple[Change, ...]) -> list[str]:
    """Each change as ``op table[.column] [name]``, for exact comparisons."""
    described = []
    for change in changes:
        target = ".".join(p for p in (change.table, change.column) if p)
        described.append(" ".join(p for p in (change.op, target, change.name) if p))
    return described


def run(old: Schema, new: Schema, hints: Hints | None = None, dialect: str = "postgres") -> DiffResult:
    """Diff, then check that the changes run from ``old`` to ``new`` and back."""
    result = diff_schemas(old, new, hints or Hints(), dialect=dialect)
    assert result.errors == ()
    assert same_structure(apply_changes(old, result.changes), new)
    assert same_structure(apply_changes(new, [c.reverse() for c in reversed(result.changes)]), old)
    return result


def test_passes_run_renames_after_drops_and_before_creations() -> None:
    assert PASSES.index("drop_tables") < PASSES.index("rename_tables") < PASSES.index("add_tables")
    assert PASSES.index("add_tables") < PASSES.index("add_constraints")
    # Keys renamed in place are gone only while the renames run.
    assert PASSES.index("drop_tables") < PASSES.index("drop_renamed_keys") < PASSES.index("rename_tables")
    assert PASSES.index("rename_columns") < PASSES.index("add_renamed_keys") < PASSES.index("add_tables")
    assert PASSES.index("add_schemas") < PASSES.index("add_enums") < PASSES.index("add_tables")
    assert PASSES[-4:] == (
        "drop_enums",
        "add_grants_on_rebuilt_types",  # an enum that lost a value is made again, without them
        "drop_extensions",
        "drop_schemas",
    )  # a schema is dropped once emptied
    # Objects kept by canonical definition bracket the rest: views and triggers dropped first and
    # made last, extensions and functions made before the tables and dropped after them.
    assert PASSES[0] == "drop_objects" and PASSES.index("add_objects") > PASSES.index("add_constraints")
    assert PASSES.index("add_schemas") < PASSES.index("add_extensions") < PASSES.index("add_routines")
    assert PASSES.index("add_types") < PASSES.index("add_routines") < PASSES.index("add_tables")
    assert PASSES.index("drop_routines") < PASSES.index("drop_types")


def test_every_operation_names_itself_as_the_published_schema_does() -> None:
    published = DIFF_SCHEMA["$defs"]["change"]["properties"]["op"]["enum"]
    assert sorted(t.op for t in CHANGE_TYPES) == sorted(published)


# --- ordering ------------------------------------------------------------------------------


def test_tables_come_before_the_foreign_keys_that_reference_them() -> None:
    new = schema(
        users(NAME, col("age")),
        table("a_posts", col("id"), col("author"), pk=["id"], fk=[("author", "z_authors", "id")]),
        table("z_authors", col("id"), col("user_id"), pk=["id"], fk=[("user_id", "users", "id")]),
    )
    result = run(BASE, new)
    assert ops(result.changes) == ["add_table z_authors", "add_table a_posts"]
    assert all(len(c.definition.foreign_keys) == 1 for c in result.changes)  # type: ignore[union-attr]


def test_a_self_reference_stays_inline() -> None:
    new = schema(
        users(NAME, col("age")), table("tree", col("id"), col("up"), pk=["id"], fk=[("up", "tree", "id")])
    )
    assert ops(run(BASE, new).changes) == ["add_table tree"]


CYCLE_2 = (
    table("a", col("id"), col("b_id"), pk=["id"], fk=[("b_id", "b", "id")]),
    table("b", col("id"), col("a_id"), pk=["id"], fk=[("a_id", "a", "id")]),
)
CYCLE_3 = (
    table("x", col("id"), col("z_id"), pk=["id"], fk=[("z_id", "z", "id")]),
    table("y", col("id"), col("x_id"), pk=["id"], fk=[("x_id", "x", "id")]),
    table("z", col("id"), col("y_id"), pk=["id"], fk=[("y_id", "y", "id")]),
    table("w", col("id"), col("x_id"), col("z_id"), pk=["id"], fk=[("x_id", "x", "id"), ("z_id", "z", "id")]),
)


def test_a_two_table_cycle_is_closed_once_both_tables_exist() -> None:
    result = run(BASE, schema(users(NAME, col("age")), *CYCLE_2))
    assert ops(result.changes) == ["add_table a", "add_table b", "add_foreign_key a a_b_id_fkey"]
    assert result.changes[0].definition.foreign_keys == ()  # type: ignore[union-attr]
    assert isinstance(result.changes[2], AddForeignKey) and result.changes[2].with_table
    assert classify(result.changes[2], dialect="postgres").change_class == "additive"


def test_a_three_table_cycle_breaks_one_key() -> None:
    result = run(BASE, schema(users(NAME, col("age")), *CYCLE_3))
    assert ops(result.changes) == [
        "add_table x",
        "add_table y",
        "add_table z",
        "add_table w",
        "add_foreign_key x x_z_id_fkey",
    ]


def test_dropped_tables_go_dependants_first_and_cycles_lose_a_key_first() -> None:
    old = schema(
        users(NAME, col("age"), col("team_id"), fk=[("team_id", "teams", "id")]),
        table("teams", col("id"), pk=["id"]),
        table("members", col("id"), col("team_id"), pk=["id"], fk=[("team_id", "teams", "id")]),
        *CYCLE_2,
    )
    result = run(old, schema(users(NAME, col("age"), col("team_id"))))
    assert ops(result.changes) == [
        "drop_foreign_key users users_team_id_fkey",
        "drop_foreign_key a a_b_id_fkey",
        "drop_table b",
        "drop_table a",
        "drop_table members",
        "drop_table teams",
    ]
    assert isinstance(result.changes[1], DropForeignKey) and result.changes[1].with_table


def test_a_new_table_waits_for_the_key_it_references() -> None:
    """The referenced column and its unique key are added after the tables: the key waits."""
    new = schema(
        users(NAME, col("age"), col("code", "text"), unique=[["code"]]),
        table("badges", col("id"), col("code", "text"), pk=["id"], fk=[("code", "users", "code")]),
    )
    result = run(BASE, new)
    assert ops(result.changes) == [
        "add_table badges",
        "add_column users.code",
        "add_unique users users_code_key",
        "add_foreign_key badges badges_code_fkey",
    ]
    assert classify(result.changes[-1], dialect="postgres").change_class == "additive"


def test_renaming_a_referenced_table_renames_its_key_and_keeps_the_keys_on_it() -> None:
    """customers → clients renames ``customers_pkey`` too, as a loader names it: the key
    is renamed in place (its index kept), so the foreign key on it stays as it is (issue
    14: dropped and added back, it was validated by a scan of the referencing table, and
    unchecked in between); nothing is narrowing."""
    orders = table(
        "orders", col("id"), col("customer_id"), pk=["id"], fk=[("customer_id", "customers", "id")]
    )
    old = schema(table("customers", col("id"), NAME, pk=["id"]), orders)
    renamed = table("clients", col("id"), NAME, pk=["id"], renamed_from="customers")
    new = schema(
        renamed, replace(orders, foreign_keys=(replace(orders.foreign_keys[0], ref_table="clients"),))
    )
    result = run(old, new)
    assert ops(result.changes) == [
        "drop_primary_key customers customers_pkey",
        "rename_table customers",
        "add_primary_key clients clients_pkey",
    ]
    classes = {classify(c, dialect="postgres").change_class for c in result.changes}
    assert classes == {"additive", "rename"}


def test_a_key_renamed_with_its_table_is_gone_only_while_the_renames_run() -> None:
    """A key renamed with its table (t2_pkey → xr4_pkey: a drop and an add that differ only in
    the name, a rename on PostgreSQL) is dropped after the tables that reference it and added
    back right after the renames, before a new table references it (found by the round-trip
    property test: added after the new table, it left its foreign key no key to reference;
    dropped before a dropped table, that table's undo did the same)."""
    old = schema(table("t2", col("c0"), pk=["c0"], uid="u2"))
    new = schema(
        table("xr4", col("c0"), pk=["c0"], uid="u2"),
        table("xn0", col("c0"), fk=[("c0", "xr4", "c0")]),
    )
    for dialect in ("postgres", "sqlite"):
        assert ops(run(old, new, dialect=dialect).changes) == [
            "drop_primary_key t2 t2_pkey",
            "rename_table t2",
            "add_primary_key xr4 xr4_pkey",
            "add_table xn0",
        ]
        assert ops(run(new, old, dialect=dialect).changes) == [
            "drop_table xn0",
            "drop_primary_key xr4 xr4_pkey",
            "rename_table xr4",
            "add_primary_key t2 t2_pkey",
        ]


def test_a_column_changes_in_a_safe_order() -> None:
    """Nullability relaxed first and tightened last; a default the new type cannot take
    is dropped before the type changes and the new one set after."""
    old = schema(users(col("name", "text", nullable=False), col("age", "text", default="'0'")))
    new = schema(users(col("name", "text"), col("age", "bigint", nullable=False, default="0")))
    hints = Hints.from_flags(casts=["users.age=CAST(age AS bigint)"])
    assert ops(run(old, new, hints).changes) == [
        "drop_default users.age",
        "alter_column_type users.age",
        "set_default users.age",
        "set_not_null users.age",
        "drop_not_null users.name",
    ]


def test_enum_values_are_added_in_place_and_enums_dropped_last() -> None:
    old = schema(users(NAME, col("mood", "mood")), enums=[Enum("mood", ("calm", "sad"))])
    new = schema(users(NAME), enums=[Enum("level", ("low",))])
    assert ops(run(old, new).changes) == ["drop_column users.mood", "add_enum level", "drop_enum mood"]
    grown = schema(users(NAME, col("mood", "mood")), enums=[Enum("mood", ("calm", "happy", "joyful", "sad"))])
    changes = run(old, grown).changes
    assert [(c.value, c.after) for c in changes] == [("happy", "calm"), ("joyful", "happy")]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (("calm", "sad"), ("happy", "sad")),
        (("a", "b", "c", "d"), ("d",)),
        (("a", "c"), ("b", "c", "e")),
        (("x",), ("a", "b", "x", "y", "z")),
    ],
)
def test_enum_values_added_and_dropped_in_one_place_run_both_ways(
    before: tuple[str, ...], after: tuple[str, ...]
) -> None:
    old = schema(users(NAME), enums=[Enum("mood", before)])
    new = schema(users(NAME), enums=[Enum("mood", after)])
    forward = run(old, new).changes
    assert Counter(c.reverse() for c in forward) == Counter(run(new, old).changes)


def test_reordering_enum_values_is_an_error() -> None:
    old = schema(users(NAME), enums=[Enum("mood", ("calm", "sad"))])
    result = diff_schemas(old, schema(users(NAME), enums=[Enum("mood", ("sad", "calm", "new"))]))
    assert result.changes == ()
    assert [(e.kind, e.table, e.column) for e in result.errors] == [("enum_reorder", None, None)]
    assert "mood" in result.errors[0].reason


def test_a_generated_columns_expression_is_set_or_dropped_in_place() -> None:
    """PostgreSQL 17+ replaces or drops the expression of a generated column in place; making
    a plain column generated has no ALTER, so it is an error."""
    old = schema(users(NAME, col("age"), col("double_age", generated="age * 2")))
    changed = diff_schemas(old, schema(users(NAME, col("age"), col("double_age", generated="age * 3"))))
    assert changed.changes == (SetExpression("users", "double_age", "age * 2", "age * 3"),)
    plain = schema(users(NAME, col("age"), col("double_age")))
    dropped = diff_schemas(old, plain)
    assert dropped.changes == (DropExpression("users", "double_age", "age * 2"),)
    assert dropped.changes[0].reverse() == SetExpression("users", "double_age", None, "age * 2")
    assert not classify(dropped.changes[0], dialect="postgres").reversible
    made = diff_schemas(plain, old)
    assert made.changes == ()
    assert [(e.kind, e.column) for e in made.errors] == [("generated_column", "double_age")]


# --- renames -----------------------------------------------------------------------------------

MEMBERS = schema(replace(users(NAME, col("age")), name="members"))


@pytest.mark.parametrize(
    ("new", "hints", "cited"),
    [
        (MEMBERS, Hints.from_flags(["users=members"]), "--rename users=members"),
        (
            schema(replace(users(NAME, col("age")), name="members", renamed_from="users")),
            Hints(),
            "renamed-from",
        ),
        (
            schema(replace(users(NAME, col("age")), name="members", uid="t-1")),
            Hints(),
            "same uid 't-1'",
        ),
    ],
    ids=["flag", "annotation", "uid"],
)
def test_a_table_rename_comes_from_a_hint(new: Schema, hints: Hints, cited: str) -> None:
    old = schema(replace(users(NAME, col("age")), uid="t-1"))
    change = run(old, new, hints).changes
    assert change == (RenameTable("users", "members"),)
    verdict = classify(change[0], dialect="postgres")
    assert (verdict.change_class, verdict.reversible) == ("rename", True)
    assert cited in verdict.reason


@pytest.mark.parametrize(
    ("full_name", "flags"),
    [
        (col("full_name", "text", nullable=False), ["users.name=users.full_name"]),
        (col("full_name", "text", nullable=False, renamed_from="name"), []),
        (col("full_name", "text", nullable=False, uid="c-1"), []),
    ],
    ids=["flag", "annotation", "uid"],
)
def test_a_column_rename_comes_from_a_hint(full_name: Column, flags: list[str]) -> None:
    old = schema(users(replace(NAME, uid="c-1"), col("age")))
    result = run(old, schema(users(full_name, col("age"))), Hints.from_flags(flags))
    assert result.changes == (RenameColumn("users", "name", "full_name"),)


def test_a_column_whose_name_holds_a_dot_is_renamed_in_its_table() -> None:
    # a column's name has no schema: "special.column" is one name, not a move between schemas
    old = schema(users(NAME, col("special.column")))
    result = run(old, schema(users(NAME, col("special_column", renamed_from="special.column"))))
    assert result.changes == (RenameColumn("users", "special.column", "special_column"),)


@pytest.mark.parametrize("named", ["members", "users"])
def test_a_column_rename_flag_may_name_the_table_either_way(named: str) -> None:
    new = schema(replace(users(col("full_name", "text", nullable=False), col("age")), name="members"))
    hints = Hints.from_flags(["users=members", f"{named}.name={named}.full_name"])
    assert ops(run(BASE, new, hints).changes) == ["rename_table users", "rename_column members.name"]


def test_a_rename_with_a_new_type_is_a_rename_and_an_alter() -> None:
    new = schema(users(NAME, col("years", "bigint", renamed_from="age")))
    result = run(BASE, new)
    assert result.changes == (
        RenameColumn("users", "age", "years"),
        AlterColumnType("users", "years", col("age").type, col("x", "bigint").type),
    )


def test_a_stale_annotation_is_ignored() -> None:
    """The rename happened in an earlier version: the old schema already has the new name."""
    current = schema(users(col("full_name", "text", nullable=False, renamed_from="name"), col("age")))
    assert diff_schemas(current, current).changes == ()


def test_a_name_freed_by_a_drop_can_be_taken_by_a_rename() -> None:
    """Drops run before renames.  (An annotation could not say this: the old schema has
    the new name, so ``renamed_from`` reads as a rename that already happened.)"""
    old = schema(users(NAME, col("age"), col("legacy", "text")))
    new = schema(users(NAME, col("legacy", "integer")))
    hints = Hints.from_flags(["users.age=users.legacy"])
    assert ops(run(old, new, hints).changes) == ["drop_column users.legacy", "rename_column users.age"]
    assert diff_schemas(old, new).suggestions == ()


def test_renames_are_never_guessed() -> None:
    """A same-typed drop and add is a suggestion, and stays a drop and an add."""
    new = schema(users(NAME, col("years")))
    result = run(BASE, new)
    assert ops(result.changes) == ["drop_column users.age", "add_column users.years"]
    assert result.suggestions == (
        Suggestion(
            "possible_rename",
            "users",
            "age",
            "years",
            "users.age is dropped and users.years added, both integer; "
            "if it is a rename, pass --rename users.age=users.years",
        ),
    )


def test_suggestions_need_the_same_type() -> None:
    assert run(BASE, schema(users(NAME, col("years", "text")))).suggestions == ()


def test_a_table_with_the_same_columns_is_suggested_as_a_rename() -> None:
    result = run(BASE, MEMBERS)
    assert ops(result.changes) == ["drop_table users", "add_table members"]
    assert [(s.table, s.from_, s.to) for s in result.suggestions] == [(None, "users", "members")]
    assert "--rename users=members" in result.suggestions[0].reason


# --- hints that do not fit ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new", "flags", "casts", "message"),
    [
        (MEMBERS, ["people=members"], [], "--rename people=members: the old schema has no table people"),
        (MEMBERS, ["users=people"], [], "--rename users=people: the new schema has no table people"),
        (BASE, ["users.nick=users.name"], [], "the old schema has no column users.nick"),
        (BASE, ["users.name=users.nick"], [], "the new schema has no column users.nick"),
        (BASE, ["teams.a=teams.b"], [], "--rename teams.a=teams.b: no table teams in both schemas"),
        (
            schema(users(NAME, col("nickname", "text", renamed_from="nick"), col("age"))),
            [],
            [],
            "column users.nickname renamed from nick: the old schema has no column users.nick",
        ),
        (
            schema(replace(users(NAME, col("age")), name="members", renamed_from="people")),
            [],
            [],
            "table members renamed from people: the old schema has no table people",
        ),
        (
            schema(users(col("a", "text", nullable=False), col("b"))),
            ["users.name=users.a", "users.name=users.b"],
            [],
            "conflicting renames: column users.name to both",
        ),
        (
            schema(users(col("age", "text", nullable=False), col("name"))),
            ["users.name=users.age", "users.age=users.name"],
            [],
            "renames in a chain or a swap are not supported",
        ),
        (
            BASE,
            [],
            ["users.nick=CAST(nick AS text)"],
            "--cast users.nick: no column users.nick in both schemas",
        ),
        (BASE, [], ["users.age=CAST(age AS integer)"], "--cast users.age: the column's type does not change"),
    ],
)
def test_hints_that_name_nothing_are_usage_errors(
    new: Schema, flags: list[str], casts: list[str], message: str
) -> None:
    with pytest.raises(UsageError) as raised:
        diff_schemas(BASE, new, Hints.from_flags(flags, casts))
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


# --- determinism ---------------------------------------------------------------------------------


def _shuffled(original: Schema, seed: int, keep_columns: frozenset[str]) -> Schema:
    """The same schema, built from lists in another order, and columns in another order
    in the tables named in ``keep_columns`` (in a created or dropped table, the column
    order is part of the definition)."""
    rng = random.Random(seed)

    def mixed(items: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(rng.sample(items, len(items)))

    tables = [
        replace(
            t,
            columns=mixed(t.columns) if t.name in keep_columns else t.columns,
            uniques=mixed(t.uniques),
            checks=mixed(t.checks),
            foreign_keys=mixed(t.foreign_keys),
            indexes=mixed(t.indexes),
        )
        for t in original.tables
    ]
    return Schema(mixed(tuple(tables)), mixed(original.enums))


def _document(old: Schema, new: Schema, hints: Hints) -> str:
    return json.dumps(
        diff_document(old, new, diff_schemas(old, new, hints), dialect="postgres").to_dict(), sort_keys=True
    )


OLD = schema(
    users(NAME, col("age"), col("bio", "text", tags=("pii",)), unique=[["name"]], index=[["age"]]),
    table(
        "posts", col("id"), col("user_id"), col("score", "real"), pk=["id"], fk=[("user_id", "users", "id")]
    ),
    table("tags", col("id"), col("label", "text"), pk=["id"]),
    enums=[Enum("mood", ("calm", "sad"))],
)
NEW = schema(
    users(
        col("full_name", "text", nullable=False), col("age", "bigint"), col("email", "text", nullable=False)
    ),
    table(
        "posts",
        col("id"),
        col("user_id"),
        col("score", "double precision"),
        pk=["id"],
        fk=[("user_id", "users", "id")],
    ),
    *CYCLE_3,
    enums=[Enum("mood", ("calm", "happy", "sad")), Enum("level", ("low", "high"))],
)
HINTS = Hints.from_flags(["users.name=users.full_name"])


def test_the_same_input_in_any_order_gives_the_same_document() -> None:
    """Besides the column_order suggestion, which names the orders of a kept table's columns."""
    expected = json.loads(_document(OLD, NEW, HINTS))
    for seed in range(5):
        hints = Hints(column_renames=HINTS.column_renames[::-1])
        kept = frozenset({"users", "posts"})
        document = json.loads(_document(_shuffled(OLD, seed, kept), _shuffled(NEW, seed + 100, kept), hints))
        ordered = [s for s in document["suggestions"] if s["kind"] == "column_order"]
        document["suggestions"] = [s for s in document["suggestions"] if s not in ordered]
        assert document == expected
        assert {s["table"] for s in ordered} <= kept


def test_a_table_whose_columns_stand_in_another_order_is_named() -> None:
    """No change (PostgreSQL cannot reorder columns), but a suggestion a reviewer sees: a database
    whose column was added or changed through a shadow column has it last, and pg_dump shows it."""
    old = schema(table("t", col("id"), col("label", "text"), col("n")))
    new = schema(table("t", col("id"), col("n"), col("label", "text")))
    result = diff_schemas(old, new)
    assert result.changes == () and checksum(old) == checksum(new)
    assert [(s.kind, s.table, s.from_, s.to) for s in result.suggestions] == [
        ("column_order", "t", "id, label, n", "id, n, label")
    ]


def test_the_document_does_not_depend_on_the_hash_seed() -> None:
    program = "import json; from tests.test_diff import OLD, NEW, HINTS, _document; print(_document(OLD, NEW, HINTS))"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", program],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "12345")
    }
    assert len(outputs) == 1


# --- the JSON document -------------------------------------------------------------------------------


def test_the_document_has_the_published_shape() -> None:
    result = diff_schemas(OLD, NEW, HINTS)
    document = diff_document(OLD, NEW, result, dialect="postgres").to_dict()
    jsonschema.validate(document, DIFF_SCHEMA)
    assert set(document) == {"format", "dialect", "from", "to", "changes", "errors", "suggestions", "summary"}
    assert document["format"] == "wesley-gen/diff@1"
    assert document["from"] == {"checksum": checksum(OLD)} and document["to"] == {"checksum": checksum(NEW)}
    changes = document["changes"]
    assert [c["id"] for c in changes] == [f"c{n}" for n in range(1, len(changes) + 1)]
    fields = {"id", "op", "table", "column", "name", "class", "reversible", "backfill", "reason", "detail"}
    assert all(set(c) == fields for c in changes)
    counts = {
        k: sum(c["class"] == k for c in changes) for k in ("additive", "narrowing", "destructive", "rename")
    }
    assert document["summary"] == {**counts, "errors": len(result.errors)}
    by_op = {(c["op"], c["table"], c["column"]): c for c in changes}
    assert by_op["alter_column_type", "users", "age"]["detail"] == {
        "from": "integer",
        "to": "bigint",
        "cast": None,
    }
    assert by_op["rename_column", "users", "name"]["detail"] == {"from": "name", "to": "full_name"}
    assert by_op["drop_column", "users", "bio"]["detail"]["definition"]["tags"] == ["pii"]
    assert by_op["add_foreign_key", "x", None]["detail"]["with_table"] is True
    assert by_op["add_enum_value", None, None]["detail"] == {"value": "happy", "after": "calm"}
    assert by_op["add_enum_value", None, None]["name"] == "mood"


def test_errors_and_suggestions_in_the_document() -> None:
    old = schema(users(NAME, col("age", "text")))
    document = diff_document(old, BASE, diff_schemas(old, BASE, dialect="sqlite"), dialect="sqlite").to_dict()
    jsonschema.validate(document, DIFF_SCHEMA)
    assert (document["dialect"], document["changes"], document["summary"]["errors"]) == ("sqlite", [], 1)
    assert document["errors"] == [
        {
            "kind": "incompatible_type",
            "table": "users",
            "column": "age",
            "reason": "text → integer: no automatic conversion keeps every value; give --cast users.age=EXPR "
            "(for example --cast 'users.age=CAST(age AS integer)')",
        }
    ]
    new = schema(users(NAME, col("years")))
    document = diff_document(BASE, new, diff_schemas(BASE, new), dialect="postgres").to_dict()
    jsonschema.validate(document, DIFF_SCHEMA)
    assert [(s["kind"], s["table"], s["from"], s["to"]) for s in document["suggestions"]] == [
        ("possible_rename", "users", "age", "years")
    ]


def test_new_columns_are_added_in_declaration_order() -> None:
    """PostgreSQL appends each added column at the end, so adding them in the order the new
    schema declares them leaves the table's columns in that order (pg_dump compares it)."""
    old = schema(table("t", col("id"), pk=["id"]))
    new = schema(table("t", col("id"), col("p", "point"), col("b", "box"), col("c", "circle"), pk=["id"]))
    assert ops(run(old, new).changes) == ["add_column t.p", "add_column t.b", "add_column t.c"]


# --- SQLite's facts that only a rebuild changes ----------------------------------------------


def _sqlite(ddl: str) -> Schema:
    from wesley_gen.load import load_text

    return load_text(ddl, "schema.sql", suffix=".sql", dialect="sqlite").schema


@pytest.mark.parametrize(
    ("old", "new", "before", "after"),
    [
        ("(k TEXT PRIMARY KEY NOT NULL)", "(k TEXT PRIMARY KEY NOT NULL) STRICT", (), ("strict",)),
        (
            "(k TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID",
            "(k TEXT PRIMARY KEY NOT NULL)",
            ("without rowid",),
            (),
        ),
        ("(k TEXT, v TEXT COLLATE NOCASE)", "(k TEXT, v TEXT)", ("v collate nocase",), ("v collate none",)),
        ("(k TEXT, v DATETIME)", "(k TEXT, v TIMESTAMP)", ("v datetime",), ("v timestamp",)),
        (
            "(k INT, v INT AS (k * 2))",
            "(k INT, v INT AS (k * 2) STORED)",
            ("v as (k * 2) virtual",),
            ("v as (k * 2) stored",),
        ),
    ],
)
def test_sqlite_facts_change_by_one_redefinition(
    old: str, new: str, before: tuple[str, ...], after: tuple[str, ...]
) -> None:
    result = diff_schemas(
        _sqlite(f"CREATE TABLE t {old};"), _sqlite(f"CREATE TABLE t {new};"), Hints(), dialect="sqlite"
    )
    assert result.errors == ()
    assert result.changes == (RedefineTable("t", before, after),)
    assert result.changes[0].reverse() == RedefineTable("t", after, before)


def test_sqlite_facts_are_refused_on_postgres() -> None:
    """A table option has no PostgreSQL form; a collation or a declared spelling is not what
    PostgreSQL keeps, so it is no change there."""
    old = _sqlite("CREATE TABLE t (k TEXT, v DATETIME);")
    result = diff_schemas(
        old, _sqlite("CREATE TABLE t (k TEXT, v DATETIME) STRICT;"), Hints(), dialect="postgres"
    )
    assert [(e.kind, e.table) for e in result.errors] == [("redefine_table", "t")]
    respelled = _sqlite("CREATE TABLE t (k TEXT COLLATE NOCASE, v TIMESTAMP);")
    assert diff_schemas(old, respelled, Hints(), dialect="postgres").changes == ()
