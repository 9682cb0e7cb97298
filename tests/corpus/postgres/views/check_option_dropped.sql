-- a view loses its CHECK OPTION
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW pos AS SELECT id, n FROM t WHERE n > 0 WITH CHECK OPTION;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW pos AS SELECT id, n FROM t WHERE n > 0;
