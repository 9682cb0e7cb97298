-- a view calling a VARIADIC function with its trailing arguments spread
-- old
CREATE TABLE t (id integer PRIMARY KEY, doc jsonb);
-- new
CREATE TABLE t (id integer PRIMARY KEY, doc jsonb);
CREATE VIEW v AS SELECT id, jsonb_extract_path_text(doc, 'a', 'b') AS ab FROM t;
