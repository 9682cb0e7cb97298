-- a descending sequence (INCREMENT BY -1: starts at -1, down to the type's minimum)
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
CREATE SEQUENCE countdown AS integer INCREMENT BY -1;
