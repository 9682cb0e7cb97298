-- a trigger's column list grows (UPDATE OF n becomes UPDATE OF n, m)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, m integer);
CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_note BEFORE UPDATE OF n ON t FOR EACH ROW EXECUTE FUNCTION note();
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, m integer);
CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_note BEFORE UPDATE OF n, m ON t FOR EACH ROW EXECUTE FUNCTION note();
