-- macaddr8 to macaddr: narrowing (only addresses with FF:FE in the middle convert; the pre-check counts the rest)
-- old
CREATE TABLE t (id integer PRIMARY KEY, mac macaddr8 NOT NULL);
-- new
CREATE TABLE t (id integer PRIMARY KEY, mac macaddr NOT NULL);
