-- a column DEFAULT nextval('seq') on a standalone sequence
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE SEQUENCE t_number_seq;
CREATE TABLE t (id integer PRIMARY KEY, number bigint NOT NULL DEFAULT nextval('t_number_seq'));
