-- DEFAULT NULL on a column with a type modifier is stored: dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, s varchar(10) DEFAULT NULL, n numeric(6,2) DEFAULT NULL);
-- new
CREATE TABLE t (id integer PRIMARY KEY, s varchar(10), n numeric(6,2));
