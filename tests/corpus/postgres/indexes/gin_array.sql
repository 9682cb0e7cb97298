-- GIN index on an array column
-- old
CREATE TABLE t (id integer PRIMARY KEY, tags text[]);
-- new
CREATE TABLE t (id integer PRIMARY KEY, tags text[]);
CREATE INDEX t_tags_idx ON t USING gin (tags);
