-- a default stops drawing from a sequence, which is dropped
-- old
CREATE SEQUENCE t_number AS integer;
CREATE TABLE t (id integer PRIMARY KEY, number integer DEFAULT nextval('t_number'));
-- new
CREATE TABLE t (id integer PRIMARY KEY, number integer);
