-- a generated text column concatenating two columns
-- old
CREATE TABLE t (id integer PRIMARY KEY, first text, last text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, first text, last text, full_name text GENERATED ALWAYS AS (first || ' ' || last) STORED);
