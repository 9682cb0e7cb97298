-- CHECK (cents * 1.5 > 0.5) on an integer column: stored with the column cast, ((cents)::numeric * 1.5) > 0.5
-- old
CREATE TABLE prices (id integer PRIMARY KEY, cents integer NOT NULL);
-- new
CREATE TABLE prices (id integer PRIMARY KEY, cents integer NOT NULL, CHECK (cents * 1.5 > 0.5 AND cents < 100000));
