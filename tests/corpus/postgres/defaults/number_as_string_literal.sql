-- a number written as a string literal for a numeric or integer column is stored as the number
-- old
CREATE TABLE t (id integer PRIMARY KEY, p numeric(30,20) DEFAULT 0.5, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, p numeric(30,20) DEFAULT '0.0000000000123456789', n integer DEFAULT '-5');
