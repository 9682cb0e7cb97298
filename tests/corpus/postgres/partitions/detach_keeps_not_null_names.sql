-- PostgreSQL 18: a partition made PARTITION OF has its parent's NOT NULL constraint names and keeps them when detached; the same table made on its own has its own
-- old
CREATE TABLE events (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- new
CREATE TABLE events (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 (id integer NOT NULL, at date NOT NULL);
