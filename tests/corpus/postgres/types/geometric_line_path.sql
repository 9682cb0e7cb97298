-- geometric types: line, lseg, path, polygon
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, l line, s lseg, pa path, pg polygon);
