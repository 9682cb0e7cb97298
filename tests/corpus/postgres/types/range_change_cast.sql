-- int4range to int8range with a --cast (PostgreSQL has no cast between range types: rebuild it from its bounds)
-- args: --cast "t.r=int8range(lower(r), upper(r))"
-- old
CREATE TABLE t (id integer PRIMARY KEY, r int4range);
-- new
CREATE TABLE t (id integer PRIMARY KEY, r int8range);
