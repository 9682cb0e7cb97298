"""wesley-gen's own snapshot JSON: a lossless round trip, and one-line errors for bad files."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.strategies import schemas
from wesley_gen.errors import InputError
from wesley_gen.load import load_schema, load_text
from wesley_gen.load.snapshot import load_snapshot
from wesley_gen.model import (
    SCHEMA_FORMAT,
    CheckConstraint,
    Column,
    ColumnType,
    Enum,
    ForeignKey,
    Index,
    PrimaryKey,
    Schema,
    Table,
    UniqueConstraint,
    canonical_json,
    checksum,
    checksum_of,
    compact_json,
    dumps,
    to_dict,
)

SCHEMA = Schema(
    (
        Table(
            "orgs",
            (
                Column(
                    "id", ColumnType("uuid"), nullable=False, default="GEN_RANDOM_UUID()", uid="col-org-id"
                ),
                Column("name", ColumnType("varchar", (100,)), nullable=False),
            ),
            PrimaryKey("orgs_pkey", ("id",)),
            uniques=(UniqueConstraint("orgs_name_key", ("name",)),),
            uid="tbl-org",
            tags=("critical",),
        ),
        Table(
            "users",
            (
                Column("id", ColumnType("bigint"), nullable=False),
                Column("org_id", ColumnType("uuid"), nullable=False),
                Column("email", ColumnType("text"), nullable=False, tags=("pii", "sensitive")),
                Column("level", ColumnType("level"), default="'low'"),
                Column("scores", ColumnType("numeric", (10, 2), 1)),
                Column("total", ColumnType("integer"), generated="id * 2"),
            ),
            PrimaryKey("users_pkey", ("id",)),
            checks=(CheckConstraint("users_email_check", "email <> ''"),),
            foreign_keys=(
                ForeignKey(
                    "users_org_id_fkey",
                    ("org_id",),
                    "orgs",
                    ("id",),
                    on_delete="cascade",
                    on_update="set null",
                ),
            ),
            indexes=(
                Index("users_email_idx", ("LOWER(email)",), unique=True, where="level = 'high'"),
                Index("users_scores_idx", ("scores",), using="gin"),
            ),
        ),
    ),
    (Enum("level", ("low", "high")),),
)


def load(text: str) -> Schema:
    return load_snapshot(text, "schema.json").schema


def error_of(text: str) -> str:
    with pytest.raises(InputError) as caught:
        load(text)
    message = str(caught.value)
    assert "\n" not in message
    return message


def snapshot_dict() -> dict[str, Any]:
    return copy.deepcopy(to_dict(SCHEMA))


# --- the round trip ----------------------------------------------------------------------


def test_round_trip_gives_an_equal_model() -> None:
    loaded = load(canonical_json(SCHEMA))
    assert loaded == SCHEMA
    assert checksum(loaded) == checksum(SCHEMA)


def test_round_trip_keeps_annotations() -> None:
    loaded = load(canonical_json(SCHEMA))
    assert canonical_json(loaded) == canonical_json(SCHEMA)
    orgs, users = loaded.tables
    assert (orgs.uid, orgs.tags) == ("tbl-org", ("critical",))
    assert orgs.columns[0].uid == "col-org-id"
    assert users.columns[2].tags == ("pii", "sensitive")


def test_round_trip_keeps_column_order() -> None:
    loaded = load(canonical_json(SCHEMA))
    assert loaded.tables[1].column_names() == ("id", "org_id", "email", "level", "scores", "total")


def test_a_snapshot_file_loads_by_its_suffix(tmp_path: Path) -> None:
    path = tmp_path / "schema.json"
    path.write_text(canonical_json(SCHEMA), encoding="utf-8")
    loaded = load_schema(str(path))
    assert loaded.schema == SCHEMA
    assert loaded.warnings == ()
    assert load_text(canonical_json(SCHEMA), "x.json", suffix=".json").schema == SCHEMA


def test_optional_parts_may_be_left_out() -> None:
    text = json.dumps(
        {"format": SCHEMA_FORMAT, "tables": [{"name": "t", "columns": [{"name": "a", "type": "int4"}]}]}
    )
    assert load(text) == Schema((Table("t", (Column("a", ColumnType("integer")),)),))


# --- malformed files ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "schema.json:1: invalid JSON: Expecting value"),
        (
            '{\n  "format": "wesley-gen/schema@1",\n  "tables": [\n}\n',
            "schema.json:4: invalid JSON: Expecting value",
        ),
        (
            '{\n  "format": "wesley-gen/schema@1",\n  "tables": []\n  "enums": []\n}',
            "schema.json:4: invalid JSON: ",
        ),
        ('{"format": "wesley-gen/schema@1", "tables": [], }', "schema.json:1: invalid JSON: "),
    ],
)
def test_malformed_json_names_its_line(text: str, expected: str) -> None:
    assert error_of(text).startswith(expected)


def test_json_nested_too_deeply_is_an_input_error() -> None:
    assert error_of("[" * 100_000) == "schema.json:1: invalid JSON: nested too deeply"
    assert error_of('{\n"tables":\n' + "[" * 100_000) == "schema.json:3: invalid JSON: nested too deeply"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{\n  "enums": [],\n  "format": "wesley-gen/schema@2",\n  "tables": []\n}',
            "schema.json:3: written by a newer wesley-gen (wesley-gen/schema@2; this wesley-gen reads "
            "wesley-gen/schema@1)",
        ),
        (
            '\n{"tables": []}',
            "schema.json:2: not a wesley-gen schema snapshot (format None, expected 'wesley-gen/schema@1')",
        ),
        (
            "[1, 2]",
            "schema.json:1: not a wesley-gen schema snapshot (format None, expected 'wesley-gen/schema@1')",
        ),
    ],
)
def test_wrong_format_is_refused_at_its_line(text: str, expected: str) -> None:
    assert error_of(text) == expected


def _table(data: dict[str, Any], name: str = "users") -> dict[str, Any]:
    table: dict[str, Any] = next(t for t in data["tables"] if t["name"] == name)
    return table


def _column(data: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in _table(data)["columns"] if c["name"] == name)
    return found


Mutation = Callable[[dict[str, Any]], None]

SHAPES: list[tuple[str, Mutation, str]] = [
    (
        "tables not a list",
        lambda d: d.update(tables={}),
        "the snapshot: 'tables' must be a list, but is an object",
    ),
    ("table not an object", lambda d: d.update(tables=[1]), "a table: expected an object, found a number"),
    (
        "table without a name",
        lambda d: d["tables"][0].pop("name"),
        "a table: 'name' must be a string, but is missing",
    ),
    (
        "columns missing",
        lambda d: _table(d).pop("columns"),
        "table 'users': 'columns' must be a list, but is missing",
    ),
    (
        "column not an object",
        lambda d: _table(d).update(columns=["id"]),
        "a column of table 'users': expected an object, found a string",
    ),
    (
        "column type missing",
        lambda d: _column(d, "email").pop("type"),
        "column users.email: 'type' must be a string, but is missing",
    ),
    (
        "column type unreadable",
        lambda d: _column(d, "email").update(type="text(("),
        "column users.email: cannot read the type 'text(('",
    ),
    (
        "nullable a string",
        lambda d: _column(d, "email").update(nullable="false"),
        "column users.email: 'nullable' must be true or false, but is a string",
    ),
    (
        "default a number",
        lambda d: _column(d, "email").update(default=0),
        "column users.email: 'default' must be a string or null, but is a number",
    ),
    (
        "generated a boolean",
        lambda d: _column(d, "total").update(generated=True),
        "column users.total: 'generated' must be a string or null, but is true",
    ),
    (
        "tags a string",
        lambda d: _column(d, "email").update(tags="pii"),
        "column users.email: 'tags' must be a list, but is a string",
    ),
    (
        "table tags not names",
        lambda d: _table(d, "orgs").update(tags=[1]),
        "table 'orgs': 'tags' must be a list of strings",
    ),
    (
        "uid a number",
        lambda d: _table(d, "orgs").update(uid=7),
        "table 'orgs': 'uid' must be a string or null, but is a number",
    ),
    (
        "primary key a string",
        lambda d: _table(d).update(primary_key="id"),
        "table 'users': 'primary_key' must be an object or null, but is a string",
    ),
    (
        "primary key columns a string",
        lambda d: _table(d)["primary_key"].update(columns="id"),
        "table 'users', primary key: 'columns' must be a list, but is a string",
    ),
    (
        "uniques an object",
        lambda d: _table(d, "orgs").update(uniques={}),
        "table 'orgs': 'uniques' must be a list, but is an object",
    ),
    (
        "unique columns not names",
        lambda d: _table(d, "orgs")["uniques"][0].update(columns=[1]),
        "table 'orgs', unique constraint 'orgs_name_key': 'columns' must be a list of strings",
    ),
    (
        "check expression missing",
        lambda d: _table(d)["checks"][0].pop("expression"),
        "table 'users', check constraint 'users_email_check': 'expression' must be a string, but is missing",
    ),
    (
        "foreign key action unknown",
        lambda d: _table(d)["foreign_keys"][0].update(on_delete="explode"),
        "table 'users', foreign key 'users_org_id_fkey': 'on_delete' must be one of cascade, no action, "
        "restrict, set default, set null, not 'explode'",
    ),
    (
        "foreign key action a number",
        lambda d: _table(d)["foreign_keys"][0].update(on_update=1),
        "table 'users', foreign key 'users_org_id_fkey': 'on_update' must be a string, but is a number",
    ),
    (
        "foreign key without ref_table",
        lambda d: _table(d)["foreign_keys"][0].pop("ref_table"),
        "table 'users', foreign key 'users_org_id_fkey': 'ref_table' must be a string, but is missing",
    ),
    (
        "index unique a string",
        lambda d: _table(d)["indexes"][0].update(unique="yes"),
        "table 'users', index 'users_email_idx': 'unique' must be true or false, but is a string",
    ),
    (
        "index using a number",
        lambda d: _table(d)["indexes"][0].update(using=1),
        "table 'users', index 'users_email_idx': 'using' must be a string, but is a number",
    ),
    (
        "index where a list",
        lambda d: _table(d)["indexes"][0].update(where=[]),
        "table 'users', index 'users_email_idx': 'where' must be a string or null, but is a list",
    ),
    (
        "enums an object",
        lambda d: d.update(enums={}),
        "the snapshot: 'enums' must be a list, but is an object",
    ),
    ("enum a string", lambda d: d.update(enums=["level"]), "an enum: expected an object, found a string"),
    (
        "enum values not names",
        lambda d: d["enums"][0].update(values=[1, 2]),
        "enum 'level': 'values' must be a list of strings",
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), [s[1:] for s in SHAPES], ids=[s[0] for s in SHAPES])
def test_a_wrong_shape_is_one_line_naming_where(mutate: Mutation, expected: str) -> None:
    data = snapshot_dict()
    mutate(data)
    assert error_of(json.dumps(data, indent=2)) == f"schema.json: {expected}"


def test_a_snapshot_is_validated_like_any_schema() -> None:
    data = snapshot_dict()
    _table(data)["foreign_keys"][0]["ref_table"] = "teams"
    assert error_of(json.dumps(data)) == (
        "schema.json: foreign key 'users_org_id_fkey' on 'users' references missing table 'teams'"
    )


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=30,
)


@given(JSON_VALUES)
def test_dumps_writes_what_json_dumps_writes(value: object) -> None:
    """wesley-gen's own indented writer (fast) against the standard library's (slow)."""
    assert dumps(value) == json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_dumps_leaves_keys_that_are_not_strings_to_json_dumps() -> None:
    value = {"b": [1.5, {2: "two", 1: None}], "a": (True,), "c": [{2.5: "two", 1: None}, {True: 0}]}
    assert dumps(value) == json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


class _Spelled(str):
    """A string subclass, as a column's default is."""


