-- a view column whose expression changes from text to varchar(20), with a third column appended
-- old
CREATE TABLE t (id integer PRIMARY KEY, label text);
CREATE VIEW v AS SELECT id, label FROM t;
-- new
CREATE TABLE t (id integer PRIMARY KEY, label text);
CREATE VIEW v AS SELECT id, label::varchar(20) AS label, upper(label) AS shout FROM t;
