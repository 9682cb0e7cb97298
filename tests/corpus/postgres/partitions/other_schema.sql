-- a partitioned table and its partitions in a schema of their own
-- old
CREATE SCHEMA app;
CREATE TABLE app.events (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
-- new
CREATE SCHEMA app;
CREATE TABLE app.events (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
