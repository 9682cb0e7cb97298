-- CHECK (email ~* '^[^@]+@[^@]+$')
-- old
CREATE TABLE t (id integer PRIMARY KEY, email text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, email text CHECK (email ~* '^[^@]+@[^@]+$'));
