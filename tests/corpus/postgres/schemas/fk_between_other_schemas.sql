-- a FOREIGN KEY from one non-public schema into another, ON DELETE CASCADE
-- old
CREATE SCHEMA auth;
CREATE SCHEMA billing;
CREATE TABLE auth.accounts (id bigint PRIMARY KEY);
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, account_id bigint NOT NULL);
-- new
CREATE SCHEMA auth;
CREATE SCHEMA billing;
CREATE TABLE auth.accounts (id bigint PRIMARY KEY);
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES auth.accounts (id) ON DELETE CASCADE);
