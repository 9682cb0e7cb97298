-- a view of SELECT * grouped and ordered by output names and positions, its filter changed (stored with the columns and expressions written out)
-- old
CREATE TABLE events (id integer, kind text, at timestamp);
CREATE VIEW per_kind AS SELECT kind AS k, count(*), max(at) FROM events GROUP BY k ORDER BY 2 DESC;
CREATE VIEW everything AS SELECT * FROM events WHERE id > 0;
-- new
CREATE TABLE events (id integer, kind text, at timestamp);
CREATE VIEW per_kind AS SELECT kind AS k, count(*), max(at) FROM events WHERE id > 0 GROUP BY k ORDER BY 2 DESC;
CREATE VIEW everything AS SELECT * FROM events WHERE id > 1;
