-- a new function with a default argument
-- old
-- new
CREATE FUNCTION greet(name text DEFAULT 'world') RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'hello ' || name $$;
