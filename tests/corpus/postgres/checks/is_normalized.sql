-- CHECK (x IS NFC NORMALIZED): the SQL-standard Unicode normalization predicate (a grammar
-- form PostgreSQL stores as a call of is_normalized() and prints back as IS … NORMALIZED)
-- old
CREATE TABLE t (id integer PRIMARY KEY, name text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, name text CHECK (name IS NFC NORMALIZED));
