-- a trigger's arguments change
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, m integer);
CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_note BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION note('a');
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, m integer);
CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_note BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION note('a', 'b');
