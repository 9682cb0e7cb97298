"""The golden cases: the diff of every ``golden/<case>/`` pair, as JSON and as text."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from syrupy.assertion import SnapshotAssertion

from tests.golden import GoldenCase, golden_cases, golden_file
from wesley_gen.api.changes import diff_sources
from wesley_gen.documents.diff import parse_diff
from wesley_gen.model import dumps
from wesley_gen.render.text import render_diff_text

CASES = golden_cases()
DIFF_SCHEMA = json.loads(
    (Path(__file__).parent.parent / "docs" / "schema" / "diff.schema.json").read_text(encoding="utf-8")
)


def test_the_issue_cases_exist() -> None:
    names = {case.name for case in CASES}
    assert {
        "add_required_email",
        "type_widening",
        "string_to_int",
        "string_to_int_with_cast",
        "only_removals",
        "rename_by_hint",
        "new_tables_fk_cycle",
        "identical",
        "unique_and_index_added",
    } <= names


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_diff_json(case: GoldenCase, snapshot: SnapshotAssertion) -> None:
    report = diff_sources(str(case.old), str(case.new), hints=case.hints, dialect=case.dialect)
    jsonschema.validate(report.document.to_dict(), DIFF_SCHEMA)
    expected = snapshot(extension_class=golden_file(case.expected("diff.json")))
    assert dumps(report.document.to_dict()) == expected


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_diff_text(case: GoldenCase, snapshot: SnapshotAssertion) -> None:
    report = diff_sources(str(case.old), str(case.new), hints=case.hints, dialect=case.dialect)
    expected = snapshot(extension_class=golden_file(case.expected("diff.txt")))
    assert render_diff_text(report.document) == expected


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_diff_reader_and_writer_round_trip(case: GoldenCase) -> None:
    """Every golden diff.json reads back to a value that writes the same bytes."""
    path = case.expected("diff.json")
    text = path.read_text(encoding="utf-8")
    assert dumps(parse_diff(json.loads(text), str(path)).to_dict()) == text
