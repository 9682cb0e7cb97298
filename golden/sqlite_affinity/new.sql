-- In SQLite these narrowings cannot lose data: same storage class, lengths not enforced.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    counter INTEGER NOT NULL,
    label VARCHAR(10),
    note VARCHAR(255)
);
