-- a column renamed in letter case only: RENAME COLUMN, its values kept
-- old
CREATE TABLE notes (ID integer PRIMARY KEY, Flds text);
-- new
CREATE TABLE notes (id integer PRIMARY KEY, flds text);
