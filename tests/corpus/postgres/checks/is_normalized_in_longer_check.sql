-- IS NOT NFC NORMALIZED and NORMALIZE beside a cast with a type modifier (x::varchar(20)),
-- which the SQL loader prints with pglast's own deparser
-- old
CREATE TABLE t (id integer PRIMARY KEY, name text);
-- new
CREATE TABLE t (
    id integer PRIMARY KEY,
    name text CHECK (name IS NOT NFC NORMALIZED OR NORMALIZE(name, NFKC) = name::varchar(20))
);
