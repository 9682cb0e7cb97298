CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    counter BIGINT NOT NULL,
    label VARCHAR(40),
    note TEXT
);
