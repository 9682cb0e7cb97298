-- ALTER SEQUENCE AS bigint
-- old
CREATE SEQUENCE invoice_numbers AS integer;
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE SEQUENCE invoice_numbers AS bigint;
CREATE TABLE t (id integer PRIMARY KEY);
