CREATE TABLE users (
    id integer PRIMARY KEY
);

CREATE TABLE posts (id integer PRIMARY KEY);

CREATE TABLE public.users (
    id bigint PRIMARY KEY
);
