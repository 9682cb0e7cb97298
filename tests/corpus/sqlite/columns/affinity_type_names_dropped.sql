-- a column of a type name read by its affinity, dropped; another respelled BLOB (NUMERIC
-- affinity to BLOB: wesley-gen asks how values convert, and SQLite copies them as they are)
-- args: --cast t1.v=v
-- old
CREATE TABLE t1 (id INTEGER PRIMARY KEY, e STRING, v BYTES NOT NULL);
-- new
CREATE TABLE t1 (id INTEGER PRIMARY KEY, v BLOB NOT NULL);
