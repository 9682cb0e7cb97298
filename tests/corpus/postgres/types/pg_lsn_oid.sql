-- system-ish scalar types: pg_lsn, oid
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, lsn pg_lsn, o oid);
