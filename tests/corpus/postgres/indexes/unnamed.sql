-- CREATE INDEX without a name (the server picks one)
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer);
CREATE INDEX ON t (a);
