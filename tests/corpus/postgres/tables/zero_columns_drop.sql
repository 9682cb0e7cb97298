-- a zero-column table dropped
-- old
CREATE TABLE a (id integer PRIMARY KEY);
CREATE TABLE marker ();
-- new
CREATE TABLE a (id integer PRIMARY KEY);
