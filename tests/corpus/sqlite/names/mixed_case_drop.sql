-- a mixed-case table, column and index dropped
-- old
CREATE TABLE Graves (ID integer PRIMARY KEY, Usn integer, OID integer);
CREATE INDEX ix_Graves_Usn ON Graves (Usn);
CREATE TABLE Keep (ID integer PRIMARY KEY, Old text);
-- new
CREATE TABLE Keep (ID integer PRIMARY KEY);
