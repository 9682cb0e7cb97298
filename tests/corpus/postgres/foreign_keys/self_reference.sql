-- a table referencing itself
-- old
CREATE TABLE node (id integer PRIMARY KEY);
-- new
CREATE TABLE node (id integer PRIMARY KEY, parent_id integer REFERENCES node (id));
