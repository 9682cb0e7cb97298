CREATE TABLE users (
    id integer PRIMARY KEY,
    email text
);

CREATE INDEX ON users (email);
CREATE INDEX ON users (lower(email), name);
