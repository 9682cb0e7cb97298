-- a table referencing itself
-- old
CREATE TABLE node (id INTEGER PRIMARY KEY);
-- new
CREATE TABLE node (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES node (id));
