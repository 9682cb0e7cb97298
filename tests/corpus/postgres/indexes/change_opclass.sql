-- an index's operator class changed (text_ops to text_pattern_ops)
-- old
CREATE TABLE t (id integer PRIMARY KEY, name text);
CREATE INDEX t_name_idx ON t (name);
-- new
CREATE TABLE t (id integer PRIMARY KEY, name text);
CREATE INDEX t_name_idx ON t (name text_pattern_ops);
