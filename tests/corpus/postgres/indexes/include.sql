-- INCLUDE (covering index)
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE INDEX t_a_idx ON t (a) INCLUDE (b);
