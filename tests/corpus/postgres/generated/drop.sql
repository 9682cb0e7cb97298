-- a generated column dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer GENERATED ALWAYS AS (a * 2) STORED);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer);
