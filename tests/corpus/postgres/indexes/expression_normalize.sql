-- an expression index on NORMALIZE(text, form), the SQL-standard Unicode normalization syntax
-- (a grammar form PostgreSQL stores as a call of normalize() and prints back as NORMALIZE)
-- old
CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL);
CREATE INDEX t_name_nfc_idx ON t (NORMALIZE(name));
-- new
CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL);
CREATE INDEX t_name_nfc_idx ON t (NORMALIZE(name));
CREATE INDEX t_name_folded_idx ON t (lower(NORMALIZE(name, NFKC)));
