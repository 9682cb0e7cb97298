-- a timestamp key's bounds written as dates (pg_dump writes '2024-01-01 00:00:00'): no false change
-- old
CREATE TABLE log (id integer NOT NULL, at timestamp NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE log_2024 PARTITION OF log FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- new
CREATE TABLE log (id integer NOT NULL, at timestamp NOT NULL, note text) PARTITION BY RANGE (at);
CREATE TABLE log_2024 PARTITION OF log FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE log_2025 PARTITION OF log FOR VALUES FROM ('2025-01-01 00:00') TO ('2026-01-01T00:00:00');
