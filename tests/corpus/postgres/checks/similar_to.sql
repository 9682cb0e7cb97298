-- CHECK (code SIMILAR TO '[0-9]{3}')
-- old
CREATE TABLE t (id integer PRIMARY KEY, code text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, code text CHECK (code SIMILAR TO '[0-9]{3}'));
