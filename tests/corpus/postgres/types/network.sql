-- network address types: inet, cidr, macaddr, macaddr8
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, ip inet, net cidr, mac macaddr, mac8 macaddr8);
