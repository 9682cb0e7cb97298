-- a table inheriting from two parents
-- old
CREATE TABLE a (id integer);
CREATE TABLE b (name text);
-- new
CREATE TABLE a (id integer);
CREATE TABLE b (name text);
CREATE TABLE c (extra text) INHERITS (a, b);
