-- CHECK (length(code) = 3 AND code GLOB '[A-Z]*')
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT CHECK (length(code) = 3 AND code GLOB '[A-Z]*'));
