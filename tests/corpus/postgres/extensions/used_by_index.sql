-- a new extension and an index using its operator class
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE EXTENSION pg_trgm;
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE INDEX t_label_trgm ON t USING gin (label gin_trgm_ops);
