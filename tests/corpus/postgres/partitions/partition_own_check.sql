-- a partition with a check of its own (PARTITION OF … (CONSTRAINT …))
-- old
CREATE TABLE events (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
-- new
CREATE TABLE events (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events (CONSTRAINT events_2024_id_check CHECK (id > 0)) FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
