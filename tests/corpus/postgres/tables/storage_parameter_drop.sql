-- a table's storage parameters removed (ALTER TABLE RESET)
-- old
CREATE TABLE a (id integer PRIMARY KEY) WITH (fillfactor = 80, autovacuum_enabled = off);
-- new
CREATE TABLE a (id integer PRIMARY KEY);
