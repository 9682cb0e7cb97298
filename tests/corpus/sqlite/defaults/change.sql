-- a DEFAULT changed
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, status TEXT DEFAULT 'new');
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, status TEXT DEFAULT 'draft');
