-- a domain's CHECK dropped
-- old
CREATE DOMAIN score AS smallint CONSTRAINT score_range CHECK (VALUE BETWEEN 0 AND 100);
CREATE TABLE t (id integer PRIMARY KEY, s score);
-- new
CREATE DOMAIN score AS smallint;
CREATE TABLE t (id integer PRIMARY KEY, s score);
