-- declared type INTEGER to REAL
-- args: --cast 't.n=CAST(n AS real)'
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, n REAL);
