-- Example app "Pressroom", version 1, as SQLite DDL (the same schema as v1.graphql).
-- SQLite keeps declared type names as written, so the PostgreSQL names are used.

CREATE TABLE organizations (
    id UUID NOT NULL DEFAULT (gen_random_uuid()),
    name TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    UNIQUE (name)
);

CREATE TABLE users (
    id UUID NOT NULL PRIMARY KEY DEFAULT (gen_random_uuid()),
    org_id UUID NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    age INTEGER,
    karma INTEGER NOT NULL DEFAULT 0,
    bio TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX users_org_id_idx ON users (org_id);

CREATE TABLE posts (
    id UUID NOT NULL DEFAULT (gen_random_uuid()),
    author_id UUID NOT NULL,
    title TEXT NOT NULL,
    body TEXT,
    views INTEGER NOT NULL DEFAULT 0,
    published BOOLEAN NOT NULL DEFAULT FALSE,
    score DOUBLE PRECISION,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT posts_pkey PRIMARY KEY (id),
    FOREIGN KEY (author_id) REFERENCES users (id)
);
