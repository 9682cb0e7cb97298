-- ALTER TABLE ADD UNIQUE USING INDEX, the constraint unnamed (it takes the index's name)
-- old
CREATE TABLE t (id integer PRIMARY KEY, code text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, code text);
CREATE UNIQUE INDEX t_code_uniq ON t (code) INCLUDE (id);
ALTER TABLE t ADD UNIQUE USING INDEX t_code_uniq;
