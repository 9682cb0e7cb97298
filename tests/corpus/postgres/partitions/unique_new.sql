-- a new partitioned table with a UNIQUE constraint including the partition key
-- old
CREATE TABLE other (id integer PRIMARY KEY);
-- new
CREATE TABLE other (id integer PRIMARY KEY);
CREATE TABLE events (id integer NOT NULL, at date NOT NULL, CONSTRAINT events_id_at_key UNIQUE (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
