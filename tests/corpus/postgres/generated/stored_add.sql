-- ADD COLUMN ... GENERATED ALWAYS AS (...) STORED
-- old
CREATE TABLE t (id integer PRIMARY KEY, w numeric, h numeric);
-- new
CREATE TABLE t (id integer PRIMARY KEY, w numeric, h numeric, area numeric GENERATED ALWAYS AS (w * h) STORED);
