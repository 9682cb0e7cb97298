-- a new publication of one table
-- expect: refused-as-designed
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
CREATE PUBLICATION t_changes FOR TABLE t WITH (publish = 'insert, update');
