-- a new extension (citext)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE EXTENSION citext;
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
