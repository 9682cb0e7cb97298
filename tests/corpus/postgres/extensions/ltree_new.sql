-- a new extension (ltree)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE EXTENSION ltree;
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
