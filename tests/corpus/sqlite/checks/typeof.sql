-- CHECK (typeof(n) = 'integer')
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, n);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, n CHECK (typeof(n) = 'integer'));
