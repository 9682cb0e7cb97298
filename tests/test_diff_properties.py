"""Properties of the diff over generated schemas (hypothesis; see tests/strategies.py).

- diff(a, a) is empty;
- diff(a, b) and diff(b, a) are mirror images: the reverses of one are the other;
- diff(a, b) can run: applied to a by a model interpreter that refuses what a database
  would refuse, it gives b; and its reverses, run backwards from b, give a again;
- a whole schema can be created from nothing and dropped again (foreign-key cycles);
- loading the snapshot of a model gives the model back.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.strategies import apply_changes, col, same_structure, schema, schema_pairs, schemas, table
from wesley_gen.diff import diff_schemas
from wesley_gen.hints import Hints
from wesley_gen.load import DIALECTS, load_text
from wesley_gen.model import Schema, canonical_json, checksum, to_dict
from wesley_gen.validate import validate

# Generated schemas are small and cheap: many examples, no deadline on a slow machine.
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
dialects = st.sampled_from(DIALECTS)


@PROPERTY
@given(schema_pairs())
def test_generated_schemas_are_valid(pair: tuple[Schema, Schema]) -> None:
    for version in pair:
        validate(version, "generated")


@PROPERTY
@given(schemas(), dialects)
def test_a_schema_has_no_changes_against_itself(schema: Schema, dialect: str) -> None:
    result = diff_schemas(schema, schema, dialect=dialect)
    assert result.changes == result.errors == result.suggestions == ()


@PROPERTY
@given(schema_pairs(), dialects)
def test_the_diff_backwards_is_the_mirror_image(pair: tuple[Schema, Schema], dialect: str) -> None:
    old, new = pair
    forward = diff_schemas(old, new, dialect=dialect)
    backward = diff_schemas(new, old, dialect=dialect)
    assert Counter(change.reverse() for change in forward.changes) == Counter(backward.changes)
    # A type change refused one way is refused the other way too.
    assert Counter((e.kind, e.table, e.column) for e in forward.errors) == Counter(
        (e.kind, e.table, e.column) for e in backward.errors
    )
    assert Counter((s.table, s.from_, s.to) for s in forward.suggestions) == Counter(
        (s.table, s.to, s.from_) for s in backward.suggestions
    )


def _casting_every_refusal(old: Schema, new: Schema, dialect: str) -> Hints:
    """Hints with a --cast for every incompatible type change, so the diff is complete."""
    errors = diff_schemas(old, new, dialect=dialect).errors
    return Hints(casts=tuple(sorted((e.table or "", e.column or "", "CAST(...)") for e in errors)))


# Found by it: a table renamed with its key (t2_pkey → xr4_pkey), and a new table referencing that key
# (its undo drops a table referencing a renamed key: the other half).
_KEY_RENAMED_WITH_ITS_TABLE = (
    schema(table("t2", col("c0"), pk=["c0"], uid="u2")),
    schema(table("xr4", col("c0"), pk=["c0"], uid="u2"), table("xn0", col("c0"), fk=[("c0", "xr4", "c0")])),
)


@PROPERTY
@given(schema_pairs(), dialects)
@example(_KEY_RENAMED_WITH_ITS_TABLE, "postgres")
def test_the_diff_runs_and_arrives_and_its_reverse_comes_back(
    pair: tuple[Schema, Schema], dialect: str
) -> None:
    old, new = pair
    result = diff_schemas(old, new, _casting_every_refusal(old, new, dialect), dialect=dialect)
    assert result.errors == ()
    assert same_structure(apply_changes(old, result.changes), new)
    undo = [change.reverse() for change in reversed(result.changes)]
    assert same_structure(apply_changes(new, undo), old)


@PROPERTY
@given(schemas(max_tables=6), dialects)
def test_a_schema_can_be_built_from_nothing_and_dropped_entirely(schema: Schema, dialect: str) -> None:
    """Generated schemas often have foreign-key cycles: creating and dropping must break them."""
    built = diff_schemas(Schema(), schema, dialect=dialect)
    assert same_structure(apply_changes(Schema(), built.changes), schema)
    dropped = diff_schemas(schema, Schema(), dialect=dialect)
    assert apply_changes(schema, dropped.changes) == Schema()
    assert Counter(c.reverse() for c in built.changes) == Counter(dropped.changes)


@PROPERTY
@given(schema_pairs())
def test_reverse_of_reverse_is_the_change(pair: tuple[Schema, Schema]) -> None:
    for change in diff_schemas(*pair).changes:
        assert change.reverse().reverse() == change


@PROPERTY
@given(schemas())
def test_loading_the_snapshot_of_a_model_gives_the_model_back(schema: Schema) -> None:
    loaded = load_text(canonical_json(schema), "schema.json", suffix=".json").schema
    assert loaded == schema
    assert checksum(loaded) == checksum(schema)
    assert to_dict(loaded) == to_dict(schema)  # annotations (uids, tags) survive too