RECORDS = st.lists(
    st.dictionaries(
        st.text() | st.sampled_from(["}", "},", "a},\n    {"]),
        st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.builds(_Spelled, st.text()),
        min_size=1,
        max_size=5,
    ),
    min_size=1,
    max_size=4,
)


@given(RECORDS)
def test_dumps_writes_a_list_of_records_as_json_dumps(records: list[dict[str, object]]) -> None:
    """A list of dictionaries of plain values (a table's columns) is written by the C encoder in
    one call, then indented where one record ends: strings that look like that place included."""
    value = {"tables": [{"columns": records, "name": "},\n      {"}], "top": records}
    assert dumps(value) == json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


@given(st.dictionaries(st.text(), JSON_VALUES, max_size=4))
def test_dumps_writes_a_dictionary_met_again_the_same_way(table: dict[str, object]) -> None:
    """One dictionary in several lists (a table both schemas of a contract share): copied where
    it meets it again at the same depth, written anew at another depth."""
    value = {"pre": {"tables": [table, {"x": 1}]}, "post": {"tables": [table]}, "deeper": [[table, table]]}
    assert dumps(value) == json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


@given(schemas())
def test_a_checksum_from_the_tables_texts_is_the_checksum(schema: Schema) -> None:
    """The contract encodes each table once and joins the texts (two versions share most)."""
    identity = to_dict(schema, annotations=False)
    texts = [compact_json(t) for t in identity["tables"]]
    assert checksum_of(identity, texts) == checksum_of(identity) == checksum(schema)


