-- a range column's type changed between unrelated range types: refused without a --cast
-- expect: refused-as-designed
-- old
CREATE TABLE t (id integer PRIMARY KEY, r int4range);
-- new
CREATE TABLE t (id integer PRIMARY KEY, r tstzrange);
