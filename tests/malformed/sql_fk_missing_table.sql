CREATE TABLE posts (
    id integer PRIMARY KEY,
    author integer,
    CONSTRAINT posts_author FOREIGN KEY (author) REFERENCES authors (id)
);
