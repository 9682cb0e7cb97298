-- ALTER SEQUENCE OWNED BY a column that is then renamed: the ownership follows the rename (no ALTER SEQUENCE)
-- args: --rename t.n=t.counter
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE SEQUENCE t_n_seq;
ALTER TABLE t ALTER COLUMN n SET DEFAULT nextval('t_n_seq');
ALTER SEQUENCE t_n_seq OWNED BY t.n;
-- new
CREATE TABLE t (id integer PRIMARY KEY, counter integer);
CREATE SEQUENCE t_n_seq;
ALTER TABLE t ALTER COLUMN counter SET DEFAULT nextval('t_n_seq');
ALTER SEQUENCE t_n_seq OWNED BY t.counter;
