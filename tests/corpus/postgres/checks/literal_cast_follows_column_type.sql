-- a check comparing a column with a typed literal, the column and the literal's cast both changed from timestamp to timestamptz (pg_dump's form of pagila's partition checks)
-- old
CREATE TABLE t (id integer NOT NULL, d timestamp without time zone, CONSTRAINT t_d_check CHECK ((d >= '2015-01-01 00:00:00'::timestamp without time zone)));
-- new
CREATE TABLE t (id integer NOT NULL, d timestamp with time zone, CONSTRAINT t_d_check CHECK ((d >= '2015-01-01 00:00:00'::timestamp with time zone)));
