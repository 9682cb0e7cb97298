-- an event trigger given to another superuser: event triggers are not migrated, so a different owner is
-- refused by name (never "no changes")
-- expect: refused-as-designed
-- old
DO $$ BEGIN CREATE ROLE corpus_superuser SUPERUSER; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION no_drops() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'drop'; END $$;
CREATE EVENT TRIGGER no_drops ON sql_drop EXECUTE FUNCTION no_drops();
-- new
DO $$ BEGIN CREATE ROLE corpus_superuser SUPERUSER; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION no_drops() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'drop'; END $$;
CREATE EVENT TRIGGER no_drops ON sql_drop EXECUTE FUNCTION no_drops();
ALTER EVENT TRIGGER no_drops OWNER TO corpus_superuser;
