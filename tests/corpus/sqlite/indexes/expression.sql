-- expression index on lower(name)
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
CREATE INDEX t_lower_name ON t (lower(name));
