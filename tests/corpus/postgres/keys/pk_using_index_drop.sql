-- a primary key made with USING INDEX, dropped
-- old
CREATE TABLE t (id integer NOT NULL);
CREATE UNIQUE INDEX t_id_idx ON t (id);
ALTER TABLE t ADD CONSTRAINT t_key PRIMARY KEY USING INDEX t_id_idx DEFERRABLE;
-- new
CREATE TABLE t (id integer NOT NULL);
