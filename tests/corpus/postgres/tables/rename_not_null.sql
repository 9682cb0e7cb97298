-- ALTER TABLE RENAME TO of a table with NOT NULL columns: PostgreSQL 18 keeps the names <old table>_<column>_not_null
-- args: --rename customers=clients
-- old
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, email text);
-- new
CREATE TABLE clients (id integer PRIMARY KEY, name text NOT NULL, email text);
