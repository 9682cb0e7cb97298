-- a serial column dropped (its sequence goes with it)
-- old
CREATE TABLE t (name text, n serial);
-- new
CREATE TABLE t (name text);
