-- PRIMARY KEY moved from (a) to (a, b)
-- old
CREATE TABLE t (a integer PRIMARY KEY, b integer NOT NULL);
-- new
CREATE TABLE t (a integer NOT NULL, b integer NOT NULL, PRIMARY KEY (a, b));
