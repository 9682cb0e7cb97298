-- a new view with a quoted mixed-case name
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, label TEXT);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, label TEXT);
CREATE VIEW "Big Rows" AS SELECT id FROM t WHERE n > 100;
