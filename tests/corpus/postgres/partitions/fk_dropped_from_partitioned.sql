-- a foreign key of a partitioned table dropped (the rollback adds it back: NOT VALID only from PostgreSQL 18 on)
-- old
CREATE TABLE cities (id integer PRIMARY KEY);
CREATE TABLE visits (city_id integer NOT NULL REFERENCES cities, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE visits_2024 PARTITION OF visits FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- new
CREATE TABLE cities (id integer PRIMARY KEY);
CREATE TABLE visits (city_id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE visits_2024 PARTITION OF visits FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
