-- UNIQUE (a, b) table constraint
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer, UNIQUE (a, b));
