-- ALTER COLUMN TYPE: character varying(20) to text
-- old
CREATE TABLE t (id integer PRIMARY KEY, code character varying(20));
-- new
CREATE TABLE t (id integer PRIMARY KEY, code text);
