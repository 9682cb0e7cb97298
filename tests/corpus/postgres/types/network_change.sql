-- macaddr to macaddr8 is not automatic: refused without a --cast
-- expect: refused-as-designed
-- old
CREATE TABLE t (id integer PRIMARY KEY, mac macaddr);
-- new
CREATE TABLE t (id integer PRIMARY KEY, mac macaddr8);
