-- ALTER TABLE … ENABLE ALWAYS TRIGGER: the trigger fires whatever session_replication_role is
-- (tgenabled 'A')
-- old
CREATE TABLE t (id integer PRIMARY KEY, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
-- new
CREATE TABLE t (id integer PRIMARY KEY, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE t ENABLE ALWAYS TRIGGER t_touch;
