-- a table and the view over it both dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE TABLE u (id integer PRIMARY KEY, score integer);
CREATE VIEW high AS SELECT id FROM u WHERE score > 10;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
