-- an index mixing a column and an expression key
-- old
CREATE TABLE t (id integer PRIMARY KEY, org integer, name text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, org integer, name text);
CREATE UNIQUE INDEX t_org_name_idx ON t (org, lower(name));
