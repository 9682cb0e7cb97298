"""Check constraints read with sqlglot: a Python predicate over a row, and the bounds the
check's top-level conjuncts put on single columns."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from wesley_gen.seed.kinds import Kind, Lattice, Restriction, Unreadable

if TYPE_CHECKING:
    from sqlglot import exp


_Row = Sequence[Any]
Predicate = Callable[[_Row], Any]  # SQL three-valued: True, False or None
_COMPARE: dict[str, tuple[str, Callable[[Any, Any], bool]]] = {
    "EQ": ("eq", operator.eq),
    "NEQ": ("ne", operator.ne),
    "GT": ("gt", operator.gt),
    "GTE": ("ge", operator.ge),
    "LT": ("lt", operator.lt),
    "LTE": ("le", operator.le),
}
_FLIP = {"eq": "eq", "ne": "ne", "gt": "lt", "ge": "le", "lt": "gt", "le": "ge"}
_OPS: dict[str, Callable[[Any, Any], bool]] = dict(_COMPARE.values())


class _LengthKind(Lattice):
    """What ``length(col)`` returns: a count compared with number literals."""

    def __init__(self) -> None:
        super().__init__(0, 2**31 - 1, [])


_LENGTH = _LengthKind()


@dataclass(frozen=True, slots=True)
class _Operand:
    get: Predicate | None  # None: a literal
    kind: Kind | None = None
    column: str | None = None  # a bare column (not length(column))
    length_of: str | None = None
    literal: Any = None


def _literal(node: exp.Expr) -> Any:
    from sqlglot import exp

    if isinstance(node, exp.Paren):
        return _literal(node.this)
    if isinstance(node, exp.Literal):
        return node.this if node.is_string else Decimal(node.this)
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal) and not node.this.is_string:
        return -Decimal(node.this.this)
    if isinstance(node, exp.Boolean):
        return bool(node.this)
    raise Unreadable


def _reader(position: int, convert: Callable[[Any], Any]) -> Predicate:
    """The row's value at ``position`` through ``convert``; None for NULL."""

    def read(row: _Row) -> Any:
        value = row[position]
        return None if value is None else convert(value)

    return read


def _operand(node: exp.Expr, columns: Mapping[str, tuple[int, Kind]]) -> _Operand:
    from sqlglot import exp

    if isinstance(node, exp.Paren):
        return _operand(node.this, columns)
    if isinstance(node, exp.Column):
        if node.table or node.name not in columns:
            raise Unreadable
        position, kind = columns[node.name]
        return _Operand(_reader(position, kind.key), kind, column=node.name)
    if isinstance(node, exp.Length):
        inner = _operand(node.this, columns)
        if inner.column is None or inner.kind is None or not inner.kind.sized:
            raise Unreadable
        position, kind = columns[inner.column]
        return _Operand(_reader(position, kind.length), _LENGTH, length_of=inner.column)
    return _Operand(None, literal=_literal(node))


def _comparison(op: str, left: _Operand, right: _Operand) -> Predicate:
    if left.get is None:
        left, right, op = right, left, _FLIP[op]
    if left.get is None or left.kind is None:
        raise Unreadable
    kind, get, check = left.kind, left.get, _OPS[op]
    if op not in {"eq", "ne"} and not kind.ordered:
        raise Unreadable
    if right.get is None:
        constant = kind.literal(right.literal)
        return lambda row: None if (value := get(row)) is None else check(value, constant)
    other = right.get
    if right.kind is None or right.kind.family != kind.family or kind.family == "other":
        raise Unreadable

    def compare(row: _Row) -> Any:
        a, b = get(row), other(row)
        return None if a is None or b is None else check(a, b)

    return compare


def _and(a: Any, b: Any) -> Any:
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def _or(a: Any, b: Any) -> Any:
    if a is True or b is True:
        return True
    return None if a is None or b is None else False


def compile_check(node: exp.Expr, columns: Mapping[str, tuple[int, Kind]]) -> Predicate:
    """A check as a Python predicate over a row; raises :class:`Unreadable` for anything else."""
    from sqlglot import exp

    if isinstance(node, exp.Paren):
        return compile_check(node.this, columns)
    if isinstance(node, exp.And | exp.Or):
        a, b = compile_check(node.this, columns), compile_check(node.expression, columns)
        join = _and if isinstance(node, exp.And) else _or
        return lambda row: join(a(row), b(row))
    if isinstance(node, exp.Not):
        inner = compile_check(node.this, columns)
        return lambda row: None if (value := inner(row)) is None else not value
    if isinstance(node, exp.Boolean):
        constant = bool(node.this)
        return lambda row: constant
    if isinstance(node, exp.Is) and isinstance(node.expression, exp.Null):
        target = _operand(node.this, columns)
        if target.column is None:
            raise Unreadable
        position, negate = columns[target.column][0], bool(node.args.get("negate"))
        return lambda row: (row[position] is not None) if negate else (row[position] is None)
    if isinstance(node, exp.Column):
        target = _operand(node, columns)
        if target.kind is None or target.kind.family != "bool" or target.get is None:
            raise Unreadable
        return target.get
    kind_name = type(node).__name__
    if kind_name in _COMPARE:
        return _comparison(
            _COMPARE[kind_name][0], _operand(node.this, columns), _operand(node.expression, columns)
        )
    if isinstance(node, exp.Between):
        subject = _operand(node.this, columns)
        low = _comparison("ge", subject, _operand(node.args["low"], columns))
        high = _comparison("le", subject, _operand(node.args["high"], columns))
        return lambda row: _and(low(row), high(row))
    if isinstance(node, exp.In):
        subject = _operand(node.this, columns)
        if subject.get is None or subject.kind is None or node.args.get("query") or node.args.get("unnest"):
            raise Unreadable
        kind, get = subject.kind, subject.get
        items = [i for i in node.expressions if not isinstance(i, exp.Null)]
        has_null = len(items) < len(node.expressions)
        members = [kind.literal(_literal(i)) for i in items]

        def within(row: _Row) -> Any:
            value = get(row)
            if value is None:
                return None
            return True if value in members else (None if has_null else False)

        return within
    if isinstance(node, exp.Like | exp.ILike):
        subject = _operand(node.this, columns)
        pattern = _literal(node.expression)
        if subject.kind is None or subject.kind.family != "text" or not isinstance(pattern, str):
            raise Unreadable
        text, regex = subject.get, _like_regex(pattern, isinstance(node, exp.ILike))
        assert text is not None
        return lambda row: None if (value := text(row)) is None else regex.fullmatch(value) is not None
    raise Unreadable


