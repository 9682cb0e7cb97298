-- PostgreSQL 18: columns with NOT NULL constraints retyped through a shadow column (integer to bigint): one keeps its name, one is given a name
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer CONSTRAINT a_required NOT NULL, b integer NOT NULL);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a bigint CONSTRAINT a_required NOT NULL, b bigint CONSTRAINT b_required NOT NULL);
