-- the same types spelled by their aliases on each side: no change
-- old
CREATE TABLE t (id int4 PRIMARY KEY, a timestamptz, b character varying(20), c float8, d bool, e int8range);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a timestamp with time zone, b varchar(20), c double precision, d boolean, e int8range, f tsquery);
