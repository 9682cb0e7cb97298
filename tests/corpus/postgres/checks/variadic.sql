-- CHECK calling a VARIADIC function with an explicit array: num_nonnulls(VARIADIC ARRAY[a, b])
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer, CHECK (num_nonnulls(VARIADIC ARRAY[a, b]) >= 1));
