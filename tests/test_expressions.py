"""The canonical spellings known without sqlglot are the ones sqlglot gives."""

from __future__ import annotations

import pytest

from wesley_gen.expressions import FAST_WORDS, _canonical, _parse, normalize_expression


@pytest.mark.parametrize("dialect", ["postgres", "sqlite"])
@pytest.mark.parametrize("word", [*FAST_WORDS, "now()"])
def test_words_read_without_sqlglot_read_as_sqlglot_reads_them(word: str, dialect: str) -> None:
    for spelled in (word, word.upper(), word.capitalize(), f"({word})"):
        assert normalize_expression(spelled, dialect) == _canonical(_parse(spelled, dialect)[0])
