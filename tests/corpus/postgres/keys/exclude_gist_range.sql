-- EXCLUDE USING gist (during WITH &&): no overlapping ranges
-- old
CREATE TABLE t (id integer PRIMARY KEY, during tsrange);
-- new
CREATE TABLE t (id integer PRIMARY KEY, during tsrange, CONSTRAINT t_no_overlap EXCLUDE USING gist (during WITH &&));
