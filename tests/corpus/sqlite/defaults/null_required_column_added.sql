-- a NOT NULL column added with DEFAULT NULL: it gives rows no value, so it is backfilled
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT NOT NULL DEFAULT NULL);
