-- an expression index on (x IS NFKC NORMALIZED), and a partial index whose predicate is
-- IS NOT NORMALIZED
-- old
CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL);
-- new
CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL);
CREATE INDEX t_name_nfkc_idx ON t ((name IS NFKC NORMALIZED));
CREATE INDEX t_unnormalized_idx ON t (id) WHERE name IS NOT NORMALIZED;
