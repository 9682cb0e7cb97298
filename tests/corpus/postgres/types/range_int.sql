-- built-in range types int4range, int8range, numrange
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a int4range, b int8range, c numrange);
