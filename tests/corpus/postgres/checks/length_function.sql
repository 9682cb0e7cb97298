-- CHECK (char_length(name) BETWEEN 1 AND 80)
-- old
CREATE TABLE t (id integer PRIMARY KEY, name text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, name text CHECK (char_length(name) BETWEEN 1 AND 80));
