-- a character(3) column whose default is a literal cast to bpchar (any length, not char(1))
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, code character(3) DEFAULT 'JPN'::bpchar);
