-- a date key's bounds written as timestamps at midnight and as typed literals (pg_dump writes '2024-01-01')
-- old
CREATE TABLE ev (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
-- new
CREATE TABLE ev (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE ev_2024 PARTITION OF ev FOR VALUES FROM ('2024-01-01 00:00:00') TO (DATE '2025-01-01');
CREATE TABLE ev_2025 PARTITION OF ev FOR VALUES FROM ('2025-01-01'::date) TO ('2026-01-01');
