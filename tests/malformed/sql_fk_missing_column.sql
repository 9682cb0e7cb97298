CREATE TABLE users (
    id integer PRIMARY KEY
);

CREATE TABLE posts (
    id integer PRIMARY KEY,
    author integer REFERENCES users (user_id)
);
