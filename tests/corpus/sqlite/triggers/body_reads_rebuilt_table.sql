-- a trigger on one table writing to a table the migration rebuilds
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, label TEXT);
CREATE TABLE log (id INTEGER PRIMARY KEY, msg TEXT);
CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log (msg) VALUES ('insert'); END;
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, label TEXT);
CREATE TABLE log (id INTEGER PRIMARY KEY, msg TEXT NOT NULL DEFAULT '');
CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log (msg) VALUES ('insert'); END;
