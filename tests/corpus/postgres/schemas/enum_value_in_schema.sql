-- ALTER TYPE ... ADD VALUE on an enum outside public
-- old
CREATE SCHEMA app;
CREATE TYPE app.status AS ENUM ('open', 'closed');
CREATE TABLE app.tickets (id integer PRIMARY KEY, status app.status);
-- new
CREATE SCHEMA app;
CREATE TYPE app.status AS ENUM ('open', 'pending', 'closed');
CREATE TABLE app.tickets (id integer PRIMARY KEY, status app.status);
