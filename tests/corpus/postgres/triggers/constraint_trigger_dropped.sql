-- a constraint trigger dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, m integer);
CREATE FUNCTION note_all() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE CONSTRAINT TRIGGER t_check AFTER INSERT ON t DEFERRABLE FOR EACH ROW EXECUTE FUNCTION note_all();
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, m integer);
CREATE FUNCTION note_all() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
