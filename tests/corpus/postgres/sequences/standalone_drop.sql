-- DROP SEQUENCE
-- old
CREATE TABLE t (id integer PRIMARY KEY);
CREATE SEQUENCE order_numbers;
-- new
CREATE TABLE t (id integer PRIMARY KEY);
