-- CREATE COLLATION with LC_COLLATE and LC_CTYPE apart and no provider (libc, the default), used
-- by a new column and by an index key
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE COLLATION mixed (lc_collate = 'C', lc_ctype = 'POSIX');
CREATE TABLE t (id integer PRIMARY KEY, name text COLLATE mixed);
CREATE INDEX t_name_idx ON t (name COLLATE mixed);
