-- ALTER COLUMN TYPE: varchar(40) narrowed to varchar(10)
-- old
CREATE TABLE t (id integer PRIMARY KEY, code varchar(40));
-- new
CREATE TABLE t (id integer PRIMARY KEY, code varchar(10));
