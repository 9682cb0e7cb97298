-- a view with an INSTEAD OF trigger whose column changes type by its expression (the trigger comes back with it)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE FUNCTION v_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO t VALUES (NEW.id, NEW.n); RETURN NEW; END $$;
CREATE VIEW v AS SELECT id, n FROM t;
CREATE TRIGGER v_insert INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION v_insert();
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE FUNCTION v_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO t VALUES (NEW.id, NEW.n); RETURN NEW; END $$;
CREATE VIEW v AS SELECT id, n::bigint AS n FROM t;
CREATE TRIGGER v_insert INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION v_insert();
