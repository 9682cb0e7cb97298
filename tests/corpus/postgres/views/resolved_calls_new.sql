-- a view whose calls PostgreSQL stores as it resolved them (a date given to date_trunc, an integer to to_timestamp)
-- old
CREATE TABLE events (id integer PRIMARY KEY, happened date, epoch bigint);
-- new
CREATE TABLE events (id integer PRIMARY KEY, happened date, epoch bigint);
CREATE VIEW monthly AS
    SELECT date_trunc('month', happened) AS month, to_timestamp(epoch) AS at FROM events;
