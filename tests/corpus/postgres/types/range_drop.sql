-- a tstzrange column dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, during tstzrange);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
