-- a new event trigger
-- expect: refused-as-designed
-- old
CREATE TABLE t (id integer PRIMARY KEY);
CREATE FUNCTION no_drops() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'drop'; END $$;
-- new
CREATE TABLE t (id integer PRIMARY KEY);
CREATE FUNCTION no_drops() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'drop'; END $$;
CREATE EVENT TRIGGER no_drops ON sql_drop EXECUTE FUNCTION no_drops();
