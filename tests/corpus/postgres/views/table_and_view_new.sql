-- a new table and a view over it
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE TABLE u (id integer PRIMARY KEY, score integer);
CREATE VIEW high AS SELECT id FROM u WHERE score > 10;
