-- a new table and a view over it
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, label TEXT);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, label TEXT);
CREATE TABLE u (id INTEGER PRIMARY KEY, score INTEGER);
CREATE VIEW high AS SELECT id FROM u WHERE score > 10;
