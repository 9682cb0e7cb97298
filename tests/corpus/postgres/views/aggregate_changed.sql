-- an aggregate view whose grouping changes (columns kept)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW counts AS SELECT label, count(*) AS c FROM t GROUP BY label;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW counts AS SELECT label, count(*) AS c FROM t WHERE n > 0 GROUP BY label;
