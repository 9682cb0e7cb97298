-- a column's collation changed
-- old
CREATE TABLE t (id integer PRIMARY KEY, name text COLLATE "C");
-- new
CREATE TABLE t (id integer PRIMARY KEY, name text COLLATE "POSIX");
