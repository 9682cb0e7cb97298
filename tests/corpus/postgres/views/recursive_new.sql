-- a new recursive view (CREATE RECURSIVE VIEW)
-- old
CREATE TABLE nodes (id integer PRIMARY KEY, parent integer);
-- new
CREATE TABLE nodes (id integer PRIMARY KEY, parent integer);
CREATE RECURSIVE VIEW depth (id, level) AS SELECT id, 1 FROM nodes WHERE parent IS NULL UNION ALL SELECT n.id, d.level + 1 FROM nodes n JOIN depth d ON n.parent = d.id;
