-- public-qualified names are the same as unqualified ones
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE public.t (id integer PRIMARY KEY, name text);
