-- a zero-column table (allowed by PostgreSQL)
-- old
CREATE TABLE a (id integer PRIMARY KEY);
-- new
CREATE TABLE a (id integer PRIMARY KEY);
CREATE TABLE marker ();
