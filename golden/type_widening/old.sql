CREATE TABLE accounts (
    id integer PRIMARY KEY,
    balance integer NOT NULL,
    handle varchar(20) NOT NULL,
    bio varchar(200),
    rate numeric(8, 2),
    ratio real,
    seen_at timestamp(3)
);