@given(st.dictionaries(st.text(), JSON_VALUES, max_size=4), st.lists(st.dictionaries(st.text(), JSON_VALUES)))
def test_a_checksum_from_table_texts_of_any_document_is_its_checksum(
    document: dict[str, Any], tables: list[dict[str, Any]]
) -> None:
    """Keys after ``tables`` (no identity form has one) are encoded whole, not spliced."""
    identity = document | {"tables": tables}
    assert checksum_of(identity, [compact_json(t) for t in tables]) == checksum_of(identity)


def _plain(table: Table) -> Table:
    """The table without its uid and tags, and its columns without theirs."""
    columns = tuple(replace(c, uid=None, tags=()) for c in table.columns)
    return replace(table, uid=None, tags=(), columns=columns)


@given(schemas(), st.data())
def test_schema_json_from_the_identity_form_is_the_same(schema: Schema, data: st.DataObject) -> None:
    """generate writes schema.json from the contract's identity form of the schema, taking the
    dictionaries of each table without annotations (the strategy annotates every table: some
    lose theirs here): the same text as from the schema alone."""
    plain = data.draw(st.lists(st.booleans(), min_size=len(schema.tables), max_size=len(schema.tables)))
    schema = replace(
        schema, tables=tuple(_plain(t) if p else t for t, p in zip(schema.tables, plain, strict=True))
    )
    assert canonical_json(schema, to_dict(schema, annotations=False)) == canonical_json(schema)
