-- an attribute added between two others of a composite no column uses: made again in the new order
-- old
CREATE TYPE address AS (street text, city text);
-- new
CREATE TYPE address AS (street text, zip varchar(10), city text);
