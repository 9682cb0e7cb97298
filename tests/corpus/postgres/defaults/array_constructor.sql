-- DEFAULT ARRAY[1, 2, 3]
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, nums integer[] DEFAULT ARRAY[1, 2, 3]);
