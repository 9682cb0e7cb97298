-- CHECK (status IN ('a', 'b'))
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, status TEXT);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, status TEXT CHECK (status IN ('a', 'b')));
