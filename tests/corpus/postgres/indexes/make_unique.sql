-- an index made UNIQUE
-- old
CREATE TABLE t (id integer PRIMARY KEY, a text);
CREATE INDEX t_idx ON t (a);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a text);
CREATE UNIQUE INDEX t_idx ON t (a);
