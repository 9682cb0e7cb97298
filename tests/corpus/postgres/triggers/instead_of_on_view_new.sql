-- a new INSTEAD OF trigger on a view
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, updated_at timestamptz);
CREATE VIEW v AS SELECT id, n FROM t;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, updated_at timestamptz);
CREATE VIEW v AS SELECT id, n FROM t;
CREATE FUNCTION v_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO t (id, n) VALUES (NEW.id, NEW.n); RETURN NEW; END $$;
CREATE TRIGGER v_insert INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION v_insert();
