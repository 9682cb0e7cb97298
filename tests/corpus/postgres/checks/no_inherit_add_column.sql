-- a new column with a NO INHERIT check of its own
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer CHECK (n > 0) NO INHERIT);
