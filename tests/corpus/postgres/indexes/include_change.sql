-- an index's INCLUDE columns changed
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer, b text, c text);
CREATE INDEX t_a_idx ON t (a) INCLUDE (b);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer, b text, c text);
CREATE INDEX t_a_idx ON t (a) INCLUDE (b, c);
