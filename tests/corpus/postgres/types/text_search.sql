-- tsvector and tsquery
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, doc tsvector, q tsquery);
