-- DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'utc') changed to another zone, and one dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, a timestamp DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'utc'), b timestamp DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'utc'));
-- new
CREATE TABLE t (id integer PRIMARY KEY, a timestamp DEFAULT (CURRENT_TIMESTAMP AT TIME ZONE 'Europe/Paris'), b timestamp);
