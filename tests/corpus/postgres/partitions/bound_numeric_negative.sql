-- numeric and negative bounds (pg_dump writes the numbers unquoted: -10.5, 0)
-- old
CREATE TABLE n (v numeric NOT NULL, k bigint NOT NULL) PARTITION BY RANGE (v);
-- new
CREATE TABLE n (v numeric NOT NULL, k bigint NOT NULL) PARTITION BY RANGE (v);
CREATE TABLE n_neg PARTITION OF n FOR VALUES FROM ('-10.50') TO (0);
CREATE TABLE n_pos PARTITION OF n FOR VALUES FROM (0.0) TO ('1e3');
