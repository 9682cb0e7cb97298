-- an existing table made UNLOGGED (ALTER TABLE SET UNLOGGED)
-- old
CREATE TABLE cache (k text PRIMARY KEY, v text);
-- new
CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v text);
