-- CHECK (x IS NOT NFKD NORMALIZED) and IS NORMALIZED without a form (NFC, the default) on an
-- operand that is an expression, in a table constraint
-- old
CREATE TABLE t (id integer PRIMARY KEY, a text, b text);
-- new
CREATE TABLE t (
    id integer PRIMARY KEY, a text, b text,
    CONSTRAINT t_ab_check CHECK (a || b IS NOT NFKD NORMALIZED AND lower(a) IS NORMALIZED)
);
