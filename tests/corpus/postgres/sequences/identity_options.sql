-- identity with sequence options (START WITH, INCREMENT BY)
-- old
CREATE TABLE other (id integer PRIMARY KEY);
-- new
CREATE TABLE other (id integer PRIMARY KEY);
CREATE TABLE t (id integer GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 10) PRIMARY KEY);
