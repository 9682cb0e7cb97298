-- ALTER COLUMN TYPE json to jsonb
-- old
CREATE TABLE t (id integer PRIMARY KEY, doc json);
-- new
CREATE TABLE t (id integer PRIMARY KEY, doc jsonb);
