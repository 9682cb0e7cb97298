-- ALTER SEQUENCE ... OWNED BY a column
-- old
CREATE TABLE t (id integer PRIMARY KEY, n bigint);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n bigint);
CREATE SEQUENCE t_n_seq OWNED BY t.n;
ALTER TABLE t ALTER COLUMN n SET DEFAULT nextval('t_n_seq');
