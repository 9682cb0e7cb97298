-- a plpgsql function dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY);
CREATE FUNCTION answer() RETURNS integer LANGUAGE plpgsql AS $$ BEGIN RETURN 42; END $$;
-- new
CREATE TABLE t (id integer PRIMARY KEY);
