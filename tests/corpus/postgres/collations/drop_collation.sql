-- a column's explicit collation removed
-- old
CREATE TABLE t (id integer PRIMARY KEY, name text COLLATE "C");
-- new
CREATE TABLE t (id integer PRIMARY KEY, name text);
