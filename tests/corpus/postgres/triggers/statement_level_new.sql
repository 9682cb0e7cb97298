-- a new statement-level trigger
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, updated_at timestamptz);
CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'changed'; RETURN NULL; END $$;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, updated_at timestamptz);
CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'changed'; RETURN NULL; END $$;
CREATE TRIGGER t_note AFTER INSERT OR DELETE ON t FOR EACH STATEMENT EXECUTE FUNCTION note();
