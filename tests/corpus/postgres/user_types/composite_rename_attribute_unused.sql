-- a composite attribute renamed (marker) and another added on a composite no column uses: renamed in place, the new one last
-- old
CREATE TYPE address AS (street text, zip varchar(10));
-- new
CREATE TYPE address AS (
    -- wesley:renamed-from street
    line1 text,
    zip varchar(10),
    country char(2)
);
