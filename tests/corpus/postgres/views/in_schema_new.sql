-- a new view in another schema
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE SCHEMA reports;
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW reports.big AS SELECT id FROM public.t WHERE n > 100;
