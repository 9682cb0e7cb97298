-- a range type no column uses gets another subtype_diff: dropped and made again (the rollback the reverse)
-- old
CREATE TYPE floatrange AS RANGE (subtype = float8);
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE t (id integer PRIMARY KEY);
