-- a plain column made generated: PostgreSQL has no ALTER for it (refused: add a new column)
-- expect: refused-as-designed
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer GENERATED ALWAYS AS (a * 2) STORED);
