-- a new statement-level trigger with transition tables (REFERENCING NEW TABLE)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, m integer);
CREATE FUNCTION note_all() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, m integer);
CREATE FUNCTION note_all() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER t_audit AFTER UPDATE ON t REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows FOR EACH STATEMENT EXECUTE FUNCTION note_all();
