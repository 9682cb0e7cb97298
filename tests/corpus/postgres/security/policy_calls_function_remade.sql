-- a policy calls a function whose parameter is renamed (dropped and made again: the policy is dropped before it and created after)
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION allowed(x integer) RETURNS boolean LANGUAGE sql STABLE AS 'SELECT x > 0';
CREATE TABLE t (id integer PRIMARY KEY, n integer);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY only_allowed ON t FOR SELECT TO corpus_reader USING (allowed(n));
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION allowed(y integer) RETURNS boolean LANGUAGE sql STABLE AS 'SELECT y > 0';
CREATE TABLE t (id integer PRIMARY KEY, n integer);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY only_allowed ON t FOR SELECT TO corpus_reader USING (allowed(n));
