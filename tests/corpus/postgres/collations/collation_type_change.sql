-- a collated column's type changes (ALTER COLUMN TYPE resets the collation): it keeps COLLATE "C"
-- old
CREATE TABLE t (id integer PRIMARY KEY, name varchar(20) COLLATE "C");
-- new
CREATE TABLE t (id integer PRIMARY KEY, name varchar(40) COLLATE "C");