def _conjuncts(node: exp.Expr) -> Iterator[exp.Expr]:
    from sqlglot import exp

    while isinstance(node, exp.Paren):
        node = node.this
    if isinstance(node, exp.And):
        yield from _conjuncts(node.this)
        yield from _conjuncts(node.expression)
    else:
        yield node


def _unguarded(node: exp.Expr) -> exp.Expr:
    """``col IS NULL OR x`` says about col's other values what x says."""
    from sqlglot import exp

    if not isinstance(node, exp.Or):
        return node
    guard: exp.Expr
    rest: exp.Expr
    for guard, rest in ((node.this, node.expression), (node.expression, node.this)):
        while isinstance(guard, exp.Paren):
            guard = guard.this
        if (
            isinstance(guard, exp.Is)
            and isinstance(guard.expression, exp.Null)
            and not guard.args.get("negate")
            and isinstance(guard.this, exp.Column)
            and {c.name for c in rest.find_all(exp.Column)} == {guard.this.name}
        ):
            return rest
    return node


def restrict(node: exp.Expr, columns: Mapping[str, tuple[int, Kind]], out: dict[str, Restriction]) -> None:
    """Record the bounds a check's top-level conjuncts put on single columns."""
    for part in _conjuncts(node):
        for atom in _conjuncts(_unguarded(part)):
            with suppress(Unreadable):
                _restrict_atom(atom, columns, out)


def _restrict_atom(
    atom: exp.Expr, columns: Mapping[str, tuple[int, Kind]], out: dict[str, Restriction]
) -> None:
    from sqlglot import exp

    if isinstance(atom, exp.Is) and atom.args.get("negate") and isinstance(atom.expression, exp.Null):
        target = _operand(atom.this, columns)
        if target.column is not None:
            out[target.column].not_null = True
        return
    if isinstance(atom, exp.Column) or (isinstance(atom, exp.Not) and isinstance(atom.this, exp.Column)):
        column = atom if isinstance(atom, exp.Column) else atom.this
        target = _operand(column, columns)
        if target.column is not None and target.kind is not None and target.kind.family == "bool":
            out[target.column].only([not isinstance(atom, exp.Not)])
        return
    if isinstance(atom, exp.Between):
        subject = _operand(atom.this, columns)
        _restrict_compare("ge", subject, _operand(atom.args["low"], columns), out)
        _restrict_compare("le", subject, _operand(atom.args["high"], columns), out)
    elif isinstance(atom, exp.In):
        subject = _operand(atom.this, columns)
        if subject.column is not None and subject.kind is not None:
            kind = subject.kind
            out[subject.column].only(
                [kind.literal(_literal(i)) for i in atom.expressions if not isinstance(i, exp.Null)]
            )
    elif isinstance(atom, exp.Like):
        subject, pattern = _operand(atom.this, columns), _literal(atom.expression)
        if subject.column is not None and isinstance(pattern, str) and out[subject.column].like is None:
            out[subject.column].like = pattern
    elif type(atom).__name__ in _COMPARE:
        op = _COMPARE[type(atom).__name__][0]
        _restrict_compare(op, _operand(atom.this, columns), _operand(atom.expression, columns), out)


def _restrict_compare(op: str, left: _Operand, right: _Operand, out: dict[str, Restriction]) -> None:
    if left.get is None:
        left, right, op = right, left, _FLIP[op]
    if right.get is not None or left.kind is None:
        return  # two columns: only the row check knows
    key = left.kind.literal(right.literal)
    if left.length_of is not None:
        if op != "ne":
            out[left.length_of].length(op, Decimal(key))
        return
    if left.column is None:
        return
    restriction = out[left.column]
    if op == "eq":
        restriction.only([key])
    elif op in {"gt", "ge"} and left.kind.ordered:
        restriction.at_least(key, op == "gt")
    elif op in {"lt", "le"} and left.kind.ordered:
        restriction.at_most(key, op == "lt")


def _like_regex(pattern: str, fold: bool) -> re.Pattern[str]:
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 1
        else:
            out.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        i += 1
    return re.compile("".join(out), re.S | (re.I if fold else 0))
