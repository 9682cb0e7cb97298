CREATE TABLE users (
    id integer NOT NULL,
    email text
);

ALTER TABLE ONLY users
    ADD CONSTRAINT users_pkey PRIMARY KEY (user_id);
