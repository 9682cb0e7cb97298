-- a boolean DEFAULT computed by IS NFD NORMALIZED, and a generated column using it
-- old
CREATE TABLE t (id integer PRIMARY KEY, name text);
-- new
CREATE TABLE t (
    id integer PRIMARY KEY, name text,
    flag boolean DEFAULT ('abc' IS NFD NORMALIZED),
    nfc boolean GENERATED ALWAYS AS (name IS NFC NORMALIZED) STORED
);
