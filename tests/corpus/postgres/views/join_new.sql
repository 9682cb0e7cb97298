-- a new view joining two tables
-- old
CREATE TABLE a (id integer PRIMARY KEY, name text);
CREATE TABLE b (id integer PRIMARY KEY, a_id integer REFERENCES a, qty integer);
-- new
CREATE TABLE a (id integer PRIMARY KEY, name text);
CREATE TABLE b (id integer PRIMARY KEY, a_id integer REFERENCES a, qty integer);
CREATE VIEW totals AS SELECT a.name, sum(b.qty) AS qty FROM a JOIN b ON b.a_id = a.id GROUP BY a.name;
