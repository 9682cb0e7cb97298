-- a view over a join, unqualified columns, the same in both versions; a table is added
-- old
CREATE TABLE a (id integer PRIMARY KEY, label text);
CREATE TABLE b (id integer PRIMARY KEY, a_id integer, amount numeric);
CREATE VIEW totals AS SELECT label, sum(amount) AS total FROM a JOIN b ON b.a_id = a.id GROUP BY label;
-- new
CREATE TABLE a (id integer PRIMARY KEY, label text);
CREATE TABLE b (id integer PRIMARY KEY, a_id integer, amount numeric);
CREATE VIEW totals AS SELECT label, sum(amount) AS total FROM a JOIN b ON b.a_id = a.id GROUP BY label;
CREATE TABLE c (id integer PRIMARY KEY);
