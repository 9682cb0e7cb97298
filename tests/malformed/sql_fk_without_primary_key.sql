CREATE TABLE users (
    id integer
);

CREATE TABLE posts (
    author integer REFERENCES users
);
