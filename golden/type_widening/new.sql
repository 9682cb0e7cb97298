CREATE TABLE accounts (
    id integer PRIMARY KEY,
    balance bigint NOT NULL,
    handle varchar(64) NOT NULL,
    bio text,
    rate numeric(12, 2),
    ratio double precision,
    seen_at timestamp(6)
);
