-- a statement-level trigger dropped, its function kept
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, m integer);
CREATE FUNCTION note_all() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER t_audit AFTER DELETE ON t FOR EACH STATEMENT EXECUTE FUNCTION note_all();
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, m integer);
CREATE FUNCTION note_all() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
