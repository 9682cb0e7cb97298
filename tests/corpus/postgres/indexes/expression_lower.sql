-- expression index on lower(name)
-- old
CREATE TABLE t (id integer PRIMARY KEY, name text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, name text);
CREATE INDEX t_lower_name_idx ON t (lower(name));
