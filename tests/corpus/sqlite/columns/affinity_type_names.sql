-- columns declared with type names SQLite reads only by their affinity
-- (the examples of https://sqlite.org/datatype3.html, 3.1.1)
-- old
CREATE TABLE t1 (id INTEGER PRIMARY KEY, a TEXT);
-- new
CREATE TABLE t1 (
  id INTEGER PRIMARY KEY,
  a TEXT,
  b UNSIGNED BIG INT,
  c VARYING CHARACTER(255),
  d NATIVE CHARACTER(70),
  e STRING,
  f FLOATING POINT
);
CREATE TABLE t2 (k STRING NOT NULL PRIMARY KEY, v BYTES) WITHOUT ROWID;
