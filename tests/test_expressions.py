"""The canonical spellings known without sqlglot are the ones sqlglot gives."""

from __future__ import annotations

import pytest

from tests.pgtools import run_ddl
from wesley_gen.diff import diff_schemas
from wesley_gen.expressions import (
    FAST_WORDS,
    Spelled,
    _canonical,
    _parse,
    absolute_timestamps,
    interval_output,
    normalize_expression,
    typed_by_columns,
    typed_default,
)
from wesley_gen.load import load_schema
from wesley_gen.load.sql import load_sql


@pytest.mark.parametrize("dialect", ["postgres", "sqlite"])
@pytest.mark.parametrize("word", [*FAST_WORDS, "now()"])
def test_words_read_without_sqlglot_read_as_sqlglot_reads_them(word: str, dialect: str) -> None:
    for spelled in (word, word.upper(), word.capitalize(), f"({word})"):
        assert normalize_expression(spelled, dialect) == _canonical(_parse(spelled, dialect)[0], dialect)


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


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        # as a file writes it / as the catalog prints it (TimeZone UTC, DateStyle ISO)
        (
            "last_update >= '2015-01-01 00:00:00'::timestamp with time zone",
            "(last_update >= '2015-01-01 00:00:00+00'::timestamp with time zone)",
        ),
        (
            "d < CAST('2015-01-01 02:30+02:30' AS timestamptz)",
            "(d < '2015-01-01 00:00:00+00'::timestamp with time zone)",
        ),
        (
            "d < '2015-01-01T10:00:00.250Z'::timestamptz",
            "(d < '2015-01-01 10:00:00.25+00'::timestamp with time zone)",
        ),
        (
            "d < '2015-01-01'::timestamp(0) with time zone",
            "(d < '2015-01-01 00:00:00+00'::timestamp(0) with time zone)",
        ),
        ("d < '2015-01-01 10:00+05'::timestamp", "(d < '2015-01-01 10:00:00'::timestamp without time zone)"),
        ("d >= '2015-1-1'::date", "(d >= '2015-01-01'::date)"),
        ("t >= '9:00'::time", "(t >= '09:00:00'::time without time zone)"),
        ("t >= '9:00+05:30'::timetz", "(t >= '09:00:00+05:30'::time with time zone)"),
        # money, as printed with lc_monetary C, by its amount
        ("'1.5'::money", "'$1.50'::money"),
        ("m < '1234.5'::money", "(m < '$1,234.50'::money)"),
        ("m > '-1'::money", "(m > '-$1.00'::money)"),
    ],
)
def test_a_date_time_literal_reads_as_postgresql_prints_its_value(written: str, stored: str) -> None:
    assert normalize_expression(written) == normalize_expression(stored)


@pytest.mark.parametrize(
    "kept",
    [
        "'now'::timestamptz",
        "'2015-02-30'::date",
        "'Jan 1 2015'::date",
        "'2015-01-01 1:00:00.55'::timestamp(1)",
    ],
)
def test_a_date_time_literal_this_does_not_read_is_kept_as_written(kept: str) -> None:
    assert normalize_expression(kept) == kept.split("::")[0]


def test_a_literal_compared_with_a_date_time_column_is_typed_by_the_column() -> None:
    types = {"d": "timestamptz", "e": "date", "t": "time"}
    written = Spelled(
        normalize_expression(
            "d >= '2015-01-01' AND e BETWEEN '2015-1-1' AND '2016-1-1' AND t IN ('9:00') AND n = '1'"
        ),
        "(d >= '2015-01-01') AND (e BETWEEN '2015-1-1' AND '2016-1-1') AND t IN ('9:00') AND n = '1'",
    )
    typed = typed_by_columns(written, types)
    assert typed == normalize_expression(
        "(d >= '2015-01-01 00:00:00+00'::timestamptz) AND (e BETWEEN '2015-01-01'::date AND '2016-01-01'::date)"
        " AND t IN ('09:00:00'::time) AND n = '1'"
    )
    # the DDL writes the instant, not a time of the server's own zone
    assert isinstance(typed, Spelled)
    assert typed.postgres == (
        "(d >= '2015-01-01 00:00:00+00') AND (e BETWEEN '2015-01-01' AND '2016-01-01') AND t IN ('09:00:00') AND n = '1'"
    )
    assert typed_default("'2015-01-01'", "timestamptz") == "'2015-01-01 00:00:00+00'"
    assert typed_default("'2015-01-01'", "text") == "'2015-01-01'"
    assert typed_default("'0'", "money") == "'0.00'"


