"""The table of constructs in the code (wesley_gen/load/constructs.py) against what the code
does, and docs/inputs.md against the table."""

from __future__ import annotations

from pathlib import Path

import pytest

from wesley_gen.diff import check_others
from wesley_gen.errors import WesleyGenError
from wesley_gen.hints import Hints
from wesley_gen.load import load_text
from wesley_gen.load.constructs import (
    COMPARED,
    CONSTRUCTS,
    GROUPS,
    MODELLED,
    REFUSED,
    SKIPPED,
    Construct,
    markers,
    rewrite,
)
from wesley_gen.load.loaded import Loaded
from wesley_gen.model import Schema
from wesley_gen.plan import Options, plan_migration

INPUTS = Path(__file__).resolve().parent.parent / "docs" / "inputs.md"


def _generate(row: Construct) -> tuple[Loaded, int]:
    """Load the row's example and generate it from nothing for its dialect, as `generate`
    does (objects outside the model checked first): the load and the number of changes."""
    loaded = load_text(row.example, "new.sql", suffix=".sql", dialect=row.source_dialect)
    check_others(Schema(()), loaded.schema, "old.sql", "new.sql", dialect=row.dialect)
    migration = plan_migration(
        Schema(()), loaded.schema, Hints(), dialect=row.dialect, migration_id="0001_case", options=Options()
    )
    return loaded, len(migration.changes)


def _error(row: Construct) -> str | None:
    try:
        _generate(row)
    except WesleyGenError as error:
        return error.reason
    return None


@pytest.mark.parametrize("row", CONSTRUCTS, ids=lambda row: f"{row.dialect}-{row.construct}")
def test_each_row_states_what_the_code_does(row: Construct) -> None:
    assert row.group in GROUPS
    if row.status == MODELLED:  # kept, not skipped: no warning, and something to create
        loaded, changes = _generate(row)
        assert not loaded.warnings and changes and not row.message, loaded.warnings
    elif row.status == SKIPPED:
        loaded, _ = _generate(row)
        assert row.message and any(row.message in w for w in loaded.warnings), loaded.warnings
    elif row.status == COMPARED:  # refused when it differs, named when it is the same on both sides
        error = _error(row)
        assert error is not None and row.message and row.message in error, error
        schema = load_text(row.example, "new.sql", suffix=".sql", dialect=row.source_dialect).schema
        assert check_others(schema, schema, "old.sql", "new.sql", dialect=row.dialect)
    else:
        assert row.status == REFUSED
        error = _error(row)
        assert error is not None and row.message and row.message in error, error


def test_docs_inputs_lists_the_rows() -> None:
    text = INPUTS.read_text(encoding="utf-8")
    assert rewrite(text) == text, "docs/inputs.md is out of date: run make docs"


def test_a_group_missing_from_the_document_is_named() -> None:
    with pytest.raises(ValueError, match="'objects'"):
        rewrite(INPUTS.read_text(encoding="utf-8").replace(markers("objects")[0], ""))
