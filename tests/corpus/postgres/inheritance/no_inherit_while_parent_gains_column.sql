-- an inheriting table let go (NO INHERIT) while its parent gains a column: it keeps only its own columns
-- old
CREATE TABLE events (id integer, at timestamp);
CREATE TABLE clicks (target text) INHERITS (events);
-- new
CREATE TABLE events (id integer, at timestamp, source text);
CREATE TABLE clicks (id integer, at timestamp, target text);
