-- a column compared with a literal in a view changes from integer to bigint (int8 > int4 is an operator of its own: no cast is stored)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW big AS SELECT id, n FROM t WHERE n > 2;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n bigint);
CREATE VIEW big AS SELECT id, n FROM t WHERE n > 2;
