-- a primary key column dropped with its key (the rollback cannot make the key on a column that does not come back)
-- old
CREATE TABLE t (id bigint NOT NULL PRIMARY KEY, name text);
-- new
CREATE TABLE t (name text);
