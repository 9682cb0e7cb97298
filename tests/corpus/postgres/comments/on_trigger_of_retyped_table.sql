-- a commented trigger on a table whose column changes type
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_note BEFORE UPDATE OF n ON t FOR EACH ROW EXECUTE FUNCTION note();
COMMENT ON TRIGGER t_note ON t IS 'watches n';
-- new
CREATE TABLE t (id integer PRIMARY KEY, n bigint);
CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_note BEFORE UPDATE OF n ON t FOR EACH ROW EXECUTE FUNCTION note();
COMMENT ON TRIGGER t_note ON t IS 'watches n';
