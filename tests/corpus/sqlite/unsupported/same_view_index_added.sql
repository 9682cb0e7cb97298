-- a view the same in both versions (spelled differently); an index is added
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);
CREATE VIEW IF NOT EXISTS big AS SELECT id FROM t WHERE n > 100;
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);
create view big as
  select id from t where n > 100;
CREATE INDEX t_n ON t (n);
