-- a type change (timestamp to timestamptz) of a partitioned table's column that a partition's own check reads
-- old
CREATE TABLE m (id integer NOT NULL, d timestamp without time zone, n integer) PARTITION BY LIST (id);
CREATE TABLE m_1 PARTITION OF m (CONSTRAINT m_1_d_check CHECK (d IS NOT NULL)) FOR VALUES IN (1);
-- new
CREATE TABLE m (id integer NOT NULL, d timestamp with time zone, n integer) PARTITION BY LIST (id);
CREATE TABLE m_1 PARTITION OF m (CONSTRAINT m_1_d_check CHECK (d IS NOT NULL)) FOR VALUES IN (1);
