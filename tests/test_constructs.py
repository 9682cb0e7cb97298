"""The table of constructs in the code (wesley_gen/load/constructs.py) against what the code
does, and docs/inputs.md against the table."""

from __future__ import annotations

from pathlib import Path

import pytest

from wesley_gen.errors import WesleyGenError
from wesley_gen.hints import Hints
from wesley_gen.load import load_text
from wesley_gen.load.constructs import CONSTRUCTS, MARKERS, MODELLED, REFUSED, Construct, markdown
from wesley_gen.model import Schema
from wesley_gen.plan import Options, plan_migration

INPUTS = Path(__file__).resolve().parent.parent / "docs" / "inputs.md"


def _error(row: Construct) -> str | None:
    """What loading the row's example and generating it from nothing for its dialect says, if it fails."""
    try:
        new = load_text(row.example, "new.sql", suffix=".sql", dialect=row.dialect).schema
        plan_migration(
            Schema(()), new, Hints(), dialect=row.dialect, migration_id="0001_case", options=Options()
        )
    except WesleyGenError as error:
        return error.reason
    return None


@pytest.mark.parametrize("row", CONSTRUCTS, ids=lambda row: f"{row.dialect}-{row.construct}")
def test_each_row_states_what_the_code_does(row: Construct) -> None:
    assert row.status in (MODELLED, REFUSED)
    error = _error(row)
    if row.status == MODELLED:
        assert error is None and not row.message
    else:
        assert error is not None and row.message and row.message in error, error


def test_docs_inputs_lists_the_rows() -> None:
    text = INPUTS.read_text(encoding="utf-8")
    start, end = text.index(MARKERS[0]) + len(MARKERS[0]), text.index(MARKERS[1])
    assert text[start:end] == "\n" + markdown(), "docs/inputs.md is out of date: run make docs"
