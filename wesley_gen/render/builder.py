"""The one SQL builder: names, types and fixed statements as sqlglot trees for one dialect.

Both the migration scripts (:mod:`wesley_gen.render.sql`) and the contract
(:mod:`wesley_gen.render.contract`) build their SQL here, so a name is quoted, a type
written and a template filled the same way everywhere.  Nothing builds SQL by pasting
text: a statement is a tree made from model values, or a small fixed template whose
placeholders (``__t``, ``__c``, ``__e``…) are replaced by tree nodes before rendering.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from wesley_gen import identifiers
from wesley_gen.errors import InputError
from wesley_gen.expressions import Spelled, normalized_as_calls
from wesley_gen.model import ColumnType, sqlite_type_text

if TYPE_CHECKING:
    from sqlglot import exp
    from sqlglot.dialects.dialect import Dialect


@contextmanager
def quiet_sqlglot() -> Iterator[None]:
    """sqlglot logs a warning for ``ALTER COLUMN … TYPE … USING`` and then renders it right."""
    log = logging.getLogger("sqlglot")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def _arrays(element: exp.DataType, dims: int) -> exp.DataType:
    """``element`` nested in ``dims`` array types (``element[]…``)."""
    from sqlglot import exp

    for _ in range(dims):
        element = exp.DataType(this=exp.DataType.Type.ARRAY, expressions=[element], nested=True)
    return element


def _user_type(column_type: ColumnType) -> exp.DataType:
    """An enum: its quoted, possibly schema-qualified name, with its array dimensions."""
    from sqlglot import exp

    named = exp.DataType(this=exp.DataType.Type.USERDEFINED, kind=identifiers.qualified(column_type.name))
    return _arrays(named, column_type.array_dims)


def ddl_type(column_type: ColumnType, dialect: str) -> exp.DataType:
    """A type in DDL: PostgreSQL's by sqlglot's own reading; SQLite keeps a declared type as written."""
    from sqlglot import exp
    from sqlglot.errors import ParseError

    if dialect == "sqlite":
        return exp.DataType(this=exp.DataType.Type.USERDEFINED, kind=sqlite_type_text(column_type).upper())
    if column_type.is_builtin:
        if column_type.name.startswith(_AS_WRITTEN):
            return written_type(column_type)
        try:
            return exp.DataType.build(str(column_type), dialect="postgres")
        except ParseError:  # a type sqlglot does not know (macaddr8, tsvector, line, ...): as written
            return written_type(column_type)
    return _user_type(column_type)


# Types sqlglot misreads (``interval(3)`` as an interval of 3, fields dropped) or lacks (varbit).
_AS_WRITTEN = ("interval", "varbit")


def written_type(column_type: ColumnType) -> exp.DataType:
    """A PostgreSQL type as the model writes it (its canonical names are PostgreSQL's own)."""
    from sqlglot import exp

    if column_type.is_builtin:
        return exp.DataType(this=exp.DataType.Type.USERDEFINED, kind=str(column_type))
    return _user_type(column_type)


def index_table(name: str, table: str) -> exp.Table:
    """An index name qualified like its table (an index lives in its table's schema)."""
    from sqlglot import exp

    return exp.Table(this=identifiers.ident(name), db=identifiers.table(table).args.get("db"))


@lru_cache(maxsize=512)
def _parsed_template(template: str, dialect: str) -> exp.Expr:
    import sqlglot

    with quiet_sqlglot():
        return sqlglot.parse_one(template, read=dialect)


def fill(template: str, dialect: str, **parts: Any) -> str:
    """Render ``template`` with each ``__name`` placeholder replaced by ``parts[name]``.

    A part is a name (str: quoted as an identifier, or as a table where a table
    stands), an expression node, or a :class:`ColumnType`.
    """
    from sqlglot import exp

    def part(key: str) -> Any:
        return parts[key.removeprefix("__")]

    def replace(node: exp.Expr) -> exp.Expr:
        if (
            isinstance(node, exp.Table)
            and isinstance(node.this, exp.Identifier)
            and node.name.startswith("__")
        ):
            value = part(node.name)
            return value.copy() if isinstance(value, exp.Expr) else identifiers.table(value)
        if isinstance(node, exp.Column) and not node.table and node.name.startswith("__"):
            value = part(node.name)
            return value.copy() if isinstance(value, exp.Expr) else identifiers.column(value)
        if isinstance(node, exp.DataType) and isinstance(node.args.get("kind"), exp.Identifier):
            kind = node.args["kind"]
            if kind.name.startswith("__"):
                return ddl_type(part(kind.name), dialect)
        if isinstance(node, exp.Identifier) and node.name.startswith("__") and not node.quoted:
            return identifiers.ident(part(node.name))
        return node

    with quiet_sqlglot():
        return (
            _parsed_template(template, dialect)
            .transform(replace)  # on a copy: the parsed template is shared
            .sql(dialect=sqlglot_dialect(dialect), copy=False)
        )


@lru_cache(maxsize=4)
def sqlglot_dialect(name: str) -> Dialect:
    """sqlglot's dialect ``name``, built once: a name given to ``sql()`` builds a new one per call."""
    from sqlglot.dialects.dialect import Dialect

    return Dialect.get_or_raise(name)


@dataclass(frozen=True, slots=True)
class Sql:
    """The builder for one dialect; user names always become quoted identifiers."""

    dialect: str

    @staticmethod
    def ident(name: str) -> exp.Identifier:
        return identifiers.ident(name)

    def table(self, name: str, alias: str | None = None) -> exp.Table:
        from sqlglot import exp

        table = identifiers.table(name)
        if alias is not None:
            table.set("alias", exp.TableAlias(this=self.ident(alias)))
        return table

    def column(self, name: str, table: str) -> exp.Column:
        """A column always qualified by its table: SQLite reads an unknown double-quoted name
        as a string literal, so a bare "missing" would count nothing instead of failing."""
        return identifiers.column(name, table)

    def count(self, table: str, where: exp.Expr | None = None) -> exp.Select:
        from sqlglot import exp

        query = exp.select(exp.Count(this=exp.Star()), copy=False).from_(self.table(table), copy=False)
        return query if where is None else query.where(where, copy=False)

    def parse(self, text: str, what: str) -> exp.Expr:
        import sqlglot

        if self.dialect == "postgres":
            text = normalized_as_calls(text)  # PostgreSQL's text of x IS NFC NORMALIZED
        try:
            return sqlglot.parse_one(text, read=self.dialect)
        except sqlglot.errors.SqlglotError as error:
            reason = " ".join(str(error).split())
            raise InputError(
                f"cannot write a contract check for {what}: {text!r} is not SQL ({reason})"
            ) from None

    def expression(self, text: str, columns: Mapping[str, str], table: str, what: str) -> exp.Expr:
        """Parse SQL ``text`` over one table; references to its ``columns`` (keys) are renamed
        to the values, quoted and qualified, so the expression reads ``table`` as the stage sees it."""
        from sqlglot import exp

        tree = self.parse(self._written(text), what)
        while isinstance(tree, exp.Paren):  # PostgreSQL's text brackets the whole
            tree = tree.this
        return exp.paren(identifiers.rename_columns(tree, columns, table_name=table), copy=False)

    def _written(self, text: str) -> str:
        """On PostgreSQL, the text PostgreSQL gave the model, not the canonical one: the canonical
        drops literal casts, and some of them type the expression (``roles <@ ARRAY['a'::varchar]``
        compares a ``varchar[]``; without the casts the array is ``text[]`` and no operator matches)."""
        return text.postgres if self.dialect == "postgres" and isinstance(text, Spelled) else text

    @staticmethod
    def type(column_type: ColumnType) -> exp.DataType:
        """A type in a query (a cast): as the model writes it."""
        return written_type(column_type)

    def ddl_type(self, column_type: ColumnType) -> exp.DataType:
        return ddl_type(column_type, self.dialect)

    def fill(self, template: str, **parts: Any) -> str:
        return fill(template, self.dialect, **parts)

    def render(self, query: exp.Expr) -> str:
        return query.sql(dialect=sqlglot_dialect(self.dialect), copy=False)
