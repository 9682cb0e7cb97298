-- a range type's subtype changed: refused with a named reason (type_change: give the new one another name)
-- expect: refused-as-designed
-- old
CREATE TYPE span AS RANGE (subtype = integer);
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE span AS RANGE (subtype = bigint);
CREATE TABLE t (id integer PRIMARY KEY);
