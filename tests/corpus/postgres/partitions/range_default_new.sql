-- a range-partitioned table with a DEFAULT partition (ddl-partitioning: default partition)
-- old
CREATE TABLE other (id integer PRIMARY KEY);
-- new
CREATE TABLE other (id integer PRIMARY KEY);
CREATE TABLE measurement (city_id integer NOT NULL, logdate date NOT NULL, peaktemp integer) PARTITION BY RANGE (logdate);
CREATE TABLE measurement_y2006 PARTITION OF measurement FOR VALUES FROM ('2006-01-01') TO ('2007-01-01');
CREATE TABLE measurement_rest PARTITION OF measurement DEFAULT;
