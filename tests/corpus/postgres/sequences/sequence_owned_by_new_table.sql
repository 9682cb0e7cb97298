-- a new sequence owned by a column of a new table that draws from it
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
CREATE SEQUENCE orders_number AS integer START WITH 1000;
CREATE TABLE orders (id integer PRIMARY KEY, number integer NOT NULL DEFAULT nextval('orders_number'));
ALTER SEQUENCE orders_number OWNED BY orders.number;
