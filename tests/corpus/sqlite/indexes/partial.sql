-- partial index WHERE
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT, deleted_at TEXT);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT, deleted_at TEXT);
CREATE INDEX t_live ON t (email) WHERE deleted_at IS NULL;
