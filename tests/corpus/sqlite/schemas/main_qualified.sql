-- main. names the file's own database: the same as an unqualified name
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE main.t (id integer PRIMARY KEY, name text);
CREATE INDEX t_name_idx ON t (name);
