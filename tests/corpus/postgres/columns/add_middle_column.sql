-- ADD COLUMN where the new schema has it between two columns: PostgreSQL adds it last (generate
-- warns, diff names the order)
-- expect: column-moved
-- old
CREATE TABLE t (id integer PRIMARY KEY, label text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
