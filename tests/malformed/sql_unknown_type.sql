CREATE TABLE users (
    id integer PRIMARY KEY,
    name strng NOT NULL
);
