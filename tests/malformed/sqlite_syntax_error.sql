CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL
);

/* posts
   by users */
CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    title TEXT
    body TEXT
);
