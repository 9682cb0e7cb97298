-- a materialized view WITH NO DATA, indexed and granted, over a column whose type changes
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, label text, n integer);
CREATE MATERIALIZED VIEW sums AS SELECT label, sum(n) AS s FROM t GROUP BY label WITH NO DATA;
CREATE UNIQUE INDEX sums_label ON sums (label);
GRANT SELECT ON sums TO corpus_reader;
COMMENT ON MATERIALIZED VIEW sums IS 'totals per label';
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, label text, n bigint);
CREATE MATERIALIZED VIEW sums AS SELECT label, sum(n) AS s FROM t GROUP BY label WITH NO DATA;
CREATE UNIQUE INDEX sums_label ON sums (label);
GRANT SELECT ON sums TO corpus_reader;
COMMENT ON MATERIALIZED VIEW sums IS 'totals per label';