def test_a_default_literal_cast_to_another_date_time_type_keeps_that_type() -> None:
    """``timestamptz DEFAULT '0001-01-01 00:00:00'::timestamp`` (sqldef's CreateTableWithDefault):
    PostgreSQL stores a timestamp, converted in the session's zone at each insert, and prints
    ``'0001-01-01 00:00:00'::timestamp without time zone``; read as the column's timestamptz it
    became ``'0001-01-01 00:00:00+00'``, the migration wrote that text in the cast, and the
    post-check found the stored timestamp."""
    written = Spelled("'0001-01-01 00:00:00'", "'0001-01-01 00:00:00'::timestamp without time zone")
    assert typed_default(written, "timestamptz") == "'0001-01-01 00:00:00'"
    assert typed_default(written, "timestamptz").postgres == written.postgres  # type: ignore[union-attr]
    same_type = Spelled("'2015-01-01 02:00:00+02'", "CAST('2015-01-01 02:00+02' AS timestamptz)")
    assert typed_default(same_type, "timestamptz") == "'2015-01-01 00:00:00+00'"


def test_a_timestamptz_literal_without_an_offset_is_written_with_utc_s() -> None:
    assert absolute_timestamps(
        "(d >= CAST('2015-01-01 00:00:00' AS timestamptz)) AND d < '2016-01-01 02:00+02'::timestamp with time zone"
        " AND e < '2015-01-01'::timestamp AND f < 'now'::timestamptz"
    ) == (
        "(d >= CAST('2015-01-01 00:00:00+00' AS timestamptz)) AND d < '2016-01-01 02:00+02'::timestamp with time zone"
        " AND e < '2015-01-01'::timestamp AND f < 'now'::timestamptz"
    )


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        # what PostgreSQL's parser rewrites before it stores a check: a file's text and the
        # catalog's (pg_get_constraintdef) compare equal, so the contract's schema check passes
        ("n BETWEEN 1 AND 10", "((n >= 1) AND (n <= 10))"),
        ("n NOT BETWEEN 1 AND 10", "((n < 1) OR (n > 10))"),
        ("NOT (n BETWEEN 1 AND 10)", "(NOT ((n >= 1) AND (n <= 10)))"),
        ("n BETWEEN SYMMETRIC 1 AND 5", "(((n >= 1) AND (n <= 5)) OR ((n >= 5) AND (n <= 1)))"),
        ("n NOT BETWEEN SYMMETRIC 5 AND 1", "(((n < 5) OR (n > 1)) AND ((n < 1) OR (n > 5)))"),
        ("x OR length(s) BETWEEN 1 AND 80", "(x OR ((length(s) >= 1) AND (length(s) <= 80)))"),
        ("code SIMILAR TO '[0-9]{3}'", "(code ~ similar_to_escape('[0-9]{3}'::text))"),
        ("code NOT SIMILAR TO 'a#_' ESCAPE '#'", "(code !~ similar_to_escape('a#_'::text, '#'::text))"),
        ("(a, b) < (10, 20)", "(ROW(a, b) < ROW(10, 20))"),
        ("n NOT IN (0, 13)", "(n <> ALL (ARRAY[0, 13]))"),
        # one value is one comparison; IS NOT DISTINCT FROM is the negated IS DISTINCT FROM
        ("status IN ('pending')", "(status = 'pending'::text)"),
        ("status NOT IN ('pending')", "(status <> 'pending'::text)"),
        ("status = ANY (ARRAY['pending'::text])", "(status = 'pending'::text)"),
        ("status <> ALL (ARRAY['pending'::text])", "(status <> 'pending'::text)"),
        ("a IS NOT DISTINCT FROM b", "(NOT (a IS DISTINCT FROM b))"),
        ("NOT a IS NOT DISTINCT FROM b AND c", "((NOT (NOT (a IS DISTINCT FROM b))) AND c)"),
        (
            "s NOT IN ('a', 'b')",
            "((s)::text <> ALL ((ARRAY['a'::character varying, 'b'::character varying])::text[]))",
        ),
        # a call of a VARIADIC function: the parser gathers the trailing arguments in an array
        (
            "jsonb_extract_path_text(doc, 'a', 'b')",
            "jsonb_extract_path_text(doc, VARIADIC ARRAY['a'::text, 'b'::text])",
        ),
        (
            "lower(jsonb_extract_path_text(doc, 'a'))",
            "lower(jsonb_extract_path_text(doc, VARIADIC ARRAY['a'::text]))",
        ),
    ],
)
def test_an_expression_reads_as_postgresql_rewrites_it(written: str, stored: str) -> None:
    assert normalize_expression(written) == normalize_expression(stored)


def test_bit_varying_reads_as_varbit_and_is_no_alias() -> None:
    """The catalog's ``B'101'::bit varying`` (sqlglot reads ``varying`` as an alias)."""
    assert normalize_expression("B'101'::bit varying") == normalize_expression("B'101'::varbit")
    assert normalize_expression("NULL::bit varying") == "NULL"
    assert normalize_expression("'bit varying'") == "'bit varying'"
    assert (
        normalize_expression("$$bit varying$$")
        == normalize_expression("$q$bit varying$q$")
        == "'bit varying'"
    )


