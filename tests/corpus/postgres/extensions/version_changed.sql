-- an extension created at an older version, then at the default one (pg_dump prints no version)
-- old
CREATE EXTENSION hstore VERSION '1.7';
-- new
CREATE EXTENSION hstore;
