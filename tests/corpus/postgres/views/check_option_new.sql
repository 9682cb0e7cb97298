-- a new view WITH CHECK OPTION
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW positive AS SELECT id, n FROM t WHERE n > 0 WITH CASCADED CHECK OPTION;
