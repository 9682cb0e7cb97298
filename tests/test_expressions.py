"""The canonical spellings known without sqlglot are the ones sqlglot gives."""

from __future__ import annotations

import pytest

from wesley_gen.expressions import FAST_WORDS, _canonical, _parse, interval_output, normalize_expression


@pytest.mark.parametrize("dialect", ["postgres", "sqlite"])
@pytest.mark.parametrize("word", [*FAST_WORDS, "now()"])
def test_words_read_without_sqlglot_read_as_sqlglot_reads_them(word: str, dialect: str) -> None:
    for spelled in (word, word.upper(), word.capitalize(), f"({word})"):
        assert normalize_expression(spelled, dialect) == _canonical(_parse(spelled, dialect)[0])


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        # as a file writes it / as the catalog prints it (pg_get_expr), one canonical spelling
        ("now() + interval '7 days'", "(now() + '7 days'::interval)"),
        ("now() + INTERVAL '1 week'", "(now() + '7 days'::interval)"),
        ("created_at < now() - interval '90 days'", "(created_at < (now() - '90 days'::interval))"),
        (
            "ends - starts <= CAST('1 hour 30 minutes' AS interval)",
            "((ends - starts) <= '01:30:00'::interval)",
        ),
        ("INTERVAL '2 hours'", "'02:00:00'::interval"),
        ("interval '13 months'", "'1 year 1 mon'::interval"),
        ("INTERVAL '7' DAY", "'7 days'::interval"),
        ("interval '1 day 2 hours'", "'1 day 02:00:00'::interval"),
    ],
)
def test_an_interval_literal_reads_as_postgresql_prints_it(written: str, stored: str) -> None:
    assert normalize_expression(written) == normalize_expression(stored)


def test_an_interval_keeps_its_type_inside_an_expression_and_a_form_not_read_is_kept() -> None:
    # `now() - '90 days'` would read the text as a timestamp: the cast stays where it matters
    assert (
        normalize_expression("now() - interval '90 days'")
        == "CURRENT_TIMESTAMP - CAST('90 days' AS INTERVAL)"
    )
    assert normalize_expression("'7 days'::interval") == "'7 days'"  # a whole default: the column types it
    assert interval_output("1.5 days") is None  # a fraction of a day: kept as written
    assert interval_output("-1 day") is None and interval_output("1 day ago") is None
    assert (interval_output("0 seconds"), interval_output("36 hours"), interval_output("1.25")) == (
        "00:00:00",
        "36:00:00",
        None,
    )
    assert interval_output("00:00:01.5") == "00:00:01.5"
