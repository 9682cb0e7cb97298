-- a foreign key referencing a partitioned table (PostgreSQL 12+)
-- old
CREATE TABLE events (id integer NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE notes (id integer PRIMARY KEY, event_id integer, event_at date);
-- new
CREATE TABLE events (id integer NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE notes (id integer PRIMARY KEY, event_id integer, event_at date, FOREIGN KEY (event_id, event_at) REFERENCES events (id, at));
