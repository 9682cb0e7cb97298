-- a range type's subtype changed while no column uses it: dropped and made again (the rollback the reverse)
-- old
CREATE TYPE span AS RANGE (subtype = integer);
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE span AS RANGE (subtype = bigint);
CREATE TABLE t (id integer PRIMARY KEY);
