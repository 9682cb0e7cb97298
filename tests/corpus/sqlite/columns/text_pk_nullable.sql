-- a TEXT primary key column without NOT NULL (SQLite allows NULL in it) gains a sibling column
-- old
CREATE TABLE t (code TEXT PRIMARY KEY);
-- new
CREATE TABLE t (code TEXT PRIMARY KEY, label TEXT NOT NULL DEFAULT '');
