-- mixed-case unquoted names kept through a rebuild (a NOT NULL added), references written in other case
-- old
CREATE TABLE Decks (ID integer PRIMARY KEY, Name text);
CREATE TABLE Cards (ID integer PRIMARY KEY, DID integer REFERENCES decks (id), Due integer);
CREATE INDEX ix_Cards_Due ON cards (due);
-- new
CREATE TABLE Decks (ID integer PRIMARY KEY, Name text);
CREATE TABLE Cards (ID integer PRIMARY KEY, DID integer REFERENCES decks (id), Due integer NOT NULL DEFAULT 0);
CREATE INDEX ix_Cards_Due ON cards (due);
