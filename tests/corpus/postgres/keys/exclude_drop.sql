-- EXCLUDE constraint dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, during tsrange, CONSTRAINT t_no_overlap EXCLUDE USING gist (during WITH &&));
-- new
CREATE TABLE t (id integer PRIMARY KEY, during tsrange);
