-- DEFAULT NULL on a column with a type modifier is stored (a length coercion of NULL): set
-- old
CREATE TABLE t (id integer PRIMARY KEY, s varchar(10), n numeric(6,2), c char(2), b bit(3), ts timestamp(3), a varchar(4)[]);
-- new
CREATE TABLE t (id integer PRIMARY KEY, s varchar(10) DEFAULT NULL, n numeric(6,2) DEFAULT NULL, c char(2) DEFAULT NULL, b bit(3) DEFAULT NULL, ts timestamp(3) DEFAULT NULL, a varchar(4)[] DEFAULT NULL);
