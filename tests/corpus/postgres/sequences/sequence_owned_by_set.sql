-- ALTER SEQUENCE OWNED BY a column
-- old
CREATE TABLE t (id integer PRIMARY KEY, code integer);
CREATE SEQUENCE codes AS integer;
-- new
CREATE TABLE t (id integer PRIMARY KEY, code integer);
CREATE SEQUENCE codes AS integer OWNED BY t.code;
