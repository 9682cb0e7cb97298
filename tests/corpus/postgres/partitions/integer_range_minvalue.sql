-- integer range bounds with MINVALUE and MAXVALUE
-- old
CREATE TABLE other (id integer PRIMARY KEY);
-- new
CREATE TABLE other (id integer PRIMARY KEY);
CREATE TABLE readings (sensor integer NOT NULL, value integer) PARTITION BY RANGE (sensor);
CREATE TABLE readings_low PARTITION OF readings FOR VALUES FROM (MINVALUE) TO (100);
CREATE TABLE readings_high PARTITION OF readings FOR VALUES FROM (100) TO (MAXVALUE);
