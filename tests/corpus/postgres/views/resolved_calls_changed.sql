-- a view whose calls PostgreSQL stores as it resolved them changes its query
-- old
CREATE TABLE events (id integer PRIMARY KEY, happened date, epoch bigint);
CREATE VIEW monthly AS SELECT id, to_timestamp(epoch) AS at FROM events;
-- new
CREATE TABLE events (id integer PRIMARY KEY, happened date, epoch bigint);
CREATE VIEW monthly AS SELECT id, to_timestamp(epoch) AS at FROM events WHERE date_trunc('year', happened) > '2020-01-01';
