-- ALTER SEQUENCE OWNED BY NONE
-- old
CREATE TABLE t (id integer PRIMARY KEY, code integer);
CREATE SEQUENCE codes AS integer OWNED BY t.code;
-- new
CREATE TABLE t (id integer PRIMARY KEY, code integer);
CREATE SEQUENCE codes AS integer;
