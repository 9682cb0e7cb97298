-- a view written with public. and OR REPLACE in one version, plainly in the other: the same view; a column is added
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE OR REPLACE VIEW public.big AS SELECT t.id FROM public.t WHERE t.n > 100;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, note text);
CREATE VIEW big AS SELECT id FROM t WHERE n > 100;
