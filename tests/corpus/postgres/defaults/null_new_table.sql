-- a new table's DEFAULT NULL: stored for varchar(n), not for text or interval(3)
-- old
-- new
CREATE TABLE t (id integer PRIMARY KEY, s varchar(16) DEFAULT NULL, x text DEFAULT NULL, i interval(3) DEFAULT NULL);
