-- GIN index on a tsvector
-- old
CREATE TABLE t (id integer PRIMARY KEY, doc tsvector);
-- new
CREATE TABLE t (id integer PRIMARY KEY, doc tsvector);
CREATE INDEX t_doc_idx ON t USING gin (doc);
