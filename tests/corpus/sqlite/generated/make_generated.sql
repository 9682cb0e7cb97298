-- a plain column made generated: SQLite rebuilds the table, computing it
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER AS (a * 2) STORED);
