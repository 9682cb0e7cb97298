-- CHECK (char_length(name) <= 40) widened to 80, on a new table and an old one
-- old
CREATE TABLE t (id integer PRIMARY KEY, name text CONSTRAINT t_name_length CHECK (char_length(name) <= 40));
-- new
CREATE TABLE t (id integer PRIMARY KEY, name text CONSTRAINT t_name_length CHECK (char_length(name) <= 80));
CREATE TABLE u (id integer PRIMARY KEY, code text CHECK (code SIMILAR TO '[A-Z]{3}' AND character_length(code) = 3));
