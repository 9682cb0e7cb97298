-- GiST index on a point
-- old
CREATE TABLE t (id integer PRIMARY KEY, p point);
-- new
CREATE TABLE t (id integer PRIMARY KEY, p point);
CREATE INDEX t_p_idx ON t USING gist (p);
