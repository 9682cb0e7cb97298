-- integer[][] and a sized array integer[3] (sizes are not enforced)
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, grid integer[][], triple integer[3]);
