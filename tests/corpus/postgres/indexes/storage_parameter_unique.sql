-- a unique index's fillfactor changed, with a renamed key column
-- args: --rename t.a=t.code
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer);
CREATE UNIQUE INDEX t_a_key ON t (a) WITH (fillfactor = 90);
-- new
CREATE TABLE t (id integer PRIMARY KEY, code integer);
CREATE UNIQUE INDEX t_a_key ON t (code) WITH (fillfactor = 80);
