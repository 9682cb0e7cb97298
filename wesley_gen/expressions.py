"""Canonical text for SQL expressions (column defaults, check constraints, index predicates).

The same default reaches us spelled many ways: ``now()`` in a schema file,
``CURRENT_TIMESTAMP`` from SQLite, ``'x'::text`` or ``(0)::numeric`` from
``pg_dump``.  Every loader passes expressions through :func:`normalize_expression`
so that equal meanings give equal strings.  The canonical spelling is sqlglot's
PostgreSQL rendering with literal casts and redundant parentheses removed.

Plain literals, by far the most common defaults, are recognised without importing
sqlglot, which keeps large schema files fast to load.

A foundation module, not a loader's: the model keeps expressions in this spelling,
so whatever rewrites one after loading (an index key whose column is renamed, in
``identifiers``) spells the result the same way.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlglot import exp

# Deepest nesting of an expression (a tree of operators, calls and parentheses) that
# wesley-gen reads.  Every later stage (diff, render, plan) recurses over expressions;
# at this depth each of them still has room under Python's recursion limit.
MAX_NESTING = 100
TOO_DEEP = f"nested too deeply: wesley-gen reads expressions at most {MAX_NESTING} levels deep"

_NUMBER = re.compile(r"^-?(?:\d+(?:\.\d*)?|\.\d+)$")
_STRING = re.compile(r"^'(?:[^']|'')*'$")
_CAST_SUFFIX = re.compile(r"::\s*[a-z_][a-z0-9_ .\"]*(?:\(\s*\d+(?:\s*,\s*\d+)?\s*\))?(?:\[\])*$", re.I)
# The words after the first of a type's name in a cast (double precision, timestamp(3) with time zone).
_TYPE_WORDS = frozenset({"precision", "varying", "with", "without", "time", "zone"})
_TEXT_TYPES = frozenset({"TEXT", "VARCHAR"})
# Quoted text is skipped whole; a bracket opens after a word (a call) or alone.
_CALL_TOKENS = re.compile(
    r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|(?P<open>(?:(?P<word>\w+)\s*)?\()|(?P<close>\))"
)
_MAX_TYPE_CALLS = 8
# Quoted text as _CALL_TOKENS skips it, and what is not a bracket.
_QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")
_NOT_BRACKETS = re.compile(r"[^()]+")
_NUMERIC_TYPES = frozenset(
    {"INT", "BIGINT", "SMALLINT", "DECIMAL", "FLOAT", "DOUBLE", "REAL", "TINYINT", "NUMERIC"}
)


class ExpressionError(ValueError):
    """An expression that does not parse; loaders add the location."""


class TooDeep(ExpressionError):
    """An expression nested deeper than the stages after loading can follow."""


# Words (and PostgreSQL's now()) whose canonical form is known without sqlglot, uncast: the
# clock's are the commonest defaults after literals.  tests/test_expressions.py holds them to
# sqlglot's reading.
FAST_WORDS = {
    "true": "TRUE",
    "false": "FALSE",
    "null": "NULL",
    "current_timestamp": "CURRENT_TIMESTAMP",
    "current_date": "CURRENT_DATE",
}


def _fast_literal(text: str, dialect: str) -> str | None:
    """Canonical form of a bare literal (optionally cast), or ``None`` when sqlglot is needed."""
    body = _strip_parens(text.strip())
    cast = _CAST_SUFFIX.search(body)
    if cast is not None and not _TYPE_WORDS.issuperset(
        re.sub(r"\(.*?\)|\[\]", " ", cast.group(0)).split()[1:]
    ):
        return None  # not a cast after all: 'a'::text IS NFC NORMALIZED, 'a'::text IS NULL
    if cast is not None:
        if cast.group(0)[2:].strip().lower().startswith("interval"):
            return None  # spelled as the server prints it: _canonical's interval rule
        body = _strip_parens(body[: cast.start()].strip())
        written = cast.group(0)[2:].lower()
        time_type = _CAST_TYPES.get(" ".join(re.sub(r"\(\s*\d+\s*\)", " ", written).split()))
        if time_type is not None and dialect == "postgres" and _STRING.match(body):
            precision = [int(digits) for digits in re.findall(r"\d+", written)]
            typed = typed_literal(body[1:-1].replace("''", "'"), time_type, *precision[:1])
            return body if typed is None else f"'{typed}'"
    if _NUMBER.match(body):
        return body
    if _STRING.match(body):
        literal = body[1:-1].replace("''", "'")
        if cast is not None and _NUMBER.match(literal) and _is_numeric_cast(cast.group(0)):
            return literal
        return body
    if cast is None:
        word = body.lower()
        if dialect == "postgres" and word == "now()":
            return "CURRENT_TIMESTAMP"
        return FAST_WORDS.get(word)
    return None


def _strip_parens(text: str) -> str:
    while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    return text


def _is_numeric_cast(cast: str) -> bool:
    name = cast[2:].strip().lower().split("(")[0].strip()
    return name in {
        "integer", "int", "int2", "int4", "int8", "bigint", "smallint", "numeric",
        "decimal", "real", "double precision", "float4", "float8",
    }  # fmt: skip


def _balanced(text: str) -> bool:
    depth = 0
    quoted = False
    for char in text:
        if char == "'":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 and not quoted


@lru_cache(maxsize=8192)
def normalize_expression(text: str, dialect: str = "postgres") -> str:
    """Return the canonical spelling of ``text`` read in ``dialect``.

    Raises :class:`ExpressionError` when the text does not parse.
    """
    fast = _fast_literal(text, dialect)
    if fast is not None:
        return fast
    from sqlglot import exp

    trees = _parse(text, dialect)
    if len(trees) != 1:
        raise ExpressionError(f"expected one expression, got {len(trees)} statements: {text!r}")
    tree = trees[0]
    # A statement is never a value: `DROP TABLE users` must not become a default.
    if isinstance(tree, exp.DDL | exp.DML | exp.Query | exp.Command | exp.Drop | exp.Alter):
        raise ExpressionError(f"expected an expression, not a {tree.key.upper()} statement: {text!r}")
    canonical = _canonical(tree, dialect)
    if dialect == "sqlite" and canonical == _sqlite_uuid():
        return UUID_DEFAULT  # how wesley-gen writes gen_random_uuid() on SQLite, read back
    return canonical


UUID_DEFAULT = "GEN_RANDOM_UUID()"
# SQLite has no function that makes a uuid (sqlglot spells gen_random_uuid() there as UUID(),
# which fails when called): a version-4 uuid of random bytes, which SQLite evaluates in a
# DEFAULT clause and in a rebuild's copy.  Read back from SQLite, it is gen_random_uuid() again.
SQLITE_UUID = (
    "LOWER(HEX(RANDOMBLOB(4)) || '-' || HEX(RANDOMBLOB(2)) || '-4' || SUBSTR(HEX(RANDOMBLOB(2)), 2) || '-' "
    "|| SUBSTR('89ab', 1 + (ABS(RANDOM()) % 4), 1) || SUBSTR(HEX(RANDOMBLOB(2)), 2) || '-' "
    "|| HEX(RANDOMBLOB(6)))"
)


@lru_cache(maxsize=1)
def _sqlite_uuid() -> str:
    """The canonical text of :data:`SQLITE_UUID`."""
    return _canonical(_parse(SQLITE_UUID, "sqlite")[0], "sqlite")


def check_depth(text: str, dialect: str = "postgres") -> None:
    """Raise :class:`TooDeep` for ``text`` nested deeper than wesley-gen follows.

    Only an expression long enough to nest that deeply (each level takes a
    character) is parsed to measure it; text that does not parse passes.
    """
    if len(text) > MAX_NESTING:
        try:
            _parse(text, dialect)
        except TooDeep:
            raise
        except ExpressionError:
            pass


def _parse(text: str, dialect: str) -> list[exp.Expr]:
    """The trees of ``text``, each nested at most :data:`MAX_NESTING` levels deep."""
    import sqlglot

    check_type_calls(text, dialect)
    if dialect == "postgres":
        text = normalized_as_calls(_BIT_VARYING.sub(lambda m: m[1] or "varbit", text))
    try:
        trees = [t for t in sqlglot.parse(text, read=dialect) if t is not None]
    except RecursionError:
        raise TooDeep(TOO_DEEP) from None
    except Exception as error:  # a SqlglotError, or one of sqlglot's own slips on broken text
        raise ExpressionError(f"cannot parse expression {text!r}") from error
    if any(_depth(tree) > MAX_NESTING for tree in trees):
        raise TooDeep(TOO_DEEP)
    return trees


# PostgreSQL's type name `bit varying` (the catalog's), which sqlglot reads as `bit` with an
# alias: read as its other name, varbit (quoted text, and a dollar-quoted $tag$…$tag$, is kept whole).
_BIT_VARYING = re.compile(
    rf"({_QUOTED.pattern}|\$(?P<tag>(?:[^\W\d]\w*)?)\$.*?\$(?P=tag)\$)|\bbit\s+varying\b", re.I | re.S
)


# PostgreSQL's `x IS [NOT] [NFC|NFD|NFKC|NFKD] NORMALIZED`, which sqlglot cannot read, and what
# ends its operand on the left: an open bracket, a comma, or a word that binds more loosely
# than IS (quoted text is skipped whole).
_NORMALIZED_TOKENS = re.compile(
    r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\""
    r"|(?P<normalized>\bIS\s+(?P<negated>NOT\s+)?(?:(?P<form>NFK?[CD])\s+)?NORMALIZED\b)"
    r"|(?P<open>\()|(?P<close>\))|(?P<boundary>,|\b(?:AND|OR|NOT|WHEN|THEN|ELSE)\b)",
    re.I,
)
NORMALIZED_CALL = "pg_catalog.is_normalized"


def normalized_as_calls(text: str) -> str:
    """``text`` with each ``x IS [NOT] [form] NORMALIZED`` written as a call of
    :data:`NORMALIZED_CALL`, which sqlglot reads (it takes the form for an alias).

    The canonical spelling keeps the call qualified: a call written ``is_normalized(x, 'NFC')``
    is stored and dumped by PostgreSQL unlike the predicate, so the two must not compare equal.
    :func:`normalized_as_syntax` turns the call back into the predicate for DDL.
    """
    if "normalized" not in text.lower():
        return text
    while True:
        starts = [0]  # where the operand at each bracket depth begins
        for match in _NORMALIZED_TOKENS.finditer(text):
            if match.group("open"):
                starts.append(match.end())
            elif match.group("close"):
                if len(starts) > 1:
                    starts.pop()
            elif match.group("boundary"):
                starts[-1] = match.end()
            elif match.group("normalized"):
                operand = text[starts[-1] : match.start()].strip()
                if not operand:
                    return text  # no operand: left for sqlglot to refuse
                form = f", '{match.group('form').upper()}'" if match.group("form") else ""
                call = f"{'NOT ' if match.group('negated') else ''}{NORMALIZED_CALL}({operand}{form})"
                text = f"{text[: starts[-1]]} {call} {text[match.end() :]}"
                break
        else:
            return text


def normalized_as_syntax(tree: exp.Expr) -> exp.Expr:
    """``tree`` with each call of :data:`NORMALIZED_CALL` written back as PostgreSQL's
    ``(x IS form NORMALIZED)``, as DDL must write it to be stored as the predicate."""
    from sqlglot import exp

    def syntax(node: exp.Expr) -> exp.Expr:
        if not (
            isinstance(node, exp.Dot)
            and isinstance(node.expression, exp.Anonymous)
            and node.sql(dialect="postgres").startswith(f"{NORMALIZED_CALL}(")
        ):
            return node
        operand, *form = node.expression.expressions
        written = operand.sql(dialect="postgres")
        if not isinstance(operand, exp.Column | exp.Func | exp.Literal | exp.Paren):
            written = f"({written})"
        words = [form[0].name] if form else []
        return exp.var(" ".join(["(" + written, "IS", *words, "NORMALIZED)"]))

    return tree.transform(syntax)


def conjuncts(text: str) -> frozenset[str]:
    """The terms ``AND`` joins at the top of a canonical expression, each as canonical text: an
    expression whose terms include all of another's is that one with conditions added, so it
    lets no more rows through (what classifies a policy change as narrowing)."""
    from sqlglot import exp

    tree = _parse(text, "postgres")[0].unnest()
    parts = tree.flatten() if isinstance(tree, exp.And) else [tree]
    return frozenset(part.unnest().sql(dialect="postgres") for part in parts)


def check_type_calls(text: str, dialect: str) -> None:
    """Refuse calls named like types (``date(date(…))``) nested deeper than sqlglot reads in time.

    sqlglot reads ``date(`` first as a type, then as a call: each such call nested
    in another doubles the time a parse takes.
    """
    if text.count("(") <= _MAX_TYPE_CALLS or _shallow(text):
        return  # too few brackets, or too shallow, to nest that deeply
    depth = 0
    opened: list[bool] = []  # for each open bracket: does it belong to a type-named call?
    for match in _CALL_TOKENS.finditer(text):
        if match.group("close"):
            if opened and opened.pop():
                depth -= 1
        elif match.group("open"):
            typed = (match.group("word") or "").upper() in _type_words(dialect)
            opened.append(typed)
            depth += typed
            if depth > _MAX_TYPE_CALLS:
                raise TooDeep(
                    f"nested too deeply: more than {_MAX_TYPE_CALLS} calls named like types "
                    "(date(…), struct(…)) inside one another"
                )


def _shallow(text: str) -> bool:
    """True when no bracket outside quotes is open inside more than :data:`_MAX_TYPE_CALLS`
    others, told by string operations in C: the brackets alone, their innermost pairs
    removed once a level.  Then no call named like a type can nest deeper either."""
    brackets = _NOT_BRACKETS.sub("", _QUOTED.sub("", text))
    for _ in range(_MAX_TYPE_CALLS):
        if "(" not in brackets:
            return True
        brackets = brackets.replace("()", "")
    return "(" not in brackets


@lru_cache(maxsize=4)
def _type_words(dialect: str) -> frozenset[str]:
    from sqlglot.dialects.dialect import Dialect

    chosen = Dialect.get_or_raise(dialect)
    types = chosen.parser_class.TYPE_TOKENS
    return frozenset(word for word, token in chosen.tokenizer_class.KEYWORDS.items() if token in types)


def _depth(tree: exp.Expr) -> int:
    """How deeply ``tree`` nests operators and calls.

    Parentheses add no level (PostgreSQL prints one around every operator), and a
    chain of ANDs or of ORs is one level: sqlglot reads and writes those without
    recursing.
    """
    from sqlglot import exp

    deepest = 0
    pending = [(tree, 1)]
    while pending:
        node, depth = pending.pop()
        deepest = max(deepest, depth)
        for child in node.iter_expressions():
            same = isinstance(child, exp.Paren) or (
                isinstance(child, exp.Connector) and type(child) is type(node)
            )
            pending.append((child, depth if same else depth + 1))
    return deepest


# Functions PostgreSQL documents as returning text (its "String Functions" and current_setting).
_TEXT_FUNCTIONS = frozenset(
    {
        "btrim", "concat", "concat_ws", "current_setting", "format", "initcap", "left", "lower",
        "lpad", "ltrim", "md5", "quote_ident", "quote_literal", "quote_nullable", "repeat",
        "replace", "reverse", "right", "rpad", "rtrim", "split_part", "substr", "to_char",
        "translate", "upper",
    }
)  # fmt: skip


def _returns_text(call: exp.Func) -> bool:
    from sqlglot import exp

    name = call.name if isinstance(call, exp.Anonymous) else call.sql_name()
    return name.lower() in _TEXT_FUNCTIONS


def _canonical(tree: exp.Expr, dialect: str = "postgres") -> str:
    from sqlglot import exp

    def simplify(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Div) and node.args.get("safe"):
            # SQLite's `/` gives NULL for a zero divisor; read as PostgreSQL text it would
            # gain a NULLIF each time it is read back. The model keeps the operator as written.
            node.set("safe", False)
            return node
        if isinstance(node, exp.Paren) and _redundant(node):
            inner: exp.Expr = node.this
            return inner
        interval = _interval_literal(node)
        if interval is not None:
            return interval
        if isinstance(node, exp.Cast):
            inner = node.this
            while isinstance(inner, exp.Paren):
                inner = inner.this
            if isinstance(inner, exp.Literal | exp.Boolean | exp.Null | exp.Neg | exp.Array):
                typed = (
                    _cast_literal(inner.this, node.to) if inner.is_string and dialect == "postgres" else None
                )
                if typed is not None:
                    return exp.Literal.string(typed)
                if (
                    isinstance(inner, exp.Literal)
                    and inner.is_string
                    and _NUMBER.match(inner.this)
                    and node.to.this.name in _NUMERIC_TYPES
                ):
                    return exp.Literal.number(inner.this)
                return inner
            if isinstance(inner, exp.Column) and node.to.this.name in _TEXT_TYPES:
                # PostgreSQL stores a varchar column used as text with the cast it implied.
                return inner
            if isinstance(inner, exp.Func) and node.to.this.name == "TEXT" and _returns_text(inner):
                return inner  # a cast to the type the function returns: the server leaves it out
        if (
            isinstance(node, exp.Dot)
            and isinstance(node.this, exp.Identifier)
            and node.this.name.lower() == "public"
            and isinstance(node.expression, exp.Func)
        ):
            # public.f(x) is f(x) on PostgreSQL's search path: pg_dump qualifies it, the catalog
            # (pg_get_expr on that path) does not.
            return node.expression
        if isinstance(node, exp.Func) and _spread_variadic(node):
            return node
        if isinstance(node, exp.EQ) and isinstance(node.expression, exp.Any):
            array = node.expression.this
            while isinstance(array, exp.Paren):
                array = array.this
            if isinstance(array, exp.Array):
                return _in_or_one(exp.EQ, node.this, list(array.expressions))
        if (
            isinstance(node, exp.NEQ)
            and isinstance(node.expression, exp.Anonymous)
            and node.expression.name.upper() == "ALL"
            and len(node.expression.expressions) == 1
            and isinstance(node.expression.expressions[0], exp.Array)
        ):
            # x NOT IN (a, b), which PostgreSQL stores as x <> ALL (ARRAY[a, b])
            return _in_or_one(exp.NEQ, node.this, list(node.expression.expressions[0].expressions))
        if isinstance(node, exp.Identifier):
            name = node.this
            if not node.quoted or re.fullmatch(r"[a-z_][a-z0-9_]*", name):
                return exp.Identifier(this=name.lower(), quoted=False)
        return node

    previous = None
    # SQLite keeps an expression as written: only PostgreSQL's are rewritten as stored.
    current = tree.transform(_as_stored) if dialect == "postgres" else tree
    # Stripping a cast can expose a paren that now wraps a literal: repeat to a fixed point.
    while previous != current.sql(dialect="postgres"):
        previous = current.sql(dialect="postgres")
        current = current.transform(simplify)
    while isinstance(current, exp.Paren):
        current = current.this
    if isinstance(current, exp.Cast) and current.to.this == exp.DataType.Type.INTERVAL:
        current = current.this  # a whole default, like any literal's: its column gives the type
    return current.sql(dialect="postgres")


def _spread_variadic(call: exp.Func) -> bool:
    """Spread ``f(a, VARIADIC ARRAY[x, y])`` into ``f(a, x, y)`` in place; whether it did.

    PostgreSQL's parser gathers the trailing arguments of a call to a ``VARIADIC`` function
    (``jsonb_extract_path_text(j, 'a', 'b')``) into an array, and the catalog prints the call
    as ``jsonb_extract_path_text(j, VARIADIC ARRAY['a'::text, 'b'::text])``: the two are the
    same call.  An empty array, or any other array expression, is kept as written."""
    from sqlglot import exp

    arguments = call.expressions
    last = arguments[-1] if arguments else None
    if not (isinstance(last, exp.Variadic) and isinstance(last.this, exp.Array) and last.this.expressions):
        return False
    call.set("expressions", [*arguments[:-1], *last.this.expressions])
    return True


def _as_stored(node: exp.Expr) -> exp.Expr:
    """``node`` as PostgreSQL's parser rewrites it before it stores an expression:
    ``x BETWEEN a AND b`` is ``x >= a AND x <= b`` (``x NOT BETWEEN a AND b``: ``x < a OR
    x > b``; ``SYMMETRIC`` both ways round), ``x SIMILAR TO p [ESCAPE e]`` is ``x ~
    similar_to_escape(p[, e])``, ``ROW(a, b)`` is the row ``(a, b)``, ``x [NOT] IN (a)`` is
    ``x = a`` (``x <> a``) and ``x IS NOT DISTINCT FROM y`` is ``NOT (x IS DISTINCT FROM y)``.  Run before
    redundant parentheses go: ``NOT (x BETWEEN a AND b)`` is stored as written, negated."""
    from sqlglot import exp

    negated = isinstance(node, exp.Not) and isinstance(node.this, exp.Between | exp.SimilarTo | exp.Escape)
    inner = node.this if negated else node
    if isinstance(inner, exp.Between):
        this, low, high = inner.this, inner.args["low"], inner.args["high"]

        def within(low: exp.Expr, high: exp.Expr) -> exp.Expr:
            if negated:
                return exp.paren(
                    exp.or_(
                        exp.LT(this=this.copy(), expression=low.copy()),
                        exp.GT(this=this.copy(), expression=high.copy()),
                    )
                )
            return exp.paren(
                exp.and_(
                    exp.GTE(this=this.copy(), expression=low.copy()),
                    exp.LTE(this=this.copy(), expression=high.copy()),
                )
            )

        if not inner.args.get("symmetric"):
            return within(low, high)
        join = exp.and_ if negated else exp.or_
        return exp.paren(join(within(low, high), within(high, low)))
    pattern = inner.this if isinstance(inner, exp.Escape) else inner
    if isinstance(pattern, exp.SimilarTo):
        escape = [inner.expression] if isinstance(inner, exp.Escape) else []
        call = exp.Anonymous(this="similar_to_escape", expressions=[pattern.expression, *escape])
        matched = exp.RegexpLike(this=pattern.this, expression=call)
        return exp.Not(this=matched) if negated else matched
    if isinstance(node, exp.Anonymous) and node.name.upper() == "ROW" and len(node.expressions) > 1:
        return exp.Tuple(expressions=node.expressions)
    # x IN (a) is x = a, x NOT IN (a) is x <> a: one value is one comparison.
    single = _single_in(inner := node.this if isinstance(node, exp.Not) else node)
    if single is not None:
        kind = exp.NEQ if inner is not node else exp.EQ
        return kind(this=inner.this, expression=single)
    if isinstance(node, exp.NullSafeEQ):  # x IS NOT DISTINCT FROM y: NOT (x IS DISTINCT FROM y)
        return exp.paren(exp.Not(this=exp.paren(exp.NullSafeNEQ(this=node.this, expression=node.expression))))
    return node


def _in_or_one(kind: type[exp.EQ | exp.NEQ], this: exp.Expr, values: list[exp.Expr]) -> exp.Expr:
    """``x = ANY (ARRAY[values])`` (``kind`` EQ) as ``x IN (values)``, ``x <> ALL (…)`` (NEQ)
    as ``x NOT IN (values)``; one value is one comparison (``x = a``, ``x <> a``), as
    :func:`_as_stored` and PostgreSQL keep ``x [NOT] IN (a)``, so the canonical text is its own."""
    from sqlglot import exp

    if len(values) == 1:
        return kind(this=this, expression=values[0])
    listed = exp.In(this=this, expressions=values)
    return listed if kind is exp.EQ else exp.Not(this=listed)


def _single_in(node: exp.Expr) -> exp.Expr | None:
    """The one value of ``x IN (value)`` (not a subquery), else None."""
    from sqlglot import exp

    if isinstance(node, exp.In) and len(node.expressions) == 1 and not node.args.get("query"):
        value: exp.Expr = node.expressions[0]
        return value
    return None


_INTERVAL_UNITS = {
    **dict.fromkeys(("microsecond", "microseconds", "us", "usec", "usecs"), (0, 0, 1)),
    **dict.fromkeys(("millisecond", "milliseconds", "ms", "msec", "msecs"), (0, 0, 1_000)),
    **dict.fromkeys(("second", "seconds", "sec", "secs", "s"), (0, 0, 1_000_000)),
    **dict.fromkeys(("minute", "minutes", "min", "mins", "m"), (0, 0, 60_000_000)),
    **dict.fromkeys(("hour", "hours", "hr", "hrs", "h"), (0, 0, 3_600_000_000)),
    **dict.fromkeys(("day", "days", "d"), (0, 1, 0)),
    **dict.fromkeys(("week", "weeks", "w"), (0, 7, 0)),
    **dict.fromkeys(("month", "months", "mon", "mons"), (1, 0, 0)),
    **dict.fromkeys(("year", "years", "yr", "yrs", "y"), (12, 0, 0)),
}
_CLOCK = re.compile(r"^(\d+):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6}))?)?$")


def interval_output(text: str) -> str | None:
    """An interval literal as PostgreSQL prints it (``IntervalStyle`` postgres): ``'1 week'`` is
    ``7 days``, ``'2 hours'`` ``02:00:00``, ``'13 months'`` ``1 year 1 mon``; the catalog gives
    a stored interval so, whatever the file wrote.  ``None`` for a form this does not read
    (a sign, a fraction of a day, ``ago``, ISO 8601): the text is then kept as written."""
    months = days = micros = 0
    words = text.strip().lower().split()
    while words:
        word = words.pop(0)
        clock = _CLOCK.match(word)
        if clock is not None:
            hours, minutes, seconds, fraction = clock.groups()
            micros += ((int(hours) * 60 + int(minutes)) * 60 + int(seconds or 0)) * 1_000_000
            micros += int((fraction or "0").ljust(6, "0"))
            continue
        if not word.isdigit() or not words or words[0] not in _INTERVAL_UNITS:
            return None
        in_months, in_days, in_micros = _INTERVAL_UNITS[words.pop(0)]
        months, days, micros = (
            months + int(word) * in_months,
            days + int(word) * in_days,
            micros + int(word) * in_micros,
        )
    counts = ((months // 12, "year"), (months % 12, "mon"), (days, "day"))
    parts = [f"{count} {name}{'' if count == 1 else 's'}" for count, name in counts if count]
    seconds, fraction = divmod(micros, 1_000_000)
    if micros or not parts:
        clock_text = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        parts.append(clock_text + (f".{fraction:06d}".rstrip("0") if fraction else ""))
    return " ".join(parts)


# The settings wesley-gen reads a PostgreSQL catalog with: a stored date, time or interval
# literal then prints as the canonical form spells it (typed_literal, interval_output), on any
# server, whatever its own time zone and styles.
CATALOG_SETTINGS = {
    "TimeZone": "UTC",
    "DateStyle": "ISO, MDY",
    "IntervalStyle": "postgres",
    "lc_monetary": "C",
}
# A date/time literal in the ISO form every dump and most files write: date, then optionally
# the time of day, then optionally a zone (Z, UTC, GMT or an offset).  Other input forms
# (``Jan 1 2015``, ``now``, ``epoch``) are kept as written.
_DATE_TIME = re.compile(
    r"^(?:(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2}))?"
    r"(?:(?(year)[ T]|)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,6}))?)?)?"
    r"\s*(?P<zone>Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?$",
    re.I,
)
# The model's names of the types whose literals :func:`typed_literal` spells, and sqlglot's.
TYPED_LITERALS = frozenset({"timestamptz", "timestamp", "date", "time", "timetz", "money"})
_SQLGLOT_TYPES = {
    "TIMESTAMPTZ": "timestamptz", "TIMESTAMP": "timestamp", "DATE": "date", "TIME": "time", "TIMETZ": "timetz",
    "MONEY": "money",
}  # fmt: skip
# A cast's type as a file or the catalog writes it, by the model's name.
_CAST_TYPES = {
    "timestamp with time zone": "timestamptz", "timestamptz": "timestamptz",
    "timestamp without time zone": "timestamp", "timestamp": "timestamp", "date": "date",
    "time without time zone": "time", "time": "time", "time with time zone": "timetz", "timetz": "timetz", "money": "money",
}  # fmt: skip


def typed_literal(text: str, type_name: str, precision: int | None = None) -> str | None:
    """The text of a ``type_name`` literal (``timestamptz``, ``timestamp``, ``date``, ``time``,
    ``timetz``) as PostgreSQL prints the stored value with ``DateStyle`` ISO and ``TimeZone``
    UTC, the settings wesley-gen reads a catalog with: ``'2015-1-1'::timestamptz`` is
    ``2015-01-01 00:00:00+00``, ``'2015-01-01 02:00+02'::timestamptz`` the same instant.

    A ``timestamptz`` written without an offset is read as UTC (PostgreSQL reads it in the
    session's time zone: wesley-gen writes it with the offset, :func:`absolute_timestamps`).
    A ``money`` literal is its amount (:func:`_money`).
    ``None`` for text this does not read (another input form, an impossible date, more
    fraction digits than ``precision`` keeps: PostgreSQL rounds them)."""
    from datetime import UTC, datetime, timedelta, timezone

    if type_name == "money":
        return _money(text)
    match = _DATE_TIME.match(text.strip())
    if match is None or type_name not in TYPED_LITERALS:
        return None
    parts = match.groupdict()
    zone = parts["zone"]
    clock_only = type_name in {"time", "timetz"}
    if (parts["year"] is not None) == clock_only or (clock_only and parts["hour"] is None):
        return None  # a time of day needs no date, and the others need one
    if precision is not None and len(parts["fraction"] or "") > precision:
        return None
    fraction = (parts["fraction"] or "").ljust(6, "0")
    offset = timedelta(0)
    if zone is not None and zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        hours, minutes = (
            int(digits[:-2] if len(digits) > 2 else digits),
            int(digits[-2:]) if len(digits) > 2 else 0,
        )
        offset = (-1 if zone[0] == "-" else 1) * timedelta(hours=hours, minutes=minutes)
    try:
        moment = datetime(
            int(parts["year"] or 2000), int(parts["month"] or 1), int(parts["day"] or 1),
            int(parts["hour"] or 0), int(parts["minute"] or 0), int(parts["second"] or 0), int(fraction or 0),
            tzinfo=timezone(offset),
        )  # fmt: skip
    except ValueError:
        return None  # 24:00:00, 2015-02-30: PostgreSQL's own reading (or refusal) stands
    if type_name == "timestamptz":
        moment = moment.astimezone(UTC)
    clock = moment.strftime("%H:%M:%S") + (
        f".{moment.microsecond:06d}".rstrip("0") if moment.microsecond else ""
    )
    day = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
    if type_name == "date":
        return day
    if type_name == "time":
        return clock
    if type_name == "timetz":
        return clock + _offset_text(offset)
    return f"{day} {clock}" + ("+00" if type_name == "timestamptz" else "")


_MONEY = re.compile(r"^(-?)\$?(-?)(\d{1,3}(?:,\d{3})+|\d*)(\.\d*)?$")


def _money(text: str) -> str | None:
    """A ``money`` literal's amount as a number with the cents (``'$1,234.5'`` is ``1234.50``):
    PostgreSQL prints it in the currency of ``lc_monetary``, wesley-gen compares the amount.
    ``None`` for another form (a currency of a locale, parentheses)."""
    from decimal import ROUND_HALF_UP, Decimal

    match = _MONEY.match(text.strip().replace(" ", ""))
    if match is None or not (match.group(3) or match.group(4) or "").strip("."):
        return None
    sign = "-" if match.group(1) or match.group(2) else ""
    amount = Decimal(
        sign + (match.group(3).replace(",", "") or "0") + (match.group(4) or "").rstrip(".") or "0"
    )
    return str(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _offset_text(offset: object) -> str:
    """A UTC offset as PostgreSQL prints it: ``+00``, ``-08``, ``+05:30``."""
    from datetime import timedelta

    assert isinstance(offset, timedelta)
    minutes = int(offset.total_seconds()) // 60
    sign, minutes = ("-", -minutes) if minutes < 0 else ("+", minutes)
    return f"{sign}{minutes // 60:02d}" + (f":{minutes % 60:02d}" if minutes % 60 else "")


def _cast_literal(value: str, to: exp.DataType) -> str | None:
    """A string literal cast to a date/time type as :func:`typed_literal` spells it, or None."""
    from sqlglot import exp

    name = _SQLGLOT_TYPES.get(to.this.name) if isinstance(to.this, exp.DataType.Type) else None
    precision = [int(param.name) for param in to.expressions if param.name.isdigit()]
    return None if name is None else typed_literal(value, name, *precision[:1])


# A string literal cast to timestamptz as PostgreSQL's DDL and pglast's printer write it.
_TIMESTAMPTZ_CAST = re.compile(
    r"(?P<cast>CAST\(\s*)?'(?P<text>(?:[^']|'')*)'(?P<to>(?(cast)\s+AS\s+|::)\s*"
    r"(?:timestamptz|timestamp\s*(?:\(\s*\d+\s*\))?\s+with\s+time\s+zone)\b)",
    re.I,
)


def absolute_timestamps(text: str) -> str:
    """``text`` with each ``timestamptz`` literal written without an offset given the UTC one
    (``'2015-01-01'::timestamptz`` is ``'2015-01-01 00:00:00+00'::timestamptz``): PostgreSQL
    reads such a literal in the session's time zone, and the model reads it as UTC
    (:func:`typed_literal`), so DDL wesley-gen writes stores the same instant on any server."""
    if "'" not in text:
        return text

    def absolute(match: re.Match[str]) -> str:
        written = match.group("text").replace("''", "'")
        parts = _DATE_TIME.match(written.strip())
        typed = None if parts is None or parts.group("zone") else typed_literal(written, "timestamptz")
        return match.group(0) if typed is None else f"{match.group('cast') or ''}'{typed}'{match.group('to')}"

    return _TIMESTAMPTZ_CAST.sub(absolute, text)


def _cast_to_another_type(default: str, type_name: str) -> bool:
    """Whether PostgreSQL's text of ``default`` (:class:`Spelled`) casts its literal to another
    date/time type than the column's: ``DEFAULT '2015-01-01 00:00'::timestamp`` of a
    ``timestamptz`` column is stored as that ``timestamp`` value, converted in the session's time
    zone at each insert, and the catalog prints the literal as a ``timestamp``, not the column's."""
    from sqlglot import exp

    if not isinstance(default, Spelled):
        return False
    try:
        tree = _parse(default.postgres, "postgres")
    except ExpressionError:
        return False
    node = tree[0] if len(tree) == 1 else None
    while isinstance(node, exp.Paren):
        node = node.this
    if not isinstance(node, exp.Cast) or not isinstance(node.to.this, exp.DataType.Type):
        return False
    cast_to = _SQLGLOT_TYPES.get(node.to.this.name)
    return cast_to is not None and cast_to != type_name


def numeric_text(text: str, params: tuple[int, ...] = ()) -> str:
    """A numeric value as numeric_out prints it: plain digits at the scale written (or at the
    scale of ``numeric(params)``, rounded half away from zero), no negative zero, ``NaN`` and
    ``Infinity`` spelled out.  Raises :class:`ValueError` for text that is not a number."""
    try:
        value = decimal.Decimal(text.strip())
    except decimal.InvalidOperation:
        raise ValueError(text) from None
    if value.is_nan():
        return "NaN"
    if value.is_infinite():
        return "-Infinity" if value < 0 else "Infinity"
    if params:
        scale = params[1] if len(params) > 1 else 0
        # numeric holds up to 131072 digits before the point: quantize in a context that fits them
        exact = decimal.Context(prec=max(len(value.as_tuple().digits) + scale + 1, 28))
        value = value.quantize(
            decimal.Decimal(1).scaleb(-scale), rounding=decimal.ROUND_HALF_UP, context=exact
        )
    return format(abs(value) if value.is_zero() else value, "f")


def _constant_literal(literal: str, type_name: str) -> str | None:
    """A string literal default of an integer, numeric or boolean column as the constant
    PostgreSQL stores and prints (``DEFAULT '0.5'`` of a numeric is ``0.5``, ``'yes'`` of a
    boolean ``true``, as boolin reads it: a prefix of true/false/yes/no, on/off, 1/0);
    ``None``: not such a constant."""
    if type_name == "boolean":
        word = literal.strip().lower()
        if (word and any(w.startswith(word) for w in ("true", "yes"))) or word in {"on", "1"}:
            return "TRUE"
        if (word and any(w.startswith(word) for w in ("false", "no"))) or word in {"of", "off", "0"}:
            return "FALSE"
        return None
    try:
        if type_name in _INTEGER_TYPES:
            return str(int(literal))
        shown = numeric_text(literal) if type_name == "numeric" else None
    except ValueError:
        return None
    return shown if shown is not None and _NUMBER.match(shown) else None


def typed_default(default: str | None, type_name: str) -> str | None:
    """A column's default that is a string literal, spelled as the value of the column's
    date/time type (:func:`typed_literal`), as PostgreSQL stores it: ``DEFAULT '2015-01-01'``
    of a ``timestamptz`` column is ``'2015-01-01 00:00:00+00'::timestamp with time zone``; of an
    integer, numeric or boolean column, the constant (:func:`_constant_literal`)."""
    if default is None or not _STRING.match(default):
        return default
    constant = _constant_literal(default[1:-1].replace("''", "'"), type_name)
    if constant is not None:
        return _respelled(default, constant, {})
    if type_name not in TYPED_LITERALS:
        return default
    if _cast_to_another_type(default, type_name):
        return default
    literal = default[1:-1].replace("''", "'")
    value = typed_literal(literal, type_name)
    return default if value is None else _respelled(default, f"'{value}'", {literal: value})


_IN_A_ZONE = {"timestamptz": "timestamp", "timestamp": "timestamptz"}
_INTEGER_TYPES = frozenset({"smallint", "integer", "bigint"})
# The types whose columns give an expression's literals (or the column itself) their type.
CONTEXT_TYPES = TYPED_LITERALS | _INTEGER_TYPES | {"numeric", "boolean"}


def typed_by_columns(expression: str, types: Mapping[str, str]) -> str:
    """``expression`` (canonical) with each string literal compared with a column of a
    date/time type (``types``: column name to the model's type name) spelled as that type's
    value (:func:`typed_literal`): PostgreSQL types such a literal by the column, and stores
    ``d >= '2015-1-1'`` as ``d >= '2015-01-01'::date``.  Its DDL text (:class:`Spelled`)
    writes the new literals too."""
    from sqlglot import exp

    lowered = expression.lower()
    if not any(name.lower() in lowered for name in types):
        return expression
    rewritten: dict[str, str] = {}
    widened: list[exp.Expr] = []
    arithmetic = (exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod)

    def type_of(node: exp.Expr) -> str | None:
        if isinstance(node, exp.Column) and not node.table:
            return types.get(node.name)
        if isinstance(node, exp.AtTimeZone):  # a timestamptz seen in a zone is a timestamp, and back
            return _IN_A_ZONE.get(type_of(node.this) or "")
        if isinstance(node, exp.Paren):
            return type_of(node.this)
        if (
            isinstance(node, exp.Cast)
            and node.to.this == exp.DataType.Type.DECIMAL
            and not node.to.expressions
        ):
            return "numeric"
        if isinstance(node, arithmetic) and "numeric" in {type_of(node.this), type_of(node.expression)}:
            return "numeric"  # numeric arithmetic (an integer operand cast to numeric) is numeric
        return None

    def typed(column: exp.Expr, literal: exp.Expr) -> exp.Expr:
        if not (isinstance(literal, exp.Literal) and literal.is_string):
            return literal
        type_name = type_of(column)
        value = None if type_name is None else typed_literal(literal.this, type_name)
        if value is None or value == literal.this:
            return literal
        rewritten[literal.this] = value
        return exp.Literal.string(value)

    def widen(column: exp.Expr, other: exp.Expr) -> exp.Expr:
        """An integer column met by a literal with a fraction or a numeric value, cast to
        numeric as PostgreSQL stores it (``cents / 100.0`` is ``(cents)::numeric / 100.0``,
        ``qty * price`` of a numeric price ``(qty)::numeric * price``)."""
        fraction = (
            isinstance(other, exp.Literal) and not other.is_string and not other.this.lstrip("-").isdigit()
        )
        if not (
            type_of(column) in _INTEGER_TYPES
            and isinstance(column, exp.Column)
            and (fraction or type_of(other) == "numeric")
        ):
            return column
        widened.append(column)
        return exp.Cast(this=column.copy(), to=exp.DataType.build("DECIMAL"))

    def retype(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.EQ | exp.NEQ | exp.GT | exp.GTE | exp.LT | exp.LTE):
            node.set("expression", typed(node.this, node.expression))
            node.set("this", typed(node.expression, node.this))
        if isinstance(node, (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, *arithmetic)):
            node.set("this", widen(node.this, node.expression))
            node.set("expression", widen(node.expression, node.this))
        elif isinstance(node, exp.In):  # BETWEEN is two comparisons already (_as_stored)
            node.set("expressions", [typed(node.this, item) for item in node.expressions])
        return node

    tree = _parse(expression, "postgres")[0].transform(retype)
    return _respelled(expression, _canonical(tree), rewritten) if rewritten or widened else expression


def _respelled(expression: str, canonical: str, rewritten: Mapping[str, str]) -> str:
    """``canonical``, keeping ``expression``'s DDL text (:class:`Spelled`) with each string
    literal of ``rewritten`` written as its new text where it occurs once (a literal written
    twice may be typed otherwise elsewhere)."""
    if not isinstance(expression, Spelled):
        return canonical
    text = expression.postgres
    for old, new in rewritten.items():
        quoted = "'" + old.replace("'", "''") + "'"
        if text.count(quoted) == 1:
            text = text.replace(quoted, "'" + new.replace("'", "''") + "'")
    return Spelled(canonical, text)


def _interval_literal(node: exp.Expr) -> exp.Expr | None:
    """``INTERVAL '7 days'``, ``'7 days'::interval`` and ``CAST('1 week' AS interval)`` as one
    typed literal in PostgreSQL's spelling of the value (``CAST('7 days' AS INTERVAL)``), which
    keeps its type inside an expression (``now() - '90 days'`` would read the text as a
    timestamp); ``None`` for any other node."""
    from sqlglot import exp

    if isinstance(node, exp.Interval) and isinstance(node.this, exp.Literal) and node.this.is_string:
        unit = node.args.get("unit")
        text = f"{node.this.this} {unit.name}" if unit is not None else node.this.this
    elif (
        isinstance(node, exp.Cast)
        and node.to.this == exp.DataType.Type.INTERVAL
        and not node.to.expressions
        and isinstance(node.this, exp.Literal)
        and node.this.is_string
    ):
        text = node.this.this
    else:
        return None
    spelled = interval_output(text)
    if spelled is None:
        return None
    return exp.Cast(this=exp.Literal.string(spelled), to=exp.DataType.build("INTERVAL"))


def _precedence(node: exp.Expr) -> int:
    """How tightly an operator binds (higher is tighter); operands and calls bind tightest."""
    from sqlglot import exp

    for kinds, level in (
        ((exp.Or,), 1),
        ((exp.And,), 2),
        ((exp.Not,), 3),
        ((exp.Predicate,), 4),
        ((exp.Add, exp.Sub, exp.DPipe), 5),
        ((exp.Mul, exp.Div, exp.Mod, exp.IntDiv), 6),
        ((exp.Neg, exp.BitwiseNot), 7),
        ((exp.Binary,), 4),  # any other binary operator: treat like a comparison
    ):
        if isinstance(node, kinds):
            return level
    return 9


def _redundant(paren: exp.Paren) -> bool:
    """True when dropping ``paren`` cannot change what the expression means.

    PostgreSQL prints stored expressions with parentheses around every operator;
    a schema file usually has only the ones precedence needs.  Both must read alike.
    """
    from sqlglot import exp

    inner, parent = paren.this, paren.parent
    if isinstance(inner, exp.Query | exp.Tuple) or isinstance(parent, exp.SubqueryPredicate | exp.Bracket):
        return False
    if parent is None or not isinstance(parent, exp.Binary | exp.Not | exp.Neg | exp.BitwiseNot):
        return True  # a whole expression, a function argument, a cast operand, a list item
    inner_level, parent_level = _precedence(inner), _precedence(parent)
    if inner_level != parent_level:
        return inner_level > parent_level
    # Same level: only a left operand of an associative chain regroups the same way.
    return isinstance(parent, exp.Binary) and parent.this is paren and inner_level in {1, 2, 5, 6}


class Spelled(str):
    """A canonical expression that keeps PostgreSQL's own text of it.

    The canonical spelling is what compares (two spellings of one meaning are equal), but it
    is sqlglot's, and sqlglot respells some PostgreSQL (``NOT BETWEEN SYMMETRIC``, ``OVERLAPS``,
    ``char_length``, ``CURRENT_TIME``…) into text PostgreSQL stores differently or rejects.
    The PostgreSQL loaders keep the text they read (the DDL file's parse tree printed, the
    catalog's ``pg_get_expr``) in ``postgres``, and PostgreSQL DDL is written with it.  Equal,
    hashed and serialised as the canonical string: like any annotation, not part of identity.
    """

    postgres: str

    def __new__(cls, canonical: str, postgres: str) -> Spelled:
        spelled = super().__new__(cls, canonical)
        spelled.postgres = postgres
        return spelled

    def __reduce__(self) -> tuple[type[Spelled], tuple[str, str]]:
        """Pickled and copied whole: the constructor needs both texts."""
        return Spelled, (str(self), self.postgres)


def keep_spelling(canonical: str | None, postgres: str) -> str | None:
    """``canonical`` remembering PostgreSQL's ``postgres`` text of it (see :class:`Spelled`).

    A sequence's ``nextval`` stays plain: the renderers write it from the model (a ``serial``,
    a sequence made by the migration), never from the text it was read as.
    """
    if canonical is None or canonical.startswith("NEXTVAL("):
        return canonical
    return Spelled(canonical, postgres.strip())


def normalize_default(text: str | None, dialect: str = "postgres", *, stored: bool = False) -> str | None:
    """Canonical default, where an explicit ``DEFAULT NULL`` means no default, unless the text
    is one the database ``stored``: PostgreSQL's catalog holds a NULL default only where it
    means more than none (a length coercion, a domain, a cast), SQLite's every one written
    (``dflt_value``), and then the model keeps it (``model.valued_default``: it gives no value)."""
    if text is None:
        return None
    canonical = normalize_expression(text, dialect)
    return None if canonical == "NULL" and not stored else canonical
