CREATE TABLE users (
    id integer PRIMARY KEY,
    name text DEFAULT 'anon',
    age integer DEFAULT 'unknown'
);
