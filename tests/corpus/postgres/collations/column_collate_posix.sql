-- a column with COLLATE "POSIX"
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, name varchar(20) COLLATE "POSIX");
