-- a VIRTUAL generated column becomes a plain one: the rebuild copies its values
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER AS (a * 2));
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER);
