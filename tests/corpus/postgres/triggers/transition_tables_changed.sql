-- a statement-level trigger's transition tables change
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, m integer);
CREATE FUNCTION note_all() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER t_audit AFTER INSERT ON t REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION note_all();
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, m integer);
CREATE FUNCTION note_all() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER t_audit AFTER INSERT ON t REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION note_all();
