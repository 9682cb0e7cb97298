-- a table's fillfactor changed and another storage parameter added
-- old
CREATE TABLE a (id integer PRIMARY KEY) WITH (fillfactor = 80);
-- new
CREATE TABLE a (id integer PRIMARY KEY) WITH (autovacuum_enabled = false, fillfactor = 60);
