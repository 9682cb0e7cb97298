-- a GIN index's fastupdate and pending list limit changed
-- old
CREATE TABLE t (id integer PRIMARY KEY, tags text[]);
CREATE INDEX t_tags_idx ON t USING gin (tags) WITH (fastupdate = off);
-- new
CREATE TABLE t (id integer PRIMARY KEY, tags text[]);
CREATE INDEX t_tags_idx ON t USING gin (tags) WITH (gin_pending_list_limit = 128);
