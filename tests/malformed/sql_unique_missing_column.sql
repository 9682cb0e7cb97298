CREATE TABLE users (
    id integer PRIMARY KEY,
    email text,
    UNIQUE (emial)
);
