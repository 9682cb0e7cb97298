-- index key DESC
-- old
CREATE TABLE t (id integer PRIMARY KEY, at timestamptz);
-- new
CREATE TABLE t (id integer PRIMARY KEY, at timestamptz);
CREATE INDEX t_at_idx ON t (at DESC);
