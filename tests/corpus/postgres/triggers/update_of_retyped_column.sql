-- a trigger on UPDATE OF a column whose type changes
-- old
CREATE TABLE t (id integer PRIMARY KEY, m integer, n integer);
CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_note BEFORE UPDATE OF n ON t FOR EACH ROW EXECUTE FUNCTION note();
-- new
CREATE TABLE t (id integer PRIMARY KEY, m integer, n bigint);
CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_note BEFORE UPDATE OF n ON t FOR EACH ROW EXECUTE FUNCTION note();
