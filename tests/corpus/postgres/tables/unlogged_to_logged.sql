-- an UNLOGGED table made logged again (ALTER TABLE SET LOGGED)
-- old
CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v text);
-- new
CREATE TABLE cache (k text PRIMARY KEY, v text);
