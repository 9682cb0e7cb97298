-- storage parameters and UNLOGGED written as ALTER TABLE statements in the schema file
-- old
CREATE TABLE a (id integer PRIMARY KEY);
-- new
CREATE TABLE a (id integer PRIMARY KEY) WITH (fillfactor = 90, autovacuum_enabled = true);
ALTER TABLE a SET (fillfactor = 70), RESET (autovacuum_enabled);
ALTER TABLE a SET UNLOGGED;
