-- a NOT NULL column added with a stored DEFAULT NULL (varchar(n)): it gives rows no value, so it is backfilled
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, code varchar(3) NOT NULL DEFAULT NULL);
