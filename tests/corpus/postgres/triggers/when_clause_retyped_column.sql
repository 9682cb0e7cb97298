-- a trigger whose WHEN condition reads a column whose type changes
-- old
CREATE TABLE t (id integer PRIMARY KEY, m integer, n integer);
CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_note BEFORE UPDATE ON t FOR EACH ROW WHEN (OLD.n IS DISTINCT FROM NEW.n) EXECUTE FUNCTION note();
-- new
CREATE TABLE t (id integer PRIMARY KEY, m integer, n bigint);
CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_note BEFORE UPDATE ON t FOR EACH ROW WHEN (OLD.n IS DISTINCT FROM NEW.n) EXECUTE FUNCTION note();
