-- a disabled trigger dropped with its function
-- old
CREATE TABLE t (id integer PRIMARY KEY, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE t DISABLE TRIGGER t_touch;
-- new
CREATE TABLE t (id integer PRIMARY KEY, updated_at timestamptz);
