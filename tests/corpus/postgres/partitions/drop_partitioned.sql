-- a partitioned table dropped with its partitions
-- old
CREATE TABLE other (id integer PRIMARY KEY);
CREATE TABLE events (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- new
CREATE TABLE other (id integer PRIMARY KEY);
