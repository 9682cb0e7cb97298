-- declared type INTEGER to TEXT
-- args: --cast 't.n=CAST(n AS text)'
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, n TEXT);
