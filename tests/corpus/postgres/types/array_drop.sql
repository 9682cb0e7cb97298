-- drop an array column
-- old
CREATE TABLE t (id integer PRIMARY KEY, tags text[]);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
