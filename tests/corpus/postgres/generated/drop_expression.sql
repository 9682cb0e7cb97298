-- ALTER COLUMN DROP EXPRESSION: a generated column becomes a plain one
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer GENERATED ALWAYS AS (a * 2) STORED);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);
