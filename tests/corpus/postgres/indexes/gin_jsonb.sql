-- GIN index on jsonb
-- old
CREATE TABLE t (id integer PRIMARY KEY, doc jsonb);
-- new
CREATE TABLE t (id integer PRIMARY KEY, doc jsonb);
CREATE INDEX t_doc_idx ON t USING gin (doc);
