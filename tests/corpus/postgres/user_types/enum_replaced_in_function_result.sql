-- a function's result type changed from one enum to a new one (DROP FUNCTION, CREATE FUNCTION), the old enum dropped
-- old
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE FUNCTION today() RETURNS mood LANGUAGE sql STABLE AS $$ SELECT 'happy'::mood $$;
-- new
CREATE TYPE feeling AS ENUM ('low', 'fine', 'high');
CREATE FUNCTION today() RETURNS feeling LANGUAGE sql STABLE AS $$ SELECT 'fine'::feeling $$;
