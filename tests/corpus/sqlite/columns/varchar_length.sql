-- VARCHAR(10) (the length is not enforced, but kept)
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, code VARCHAR(10));
