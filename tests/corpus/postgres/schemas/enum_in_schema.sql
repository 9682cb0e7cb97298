-- an enum type created in another schema and used by a public table
-- old
CREATE SCHEMA types;
CREATE TABLE tickets (id integer PRIMARY KEY);
-- new
CREATE SCHEMA types;
CREATE TYPE types.priority AS ENUM ('low', 'high');
CREATE TABLE tickets (id integer PRIMARY KEY, priority types.priority NOT NULL DEFAULT 'low');
