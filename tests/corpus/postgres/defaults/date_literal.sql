-- DEFAULT '2020-01-01'::date
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, since date DEFAULT '2020-01-01'::date);
