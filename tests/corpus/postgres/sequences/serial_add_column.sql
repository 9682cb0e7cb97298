-- ADD COLUMN of type serial
-- old
CREATE TABLE t (name text);
-- new
CREATE TABLE t (name text, n serial);
