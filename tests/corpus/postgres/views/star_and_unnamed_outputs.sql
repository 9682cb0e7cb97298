-- views whose query the server expands (*, t.*) and names (1 AS "?column?", max(b) AS max), over a table and a view
-- old
CREATE TABLE t (id integer PRIMARY KEY, b integer);
CREATE VIEW every_column AS SELECT * FROM t;
-- new
CREATE TABLE t (id integer PRIMARY KEY, b integer, note text);
CREATE TABLE u (t_id integer, tag text);
CREATE VIEW every_column AS SELECT * FROM t;
CREATE VIEW over_view AS SELECT *, 1 FROM every_column;
CREATE VIEW joined AS SELECT t.*, u.tag FROM t JOIN u ON u.t_id = t.id;
CREATE VIEW per_id AS SELECT id, max(b), count(*), coalesce(min(b), 0), current_date FROM t GROUP BY id;
