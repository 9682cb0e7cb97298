CREATE TABLE users (
    id integer PRIMARY KEY,
    legacy text
);

ALTER TABLE users DROP COLUMN legacy;
