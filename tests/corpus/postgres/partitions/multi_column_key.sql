-- a range key of two columns
-- old
CREATE TABLE other (id integer PRIMARY KEY);
-- new
CREATE TABLE other (id integer PRIMARY KEY);
CREATE TABLE stock (shop integer NOT NULL, day date NOT NULL, qty integer) PARTITION BY RANGE (shop, day);
CREATE TABLE stock_a PARTITION OF stock FOR VALUES FROM (1, '2024-01-01') TO (1, MAXVALUE);
