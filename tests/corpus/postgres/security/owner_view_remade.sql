-- a view owned by another role made again (a column's type changes under it): its owner given back
-- old
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, n integer);
CREATE VIEW big AS SELECT id, n FROM docs WHERE n > 10;
ALTER VIEW big OWNER TO corpus_owner;
-- new
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, n bigint);
CREATE VIEW big AS SELECT id, n FROM docs WHERE n > 10;
ALTER VIEW big OWNER TO corpus_owner;
