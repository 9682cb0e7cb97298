-- a view the same in both versions while its table gains a column: migrated, with a warning
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, name varchar(20));
CREATE VIEW big AS SELECT t.id, name FROM t WHERE n > 100 AND name LIKE 'a%';
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, name varchar(20), note text);
CREATE VIEW big AS SELECT t.id, name FROM t WHERE n > 100 AND name LIKE 'a%';
