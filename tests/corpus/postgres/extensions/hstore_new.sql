-- a new extension (hstore)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE EXTENSION hstore;
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
