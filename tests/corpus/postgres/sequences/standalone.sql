-- CREATE SEQUENCE on its own
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
CREATE SEQUENCE order_numbers;
