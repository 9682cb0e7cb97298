-- a table WITH (fillfactor = 80)
-- old
CREATE TABLE a (id integer PRIMARY KEY);
-- new
CREATE TABLE a (id integer PRIMARY KEY) WITH (fillfactor = 80);
