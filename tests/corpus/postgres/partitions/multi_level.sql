-- sub-partitioning: a range partition itself partitioned by list
-- old
CREATE TABLE other (id integer PRIMARY KEY);
-- new
CREATE TABLE other (id integer PRIMARY KEY);
CREATE TABLE sales (id integer NOT NULL, sold date NOT NULL, region text NOT NULL) PARTITION BY RANGE (sold);
CREATE TABLE sales_2024 PARTITION OF sales FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY LIST (region);
CREATE TABLE sales_2024_eu PARTITION OF sales_2024 FOR VALUES IN ('eu');
CREATE TABLE sales_2024_us PARTITION OF sales_2024 FOR VALUES IN ('us');
