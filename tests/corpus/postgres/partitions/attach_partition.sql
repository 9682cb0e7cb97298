-- a table attached as a partition (ALTER TABLE ... ATTACH PARTITION in the new schema)
-- old
CREATE TABLE events (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 (id integer NOT NULL, at date NOT NULL);
-- new
CREATE TABLE events (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 (id integer NOT NULL, at date NOT NULL);
ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
