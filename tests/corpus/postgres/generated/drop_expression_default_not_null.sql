-- DROP EXPRESSION, then the now plain column gets a default and NOT NULL
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer GENERATED ALWAYS AS (coalesce(a, 0) * 2) STORED);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer NOT NULL DEFAULT 0);
