-- a CHECK's normalization form changed (NFC to NFKC), then dropped from the other column
-- old
CREATE TABLE t (
    id integer PRIMARY KEY,
    a text CONSTRAINT t_a_check CHECK (a IS NFC NORMALIZED),
    b text CONSTRAINT t_b_check CHECK (b IS NFD NORMALIZED)
);
-- new
CREATE TABLE t (
    id integer PRIMARY KEY,
    a text CONSTRAINT t_a_check CHECK (a IS NFKC NORMALIZED),
    b text
);
