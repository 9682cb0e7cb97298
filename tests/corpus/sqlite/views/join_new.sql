-- a new view joining two tables
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, label TEXT);
CREATE TABLE u (id INTEGER PRIMARY KEY, t_id INTEGER REFERENCES t (id), score INTEGER);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, label TEXT);
CREATE TABLE u (id INTEGER PRIMARY KEY, t_id INTEGER REFERENCES t (id), score INTEGER);
CREATE VIEW scored AS SELECT t.label, u.score FROM t JOIN u ON u.t_id = t.id;
