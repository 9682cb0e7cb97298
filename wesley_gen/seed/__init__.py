"""Seed data for a test database: generated rows, fixture files, and a fast writer.

:func:`seed_data` makes the rows (pure), :func:`read_fixtures` reads fixture files and
:func:`insert_seed` writes the rows to SQLite or PostgreSQL in one transaction.

Generated rows follow these rules:

* **Order.** Tables are filled parents first.  A nullable foreign key to a table that is
  filled later (a cycle) is NULL; a cycle of required foreign keys is an :class:`InputError`.
* **Keys are plain.** Primary-key and counter (``nextval``) columns get 1..N, deterministic
  uuids, ``'1'``..``'N'``, never an awkward value.  On PostgreSQL :func:`insert_seed` then
  moves their sequences past the largest value, so later inserts still work.
* **Awkward values**, because that is where migrations break, fill the first rows of every
  table: empty, accented, CJK and astral-plane text, quotes and backslashes, padded and
  multi-line text, max-length strings, each integer type's minimum and maximum, the largest
  ``numeric(p,s)`` and its smallest fraction, 0001-01-01 / 9999-12-31 / 2000-02-29, empty and
  nested JSON, empty bytes, and one NULL per nullable column.  Value *k* of a column's list goes
  to row *k*; the values its own checks or length refuse are left out.  No NaN or Infinity
  (SQLite stores NaN as NULL), no time that Python cannot read back.
* **Plain values differ row by row** wherever the type has room (text, numbers, dates, uuids,
  JSON…), unique or not, so a unique constraint that a later migration adds holds on generated
  rows; only booleans, enums, small check-bounded ranges and foreign keys repeat.  They are
  numbered draws, scattered by the seed, with awkward values (used once each) in between.
* **Unique sets** (primary key, unique constraints, unique indexes): every row is checked
  against every set; a row that collides is drawn again (up to 16 times, only the columns at
  fault), else left out.  A set with few possible values (a boolean, an enum, a bounded
  integer, a one-to-one foreign key) so caps its table, with a note.
* **Foreign keys** copy every column from one actual parent row (fixtures included); a self
  reference points at an earlier row or at the row itself.
* **Checks** are read with sqlglot.  Understood: a column compared with a literal or with a
  column of its kind, ``BETWEEN``, ``IN``, ``LIKE``, ``length``/``char_length(col) op n``,
  ``IS [NOT] NULL``, and AND / OR / NOT of those.  Their bounds steer the values and each row
  is evaluated against them.  A check that is not understood (a regular expression, arithmetic,
  a function) gives the columns it mentions plain values only (no awkward value, no NULL), and
  :func:`insert_seed` then skips, by a savepoint per row, the rows of that table the database
  refuses; the counts it returns say how many rows each table kept.
* **Deterministic**: every random choice comes from a ``random.Random`` seeded with text that
  names the seed, the table and the column, so the same schema, rows, seed and fixtures give the
  same rows in any process, and another seed gives other values (keys stay 1..N).

Fixture files are ``DIR/<table>.json`` (a JSON array of objects) or ``DIR/<table>.csv`` (UTF-8,
a header row of column names).  **In a CSV file an empty cell is NULL**: write an empty string in
a JSON file.  Values are converted to the column's type (``"12"`` → 12, ``"true"`` → TRUE, a JSON
object → JSON text, a JSON list → an array literal).  A table's fixture rows replace its
generated rows; a key missing from one row is NULL there, and a column that no row names is left
to the database's default.

The modules: :mod:`.data` (the rows passed around), :mod:`.kinds` (values per column type),
:mod:`.checks` (checks as predicates and column bounds), :mod:`.analysis` (one table's plan),
:mod:`.generate` (the rows), :mod:`.fixtures` (fixture files) and :mod:`.insert` (the writers).
"""

from wesley_gen.seed.data import GENERATED, SeedData, TableRows
from wesley_gen.seed.fixtures import Fixtures, read_fixtures
from wesley_gen.seed.generate import seed_data
from wesley_gen.seed.insert import insert_seed

__all__ = ["GENERATED", "Fixtures", "SeedData", "TableRows", "insert_seed", "read_fixtures", "seed_data"]
