-- ALTER COLUMN TYPE: varchar(10) to varchar(40)
-- old
CREATE TABLE t (id integer PRIMARY KEY, code varchar(10));
-- new
CREATE TABLE t (id integer PRIMARY KEY, code varchar(40));
