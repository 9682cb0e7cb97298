-- a partition detached while its parent gains a column: the detached table keeps only its own columns (its NOT NULL keeps the name it took from the parent)
-- old
CREATE TABLE readings (at date NOT NULL, value integer) PARTITION BY RANGE (at);
CREATE TABLE readings_2024 PARTITION OF readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE readings_2025 PARTITION OF readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
-- new
CREATE TABLE readings (at date NOT NULL, value integer, unit text) PARTITION BY RANGE (at);
CREATE TABLE readings_2024 (at date CONSTRAINT readings_at_not_null NOT NULL, value integer);
CREATE TABLE readings_2025 PARTITION OF readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
