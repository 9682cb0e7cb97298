-- an EXCLUDE constraint on a column added by the same migration
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, during daterange, CONSTRAINT t_during_excl EXCLUDE USING gist (during WITH &&));
