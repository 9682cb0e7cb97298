-- a DEFAULT partition added to a range-partitioned table
-- old
CREATE TABLE measurement (city_id integer NOT NULL, logdate date NOT NULL) PARTITION BY RANGE (logdate);
CREATE TABLE measurement_y2006 PARTITION OF measurement FOR VALUES FROM ('2006-01-01') TO ('2007-01-01');
-- new
CREATE TABLE measurement (city_id integer NOT NULL, logdate date NOT NULL) PARTITION BY RANGE (logdate);
CREATE TABLE measurement_y2006 PARTITION OF measurement FOR VALUES FROM ('2006-01-01') TO ('2007-01-01');
CREATE TABLE measurement_rest PARTITION OF measurement DEFAULT;
