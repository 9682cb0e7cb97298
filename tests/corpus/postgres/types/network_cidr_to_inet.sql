-- cidr to inet: every network is an inet value (in place: PostgreSQL rewrites nothing)
-- old
CREATE TABLE t (id integer PRIMARY KEY, net cidr, nets cidr[]);
-- new
CREATE TABLE t (id integer PRIMARY KEY, net inet, nets inet[]);
