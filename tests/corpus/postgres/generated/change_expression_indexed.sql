-- SET EXPRESSION AS on a generated column that an index and a check read
-- old
CREATE TABLE t (id integer PRIMARY KEY, first text, last text, full_name text GENERATED ALWAYS AS (first || ' ' || last) STORED CHECK (full_name <> ''));
CREATE INDEX t_full_name_idx ON t (full_name);
-- new
CREATE TABLE t (id integer PRIMARY KEY, first text, last text, full_name text GENERATED ALWAYS AS (last || ', ' || first) STORED CHECK (full_name <> ''));
CREATE INDEX t_full_name_idx ON t (full_name);
