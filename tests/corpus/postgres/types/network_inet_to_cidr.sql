-- inet to cidr: narrowing (a host address inside a network has bits right of its mask; the pre-check counts them)
-- old
CREATE TABLE t (id integer PRIMARY KEY, addr inet);
-- new
CREATE TABLE t (id integer PRIMARY KEY, addr cidr);
