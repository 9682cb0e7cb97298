-- CHECK column constraint added
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER CHECK (n > 0));
