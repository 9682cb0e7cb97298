-- names that differ only in the case of non-ASCII letters are two tables to SQLite
-- old
CREATE TABLE Ärzte (id integer PRIMARY KEY);
-- new
CREATE TABLE Ärzte (id integer PRIMARY KEY);
CREATE TABLE ärzte (id integer PRIMARY KEY);
