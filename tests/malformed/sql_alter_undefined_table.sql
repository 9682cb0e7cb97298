CREATE TABLE users (
    id integer PRIMARY KEY
);

ALTER TABLE ONLY accounts
    ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);
