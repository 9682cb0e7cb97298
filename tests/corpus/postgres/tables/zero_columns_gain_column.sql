-- a zero-column table gains a column
-- old
CREATE TABLE marker ();
-- new
CREATE TABLE marker (id integer);
