-- a column compared with a string in a view changes from text to varchar(20) (stored as (label)::text = 'a'::text)
-- old
CREATE TABLE t (id integer PRIMARY KEY, label text);
CREATE VIEW named_a AS SELECT id, label FROM t WHERE label = 'a';
-- new
CREATE TABLE t (id integer PRIMARY KEY, label varchar(20));
CREATE VIEW named_a AS SELECT id, label FROM t WHERE label = 'a';
