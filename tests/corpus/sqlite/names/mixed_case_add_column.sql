-- mixed-case unquoted names (Anki's style) kept as written: a column and an index added
-- old
CREATE TABLE Notes (ID integer PRIMARY KEY, Usn integer NOT NULL, Flds text);
CREATE INDEX ix_Notes_usn ON Notes (Usn);
-- new
CREATE TABLE Notes (ID integer PRIMARY KEY, Usn integer NOT NULL, Flds text, Mod integer);
CREATE INDEX ix_Notes_usn ON Notes (Usn);
CREATE INDEX ix_Notes_Mod ON Notes (Mod);
