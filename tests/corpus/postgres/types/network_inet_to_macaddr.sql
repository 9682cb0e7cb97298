-- inet to macaddr: unrelated types, refused without a --cast
-- expect: refused-as-designed
-- old
CREATE TABLE t (id integer PRIMARY KEY, addr inet);
-- new
CREATE TABLE t (id integer PRIMARY KEY, addr macaddr);
