-- a composite type dropped with its column
-- old
CREATE TYPE pair AS (a integer, b integer);
CREATE TABLE t (id integer PRIMARY KEY, p pair);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
