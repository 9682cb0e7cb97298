-- expression key with an operator class and DESC
-- old
CREATE TABLE t (id integer PRIMARY KEY, name text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, name text);
CREATE INDEX t_name_idx ON t ((lower(name)) text_pattern_ops DESC);
