-- a partial unique index: one active row per name
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, active INTEGER);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, active INTEGER);
CREATE UNIQUE INDEX t_active_name ON t (name) WHERE active = 1;
