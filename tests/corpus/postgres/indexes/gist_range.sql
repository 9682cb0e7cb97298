-- GiST index on a range column
-- old
CREATE TABLE t (id integer PRIMARY KEY, during tstzrange);
-- new
CREATE TABLE t (id integer PRIMARY KEY, during tstzrange);
CREATE INDEX t_during_idx ON t USING gist (during);
