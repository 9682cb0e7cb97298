-- EXCLUDE on an expression key: no two rows whose lower-cased codes are equal (hash method)
-- old
CREATE TABLE t (id integer PRIMARY KEY, code text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, code text, EXCLUDE USING hash (lower(code) WITH =));
