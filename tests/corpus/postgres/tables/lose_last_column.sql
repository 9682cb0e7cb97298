-- a table loses its last column
-- old
CREATE TABLE marker (id integer);
-- new
CREATE TABLE marker ();