def test_a_variadic_argument_that_is_not_an_array_of_values_is_kept() -> None:
    """``VARIADIC p`` (an array column) or an empty array cannot be spread into arguments."""
    assert normalize_expression("f(a, VARIADIC p)") == "F(a, VARIADIC p)"
    assert "VARIADIC" in normalize_expression("f(VARIADIC ARRAY[]::text[])")


def test_an_integer_column_met_by_a_numeric_value_is_cast_to_numeric_as_stored() -> None:
    types = {"qty": "integer", "price": "numeric", "pct": "numeric"}
    assert typed_by_columns(
        normalize_expression("qty * price * (1 - pct / 100)"), types
    ) == normalize_expression("(((qty)::numeric * price) * ((1)::numeric - (pct / (100)::numeric)))")
    assert typed_by_columns(normalize_expression("price > qty + (pct * 2)"), types) == normalize_expression(
        "(price > ((qty)::numeric + (pct * (2)::numeric)))"
    )
    assert typed_by_columns(normalize_expression("qty * 2 > 1"), types) == "qty * 2 > 1"


@pytest.mark.parametrize(
    ("written", "type_name", "stored"),
    [
        ("'0.0000000000123456789'", "numeric", "0.0000000000123456789"),
        ("'1e3'", "numeric", "1000"),
        ("'-0.0'", "numeric", "0.0"),
        ("'NaN'", "numeric", "'NaN'"),
        ("' -5 '", "bigint", "-5"),
        ("'five'", "integer", "'five'"),
        ("'5'", "text", "'5'"),
        ("'true'", "boolean", "TRUE"),
        ("' Y '", "boolean", "TRUE"),
        ("'of'", "boolean", "FALSE"),
        ("'o'", "boolean", "'o'"),
    ],
)
def test_a_string_default_of_a_number_column_is_the_number_stored(
    written: str, type_name: str, stored: str
) -> None:
    assert typed_default(written, type_name) == stored


NUMBERS = """
CREATE TABLE t (
    qty integer, price numeric(10,2), pct numeric(5,2) DEFAULT '0.125', i integer DEFAULT '-5',
    n numeric DEFAULT '1e3', b boolean DEFAULT 'yes', f boolean DEFAULT boolean 'f', total numeric GENERATED ALWAYS AS (qty * price * (1 - pct / 100)) STORED,
    CHECK (price > qty)
);
"""


def test_number_defaults_and_numeric_arithmetic_read_as_the_catalog_keeps_them(pg_url: str) -> None:
    run_ddl(pg_url, NUMBERS)
    assert diff_schemas(load_schema(pg_url).schema, load_sql(NUMBERS, "s.sql").schema).changes == ()


def test_sqlite_keeps_between_and_date_literals_as_written() -> None:
    assert normalize_expression("n BETWEEN 1 AND 10", "sqlite") == "n BETWEEN 1 AND 10"
    assert normalize_expression("d > CAST('2015-1-1' AS DATE)", "sqlite") == "d > '2015-1-1'"


def test_an_integer_column_met_by_a_fraction_is_cast_to_numeric_as_stored() -> None:
    types = {"cents": "integer", "n": "numeric"}
    assert typed_by_columns(normalize_expression("cents / 100.0 + n * 1.5"), types) == normalize_expression(
        "(((cents)::numeric / 100.0) + (n * 1.5))"
    )
    assert (
        typed_by_columns(normalize_expression("cents > 1 AND cents < 10"), types)
        == "cents > 1 AND cents < 10"
    )


def test_a_numeric_of_more_digits_than_decimals_default_precision_is_printed_at_its_scale() -> None:
    """numeric holds far more than 28 digits: ``numeric(38,2)``'s largest values (and longer ones,
    unconstrained) print at the scale asked for, not a decimal.InvalidOperation traceback."""
    from wesley_gen.expressions import numeric_text

    assert numeric_text("1" * 36 + ".005", (38, 2)) == "1" * 36 + ".01"
    assert numeric_text("-" + "9" * 60, (70, 3)) == "-" + "9" * 60 + ".000"


@pytest.mark.parametrize(
    "written",
    [
        "x = ANY (ARRAY[1])",
        "x <> ALL (ARRAY[1])",
        "x = ANY (ARRAY['a'::text])",
        "x <> ALL ((ARRAY['a'::character varying])::text[])",
        "x IN (1)",
        "x NOT IN (1)",
        "x = ANY (ARRAY[1, 2])",
        "x <> ALL (ARRAY[1, 2])",
        "x IN (1, 2)",
        "x NOT IN (1, 2)",
    ],
)
def test_the_canonical_spelling_of_in_and_any_is_its_own_canonical_spelling(written: str) -> None:
    """A one-element array is one comparison, as PostgreSQL stores ``x IN (a)``: normalising
    a canonical text again leaves it as it is."""
    once = normalize_expression(written)
    assert normalize_expression(once) == once
