-- composite PRIMARY KEY (a, b)
-- old
CREATE TABLE t (a integer NOT NULL, b integer NOT NULL);
-- new
CREATE TABLE t (a integer NOT NULL, b integer NOT NULL, PRIMARY KEY (a, b));
