-- a new rule
-- expect: refused-as-designed
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
CREATE RULE t_notify AS ON INSERT TO t DO ALSO NOTIFY t;
