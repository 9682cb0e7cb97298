-- a disabled trigger whose events change stays disabled (dropped and created again, then
-- disabled again); a table in another schema
-- old
CREATE SCHEMA app;
CREATE TABLE app.t (id integer PRIMARY KEY, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE UPDATE ON app.t FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE app.t DISABLE TRIGGER t_touch;
-- new
CREATE SCHEMA app;
CREATE TABLE app.t (id integer PRIMARY KEY, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE INSERT OR UPDATE ON app.t FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE app.t DISABLE TRIGGER t_touch;
