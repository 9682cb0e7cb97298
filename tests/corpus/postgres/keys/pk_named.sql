-- named PRIMARY KEY constraint
-- old
CREATE TABLE t (id integer NOT NULL);
-- new
CREATE TABLE t (id integer NOT NULL, CONSTRAINT t_identity PRIMARY KEY (id));
