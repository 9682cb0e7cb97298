-- an index key's collation changed from NOCASE to RTRIM
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
CREATE INDEX t_name ON t (name COLLATE NOCASE);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
CREATE INDEX t_name ON t (name COLLATE RTRIM);
